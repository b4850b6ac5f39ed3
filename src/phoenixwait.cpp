// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The local event loop of the blocking waits and the deferred deletion of pushes that finish during
// one (see phoenixwait_p.h for why).
#include "phoenixwait_p.h"

#include <QtCore/QEventLoop>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

#include <utility>
#include <vector>

namespace {

struct Deferred
{
    QPointer<QObject> object;
    void (*release)(QObject *);
};

struct WaitState
{
    int depth = 0;
    std::vector<Deferred> deferred;
};

// One per thread: sockets, channels and pushes live in one thread each.
thread_local WaitState t_wait;

} // namespace

PhoenixWaitScope::PhoenixWaitScope()
{
    ++t_wait.depth;
}

PhoenixWaitScope::~PhoenixWaitScope()
{
    if (--t_wait.depth > 0)
        return;
    // From the caller's level now: deleteLater() takes effect in the next event loop that runs.
    std::vector<Deferred> deferred = std::exchange(t_wait.deferred, {});
    for (const Deferred &entry : deferred) {
        if (entry.object)
            entry.release(entry.object);
    }
}

bool PhoenixWaitScope::isActive()
{
    return t_wait.depth > 0;
}

void PhoenixWaitScope::deferDeletion(QObject *object, void (*release)(QObject *object))
{
    t_wait.deferred.push_back({QPointer<QObject>(object), release});
}

bool PhoenixWaitScope::exec(QEventLoop &loop, int msecs)
{
    bool timedOut = false;
    QTimer timer;
    if (msecs >= 0) {
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, [&timedOut, &loop] {
            timedOut = true;
            loop.quit();
        });
        timer.start(msecs);
    }
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    return !timedOut;
}
