// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixchannel.h"
#include "phoenixguard_p.h"
#include "phoenixintrusivelist_p.h"
#include "phoenixpush_p.h"

#include <QtCore/QBasicTimer>
#include <QtCore/QPointer>

#include <memory>
#include <vector>

class PhoenixChannelHost;
class PhoenixMessageObserver;
struct PhoenixMessage;

/*!
 * \internal
 * The channel's state machine (phoenix.js channel.js): join, rejoin, leave, the push buffer, the
 * pushes it owns, on() bindings. It reaches its socket only through PhoenixChannelHost; the socket
 * engine calls the "from the engine" functions below.
 */
class PhoenixChannelPrivate final : public PhoenixPushOwner
{
public:
    PhoenixChannelPrivate(PhoenixChannel *q, PhoenixChannelHost *host, const QString &topic,
                          const QJsonObject &params, int timeout);
    ~PhoenixChannelPrivate();

    // ---- from the engine ----
    //! The socket opened a connection (after flushing its buffer): errored channels rejoin now.
    void onSocketOpen();
    //! The socket lost its connection (it already reads as not connected).
    void onConnectionLost(const QString &reason);
    /*!
     * A message of this channel's topic and join that is not a reply. \a payloadJson: the payload's
     * JSON text when it came the fast way (then message.payload is parsed only if something reads
     * it as a QJsonObject; a message observer reads the text).
     */
    void dispatch(const PhoenixMessage &message, QByteArrayView payloadJson = {});
    //! Whether an on() handler of \a event exists (it reads the payload as a QJsonObject).
    bool hasBindingFor(const QString &event) const;
    //! Hands a text message to the observer; false when its payload turned out malformed (dropped
    //! and reported to the socket).
    bool observe(const QString &event, const QJsonObject &payload, QByteArrayView payloadJson);
    //! Emits replyReceived() for a reply routed to this channel.
    void announceReply(const PhoenixMessage &message);
    //! The engine took \a push out of its reply table for this reply (\a durationMs after it was sent).
    void resolvePush(PhoenixPushPrivate *push, const PhoenixMessage &message, qint64 durationMs = -1);
    //! The engine found \a push past its deadline (already out of the reply table).
    void expirePush(PhoenixPushPrivate *push, qint64 durationMs = -1);
    //! Whether a frame made for this channel and kept in the send buffer must be dropped.
    bool isOutdated(const PhoenixMessage &frame) const;
    //! The socket is being deleted: the channel outlives nothing of it.
    void detachFromHost();

    // ---- PhoenixPushOwner ----
    void pushSettled(PhoenixPushPrivate *push, qint64 durationMs) override;
    void pushDestroyed(PhoenixPushPrivate *push) override;
    PhoenixChannel *pushChannel() const override { return q; }

    // ---- for PhoenixChannel ----
    PhoenixPush *push(const QString &event, const QJsonObject &payload, const QByteArray &binaryPayload,
                      bool isBinary, int timeoutMs, bool noReply = false);
    //! The parameters of the next join: the provider's, else params.
    QJsonObject joinParams();
    PhoenixPush *leave(int timeoutMs);
    //! The channel is being deleted: its pushes go with it, the socket forgets it.
    void release();
    /*!
     * Tells \a push its \a outcome from the event loop, so that the code that made the push can
     * connect to it first and no slot runs in the middle of the channel's work. All outcomes deferred
     * before the event loop runs are told by one queued call, and the pushes they finish are deleted
     * together (PhoenixReleaseBatch): a million refused pushes post two events, not two million
     * (Qt's posted-event queue keeps the capacity it once needed).
     */
    void deferOutcome(PhoenixPushPrivate *push, PhoenixPushPrivate::Pending outcome,
                      PhoenixPush::Error error = PhoenixPush::Error::NoError,
                      const QString &message = QString());
    void tellOutcomes();
    void createJoinPush();

    // ---- the state machine ----
    bool canPush() const;
    void setState(PhoenixChannel::State newState);
    void setError(PhoenixChannel::Error error, const QString &message);
    void setJoinRef(quint64 ref);
    PhoenixPush *newPush(const QString &event, int timeoutMs, PhoenixPushPrivate::Role role);
    //! Sends \a push now, buffers it until the join, or fails it (closed channel, full buffer).
    void submit(PhoenixPushPrivate *push);
    //! Arms the push's timeout under a fresh ref and hands its frame to the socket.
    void sendPush(PhoenixPushPrivate *push);
    void rejoin();
    void scheduleRejoin();
    void resetRejoin();
    void onRejoinTimer();
    void onJoinReply(PhoenixPushPrivate *push);
    void onJoinTimeout();
    void onLeaveFinished();
    //! The channel errored: server crash (phx_error) or transport loss.
    void triggerError(PhoenixChannel::Error error, const QString &reason);
    //! The channel closed for good (leave finished or server phx_close).
    void triggerClose();
    //! Sends the buffered pushes after a successful join.
    void flushPushBuffer();
    //! Takes \a push out of the push buffer (if it is there).
    void unbuffer(PhoenixPushPrivate *push);

    struct Binding
    {
        int id;
        QString event;
        QPointer<const QObject> context;
        PhoenixChannel::EventHandler handler;
        PhoenixChannel::BinaryEventHandler binaryHandler;
    };

    //! What most channels never use (on() handlers, an error text), allocated on first use: a joined
    //! channel's memory is part of the benchmarks.
    struct Extra
    {
        std::vector<Binding> bindings;
        QString errorString;
        PhoenixChannel::ParamsProvider paramsProvider;
        PhoenixMessageObserver *observer = nullptr; // the QML module's item (PhoenixMessageObserver)
        int nextBindingId = 1;
    };
    Extra &ext()
    {
        if (!extra)
            extra = std::make_unique<Extra>();
        return *extra;
    }
    bool hasBindings() const { return extra && !extra->bindings.empty(); }

    using OwnedPushes = PhoenixIntrusiveList<PhoenixPushPrivate, &PhoenixPushPrivate::ownedLink>;
    using PushBuffer = PhoenixIntrusiveList<PhoenixPushPrivate, &PhoenixPushPrivate::bufferLink>;
    using PendingOutcomes = PhoenixIntrusiveList<PhoenixPushPrivate, &PhoenixPushPrivate::outcomeLink>;

    PhoenixChannel *const q;
    PhoenixChannelHost *host; // nulled when the socket is being destroyed
    const QString topic;
    QJsonObject params;
    PhoenixPush *joinPush = nullptr; // a QObject child of q
    QString joinRefText;             // the current join_ref as sent, empty when none
    quint64 joinRef = 0;             // 0: no current join
    PhoenixDeletionGuard *guards = nullptr;
    std::unique_ptr<Extra> extra;
    OwnedPushes owned;               // every push of this channel but the join push
    PushBuffer pushBuffer;           // pushes waiting for the join, oldest first
    PendingOutcomes pendingOutcomes; // outcomes to tell from the event loop, in the order they arose
    bool outcomesPosted = false;     // one queued tellOutcomes() is on its way
    // Bookkeeping of the socket engine (PhoenixChannelRegistry, PhoenixSendBuffer):
    PhoenixListLink<PhoenixChannelPrivate> registryLink;
    PhoenixChannelPrivate *nextSameTopic = nullptr;
    int framesInSendBuffer = 0;
    bool routed = false;
    // The state machine:
    QBasicTimer rejoinTimer;
    int rejoinTries = 0;
    int timeout = 10000;
    PhoenixChannel::State state = PhoenixChannel::State::Closed;
    PhoenixChannel::Error error = PhoenixChannel::Error::NoError;
    bool joinedOnce = false;
};
