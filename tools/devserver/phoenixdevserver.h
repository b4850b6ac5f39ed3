// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

#ifndef PHOENIXDEVSERVER_H
#define PHOENIXDEVSERVER_H

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPair>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QHostAddress>

#include <memory>

class PhoenixDevServerPrivate;

/*!
    \brief A reference Phoenix Channels server (protocol V2, vsn=2.0.0) for tests, benchmarks and
    the conformance suite.

    PhoenixDevServer is an independent implementation of the server side of the Phoenix protocol on
    top of QTcpServer + QWebSocketServer. It serves \c{/socket/websocket} only and behaves like a
    Phoenix endpoint with a \c{"room:*"} channel (echo, fail, noreply, shout, broadcast_from, crash,
    stop, flood, binary_echo, kick, ...) and Phoenix.Presence tracking. See tools/devserver/README.md
    for the full list of behaviours.

    \b Threading: the object lives in the thread that created it (Qt affinity) and needs a running
    event loop there. It is not thread-safe; call it from its own thread only.

    \b Ownership: a plain QObject; the parent (if any) owns it. All sockets it accepts are owned by
    the server and destroyed by close() or the destructor.

    \b Privacy: connect params, tokens and payloads are never logged (category \c{phoenix.devserver}).
*/
class PhoenixDevServer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PhoenixDevServer)

