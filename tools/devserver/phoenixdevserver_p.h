// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

//
//  W A R N I N G
//  -------------
//
// This file is not part of the dev server's API. It holds the internals shared by
// phoenixdevserver.cpp (the protocol core), phoenixdevserverhttp.cpp (TCP/TLS, HTTP, WebSocket
// connections) and phoenixdevserverlongpoll.cpp (LongPoll sessions).

#ifndef PHOENIXDEVSERVER_P_H
#define PHOENIXDEVSERVER_P_H

#include "phoenixdevserver.h"

#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonValue>
#include <QtCore/QLoggingCategory>
#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <deque>
#include <functional>
#include <map>

QT_FORWARD_DECLARE_CLASS(QWebSocket)
QT_FORWARD_DECLARE_CLASS(QWebSocketServer)

Q_DECLARE_LOGGING_CATEGORY(lcDevServer)

class PhoenixDevServerPrivate;

// Named namespace: the dev server is a static library linked into test executables next to the
// PhoenixQt library, so its internal names must not collide with anybody's.
namespace PhoenixDevServerDetail {

constexpr int kHandshakeTimeoutMs = 10000; // first request of a TCP connection (and TLS handshake)
constexpr int kKeepAliveTimeoutMs = 60000; // idle keep-alive HTTP connection (Cowboy's idle_timeout)
constexpr int kMaxRequestHeaderBytes = 16 * 1024;
constexpr qsizetype kMaxBodyBytes = 8000000; // Plug.Conn.read_body's default length
constexpr int kMaxLongPollBatch = 100;       // Phoenix's @max_poll_batch_size

// One joined channel of a connection.
struct Channel
{
    QString topic;
    QString joinRef;
    QString phxRef; // presence meta ref
    qint64 onlineAt = 0;
};

// An incoming message, decoded from a text or binary frame.
struct Message
{
    QJsonValue joinRef;
    QJsonValue ref;
    QString topic;
    QString event;
    QJsonValue payload;
    bool binary = false;
    QByteArray binaryPayload;
};

// One frame as it travels: a text frame (UTF-8 JSON) or a binary frame.
struct Frame
{
    QByteArray data;
    bool binary = false;
};

// An entry of a connection's mailbox (see Connection::busy): a frame to send or a message to handle,
// in arrival order. `whenProcessed` runs after an incoming message was handled (LongPoll POSTs wait
// for it, as Phoenix's POST waits for the session's ack).
struct MailItem
{
    bool incoming = false;
    Frame frame;
    Message message;
    std::function<void()> whenProcessed;
};

/*
    One client connection as the protocol core sees it: a WebSocket connection or a LongPoll
    session. The core (channels, presence, routing) only talks to this interface; the transports
    implement it. Owned by the server (QObject parent); removed connections are deleted later, so a
    pointer stays valid until control returns to the event loop (look connections up by id after
    anything that may remove them).
*/
class Connection : public QObject
{
public:
    Connection(PhoenixDevServerPrivate *d, quint64 id, PhoenixDevServer::Transport transport,
               QObject *parent);

    // Hands a frame to the transport now (the core's deliver() decides when).
    virtual void transmit(const Frame &frame) = 0;
    // The server ends the connection: a WebSocket close frame, or the end of a LongPoll session.
    virtual void closeGracefully(quint16 code, const QString &reason) = 0;
    // Like a network loss: TCP abort without close frame / abort of the session's HTTP connections.
    virtual void abortNetwork() = 0;
    // Called once by removeConnection(): let go of transport resources.
    virtual void release() = 0;
    // A frame arrived (WebSocket: restart the idle timer).
    virtual void noteActivity() {}
    // The idle timeout, LongPoll window or frozen state changed.
    virtual void applyTimeouts() {}
    // The negotiated WebSocket subprotocol (empty for LongPoll).
    virtual QString subprotocol() const { return {}; }

    PhoenixDevServerPrivate *const d;
    const quint64 id;
    PhoenixDevServer::ConnectionInfo info;
    QHash<QString, Channel> channels;

    // Phoenix's socket process handles one message at a time, and blocks while a channel's join/3
    // runs. While `busy` (a slow join), frames to send and messages received wait in `mailbox`, in
    // arrival order, and are handled after the join reply.
    bool busy = false;
    std::deque<MailItem> mailbox;
    QTimer *joinTimer = nullptr;
    Message pendingJoin;
    std::function<void()> whenJoinDone; // the whenProcessed of the message that started the join
};

// A WebSocket connection (QWebSocket handed over by QWebSocketServer).
class WebSocketConnection final : public Connection
{
public:
    WebSocketConnection(PhoenixDevServerPrivate *d, quint64 id, QWebSocket *ws, QObject *parent);

    void transmit(const Frame &frame) override;
    void closeGracefully(quint16 code, const QString &reason) override;
    void abortNetwork() override;
    void release() override;
    void noteActivity() override;
    void applyTimeouts() override;
    QString subprotocol() const override;

