// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixSocket, the public face of the protocol engine (src/engine/phoenixengine_p.h): properties
// and commands forwarded to it, and the signals it reports through PhoenixEngineEvents.
#include "phoenixsocket.h"

#include "phoenixchannel.h"
#include "phoenixengine_p.h"
#include "phoenixwait_p.h"

#include <QtCore/QEventLoop>
#include <QtCore/QMetaMethod>
#include <QtCore/QPointer>
#include <QtCore/QTimerEvent>

#include <algorithm>

// The engine's enums are the public ones, value for value.
#define PHOENIX_SAME_ENUM(Public, Engine, value) static_assert(int(Public::value) == int(Engine::value))
PHOENIX_SAME_ENUM(PhoenixSocket::State, PhoenixConnectionState, Disconnected);
PHOENIX_SAME_ENUM(PhoenixSocket::State, PhoenixConnectionState, Connecting);
PHOENIX_SAME_ENUM(PhoenixSocket::State, PhoenixConnectionState, Connected);
PHOENIX_SAME_ENUM(PhoenixSocket::State, PhoenixConnectionState, Disconnecting);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, NoError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, InvalidUrlError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, ConnectionRefusedError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, HostNotFoundError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, ConnectionLostError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, HeartbeatTimeoutError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, SslError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, ProtocolError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, SendBufferFullError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, TransportError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, InvalidAuthTokenError);
PHOENIX_SAME_ENUM(PhoenixSocket::Error, PhoenixConnectionError, ConnectTimeoutError);
PHOENIX_SAME_ENUM(PhoenixSocket::Transport, PhoenixTransportKind, WebSocket);
PHOENIX_SAME_ENUM(PhoenixSocket::Transport, PhoenixTransportKind, LongPoll);
#undef PHOENIX_SAME_ENUM

/*!
 * \internal
 * The socket's own part: it owns the engine and turns what the engine reports into the socket's
 * signals. Everything else (settings, state, channels) is the engine's.
 */
class PhoenixSocketPrivate final : public PhoenixEngineEvents
{
public:
    explicit PhoenixSocketPrivate(PhoenixSocket *q)
        : q(q)
        , engine(new PhoenixEngine(q, q, this)) // a QObject child of the socket, released by our destructor
    {
    }
    ~PhoenixSocketPrivate() { PhoenixEngine::release(engine); }

    //! Emits \a signal of the socket through the engine's callout (the engine's rule for application
    //! code): false when the socket was deleted meanwhile.
    template<typename Emit>
    [[nodiscard]] bool emitChange(Emit &&emission)
    {
        return PhoenixCallout::run(std::forward<Emit>(emission), engine->life());
    }

    // ---- PhoenixEngineEvents ----
    void stateChanged(PhoenixConnectionState state) override
    {
        Q_EMIT q->stateChanged(PhoenixSocket::State(state));
    }
    void connected() override { Q_EMIT q->connected(); }
    void disconnected() override { Q_EMIT q->disconnected(); }
    void errorOccurred(PhoenixConnectionError error, const QString &message) override
    {
        Q_EMIT q->errorOccurred(PhoenixSocket::Error(error), message);
    }
    void reconnectScheduled(int attempt, int delayMs) override
    {
        Q_EMIT q->reconnectScheduled(attempt, delayMs);
    }
    void reconnectAttemptsChanged(int attempts) override { Q_EMIT q->reconnectAttemptsChanged(attempts); }
    void pong(int roundTripMs) override { Q_EMIT q->pong(roundTripMs); }
    void latencyChanged(int latencyMs) override { Q_EMIT q->latencyChanged(latencyMs); }
    void transportChanged(PhoenixTransportKind transport) override
    {
        Q_EMIT q->transportChanged(PhoenixSocket::Transport(transport));
    }
    void bufferedMessagesChanged(int messages) override { Q_EMIT q->bufferedMessagesChanged(messages); }
    bool listensToMessages() const override
    {
        static const QMetaMethod signal = QMetaMethod::fromSignal(&PhoenixSocket::messageReceived);
        return q->isSignalConnected(signal);
    }
    void messageReceived(const PhoenixMessage &message) override { Q_EMIT q->messageReceived(message); }
    bool listensToPushFinished() const override
    {
        static const QMetaMethod signal = QMetaMethod::fromSignal(&PhoenixSocket::pushFinished);
        return q->isSignalConnected(signal);
    }
    void pushFinished(const QString &topic, const QString &event, const QString &status,
                      int durationMs) override
    {
        Q_EMIT q->pushFinished(topic, event, status, durationMs);
    }
    bool listensToTelemetry() const override
    {
        static const QMetaMethod signal = QMetaMethod::fromSignal(&PhoenixSocket::telemetryChanged);
        return q->isSignalConnected(signal);
    }
    void telemetryChanged(const PhoenixTelemetry &telemetry) override
    {
        Q_EMIT q->telemetryChanged(telemetry);
    }

