// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The engine's receiving side: frames in (decoded by the serializer, the usual ones on its fast
// path), probe replies, routing by topic and join_ref, and replies to the pushes in the reply table.
#include "phoenixengine_p.h"

#include "phoenixchannel_p.h"
#include "phoenixlogging_p.h"

#include <QtCore/QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

//! Our refs are decimal counters as QString::number() writes them; anything else (null, "", "abc",
//! "07", out of range) is no ref of ours: refs are compared as strings (phoenix.js ===).
quint64 parseRef(const QString &text)
{
    const qsizetype n = text.size();
    if (n == 0 || n > 19 || text.front() == u'0')
        return 0;
    quint64 value = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < u'0' || u > u'9')
            return 0;
        value = value * 10 + (u - u'0');
    }
    return value;
}

} // namespace

void PhoenixEngine::onFrame(const QByteArray &frame, PhoenixTransport::FrameType type)
{
    m_telemetry.frameIn(frame.size());
    // The serializer's usual text frames take the fast path: routed on their bytes, payload decoded
    // only when something reads it.
    if (type == PhoenixTransport::FrameType::Text) {
        PhoenixSerializer::TextFields fields;
        if (m_serializer->splitText(frame, &fields) && onSplitText(fields))
            return;
    }
    PhoenixMessage message;
    QString problem;
    const bool ok = type == PhoenixTransport::FrameType::Text
                        ? m_serializer->decodeText(frame, &message, &problem)
                        : m_serializer->decodeBinary(frame, &message, &problem);
    if (!ok) {
        int suppressed = 0;
        if (m_malformedLog.allow(&suppressed))
            qCWarning(lcPhoenixSocket).noquote()
                << (type == PhoenixTransport::FrameType::Text ? "dropping a malformed frame:"
                                                              : "dropping a malformed binary frame:")
                << problem << PhoenixLogLimiter::suffix(suppressed);
        (void)setError(
            PhoenixConnectionError::ProtocolError,
            QCoreApplication::translate("PhoenixSocket", "Dropped a malformed message: %1").arg(problem));
        return;
    }
    onMessage(message);
}

QString PhoenixEngine::recentEvent(QByteArrayView latin1)
{
    const QLatin1StringView name(latin1);
    for (const QString &known : m_recentEvents) {
        if (known.size() == name.size() && known == name && !known.isNull())
            return known;
    }
    QString &slot = m_recentEvents[m_recentEventsNext++ % m_recentEvents.size()];
    slot = QString(name);
    return slot;
}

bool PhoenixEngine::onSplitText(const PhoenixSerializer::TextFields &fields)
{
    PhoenixMessage message;
    Route route{nullptr, false};
    route.first = m_registry.routedFirst(QLatin1StringView(fields.topic), &route.more);
    PhoenixChannelPrivate *const first = route.first;
    message.topic = first ? first->topic : QString::fromLatin1(fields.topic);
    message.event = recentEvent(fields.event);
    if (!fields.joinRefNull) {
        const QLatin1StringView joinRef(fields.joinRef);
        message.joinRef = first && !first->joinRefText.isEmpty() && joinRef == first->joinRefText
                              ? first->joinRefText
                              : QString(joinRef);
    }
    if (!fields.refNull)
        message.ref = QString::fromLatin1(fields.ref);
    // The payload of a message for one channel that nothing reads stays undecoded (and unchecked).
    // (dispatch() reads it for protocol events, a connected messageReceived() and on() handlers).
    const bool unread = first && !route.more && !m_events->listensToMessages() &&
                        !message.event.startsWith("phx_"_L1) && !first->readsMessages();
    if (!unread && !m_serializer->decodePayload(fields.payload, &message.payload))
        return false;
    onMessage(message, &route);
    return true;
}

