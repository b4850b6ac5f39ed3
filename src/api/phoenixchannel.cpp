// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixchannel.h"

#include "phoenixchannel_p.h"
#include "phoenixengine_p.h"
#include "phoenixlogging_p.h"
#include "phoenixmessage.h"
#include "phoenixmessageobserver_p.h"
#include "phoenixpush_p.h"
#include "phoenixwait_p.h"

#include <QtCore/QEventLoop>
#include <QtCore/QMetaMethod>
#include <QtCore/QPointer>
#include <QtCore/QTimerEvent>

#include <algorithm>

using namespace Qt::StringLiterals;

// ---- PhoenixChannelPrivate -------------------------------------------------------------------------

using Pending = PhoenixPushPrivate::Pending;
// PhoenixEvents::Join and ::Leave as QStrings over static data: no allocation per channel or leave.
const QString JoinEvent = u"phx_join"_s;
const QString LeaveEvent = u"phx_leave"_s;

namespace {
QString refText(quint64 ref)
{
    return ref ? QString::number(ref) : QString();
}
} // namespace

PhoenixChannelPrivate::PhoenixChannelPrivate(PhoenixChannel *q, PhoenixEngine *engine, const QString &topic,
                                             const QJsonObject &params, int timeout)
    : PhoenixEngineChannel(topic)
    , q(q)
    , engine(engine)
    , params(params)
    , timeout(timeout)
{
}

PhoenixChannelPrivate::~PhoenixChannelPrivate() = default;

bool PhoenixChannelPrivate::readsMessages(const QString &event, bool jsonText) const
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&PhoenixChannel::messageReceived);
    return hasBindingFor(event) || q->isSignalConnected(signal) ||
           (extra && extra->observer && (!jsonText || extra->observer->needsPayloadOf(event)));
}

bool PhoenixChannelPrivate::hasBindingFor(const QString &event) const
{
    return extra && std::any_of(extra->bindings.begin(), extra->bindings.end(),
                                [&event](const Binding &binding) { return binding.event == event; });
}

bool PhoenixChannelPrivate::canPush() const
{
    return engine && engine->isConnected() && state == PhoenixChannel::State::Joined;
}

bool PhoenixChannelPrivate::setState(PhoenixChannel::State newState)
{
    if (state == newState)
        return true;
    state = newState;
    return callOut([&] { Q_EMIT q->stateChanged(newState); });
}

bool PhoenixChannelPrivate::setError(PhoenixChannel::Error newError, const QString &message)
{
    if (error == newError && (extra ? extra->errorString : QString()) == message)
        return true;
    error = newError;
    if (extra || !message.isEmpty())
        ext().errorString = message;
    return callOut([&] { Q_EMIT q->errorChanged(newError); });
}

bool PhoenixChannelPrivate::emitJoinRefChanged()
{
    return callOut([&] { Q_EMIT q->joinRefChanged(refText(joinRef())); });
}

PhoenixPush *PhoenixChannelPrivate::newPush(const QString &event, int timeoutMs,
                                            PhoenixPushPrivate::Role role)
{
    // The join push is a QObject child (it lives as long as the channel); every other push is owned
    // through `owned`, which removes any of them in O(1) (see PhoenixPush, "Lifetime and ownership").
    QObject *parent = role == PhoenixPushPrivate::Role::Join ? q : nullptr;
    auto *push = new PhoenixPush(this, event, int(role), parent);
    push->d->timeoutMs = timeoutMs < 0 ? timeout : timeoutMs;
    if (role != PhoenixPushPrivate::Role::Join)
        owned.append(push->d.get());
    return push;
}

void PhoenixChannelPrivate::submit(PhoenixPushPrivate *push)
{
    if ((joinedOnce && state == PhoenixChannel::State::Closed) || state == PhoenixChannel::State::Leaving ||
        !engine) {
        deferOutcome(push, Pending::Fail, PhoenixPush::Error::ChannelClosedError,
                     PhoenixChannel::tr("Cannot push \"%1\": the channel %2 was left or closed.")
                         .arg(push->event, topic()));
        return;
    }
    if (canPush()) {
        (void)sendPush(push);
        return;
    }
    // Not joined yet (or offline): the engine holds it until the join; its timeout runs from now.
    if (engine->hold(push, push->timeoutMs) == PhoenixEngine::SendResult::BufferFull) {
        const QString message =
            PhoenixChannel::tr("Cannot push \"%1\": the send buffer is full (%n message(s)).", nullptr,
                               engine->sendBufferLimit())
                .arg(push->event);
        engine->reportBufferFull(message);
        deferOutcome(push, Pending::Fail, PhoenixPush::Error::SendBufferFullError, message);
        return;
    }
    (void)callOut([&] { Q_EMIT push->q->refChanged(push->refString()); });
}

