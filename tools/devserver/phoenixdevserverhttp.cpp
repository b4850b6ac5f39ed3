// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// The front door: accepting TCP (or TLS) connections, reading HTTP/1.1 requests, routing them to
// the WebSocket upgrade (handed over to QWebSocketServer) or to the LongPoll transport, and the
// WebSocket side of the Connection interface.

#include "phoenixdevserver_p.h"

#include <QtCore/QJsonDocument>
#include <QtNetwork/QSslSocket>
#include <QtWebSockets/QWebSocket>
#include <QtWebSockets/QWebSocketServer>

using namespace Qt::StringLiterals;
using namespace PhoenixDevServerDetail;

namespace {

const auto kWebSocketPath = "/socket/websocket"_L1;
const auto kLongPollPath = "/socket/longpoll"_L1;
const auto kAuthTokenPrefix = "base64url.bearer.phx."_L1;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 426:
        return "Upgrade Required";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

enum class BodyStatus { Incomplete, Complete, Invalid, TooLarge };

// Reads the body of a request whose head ends at head.headerBytes in `data`.
BodyStatus readBody(const RequestHead &head, const QByteArray &data, QByteArray *body, qsizetype *consumed)
{
    const qsizetype start = head.headerBytes;
    if (head.header("Transfer-Encoding").toLower().contains("chunked")) {
        qsizetype pos = start;
        body->clear();
        for (;;) {
            const qsizetype lineEnd = data.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return BodyStatus::Incomplete;
            QByteArray sizeField = data.mid(pos, lineEnd - pos);
            const qsizetype semicolon = sizeField.indexOf(';');
            if (semicolon >= 0)
                sizeField.truncate(semicolon);
            bool ok = false;
            const qlonglong size = sizeField.trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0)
                return BodyStatus::Invalid;
            if (body->size() + size > kMaxBodyBytes)
                return BodyStatus::TooLarge;
            pos = lineEnd + 2;
            if (size == 0) {
                // Trailers (ignored) end with an empty line.
                for (;;) {
                    const qsizetype end = data.indexOf("\r\n", pos);
                    if (end < 0)
                        return BodyStatus::Incomplete;
                    const bool last = end == pos;
                    pos = end + 2;
                    if (last) {
                        *consumed = pos;
                        return BodyStatus::Complete;
                    }
                }
            }
            if (data.size() < pos + size + 2)
                return BodyStatus::Incomplete;
            body->append(data.mid(pos, size));
            pos += size + 2;
        }
    }
    const QByteArray lengthField = head.header("Content-Length");
    qlonglong length = 0;
    if (!lengthField.isNull()) {
        bool ok = false;
        length = lengthField.trimmed().toLongLong(&ok);
        if (!ok || length < 0)
            return BodyStatus::Invalid;
    }
    if (length > kMaxBodyBytes)
        return BodyStatus::TooLarge;
    if (data.size() < start + length)
        return BodyStatus::Incomplete;
    *body = data.mid(start, length);
    *consumed = start + length;
    return BodyStatus::Complete;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Listener

PhoenixDevServerDetail::Listener::Listener(QObject *parent)
    : QTcpServer(parent)
{
}

void PhoenixDevServerDetail::Listener::incomingConnection(qintptr descriptor)
{
    if (ssl.isNull()) {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        if (onSocket)
            onSocket(socket);
        else
            socket->abort();
        return;
    }
    auto *socket = new QSslSocket(this);
    socket->setSslConfiguration(ssl);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    auto *guard = new QTimer(socket);
    guard->setSingleShot(true);
    QObject::connect(guard, &QTimer::timeout, socket, [socket] {
        qCDebug(lcDevServer) << "TLS handshake timeout";
        socket->abort();
        socket->deleteLater();
    });
    guard->start(kHandshakeTimeoutMs);
    QObject::connect(socket, &QSslSocket::encrypted, this, [this, socket, guard] {
        delete guard;
        QObject::disconnect(socket, nullptr, this, nullptr);
        QObject::disconnect(socket, nullptr, socket, nullptr);
        if (onSocket)
            onSocket(socket);
        else
            socket->abort();
    });
    QObject::connect(socket, &QAbstractSocket::errorOccurred, socket, [socket](QAbstractSocket::SocketError) {
        // E.g. a client that refuses our certificate: nothing to serve.
        qCDebug(lcDevServer) << "TLS handshake failed:" << socket->errorString();
        socket->abort();
        socket->deleteLater();
    });
    socket->startServerEncryption();
}

// ---------------------------------------------------------------------------------------------
// HttpConnection

PhoenixDevServerDetail::HttpConnection::HttpConnection(PhoenixDevServerPrivate *dd, QTcpSocket *s,
                                                       QObject *parent)
    : QObject(parent)
    , d(dd)
    , socket(s)
    , requestTimer(new QTimer(this))
    , pollTimer(new QTimer(this))
    , postTimer(new QTimer(this))
{
    s->setParent(this);
    requestTimer->setSingleShot(true);
    pollTimer->setSingleShot(true);
    postTimer->setSingleShot(true);
    QObject::connect(requestTimer, &QTimer::timeout, this, [this] {
        qCDebug(lcDevServer) << "no complete HTTP request in time, closing the connection";
        abort();
    });
    QObject::connect(pollTimer, &QTimer::timeout, this, [this] { d->pollWindowEnded(this); });
    QObject::connect(postTimer, &QTimer::timeout, this, [this] { d->postWindowEnded(this); });
    QObject::connect(s, &QTcpSocket::readyRead, this, [this] {
        if (state == State::Reading)
            d->readRequests(this);
    });
    QObject::connect(s, &QTcpSocket::disconnected, this, [this] { d->httpConnectionGone(this); });
    requestTimer->start(kHandshakeTimeoutMs);
}

void PhoenixDevServerDetail::HttpConnection::respond(int status, const QByteArray &contentType,
                                                     const QByteArray &body,
                                                     const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    if (!socket || state == State::HandedOff)
        return;
    pollTimer->stop();
    postTimer->stop();
    ++generation;
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!contentType.isEmpty())
        response += "Content-Type: " + contentType + "\r\n";
    for (const auto &header : extraHeaders)
        response += header.first + ": " + header.second + "\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (!keepAlive)
        response += "Connection: close\r\n";
    response += "\r\n" + body;
    socket->write(response);
    if (!keepAlive) {
        state = State::Closing;
        requestTimer->stop();
        socket->disconnectFromHost();
        // Do not wait forever for a client that keeps the connection open.
        QTimer::singleShot(5000, this, [this] { abort(); });
        return;
    }
    state = State::Reading;
    continueSent = false;
    requestTimer->start(kKeepAliveTimeoutMs);
    scheduleRead();
}

