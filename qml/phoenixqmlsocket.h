// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <phoenixsocket.h>
#include <phoenixtelemetry.h>

#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtCore/QVariantMap>
#include <QtQml/QJSValue>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqml.h>
#include <QtQml/qqmlregistration.h>

/*!
 * \brief The QML type \c PhoenixSocket: a declarative PhoenixSocket.
 *
 * \code
 * import Phoenix
 * PhoenixSocket {
 *     id: socket
 *     url: "ws://127.0.0.1:4000/socket/websocket"
 *     params: ({ user: "ada" })
 *     transport: PhoenixSocket.WebSocket
 *     longPollFallback: 2000
 *     active: true
 *     onErrorOccurred: (error, message) => banner.show(message)
 * }
 * \endcode
 *
 * The item owns a C++ PhoenixSocket (socket()) and forwards every setting and state of it: each
 * property reads and writes the C++ socket, and each notifier fires when the C++ property changed,
 * whoever changed it; the C++ documentation of each is the reference (what follows here is only what
 * QML adds). The enums are the C++ ones (PhoenixSocket::State, PhoenixSocket::Error,
 * PhoenixSocket::Transport), reachable in QML as \c PhoenixSocket.Connected,
 * \c PhoenixSocket.LongPoll, ... Nothing connects before the component is complete: then the socket
 * connects while \c active is true and disconnects when \c active turns false. Setting url, params or
 * authToken while connected reconnects with the new values. Setting \c active to false from any
 * handler (a reconnectAttemptsChanged or errorOccurred handler giving up, a token provider of a user
 * who logged out) disconnects for good: it wins over whatever the handler interrupted.
 *
 * \section qmlsocket_resume Application state
 * While networkAware is true, the item calls PhoenixSocket::checkConnection() whenever the
 * application becomes active again (Qt.application.state turns Qt.ApplicationActive, e.g. after
 * the device resumed from suspend): a connection that died meanwhile is replaced at once.
 *
 * Lives in the QML engine's thread, like the C++ socket it owns.
 */
