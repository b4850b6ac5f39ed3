// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixsocket.h"
#include "phoenixchannel.h"
#include "phoenixchannel_p.h"
#include "phoenixlogging_p.h"
#include "phoenixpush.h"
#include "phoenixsocket_p.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QMetaMethod>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>
#include <QtCore/QTimerEvent>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkInformation>
#include <QtNetwork/QNetworkRequest>
#include <QtWebSockets/QWebSocketHandshakeOptions>

#include <algorithm>
#include <functional>
#include <climits>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

constexpr int CloseGraceMs = 2000; // how long a requested close may take before the TCP connection is aborted

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

QString encodeToken(const QString &token)
{
    QByteArray encoded = token.toUtf8().toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals);
    return u"base64url.bearer.phx."_s + QString::fromLatin1(encoded);
}

} // namespace

// ---- PhoenixSocketPrivate --------------------------------------------------------------------------

PhoenixSocketPrivate::PhoenixSocketPrivate(PhoenixSocket *q)
    : q(q)
    , reconnectAfter(&PhoenixSocket::defaultReconnectAfter)
    , rejoinAfter(&PhoenixSocket::defaultRejoinAfter)
    , serializer(std::make_unique<PhoenixV2JsonSerializer>())
{
}

QUrl PhoenixSocketPrivate::endpointUrl() const
{
    QUrl endpoint = url;
    QUrlQuery query(endpoint);
    const QJsonObject connectParams = paramsProvider ? paramsProvider() : params;
    for (auto it = connectParams.begin(); it != connectParams.end(); ++it)
        appendQuery(&query, it.key(), it.value());
    query.removeAllQueryItems(u"vsn"_s);
    query.addQueryItem(u"vsn"_s, serializer->vsn());
    endpoint.setQuery(query);
    return endpoint;
}

QString PhoenixSocketPrivate::safeUrl() const
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveUserInfo | QUrl::RemoveFragment).toDisplayString();
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

void PhoenixSocketPrivate::open()
{
    if (ws)
        return;
    reconnectTimer.stop();
    if (!url.isValid() || (url.scheme() != u"ws"_s && url.scheme() != u"wss"_s) || url.host().isEmpty()) {
        qCWarning(lcPhoenixSocket) << "cannot connect: invalid url" << safeUrl();
        setErrorQueued(PhoenixSocket::Error::InvalidUrlError,
                       PhoenixSocket::tr("The URL \"%1\" is not a valid ws:// or wss:// URL.").arg(safeUrl()));
        return;
    }
    closeWasClean = false;
    errorReported = false;

    if (networkAware && !networkHooked) {
        networkHooked = true;
        if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
            QObject::connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, q,
                             [this](QNetworkInformation::Reachability reachability) {
                                 // A hint only: skip the backoff wait when the network is back.
                                 if (networkAware && reachability == QNetworkInformation::Reachability::Online
                                     && reconnectTimer.isActive()) {
                                     qCInfo(lcPhoenixSocket) << "network is back, reconnecting now";
                                     reconnectTimer.stop();
                                     ++reconnectTries;
                                     open();
                                 }
                             });
        }
    }

    QNetworkRequest request(endpointUrl());
    for (auto it = headers.begin(); it != headers.end(); ++it)
        request.setRawHeader(it.key().toUtf8(), it.value().toString().toUtf8());
    QWebSocketHandshakeOptions options;
    const QString token = tokenProvider ? tokenProvider() : authToken;
    if (!token.isEmpty())
        options.setSubprotocols({u"phoenix"_s, encodeToken(token)});

    ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
    ws->setMaxAllowedIncomingMessageSize(quint64(maxMessageSize));
    ws->setMaxAllowedIncomingFrameSize(quint64(maxMessageSize));
#ifndef QT_NO_SSL
    if (hasSslConfiguration)
        ws->setSslConfiguration(sslConfiguration);
#endif
    QObject::connect(ws, &QWebSocket::connected, q, [this] { onOpened(); });
    QObject::connect(ws, &QWebSocket::stateChanged, q, [this, socket = ws](QAbstractSocket::SocketState s) {
        if (s == QAbstractSocket::UnconnectedState && socket == ws)
            onClosed();
    });
    QObject::connect(ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), q,
                     [this, socket = ws](QAbstractSocket::SocketError e) {
                         if (socket == ws)
                             onTransportError(socket, e);
                     });
