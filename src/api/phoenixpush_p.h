// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixbyteenum_p.h"
#include "phoenixengineclients_p.h"
#include "phoenixintrusivelist_p.h"
#include "phoenixpush.h"

#include <QtCore/QPointer>
#include <QtCore/QPromise>

#include <memory>
#include <optional>
#include <vector>

class PhoenixPushObserver;
class PhoenixPushPrivate;

/*!
 * \internal
 * What a push needs of the channel that made it: to be told the outcome first (a join or leave push
 * moves the channel's state before the push emits anything), and when the push is deleted (so nothing
 * keeps a pointer to it).
 */
class PhoenixPushOwner
{
public:
    /*!
     * \a push just got its outcome (reply, timeout or local failure) and has not emitted yet: the
     * channel reacts first - replyReceived() for a \a reply, the socket's pushFinished(), a join or
     * leave moves its state - as phoenix.js registers its own hooks first. \a durationMs is the time
     * from its (last) send to the outcome, -1 if it was never sent or expects no reply. Runs
     * application code: returns whether \a push survived it.
     */
    [[nodiscard]] virtual bool pushSettled(PhoenixPushPrivate *push, qint64 durationMs,
                                           const PhoenixMessage *reply) = 0;
    //! \a push is being deleted.
    virtual void pushDestroyed(PhoenixPushPrivate *push) = 0;
    //! The public channel object, for PhoenixPush::channel().
    virtual PhoenixChannel *pushChannel() const = 0;
    //! The channel as the engine knows it.
    virtual PhoenixEngineChannel *pushEngineChannel() = 0;

protected:
    ~PhoenixPushOwner() = default;
};

class PhoenixPushPrivate final : public PhoenixEnginePush
{
public:
    enum class Role : quint8 { Message, Join, Leave };

    PhoenixPushPrivate(PhoenixPush *q, PhoenixPushOwner *owner, const QString &event, Role role)
        : role(role)
        , q(q)
        , owner(owner)
        , event(event)
    {
    }

    // ---- PhoenixEnginePush: what the engine asks ----
    PhoenixEngineChannel *engineChannel() const override
    {
        return owner ? owner->pushEngineChannel() : nullptr;
    }
    void engineFrame(PhoenixMessage *message) const override;
    void engineReplied(const PhoenixMessage &reply, qint64 roundTripMs) override;
    void engineTimedOut(qint64 durationMs) override;
    void engineOutcomeDue() override;

    //! The ref as it travels on the wire, empty before one was assigned.
    QString refString() const { return ref() ? QString::number(ref()) : QString(); }
    /*!
     * Ends the push with a reply from the server, \a durationMs after it was sent (\a reply: the
     * message, when it came from the server; a leave answered locally has none).
     */
    void resolve(const QString &status, const QJsonValue &response, const QByteArray &binaryResponse,
                 bool binary, qint64 durationMs = -1, const PhoenixMessage *reply = nullptr);
    //! Ends the push with a timeout.
    void expire(qint64 durationMs = -1);
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
    //! Runs the receive() hooks for \a status; false when one deleted the push.
    [[nodiscard]] bool runHooks(const QString &status, const QJsonValue &response);
    void finish();

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
        QString otherStatus; // a status the server made up (Status::Other)
        QByteArray binaryPayload;
        QByteArray payloadJson; // a text push's payload as JSON text, instead of payload (the QML module's)
        QByteArray binaryResponse;
        QString errorString;
        std::vector<Hook> hooks;
        std::unique_ptr<QPromise<PhoenixReply>> promise; // made by future(), pending until the outcome
        // The finished future, once there is one. Optional: a default QFuture allocates Qt's whole
        // future state (mutex, wait conditions: about 400 bytes), which every push with a receive()
        // hook would pay for nothing.
        std::optional<QFuture<PhoenixReply>> future;
        PhoenixPushObserver *observer = nullptr; // the QML module's push item (phoenixmessageobserver_p.h)
    };
    //! The observer of this push, if any.
    PhoenixPushObserver *observer() const { return extra ? extra->observer : nullptr; }
    Extra &ext()
    {
        if (!extra)
            extra = std::make_unique<Extra>();
        return *extra;
    }

    //! The outcome's status; the usual ones need no string of their own (a joined channel's join
    //! push is part of the memory benchmarks).
    enum class Status : quint8 { None, Ok, Error, Timeout, Sent, Other };
    //! "ok", "error", "timeout", "sent", whatever the server said, or empty while pending.
    QString status() const;
    void setStatus(Status kind) { statusKind = kind; }
    void setStatus(const QString &text);

    //! The outcome its channel deferred to the event loop (PhoenixChannelPrivate::deferOutcome()).
    enum class Pending : quint8 { None, Fail, Complete, LeftOk };

    // (Ordered for size: the one-byte fields fill the tail of the base class.)
    const Role role;
    Status statusKind = Status::None;
    Pending pendingOutcome = Pending::None;
    bool binary = false;
    bool finished = false;
    bool autoDelete = true;
    bool failurePending = false; // an outcome is on its way from the event loop
    PhoenixPush *const q;
    PhoenixPushOwner *owner; // nulled when the channel is being destroyed
    const QString event;
    QJsonObject payload;
    QJsonValue response;
    std::unique_ptr<Extra> extra;
    int timeoutMs = 10000;
    PhoenixByteEnum<PhoenixPush::Error> error = PhoenixPush::Error::NoError;
    PhoenixByteEnum<PhoenixPush::Error> pendingError = PhoenixPush::Error::NoError; // with Pending::Fail
    bool noReply = false;                          // pushNoReply(): finishes "sent", no reply table entry
    PhoenixListLink<PhoenixPushPrivate> ownedLink; // in its channel's list of pushes it owns
};
