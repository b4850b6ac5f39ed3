// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "benchsender.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QSocketNotifier>
#include <QtCore/QTimer>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpServer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <functional>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcBenchSender, "phoenix.bench.sender", QtInfoMsg)

namespace {
constexpr qsizetype ChunkBytes = 256 * 1024; // write at most this much per write() call
constexpr qsizetype ReadBytes = 256 * 1024;  // read at most this much per read() call
constexpr qsizetype MaxFrame = 64 * 1024 * 1024;
constexpr qsizetype MaxHandshake = 64 * 1024;

// A JSON object of exactly `size` bytes (at least 48): {"id":1234567,"user":"ada","body":"lorem ..."}.
QByteArray makePayload(int size)
{
    const QByteArray head = R"({"id":1234567,"user":"ada","body":")"_ba;
    const QByteArray tail = R"("})"_ba;
    static const QByteArray words =
        "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
        "incididunt ut labore et dolore magna aliqua "_ba;
    const qsizetype bodyLength = std::max<qsizetype>(1, size - head.size() - tail.size());
    QByteArray body;
    body.reserve(bodyLength);
    while (body.size() < bodyLength)
        body.append(words.left(bodyLength - body.size()));
    return head + body + tail;
}

void appendFrameHeader(QByteArray *out, quint8 opcode, qsizetype length)
{
    out->append(char(0x80 | opcode));
    if (length < 126) {
        out->append(char(length));
    } else if (length <= 0xFFFF) {
        out->append(char(126));
        out->append(char((length >> 8) & 0xFF));
        out->append(char(length & 0xFF));
    } else {
        out->append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out->append(char((quint64(length) >> shift) & 0xFF));
    }
}
} // namespace

/*!
    The listening socket: hands each accepted connection's descriptor to the sender, which reads and
    writes it itself (no QTcpSocket: its buffering costs a client that writes one frame per syscall,
    as phoenix.js does, several event-loop passes and syscalls per frame).
*/
class BenchServer : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    std::function<void(qintptr)> onDescriptor;

protected:
    void incomingConnection(qintptr descriptor) override { onDescriptor(descriptor); }
};

BenchConnection::BenchConnection(qintptr descriptor, BenchSender *sender)
    : QObject(sender)
    , m_fd(int(descriptor))
    , m_sender(sender)
    , m_readNotifier(new QSocketNotifier(descriptor, QSocketNotifier::Read, this))
    , m_writeNotifier(new QSocketNotifier(descriptor, QSocketNotifier::Write, this))
{
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &BenchConnection::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &BenchConnection::onWritable);
}

BenchConnection::~BenchConnection()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void BenchConnection::closeWithCode(quint16 code)
{
    if (m_closing || m_fd < 0)
        return;
    m_closing = true;
    m_remaining = 0; // the flood stops after the frame being written
    if (m_upgraded) {
        QByteArray payload;
        payload.append(char(code >> 8));
        payload.append(char(code & 0xFF));
        writeFrame(0x8, payload);
    }
    flushOut();
}

void BenchConnection::hangUp()
{
    if (m_fd < 0)
        return;
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    ::close(m_fd);
    m_fd = -1;
    m_remaining = 0;
    printEchoFigures();
    Q_EMIT finished(this);
}

void BenchConnection::onReadable()
{
    // One read per notification: the event loop stays fair to the write side of a flood.
    const qsizetype old = m_in.size();
    m_in.resize(old + ReadBytes);
    const ssize_t n = ::read(m_fd, m_in.data() + old, size_t(ReadBytes));
    m_in.resize(old + std::max<qsizetype>(0, qsizetype(n)));
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        hangUp(); // the client closed (or reset) the connection
        return;
    }
    if (n > 0 && !m_closing && (m_upgraded || readHandshake()))
        readFrames();
    onWritable(); // the replies, and the flood goes on if this completed its pending slice
}

void BenchConnection::onWritable()
{
    if (flushOut() && m_remaining > 0)
        pump();
}

void BenchConnection::queue(QByteArrayView bytes)
{
    m_out.append(bytes);
}

// Writes what is queued (and the rest of a flood slice); true when nothing waits any more. The
// write notifier is on exactly while something waits.
bool BenchConnection::flushOut()
{
    if (m_fd < 0)
        return false;
    while (m_outPos < m_out.size() || m_sliceBegin < m_sliceEnd) {
        // The rest of an interrupted flood slice goes first (a frame may be cut in it): it was started
        // when nothing else was queued, so whatever is queued now came after it.
        const bool slice = m_sliceBegin < m_sliceEnd;
        const char *data = slice ? m_cycle.constData() + m_sliceBegin : m_out.constData() + m_outPos;
        const qsizetype size = slice ? m_sliceEnd - m_sliceBegin : m_out.size() - m_outPos;
        const ssize_t n = ::send(m_fd, data, size_t(size), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                m_writeNotifier->setEnabled(true);
                return false;
            }
            hangUp();
            return false;
        }
        if (slice)
            m_sliceBegin += n;
        else
            m_outPos += n;
    }
    m_out.resize(0);
    m_outPos = 0;
    m_writeNotifier->setEnabled(false);
    if (m_closing && !m_shutdownDone) {
        // everything is written: half-close and wait for the client's end (read returns 0)
        m_shutdownDone = true;
        ::shutdown(m_fd, SHUT_WR);
    }
    if (m_flooding && m_remaining == 0)
        finishFlood();
    return true;
}

