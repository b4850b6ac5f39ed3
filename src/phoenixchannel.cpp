// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixchannel.h"
#include "phoenixchannel_p.h"
#include "phoenixlogging_p.h"
#include "phoenixpush.h"
#include "phoenixpush_p.h"
#include "phoenixsocket.h"
#include "phoenixsocket_p.h"

#include <QtCore/QTimerEvent>

using namespace Qt::StringLiterals;

// ---- PhoenixChannelPrivate -------------------------------------------------------------------------

PhoenixChannelPrivate::PhoenixChannelPrivate(PhoenixChannel *q, PhoenixSocketPrivate *socket, const QString &topic,
                                             const QJsonObject &params)
    : q(q), socket(socket), topic(topic), params(params), timeout(socket->timeout)
{
}

QString PhoenixChannelPrivate::joinRef() const
{
    return joinPush ? joinPush->d->ref : QString();
}

bool PhoenixChannelPrivate::canPush() const
{
    return socket && socket->state == PhoenixSocket::State::Connected && state == PhoenixChannel::State::Joined;
}

void PhoenixChannelPrivate::setState(PhoenixChannel::State newState)
{
    if (state == newState)
        return;
    state = newState;
    Q_EMIT q->stateChanged(newState);
}

PhoenixPush *PhoenixChannelPrivate::newPush(const QString &event, int timeoutMs)
{
    auto *push = new PhoenixPush(q, event); // a child of the channel; see PhoenixPush's lifetime rules
    push->d->timeoutMs = timeoutMs < 0 ? timeout : timeoutMs;
    return push;
}

PhoenixPush *PhoenixChannelPrivate::submit(PhoenixPush *push)
{
    const QString &event = push->d->event;
    if ((joinedOnce && state == PhoenixChannel::State::Closed) || state == PhoenixChannel::State::Leaving || !socket) {
        push->d->fail(PhoenixPush::Error::ChannelClosedError,
                      PhoenixChannel::tr("Cannot push \"%1\": the channel %2 was left or closed.").arg(event, topic),
                      true);
        return push;
    }
    if (canPush()) {
        push->d->send();
        return push;
    }
    if (socket->bufferFull()) {
        const QString message = PhoenixChannel::tr("Cannot push \"%1\": the send buffer is full (%n message(s)).",
                                                   nullptr, socket->sendBufferLimit)
                                    .arg(event);
        socket->setErrorQueued(PhoenixSocket::Error::SendBufferFullError, message);
        push->d->fail(PhoenixPush::Error::SendBufferFullError, message, true);
        return push;
    }
    // Not joined yet (or offline): keep it for after the join; its timeout runs from now.
    push->d->assignRef();
    push->d->startTimeout();
    push->d->buffered = true;
    ext().pushBuffer.append(push);
    socket->adjustBuffered(+1);
    return push;
}

void PhoenixChannelPrivate::rejoin()
{
    if (!socket || state == PhoenixChannel::State::Leaving)
        return;
    socket->leaveOpenTopic(topic, this);
    socket->route(this);
    setState(PhoenixChannel::State::Joining);
    joinPush->d->payload = params;
    joinPush->d->reset();
    joinPush->d->send();
    Q_EMIT q->joinRefChanged(joinRef());
}

void PhoenixChannelPrivate::scheduleRejoin()
{
    if (!socket || socket->state != PhoenixSocket::State::Connected)
        return;
    const int attempt = rejoinTries + 1;
    const int delay = socket->rejoinDelay(attempt);
    qCInfo(lcPhoenixChannel).noquote() << "rejoining" << topic << "in" << delay << "ms (attempt" << attempt << ")";
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
    if (socket && socket->state == PhoenixSocket::State::Connected)
        rejoin();
}