bool PhoenixChannelPrivate::sendPush(PhoenixPushPrivate *push)
{
    if (push->finished || !engine)
        return true; // timed out while it waited to be sent
    QString problem;
    switch (engine->send(push, push->role == PhoenixPushPrivate::Role::Join, push->noReply, push->timeoutMs,
                         &problem)) {
    case PhoenixEngine::SendResult::Sent:
    case PhoenixEngine::SendResult::Buffered:
    case PhoenixEngine::SendResult::Held:
        if (push->noReply)
            deferOutcome(push, Pending::Complete); // on its way: it ends here, from the event loop
        break;
    case PhoenixEngine::SendResult::BufferFull:
        deferOutcome(push, Pending::Fail, PhoenixPush::Error::SendBufferFullError,
                     PhoenixPush::tr("Cannot send \"%1\": the send buffer is full.").arg(push->event));
        break;
    case PhoenixEngine::SendResult::EncodingFailed:
        deferOutcome(push, Pending::Fail, PhoenixPush::Error::EncodingError,
                     PhoenixPush::tr("Cannot send \"%1\": %2").arg(push->event, problem));
        break;
    }
    // Everything is on its way: now the application may hear about it.
    return callOut([&] { Q_EMIT push->q->refChanged(push->refString()); });
}

void PhoenixChannelPrivate::deferOutcome(PhoenixPushPrivate *push, PhoenixPushPrivate::Pending outcome,
                                         PhoenixPush::Error error, const QString &message)
{
    if (push->finished || push->failurePending)
        return;
    push->failurePending = true;
    push->pendingOutcome = outcome;
    push->pendingError = error;
    if (!message.isEmpty())
        push->ext().errorString = message;
    if (engine) {
        engine->defer(push);
        return;
    }
    // No engine (the socket is being deleted, the channel outlives it): on its own.
    QMetaObject::invokeMethod(
        q,
        [pushObject = QPointer<PhoenixPush>(push->q)] {
            if (pushObject)
                pushObject->d->engineOutcomeDue();
        },
        Qt::QueuedConnection);
}

bool PhoenixChannelPrivate::joinParams(QJsonObject *payload)
{
    if (!extra || !extra->paramsProvider) {
        *payload = params;
        return true;
    }
    return callOut([&] { *payload = extra->paramsProvider(); });
}

void PhoenixChannelPrivate::rejoin()
{
    if (!engine || state == PhoenixChannel::State::Leaving)
        return;
    // Fresh parameters for every (re)join: the application's provider runs first, before anything
    // of ours changes; a provider that left, joined or deleted the socket wins.
    QJsonObject payload;
    if (!joinParams(&payload))
        return;
    const auto overtaken = [this] {
        return !engine || state == PhoenixChannel::State::Leaving || state == PhoenixChannel::State::Joining;
    };
    if (overtaken() || !engine->leaveOtherInstances(this) || overtaken())
        return;
    if (!joinPush)
        createJoinPush(); // the application deleted the old one
    PhoenixPushPrivate *join = joinPush->d.get();
    // The future of the attempt that ends here is finished (its continuations are application code).
    if (!callOut([&] { join->reset(); }) || overtaken())
        return;
    engine->route(this);
    join->payload = payload;
    join->timeoutMs = timeout; // the channel's current timeout, also for rejoins
    QString ignored;
    (void)engine->send(join, true, false, join->timeoutMs, &ignored); // joins are never refused
    const bool stateChanged = state != PhoenixChannel::State::Joining;
    state = PhoenixChannel::State::Joining;
    // Everything is on its way: now the application may hear about it.
    if (!callOut([&] { Q_EMIT join->q->refChanged(join->refString()); }))
        return;
    if (stateChanged && !callOut([&] { Q_EMIT q->stateChanged(PhoenixChannel::State::Joining); }))
        return;
    (void)emitJoinRefChanged();
}