#ifndef QT_NO_SSL
    QObject::connect(ws, &QWebSocket::sslErrors, q, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts << e.errorString();
        setError(PhoenixSocket::Error::SslError,
                 PhoenixSocket::tr("TLS error while connecting to %1: %2").arg(safeUrl(), texts.join(u"; "_s)));
    });
#endif
    QObject::connect(ws, &QWebSocket::textMessageReceived, q, [this](const QString &frame) { onTextFrame(frame); });
    QObject::connect(ws, &QWebSocket::binaryMessageReceived, q,
                     [this](const QByteArray &frame) { onBinaryFrame(frame); });

    qCInfo(lcPhoenixSocket) << "connecting to" << safeUrl();
    setState(PhoenixSocket::State::Connecting);
    ws->open(request, options);
}

void PhoenixSocketPrivate::onOpened()
{
    qCInfo(lcPhoenixSocket) << "connected to" << safeUrl();
    closeWasClean = false;
    errorReported = false;
    setState(PhoenixSocket::State::Connected);
    flushSendBuffer();
    const bool hadTries = reconnectTries != 0;
    reconnectTries = 0;
    resetHeartbeat();
    // Channels rejoin (errored ones at once), then the app hears about it.
    if (!forEachChannel([](PhoenixChannelPrivate *channel) { channel->onSocketOpen(); }))
        return;
    if (hadTries)
        Q_EMIT q->reconnectScheduled(0, 0);
    Q_EMIT q->connected();
}

void PhoenixSocketPrivate::onClosed()
{
    QWebSocket *closing = ws;
    if (!closing)
        return;
    const PhoenixSocket::State before = state;
    const bool byUser = closeWasClean;
    const auto closeCode = closing->closeCode();
    const QString closeReason = closing->closeReason();
    // A failed attempt may go Unconnected before (or without) its error signal: report it here.
    if (before == PhoenixSocket::State::Connecting && !byUser && !errorReported)
        onTransportError(closing, closing->error() == QAbstractSocket::UnknownSocketError
                                      ? QAbstractSocket::ConnectionRefusedError
                                      : closing->error());
    ws = nullptr;
    closing->disconnect(q);
    closing->deleteLater();
    clearHeartbeats();
    pings.clear();

    qCInfo(lcPhoenixSocket) << "connection to" << safeUrl() << "closed, code" << int(closeCode)
                            << (byUser ? "(requested)" : "");
    const bool heartbeatAborted = std::exchange(this->heartbeatAborted, false);
    if (before == PhoenixSocket::State::Connected && closeCode == QWebSocketProtocol::CloseCodeTooMuchData) {
        errorReported = true;
        setError(PhoenixSocket::Error::ProtocolError,
                 PhoenixSocket::tr("A message larger than %n byte(s) arrived; the connection was closed.", nullptr,
                                   int(std::min<qint64>(maxMessageSize, INT_MAX))));
    }
    if (before == PhoenixSocket::State::Connected && !byUser && !heartbeatAborted && !errorReported) {
        setError(PhoenixSocket::Error::ConnectionLostError,
                 closeReason.isEmpty()
                     ? PhoenixSocket::tr("The connection to %1 was closed (code %2).").arg(safeUrl()).arg(int(closeCode))
                     : PhoenixSocket::tr("The connection to %1 was closed (code %2: %3).")
                           .arg(safeUrl())
                           .arg(int(closeCode))
                           .arg(closeReason));
    }

    const PhoenixDeletionGuard guard(&guards);
    const QString reason = PhoenixSocket::tr("The connection to the server was lost.");
    if (!forEachChannel([&reason](PhoenixChannelPrivate *channel) { channel->onSocketClosed(reason); }))
        return;
    setState(PhoenixSocket::State::Disconnected);
    if (!guard)
        return;
    Q_EMIT q->disconnected();
    if (!guard)
        return;
    // Reconnect after any close we did not ask for, whatever its code (phoenix.js 1.8.16).
    if (!byUser && autoReconnect && !ws)
        scheduleReconnect();
}

