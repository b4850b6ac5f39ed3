// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixchannel.h"

#include "phoenixchannel_p.h"
#include "phoenixchannelhost_p.h"
#include "phoenixjsontext_p.h"
#include "phoenixlogging_p.h"
#include "phoenixmessage.h"
#include "phoenixmessageobserver_p.h"
#include "phoenixpush_p.h"
#include "phoenixserializer.h"
#include "phoenixwait_p.h"

#include <QtCore/QEventLoop>
#include <QtCore/QPointer>
#include <QtCore/QTimerEvent>

#include <algorithm>

using namespace Qt::StringLiterals;

// ---- PhoenixChannelPrivate -------------------------------------------------------------------------

using Pending = PhoenixPushPrivate::Pending;
// PhoenixEvents::Join and ::Leave as QStrings over static data: no allocation per channel or leave.
const QString JoinEvent = u"phx_join"_s;
const QString LeaveEvent = u"phx_leave"_s;

PhoenixChannelPrivate::PhoenixChannelPrivate(PhoenixChannel *q, PhoenixChannelHost *host,
                                             const QString &topic, const QJsonObject &params, int timeout)
    : q(q)
    , host(host)
    , topic(topic)
    , params(params)
    , timeout(timeout)
{
}

PhoenixChannelPrivate::~PhoenixChannelPrivate() = default;

bool PhoenixChannelPrivate::canPush() const
{
    return host && host->isConnected() && state == PhoenixChannel::State::Joined;
}

void PhoenixChannelPrivate::setState(PhoenixChannel::State newState)
{
    if (state == newState)
        return;
    state = newState;
    Q_EMIT q->stateChanged(newState);
}

void PhoenixChannelPrivate::setError(PhoenixChannel::Error newError, const QString &message)
{
    if (error == newError && (extra ? extra->errorString : QString()) == message)
        return;
    error = newError;
    if (extra || !message.isEmpty())
        ext().errorString = message;
    Q_EMIT q->errorChanged(newError);
}

void PhoenixChannelPrivate::setJoinRef(quint64 ref)
{
    joinRef = ref;
    joinRefText = ref ? QString::number(ref) : QString();
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
        !host) {
        deferOutcome(push, Pending::Fail, PhoenixPush::Error::ChannelClosedError,
                     PhoenixChannel::tr("Cannot push \"%1\": the channel %2 was left or closed.")
                         .arg(push->event, topic));
        return;
    }
    if (canPush()) {
        sendPush(push);
        return;
    }
    if (!host->adjustBuffered(+1)) {
        const QString message =
            PhoenixChannel::tr("Cannot push \"%1\": the send buffer is full (%n message(s)).", nullptr,
                               host->sendBufferLimit())
                .arg(push->event);
        host->reportBufferFull(message);
        deferOutcome(push, Pending::Fail, PhoenixPush::Error::SendBufferFullError, message);
        return;
    }
    // Not joined yet (or offline): keep it for after the join; its timeout runs from now.
    pushBuffer.append(push);
    const quint64 ref = host->nextRef();
    push->ref = ref;
    host->expectReply(ref, push, this, push->timeoutMs);
    Q_EMIT push->q->refChanged(push->refString());
}

void PhoenixChannelPrivate::sendPush(PhoenixPushPrivate *push)
{
    if (push->finished || !host)
        return; // timed out while it waited in the buffer
    // Every send arms the timeout anew under a fresh ref (phoenix.js Push.startTimeout).
    if (push->ref)
        host->forgetReply(push->ref);
    const quint64 ref = host->nextRef();
    push->ref = ref;
    if (!push->noReply) // a push without reply is never in the reply table once it is sent
        host->expectReply(ref, push, this, push->timeoutMs);

    PhoenixMessage message;
    message.ref = QString::number(ref);
    if (push->role == PhoenixPushPrivate::Role::Join) {
        setJoinRef(ref);
        message.joinRef = message.ref;
    } else {
        message.joinRef = joinRefText;
    }
    message.topic = topic;
    message.event = push->event;
    message.binary = push->binary;
    if (push->binary)
        message.binaryPayload = push->ext().binaryPayload;
    else
        message.payload = push->payload;
    QString problem;
    switch (host->sendFrame(message, this, &problem)) {
    case PhoenixChannelHost::SendResult::Sent:
    case PhoenixChannelHost::SendResult::Buffered:
        if (push->noReply) {
            // On its way: it ends here, from the event loop (the caller connects first).
            deferOutcome(push, Pending::Complete);
        }
        break;
    case PhoenixChannelHost::SendResult::BufferFull:
        host->forgetReply(ref);
        deferOutcome(push, Pending::Fail, PhoenixPush::Error::SendBufferFullError,
                     PhoenixPush::tr("Cannot send \"%1\": the send buffer is full.").arg(push->event));
        break;
    case PhoenixChannelHost::SendResult::EncodingFailed:
        host->forgetReply(ref);
        deferOutcome(push, Pending::Fail, PhoenixPush::Error::EncodingError,
                     PhoenixPush::tr("Cannot send \"%1\": %2").arg(push->event, problem));
        break;
    }
    // Everything is on its way: now the application may hear about it.
    Q_EMIT push->q->refChanged(message.ref);
}