bool PhoenixChannelPrivate::scheduleRejoin()
{
    if (!engine || !engine->isConnected())
        return true; // the socket rejoins errored channels when it connects again
    int attempt = 0;
    int delay = 0;
    if (!engine->scheduleRejoin(this, &attempt, &delay))
        return false;
    qCDebug(lcPhoenixChannel).noquote()
        << "rejoining" << topic() << "in" << delay << "ms (attempt" << attempt << ")";
    return callOut([&] { Q_EMIT q->rejoinScheduled(attempt, delay); });
}

void PhoenixChannelPrivate::resetRejoin()
{
    if (engine)
        engine->resetRejoin(this);
}

void PhoenixChannelPrivate::engineRejoinDue()
{
    if (state == PhoenixChannel::State::Errored && engine && engine->isConnected())
        rejoin();
}

void PhoenixChannelPrivate::engineMessage(const PhoenixMessage &message, QByteArrayView payloadJson)
{
    const QString &event = message.event;
    if (event == QStringView(PhoenixEvents::Reply)) {
        // A reply that answers none of this channel's pushes (theirs go to the push first).
        const QString status = message.payload.value(u"status"_s).toString();
        const QJsonValue response = message.binary ? QJsonValue() : message.payload.value(u"response"_s);
        (void)callOut([&] { Q_EMIT q->replyReceived(message.ref, status, response); });
        return;
    }
    if (event == QStringView(PhoenixEvents::Close)) {
        qCInfo(lcPhoenixChannel).noquote() << "the server closed" << topic();
        triggerClose();
        return;
    }
    if (event == QStringView(PhoenixEvents::Error)) {
        const QString reason = message.payload.value(u"reason"_s).toString();
        qCWarning(lcPhoenixChannel).noquote() << "channel" << topic() << "errored on the server:" << reason;
        triggerError(PhoenixChannel::Error::ServerError,
                     PhoenixChannel::tr("The server reported an error on channel %1 (%2).")
                         .arg(topic(), reason.isEmpty() ? PhoenixChannel::tr("no reason given") : reason));
        return;
    }
    deliver(message, payloadJson);
}

void PhoenixChannelPrivate::deliver(const PhoenixMessage &message, QByteArrayView payloadJson)
{
    const QString &event = message.event;
    const auto emitMessage = [&] {
        if (message.binary)
            Q_EMIT q->binaryMessageReceived(event, message.binaryPayload);
        else
            Q_EMIT q->messageReceived(event, message.payload);
    };
    if (!extra) {
        // The common case: the emission is the last thing done here, so nothing needs watching.
        (void)PhoenixCallout::run(emitMessage);
        return;
    }
    if (!callOut(emitMessage))
        return;
    if (extra->observer && !message.binary && !observe(message, payloadJson))
        return;
    if (!hasBindings())
        return;
    // Handlers may add or remove bindings (or delete the channel): iterate over ids, re-checking each.
    std::vector<int> ids;
    for (const Binding &binding : extra->bindings) {
        if (binding.event == event && bool(binding.binaryHandler) == message.binary)
            ids.push_back(binding.id);
    }
    for (const int id : ids) {
        std::vector<Binding> &bindings = extra->bindings;
        const auto it =
            std::find_if(bindings.begin(), bindings.end(), [id](const Binding &b) { return b.id == id; });
        if (it == bindings.end())
            continue;
        if (it->hasContext && it->context.isNull()) {
            bindings.erase(it); // its context is gone
            continue;
        }
        const bool alive =
            message.binary
                ? callOut([handler = it->binaryHandler, &message] { handler(message.binaryPayload); })
                : callOut([handler = it->handler, &message] { handler(message.payload); });
        if (!alive)
            return;
    }
}

