// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// What channels ask of the engine besides sending: leaving, their rejoin schedule, the other instances
// of their topic, and the report of a finished push.
#include "phoenixengine_p.h"

#include "phoenixlogging_p.h"

void PhoenixEngine::removeChannel(PhoenixEngineChannel *channel)
{
    m_registry.remove(channel);
    resetRejoin(channel);
    m_rejoins.remove(channel);
    m_held.remove(channel); // empty by now: the channel's pushes cancelled themselves
    if (const qsizetype dropped = m_sendBuffer.removeChannel(channel))
        setBuffered(m_buffered - int(dropped));
}

bool PhoenixEngine::leaveOtherInstances(PhoenixEngineChannel *channel)
{
    // One at a time, looked up afresh each time: a leave runs application code, which may delete or
    // leave instances (a leaving instance is no longer active, so this ends).
    for (;;) {
        PhoenixEngineChannel *other = nullptr;
        for (PhoenixEngineChannel *instance : m_registry.routed(channel->topic())) {
            if (instance != channel && instance->isActive()) {
                other = instance;
                break;
            }
        }
        if (!other)
            return true;
        qCInfo(lcPhoenixChannel).noquote()
            << "leaving the other instance of" << channel->topic() << "before joining";
        if (!m_events ||
            !PhoenixCallout::run([&] { other->engineLeaveForNewInstance(); }, &m_life, channel->life()))
            return false;
    }
}

bool PhoenixEngine::scheduleRejoin(PhoenixEngineChannel *channel, int *attempt, int *delayMs)
{
    const int next = m_rejoins.value(channel).tries + 1;
    int delay = 0;
    if (!m_events ||
        !PhoenixCallout::run([&] { delay = settings.rejoinAfter ? settings.rejoinAfter(next) : 0; }, &m_life,
                             channel->life()))
        return false;
    Rejoin &rejoin = m_rejoins[channel];
    if (rejoin.timerId)
        killTimer(rejoin.timerId);
    *attempt = rejoin.tries + 1;
    *delayMs = std::max(0, delay);
    rejoin.timerId = startTimer(*delayMs, Qt::PreciseTimer);
    return true;
}

void PhoenixEngine::resetRejoin(PhoenixEngineChannel *channel)
{
    const auto it = m_rejoins.find(channel);
    if (it == m_rejoins.end())
        return;
    if (it->timerId)
        killTimer(it->timerId);
    m_rejoins.erase(it);
}

void PhoenixEngine::onRejoinTimer(int timerId)
{
    for (auto it = m_rejoins.begin(); it != m_rejoins.end(); ++it) {
        if (it->timerId != timerId)
            continue;
        killTimer(timerId);
        it->timerId = 0;
        ++it->tries;
        PhoenixEngineChannel *channel = it.key();
        if (isConnected())
            (void)callOut([&] { channel->engineRejoinDue(); });
        return;
    }
}

bool PhoenixEngine::reportPushFinished(PhoenixEngineChannel *channel, PhoenixEnginePush *push,
                                       const QString &event, const QString &status, qint64 durationMs)
{
    ++m_telemetry.counters.pushesFinished;
    if (!m_events || !m_events->listensToPushFinished())
        return true;
    return PhoenixCallout::run(
        [&] { m_events->pushFinished(channel->topic(), event, status, int(durationMs)); }, &m_life,
        channel->life(), push->life());
}
