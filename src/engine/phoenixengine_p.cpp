// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The engine's connections: open, opened, closed, errors, reconnects, the commands of the public
// socket and the reactions to its settings. Probes (heartbeat, ping, fallback) are in
// phoenixengineprobes.cpp, sending in phoenixenginesend.cpp, receiving in phoenixenginereceive.cpp,
// the device's network in phoenixenginenetwork.cpp.
#include "phoenixengine_p.h"

#include "phoenixlogging_p.h"
#include "phoenixlongpolltransport.h"
#include "phoenixwebsockettransport.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QRandomGenerator>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtCore/QTimerEvent>
#ifndef QT_NO_NETWORKPROXY
#include <QtNetwork/QAuthenticator>
#endif

#include <algorithm>
#include <typeinfo>

using namespace Qt::StringLiterals;

namespace {

constexpr int TelemetryIntervalMs = 1000;
//! How long a retired transport may take to report its close before it is dropped anyway.
constexpr int RetireGraceMs = 5000;

PhoenixConnectionError connectionError(PhoenixTransport::Error error)
{
    using T = PhoenixTransport::Error;
    using E = PhoenixConnectionError;
    switch (error) {
    case T::NoError:
        return E::NoError;
    case T::InvalidUrlError:
        return E::InvalidUrlError;
    case T::InvalidAuthTokenError:
        return E::InvalidAuthTokenError;
    case T::ConnectionRefusedError:
        return E::ConnectionRefusedError;
    case T::HostNotFoundError:
        return E::HostNotFoundError;
    case T::ConnectionLostError:
        return E::ConnectionLostError;
    case T::SslError:
        return E::SslError;
    case T::MessageTooLargeError:
    case T::ProtocolError:
        return E::ProtocolError;
    case T::TimeoutError:
    case T::UnknownError:
        return E::TransportError;
    case T::ProxyError:
        return E::ProxyError;
    case T::ProxyAuthenticationRequiredError:
        return E::ProxyAuthenticationRequiredError;
    case T::PublicKeyPinMismatchError:
        return E::PublicKeyPinMismatchError;
    case T::ClientCertificateError:
        return E::ClientCertificateError;
    }
    return E::TransportError;
}

} // namespace

PhoenixEngine::PhoenixEngine(QObject *face, PhoenixSocket *socket, PhoenixEngineEvents *events)
    : QObject(face)
    , m_socket(socket)
    , m_events(events)
    , m_serializer(std::make_unique<PhoenixV2JsonSerializer>())
{
    m_clock.start();
}

PhoenixEngine::~PhoenixEngine() = default;

void PhoenixEngine::release(PhoenixEngine *engine)
{
    // Application code of one of its callouts on the stack (a slot deleting the socket) returns into
    // the engine: it must find it alive, see that it is gone (m_life), and leave.
    const bool calledOut = engine->m_life.isWatched();
    engine->detach();
    engine->setParent(nullptr); // not deleted with the socket's children
    if (calledOut)
        engine->deleteLater();
    else
        delete engine;
}

void PhoenixEngine::detach()
{
    m_life.end();
    m_events = nullptr;
    m_wantsConnection = false;
    for (QBasicTimer *timer : {&m_heartbeatTimer, &m_probeTimer, &m_reconnectTimer, &m_pushTimer,
                               &m_connectTimer, &m_fallbackTimer})
        timer->stop();
    followSuspends(false);
    m_telemetry.stopNotifying();
    if (m_network)
        m_network->disconnect(this);
    for (const Rejoin &rejoin : std::as_const(m_rejoins)) {
        if (rejoin.timerId)
            killTimer(rejoin.timerId);
    }
    // The channels are the socket's children and die right after it: cut their way back first.
    m_registry.forEach([](PhoenixEngineChannel *channel) {
        channel->engineDetached();
        return PhoenixChannelRegistry::Step::Next;
    });
    m_registry = {};
    m_replies = {};
    m_sendBuffer = {};
    // The pushes outlive the engine a little (their channels delete them): no queue of ours left in them.
    for (PushQueue &held : m_held) {
        while (PhoenixEnginePush *push = held.takeFirst())
            push->m_queue = PhoenixEnginePush::Queue::None;
    }
    m_held.clear();
    while (PhoenixEnginePush *push = m_deferred.takeFirst())
        push->m_queue = PhoenixEnginePush::Queue::None;
    m_rejoins.clear();
    m_probes.clear();
    if (const std::unique_ptr<Connection> ended = std::move(m_connection))
        retire(ended->transport, true);
}