public:
    /*!
        \brief What the server knows about one accepted (or refused) WebSocket upgrade request.
    */
    struct ConnectionInfo
    {
        //! Id of the connection, unique per server instance (0 for a refused request).
        quint64 id = 0;
        //! The query of the request URL (connect params plus \c vsn).
        QUrlQuery query;
        //! Path of the request URL.
        QString path;
        //! All request headers in arrival order, names as sent by the client.
        QList<QPair<QByteArray, QByteArray>> headers;
        //! The subprotocols the client requested (Sec-WebSocket-Protocol), in order.
        QStringList requestedSubprotocols;
        //! The token decoded from a \c{base64url.bearer.phx.} subprotocol, empty if none.
        QString authToken;
        //! Connect param \c user, or \c{"anon"}: the presence key of this connection.
        QString user;

        /*! Returns the value of the first request header named \a name (case-insensitive), or a
            null QByteArray. */
        QByteArray header(const QByteArray &name) const;
    };

    /*! Creates a server (not listening yet) with the given \a parent. */
    explicit PhoenixDevServer(QObject *parent = nullptr);
    /*! Stops listening and aborts every connection. */
    ~PhoenixDevServer() override;

    /*!
        Starts listening on \a address and \a port (0 = let the OS pick a free port). Returns true on
        success. Calling it again after close() on the same port works (SO_REUSEADDR), which is how
        tests simulate a server restart.
    */
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    /*! Returns true while the server listens. */
    bool isListening() const;
    /*! Stops listening and aborts all connections without close frames ("server killed"). */
    void close();
    /*! Returns the port the server listens on (0 if not listening). */
    quint16 port() const;
    /*! Returns the address the server listens on. */
    QHostAddress address() const;
    /*! Returns \c{ws://<address>:<port>/socket/websocket}; connect params and vsn are the client's job. */
    QUrl url() const;
    /*! Returns the error string of the last failed listen(). */
    QString errorString() const;

    /*! Returns the number of open WebSocket connections. */
    int connectionCount() const;
    /*! Returns the number of channels joined on \a topic over all connections. */
    int joinedCount(const QString &topic) const;
    /*! Returns the topics joined on any connection (unsorted, each once). */
    QStringList joinedTopics() const;

    /*! Returns the connection info of all open connections, oldest first. */
    QList<ConnectionInfo> connections() const;
    /*! Returns the info of the last upgrade request to \c{/socket/websocket}, accepted or refused. */
    ConnectionInfo lastConnectInfo() const;
    /*! Returns the URL query of the last upgrade request (accepted or refused). */
    QUrlQuery lastConnectQuery() const;
    /*! Returns the request headers of the last upgrade request (accepted or refused). */
    QList<QPair<QByteArray, QByteArray>> lastRequestHeaders() const;
    /*! Returns the header \a name (case-insensitive) of the last upgrade request, or a null QByteArray. */
    QByteArray lastRequestHeader(const QByteArray &name) const;
    /*! Returns the subprotocols requested by the last upgrade request. */
    QStringList lastRequestedSubprotocols() const;
    /*! Returns the token decoded from the last request's \c{base64url.bearer.phx.} subprotocol (empty if
     * none). */
    QString lastAuthToken() const;
    /*! Returns how many upgrade requests were refused (HTTP 403/400/404) since construction. */
    int refusedCount() const;

    /*! Returns whether heartbeats are answered (default true). */
    bool heartbeatRepliesEnabled() const;
    /*! Stops (false) or resumes (true) answering \c heartbeat messages on topic \c phoenix. */
    void setHeartbeatRepliesEnabled(bool enabled);

    /*! Returns whether the server is frozen. */
    bool isFrozen() const;
    /*!
        Freezes the server: incoming frames are dropped unprocessed (and never processed later,
        textFrameReceived()/binaryFrameReceived() are not emitted for them), nothing is answered, the
        idle timeout is suspended, and new TCP connections get no handshake answer until unfrozen (their
        handshake is then processed). Test helpers (sendTextToAll(), broadcast(), close...) still work.
    */
    void setFrozen(bool frozen);

    /*! Returns the idle timeout in ms (default 60000; 0 = never). */
    int idleTimeout() const;
    /*! Closes (code 1000, reason "idle timeout") a connection that received no frame for \a ms
        milliseconds; 0 disables. Applies to existing connections at once. */
    void setIdleTimeout(int ms);

    /*! Returns whether presence is tracked on "room:*" topics (default true). */
    bool presenceEnabled() const;
    /*! Switches presence tracking (presence_state / presence_diff) on or off, e.g. for benchmarks
        that join thousands of channels. Affects joins and leaves from now on. */
    void setPresenceEnabled(bool enabled);

    /*! Returns the maximum number of channels per connection (default 100). */
    int maxChannels() const;
    /*! Sets the maximum number of channels per connection; a join beyond it gets the error reply
        \c{{"reason":"too many channels joined"}}. */
    void setMaxChannels(int max);

    /*! Aborts every TCP connection at once, without close frames (clients see code 1006). */
    void dropAllConnections();
    /*! Closes every connection with a close frame carrying \a code and \a reason. */
    void closeAllConnections(quint16 code = 1000, const QString &reason = QString());
    /*! Sends the raw text frame \a frame to every connection (for malformed-frame tests). */
    void sendTextToAll(const QString &frame);
    /*! Sends the raw binary frame \a frame to every connection (for malformed-frame tests). */
    void sendBinaryToAll(const QByteArray &frame);
    /*! Broadcasts \a event with \a payload to all members of \a topic as a V2 broadcast
        \c{[null,null,topic,event,payload]}. */
    void broadcast(const QString &topic, const QString &event, const QJsonObject &payload = {});
    /*! Broadcasts \a event with the raw bytes \a payload to all members of \a topic as a binary
        broadcast frame (kind 2). */
    void broadcastBinary(const QString &topic, const QString &event, const QByteArray &payload);
    /*! Pushes \a event with \a payload to all members of \a topic as Channel.push does
        (\c{[join_ref,null,topic,event,payload]}). */
    void push(const QString &topic, const QString &event, const QJsonObject &payload = {});
    /*! Pushes \a event with the raw bytes \a payload to all members of \a topic as a binary push
        frame (kind 0, 4-byte header). */
    void pushBinary(const QString &topic, const QString &event, const QByteArray &payload);
    /*! Makes every channel on \a topic crash (phx_error, channel forgotten, presence leave). */
    void crashTopic(const QString &topic);
    /*! Stops every channel on \a topic gracefully (phx_close, channel removed, presence leave). */
    void closeTopic(const QString &topic);

Q_SIGNALS:
    /*! Emitted when a WebSocket connection has been established (after the handshake). */
    void clientConnected();
    /*! Emitted when a WebSocket connection has gone (closed, aborted or dropped). */
    void clientDisconnected();
    /*! Emitted when an upgrade request was refused with the HTTP status \a httpStatus. */
    void connectionRefused(int httpStatus);
    /*! Emitted for every text frame received from any client (not while frozen). */
    void textFrameReceived(const QString &frame);
    /*! Emitted for every binary frame received from any client (not while frozen). */
    void binaryFrameReceived(const QByteArray &frame);
    /*! Emitted after a successful join of \a topic (after the ok reply was sent); \a joinRef is its join_ref.
     */
    void channelJoined(const QString &topic, const QString &joinRef);
    /*! Emitted when a channel on \a topic ended on some connection (leave, stop, crash, duplicate join,
        disconnect). */
    void channelLeft(const QString &topic);

private:
    friend class PhoenixDevServerPrivate;
    std::unique_ptr<PhoenixDevServerPrivate> d;
};

#endif // PHOENIXDEVSERVER_H