QJsonObject PhoenixChannelPrivate::joinParams()
{
    return extra && extra->paramsProvider ? extra->paramsProvider() : params;
}

void PhoenixChannelPrivate::rejoin()
{
    if (!host || state == PhoenixChannel::State::Leaving)
        return;
    PhoenixPushPrivate *join = joinPush->d.get();
    if (join->ref) // every join attempt but a channel's first one
        host->channelRejoining(this);
    const PhoenixDeletionGuard guard(&guards);
    // Fresh parameters for every (re)join: the application's provider runs first, then nothing of
    // ours is half done.
    const QJsonObject payload = joinParams();
    if (!guard || !host || state == PhoenixChannel::State::Leaving)
        return;
    host->leaveOtherInstances(topic, this);
    host->routeChannel(this);
    join->payload = payload;
    join->timeoutMs = timeout; // the channel's current timeout, also for rejoins
    join->reset();             // may finish the future of an abandoned attempt
    if (!guard)
        return;
    sendPush(join);
    if (!guard)
        return;
    setState(PhoenixChannel::State::Joining);
    if (guard)
        Q_EMIT q->joinRefChanged(joinRefText);
}

void PhoenixChannelPrivate::scheduleRejoin()
{
    if (!host || !host->isConnected())
        return; // the socket rejoins errored channels when it connects again
    const int attempt = rejoinTries + 1;
    const int delay = host->rejoinDelay(attempt);
    qCDebug(lcPhoenixChannel).noquote()
        << "rejoining" << topic << "in" << delay << "ms (attempt" << attempt << ")";
    rejoinTimer.start(delay, q);
    Q_EMIT q->rejoinScheduled(attempt, delay);
}

void PhoenixChannelPrivate::resetRejoin()
{
    rejoinTries = 0;
    rejoinTimer.stop();
}

void PhoenixChannelPrivate::onRejoinTimer()
{
    rejoinTimer.stop();
    ++rejoinTries;
    if (host && host->isConnected())
        rejoin();
}

bool PhoenixChannelPrivate::hasBindingFor(const QString &event) const
{
    if (!extra)
        return false;
    return std::any_of(extra->bindings.begin(), extra->bindings.end(),
                       [&event](const Binding &binding) { return binding.event == event; });
}

