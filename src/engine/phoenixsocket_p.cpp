// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The protocol engine behind PhoenixSocket (see phoenixsocket_p.h): connections, heartbeats,
// reconnects, the send buffer, incoming routing and the reply table.
#include "phoenixsocket_p.h"

#include "phoenixchannel_p.h"
#include "phoenixlogging_p.h"
#include "phoenixlongpolltransport.h"
#include "phoenixwebsockettransport.h"

#include <QtCore/QJsonArray>
#include <QtCore/QMetaMethod>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>
#include <QtCore/QUrlQuery>

#include <typeinfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Phoenix (phoenix.js Ajax.serialize) encodes nested params as key[sub]=value.
void appendQuery(QUrlQuery *query, const QString &key, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            appendQuery(query, key + u'[' + it.key() + u']', it.value());
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            appendQuery(query, key + u'[' + QString::number(i) + u']', array.at(i));
        break;
    }
    case QJsonValue::String:
        query->addQueryItem(key, value.toString());
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        query->addQueryItem(key, QString());
        break;
    case QJsonValue::Bool:
        query->addQueryItem(key, value.toBool() ? u"true"_s : u"false"_s);
        break;
    case QJsonValue::Double:
        query->addQueryItem(key, value.toVariant().toString());
        break;
    }
}

const QMetaMethod &socketMessageReceived()
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&PhoenixSocket::messageReceived);
    return signal;
}

const QMetaMethod &channelMessageReceived()
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&PhoenixChannel::messageReceived);
    return signal;
}

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

PhoenixSocket::Error socketError(PhoenixTransport::Error error)
{
    using T = PhoenixTransport::Error;
    using S = PhoenixSocket::Error;
    switch (error) {
    case T::NoError:
        return S::NoError;
    case T::InvalidUrlError:
        return S::InvalidUrlError;
    case T::InvalidAuthTokenError:
        return S::InvalidAuthTokenError;
    case T::ConnectionRefusedError:
        return S::ConnectionRefusedError;
    case T::HostNotFoundError:
        return S::HostNotFoundError;
    case T::ConnectionLostError:
        return S::ConnectionLostError;
    case T::SslError:
        return S::SslError;
    case T::MessageTooLargeError:
    case T::ProtocolError:
        return S::ProtocolError;
    case T::TimeoutError:
    case T::UnknownError:
        return S::TransportError;
    }
    return S::TransportError;
}

} // namespace

PhoenixSocketPrivate::PhoenixSocketPrivate(PhoenixSocket *q)
    : q(q)
    , reconnectAfter(&PhoenixSocket::defaultReconnectAfter)
    , rejoinAfter(&PhoenixSocket::defaultRejoinAfter)
    , serializer(std::make_unique<PhoenixV2JsonSerializer>())
{
    clock.start();
}

PhoenixSocketPrivate::~PhoenixSocketPrivate() = default;

// ---- Channels --------------------------------------------------------------------------------------

PhoenixChannel *PhoenixSocketPrivate::createChannel(const QString &topic, const QJsonObject &params)
{
    auto *channel = new PhoenixChannel(this, topic, params, timeout, q); // a QObject child of the socket
    registry.add(channel->d.get());
    return channel;
}

void PhoenixSocketPrivate::channelDestroyed(PhoenixChannelPrivate *channel)
{
    registry.remove(channel);
    if (const qsizetype dropped = sendBuffer.removeChannel(channel))
        setBuffered(buffered - int(dropped));
}

int PhoenixSocketPrivate::rejoinDelay(int tries) const
{
    return std::max(0, rejoinAfter ? rejoinAfter(tries) : PhoenixSocket::defaultRejoinAfter(tries));
}

void PhoenixSocketPrivate::leaveOtherInstances(const QString &topic, PhoenixChannelPrivate *except)
{
    for (PhoenixChannelPrivate *other : registry.routed(topic)) {
        if (other != except && registry.isRouted(other) &&
            (other->state == PhoenixChannel::State::Joined ||
             other->state == PhoenixChannel::State::Joining)) {
            qCInfo(lcPhoenixChannel).noquote()
                << "leaving the other instance of" << topic << "before joining";
            other->q->leave();
        }
    }
}

// ---- Connection lifecycle --------------------------------------------------------------------------

