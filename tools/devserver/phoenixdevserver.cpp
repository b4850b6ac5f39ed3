// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// The protocol core: channels, presence and routing, shared by both transports (they reach it
// through the Connection interface), and the public API.

#include "phoenixdevserver_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>
#include <QtCore/QRandomGenerator>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslKey>
#include <QtWebSockets/QWebSocketServer>

using namespace Qt::StringLiterals;
using namespace PhoenixDevServerDetail;

Q_LOGGING_CATEGORY(lcDevServer, "phoenix.devserver")

namespace {

constexpr int kMaxFloodCount = 1000000;
constexpr int kMaxFloodSize = 16 * 1024 * 1024;
constexpr int kMaxJoinDelayMs = 60000;
constexpr quint16 kCloseCodeDisconnect = 1001; // Endpoint.broadcast(id, "disconnect") in Phoenix
const auto kSlowTopicPrefix = "room:slow"_L1;

QByteArray headerValue(const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &name)
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

} // namespace

QByteArray PhoenixDevServer::ConnectionInfo::header(const QByteArray &name) const
{
    return headerValue(headers, name);
}

QByteArray PhoenixDevServer::HttpRequest::header(const QByteArray &name) const
{
    return headerValue(headers, name);
}

QByteArray PhoenixDevServerDetail::RequestHead::header(const QByteArray &name) const
{
    return headerValue(headers, name);
}

PhoenixDevServerDetail::Connection::Connection(PhoenixDevServerPrivate *dd, quint64 connectionId,
                                               PhoenixDevServer::Transport transport, QObject *parent)
    : QObject(parent)
    , d(dd)
    , id(connectionId)
    , joinTimer(new QTimer(this))
{
    info.id = connectionId;
    info.transport = transport;
    joinTimer->setSingleShot(true);
    QObject::connect(joinTimer, &QTimer::timeout, this, [this] {
        // The slow join is done: reply, then handle what arrived meanwhile.
        busy = false;
        const quint64 connectionId = id;
        const Message m = pendingJoin;
        const std::function<void()> done = std::exchange(whenJoinDone, {});
        d->completeJoin(this, m);
        if (done)
            done();
        d->drainMailbox(connectionId);
    });
}

// ---------------------------------------------------------------------------------------------

PhoenixDevServerPrivate::PhoenixDevServerPrivate(PhoenixDevServer *qq)
    : q(qq)
    , listener(new Listener(qq))
    , wsServer(new QWebSocketServer(u"PhoenixDevServer"_s, QWebSocketServer::NonSecureMode, qq))
{
    wsServer->setSupportedSubprotocols({u"phoenix"_s});
    wsServer->setMaxPendingConnections(100000);
    listener->onSocket = [this](QTcpSocket *socket) { onNewSocket(socket); };
    QObject::connect(wsServer, &QWebSocketServer::newConnection, q, [this] { onNewWebSocket(); });
}

QList<quint64> PhoenixDevServerPrivate::connectionIds() const
{
    QList<quint64> ids;
    ids.reserve(qsizetype(connections.size()));
    for (const auto &entry : connections)
        ids.append(entry.first);
    return ids;
}

QList<quint64> PhoenixDevServerPrivate::memberIds(const QString &topic) const
{
    QList<quint64> ids;
    const QList<Connection *> members = topics.value(topic);
    for (const Connection *c : members)
        ids.append(c->id);
    return ids;
}

void PhoenixDevServerPrivate::addConnection(Connection *c)
{
    connections.emplace(c->id, c);
    c->applyTimeouts();
    qCInfo(lcDevServer) << "client connected" << c->id << "over" << c->info.transport;
    Q_EMIT q->clientConnected();
}

void PhoenixDevServerPrivate::removeConnection(quint64 id, bool emitSignals)
{
    const auto it = connections.find(id);
    if (it == connections.end())
        return;
    Connection *c = it->second;
    connections.erase(it);
    c->joinTimer->stop();
    c->busy = false;
    c->mailbox.clear();
    c->whenJoinDone = nullptr;
    const QStringList topicsOfConnection = c->channels.keys();
    for (const QString &topic : topicsOfConnection)
        endChannel(c, topic, EndKind::Silent, emitSignals);
    c->release();
    // Deleted later: the caller may be running inside one of its timers or transport signals.
    c->deleteLater();
    qCInfo(lcDevServer) << "client disconnected" << id;
    if (emitSignals)
        Q_EMIT q->clientDisconnected();
}

