// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

#ifndef PHOENIXDEVSERVER_H
#define PHOENIXDEVSERVER_H

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QObject>
#include <QtCore/QPair>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QSslConfiguration>

#include <memory>

class PhoenixDevServerPrivate;

/*!
    \brief A reference Phoenix Channels server (protocol V2, vsn=2.0.0) for tests, benchmarks and
    the conformance suite.

    PhoenixDevServer is an independent implementation of the server side of the Phoenix protocol on
    top of QTcpServer + QWebSocketServer. Like a Phoenix endpoint with
    \c{socket "/socket", UserSocket, websocket: true, longpoll: true} it serves two transports on one
    port: WebSocket at \c{/socket/websocket} and LongPoll (HTTP) at \c{/socket/longpoll}. One protocol
    core serves both: a \c{"room:*"} channel (echo, fail, noreply, shout, broadcast_from, crash, stop,
    flood, binary_echo, kick, slow joins, ...) with Phoenix.Presence tracking. Optionally everything is
    served over TLS (wss:// and https://, see setSslConfiguration()). See tools/devserver/README.md for
    the full list of behaviours.

    \b Threading: the object lives in the thread that created it (Qt affinity) and needs a running
    event loop there. It is not thread-safe; call it from its own thread only. Every signal is emitted
    from that thread.

    \b Ownership: a plain QObject; the parent (if any) owns it. All sockets, WebSocket connections and
    LongPoll sessions it accepts are owned by the server and destroyed by close() or the destructor.

    \b Privacy: connect params, tokens and payloads are never logged (category \c{phoenix.devserver}).
*/
class PhoenixDevServer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PhoenixDevServer)