bool PhoenixChannelPrivate::observe(const PhoenixMessage &message, QByteArrayView payloadJson)
{
    bool read = false;
    if (!callOut([&] { read = extra->observer->textMessage(message.event, payloadJson, message.payload); }))
        return false;
    if (read || payloadJson.isEmpty())
        return true;
    // The observer could not read the JSON text (it reads only plain JSON, quickly), and no
    // application code ran: the engine decodes it, which also tells a malformed payload from one the
    // observer left to us.
    QJsonObject payload;
    if (!engine || !engine->decodeHandedPayload(payloadJson, &payload))
        return false; // dropped (and reported, unless the socket is being deleted)
    return callOut([&] { (void)extra->observer->textMessage(message.event, {}, payload); });
}

PhoenixPush *PhoenixMessageObserver::pushJson(PhoenixChannel *channel, const QString &event,
                                             const QByteArray &payloadJson, int timeoutMs, bool noReply)
{
    if (!channel)
        return nullptr;
    return channel->d->push(event, QJsonObject(), QByteArray(), false, timeoutMs, noReply,
                            payloadJson.isEmpty() ? QByteArrayLiteral("{}") : payloadJson);
}

bool PhoenixMessageObserver::needsPayloadOf(const QString &) const
{
    return false;
}

void PhoenixMessageObserver::channelParamsChanged(const QJsonObject &) {}

void PhoenixMessageObserver::channelTimeoutChanged(int) {}

void PhoenixMessageObserver::channelDestroyed() {}

PhoenixMessageObserver *PhoenixChannelPrivate::observer() const
{
    return extra ? extra->observer : nullptr;
}

void PhoenixMessageObserver::install(PhoenixChannel *channel, PhoenixMessageObserver *observer)
{
    if (!channel)
        return;
    PhoenixChannelPrivate *d = channel->d.get();
    if (observer || d->extra)
        d->ext().observer = observer;
}

void PhoenixChannelPrivate::engineDetached()
{
    engine = nullptr;
}

bool PhoenixChannelPrivate::pushSettled(PhoenixPushPrivate *push, qint64 durationMs,
                                        const PhoenixMessage *reply)
{
    if (engine)
        engine->cancel(push); // a local failure: the engine may still hold it
    const PhoenixPushPrivate::Role role = push->role;
    const bool timedOut = push->error == PhoenixPush::Error::TimeoutError;
    const QString status = push->status();
    const QJsonValue response = push->response;
    const QString event = push->event;
    // The channel reacts first; its slots may delete the push (then the channel's reaction still
    // completes, and nothing touches the push) or the channel (then nothing more happens).
    const PhoenixWatch pushWatch(push->life());
    (void)callOut([&] {
        if (reply && !callOut([&] {
                Q_EMIT q->replyReceived(reply->ref, status, reply->binary ? QJsonValue() : response);
            }))
            return;
        // The socket's pushFinished() (telemetry, logging) comes before the push's own signals.
        if (engine && !callOut([&] {
                (void)engine->reportPushFinished(this, pushWatch ? push : nullptr, event, status, durationMs);
            }))
            return;
        switch (role) {
        case PhoenixPushPrivate::Role::Join:
            if (timedOut)
                onJoinTimeout();
            else
                onJoinReply(status, response); // ok, an error reply, or a local failure (a refused join)
            break;
        case PhoenixPushPrivate::Role::Leave:
            onLeaveFinished();
            break;
        case PhoenixPushPrivate::Role::Message:
            break;
        }
    });
    return pushWatch.alive();
}

void PhoenixChannelPrivate::pushDestroyed(PhoenixPushPrivate *push)
{
    owned.remove(push);
    if (engine)
        engine->cancel(push);
    if (joinPush && push == joinPush->d.get())
        joinPush = nullptr; // the application deleted the join push: the next join makes a new one
}

void PhoenixChannelPrivate::onJoinReply(const QString &status, const QJsonValue &response)
{
    if (status == u"ok"_s) {
        qCDebug(lcPhoenixChannel).noquote() << "joined" << topic();
        const bool stateChanged = state != PhoenixChannel::State::Joined;
        state = PhoenixChannel::State::Joined;
        resetRejoin();
        // Pushes made before the join go out before anything a slot of ours pushes.
        if (!flushHeldPushes())
            return;
        if (stateChanged && !callOut([&] { Q_EMIT q->stateChanged(PhoenixChannel::State::Joined); }))
            return;
        if (state != PhoenixChannel::State::Joined || !setError(PhoenixChannel::Error::NoError, QString()))
            return;
        (void)callOut([&] { Q_EMIT q->joined(response); });
        return;
    }
    const QString reason = response.toObject().value(u"reason"_s).toString();
    qCInfo(lcPhoenixChannel).noquote() << "joining" << topic() << "failed with status" << status;
    if (!setState(PhoenixChannel::State::Errored) ||
        !setError(PhoenixChannel::Error::JoinRefusedError,
                  reason.isEmpty()
                      ? PhoenixChannel::tr("The server refused to join %1.").arg(topic())
                      : PhoenixChannel::tr("The server refused to join %1: %2.").arg(topic(), reason)) ||
        !callOut([&] { Q_EMIT q->joinFailed(response); }))
        return;
    if (state == PhoenixChannel::State::Errored)
        (void)scheduleRejoin();
}