bool BenchConnection::readHandshake()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_in.size() > MaxHandshake)
            hangUp();
        return false;
    }
    QByteArray key;
    const QList<QByteArray> lines = m_in.left(end).split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "sec-websocket-key")
            key = line.mid(colon + 1).trimmed();
    }
    m_in.remove(0, end + 4);
    if (key.isEmpty()) {
        queue("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        m_closing = true;
        return false;
    }
    const QByteArray accept =
        QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                 QCryptographicHash::Sha1)
            .toBase64();
    // No Sec-WebSocket-Extensions answer: permessage-deflate offered by ws is declined.
    queue(QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: " +
                     accept + "\r\n\r\n"));
    m_upgraded = true;
    m_upgradedUs = Bench::monotonicUs();
    m_connectionWindow.start();
    return true;
}

void BenchConnection::readFrames()
{
    qsizetype pos = 0;
    while (!m_closing) {
        const qsizetype available = m_in.size() - pos;
        if (available < 2)
            break;
        const auto *p = reinterpret_cast<const uchar *>(m_in.constData() + pos);
        const bool fin = p[0] & 0x80;
        const quint8 opcode = p[0] & 0x0F;
        const bool masked = p[1] & 0x80;
        quint64 length = p[1] & 0x7F;
        qsizetype header = 2;
        if (length == 126) {
            if (available < 4)
                break;
            length = (quint64(p[2]) << 8) | p[3];
            header = 4;
        } else if (length == 127) {
            if (available < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | p[2 + i];
            header = 10;
        }
        if (length > quint64(MaxFrame)) {
            qCWarning(lcBenchSender) << "frame too large, closing";
            hangUp();
            return;
        }
        const qsizetype maskAt = header;
        if (masked)
            header += 4;
        if (available < header + qsizetype(length))
            break;
        // Unmasked in place: the text handler gets a view into m_in, no copy per frame.
        char *data = m_in.data() + pos + header;
        if (masked) {
            const uchar *mask = reinterpret_cast<const uchar *>(m_in.constData() + pos + maskAt);
            for (qsizetype i = 0; i < qsizetype(length); ++i)
                data[i] = char(uchar(data[i]) ^ mask[i % 4]);
        }
        const QByteArrayView payload(data, qsizetype(length));
        pos += header + qsizetype(length);

        switch (opcode) {
        case 0x0: // continuation
            m_fragment.append(payload.data(), payload.size());
            if (fin && m_fragmentOpcode == 0x1)
                handleText(m_fragment);
            if (fin)
                m_fragment.clear();
            break;
        case 0x1: // text
            if (fin) {
                handleText(payload);
            } else {
                m_fragment = payload.toByteArray();
                m_fragmentOpcode = opcode;
            }
            break;
        case 0x2: // binary: not used by the benchmarks
            if (!fin) {
                m_fragment = payload.toByteArray();
                m_fragmentOpcode = opcode;
            }
            break;
        case 0x8: // close: echo the code, then half-close once it is written
            m_remaining = 0;
            writeFrame(0x8, payload.first(std::min<qsizetype>(2, payload.size())));
            m_closing = true;
            m_in.remove(0, pos);
            return;
        case 0x9: // ping
            writeFrame(0xA, payload);
            break;
        default: // pong and reserved opcodes
            break;
        }
    }
    m_in.remove(0, pos);
}

// The echo fast path: the clients' outbound benchmarks push "echo" at full speed, so the sender must
// answer it for much less than a client spends on a push. The first four elements (join_ref, ref,
// topic, event) are taken as they are when each is null or a string without escapes, and the
// payload's bytes are copied into the reply unparsed: the reply is what the full path would send.
bool BenchConnection::replyToEcho(QByteArrayView text)
{
    const char *p = text.data();
    const char *const end = p + text.size();
    const auto skipSpace = [&] {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            ++p;
    };
    skipSpace();
    if (p == end || *p != '[')
        return false;
    ++p;
    QByteArrayView fields[4];
    for (QByteArrayView &field : fields) {
        skipSpace();
        const char *const start = p;
        if (end - p >= 4 && std::memcmp(p, "null", 4) == 0) {
            p += 4;
        } else if (p < end && *p == '"') {
            const auto *close = static_cast<const char *>(std::memchr(p + 1, '"', size_t(end - p - 1)));
            if (!close || std::memchr(p + 1, '\\', size_t(close - p - 1)))
                return false;
            p = close + 1;
        } else {
            return false;
        }
        field = QByteArrayView(start, p - start);
        skipSpace();
        if (p == end || *p != ',')
            return false;
        ++p;
    }
    if (fields[3] != "\"echo\""_ba)
        return false;
    const char *last = end;
    while (last > p && last[-1] != ']')
        --last;
    if (last == p)
        return false;
    QByteArrayView payload(p, last - 1 - p);
    payload = payload.trimmed();
    if (payload.isEmpty() || payload.front() != '{')
        return false;

    m_reply.resize(0);
    m_reply.append('[')
        .append(fields[0])
        .append(',')
        .append(fields[1])
        .append(',')
        .append(fields[2])
        .append(R"(,"phx_reply",{"status":"ok","response":)")
        .append(payload)
        .append("}]");
    writeFrame(0x1, m_reply);
    ++m_echoes;
    return true;
}

void BenchConnection::handleText(QByteArrayView text)
{
    ++m_framesIn;
    if (replyToEcho(text))
        return;
    const QJsonArray message = QJsonDocument::fromJson(text.toByteArray()).array();
    if (message.size() != 5)
        return;
    const QJsonValue joinRef = message.at(0);
    const QJsonValue ref = message.at(1);
    const QString topic = message.at(2).toString();
    const QString event = message.at(3).toString();
    const QJsonObject payload = message.at(4).toObject();

    if (event == "phx_join"_L1) {
        if (!m_topicIndex.contains(topic)) {
            m_topicIndex.insert(topic, m_topics.size());
            m_topics.append(topic);
        }
        // Like most Phoenix channels the reply is {}, unless the join asks for the time stamps
        // (reconnect scenario).
        QJsonObject response;
        if (payload.value(u"stamp"_s).toBool()) {
            response.insert(u"up_us"_s, double(m_sender->upUs()));
            response.insert(u"conn_us"_s, double(m_upgradedUs));
        }
        reply(joinRef, ref, topic, response);
    } else if (event == "phx_leave"_L1) {
        if (m_topicIndex.remove(topic)) {
            m_topics.removeOne(topic);
            for (qsizetype i = 0; i < m_topics.size(); ++i)
                m_topicIndex[m_topics.at(i)] = i;
        }
        reply(joinRef, ref, topic, QJsonObject{});
    } else if (event == "echo"_L1) { // echo frames the fast path did not take
        ++m_echoes;
        reply(joinRef, ref, topic, payload);
    } else if (event == "bench_start"_L1) {
        const qint64 count = payload.value(u"count"_s).toInteger();
        const int size = payload.value(u"size"_s).toInt(100);
        prepareFlood(count, size);
        reply(joinRef, ref, topic, QJsonObject{{u"frames"_s, double(count)}});
        pump();
    } else if (event == "bench_restart"_L1) {
        reply(joinRef, ref, topic, QJsonObject{});
        Q_EMIT restartRequested(payload.value(u"down_ms"_s).toInt(500));
    } else {
        // heartbeat and any other push: an ok reply, so nothing times out.
        reply(joinRef, ref, topic, QJsonObject{});
    }
}

void BenchConnection::reply(const QJsonValue &joinRef, const QJsonValue &ref, const QString &topic,
                            const QJsonValue &response)
{
    const QJsonArray message{joinRef, ref, topic, u"phx_reply"_s,
                             QJsonObject{{u"status"_s, u"ok"_s}, {u"response"_s, response}}};
    sendText(QJsonDocument(message).toJson(QJsonDocument::Compact));
}

void BenchConnection::sendText(const QByteArray &text)
{
    writeFrame(0x1, text);
}

void BenchConnection::writeFrame(quint8 opcode, QByteArrayView payload)
{
    m_frame.resize(0);
    appendFrameHeader(&m_frame, opcode, payload.size());
    queue(m_frame);
    queue(payload);
}

void BenchConnection::prepareFlood(qint64 count, int size)
{
    if (m_sliceBegin < m_sliceEnd) { // the rest of an earlier flood's slice still waits: it goes first
        m_out.insert(m_outPos, m_cycle.constData() + m_sliceBegin, m_sliceEnd - m_sliceBegin);
        m_sliceBegin = m_sliceEnd = 0;
    }
    const QByteArray payload = makePayload(size);
    m_cycle.clear();
    m_frameEnds.clear();
    for (const QString &topic : std::as_const(m_topics)) {
        const QByteArray text =
            QByteArray("[null,null,\"" + topic.toUtf8() + "\",\"bench\"," + payload + ']');
        appendFrameHeader(&m_cycle, 0x1, text.size());
        m_cycle.append(text);
        m_frameEnds.append(m_cycle.size());
    }
    // Whole rounds over the topics until one write can take a full chunk (one topic: one frame per
    // round), so that a write() carries many frames.
    const qsizetype round = m_cycle.size();
    const qsizetype roundFrames = m_frameEnds.size();
    while (round > 0 && m_cycle.size() < ChunkBytes) {
        const qsizetype offset = m_cycle.size();
        m_cycle.append(m_cycle.constData(), round);
        for (qsizetype i = 0; i < roundFrames; ++i)
            m_frameEnds.append(offset + m_frameEnds.at(i));
    }
    m_next = 0;
    m_remaining = m_frameEnds.isEmpty() ? 0 : count;
    m_flooding = m_remaining > 0;
    m_floodCount = m_remaining;
    m_floodSize = size;
    m_floodWindow.start();
}

// Writes flood slices straight from m_cycle until the kernel takes no more (then the write notifier
// calls back) or the flood is done.
void BenchConnection::pump()
{
    if (m_fd < 0 || !flushOut())
        return;
    while (m_remaining > 0) {
        const qsizetype frames = m_frameEnds.size();
        const qsizetype begin = m_next == 0 ? 0 : m_frameEnds.at(m_next - 1);
        qsizetype end = m_next;
        qint64 taken = 0;
        do {
            ++end;
            ++taken;
        } while (end < frames && taken < m_remaining && m_frameEnds.at(end) - begin <= ChunkBytes);
        m_remaining -= taken;
        m_next = end % frames;
        m_sliceBegin = begin;
        m_sliceEnd = m_frameEnds.at(end - 1);
        if (!flushOut())
            return; // the kernel is full: onWritable() goes on
    }
}

void BenchConnection::finishFlood()
{
    m_flooding = false;
    m_floodWindow.stop();
    Bench::printJson(QJsonObject{{u"flood"_s, QJsonObject{{u"count"_s, double(m_floodCount)},
                                                          {u"size"_s, m_floodSize},
                                                          {u"channels"_s, m_topics.size()},
                                                          {u"wall_s"_s, m_floodWindow.wallSeconds()},
                                                          {u"cpu_s"_s, m_floodWindow.cpuSeconds()}}}});
}

void BenchConnection::printEchoFigures()
{
    if (m_echoes == 0 || m_printed)
        return;
    m_printed = true;
    // The process's CPU time while this connection was open: the load-source check of the outbound
    // scenarios (one client connection at a time), an upper bound as it includes the join and the warm-up.
    m_connectionWindow.stop();
    Bench::printJson(
        QJsonObject{{u"connection"_s, QJsonObject{{u"frames_in"_s, double(m_framesIn)},
                                                  {u"echoes"_s, double(m_echoes)},
                                                  {u"wall_s"_s, m_connectionWindow.wallSeconds()},
                                                  {u"cpu_s"_s, m_connectionWindow.cpuSeconds()}}}});
}

BenchSender::BenchSender(QObject *parent)
    : QObject(parent)
    , m_server(new BenchServer(this))
{
    m_server->setMaxPendingConnections(4096);
    static_cast<BenchServer *>(m_server)->onDescriptor = [this](qintptr descriptor) { accept(descriptor); };
}

bool BenchSender::listen(quint16 port)
{
    if (!m_server->listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server->serverPort();
    m_upUs = Bench::monotonicUs();
    return true;
}

void BenchSender::accept(qintptr descriptor)
{
    auto *connection = new BenchConnection(descriptor, this);
    m_connections.append(connection);
    connect(connection, &BenchConnection::finished, this, [this](BenchConnection *done) {
        m_connections.removeOne(done);
        done->deleteLater();
    });
    connect(connection, &BenchConnection::restartRequested, this, &BenchSender::restart,
            Qt::QueuedConnection);
}

void BenchSender::restart(int downMs)
{
    if (m_restarting)
        return;
    m_restarting = true;
    m_server->close();
    const QList<BenchConnection *> connections = m_connections;
    for (BenchConnection *connection : connections)
        connection->closeWithCode(1012);
    qCInfo(lcBenchSender) << "restart: down for" << downMs << "ms";
    QTimer::singleShot(downMs, this, &BenchSender::relisten);
}

void BenchSender::relisten()
{
    if (!m_server->listen(QHostAddress::LocalHost, m_port)) {
        QTimer::singleShot(5, this, &BenchSender::relisten);
        return;
    }
    m_upUs = Bench::monotonicUs();
    m_restarting = false;
    qCInfo(lcBenchSender) << "listening again on port" << m_port;
}
