// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixSocket's public API: properties and commands, forwarded to the engine (phoenixsocket_p.cpp).
#include "phoenixsocket.h"

#include "phoenixchannel_p.h"
#include "phoenixlogging_p.h"
#include "phoenixsocket_p.h"
#include "phoenixtlspolicy_p.h"

#include <QtCore/QFile>
#include <QtCore/QTimerEvent>
#ifndef QT_NO_SSL
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslKey>
#endif

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
    d->url = url;
}

PhoenixSocket::~PhoenixSocket()
{
    PhoenixDeletionGuard::markDeleted(d->guards);
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
    if (d->isConnected())
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
    if (!enabled) {
        d->reconnectTimer.stop();
        d->reconnectPaused = false;
    }
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
    return d->bufferLimit;
}

void PhoenixSocket::setSendBufferLimit(int messages)
{
    messages = std::max(0, messages);
    if (d->bufferLimit == messages)
        return;
    d->bufferLimit = messages;
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
    d->onNetworkAwareChanged();
    Q_EMIT networkAwareChanged(enabled);
}

int PhoenixSocket::connectTimeout() const
{
    return d->connectTimeout;
}

void PhoenixSocket::setConnectTimeout(int ms)
{
    ms = std::max(0, ms);
    if (d->connectTimeout == ms)
        return;
    d->connectTimeout = ms;
    Q_EMIT connectTimeoutChanged(ms);
}

PhoenixSocket::Transport PhoenixSocket::transport() const
{
    return d->transportKind;
}

void PhoenixSocket::setTransport(Transport transport)
{
    if (d->transportKind == transport)
        return;
    d->transportKind = transport;
    Q_EMIT transportChanged(transport);
    d->reconnectIfActive();
}

int PhoenixSocket::longPollFallback() const
{
    return d->longPollFallback;
}

void PhoenixSocket::setLongPollFallback(int ms)
{
    ms = std::max(0, ms);
    if (d->longPollFallback == ms)
        return;
    d->longPollFallback = ms;
    if (ms == 0)
        d->fallbackTimer.stop(); // off: a WebSocket attempt under way is no longer watched
    Q_EMIT longPollFallbackChanged(ms);
}

int PhoenixSocket::longPollTimeout() const
{
    return d->longPollTimeout;
}

void PhoenixSocket::setLongPollTimeout(int ms)
{
    ms = std::max(1, ms);
    if (d->longPollTimeout == ms)
        return;
    d->longPollTimeout = ms;
    Q_EMIT longPollTimeoutChanged(ms);
}

void PhoenixSocket::setTransportFactory(TransportFactory factory)
{
    d->transportFactory = std::move(factory);
}

PhoenixSocket::TransportFactory PhoenixSocket::transportFactory() const
{
    return d->transportFactory;
}

void PhoenixSocket::setReconnectAfter(BackoffFunction schedule)
{
    d->reconnectAfter =
        schedule ? std::move(schedule) : BackoffFunction(&PhoenixSocket::defaultReconnectAfter);
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
    return d->hasSslConfiguration ? d->sslConfiguration : QSslConfiguration::defaultConfiguration();
}

void PhoenixSocket::setSslConfiguration(const QSslConfiguration &configuration)
{
    d->sslConfiguration = configuration;
    d->hasSslConfiguration = true;
    if (configuration.peerVerifyMode() == QSslSocket::VerifyNone && !d->verificationOffWarned) {
        d->verificationOffWarned = true;
        qCWarning(lcPhoenixSocket).noquote()
            << "TLS certificate verification is off (peerVerifyMode VerifyNone): this socket accepts any "
               "server certificate, so anyone on the network path can read and change its traffic"
            << (d->publicKeyPins.isEmpty() ? QString() : u"(the public-key pins still apply)"_s);
    }
}

QStringList PhoenixSocket::publicKeyPins() const
{
    return d->publicKeyPins;
}

