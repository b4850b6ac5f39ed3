// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixSocket's public API: properties and commands, forwarded to the engine (phoenixsocket_p.cpp).
#include "phoenixsocket.h"

#include "phoenixchannel_p.h"
#include "phoenixlogging_p.h"
#include "phoenixsocket_p.h"

#include <QtCore/QTimerEvent>

#include <algorithm>

using namespace Qt::StringLiterals;

// ---- PhoenixSocket ---------------------------------------------------------------------------------

PhoenixSocket::PhoenixSocket(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<PhoenixSocketPrivate>(this))
{
}

PhoenixSocket::PhoenixSocket(const QUrl &url, QObject *parent)
    : PhoenixSocket(parent)
{
    d->settings.url = url;
}

PhoenixSocket::~PhoenixSocket()
{
    d->life.end();
    // Channels are children and die with the QObject base, after the engine: cut their way back first.
    for (PhoenixChannelPrivate *channel : d->registry.all())
        channel->detachFromHost();
    if (d->connection) {
        PhoenixTransport *transport = d->connection->transport;
        d->connection.reset();
        d->retire(transport, true, 1000, QString());
    }
}

QUrl PhoenixSocket::url() const
{
    return d->settings.url;
}

void PhoenixSocket::setUrl(const QUrl &url)
{
    if (d->settings.url == url)
        return;
    d->settings.url = url;
    Q_EMIT urlChanged(url);
    d->reconnectIfActive();
}

QJsonObject PhoenixSocket::params() const
{
    return d->settings.params;
}

void PhoenixSocket::setParams(const QJsonObject &params)
{
    if (d->settings.params == params)
        return;
    d->settings.params = params;
    Q_EMIT paramsChanged(params);
    d->reconnectIfActive();
}

void PhoenixSocket::setParamsProvider(ParamsProvider provider)
{
    d->settings.paramsProvider = std::move(provider);
}

QVariantMap PhoenixSocket::headers() const
{
    return d->settings.headers;
}

void PhoenixSocket::setHeaders(const QVariantMap &headers)
{
    if (d->settings.headers == headers)
        return;
    d->settings.headers = headers;
    Q_EMIT headersChanged(headers);
    d->reconnectIfActive();
}

QString PhoenixSocket::authToken() const
{
    return d->settings.authToken;
}

void PhoenixSocket::setAuthToken(const QString &token)
{
    if (d->settings.authToken == token)
        return;
    d->settings.authToken = token;
    Q_EMIT authTokenChanged();
    d->reconnectIfActive();
}

void PhoenixSocket::setAuthTokenProvider(TokenProvider provider)
{
    d->settings.tokenProvider = std::move(provider);
}

int PhoenixSocket::heartbeatInterval() const
{
    return d->settings.heartbeatInterval;
}

void PhoenixSocket::setHeartbeatInterval(int ms)
{
    ms = std::max(0, ms);
    if (d->settings.heartbeatInterval == ms)
        return;
    d->settings.heartbeatInterval = ms;
    if (d->isConnected())
        d->resetHeartbeat();
    Q_EMIT heartbeatIntervalChanged(ms);
}

int PhoenixSocket::heartbeatTimeout() const
{
    return d->settings.heartbeatTimeout;
}

void PhoenixSocket::setHeartbeatTimeout(int ms)
{
    ms = std::max(-1, ms);
    if (d->settings.heartbeatTimeout == ms)
        return;
    d->settings.heartbeatTimeout = ms;
    Q_EMIT heartbeatTimeoutChanged(ms);
}

int PhoenixSocket::timeout() const
{
    return d->settings.timeout;
}

void PhoenixSocket::setTimeout(int ms)
{
    ms = std::max(0, ms);
    if (d->settings.timeout == ms)
        return;
    d->settings.timeout = ms;
    Q_EMIT timeoutChanged(ms);
}

bool PhoenixSocket::autoReconnect() const
{
    return d->settings.autoReconnect;
}

void PhoenixSocket::setAutoReconnect(bool enabled)
{
    if (d->settings.autoReconnect == enabled)
        return;
    d->settings.autoReconnect = enabled;
    if (!enabled) {
        d->reconnectTimer.stop();
        d->reconnectPaused = false;
    }
    Q_EMIT autoReconnectChanged(enabled);
}

double PhoenixSocket::reconnectJitter() const
{
    return d->settings.reconnectJitter;
}