    PhoenixSocket *const q;
    PhoenixEngine *const engine;
    PhoenixSocket::TransportFactory transportFactory; // as the application set it (the engine has a wrapper)
};

// ---- PhoenixSocket ---------------------------------------------------------------------------------

PhoenixSocket::PhoenixSocket(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<PhoenixSocketPrivate>(this))
{
}

PhoenixSocket::PhoenixSocket(const QUrl &url, QObject *parent)
    : PhoenixSocket(parent)
{
    d->engine->settings.url = url;
}

PhoenixSocket::~PhoenixSocket() = default; // the engine detaches first; the channels (children) follow

QUrl PhoenixSocket::url() const
{
    return d->engine->settings.url;
}

void PhoenixSocket::setUrl(const QUrl &url)
{
    if (d->engine->settings.url == url)
        return;
    d->engine->settings.url = url;
    if (d->engine->reconnectIfActive())
        (void)d->emitChange([&] { Q_EMIT urlChanged(url); });
}

QJsonObject PhoenixSocket::params() const
{
    return d->engine->settings.params;
}

void PhoenixSocket::setParams(const QJsonObject &params)
{
    if (d->engine->settings.params == params)
        return;
    d->engine->settings.params = params;
    if (d->engine->reconnectIfActive())
        (void)d->emitChange([&] { Q_EMIT paramsChanged(params); });
}

void PhoenixSocket::setParamsProvider(ParamsProvider provider)
{
    d->engine->settings.paramsProvider = std::move(provider);
}

QVariantMap PhoenixSocket::headers() const
{
    return d->engine->settings.headers;
}

void PhoenixSocket::setHeaders(const QVariantMap &headers)
{
    if (d->engine->settings.headers == headers)
        return;
    d->engine->settings.headers = headers;
    if (d->engine->reconnectIfActive())
        (void)d->emitChange([&] { Q_EMIT headersChanged(headers); });
}

QString PhoenixSocket::authToken() const
{
    return d->engine->settings.authToken;
}

void PhoenixSocket::setAuthToken(const QString &token)
{
    if (d->engine->settings.authToken == token)
        return;
    d->engine->settings.authToken = token;
    if (d->engine->reconnectIfActive())
        (void)d->emitChange([&] { Q_EMIT authTokenChanged(); });
}

void PhoenixSocket::setAuthTokenProvider(TokenProvider provider)
{
    d->engine->settings.tokenProvider = std::move(provider);
}

int PhoenixSocket::heartbeatInterval() const
{
    return d->engine->settings.heartbeatInterval;
}

void PhoenixSocket::setHeartbeatInterval(int ms)
{
    ms = std::max(0, ms);
    if (d->engine->settings.heartbeatInterval == ms)
        return;
    d->engine->settings.heartbeatInterval = ms;
    d->engine->heartbeatIntervalChanged();
    (void)d->emitChange([&] { Q_EMIT heartbeatIntervalChanged(ms); });
}

int PhoenixSocket::heartbeatTimeout() const
{
    return d->engine->settings.heartbeatTimeout;
}

void PhoenixSocket::setHeartbeatTimeout(int ms)
{
    ms = std::max(-1, ms);
    if (d->engine->settings.heartbeatTimeout == ms)
        return;
    d->engine->settings.heartbeatTimeout = ms;
    (void)d->emitChange([&] { Q_EMIT heartbeatTimeoutChanged(ms); });
}

int PhoenixSocket::timeout() const
{
    return d->engine->settings.timeout;
}

void PhoenixSocket::setTimeout(int ms)
{
    ms = std::max(0, ms);
    if (d->engine->settings.timeout == ms)
        return;
    d->engine->settings.timeout = ms;
    (void)d->emitChange([&] { Q_EMIT timeoutChanged(ms); });
}

bool PhoenixSocket::autoReconnect() const
{
    return d->engine->settings.autoReconnect;
}

void PhoenixSocket::setAutoReconnect(bool enabled)
{
    if (d->engine->settings.autoReconnect == enabled)
        return;
    d->engine->settings.autoReconnect = enabled;
    d->engine->autoReconnectChanged();
    (void)d->emitChange([&] { Q_EMIT autoReconnectChanged(enabled); });
}

double PhoenixSocket::reconnectJitter() const
{
    return d->engine->settings.reconnectJitter;
}