void PhoenixSocketPrivate::onTransportError(QWebSocket *socket, QAbstractSocket::SocketError socketError)
{
    if (closeWasClean || errorReported)
        return; // errors while we close on purpose, or after the first of an attempt, are noise
    if (state == PhoenixSocket::State::Connected && socketError == QAbstractSocket::RemoteHostClosedError)
        return; // reported with its close code when the close is handled
    errorReported = true;
    QString detail = socket->errorString();
    // Never print what the query holds (params, tokens).
    const QString query = socket->requestUrl().query(QUrl::FullyEncoded);
    if (!query.isEmpty())
        detail.replace(query, u"…"_s);
    const QString decoded = socket->requestUrl().query(QUrl::FullyDecoded);
    if (!decoded.isEmpty())
        detail.replace(decoded, u"…"_s);
    PhoenixSocket::Error kind = PhoenixSocket::Error::TransportError;
    QString message;
    switch (socketError) {
    case QAbstractSocket::ConnectionRefusedError:
        kind = PhoenixSocket::Error::ConnectionRefusedError;
        message = PhoenixSocket::tr("The server at %1 refused the connection: %2").arg(safeUrl(), detail);
        break;
    case QAbstractSocket::HostNotFoundError:
        kind = PhoenixSocket::Error::HostNotFoundError;
        message = PhoenixSocket::tr("The host of %1 was not found.").arg(safeUrl());
        break;
    case QAbstractSocket::RemoteHostClosedError:
        kind = PhoenixSocket::Error::ConnectionLostError;
        message = PhoenixSocket::tr("The server at %1 closed the connection.").arg(safeUrl());
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        kind = PhoenixSocket::Error::SslError;
        message = PhoenixSocket::tr("TLS error while connecting to %1: %2").arg(safeUrl(), detail);
        break;
    default:
        message = PhoenixSocket::tr("Network error on %1: %2").arg(safeUrl(), detail);
        break;
    }
    qCWarning(lcPhoenixSocket).noquote() << message;
    setError(kind, message);
}

void PhoenixSocketPrivate::dropConnection(bool abortConnection)
{
    if (!ws)
        return;
    QWebSocket *old = ws;
    ws = nullptr;
    old->disconnect(q);
    clearHeartbeats();
    pings.clear();
    if (abortConnection || old->state() != QAbstractSocket::ConnectedState)
        old->abort();
    else
        old->close(QWebSocketProtocol::CloseCodeNormal, u"reconnecting"_s);
    old->deleteLater();
}

void PhoenixSocketPrivate::reconnectIfActive()
{
    if (state != PhoenixSocket::State::Connected && state != PhoenixSocket::State::Connecting)
        return;
    qCInfo(lcPhoenixSocket) << "settings changed, reconnecting";
    dropConnection(false);
    const PhoenixDeletionGuard guard(&guards);
    const QString reason = PhoenixSocket::tr("The socket reconnects with new settings.");
    if (!forEachChannel([&reason](PhoenixChannelPrivate *channel) { channel->onSocketClosed(reason); }))
        return;
    setState(PhoenixSocket::State::Disconnected);
    Q_EMIT q->disconnected();
    if (guard)
        open();
}

void PhoenixSocketPrivate::scheduleReconnect()
{
    const int attempt = reconnectTries + 1;
    int delay = std::max(0, reconnectAfter ? reconnectAfter(attempt) : PhoenixSocket::defaultReconnectAfter(attempt));
    if (jitter > 0.0)
        delay = int(delay * (1.0 - jitter * QRandomGenerator::global()->generateDouble()));
    qCInfo(lcPhoenixSocket) << "reconnecting in" << delay << "ms (attempt" << attempt << ")";
    reconnectTimer.start(delay, Qt::PreciseTimer, q);
    Q_EMIT q->reconnectScheduled(attempt, delay);
}

int PhoenixSocketPrivate::rejoinDelay(int tries) const
{
    return std::max(0, rejoinAfter ? rejoinAfter(tries) : PhoenixSocket::defaultRejoinAfter(tries));
}

// ---- Heartbeat -------------------------------------------------------------------------------------

void PhoenixSocketPrivate::resetHeartbeat()
{
    clearHeartbeats();
    if (heartbeatInterval > 0)
        heartbeatTimer.start(heartbeatInterval, q);
}

void PhoenixSocketPrivate::clearHeartbeats()
{
    heartbeatTimer.stop();
    heartbeatTimeoutTimer.stop();
    pendingHeartbeatRef.clear();
}

void PhoenixSocketPrivate::sendHeartbeat()
{
    if (state != PhoenixSocket::State::Connected)
        return;
    pendingHeartbeatRef = q->makeRef();
    PhoenixMessage heartbeat;
    heartbeat.ref = pendingHeartbeatRef;
    heartbeat.topic = u"phoenix"_s;
    heartbeat.event = u"heartbeat"_s;
    heartbeatClock.start();
    writeFrame(heartbeat, nullptr);
    heartbeatTimeoutTimer.start(heartbeatTimeout >= 0 ? heartbeatTimeout : heartbeatInterval, q);
}

