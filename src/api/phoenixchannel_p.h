// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
// Only phoenixchannel.cpp includes it.
//

#include "phoenixbyteenum_p.h"
#include "phoenixchannel.h"
#include "phoenixengineclients_p.h"
#include "phoenixintrusivelist_p.h"
#include "phoenixpush_p.h"

#include <QtCore/QPointer>

#include <memory>
#include <vector>

class PhoenixEngine;
class PhoenixMessageObserver;

/*!
 * \internal
 * The channel's state machine (phoenix.js channel.js): join, rejoin, leave, the pushes it owns,
 * on() bindings, the error model. It asks the engine in a handful of calls (send, hold, cancel or
 * defer a push, route or unroute itself, schedule a rejoin); the engine talks back through
 * PhoenixEngineChannel, its pushes through PhoenixPushOwner. Application code runs only through
 * PhoenixCallout, after the state changed (see docs/ARCHITECTURE.md).
 */
class PhoenixChannelPrivate final : public PhoenixEngineChannel, public PhoenixPushOwner
{
public:
    PhoenixChannelPrivate(PhoenixChannel *q, PhoenixEngine *engine, const QString &topic,
                          const QJsonObject &params, int timeout);
    ~PhoenixChannelPrivate();

    // ---- PhoenixEngineChannel: what the engine asks ----
    PhoenixChannel *channelObject() const override { return q; }
    void engineConnected() override;
    void engineDisconnected(const QString &reason) override;
    void engineMessage(const PhoenixMessage &message, QByteArrayView payloadJson) override;
    bool readsMessages(const QString &event, bool jsonText) const override;
    bool isActive() const override
    {
        return state == PhoenixChannel::State::Joined || state == PhoenixChannel::State::Joining;
    }
    void engineLeaveForNewInstance() override;
    void engineRejoinDue() override;
    void engineDetached() override;

    // ---- PhoenixPushOwner: what its pushes tell ----
    bool pushSettled(PhoenixPushPrivate *push, qint64 durationMs, const PhoenixMessage *reply) override;
    void pushDestroyed(PhoenixPushPrivate *push) override;
    PhoenixChannel *pushChannel() const override { return q; }
    PhoenixEngineChannel *pushEngineChannel() override { return this; }

    // ---- for PhoenixChannel ----
    //! A push of \a payload, or of \a binaryPayload (\a isBinary), or of \a payloadJson, an object's
    //! JSON text, when that is not empty (the QML module's pushes).
    PhoenixPush *push(const QString &event, const QJsonObject &payload, const QByteArray &binaryPayload,
                      bool isBinary, int timeoutMs, bool noReply = false, const QByteArray &payloadJson = {});
    PhoenixPush *leave(int timeoutMs);
    //! The channel is being deleted: its pushes go with it, the engine forgets it.
    void release();
    void createJoinPush();

    // ---- the state machine ----
    bool canPush() const;
    //! Runs application code (an emission, a provider, a handler): false when this channel is gone.
    template<typename Code>
    [[nodiscard]] bool callOut(Code &&code)
    {
        return PhoenixCallout::run(std::forward<Code>(code), life());
    }
    [[nodiscard]] bool setState(PhoenixChannel::State newState);
    [[nodiscard]] bool setError(PhoenixChannel::Error error, const QString &message);
    [[nodiscard]] bool emitJoinRefChanged();
    PhoenixPush *newPush(const QString &event, int timeoutMs, PhoenixPushPrivate::Role role);
    //! Sends \a push now, holds it until the join, or fails it (closed channel, full buffer).
    void submit(PhoenixPushPrivate *push);
    //! Hands \a push to the engine (a fresh ref, its timeout armed anew). False when a slot of its
    //! refChanged() deleted this channel.
    [[nodiscard]] bool sendPush(PhoenixPushPrivate *push);
    /*!
     * Tells \a push its \a outcome from the event loop (PhoenixEngine::defer()), so that the code that
     * made the push can connect to it first and no slot runs in the middle of the channel's work.
     */
    void deferOutcome(PhoenixPushPrivate *push, PhoenixPushPrivate::Pending outcome,
                      PhoenixPush::Error error = PhoenixPush::Error::NoError,
                      const QString &message = QString());
    //! The parameters of the next join: the provider's (application code), else params.
    [[nodiscard]] bool joinParams(QJsonObject *payload);
    void rejoin();
    [[nodiscard]] bool scheduleRejoin();
    void resetRejoin();
    void onJoinReply(const QString &status, const QJsonValue &response);
    void onJoinTimeout();
    void onLeaveFinished();
    //! The channel errored: server crash (phx_error) or transport loss.
    void triggerError(PhoenixChannel::Error error, const QString &reason);
    //! The channel closed for good (leave finished or server phx_close).
    void triggerClose();
    //! Sends the pushes held for the join, oldest first.
    [[nodiscard]] bool flushHeldPushes();
    //! A message that is not a protocol event: the signals, the message observer (given
    //! \a payloadJson, see engineMessage()) and the on() handlers.
    void deliver(const PhoenixMessage &message, QByteArrayView payloadJson);
    //! Hands a text message to the message observer (application code): false when this channel is
    //! gone, or the payload turned out malformed (dropped and reported by the engine).
    [[nodiscard]] bool observe(const PhoenixMessage &message, QByteArrayView payloadJson);
    //! The message observer (the QML item), or null.
    PhoenixMessageObserver *observer() const;
    //! Whether an on() handler of \a event exists (it reads the payload as a QJsonObject).
    bool hasBindingFor(const QString &event) const;

    struct Binding
    {
        int id;
        QString event;
        QPointer<const QObject> context;
        bool hasContext; // without one (nullptr) the handler lives as long as the channel
        PhoenixChannel::EventHandler handler;
        PhoenixChannel::BinaryEventHandler binaryHandler;
    };

    //! What most channels never use (on() handlers, an error text, a params provider), allocated on
    //! first use: a joined channel's memory is part of the benchmarks.
    struct Extra
    {
        std::vector<Binding> bindings;
        QString errorString;
        PhoenixChannel::ParamsProvider paramsProvider;
        PhoenixMessageObserver *observer = nullptr; // the QML module's item (not owned)
        int nextBindingId = 1;
    };
    Extra &ext()
    {
        if (!extra)
            extra = std::make_unique<Extra>();
        return *extra;
    }
    bool hasBindings() const { return extra && !extra->bindings.empty(); }

    using OwnedPushes = PhoenixIntrusiveList<PhoenixPushPrivate, &PhoenixPushPrivate::ownedLink, false>;

    PhoenixChannel *const q;
    PhoenixEngine *engine; // null once the socket is being deleted
    QJsonObject params;
    PhoenixPush *joinPush = nullptr; // a QObject child of q
    std::unique_ptr<Extra> extra;
    OwnedPushes owned; // every push of this channel but the join push
    int timeout = 10000;
    PhoenixByteEnum<PhoenixChannel::State> state = PhoenixChannel::State::Closed;
    PhoenixByteEnum<PhoenixChannel::Error> error = PhoenixChannel::Error::NoError;
    bool joinedOnce = false;
};