void PhoenixSocket::setReconnectJitter(double fraction)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    if (qFuzzyCompare(d->engine->settings.reconnectJitter + 1.0, fraction + 1.0))
        return;
    d->engine->settings.reconnectJitter = fraction;
    (void)d->emitChange([&] { Q_EMIT reconnectJitterChanged(fraction); });
}

int PhoenixSocket::sendBufferLimit() const
{
    return d->engine->settings.sendBufferLimit;
}

void PhoenixSocket::setSendBufferLimit(int messages)
{
    messages = std::max(0, messages);
    if (d->engine->settings.sendBufferLimit == messages)
        return;
    d->engine->settings.sendBufferLimit = messages;
    d->engine->sendBufferLimitChanged();
    (void)d->emitChange([&] { Q_EMIT sendBufferLimitChanged(messages); });
}

int PhoenixSocket::bufferedMessages() const
{
    return d->engine->bufferedMessages();
}

qint64 PhoenixSocket::maxMessageSize() const
{
    return d->engine->settings.maxMessageSize;
}

void PhoenixSocket::setMaxMessageSize(qint64 bytes)
{
    bytes = std::max<qint64>(1024, bytes);
    if (d->engine->settings.maxMessageSize == bytes)
        return;
    d->engine->settings.maxMessageSize = bytes;
    (void)d->emitChange([&] { Q_EMIT maxMessageSizeChanged(bytes); });
}

bool PhoenixSocket::isNetworkAware() const
{
    return d->engine->settings.networkAware;
}

void PhoenixSocket::setNetworkAware(bool enabled)
{
    if (d->engine->settings.networkAware == enabled)
        return;
    d->engine->settings.networkAware = enabled;
    if (d->engine->networkAwareChanged())
        (void)d->emitChange([&] { Q_EMIT networkAwareChanged(enabled); });
}

int PhoenixSocket::connectTimeout() const
{
    return d->engine->settings.connectTimeout;
}

void PhoenixSocket::setConnectTimeout(int ms)
{
    ms = std::max(0, ms);
    if (d->engine->settings.connectTimeout == ms)
        return;
    d->engine->settings.connectTimeout = ms;
    (void)d->emitChange([&] { Q_EMIT connectTimeoutChanged(ms); });
}

PhoenixSocket::Transport PhoenixSocket::transport() const
{
    return Transport(d->engine->settings.transport);
}

void PhoenixSocket::setTransport(Transport transport)
{
    if (d->engine->settings.transport == PhoenixTransportKind(transport))
        return;
    d->engine->settings.transport = PhoenixTransportKind(transport);
    if (d->engine->reconnectIfActive())
        (void)d->emitChange([&] { Q_EMIT transportChanged(transport); });
}

int PhoenixSocket::longPollFallback() const
{
    return d->engine->settings.longPollFallback;
}

void PhoenixSocket::setLongPollFallback(int ms)
{
    ms = std::max(0, ms);
    if (d->engine->settings.longPollFallback == ms)
        return;
    d->engine->settings.longPollFallback = ms;
    d->engine->longPollFallbackChanged();
    (void)d->emitChange([&] { Q_EMIT longPollFallbackChanged(ms); });
}

int PhoenixSocket::longPollTimeout() const
{
    return d->engine->settings.longPollTimeout;
}

void PhoenixSocket::setLongPollTimeout(int ms)
{
    ms = std::max(1, ms);
    if (d->engine->settings.longPollTimeout == ms)
        return;
    d->engine->settings.longPollTimeout = ms;
    (void)d->emitChange([&] { Q_EMIT longPollTimeoutChanged(ms); });
}

void PhoenixSocket::setTransportFactory(TransportFactory factory)
{
    d->transportFactory = factory;
    if (!factory) {
        d->engine->settings.transportFactory = {};
        return;
    }
    d->engine->settings.transportFactory = [factory = std::move(factory)](PhoenixTransportKind kind,
                                                                          QObject *parent) {
        return factory(Transport(kind), parent);
    };
}

PhoenixSocket::TransportFactory PhoenixSocket::transportFactory() const
{
    return d->transportFactory;
}

void PhoenixSocket::setReconnectAfter(BackoffFunction schedule)
{
    d->engine->settings.reconnectAfter =
        schedule ? std::move(schedule) : BackoffFunction(&PhoenixSocket::defaultReconnectAfter);
}

PhoenixSocket::BackoffFunction PhoenixSocket::reconnectAfter() const
{
    return d->engine->settings.reconnectAfter;
}

void PhoenixSocket::setRejoinAfter(BackoffFunction schedule)
{
    d->engine->settings.rejoinAfter =
        schedule ? std::move(schedule) : BackoffFunction(&PhoenixSocket::defaultRejoinAfter);
}

PhoenixSocket::BackoffFunction PhoenixSocket::rejoinAfter() const
{
    return d->engine->settings.rejoinAfter;
}