// ---- what the public socket shows and asks -------------------------------------------------------

QList<PhoenixChannel *> PhoenixEngine::channels() const
{
    QList<PhoenixChannel *> result;
    const QList<PhoenixEngineChannel *> all = m_registry.all();
    result.reserve(all.size());
    for (PhoenixEngineChannel *channel : all)
        result.append(channel->channelObject());
    return result;
}

void PhoenixEngine::setSerializer(std::unique_ptr<PhoenixSerializer> serializer)
{
    if (!serializer)
        serializer = std::make_unique<PhoenixV2JsonSerializer>();
    if (m_connection)
        m_pendingSerializer = std::move(serializer); // the open connection keeps its own
    else
        m_serializer = std::move(serializer);
    m_payloadsAreJson = typeid(*m_serializer) == typeid(PhoenixV2JsonSerializer);
    m_writesPayloadJson = m_payloadsAreJson || typeid(*m_serializer) == typeid(PhoenixV1JsonSerializer);
}

const PhoenixSerializer *PhoenixEngine::nextSerializer() const
{
    return m_pendingSerializer ? m_pendingSerializer.get() : m_serializer.get();
}

void PhoenixEngine::startTelemetryNotifications()
{
    if (QThread::currentThread() != thread()) {
        // Connected from another thread: the notifier's timer lives in the engine's.
        QMetaObject::invokeMethod(
            this, [this] { startTelemetryNotifications(); }, Qt::QueuedConnection);
        return;
    }
    if (!m_events)
        return;
    m_telemetry.startNotifying(
        this, TelemetryIntervalMs, [this] { return m_events && m_events->listensToTelemetry(); },
        [this](const PhoenixTelemetry &snapshot) {
            (void)callOut([&] { m_events->telemetryChanged(snapshot); });
        });
}

QString PhoenixEngine::safeUrl() const
{
    return PhoenixTransport::redactedUrl(settings.url);
}

// ---- commands --------------------------------------------------------------------------------------

bool PhoenixEngine::connectToServer()
{
    m_wantsConnection = true;
    if (m_connection && !m_connection->closing)
        return true;
    if (m_connection) {
        // A close is under way (disconnectFromServer() just before): finish it here and connect anew;
        // the old transport completes its close on its own.
        if (!finishConnection(false))
            return false;
        if (m_connection || !m_wantsConnection)
            return true; // a slot connected already, or disconnected again: its wish stands
    }
    return open();
}

bool PhoenixEngine::disconnectFromServer(int code, const QString &reason)
{
    m_wantsConnection = false;
    m_reconnectTimer.stop();
    m_reconnectPaused = false;
    if (!m_connection) {
        if (!setState(PhoenixConnectionState::Disconnected))
            return false;
    } else if (!m_connection->closing) {
        qCInfo(lcPhoenixSocket).noquote() << "disconnecting from" << safeUrl();
        m_connection->closing = true;
        stopProbes();
        if (!m_connection->open) {
            if (!finishConnection(false)) // an attempt still opening is just dropped
                return false;
        } else {
            if (!m_connection->transport->closeReachesServer())
                writeLeaves();
            if (!setState(PhoenixConnectionState::Disconnecting))
                return false;
            if (m_connection && m_connection->closing) {
                PhoenixTransport *transport = m_connection->transport;
                // closed() ends it, perhaps from within close() (then with a callout of its own).
                if (!callOut([&] { transport->close(code, reason); }))
                    return false;
            }
        }
    }
    // phoenix.js resets its backoff on disconnect: a later connect starts from the first delay, and
    // is no "reconnect". (Unless a slot connected again meanwhile.)
    if (m_wantsConnection || m_connection)
        return true;
    return setReconnectTries(0);
}

