// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// The LongPoll transport, as Phoenix 1.8 serves it (lib/phoenix/transports/long_poll.ex and
// long_poll_server.ex): a session is a Connection whose frames wait in a queue until a poll (GET)
// collects them, and whose messages arrive in POSTs. Every answer is HTTP 200 with the status in
// the JSON body.

#include "phoenixdevserver_p.h"

#include <QtCore/QRandomGenerator>

using namespace Qt::StringLiterals;
using namespace PhoenixDevServerDetail;

namespace {

QByteArray newSessionToken()
{
    // Unguessable, URL-safe (it travels in the query); Phoenix signs its tokens instead, which
    // makes no difference to a client.
    QByteArray raw(24, Qt::Uninitialized);
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

void answerPoll(HttpConnection *h, const QByteArray &token, const QList<Frame> &frames)
{
    h->pollSessionId = 0;
    QJsonArray messages;
    for (const Frame &frame : frames) {
        if (frame.binary) {
            // Phoenix puts the encoded frames into the JSON body as strings; its JSON encoder refuses
            // bytes that are not UTF-8 and the poll fails with 500 (and bytes that are UTF-8 reach
            // phoenix.js as a string it cannot parse). LongPoll cannot carry binary server frames.
            qCWarning(lcDevServer)
                << "a binary frame cannot travel over LongPoll: the poll fails with HTTP 500,"
                << frames.size() << "queued message(s) are lost";
            h->respond(500, "text/plain", "Internal Server Error\n");
            return;
        }
        messages.append(QString::fromUtf8(frame.data));
    }
    h->respondJson(
        QJsonObject{{u"status"_s, 200}, {u"token"_s, QString::fromLatin1(token)}, {u"messages"_s, messages}});
}

} // namespace

// ---------------------------------------------------------------------------------------------
// LongPollSession

PhoenixDevServerDetail::LongPollSession::LongPollSession(PhoenixDevServerPrivate *dd, quint64 connectionId,
                                                         const QByteArray &sessionToken, QObject *parent)
    : Connection(dd, connectionId, PhoenixDevServer::Transport::LongPoll, parent)
    , token(sessionToken)
    , expiryTimer(new QTimer(this))
{
    expiryTimer->setSingleShot(true);
    QObject::connect(expiryTimer, &QTimer::timeout, this, [this] {
        // Phoenix's :shutdown_if_inactive is a message to the session process: it waits behind a
        // running join/3 like everything else.
        if (d->frozen || current || busy) {
            restartExpiry();
            return;
        }
        // Phoenix.Transports.LongPoll.Server: {:stop, {:shutdown, :inactive}, state}.
        qCInfo(lcDevServer) << "LongPoll session" << id << "expired (no poll)";
        d->removeConnection(id);
    });
}

void PhoenixDevServerDetail::LongPollSession::transmit(const Frame &frame)
{
    queue.append(frame);
    if (!current || flushScheduled)
        return;
    // Phoenix notifies the waiting poll (:now_available), which then collects the whole buffer:
    // everything sent in this turn of the event loop goes out in one answer.
    flushScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            flushScheduled = false;
            flush();
        },
        Qt::QueuedConnection);
}

void PhoenixDevServerDetail::LongPollSession::flush()
{
    if (!current || queue.isEmpty() || d->frozen || d->connection(id) != this)
        return;
    HttpConnection *h = current;
    current = nullptr;
    const QList<Frame> frames = std::exchange(queue, {});
    restartExpiry();
    answerPoll(h, token, frames);
}

void PhoenixDevServerDetail::LongPollSession::poll(HttpConnection *http)
{
    attach(http);
    http->state = HttpConnection::State::Responding;
    http->pollSessionId = id;
    http->pollToken = token;
    if (!queue.isEmpty() && !d->frozen) {
        // Messages queued while no poll was outstanding: this poll gets them all, in order.
        current = nullptr;
        const QList<Frame> frames = std::exchange(queue, {});
        restartExpiry();
        answerPoll(http, token, frames);
        return;
    }
    // An older outstanding poll keeps waiting for its window; the newest one gets the messages.
    current = http;
    expiryTimer->stop();
    http->pollTimer->start(d->longPollWindowMs);
}

void PhoenixDevServerDetail::LongPollSession::pollEnded(HttpConnection *http)
{
    if (current == http) {
        current = nullptr;
        restartExpiry();
    }
}

void PhoenixDevServerDetail::LongPollSession::attach(HttpConnection *http)
{
    httpConnections.removeAll(nullptr);
    if (!httpConnections.contains(http))
        httpConnections.append(http);
}

