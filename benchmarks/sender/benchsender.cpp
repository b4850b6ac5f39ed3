// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "benchsender.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTimer>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcBenchSender, "phoenix.bench.sender", QtInfoMsg)

namespace {
constexpr qint64 HighWater = 4 * 1024 * 1024; // stop writing while this much waits in the socket
constexpr qsizetype ChunkBytes = 256 * 1024;  // write at most this much per write() call
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

BenchConnection::BenchConnection(QTcpSocket *socket, BenchSender *sender)
    : QObject(sender)
    , m_socket(socket)
    , m_sender(sender)
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &BenchConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &BenchConnection::pump);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_remaining = 0;
        Q_EMIT finished(this);
    });
}

void BenchConnection::closeWithCode(quint16 code)
{
    if (m_closing)
        return;
    m_closing = true;
    m_remaining = 0;
    if (m_upgraded) {
        QByteArray payload;
        payload.append(char(code >> 8));
        payload.append(char(code & 0xFF));
        writeFrame(0x8, payload);
    }
    m_socket->disconnectFromHost();
}

void BenchConnection::onReadyRead()
{
    m_in.append(m_socket->readAll());
    if (!m_upgraded && !readHandshake())
        return;
    readFrames();
}

bool BenchConnection::readHandshake()
{
    const qsizetype end = m_in.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_in.size() > MaxHandshake)
            m_socket->abort();
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
        m_socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        m_socket->disconnectFromHost();
        return false;
    }
    const QByteArray accept =
        QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                 QCryptographicHash::Sha1)
            .toBase64();
    // No Sec-WebSocket-Extensions answer: permessage-deflate offered by ws is declined.
    m_socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Accept: " +
                    accept + "\r\n\r\n");
    m_upgraded = true;
    m_upgradedUs = Bench::monotonicUs();
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
            m_socket->abort();
            return;
        }
        const qsizetype maskAt = header;
        if (masked)
            header += 4;
        if (available < header + qsizetype(length))
            break;
        QByteArray payload(m_in.constData() + pos + header, qsizetype(length));
        if (masked) {
            const uchar *mask = p + maskAt;
            char *data = payload.data();
            for (qsizetype i = 0; i < payload.size(); ++i)
                data[i] = char(uchar(data[i]) ^ mask[i % 4]);
        }
        pos += header + qsizetype(length);

        switch (opcode) {
        case 0x0: // continuation
            m_fragment.append(payload);
            if (fin && m_fragmentOpcode == 0x1)
                handleText(m_fragment);
            if (fin)
                m_fragment.clear();
            break;
        case 0x1: // text
            if (fin) {
                handleText(payload);
            } else {
                m_fragment = payload;
                m_fragmentOpcode = opcode;
            }
            break;
        case 0x2: // binary: not used by the benchmarks
            if (!fin) {
                m_fragment = payload;
                m_fragmentOpcode = opcode;
            }
            break;
        case 0x8: // close: echo the code and hang up
            writeFrame(0x8, payload.left(2));
            m_closing = true;
            m_remaining = 0;
            m_socket->disconnectFromHost();
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

void BenchConnection::handleText(const QByteArray &text)
{
    const QJsonArray message = QJsonDocument::fromJson(text).array();
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
    } else if (event == "echo"_L1) {
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

void BenchConnection::writeFrame(quint8 opcode, const QByteArray &payload)
{
    QByteArray frame;
    frame.reserve(payload.size() + 10);
    appendFrameHeader(&frame, opcode, payload.size());
    frame.append(payload);
    m_socket->write(frame);
}

void BenchConnection::prepareFlood(qint64 count, int size)
{
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
    m_next = 0;
    m_remaining = m_frameEnds.isEmpty() ? 0 : count;
    m_flooding = m_remaining > 0;
    m_floodCount = m_remaining;
    m_floodSize = size;
    m_floodWindow.start();
}

void BenchConnection::pump()
{
    while (m_remaining > 0 && m_socket->bytesToWrite() < HighWater) {
        const qsizetype frames = m_frameEnds.size();
        const qsizetype begin = m_next == 0 ? 0 : m_frameEnds.at(m_next - 1);
        qsizetype end = m_next;
        qint64 taken = 0;
        do {
            ++end;
            ++taken;
        } while (end < frames && taken < m_remaining && m_frameEnds.at(end) - begin <= ChunkBytes);
        m_socket->write(m_cycle.constData() + begin, m_frameEnds.at(end - 1) - begin);
        m_remaining -= taken;
        m_next = end % frames;
    }
    if (m_flooding && m_remaining == 0 && m_socket->bytesToWrite() == 0) {
        m_flooding = false;
        m_floodWindow.stop();
        Bench::printJson(QJsonObject{{u"flood"_s, QJsonObject{{u"count"_s, double(m_floodCount)},
                                                              {u"size"_s, m_floodSize},
                                                              {u"channels"_s, m_topics.size()},
                                                              {u"wall_s"_s, m_floodWindow.wallSeconds()},
                                                              {u"cpu_s"_s, m_floodWindow.cpuSeconds()}}}});
    }
}

BenchSender::BenchSender(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    m_server->setMaxPendingConnections(4096);
    connect(m_server, &QTcpServer::newConnection, this, &BenchSender::onNewConnection);
}

bool BenchSender::listen(quint16 port)
{
    if (!m_server->listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server->serverPort();
    m_upUs = Bench::monotonicUs();
    return true;
}

void BenchSender::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new BenchConnection(socket, this);
        m_connections.append(connection);
        connect(connection, &BenchConnection::finished, this, [this](BenchConnection *done) {
            m_connections.removeOne(done);
            done->deleteLater();
        });
        connect(connection, &BenchConnection::restartRequested, this, &BenchSender::restart,
                Qt::QueuedConnection);
    }
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
