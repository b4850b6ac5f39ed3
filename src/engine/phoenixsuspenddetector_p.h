// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixglobal.h"

#include <QtCore/QBasicTimer>
#include <QtCore/QObject>

#include <functional>

/*!
 * \internal
 * Notices that the process or the machine was suspended, so that the engine can probe its connection
 * at once instead of waiting for a heartbeat to time out (a connection that slept is often dead: the
 * server gave up on it, a NAT forgot it, its close was lost).
 *
 * While started it ticks every interval() ms (a very coarse timer: a few wakeups a minute) and
 * compares two clocks over each tick:
 * - the monotonic clock (CLOCK_MONOTONIC, Qt's timers' clock) ran much longer than the interval: the
 *   tick fired far later than it was due, because the process was stopped (SIGSTOP, a debugger) or its
 *   event loop was blocked: ProcessStopped;
 * - a clock that keeps running while the machine sleeps (CLOCK_BOOTTIME on Linux, the wall clock
 *   elsewhere) ran much longer than the monotonic one, which stops during a system suspend (Linux,
 *   macOS): MachineSuspended. Where that clock is the wall clock, a wall clock set forward looks the
 *   same; probing then costs one heartbeat;
 * - the wall clock ran much further than the monotonic one although the machine did not sleep (it
 *   was set forward, or NTP stepped it after a long sleep that the platform's clocks did not show):
 *   WallClockJumped. Timers and TLS sessions follow the monotonic clock, but a jump this large on a
 *   running machine usually comes with a resume or a network change: it is worth one probe. A wall
 *   clock set back is ignored (nothing of a connection depends on it).
 * "Much" is threshold(): the larger of 3 s and half the interval. resumed() is emitted once per gap.
 *
 * A tick that was due while the machine slept fires once it resumes, so a suspend is noticed within
 * one interval of the resume (at once for a stopped process). On Linux logind announces a resume
 * itself (PhoenixNetworkStatus::resumedFromSleep(), fed by PhoenixLogindWatcher).
 *
 * Lives in its owner's thread. Tests drive check() with clocks of their own (setClocksForTesting()).
 */
class PHOENIXQT_AUTOTEST_EXPORT PhoenixSuspendDetector : public QObject
{
    Q_OBJECT

public:
    //! What the clocks say happened.
    enum class Cause {
        ProcessStopped,   //!< a tick fired far later than due (process stopped, event loop blocked)
        MachineSuspended, //!< the suspend-aware clock ran ahead of the monotonic one
        WallClockJumped   //!< the wall clock ran ahead of both (set forward, stepped by NTP)
    };
    Q_ENUM(Cause)

    //! A clock in ms.
    using Clock = std::function<qint64()>;
    static constexpr int DefaultIntervalMs = 5000;

    explicit PhoenixSuspendDetector(QObject *parent = nullptr);
    ~PhoenixSuspendDetector() override;

    //! Starts ticking every \a intervalMs (restarts the measurement); stop() ends it.
    void start(int intervalMs = DefaultIntervalMs);
    void stop();
    bool isActive() const { return m_active; }
    int interval() const { return m_interval; }
    //! The gap that counts as a suspension: max(3000, interval / 2) ms.
    int threshold() const;

    //! Compares the clocks since the last check (the timer calls it; so do tests).
    void check();

    //! Uses \a monotonic and \a suspendAware instead of the system's clocks (all in ms); the wall
    //! clock is \a wall, or \a suspendAware when none is given.
    void setClocksForTesting(Clock monotonic, Clock suspendAware, Clock wall = Clock());

    //! The system's monotonic clock, in ms (stops while the machine sleeps on Linux).
    static qint64 monotonicMs();
    //! A clock that keeps running while the machine sleeps, in ms (CLOCK_BOOTTIME, else the wall clock).
    static qint64 suspendAwareMs();
    //! The wall clock (UTC), in ms since the epoch.
    static qint64 wallMs();

Q_SIGNALS:
    //! Emitted after a suspension of about \a gapMs was noticed; \a cause says which clock told.
    void resumed(PhoenixSuspendDetector::Cause cause, qint64 gapMs);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void resetBaseline();

    QBasicTimer m_timer;
    Clock m_monotonic;
    Clock m_suspendAware;
    Clock m_wall;
    qint64 m_lastMonotonic = 0;
    qint64 m_lastSuspendAware = 0;
    qint64 m_lastWall = 0;
    int m_interval = DefaultIntervalMs;
    bool m_active = false;
};