class PhoenixQmlSocket : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(PhoenixSocket)
    QML_EXTENDED_NAMESPACE(PhoenixSocket)
    //! The C++ socket's PhoenixSocket::url: its documentation is the reference.
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    //! Connect parameters (a plain JS object), sent with every (re)connect. Never logged.
    Q_PROPERTY(QVariantMap params READ params WRITE setParams NOTIFY paramsChanged)
    /*!
     * A function called before every connect and reconnect; the object it returns replaces params
     * for that connection (PhoenixSocket::setParamsProvider()). Anything that is not a function
     * (the default, undefined) removes it. A function that throws or returns no object leaves
     * params in use (and logs a warning).
     */
    Q_PROPERTY(
        QJSValue paramsProvider READ paramsProvider WRITE setParamsProvider NOTIFY paramsProviderChanged)
    //! The C++ socket's PhoenixSocket::authToken (never logged): its documentation is the reference.
    Q_PROPERTY(QString authToken READ authToken WRITE setAuthToken NOTIFY authTokenChanged)
    //! Like paramsProvider, for the auth token (PhoenixSocket::setAuthTokenProvider()): a function
    //! returning the token for the next connection.
    Q_PROPERTY(QJSValue authTokenProvider READ authTokenProvider WRITE setAuthTokenProvider NOTIFY
                   authTokenProviderChanged)
    //! Extra HTTP headers of the WebSocket upgrade request or of every LongPoll request (name: value).
    Q_PROPERTY(QVariantMap headers READ headers WRITE setHeaders NOTIFY headersChanged)
    //! The C++ socket's PhoenixSocket::heartbeatInterval: its documentation is the reference.
    Q_PROPERTY(int heartbeatInterval READ heartbeatInterval WRITE setHeartbeatInterval NOTIFY
                   heartbeatIntervalChanged)
    //! The C++ socket's PhoenixSocket::heartbeatTimeout: its documentation is the reference.
    Q_PROPERTY(
        int heartbeatTimeout READ heartbeatTimeout WRITE setHeartbeatTimeout NOTIFY heartbeatTimeoutChanged)
    //! The C++ socket's PhoenixSocket::timeout: its documentation is the reference.
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout NOTIFY timeoutChanged)
    //! The C++ socket's PhoenixSocket::connectTimeout: its documentation is the reference.
    Q_PROPERTY(int connectTimeout READ connectTimeout WRITE setConnectTimeout NOTIFY connectTimeoutChanged)
    //! The C++ socket's PhoenixSocket::transport (PhoenixSocket.WebSocket or PhoenixSocket.LongPoll): its
    //! documentation is the reference.
    Q_PROPERTY(PhoenixSocket::Transport transport READ transport WRITE setTransport NOTIFY transportChanged)
    //! The C++ socket's PhoenixSocket::longPollFallback: its documentation is the reference.
    Q_PROPERTY(
        int longPollFallback READ longPollFallback WRITE setLongPollFallback NOTIFY longPollFallbackChanged)
    //! The C++ socket's PhoenixSocket::longPollTimeout: its documentation is the reference.
    Q_PROPERTY(
        int longPollTimeout READ longPollTimeout WRITE setLongPollTimeout NOTIFY longPollTimeoutChanged)
    //! The C++ socket's PhoenixSocket::autoReconnect: its documentation is the reference.
    Q_PROPERTY(bool autoReconnect READ autoReconnect WRITE setAutoReconnect NOTIFY autoReconnectChanged)
    //! The C++ socket's PhoenixSocket::reconnectJitter: its documentation is the reference.
    Q_PROPERTY(
        double reconnectJitter READ reconnectJitter WRITE setReconnectJitter NOTIFY reconnectJitterChanged)
    /*!
     * The reconnect schedule: a function (attempt, 1-based) => delay in ms
     * (PhoenixSocket::setReconnectAfter()). Anything that is not a function (the default, undefined)
     * restores phoenix.js's schedule; so does a function that throws or returns no number, for that
     * attempt.
     */
    Q_PROPERTY(
        QJSValue reconnectAfter READ reconnectAfter WRITE setReconnectAfter NOTIFY reconnectAfterChanged)
    //! The rejoin schedule of this socket's channels, like reconnectAfter (PhoenixSocket::setRejoinAfter()).
    Q_PROPERTY(QJSValue rejoinAfter READ rejoinAfter WRITE setRejoinAfter NOTIFY rejoinAfterChanged)
    //! The C++ socket's PhoenixSocket::sendBufferLimit: its documentation is the reference.
    Q_PROPERTY(
        int sendBufferLimit READ sendBufferLimit WRITE setSendBufferLimit NOTIFY sendBufferLimitChanged)
    //! Largest incoming message accepted, in bytes (default 64 MiB). Applies from the next connect.
    Q_PROPERTY(double maxMessageSize READ maxMessageSize WRITE setMaxMessageSize NOTIFY maxMessageSizeChanged)
    /*!
     * Follow the system's network (default true): see PhoenixSocket::networkAware. While it is true
     * the item also checks the connection when the application becomes active again.
     */
    Q_PROPERTY(bool networkAware READ isNetworkAware WRITE setNetworkAware NOTIFY networkAwareChanged)
    //! While true (and the component is complete) the socket is connected or connecting. Default false.
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    //! The C++ socket's PhoenixSocket::state (PhoenixSocket.Disconnected, Connecting, Connected,
    //! Disconnecting): its documentation is the reference.
    Q_PROPERTY(PhoenixSocket::State state READ state NOTIFY stateChanged)
    //! True while state is PhoenixSocket.Connected.
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    //! The C++ socket's PhoenixSocket::latency: its documentation is the reference.
    Q_PROPERTY(int latency READ latency NOTIFY latencyChanged)
    //! The C++ socket's PhoenixSocket::reconnectAttempts: its documentation is the reference.
    Q_PROPERTY(int reconnectAttempts READ reconnectAttempts NOTIFY reconnectAttemptsChanged)
    //! The C++ socket's PhoenixSocket::bufferedMessages: its documentation is the reference.
    Q_PROPERTY(int bufferedMessages READ bufferedMessages NOTIFY bufferedMessagesChanged)
    //! The last error (a PhoenixSocket.Error value).
    Q_PROPERTY(PhoenixSocket::Error error READ error NOTIFY errorChanged)
    //! Translated description of the last error, empty when there was none.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)
    /*!
     * The socket's counters (PhoenixTelemetry: telemetry.messagesIn, .roundTripP50, ...). A binding
     * to it is updated at most once a second, and only while something uses telemetryChanged (a
     * binding or a handler): the counting costs nothing otherwise.
     */
    Q_PROPERTY(PhoenixTelemetry telemetry READ telemetry NOTIFY telemetryChanged)