QString PhoenixSocketPrivate::safeUrl() const
{
    return PhoenixTransport::redactedUrl(url);
}

QUrl PhoenixSocketPrivate::endpointUrl() const
{
    QUrl endpoint = url;
    // phoenix.js appends the transport to the endpoint ("/socket" -> "/socket/websocket").
    QString path = endpoint.path();
    if (!path.endsWith(u"/websocket"_s) && !path.endsWith(u"/longpoll"_s)) {
        if (!path.endsWith(u'/'))
            path += u'/';
        endpoint.setPath(path + u"websocket"_s);
    }
    QUrlQuery query(endpoint);
    const QJsonObject connectParams = paramsProvider ? paramsProvider() : params;
    for (auto it = connectParams.begin(); it != connectParams.end(); ++it)
        appendQuery(&query, it.key(), it.value());
    query.removeAllQueryItems(u"vsn"_s);
    query.addQueryItem(u"vsn"_s, serializer->vsn());
    endpoint.setQuery(query);
    return endpoint;
}

PhoenixTransportOptions PhoenixSocketPrivate::transportOptions() const
{
    PhoenixTransportOptions options;
    options.url = endpointUrl();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        options.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    options.authToken = tokenProvider ? tokenProvider() : authToken;
#ifndef QT_NO_SSL
    options.sslConfiguration = sslConfiguration;
    options.hasSslConfiguration = hasSslConfiguration;
#endif
    options.maxMessageSize = maxMessageSize;
    options.requestTimeout = longPollTimeout;
    return options;
}

PhoenixTransport *PhoenixSocketPrivate::createTransport()
{
    PhoenixTransport *transport = transportFactory ? transportFactory(transportKind, q) : nullptr;
    if (!transport && transportKind == PhoenixSocket::Transport::LongPoll)
        transport = new PhoenixLongPollTransport(q); // owned by the socket, deleted when the connection ends
    else if (!transport)
        transport = new PhoenixWebSocketTransport(q); // owned by the socket, deleted when the connection ends
    else if (transport->parent() != q)
        transport->setParent(q);
    return transport;
}

void PhoenixSocketPrivate::hookNetworkInformation()
{
    if (!networkAware || networkHooked)
        return;
    networkHooked = true;
    // QNetworkInformation (or a test's stand-in); what the engine does with it: phoenixsocketnetwork.cpp.
    network = PhoenixNetworkStatus::instance();
    if (!network)
        return;
    QObject::connect(
        network, &PhoenixNetworkStatus::reachabilityChanged, q,
        [this](PhoenixNetworkStatus::Reachability reachability) { onReachabilityChanged(reachability); });
    QObject::connect(network, &PhoenixNetworkStatus::transportMediumChanged, q,
                     [this] { onTransportMediumChanged(); });
}

void PhoenixSocketPrivate::open()
{
    if (connection)
        return;
    reconnectTimer.stop();
    reconnectPaused = false;
    closeWasClean = false;
    if (pendingSerializer)
        serializer = std::move(pendingSerializer);
    hookNetworkInformation();

    PhoenixTransport *transport = createTransport();
    connection = std::make_unique<Connection>();
    connection->transport = transport;
    Connection *const current = connection.get();
    // Events of a transport the socket gave up on no longer concern it (phoenix.js Connection.isCurrent).
    const auto isCurrent = [this, current] { return connection.get() == current; };
    QObject::connect(transport, &PhoenixTransport::opened, q, [this, isCurrent] {
        if (isCurrent())
            onOpened();
    });
    QObject::connect(transport, &PhoenixTransport::frameReceived, q,
                     [this, isCurrent](const QByteArray &frame, PhoenixTransport::FrameType type) {
                         if (isCurrent())
                             onFrame(frame, type);
                     });
    QObject::connect(transport, &PhoenixTransport::errorOccurred, q,
                     [this, isCurrent](PhoenixTransport::Error error, const QString &message) {
                         if (isCurrent())
                             onTransportError(error, message);
                     });
    QObject::connect(transport, &PhoenixTransport::closed, q,
                     [this, isCurrent](int code, const QString &reason, bool clean) {
                         if (isCurrent())
                             onTransportClosed(code, reason, clean);
                     });

    qCInfo(lcPhoenixSocket).noquote() << "connecting to" << safeUrl() << "over" << transport->name();
    transport->open(transportOptions()); // reports nothing from within (PhoenixTransport contract)
    if (connectTimeout > 0)
        connectTimer.start(connectTimeout, q);
    armFallback();
    setState(PhoenixSocket::State::Connecting);
}