void PhoenixChannelPrivate::dispatch(const PhoenixMessage &message, QByteArrayView payloadJson)
{
    const QString &event = message.event;
    if (event == QStringView(PhoenixEvents::Close)) {
        qCInfo(lcPhoenixChannel).noquote() << "the server closed" << topic;
        triggerClose();
        return;
    }
    if (event == QStringView(PhoenixEvents::Error)) {
        const QString reason = message.payload.value(u"reason"_s).toString();
        qCWarning(lcPhoenixChannel).noquote() << "channel" << topic << "errored on the server:" << reason;
        triggerError(PhoenixChannel::Error::ServerError,
                     PhoenixChannel::tr("The server reported an error on channel %1 (%2).")
                         .arg(topic, reason.isEmpty() ? PhoenixChannel::tr("no reason given") : reason));
        return;
    }
    if (!extra) { // the common case: nothing of ours runs after the signal, no guard needed
        if (message.binary)
            Q_EMIT q->binaryMessageReceived(event, message.binaryPayload);
        else
            Q_EMIT q->messageReceived(event, message.payload);
        return;
    }
    const PhoenixDeletionGuard guard(&guards);
    if (message.binary)
        Q_EMIT q->binaryMessageReceived(event, message.binaryPayload);
    else
        Q_EMIT q->messageReceived(event, message.payload);
    if (!guard)
        return;
    if (extra->observer && !message.binary && !observe(event, message.payload, payloadJson))
        return; // a malformed payload: dropped and reported
    if (!guard || !hasBindings())
        return;
    // Handlers may add or remove bindings (or delete the channel): iterate over ids, re-checking each.
    std::vector<int> ids;
    std::vector<Binding> &bindings = extra->bindings;
    for (const Binding &binding : bindings) {
        if (binding.event == event && bool(binding.binaryHandler) == message.binary)
            ids.push_back(binding.id);
    }
    for (const int id : ids) {
        if (!guard)
            return;
        const auto it =
            std::find_if(bindings.begin(), bindings.end(), [id](const Binding &b) { return b.id == id; });
        if (it == bindings.end())
            continue;
        if (it->context.isNull()) {
            bindings.erase(it);
            continue;
        }
        if (message.binary) {
            const PhoenixChannel::BinaryEventHandler handler = it->binaryHandler;
            handler(message.binaryPayload);
        } else {
            const PhoenixChannel::EventHandler handler = it->handler;
            handler(message.payload);
        }
    }
}

bool PhoenixChannelPrivate::observe(const QString &event, const QJsonObject &payload,
                                    QByteArrayView payloadJson)
{
    if (extra->observer->textMessage(event, payloadJson, payload) || payloadJson.isEmpty())
        return true;
    // The observer could not read the JSON text (it reads only plain JSON, quickly): parse it here,
    // which also tells a malformed payload from one the observer left to us.
    QJsonParseError error;
    const QJsonDocument document = PhoenixJsonText::parseDocument(payloadJson, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        const QString problem =
            document.isNull()
                ? PhoenixSerializer::tr("The frame is not valid JSON: %1.").arg(error.errorString())
                : PhoenixSerializer::tr("The frame has fields of the wrong type.");
        if (host)
            host->dropMalformed(problem);
        return false;
    }
    if (extra && extra->observer)
        extra->observer->textMessage(event, {}, document.object());
    return true;
}

void PhoenixMessageObserver::install(PhoenixChannel *channel, PhoenixMessageObserver *observer)
{
    if (!channel)
        return;
    PhoenixChannelPrivate *d = channel->d.get();
    if (observer || d->extra)
        d->ext().observer = observer;
}

void PhoenixChannelPrivate::announceReply(const PhoenixMessage &message)
{
    const QString status = message.payload.value(u"status"_s).toString();
    const QJsonValue response = message.binary ? QJsonValue() : message.payload.value(u"response"_s);
    Q_EMIT q->replyReceived(message.ref, status, response);
}

void PhoenixChannelPrivate::resolvePush(PhoenixPushPrivate *push, const PhoenixMessage &message,
                                        qint64 durationMs)
{
    const QString status = message.payload.value(u"status"_s).toString();
    const QJsonValue response = message.binary ? QJsonValue() : message.payload.value(u"response"_s);
    push->resolve(status, response, message.binaryPayload, message.binary, durationMs);
}

void PhoenixChannelPrivate::expirePush(PhoenixPushPrivate *push, qint64 durationMs)
{
    push->expire(topic, durationMs);
}

bool PhoenixChannelPrivate::isOutdated(const PhoenixMessage &frame) const
{
    return frame.joinRef != joinRefText || state == PhoenixChannel::State::Closed;
}

void PhoenixChannelPrivate::detachFromHost()
{
    host = nullptr;
    rejoinTimer.stop();
}

