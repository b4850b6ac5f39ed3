// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixglobal.h"
#include "phoenixtelemetry.h"

#include <functional>
#include <limits>
#include <memory>

class QTimer;

/*!
 * \internal
 * The round trips of the most recent replied pushes, for the percentiles of PhoenixTelemetry.
 * Recording is a store into a ring (allocated with the first sample); the percentiles are computed
 * when a snapshot is taken (nearest rank over a sorted copy).
 */
class PHOENIXQT_AUTOTEST_EXPORT PhoenixRoundTripWindow
{
public:
    PhoenixRoundTripWindow();
    ~PhoenixRoundTripWindow();
    void record(int ms);
    int size() const { return m_size; }
    int last() const { return m_last; }
    //! The nearest-rank \a percent percentile (0 < percent ≤ 100) of the window, -1 when empty.
    int percentile(double percent) const;

private:
    std::unique_ptr<int[]> m_samples;
    int m_next = 0;
    int m_size = 0;
    int m_last = -1;
};

/*!
 * \internal
 * The socket engine's counters (it alone writes them: plain increments on its paths) and the
 * throttled notifier of PhoenixSocket::telemetryChanged(), which runs only while something is
 * connected to that signal.
 */
class PhoenixTelemetryRecorder
{
public:
    PhoenixTelemetryRecorder();
    ~PhoenixTelemetryRecorder();

    // ---- hot path: counters only ----
    void frameIn(qsizetype bytes)
    {
        ++counters.messagesIn;
        counters.bytesIn += bytes;
    }
    void frameOut(qsizetype bytes)
    {
        ++counters.messagesOut;
        counters.bytesOut += bytes;
    }
    void buffered(int count)
    {
        if (count > counters.sendBufferHighWater)
            counters.sendBufferHighWater = count;
    }
    void roundTrip(qint64 ms) { window.record(int(qMin<qint64>(ms, std::numeric_limits<int>::max()))); }

    //! The counters with the percentiles filled in.
    PhoenixTelemetry snapshot() const;

    /*!
     * Something connected to telemetryChanged(): emit \a notify (with a snapshot) at most every
     * \a intervalMs while the counters change, for as long as \a listening() says someone listens.
     */
    void startNotifying(QObject *context, int intervalMs, std::function<bool()> listening,
                        std::function<void(const PhoenixTelemetry &)> notify);
    //! Stops the notifier (the engine is detached from its socket).
    void stopNotifying();

    PhoenixTelemetry counters; // the percentiles are filled in by snapshot()
    PhoenixRoundTripWindow window;

private:
    void tick();

    //! Exists while something listens to telemetryChanged() (most sockets never pay for it).
    struct Notifier
    {
        std::unique_ptr<QTimer> timer;
        std::function<bool()> listening;
        std::function<void(const PhoenixTelemetry &)> notify;
        PhoenixTelemetry lastNotified;
    };
    std::unique_ptr<Notifier> m_notifier;
};
