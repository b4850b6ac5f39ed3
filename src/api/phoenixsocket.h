// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixglobal.h"
#include "phoenixmessage.h"
#include "phoenixtelemetry.h"

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtCore/QVariantMap>

#include <functional>
#include <memory>

#ifndef QT_NO_SSL
#include <QtNetwork/QSslConfiguration>
#endif

class PhoenixChannel;
class PhoenixSerializer;
class PhoenixSocketPrivate;
class PhoenixTransport;

/*!
 * \brief A connection to a Phoenix endpoint (Phoenix Channels, protocol V2).
 *
 * PhoenixSocket is the face of the protocol engine behind it: the engine speaks the Phoenix Channels
 * protocol over a PhoenixTransport (a WebSocket by default), sends heartbeats, detects dead
 * connections, reconnects with backoff after any close it did not ask for, buffers what is sent
 * while offline, matches replies to pushes and routes incoming messages to its channels in O(1) by
 * topic.
 *
 * \code
 * auto *socket = new PhoenixSocket(QUrl(u"ws://127.0.0.1:4000/socket/websocket"_s), this);
 * socket->setParams({{u"user"_s, u"ada"_s}});
 * PhoenixChannel *lobby = socket->channel(u"room:lobby"_s);
 * connect(lobby, &PhoenixChannel::messageReceived, this, &Chat::onMessage);
 * lobby->join();
 * socket->connectToServer();
 * \endcode
 *
 * \section socket_slots Slots may do anything
 * A slot connected to any signal of the socket, its channels, pushes or presences (and a params or
 * token provider, a receive() hook, an on() handler) may delete the socket, the channel, the push or
 * the presence, connect, disconnect, leave, join, set any property or wait (waitFor…()). The
 * library changes its state before it emits, emits last, and stops what it was doing when a slot
 * took its object away; what a slot asks for wins over what the signal interrupted (a
 * disconnectFromServer() from reconnectAttemptsChanged() stops the reconnecting, a provider that
 * disconnects leaves the socket disconnected). deleteLater() remains the habit to teach.
 *
 * \section socket_threads Threads
 * A socket and all of its channels and pushes live in the thread the socket lives in (Qt thread
 * affinity) and must only be used from that thread. Create the socket in the thread that runs it, or
 * moveToThread() it before connectToServer(). No member is thread-safe; no locks are taken.
 *
 * \section socket_ownership Ownership
 * Channels returned by channel() are children of the socket and are deleted with it (or by the
 * caller, which is allowed at any time). The serializer set with setSerializer() is owned by the
 * socket.
 *
 * \section socket_secrets Secrets
 * params and authToken are never written to logs; logged URLs have their query removed.
 *
 * \section devices Staying connected on real devices
 * With networkAware on (the default) the socket follows what the system says about the network
 * (QNetworkInformation, where a backend is available; Qt Core/Network only):
 * - while the system reports no network, no reconnect attempts are made (no retry loop burning the
 *   battery); the socket reconnects at once when a network is back, without waiting for the backoff;
 * - when the network medium changes (Wi-Fi ↔ cellular ↔ ethernet) or the system reports the network
 *   gone or back while connected, the connection is probed at once: a heartbeat that must be
 *   answered within a few seconds (at most 5 s, or heartbeatTimeout if shorter). A connection that
 *   died with the old network is replaced right away instead of after up to two heartbeat intervals.
 *
 * The library does not see the application's state. Call checkConnection() when the application
 * becomes active again or the device resumes from suspend (the QML module does it on application
 * state changes): it probes an open connection and reconnects at once if a reconnect was pending.
 *
 * \section telemetry Telemetry
 * telemetry() counts messages and bytes in and out, connects, reconnects, rejoins, push round trips
 * (last, median and 99th percentile of the last 256) and the send buffer's high-water mark. The
 * counting costs a few integer increments per message and no signal; telemetryChanged() is emitted
 * at most once a second and only while something is connected to it. pushFinished() reports every
 * push that finished, for applications that log them.
 *
 * \section waiting Blocking waits
 * waitForConnected(), PhoenixChannel::waitForJoined() and PhoenixPush::waitForReply() block until
 * something happened, in Qt's waitFor… idiom, for code without an event loop of its own (command line
 * tools, tests, worker threads). They spin a local QEventLoop: never call them from a slot of a GUI
 * thread.
 */