void PhoenixChannelPrivate::onJoinReply(PhoenixPushPrivate *push)
{
    if (push->status == u"ok"_s) {
        qCDebug(lcPhoenixChannel).noquote() << "joined" << topic;
        setState(PhoenixChannel::State::Joined);
        resetRejoin();
        const PhoenixDeletionGuard guard(&guards);
        // Pushes made before the join go out before anything a joined() slot pushes.
        flushPushBuffer();
        if (!guard)
            return;
        setError(PhoenixChannel::Error::NoError, QString());
        if (guard)
            Q_EMIT q->joined(push->response);
        return;
    }
    const QString reason = push->response.toObject().value(u"reason"_s).toString();
    qCWarning(lcPhoenixChannel).noquote() << "joining" << topic << "failed with status" << push->status;
    setState(PhoenixChannel::State::Errored);
    const PhoenixDeletionGuard guard(&guards);
    setError(PhoenixChannel::Error::JoinRefusedError,
             reason.isEmpty() ? PhoenixChannel::tr("The server refused to join %1.").arg(topic)
                              : PhoenixChannel::tr("The server refused to join %1: %2.").arg(topic, reason));
    if (!guard)
        return;
    Q_EMIT q->joinFailed(push->response);
    if (guard)
        scheduleRejoin();
}

void PhoenixChannelPrivate::onJoinTimeout()
{
    qCWarning(lcPhoenixChannel).noquote() << "joining" << topic << "timed out";
    // The server may have joined after all: tell it to leave that join (phoenix.js). Nobody waits
    // for the answer: the join is abandoned, and so is everything that carries its join_ref.
    if (host) {
        PhoenixMessage leave;
        leave.joinRef = joinRefText;
        leave.ref = QString::number(host->nextRef());
        leave.topic = topic;
        leave.event = LeaveEvent;
        host->sendFrame(leave, this, nullptr);
    }
    setJoinRef(0);
    setState(PhoenixChannel::State::Errored);
    const PhoenixDeletionGuard guard(&guards);
    setError(PhoenixChannel::Error::JoinTimeoutError,
             PhoenixChannel::tr("Joining %1 timed out after %2 ms.").arg(topic).arg(joinPush->d->timeoutMs));
    if (!guard)
        return;
    Q_EMIT q->joinRefChanged(QString());
    if (!guard)
        return;
    Q_EMIT q->joinFailed(QJsonObject{{u"reason"_s, u"timeout"_s}});
    if (guard)
        scheduleRejoin();
}

void PhoenixChannelPrivate::onLeaveFinished()
{
    if (state != PhoenixChannel::State::Leaving)
        return;
    qCDebug(lcPhoenixChannel).noquote() << "left" << topic;
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
    if (abandonJoin) {
        // phoenix.js joinPush.reset(): the join in flight no longer counts.
        if (host && joinPush->d->ref)
            host->forgetReply(joinPush->d->ref);
        setJoinRef(0);
    }
    setState(PhoenixChannel::State::Errored);
    const PhoenixDeletionGuard guard(&guards);
    if (abandonJoin) {
        // Nothing will answer that join: its future ends now (the channel rejoins later).
        joinPush->d->abandon(PhoenixPush::Error::ConnectionLostError, reason);
        if (!guard)
            return;
    }
    setError(kind, reason);
    if (guard && abandonJoin)
        Q_EMIT q->joinRefChanged(QString());
    if (!guard)
        return;
    Q_EMIT q->errorOccurred(reason);
    if (guard)
        scheduleRejoin();
}

void PhoenixChannelPrivate::triggerClose()
{
    resetRejoin();
    const bool joinInFlight = joinPush->d->ref && !joinPush->d->finished;
    if (host) {
        if (joinInFlight)
            host->forgetReply(joinPush->d->ref);
        host->unrouteChannel(this);
    }
    // Pushes that can no longer be answered end now instead of waiting for their timeout (from the
    // event loop, so that no slot runs in the middle of closing).
    for (PhoenixPushPrivate *push = owned.first(); push; push = OwnedPushes::next(push)) {
        if (push->finished || push->failurePending)
            continue;
        unbuffer(push);
        if (host && push->ref)
            host->forgetReply(push->ref);
        if (push->role == PhoenixPushPrivate::Role::Leave) {
            deferOutcome(push, Pending::LeftOk);
        } else {
            deferOutcome(
                push, Pending::Fail, PhoenixPush::Error::ChannelClosedError,
                PhoenixChannel::tr("The channel %1 was closed before the message was answered.").arg(topic));
        }
    }
    setState(PhoenixChannel::State::Closed);
    const PhoenixDeletionGuard guard(&guards);
    if (joinInFlight) {
        joinPush->d->abandon(
            PhoenixPush::Error::ChannelClosedError,
            PhoenixChannel::tr("The channel %1 was closed before it was joined.").arg(topic));
        if (!guard)
            return;
    }
    Q_EMIT q->closed();
}

