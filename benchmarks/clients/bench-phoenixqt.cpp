// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// bench-phoenixqt: the PhoenixQt side of the benchmarks. One PhoenixSocket with N channels, each
// counting PhoenixChannel::messageReceived (flood), N channels joined without any handler (memory),
// echo pushes (rtt), N sockets (sockets) or the rejoin of N channels after the server restarts
// (reconnect). Prints one JSON line.

#include "../common/socketsscenario.h"
#include "clientoptions.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QLoggingCategory>
#include <QtCore/QTimer>

using namespace Qt::StringLiterals;

namespace {

QUrl socketUrl(const Bench::ClientOptions &options)
{
    QUrl url = options.url;
    url.setPath(url.path() + u"/websocket"_s); // PhoenixSocket adds vsn=2.0.0 itself
    return url;
}

//! The flood, rtt and reconnect scenarios on one PhoenixSocket.
class PhoenixClient : public QObject
{
    Q_OBJECT

public:
    explicit PhoenixClient(const Bench::ClientOptions &options, QObject *parent = nullptr)
        : QObject(parent)
        , m_options(options)
        , m_socket(new PhoenixSocket(socketUrl(options), this))
    {
        m_socket->setTimeout(60000);
        connect(m_socket, &PhoenixSocket::connected, this, &PhoenixClient::onConnected);
    }

    void start() { m_socket->connectToServer(); }

private:
    void onConnected()
    {
        if (!m_channels.isEmpty()) // a reconnect: the channels rejoin by themselves
            return;
        m_rssBefore = Bench::rssKiB();
        m_heapBefore = Bench::heapBytes();
        const int channels = m_options.scenario == "rtt"_L1 ? 1 : m_options.channels;
        m_joinsPending = channels;
        m_channels.reserve(channels);
        if (m_options.scenario == "memory"_L1) {
            // What the library alone costs per joined channel: no per-channel connection; the joins
            // are counted from the socket's messageReceived (emitted before routing).
            connect(m_socket, &PhoenixSocket::messageReceived, this, &PhoenixClient::onSocketMessage);
            for (int i = 0; i < channels; ++i) {
                PhoenixChannel *channel = m_socket->channel(u"bench:"_s + QString::number(i));
                m_channels.append(channel);
                channel->join();
            }
            return;
        }
        // Only the reconnect scenario needs the sender's time stamps in the join replies.
        const QJsonObject params =
            m_options.scenario == "reconnect"_L1 ? QJsonObject{{u"stamp"_s, true}} : QJsonObject{};
        for (int i = 0; i < channels; ++i) {
            PhoenixChannel *channel = m_socket->channel(u"bench:"_s + QString::number(i), params);
            m_channels.append(channel);
            connect(channel, &PhoenixChannel::messageReceived, this, &PhoenixClient::onMessage);
            connect(channel, &PhoenixChannel::joined, this, &PhoenixClient::onJoined);
            channel->join();
        }
    }

    void onJoined(const QJsonValue &response)
    {
        if (m_restarting) {
            // Count only joins answered by the restarted server.
            if (response.toObject().value(u"up_us"_s).toDouble() <= m_firstUpUs)
                return;
            m_lastUpUs = qint64(response.toObject().value(u"up_us"_s).toDouble());
            m_reopenedUs = qint64(response.toObject().value(u"conn_us"_s).toDouble());
            if (--m_joinsPending == 0)
                finishReconnect();
            return;
        }
        m_firstUpUs = std::max(m_firstUpUs, response.toObject().value(u"up_us"_s).toDouble());
        if (--m_joinsPending > 0)
            return;
        m_rssAfter = Bench::rssKiB();
        m_heapAfter = Bench::heapBytes();
        if (m_options.scenario == "rtt"_L1)
            sendPing();
        else if (m_options.scenario == "reconnect"_L1)
            startReconnect();
        else
            startFlood();
    }

    void onSocketMessage(const PhoenixMessage &message)
    {
        if (message.event != "phx_reply"_L1 || !message.topic.startsWith("bench:"_L1) || --m_joinsPending > 0)
            return;
        // The last join reply is being routed right now: measure once it has been handled.
        QTimer::singleShot(0, this, [this] {
            const qint64 rssAfter = Bench::rssKiB();
            const qint64 heapAfter = Bench::heapBytes();
            int joined = 0;
            for (const PhoenixChannel *channel : std::as_const(m_channels))
                joined += channel->isJoined() ? 1 : 0;
            Bench::printJson(QJsonObject{{u"client"_s, u"phoenixqt"_s},
                                         {u"scenario"_s, m_options.scenario},
                                         {u"channels"_s, m_options.channels},
                                         {u"joined"_s, joined},
                                         {u"rss_kib_before"_s, double(m_rssBefore)},
                                         {u"rss_kib_after"_s, double(rssAfter)},
                                         {u"heap_before"_s, double(m_heapBefore)},
                                         {u"heap_after"_s, double(heapAfter)}});
            QCoreApplication::quit();
        });
    }