class PHOENIXQT_EXPORT PhoenixSocket : public QObject
{
    Q_OBJECT
    /*!
     * Endpoint URL, e.g. ws://127.0.0.1:4000/socket/websocket. A path that does not end in
     * \c /websocket or \c /longpoll gets \c /websocket appended, as phoenix.js does, so
     * ws://host/socket works too. Changing it while connected reconnects.
     */
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    //! Connect parameters, sent as the URL query together with vsn. Changing them while connected reconnects.
    Q_PROPERTY(QJsonObject params READ params WRITE setParams NOTIFY paramsChanged)
    //! Extra HTTP headers for the WebSocket upgrade request, or for every LongPoll request (name → value).
    //! Changing them while connected reconnects.
    Q_PROPERTY(QVariantMap headers READ headers WRITE setHeaders NOTIFY headersChanged)
    /*!
     * Token sent in the Sec-WebSocket-Protocol header (Phoenix ≥ 1.8 auth_token), never in the URL;
     * over LongPoll in the X-Phoenix-AuthToken header. See PhoenixWebSocketTransport for which tokens
     * can travel over WebSocket. Changing it while connected reconnects.
     */
    Q_PROPERTY(QString authToken READ authToken WRITE setAuthToken NOTIFY authTokenChanged)
    //! Interval between heartbeats in ms (default 30000). 0 disables heartbeats. A change restarts
    //! the heartbeat schedule of an open connection at once.
    Q_PROPERTY(int heartbeatInterval READ heartbeatInterval WRITE setHeartbeatInterval NOTIFY
                   heartbeatIntervalChanged)
    //! How long a heartbeat may wait for its reply, in ms; -1 (default) means heartbeatInterval, as in
    //! phoenix.js. Applies from the next heartbeat.
    Q_PROPERTY(
        int heartbeatTimeout READ heartbeatTimeout WRITE setHeartbeatTimeout NOTIFY heartbeatTimeoutChanged)
    //! Default timeout of joins, leaves and pushes in ms (default 10000), for channels created
    //! afterwards (each channel has its own PhoenixChannel::timeout).
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout NOTIFY timeoutChanged)
    /*!
     * Longest a connection attempt may take, in ms, before it is aborted and retried on the
     * reconnect schedule (default 10000; 0 = wait as long as the network stack does, which is about
     * a minute for an address that never answers). Applies from the next attempt.
     */
    Q_PROPERTY(int connectTimeout READ connectTimeout WRITE setConnectTimeout NOTIFY connectTimeoutChanged)
    /*!
     * Which transport connects: WebSocket (default) or LongPoll (HTTP long polling, for networks
     * that block WebSockets; see PhoenixLongPollTransport). Both use the same url. Changing it while
     * connected reconnects over the new transport. The longPollFallback changes it to LongPoll.
     * Over LongPoll no heartbeats are sent (phoenix.js skips them too); ping() still works.
     */
    Q_PROPERTY(Transport transport READ transport WRITE setTransport NOTIFY transportChanged)
    /*!
     * LongPoll fallback in ms (0 = off, the default, as in phoenix.js longPollFallbackMs). With
     * transport WebSocket, when the WebSocket fails before it ever opened (refused, closed, the
     * connectTimeout passed) or has not opened within this time, the socket connects over LongPoll
     * at once and keeps using it for the rest of its life: transport reads LongPoll
     * (transportChanged). The failed WebSocket attempt is logged, not reported as an error. A
     * WebSocket that opens must answer a ping within this time too; once one did, the socket trusts
     * WebSockets for good (unlike phoenix.js, a later server restart does not move it to LongPoll).
     * A change applies from the next connection attempt; 0 also stops watching the current one.
     *
     * To keep a fallback across runs (phoenix.js keeps it in sessionStorage), store it:
     * \code
     * connect(socket, &PhoenixSocket::transportChanged,
     *         [](auto t) { QSettings().setValue("phoenix/transport", int(t)); });
     * // at start:
     * socket->setTransport(PhoenixSocket::Transport(QSettings().value("phoenix/transport").toInt()));
     * \endcode
     */
    Q_PROPERTY(
        int longPollFallback READ longPollFallback WRITE setLongPollFallback NOTIFY longPollFallbackChanged)
    //! Longest one LongPoll request may take, in ms (default 20000, phoenix.js longpollerTimeout);
    //! a request that takes longer counts as a dead connection (TransportError, then a reconnect).
    //! Keep it above the server's LongPoll window (10 s in Phoenix). Applies from the next connect.
    Q_PROPERTY(
        int longPollTimeout READ longPollTimeout WRITE setLongPollTimeout NOTIFY longPollTimeoutChanged)
    //! Whether the socket reconnects after a close it did not ask for (default true).
    Q_PROPERTY(bool autoReconnect READ autoReconnect WRITE setAutoReconnect NOTIFY autoReconnectChanged)
    //! Random spread of reconnect delays, 0.0 (default, exact phoenix.js delays) to 1.0.
    Q_PROPERTY(
        double reconnectJitter READ reconnectJitter WRITE setReconnectJitter NOTIFY reconnectJitterChanged)
    //! Most messages kept while they cannot be sent (socket and channel buffers together); 0 = unbounded.
    Q_PROPERTY(
        int sendBufferLimit READ sendBufferLimit WRITE setSendBufferLimit NOTIFY sendBufferLimitChanged)
    //! Largest incoming message accepted, in bytes (default 64 MiB); over LongPoll, largest poll answer
    //! (which may carry several messages). A larger one closes the connection with code 1009 and a
    //! ProtocolError; the socket then reconnects as after any other close. Applies from the next connect.
    Q_PROPERTY(qint64 maxMessageSize READ maxMessageSize WRITE setMaxMessageSize NOTIFY maxMessageSizeChanged)
    //! Messages currently waiting to be sent.
    Q_PROPERTY(int bufferedMessages READ bufferedMessages NOTIFY bufferedMessagesChanged)
    /*!
     * Follow the system's network (QNetworkInformation hint), default true: no reconnect attempts
     * while it reports no network, reconnect at once when it is back, and probe the connection when
     * the network changes. See "Staying connected on real devices".
     */
    Q_PROPERTY(bool networkAware READ isNetworkAware WRITE setNetworkAware NOTIFY networkAwareChanged)
    //! Connection state.
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    //! True while state is Connected.
    Q_PROPERTY(bool connected READ isConnected NOTIFY stateChanged)
    //! Last measured round trip (heartbeat or ping) in ms, -1 before the first one.
    Q_PROPERTY(int latency READ latency NOTIFY latencyChanged)
    //! Reconnect attempts since the last successful connect.
    Q_PROPERTY(int reconnectAttempts READ reconnectAttempts NOTIFY reconnectAttemptsChanged)
    //! Last error.
    Q_PROPERTY(Error error READ error NOTIFY errorOccurred)
    //! Translated description of the last error.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorOccurred)
    /*!
     * Counters for dashboards and log lines (a snapshot: reading it copies the counters and computes
     * the round trip percentiles). Its notifier is throttled, see telemetryChanged().
     */
    Q_PROPERTY(PhoenixTelemetry telemetry READ telemetry NOTIFY telemetryChanged)