void PhoenixSocketPrivate::onHeartbeatTimeout()
{
    if (pendingHeartbeatRef.isEmpty() || !ws)
        return;
    pendingHeartbeatRef.clear();
    qCWarning(lcPhoenixSocket) << "heartbeat timeout: the connection to" << safeUrl() << "is dead, reconnecting";
    closeWasClean = false;
    setError(PhoenixSocket::Error::HeartbeatTimeoutError,
             PhoenixSocket::tr("The server at %1 did not answer the heartbeat in time.").arg(safeUrl()));
    // A half-open TCP connection never completes a close handshake: abort it.
    heartbeatAborted = true;
    if (ws)
        ws->abort();
}

void PhoenixSocketPrivate::setLatency(int ms)
{
    if (latency == ms)
        return;
    latency = ms;
    Q_EMIT q->latencyChanged(ms);
}

// ---- Receiving -------------------------------------------------------------------------------------

void PhoenixSocketPrivate::onTextFrame(const QString &frame)
{
    PhoenixMessage message;
    QString problem;
    if (!serializer->decodeText(frame.toUtf8(), &message, &problem)) {
        qCWarning(lcPhoenixSocket).noquote() << "dropping a malformed frame:" << problem;
        setError(PhoenixSocket::Error::ProtocolError, PhoenixSocket::tr("Dropped a malformed message: %1").arg(problem));
        return;
    }
    onMessage(message);
}

void PhoenixSocketPrivate::onBinaryFrame(const QByteArray &frame)
{
    PhoenixMessage message;
    QString problem;
    if (!serializer->decodeBinary(frame, &message, &problem)) {
        qCWarning(lcPhoenixSocket).noquote() << "dropping a malformed binary frame:" << problem;
        setError(PhoenixSocket::Error::ProtocolError, PhoenixSocket::tr("Dropped a malformed message: %1").arg(problem));
        return;
    }
    onMessage(message);
}

void PhoenixSocketPrivate::onMessage(const PhoenixMessage &message)
{
    qCDebug(lcPhoenixWire).noquote() << "in " << message.topic << message.event << message.joinRef << message.ref;
    if (!message.ref.isNull()) {
        if (message.ref == pendingHeartbeatRef) {
            // Schedule the next heartbeat from the reply (phoenix.js, PR #4309).
            heartbeatTimeoutTimer.stop();
            pendingHeartbeatRef.clear();
            setLatency(int(heartbeatClock.elapsed()));
            if (heartbeatInterval > 0)
                heartbeatTimer.start(heartbeatInterval, q);
            return;
        }
        if (!pings.isEmpty()) {
            const auto it = pings.constFind(message.ref);
            if (it != pings.constEnd()) {
                const int roundTrip = int(it->elapsed());
                pings.erase(it);
                setLatency(roundTrip);
                Q_EMIT q->pong(roundTrip);
                return;
            }
        }
    }
    static const QMetaMethod messageReceivedSignal = QMetaMethod::fromSignal(&PhoenixSocket::messageReceived);
    const PhoenixDeletionGuard guard(&guards);
    if (q->isSignalConnected(messageReceivedSignal)) {
        Q_EMIT q->messageReceived(message);
        if (!guard)
            return;
    }
    // O(1) routing by topic; several instances of one topic are rare (a join replacing another).
    const auto it = byTopic.constFind(message.topic);
    if (it == byTopic.constEnd()) {
        // After a leave, Phoenix still sends the leave's reply and a phx_close: expected, not worth a warning.
        if (message.event == QStringView(PhoenixEvents::Reply) || message.event == QStringView(PhoenixEvents::Close)
            || message.topic == QStringView(PhoenixEvents::PhoenixTopic))
            qCDebug(lcPhoenixSocket).noquote() << "ignoring" << message.event << "for a topic without channel:"
                                               << message.topic;
        else
            qCWarning(lcPhoenixSocket).noquote() << "dropping a message for a topic without channel:" << message.topic
                                                 << message.event;
        return;
    }
    PhoenixChannelPrivate *first = it.value();
    if (!first->nextSameTopic) {
        if (message.joinRef.isEmpty() || message.joinRef == first->joinRef())
            first->dispatch(message);
        else
            qCDebug(lcPhoenixChannel).noquote() << "dropping outdated message" << message.topic << message.event;
        return;
    }
    QVarLengthArray<PhoenixChannelPrivate *, 4> targets;
    for (PhoenixChannelPrivate *channel = first; channel; channel = channel->nextSameTopic)
        targets.append(channel);
    for (PhoenixChannelPrivate *channel : targets) {
        // Skip instances an earlier handler removed (pointer comparison only: never dereferenced if gone).
        const auto current = byTopic.constFind(message.topic);
        bool stillRouted = false;
        for (PhoenixChannelPrivate *c = current == byTopic.constEnd() ? nullptr : current.value(); c;
             c = c->nextSameTopic)
            stillRouted = stillRouted || c == channel;
        if (!stillRouted)
            continue;
        if (message.joinRef.isEmpty() || message.joinRef == channel->joinRef())
            channel->dispatch(message);
        if (!guard)
            return;
    }
}