void PhoenixDevServerDetail::LongPollSession::restartExpiry()
{
    if (current) {
        expiryTimer->stop();
        return;
    }
    // Phoenix ends a session that saw no poll for 1.5 x window_ms (:shutdown_if_inactive).
    expiryTimer->start(qMax(1, d->longPollWindowMs * 3 / 2));
}

void PhoenixDevServerDetail::LongPollSession::applyTimeouts()
{
    restartExpiry();
    if (current && !queue.isEmpty() && !d->frozen)
        flush();
}

void PhoenixDevServerDetail::LongPollSession::closeGracefully(quint16 code, const QString &reason)
{
    // LongPoll has no close frame: the session ends. An outstanding poll is still answered with 204
    // when its window ends (it does not know); the next request with this token gets 410.
    Q_UNUSED(code)
    Q_UNUSED(reason)
    qCInfo(lcDevServer) << "ending LongPoll session" << id;
    d->removeConnection(id);
}

void PhoenixDevServerDetail::LongPollSession::abortNetwork()
{
    const quint64 sessionId = id;
    const QList<QPointer<HttpConnection>> http = httpConnections;
    for (const QPointer<HttpConnection> &h : http) {
        if (h)
            h->abort();
    }
    d->removeConnection(sessionId);
}

void PhoenixDevServerDetail::LongPollSession::release()
{
    d->sessionsByToken.remove(token);
    expiryTimer->stop();
    current = nullptr;
    queue.clear();
}

// ---------------------------------------------------------------------------------------------
// Requests on /socket/longpoll

PhoenixDevServerPrivate::LongPollSession *PhoenixDevServerPrivate::session(const QByteArray &token) const
{
    const auto it = sessionsByToken.constFind(token);
    if (it == sessionsByToken.constEnd())
        return nullptr;
    Connection *c = connection(it.value());
    if (!c || c->info.transport != PhoenixDevServer::Transport::LongPoll)
        return nullptr;
    return static_cast<LongPollSession *>(c);
}

void PhoenixDevServerPrivate::handleLongPoll(HttpConnection *h, PhoenixDevServer::HttpRequest &&request)
{
    Q_EMIT q->longPollRequestReceived(request);
    if (!httpConnections.contains(h) || h->state != HttpConnection::State::Reading)
        return; // a slot dropped it
    const QByteArray &method = request.method;
    if (method == "OPTIONS") {
        // CORS pre-flight, answered as Phoenix does (it checks the Origin header itself).
        QByteArrayList requested;
        for (const auto &header : std::as_const(request.headers)) {
            if (header.first.compare("access-control-request-headers", Qt::CaseInsensitive) == 0)
                requested.append(header.second);
        }
        h->respond(200, QByteArray(), QByteArray(),
                   {{"access-control-allow-origin", "*"},
                    {"access-control-allow-headers", requested.join(", ")},
                    {"access-control-allow-methods", "get, post, options"},
                    {"access-control-max-age", "3600"}});
        return;
    }
    if (method != "GET" && method != "POST") {
        h->respond(400, QByteArray(), QByteArray(), {{"access-control-allow-origin", "*"}});
        return;
    }
    // Phoenix 1.8 reads the session token from the x-phoenix-longpoll-token header (newer clients)
    // or the `token` query param (phoenix.js 1.8).
    QByteArray token = request.header("x-phoenix-longpoll-token");
    if (token.isEmpty())
        token = lastParam(request.query, u"token"_s).toUtf8();
    LongPollSession *s = token.isEmpty() ? nullptr : session(token);
    if (method == "GET") {
        if (s)
            s->poll(h);
        else
            openSession(h, request); // also for an unknown or expired token, as Phoenix does
        return;
    }
    if (!s) {
        h->respondJson(QJsonObject{{u"status"_s, 410}});
        return;
    }
    startPost(h, s, request);
}

void PhoenixDevServerPrivate::openSession(HttpConnection *h, const PhoenixDevServer::HttpRequest &request)
{
    PhoenixDevServer::ConnectionInfo info;
    info.transport = PhoenixDevServer::Transport::LongPoll;
    info.path = request.path;
    info.query = request.query;
    info.headers = request.headers;
    info.authToken = QString::fromUtf8(request.header("x-phoenix-authtoken"));
    info.user = lastParam(info.query, u"user"_s);
    if (info.user.isEmpty())
        info.user = u"anon"_s;
    lastInfo = info;
    if (const int status = connectRefusal(info)) {
        qCInfo(lcDevServer) << "refusing a LongPoll session with status" << status;
        ++refused;
        Q_EMIT q->connectionRefused(status);
        if (httpConnections.contains(h))
            h->respondJson(QJsonObject{{u"status"_s, status}});
        return;
    }
    const QByteArray token = newSessionToken();
    const quint64 id = nextId++;
    auto *s = new LongPollSession(this, id, token, q);
    s->info = info;
    s->info.id = id;
    s->attach(h);
    sessionsByToken.insert(token, id);
    addConnection(s);
    if (httpConnections.contains(h) && h->state == HttpConnection::State::Reading)
        h->respondJson(QJsonObject{
            {u"status"_s, 410}, {u"token"_s, QString::fromLatin1(token)}, {u"messages"_s, QJsonArray()}});
}

