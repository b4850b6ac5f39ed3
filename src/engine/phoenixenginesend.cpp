// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The engine's sending side: frames out (encoded by the serializer), the send buffer while offline
// and its limit, the reply table with the push deadlines.
#include "phoenixengine_p.h"

#include "phoenixlogging_p.h"

#include "phoenixwait_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonDocument>

bool PhoenixEngine::writeFrame(const PhoenixMessage &message, QString *problem)
{
    qCDebug(lcPhoenixWire).noquote() << "out" << message.topic << message.event << message.joinRef
                                     << message.ref;
    if (message.binary) {
        const QByteArray frame = m_serializer->encodeBinary(message, problem);
        if (frame.isEmpty())
            return false;
        m_telemetry.frameOut(frame.size());
        m_connection->transport->send(frame, PhoenixTransport::FrameType::Binary);
        return true;
    }
    QByteArray frame;
    if (!message.payloadJson.isEmpty() && !m_writesPayloadJson) {
        // An application's serializer knows only payload: it gets the text parsed.
        PhoenixMessage parsed = message;
        parsed.payload = QJsonDocument::fromJson(message.payloadJson).object();
        parsed.payloadJson.clear();
        frame = m_serializer->encodeText(parsed);
    } else {
        frame = m_serializer->encodeText(message);
    }
    m_telemetry.frameOut(frame.size());
    m_connection->transport->send(frame, PhoenixTransport::FrameType::Text);
    return true;
}

void PhoenixEngine::writeHeartbeat(quint64 ref)
{
    qCDebug(lcPhoenixWire).noquote() << "out heartbeat" << ref;
    const QByteArray frame = m_serializer->encodeHeartbeat(QString::number(ref));
    m_telemetry.frameOut(frame.size());
    m_connection->transport->send(frame, PhoenixTransport::FrameType::Text);
}

void PhoenixEngine::writeLeaves()
{
    m_registry.forEach([this](PhoenixEngineChannel *channel) {
        if (channel->m_routed && channel->m_joinRef) {
            PhoenixMessage leave;
            leave.joinRef = joinRefText(channel->m_joinRef);
            leave.ref = QString::number(nextRef());
            leave.topic = channel->m_topic;
            leave.event = QString::fromUtf16(PhoenixEvents::Leave);
            (void)writeFrame(leave, nullptr);
        }
        return PhoenixChannelRegistry::Step::Next;
    });
}

PhoenixEngine::SendResult PhoenixEngine::sendFrame(const PhoenixMessage &message,
                                                   PhoenixEngineChannel *channel, quint64 joinRef,
                                                   QString *problem)
{
    if (isConnected())
        return writeFrame(message, problem) ? SendResult::Sent : SendResult::EncodingFailed;
    const bool control = message.event == QStringView(PhoenixEvents::Join) ||
                         message.event == QStringView(PhoenixEvents::Leave);
    if (!control && settings.sendBufferLimit > 0 && m_buffered >= settings.sendBufferLimit)
        return SendResult::BufferFull;
    m_sendBuffer.append(message, channel, joinRef);
    setBuffered(m_buffered + 1);
    return SendResult::Buffered;
}

QString PhoenixEngine::joinRefText(quint64 joinRef)
{
    if (!joinRef)
        return QString();
    for (const auto &[ref, text] : m_joinRefTexts) {
        if (ref == joinRef)
            return text;
    }
    auto &slot = m_joinRefTexts[m_joinRefTextsNext++ % m_joinRefTexts.size()];
    slot = {joinRef, QString::number(joinRef)};
    return slot.second;
}

PhoenixEngine::SendResult PhoenixEngine::send(PhoenixEnginePush *push, bool join, bool noReply, int timeoutMs,
                                              QString *problem)
{
    PhoenixEngineChannel *const channel = push->engineChannel();
    unqueue(push);
    // Every send arms the timeout anew under a fresh ref (phoenix.js Push.startTimeout).
    if (push->m_ref) {
        m_replies.remove(push->m_ref);
        if (join)
            ++m_telemetry.counters.rejoins; // every join attempt of a channel but its first
    }
    const quint64 ref = nextRef();
    push->m_ref = ref;
    if (join)
        channel->m_joinRef = ref;
    if (!noReply) { // a push without reply is never in the reply table once it is sent
        const qint64 now = m_clock.elapsed();
        const qint64 deadline = now + std::max(0, timeoutMs);
        m_replies.insert(ref, push, channel, deadline, now);
        if (!m_pushTimer.isActive() || deadline < m_pushTimerDeadline) {
            m_pushTimerDeadline = deadline;
            m_pushTimer.start(int(std::max<qint64>(0, deadline - m_clock.elapsed())), Qt::PreciseTimer, this);
        }
    }
    PhoenixMessage message;
    push->engineFrame(&message);
    message.ref = QString::number(ref);
    message.joinRef = join ? message.ref : joinRefText(channel->m_joinRef);
    message.topic = channel->m_topic;
    const SendResult result = sendFrame(message, channel, channel->m_joinRef, problem);
    if (result == SendResult::BufferFull || result == SendResult::EncodingFailed)
        m_replies.remove(ref);
    return result;
}