// ---- Sending ---------------------------------------------------------------------------------------

bool PhoenixSocketPrivate::bufferFull() const
{
    return sendBufferLimit > 0 && buffered >= sendBufferLimit;
}

void PhoenixSocketPrivate::adjustBuffered(int delta)
{
    buffered += delta;
    Q_EMIT q->bufferedMessagesChanged(buffered);
}

bool PhoenixSocketPrivate::writeFrame(const PhoenixMessage &message, QString *errorString)
{
    qCDebug(lcPhoenixWire).noquote() << "out" << message.topic << message.event << message.joinRef << message.ref;
    if (message.binary) {
        const QByteArray frame = serializer->encodeBinary(message, errorString);
        if (frame.isEmpty())
            return false;
        ws->sendBinaryMessage(frame);
    } else {
        ws->sendTextMessage(QString::fromUtf8(serializer->encodeText(message)));
    }
    return true;
}

PhoenixSocketPrivate::SendResult PhoenixSocketPrivate::send(const PhoenixMessage &message,
                                                            PhoenixChannelPrivate *channel, QString *errorString)
{
    if (state == PhoenixSocket::State::Connected && ws)
        return writeFrame(message, errorString) ? SendResult::Sent : SendResult::EncodingFailed;
    const bool control = message.event == QStringView(PhoenixEvents::Join)
                      || message.event == QStringView(PhoenixEvents::Leave);
    if (!control && bufferFull())
        return SendResult::BufferFull;
    sendBuffer.push_back(Buffered{message, channel});
    adjustBuffered(+1);
    return SendResult::Buffered;
}

void PhoenixSocketPrivate::flushSendBuffer()
{
    if (sendBuffer.empty())
        return;
    std::deque<Buffered> pendingFrames;
    pendingFrames.swap(sendBuffer);
    adjustBuffered(-int(pendingFrames.size()));
    for (const Buffered &entry : pendingFrames) {
        if (!ws || state != PhoenixSocket::State::Connected)
            break;
        if (const PhoenixChannelPrivate *channel = entry.channel) {
            // Drop frames of a channel that closed or rejoined since (phoenix.js isOutdated).
            const bool isLeave = entry.message.event == QStringView(PhoenixEvents::Leave);
            if (!isLeave
                && (entry.message.joinRef != channel->joinRef() || channel->state == PhoenixChannel::State::Closed))
                continue;
        }
        QString ignored;
        writeFrame(entry.message, &ignored);
    }
}

// ---- Channels --------------------------------------------------------------------------------------

void PhoenixSocketPrivate::route(PhoenixChannelPrivate *channel)
{
    if (channel->routed)
        return;
    channel->routed = true;
    channel->nextSameTopic = nullptr;
    PhoenixChannelPrivate *&head = byTopic[channel->topic];
    if (!head) {
        head = channel;
        return;
    }
    PhoenixChannelPrivate *tail = head;
    while (tail->nextSameTopic)
        tail = tail->nextSameTopic;
    tail->nextSameTopic = channel;
}

void PhoenixSocketPrivate::unroute(PhoenixChannelPrivate *channel)
{
    if (!channel->routed)
        return;
    channel->routed = false;
    const auto it = byTopic.find(channel->topic);
    if (it != byTopic.end()) {
        if (it.value() == channel) {
            if (channel->nextSameTopic)
                it.value() = channel->nextSameTopic;
            else
                byTopic.erase(it);
        } else {
            for (PhoenixChannelPrivate *c = it.value(); c; c = c->nextSameTopic) {
                if (c->nextSameTopic == channel) {
                    c->nextSameTopic = channel->nextSameTopic;
                    break;
                }
            }
        }
    }
    channel->nextSameTopic = nullptr;
}

