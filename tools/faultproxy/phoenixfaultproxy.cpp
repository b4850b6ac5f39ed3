// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

#include "phoenixfaultproxy.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QLoggingCategory>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <vector>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcFaultProxy, "phoenix.faultproxy", QtWarningMsg)

namespace {

// How much a proxy socket buffers before TCP flow control pushes back on the sender (while a black
// hole holds the data, or when the other side reads slowly).
constexpr qint64 ReadBufferSize = 64 * 1024;

// Data read from one side and not yet written to the other: a chunk, or the close of the side it
// was read from.
struct Chunk
{
    QByteArray data;
    qint64 readAt = 0; // proxy clock, ms
    qint64 due = 0;    // proxy clock, ms
    bool close = false;
};

// One direction of a connection. First in, first out: a chunk whose delay is shorter than that of
// the chunk before it waits for that one, so order is kept whatever the jitter.
struct Pipe
{
    std::deque<Chunk> queue;
};

struct Connection
{
    quint64 id = 0;
    QTcpSocket *client = nullptr;
    QTcpSocket *upstream = nullptr; // null while a black hole holds a connection that arrived during it
    bool upstreamUp = false;
    bool clientGone = false;   // the client disconnected (not yet passed on)
    bool upstreamGone = false; // the upstream server disconnected (not yet passed on)
    bool closing = false;      // a close was passed on: the connection ends when that side is gone
    bool severed = false;      // severAllConnections(): upstream gone, the client hears nothing more
    Pipe toUpstream;
    Pipe toClient;
};

using Direction = PhoenixFaultProxy::Direction;

} // namespace

class PhoenixFaultProxyPrivate
{
public:
    explicit PhoenixFaultProxyPrivate(PhoenixFaultProxy *q);

    Connection *find(quint64 id) const;
    void acceptConnections();
    void connectUpstream(Connection *c);
    void readFrom(Connection *c, Direction direction);
    void enqueue(Pipe &pipe, QByteArray data, bool close);
    void sideClosed(quint64 id, Direction fromSide);
    void passOnClose(Connection *c, Direction direction);
    void pumpAll();
    bool pump(quint64 id, Direction direction); // false when the connection is gone
    void reschedule();
    void finish(quint64 id);
    void setConnectionCountChanged();

    static Pipe &pipe(Connection *c, Direction direction)
    {
        return direction == Direction::ToUpstream ? c->toUpstream : c->toClient;
    }
    // The socket data of \a direction is read from, and the one it is written to.
    static QTcpSocket *source(Connection *c, Direction direction)
    {
        return direction == Direction::ToUpstream ? c->client : c->upstream;
    }
    // Null while there is nowhere to write: upstream not connected yet, or that side is gone.
    static QTcpSocket *target(Connection *c, Direction direction)
    {
        if (direction == Direction::ToUpstream)
            return c->upstreamUp && !c->upstreamGone ? c->upstream : nullptr;
        return c->clientGone ? nullptr : c->client;
    }

    PhoenixFaultProxy *const q;
    QTcpServer server;
    QString upstreamHost;
    quint16 upstreamPort = 0;
    QString errorString;
    int latency = 0;
    int jitter = 0;
    QRandomGenerator random{QRandomGenerator::global()->generate()};
    QElapsedTimer clock;
    QTimer deliveryTimer; // fires when the earliest held chunk is due
    bool blackHoled = false;
    QTimer healTimer;
    std::map<quint64, std::unique_ptr<Connection>> connections;
    quint64 nextId = 1;
    qint64 forwarded[2] = {0, 0};
};

PhoenixFaultProxyPrivate::PhoenixFaultProxyPrivate(PhoenixFaultProxy *q)
    : q(q)
{
    clock.start();
    deliveryTimer.setSingleShot(true);
    deliveryTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&deliveryTimer, &QTimer::timeout, q, [this] { pumpAll(); });
    healTimer.setSingleShot(true);
    QObject::connect(&healTimer, &QTimer::timeout, q, &PhoenixFaultProxy::heal);
    QObject::connect(&server, &QTcpServer::newConnection, q, [this] { acceptConnections(); });
}

Connection *PhoenixFaultProxyPrivate::find(quint64 id) const
{
    const auto it = connections.find(id);
    return it == connections.end() ? nullptr : it->second.get();
}