void PhoenixChannelPrivate::onJoinTimeout()
{
    qCInfo(lcPhoenixChannel).noquote() << "joining" << topic() << "timed out";
    // The server may have joined after all: tell it to leave that join (phoenix.js). Nobody waits for
    // the answer: the join is abandoned, and so is everything that carries its join_ref.
    if (engine)
        engine->abandonJoin(this, nullptr, true);
    const int timeoutMs = joinPush ? joinPush->d->timeoutMs : timeout;
    if (!setState(PhoenixChannel::State::Errored) ||
        !setError(PhoenixChannel::Error::JoinTimeoutError,
                  PhoenixChannel::tr("Joining %1 timed out after %2 ms.").arg(topic()).arg(timeoutMs)) ||
        !emitJoinRefChanged() || !callOut([&] {
            Q_EMIT q->joinFailed(QJsonObject{{u"reason"_s, u"timeout"_s}});
        }))
        return;
    if (state == PhoenixChannel::State::Errored)
        (void)scheduleRejoin();
}

void PhoenixChannelPrivate::onLeaveFinished()
{
    if (state != PhoenixChannel::State::Leaving)
        return;
    qCDebug(lcPhoenixChannel).noquote() << "left" << topic();
    triggerClose();
}

void PhoenixChannelPrivate::triggerError(PhoenixChannel::Error kind, const QString &reason)
{
    if (state == PhoenixChannel::State::Leaving) {
        // The application asked to leave and the server's channel is gone: the leave is complete, as
        // when the connection is lost while leaving. Errored would rejoin a channel the app left.
        onLeaveFinished();
        return;
    }
    const bool abandonJoin = state == PhoenixChannel::State::Joining;
    if (abandonJoin && engine) // phoenix.js joinPush.reset(): the join in flight no longer counts
        engine->abandonJoin(this, joinPush ? joinPush->d.get() : nullptr, false);
    if (!setState(PhoenixChannel::State::Errored))
        return;
    // Nothing will answer that join: its future ends now (the channel rejoins later).
    if (abandonJoin && joinPush &&
        !callOut([&] { joinPush->d->abandon(PhoenixPush::Error::ConnectionLostError, reason); }))
        return;
    if (!setError(kind, reason) || (abandonJoin && !emitJoinRefChanged()) ||
        !callOut([&] { Q_EMIT q->errorOccurred(reason); }))
        return;
    if (state == PhoenixChannel::State::Errored)
        (void)scheduleRejoin();
}

void PhoenixChannelPrivate::triggerClose()
{
    resetRejoin();
    PhoenixPushPrivate *join = joinPush ? joinPush->d.get() : nullptr;
    const bool joinInFlight = join && join->ref() && !join->finished;
    if (engine) {
        if (joinInFlight)
            engine->cancel(join);
        engine->unroute(this);
    }
    // Pushes that can no longer be answered end now instead of waiting for their timeout (from the
    // event loop, so that no slot runs in the middle of closing).
    for (PhoenixPushPrivate *push = owned.first(); push; push = OwnedPushes::next(push)) {
        if (push->finished || push->failurePending)
            continue;
        if (push->role == PhoenixPushPrivate::Role::Leave) {
            deferOutcome(push, Pending::LeftOk);
        } else {
            deferOutcome(push, Pending::Fail, PhoenixPush::Error::ChannelClosedError,
                         PhoenixChannel::tr("The channel %1 was closed before the message was answered.")
                             .arg(topic()));
        }
    }
    if (!setState(PhoenixChannel::State::Closed))
        return;
    if (joinInFlight && !callOut([&] {
            join->abandon(PhoenixPush::Error::ChannelClosedError,
                          PhoenixChannel::tr("The channel %1 was closed before it was joined.").arg(topic()));
        }))
        return;
    (void)callOut([&] { Q_EMIT q->closed(); });
}