bool PhoenixSocketPrivate::forEachChannel(const std::function<void(PhoenixChannelPrivate *)> &visit)
{
    std::vector<PhoenixChannelPrivate *> snapshot;
    snapshot.reserve(size_t(byTopic.size()));
    for (PhoenixChannelPrivate *first : std::as_const(byTopic)) {
        for (PhoenixChannelPrivate *channel = first; channel; channel = channel->nextSameTopic)
            snapshot.push_back(channel);
    }
    const PhoenixDeletionGuard guard(&guards);
    walks.append(&snapshot);
    for (PhoenixChannelPrivate *channel : snapshot) {
        if (!channel)
            continue; // deleted by an earlier visit
        visit(channel);
        if (!guard)
            return false;
    }
    walks.removeLast();
    return true;
}

void PhoenixSocketPrivate::leaveOpenTopic(const QString &topic, PhoenixChannelPrivate *except)
{
    const auto it = byTopic.constFind(topic);
    if (it == byTopic.constEnd())
        return;
    QVarLengthArray<PhoenixChannelPrivate *, 4> others;
    for (PhoenixChannelPrivate *channel = it.value(); channel; channel = channel->nextSameTopic)
        others.append(channel);
    for (PhoenixChannelPrivate *other : others) {
        if (other != except
            && (other->state == PhoenixChannel::State::Joined || other->state == PhoenixChannel::State::Joining)) {
            qCInfo(lcPhoenixChannel).noquote() << "leaving the other instance of" << topic << "before joining";
            other->q->leave();
        }
    }
}

void PhoenixSocketPrivate::removeChannel(PhoenixChannelPrivate *channel)
{
    unroute(channel);
    const auto before = sendBuffer.size();
    sendBuffer.erase(std::remove_if(sendBuffer.begin(), sendBuffer.end(),
                                    [channel](const Buffered &entry) { return entry.channel == channel; }),
                     sendBuffer.end());
    if (sendBuffer.size() != before)
        adjustBuffered(-int(before - sendBuffer.size()));
    for (std::vector<PhoenixChannelPrivate *> *walk : std::as_const(walks))
        std::replace(walk->begin(), walk->end(), channel, static_cast<PhoenixChannelPrivate *>(nullptr));
}

// ---- PhoenixSocket ---------------------------------------------------------------------------------

PhoenixSocket::PhoenixSocket(QObject *parent)
    : QObject(parent), d(std::make_unique<PhoenixSocketPrivate>(this))
{
}

PhoenixSocket::PhoenixSocket(const QUrl &url, QObject *parent)
    : PhoenixSocket(parent)
{
    d->url = url;
}

PhoenixSocket::~PhoenixSocket()
{
    PhoenixDeletionGuard::markDeleted(d->guards);
    d->destroying = true;
    d->dropConnection(false);
    // Channels are children and die with the QObject base; cut their way back to us first.
    for (PhoenixChannel *channel : findChildren<PhoenixChannel *>(Qt::FindDirectChildrenOnly))
        channel->d->socket = nullptr;
    d->byTopic.clear();
}

QUrl PhoenixSocket::url() const
{
    return d->url;
}

void PhoenixSocket::setUrl(const QUrl &url)
{
    if (d->url == url)
        return;
    d->url = url;
    Q_EMIT urlChanged(url);
    d->reconnectIfActive();
}

QJsonObject PhoenixSocket::params() const
{
    return d->params;
}

void PhoenixSocket::setParams(const QJsonObject &params)
{
    if (d->params == params)
        return;
    d->params = params;
    Q_EMIT paramsChanged(params);
    d->reconnectIfActive();
}

void PhoenixSocket::setParamsProvider(ParamsProvider provider)
{
    d->paramsProvider = std::move(provider);
}

QVariantMap PhoenixSocket::headers() const
{
    return d->headers;
}

void PhoenixSocket::setHeaders(const QVariantMap &headers)
{
    if (d->headers == headers)
        return;
    d->headers = headers;
    Q_EMIT headersChanged(headers);
    d->reconnectIfActive();
}

QString PhoenixSocket::authToken() const
{
    return d->authToken;
}

void PhoenixSocket::setAuthToken(const QString &token)
{
    if (d->authToken == token)
        return;
    d->authToken = token;
    Q_EMIT authTokenChanged();
    d->reconnectIfActive();
}

void PhoenixSocket::setAuthTokenProvider(TokenProvider provider)
{
    d->tokenProvider = std::move(provider);
}

int PhoenixSocket::heartbeatInterval() const
{
    return d->heartbeatInterval;
}