public:
    //! Creates the item and its C++ socket (a child of the item).
    explicit PhoenixQmlSocket(QObject *parent = nullptr);
    //! Disconnects and deletes the C++ socket and its channels.
    ~PhoenixQmlSocket() override;

    //! The C++ socket, owned by this item.
    PhoenixSocket *socket() const;

    //! Returns the url property (PhoenixSocket::url).
    QUrl url() const;
    //! Sets the url property (PhoenixSocket::url).
    void setUrl(const QUrl &url);
    //! Returns the params property: connect parameters (a plain JS object), sent with every (re)connect.
    QVariantMap params() const;
    //! Sets the params property: connect parameters (a plain JS object), sent with every (re)connect.
    void setParams(const QVariantMap &params);
    //! Returns the paramsProvider property: the function called for fresh connect parameters.
    QJSValue paramsProvider() const;
    //! Sets the paramsProvider property: the function called for fresh connect parameters.
    void setParamsProvider(const QJSValue &provider);
    //! Returns the authToken property (PhoenixSocket::authToken).
    QString authToken() const;
    //! Sets the authToken property (PhoenixSocket::authToken).
    void setAuthToken(const QString &token);
    //! Returns the authTokenProvider property: the function called for a fresh auth token.
    QJSValue authTokenProvider() const;
    //! Sets the authTokenProvider property: the function called for a fresh auth token.
    void setAuthTokenProvider(const QJSValue &provider);
    //! Returns the headers property: extra HTTP headers of the connect requests (name: value).
    QVariantMap headers() const;
    //! Sets the headers property: extra HTTP headers of the connect requests (name: value).
    void setHeaders(const QVariantMap &headers);
    //! Returns the heartbeatInterval property (PhoenixSocket::heartbeatInterval).
    int heartbeatInterval() const;
    //! Sets the heartbeatInterval property (PhoenixSocket::heartbeatInterval).
    void setHeartbeatInterval(int ms);
    //! Returns the heartbeatTimeout property (PhoenixSocket::heartbeatTimeout).
    int heartbeatTimeout() const;
    //! Sets the heartbeatTimeout property (PhoenixSocket::heartbeatTimeout).
    void setHeartbeatTimeout(int ms);
    //! Returns the timeout property (PhoenixSocket::timeout).
    int timeout() const;
    //! Sets the timeout property (PhoenixSocket::timeout).
    void setTimeout(int ms);
    //! Returns the connectTimeout property (PhoenixSocket::connectTimeout).
    int connectTimeout() const;
    //! Sets the connectTimeout property (PhoenixSocket::connectTimeout).
    void setConnectTimeout(int ms);
    //! Returns the transport property (PhoenixSocket::transport).
    PhoenixSocket::Transport transport() const;
    //! Sets the transport property (PhoenixSocket::transport).
    void setTransport(PhoenixSocket::Transport transport);
    //! Returns the longPollFallback property (PhoenixSocket::longPollFallback).
    int longPollFallback() const;
    //! Sets the longPollFallback property (PhoenixSocket::longPollFallback).
    void setLongPollFallback(int ms);
    //! Returns the longPollTimeout property (PhoenixSocket::longPollTimeout).
    int longPollTimeout() const;
    //! Sets the longPollTimeout property (PhoenixSocket::longPollTimeout).
    void setLongPollTimeout(int ms);
    //! Returns the autoReconnect property (PhoenixSocket::autoReconnect).
    bool autoReconnect() const;
    //! Sets the autoReconnect property (PhoenixSocket::autoReconnect).
    void setAutoReconnect(bool enabled);
    //! Returns the reconnectJitter property (PhoenixSocket::reconnectJitter).
    double reconnectJitter() const;
    //! Sets the reconnectJitter property (PhoenixSocket::reconnectJitter).
    void setReconnectJitter(double fraction);
    //! Returns the reconnectAfter property: the reconnect schedule function (undefined: the default).
    QJSValue reconnectAfter() const;
    //! Sets the reconnectAfter property: the reconnect schedule function (undefined: the default).
    void setReconnectAfter(const QJSValue &schedule);
    //! Returns the rejoinAfter property: the channel rejoin schedule function (undefined: the default).
    QJSValue rejoinAfter() const;
    //! Sets the rejoinAfter property: the channel rejoin schedule function (undefined: the default).
    void setRejoinAfter(const QJSValue &schedule);
    //! Returns the sendBufferLimit property (PhoenixSocket::sendBufferLimit).
    int sendBufferLimit() const;
    //! Sets the sendBufferLimit property (PhoenixSocket::sendBufferLimit).
    void setSendBufferLimit(int messages);
    //! Returns the maxMessageSize property: largest incoming message accepted, in bytes.
    double maxMessageSize() const;
    //! Sets the maxMessageSize property: largest incoming message accepted, in bytes.
    void setMaxMessageSize(double bytes);
    //! Returns the networkAware property: whether the socket follows the system's network.
    bool isNetworkAware() const;
    //! Sets the networkAware property: whether the socket follows the system's network.
    void setNetworkAware(bool enabled);
    //! Returns the active property: while true (and the component is complete) the socket is connected or
    //! connecting.
    bool isActive() const;
    //! Sets the active property: while true (and the component is complete) the socket is connected or
    //! connecting.
    void setActive(bool active);
    //! Returns the state property (PhoenixSocket::state).
    PhoenixSocket::State state() const;
    //! Returns the connected property: true while state is PhoenixSocket.Connected.
    bool isConnected() const;
    //! Returns the latency property (PhoenixSocket::latency).
    int latency() const;
    //! Returns the reconnectAttempts property (PhoenixSocket::reconnectAttempts).
    int reconnectAttempts() const;
    //! Returns the bufferedMessages property (PhoenixSocket::bufferedMessages).
    int bufferedMessages() const;
    //! Returns the error property: the last error.
    PhoenixSocket::Error error() const;
    //! Returns the errorString property: translated description of the last error, empty when there was none.
    QString errorString() const;
    //! Returns the telemetry property: a snapshot of the socket's counters.
    PhoenixTelemetry telemetry() const;

    //! True once componentComplete() ran (or for items made in C++, right away).
    bool isComplete() const;

    //! Measures the round trip now; pong() and latency report it. False (nothing sent) when offline.
    Q_INVOKABLE bool ping();
    /*!
     * Checks the connection now (PhoenixSocket::checkConnection()): probes an open connection with a
     * heartbeat, or reconnects at once when a reconnect is pending. The item calls it by itself when
     * the application becomes active again (while networkAware is true).
     */
    Q_INVOKABLE void checkConnection();

    //! \reimp
    void classBegin() override;
    //! \reimp From now on the item connects while it is active (at once if it is).
    void componentComplete() override;