void PhoenixChannelPrivate::engineConnected()
{
    resetRejoin();
    if (state == PhoenixChannel::State::Errored)
        rejoin();
}

void PhoenixChannelPrivate::engineDisconnected(const QString &reason)
{
    resetRejoin();
    switch (state) {
    case PhoenixChannel::State::Errored:
    case PhoenixChannel::State::Closed:
        return;
    case PhoenixChannel::State::Leaving:
        // phoenix.js lets the leave time out; nothing can answer it any more: complete it locally.
        onLeaveFinished();
        return;
    case PhoenixChannel::State::Joining:
    case PhoenixChannel::State::Joined:
        triggerError(PhoenixChannel::Error::ConnectionLostError, reason);
        return;
    }
}

void PhoenixChannelPrivate::engineLeaveForNewInstance()
{
    (void)q->leave();
}

bool PhoenixChannelPrivate::flushHeldPushes()
{
    // Their frames first, in order; then the application hears of each (a slot may push, delete any).
    QList<QPointer<PhoenixPush>> sent;
    while (PhoenixEnginePush *held = canPush() ? engine->takeHeld(this) : nullptr) {
        auto *push = static_cast<PhoenixPushPrivate *>(held);
        QString problem;
        switch (engine->send(push, false, push->noReply, push->timeoutMs, &problem)) {
        case PhoenixEngine::SendResult::Sent:
        case PhoenixEngine::SendResult::Buffered:
        case PhoenixEngine::SendResult::Held:
            if (push->noReply)
                deferOutcome(push, Pending::Complete);
            break;
        case PhoenixEngine::SendResult::BufferFull:
        case PhoenixEngine::SendResult::EncodingFailed:
            deferOutcome(push, Pending::Fail, PhoenixPush::Error::EncodingError,
                         PhoenixPush::tr("Cannot send \"%1\": %2").arg(push->event, problem));
            break;
        }
        sent.append(push->q);
    }
    for (const QPointer<PhoenixPush> &push : std::as_const(sent)) {
        if (push && !callOut([&] { Q_EMIT push->refChanged(push->ref()); }))
            return false;
    }
    return true;
}

PhoenixPush *PhoenixChannelPrivate::push(const QString &event, const QJsonObject &payload,
                                         const QByteArray &binaryPayload, bool isBinary, int timeoutMs,
                                         bool noReply, const QByteArray &payloadJson)
{
    PhoenixPush *push = newPush(event, timeoutMs, PhoenixPushPrivate::Role::Message);
    push->d->noReply = noReply;
    push->d->binary = isBinary;
    if (isBinary)
        push->d->ext().binaryPayload = binaryPayload;
    else if (!payloadJson.isEmpty())
        push->d->ext().payloadJson = payloadJson;
    else
        push->d->payload = payload;
    submit(push->d.get()); // nothing can be connected to the new push yet: it survives
    return push;
}