void PhoenixSocketPrivate::onOpened()
{
    qCInfo(lcPhoenixSocket).noquote() << "connected to" << safeUrl();
    connectTimer.stop();
    connection->open = true;
    ++telemetry.counters.connects;
    if (reconnectTries > 0)
        ++telemetry.counters.reconnects;
    // What was sent while offline goes out before anything a slot of ours sends (phoenix.js onConnOpen).
    flushSendBuffer();
    if (!isConnected())
        return;
    const int hadTries = reconnectTries;
    resetHeartbeat();
    probeWebSocket();
    const PhoenixDeletionGuard guard(&guards);
    Connection *const current = connection.get();
    setState(PhoenixSocket::State::Connected);
    if (!guard || connection.get() != current)
        return;
    // Channels rejoin in the order they were created (errored ones at once), then the app hears of it.
    registry.forEach([&](PhoenixChannelPrivate *channel) {
        channel->onSocketOpen();
        return bool(guard);
    });
    if (!guard || connection.get() != current)
        return;
    if (hadTries) {
        setReconnectTries(0);
        if (!guard)
            return;
        Q_EMIT q->reconnectScheduled(0, 0);
        if (!guard)
            return;
    }
    Q_EMIT q->connected();
}

void PhoenixSocketPrivate::onTransportError(PhoenixTransport::Error transportError, const QString &message)
{
    if (!connection || connection->closing || connection->errorReported)
        return; // errors while we close on purpose, or after the first of an attempt, are noise
    if (!connection->open && fallbackArmed()) {
        fallBackToLongPoll(message);
        return;
    }
    connection->errorReported = true;
    if (transportError == PhoenixTransport::Error::InvalidUrlError ||
        transportError == PhoenixTransport::Error::InvalidAuthTokenError)
        connection->noRetry = true; // another attempt would fail the same way
    qCWarning(lcPhoenixSocket).noquote() << message;
    setError(socketError(transportError), message);
}

void PhoenixSocketPrivate::onTransportClosed(int code, const QString &reason, bool clean)
{
    Connection *const current = connection.get();
    const bool byUser = current->closing;
    if (!byUser && !current->open && fallbackArmed()) {
        fallBackToLongPoll(u"closed before it opened"_s);
        return;
    }
    qCInfo(lcPhoenixSocket).noquote() << "connection to" << safeUrl() << "closed, code" << code
                                      << (clean ? "" : "(dropped)") << (byUser ? "(requested)" : "");
    if (!byUser && !current->errorReported) {
        current->errorReported = true;
        const PhoenixDeletionGuard guard(&guards);
        if (!current->open) {
            setError(PhoenixSocket::Error::ConnectionRefusedError,
                     PhoenixSocket::tr("The connection to %1 closed before it opened.").arg(safeUrl()));
        } else {
            setError(
                PhoenixSocket::Error::ConnectionLostError,
                reason.isEmpty()
                    ? PhoenixSocket::tr("The connection to %1 was closed (code %2).").arg(safeUrl()).arg(code)
                    : PhoenixSocket::tr("The connection to %1 was closed (code %2: %3).")
                          .arg(safeUrl())
                          .arg(code)
                          .arg(reason));
        }
        if (!guard || connection.get() != current)
            return;
    }
    // Reconnect after any close we did not ask for, whatever its code (phoenix.js 1.8.16).
    finishConnection(!byUser && !current->noRetry);
}

void PhoenixSocketPrivate::retire(PhoenixTransport *transport, bool graceful, int code, const QString &reason)
{
    if (!transport)
        return;
    transport->disconnect(q);
    if (transport->state() == PhoenixTransport::State::Closed) {
        transport->deleteLater();
        return;
    }
    QObject::connect(transport, &PhoenixTransport::closed, transport, &QObject::deleteLater);
    if (graceful && transport->state() == PhoenixTransport::State::Open)
        transport->close(code, reason);
    else if (transport->state() != PhoenixTransport::State::Closing)
        transport->abort();
    if (transport->state() == PhoenixTransport::State::Closed)
        return; // closed from within: deleteLater() is on its way
    // A transport that never reports its close is dropped anyway.
    QTimer::singleShot(5000, transport, [transport] {
        transport->abort();
        transport->deleteLater();
    });
}