void PhoenixSocket::setReconnectJitter(double fraction)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    if (qFuzzyCompare(d->settings.reconnectJitter + 1.0, fraction + 1.0))
        return;
    d->settings.reconnectJitter = fraction;
    Q_EMIT reconnectJitterChanged(fraction);
}

int PhoenixSocket::sendBufferLimit() const
{
    return d->settings.sendBufferLimit;
}

void PhoenixSocket::setSendBufferLimit(int messages)
{
    messages = std::max(0, messages);
    if (d->settings.sendBufferLimit == messages)
        return;
    d->settings.sendBufferLimit = messages;
    if (messages == 0 || d->buffered < messages)
        d->bufferFullReported = false;
    Q_EMIT sendBufferLimitChanged(messages);
}

int PhoenixSocket::bufferedMessages() const
{
    return d->buffered;
}

qint64 PhoenixSocket::maxMessageSize() const
{
    return d->settings.maxMessageSize;
}

void PhoenixSocket::setMaxMessageSize(qint64 bytes)
{
    bytes = std::max<qint64>(1024, bytes);
    if (d->settings.maxMessageSize == bytes)
        return;
    d->settings.maxMessageSize = bytes;
    Q_EMIT maxMessageSizeChanged(bytes);
}

bool PhoenixSocket::isNetworkAware() const
{
    return d->settings.networkAware;
}

void PhoenixSocket::setNetworkAware(bool enabled)
{
    if (d->settings.networkAware == enabled)
        return;
    d->settings.networkAware = enabled;
    d->onNetworkAwareChanged();
    Q_EMIT networkAwareChanged(enabled);
}

int PhoenixSocket::connectTimeout() const
{
    return d->settings.connectTimeout;
}

void PhoenixSocket::setConnectTimeout(int ms)
{
    ms = std::max(0, ms);
    if (d->settings.connectTimeout == ms)
        return;
    d->settings.connectTimeout = ms;
    Q_EMIT connectTimeoutChanged(ms);
}

PhoenixSocket::Transport PhoenixSocket::transport() const
{
    return d->settings.transport;
}

void PhoenixSocket::setTransport(Transport transport)
{
    if (d->settings.transport == transport)
        return;
    d->settings.transport = transport;
    Q_EMIT transportChanged(transport);
    d->reconnectIfActive();
}

int PhoenixSocket::longPollFallback() const
{
    return d->settings.longPollFallback;
}

void PhoenixSocket::setLongPollFallback(int ms)
{
    ms = std::max(0, ms);
    if (d->settings.longPollFallback == ms)
        return;
    d->settings.longPollFallback = ms;
    if (ms == 0)
        d->fallbackTimer.stop(); // off: a WebSocket attempt under way is no longer watched
    Q_EMIT longPollFallbackChanged(ms);
}

int PhoenixSocket::longPollTimeout() const
{
    return d->settings.longPollTimeout;
}

void PhoenixSocket::setLongPollTimeout(int ms)
{
    ms = std::max(1, ms);
    if (d->settings.longPollTimeout == ms)
        return;
    d->settings.longPollTimeout = ms;
    Q_EMIT longPollTimeoutChanged(ms);
}

void PhoenixSocket::setTransportFactory(TransportFactory factory)
{
    d->settings.transportFactory = std::move(factory);
}

PhoenixSocket::TransportFactory PhoenixSocket::transportFactory() const
{
    return d->settings.transportFactory;
}

void PhoenixSocket::setReconnectAfter(BackoffFunction schedule)
{
    d->settings.reconnectAfter =
        schedule ? std::move(schedule) : BackoffFunction(&PhoenixSocket::defaultReconnectAfter);
}

PhoenixSocket::BackoffFunction PhoenixSocket::reconnectAfter() const
{
    return d->settings.reconnectAfter;
}

void PhoenixSocket::setRejoinAfter(BackoffFunction schedule)
{
    d->settings.rejoinAfter =
        schedule ? std::move(schedule) : BackoffFunction(&PhoenixSocket::defaultRejoinAfter);
}

PhoenixSocket::BackoffFunction PhoenixSocket::rejoinAfter() const
{
    return d->settings.rejoinAfter;
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
    if (!serializer)
        serializer = std::make_unique<PhoenixV2JsonSerializer>();
    if (d->connection)
        d->pendingSerializer = std::move(serializer); // the open connection keeps its own
    else
        d->serializer = std::move(serializer);
}

const PhoenixSerializer *PhoenixSocket::serializer() const
{
    return d->pendingSerializer ? d->pendingSerializer.get() : d->serializer.get();
}

