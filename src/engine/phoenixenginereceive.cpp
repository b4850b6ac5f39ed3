// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The engine's receiving side: frames in (decoded by the serializer, the usual ones on its fast
// path), probe replies, routing by topic and join_ref, and replies to the pushes in the reply table.
#include "phoenixengine_p.h"

#include "phoenixlogging_p.h"

#include <QtCore/QCoreApplication>

#include <algorithm>
#include <string_view>

using namespace Qt::StringLiterals;

namespace {

//! Our refs are decimal counters as QString::number() writes them; anything else (null, "", "abc",
//! "07", out of range) is no ref of ours: refs are compared as strings (phoenix.js ===).
template<typename Char, typename Text>
quint64 parseDigits(const Text &text)
{
    const qsizetype n = text.size();
    if (n == 0 || n > 19 || text.front() == Char('0'))
        return 0;
    quint64 value = 0;
    for (const auto c : text) {
        const unsigned digit = unsigned(Char(c)) - unsigned('0');
        if (digit > 9)
            return 0;
        value = value * 10 + digit;
    }
    return value;
}

quint64 parseRef(QByteArrayView latin1)
{
    return parseDigits<uchar>(latin1);
}

quint64 parseRef(const QString &text)
{
    return parseDigits<char16_t>(
        std::u16string_view(reinterpret_cast<const char16_t *>(text.utf16()), text.size()));
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
        (void)reportMalformed(type == PhoenixTransport::FrameType::Binary, problem);
        return;
    }
    Refs refs;
    refs.ref = parseRef(message.ref);
    refs.hasJoinRef = !message.joinRef.isEmpty();
    refs.joinRef = parseRef(message.joinRef);
    refs.socketReads = m_events->listensToMessages();
    onMessage(message, refs);
}

bool PhoenixEngine::reportMalformed(bool binary, const QString &problem)
{
    int suppressed = 0;
    if (m_malformedLog.allow(&suppressed))
        qCWarning(lcPhoenixSocket).noquote()
            << (binary ? "dropping a malformed binary frame:" : "dropping a malformed frame:") << problem
            << PhoenixLogLimiter::suffix(suppressed);
    return setError(
        PhoenixConnectionError::ProtocolError,
        QCoreApplication::translate("PhoenixSocket", "Dropped a malformed message: %1").arg(problem));
}

bool PhoenixEngine::decodeHandedPayload(QByteArrayView payloadJson, QJsonObject *payload)
{
    if (m_serializer->decodePayload(payloadJson, payload))
        return true;
    (void)reportMalformed(false, PhoenixSerializer::tr("The payload is not a valid JSON object."));
    return false;
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
    Route route{nullptr, false, {}};
    route.first = m_registry.routedFirst(QLatin1StringView(fields.topic), &route.more);
    PhoenixEngineChannel *const first = route.first;
    const bool socketReads = m_events->listensToMessages();
    message.topic = first ? first->m_topic : QString::fromLatin1(fields.topic);
    message.event = recentEvent(fields.event);
    Refs refs;
    refs.socketReads = socketReads;
    if (!fields.joinRefNull) {
        refs.hasJoinRef = !fields.joinRef.isEmpty();
        refs.joinRef = parseRef(fields.joinRef);
        // Only the socket's messageReceived() (and the wire log) shows a message's join_ref.
        if (socketReads || lcPhoenixWire().isDebugEnabled())
            message.joinRef = QString::fromLatin1(fields.joinRef);
    }
    if (!fields.refNull) {
        refs.ref = parseRef(fields.ref);
        message.ref = QString::fromLatin1(fields.ref);
    }
    // The payload of a message for one channel that nothing reads decoded stays undecoded (and
    // unchecked): channels read it for protocol events, a connected messageReceived() and on()
    // handlers of its event. A reader of the JSON text (the QML module's) gets Route::payloadJson.
    const bool unread = first && !route.more && !socketReads && !message.event.startsWith("phx_"_L1) &&
                        !first->readsMessages(message.event, m_payloadsAreJson);
    if (!unread && !m_serializer->decodePayload(fields.payload, &message.payload))
        return false;
    if (m_payloadsAreJson)
        route.payloadJson = fields.payload;
    onMessage(message, refs, &route);
    return true;
}

void PhoenixEngine::onMessage(const PhoenixMessage &message, Refs refs, const Route *route)
{
    qCDebug(lcPhoenixWire).noquote() << "in " << message.topic << message.event << message.joinRef
                                     << message.ref;
    if (refs.ref && !m_probes.isEmpty()) {
        const PhoenixProbes::Probe probe = m_probes.take(refs.ref);
        if (probe.ref) {
            (void)onProbeReply(probe);
            return;
        }
    }
    if (refs.socketReads) {
        if (!callOut([&] { m_events->messageReceived(message); }))
            return;
        route = nullptr; // the handler may have added or removed channels
    }
    if (message.event == QStringView(PhoenixEvents::Reply)) {
        routeReply(message, refs);
        return;
    }
    // O(1) routing by topic; several instances of one topic are rare (a join replacing another).
    bool more = false;
    PhoenixEngineChannel *first = nullptr;
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
    const auto accepts = [refs](const PhoenixEngineChannel *channel) {
        // phoenix.js isMember: any message of another join of this channel is outdated.
        return !refs.hasJoinRef || (refs.joinRef && refs.joinRef == channel->m_joinRef);
    };
    if (!more) {
        const QByteArrayView payloadJson = route ? route->payloadJson : QByteArrayView();
        if (accepts(first))
            (void)callOut([&] { first->engineMessage(message, payloadJson); });
        else
            qCDebug(lcPhoenixChannel).noquote()
                << "dropping outdated message" << message.topic << message.event;
        return;
    }
    for (PhoenixEngineChannel *channel : m_registry.routed(message.topic)) {
        // Skip instances an earlier handler removed (pointer comparison only: never dereferenced if gone).
        const auto current = m_registry.routed(message.topic);
        if (!std::count(current.begin(), current.end(), channel))
            continue;
        if (accepts(channel) && !callOut([&] { channel->engineMessage(message, {}); }))
            return;
    }
}

void PhoenixEngine::routeReply(const PhoenixMessage &message, Refs refs)
{
    const auto targets = m_registry.routed(message.topic);
    if (targets.isEmpty()) {
        dropUnroutable(message);
        return;
    }
    for (PhoenixEngineChannel *channel : targets) {
        if (targets.size() > 1) {
            const auto current = m_registry.routed(message.topic);
            if (!std::count(current.begin(), current.end(), channel))
                continue;
        }
        if (refs.hasJoinRef && (!refs.joinRef || refs.joinRef != channel->m_joinRef)) {
            qCDebug(lcPhoenixChannel).noquote() << "dropping outdated reply" << message.topic << message.ref;
            continue;
        }
        // The reply table is ours: only the push of this ref, made on this channel, gets the reply.
        // The push tells its channel (replyReceived(), a join or leave moves its state), then its own
        // slots; a reply that answers none of its pushes goes to the channel as it is.
        qint64 sentAt = 0;
        if (PhoenixEnginePush *push = refs.ref ? m_replies.take(refs.ref, channel, &sentAt) : nullptr) {
            const qint64 roundTrip = m_clock.elapsed() - sentAt;
            m_telemetry.roundTrip(roundTrip);
            if (!callOut([&] { push->engineReplied(message, roundTrip); }))
                return;
        } else if (!callOut([&] { channel->engineMessage(message, {}); })) {
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