void PhoenixSocketPrivate::finishConnection(bool reconnect)
{
    const std::unique_ptr<Connection> ended = std::move(connection);
    if (!ended)
        return;
    connectTimer.stop();
    fallbackTimer.stop();
    fallbackProbeRef = 0;
    clearHeartbeats();
    retire(ended->transport, false);
    const PhoenixDeletionGuard guard(&guards);
    // The socket reads Disconnected before any channel hears about the loss, so no channel starts a
    // rejoin timer of its own: they all rejoin when the socket connects again.
    setState(PhoenixSocket::State::Disconnected);
    if (!guard)
        return;
    if (ended->open && registry.size() > 0) {
        const QString reason = PhoenixSocket::tr("The connection to the server was lost.");
        int errored = 0;
        registry.forEach([&](PhoenixChannelPrivate *channel) {
            const bool wasActive = channel->state == PhoenixChannel::State::Joined ||
                                   channel->state == PhoenixChannel::State::Joining;
            channel->onConnectionLost(reason);
            errored += wasActive ? 1 : 0;
            return bool(guard);
        });
        if (!guard)
            return;
        if (errored > 0)
            qCInfo(lcPhoenixSocket) << errored << "channel(s) will rejoin when the socket reconnects";
    }
    Q_EMIT q->disconnected();
    if (!guard)
        return;
    if (reconnect && !connection && autoReconnect && !closeWasClean)
        scheduleReconnect();
}

void PhoenixSocketPrivate::reconnectIfActive()
{
    if (!connection || connection->closing)
        return;
    qCInfo(lcPhoenixSocket) << "settings changed, reconnecting";
    retire(connection->transport, true, 1000, u"reconnecting"_s);
    connection->transport = nullptr;
    const PhoenixDeletionGuard guard(&guards);
    finishConnection(false);
    if (guard && !connection)
        open();
}

void PhoenixSocketPrivate::scheduleReconnect()
{
    if (pauseReconnectWhileOffline())
        return; // no retry loop while the system reports no network: it resumes when one is back
    const int attempt = reconnectTries + 1;
    int delay =
        std::max(0, reconnectAfter ? reconnectAfter(attempt) : PhoenixSocket::defaultReconnectAfter(attempt));
    if (jitter > 0.0)
        delay = int(delay * (1.0 - jitter * QRandomGenerator::global()->generateDouble()));
    qCInfo(lcPhoenixSocket) << "reconnecting in" << delay << "ms (attempt" << attempt << ")";
    reconnectTimer.start(delay, Qt::PreciseTimer, q);
    Q_EMIT q->reconnectScheduled(attempt, delay);
}

void PhoenixSocketPrivate::setReconnectTries(int tries)
{
    if (reconnectTries == tries)
        return;
    reconnectTries = tries;
    Q_EMIT q->reconnectAttemptsChanged(tries);
}

void PhoenixSocketPrivate::setState(PhoenixSocket::State newState)
{
    if (state == newState)
        return;
    state = newState;
    Q_EMIT q->stateChanged(newState);
}

void PhoenixSocketPrivate::setError(PhoenixSocket::Error newError, const QString &message)
{
    error = newError;
    errorString = message;
    Q_EMIT q->errorOccurred(newError, message);
}

void PhoenixSocketPrivate::setErrorQueued(PhoenixSocket::Error newError, const QString &message)
{
    // Never call back from inside the call that caused the error: let the caller connect first.
    QMetaObject::invokeMethod(
        q, [this, newError, message] { setError(newError, message); }, Qt::QueuedConnection);
}

void PhoenixSocketPrivate::onConnectTimeout()
{
    if (!connection || connection->open)
        return;
    if (fallbackArmed()) {
        fallBackToLongPoll(u"did not open within the connect timeout"_s);
        return;
    }
    const QString message =
        PhoenixSocket::tr("Connecting to %1 timed out after %2 ms.").arg(safeUrl()).arg(connectTimeout);
    qCWarning(lcPhoenixSocket).noquote() << message;
    connection->errorReported = true;
    Connection *const current = connection.get();
    const PhoenixDeletionGuard guard(&guards);
    setError(PhoenixSocket::Error::ConnectTimeoutError, message);
    if (guard && connection.get() == current)
        finishConnection(true);
}

