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
    enum State { Disconnected, Connecting, Connected, Disconnecting };
    Q_ENUM(State)

    //! Errors (same values as PhoenixSocket::Error).
    enum Error {
        NoError,
        InvalidUrlError,
        ConnectionRefusedError,
        HostNotFoundError,
        ConnectionLostError,
        HeartbeatTimeoutError,
        SslError,
        ProtocolError,
        SendBufferFullError,
        TransportError
    };
    Q_ENUM(Error)

    //! Creates the item and its C++ socket (a child of the item).
    explicit PhoenixQmlSocket(QObject *parent = nullptr);
    //! Disconnects and deletes the C++ socket and its channels.
    ~PhoenixQmlSocket() override;

    //! The C++ socket, owned by this item.
    PhoenixSocket *socket() const;

    QUrl url() const;
    void setUrl(const QUrl &url);
    QVariantMap params() const;
    void setParams(const QVariantMap &params);
    QString authToken() const;
    void setAuthToken(const QString &token);
    QVariantMap headers() const;
    void setHeaders(const QVariantMap &headers);
    int heartbeatInterval() const;
    void setHeartbeatInterval(int ms);
    int timeout() const;
    void setTimeout(int ms);
    bool autoReconnect() const;
    void setAutoReconnect(bool enabled);
    bool isActive() const;
    void setActive(bool active);
    State state() const;
    bool isConnected() const;
    int latency() const;
    int reconnectAttempts() const;
    Error error() const;
    QString errorString() const;

    //! True once componentComplete() ran (or for items made in C++, right away).
    bool isComplete() const;

    //! Measures the round trip now; pong() and latency report it. False (nothing sent) when offline.
    Q_INVOKABLE bool ping();

    void classBegin() override;
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

    void urlChanged();
    void paramsChanged();
    void authTokenChanged();
    void headersChanged();
    void heartbeatIntervalChanged();
    void timeoutChanged();
    void autoReconnectChanged();
    void activeChanged();
    void stateChanged();
    void connectedChanged();
    void latencyChanged();
    void reconnectAttemptsChanged();
    void errorChanged();

private:
    void applyActive();

    PhoenixSocket *m_socket = nullptr;
    bool m_active = false;
    bool m_complete = true;
    bool m_wasConnected = false;
    bool m_started = false;
};