void PhoenixChannelPrivate::onSocketOpen()
{
    resetRejoin();
    if (state == PhoenixChannel::State::Errored)
        rejoin();
}

void PhoenixChannelPrivate::onConnectionLost(const QString &reason)
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

void PhoenixChannelPrivate::flushPushBuffer()
{
    if (pushBuffer.isEmpty())
        return;
    const PhoenixDeletionGuard guard(&guards);
    while (PhoenixPushPrivate *push = pushBuffer.takeFirst()) {
        if (host)
            host->adjustBuffered(-1);
        sendPush(push);
        if (!guard || !canPush())
            return; // a slot deleted us, or the connection went away: the rest waits for the next join
    }
}

void PhoenixChannelPrivate::unbuffer(PhoenixPushPrivate *push)
{
    if (!PushBuffer::contains(push))
        return;
    pushBuffer.remove(push);
    if (host)
        host->adjustBuffered(-1);
}

void PhoenixChannelPrivate::pushSettled(PhoenixPushPrivate *push, qint64 durationMs)
{
    unbuffer(push);
    if (host && push->ref)
        host->forgetReply(push->ref);
    if (host) {
        // The socket's pushFinished() (telemetry, logging) comes before the push's own signals.
        const PhoenixDeletionGuard guard(&guards);
        const PhoenixDeletionGuard pushGuard(&push->guards);
        host->pushFinished(topic, push->event, push->status, durationMs);
        if (!guard || !pushGuard)
            return;
    }
    switch (push->role) {
    case PhoenixPushPrivate::Role::Join:
        if (push->error == PhoenixPush::Error::TimeoutError)
            onJoinTimeout();
        else
            onJoinReply(push); // ok, an error reply, or a local failure (treated as a refused join)
        break;
    case PhoenixPushPrivate::Role::Leave:
        onLeaveFinished();
        break;
    case PhoenixPushPrivate::Role::Message:
        break;
    }
}

void PhoenixChannelPrivate::pushDestroyed(PhoenixPushPrivate *push)
{
    owned.remove(push);
    pendingOutcomes.remove(push);
    unbuffer(push);
    if (host && push->ref)
        host->forgetReply(push->ref);
}

PhoenixPush *PhoenixChannelPrivate::push(const QString &event, const QJsonObject &payload,
                                         const QByteArray &binaryPayload, bool isBinary, int timeoutMs,
                                         bool noReply)
{
    PhoenixPush *push = newPush(event, timeoutMs, PhoenixPushPrivate::Role::Message);
    push->d->noReply = noReply;
    push->d->binary = isBinary;
    if (isBinary)
        push->d->ext().binaryPayload = binaryPayload;
    else
        push->d->payload = payload;
    submit(push->d.get());
    return push;
}

PhoenixPush *PhoenixChannelPrivate::leave(int timeoutMs)
{
    resetRejoin();
    PhoenixPushPrivate *join = joinPush->d.get();
    const bool joinInFlight = join->ref && !join->finished;
    if (host && joinInFlight)
        host->forgetReply(join->ref); // the join's timeout no longer matters
    PhoenixPush *push = newPush(LeaveEvent, timeoutMs, PhoenixPushPrivate::Role::Leave);
    PhoenixPushPrivate *leavePush = push->d.get();
    if (!host) {
        deferOutcome(leavePush, Pending::Fail, PhoenixPush::Error::ChannelClosedError,
                     PhoenixChannel::tr("The channel %1 is not joined.").arg(topic));
        return push;
    }
    const bool hasServerSide =
        state != PhoenixChannel::State::Closed; // a closed channel has nothing to leave
    const bool couldPush = canPush();
    state = PhoenixChannel::State::Leaving; // announced below, once the leave is on its way
    if (hasServerSide)
        sendPush(leavePush);
    if (!couldPush) {
        // phoenix.js: the leave is answered locally when it cannot reach the server now.
        deferOutcome(leavePush, Pending::LeftOk);
    }
    const PhoenixDeletionGuard guard(&guards);
    Q_EMIT q->stateChanged(PhoenixChannel::State::Leaving);
    if (guard && joinInFlight)
        join->abandon(PhoenixPush::Error::ChannelClosedError,
                      PhoenixChannel::tr("The channel %1 was left before it was joined.").arg(topic));
    return push;
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
    pendingOutcomes.append(push);
    if (outcomesPosted)
        return;
    outcomesPosted = true;
    QMetaObject::invokeMethod(
        q, [this] { tellOutcomes(); }, Qt::QueuedConnection);
}