// ---- Heartbeat -------------------------------------------------------------------------------------

void PhoenixSocketPrivate::resetHeartbeat()
{
    clearHeartbeats();
    if (heartbeatInterval > 0 && connection && connection->transport->needsHeartbeat())
        heartbeatTimer.start(heartbeatInterval, q);
}

void PhoenixSocketPrivate::clearHeartbeats()
{
    heartbeatTimer.stop();
    heartbeatTimeoutTimer.stop();
    // A late reply to the pending heartbeat must not start the heartbeats again.
    pendingHeartbeatRef = 0;
}

void PhoenixSocketPrivate::sendHeartbeat(int timeoutMs)
{
    if (!isConnected())
        return;
    pendingHeartbeatRef = nextRef();
    pendingHeartbeatTimeout =
        timeoutMs >= 0 ? timeoutMs : (heartbeatTimeout >= 0 ? heartbeatTimeout : heartbeatInterval);
    PhoenixMessage heartbeat;
    heartbeat.ref = QString::number(pendingHeartbeatRef);
    heartbeat.topic = QString::fromUtf16(PhoenixEvents::PhoenixTopic);
    heartbeat.event = QString::fromUtf16(PhoenixEvents::Heartbeat);
    heartbeatClock.start();
    heartbeatTimeoutTimer.start(pendingHeartbeatTimeout, q);
    writeFrame(heartbeat, nullptr);
}

void PhoenixSocketPrivate::onHeartbeatTimeout()
{
    if (!pendingHeartbeatRef || !connection)
        return;
    pendingHeartbeatRef = 0;
    qCWarning(lcPhoenixSocket).noquote()
        << "heartbeat timeout: the connection to" << safeUrl() << "is dead, reconnecting";
    connection->errorReported = true; // the close that follows is this error, not another
    Connection *const current = connection.get();
    const PhoenixDeletionGuard guard(&guards);
    setError(PhoenixSocket::Error::HeartbeatTimeoutError,
             PhoenixSocket::tr("The server at %1 did not answer the heartbeat in time.").arg(safeUrl()));
    if (!guard || connection.get() != current)
        return;
    // A half-open TCP connection never completes a close handshake: abort it.
    finishConnection(true);
}

void PhoenixSocketPrivate::setLatency(int ms)
{
    if (latency == ms)
        return;
    latency = ms;
    Q_EMIT q->latencyChanged(ms);
}

// ---- LongPoll fallback ----------------------------------------------------------------------------
//
// phoenix.js connectWithFallback (A12): a WebSocket that fails before it ever opened, or that has not
// opened and answered a ping within longPollFallback ms, is replaced by LongPoll for the rest of the
// socket's life. Unlike phoenix.js, a WebSocket that answered once is trusted for good: a server
// restart later on does not move the socket to LongPoll.

bool PhoenixSocketPrivate::fallbackArmed() const
{
    return transportKind == PhoenixSocket::Transport::WebSocket && longPollFallback > 0 && !webSocketHealthy;
}

void PhoenixSocketPrivate::armFallback()
{
    fallbackProbeRef = 0;
    if (fallbackArmed())
        fallbackTimer.start(longPollFallback, q);
    else
        fallbackTimer.stop();
}

void PhoenixSocketPrivate::probeWebSocket()
{
    if (!fallbackArmed() || !isConnected())
        return;
    // Open is not enough (a proxy may pass the upgrade and then nothing): the WebSocket gets another
    // period to answer a ping (phoenix.js: re-arm the timer and ping()).
    fallbackTimer.start(longPollFallback, q);
    fallbackProbeRef = nextRef();
    PhoenixMessage probe;
    probe.ref = QString::number(fallbackProbeRef);
    probe.topic = QString::fromUtf16(PhoenixEvents::PhoenixTopic);
    probe.event = QString::fromUtf16(PhoenixEvents::Heartbeat);
    writeFrame(probe, nullptr);
}