bool PhoenixEngine::reconnectIfActive()
{
    if (!m_connection || m_connection->closing)
        return true;
    qCInfo(lcPhoenixSocket) << "settings changed, reconnecting";
    retire(m_connection->transport, true, 1000, u"reconnecting"_s);
    m_connection->transport = nullptr;
    if (!finishConnection(false))
        return false;
    if (m_connection || !m_wantsConnection)
        return true; // a slot connected already, or disconnected
    return open();
}

void PhoenixEngine::heartbeatIntervalChanged()
{
    if (isConnected())
        resetHeartbeat();
}

void PhoenixEngine::autoReconnectChanged()
{
    if (settings.autoReconnect)
        return;
    m_reconnectTimer.stop();
    m_reconnectPaused = false;
}

void PhoenixEngine::longPollFallbackChanged()
{
    if (settings.longPollFallback > 0)
        return;
    // Off: the WebSocket attempt or probe under way is no longer watched.
    m_fallbackTimer.stop();
    m_probes.remove(PhoenixProbes::Kind::Fallback);
    armProbeTimer();
}

void PhoenixEngine::sendBufferLimitChanged()
{
    if (settings.sendBufferLimit == 0 || m_buffered < settings.sendBufferLimit)
        m_bufferFullReported = false;
}

// ---- connections -----------------------------------------------------------------------------------

PhoenixTransport *PhoenixEngine::createTransport()
{
    PhoenixTransport *transport =
        settings.transportFactory ? settings.transportFactory(settings.transport, parent()) : nullptr;
    // The built-in ones: owned by the engine, deleted when the connection is over.
    if (!transport && settings.transport == PhoenixTransportKind::LongPoll)
        transport = new PhoenixLongPollTransport(this);
    else if (!transport)
        transport = new PhoenixWebSocketTransport(this);
    else
        transport->setParent(this);
    return transport;
}

bool PhoenixEngine::open()
{
    if (m_connection)
        return true;
    if (m_pendingSerializer) {
        m_serializer = std::move(m_pendingSerializer);
        m_payloadsAreJson = typeid(*m_serializer) == typeid(PhoenixV2JsonSerializer);
        m_writesPayloadJson =
            m_payloadsAreJson || typeid(*m_serializer) == typeid(PhoenixV1JsonSerializer);
    }
    // The application's providers first, then its transport factory, while nothing has changed yet:
    // they may do anything (disconnect, set a property, delete the socket). A provider that
    // disconnects cancels the attempt before a transport is made for it.
    QJsonObject connectParams;
    QString token;
    if (!callOut([&] {
            connectParams = settings.paramsProvider ? settings.paramsProvider() : settings.params;
            token = settings.tokenProvider ? settings.tokenProvider() : settings.authToken;
        }))
        return false;
    if (m_connection || !m_wantsConnection)
        return true; // a provider connected already, or disconnected: its wish stands
    QPointer<PhoenixTransport> transport;
    if (!callOut([&] { transport = createTransport(); })) {
        if (transport)
            transport->deleteLater();
        return false;
    }
    if (m_connection || !m_wantsConnection || !transport) {
        // The factory connected already, or disconnected: its wish stands.
        if (transport)
            transport->deleteLater();
        return true;
    }
    const PhoenixTransportOptions options =
        settings.transportOptions(connectParams, token, m_serializer->vsn());

    m_reconnectTimer.stop();
    m_reconnectPaused = false;
    hookNetworkInformation();
    m_connection = std::make_unique<Connection>();
    m_connection->transport = transport;
    Connection *const current = m_connection.get();
    // Events of a transport the engine gave up on no longer concern it (phoenix.js Connection.isCurrent).
    const auto isCurrent = [this, current] { return m_connection.get() == current; };
    connect(transport, &PhoenixTransport::opened, this, [this, isCurrent] {
        if (isCurrent())
            onOpened();
    });
    connect(transport, &PhoenixTransport::frameReceived, this,
            [this, isCurrent](const QByteArray &frame, PhoenixTransport::FrameType type) {
                if (isCurrent())
                    onFrame(frame, type);
            });
    connect(transport, &PhoenixTransport::errorOccurred, this,
            [this, isCurrent](PhoenixTransport::Error error, const QString &message) {
                if (isCurrent())
                    onTransportError(error, message);
            });
    connect(transport, &PhoenixTransport::closed, this,
            [this, isCurrent](int code, const QString &reason, bool clean) {
                if (isCurrent())
                    onTransportClosed(code, reason, clean);
            });
#ifndef QT_NO_NETWORKPROXY
    // Direct: the application fills in the authenticator before the network stack goes on.
    connect(transport, &PhoenixTransport::proxyAuthenticationRequired, this,
            [this, isCurrent](const QNetworkProxy &proxy, QAuthenticator *authenticator) {
                if (isCurrent())
                    (void)callOut([&] { m_events->proxyAuthenticationRequired(proxy, authenticator); });
            });
#endif
    qCInfo(lcPhoenixSocket).noquote() << "connecting to" << safeUrl() << "over" << transport->name();
    transport->open(options); // reports nothing from within (PhoenixTransport contract)
    // Precise, as the push and rejoin timers: a coarse timer may fire 5% early, and an attempt must
    // get the whole connectTimeout (tst_phoenixfaults saw 284 ms of 300).
    if (settings.connectTimeout > 0)
        m_connectTimer.start(settings.connectTimeout, Qt::PreciseTimer, this);
    armFallback();
    return setState(PhoenixConnectionState::Connecting);
}

