// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixsuspenddetector_p.h"

#include "phoenixlogging_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QTimerEvent>

#include <algorithm>

#if defined(Q_OS_LINUX)
#include <time.h>
#endif

PhoenixSuspendDetector::PhoenixSuspendDetector(QObject *parent)
    : QObject(parent)
    , m_monotonic(&PhoenixSuspendDetector::monotonicMs)
    , m_suspendAware(&PhoenixSuspendDetector::suspendAwareMs)
    , m_wall(&PhoenixSuspendDetector::wallMs)
{
}

PhoenixSuspendDetector::~PhoenixSuspendDetector() = default;

qint64 PhoenixSuspendDetector::monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

qint64 PhoenixSuspendDetector::suspendAwareMs()
{
#if defined(Q_OS_LINUX) && defined(CLOCK_BOOTTIME)
    timespec now{};
    if (clock_gettime(CLOCK_BOOTTIME, &now) == 0)
        return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
#endif
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 PhoenixSuspendDetector::wallMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

int PhoenixSuspendDetector::threshold() const
{
    return std::max(3000, m_interval / 2);
}

void PhoenixSuspendDetector::setClocksForTesting(Clock monotonic, Clock suspendAware, Clock wall)
{
    m_monotonic = std::move(monotonic);
    m_wall = wall ? std::move(wall) : suspendAware;
    m_suspendAware = std::move(suspendAware);
    resetBaseline();
}

void PhoenixSuspendDetector::resetBaseline()
{
    m_lastMonotonic = m_monotonic();
    m_lastSuspendAware = m_suspendAware();
    m_lastWall = m_wall();
}

void PhoenixSuspendDetector::start(int intervalMs)
{
    m_interval = std::max(1, intervalMs);
    m_active = true;
    resetBaseline();
    // Very coarse (whole seconds) on purpose: a few wakeups a minute, which the OS may batch.
    m_timer.start(m_interval, Qt::VeryCoarseTimer, this);
}

void PhoenixSuspendDetector::stop()
{
    m_active = false;
    m_timer.stop();
}

void PhoenixSuspendDetector::check()
{
    const qint64 monotonic = m_monotonic();
    const qint64 suspendAware = m_suspendAware();
    const qint64 wall = m_wall();
    const qint64 ranMonotonic = monotonic - m_lastMonotonic;
    const qint64 ranSuspendAware = suspendAware - m_lastSuspendAware;
    const qint64 ranWall = wall - m_lastWall;
    m_lastMonotonic = monotonic;
    m_lastSuspendAware = suspendAware;
    m_lastWall = wall;
    const qint64 late = ranMonotonic - m_interval;
    const qint64 slept = ranSuspendAware - ranMonotonic;
    const qint64 jumped = ranWall - std::max(ranMonotonic, ranSuspendAware);
    if (slept > threshold()) {
        qCInfo(lcPhoenixSocket) << "the machine was suspended for about" << slept << "ms";
        Q_EMIT resumed(Cause::MachineSuspended, slept);
    } else if (late > threshold()) {
        qCInfo(lcPhoenixSocket) << "the process was stopped (or its event loop blocked) for about" << late
                                << "ms";
        Q_EMIT resumed(Cause::ProcessStopped, late);
    } else if (jumped > threshold()) {
        qCInfo(lcPhoenixSocket) << "the wall clock jumped forward by about" << jumped << "ms";
        Q_EMIT resumed(Cause::WallClockJumped, jumped);
    }
}

void PhoenixSuspendDetector::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    check();
}