void PhoenixSocketPrivate::onFallbackProbeReply()
{
    fallbackProbeRef = 0;
    fallbackTimer.stop();
    webSocketHealthy = true;
    qCInfo(lcPhoenixSocket).noquote()
        << "the WebSocket to" << safeUrl() << "works: no LongPoll fallback for this socket";
}

void PhoenixSocketPrivate::fallBackToLongPoll(const QString &why)
{
    fallbackTimer.stop();
    fallbackProbeRef = 0;
    if (!connection || connection->closing || !fallbackArmed())
        return;
    qCInfo(lcPhoenixSocket).noquote()
        << "the WebSocket to" << safeUrl() << "failed (" << why << "): falling back to LongPoll";
    transportKind = PhoenixSocket::Transport::LongPoll;
    const PhoenixDeletionGuard guard(&guards);
    Q_EMIT q->transportChanged(transportKind);
    if (guard)
        reconnectIfActive();
}

// ---- Sending ---------------------------------------------------------------------------------------

bool PhoenixSocketPrivate::writeFrame(const PhoenixMessage &message, QString *problem)
{
    qCDebug(lcPhoenixWire).noquote() << "out" << message.topic << message.event << message.joinRef
                                     << message.ref;
    if (message.binary) {
        const QByteArray frame = serializer->encodeBinary(message, problem);
        if (frame.isEmpty())
            return false;
        telemetry.frameOut(frame.size());
        connection->transport->send(frame, PhoenixTransport::FrameType::Binary);
    } else {
        const QByteArray frame = serializer->encodeText(message);
        telemetry.frameOut(frame.size());
        connection->transport->send(frame, PhoenixTransport::FrameType::Text);
    }
    return true;
}

PhoenixChannelHost::SendResult PhoenixSocketPrivate::sendFrame(const PhoenixMessage &message,
                                                               PhoenixChannelPrivate *channel,
                                                               QString *problem)
{
    if (isConnected())
        return writeFrame(message, problem) ? SendResult::Sent : SendResult::EncodingFailed;
    const bool control = message.event == QStringView(PhoenixEvents::Join) ||
                         message.event == QStringView(PhoenixEvents::Leave);
    if (!control && bufferLimit > 0 && buffered >= bufferLimit)
        return SendResult::BufferFull;
    sendBuffer.append(message, channel);
    setBuffered(buffered + 1);
    return SendResult::Buffered;
}