PhoenixPush *PhoenixChannelPrivate::leave(int timeoutMs)
{
    resetRejoin();
    PhoenixPushPrivate *join = joinPush ? joinPush->d.get() : nullptr;
    const bool joinInFlight = join && join->ref() && !join->finished;
    if (engine && joinInFlight)
        engine->cancel(join); // the join's timeout no longer matters
    PhoenixPush *push = newPush(LeaveEvent, timeoutMs, PhoenixPushPrivate::Role::Leave);
    PhoenixPushPrivate *leavePush = push->d.get();
    if (!engine) {
        deferOutcome(leavePush, Pending::Fail, PhoenixPush::Error::ChannelClosedError,
                     PhoenixChannel::tr("The channel %1 is not joined.").arg(topic()));
        return push;
    }
    // A closed channel has nothing to leave; a leave already under way speaks for this one too (an
    // application calling leave() again adds no frame: offline, they would pile up in the buffer,
    // which never refuses a leave).
    const bool hasServerSide =
        state != PhoenixChannel::State::Closed && state != PhoenixChannel::State::Leaving;
    const bool couldPush = canPush();
    const bool stateChanged = state != PhoenixChannel::State::Leaving;
    state = PhoenixChannel::State::Leaving;
    if (hasServerSide) {
        QString ignored;
        (void)engine->send(leavePush, false, false, leavePush->timeoutMs,
                           &ignored); // leaves are never refused
    }
    if (!couldPush) // phoenix.js: the leave is answered locally when it cannot reach the server now
        deferOutcome(leavePush, Pending::LeftOk);
    // Everything is on its way: now the application may hear about it. A slot may delete the channel
    // (and with it the leave push): then there is no push to return.
    const QPointer<PhoenixPush> result(push);
    if (hasServerSide && !callOut([&] { Q_EMIT push->refChanged(push->ref()); }))
        return nullptr;
    if (stateChanged && !callOut([&] { Q_EMIT q->stateChanged(PhoenixChannel::State::Leaving); }))
        return nullptr;
    if (joinInFlight && !callOut([&] {
            join->abandon(PhoenixPush::Error::ChannelClosedError,
                          PhoenixChannel::tr("The channel %1 was left before it was joined.").arg(topic()));
        }))
        return nullptr;
    return result;
}

void PhoenixChannelPrivate::release()
{
    // The pushes die with the channel; none may leave anything behind in the engine.
    while (PhoenixPushPrivate *push = owned.takeFirst()) {
        if (engine)
            engine->cancel(push);
        push->owner = nullptr;
        delete push->q;
    }
    if (joinPush) {
        PhoenixPushPrivate *join = joinPush->d.get();
        if (engine)
            engine->cancel(join);
        join->owner = nullptr; // deleted as a QObject child right after the channel's destructor
    }
    if (engine)
        engine->removeChannel(this);
    engine = nullptr;
}

void PhoenixChannelPrivate::createJoinPush()
{
    joinPush = newPush(JoinEvent, -1, PhoenixPushPrivate::Role::Join);
}

// ---- PhoenixChannel --------------------------------------------------------------------------------

PhoenixChannel::PhoenixChannel(PhoenixEngine *engine, const QString &topic, const QJsonObject &params,
                               int timeout, QObject *socket)
    : QObject(socket)
    , d(std::make_unique<PhoenixChannelPrivate>(this, engine, topic, params, timeout))
{
    d->createJoinPush();
    if (engine)
        engine->addChannel(d.get());
}

PhoenixChannel::~PhoenixChannel()
{
    d->life()->end();
    d->release();
    if (PhoenixMessageObserver *observer = d->observer())
        observer->channelDestroyed();
}

QString PhoenixChannel::topic() const
{
    return d->topic();
}

QJsonObject PhoenixChannel::params() const
{
    return d->params;
}

void PhoenixChannel::setParams(const QJsonObject &params)
{
    if (d->params == params)
        return;
    d->params = params;
    const QPointer<PhoenixChannel> self(this);
    Q_EMIT paramsChanged(params);
    if (PhoenixMessageObserver *observer = self ? d->observer() : nullptr)
        observer->channelParamsChanged(params);
}

void PhoenixChannel::setParamsProvider(ParamsProvider provider)
{
    if (!provider && !d->extra)
        return;
    d->ext().paramsProvider = std::move(provider);
}

PhoenixChannel::ParamsProvider PhoenixChannel::paramsProvider() const
{
    return d->extra ? d->extra->paramsProvider : ParamsProvider();
}

PhoenixChannel::State PhoenixChannel::state() const
{
    return d->state;
}

bool PhoenixChannel::isJoined() const
{
    return d->state == State::Joined;
}

int PhoenixChannel::timeout() const
{
    return d->timeout;
}

void PhoenixChannel::setTimeout(int ms)
{
    ms = std::max(0, ms);
    if (d->timeout == ms)
        return;
    d->timeout = ms;
    const QPointer<PhoenixChannel> self(this);
    Q_EMIT timeoutChanged(ms);
    if (PhoenixMessageObserver *observer = self ? d->observer() : nullptr)
        observer->channelTimeoutChanged(ms);
}

QString PhoenixChannel::joinRef() const
{
    return refText(d->joinRef());
}

