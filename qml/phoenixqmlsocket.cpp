// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlsocket.h"

#include "phoenixqmllogging_p.h"

#include <phoenixsocket.h>

#include <QtCore/QJsonObject>

// The QML enums mirror the C++ ones value for value (QML needs unscoped enums on the type itself);
// the conversions below are plain casts, so the compiler checks that the two never drift apart.
#define PHOENIX_SAME_VALUE(Qml, Cpp, name) static_assert(int(Qml::name) == int(Cpp::name), #name " drifted")
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::State, Disconnected);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::State, Connecting);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::State, Connected);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::State, Disconnecting);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::Error, NoError);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::Error, InvalidUrlError);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::Error, ConnectionRefusedError);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::Error, HostNotFoundError);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::Error, ConnectionLostError);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::Error, HeartbeatTimeoutError);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::Error, SslError);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::Error, ProtocolError);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::Error, SendBufferFullError);
PHOENIX_SAME_VALUE(PhoenixQmlSocket, PhoenixSocket::Error, TransportError);
#undef PHOENIX_SAME_VALUE


Q_LOGGING_CATEGORY(lcPhoenixQml, "phoenix.qml", QtInfoMsg)

static_assert(int(PhoenixQmlSocket::Connected) == int(PhoenixSocket::State::Connected));
static_assert(int(PhoenixQmlSocket::Disconnecting) == int(PhoenixSocket::State::Disconnecting));
static_assert(int(PhoenixQmlSocket::TransportError) == int(PhoenixSocket::Error::TransportError));

PhoenixQmlSocket::PhoenixQmlSocket(QObject *parent)
    : QObject(parent)
    , m_socket(new PhoenixSocket(this))
{
    connect(m_socket, &PhoenixSocket::urlChanged, this, &PhoenixQmlSocket::urlChanged);
    connect(m_socket, &PhoenixSocket::paramsChanged, this, &PhoenixQmlSocket::paramsChanged);
    connect(m_socket, &PhoenixSocket::authTokenChanged, this, &PhoenixQmlSocket::authTokenChanged);
    connect(m_socket, &PhoenixSocket::headersChanged, this, &PhoenixQmlSocket::headersChanged);
    connect(m_socket, &PhoenixSocket::heartbeatIntervalChanged, this,
            &PhoenixQmlSocket::heartbeatIntervalChanged);
    connect(m_socket, &PhoenixSocket::timeoutChanged, this, &PhoenixQmlSocket::timeoutChanged);
    connect(m_socket, &PhoenixSocket::autoReconnectChanged, this, &PhoenixQmlSocket::autoReconnectChanged);
    connect(m_socket, &PhoenixSocket::latencyChanged, this, &PhoenixQmlSocket::latencyChanged);
    connect(m_socket, &PhoenixSocket::pong, this, &PhoenixQmlSocket::pong);
    connect(m_socket, &PhoenixSocket::stateChanged, this, [this] {
        Q_EMIT stateChanged();
        const bool nowConnected = m_socket->isConnected();
        if (nowConnected != m_wasConnected) {
            m_wasConnected = nowConnected;
            Q_EMIT connectedChanged();
            if (nowConnected)
                Q_EMIT reconnectAttemptsChanged();
        }
    });
    connect(m_socket, &PhoenixSocket::connected, this, &PhoenixQmlSocket::connected);
    connect(m_socket, &PhoenixSocket::disconnected, this, &PhoenixQmlSocket::disconnected);
    connect(m_socket, &PhoenixSocket::reconnectScheduled, this, [this](int attempt, int delayMs) {
        Q_EMIT reconnectAttemptsChanged();
        Q_EMIT reconnectScheduled(attempt, delayMs);
    });
    connect(m_socket, &PhoenixSocket::errorOccurred, this,
            [this](PhoenixSocket::Error error, const QString &message) {
                Q_EMIT errorChanged();
                Q_EMIT errorOccurred(static_cast<Error>(error), message);
            });
}

PhoenixQmlSocket::~PhoenixQmlSocket()
{
    // The C++ socket is a child: make sure none of its signals reaches this half-destroyed item.
    disconnect(m_socket, nullptr, this, nullptr);
}

PhoenixSocket *PhoenixQmlSocket::socket() const
{
    return m_socket;
}

QUrl PhoenixQmlSocket::url() const
{
    return m_socket->url();
}

void PhoenixQmlSocket::setUrl(const QUrl &url)
{
    m_socket->setUrl(url);
}

QVariantMap PhoenixQmlSocket::params() const
{
    return m_socket->params().toVariantMap();
}

void PhoenixQmlSocket::setParams(const QVariantMap &params)
{
    const QJsonObject json = QJsonObject::fromVariantMap(params);
    if (json != m_socket->params())
        m_socket->setParams(json);
}

QString PhoenixQmlSocket::authToken() const
{
    return m_socket->authToken();
}

void PhoenixQmlSocket::setAuthToken(const QString &token)
{
    m_socket->setAuthToken(token);
}

QVariantMap PhoenixQmlSocket::headers() const
{
    return m_socket->headers();
}

void PhoenixQmlSocket::setHeaders(const QVariantMap &headers)
{
    if (headers != m_socket->headers())
        m_socket->setHeaders(headers);
}

int PhoenixQmlSocket::heartbeatInterval() const
{
    return m_socket->heartbeatInterval();
}

void PhoenixQmlSocket::setHeartbeatInterval(int ms)
{
    m_socket->setHeartbeatInterval(ms);
}

int PhoenixQmlSocket::timeout() const
{
    return m_socket->timeout();
}

void PhoenixQmlSocket::setTimeout(int ms)
{
    m_socket->setTimeout(ms);
}

bool PhoenixQmlSocket::autoReconnect() const
{
    return m_socket->autoReconnect();
}

void PhoenixQmlSocket::setAutoReconnect(bool enabled)
{
    m_socket->setAutoReconnect(enabled);
}

bool PhoenixQmlSocket::isActive() const
{
    return m_active;
}

void PhoenixQmlSocket::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    applyActive();
}

PhoenixQmlSocket::State PhoenixQmlSocket::state() const
{
    return static_cast<State>(m_socket->state());
}

bool PhoenixQmlSocket::isConnected() const
{
    return m_socket->isConnected();
}

int PhoenixQmlSocket::latency() const
{
    return m_socket->latency();
}

int PhoenixQmlSocket::reconnectAttempts() const
{
    return m_socket->reconnectAttempts();
}

PhoenixQmlSocket::Error PhoenixQmlSocket::error() const
{
    return static_cast<Error>(m_socket->error());
}

QString PhoenixQmlSocket::errorString() const
{
    return m_socket->errorString();
}

bool PhoenixQmlSocket::isComplete() const
{
    return m_complete;
}

bool PhoenixQmlSocket::ping()
{
    return m_socket->ping();
}

void PhoenixQmlSocket::classBegin()
{
    m_complete = false;
}

void PhoenixQmlSocket::componentComplete()
{
    m_complete = true;
    applyActive();
}

void PhoenixQmlSocket::applyActive()
{
    if (!m_complete)
        return;
    if (m_active) {
        qCDebug(lcPhoenixQml) << "socket active: connecting";
        m_started = true;
        m_socket->connectToServer();
    } else if (m_started) {
        // Also cancels a scheduled reconnect while the state is Disconnected.
        qCDebug(lcPhoenixQml) << "socket inactive: disconnecting";
        m_started = false;
        m_socket->disconnectFromServer();
    }
}