// ---------------------------------------------------------------------------------------------
// Output

void PhoenixDevServerPrivate::deliver(Connection *c, const Frame &frame)
{
    if (c->busy) {
        MailItem item;
        item.frame = frame;
        c->mailbox.push_back(std::move(item));
        return;
    }
    c->transmit(frame);
}

void PhoenixDevServerPrivate::sendJson(Connection *c, const QJsonArray &frame)
{
    deliver(c, Frame{QJsonDocument(frame).toJson(QJsonDocument::Compact), false});
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
    deliver(c, Frame{frame, true});
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
    deliver(c, Frame{frame, true});
}

void PhoenixDevServerPrivate::broadcastTo(const QString &topic, const QString &event,
                                          const QJsonValue &payload, const Connection *except)
{
    const QList<Connection *> members = topics.value(topic);
    if (members.isEmpty())
        return;
    const Frame frame{QJsonDocument(QJsonArray{QJsonValue(QJsonValue::Null), QJsonValue(QJsonValue::Null),
                                               topic, event, payload})
                          .toJson(QJsonDocument::Compact),
                      false};
    for (Connection *c : members) {
        if (c != except)
            deliver(c, frame);
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
        deliver(c, Frame{frame, true});
}

// ---------------------------------------------------------------------------------------------
// Presence

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

// ---------------------------------------------------------------------------------------------
// Input

bool PhoenixDevServerPrivate::receive(Connection *c, const Frame &frame, std::function<void()> whenProcessed)
{
    if (frozen)
        return true; // dropped for good
    const quint64 id = c->id;
    c->noteActivity();
    if (frame.binary)
        Q_EMIT q->binaryFrameReceived(frame.data);
    else
        Q_EMIT q->textFrameReceived(QString::fromUtf8(frame.data));
    c = connection(id); // a slot may have changed things
    if (!c)
        return true;
    Message m;
    if (!decode(frame, &m))
        return true;
    if (c->busy || !c->mailbox.empty()) {
        MailItem item;
        item.incoming = true;
        item.message = std::move(m);
        item.whenProcessed = std::move(whenProcessed);
        c->mailbox.push_back(std::move(item));
        return false;
    }
    dispatch(c, m);
    return !startedSlowJoin(id, whenProcessed);
}

bool PhoenixDevServerPrivate::startedSlowJoin(quint64 id, std::function<void()> &whenProcessed)
{
    // A message that started a slow join is handled once the join is done (Phoenix acknowledges it
    // to a LongPoll POST only then).
    Connection *c = connection(id);
    if (!c || !c->busy)
        return false;
    c->whenJoinDone = std::move(whenProcessed);
    return true;
}

bool PhoenixDevServerPrivate::decode(const Frame &frame, Message *m) const
{
    if (!frame.binary) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(frame.data, &error);
        if (error.error != QJsonParseError::NoError || !doc.isArray()) {
            qCWarning(lcDevServer) << "ignoring malformed text frame (not a JSON array)";
            return false;
        }
        const QJsonArray a = doc.array();
        if (a.size() != 5) {
            qCWarning(lcDevServer) << "ignoring text frame with" << a.size() << "elements (V2 needs 5)";
            return false;
        }
        const auto isRef = [](const QJsonValue &v) { return v.isNull() || v.isString(); };
        if (!isRef(a.at(0)) || !isRef(a.at(1)) || !a.at(2).isString() || !a.at(3).isString()) {
            qCWarning(lcDevServer) << "ignoring text frame with wrongly typed fields";
            return false;
        }
        m->joinRef = a.at(0);
        m->ref = a.at(1);
        m->topic = a.at(2).toString();
        m->event = a.at(3).toString();
        m->payload = a.at(4);
        return true;
    }

    const QByteArray &data = frame.data;
    if (data.size() < 5 || data.at(0) != 0) {
        qCWarning(lcDevServer) << "ignoring binary frame: too short or not a push (kind 0)";
        return false;
    }
    const auto len = [&data](int i) { return int(quint8(data.at(i))); };
    const int joinRefLen = len(1), refLen = len(2), topicLen = len(3), eventLen = len(4);
    const qsizetype headerEnd = 5 + joinRefLen + refLen + topicLen + eventLen;
    if (data.size() < headerEnd) {
        qCWarning(lcDevServer) << "ignoring binary frame: lengths exceed the frame";
        return false;
    }
    qsizetype pos = 5;
    const auto take = [&data, &pos](int n) {
        const QString s = QString::fromUtf8(data.mid(pos, n));
        pos += n;
        return s;
    };
    const QString joinRef = take(joinRefLen);
    const QString ref = take(refLen);
    m->joinRef = joinRefLen > 0 ? QJsonValue(joinRef) : QJsonValue(QJsonValue::Null);
    m->ref = refLen > 0 ? QJsonValue(ref) : QJsonValue(QJsonValue::Null);
    m->topic = take(topicLen);
    m->event = take(eventLen);
    m->binary = true;
    m->binaryPayload = data.mid(headerEnd);
    return true;
}

