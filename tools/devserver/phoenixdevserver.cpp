// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

#include "phoenixdevserver.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>
#include <QtCore/QLoggingCategory>
#include <QtCore/QPointer>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>

#include <map>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDevServer, "phoenix.devserver")

namespace {

constexpr int kMaxRequestHeaderBytes = 16 * 1024;
constexpr int kHandshakeTimeoutMs = 10000;
constexpr int kMaxFloodCount = 1000000;
constexpr int kMaxFloodSize = 16 * 1024 * 1024;
constexpr quint16 kCloseCodeDisconnect = 1001; // Endpoint.broadcast(id, "disconnect") in Phoenix
const auto kSocketPath = "/socket/websocket"_L1;
const auto kAuthTokenPrefix = "base64url.bearer.phx."_L1;

// One joined channel of a connection.
struct Channel
{
    QString topic;
    QString joinRef;
    QString phxRef; // presence meta ref
    qint64 onlineAt = 0;
};

// An incoming message, text or binary.
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

// A pending TCP connection whose HTTP upgrade request is not decided yet.
struct PendingHandshake
{
    QPointer<QTcpSocket> socket;
    QTimer *timeout = nullptr;
};

QByteArray httpResponse(int status)
{
    QByteArray reason;
    switch (status) {
    case 400:
        reason = "Bad Request";
        break;
    case 403:
        reason = "Forbidden";
        break;
    case 404:
        reason = "Not Found";
        break;
    case 431:
        reason = "Request Header Fields Too Large";
        break;
    default:
        reason = "Error";
        break;
    }
    const QByteArray body = reason + '\n';
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
           "\r\nContent-Type: text/plain\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

QByteArray PhoenixDevServer::ConnectionInfo::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

class PhoenixDevServerPrivate
{
public:
    struct Connection
    {
        quint64 id = 0;
        QWebSocket *ws = nullptr;
        PhoenixDevServer::ConnectionInfo info;
        QHash<QString, Channel> channels;
        QTimer *idleTimer = nullptr;
    };

    explicit PhoenixDevServerPrivate(PhoenixDevServer *qq);

    // HTTP side
    void onNewTcpConnection();
    void tryHandshake(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, int status);
    void dropPending(QTcpSocket *socket);
    void onNewWebSocket();

    // connection side
    void removeConnection(quint64 id, bool emitSignals = true);
    void restartIdle(Connection *c);
    void onText(quint64 id, const QString &frame);
    void onBinary(quint64 id, const QByteArray &frame);
    void dispatch(Connection *c, const Message &m);
    void handleJoin(Connection *c, const Message &m);
    void handleRoomEvent(Connection *c, Channel &ch, const Message &m);

    // channel end: Close sends phx_close, Error sends phx_error, Silent sends nothing
    enum class EndKind { Close, Error, Silent };
    void endChannel(Connection *c, const QString &topic, EndKind kind, bool emitSignals = true);

    // output
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
        return it == connections.end() ? nullptr : it->second.get();
    }

    QList<quint64> connectionIds() const
    {
        QList<quint64> ids;
        ids.reserve(qsizetype(connections.size()));
        for (const auto &entry : connections)
            ids.append(entry.first);
        return ids;
    }

    QList<quint64> memberIds(const QString &topic) const
    {
        QList<quint64> ids;
        const QList<Connection *> members = topics.value(topic);
        for (const Connection *c : members)
            ids.append(c->id);
        return ids;
    }

    PhoenixDevServer *q;
    QTcpServer *tcpServer = nullptr;
    QWebSocketServer *wsServer = nullptr;
    std::map<quint64, std::unique_ptr<Connection>> connections; // ordered: oldest first
    QHash<QString, QList<Connection *>> topics;                 // topic -> members in join order
    QHash<QTcpSocket *, PendingHandshake> pending;
    QHash<quint16, PhoenixDevServer::ConnectionInfo> upgraded; // peer port -> info, until newConnection
    QHash<quint16, QTcpSocket *> upgradedSockets;
    PhoenixDevServer::ConnectionInfo lastInfo;
    QString lastError;
    quint64 nextId = 1;
    quint64 phxRefCounter = 0;
    int refused = 0;
    int idleTimeoutMs = 60000;
    int maxChannels = 100;
    bool heartbeatReplies = true;
    bool presence = true;
    bool frozen = false;
};

PhoenixDevServerPrivate::PhoenixDevServerPrivate(PhoenixDevServer *qq)
    : q(qq)
    , tcpServer(new QTcpServer(qq))
    , wsServer(new QWebSocketServer(u"PhoenixDevServer"_s, QWebSocketServer::NonSecureMode, qq))
{
    wsServer->setSupportedSubprotocols({u"phoenix"_s});
    wsServer->setMaxPendingConnections(100000);
    QObject::connect(tcpServer, &QTcpServer::newConnection, q, [this] { onNewTcpConnection(); });
    QObject::connect(wsServer, &QWebSocketServer::newConnection, q, [this] { onNewWebSocket(); });
}

void PhoenixDevServerPrivate::onNewTcpConnection()
{
    while (tcpServer->hasPendingConnections()) {
        QTcpSocket *socket = tcpServer->nextPendingConnection();
        if (!socket)
            break;
        PendingHandshake p;
        p.socket = socket;
        p.timeout = new QTimer(socket);
        p.timeout->setSingleShot(true);
        p.timeout->setInterval(kHandshakeTimeoutMs);
        QObject::connect(p.timeout, &QTimer::timeout, q, [this, socket] {
            qCDebug(lcDevServer) << "handshake timeout";
            dropPending(socket);
        });
        p.timeout->start();
        pending.insert(socket, p);
        QObject::connect(socket, &QTcpSocket::readyRead, q, [this, socket] { tryHandshake(socket); });
        QObject::connect(socket, &QTcpSocket::disconnected, q, [this, socket] { dropPending(socket); });
        if (socket->bytesAvailable() > 0)
            tryHandshake(socket);
    }
}

void PhoenixDevServerPrivate::dropPending(QTcpSocket *socket)
{
    if (!pending.remove(socket))
        return;
    QObject::disconnect(socket, nullptr, q, nullptr);
    socket->abort();
    socket->deleteLater();
}

void PhoenixDevServerPrivate::refuse(QTcpSocket *socket, int status)
{
    qCInfo(lcDevServer) << "refusing upgrade request with HTTP" << status;
    pending.remove(socket);
    QObject::disconnect(socket, nullptr, q, nullptr);
    socket->write(httpResponse(status));
    socket->disconnectFromHost();
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (socket->state() == QAbstractSocket::UnconnectedState)
        socket->deleteLater();
    // Do not wait forever for a client that keeps the connection open.
    QTimer::singleShot(5000, socket, [socket] { socket->abort(); });
    ++refused;
    Q_EMIT q->connectionRefused(status);
}

void PhoenixDevServerPrivate::tryHandshake(QTcpSocket *socket)
{
    if (frozen || !pending.contains(socket))
        return;
    // Peek only: the bytes stay in the socket for QWebSocketServer's own handshake parser.
    const QByteArray head = socket->peek(kMaxRequestHeaderBytes + 4);
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (head.size() > kMaxRequestHeaderBytes)
            refuse(socket, 431);
        return;
    }
    const QList<QByteArray> lines = head.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || requestLine.at(0) != "GET" || !requestLine.at(2).startsWith("HTTP/1.")) {
        refuse(socket, 400);
        return;
    }
    const QUrl target = QUrl(QString::fromLatin1(requestLine.at(1)), QUrl::TolerantMode);
    PhoenixDevServer::ConnectionInfo info;
    info.path = target.path();
    if (info.path != kSocketPath) {
        refuse(socket, 404);
        return;
    }
    info.query = QUrlQuery(target);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        info.headers.append({name, value});
        if (name.compare("Sec-WebSocket-Protocol", Qt::CaseInsensitive) == 0) {
            const QList<QByteArray> protocols = value.split(',');
            for (const QByteArray &p : protocols) {
                const QString protocol = QString::fromLatin1(p.trimmed());
                if (!protocol.isEmpty())
                    info.requestedSubprotocols.append(protocol);
            }
        }
    }
    for (const QString &protocol : std::as_const(info.requestedSubprotocols)) {
        if (protocol.startsWith(kAuthTokenPrefix)) {
            const auto decoded = QByteArray::fromBase64Encoding(
                protocol.mid(kAuthTokenPrefix.size()).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (decoded)
                info.authToken = QString::fromUtf8(*decoded);
            else
                qCWarning(lcDevServer) << "undecodable auth token subprotocol";
            break;
        }
    }
    info.user = info.query.queryItemValue(u"user"_s, QUrl::FullyDecoded);
    if (info.user.isEmpty())
        info.user = u"anon"_s;
    lastInfo = info;

    if (!info.header("Upgrade").toLower().contains("websocket")) {
        refuse(socket, 400);
        return;
    }
    if (info.query.queryItemValue(u"vsn"_s) != "2.0.0"_L1) {
        qCWarning(lcDevServer) << "refusing connection: unsupported or missing vsn (only 2.0.0 is served)";
        refuse(socket, 403);
        return;
    }
    if (info.query.queryItemValue(u"token"_s, QUrl::FullyDecoded) == "bad"_L1 || info.authToken == "bad"_L1) {
        refuse(socket, 403);
        return;
    }

    // Accepted: hand the untouched socket to QWebSocketServer.
    const PendingHandshake p = pending.take(socket);
    delete p.timeout;
    QObject::disconnect(socket, nullptr, q, nullptr);
    const quint16 peerPort = socket->peerPort();
    upgraded.insert(peerPort, info);
    upgradedSockets.insert(peerPort, socket);
    QObject::connect(socket, &QObject::destroyed, q, [this, peerPort, socket] {
        if (upgradedSockets.value(peerPort) == socket) {
            upgradedSockets.remove(peerPort);
            upgraded.remove(peerPort);
        }
    });
    socket->setParent(wsServer);
    wsServer->handleConnection(socket);
}

