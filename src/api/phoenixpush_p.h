// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixcallout_p.h"
#include "phoenixintrusivelist_p.h"
#include "phoenixpush.h"

#include <QtCore/QPointer>
#include <QtCore/QPromise>

#include <memory>
#include <optional>
#include <vector>

class PhoenixPushPrivate;

/*!
 * \internal
 * What a push needs of the object that made it (its channel): to be told the outcome first (a
 * join or leave push moves the channel's state before the push emits anything), and when the push
 * is deleted (so nothing keeps a pointer to it).
 */
class PhoenixPushOwner
{
public:
    /*!
     * \a push just got its outcome (reply, timeout or local failure); it has not emitted yet.
     * \a durationMs is the time from its (last) send to the outcome, -1 if it was never sent or
     * expects no reply.
     */
    virtual void pushSettled(PhoenixPushPrivate *push, qint64 durationMs) = 0;
    //! \a push is being deleted.
    virtual void pushDestroyed(PhoenixPushPrivate *push) = 0;
    //! The public channel object, for PhoenixPush::channel().
    virtual PhoenixChannel *pushChannel() const = 0;

protected:
    ~PhoenixPushOwner() = default;
};

class PhoenixPushPrivate
{
public:
    enum class Role : quint8 { Message, Join, Leave };

    PhoenixPushPrivate(PhoenixPush *q, PhoenixPushOwner *owner, const QString &event, Role role)
        : q(q)
        , owner(owner)
        , event(event)
        , role(role)
    {
    }

    //! The ref as it travels on the wire, empty before one was assigned.
    QString refString() const { return ref ? QString::number(ref) : QString(); }
    //! Ends the push with a reply from the server, \a durationMs after it was sent.
    void resolve(const QString &status, const QJsonValue &response, const QByteArray &binaryResponse,
                 bool binary, qint64 durationMs = -1);
    //! Ends the push with a timeout; \a topic names the channel in the message.
    void expire(const QString &topic, qint64 durationMs = -1);
    //! Ends a push that expects no reply: its frame is on its way (status "sent").
    void complete();
    /*!
     * Finishes a pending future() with \a error without ending the push (a join attempt that can no
     * longer be answered: the join push goes on to the next attempt). No signal is emitted.
     */
    void abandon(PhoenixPush::Error error, const QString &message);
    //! The outcome as a value (what future() delivers).
    PhoenixReply reply() const;
    //! Hands the outcome to a pending future(), if any (the last thing finish() does).
    void settleFuture();
    //! Ends the push with a local failure now (its channel defers it to the event loop: deferOutcome()).
    void fail(PhoenixPush::Error error, const QString &message);
    //! Forgets the outcome (a join push, before a rejoin). receive() hooks stay.
    void reset();
    //! Runs the receive() hooks for \a status.
    void runHooks(const QString &status, const QJsonValue &response);
    void finish();
    void setRef(quint64 newRef);

    struct Hook
    {
        QString status;
        QPointer<const QObject> context;
        bool hasContext = false;
        PhoenixPush::ResponseHandler handler;
    };

    //! Fields most pushes never use, allocated on first use.
    struct Extra
    {
        QByteArray binaryPayload;
        QByteArray binaryResponse;
        QString errorString;
        std::vector<Hook> hooks;
        std::unique_ptr<QPromise<PhoenixReply>> promise; // made by future(), pending until the outcome
        // The finished future, once there is one. Optional: a default QFuture allocates Qt's whole
        // future state (mutex, wait conditions: about 400 bytes), which every push with a receive()
        // hook would pay for nothing.
        std::optional<QFuture<PhoenixReply>> future;
    };
    Extra &ext()
    {
        if (!extra)
            extra = std::make_unique<Extra>();
        return *extra;
    }

    PhoenixPush *const q;
    PhoenixPushOwner *owner; // nulled when the channel is being destroyed
    PhoenixLife life; // ended when the object goes: watches on the stack see it
    const QString event;
    QJsonObject payload;
    QString status;
    QJsonValue response;
    std::unique_ptr<Extra> extra;
    quint64 ref = 0; // 0: none (refs start at 1)
    int timeoutMs = 10000;
    PhoenixPush::Error error = PhoenixPush::Error::NoError;
    const Role role;
    bool binary = false;
    bool finished = false;
    bool autoDelete = true;
    bool failurePending = false; // an outcome is on its way from the event loop
    //! The outcome its channel tells from the event loop (PhoenixChannelPrivate::deferOutcome()).
    enum class Pending : quint8 { None, Fail, Complete, LeftOk };
    Pending pendingOutcome = Pending::None;
    PhoenixPush::Error pendingError = PhoenixPush::Error::NoError; // with Pending::Fail (text: errorString)
    bool noReply = false;                            // pushNoReply(): finishes "sent", no reply table entry
    PhoenixListLink<PhoenixPushPrivate> ownedLink;   // in its channel's list of pushes it owns
    PhoenixListLink<PhoenixPushPrivate> bufferLink;  // in its channel's buffer, waiting for the join
    PhoenixListLink<PhoenixPushPrivate> outcomeLink; // in its channel's list of outcomes to tell
};