    void startFlood()
    {
        PhoenixPush *push = m_channels.first()->push(
            u"bench_start"_s, {{u"count"_s, double(m_options.count)}, {u"size"_s, m_options.size}});
        push->receive(u"ok"_s, this, [this](const QJsonValue &) {
            m_flooding = true;
            Bench::callgrindBegin();
            m_window.start();
        });
    }

    void onMessage(const QString &event, const QJsonObject &payload)
    {
        Q_UNUSED(payload)
        if (!m_flooding || event != "bench"_L1)
            return;
        if (++m_received < m_options.count)
            return;
        m_window.stop();
        Bench::callgrindEnd();
        m_flooding = false;
        Bench::printJson(QJsonObject{{u"client"_s, u"phoenixqt"_s},
                                     {u"scenario"_s, m_options.scenario},
                                     {u"channels"_s, m_options.channels},
                                     {u"count"_s, double(m_options.count)},
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

    void sendPing()
    {
        if (m_echoPayload.isEmpty())
            m_echoPayload = QJsonObject{{u"body"_s, Bench::echoBody(m_options.size)}};
        const qint64 sentNs = Bench::monotonicNs();
        PhoenixPush *push = m_channels.first()->push(u"echo"_s, m_echoPayload);
        push->receive(u"ok"_s, this, [this, sentNs](const QJsonValue &) {
            const qint64 elapsed = Bench::monotonicNs() - sentNs;
            if (++m_pongs > WarmupPings)
                m_latenciesUs.append(double(elapsed) / 1000.0);
            if (m_latenciesUs.size() < m_options.pings)
                sendPing();
            else
                finishPings();
        });
    }

    void finishPings()
    {
        Bench::printRttResult(u"phoenixqt"_s, m_options.scenario, m_latenciesUs);
        QCoreApplication::quit();
    }

    void startReconnect()
    {
        m_restarting = true;
        m_joinsPending = int(m_channels.size());
        m_channels.first()->push(u"bench_restart"_s, {{u"down_ms"_s, m_options.downMs}});
    }

    void finishReconnect()
    {
        const qint64 nowUs = Bench::monotonicUs();
        Bench::printJson(QJsonObject{{u"client"_s, u"phoenixqt"_s},
                                     {u"scenario"_s, m_options.scenario},
                                     {u"channels"_s, m_options.channels},
                                     {u"down_ms"_s, m_options.downMs},
                                     {u"up_to_joined_ms"_s, double(nowUs - m_lastUpUs) / 1000.0},
                                     {u"open_to_joined_ms"_s, double(nowUs - m_reopenedUs) / 1000.0}});
        QCoreApplication::quit();
    }

    static constexpr int WarmupPings = 200;

    Bench::ClientOptions m_options;
    PhoenixSocket *m_socket = nullptr;
    QList<PhoenixChannel *> m_channels;
    int m_joinsPending = 0;
    bool m_flooding = false;
    bool m_restarting = false;
    qint64 m_received = 0;
    qint64 m_rssBefore = 0;
    qint64 m_rssAfter = 0;
    qint64 m_heapBefore = 0;
    qint64 m_heapAfter = 0;
    double m_firstUpUs = 0;
    qint64 m_lastUpUs = 0;
    qint64 m_reopenedUs = 0; // when the sender answered the new handshake
    Bench::Window m_window;
    QJsonObject m_echoPayload;
    int m_pongs = 0;
    QList<double> m_latenciesUs;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench-phoenixqt"_s);
    // The library's info logs (one line per join) would be measured too; QT_LOGGING_RULES still wins.
    QLoggingCategory::setFilterRules(u"phoenix.*.info=false\nphoenix.*.debug=false"_s);
    Bench::raiseFileLimit();
    const Bench::ClientOptions options = Bench::parseClientOptions(app);
    Bench::armWatchdog(&app, options.timeoutS, u"phoenixqt"_s);

    if (options.scenario == "sockets"_L1) {
        Bench::SocketsScenario<PhoenixSocket> sockets(
            u"phoenixqt"_s, options.sockets,
            [&options](QObject *owner) { return new PhoenixSocket(socketUrl(options), owner); },
            [](PhoenixSocket *socket) { socket->connectToServer(); });
        sockets.start();
        return app.exec();
    }
    PhoenixClient client(options);
    client.start();
    return app.exec();
}

#include "bench-phoenixqt.moc"
