// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

// Measurement helpers shared by the benchmark programs (sender and clients). Linux only: CPU time
// from getrusage(), resident memory from /proc/self/status, heap in use from mallinfo2().

#include <QtCore/QByteArray>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QtGlobal>

#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <sys/resource.h>
#include <time.h>

#if defined(PHOENIXQT_BENCH_HAVE_CALLGRIND)
#include <valgrind/callgrind.h>
#endif

namespace Bench {

//! CLOCK_MONOTONIC in microseconds: comparable between processes of one machine (Node's
//! process.hrtime() reads the same clock), so the sender can stamp when it came back up.
inline qint64 monotonicUs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

//! CLOCK_MONOTONIC in nanoseconds, for round-trip latencies.
inline qint64 monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

//! User + system CPU seconds of this process (all threads) so far.
inline double cpuSeconds()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

//! A "Vm…:" field of /proc/self/status in KiB (e.g. "VmRSS:", "VmHWM:"), -1 if unavailable.
inline qint64 procStatusKiB(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field))).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

//! Resident set size of this process in KiB (VmRSS of /proc/self/status), -1 if unavailable.
//! Free heap pages are handed back first (malloc_trim), the C++ side of the gc() the phoenix.js
//! client runs before it reads its RSS: both sides then count what they still hold.
inline qint64 rssKiB()
{
    malloc_trim(0);
    return procStatusKiB("VmRSS:");
}

//! The peak resident set size of this process so far in KiB (VmHWM), -1 if unavailable.
inline qint64 peakRssKiB()
{
    return procStatusKiB("VmHWM:");
}

//! Bytes of heap in use (glibc mallinfo2: small blocks plus mmapped blocks).
inline qint64 heapBytes()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
}

//! Raises the soft limit of open files to the hard limit (1,000 sockets need more than 1,024 fds).
inline void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

//! Writes \a result as one line of compact JSON on stdout (the driver reads it).
inline void printJson(const QJsonObject &result)
{
    const QByteArray line = QJsonDocument(result).toJson(QJsonDocument::Compact);
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

//! A measurement window: wall time and CPU time between start() and stop().
class Window
{
public:
    void start()
    {
        m_wall0 = monotonicNs();
        m_cpu0 = Bench::cpuSeconds();
    }
    void stop()
    {
        m_wall = double(monotonicNs() - m_wall0) / 1e9;
        m_cpu = Bench::cpuSeconds() - m_cpu0;
    }
    double wallSeconds() const { return m_wall; }
    double cpuSeconds() const { return m_cpu; }

private:
    qint64 m_wall0 = 0;
    double m_cpu0 = 0;
    double m_wall = 0;
    double m_cpu = 0;
};

//! Starts callgrind's collection for the measured phase (no-op unless run under valgrind with the
//! headers available at build time). Use with valgrind --tool=callgrind --instr-atstart=no.
inline void callgrindBegin()
{
#if defined(PHOENIXQT_BENCH_HAVE_CALLGRIND)
    CALLGRIND_START_INSTRUMENTATION;
    CALLGRIND_ZERO_STATS;
#endif
}

//! Ends the measured phase: dumps the counts as "flood" and stops instrumenting.
inline void callgrindEnd()
{
#if defined(PHOENIXQT_BENCH_HAVE_CALLGRIND)
    CALLGRIND_DUMP_STATS_AT("flood");
    CALLGRIND_STOP_INSTRUMENTATION;
#endif
}

//! Dumps the counts collected since the last dump under \a name (callgrind only).
inline void callgrindDump(const char *name)
{
#if defined(PHOENIXQT_BENCH_HAVE_CALLGRIND)
    CALLGRIND_DUMP_STATS_AT(name);
#else
    Q_UNUSED(name)
#endif
}

//! Percentile (0..100) of \a values by nearest rank; 0 for an empty list.
inline double percentile(QList<double> values, double pct)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype rank = std::clamp<qsizetype>(
        qsizetype(pct / 100.0 * double(values.size()) + 0.999999) - 1, 0, values.size() - 1);
    return values.at(rank);
}

//! Latency figures of \a latenciesUs in microseconds: p50, p90, p99, min, max and mean.
inline QJsonObject latencyStats(const QList<double> &latenciesUs)
{
    double sum = 0;
    for (const double value : latenciesUs)
        sum += value;
    return QJsonObject{
        {QStringLiteral("p50"), percentile(latenciesUs, 50)},
        {QStringLiteral("p90"), percentile(latenciesUs, 90)},
        {QStringLiteral("p99"), percentile(latenciesUs, 99)},
        {QStringLiteral("min"), percentile(latenciesUs, 0)},
        {QStringLiteral("max"), percentile(latenciesUs, 100)},
        {QStringLiteral("mean"), latenciesUs.isEmpty() ? 0.0 : sum / double(latenciesUs.size())}};
}

//! Prints the result line of the rtt scenario: the count of measured round trips \a latenciesUs
//! and their p50, p99, min, max and mean in microseconds.
inline void printRttResult(const QString &client, const QString &scenario, const QList<double> &latenciesUs)
{
    printJson(QJsonObject{{QStringLiteral("client"), client},
                          {QStringLiteral("scenario"), scenario},
                          {QStringLiteral("pings"), latenciesUs.size()},
                          {QStringLiteral("rtt_us"), latencyStats(latenciesUs)}});
}

//! Prints the result line of the pipeline scenario: \a pushes echo pushes answered in \a window
//! with at most \a inFlight in flight, and their round trips \a latenciesUs in microseconds.
inline void printPipelineResult(const QString &client, qint64 pushes, int inFlight, int size,
                                const Window &window, const QList<double> &latenciesUs)
{
    printJson(QJsonObject{{QStringLiteral("client"), client},
                          {QStringLiteral("scenario"), QStringLiteral("pipeline")},
                          {QStringLiteral("count"), double(pushes)},
                          {QStringLiteral("pushes"), double(latenciesUs.size())},
                          {QStringLiteral("window"), inFlight},
                          {QStringLiteral("size"), size},
                          {QStringLiteral("wall_s"), window.wallSeconds()},
                          {QStringLiteral("cpu_s"), window.cpuSeconds()},
                          {QStringLiteral("rtt_us"), latencyStats(latenciesUs)}});
}

//! The decode benchmarks' frames: broadcasts [null,null,"bench:<i>","bench",payload] over \a topics
//! topics, with a payload object of exactly \a size bytes ({"id":..,"user":..,"body":"..."}).
inline QStringList makeBroadcastFrames(int size, int topics)
{
    const QByteArray head = R"({"id":1234567,"user":"ada","body":")";
    const QByteArray words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ";
    const qsizetype bodySize = std::max<qsizetype>(1, size - head.size() - 2);
    QByteArray body;
    while (body.size() < bodySize)
        body.append(words);
    body.truncate(bodySize);
    const QByteArray payload = head + body + R"("})";
    QStringList frames;
    for (int i = 0; i < topics; ++i)
        frames.append(QString::fromUtf8("[null,null,\"bench:" + QByteArray::number(i) + "\",\"bench\"," +
                                        payload + ']'));
    return frames;
}

} // namespace Bench