void PhoenixDevServerPrivate::drainMailbox(quint64 id)
{
    for (;;) {
        Connection *c = connection(id);
        if (!c || c->busy || c->mailbox.empty())
            return;
        MailItem item = std::move(c->mailbox.front());
        c->mailbox.pop_front();
        if (!item.incoming) {
            c->transmit(item.frame);
            continue;
        }
        dispatch(c, item.message);
        if (!startedSlowJoin(id, item.whenProcessed) && item.whenProcessed)
            item.whenProcessed();
    }
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
    if (m.joinRef.isString() && m.joinRef.toString() != it->joinRef) {
        // Phoenix (socket.ex handle_in): a message for an earlier join of this topic is a stale
        // message, or a leave that raced a server close; either way it is ignored, without reply.
        qCDebug(lcDevServer) << "ignoring" << m.event << "with a stale join_ref on connection" << c->id;
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

int PhoenixDevServerPrivate::joinDelay(const Message &m)
{
    const QJsonValue requested = m.payload.toObject().value(u"delay_ms"_s);
    if (requested.isDouble())
        return qBound(0, requested.toInt(), kMaxJoinDelayMs);
    if (m.topic.startsWith(kSlowTopicPrefix) && !slowTopicsJoined.contains(m.topic)) {
        slowTopicsJoined.insert(m.topic);
        return slowJoinDelayMs;
    }
    return 0;
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
    const int delay = joinDelay(m);
    if (delay > 0) {
        // join/3 takes a while; Phoenix's socket process waits for it and handles nothing else.
        qCDebug(lcDevServer) << "slow join on connection" << c->id << "takes" << delay << "ms";
        c->busy = true;
        c->pendingJoin = m;
        c->joinTimer->start(delay);
        return;
    }
    completeJoin(c, m);
}

void PhoenixDevServerPrivate::completeJoin(Connection *c, const Message &m)
{
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
    } else if (e == "binary_info"_L1) {
        // What arrived, in JSON (works over both transports): the bytes of a binary push in base64.
        if (m.binary)
            reply(c, m, u"ok"_s,
                  QJsonObject{{u"binary"_s, true},
                              {u"size"_s, int(m.binaryPayload.size())},
                              {u"base64"_s, QString::fromLatin1(m.binaryPayload.toBase64())}});
        else
            reply(c, m, u"ok"_s, QJsonObject{{u"binary"_s, false}});
    } else if (e == "fail"_L1) {
        reply(c, m, u"error"_s, QJsonObject{{u"reason"_s, u"failed"_s}});
    } else if (e == "noreply"_L1) {
        // nothing
    } else if (e == "shout"_L1) {
        handleShout(c, m);
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
        // Numbered from 1 to count, as a real room numbers its messages.
        const int count = qBound(0, payload.value(u"count"_s).toInt(), kMaxFloodCount);
        const int size = qBound(0, payload.value(u"size"_s).toInt(), kMaxFloodSize);
        const QString data(size, u'x');
        const Channel chCopy = ch;
        for (int i = 1; i <= count; ++i)
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
        const bool longPoll = c->info.transport == PhoenixDevServer::Transport::LongPoll;
        const QJsonValue noToken(QJsonValue::Null);
        QJsonValue tokenSource = noToken;
        if (!c->info.authToken.isEmpty())
            tokenSource = longPoll ? u"header"_s : u"subprotocol"_s;
        reply(c, m, u"ok"_s,
              QJsonObject{
                  {u"params"_s, params},
                  {u"transport"_s, longPoll ? u"longpoll"_s : u"websocket"_s},
                  {u"subprotocols"_s, QJsonArray::fromStringList(c->info.requestedSubprotocols)},
                  {u"subprotocol"_s, longPoll ? noToken : QJsonValue(c->subprotocol())},
                  {u"auth_token"_s, c->info.authToken.isEmpty() ? noToken : QJsonValue(c->info.authToken)},
                  {u"auth_token_source"_s, tokenSource},
                  {u"user"_s, c->info.user}});
    } else if (e == "drop"_L1) {
        // The TCP connection dies without a close frame (network loss, server crash).
        qCInfo(lcDevServer) << "drop: aborting connection" << c->id;
        c->abortNetwork();
    } else if (e == "durable"_L1) {
        handleDurable(c, ch, m);
    } else if (e == "durable_log"_L1) {
        // The effect log of `durable` over the wire (for clients in other processes, phoenix.js).
        QJsonArray effects;
        for (const PhoenixDevServer::DurableEffect &effect : std::as_const(durableEffects))
            effects.append(QJsonObject{{u"effect"_s, effect.index},
                                       {u"topic"_s, effect.topic},
                                       {u"key"_s, effect.key},
                                       {u"payload"_s, effect.payload}});
        reply(c, m, u"ok"_s,
              QJsonObject{
                  {u"effects"_s, effects}, {u"resends"_s, durableResends}, {u"pushes"_s, durablePushes}});
    } else if (e == "kick"_L1) {
        // Like Endpoint.broadcast(socket_id, "disconnect", %{}): the whole socket is closed.
        qCInfo(lcDevServer) << "kick: closing connection" << c->id;
        c->closeGracefully(kCloseCodeDisconnect, u"disconnected"_s);
    } else {
        reply(c, m, u"ok"_s, QJsonObject{});
    }
}

// The server half of a durable outbox (README "Durable pushes"): the first push of a key makes its
// effect and its reply is kept; a push with a key seen before is answered with that first reply and
// makes nothing. Replies the client never got (a lost connection, a client killed) are thus answered
// again on the resend, and the effect log holds each key once, in the order of the first arrivals.
void PhoenixDevServerPrivate::handleDurable(Connection *c, const Channel &ch, const Message &m)
{
    ++durablePushes;
    const QJsonObject payload = m.payload.toObject();
    const QString key = payload.value(u"idempotency_key"_s).toString();
    if (m.binary || key.isEmpty()) {
        reply(c, m, u"error"_s, QJsonObject{{u"reason"_s, u"missing idempotency_key"_s}});
        return;
    }
    const auto seen = durableReplies.constFind(key);
    if (seen != durableReplies.cend()) {
        ++durableResends;
        qCDebug(lcDevServer) << "durable: resend of a known key on connection" << c->id;
        reply(c, m, seen->status, seen->response);
        return;
    }
    DurableReply first;
    const QJsonValue reject = payload.value(u"reject"_s);
    if (reject.isString()) {
        // The handler refuses it: no effect, and the refusal is the first reply of this key.
        first.status = u"error"_s;
        first.response = QJsonObject{{u"reason"_s, reject.toString()}};
    } else {
        PhoenixDevServer::DurableEffect effect;
        effect.index = int(durableEffects.size()) + 1;
        effect.topic = m.topic;
        effect.key = key;
        effect.payload = payload;
        effect.user = c->info.user;
        durableEffects.append(effect);
        first.status = u"ok"_s;
        first.response = QJsonObject{{u"effect"_s, effect.index}, {u"key"_s, key}};
    }
    durableReplies.insert(key, first);
    if (payload.value(u"drop_reply"_s).toBool())
        return; // the effect is made, its reply is lost: only a resend learns it
    const int hold = qBound(0, payload.value(u"hold_reply_ms"_s).toInt(), kMaxJoinDelayMs);
    if (hold > 0)
        replyLater(c->id, ch.joinRef, m, first.status, first.response, hold);
    else
        reply(c, m, first.status, first.response);
}

// The chat's message (README "Events"): broadcast to the room, then ok {}. A message that carries an
// idempotency key (the chat sends through a durable outbox) is broadcast once: a push with a key
// seen before is a resend whose reply was lost, and gets the first reply without a broadcast.
void PhoenixDevServerPrivate::handleShout(Connection *c, const Message &m)
{
    const QString key = m.binary ? QString() : m.payload.toObject().value(u"idempotency_key"_s).toString();
    if (!key.isEmpty()) {
        const auto seen = shoutReplies.constFind(key);
        if (seen != shoutReplies.cend()) {
            qCDebug(lcDevServer) << "shout: resend of a known key on connection" << c->id;
            reply(c, m, seen->status, seen->response);
            return;
        }
    }
    if (m.binary)
        broadcastBinaryTo(m.topic, u"shout"_s, m.binaryPayload);
    else
        broadcastTo(m.topic, u"shout"_s, m.payload);
    const DurableReply first{u"ok"_s, QJsonObject{}};
    if (!key.isEmpty())
        shoutReplies.insert(key, first);
    reply(c, m, first.status, first.response);
}

// Replies to `m` after `delayMs`, if the connection and that join of the channel still exist then.
void PhoenixDevServerPrivate::replyLater(quint64 connectionId, const QString &joinRef, const Message &m,
                                         const QString &status, const QJsonValue &response, int delayMs)
{
    QTimer::singleShot(delayMs, q, [this, connectionId, joinRef, m, status, response] {
        Connection *c = connection(connectionId);
        if (!c)
            return;
        const auto it = c->channels.constFind(m.topic);
        if (it == c->channels.cend() || it->joinRef != joinRef)
            return;
        reply(c, m, status, response);
    });
}

// ---------------------------------------------------------------------------------------------
// Public API

PhoenixDevServer::PhoenixDevServer(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<PhoenixDevServerPrivate>(this))
{
    qRegisterMetaType<PhoenixDevServer::HttpRequest>();
    qRegisterMetaType<PhoenixDevServer::ConnectionInfo>();
}

PhoenixDevServer::~PhoenixDevServer()
{
    d->listener->close();
    d->listener->onSocket = nullptr;
    while (!d->connections.empty())
        d->removeConnection(d->connections.begin()->first, false);
    const QList<PhoenixDevServerDetail::HttpConnection *> http = d->httpConnections.values();
    for (auto *h : http)
        h->abort();
    QObject::disconnect(d->wsServer, nullptr, this, nullptr);
}

bool PhoenixDevServer::listen(const QHostAddress &address, quint16 port)
{
    if (d->listener->isListening())
        d->listener->close();
    if (!d->listener->listen(address, port)) {
        d->lastError = d->listener->errorString();
        qCWarning(lcDevServer) << "listen failed:" << d->lastError;
        return false;
    }
    d->lastError.clear();
    qCInfo(lcDevServer) << "listening on" << url().toString() << "and" << longPollUrl().toString();
    return true;
}

bool PhoenixDevServer::isListening() const
{
    return d->listener->isListening();
}

void PhoenixDevServer::close()
{
    d->listener->close();
    dropAllConnections();
    d->sessionsByToken.clear();
    qCInfo(lcDevServer) << "closed";
}

quint16 PhoenixDevServer::port() const
{
    return d->listener->isListening() ? d->listener->serverPort() : 0;
}

QHostAddress PhoenixDevServer::address() const
{
    return d->listener->serverAddress();
}

namespace {

QUrl serverUrl(const QHostAddress &address, quint16 port, const QString &scheme, const QString &path)
{
    QUrl u;
    u.setScheme(scheme);
    QHostAddress host = address;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4 || host.isNull())
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    u.setHost(host.toString());
    u.setPort(port);
    u.setPath(path);
    return u;
}

} // namespace