void PhoenixEngine::onOpened()
{
    qCInfo(lcPhoenixSocket).noquote() << "connected to" << safeUrl();
    m_connectTimer.stop();
    m_connection->open = true;
    ++m_telemetry.counters.connects;
    if (m_reconnectTries > 0)
        ++m_telemetry.counters.reconnects;
    // What was sent while offline goes out before anything a slot of ours sends (phoenix.js onConnOpen).
    flushSendBuffer();
    if (!isConnected())
        return;
    const int hadTries = m_reconnectTries;
    resetHeartbeat();
    followSuspends(true);
    probeWebSocket();
    Connection *const current = m_connection.get();
    if (!setState(PhoenixConnectionState::Connected) || m_connection.get() != current)
        return;
    // Channels rejoin in the order they were created (errored ones at once), then the app hears of it.
    bool alive = true;
    m_registry.forEach([&](PhoenixEngineChannel *channel) {
        alive = callOut([&] { channel->engineConnected(); });
        if (!alive)
            return PhoenixChannelRegistry::Step::Gone;
        // A slot replaced the connection: the new one rejoins them all.
        return m_connection.get() == current ? PhoenixChannelRegistry::Step::Next
                                             : PhoenixChannelRegistry::Step::Stop;
    });
    if (!alive || m_connection.get() != current)
        return;
    if (hadTries) {
        if (!setReconnectTries(0) || !callOut([&] { m_events->reconnectScheduled(0, 0); }))
            return;
    }
    (void)callOut([&] { m_events->connected(); });
}

void PhoenixEngine::onTransportError(PhoenixTransport::Error transportError, const QString &message)
{
    if (!m_connection || m_connection->closing || m_connection->errorReported)
        return; // errors while we close on purpose, or after the first of an attempt, are noise
    if (!m_connection->open && fallbackArmed()) {
        (void)fallBackToLongPoll(message);
        return;
    }
    m_connection->errorReported = true;
    if (transportError == PhoenixTransport::Error::InvalidUrlError ||
        transportError == PhoenixTransport::Error::InvalidAuthTokenError ||
        transportError == PhoenixTransport::Error::ProxyAuthenticationRequiredError)
        m_connection->noRetry = true; // another attempt would fail the same way (or lock a proxy account)
    // A bad URL, token, certificate, pin or proxy, or a server that breaks the protocol, is for the
    // app's developer or its user to fix (a warning); a refused, lost or timed-out connection is the
    // network's doing: retried, and reported by errorOccurred (info).
    if (m_connection->noRetry || transportError == PhoenixTransport::Error::SslError ||
        transportError == PhoenixTransport::Error::PublicKeyPinMismatchError ||
        transportError == PhoenixTransport::Error::ClientCertificateError ||
        transportError == PhoenixTransport::Error::ProxyError ||
        transportError == PhoenixTransport::Error::MessageTooLargeError ||
        transportError == PhoenixTransport::Error::ProtocolError)
        qCWarning(lcPhoenixSocket).noquote() << message;
    else
        qCInfo(lcPhoenixSocket).noquote() << message;
    (void)setError(connectionError(transportError), message);
}