PhoenixChannel::Error PhoenixChannel::error() const
{
    return d->error;
}

QString PhoenixChannel::errorString() const
{
    return d->extra ? d->extra->errorString : QString();
}

PhoenixSocket *PhoenixChannel::socket() const
{
    return d->engine ? d->engine->socket() : nullptr;
}

PhoenixPush *PhoenixChannel::join(int timeoutMs)
{
    if (d->joinedOnce && d->state != State::Closed) {
        qCWarning(lcPhoenixChannel).noquote()
            << "join() called twice on" << d->topic() << "- a channel joins once and rejoins by itself";
        return d->joinPush;
    }
    if (timeoutMs >= 0)
        setTimeout(timeoutMs);
    d->joinedOnce = true;
    // A slot of what the join emits (stateChanged(), joinRefChanged()) may delete this channel: then
    // there is no push to return.
    const QPointer<PhoenixChannel> self(this);
    d->rejoin();
    return self ? d->joinPush : nullptr;
}

PhoenixPush *PhoenixChannel::leave(int timeoutMs)
{
    return d->leave(timeoutMs);
}

PhoenixPush *PhoenixChannel::push(const QString &event, const QJsonObject &payload, int timeoutMs)
{
    return d->push(event, payload, QByteArray(), false, timeoutMs);
}

PhoenixPush *PhoenixChannel::pushBinary(const QString &event, const QByteArray &payload, int timeoutMs)
{
    return d->push(event, QJsonObject(), payload, true, timeoutMs);
}

PhoenixPush *PhoenixChannel::pushNoReply(const QString &event, const QJsonObject &payload, int timeoutMs)
{
    return d->push(event, payload, QByteArray(), false, timeoutMs, true);
}

PhoenixPush *PhoenixChannel::pushBinaryNoReply(const QString &event, const QByteArray &payload, int timeoutMs)
{
    return d->push(event, QJsonObject(), payload, true, timeoutMs, true);
}

bool PhoenixChannel::waitForJoined(int msecs)
{
    if (d->state == State::Joined)
        return true;
    if (d->state != State::Joining && d->state != State::Errored)
        return false;             // no join under way
    const PhoenixWaitScope scope; // pushes finishing meanwhile stay readable until it returns
    const QPointer<PhoenixChannel> self(this);
    QEventLoop loop;
    // Any outcome of the attempt ends the wait; the channel may be deleted meanwhile (destroyed()).
    connect(this, &PhoenixChannel::joined, &loop, &QEventLoop::quit);
    connect(this, &PhoenixChannel::joinFailed, &loop, &QEventLoop::quit);
    connect(this, &PhoenixChannel::errorOccurred, &loop, &QEventLoop::quit);
    connect(this, &PhoenixChannel::closed, &loop, &QEventLoop::quit);
    connect(this, &QObject::destroyed, &loop, &QEventLoop::quit);
    PhoenixWaitScope::exec(loop, msecs);
    return self && self->isJoined();
}

int PhoenixChannel::on(const QString &event, const QObject *context, EventHandler handler)
{
    PhoenixChannelPrivate::Extra &extra = d->ext();
    const int id = extra.nextBindingId++;
    extra.bindings.push_back(
        {id, event, QPointer<const QObject>(context), context != nullptr, std::move(handler), {}});
    return id;
}

int PhoenixChannel::on(const QString &event, const QObject *context, BinaryEventHandler handler)
{
    PhoenixChannelPrivate::Extra &extra = d->ext();
    const int id = extra.nextBindingId++;
    extra.bindings.push_back(
        {id, event, QPointer<const QObject>(context), context != nullptr, {}, std::move(handler)});
    return id;
}

void PhoenixChannel::off(const QString &event, int id)
{
    if (!d->extra)
        return;
    std::vector<PhoenixChannelPrivate::Binding> &bindings = d->extra->bindings;
    bindings.erase(std::remove_if(bindings.begin(), bindings.end(),
                                  [&](const PhoenixChannelPrivate::Binding &b) {
                                      return b.event == event && (id == -1 || b.id == id);
                                  }),
                   bindings.end());
}

void PhoenixChannel::timerEvent(QTimerEvent *event)
{
    QObject::timerEvent(event); // the engine runs the rejoin timers
}