PhoenixEngine::SendResult PhoenixEngine::hold(PhoenixEnginePush *push, int timeoutMs)
{
    if (settings.sendBufferLimit > 0 && m_buffered >= settings.sendBufferLimit)
        return SendResult::BufferFull;
    PhoenixEngineChannel *const channel = push->engineChannel();
    unqueue(push);
    m_held[channel].append(push);
    push->m_queue = PhoenixEnginePush::Queue::Held;
    setBuffered(m_buffered + 1);
    // Its timeout runs from now, under a ref of its own (a fresh one when it is sent).
    if (push->m_ref)
        m_replies.remove(push->m_ref);
    const quint64 ref = nextRef();
    push->m_ref = ref;
    const qint64 now = m_clock.elapsed();
    const qint64 deadline = now + std::max(0, timeoutMs);
    m_replies.insert(ref, push, channel, deadline, now);
    if (!m_pushTimer.isActive() || deadline < m_pushTimerDeadline) {
        m_pushTimerDeadline = deadline;
        m_pushTimer.start(int(std::max<qint64>(0, deadline - m_clock.elapsed())), Qt::PreciseTimer, this);
    }
    return SendResult::Held;
}

PhoenixEnginePush *PhoenixEngine::takeHeld(PhoenixEngineChannel *channel)
{
    const auto it = m_held.find(channel);
    if (it == m_held.end())
        return nullptr;
    PhoenixEnginePush *push = it->first();
    if (push)
        unqueue(push);
    return push;
}

void PhoenixEngine::unqueue(PhoenixEnginePush *push)
{
    switch (push->m_queue) {
    case PhoenixEnginePush::Queue::None:
        return;
    case PhoenixEnginePush::Queue::Held: {
        const auto it = m_held.find(push->engineChannel());
        if (it != m_held.end()) {
            it->remove(push);
            if (it->isEmpty())
                m_held.erase(it);
        }
        setBuffered(m_buffered - 1);
        break;
    }
    case PhoenixEnginePush::Queue::Deferred:
        m_deferred.remove(push);
        break;
    }
    push->m_queue = PhoenixEnginePush::Queue::None;
}

void PhoenixEngine::cancel(PhoenixEnginePush *push)
{
    unqueue(push);
    if (push->m_ref)
        m_replies.remove(push->m_ref);
}

void PhoenixEngine::defer(PhoenixEnginePush *push)
{
    if (push->m_queue == PhoenixEnginePush::Queue::Deferred)
        return;
    cancel(push); // it ends here: no reply, no wait for the join
    m_deferred.append(push);
    push->m_queue = PhoenixEnginePush::Queue::Deferred;
    if (m_outcomesPosted)
        return;
    m_outcomesPosted = true;
    QMetaObject::invokeMethod(
        this, [this] { tellOutcomes(); }, Qt::QueuedConnection);
}

void PhoenixEngine::tellOutcomes()
{
    m_outcomesPosted = false;
    // Only the outcomes deferred so far: one deferred by a slot below comes with the next call.
    qsizetype count = m_deferred.size();
    const PhoenixReleaseBatch batch; // the pushes finished here are deleted together
    while (count-- > 0) {
        PhoenixEnginePush *push = m_deferred.takeFirst();
        if (!push)
            break;
        push->m_queue = PhoenixEnginePush::Queue::None;
        if (!m_deferred.isEmpty() && !m_outcomesPosted) {
            // A slot below may wait (a nested event loop) for an outcome further down this batch:
            // the next call, already queued, tells it there.
            m_outcomesPosted = true;
            QMetaObject::invokeMethod(
                this, [this] { tellOutcomes(); }, Qt::QueuedConnection);
        }
        if (!callOut([&] { push->engineOutcomeDue(); }))
            return;
    }
}