void PhoenixFaultProxyPrivate::acceptConnections()
{
    while (QTcpSocket *socket = server.nextPendingConnection()) {
        socket->setParent(q);
        socket->setReadBufferSize(ReadBufferSize);
        auto connection = std::make_unique<Connection>();
        Connection *c = connection.get();
        c->id = nextId++;
        c->client = socket;
        const quint64 id = c->id;
        connections.emplace(id, std::move(connection));
        QObject::connect(socket, &QTcpSocket::readyRead, q, [this, id] {
            if (Connection *c = find(id)) {
                readFrom(c, Direction::ToUpstream);
                reschedule();
            }
        });
        QObject::connect(socket, &QTcpSocket::disconnected, q,
                         [this, id] { sideClosed(id, Direction::ToUpstream); });
        qCInfo(lcFaultProxy) << "connection" << id << "accepted from port" << socket->peerPort()
                             << (blackHoled ? "(held by the black hole)" : "");
        if (!blackHoled)
            connectUpstream(c);
        Q_EMIT q->connectionAccepted(id);
        setConnectionCountChanged();
    }
}

void PhoenixFaultProxyPrivate::connectUpstream(Connection *c)
{
    const quint64 id = c->id;
    auto *socket = new QTcpSocket(q);
    socket->setReadBufferSize(ReadBufferSize);
    c->upstream = socket;
    QObject::connect(socket, &QTcpSocket::connected, q, [this, id] {
        Connection *c = find(id);
        if (!c)
            return;
        c->upstreamUp = true;
        qCInfo(lcFaultProxy) << "connection" << id << "reached upstream";
        Q_EMIT q->upstreamConnected(id);
        reschedule();
    });
    QObject::connect(socket, &QTcpSocket::readyRead, q, [this, id] {
        if (Connection *c = find(id)) {
            readFrom(c, Direction::ToClient);
            reschedule();
        }
    });
    QObject::connect(socket, &QTcpSocket::disconnected, q,
                     [this, id] { sideClosed(id, Direction::ToClient); });
    QObject::connect(socket, &QTcpSocket::errorOccurred, q, [this, id, socket](QAbstractSocket::SocketError) {
        Connection *c = find(id);
        if (!c || c->upstreamUp)
            return; // errors of an established connection end in disconnected()
        qCWarning(lcFaultProxy).nospace() << "connection " << id << ": upstream " << upstreamHost << ':'
                                          << upstreamPort << " unreachable: " << socket->errorString();
        finish(id);
    });
    socket->connectToHost(upstreamHost, upstreamPort);
}

void PhoenixFaultProxyPrivate::readFrom(Connection *c, Direction direction)
{
    if (c->severed) {
        if (QTcpSocket *socket = source(c, direction))
            socket->readAll(); // swallowed: nothing reaches the other side any more
        return;
    }
    if (blackHoled)
        return; // left in the socket buffer until heal()
    QTcpSocket *socket = source(c, direction);
    if (!socket)
        return;
    QByteArray data = socket->readAll();
    if (!data.isEmpty())
        enqueue(pipe(c, direction), std::move(data), false);
}

void PhoenixFaultProxyPrivate::enqueue(Pipe &pipe, QByteArray data, bool close)
{
    const qint64 now = clock.elapsed();
    const qint64 delay = latency + (jitter > 0 ? qint64(random.bounded(jitter + 1)) : 0);
    pipe.queue.push_back(Chunk{std::move(data), now, now + delay, close});
}

void PhoenixFaultProxyPrivate::sideClosed(quint64 id, Direction fromSide)
{
    Connection *c = find(id);
    if (!c)
        return;
    (fromSide == Direction::ToUpstream ? c->clientGone : c->upstreamGone) = true;
    if (c->closing || c->severed || (c->clientGone && c->upstreamGone)) {
        // The close we passed on is done, or both sides are gone: nothing is left to deliver.
        QMetaObject::invokeMethod(
            q, [this, id] { finish(id); }, Qt::QueuedConnection);
        return;
    }
    if (blackHoled)
        return; // passed on by heal()
    passOnClose(c, fromSide);
    reschedule();
}

void PhoenixFaultProxyPrivate::passOnClose(Connection *c, Direction direction)
{
    // Whatever the closed side sent last is still in its read buffer: deliver it, then the close.
    if (QTcpSocket *socket = source(c, direction)) {
        QByteArray data = socket->readAll();
        if (!data.isEmpty())
            enqueue(pipe(c, direction), std::move(data), false);
    }
    enqueue(pipe(c, direction), {}, true);
}

void PhoenixFaultProxyPrivate::pumpAll()
{
    std::vector<quint64> ids;
    ids.reserve(connections.size());
    for (const auto &entry : connections)
        ids.push_back(entry.first);
    for (const quint64 id : ids) {
        if (pump(id, Direction::ToUpstream))
            pump(id, Direction::ToClient);
    }
    reschedule();
}

