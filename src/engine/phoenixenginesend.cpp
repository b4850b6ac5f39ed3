// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The engine's sending side: frames out (encoded by the serializer), the send buffer while offline
// and its limit, the reply table with the push deadlines.
#include "phoenixengine_p.h"

#include "phoenixchannel_p.h"
#include "phoenixlogging_p.h"

#include <QtCore/QCoreApplication>

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
    } else {
        const QByteArray frame = m_serializer->encodeText(message);
        m_telemetry.frameOut(frame.size());
        m_connection->transport->send(frame, PhoenixTransport::FrameType::Text);
    }
    return true;
}

void PhoenixEngine::writeHeartbeat(quint64 ref)
{
    qCDebug(lcPhoenixWire).noquote() << "out heartbeat" << ref;
    const QByteArray frame = m_serializer->encodeHeartbeat(QString::number(ref));
    m_telemetry.frameOut(frame.size());
    m_connection->transport->send(frame, PhoenixTransport::FrameType::Text);
}

PhoenixChannelHost::SendResult PhoenixEngine::sendFrame(const PhoenixMessage &message,
                                                        PhoenixChannelPrivate *channel, QString *problem)
{
    if (isConnected())
        return writeFrame(message, problem) ? SendResult::Sent : SendResult::EncodingFailed;
    const bool control = message.event == QStringView(PhoenixEvents::Join) ||
                         message.event == QStringView(PhoenixEvents::Leave);
    if (!control && settings.sendBufferLimit > 0 && m_buffered >= settings.sendBufferLimit)
        return SendResult::BufferFull;
    m_sendBuffer.append(message, channel);
    setBuffered(m_buffered + 1);
    return SendResult::Buffered;
}

QString PhoenixEngine::sendMessage(PhoenixMessage message)
{
    if (message.ref.isEmpty())
        message.ref = QString::number(nextRef());
    QString problem;
    switch (sendFrame(message, nullptr, &problem)) {
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
        if (frame.channel && frame.channel->isOutdated(frame.message)) {
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

bool PhoenixEngine::adjustBuffered(int count)
{
    if (count > 0 && settings.sendBufferLimit > 0 && m_buffered + count > settings.sendBufferLimit)
        return false;
    setBuffered(m_buffered + count);
    return true;
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

void PhoenixEngine::expectReply(quint64 ref, PhoenixPushPrivate *push, PhoenixChannelPrivate *channel,
                                int timeoutMs)
{
    const qint64 now = m_clock.elapsed();
    const qint64 deadline = now + std::max(0, timeoutMs);
    m_replies.insert(ref, push, channel, deadline, now);
    if (!m_pushTimer.isActive() || deadline < m_pushTimerDeadline) {
        m_pushTimerDeadline = deadline;
        m_pushTimer.start(int(std::max<qint64>(0, deadline - m_clock.elapsed())), Qt::PreciseTimer, this);
    }
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
        if (!callOut([&] { entry.channel->expirePush(entry.push, now - entry.sentAt); }))
            return;
    }
    armPushTimer();
}