void PhoenixDevServerDetail::HttpConnection::respondJson(const QJsonObject &body)
{
    // Phoenix's LongPoll answers with HTTP 200 and puts the status in the body (send_json).
    respond(200, "application/json; charset=utf-8", QJsonDocument(body).toJson(QJsonDocument::Compact),
            {{"access-control-allow-origin", "*"}, {"cache-control", "no-store"}});
}

void PhoenixDevServerDetail::HttpConnection::abort()
{
    if (socket && state != State::HandedOff)
        socket->abort(); // emits disconnected -> httpConnectionGone()
    d->httpConnectionGone(this);
}

void PhoenixDevServerDetail::HttpConnection::scheduleRead()
{
    if (readScheduled)
        return;
    readScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            readScheduled = false;
            if (state == State::Reading && socket)
                d->readRequests(this);
        },
        Qt::QueuedConnection);
}

// ---------------------------------------------------------------------------------------------
// WebSocketConnection

PhoenixDevServerDetail::WebSocketConnection::WebSocketConnection(PhoenixDevServerPrivate *dd,
                                                                 quint64 connectionId, QWebSocket *socket,
                                                                 QObject *parent)
    : Connection(dd, connectionId, PhoenixDevServer::Transport::WebSocket, parent)
    , ws(socket)
    , idleTimer(new QTimer(this))
{
    ws->setParent(this);
    idleTimer->setSingleShot(true);
    QObject::connect(idleTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcDevServer) << "closing idle connection" << id;
        ws->close(QWebSocketProtocol::CloseCodeNormal, u"idle timeout"_s);
    });
    QObject::connect(ws, &QWebSocket::textMessageReceived, this, [this](const QString &frame) {
        d->receive(this, Frame{frame.toUtf8(), false});
    });
    QObject::connect(ws, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &frame) {
        d->receive(this, Frame{frame, true});
    });
    QObject::connect(ws, &QWebSocket::disconnected, this, [this] { d->removeConnection(id); });
}

void PhoenixDevServerDetail::WebSocketConnection::transmit(const Frame &frame)
{
    if (frame.binary)
        ws->sendBinaryMessage(frame.data);
    else
        ws->sendTextMessage(QString::fromUtf8(frame.data));
}

void PhoenixDevServerDetail::WebSocketConnection::closeGracefully(quint16 code, const QString &reason)
{
    ws->close(QWebSocketProtocol::CloseCode(code), reason); // disconnected -> removeConnection()
}