Q_SIGNALS:
    //! Forwards PhoenixSocket::connected() (also after every reconnect).
    void connected();
    //! Forwards PhoenixSocket::disconnected().
    void disconnected();
    //! Forwards PhoenixSocket::errorOccurred() (whether the socket goes on reconnecting is told there).
    void errorOccurred(PhoenixSocket::Error error, const QString &message);
    //! Forwards PhoenixSocket::reconnectScheduled().
    void reconnectScheduled(int attempt, int delayMs);
    //! Forwards PhoenixSocket::pong().
    void pong(int roundTripMs);
    /*!
     * Emitted for every push, join and leave of this socket's channels that finished: topic, event,
     * final status ("ok", "error", "timeout", "sent", ...) and duration in ms (-1 if never sent). See
     * PhoenixSocket::pushFinished(); like it, costs nothing while no handler is connected.
     */
    void pushFinished(const QString &topic, const QString &event, const QString &status, int durationMs);

    //! Emitted when the url property changes.
    void urlChanged();
    //! Emitted when the params property changes.
    void paramsChanged();
    //! Emitted when the paramsProvider property changes.
    void paramsProviderChanged();
    //! Emitted when the authToken property changes.
    void authTokenChanged();
    //! Emitted when the authTokenProvider property changes.
    void authTokenProviderChanged();
    //! Emitted when the headers property changes.
    void headersChanged();
    //! Emitted when the heartbeatInterval property changes.
    void heartbeatIntervalChanged();
    //! Emitted when the heartbeatTimeout property changes.
    void heartbeatTimeoutChanged();
    //! Emitted when the timeout property changes.
    void timeoutChanged();
    //! Emitted when the connectTimeout property changes.
    void connectTimeoutChanged();
    //! Emitted when the transport property changes (also when the LongPoll fallback switched it).
    void transportChanged();
    //! Emitted when the longPollFallback property changes.
    void longPollFallbackChanged();
    //! Emitted when the longPollTimeout property changes.
    void longPollTimeoutChanged();
    //! Emitted when the autoReconnect property changes.
    void autoReconnectChanged();
    //! Emitted when the reconnectJitter property changes.
    void reconnectJitterChanged();
    //! Emitted when the reconnectAfter property changes.
    void reconnectAfterChanged();
    //! Emitted when the rejoinAfter property changes.
    void rejoinAfterChanged();
    //! Emitted when the sendBufferLimit property changes.
    void sendBufferLimitChanged();
    //! Emitted when the maxMessageSize property changes.
    void maxMessageSizeChanged();
    //! Emitted when the networkAware property changes.
    void networkAwareChanged();
    //! Emitted when the active property changes.
    void activeChanged();
    //! Emitted when the state property changes.
    void stateChanged();
    //! Emitted when the connected property changes.
    void connectedChanged();
    //! Emitted when the latency property changes.
    void latencyChanged();
    //! Emitted when the reconnectAttempts property changes.
    void reconnectAttemptsChanged();
    //! Emitted when the bufferedMessages property changes.
    void bufferedMessagesChanged();
    //! Emitted when the error and errorString properties change.
    void errorChanged();
    //! Emitted at most once a second with fresh counters, while something is connected to it.
    void telemetryChanged();