void PhoenixSocket::setPublicKeyPins(const QStringList &pins)
{
    if (d->publicKeyPins == pins)
        return;
    d->publicKeyPins = pins;
    Q_EMIT publicKeyPinsChanged();
    d->reconnectIfActive();
}

QString PhoenixSocket::publicKeyPin(const QSslCertificate &certificate)
{
    return PhoenixTlsPolicy::pinOf(certificate);
}

bool PhoenixSocket::loadClientCertificate(const QString &certificateFile, const QString &keyFile,
                                          const QByteArray &passPhrase, QString *errorString)
{
    const auto fail = [errorString](const QString &message) {
        if (errorString)
            *errorString = message;
        return false;
    };
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificateFile, QSsl::Pem);
    if (chain.isEmpty())
        return fail(tr("No PEM certificate in %1.").arg(certificateFile));
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot read the key file %1: %2").arg(keyFile, file.errorString()));
    const QByteArray pem = file.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey, passPhrase);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey, passPhrase);
    if (key.isNull())
        return fail(tr("No RSA or EC private key in %1 (or a wrong pass phrase).").arg(keyFile));
    QSslConfiguration configuration = sslConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    setSslConfiguration(configuration);
    if (errorString)
        errorString->clear();
    return true;
}
#endif

#ifndef QT_NO_NETWORKPROXY
QNetworkProxy PhoenixSocket::proxy() const
{
    return d->proxy;
}

void PhoenixSocket::setProxy(const QNetworkProxy &proxy)
{
    // QNetworkProxy's operator== ignores the credentials: a new password is a change too.
    if (d->proxy == proxy && d->proxy.user() == proxy.user() && d->proxy.password() == proxy.password())
        return;
    d->proxy = proxy;
    Q_EMIT proxyChanged();
    d->reconnectIfActive();
}

QNetworkProxy PhoenixSocket::proxyFromUrl(const QUrl &url, bool *ok)
{
    if (ok)
        *ok = false;
    const QString scheme = url.scheme().toLower();
    QNetworkProxy::ProxyType type = QNetworkProxy::DefaultProxy;
    int defaultPort = 0;
    if (scheme == u"http"_s) {
        type = QNetworkProxy::HttpProxy;
        defaultPort = 8080;
    } else if (scheme == u"socks5"_s || scheme == u"socks5h"_s) {
        type = QNetworkProxy::Socks5Proxy;
        defaultPort = 1080;
    }
    if (type == QNetworkProxy::DefaultProxy || !url.isValid() || url.host().isEmpty() ||
        (!url.path().isEmpty() && url.path() != u"/"_s) || url.hasQuery() || url.hasFragment())
        return QNetworkProxy();
    const int port = url.port(defaultPort);
    if (port <= 0 || port > 65535)
        return QNetworkProxy();
    if (ok)
        *ok = true;
    return QNetworkProxy(type, url.host(), quint16(port), url.userName(QUrl::FullyDecoded),
                         url.password(QUrl::FullyDecoded));
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
    PhoenixMessage heartbeat;
    heartbeat.ref = QString::number(ref);
    heartbeat.topic = QString::fromUtf16(PhoenixEvents::PhoenixTopic);
    heartbeat.event = QString::fromUtf16(PhoenixEvents::Heartbeat);
    QElapsedTimer clock;
    clock.start();
    d->connection->pings.insert(ref, clock);
    return d->writeFrame(heartbeat, nullptr);
}

QString PhoenixSocket::send(const PhoenixMessage &message)
{
    PhoenixMessage copy = message;
    if (copy.ref.isEmpty())
        copy.ref = makeRef();
    QString problem;
    switch (d->sendFrame(copy, nullptr, &problem)) {
    case PhoenixChannelHost::SendResult::BufferFull:
        d->reportBufferFull(
            tr("The send buffer is full (%n message(s)); a message was not sent.", nullptr, d->bufferLimit));
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
        const PhoenixDeletionGuard guard(&d->guards);
        d->finishConnection(false);
        if (!guard || d->connection)
            return;
    }
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