bool PhoenixFaultProxyPrivate::pump(quint64 id, Direction direction)
{
    for (;;) {
        Connection *c = find(id);
        if (!c)
            return false;
        Pipe &p = pipe(c, direction);
        QTcpSocket *to = target(c, direction);
        if (blackHoled || c->severed || !to || p.queue.empty())
            return true;
        const qint64 now = clock.elapsed();
        if (p.queue.front().due > now)
            return true;
        Chunk chunk = std::move(p.queue.front());
        p.queue.pop_front();
        if (chunk.close) {
            qCInfo(lcFaultProxy) << "connection" << id << "closed by the"
                                 << (direction == Direction::ToUpstream ? "client" : "upstream server");
            p.queue.clear();
            c->closing = true;
            // May end the connection at once (disconnected() -> sideClosed() -> queued finish()).
            to->disconnectFromHost();
            return find(id) != nullptr;
        }
        to->write(chunk.data);
        forwarded[direction == Direction::ToUpstream ? 0 : 1] += chunk.data.size();
        qCDebug(lcFaultProxy) << "connection" << id << direction << chunk.data.size() << "bytes held"
                              << now - chunk.readAt << "ms";
        Q_EMIT q->chunkForwarded(id, direction, chunk.data.size(), now - chunk.readAt);
    }
}

void PhoenixFaultProxyPrivate::reschedule()
{
    if (blackHoled) {
        deliveryTimer.stop();
        return;
    }
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const auto &entry : connections) {
        Connection *c = entry.second.get();
        if (c->severed)
            continue;
        for (const Direction direction : {Direction::ToUpstream, Direction::ToClient}) {
            const Pipe &p = pipe(c, direction);
            if (!p.queue.empty() && target(c, direction))
                earliest = std::min(earliest, p.queue.front().due);
        }
    }
    if (earliest == std::numeric_limits<qint64>::max()) {
        deliveryTimer.stop();
        return;
    }
    deliveryTimer.start(
        int(std::clamp<qint64>(earliest - clock.elapsed(), 0, std::numeric_limits<int>::max())));
}

void PhoenixFaultProxyPrivate::finish(quint64 id)
{
    const auto it = connections.find(id);
    if (it == connections.end())
        return;
    std::unique_ptr<Connection> c = std::move(it->second);
    connections.erase(it);
    for (QTcpSocket *socket : {c->client, c->upstream}) {
        if (!socket)
            continue;
        QObject::disconnect(socket, nullptr, q, nullptr);
        socket->abort();
        socket->deleteLater();
    }
    qCInfo(lcFaultProxy) << "connection" << id << "over";
    Q_EMIT q->connectionClosed(id);
    setConnectionCountChanged();
}

void PhoenixFaultProxyPrivate::setConnectionCountChanged()
{
    Q_EMIT q->connectionCountChanged(int(connections.size()));
}

// ---- PhoenixFaultProxy ----------------------------------------------------------------------------

PhoenixFaultProxy::PhoenixFaultProxy(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<PhoenixFaultProxyPrivate>(this))
{
}

PhoenixFaultProxy::~PhoenixFaultProxy()
{
    d->server.close();
    // Silently: no signals from a proxy being destroyed.
    for (auto &entry : d->connections) {
        for (QTcpSocket *socket : {entry.second->client, entry.second->upstream}) {
            if (socket) {
                QObject::disconnect(socket, nullptr, this, nullptr);
                socket->abort();
            }
        }
    }
}

void PhoenixFaultProxy::setUpstream(const QString &host, quint16 port)
{
    d->upstreamHost = host;
    d->upstreamPort = port;
}

QString PhoenixFaultProxy::upstreamHost() const
{
    return d->upstreamHost;
}

quint16 PhoenixFaultProxy::upstreamPort() const
{
    return d->upstreamPort;
}

bool PhoenixFaultProxy::listen(const QHostAddress &address, quint16 port)
{
    if (!d->server.listen(address, port)) {
        d->errorString = d->server.errorString();
        qCWarning(lcFaultProxy) << "cannot listen on" << address << port << ":" << d->errorString;
        return false;
    }
    d->errorString.clear();
    qCInfo(lcFaultProxy).nospace() << "listening on " << d->server.serverAddress().toString() << ':'
                                   << d->server.serverPort() << ", forwarding to " << d->upstreamHost << ':'
                                   << d->upstreamPort;
    return true;
}

bool PhoenixFaultProxy::isListening() const
{
    return d->server.isListening();
}

quint16 PhoenixFaultProxy::serverPort() const
{
    return d->server.serverPort();
}

QHostAddress PhoenixFaultProxy::serverAddress() const
{
    return d->server.serverAddress();
}

QString PhoenixFaultProxy::errorString() const
{
    return d->errorString;
}