void PhoenixSocket::setHeartbeatInterval(int ms)
{
    ms = std::max(0, ms);
    if (d->heartbeatInterval == ms)
        return;
    d->heartbeatInterval = ms;
    if (d->state == State::Connected)
        d->resetHeartbeat();
    Q_EMIT heartbeatIntervalChanged(ms);
}

int PhoenixSocket::heartbeatTimeout() const
{
    return d->heartbeatTimeout;
}

void PhoenixSocket::setHeartbeatTimeout(int ms)
{
    ms = std::max(-1, ms);
    if (d->heartbeatTimeout == ms)
        return;
    d->heartbeatTimeout = ms;
    Q_EMIT heartbeatTimeoutChanged(ms);
}

int PhoenixSocket::timeout() const
{
    return d->timeout;
}

void PhoenixSocket::setTimeout(int ms)
{
    ms = std::max(0, ms);
    if (d->timeout == ms)
        return;
    d->timeout = ms;
    Q_EMIT timeoutChanged(ms);
}

bool PhoenixSocket::autoReconnect() const
{
    return d->autoReconnect;
}

void PhoenixSocket::setAutoReconnect(bool enabled)
{
    if (d->autoReconnect == enabled)
        return;
    d->autoReconnect = enabled;
    if (!enabled)
        d->reconnectTimer.stop();
    Q_EMIT autoReconnectChanged(enabled);
}

double PhoenixSocket::reconnectJitter() const
{
    return d->jitter;
}

void PhoenixSocket::setReconnectJitter(double fraction)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    if (qFuzzyCompare(d->jitter + 1.0, fraction + 1.0))
        return;
    d->jitter = fraction;
    Q_EMIT reconnectJitterChanged(fraction);
}

int PhoenixSocket::sendBufferLimit() const
{
    return d->sendBufferLimit;
}

void PhoenixSocket::setSendBufferLimit(int messages)
{
    messages = std::max(0, messages);
    if (d->sendBufferLimit == messages)
        return;
    d->sendBufferLimit = messages;
    Q_EMIT sendBufferLimitChanged(messages);
}

int PhoenixSocket::bufferedMessages() const
{
    return d->buffered;
}

qint64 PhoenixSocket::maxMessageSize() const
{
    return d->maxMessageSize;
}

void PhoenixSocket::setMaxMessageSize(qint64 bytes)
{
    bytes = std::max<qint64>(1024, bytes);
    if (d->maxMessageSize == bytes)
        return;
    d->maxMessageSize = bytes;
    Q_EMIT maxMessageSizeChanged(bytes);
}

bool PhoenixSocket::isNetworkAware() const
{
    return d->networkAware;
}

void PhoenixSocket::setNetworkAware(bool enabled)
{
    if (d->networkAware == enabled)
        return;
    d->networkAware = enabled;
    Q_EMIT networkAwareChanged(enabled);
}

void PhoenixSocket::setReconnectAfter(BackoffFunction schedule)
{
    d->reconnectAfter = schedule ? std::move(schedule) : BackoffFunction(&PhoenixSocket::defaultReconnectAfter);
}

PhoenixSocket::BackoffFunction PhoenixSocket::reconnectAfter() const
{
    return d->reconnectAfter;
}

void PhoenixSocket::setRejoinAfter(BackoffFunction schedule)
{
    d->rejoinAfter = schedule ? std::move(schedule) : BackoffFunction(&PhoenixSocket::defaultRejoinAfter);
}

PhoenixSocket::BackoffFunction PhoenixSocket::rejoinAfter() const
{
    return d->rejoinAfter;
}

int PhoenixSocket::defaultReconnectAfter(int tries)
{
    static constexpr int schedule[] = {10, 50, 100, 150, 200, 250, 500, 1000, 2000};
    return tries >= 1 && tries <= int(std::size(schedule)) ? schedule[tries - 1] : 5000;
}

int PhoenixSocket::defaultRejoinAfter(int tries)
{
    static constexpr int schedule[] = {1000, 2000, 5000};
    return tries >= 1 && tries <= int(std::size(schedule)) ? schedule[tries - 1] : 10000;
}

void PhoenixSocket::setSerializer(std::unique_ptr<PhoenixSerializer> serializer)
{
    d->serializer = serializer ? std::move(serializer) : std::make_unique<PhoenixV2JsonSerializer>();
}

const PhoenixSerializer *PhoenixSocket::serializer() const
{
    return d->serializer.get();
}