public:
    /*! The transport a connection uses. */
    enum class Transport {
        WebSocket, //!< A WebSocket connection on \c{/socket/websocket}.
        LongPoll,  //!< A LongPoll session on \c{/socket/longpoll} (one session = one connection).
    };
    Q_ENUM(Transport)

    /*! How the server answers WebSocket upgrade requests (LongPoll is not affected). */
    enum class WebSocketMode {
        Serve,     //!< Upgrade (the default).
        Refuse,    //!< Answer every upgrade request with webSocketRefusalStatus() (default HTTP 400).
        BlackHole, //!< Accept the TCP connection, read the request and never answer it.
    };
    Q_ENUM(WebSocketMode)

    /*!
        \brief What the server knows about one accepted (or refused) connect request: a WebSocket
        upgrade request, or the LongPoll request that opened a session.
    */
    struct ConnectionInfo
    {
        //! Id of the connection, unique per server instance (0 for a refused request).
        quint64 id = 0;
        //! The transport of the connection (for a LongPoll session: the request that opened it).
        Transport transport = Transport::WebSocket;
        //! The query of the request URL (connect params plus \c vsn).
        QUrlQuery query;
        //! Path of the request URL.
        QString path;
        //! All request headers in arrival order, names as sent by the client.
        QList<QPair<QByteArray, QByteArray>> headers;
        //! The subprotocols the client requested (Sec-WebSocket-Protocol), in order (WebSocket only).
        QStringList requestedSubprotocols;
        /*! The auth token: decoded from a \c{base64url.bearer.phx.} subprotocol (WebSocket) or taken
            from the \c{X-Phoenix-AuthToken} header (LongPoll); empty if none. */
        QString authToken;
        //! Connect param \c user, or \c{"anon"}: the presence key of this connection.
        QString user;

        /*! Returns the value of the first request header named \a name (case-insensitive), or a
            null QByteArray. */
        QByteArray header(const QByteArray &name) const;
    };

    /*!
        \brief One effect of the \c durable event (see durableEffects()): what the server did once for
        one idempotency key, however often the client sent it.
    */
    struct DurableEffect
    {
        //! Position in the effect log, from 1 (also the \c effect field of the reply).
        int index = 0;
        //! The topic the push was made on.
        QString topic;
        //! The idempotency key (payload field \c idempotency_key).
        QString key;
        //! The payload as it arrived the first time (the key included).
        QJsonObject payload;
        //! The \c user of the connection that made it.
        QString user;
    };

    /*!
        \brief One HTTP request received on \c{/socket/longpoll} (see longPollRequestReceived()).
    */
    struct HttpRequest
    {
        //! The method, e.g. \c GET, \c POST or \c OPTIONS.
        QByteArray method;
        //! Path of the request URL.
        QString path;
        //! The query of the request URL (connect params, \c vsn and the session \c token).
        QUrlQuery query;
        //! All request headers in arrival order, names as sent by the client.
        QList<QPair<QByteArray, QByteArray>> headers;
        //! The request body (de-chunked), empty for GET.
        QByteArray body;

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
    /*! Stops listening and aborts all connections without close frames and all LongPoll sessions
        ("server killed": their tokens are forgotten, so a client that polls after a restart gets 410). */
    void close();
    /*! Returns the port the server listens on (0 if not listening). */
    quint16 port() const;
    /*! Returns the address the server listens on. */
    QHostAddress address() const;
    /*! Returns \c{ws://<address>:<port>/socket/websocket} (\c wss with TLS); connect params and vsn
        are the client's job. */
    QUrl url() const;
    /*! Returns \c{http://<address>:<port>/socket/longpoll} (\c https with TLS). */
    QUrl longPollUrl() const;
    /*! Returns the error string of the last failed listen(). */
    QString errorString() const;

    /*! Returns the number of open connections: WebSocket connections plus live LongPoll sessions. */
    int connectionCount() const;
    /*! Returns the number of open connections that use \a transport. */
    int connectionCount(Transport transport) const;
    /*! Returns the number of channels joined on \a topic over all connections. */
    int joinedCount(const QString &topic) const;
    /*! Returns the topics joined on any connection (unsorted, each once). */
    QStringList joinedTopics() const;

    /*! Returns the connection info of all open connections (both transports), oldest first. */
    QList<ConnectionInfo> connections() const;
    /*! Returns the info of the last connect request, accepted or refused: a WebSocket upgrade request
        to \c{/socket/websocket}, or a LongPoll request that tried to open a session. */
    ConnectionInfo lastConnectInfo() const;
    /*! Returns the URL query of the last connect request (accepted or refused). */
    QUrlQuery lastConnectQuery() const;
    /*! Returns the request headers of the last connect request (accepted or refused). */
    QList<QPair<QByteArray, QByteArray>> lastRequestHeaders() const;
    /*! Returns the header \a name (case-insensitive) of the last connect request, or a null QByteArray. */
    QByteArray lastRequestHeader(const QByteArray &name) const;
    /*! Returns the subprotocols requested by the last upgrade request. */
    QStringList lastRequestedSubprotocols() const;
    /*! Returns the auth token of the last connect request (subprotocol or \c{X-Phoenix-AuthToken}
        header; empty if none). */
    QString lastAuthToken() const;
    /*! Returns how many connect requests were refused since construction: HTTP 403/400/404/431
        answers to upgrade requests (also in WebSocketMode::Refuse) and LongPoll \c{{"status":403}}. */
    int refusedCount() const;

    /*! Returns whether heartbeats are answered (default true). */
    bool heartbeatRepliesEnabled() const;
    /*! Stops (false) or resumes (true) answering \c heartbeat messages on topic \c phoenix. */
    void setHeartbeatRepliesEnabled(bool enabled);

    /*! Returns whether the server is frozen. */
    bool isFrozen() const;
    /*!
        Freezes the server: incoming WebSocket frames are dropped unprocessed (and never processed
        later, textFrameReceived()/binaryFrameReceived() are not emitted for them), nothing is
        answered, the idle timeout and LongPoll session expiry are suspended, outstanding LongPoll
        polls and POSTs are not answered, and new HTTP requests (upgrades and LongPoll requests) get no
        answer until unfrozen (they are then processed; a connection whose first request waits more
        than 10 s is aborted). Test helpers (sendTextToAll(), broadcast(), close...) still work.
    */
    void setFrozen(bool frozen);

    /*! Returns the idle timeout in ms (default 60000; 0 = never). */
    int idleTimeout() const;
    /*! Closes (code 1000, reason "idle timeout") a WebSocket connection that received no frame for
        \a ms milliseconds; 0 disables. Applies to existing connections at once. LongPoll sessions have
        no idle timeout (phoenix.js sends no heartbeats over LongPoll); they expire instead, see
        setLongPollWindow(). */
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

    /*! Returns the delay of the first join of each \c{room:slow*} topic in ms (default 1500). */
    int slowJoinDelay() const;
    /*!
        Sets how long the first join of each \c{room:slow*} topic since the server started takes
        (later joins of that topic are immediate, like a room loaded from a database once). During a
        slow join the connection processes nothing else, as Phoenix's socket process does while
        \c{join/3} runs: frames that arrive meanwhile (a \c phx_leave, heartbeats, pushes) are handled
        in order after the join reply. The join param \c delay_ms slows any single join the same way.
    */
    void setSlowJoinDelay(int ms);

    /*! Returns whether \c{/socket/longpoll} is served (default true). */
    bool longPollEnabled() const;
    /*! Serves (true) or stops serving (false, HTTP 404, like \c{longpoll: false}) the LongPoll
        transport. Existing sessions are not ended. */
    void setLongPollEnabled(bool enabled);

    /*! Returns the LongPoll window in ms (default 10000, Phoenix's \c window_ms). */
    int longPollWindow() const;
    /*!
        Sets the LongPoll window: how long a poll waits for messages before it is answered with
        \c{{"status":204}}, and how long a POST waits for the session to process each message before it
        is answered with \c{{"status":408}}. A session with no outstanding poll for 1.5 × the window
        expires (its channels end, clientDisconnected() fires; later requests with its token get 410).
        Applies to polls and sessions from now on.
    */
    void setLongPollWindow(int ms);

    /*! Returns how many LongPoll POSTs still lose their answer (see setLongPollPostAnswersToDrop()). */
    int longPollPostAnswersToDrop() const;
    /*! The next \a count LongPoll POSTs are handled (their messages reach the channels) and then, instead
        of the answer, their TCP connection is aborted: a network that fails between the request and the
        answer. The session lives on. 0 (the default) answers every POST. */
    void setLongPollPostAnswersToDrop(int count);

    /*! Returns how WebSocket upgrade requests are answered (default WebSocketMode::Serve). */
    WebSocketMode webSocketMode() const;
    /*! Sets how WebSocket upgrade requests are answered, e.g. to test a client's LongPoll fallback
        behind a proxy that breaks WebSockets. Affects requests from now on. */
    void setWebSocketMode(WebSocketMode mode);
    /*! Returns the HTTP status of refused upgrades in WebSocketMode::Refuse (default 400, what Phoenix
        answers to a request whose upgrade headers a proxy removed). */
    int webSocketRefusalStatus() const;
    /*! Sets the HTTP status (400..599) of refused upgrades in WebSocketMode::Refuse. */
    void setWebSocketRefusalStatus(int httpStatus);

    /*! Returns the TLS configuration (null when the server serves plain TCP). */
    QSslConfiguration sslConfiguration() const;
    /*!
        Serves TLS (wss:// and https://) with \a configuration from now on: its local certificate
        (and chain) and private key identify the server. A configuration without a local certificate
        switches TLS off. The server asks for no client certificate unless \a configuration says so.
        Affects connections accepted afterwards; url() and longPollUrl() change their scheme.
    */
    void setSslConfiguration(const QSslConfiguration &configuration);
    /*!
        Returns a server TLS configuration made of the PEM certificate file \a certificateFile (the
        server certificate, optionally followed by its chain) and the PEM private key \a keyFile (RSA
        or EC, unencrypted). On failure returns a null configuration and sets \a errorString.
    */
    static QSslConfiguration sslConfigurationFromPem(const QString &certificateFile, const QString &keyFile,
                                                     QString *errorString = nullptr);

    /*! Aborts every TCP connection at once, without close frames (WebSocket clients see code 1006,
        LongPoll clients see their outstanding requests fail), and ends every LongPoll session. */
    void dropAllConnections();
    /*! Closes every WebSocket connection with a close frame carrying \a code and \a reason, and ends
        every LongPoll session as Phoenix does when the server closes the socket: an outstanding poll
        is answered with 204 when its window ends, the next request gets 410. */
    void closeAllConnections(quint16 code = 1000, const QString &reason = QString());
    /*! Sends the raw text frame \a frame to every connection (for malformed-frame tests); a LongPoll
        session gets it as one message of its next poll. */
    void sendTextToAll(const QString &frame);
    /*! Sends the raw binary frame \a frame to every connection (for malformed-frame tests). See the
        README for what a binary frame does to a LongPoll session (its poll fails with HTTP 500). */
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
    /*!
        Returns the effect log of the \c durable event, in the order the effects were made: one
        entry per idempotency key that was seen (and not rejected by \c{"reject"}), however often
        it was sent. See the README's "Durable pushes" section.
    */
    QList<DurableEffect> durableEffects() const;
    /*! Returns how many \c durable pushes carried a key seen before and were answered with the
        stored first reply instead of making the effect again (duplicates avoided by the key). */
    int durableResends() const;
    /*! Returns how many \c durable pushes were received (first sends and resends). */
    int durablePushes() const;
    /*! Forgets the effect log, the stored replies and the counters of the \c durable event. */
    void clearDurable();

    /*! Makes every channel on \a topic crash (phx_error, channel forgotten, presence leave). */
    void crashTopic(const QString &topic);
    /*! Stops every channel on \a topic gracefully (phx_close, channel removed, presence leave). */
    void closeTopic(const QString &topic);

Q_SIGNALS:
    /*! Emitted when a connection has been established: after a WebSocket handshake, or when a LongPoll
        session has been opened (before its first 410 answer is sent). */
    void clientConnected();
    /*! Emitted when a connection has gone: a WebSocket closed, aborted or dropped, or a LongPoll
        session ended (expired, closed or dropped by the server). */
    void clientDisconnected();
    /*! Emitted when a connect request was refused with the HTTP status \a httpStatus (for LongPoll:
        403, sent as \c{{"status":403}} in an HTTP 200 answer as Phoenix does). */
    void connectionRefused(int httpStatus);
    /*! Emitted when a WebSocket upgrade request was read and will never be answered
        (WebSocketMode::BlackHole). */
    void webSocketBlackHoled();
    /*! Emitted for every request on \c{/socket/longpoll}, before it is handled (not while frozen). */
    void longPollRequestReceived(const PhoenixDevServer::HttpRequest &request);
    /*! Emitted for every text frame received from any client (not while frozen). A LongPoll POST
        emits it once per message line. */
    void textFrameReceived(const QString &frame);
    /*! Emitted for every binary frame received from any client (not while frozen). A LongPoll POST
        line in base64 emits it with the decoded bytes. */
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

Q_DECLARE_METATYPE(PhoenixDevServer::ConnectionInfo)
Q_DECLARE_METATYPE(PhoenixDevServer::HttpRequest)
Q_DECLARE_METATYPE(PhoenixDevServer::DurableEffect)

#endif // PHOENIXDEVSERVER_H
