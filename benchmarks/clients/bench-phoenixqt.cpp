// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// bench-phoenixqt: the PhoenixQt side of the benchmarks. One PhoenixSocket with N channels, each
// counting PhoenixChannel::messageReceived (flood), N channels joined without any handler (memory),
// sequential echo pushes (rtt), pipelined echo pushes (pipeline), N sockets (sockets), the rejoin of
// N channels after the server restarts (reconnect), bursts of echo pushes on one channel (burst) or
// pushes made while offline (offline). Prints one JSON line.

#include "../common/socketsscenario.h"
#include "clientoptions.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QLoggingCategory>
#include <QtCore/QTimer>

#include <atomic>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

QUrl socketUrl(const Bench::ClientOptions &options)
{
    QUrl url = options.url;
    url.setPath(url.path() + u"/websocket"_s); // PhoenixSocket adds vsn=2.0.0 itself
    return url;
}

// ---- log lines ---------------------------------------------------------------------------------

//! Log lines written so far (every category and level that passed the filter rules).
std::atomic<qint64> logLines{0};
QtMessageHandler previousHandler = nullptr;

//! Counts each log line, then writes it as Qt would have (to stderr): the cost of logging stays measured.
void countingMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    ++logLines;
    if (previousHandler)
        previousHandler(type, context, message);
}

// ---- event-loop responsiveness -----------------------------------------------------------------

/*!
    Ticks every millisecond (precise timer) and keeps the longest gap between two ticks: how long
    the event loop was frozen. A gap that began before mark() is reported by maxGapMs() only; gaps
    that began at or after it also by maxGapSinceMarkMs(). Lives in the main thread.
*/
class LoopMonitor : public QObject
{
public:
    explicit LoopMonitor(QObject *parent = nullptr)
        : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, &LoopMonitor::onTick);
    }

    //! Starts ticking and forgets the gaps seen so far.
    void start()
    {
        m_clock.start();
        m_lastTickNs = 0;
        m_markNs = -1;
        m_maxGapNs = 0;
        m_maxGapSinceMarkNs = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    //! From now on gaps are also counted by maxGapSinceMarkMs().
    void mark()
    {
        m_markNs = m_clock.nsecsElapsed();
        m_maxGapSinceMarkNs = 0;
    }

    double maxGapMs() const { return double(std::max(m_maxGapNs, currentGapNs())) / 1e6; }
    double maxGapSinceMarkMs() const
    {
        const qint64 current = m_markNs >= 0 && m_lastTickNs >= m_markNs ? currentGapNs() : 0;
        return double(std::max(m_maxGapSinceMarkNs, current)) / 1e6;
    }

    //! Called on every tick, after the gap was recorded.
    std::function<void()> onTickHandler;

private:
    qint64 currentGapNs() const { return m_clock.isValid() ? m_clock.nsecsElapsed() - m_lastTickNs : 0; }

    void onTick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        const qint64 gap = now - m_lastTickNs;
        m_maxGapNs = std::max(m_maxGapNs, gap);
        if (m_markNs >= 0 && m_lastTickNs >= m_markNs)
            m_maxGapSinceMarkNs = std::max(m_maxGapSinceMarkNs, gap);
        m_lastTickNs = now;
        if (onTickHandler)
            onTickHandler();
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastTickNs = 0;
    qint64 m_markNs = -1;
    qint64 m_maxGapNs = 0;
    qint64 m_maxGapSinceMarkNs = 0;
};

/*!
    Tells when work that the library does later (replies, failures and deletions delivered from the
    event loop) is over: a progress key that has not changed for QuietMs. Independent of how the
    library keeps its pushes (today they are QObject children of the channel).
*/
struct QuietDetector
{
    static constexpr qint64 QuietNs = 100 * 1000 * 1000;

    qint64 lastChangeNs = 0; //!< when the key last changed (the end of the work)
    qint64 key = -1;

    void reset(qint64 now, qint64 currentKey)
    {
        lastChangeNs = now;
        key = currentKey;
    }
    //! Called on every tick; true once \a currentKey has stayed the same for QuietNs.
    bool settled(qint64 now, qint64 currentKey)
    {
        if (currentKey != key) {
            key = currentKey;
            lastChangeNs = now;
            return false;
        }
        return now - lastChangeNs >= QuietNs;
    }
};