#ifndef QT_NO_SSL
QSslConfiguration PhoenixSocket::sslConfiguration() const
{
    return d->hasSslConfiguration ? d->sslConfiguration : QSslConfiguration::defaultConfiguration();
}

void PhoenixSocket::setSslConfiguration(const QSslConfiguration &configuration)
{
    d->sslConfiguration = configuration;
    d->hasSslConfiguration = true;
}
#endif

PhoenixSocket::State PhoenixSocket::state() const
{
    return d->state;
}

bool PhoenixSocket::isConnected() const
{
    return d->state == State::Connected;
}

int PhoenixSocket::latency() const
{
    return d->latency;
}

int PhoenixSocket::reconnectAttempts() const
{
    return d->reconnectTries;
}

PhoenixSocket::Error PhoenixSocket::error() const
{
    return d->error;
}

QString PhoenixSocket::errorString() const
{
    return d->errorString;
}

PhoenixChannel *PhoenixSocket::channel(const QString &topic, const QJsonObject &params)
{
    auto *channel = new PhoenixChannel(topic, params, this); // owned by this socket (QObject parent)
    d->route(channel->d.get());
    return channel;
}

QList<PhoenixChannel *> PhoenixSocket::channels() const
{
    return findChildren<PhoenixChannel *>(Qt::FindDirectChildrenOnly);
}

bool PhoenixSocket::ping()
{
    if (d->state != State::Connected || !d->ws)
        return false;
    PhoenixMessage heartbeat;
    heartbeat.ref = makeRef();
    heartbeat.topic = u"phoenix"_s;
    heartbeat.event = u"heartbeat"_s;
    QElapsedTimer clock;
    clock.start();
    d->pings.insert(heartbeat.ref, clock);
    return d->writeFrame(heartbeat, nullptr);
}

QString PhoenixSocket::send(const PhoenixMessage &message)
{
    PhoenixMessage copy = message;
    if (copy.ref.isEmpty())
        copy.ref = makeRef();
    QString problem;
    switch (d->send(copy, nullptr, &problem)) {
    case PhoenixSocketPrivate::SendResult::BufferFull:
        d->setErrorQueued(Error::SendBufferFullError,
                          tr("The send buffer is full (%n message(s)); a message was not sent.", nullptr,
                             d->sendBufferLimit));
        return {};
    case PhoenixSocketPrivate::SendResult::EncodingFailed:
        d->setErrorQueued(Error::ProtocolError, tr("A message could not be encoded: %1").arg(problem));
        return {};
    case PhoenixSocketPrivate::SendResult::Sent:
    case PhoenixSocketPrivate::SendResult::Buffered:
        break;
    }
    return copy.ref;
}

QString PhoenixSocket::makeRef()
{
    ++d->refCounter;
    return QString::number(d->refCounter);
}

void PhoenixSocket::connectToServer()
{
    if (d->ws)
        return;
    d->open();
}

void PhoenixSocket::connectToServer(const QUrl &url)
{
    if (d->url != url) {
        d->url = url;
        Q_EMIT urlChanged(url);
        d->reconnectIfActive();
    }
    connectToServer();
}

void PhoenixSocket::disconnectFromServer(int code, const QString &reason)
{
    d->closeWasClean = true;
    d->reconnectTimer.stop();
    d->clearHeartbeats();
    if (!d->ws) {
        d->setState(State::Disconnected);
        return;
    }
    qCInfo(lcPhoenixSocket) << "disconnecting from" << d->safeUrl();
    if (d->ws->state() != QAbstractSocket::ConnectedState) {
        d->ws->abort();
        return;
    }
    d->setState(State::Disconnecting);
    QWebSocket *const closing = d->ws;
    closing->close(QWebSocketProtocol::CloseCode(code), reason);
    // The close may complete inside close(); otherwise a dead peer never answers the close
    // handshake, so do not wait for it forever.
    if (d->ws == closing)
        QTimer::singleShot(CloseGraceMs, closing, [closing] { closing->abort(); });
}

void PhoenixSocket::timerEvent(QTimerEvent *event)
{
    const int id = event->timerId();
    if (id == d->heartbeatTimer.timerId()) {
        d->heartbeatTimer.stop();
        d->sendHeartbeat();
    } else if (id == d->heartbeatTimeoutTimer.timerId()) {
        d->heartbeatTimeoutTimer.stop();
        d->onHeartbeatTimeout();
    } else if (id == d->reconnectTimer.timerId()) {
        d->reconnectTimer.stop();
        ++d->reconnectTries;
        d->open();
    } else {
        QObject::timerEvent(event);
    }
}