    QWebSocket *const ws;
    QTimer *const idleTimer;
};

class HttpConnection;

// A LongPoll session: a Connection whose frames are collected by polls (GET) and whose messages
// arrive in POSTs. See phoenixdevserverlongpoll.cpp.
class LongPollSession final : public Connection
{
public:
    LongPollSession(PhoenixDevServerPrivate *d, quint64 id, const QByteArray &token, QObject *parent);

    void transmit(const Frame &frame) override;
    void closeGracefully(quint16 code, const QString &reason) override;
    void abortNetwork() override;
    void release() override;
    void applyTimeouts() override;

    // A GET poll with this session's token arrived on `http`.
    void poll(HttpConnection *http);
    // The poll on `http` ended (answered, its window passed, or its connection went away).
    void pollEnded(HttpConnection *http);
    // Remembers `http` as carrying this session's requests (abortNetwork() aborts them).
    void attach(HttpConnection *http);

    const QByteArray token;
    QList<Frame> queue;               // frames waiting for the next poll
    QPointer<HttpConnection> current; // the poll that gets the next messages
    QList<QPointer<HttpConnection>> httpConnections;
    QTimer *const expiryTimer;
    bool flushScheduled = false;

private:
    void flush();
    void restartExpiry();
};

// A parsed HTTP request head.
struct RequestHead
{
    QByteArray method;
    QByteArray target;
    QByteArray version;
    QList<QPair<QByteArray, QByteArray>> headers;
    qsizetype headerBytes = 0;

    QByteArray header(const QByteArray &name) const;
};

/*
    One accepted TCP (or TLS) connection speaking HTTP/1.1: it reads requests one at a time, answers
    them (LongPoll keeps the connection alive between requests), hands a WebSocket upgrade over to
    QWebSocketServer, or holds it forever (black hole). Owns its socket until the handover.
*/
class HttpConnection final : public QObject
{
public:
    enum class State {
        Reading,    // waiting for (the rest of) a request
        Responding, // a LongPoll poll or POST is outstanding
        Closing,    // answered with Connection: close
        BlackHoled, // a WebSocket upgrade that is never answered
        HandedOff,  // the socket now belongs to QWebSocketServer
    };

    HttpConnection(PhoenixDevServerPrivate *d, QTcpSocket *socket, QObject *parent);

    // Writes one response; without keepAlive the connection is closed after it.
    void respond(int status, const QByteArray &contentType, const QByteArray &body,
                 const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    // Answers with a Phoenix LongPoll JSON body (always HTTP 200, the status is in the body).
    void respondJson(const QJsonObject &body);
    // Aborts the TCP connection at once.
    void abort();
    // Continue reading requests after the current one was answered (queued, never re-entrant).
    void scheduleRead();

    PhoenixDevServerPrivate *const d;
    QPointer<QTcpSocket> socket;
    State state = State::Reading;
    bool keepAlive = true;
    bool continueSent = false;
    bool readScheduled = false;
    QTimer *const requestTimer; // first request / keep-alive idle
    quint64 generation = 0;     // bumped per request, so late callbacks can tell they are stale

    // The outstanding poll (State::Responding after a GET).
    QTimer *const pollTimer;
    quint64 pollSessionId = 0;
    QByteArray pollToken;

    // The outstanding POST (State::Responding after a POST).
    QTimer *const postTimer;
    quint64 postSessionId = 0;
    QList<QByteArray> postLines;
    qsizetype postNext = 0;
    bool postNdjson = false;
};

// The listening socket: plain TCP, or TLS when configured. Hands each connection (after the TLS
// handshake) to the server.
class Listener final : public QTcpServer
{
public:
    explicit Listener(QObject *parent);

    std::function<void(QTcpSocket *)> onSocket;
    QSslConfiguration ssl; // null: plain TCP

protected:
    void incomingConnection(qintptr descriptor) override;
};

} // namespace PhoenixDevServerDetail

class PhoenixDevServerPrivate
{
public:
    using Channel = PhoenixDevServerDetail::Channel;
    using Message = PhoenixDevServerDetail::Message;
    using Frame = PhoenixDevServerDetail::Frame;
    using Connection = PhoenixDevServerDetail::Connection;
    using HttpConnection = PhoenixDevServerDetail::HttpConnection;
    using LongPollSession = PhoenixDevServerDetail::LongPollSession;
    using RequestHead = PhoenixDevServerDetail::RequestHead;

    explicit PhoenixDevServerPrivate(PhoenixDevServer *qq);

    // --- front door: TCP/TLS, HTTP, WebSocket handover (phoenixdevserverhttp.cpp)
    void onNewSocket(QTcpSocket *socket);
    void onNewWebSocket();
    void readRequests(HttpConnection *h);
    void handleWebSocketRequest(HttpConnection *h, const RequestHead &head, const QUrl &target);
    void refuse(HttpConnection *h, int status);
    void httpConnectionGone(HttpConnection *h);
    // The connect decision shared by both transports: 0 = accept, else the HTTP status (403).
    int connectRefusal(const PhoenixDevServer::ConnectionInfo &info) const;
    static QString lastParam(const QUrlQuery &query, const QString &name);