void PhoenixSocketPrivate::flushSendBuffer()
{
    if (sendBuffer.isEmpty())
        return;
    std::deque<PhoenixSendBuffer::Frame> frames = sendBuffer.takeAll();
    setBuffered(buffered - int(frames.size()));
    int dropped = 0;
    while (!frames.empty()) {
        if (!isConnected()) {
            // The connection went away while flushing (an error slot): keep the rest for the next one.
            for (auto it = frames.rbegin(); it != frames.rend(); ++it)
                sendBuffer.append(it->message, it->channel);
            setBuffered(buffered + int(frames.size()));
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

void PhoenixSocketPrivate::setBuffered(int count)
{
    if (buffered == count)
        return;
    buffered = count;
    telemetry.buffered(count);
    if (bufferLimit == 0 || buffered < bufferLimit)
        bufferFullReported = false; // room again: the next refusal is a new episode
    Q_EMIT q->bufferedMessagesChanged(count);
}

bool PhoenixSocketPrivate::adjustBuffered(int count)
{
    if (count > 0 && bufferLimit > 0 && buffered + count > bufferLimit)
        return false;
    setBuffered(buffered + count);
    return true;
}

void PhoenixSocketPrivate::reportBufferFull(const QString &message)
{
    int suppressed = 0;
    if (bufferFullLog.allow(&suppressed))
        qCWarning(lcPhoenixSocket).noquote() << message << PhoenixLogLimiter::suffix(suppressed);
    if (bufferFullReported)
        return;
    bufferFullReported = true;
    setErrorQueued(PhoenixSocket::Error::SendBufferFullError, message);
}

void PhoenixSocketPrivate::expectReply(quint64 ref, PhoenixPushPrivate *push, PhoenixChannelPrivate *channel,
                                       int timeoutMs)
{
    const qint64 now = clock.elapsed();
    const qint64 deadline = now + std::max(0, timeoutMs);
    replies.insert(ref, push, channel, deadline, now);
    if (!pushTimer.isActive() || deadline < pushTimerDeadline) {
        pushTimerDeadline = deadline;
        pushTimer.start(int(std::max<qint64>(0, deadline - clock.elapsed())), Qt::PreciseTimer, q);
    }
}

void PhoenixSocketPrivate::armPushTimer()
{
    const qint64 next = replies.nextDeadline();
    if (next < 0) {
        pushTimer.stop();
        pushTimerDeadline = -1;
        return;
    }
    pushTimerDeadline = next;
    pushTimer.start(int(std::max<qint64>(0, next - clock.elapsed())), Qt::PreciseTimer, q);
}

void PhoenixSocketPrivate::onPushTimer()
{
    pushTimer.stop();
    const PhoenixDeletionGuard guard(&guards);
    const qint64 now = clock.elapsed();
    // One at a time: a timeout handler may delete other pushes (their entries go with them).
    while (true) {
        const PhoenixReplyTable::Entry entry = replies.takeExpired(now);
        if (!entry.push)
            break;
        ++telemetry.counters.pushTimeouts;
        entry.channel->expirePush(entry.push, now - entry.sentAt);
        if (!guard)
            return;
    }
    armPushTimer();
}

// ---- Receiving -------------------------------------------------------------------------------------

void PhoenixSocketPrivate::onFrame(const QByteArray &frame, PhoenixTransport::FrameType type)
{
    telemetry.frameIn(frame.size());
    // The default serializer's usual frames take the fast path (a subclass may decode differently).
    if (type == PhoenixTransport::FrameType::Text && typeid(*serializer) == typeid(PhoenixV2JsonSerializer)) {
        PhoenixJsonText::V2Envelope envelope;
        if (PhoenixJsonText::splitV2(frame, &envelope) && onV2Text(envelope))
            return;
    }
    PhoenixMessage message;
    QString problem;
    const bool ok = type == PhoenixTransport::FrameType::Text
                        ? serializer->decodeText(frame, &message, &problem)
                        : serializer->decodeBinary(frame, &message, &problem);
    if (!ok) {
        reportMalformed(type == PhoenixTransport::FrameType::Binary, problem);
        return;
    }
    onMessage(message);
}

void PhoenixSocketPrivate::reportMalformed(bool binary, const QString &problem)
{
    int suppressed = 0;
    if (malformedLog.allow(&suppressed))
        qCWarning(lcPhoenixSocket).noquote()
            << (binary ? "dropping a malformed binary frame:" : "dropping a malformed frame:") << problem
            << PhoenixLogLimiter::suffix(suppressed);
    setError(PhoenixSocket::Error::ProtocolError,
             PhoenixSocket::tr("Dropped a malformed message: %1").arg(problem));
}

void PhoenixSocketPrivate::dropMalformed(const QString &problem)
{
    reportMalformed(false, problem);
}

QString PhoenixSocketPrivate::recentEvent(QByteArrayView latin1)
{
    const QLatin1StringView name(latin1);
    for (const QString &known : recentEvents) {
        if (known.size() == name.size() && known == name && !known.isNull())
            return known;
    }
    QString &slot = recentEvents[recentEventsNext++ % recentEvents.size()];
    slot = QString(name);
    return slot;
}

bool PhoenixSocketPrivate::onV2Text(const PhoenixJsonText::V2Envelope &envelope)
{
    PhoenixMessage message;
    Route route{nullptr, false, envelope.payload};
    route.first = registry.routedFirst(QLatin1StringView(envelope.topic), &route.more);
    PhoenixChannelPrivate *const first = route.first;
    message.topic = first ? first->topic : QString::fromLatin1(envelope.topic);
    message.event = recentEvent(envelope.event);
    if (!envelope.joinRefNull) {
        const QLatin1StringView joinRef(envelope.joinRef);
        message.joinRef = first && !first->joinRefText.isEmpty() && joinRef == first->joinRefText
                              ? first->joinRefText
                              : QString(joinRef);
    }
    if (!envelope.refNull)
        message.ref = QString::fromLatin1(envelope.ref);
    // The payload of a message for one channel that nothing reads as a QJsonObject stays unparsed
    // (and unchecked): dispatch() reads it for protocol events, a connected messageReceived() and
    // on() handlers of its event; a message observer reads its JSON text (Route::payloadJson).
    const bool unread = first && !route.more && !q->isSignalConnected(socketMessageReceived()) &&
                        !message.event.startsWith("phx_"_L1) && !first->hasBindingFor(message.event) &&
                        !first->q->isSignalConnected(channelMessageReceived());
    if (!unread && !PhoenixJsonText::parseObject(envelope.payload, &message.payload))
        return false;
    onMessage(message, &route);
    return true;
}

void PhoenixSocketPrivate::onMessage(const PhoenixMessage &message, const Route *route)
{
    qCDebug(lcPhoenixWire).noquote() << "in " << message.topic << message.event << message.joinRef
                                     << message.ref;
    const quint64 ref = parseRef(message.ref);
    if (ref) {
        if (ref == fallbackProbeRef) {
            onFallbackProbeReply();
            return;
        }
        if (ref == pendingHeartbeatRef) {
            // Schedule the next heartbeat from the reply (phoenix.js, PR #4309).
            heartbeatTimeoutTimer.stop();
            pendingHeartbeatRef = 0;
            setLatency(int(heartbeatClock.elapsed()));
            // (a probe's reply over a transport without heartbeats starts none)
            if (heartbeatInterval > 0 && connection->transport->needsHeartbeat())
                heartbeatTimer.start(heartbeatInterval, q);
            return;
        }
        if (!connection->pings.isEmpty()) {
            const auto it = connection->pings.constFind(ref);
            if (it != connection->pings.constEnd()) {
                const int roundTrip = int(it->elapsed());
                connection->pings.erase(it);
                setLatency(roundTrip);
                Q_EMIT q->pong(roundTrip);
                return;
            }
        }
    }
    const PhoenixDeletionGuard guard(&guards);
    if (q->isSignalConnected(socketMessageReceived())) {
        Q_EMIT q->messageReceived(message);
        if (!guard)
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
        first = registry.routedFirst(message.topic, &more);
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
            first->dispatch(message, route ? route->payloadJson : QByteArrayView());
        else
            qCDebug(lcPhoenixChannel).noquote()
                << "dropping outdated message" << message.topic << message.event;
        return;
    }
    for (PhoenixChannelPrivate *channel : registry.routed(message.topic)) {
        // Skip instances an earlier handler removed (pointer comparison only: never dereferenced if gone).
        const auto current = registry.routed(message.topic);
        if (!std::count(current.begin(), current.end(), channel))
            continue;
        if (accepts(channel))
            channel->dispatch(message);
        if (!guard)
            return;
    }
}

void PhoenixSocketPrivate::routeReply(const PhoenixMessage &message, quint64 ref)
{
    const PhoenixDeletionGuard guard(&guards);
    const auto targets = registry.routed(message.topic);
    if (targets.isEmpty()) {
        dropUnroutable(message);
        return;
    }
    for (PhoenixChannelPrivate *channel : targets) {
        if (targets.size() > 1) {
            const auto current = registry.routed(message.topic);
            if (!std::count(current.begin(), current.end(), channel))
                continue;
        }
        if (!message.joinRef.isEmpty() && message.joinRef != channel->joinRefText) {
            qCDebug(lcPhoenixChannel).noquote() << "dropping outdated reply" << message.topic << message.ref;
            continue;
        }
        const PhoenixDeletionGuard channelGuard(&channel->guards);
        channel->announceReply(message);
        if (!guard)
            return;
        if (!channelGuard)
            continue;
        // The reply table is ours: only the push of this ref, made on this channel, gets the reply.
        qint64 sentAt = 0;
        if (PhoenixPushPrivate *push = ref ? replies.take(ref, channel, &sentAt) : nullptr) {
            const qint64 roundTrip = clock.elapsed() - sentAt;
            telemetry.roundTrip(roundTrip);
            channel->resolvePush(push, message, roundTrip);
        }
        if (!guard)
            return;
    }
}

void PhoenixSocketPrivate::dropUnroutable(const PhoenixMessage &message)
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
    if (unroutableLog.allow(&suppressed))
        qCWarning(lcPhoenixSocket).noquote()
            << "dropping a message for a topic without channel:" << message.topic << message.event
            << PhoenixLogLimiter::suffix(suppressed);
}