void PhoenixEngine::onTransportClosed(int code, const QString &reason, bool clean)
{
    Connection *const current = m_connection.get();
    const bool byUser = current->closing;
    if (!byUser && !current->open && fallbackArmed()) {
        (void)fallBackToLongPoll(u"closed before it opened"_s);
        return;
    }
    qCInfo(lcPhoenixSocket).noquote() << "connection to" << safeUrl() << "closed, code" << code
                                      << (clean ? "" : "(dropped)") << (byUser ? "(requested)" : "");
    if (!byUser && !current->errorReported) {
        current->errorReported = true;
        QString message;
        PhoenixConnectionError error = PhoenixConnectionError::ConnectionLostError;
        if (!current->open) {
            error = PhoenixConnectionError::ConnectionRefusedError;
            message =
                QCoreApplication::translate("PhoenixSocket", "The connection to %1 closed before it opened.")
                    .arg(safeUrl());
        } else if (reason.isEmpty()) {
            message =
                QCoreApplication::translate("PhoenixSocket", "The connection to %1 was closed (code %2).")
                    .arg(safeUrl())
                    .arg(code);
        } else {
            message =
                QCoreApplication::translate("PhoenixSocket", "The connection to %1 was closed (code %2: %3).")
                    .arg(safeUrl())
                    .arg(code)
                    .arg(reason);
        }
        if (!setError(error, message) || m_connection.get() != current)
            return;
    }
    // Reconnect after any close we did not ask for, whatever its code (phoenix.js 1.8.16).
    (void)finishConnection(!byUser && !current->noRetry);
}

void PhoenixEngine::onConnectTimeout()
{
    if (!m_connection || m_connection->open)
        return;
    if (fallbackArmed()) {
        (void)fallBackToLongPoll(u"did not open within the connect timeout"_s);
        return;
    }
    const QString message =
        QCoreApplication::translate("PhoenixSocket", "Connecting to %1 timed out after %2 ms.")
            .arg(safeUrl())
            .arg(settings.connectTimeout);
    qCInfo(lcPhoenixSocket).noquote() << message; // retried, and reported by errorOccurred
    m_connection->errorReported = true;
    Connection *const current = m_connection.get();
    if (setError(PhoenixConnectionError::ConnectTimeoutError, message) && m_connection.get() == current)
        (void)finishConnection(true);
}

void PhoenixEngine::retire(PhoenixTransport *transport, bool graceful, int code, const QString &reason)
{
    if (!transport)
        return;
    transport->disconnect(this);
    // Never deleted from within one of its own signals (we may be in one): from the event loop.
    if (transport->state() == PhoenixTransport::State::Closed) {
        transport->deleteLater();
        return;
    }
    connect(transport, &PhoenixTransport::closed, transport, &QObject::deleteLater);
    if (graceful && transport->state() == PhoenixTransport::State::Open)
        transport->close(code, reason);
    else if (transport->state() != PhoenixTransport::State::Closing)
        transport->abort();
    if (transport->state() == PhoenixTransport::State::Closed)
        return; // closed from within: deleteLater() is on its way
    // A transport that never reports its close is dropped anyway.
    QTimer::singleShot(RetireGraceMs, transport, [transport] {
        transport->abort();
        transport->deleteLater();
    });
}