void PhoenixDevServerPrivate::onNewWebSocket()
{
    while (wsServer->hasPendingConnections()) {
        QWebSocket *ws = wsServer->nextPendingConnection();
        if (!ws)
            break;
        auto c = std::make_unique<Connection>();
        c->id = nextId++;
        c->ws = ws;
        const quint16 peerPort = ws->peerPort();
        c->info = upgraded.take(peerPort);
        upgradedSockets.remove(peerPort);
        c->info.id = c->id;
        if (c->info.user.isEmpty())
            c->info.user = u"anon"_s;
        c->idleTimer = new QTimer(ws);
        c->idleTimer->setSingleShot(true);
        const quint64 id = c->id;
        QObject::connect(c->idleTimer, &QTimer::timeout, q, [this, id] {
            if (Connection *conn = connection(id)) {
                qCInfo(lcDevServer) << "closing idle connection" << id;
                conn->ws->close(QWebSocketProtocol::CloseCodeNormal, u"idle timeout"_s);
            }
        });
        QObject::connect(ws, &QWebSocket::textMessageReceived, q,
                         [this, id](const QString &frame) { onText(id, frame); });
        QObject::connect(ws, &QWebSocket::binaryMessageReceived, q,
                         [this, id](const QByteArray &frame) { onBinary(id, frame); });
        QObject::connect(ws, &QWebSocket::disconnected, q, [this, id] { removeConnection(id); });
        Connection *raw = c.get();
        connections.emplace(id, std::move(c));
        restartIdle(raw);
        qCInfo(lcDevServer) << "client connected" << id << "subprotocol" << ws->subprotocol();
        Q_EMIT q->clientConnected();
        if (ws->state() != QAbstractSocket::ConnectedState)
            removeConnection(id);
    }
}

