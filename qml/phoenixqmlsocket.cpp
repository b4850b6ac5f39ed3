// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlsocket.h"

#include "phoenixqmllogging_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaMethod>
#include <QtQml/QJSEngine>

#include <cmath>

Q_LOGGING_CATEGORY(lcPhoenixQml, "phoenix.qml", QtWarningMsg) // quiet unless asked, as the library

using namespace Qt::StringLiterals;

namespace {

//! Calls the JS function \a function without arguments; logs and returns undefined when it throws.
QJSValue callProvider(const QJSValue &function, const char *what)
{
    QJSValue result = QJSValue(function).call();
    if (result.isError()) {
        qCWarning(lcPhoenixQml).noquote() << "PhoenixSocket." << what << "threw:" << result.toString();
        return QJSValue();
    }
    return result;
}

} // namespace

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
    connect(m_socket, &PhoenixSocket::heartbeatTimeoutChanged, this,
            &PhoenixQmlSocket::heartbeatTimeoutChanged);
    connect(m_socket, &PhoenixSocket::timeoutChanged, this, &PhoenixQmlSocket::timeoutChanged);
    connect(m_socket, &PhoenixSocket::connectTimeoutChanged, this, &PhoenixQmlSocket::connectTimeoutChanged);
    connect(m_socket, &PhoenixSocket::transportChanged, this, &PhoenixQmlSocket::transportChanged);
    connect(m_socket, &PhoenixSocket::longPollFallbackChanged, this,
            &PhoenixQmlSocket::longPollFallbackChanged);
    connect(m_socket, &PhoenixSocket::longPollTimeoutChanged, this,
            &PhoenixQmlSocket::longPollTimeoutChanged);
    connect(m_socket, &PhoenixSocket::autoReconnectChanged, this, &PhoenixQmlSocket::autoReconnectChanged);
    connect(m_socket, &PhoenixSocket::reconnectJitterChanged, this,
            &PhoenixQmlSocket::reconnectJitterChanged);
    connect(m_socket, &PhoenixSocket::sendBufferLimitChanged, this,
            &PhoenixQmlSocket::sendBufferLimitChanged);
    connect(m_socket, &PhoenixSocket::maxMessageSizeChanged, this, &PhoenixQmlSocket::maxMessageSizeChanged);
    connect(m_socket, &PhoenixSocket::networkAwareChanged, this, [this] {
        Q_EMIT networkAwareChanged();
        followApplicationState();
    });
    connect(m_socket, &PhoenixSocket::bufferedMessagesChanged, this,
            &PhoenixQmlSocket::bufferedMessagesChanged);
    connect(m_socket, &PhoenixSocket::reconnectAttemptsChanged, this,
            &PhoenixQmlSocket::reconnectAttemptsChanged);
    connect(m_socket, &PhoenixSocket::latencyChanged, this, &PhoenixQmlSocket::latencyChanged);
    connect(m_socket, &PhoenixSocket::pong, this, &PhoenixQmlSocket::pong);
    connect(m_socket, &PhoenixSocket::stateChanged, this, [this] {
        Q_EMIT stateChanged();
        const bool nowConnected = m_socket->isConnected();
        if (nowConnected != m_wasConnected) {
            m_wasConnected = nowConnected;
            Q_EMIT connectedChanged();
        }
    });
    connect(m_socket, &PhoenixSocket::connected, this, &PhoenixQmlSocket::connected);
    connect(m_socket, &PhoenixSocket::disconnected, this, &PhoenixQmlSocket::disconnected);
    connect(m_socket, &PhoenixSocket::reconnectScheduled, this, &PhoenixQmlSocket::reconnectScheduled);
    connect(m_socket, &PhoenixSocket::errorOccurred, this,
            [this](PhoenixSocket::Error error, const QString &message) {
                Q_EMIT errorChanged();
                Q_EMIT errorOccurred(error, message);
            });
    followApplicationState();
    initNetwork();
}