void PhoenixFaultProxy::close()
{
    d->server.close();
    dropAllConnections();
    heal();
}

int PhoenixFaultProxy::latency() const
{
    return d->latency;
}

void PhoenixFaultProxy::setLatency(int msecs)
{
    msecs = std::max(msecs, 0);
    if (d->latency == msecs)
        return;
    d->latency = msecs;
    qCInfo(lcFaultProxy) << "latency" << msecs << "ms";
    Q_EMIT latencyChanged(msecs);
}

int PhoenixFaultProxy::jitter() const
{
    return d->jitter;
}

void PhoenixFaultProxy::setJitter(int msecs)
{
    msecs = std::max(msecs, 0);
    if (d->jitter == msecs)
        return;
    d->jitter = msecs;
    qCInfo(lcFaultProxy) << "jitter" << msecs << "ms";
    Q_EMIT jitterChanged(msecs);
}

void PhoenixFaultProxy::setRandomSeed(quint32 seed)
{
    d->random.seed(seed);
}

bool PhoenixFaultProxy::isBlackHoled() const
{
    return d->blackHoled;
}

int PhoenixFaultProxy::connectionCount() const
{
    return int(d->connections.size());
}

qint64 PhoenixFaultProxy::bytesForwarded(Direction direction) const
{
    return d->forwarded[direction == Direction::ToUpstream ? 0 : 1];
}

void PhoenixFaultProxy::dropAllConnections()
{
    if (d->connections.empty())
        return;
    qCInfo(lcFaultProxy) << "dropping" << d->connections.size() << "connection(s)";
    std::vector<quint64> ids;
    for (const auto &entry : d->connections)
        ids.push_back(entry.first);
    for (const quint64 id : ids)
        d->finish(id);
    d->reschedule();
}

void PhoenixFaultProxy::severAllConnections()
{
    int severed = 0;
    for (const auto &entry : d->connections) {
        Connection *c = entry.second.get();
        if (c->severed)
            continue;
        c->severed = true;
        c->toUpstream.queue.clear();
        c->toClient.queue.clear();
        if (QTcpSocket *upstream = std::exchange(c->upstream, nullptr)) {
            QObject::disconnect(upstream, nullptr, this, nullptr);
            upstream->abort(); // the server sees the connection end
            upstream->deleteLater();
        }
        c->upstreamUp = false;
        c->upstreamGone = true;
        ++severed;
    }
    qCInfo(lcFaultProxy) << "severed" << severed << "connection(s): their clients hear nothing more";
    d->reschedule();
}

void PhoenixFaultProxy::blackHole(int msecs)
{
    if (msecs >= 0)
        d->healTimer.start(msecs);
    else
        d->healTimer.stop();
    if (d->blackHoled)
        return;
    d->blackHoled = true;
    d->deliveryTimer.stop();
    qCInfo(lcFaultProxy).noquote() << "black hole"
                                   << (msecs >= 0 ? QString(QString::number(msecs) + u" ms"_s)
                                                  : u"until healed"_s);
    Q_EMIT blackHoledChanged(true);
}

void PhoenixFaultProxy::heal()
{
    d->healTimer.stop();
    if (!d->blackHoled)
        return;
    d->blackHoled = false;
    qCInfo(lcFaultProxy) << "healed";
    Q_EMIT blackHoledChanged(false);

    std::vector<quint64> ids;
    for (const auto &entry : d->connections)
        ids.push_back(entry.first);
    for (const quint64 id : ids) {
        Connection *c = d->find(id);
        if (!c)
            continue;
        if (!c->upstream) {
            // Arrived during the hole. A client that gave up meanwhile never reached the server: look
            // for its close now (non-blocking polls; disconnected() marks it gone).
            // Each poll reads what the client sent (readyRead() queues it) until its close, if any, is seen.
            for (int polls = 0; polls < 64 && c && c->client->waitForReadyRead(0); ++polls)
                c = d->find(id);
            c = d->find(id);
            if (!c)
                continue;
            if (c->clientGone || c->client->state() != QAbstractSocket::ConnectedState) {
                d->finish(id);
                continue;
            }
            d->connectUpstream(c);
            d->readFrom(c, Direction::ToUpstream); // sent while held: delivered once upstream is up
            continue;
        }
        d->readFrom(c, Direction::ToUpstream);
        d->readFrom(c, Direction::ToClient);
        if (c->clientGone && c->upstreamGone)
            d->finish(id);
        else if (c->clientGone)
            d->passOnClose(c, Direction::ToUpstream);
        else if (c->upstreamGone)
            d->passOnClose(c, Direction::ToClient);
    }
    d->pumpAll();
}