#ifndef QT_NO_SSL
QSslConfiguration PhoenixSocket::sslConfiguration() const
{
    return d->settings.hasSslConfiguration ? d->settings.sslConfiguration
                                           : QSslConfiguration::defaultConfiguration();
}

void PhoenixSocket::setSslConfiguration(const QSslConfiguration &configuration)
{
    d->settings.sslConfiguration = configuration;
    d->settings.hasSslConfiguration = true;
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
    return d->createChannel(topic, params); // owned by this socket (QObject parent)
}

QList<PhoenixChannel *> PhoenixSocket::channels() const
{
    QList<PhoenixChannel *> result;
    const QList<PhoenixChannelPrivate *> all = d->registry.all();
    result.reserve(all.size());
    for (PhoenixChannelPrivate *channel : all)
        result.append(channel->q);
    return result;
}

bool PhoenixSocket::ping()
{
    if (!d->isConnected())
        return false;
    const quint64 ref = d->nextRef();
    QElapsedTimer clock;
    clock.start();
    d->connection->pings.insert(ref, clock);
    d->writeHeartbeat(ref);
    return true;
}

QString PhoenixSocket::send(const PhoenixMessage &message)
{
    PhoenixMessage copy = message;
    if (copy.ref.isEmpty())
        copy.ref = makeRef();
    QString problem;
    switch (d->sendFrame(copy, nullptr, &problem)) {
    case PhoenixChannelHost::SendResult::BufferFull:
        d->reportBufferFull(tr("The send buffer is full (%n message(s)); a message was not sent.", nullptr,
                               d->settings.sendBufferLimit));
        return {};
    case PhoenixChannelHost::SendResult::EncodingFailed:
        d->setErrorQueued(Error::ProtocolError, tr("A message could not be encoded: %1").arg(problem));
        return {};
    case PhoenixChannelHost::SendResult::Sent:
    case PhoenixChannelHost::SendResult::Buffered:
        break;
    }
    return copy.ref;
}

QString PhoenixSocket::makeRef()
{
    return QString::number(d->nextRef());
}

void PhoenixSocket::connectToServer()
{
    if (d->connection && !d->connection->closing)
        return;
    if (d->connection) {
        // A close is under way (disconnectFromServer() just before): finish it here and connect anew;
        // the old transport completes its close on its own.
        const PhoenixWatch guard(&d->life);
        d->finishConnection(false);
        if (!guard || d->connection)
            return;
    }
    d->open();
}

void PhoenixSocket::connectToServer(const QUrl &url)
{
    if (d->settings.url != url) {
        d->settings.url = url;
        Q_EMIT urlChanged(url);
        d->reconnectIfActive();
    }
    connectToServer();
}

void PhoenixSocket::disconnectFromServer(int code, const QString &reason)
{
    d->closeWasClean = true;
    d->reconnectTimer.stop();
    d->reconnectPaused = false;
    d->clearHeartbeats();
    if (!d->connection) {
        d->setState(State::Disconnected);
        return;
    }
    if (d->connection->closing)
        return;
    qCInfo(lcPhoenixSocket).noquote() << "disconnecting from" << d->safeUrl();
    d->connection->closing = true;
    if (!d->connection->open) {
        d->finishConnection(false); // an attempt still opening is just dropped
        return;
    }
    d->setState(State::Disconnecting);
    if (d->connection && d->connection->closing)
        d->connection->transport->close(code, reason); // closed() ends it (perhaps from within)
}

void PhoenixSocket::timerEvent(QTimerEvent *event)
{
    const int id = event->timerId();
    if (id == d->pushTimer.timerId()) {
        d->onPushTimer();
    } else if (id == d->heartbeatTimer.timerId()) {
        d->heartbeatTimer.stop();
        d->sendHeartbeat();
    } else if (id == d->heartbeatTimeoutTimer.timerId()) {
        d->heartbeatTimeoutTimer.stop();
        d->onHeartbeatTimeout();
    } else if (id == d->reconnectTimer.timerId()) {
        d->reconnectTimer.stop();
        d->setReconnectTries(d->reconnectTries + 1);
        d->open();
    } else if (id == d->connectTimer.timerId()) {
        d->connectTimer.stop();
        d->onConnectTimeout();
    } else if (id == d->fallbackTimer.timerId()) {
        d->fallbackTimer.stop();
        d->fallBackToLongPoll(u"no answer within longPollFallback"_s);
    } else {
        QObject::timerEvent(event);
    }
}