QUrl PhoenixDevServer::url() const
{
    const bool tls = !d->listener->ssl.isNull();
    return serverUrl(d->listener->serverAddress(), port(), tls ? u"wss"_s : u"ws"_s, u"/socket/websocket"_s);
}

QUrl PhoenixDevServer::longPollUrl() const
{
    const bool tls = !d->listener->ssl.isNull();
    return serverUrl(d->listener->serverAddress(), port(), tls ? u"https"_s : u"http"_s,
                     u"/socket/longpoll"_s);
}

QString PhoenixDevServer::errorString() const
{
    return d->lastError;
}

int PhoenixDevServer::connectionCount() const
{
    return int(d->connections.size());
}

int PhoenixDevServer::connectionCount(Transport transport) const
{
    int n = 0;
    for (const auto &entry : d->connections) {
        if (entry.second->info.transport == transport)
            ++n;
    }
    return n;
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

int PhoenixDevServer::longPollPostAnswersToDrop() const
{
    return d->postAnswersToDrop;
}

void PhoenixDevServer::setLongPollPostAnswersToDrop(int count)
{
    d->postAnswersToDrop = qMax(0, count);
}

void PhoenixDevServer::setFrozen(bool frozen)
{
    if (d->frozen == frozen)
        return;
    d->frozen = frozen;
    qCInfo(lcDevServer) << (frozen ? "frozen" : "unfrozen");
    for (const auto &entry : d->connections)
        entry.second->applyTimeouts();
    if (!frozen) {
        const QList<PhoenixDevServerDetail::HttpConnection *> http = d->httpConnections.values();
        for (auto *h : http)
            h->scheduleRead();
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
        entry.second->applyTimeouts();
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

int PhoenixDevServer::slowJoinDelay() const
{
    return d->slowJoinDelayMs;
}

void PhoenixDevServer::setSlowJoinDelay(int ms)
{
    d->slowJoinDelayMs = qBound(0, ms, kMaxJoinDelayMs);
}

bool PhoenixDevServer::longPollEnabled() const
{
    return d->longPoll;
}

void PhoenixDevServer::setLongPollEnabled(bool enabled)
{
    d->longPoll = enabled;
}

int PhoenixDevServer::longPollWindow() const
{
    return d->longPollWindowMs;
}

void PhoenixDevServer::setLongPollWindow(int ms)
{
    d->longPollWindowMs = qMax(1, ms);
    for (const auto &entry : d->connections)
        entry.second->applyTimeouts();
}

PhoenixDevServer::WebSocketMode PhoenixDevServer::webSocketMode() const
{
    return d->webSocketMode;
}

void PhoenixDevServer::setWebSocketMode(WebSocketMode mode)
{
    d->webSocketMode = mode;
}

int PhoenixDevServer::webSocketRefusalStatus() const
{
    return d->webSocketRefusalStatus;
}

void PhoenixDevServer::setWebSocketRefusalStatus(int httpStatus)
{
    d->webSocketRefusalStatus = qBound(400, httpStatus, 599);
}

QSslConfiguration PhoenixDevServer::sslConfiguration() const
{
    return d->listener->ssl;
}

void PhoenixDevServer::setSslConfiguration(const QSslConfiguration &configuration)
{
    d->listener->ssl = configuration.localCertificate().isNull() ? QSslConfiguration() : configuration;
}

QSslConfiguration PhoenixDevServer::sslConfigurationFromPem(const QString &certificateFile,
                                                            const QString &keyFile, QString *errorString)
{
    const auto fail = [errorString](const QString &message) {
        if (errorString)
            *errorString = message;
        return QSslConfiguration();
    };
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certificateFile, QSsl::Pem);
    if (chain.isEmpty())
        return fail(tr("No PEM certificate in %1").arg(certificateFile));
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot read the key file %1: %2").arg(keyFile, file.errorString()));
    const QByteArray pem = file.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return fail(tr("No unencrypted RSA or EC private key in %1").arg(keyFile));
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (errorString)
        errorString->clear();
    return configuration;
}

void PhoenixDevServer::dropAllConnections()
{
    while (!d->connections.empty())
        d->connections.begin()->second->abortNetwork();
    // Idle keep-alive, pending and black-holed HTTP connections too, and upgrades still in their
    // WebSocket handshake: every TCP connection goes.
    const QList<PhoenixDevServerDetail::HttpConnection *> http = d->httpConnections.values();
    for (auto *h : http)
        h->abort();
    const QList<QTcpSocket *> upgrading = d->upgradedSockets.values();
    for (QTcpSocket *socket : upgrading)
        socket->abort();
}

void PhoenixDevServer::closeAllConnections(quint16 code, const QString &reason)
{
    const QList<quint64> ids = d->connectionIds();
    for (const quint64 id : ids) {
        if (auto *c = d->connection(id))
            c->closeGracefully(code, reason);
    }
}

void PhoenixDevServer::sendTextToAll(const QString &frame)
{
    const QList<quint64> ids = d->connectionIds();
    for (const quint64 id : ids) {
        if (auto *c = d->connection(id))
            d->deliver(c, PhoenixDevServerDetail::Frame{frame.toUtf8(), false});
    }
}

void PhoenixDevServer::sendBinaryToAll(const QByteArray &frame)
{
    const QList<quint64> ids = d->connectionIds();
    for (const quint64 id : ids) {
        if (auto *c = d->connection(id))
            d->deliver(c, PhoenixDevServerDetail::Frame{frame, true});
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

QList<PhoenixDevServer::DurableEffect> PhoenixDevServer::durableEffects() const
{
    return d->durableEffects;
}

int PhoenixDevServer::durableResends() const
{
    return d->durableResends;
}

int PhoenixDevServer::durablePushes() const
{
    return d->durablePushes;
}

void PhoenixDevServer::clearDurable()
{
    d->durableReplies.clear();
    d->durableEffects.clear();
    d->durableResends = 0;
    d->durablePushes = 0;
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