// ---- the client ----------------------------------------------------------------------------------

//! The flood, memory, rtt, pipeline, reconnect, burst and offline scenarios on one PhoenixSocket.
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
        if (options.transport == "longpoll"_L1)
            m_socket->setTransport(PhoenixSocket::Transport::LongPoll);
        connect(m_socket, &PhoenixSocket::connected, this, &PhoenixClient::onConnected);
    }

    void start()
    {
        if (m_options.scenario == "offline"_L1)
            startOffline();
        else
            m_socket->connectToServer();
    }

private:
    static constexpr int WarmupPings = 200;
    //! Push timeout of the burst and offline scenarios: long enough that none times out while the
    //! library digests hundreds of thousands of pushes (today's cost per push grows with their number).
    static constexpr int LongPushTimeoutMs = 3600 * 1000;

    bool is(QLatin1StringView scenario) const { return m_options.scenario == scenario; }

    void onConnected()
    {
        if (is("offline"_L1)) {
            onOfflineConnected();
            return;
        }
        if (!m_channels.isEmpty()) // a reconnect: the channels rejoin by themselves
            return;
        m_rssBefore = Bench::rssKiB();
        m_heapBefore = Bench::heapBytes();
        const bool oneChannel = is("rtt"_L1) || is("pipeline"_L1) || is("burst"_L1);
        const int channels = oneChannel ? 1 : m_options.channels;
        m_joinsPending = channels;
        m_channels.reserve(channels);
        if (is("memory"_L1)) {
            // What the library alone costs per joined channel: no per-channel connection; the joins
            // are counted from the socket's messageReceived (emitted before routing).
            connect(m_socket, &PhoenixSocket::messageReceived, this, &PhoenixClient::onSocketMessage);
            for (int i = 0; i < channels; ++i) {
                PhoenixChannel *channel = m_socket->channel(m_options.topic(i));
                m_channels.append(channel);
                channel->join();
            }
            return;
        }
        // Only the reconnect scenario needs the sender's time stamps in the join replies.
        const QJsonObject params = is("reconnect"_L1) ? QJsonObject{{u"stamp"_s, true}} : QJsonObject{};
        for (int i = 0; i < channels; ++i) {
            PhoenixChannel *channel = m_socket->channel(m_options.topic(i), params);
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
        if (is("rtt"_L1))
            sendPing();
        else if (is("pipeline"_L1))
            startPipelinePhase(m_options.warmup > 0);
        else if (is("burst"_L1))
            startBursts();
        else if (is("reconnect"_L1))
            startReconnect();
        else
            startFlood(m_options.warmup > 0);
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

    // ---- flood: a warm-up flood (unmeasured), then the measured one --------------------------------

    void startFlood(bool warmup)
    {
        m_warming = warmup;
        const qint64 count = warmup ? m_options.warmup : m_options.count;
        if (m_options.devServer()) {
            // The dev server sends its flood_msg pushes before its reply: the window starts now.
            m_received = 0;
            m_idSum = 0;
            m_flooding = true;
            if (!m_warming) {
                Bench::callgrindBegin();
                m_window.start();
            }
            m_channels.first()->push(u"flood"_s, {{u"count"_s, double(count)}, {u"size"_s, m_options.size}});
            return;
        }
        PhoenixPush *push = m_channels.first()->push(
            u"bench_start"_s, {{u"count"_s, double(count)}, {u"size"_s, m_options.size}});
        push->receive(u"ok"_s, this, [this](const QJsonValue &) {
            m_received = 0;
            m_idSum = 0;
            m_flooding = true;
            if (m_warming)
                return;
            Bench::callgrindBegin();
            m_window.start();
        });
    }

    void onMessage(const QString &event, const QJsonObject &payload)
    {
        if (!m_flooding || event != (m_options.devServer() ? "flood_msg"_L1 : "bench"_L1))
            return;
        // One field read, as every real handler does (phoenix.js's and the QML client's read it too).
        m_idSum += payload.value(m_options.devServer() ? "i"_L1 : "id"_L1).toInteger();
        if (m_warming) {
            if (++m_received == m_options.warmup) {
                m_flooding = false;
                startFlood(false);
            }
            return;
        }
        if (++m_received < m_options.count)
            return;
        m_window.stop();
        Bench::callgrindEnd();
        m_flooding = false;
        Bench::printJson(QJsonObject{{u"client"_s, u"phoenixqt"_s},
                                     {u"scenario"_s, m_options.scenario},
                                     {u"channels"_s, m_options.channels},
                                     {u"count"_s, double(m_options.count)},
                                     {u"warmup"_s, double(m_options.warmup)},
                                     {u"size"_s, m_options.size},
                                     {u"messages"_s, double(m_received)},
                                     {u"id_sum"_s, double(m_idSum)},
                                     {u"wall_s"_s, m_window.wallSeconds()},
                                     {u"cpu_s"_s, m_window.cpuSeconds()},
                                     {u"rss_kib_before"_s, double(m_rssBefore)},
                                     {u"rss_kib_after"_s, double(m_rssAfter)},
                                     {u"heap_before"_s, double(m_heapBefore)},
                                     {u"heap_after"_s, double(m_heapAfter)}});
        QCoreApplication::quit();
    }

    const QJsonObject &echoPayload()
    {
        if (m_echoPayload.isEmpty())
            m_echoPayload = QJsonObject{{u"body"_s, Bench::echoBody(m_options.size)}};
        return m_echoPayload;
    }

    // ---- rtt: one echo push at a time ---------------------------------------------------------------

    void sendPing()
    {
        const qint64 sentNs = Bench::monotonicNs();
        PhoenixPush *push = m_channels.first()->push(u"echo"_s, echoPayload());
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

    // ---- pipeline: `window` echo pushes in flight; a warm-up phase, then the measured one --------

    void startPipelinePhase(bool warmup)
    {
        m_warming = warmup;
        m_phaseTotal = warmup ? m_options.warmup : m_options.count;
        m_sent = 0;
        m_replied = 0;
        m_latenciesUs.clear();
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
        const qint64 sentNs = Bench::monotonicNs();
        PhoenixPush *push = m_channels.first()->push(u"echo"_s, echoPayload());
        push->receive(u"ok"_s, this, [this, sentNs](const QJsonValue &) {
            const qint64 elapsed = Bench::monotonicNs() - sentNs;
            ++m_replied;
            if (!m_warming)
                m_latenciesUs.append(double(elapsed) / 1000.0);
            if (m_sent < m_phaseTotal) {
                sendPipelined();
            } else if (m_replied == m_phaseTotal) {
                if (m_warming) {
                    startPipelinePhase(false);
                    return;
                }
                m_window.stop();
                Bench::callgrindEnd();
                Bench::printPipelineResult(u"phoenixqt"_s, m_options.count, m_options.window, m_options.size,
                                           m_window, m_latenciesUs);
                QCoreApplication::quit();
            }
        });
    }

    // ---- burst: `repeat` bursts of `count` echo pushes made at once, one after the other ----------

    int pushObjects() const { return int(m_channels.first()->children().size()); }

    void startBursts()
    {
        m_burstResults = {};
        m_burstBaseline = pushObjects();
        m_monitor.onTickHandler = [this] { checkBurstSettled(); };
        m_monitor.start();
        QTimer::singleShot(20, this, &PhoenixClient::runBurst); // let the monitor tick first
    }

    void runBurst()
    {
        m_replied = 0;
        m_burstReplyNs = 0;
        m_burstSettled = false;
        m_monitor.mark();
        m_burstClock.start();
        PhoenixChannel *channel = m_channels.first();
        const qint64 total = m_options.count;
        for (qint64 i = 0; i < total; ++i) {
            channel->push(u"echo"_s, echoPayload(), LongPushTimeoutMs)
                ->receive(u"ok"_s, this, [this, total](const QJsonValue &) {
                    if (++m_replied == total)
                        m_burstReplyNs = m_burstClock.nsecsElapsed();
                });
        }
        m_burstMadeNs = m_burstClock.nsecsElapsed();
        m_quiet.reset(m_burstMadeNs, progressKey());
    }

    //! What changes while the library still works on the pushes: replies, failures, push objects.
    qint64 progressKey() const { return (m_replied + m_rejected) * 1000003 + pushObjects(); }

    // Settled: every reply arrived and nothing changed for QuietMs (the library deletes the push
    // objects later); the burst's time runs to the last change seen.
    void checkBurstSettled()
    {
        if (m_burstSettled || !m_burstClock.isValid())
            return;
        const qint64 now = m_burstClock.nsecsElapsed();
        if (!m_quiet.settled(now, progressKey()) || m_replied < m_options.count)
            return;
        m_burstSettled = true;
        m_burstResults.append(QJsonObject{{u"make_s"_s, double(m_burstMadeNs) / 1e9},
                                          {u"replied_s"_s, double(m_burstReplyNs) / 1e9},
                                          {u"settled_s"_s, double(m_quiet.lastChangeNs) / 1e9},
                                          {u"push_objects_left"_s, pushObjects() - m_burstBaseline},
                                          {u"max_gap_ms"_s, m_monitor.maxGapSinceMarkMs()}});
        if (m_burstResults.size() < m_options.repeat) {
            QTimer::singleShot(0, this, &PhoenixClient::runBurst);
            return;
        }
        m_monitor.stop();
        double total = 0;
        double maxGap = 0;
        for (const QJsonValue &burst : std::as_const(m_burstResults)) {
            total += burst[u"settled_s"_s].toDouble();
            maxGap = std::max(maxGap, burst[u"max_gap_ms"_s].toDouble());
        }
        Bench::printJson(QJsonObject{{u"client"_s, u"phoenixqt"_s},
                                     {u"scenario"_s, m_options.scenario},
                                     {u"count"_s, double(m_options.count)},
                                     {u"repeat"_s, m_options.repeat},
                                     {u"size"_s, m_options.size},
                                     {u"total_s"_s, total},
                                     {u"max_gap_ms"_s, maxGap},
                                     {u"bursts"_s, m_burstResults},
                                     {u"rss_kib_peak"_s, double(Bench::peakRssKiB())},
                                     {u"rss_kib_after"_s, double(Bench::rssKiB())},
                                     {u"log_lines"_s, double(logLines.load())}});
        QCoreApplication::quit();
    }

    // ---- offline: `count` pushes made before the socket ever connected, then connect -------------

    void startOffline()
    {
        PhoenixChannel *channel = m_socket->channel(m_options.topic(0));
        m_channels.append(channel);
        connect(m_socket, &PhoenixSocket::errorOccurred, this, [this] { ++m_socketErrors; });
        channel->join(); // waits for the socket
        m_burstBaseline = pushObjects();
        m_rssBefore = Bench::rssKiB();
        m_peakBefore = Bench::peakRssKiB();
        m_heapBefore = Bench::heapBytes();
        m_monitor.onTickHandler = [this] { checkOfflineSettled(); };
        m_monitor.start();
        QTimer::singleShot(20, this, &PhoenixClient::makeOfflinePushes); // let the monitor tick first
    }

    void makeOfflinePushes()
    {
        const qint64 logLinesBefore = logLines.load();
        m_burstClock.start();
        PhoenixChannel *channel = m_channels.first();
        // Today a push refused by the full buffer fails from the event loop (so that the caller can
        // connect first) and is counted by its "error" hook; one that failed already when push()
        // returned is counted at once. The accepted ones are counted by their "ok" reply after connect.
        for (qint64 i = 0; i < m_options.count; ++i) {
            PhoenixPush *push = channel->push(u"echo"_s, echoPayload(), LongPushTimeoutMs);
            if (push->error() != PhoenixPush::Error::NoError) {
                ++m_rejected;
                continue;
            }
            push->receive(u"ok"_s, this,
                          [this](const QJsonValue &) {
                              if (++m_replied == m_options.count - m_rejected && m_burstSettled)
                                  finishOffline();
                          })
                ->receive(u"error"_s, this, [this](const QJsonValue &) { ++m_rejected; });
        }
        m_burstMadeNs = m_burstClock.nsecsElapsed();
        m_logLinesDuringMake = logLines.load() - logLinesBefore;
        m_monitor.mark();
        m_quiet.reset(m_burstMadeNs, progressKey());
    }

    // Settled: nothing changed for QuietMs (refused pushes fail and are deleted from the event loop);
    // the time runs to the last change seen. Then measure, and connect.
    void checkOfflineSettled()
    {
        if (m_burstSettled || m_burstMadeNs == 0 ||
            !m_quiet.settled(m_burstClock.nsecsElapsed(), progressKey()))
            return;
        m_burstSettled = true;
        m_settledNs = m_quiet.lastChangeNs;
        m_maxGapMs = m_monitor.maxGapMs();
        m_maxGapAfterMakeMs = m_monitor.maxGapSinceMarkMs();
        m_logLinesSettled = logLines.load();
        m_accepted = m_options.count - m_rejected;
        m_rssAfter = Bench::rssKiB();
        m_heapAfter = Bench::heapBytes();
        m_monitor.stop();
        m_connectClock.start();
        if (m_accepted == 0)
            finishOffline();
        else
            m_socket->connectToServer(); // the buffered pushes go out after the join
    }

    void onOfflineConnected() { m_connectedNs = m_connectClock.nsecsElapsed(); }

    void finishOffline()
    {
        const double flushS = m_connectClock.isValid() ? double(m_connectClock.nsecsElapsed()) / 1e9 : 0;
        Bench::printJson(QJsonObject{{u"client"_s, u"phoenixqt"_s},
                                     {u"scenario"_s, m_options.scenario},
                                     {u"count"_s, double(m_options.count)},
                                     {u"size"_s, m_options.size},
                                     {u"send_buffer_limit"_s, m_socket->sendBufferLimit()},
                                     {u"accepted"_s, double(m_accepted)},
                                     {u"rejected"_s, double(m_rejected)},
                                     {u"replied"_s, double(m_replied)},
                                     {u"make_s"_s, double(m_burstMadeNs) / 1e9},
                                     {u"settled_s"_s, double(m_settledNs) / 1e9},
                                     {u"max_gap_ms"_s, m_maxGapMs},
                                     {u"max_gap_after_make_ms"_s, m_maxGapAfterMakeMs},
                                     {u"connect_s"_s, double(m_connectedNs) / 1e9},
                                     {u"flush_s"_s, flushS},
                                     {u"rss_kib_before"_s, double(m_rssBefore)},
                                     {u"rss_kib_after"_s, double(m_rssAfter)},
                                     {u"rss_kib_peak_before"_s, double(m_peakBefore)},
                                     {u"rss_kib_peak"_s, double(Bench::peakRssKiB())},
                                     {u"heap_before"_s, double(m_heapBefore)},
                                     {u"heap_after"_s, double(m_heapAfter)},
                                     {u"log_lines_make"_s, double(m_logLinesDuringMake)},
                                     {u"log_lines"_s, double(m_logLinesSettled)},
                                     {u"socket_errors"_s, double(m_socketErrors)}});
        QCoreApplication::quit();
    }

    // ---- reconnect ------------------------------------------------------------------------------------

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

    Bench::ClientOptions m_options;
    PhoenixSocket *m_socket = nullptr;
    QList<PhoenixChannel *> m_channels;
    int m_joinsPending = 0;
    bool m_flooding = false;
    bool m_warming = false;
    bool m_restarting = false;
    qint64 m_received = 0;
    qint64 m_idSum = 0; //!< sum of the payloads' "id" (the field each handler reads)
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

    // pipeline
    qint64 m_phaseTotal = 0;
    qint64 m_sent = 0;
    qint64 m_replied = 0;

    // burst and offline
    LoopMonitor m_monitor;
    QElapsedTimer m_burstClock;
    int m_burstBaseline = 0;
    qint64 m_burstMadeNs = 0;
    qint64 m_burstReplyNs = 0;
    bool m_burstSettled = false;
    QJsonArray m_burstResults;
    qint64 m_accepted = 0;
    qint64 m_rejected = 0;
    qint64 m_settledNs = 0;
    QuietDetector m_quiet;
    double m_maxGapMs = 0;
    double m_maxGapAfterMakeMs = 0;
    qint64 m_peakBefore = 0;
    qint64 m_logLinesDuringMake = 0;
    qint64 m_logLinesSettled = 0;
    qint64 m_socketErrors = 0;
    QElapsedTimer m_connectClock;
    qint64 m_connectedNs = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"bench-phoenixqt"_s);
    // The library's info logs (one line per join) would be measured too; QT_LOGGING_RULES still wins.
    QLoggingCategory::setFilterRules(u"phoenix.*.info=false\nphoenix.*.debug=false"_s);
    previousHandler = qInstallMessageHandler(countingMessageHandler);
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