void PhoenixDevServerPrivate::startPost(HttpConnection *h, LongPollSession *s,
                                        const PhoenixDevServer::HttpRequest &request)
{
    s->attach(h);
    h->state = HttpConnection::State::Responding;
    h->postSessionId = s->id;
    h->postNext = 0;
    // Phoenix matches the header exactly; anything else is one message in the whole body.
    h->postNdjson = request.header("content-type").trimmed() == "application/x-ndjson";
    if (h->postNdjson) {
        QList<QByteArray> lines = request.body.split('\n');
        for (QByteArray &line : lines) {
            if (line.endsWith('\r'))
                line.chop(1);
        }
        if (lines.size() > kMaxLongPollBatch) {
            qCWarning(lcDevServer) << "LongPoll POST with" << lines.size() << "lines: only the first"
                                   << kMaxLongPollBatch << "are handled (as Phoenix does)";
            lines.resize(kMaxLongPollBatch);
        }
        h->postLines = lines;
    } else {
        h->postLines = {request.body};
    }
    continuePost(h);
}

void PhoenixDevServerPrivate::continuePost(HttpConnection *h)
{
    // Like Phoenix: one message at a time, each handed to the session only after it handled the
    // previous one; a message not handled within the window answers 408 and drops the rest.
    while (h->postNext < h->postLines.size()) {
        const QByteArray line = h->postLines.at(h->postNext++);
        Frame frame;
        if (!h->postNdjson || line.startsWith('[')) {
            frame = Frame{line, false};
        } else if (line.isEmpty()) {
            continue;
        } else {
            const auto decoded =
                QByteArray::fromBase64Encoding(line, QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded) {
                // Base.decode64! raises: the request fails with 500; earlier lines were handled.
                qCWarning(lcDevServer) << "LongPoll POST line is neither JSON nor base64: HTTP 500";
                h->postSessionId = 0;
                h->respond(500, "text/plain", "Internal Server Error\n");
                return;
            }
            frame = Frame{*decoded, true};
        }
        Connection *c = connection(h->postSessionId);
        if (!c) {
            // The session ended meanwhile: nobody acknowledges the message, the POST times out.
            h->postTimer->start(longPollWindowMs);
            return;
        }
        const quint64 generation = h->generation;
        const QPointer<HttpConnection> guard(h);
        const bool handled = receive(c, frame, [this, guard, generation] {
            if (!guard || guard->generation != generation ||
                guard->state != HttpConnection::State::Responding)
                return;
            guard->postTimer->stop();
            QMetaObject::invokeMethod(
                guard.data(),
                [this, guard, generation] {
                    if (guard && guard->generation == generation &&
                        guard->state == HttpConnection::State::Responding)
                        continuePost(guard);
                },
                Qt::QueuedConnection);
        });
        if (!httpConnections.contains(h) || h->state != HttpConnection::State::Responding ||
            h->generation != generation)
            return; // dropped by the message (e.g. "drop")
        if (!handled) {
            h->postTimer->start(longPollWindowMs); // waits behind a slow join
            return;
        }
    }
    h->postSessionId = 0;
    if (postAnswersToDrop > 0) {
        --postAnswersToDrop;
        qCInfo(lcDevServer) << "LongPoll POST handled, its answer dropped (connection aborted)";
        h->abort();
        return;
    }
    h->respondJson(QJsonObject{{u"status"_s, 200}});
}

void PhoenixDevServerPrivate::pollWindowEnded(HttpConnection *h)
{
    if (frozen) {
        h->pollTimer->start(longPollWindowMs);
        return;
    }
    const quint64 sessionId = std::exchange(h->pollSessionId, 0);
    Connection *c = connection(sessionId);
    if (c && c->info.transport == PhoenixDevServer::Transport::LongPoll)
        static_cast<LongPollSession *>(c)->pollEnded(h);
    h->respondJson(QJsonObject{
        {u"status"_s, 204}, {u"token"_s, QString::fromLatin1(h->pollToken)}, {u"messages"_s, QJsonArray()}});
}

void PhoenixDevServerPrivate::postWindowEnded(HttpConnection *h)
{
    if (frozen) {
        h->postTimer->start(longPollWindowMs);
        return;
    }
    h->postSessionId = 0;
    h->respondJson(QJsonObject{{u"status"_s, 408}});
}
