// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The socket engine's telemetry: counters, the round trip window and the throttled notifier.
#include "phoenixtelemetry_p.h"

#include <QtCore/QTimer>

#include <algorithm>
#include <cmath>
#include <vector>

// ---- PhoenixRoundTripWindow ------------------------------------------------------------------------

PhoenixRoundTripWindow::PhoenixRoundTripWindow() = default;
PhoenixRoundTripWindow::~PhoenixRoundTripWindow() = default;

void PhoenixRoundTripWindow::record(int ms)
{
    if (!m_samples)
        m_samples = std::make_unique<int[]>(PhoenixTelemetry::RoundTripWindow);
    m_samples[m_next] = ms;
    m_next = (m_next + 1) % PhoenixTelemetry::RoundTripWindow;
    if (m_size < PhoenixTelemetry::RoundTripWindow)
        ++m_size;
    m_last = ms;
}

int PhoenixRoundTripWindow::percentile(double percent) const
{
    if (m_size == 0)
        return -1;
    std::vector<int> sorted(m_samples.get(), m_samples.get() + m_size);
    // Nearest rank: the smallest value with at least percent % of the samples at or below it.
    const int rank = std::clamp(int(std::ceil(percent / 100.0 * m_size)), 1, m_size);
    std::nth_element(sorted.begin(), sorted.begin() + (rank - 1), sorted.end());
    return sorted[size_t(rank - 1)];
}

// ---- PhoenixTelemetryRecorder ----------------------------------------------------------------------

PhoenixTelemetryRecorder::PhoenixTelemetryRecorder() = default;
PhoenixTelemetryRecorder::~PhoenixTelemetryRecorder() = default;

PhoenixTelemetry PhoenixTelemetryRecorder::snapshot() const
{
    PhoenixTelemetry result = counters;
    result.roundTripLast = window.last();
    result.roundTripSamples = window.size();
    result.roundTripP50 = window.percentile(50);
    result.roundTripP99 = window.percentile(99);
    return result;
}

void PhoenixTelemetryRecorder::startNotifying(QObject *context, int intervalMs,
                                              std::function<bool()> listening,
                                              std::function<void(const PhoenixTelemetry &)> notify)
{
    if (!m_notifier)
        m_notifier = std::make_unique<Notifier>();
    m_notifier->listening = std::move(listening);
    m_notifier->notify = std::move(notify);
    if (m_notifier->timer)
        return;
    m_notifier->lastNotified = snapshot(); // a listener reads the property first: tell it of changes
    // A child of the socket (it moves with it to another thread); owned here.
    m_notifier->timer = std::make_unique<QTimer>(context);
    m_notifier->timer->setInterval(intervalMs);
    QObject::connect(m_notifier->timer.get(), &QTimer::timeout, context, [this] { tick(); });
    m_notifier->timer->start();
}

void PhoenixTelemetryRecorder::stopNotifying()
{
    if (!m_notifier || !m_notifier->timer)
        return;
    m_notifier->timer->stop();
    m_notifier->timer.release()->deleteLater(); // we may be in its timeout()
}

void PhoenixTelemetryRecorder::tick()
{
    Notifier &notifier = *m_notifier;
    if (!notifier.listening || !notifier.listening()) {
        // Nobody listens any more: no timer, no cost (deleted later: we are in its timeout()).
        notifier.timer->stop();
        notifier.timer.release()->deleteLater();
        return;
    }
    const PhoenixTelemetry now = snapshot();
    if (now == notifier.lastNotified)
        return;
    notifier.lastNotified = now;
    notifier.notify(now); // may delete the socket (and this): nothing after it
}
