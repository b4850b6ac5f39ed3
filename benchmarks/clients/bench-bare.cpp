// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// bench-bare: the limits the PhoenixQt client is measured against. A QWebSocket that speaks just
// enough Phoenix to join and to start the flood, then either only counts the broadcast frames
// (--mode recv: the receive limit) or also parses each one with QJsonDocument and reads topic, event
// and payload (--mode parse: the parse limit). In the pipeline scenario it keeps --window echo pushes
// in flight: written from a ready-made string and the replies only counted (recv: the send limit), or
// encoded with QJsonDocument and each reply parsed and matched by its ref (parse: the JSON limit).
// Prints one JSON line with its figures.

#include "../common/socketsscenario.h"
#include "clientoptions.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QList>
#include <QtWebSockets/QWebSocket>

using namespace Qt::StringLiterals;

namespace {

//! One QWebSocket running the flood or the round-trip scenario.
class BareClient : public QObject
{
    Q_OBJECT

public:
    explicit BareClient(const Bench::ClientOptions &options, QObject *parent = nullptr)
        : QObject(parent)
        , m_options(options)
        , m_parse(options.mode == "parse"_L1)
        , m_socket(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
    {
        connect(m_socket, &QWebSocket::connected, this, &BareClient::onConnected);
        connect(m_socket, &QWebSocket::textMessageReceived, this, &BareClient::onText);
        connect(m_socket, &QWebSocket::disconnected, this, [this] {
            if (m_phase != Phase::Done)
                fail(u"disconnected"_s);
        });
    }

    void start()
    {
        m_rssBefore = Bench::rssKiB();
        m_socket->open(m_options.websocketUrl());
    }

private:
    enum class Phase { Connecting, Joining, Starting, Flooding, Pinging, Pipelining, Done };

    QString clientName() const { return m_parse ? u"bare-parse"_s : u"bare-recv"_s; }

    void onConnected()
    {
        m_rssBefore = Bench::rssKiB();
        m_heapBefore = Bench::heapBytes();
        m_phase = Phase::Joining;
        const int channels = m_options.scenario == "rtt"_L1 ? 1 : m_options.channels;
        for (int i = 0; i < channels; ++i) {
            const QString ref = QString::number(++m_ref);
            m_socket->sendTextMessage(u"[\""_s + ref + u"\",\""_s + ref + u"\",\"bench:"_s +
                                      QString::number(i) + u"\",\"phx_join\",{}]"_s);
        }
        m_joinsPending = channels;
    }

    // In recv mode nothing is parsed: the phase tells what a frame is (the sender answers in order)
    // and broadcasts are recognised by their "[null,null," prefix.
    void onText(const QString &text)
    {
        switch (m_phase) {
        case Phase::Joining:
            if (m_parse && !isReply(text))
                return;
            if (--m_joinsPending == 0) {
                m_rssAfter = Bench::rssKiB();
                m_heapAfter = Bench::heapBytes();
                if (m_options.scenario == "rtt"_L1)
                    startPinging();
                else if (m_options.scenario == "pipeline"_L1)
                    startPipelinePhase(m_options.warmup > 0);
                else
                    startFlood(m_options.warmup > 0);
            }
            return;
        case Phase::Starting:
            if (m_parse && !isReply(text))
                return;
            m_phase = Phase::Flooding;
            m_received = 0;
            if (m_warming)
                return;
            Bench::callgrindBegin();
            m_window.start();
            return;
        case Phase::Flooding:
            if (m_parse ? parseBroadcast(text) : text.startsWith("[null,null,"_L1)) {
                if (m_warming) {
                    if (++m_received == m_options.warmup)
                        startFlood(false);
                } else if (++m_received == m_options.count) {
                    finishFlood();
                }
            }
            return;
        case Phase::Pinging:
            onPong();
            return;
        case Phase::Pipelining:
            onPipelineReply(text);
            return;
        case Phase::Connecting:
        case Phase::Done:
            return;
        }
    }

    bool isReply(const QString &text) const
    {
        const QJsonArray message = QJsonDocument::fromJson(text.toUtf8()).array();
        return message.at(3).toString() == "phx_reply"_L1;
    }

    // The parse limit: what any JSON client must do per frame (UTF-16 → UTF-8, parse, read fields,
    // and the one payload field every client's handler reads).
    bool parseBroadcast(const QString &text)
    {
        const QJsonArray message = QJsonDocument::fromJson(text.toUtf8()).array();
        if (message.size() != 5)
            return false;
        const QString topic = message.at(2).toString();
        const QString event = message.at(3).toString();
        const QJsonObject payload = message.at(4).toObject();
        m_checksum += topic.size() + payload.value("id"_L1).toInteger();
        return event == "bench"_L1;
    }

    void startFlood(bool warmup)
    {
        m_phase = Phase::Starting;
        m_warming = warmup;
        const QString ref = QString::number(++m_ref);
        m_socket->sendTextMessage(u"[\"1\",\""_s + ref + u"\",\"bench:0\",\"bench_start\",{\"count\":"_s +
                                  QString::number(warmup ? m_options.warmup : m_options.count) +
                                  u",\"size\":"_s + QString::number(m_options.size) + u"}]"_s);
    }

    void finishFlood()
    {
        m_window.stop();
        Bench::callgrindEnd();
        m_phase = Phase::Done;
        Bench::printJson(QJsonObject{{u"client"_s, clientName()},
                                     {u"scenario"_s, m_options.scenario},
                                     {u"channels"_s, m_options.channels},
                                     {u"count"_s, double(m_options.count)},
                                     {u"warmup"_s, double(m_options.warmup)},
                                     {u"size"_s, m_options.size},
                                     {u"messages"_s, double(m_received)},
                                     {u"wall_s"_s, m_window.wallSeconds()},
                                     {u"cpu_s"_s, m_window.cpuSeconds()},
                                     {u"rss_kib_before"_s, double(m_rssBefore)},
                                     {u"rss_kib_after"_s, double(m_rssAfter)},
                                     {u"heap_before"_s, double(m_heapBefore)},
                                     {u"heap_after"_s, double(m_heapAfter)}});
        QCoreApplication::quit();
    }

    void startPinging()
    {
        m_phase = Phase::Pinging;
        m_echoTail = u"\",\"bench:0\",\"echo\",{\"body\":\""_s + Bench::echoBody(m_options.size) + u"\"}]"_s;
        m_latenciesUs.reserve(m_options.pings);
        sendPing();
    }

    void sendPing()
    {
        const QString frame = u"[\"1\",\""_s + QString::number(++m_ref) + m_echoTail;
        m_pingSentNs = Bench::monotonicNs();
        m_socket->sendTextMessage(frame);
    }

    void onPong()
    {
        const qint64 elapsed = Bench::monotonicNs() - m_pingSentNs;
        if (++m_pongs > WarmupPings)
            m_latenciesUs.append(double(elapsed) / 1000.0);
        if (m_latenciesUs.size() < m_options.pings) {
            sendPing();
            return;
        }
        m_phase = Phase::Done;
        Bench::printRttResult(clientName(), m_options.scenario, m_latenciesUs);
        QCoreApplication::quit();
    }

    // ---- pipeline ---------------------------------------------------------------------------------

    void startPipelinePhase(bool warmup)
    {
        m_phase = Phase::Pipelining;
        m_warming = warmup;
        m_phaseTotal = warmup ? m_options.warmup : m_options.count;
        m_sent = 0;
        m_replied = 0;
        m_latenciesUs.clear();
        m_sentNs.clear();
        if (m_echoTail.isEmpty()) {
            m_echoBody = Bench::echoBody(m_options.size);
            m_echoTail = u"\",\"bench:0\",\"echo\",{\"body\":\""_s + m_echoBody + u"\"}]"_s;
        }
        if (!warmup) {
            m_latenciesUs.reserve(qsizetype(m_phaseTotal));
            Bench::callgrindBegin();
            m_window.start();
        }
        while (m_sent < m_phaseTotal && m_sent - m_replied < m_options.window)
            sendPipelined();
    }

    void sendPipelined()
    {
        ++m_sent;
        const int ref = ++m_ref;
        const qint64 now = Bench::monotonicNs();
        if (m_parse) {
            // What any JSON client must do per push: encode the message, remember its ref.
            const QJsonArray message{u"1"_s, QString::number(ref), u"bench:0"_s, u"echo"_s,
                                     QJsonObject{{u"body"_s, m_echoBody}}};
            m_sentNs.insert(ref, now);
            m_socket->sendTextMessage(
                QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
        } else {
            // The sender answers in order: the oldest time stamp belongs to the next reply.
            m_sentOrder.append(now);
            m_socket->sendTextMessage(u"[\"1\",\""_s + QString::number(ref) + m_echoTail);
        }
    }

    void onPipelineReply(const QString &text)
    {
        const qint64 now = Bench::monotonicNs();
        qint64 sentNs = 0;
        if (m_parse) {
            // ...and per reply: parse it, find the push by its ref, read status and response.
            const QJsonArray message = QJsonDocument::fromJson(text.toUtf8()).array();
            const QJsonObject payload = message.at(4).toObject();
            if (message.at(3).toString() != "phx_reply"_L1 ||
                payload.value(u"status"_s).toString() != "ok"_L1 || !payload.value(u"response"_s).isObject())
                return fail(u"unexpected reply: "_s + text.left(200));
            sentNs = m_sentNs.take(message.at(1).toString().toInt());
        } else {
            sentNs = m_sentOrder.at(m_sentHead++);
            if (m_sentHead > 4096) { // drop what is consumed now and then
                m_sentOrder.remove(0, m_sentHead);
                m_sentHead = 0;
            }
        }
        ++m_replied;
        if (!m_warming)
            m_latenciesUs.append(double(now - sentNs) / 1000.0);
        if (m_sent < m_phaseTotal) {
            sendPipelined();
        } else if (m_replied == m_phaseTotal) {
            if (m_warming) {
                startPipelinePhase(false);
                return;
            }
            m_window.stop();
            Bench::callgrindEnd();
            m_phase = Phase::Done;
            Bench::printPipelineResult(clientName(), m_options.count, m_options.window, m_options.size,
                                       m_window, m_latenciesUs);
            QCoreApplication::quit();
        }
    }

    void fail(const QString &reason)
    {
        m_phase = Phase::Done;
        Bench::printJson(QJsonObject{{u"client"_s, clientName()}, {u"error"_s, reason}});
        QCoreApplication::exit(1);
    }

    static constexpr int WarmupPings = 200;

    Bench::ClientOptions m_options;
    bool m_parse = false;
    QWebSocket *m_socket = nullptr;
    Phase m_phase = Phase::Connecting;
    int m_ref = 0;
    int m_joinsPending = 0;
    qint64 m_received = 0;
    bool m_warming = false;
    qint64 m_checksum = 0;
    // pipeline
    qint64 m_phaseTotal = 0;
    qint64 m_sent = 0;
    qint64 m_replied = 0;
    QString m_echoBody;
    QHash<int, qint64> m_sentNs; // parse: ref -> time sent
    QList<qint64> m_sentOrder;   // recv: times sent, oldest first from m_sentHead
    qsizetype m_sentHead = 0;
    qint64 m_rssBefore = 0;
    qint64 m_rssAfter = 0;
    qint64 m_heapBefore = 0;
    qint64 m_heapAfter = 0;
    Bench::Window m_window;
    QString m_echoTail;
    qint64 m_pingSentNs = 0;
    int m_pongs = 0;
    QList<double> m_latenciesUs;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench-bare"_s);
    Bench::raiseFileLimit();
    const Bench::ClientOptions options = Bench::parseClientOptions(app);
    Bench::armWatchdog(&app, options.timeoutS, u"bare-"_s + options.mode);

    if (options.scenario == "sockets"_L1) {
        Bench::SocketsScenario<QWebSocket> sockets(
            u"bare-recv"_s, options.sockets,
            [](QObject *owner) {
                return new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, owner);
            },
            [&options](QWebSocket *socket) { socket->open(options.websocketUrl()); });
        sockets.start();
        return app.exec();
    }
    BareClient client(options);
    client.start();
    return app.exec();
}

#include "bench-bare.moc"