int PhoenixSocket::defaultReconnectAfter(int tries)
{
    return PhoenixSocketSettings::defaultReconnectAfter(tries);
}

int PhoenixSocket::defaultRejoinAfter(int tries)
{
    return PhoenixSocketSettings::defaultRejoinAfter(tries);
}

void PhoenixSocket::setSerializer(std::unique_ptr<PhoenixSerializer> serializer)
{
    d->engine->setSerializer(std::move(serializer));
}

const PhoenixSerializer *PhoenixSocket::serializer() const
{
    return d->engine->nextSerializer();
}

#ifndef QT_NO_SSL
QSslConfiguration PhoenixSocket::sslConfiguration() const
{
    return d->engine->settings.hasSslConfiguration ? d->engine->settings.sslConfiguration
                                                   : QSslConfiguration::defaultConfiguration();
}

void PhoenixSocket::setSslConfiguration(const QSslConfiguration &configuration)
{
    d->engine->settings.sslConfiguration = configuration;
    d->engine->settings.hasSslConfiguration = true;
}
#endif

PhoenixSocket::State PhoenixSocket::state() const
{
    return State(d->engine->state());
}

bool PhoenixSocket::isConnected() const
{
    return state() == State::Connected;
}

int PhoenixSocket::latency() const
{
    return d->engine->latency();
}

int PhoenixSocket::reconnectAttempts() const
{
    return d->engine->reconnectAttempts();
}

PhoenixSocket::Error PhoenixSocket::error() const
{
    return Error(d->engine->error());
}

QString PhoenixSocket::errorString() const
{
    return d->engine->errorString();
}

PhoenixTelemetry PhoenixSocket::telemetry() const
{
    return d->engine->telemetry();
}

PhoenixChannel *PhoenixSocket::channel(const QString &topic, const QJsonObject &params)
{
    // A QObject child of this socket; it registers with the engine.
    return new PhoenixChannel(d->engine, topic, params, d->engine->settings.timeout, this);
}

QList<PhoenixChannel *> PhoenixSocket::channels() const
{
    return d->engine->channels();
}

bool PhoenixSocket::ping()
{
    return d->engine->ping();
}

QString PhoenixSocket::send(const PhoenixMessage &message)
{
    return d->engine->sendMessage(message);
}

QString PhoenixSocket::makeRef()
{
    return QString::number(d->engine->nextRef());
}

void PhoenixSocket::connectToServer()
{
    (void)d->engine->connectToServer();
}

void PhoenixSocket::connectToServer(const QUrl &url)
{
    // The wish for a connection comes first, so a slot of what follows (urlChanged(), the old
    // connection's end) that calls disconnectFromServer() has the last word.
    d->engine->wantConnection();
    if (d->engine->settings.url != url) {
        d->engine->settings.url = url;
        if (!d->engine->reconnectIfActive() || !d->emitChange([&] { Q_EMIT urlChanged(url); }))
            return;
        if (!d->engine->wantsConnection())
            return; // a slot disconnected: its wish stands
    }
    connectToServer();
}

void PhoenixSocket::disconnectFromServer(int code, const QString &reason)
{
    (void)d->engine->disconnectFromServer(code, reason);
}

void PhoenixSocket::checkConnection()
{
    (void)d->engine->checkConnection();
}

bool PhoenixSocket::waitForConnected(int msecs)
{
    if (isConnected())
        return true;
    if (!d->engine->isUnderWay())
        return false;             // nothing under way: connectToServer() first
    const PhoenixWaitScope scope; // pushes finishing meanwhile stay readable until it returns
    const QPointer<PhoenixSocket> self(this);
    QEventLoop loop;
    connect(this, &PhoenixSocket::connected, &loop, &QEventLoop::quit);
    connect(this, &PhoenixSocket::errorOccurred, &loop, [&loop](Error error) {
        // Errors of messages (a full buffer, a malformed frame) say nothing about the connection.
        if (error != Error::SendBufferFullError && error != Error::ProtocolError)
            loop.quit();
    });
    connect(this, &QObject::destroyed, &loop, &QEventLoop::quit);
    PhoenixWaitScope::exec(loop, msecs);
    return self && self->isConnected();
}

void PhoenixSocket::connectNotify(const QMetaMethod &signal)
{
    static const QMetaMethod telemetrySignal = QMetaMethod::fromSignal(&PhoenixSocket::telemetryChanged);
    if (signal == telemetrySignal)
        d->engine->startTelemetryNotifications();
    QObject::connectNotify(signal);
}

void PhoenixSocket::timerEvent(QTimerEvent *event)
{
    QObject::timerEvent(event); // the engine runs every timer of its own
}