public:
    //! Connection states.
    enum class State {
        Disconnected, //!< no connection and none being opened (a reconnect may be scheduled)
        Connecting,   //!< the connection is being opened (WebSocket handshake, first LongPoll request)
        Connected,    //!< open: frames flow, heartbeats run
        Disconnecting //!< closing on request of disconnectFromServer()
    };
    Q_ENUM(State)

    //! Errors reported by errorOccurred().
    enum class Error {
        NoError,                //!< no error so far
        InvalidUrlError,        //!< the url is empty, not ws/wss, or otherwise unusable
        ConnectionRefusedError, //!< nothing listens there, or the server refused the upgrade (e.g. HTTP 403)
        HostNotFoundError,      //!< DNS lookup failed
        ConnectionLostError,    //!< an open connection was closed by the peer or the network
        HeartbeatTimeoutError,  //!< no heartbeat reply in time: the connection was declared dead
        SslError,               //!< TLS handshake failed
        ProtocolError,          //!< a frame could not be decoded (it was dropped; the socket keeps working).
                                //!< The payload of a message for a channel that nothing reads (no connected
                                //!< messageReceived(), no on() handler) is not parsed, so not checked either.
        SendBufferFullError,    //!< a message was refused because sendBufferLimit was reached (reported once
                                //!< until the buffer has room again)
        TransportError,         //!< any other transport failure
        InvalidAuthTokenError,  //!< the auth token cannot travel intact over the transport: nothing was sent
        ConnectTimeoutError     //!< the connection did not open within connectTimeout
    };
    Q_ENUM(Error)

    //! The transports PhoenixQt ships.
    enum class Transport {
        WebSocket, //!< Phoenix's WebSocket transport (PhoenixWebSocketTransport), the default
        LongPoll   //!< Phoenix's LongPoll transport over HTTP (PhoenixLongPollTransport)
    };
    Q_ENUM(Transport)

    //! A backoff schedule: returns the delay in ms before attempt \a tries (1-based).
    using BackoffFunction = std::function<int(int tries)>;
    /*!
     * Called before every (re)connect to obtain fresh connect parameters, before the socket changes
     * anything: it may disconnect the socket, set its properties or delete it, and that wins (no
     * attempt is made, and the TransportFactory is not called for it).
     */
    using ParamsProvider = std::function<QJsonObject()>;
    //! Called before every (re)connect to obtain a fresh auth token; like ParamsProvider.
    using TokenProvider = std::function<QString()>;
    /*!
     * Makes the transport for one connection attempt of kind \a kind, with \a parent (the socket) as
     * its QObject parent. The socket takes it over and deletes it (from the event loop) when the
     * connection is over. Return nullptr to use the built-in transport of that kind.
     */
    using TransportFactory =
        std::function<PhoenixTransport *(PhoenixSocket::Transport kind, QObject *parent)>;

    //! Creates a socket without a URL. Set one with setUrl() or connectToServer(const QUrl &).
    explicit PhoenixSocket(QObject *parent = nullptr);
    //! Creates a socket for \a url. It does not connect until connectToServer() is called.
    explicit PhoenixSocket(const QUrl &url, QObject *parent = nullptr);
    //! Closes the connection (without emitting further signals) and deletes the channels.
    ~PhoenixSocket() override;

    //! Returns the url property: the endpoint URL.
    QUrl url() const;
    //! Sets the url property: the endpoint URL (reconnects when it changes while connected).
    void setUrl(const QUrl &url);
    //! Returns the params property: connect parameters, sent as the URL query together with vsn.
    QJsonObject params() const;
    //! Sets the params property: connect parameters, sent as the URL query together with vsn.
    void setParams(const QJsonObject &params);
    /*!
     * Sets a provider called before every connect and reconnect; its result replaces params for that
     * connection (so an expired token is never replayed). Pass an empty function to remove it.
     */
    void setParamsProvider(ParamsProvider provider);
    //! Returns the headers property: extra HTTP headers for the WebSocket upgrade request (name → value).
    QVariantMap headers() const;
    //! Sets the headers property: extra HTTP headers for the WebSocket upgrade request (name → value).
    void setHeaders(const QVariantMap &headers);
    //! Returns the authToken property: the token sent in the Sec-WebSocket-Protocol header.
    QString authToken() const;
    //! Sets the authToken property: the token sent in the Sec-WebSocket-Protocol header.
    void setAuthToken(const QString &token);
    //! Like setParamsProvider(), for the auth token.
    void setAuthTokenProvider(TokenProvider provider);
    //! Returns the heartbeatInterval property: interval between heartbeats in ms (default 30000).
    int heartbeatInterval() const;
    //! Sets the heartbeatInterval property: interval between heartbeats in ms (default 30000).
    void setHeartbeatInterval(int ms);
    //! Returns the heartbeatTimeout property: how long a heartbeat may wait for its reply, in ms.
    int heartbeatTimeout() const;
    //! Sets the heartbeatTimeout property: how long a heartbeat may wait for its reply, in ms.
    void setHeartbeatTimeout(int ms);
    //! Returns the timeout property: default timeout of joins, leaves and pushes in ms (default 10000), for
    //! channels created afterwards (each channel has its own PhoenixChannel::timeout).
    int timeout() const;
    //! Sets the timeout property: default timeout of joins, leaves and pushes in ms (default 10000), for
    //! channels created afterwards (each channel has its own PhoenixChannel::timeout).
    void setTimeout(int ms);
    //! Returns the autoReconnect property: whether the socket reconnects after a close it did not ask for
    //! (default true).
    bool autoReconnect() const;
    //! Sets the autoReconnect property: whether the socket reconnects after a close it did not ask for
    //! (default true).
    void setAutoReconnect(bool enabled);
    //! Returns the reconnectJitter property: random spread of reconnect delays, 0.0 (default, exact
    //! phoenix.js delays) to 1.0.
    double reconnectJitter() const;
    //! Sets the reconnectJitter property: random spread of reconnect delays, 0.0 (default, exact phoenix.js
    //! delays) to 1.0.
    void setReconnectJitter(double fraction);
    //! Returns the sendBufferLimit property: most messages kept while they cannot be sent (socket and channel
    //! buffers together).
    int sendBufferLimit() const;
    //! Sets the sendBufferLimit property: most messages kept while they cannot be sent (socket and channel
    //! buffers together).
    void setSendBufferLimit(int messages);
    //! Returns the bufferedMessages property: messages currently waiting to be sent.
    int bufferedMessages() const;
    //! Returns the maxMessageSize property: largest incoming message accepted, in bytes (default 64 MiB).
    qint64 maxMessageSize() const;
    //! Takes effect on the next connect.
    void setMaxMessageSize(qint64 bytes);
    //! Returns the networkAware property: reconnect at once when the network comes back (QNetworkInformation
    //! hint), default true.
    bool isNetworkAware() const;
    //! Sets the networkAware property: reconnect at once when the network comes back (QNetworkInformation
    //! hint), default true.
    void setNetworkAware(bool enabled);
    //! Returns the connectTimeout property: longest a connection attempt may take, in ms.
    int connectTimeout() const;
    //! Sets the connectTimeout property: longest a connection attempt may take, in ms.
    void setConnectTimeout(int ms);
    //! Returns the transport property: which transport connects (WebSocket or LongPoll).
    Transport transport() const;
    //! Sets the transport property: which transport connects (WebSocket or LongPoll).
    void setTransport(Transport transport);
    //! Returns the longPollFallback property: the LongPoll fallback in ms (0 = off).
    int longPollFallback() const;
    //! Sets the longPollFallback property: the LongPoll fallback in ms (0 = off).
    void setLongPollFallback(int ms);
    //! Returns the longPollTimeout property: longest one LongPoll request may take, in ms (default 20000,
    //! phoenix.js longpollerTimeout).
    int longPollTimeout() const;
    //! Sets the longPollTimeout property: longest one LongPoll request may take, in ms (default 20000,
    //! phoenix.js longpollerTimeout).
    void setLongPollTimeout(int ms);

    /*!
     * Plugs in your own transports: \a factory is called for every connection attempt and may
     * return its own PhoenixTransport subclass (see PhoenixTransport for the contract). Pass an empty
     * function to go back to the built-in ones. Applies from the next connect.
     */
    void setTransportFactory(TransportFactory factory);
    //! The factory set with setTransportFactory(), or an empty function for the built-in transports.
    TransportFactory transportFactory() const;

    //! Replaces the reconnect schedule (default: defaultReconnectAfter()).
    void setReconnectAfter(BackoffFunction schedule);
    //! The reconnect schedule in use.
    BackoffFunction reconnectAfter() const;
    //! Replaces the channel rejoin schedule (default: defaultRejoinAfter()).
    void setRejoinAfter(BackoffFunction schedule);
    //! The channel rejoin schedule in use.
    BackoffFunction rejoinAfter() const;
    //! phoenix.js's reconnect schedule: 10, 50, 100, 150, 200, 250, 500, 1000, 2000 ms, then 5000 ms.
    static int defaultReconnectAfter(int tries);
    //! phoenix.js's rejoin schedule: 1000, 2000, 5000 ms, then 10000 ms.
    static int defaultRejoinAfter(int tries);

    //! Replaces the serializer (default PhoenixV2JsonSerializer; null restores it); the socket takes
    //! ownership. Takes effect on the next connect: an open connection keeps the one it started with.
    void setSerializer(std::unique_ptr<PhoenixSerializer> serializer);
    //! The serializer the next connection uses; owned by the socket.
    const PhoenixSerializer *serializer() const;