bool PhoenixEngine::finishConnection(bool reconnect)
{
    const std::unique_ptr<Connection> ended = std::move(m_connection);
    if (!ended)
        return true;
    m_connectTimer.stop();
    m_fallbackTimer.stop();
    stopProbes();
    retire(ended->transport, false);
    // The socket reads Disconnected before any channel hears about the loss, so no channel starts a
    // rejoin timer of its own: they all rejoin when the socket connects again.
    if (!setState(PhoenixConnectionState::Disconnected))
        return false;
    if (ended->open && m_registry.size() > 0) {
        const QString reason =
            QCoreApplication::translate("PhoenixSocket", "The connection to the server was lost.");
        bool alive = true;
        m_registry.forEach([&](PhoenixEngineChannel *channel) {
            alive = callOut([&] { channel->engineDisconnected(reason); });
            return alive ? PhoenixChannelRegistry::Step::Next : PhoenixChannelRegistry::Step::Gone;
        });
        if (!alive)
            return false;
    }
    if (!callOut([&] { m_events->disconnected(); }))
        return false;
    if (reconnect && !m_connection && settings.autoReconnect && m_wantsConnection)
        return scheduleReconnect();
    return true;
}

bool PhoenixEngine::scheduleReconnect()
{
    if (pauseReconnectWhileOffline())
        return true; // no retry loop while the system reports no network: it resumes when one is back
    const int attempt = m_reconnectTries + 1;
    int delay = 0;
    if (!callOut([&] { delay = settings.reconnectAfter ? settings.reconnectAfter(attempt) : 0; }))
        return false;
    // The schedule is application code too: act only if a reconnect is still wanted and not under way.
    if (m_connection || !m_wantsConnection || !settings.autoReconnect || reconnectPending())
        return true;
    delay = std::max(0, delay);
    if (settings.reconnectJitter > 0.0)
        delay = int(delay * (1.0 - settings.reconnectJitter * QRandomGenerator::global()->generateDouble()));
    qCInfo(lcPhoenixSocket) << "reconnecting in" << delay << "ms (attempt" << attempt << ")";
    m_reconnectTimer.start(delay, Qt::PreciseTimer, this);
    return callOut([&] { m_events->reconnectScheduled(attempt, delay); });
}

void PhoenixEngine::onReconnectTimer()
{
    m_reconnectTimer.stop();
    if (!setReconnectTries(m_reconnectTries + 1))
        return;
    // A slot may have disconnected, turned autoReconnect off or connected already: its wish stands.
    if (m_connection || !m_wantsConnection || !settings.autoReconnect)
        return;
    (void)open();
}

bool PhoenixEngine::setReconnectTries(int tries)
{
    if (m_reconnectTries == tries)
        return true;
    m_reconnectTries = tries;
    return callOut([&] { m_events->reconnectAttemptsChanged(tries); });
}

bool PhoenixEngine::setState(PhoenixConnectionState state)
{
    if (m_state == state)
        return true;
    m_state = state;
    return callOut([&] { m_events->stateChanged(state); });
}

bool PhoenixEngine::setError(PhoenixConnectionError error, const QString &message)
{
    if (!m_events)
        return false;
    m_error = error;
    m_errorString = message;
    return callOut([&] { m_events->errorOccurred(error, message); });
}

void PhoenixEngine::setErrorQueued(PhoenixConnectionError error, const QString &message)
{
    // Never call back from inside the call that caused the error: let the caller connect first.
    QMetaObject::invokeMethod(
        this, [this, error, message] { (void)setError(error, message); }, Qt::QueuedConnection);
}

// ---- timers ----------------------------------------------------------------------------------------

void PhoenixEngine::timerEvent(QTimerEvent *event)
{
    const int id = event->timerId();
    if (id == m_pushTimer.timerId()) {
        onPushTimer();
    } else if (id == m_heartbeatTimer.timerId()) {
        m_heartbeatTimer.stop();
        sendHeartbeat();
    } else if (id == m_probeTimer.timerId()) {
        onProbeTimer();
    } else if (id == m_reconnectTimer.timerId()) {
        onReconnectTimer();
    } else if (id == m_connectTimer.timerId()) {
        m_connectTimer.stop();
        onConnectTimeout();
    } else if (id == m_fallbackTimer.timerId()) {
        m_fallbackTimer.stop();
        (void)fallBackToLongPoll(u"no answer within longPollFallback"_s);
    } else {
        onRejoinTimer(id);
    }
}