void PhoenixEngine::abandonJoin(PhoenixEngineChannel *channel, PhoenixEnginePush *join, bool tellServer)
{
    if (join)
        cancel(join);
    if (tellServer && channel->m_joinRef) {
        // Nobody waits for the answer: everything that carries this join_ref is outdated from now on.
        PhoenixMessage leave;
        leave.joinRef = joinRefText(channel->m_joinRef);
        leave.ref = QString::number(nextRef());
        leave.topic = channel->m_topic;
        leave.event = QString::fromUtf16(PhoenixEvents::Leave);
        (void)sendFrame(leave, channel, channel->m_joinRef, nullptr);
    }
    channel->m_joinRef = 0;
}

QString PhoenixEngine::sendMessage(PhoenixMessage message)
{
    if (message.ref.isEmpty())
        message.ref = QString::number(nextRef());
    QString problem;
    switch (sendFrame(message, nullptr, 0, &problem)) {
    case SendResult::BufferFull:
        reportBufferFull(QCoreApplication::translate(
            "PhoenixSocket", "The send buffer is full (%n message(s)); a message was not sent.", nullptr,
            settings.sendBufferLimit));
        return {};
    case SendResult::EncodingFailed:
        setErrorQueued(
            PhoenixConnectionError::ProtocolError,
            QCoreApplication::translate("PhoenixSocket", "A message could not be encoded: %1").arg(problem));
        return {};
    case SendResult::Sent:
    case SendResult::Buffered:
    case SendResult::Held:
        break;
    }
    return message.ref;
}

void PhoenixEngine::flushSendBuffer()
{
    if (m_sendBuffer.isEmpty())
        return;
    std::deque<PhoenixSendBuffer::Frame> frames = m_sendBuffer.takeAll();
    setBuffered(m_buffered - int(frames.size()));
    int dropped = 0;
    while (!frames.empty()) {
        if (!isConnected()) {
            // The transport closed from within send(): the rest waits for the next connection, in
            // its order and before anything buffered since.
            const int kept = int(frames.size());
            m_sendBuffer.prepend(std::move(frames));
            setBuffered(m_buffered + kept);
            return;
        }
        const PhoenixSendBuffer::Frame frame = std::move(frames.front());
        frames.pop_front();
        // Drop frames of an earlier join of their channel, or of a channel that closed (phoenix.js
        // isOutdated).
        if (frame.channel && (!frame.channel->m_routed || frame.joinRef != frame.channel->m_joinRef)) {
            ++dropped;
            continue;
        }
        QString ignored;
        writeFrame(frame.message, &ignored);
    }
    if (dropped > 0)
        qCDebug(lcPhoenixSocket) << "dropped" << dropped << "outdated buffered frame(s)";
}

void PhoenixEngine::setBuffered(int count)
{
    if (m_buffered == count)
        return;
    m_buffered = count;
    m_telemetry.buffered(count);
    if (settings.sendBufferLimit == 0 || m_buffered < settings.sendBufferLimit)
        m_bufferFullReported = false; // room again: the next refusal is a new episode
    // Changes are announced from the event loop, once per turn: they happen in the middle of the
    // engine's and the channels' work (a push being buffered, a connection flushing).
    if (m_bufferedNotifyPosted)
        return;
    m_bufferedNotifyPosted = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_bufferedNotifyPosted = false;
            const int now = m_buffered;
            (void)callOut([&] { m_events->bufferedMessagesChanged(now); });
        },
        Qt::QueuedConnection);
}

void PhoenixEngine::reportBufferFull(const QString &message)
{
    int suppressed = 0;
    if (m_bufferFullLog.allow(&suppressed))
        qCWarning(lcPhoenixSocket).noquote() << message << PhoenixLogLimiter::suffix(suppressed);
    if (m_bufferFullReported)
        return;
    m_bufferFullReported = true;
    setErrorQueued(PhoenixConnectionError::SendBufferFullError, message);
}

void PhoenixEngine::armPushTimer()
{
    const qint64 next = m_replies.nextDeadline();
    if (next < 0) {
        m_pushTimer.stop();
        m_pushTimerDeadline = -1;
        return;
    }
    m_pushTimerDeadline = next;
    m_pushTimer.start(int(std::max<qint64>(0, next - m_clock.elapsed())), Qt::PreciseTimer, this);
}

void PhoenixEngine::onPushTimer()
{
    m_pushTimer.stop();
    const qint64 now = m_clock.elapsed();
    // One at a time: a timeout handler may delete other pushes (their entries go with them).
    while (true) {
        const PhoenixReplyTable::Entry entry = m_replies.takeExpired(now);
        if (!entry.push)
            break;
        ++m_telemetry.counters.pushTimeouts;
        unqueue(entry.push); // a push that waited for the join in vain
        if (!callOut([&] { entry.push->engineTimedOut(now - entry.sentAt); }))
            return;
    }
    armPushTimer();
}