void PhoenixDevServerDetail::WebSocketConnection::abortNetwork()
{
    d->removeConnection(id); // release() aborts the TCP connection
}

void PhoenixDevServerDetail::WebSocketConnection::release()
{
    QObject::disconnect(ws, nullptr, this, nullptr);
    idleTimer->stop();
    if (ws->state() != QAbstractSocket::UnconnectedState)
        ws->abort();
}

void PhoenixDevServerDetail::WebSocketConnection::noteActivity()
{
    applyTimeouts();
}

void PhoenixDevServerDetail::WebSocketConnection::applyTimeouts()
{
    if (d->idleTimeoutMs > 0 && !d->frozen)
        idleTimer->start(d->idleTimeoutMs);
    else
        idleTimer->stop();
}

QString PhoenixDevServerDetail::WebSocketConnection::subprotocol() const
{
    return ws->subprotocol();
}

// ---------------------------------------------------------------------------------------------
// Front door

QString PhoenixDevServerPrivate::lastParam(const QUrlQuery &query, const QString &name)
{
    // Plug's query parsing: of repeated keys the last one wins.
    const QStringList values = query.allQueryItemValues(name, QUrl::FullyDecoded);
    return values.isEmpty() ? QString() : values.last();
}

int PhoenixDevServerPrivate::connectRefusal(const PhoenixDevServer::ConnectionInfo &info) const
{
    // UserSocket.connect/3 and the serializer negotiation, the same for both transports.
    if (lastParam(info.query, u"vsn"_s) != "2.0.0"_L1) {
        qCWarning(lcDevServer) << "refusing connection: unsupported or missing vsn (only 2.0.0 is served)";
        return 403;
    }
    if (lastParam(info.query, u"token"_s) == "bad"_L1 || info.authToken == "bad"_L1)
        return 403;
    return 0;
}

void PhoenixDevServerPrivate::onNewSocket(QTcpSocket *socket)
{
    auto *h = new HttpConnection(this, socket, q);
    httpConnections.insert(h);
    // Counted once per connection: whether any byte of a request arrived (after TLS).
    if (socket->bytesAvailable() > 0) {
        ++connectionsWithData;
    } else {
        auto counted = std::make_shared<QMetaObject::Connection>();
        *counted = QObject::connect(socket, &QIODevice::readyRead, h, [this, counted] {
            ++connectionsWithData;
            QObject::disconnect(*counted);
        });
    }
    if (socket->bytesAvailable() > 0)
        readRequests(h);
}

void PhoenixDevServerPrivate::httpConnectionGone(HttpConnection *h)
{
    if (!httpConnections.remove(h))
        return;
    h->pollTimer->stop();
    h->postTimer->stop();
    h->requestTimer->stop();
    if (h->pollSessionId != 0) {
        Connection *c = connection(h->pollSessionId);
        if (c && c->info.transport == PhoenixDevServer::Transport::LongPoll)
            static_cast<LongPollSession *>(c)->pollEnded(h);
        h->pollSessionId = 0;
    }
    if (h->socket && h->state != HttpConnection::State::HandedOff)
        QObject::disconnect(h->socket, nullptr, h, nullptr);
    h->state = HttpConnection::State::Closing;
    h->deleteLater();
}

void PhoenixDevServerPrivate::refuse(HttpConnection *h, int status)
{
    qCInfo(lcDevServer) << "refusing request with HTTP" << status;
    h->keepAlive = false;
    h->respond(status, "text/plain", reasonPhrase(status) + '\n');
    ++refused;
    Q_EMIT q->connectionRefused(status);
}