void PhoenixDevServerPrivate::restartIdle(Connection *c)
{
    if (idleTimeoutMs > 0 && !frozen)
        c->idleTimer->start(idleTimeoutMs);
    else
        c->idleTimer->stop();
}

void PhoenixDevServerPrivate::removeConnection(quint64 id, bool emitSignals)
{
    const auto it = connections.find(id);
    if (it == connections.end())
        return;
    std::unique_ptr<Connection> c = std::move(it->second);
    connections.erase(it);
    QObject::disconnect(c->ws, nullptr, q, nullptr);
    c->idleTimer->stop();
    const QStringList topicsOfConnection = c->channels.keys();
    for (const QString &topic : topicsOfConnection)
        endChannel(c.get(), topic, EndKind::Silent, emitSignals);
    if (c->ws->state() != QAbstractSocket::UnconnectedState)
        c->ws->abort();
    c->ws->deleteLater();
    qCInfo(lcDevServer) << "client disconnected" << id;
    if (emitSignals)
        Q_EMIT q->clientDisconnected();
}

void PhoenixDevServerPrivate::sendJson(Connection *c, const QJsonArray &frame)
{
    c->ws->sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void PhoenixDevServerPrivate::reply(Connection *c, const Message &m, const QString &status,
                                    const QJsonValue &response)
{
    sendJson(c, QJsonArray{m.joinRef, m.ref, m.topic, u"phx_reply"_s,
                           QJsonObject{{u"status"_s, status}, {u"response"_s, response}}});
}

void PhoenixDevServerPrivate::replyBinary(Connection *c, const Message &m, const QString &status,
                                          const QByteArray &payload)
{
    const QByteArray joinRef = m.joinRef.toString().toUtf8();
    const QByteArray ref = m.ref.toString().toUtf8();
    const QByteArray topic = m.topic.toUtf8();
    const QByteArray st = status.toUtf8();
    if (joinRef.size() > 255 || ref.size() > 255 || topic.size() > 255 || st.size() > 255) {
        qCWarning(lcDevServer) << "binary reply field longer than 255 bytes, not sent";
        return;
    }
    QByteArray frame;
    frame.reserve(5 + joinRef.size() + ref.size() + topic.size() + st.size() + payload.size());
    frame.append(char(1));
    frame.append(char(joinRef.size()));
    frame.append(char(ref.size()));
    frame.append(char(topic.size()));
    frame.append(char(st.size()));
    frame.append(joinRef).append(ref).append(topic).append(st).append(payload);
    c->ws->sendBinaryMessage(frame);
}

void PhoenixDevServerPrivate::pushTo(Connection *c, const Channel &ch, const QString &event,
                                     const QJsonValue &payload)
{
    sendJson(c, QJsonArray{ch.joinRef, QJsonValue(QJsonValue::Null), ch.topic, event, payload});
}

void PhoenixDevServerPrivate::pushBinaryTo(Connection *c, const Channel &ch, const QString &event,
                                           const QByteArray &payload)
{
    const QByteArray joinRef = ch.joinRef.toUtf8();
    const QByteArray topic = ch.topic.toUtf8();
    const QByteArray ev = event.toUtf8();
    if (joinRef.size() > 255 || topic.size() > 255 || ev.size() > 255) {
        qCWarning(lcDevServer) << "binary push field longer than 255 bytes, not sent";
        return;
    }
    QByteArray frame;
    frame.append(char(0));
    frame.append(char(joinRef.size()));
    frame.append(char(topic.size()));
    frame.append(char(ev.size()));
    frame.append(joinRef).append(topic).append(ev).append(payload);
    c->ws->sendBinaryMessage(frame);
}

void PhoenixDevServerPrivate::broadcastTo(const QString &topic, const QString &event,
                                          const QJsonValue &payload, const Connection *except)
{
    const QList<Connection *> members = topics.value(topic);
    if (members.isEmpty())
        return;
    const QString frame =
        QString::fromUtf8(QJsonDocument(QJsonArray{QJsonValue(QJsonValue::Null), QJsonValue(QJsonValue::Null),
                                                   topic, event, payload})
                              .toJson(QJsonDocument::Compact));
    for (Connection *c : members) {
        if (c != except)
            c->ws->sendTextMessage(frame);
    }
}

void PhoenixDevServerPrivate::broadcastBinaryTo(const QString &topic, const QString &event,
                                                const QByteArray &payload)
{
    const QByteArray t = topic.toUtf8();
    const QByteArray ev = event.toUtf8();
    if (t.size() > 255 || ev.size() > 255) {
        qCWarning(lcDevServer) << "binary broadcast field longer than 255 bytes, not sent";
        return;
    }
    QByteArray frame;
    frame.append(char(2));
    frame.append(char(t.size()));
    frame.append(char(ev.size()));
    frame.append(t).append(ev).append(payload);
    const QList<Connection *> members = topics.value(topic);
    for (Connection *c : members)
        c->ws->sendBinaryMessage(frame);
}

QString PhoenixDevServerPrivate::newPhxRef()
{
    // Unique per server (counter) and unpredictable-looking like Phoenix's refs.
    QByteArray raw;
    const quint64 counter = ++phxRefCounter;
    for (int i = 0; i < 4; ++i)
        raw.append(char((counter >> (8 * i)) & 0xff));
    const quint32 rnd = QRandomGenerator::global()->generate();
    for (int i = 0; i < 4; ++i)
        raw.append(char((rnd >> (8 * i)) & 0xff));
    return u"F"_s +
           QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QJsonObject PhoenixDevServerPrivate::presenceState(const QString &topic) const
{
    QHash<QString, QJsonArray> metasByKey;
    QStringList order;
    const QList<Connection *> members = topics.value(topic);
    for (const Connection *c : members) {
        const auto chIt = c->channels.constFind(topic);
        if (chIt == c->channels.constEnd())
            continue;
        if (!metasByKey.contains(c->info.user))
            order.append(c->info.user);
        metasByKey[c->info.user].append(
            QJsonObject{{u"phx_ref"_s, chIt->phxRef}, {u"online_at"_s, QJsonValue(chIt->onlineAt)}});
    }
    QJsonObject state;
    for (const QString &key : std::as_const(order))
        state.insert(key, QJsonObject{{u"metas"_s, metasByKey.value(key)}});
    return state;
}

void PhoenixDevServerPrivate::endChannel(Connection *c, const QString &topic, EndKind kind, bool emitSignals)
{
    const auto it = c->channels.find(topic);
    if (it == c->channels.end())
        return;
    const Channel ch = it.value();
    c->channels.erase(it);
    auto members = topics.find(topic);
    if (members != topics.end()) {
        members->removeOne(c);
        if (members->isEmpty())
            topics.erase(members);
    }
    switch (kind) {
    case EndKind::Close:
        sendJson(c, QJsonArray{ch.joinRef, ch.joinRef, topic, u"phx_close"_s, QJsonObject{}});
        break;
    case EndKind::Error:
        sendJson(c, QJsonArray{ch.joinRef, ch.joinRef, topic, u"phx_error"_s,
                               QJsonObject{{u"reason"_s, u"channel_crash"_s}}});
        break;
    case EndKind::Silent:
        break;
    }
    // Presence: the remaining members learn that this meta left.
    if (!presence) {
        if (emitSignals)
            Q_EMIT q->channelLeft(topic);
        return;
    }
    const QJsonObject meta{{u"phx_ref"_s, ch.phxRef}, {u"online_at"_s, QJsonValue(ch.onlineAt)}};
    broadcastTo(
        topic, u"presence_diff"_s,
        QJsonObject{{u"joins"_s, QJsonObject{}},
                    {u"leaves"_s, QJsonObject{{c->info.user, QJsonObject{{u"metas"_s, QJsonArray{meta}}}}}}});
    qCDebug(lcDevServer) << "channel ended on connection" << c->id << "topic" << topic;
    if (emitSignals)
        Q_EMIT q->channelLeft(topic);
}

void PhoenixDevServerPrivate::onText(quint64 id, const QString &frame)
{
    Connection *c = connection(id);
    if (!c || frozen)
        return;
    restartIdle(c);
    Q_EMIT q->textFrameReceived(frame);
    c = connection(id); // a slot may have changed things
    if (!c)
        return;

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(frame.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray()) {
        qCWarning(lcDevServer) << "ignoring malformed text frame (not a JSON array) from connection" << id;
        return;
    }
    const QJsonArray a = doc.array();
    if (a.size() != 5) {
        qCWarning(lcDevServer) << "ignoring text frame with" << a.size() << "elements (V2 needs 5)";
        return;
    }
    const auto isRef = [](const QJsonValue &v) { return v.isNull() || v.isString(); };
    if (!isRef(a.at(0)) || !isRef(a.at(1)) || !a.at(2).isString() || !a.at(3).isString()) {
        qCWarning(lcDevServer) << "ignoring text frame with wrongly typed fields";
        return;
    }
    Message m;
    m.joinRef = a.at(0);
    m.ref = a.at(1);
    m.topic = a.at(2).toString();
    m.event = a.at(3).toString();
    m.payload = a.at(4);
    dispatch(c, m);
}

void PhoenixDevServerPrivate::onBinary(quint64 id, const QByteArray &frame)
{
    Connection *c = connection(id);
    if (!c || frozen)
        return;
    restartIdle(c);
    Q_EMIT q->binaryFrameReceived(frame);
    c = connection(id);
    if (!c)
        return;

    if (frame.size() < 5 || frame.at(0) != 0) {
        qCWarning(lcDevServer) << "ignoring binary frame: too short or not a push (kind 0)";
        return;
    }
    const auto len = [&frame](int i) { return int(quint8(frame.at(i))); };
    const int joinRefLen = len(1), refLen = len(2), topicLen = len(3), eventLen = len(4);
    const qsizetype headerEnd = 5 + joinRefLen + refLen + topicLen + eventLen;
    if (frame.size() < headerEnd) {
        qCWarning(lcDevServer) << "ignoring binary frame: lengths exceed the frame";
        return;
    }
    qsizetype pos = 5;
    const auto take = [&frame, &pos](int n) {
        const QString s = QString::fromUtf8(frame.mid(pos, n));
        pos += n;
        return s;
    };
    Message m;
    const QString joinRef = take(joinRefLen);
    const QString ref = take(refLen);
    m.joinRef = joinRefLen > 0 ? QJsonValue(joinRef) : QJsonValue(QJsonValue::Null);
    m.ref = refLen > 0 ? QJsonValue(ref) : QJsonValue(QJsonValue::Null);
    m.topic = take(topicLen);
    m.event = take(eventLen);
    m.binary = true;
    m.binaryPayload = frame.mid(headerEnd);
    dispatch(c, m);
}

void PhoenixDevServerPrivate::dispatch(Connection *c, const Message &m)
{
    if (m.topic == "phoenix"_L1 && m.event == "heartbeat"_L1) {
        if (heartbeatReplies)
            reply(c, m, u"ok"_s, QJsonObject{});
        return;
    }
    if (m.event == "phx_join"_L1) {
        handleJoin(c, m);
        return;
    }
    const auto it = c->channels.find(m.topic);
    if (it == c->channels.end()) {
        if (m.event == "phx_leave"_L1)
            reply(c, m, u"ok"_s, QJsonObject{});
        else
            reply(c, m, u"error"_s, QJsonObject{{u"reason"_s, u"unmatched topic"_s}});
        return;
    }
    if (m.event == "phx_leave"_L1) {
        // Phoenix: {:stop, {:shutdown, :left}, :ok, socket} -> reply ok, then phx_close (graceful exit).
        reply(c, m, u"ok"_s, QJsonObject{});
        endChannel(c, m.topic, EndKind::Close);
        return;
    }
    handleRoomEvent(c, it.value(), m);
}

void PhoenixDevServerPrivate::handleJoin(Connection *c, const Message &m)
{
    if (c->channels.contains(m.topic)) {
        // Phoenix's duplicate join: the old channel is shut down ({:shutdown, :duplicate_join}).
        qCDebug(lcDevServer) << "duplicate join on connection" << c->id << "topic" << m.topic;
        endChannel(c, m.topic, EndKind::Close);
    }
    if (!m.topic.startsWith("room:"_L1)) {
        reply(c, m, u"error"_s, QJsonObject{{u"reason"_s, u"unmatched topic"_s}});
        return;
    }
    if (c->channels.size() >= maxChannels) {
        reply(c, m, u"error"_s, QJsonObject{{u"reason"_s, u"too many channels joined"_s}});
        return;
    }
    const QJsonObject params = m.payload.toObject();
    if (m.topic == "room:private"_L1 && params.value(u"password"_s).toString() != "secret"_L1) {
        reply(c, m, u"error"_s, QJsonObject{{u"reason"_s, u"unauthorized"_s}});
        return;
    }
    Channel ch;
    ch.topic = m.topic;
    ch.joinRef = m.joinRef.isString() ? m.joinRef.toString() : m.ref.toString();
    ch.phxRef = newPhxRef();
    ch.onlineAt = QDateTime::currentMSecsSinceEpoch();
    c->channels.insert(m.topic, ch);
    topics[m.topic].append(c);

    reply(c, m, u"ok"_s, QJsonObject{{u"topic"_s, m.topic}, {u"user"_s, c->info.user}});
    // Presence (Phoenix.Presence after_join): state to the joiner, diff to everyone incl. the joiner.
    if (presence) {
        pushTo(c, ch, u"presence_state"_s, presenceState(m.topic));
        const QJsonObject meta{{u"phx_ref"_s, ch.phxRef}, {u"online_at"_s, QJsonValue(ch.onlineAt)}};
        broadcastTo(m.topic, u"presence_diff"_s,
                    QJsonObject{{u"joins"_s,
                                 QJsonObject{{c->info.user, QJsonObject{{u"metas"_s, QJsonArray{meta}}}}}},
                                {u"leaves"_s, QJsonObject{}}});
    }
    qCDebug(lcDevServer) << "joined connection" << c->id << "topic" << m.topic;
    Q_EMIT q->channelJoined(m.topic, ch.joinRef);
}

void PhoenixDevServerPrivate::handleRoomEvent(Connection *c, Channel &ch, const Message &m)
{
    const QString &e = m.event;
    const QJsonObject payload = m.payload.toObject();
    if (e == "echo"_L1 || e == "binary_echo"_L1) {
        if (m.binary)
            replyBinary(c, m, u"ok"_s, m.binaryPayload);
        else
            reply(c, m, u"ok"_s, m.payload);
    } else if (e == "fail"_L1) {
        reply(c, m, u"error"_s, QJsonObject{{u"reason"_s, u"failed"_s}});
    } else if (e == "noreply"_L1) {
        // nothing
    } else if (e == "shout"_L1) {
        if (m.binary)
            broadcastBinaryTo(m.topic, u"shout"_s, m.binaryPayload);
        else
            broadcastTo(m.topic, u"shout"_s, m.payload);
        reply(c, m, u"ok"_s, QJsonObject{});
    } else if (e == "broadcast_from"_L1) {
        broadcastTo(m.topic, u"msg"_s, m.payload, c);
        reply(c, m, u"ok"_s, QJsonObject{});
    } else if (e == "crash"_L1) {
        qCDebug(lcDevServer) << "channel crash requested on" << m.topic;
        endChannel(c, m.topic, EndKind::Error);
    } else if (e == "stop"_L1) {
        reply(c, m, u"ok"_s, QJsonObject{});
        endChannel(c, m.topic, EndKind::Close);
    } else if (e == "flood"_L1) {
        const int count = qBound(0, payload.value(u"count"_s).toInt(), kMaxFloodCount);
        const int size = qBound(0, payload.value(u"size"_s).toInt(), kMaxFloodSize);
        const QString data(size, u'x');
        const Channel chCopy = ch;
        for (int i = 0; i < count; ++i)
            pushTo(c, chCopy, u"flood_msg"_s, QJsonObject{{u"i"_s, i}, {u"data"_s, data}});
        pushTo(c, chCopy, u"flood_done"_s, QJsonObject{{u"count"_s, count}});
        reply(c, m, u"ok"_s, QJsonObject{{u"count"_s, count}});
    } else if (e == "binary_push"_L1) {
        const Channel chCopy = ch;
        reply(c, m, u"ok"_s, QJsonObject{});
        pushBinaryTo(c, chCopy, u"binary_push"_s,
                     m.binary ? m.binaryPayload : payload.value(u"data"_s).toString().toUtf8());
    } else if (e == "push"_L1) {
        const Channel chCopy = ch;
        reply(c, m, u"ok"_s, QJsonObject{});
        pushTo(c, chCopy, payload.value(u"event"_s).toString(), payload.value(u"payload"_s).toObject());
    } else if (e == "connect_info"_L1) {
        // Test introspection: what the server saw at connect (sent to this client only, never logged).
        QJsonObject params;
        const auto items = c->info.query.queryItems(QUrl::FullyDecoded);
        for (const auto &item : items)
            params.insert(item.first, item.second);
        reply(c, m, u"ok"_s,
              QJsonObject{{u"params"_s, params},
                          {u"subprotocols"_s, QJsonArray::fromStringList(c->info.requestedSubprotocols)},
                          {u"subprotocol"_s, c->ws->subprotocol()},
                          {u"auth_token"_s, c->info.authToken.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                        : QJsonValue(c->info.authToken)},
                          {u"user"_s, c->info.user}});
    } else if (e == "drop"_L1) {
        // The TCP connection dies without a close frame (network loss, server crash).
        qCInfo(lcDevServer) << "drop: aborting connection" << c->id;
        removeConnection(c->id);
    } else if (e == "kick"_L1) {
        // Like Endpoint.broadcast(socket_id, "disconnect", %{}): the whole socket is closed.
        qCInfo(lcDevServer) << "kick: closing connection" << c->id;
        c->ws->close(QWebSocketProtocol::CloseCode(kCloseCodeDisconnect), u"disconnected"_s);
    } else {
        reply(c, m, u"ok"_s, QJsonObject{});
    }
}

// ---------------------------------------------------------------------------------------------

PhoenixDevServer::PhoenixDevServer(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<PhoenixDevServerPrivate>(this))
{
}

PhoenixDevServer::~PhoenixDevServer()
{
    d->tcpServer->close();
    while (!d->connections.empty())
        d->removeConnection(d->connections.begin()->first, false);
    const QList<QTcpSocket *> pendingSockets = d->pending.keys();
    for (QTcpSocket *s : pendingSockets)
        d->dropPending(s);
    QObject::disconnect(d->tcpServer, nullptr, this, nullptr);
    QObject::disconnect(d->wsServer, nullptr, this, nullptr);
}

bool PhoenixDevServer::listen(const QHostAddress &address, quint16 port)
{
    if (d->tcpServer->isListening())
        d->tcpServer->close();
    if (!d->tcpServer->listen(address, port)) {
        d->lastError = d->tcpServer->errorString();
        qCWarning(lcDevServer) << "listen failed:" << d->lastError;
        return false;
    }
    d->lastError.clear();
    qCInfo(lcDevServer) << "listening on" << url().toString();
    return true;
}

bool PhoenixDevServer::isListening() const
{
    return d->tcpServer->isListening();
}

void PhoenixDevServer::close()
{
    d->tcpServer->close();
    const QList<QTcpSocket *> pendingSockets = d->pending.keys();
    for (QTcpSocket *s : pendingSockets)
        d->dropPending(s);
    dropAllConnections();
    qCInfo(lcDevServer) << "closed";
}

quint16 PhoenixDevServer::port() const
{
    return d->tcpServer->isListening() ? d->tcpServer->serverPort() : 0;
}

QHostAddress PhoenixDevServer::address() const
{
    return d->tcpServer->serverAddress();
}

QUrl PhoenixDevServer::url() const
{
    QUrl u;
    u.setScheme(u"ws"_s);
    QHostAddress host = d->tcpServer->serverAddress();
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4 || host.isNull())
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    u.setHost(host.toString());
    u.setPort(port());
    u.setPath(kSocketPath);
    return u;
}

QString PhoenixDevServer::errorString() const
{
    return d->lastError;
}

int PhoenixDevServer::connectionCount() const
{
    return int(d->connections.size());
}

int PhoenixDevServer::joinedCount(const QString &topic) const
{
    return int(d->topics.value(topic).size());
}

QStringList PhoenixDevServer::joinedTopics() const
{
    return d->topics.keys();
}

QList<PhoenixDevServer::ConnectionInfo> PhoenixDevServer::connections() const
{
    QList<ConnectionInfo> result;
    for (const auto &entry : d->connections)
        result.append(entry.second->info);
    return result;
}

PhoenixDevServer::ConnectionInfo PhoenixDevServer::lastConnectInfo() const
{
    return d->lastInfo;
}

QUrlQuery PhoenixDevServer::lastConnectQuery() const
{
    return d->lastInfo.query;
}

QList<QPair<QByteArray, QByteArray>> PhoenixDevServer::lastRequestHeaders() const
{
    return d->lastInfo.headers;
}

QByteArray PhoenixDevServer::lastRequestHeader(const QByteArray &name) const
{
    return d->lastInfo.header(name);
}

QStringList PhoenixDevServer::lastRequestedSubprotocols() const
{
    return d->lastInfo.requestedSubprotocols;
}

QString PhoenixDevServer::lastAuthToken() const
{
    return d->lastInfo.authToken;
}

int PhoenixDevServer::refusedCount() const
{
    return d->refused;
}

bool PhoenixDevServer::heartbeatRepliesEnabled() const
{
    return d->heartbeatReplies;
}

void PhoenixDevServer::setHeartbeatRepliesEnabled(bool enabled)
{
    d->heartbeatReplies = enabled;
}

bool PhoenixDevServer::isFrozen() const
{
    return d->frozen;
}

void PhoenixDevServer::setFrozen(bool frozen)
{
    if (d->frozen == frozen)
        return;
    d->frozen = frozen;
    qCInfo(lcDevServer) << (frozen ? "frozen" : "unfrozen");
    for (const auto &entry : d->connections)
        d->restartIdle(entry.second.get());
    if (!frozen) {
        const QList<QTcpSocket *> pendingSockets = d->pending.keys();
        for (QTcpSocket *s : pendingSockets)
            d->tryHandshake(s);
    }
}

int PhoenixDevServer::idleTimeout() const
{
    return d->idleTimeoutMs;
}

void PhoenixDevServer::setIdleTimeout(int ms)
{
    d->idleTimeoutMs = qMax(0, ms);
    for (const auto &entry : d->connections)
        d->restartIdle(entry.second.get());
}

bool PhoenixDevServer::presenceEnabled() const
{
    return d->presence;
}

void PhoenixDevServer::setPresenceEnabled(bool enabled)
{
    d->presence = enabled;
}

int PhoenixDevServer::maxChannels() const
{
    return d->maxChannels;
}

void PhoenixDevServer::setMaxChannels(int max)
{
    d->maxChannels = qMax(0, max);
}

void PhoenixDevServer::dropAllConnections()
{
    while (!d->connections.empty())
        d->removeConnection(d->connections.begin()->first);
}

void PhoenixDevServer::closeAllConnections(quint16 code, const QString &reason)
{
    const QList<quint64> ids = d->connectionIds();
    for (const quint64 id : ids) {
        if (auto *c = d->connection(id))
            c->ws->close(QWebSocketProtocol::CloseCode(code), reason);
    }
}

void PhoenixDevServer::sendTextToAll(const QString &frame)
{
    const QList<quint64> ids = d->connectionIds();
    for (const quint64 id : ids) {
        if (auto *c = d->connection(id))
            c->ws->sendTextMessage(frame);
    }
}

void PhoenixDevServer::sendBinaryToAll(const QByteArray &frame)
{
    const QList<quint64> ids = d->connectionIds();
    for (const quint64 id : ids) {
        if (auto *c = d->connection(id))
            c->ws->sendBinaryMessage(frame);
    }
}

void PhoenixDevServer::broadcast(const QString &topic, const QString &event, const QJsonObject &payload)
{
    d->broadcastTo(topic, event, payload);
}

void PhoenixDevServer::broadcastBinary(const QString &topic, const QString &event, const QByteArray &payload)
{
    d->broadcastBinaryTo(topic, event, payload);
}

void PhoenixDevServer::push(const QString &topic, const QString &event, const QJsonObject &payload)
{
    const QList<PhoenixDevServerPrivate::Connection *> members = d->topics.value(topic);
    for (auto *c : members)
        d->pushTo(c, c->channels.value(topic), event, payload);
}

void PhoenixDevServer::pushBinary(const QString &topic, const QString &event, const QByteArray &payload)
{
    const QList<PhoenixDevServerPrivate::Connection *> members = d->topics.value(topic);
    for (auto *c : members)
        d->pushBinaryTo(c, c->channels.value(topic), event, payload);
}

void PhoenixDevServer::crashTopic(const QString &topic)
{
    const QList<quint64> ids = d->memberIds(topic);
    for (const quint64 id : ids) {
        if (auto *c = d->connection(id))
            d->endChannel(c, topic, PhoenixDevServerPrivate::EndKind::Error);
    }
}

void PhoenixDevServer::closeTopic(const QString &topic)
{
    const QList<quint64> ids = d->memberIds(topic);
    for (const quint64 id : ids) {
        if (auto *c = d->connection(id))
            d->endChannel(c, topic, PhoenixDevServerPrivate::EndKind::Close);
    }
}
