// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtCore/QVariantMap>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

class PhoenixSocket;

/*!
 * \brief The QML type \c PhoenixSocket: a declarative PhoenixSocket.
 *
 * \code
 * import Phoenix
 * PhoenixSocket {
 *     id: socket
 *     url: "ws://127.0.0.1:4000/socket/websocket"
 *     params: ({ user: "ada" })
 *     active: true
 *     onErrorOccurred: (error, message) => banner.show(message)
 * }
 * \endcode
 *
 * The item owns a C++ PhoenixSocket (socket()) and forwards its settings and state. Nothing
 * connects before the component is complete: then the socket connects while \c active is true and
 * disconnects when \c active turns false. Setting url, params or authToken while connected
 * reconnects with the new values. After a connection loss the socket reconnects on its own
 * (autoReconnect) and reports each scheduled attempt with reconnectScheduled().
 *
 * Lives in the QML engine's thread, like the C++ socket it owns.
 */
class PhoenixQmlSocket : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(PhoenixSocket)
    //! Endpoint URL, e.g. "ws://127.0.0.1:4000/socket/websocket".
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    //! Connect parameters (a plain JS object), sent with every (re)connect. Never logged.
    Q_PROPERTY(QVariantMap params READ params WRITE setParams NOTIFY paramsChanged)
    //! Token sent in the Sec-WebSocket-Protocol header (Phoenix >= 1.8 auth_token). Never logged.
    Q_PROPERTY(QString authToken READ authToken WRITE setAuthToken NOTIFY authTokenChanged)
    //! Extra HTTP headers of the WebSocket upgrade request (name: value).
    Q_PROPERTY(QVariantMap headers READ headers WRITE setHeaders NOTIFY headersChanged)
    //! Interval between heartbeats in ms (default 30000); 0 disables them.
    Q_PROPERTY(int heartbeatInterval READ heartbeatInterval WRITE setHeartbeatInterval NOTIFY
                   heartbeatIntervalChanged)
    //! Default timeout of joins, leaves and pushes in ms (default 10000).
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout NOTIFY timeoutChanged)
    //! Whether the socket reconnects after a connection loss (default true).
    Q_PROPERTY(bool autoReconnect READ autoReconnect WRITE setAutoReconnect NOTIFY autoReconnectChanged)
    //! While true (and the component is complete) the socket is connected or connecting. Default false.
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    //! Connection state.
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    //! True while state is PhoenixSocket.Connected.
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    //! Last measured round trip (heartbeat or ping()) in ms, -1 before the first measurement.
    Q_PROPERTY(int latency READ latency NOTIFY latencyChanged)
    //! Reconnect attempts since the last successful connect.
    Q_PROPERTY(int reconnectAttempts READ reconnectAttempts NOTIFY reconnectAttemptsChanged)
    //! The last error.
    Q_PROPERTY(Error error READ error NOTIFY errorChanged)
    //! Translated description of the last error, empty when there was none.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)

