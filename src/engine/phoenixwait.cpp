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

//! Releases every object of \a entries that still exists.
void releaseAll(const std::vector<Deferred> &entries)
{
    for (const Deferred &entry : entries) {
        if (entry.object)
            entry.release(entry.object);
    }
}

struct WaitState
{
    int depth = 0;
    std::vector<Deferred> deferred;
};

// One per thread: sockets, channels and pushes live in one thread each.
thread_local WaitState t_wait;

struct BatchState
{
    int depth = 0;
    std::vector<Deferred> pending;
};
thread_local BatchState t_batch;

//! Owns a batch of finished objects until Qt delivers its own deferred deletion; then releases them.
class ReleaseHolder final : public QObject
{
public:
    explicit ReleaseHolder(std::vector<Deferred> &&objects)
        : m_objects(std::move(objects))
    {
    }
    ~ReleaseHolder() override { releaseAll(m_objects); }

private:
    std::vector<Deferred> m_objects;
};

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
    releaseAll(std::exchange(t_wait.deferred, {}));
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

PhoenixReleaseBatch::PhoenixReleaseBatch()
{
    ++t_batch.depth;
}

PhoenixReleaseBatch::~PhoenixReleaseBatch()
{
    if (--t_batch.depth > 0 || t_batch.pending.empty())
        return;
    // Owned by Qt's deferred deletion from here: deleteLater() from the batch's own level, as each
    // push's deleteLater() would have been.
    auto *holder = new ReleaseHolder(std::exchange(t_batch.pending, {}));
    holder->deleteLater();
}

bool PhoenixReleaseBatch::isActive()
{
    return t_batch.depth > 0;
}

void PhoenixReleaseBatch::add(QObject *object, void (*release)(QObject *object))
{
    t_batch.pending.push_back({QPointer<QObject>(object), release});
}