protected:
    //! Forwards telemetryChanged() and pushFinished() of the C++ socket only while they are used.
    void connectNotify(const QMetaMethod &signal) override;

private Q_SLOTS:
    void onApplicationStateChanged(Qt::ApplicationState state);

private:
    void applyActive();
    void followApplicationState();
    int callSchedule(const QJSValue &schedule, int tries, int (*fallback)(int)) const;

    PhoenixSocket *m_socket = nullptr;
    QJSValue m_paramsProvider;
    QJSValue m_authTokenProvider;
    QJSValue m_reconnectAfter;
    QJSValue m_rejoinAfter;
    Qt::ApplicationState m_applicationState = Qt::ApplicationActive;
    bool m_active = false;
    bool m_complete = true;
    bool m_wasConnected = false;
    bool m_started = false;
    bool m_forwardingTelemetry = false;
    bool m_forwardingPushFinished = false;
};

/*!
 * \brief Registers PhoenixTelemetry (the type of PhoenixSocket.telemetry) with QML as an anonymous
 * value type, so that QML tooling (qmllint, qmlcachegen, Qt Creator) knows its properties.
 */
struct PhoenixQmlTelemetryForeign
{
    Q_GADGET
    QML_FOREIGN(PhoenixTelemetry)
    QML_ANONYMOUS
};