void PhoenixChannelPrivate::tellOutcomes()
{
    // Only the outcomes deferred so far: one deferred by a slot below gets a queued call of its own,
    // so that a wait in that slot (a nested event loop) hears it at once.
    outcomesPosted = false;
    qsizetype count = pendingOutcomes.size();
    const PhoenixDeletionGuard guard(&guards);
    const PhoenixReleaseBatch batch; // the pushes finished here are deleted together
    while (count-- > 0) {
        PhoenixPushPrivate *push = pendingOutcomes.takeFirst();
        if (!push)
            break;
        const Pending outcome = std::exchange(push->pendingOutcome, Pending::None);
        push->failurePending = false;
        switch (outcome) {
        case Pending::Fail:
            push->fail(push->pendingError, QString(push->ext().errorString));
            break;
        case Pending::Complete:
            push->complete();
            break;
        case Pending::LeftOk:
            push->resolve(u"ok"_s, QJsonObject(), QByteArray(), false);
            break;
        case Pending::None:
            break;
        }
        if (!guard)
            return; // a slot deleted the channel, and with it the pushes still waiting
    }
}

void PhoenixChannelPrivate::release()
{
    rejoinTimer.stop();
    // The pushes die with the channel; none may leave an entry behind in the socket's reply table.
    while (PhoenixPushPrivate *push = owned.takeFirst()) {
        unbuffer(push);
        if (host && push->ref)
            host->forgetReply(push->ref);
        push->owner = nullptr;
        delete push->q;
    }
    PhoenixPushPrivate *join = joinPush->d.get();
    if (host && join->ref)
        host->forgetReply(join->ref);
    join->owner = nullptr; // deleted as a QObject child right after the channel's destructor
    if (host)
        host->channelDestroyed(this);
    host = nullptr;
}

void PhoenixChannelPrivate::createJoinPush()
{
    joinPush = newPush(JoinEvent, -1, PhoenixPushPrivate::Role::Join);
}

// ---- PhoenixChannel --------------------------------------------------------------------------------

PhoenixChannel::PhoenixChannel(PhoenixChannelHost *host, const QString &topic, const QJsonObject &params,
                               int timeout, QObject *socket)
    : QObject(socket)
    , d(std::make_unique<PhoenixChannelPrivate>(this, host, topic, params, timeout))
{
    d->createJoinPush();
}

PhoenixChannel::~PhoenixChannel()
{
    PhoenixDeletionGuard::markDeleted(d->guards);
    d->release();
}

QString PhoenixChannel::topic() const
{
    return d->topic;
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
    Q_EMIT paramsChanged(params);
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
    Q_EMIT timeoutChanged(ms);
}

QString PhoenixChannel::joinRef() const
{
    return d->joinRefText;
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
    return d->host ? d->host->socketObject() : nullptr;
}

PhoenixPush *PhoenixChannel::join(int timeoutMs)
{
    if (d->joinedOnce && d->state != State::Closed) {
        qCWarning(lcPhoenixChannel).noquote()
            << "join() called twice on" << d->topic << "- a channel joins once and rejoins by itself";
        return d->joinPush;
    }
    if (timeoutMs >= 0)
        setTimeout(timeoutMs);
    d->joinedOnce = true;
    d->rejoin();
    return d->joinPush;
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
    extra.bindings.push_back({id, event, QPointer<const QObject>(context), std::move(handler), {}});
    return id;
}

int PhoenixChannel::on(const QString &event, const QObject *context, BinaryEventHandler handler)
{
    PhoenixChannelPrivate::Extra &extra = d->ext();
    const int id = extra.nextBindingId++;
    extra.bindings.push_back({id, event, QPointer<const QObject>(context), {}, std::move(handler)});
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
    if (event->timerId() == d->rejoinTimer.timerId())
        d->onRejoinTimer();
    else
        QObject::timerEvent(event);
}