    // --- LongPoll (phoenixdevserverlongpoll.cpp)
    void handleLongPoll(HttpConnection *h, PhoenixDevServer::HttpRequest &&request);
    void openSession(HttpConnection *h, const PhoenixDevServer::HttpRequest &request);
    void startPost(HttpConnection *h, LongPollSession *session, const PhoenixDevServer::HttpRequest &request);
    void continuePost(HttpConnection *h);
    void pollWindowEnded(HttpConnection *h);
    void postWindowEnded(HttpConnection *h);
    LongPollSession *session(const QByteArray &token) const;

    // --- protocol core (phoenixdevserver.cpp)
    void addConnection(Connection *c);
    void removeConnection(quint64 id, bool emitSignals = true);
    // A frame from the client. Returns true when it was handled (or dropped) now; false when it
    // waits in the mailbox, and then `whenProcessed` runs once it has been handled.
    bool receive(Connection *c, const Frame &frame, std::function<void()> whenProcessed = {});
    bool decode(const Frame &frame, Message *m) const;
    bool startedSlowJoin(quint64 id, std::function<void()> &whenProcessed);
    void drainMailbox(quint64 id);
    void dispatch(Connection *c, const Message &m);
    void handleJoin(Connection *c, const Message &m);
    void completeJoin(Connection *c, const Message &m);
    int joinDelay(const Message &m);
    void handleRoomEvent(Connection *c, Channel &ch, const Message &m);
    void handleDurable(Connection *c, const Channel &ch, const Message &m);
    void handleShout(Connection *c, const Message &m);
    void replyLater(quint64 connectionId, const QString &joinRef, const Message &m, const QString &status,
                    const QJsonValue &response, int delayMs);

    // channel end: Close sends phx_close, Error sends phx_error, Silent sends nothing
    enum class EndKind { Close, Error, Silent };
    void endChannel(Connection *c, const QString &topic, EndKind kind, bool emitSignals = true);

    // output: every frame to a client goes through deliver()
    void deliver(Connection *c, const Frame &frame);
    void sendJson(Connection *c, const QJsonArray &frame);
    void reply(Connection *c, const Message &m, const QString &status, const QJsonValue &response);
    void replyBinary(Connection *c, const Message &m, const QString &status, const QByteArray &payload);
    void pushTo(Connection *c, const Channel &ch, const QString &event, const QJsonValue &payload);
    void pushBinaryTo(Connection *c, const Channel &ch, const QString &event, const QByteArray &payload);
    void broadcastTo(const QString &topic, const QString &event, const QJsonValue &payload,
                     const Connection *except = nullptr);
    void broadcastBinaryTo(const QString &topic, const QString &event, const QByteArray &payload);

    // presence
    QJsonObject presenceState(const QString &topic) const;
    QString newPhxRef();

    Connection *connection(quint64 id) const
    {
        const auto it = connections.find(id);
        return it == connections.end() ? nullptr : it->second;
    }
    QList<quint64> connectionIds() const;
    QList<quint64> memberIds(const QString &topic) const;

    PhoenixDevServer *q;
    PhoenixDevServerDetail::Listener *listener = nullptr;
    QWebSocketServer *wsServer = nullptr;
    std::map<quint64, Connection *> connections; // ordered: oldest first; owned by q (QObject children)
    QHash<QString, QList<Connection *>> topics;  // topic -> members in join order
    QHash<QByteArray, quint64> sessionsByToken;  // LongPoll session token -> connection id
    QSet<HttpConnection *> httpConnections;
    QHash<quint16, PhoenixDevServer::ConnectionInfo> upgraded; // peer port -> info, until newConnection
    QHash<quint16, QTcpSocket *> upgradedSockets;
    QSet<QString> slowTopicsJoined; // room:slow* topics whose first (slow) join has happened

    // The durable event (README "Durable pushes"): the first reply of every idempotency key seen,
    // and the effects made, in order. Server-wide, as a database would be: a resend may arrive on
    // another connection (after a reconnect) or from another process (after a restart).
    struct DurableReply
    {
        QString status;
        QJsonValue response;
    };
    QHash<QString, DurableReply> durableReplies;
    // The first reply of every `shout` that carried an idempotency key (the chat's outbox): a resend
    // is answered with it and not broadcast again. Apart from durableReplies: a shout makes no effect.
    QHash<QString, DurableReply> shoutReplies;
    QList<PhoenixDevServer::DurableEffect> durableEffects;
    int durableResends = 0;
    int durablePushes = 0;
    PhoenixDevServer::ConnectionInfo lastInfo;
    QString lastError;
    quint64 nextId = 1;
    quint64 phxRefCounter = 0;
    int refused = 0;
    int idleTimeoutMs = 60000;
    int maxChannels = 100;
    int slowJoinDelayMs = 1500;
    int longPollWindowMs = 10000;
    int webSocketRefusalStatus = 400;
    PhoenixDevServer::WebSocketMode webSocketMode = PhoenixDevServer::WebSocketMode::Serve;
    bool heartbeatReplies = true;
    bool presence = true;
    bool frozen = false;
    int postAnswersToDrop = 0; // setLongPollPostAnswersToDrop()
    bool longPoll = true;
};

#endif // PHOENIXDEVSERVER_P_H