void PhoenixDevServerPrivate::readRequests(HttpConnection *h)
{
    while (h->state == HttpConnection::State::Reading && h->socket && !frozen) {
        QTcpSocket *socket = h->socket;
        // Peek only: an upgrade request's bytes stay in the socket for QWebSocketServer's parser.
        const QByteArray peeked = socket->peek(kMaxRequestHeaderBytes + 4);
        const qsizetype end = peeked.indexOf("\r\n\r\n");
        if (end < 0) {
            if (peeked.size() > kMaxRequestHeaderBytes)
                refuse(h, 431);
            return;
        }
        RequestHead head;
        head.headerBytes = end + 4;
        const QList<QByteArray> lines = peeked.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
            refuse(h, 400);
            return;
        }
        head.method = requestLine.at(0);
        head.target = requestLine.at(1);
        head.version = requestLine.at(2);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            head.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        }
        const QUrl target = QUrl(QString::fromLatin1(head.target), QUrl::TolerantMode);
        const QString path = target.path();

        if (path == kWebSocketPath) {
            handleWebSocketRequest(h, head, target);
            return;
        }
        if (path != kLongPollPath || !longPoll) {
            refuse(h, 404);
            return;
        }

        // LongPoll: read the whole request (head and body) off the socket.
        const QByteArray connectionHeader = head.header("Connection").toLower();
        h->keepAlive = head.version == "HTTP/1.1" ? !connectionHeader.contains("close")
                                                  : connectionHeader.contains("keep-alive");
        QByteArray body;
        qsizetype consumed = 0;
        const bool chunked = head.header("Transfer-Encoding").toLower().contains("chunked");
        const qlonglong declared = head.header("Content-Length").trimmed().toLongLong();
        const bool surelyIncomplete =
            !chunked && declared <= kMaxBodyBytes && socket->bytesAvailable() < head.headerBytes + declared;
        const QByteArray all = surelyIncomplete ? QByteArray() : socket->peek(socket->bytesAvailable());
        switch (surelyIncomplete ? BodyStatus::Incomplete : readBody(head, all, &body, &consumed)) {
        case BodyStatus::Incomplete:
            if (!h->continueSent && head.header("Expect").toLower() == "100-continue") {
                h->continueSent = true;
                socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            return;
        case BodyStatus::Invalid:
        case BodyStatus::TooLarge:
            // Plug.Conn.read_body fails -> Plug.BadRequestError.
            h->keepAlive = false;
            h->respond(400, "text/plain", "Bad Request\n");
            return;
        case BodyStatus::Complete:
            break;
        }
        socket->skip(consumed);
        h->requestTimer->stop();

        PhoenixDevServer::HttpRequest request;
        request.method = head.method;
        request.path = path;
        request.query = QUrlQuery(target);
        request.headers = head.headers;
        request.body = body;
        handleLongPoll(h, std::move(request));
        // Answered now: the loop reads the next request. Outstanding: readyRead resumes it later.
        if (!httpConnections.contains(h))
            return;
    }
}

void PhoenixDevServerPrivate::handleWebSocketRequest(HttpConnection *h, const RequestHead &head,
                                                     const QUrl &target)
{
    PhoenixDevServer::ConnectionInfo info;
    info.transport = PhoenixDevServer::Transport::WebSocket;
    info.path = target.path();
    info.query = QUrlQuery(target);
    info.headers = head.headers;
    for (const auto &header : head.headers) {
        if (header.first.compare("Sec-WebSocket-Protocol", Qt::CaseInsensitive) != 0)
            continue;
        const QList<QByteArray> protocols = header.second.split(',');
        for (const QByteArray &p : protocols) {
            const QString protocol = QString::fromLatin1(p.trimmed());
            if (!protocol.isEmpty())
                info.requestedSubprotocols.append(protocol);
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
    info.user = lastParam(info.query, u"user"_s);
    if (info.user.isEmpty())
        info.user = u"anon"_s;
    lastInfo = info;

    if (head.method != "GET" || !head.header("Upgrade").toLower().contains("websocket")) {
        refuse(h, 400);
        return;
    }
    switch (webSocketMode) {
    case PhoenixDevServer::WebSocketMode::Serve:
        break;
    case PhoenixDevServer::WebSocketMode::Refuse:
        refuse(h, webSocketRefusalStatus);
        return;
    case PhoenixDevServer::WebSocketMode::BlackHole:
        // The request was read; the answer never comes (a proxy that swallows upgrades).
        qCInfo(lcDevServer) << "black-holing a WebSocket upgrade request";
        h->state = HttpConnection::State::BlackHoled;
        h->requestTimer->stop();
        Q_EMIT q->webSocketBlackHoled();
        return;
    }
    if (const int status = connectRefusal(info)) {
        refuse(h, status);
        return;
    }

    // Accepted: hand the untouched socket to QWebSocketServer.
    QTcpSocket *socket = h->socket;
    h->state = HttpConnection::State::HandedOff;
    h->requestTimer->stop();
    QObject::disconnect(socket, nullptr, h, nullptr);
    httpConnections.remove(h);
    h->socket = nullptr;
    h->deleteLater();
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
        const quint64 id = nextId++;
        auto *c = new WebSocketConnection(this, id, ws, q);
        const quint16 peerPort = ws->peerPort();
        c->info = upgraded.take(peerPort);
        upgradedSockets.remove(peerPort);
        c->info.id = id;
        c->info.transport = PhoenixDevServer::Transport::WebSocket;
        if (c->info.user.isEmpty())
            c->info.user = u"anon"_s;
        addConnection(c);
        if (ws->state() != QAbstractSocket::ConnectedState)
            removeConnection(id);
    }
}