#ifndef QT_NO_SSL
    //! The TLS settings set with setSslConfiguration(), or QSslConfiguration::defaultConfiguration().
    QSslConfiguration sslConfiguration() const;
    //! TLS settings for wss:// and https:// URLs (certificates, pinning, peer verification).
    //! Applies from the next connect.
    void setSslConfiguration(const QSslConfiguration &configuration);
#endif

    //! Returns the state property: connection state.
    State state() const;
    //! Returns the connected property: true while state is Connected.
    bool isConnected() const;
    //! Returns the latency property: last measured round trip (heartbeat or ping) in ms, -1 before the first
    //! one.
    int latency() const;
    //! Returns the reconnectAttempts property: reconnect attempts since the last successful connect.
    int reconnectAttempts() const;
    //! Returns the error property: last error.
    Error error() const;
    //! Returns the errorString property: translated description of the last error.
    QString errorString() const;
    //! Returns the telemetry property: a snapshot of the counters (see PhoenixTelemetry).
    PhoenixTelemetry telemetry() const;

    /*!
     * Blocks until the socket is connected, or \a msecs milliseconds passed (-1: no time limit), and
     * returns whether it is connected. Returns true at once if it is, false at once if no connection
     * is under way (neither connecting nor a reconnect scheduled: call connectToServer() first).
     * Returns false as soon as the attempt fails (errorOccurred(): refused, timeout, lost, …; the
     * socket goes on reconnecting as usual) and when the socket is deleted meanwhile.
     *
     * \code
     * socket.connectToServer();
     * if (!socket.waitForConnected(5000))
     *     qFatal("%s", qPrintable(socket.errorString()));
     * \endcode
     *
     * It spins a local QEventLoop (excluding user input events), so this thread's signals and timers
     * keep running meanwhile: for command line tools, tests and worker threads, never for a slot of a
     * GUI thread. Pushes that finish meanwhile stay readable until it returns (see
     * PhoenixPush::waitForReply()).
     */
    bool waitForConnected(int msecs = 30000);

    /*!
     * Creates a channel for \a topic with join \a params. The channel is a child of this socket;
     * nothing is sent until PhoenixChannel::join(). Each call makes a new instance: joining one
     * leaves any other joined instance of the same topic first (as phoenix.js does).
     */
    PhoenixChannel *channel(const QString &topic, const QJsonObject &params = {});
    //! All channels of this socket, in creation order. They are owned by the socket.
    QList<PhoenixChannel *> channels() const;

    /*!
     * Measures the round trip to the server with a heartbeat; pong() reports it. Returns false (and
     * sends nothing) when not connected.
     */
    bool ping();

    /*!
     * Sends a raw message outside of any channel (advanced use, e.g. a custom control topic).
     * Buffered while not connected. Returns its ref (allocated if \a message.ref is empty).
     */
    QString send(const PhoenixMessage &message);

    //! Allocates the next message ref (a decimal string, shared by all channels of this socket).
    QString makeRef();