public:
    //! Connection states (same values as PhoenixSocket::State).
    enum State {
        Disconnected, //!< no connection and none being opened (a reconnect may be scheduled)
        Connecting,   //!< WebSocket handshake in progress
        Connected,    //!< open: frames flow, heartbeats run
        Disconnecting //!< closing because active turned false
    };
    Q_ENUM(State)

    //! Errors (same values as PhoenixSocket::Error).
    enum Error {
        NoError,                //!< no error so far
        InvalidUrlError,        //!< the url is empty, not ws/wss, or otherwise unusable
        ConnectionRefusedError, //!< nothing listens there, or the server refused the upgrade
        HostNotFoundError,      //!< DNS lookup failed
        ConnectionLostError,    //!< an open connection was closed by the peer or the network
        HeartbeatTimeoutError,  //!< no heartbeat reply in time: the connection was declared dead
        SslError,               //!< TLS handshake failed
        ProtocolError,          //!< a frame could not be decoded (dropped; the socket keeps working)
        SendBufferFullError,    //!< a message was refused because the send buffer was full
        TransportError          //!< any other transport failure
    };
    Q_ENUM(Error)

    //! Creates the item and its C++ socket (a child of the item).
    explicit PhoenixQmlSocket(QObject *parent = nullptr);
    //! Disconnects and deletes the C++ socket and its channels.
    ~PhoenixQmlSocket() override;

    //! The C++ socket, owned by this item.
    PhoenixSocket *socket() const;

    //! Returns the url property: endpoint URL, e.g. "ws://127.0.0.1:4000/socket/websocket".
    QUrl url() const;
    //! Sets the url property: endpoint URL, e.g. "ws://127.0.0.1:4000/socket/websocket".
    void setUrl(const QUrl &url);
    //! Returns the params property: connect parameters (a plain JS object), sent with every (re)connect.
    QVariantMap params() const;
    //! Sets the params property: connect parameters (a plain JS object), sent with every (re)connect.
    void setParams(const QVariantMap &params);
    //! Returns the authToken property: token sent in the Sec-WebSocket-Protocol header (Phoenix >= 1.8
    //! auth_token).
    QString authToken() const;
    //! Sets the authToken property: token sent in the Sec-WebSocket-Protocol header (Phoenix >= 1.8
    //! auth_token).
    void setAuthToken(const QString &token);
    //! Returns the headers property: extra HTTP headers of the WebSocket upgrade request (name: value).
    QVariantMap headers() const;
    //! Sets the headers property: extra HTTP headers of the WebSocket upgrade request (name: value).
    void setHeaders(const QVariantMap &headers);
    //! Returns the heartbeatInterval property: interval between heartbeats in ms (default 30000).
    int heartbeatInterval() const;
    //! Sets the heartbeatInterval property: interval between heartbeats in ms (default 30000).
    void setHeartbeatInterval(int ms);
    //! Returns the timeout property: default timeout of joins, leaves and pushes in ms (default 10000).
    int timeout() const;
    //! Sets the timeout property: default timeout of joins, leaves and pushes in ms (default 10000).
    void setTimeout(int ms);
    //! Returns the autoReconnect property: whether the socket reconnects after a connection loss (default
    //! true).
    bool autoReconnect() const;
    //! Sets the autoReconnect property: whether the socket reconnects after a connection loss (default true).
    void setAutoReconnect(bool enabled);
    //! Returns the active property: while true (and the component is complete) the socket is connected or
    //! connecting.
    bool isActive() const;
    //! Sets the active property: while true (and the component is complete) the socket is connected or
    //! connecting.
    void setActive(bool active);
    //! Returns the state property: connection state.
    State state() const;
    //! Returns the connected property: true while state is PhoenixSocket.Connected.
    bool isConnected() const;
    //! Returns the latency property: last measured round trip (heartbeat or ping()) in ms, -1 before the
    //! first measurement.
    int latency() const;
    //! Returns the reconnectAttempts property: reconnect attempts since the last successful connect.
    int reconnectAttempts() const;
    //! Returns the error property: the last error.
    Error error() const;
    //! Returns the errorString property: translated description of the last error, empty when there was none.
    QString errorString() const;

    //! True once componentComplete() ran (or for items made in C++, right away).
    bool isComplete() const;

    //! Measures the round trip now; pong() and latency report it. False (nothing sent) when offline.
    Q_INVOKABLE bool ping();

    //! \reimp
    void classBegin() override;
    //! \reimp From now on the item connects while it is active (at once if it is).
    void componentComplete() override;

Q_SIGNALS:
    //! Emitted when the connection is open (also after every reconnect).
    void connected();
    //! Emitted when a connection (open or opening) is gone, whoever closed it.
    void disconnected();
    //! Emitted on every error with a translated \a message; the socket keeps reconnecting.
    void errorOccurred(PhoenixQmlSocket::Error error, const QString &message);
    /*!
     * Emitted when a reconnect is scheduled: attempt number (1-based) and delay before it in ms;
     * emitted with (0, 0) when a connect succeeded after retries.
     */
    void reconnectScheduled(int attempt, int delayMs);
    //! Emitted with the round trip of a ping() in ms.
    void pong(int roundTripMs);

    //! Emitted when the url property changes.
    void urlChanged();
    //! Emitted when the params property changes.
    void paramsChanged();
    //! Emitted when the authToken property changes.
    void authTokenChanged();
    //! Emitted when the headers property changes.
    void headersChanged();
    //! Emitted when the heartbeatInterval property changes.
    void heartbeatIntervalChanged();
    //! Emitted when the timeout property changes.
    void timeoutChanged();
    //! Emitted when the autoReconnect property changes.
    void autoReconnectChanged();
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
    //! Emitted when the error and errorString properties change.
    void errorChanged();

private:
    void applyActive();

    PhoenixSocket *m_socket = nullptr;
    bool m_active = false;
    bool m_complete = true;
    bool m_wasConnected = false;
    bool m_started = false;
};