PhoenixQmlSocket::~PhoenixQmlSocket()
{
    // The C++ socket is a child: make sure none of its signals reaches this half-destroyed item, and
    // that it calls none of this item's JS functions any more.
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->setParamsProvider({});
    m_socket->setAuthTokenProvider({});
    m_socket->setReconnectAfter({});
    m_socket->setRejoinAfter({});
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

QJSValue PhoenixQmlSocket::paramsProvider() const
{
    return m_paramsProvider;
}

void PhoenixQmlSocket::setParamsProvider(const QJSValue &provider)
{
    if (provider.strictlyEquals(m_paramsProvider))
        return;
    m_paramsProvider = provider;
    if (provider.isCallable()) {
        m_socket->setParamsProvider([this] {
            const QJSValue result = callProvider(m_paramsProvider, "paramsProvider");
            if (!result.isObject()) {
                qCWarning(lcPhoenixQml) << "PhoenixSocket.paramsProvider returned no object: using params";
                return m_socket->params();
            }
            return QJsonObject::fromVariantMap(result.toVariant().toMap());
        });
    } else {
        m_socket->setParamsProvider({});
    }
    Q_EMIT paramsProviderChanged();
}

QString PhoenixQmlSocket::authToken() const
{
    return m_socket->authToken();
}

void PhoenixQmlSocket::setAuthToken(const QString &token)
{
    m_socket->setAuthToken(token);
}

QJSValue PhoenixQmlSocket::authTokenProvider() const
{
    return m_authTokenProvider;
}

void PhoenixQmlSocket::setAuthTokenProvider(const QJSValue &provider)
{
    if (provider.strictlyEquals(m_authTokenProvider))
        return;
    m_authTokenProvider = provider;
    if (provider.isCallable()) {
        m_socket->setAuthTokenProvider([this] {
            const QJSValue result = callProvider(m_authTokenProvider, "authTokenProvider");
            if (!result.isString()) {
                qCWarning(lcPhoenixQml)
                    << "PhoenixSocket.authTokenProvider returned no string: using authToken";
                return m_socket->authToken();
            }
            return result.toString();
        });
    } else {
        m_socket->setAuthTokenProvider({});
    }
    Q_EMIT authTokenProviderChanged();
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

int PhoenixQmlSocket::heartbeatTimeout() const
{
    return m_socket->heartbeatTimeout();
}

void PhoenixQmlSocket::setHeartbeatTimeout(int ms)
{
    m_socket->setHeartbeatTimeout(ms);
}

int PhoenixQmlSocket::timeout() const
{
    return m_socket->timeout();
}

void PhoenixQmlSocket::setTimeout(int ms)
{
    m_socket->setTimeout(ms);
}

int PhoenixQmlSocket::connectTimeout() const
{
    return m_socket->connectTimeout();
}

void PhoenixQmlSocket::setConnectTimeout(int ms)
{
    m_socket->setConnectTimeout(ms);
}

PhoenixSocket::Transport PhoenixQmlSocket::transport() const
{
    return m_socket->transport();
}

void PhoenixQmlSocket::setTransport(PhoenixSocket::Transport transport)
{
    m_socket->setTransport(transport);
}

int PhoenixQmlSocket::longPollFallback() const
{
    return m_socket->longPollFallback();
}

void PhoenixQmlSocket::setLongPollFallback(int ms)
{
    m_socket->setLongPollFallback(ms);
}

int PhoenixQmlSocket::longPollTimeout() const
{
    return m_socket->longPollTimeout();
}

void PhoenixQmlSocket::setLongPollTimeout(int ms)
{
    m_socket->setLongPollTimeout(ms);
}

bool PhoenixQmlSocket::autoReconnect() const
{
    return m_socket->autoReconnect();
}

void PhoenixQmlSocket::setAutoReconnect(bool enabled)
{
    m_socket->setAutoReconnect(enabled);
}

double PhoenixQmlSocket::reconnectJitter() const
{
    return m_socket->reconnectJitter();
}

void PhoenixQmlSocket::setReconnectJitter(double fraction)
{
    m_socket->setReconnectJitter(fraction);
}

QJSValue PhoenixQmlSocket::reconnectAfter() const
{
    return m_reconnectAfter;
}

void PhoenixQmlSocket::setReconnectAfter(const QJSValue &schedule)
{
    if (schedule.strictlyEquals(m_reconnectAfter))
        return;
    m_reconnectAfter = schedule;
    if (schedule.isCallable()) {
        m_socket->setReconnectAfter([this](int tries) {
            return callSchedule(m_reconnectAfter, tries, &PhoenixSocket::defaultReconnectAfter);
        });
    } else {
        m_socket->setReconnectAfter(&PhoenixSocket::defaultReconnectAfter);
    }
    Q_EMIT reconnectAfterChanged();
}

QJSValue PhoenixQmlSocket::rejoinAfter() const
{
    return m_rejoinAfter;
}

void PhoenixQmlSocket::setRejoinAfter(const QJSValue &schedule)
{
    if (schedule.strictlyEquals(m_rejoinAfter))
        return;
    m_rejoinAfter = schedule;
    if (schedule.isCallable()) {
        m_socket->setRejoinAfter([this](int tries) {
            return callSchedule(m_rejoinAfter, tries, &PhoenixSocket::defaultRejoinAfter);
        });
    } else {
        m_socket->setRejoinAfter(&PhoenixSocket::defaultRejoinAfter);
    }
    Q_EMIT rejoinAfterChanged();
}

int PhoenixQmlSocket::callSchedule(const QJSValue &schedule, int tries, int (*fallback)(int)) const
{
    const QJSValue result = QJSValue(schedule).call({QJSValue(tries)});
    if (result.isError() || !result.isNumber() || !std::isfinite(result.toNumber()) ||
        result.toNumber() < 0) {
        qCWarning(lcPhoenixQml).noquote()
            << "PhoenixSocket: a schedule function gave no delay for attempt" << tries
            << (result.isError() ? result.toString() : QString()) << "- using the default";
        return fallback(tries);
    }
    return int(std::min(result.toNumber(), double(std::numeric_limits<int>::max())));
}

int PhoenixQmlSocket::sendBufferLimit() const
{
    return m_socket->sendBufferLimit();
}

void PhoenixQmlSocket::setSendBufferLimit(int messages)
{
    m_socket->setSendBufferLimit(messages);
}

double PhoenixQmlSocket::maxMessageSize() const
{
    return double(m_socket->maxMessageSize());
}

void PhoenixQmlSocket::setMaxMessageSize(double bytes)
{
    if (!std::isfinite(bytes) || bytes < 1) {
        qCWarning(lcPhoenixQml) << "PhoenixSocket.maxMessageSize must be a positive number, not" << bytes;
        return;
    }
    m_socket->setMaxMessageSize(qint64(std::min(bytes, 9.0e15)));
}

bool PhoenixQmlSocket::isNetworkAware() const
{
    return m_socket->isNetworkAware();
}

void PhoenixQmlSocket::setNetworkAware(bool enabled)
{
    m_socket->setNetworkAware(enabled);
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

PhoenixSocket::State PhoenixQmlSocket::state() const
{
    return m_socket->state();
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

int PhoenixQmlSocket::bufferedMessages() const
{
    return m_socket->bufferedMessages();
}

PhoenixSocket::Error PhoenixQmlSocket::error() const
{
    return m_socket->error();
}

QString PhoenixQmlSocket::errorString() const
{
    return m_socket->errorString();
}

PhoenixTelemetry PhoenixQmlSocket::telemetry() const
{
    return m_socket->telemetry();
}

bool PhoenixQmlSocket::isComplete() const
{
    return m_complete;
}

bool PhoenixQmlSocket::ping()
{
    return m_socket->ping();
}

void PhoenixQmlSocket::checkConnection()
{
    m_socket->checkConnection();
}

void PhoenixQmlSocket::classBegin()
{
    m_complete = false;
}

void PhoenixQmlSocket::componentComplete()
{
    m_complete = true;
    m_tls->apply(); // before the first connection
    applyActive();
}

void PhoenixQmlSocket::connectNotify(const QMetaMethod &signal)
{
    // The C++ socket's telemetry notifier and pushFinished() cost nothing while nobody listens: listen
    // to them only once something (a binding, a handler) listens to this item.
    if (!m_forwardingTelemetry && signal == QMetaMethod::fromSignal(&PhoenixQmlSocket::telemetryChanged)) {
        m_forwardingTelemetry = true;
        connect(m_socket, &PhoenixSocket::telemetryChanged, this, &PhoenixQmlSocket::telemetryChanged);
    } else if (!m_forwardingPushFinished &&
               signal == QMetaMethod::fromSignal(&PhoenixQmlSocket::pushFinished)) {
        m_forwardingPushFinished = true;
        connect(m_socket, &PhoenixSocket::pushFinished, this, &PhoenixQmlSocket::pushFinished);
    }
    QObject::connectNotify(signal);
}

void PhoenixQmlSocket::followApplicationState()
{
    // QGuiApplication::applicationStateChanged (Qt.application.state), found by its meta method so
    // that the module needs Qt Gui only where the application has it.
    QCoreApplication *app = QCoreApplication::instance();
    if (!app)
        return;
    const int index = app->metaObject()->indexOfSignal("applicationStateChanged(Qt::ApplicationState)");
    if (index < 0)
        return;
    const QMetaMethod signal = app->metaObject()->method(index);
    const QMetaMethod slot =
        metaObject()->method(metaObject()->indexOfSlot("onApplicationStateChanged(Qt::ApplicationState)"));
    if (m_socket->isNetworkAware())
        connect(app, signal, this, slot, Qt::UniqueConnection);
    else
        disconnect(app, signal, this, slot);
}

void PhoenixQmlSocket::onApplicationStateChanged(Qt::ApplicationState state)
{
    const Qt::ApplicationState previous = std::exchange(m_applicationState, state);
    if (state == Qt::ApplicationActive && previous != Qt::ApplicationActive && m_socket->isNetworkAware()) {
        qCDebug(lcPhoenixQml) << "application active again: checking the connection";
        m_socket->checkConnection();
    }
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