public Q_SLOTS:
    //! Opens the connection (no-op while connected or connecting). Emits connected() when open.
    void connectToServer();
    /*!
     * Sets the url and connects (reconnects if it changed while connected). A slot of what this
     * emits (urlChanged(), the old connection's end) that calls disconnectFromServer() wins: no
     * connection attempt is left running.
     */
    void connectToServer(const QUrl &url);
    /*!
     * Closes the connection with \a code and \a reason and cancels any scheduled reconnect; the
     * socket stays disconnected until connectToServer() is called again, and its reconnect schedule
     * starts over (reconnectAttempts is 0 again, as phoenix.js resets its backoff). Joined and joining
     * channels go to Errored (ConnectionLostError) and rejoin after the next connect; channels that
     * were leaving close.
     */
    void disconnectFromServer(int code = 1000, const QString &reason = {});
    /*!
     * Checks the connection now: call it when the application becomes active again or the device
     * resumes from suspend (the QML module calls it on application state changes). A connected
     * socket probes its connection with a heartbeat that must be answered within a few seconds (at
     * most 5 s, or heartbeatTimeout if shorter); no answer replaces the connection at once
     * (HeartbeatTimeoutError, then a reconnect). A disconnected socket with a reconnect pending
     * (scheduled, or waiting for the network) reconnects at once. Otherwise (connecting, or
     * disconnected by disconnectFromServer()) it does nothing. Cheap: call it as often as you like.
     */
    void checkConnection();