void PhoenixEngine::onMessage(const PhoenixMessage &message, const Route *route)
{
    qCDebug(lcPhoenixWire).noquote() << "in " << message.topic << message.event << message.joinRef
                                     << message.ref;
    const quint64 ref = parseRef(message.ref);
    if (ref && !m_probes.isEmpty()) {
        const PhoenixProbes::Probe probe = m_probes.take(ref);
        if (probe.ref) {
            (void)onProbeReply(probe);
            return;
        }
    }
    if (m_events->listensToMessages()) {
        if (!callOut([&] { m_events->messageReceived(message); }))
            return;
        route = nullptr; // the handler may have added or removed channels
    }
    if (message.event == QStringView(PhoenixEvents::Reply)) {
        routeReply(message, ref);
        return;
    }
    // O(1) routing by topic; several instances of one topic are rare (a join replacing another).
    bool more = false;
    PhoenixChannelPrivate *first = nullptr;
    if (route) {
        first = route->first;
        more = route->more;
    } else {
        first = m_registry.routedFirst(message.topic, &more);
    }
    if (!first) {
        dropUnroutable(message);
        return;
    }
    const auto accepts = [&message](const PhoenixChannelPrivate *channel) {
        // phoenix.js isMember: any message of another join of this channel is outdated.
        return message.joinRef.isEmpty() || message.joinRef == channel->joinRefText;
    };
    if (!more) {
        if (accepts(first))
            (void)callOut([&] { first->dispatch(message); });
        else
            qCDebug(lcPhoenixChannel).noquote()
                << "dropping outdated message" << message.topic << message.event;
        return;
    }
    for (PhoenixChannelPrivate *channel : m_registry.routed(message.topic)) {
        // Skip instances an earlier handler removed (pointer comparison only: never dereferenced if gone).
        const auto current = m_registry.routed(message.topic);
        if (!std::count(current.begin(), current.end(), channel))
            continue;
        if (accepts(channel) && !callOut([&] { channel->dispatch(message); }))
            return;
    }
}

void PhoenixEngine::routeReply(const PhoenixMessage &message, quint64 ref)
{
    const auto targets = m_registry.routed(message.topic);
    if (targets.isEmpty()) {
        dropUnroutable(message);
        return;
    }
    for (PhoenixChannelPrivate *channel : targets) {
        if (targets.size() > 1) {
            const auto current = m_registry.routed(message.topic);
            if (!std::count(current.begin(), current.end(), channel))
                continue;
        }
        if (!message.joinRef.isEmpty() && message.joinRef != channel->joinRefText) {
            qCDebug(lcPhoenixChannel).noquote() << "dropping outdated reply" << message.topic << message.ref;
            continue;
        }
        bool channelAlive = true;
        if (!callOut([&] {
                const PhoenixWatch watch(&channel->life);
                channel->announceReply(message);
                channelAlive = watch.alive();
            }))
            return;
        if (!channelAlive)
            continue;
        // The reply table is ours: only the push of this ref, made on this channel, gets the reply.
        qint64 sentAt = 0;
        if (PhoenixPushPrivate *push = ref ? m_replies.take(ref, channel, &sentAt) : nullptr) {
            const qint64 roundTrip = m_clock.elapsed() - sentAt;
            m_telemetry.roundTrip(roundTrip);
            if (!callOut([&] { channel->resolvePush(push, message, roundTrip); }))
                return;
        }
    }
}

void PhoenixEngine::dropUnroutable(const PhoenixMessage &message)
{
    // After a leave, Phoenix still sends the leave's reply and a phx_close: expected, not worth a warning.
    if (message.event == QStringView(PhoenixEvents::Reply) ||
        message.event == QStringView(PhoenixEvents::Close) ||
        message.topic == QStringView(PhoenixEvents::PhoenixTopic)) {
        qCDebug(lcPhoenixSocket).noquote()
            << "ignoring" << message.event << "for a topic without channel:" << message.topic;
        return;
    }
    int suppressed = 0;
    if (m_unroutableLog.allow(&suppressed))
        qCWarning(lcPhoenixSocket).noquote()
            << "dropping a message for a topic without channel:" << message.topic << message.event
            << PhoenixLogLimiter::suffix(suppressed);
}