void PhoenixChannelPrivate::dispatch(const PhoenixMessage &message)
{
    const QString &event = message.event;
    if (event == QStringView(PhoenixEvents::Reply)) {
        handleReply(message);
        return;
    }
    if (event == QStringView(PhoenixEvents::Close)) {
        qCInfo(lcPhoenixChannel).noquote() << "the server closed" << topic;
        triggerClose();
        return;
    }
    if (event == QStringView(PhoenixEvents::Error)) {
        const QString reason = message.payload.value(u"reason"_s).toString();
        qCWarning(lcPhoenixChannel).noquote() << "channel" << topic << "errored on the server:" << reason;
        triggerError(PhoenixChannel::tr("The server reported an error on channel %1 (%2).")
                         .arg(topic, reason.isEmpty() ? PhoenixChannel::tr("no reason given") : reason));
        return;
    }
    if (!hasBindings()) { // the common case: nothing of ours runs after the signal, no guard needed
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
    // Handlers may add or remove bindings (or delete the channel): iterate over ids, re-checking each.
    std::vector<int> ids;
    std::vector<Binding> &bindings = extra->bindings;
    for (const Binding &binding : bindings) {
        if (binding.event == event)
            ids.push_back(binding.id);
    }
    for (const int id : ids) {
        if (!guard)
            return;
        const auto it = std::find_if(bindings.begin(), bindings.end(), [id](const Binding &b) { return b.id == id; });
        if (it == bindings.end())
            continue;
        if (it->context.isNull()) {
            bindings.erase(it);
            continue;
        }
        const PhoenixChannel::EventHandler handler = it->handler;
        handler(message.payload);
    }
}

void PhoenixChannelPrivate::handleReply(const PhoenixMessage &message)
{
    const QString status = message.payload.value(u"status"_s).toString();
    const QJsonValue response = message.binary ? QJsonValue() : message.payload.value(u"response"_s);
    const PhoenixDeletionGuard guard(&guards);
    Q_EMIT q->replyReceived(message.ref, status, response);
    if (!guard)
        return;
    if (!socket)
        return;
    const auto it = socket->pendingReplies.constFind(message.ref);
    if (it == socket->pendingReplies.constEnd() || it.value()->d->channel != this)
        return;
    PhoenixPush *push = it.value();
    socket->pendingReplies.erase(it);
    if (socket->pendingReplies.isEmpty())
        socket->pendingReplies.clear(); // give back the table sized for a burst (e.g. 10,000 joins)
    push->d->resolve(status, response, message.binaryPayload, message.binary);
}

void PhoenixChannelPrivate::onJoinReply(const QString &status, const QJsonValue &response)
{
    if (status == u"ok"_s) {
        qCDebug(lcPhoenixChannel).noquote() << "joined" << topic;
        setState(PhoenixChannel::State::Joined);
        resetRejoin();
        const PhoenixDeletionGuard guard(&guards);
        Q_EMIT q->joined(response);
        if (guard)
            flushPushBuffer();
        return;
    }
    qCWarning(lcPhoenixChannel).noquote() << "joining" << topic << "failed with status" << status;
    setState(PhoenixChannel::State::Errored);
    const PhoenixDeletionGuard guard(&guards);
    Q_EMIT q->joinFailed(response);
    if (guard)
        scheduleRejoin();
}

void PhoenixChannelPrivate::onJoinTimeout()
{
    qCWarning(lcPhoenixChannel).noquote() << "joining" << topic << "timed out";
    // The server may have joined after all: tell it to leave that join (phoenix.js).
    if (socket) {
        PhoenixMessage leave;
        leave.joinRef = joinRef();
        leave.ref = socket->q->makeRef();
        leave.topic = topic;
        leave.event = u"phx_leave"_s;
        socket->send(leave, this);
    }
    setState(PhoenixChannel::State::Errored);
    const PhoenixDeletionGuard guard(&guards);
    Q_EMIT q->joinFailed(QJsonObject{{u"reason"_s, u"timeout"_s}});
    if (guard)
        scheduleRejoin();
}

void PhoenixChannelPrivate::onLeaveFinished()
{
    if (state == PhoenixChannel::State::Closed)
        return;
    qCDebug(lcPhoenixChannel).noquote() << "left" << topic;
    triggerClose();
}

void PhoenixChannelPrivate::triggerError(const QString &reason)
{
    if (state == PhoenixChannel::State::Joining && joinPush)
        joinPush->d->reset();
    setState(PhoenixChannel::State::Errored);
    const PhoenixDeletionGuard guard(&guards);
    Q_EMIT q->errorOccurred(reason);
    if (guard)
        scheduleRejoin();
}

void PhoenixChannelPrivate::triggerClose()
{
    resetRejoin();
    if (joinPush)
        joinPush->d->cancelTimeout();
    if (socket)
        socket->unroute(this);
    setState(PhoenixChannel::State::Closed);
    // Pushes that can no longer be sent fail now instead of waiting for their timeout.
    const QList<PhoenixPush *> stranded = extra ? extra->pushBuffer : QList<PhoenixPush *>();
    for (PhoenixPush *push : stranded)
        push->d->fail(PhoenixPush::Error::ChannelClosedError,
                      PhoenixChannel::tr("The channel %1 was closed before the message could be sent.").arg(topic),
                      true);
    Q_EMIT q->closed();
}

void PhoenixChannelPrivate::onSocketOpen()
{
    resetRejoin();
    if (state == PhoenixChannel::State::Errored)
        rejoin();
}

void PhoenixChannelPrivate::onSocketClosed(const QString &reason)
{
    rejoinTimer.stop();
    if (state == PhoenixChannel::State::Errored || state == PhoenixChannel::State::Closed)
        return;
    if (state == PhoenixChannel::State::Leaving) {
        // phoenix.js: a leave that cannot reach the server completes locally.
        onLeaveFinished();
        return;
    }
    triggerError(reason);
}

void PhoenixChannelPrivate::flushPushBuffer()
{
    if (bufferedCount() == 0)
        return;
    const QList<PhoenixPush *> buffered = std::exchange(extra->pushBuffer, {});
    if (socket)
        socket->adjustBuffered(-int(buffered.size()));
    for (PhoenixPush *push : buffered) {
        push->d->buffered = false;
        push->d->send();
    }
}

void PhoenixChannelPrivate::forgetPush(PhoenixPush *push)
{
    if (!push->d->ref.isEmpty() && socket) {
        const auto it = socket->pendingReplies.constFind(push->d->ref);
        if (it != socket->pendingReplies.constEnd() && it.value() == push)
            socket->pendingReplies.erase(it);
    }
    if (push->d->buffered) {
        push->d->buffered = false;
        if (extra && extra->pushBuffer.removeOne(push) && socket)
            socket->adjustBuffered(-1);
    }
}

// ---- PhoenixChannel --------------------------------------------------------------------------------

PhoenixChannel::PhoenixChannel(const QString &topic, const QJsonObject &params, PhoenixSocket *socket)
    : QObject(socket), d(std::make_unique<PhoenixChannelPrivate>(this, socket->d.get(), topic, params))
{
    d->joinPush = d->newPush(u"phx_join"_s, -1);
    d->joinPush->d->role = PhoenixPushPrivate::Role::Join;
    d->joinPush->d->autoDelete = false;
}

PhoenixChannel::~PhoenixChannel()
{
    PhoenixDeletionGuard::markDeleted(d->guards);
    if (d->socket) {
        if (d->bufferedCount() > 0)
            d->socket->adjustBuffered(-int(d->bufferedCount()));
        d->socket->removeChannel(d.get());
    }
    // Pushes are children and die with the QObject base; cut their way back to us first.
    for (PhoenixPush *push : findChildren<PhoenixPush *>(Qt::FindDirectChildrenOnly))
        push->d->channel = nullptr;
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
    return d->joinRef();
}

PhoenixSocket *PhoenixChannel::socket() const
{
    return d->socket ? d->socket->q : nullptr;
}

PhoenixPush *PhoenixChannel::join(int timeoutMs)
{
    if (d->joinedOnce && d->state != State::Closed) {
        qCWarning(lcPhoenixChannel).noquote() << "join() called twice on" << d->topic
                                              << "- a channel joins once and rejoins by itself";
        return d->joinPush;
    }
    if (timeoutMs >= 0)
        d->timeout = timeoutMs;
    d->joinPush->d->timeoutMs = d->timeout;
    d->joinedOnce = true;
    d->rejoin();
    return d->joinPush;
}

PhoenixPush *PhoenixChannel::leave(int timeoutMs)
{
    d->resetRejoin();
    d->joinPush->d->cancelTimeout();
    PhoenixPush *push = d->newPush(u"phx_leave"_s, timeoutMs);
    push->d->role = PhoenixPushPrivate::Role::Leave;
    if (d->state == State::Closed || !d->socket) {
        // Nothing to leave: finish at once (from the event loop, so callers can connect first).
        push->d->fail(PhoenixPush::Error::ChannelClosedError, tr("The channel %1 is not joined.").arg(d->topic), true);
        return push;
    }
    const bool couldPush = d->canPush();
    d->setState(State::Leaving);
    push->d->send();
    if (!couldPush) {
        // phoenix.js: the leave is answered locally when it cannot reach the server now.
        QMetaObject::invokeMethod(
            push, [push] { push->d->resolve(u"ok"_s, QJsonObject(), QByteArray(), false); }, Qt::QueuedConnection);
    }
    return push;
}

PhoenixPush *PhoenixChannel::push(const QString &event, const QJsonObject &payload, int timeoutMs)
{
    PhoenixPush *push = d->newPush(event, timeoutMs);
    push->d->payload = payload;
    return d->submit(push);
}

PhoenixPush *PhoenixChannel::pushBinary(const QString &event, const QByteArray &payload, int timeoutMs)
{
    PhoenixPush *push = d->newPush(event, timeoutMs);
    push->d->binary = true;
    push->d->ext().binaryPayload = payload;
    return d->submit(push);
}

int PhoenixChannel::on(const QString &event, const QObject *context, EventHandler handler)
{
    PhoenixChannelPrivate::Extra &extra = d->ext();
    const int id = extra.nextBindingId++;
    extra.bindings.push_back({id, event, QPointer<const QObject>(context), std::move(handler)});
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