Q_SIGNALS:
    //! Emitted when the connection is open, after buffered messages were flushed and the channels
    //! that need it started rejoining (in the order they were created).
    void connected();
    //! Emitted when a connection (open or opening) is gone, whoever closed it.
    void disconnected();
    //! Emitted when the state and connected properties change.
    void stateChanged(PhoenixSocket::State state);
    /*!
     * Emitted on every error with a translated \a message (also available as errorString()). After a
     * refused, lost or timed out connection the socket reconnects on its schedule (unless
     * autoReconnect is off or a slot disconnects it); errors of single messages (ProtocolError,
     * SendBufferFullError) leave the connection alone. An unusable URL or auth token
     * (InvalidUrlError, InvalidAuthTokenError) is not retried: the socket stays disconnected until
     * connectToServer() is called again (after fixing the setting).
     */
    void errorOccurred(PhoenixSocket::Error error, const QString &message);
    /*!
     * Emitted when a reconnect is scheduled, with the attempt number (1-based) and the delay before it
     * in ms; emitted with (0, 0) when a connect succeeded after retries (reconnectAttempts is 0 again).
     */
    void reconnectScheduled(int attempt, int delayMs);
    //! Emitted with the round trip of a ping() in ms.
    void pong(int roundTripMs);
    //! Emitted when the latency property changes.
    void latencyChanged(int latencyMs);
    //! Emitted for every decoded incoming message, before it is routed to its channel.
    void messageReceived(const PhoenixMessage &message);
    /*!
     * Emitted with a fresh snapshot when the counters changed, at most once a second and only while
     * something is connected to this signal (connecting starts the notifier; nothing runs without a
     * listener).
     */
    void telemetryChanged(const PhoenixTelemetry &telemetry);
    /*!
     * Emitted for every push, join and leave of this socket's channels that finished, for logging:
     * its channel's \a topic, \a event, final \a status ("ok", "error", any status of the server,
     * "timeout", "sent" for PhoenixChannel::pushNoReply()) and \a durationMs from its (last) send to
     * the outcome (-1 if it was never sent or expects no reply). Emitted before the push's own
     * signals. Only emitted to slots that are connected: costs nothing otherwise.
     */
    void pushFinished(const QString &topic, const QString &event, const QString &status, int durationMs);

    //! Emitted when the url property changes.
    void urlChanged(const QUrl &url);
    //! Emitted when the params property changes.
    void paramsChanged(const QJsonObject &params);
    //! Emitted when the headers property changes.
    void headersChanged(const QVariantMap &headers);
    //! Emitted when the authToken property changes.
    void authTokenChanged();
    //! Emitted when the heartbeatInterval property changes.
    void heartbeatIntervalChanged(int ms);
    //! Emitted when the heartbeatTimeout property changes.
    void heartbeatTimeoutChanged(int ms);
    //! Emitted when the timeout property changes.
    void timeoutChanged(int ms);
    //! Emitted when the autoReconnect property changes.
    void autoReconnectChanged(bool enabled);
    //! Emitted when the reconnectJitter property changes.
    void reconnectJitterChanged(double fraction);
    //! Emitted when the sendBufferLimit property changes.
    void sendBufferLimitChanged(int messages);
    //! Emitted when the bufferedMessages property changed, from the event loop: at most once per
    //! turn of it, with the count at that time (it changes in the middle of the library's work).
    void bufferedMessagesChanged(int messages);
    //! Emitted when the maxMessageSize property changes.
    void maxMessageSizeChanged(qint64 bytes);
    //! Emitted when the networkAware property changes.
    void networkAwareChanged(bool enabled);
    //! Emitted when the connectTimeout property changes.
    void connectTimeoutChanged(int ms);
    //! Emitted when the transport property changes.
    void transportChanged(PhoenixSocket::Transport transport);
    //! Emitted when the longPollFallback property changes.
    void longPollFallbackChanged(int ms);
    //! Emitted when the longPollTimeout property changes.
    void longPollTimeoutChanged(int ms);
    //! Emitted whenever reconnectAttempts changes (a reconnect attempt starts, or a connect succeeded).
    void reconnectAttemptsChanged(int attempts);

protected:
    //! \reimp
    void timerEvent(QTimerEvent *event) override;
    //! Starts the throttled telemetryChanged() notifier when something connects to it.
    void connectNotify(const QMetaMethod &signal) override;

private:
    Q_DISABLE_COPY_MOVE(PhoenixSocket)
    friend class PhoenixSocketPrivate; // its own pimpl (the engine) emits and checks signals
    std::unique_ptr<PhoenixSocketPrivate> d;
};
