// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The engine's probes (see phoenixprobes_p.h): the heartbeat, ping(), the probe of checkConnection()
// and network changes, and the LongPoll fallback (phoenix.js connectWithFallback). Each is a heartbeat
// frame with a ref of its own in the probe table; its reply or its deadline decides what follows.
#include "phoenixengine_p.h"

#include "phoenixlogging_p.h"

using namespace Qt::StringLiterals;

// ---- heartbeats and probes -------------------------------------------------------------------------

void PhoenixEngine::resetHeartbeat()
{
    m_heartbeatTimer.stop();
    // A late reply to the pending heartbeat must not start the heartbeats again.
    m_probes.remove(PhoenixProbes::Kind::Heartbeat);
    armProbeTimer();
    if (settings.heartbeatInterval > 0 && m_connection && m_connection->transport->needsHeartbeat())
        m_heartbeatTimer.start(settings.heartbeatInterval, this);
}

void PhoenixEngine::stopProbes()
{
    m_heartbeatTimer.stop();
    m_probeTimer.stop();
    m_probes.clear();
}

void PhoenixEngine::sendHeartbeat(int timeoutMs)
{
    if (!isConnected())
        return;
    m_probes.remove(PhoenixProbes::Kind::Heartbeat);
    const int timeout = timeoutMs >= 0 ? timeoutMs : settings.effectiveHeartbeatTimeout();
    sendProbe(PhoenixProbes::Kind::Heartbeat, m_clock.elapsed() + timeout);
}

void PhoenixEngine::sendProbe(PhoenixProbes::Kind kind, qint64 deadline)
{
    const quint64 ref = nextRef();
    m_probes.add({ref, m_clock.elapsed(), deadline, kind});
    armProbeTimer();
    writeHeartbeat(ref);
}

void PhoenixEngine::armProbeTimer()
{
    const qint64 next = m_probes.nextDeadline();
    if (next < 0)
        m_probeTimer.stop();
    else
        m_probeTimer.start(int(std::max<qint64>(0, next - m_clock.elapsed())), Qt::PreciseTimer, this);
}

bool PhoenixEngine::onProbeReply(const PhoenixProbes::Probe &probe)
{
    armProbeTimer();
    const int roundTrip = int(m_clock.elapsed() - probe.sentAt);
    switch (probe.kind) {
    case PhoenixProbes::Kind::Heartbeat:
        // The next heartbeat is scheduled from the reply (phoenix.js, PR #4309); a probe's reply over
        // a transport without heartbeats starts none.
        if (settings.heartbeatInterval > 0 && m_connection && m_connection->transport->needsHeartbeat())
            m_heartbeatTimer.start(settings.heartbeatInterval, this);
        return setLatency(roundTrip);
    case PhoenixProbes::Kind::Ping:
        return setLatency(roundTrip) && callOut([&] { m_events->pong(roundTrip); });
    case PhoenixProbes::Kind::Fallback:
        m_webSocketHealthy = true;
        qCInfo(lcPhoenixSocket).noquote()
            << "the WebSocket to" << safeUrl() << "works: no LongPoll fallback for this socket";
        return true;
    }
    return true;
}

void PhoenixEngine::onProbeTimer()
{
    m_probeTimer.stop();
    const PhoenixProbes::Probe probe = m_probes.takeExpired(m_clock.elapsed());
    armProbeTimer();
    switch (probe.ref ? probe.kind : PhoenixProbes::Kind::Ping) {
    case PhoenixProbes::Kind::Heartbeat: {
        if (!m_connection)
            return;
        qCInfo(lcPhoenixSocket).noquote() // the network's doing: reconnected, and reported by errorOccurred
            << "heartbeat timeout: the connection to" << safeUrl() << "is dead, reconnecting";
        m_connection->errorReported = true; // the close that follows is this error, not another
        Connection *const current = m_connection.get();
        if (!setError(PhoenixConnectionError::HeartbeatTimeoutError,
                      QCoreApplication::translate("PhoenixSocket",
                                                  "The server at %1 did not answer the heartbeat in time.")
                          .arg(safeUrl())) ||
            m_connection.get() != current)
            return;
        // A half-open TCP connection never completes a close handshake: abort it.
        (void)finishConnection(true);
        return;
    }
    case PhoenixProbes::Kind::Fallback:
        (void)fallBackToLongPoll(u"no answer within longPollFallback"_s);
        return;
    case PhoenixProbes::Kind::Ping: // pings have no deadline
        return;
    }
}

bool PhoenixEngine::setLatency(int ms)
{
    if (m_latency == ms)
        return true;
    m_latency = ms;
    return callOut([&] { m_events->latencyChanged(ms); });
}

bool PhoenixEngine::ping()
{
    if (!isConnected())
        return false;
    sendProbe(PhoenixProbes::Kind::Ping, -1);
    return true;
}

void PhoenixEngine::probeConnection(const char *why)
{
    if (!isConnected())
        return;
    const int regular = settings.effectiveHeartbeatTimeout();
    const int limit = regular > 0 ? std::min(regular, ProbeTimeoutMs) : ProbeTimeoutMs;
    const qint64 deadline = m_clock.elapsed() + limit;
    if (PhoenixProbes::Probe *heartbeat = m_probes.find(PhoenixProbes::Kind::Heartbeat)) {
        // A heartbeat is out already: it has at most `limit` from now to be answered.
        if (heartbeat->deadline > deadline) {
            qCInfo(lcPhoenixSocket).noquote()
                << why << "- the pending heartbeat must be answered within" << limit << "ms";
            heartbeat->deadline = deadline;
            armProbeTimer();
        }
        return;
    }
    qCInfo(lcPhoenixSocket).noquote() << why << "- probing the connection (" << limit << "ms)";
    m_heartbeatTimer.stop(); // the reply schedules the next one, as any heartbeat's
    sendHeartbeat(limit);
}

// ---- the LongPoll fallback -------------------------------------------------------------------------
//
// phoenix.js connectWithFallback: a WebSocket that fails before it ever opened, or that has not opened
// and answered a ping within longPollFallback ms, is replaced by LongPoll for the rest of the socket's
// life. Unlike phoenix.js, a WebSocket that answered once is trusted for good: a server restart later
// on does not move the socket to LongPoll.

bool PhoenixEngine::fallbackArmed() const
{
    return settings.transport == PhoenixTransportKind::WebSocket && settings.longPollFallback > 0 &&
           !m_webSocketHealthy;
}

void PhoenixEngine::armFallback()
{
    m_probes.remove(PhoenixProbes::Kind::Fallback);
    if (fallbackArmed())
        m_fallbackTimer.start(settings.longPollFallback, this);
    else
        m_fallbackTimer.stop();
}

void PhoenixEngine::probeWebSocket()
{
    m_fallbackTimer.stop();
    if (!fallbackArmed() || !isConnected())
        return;
    // Open is not enough (a proxy may pass the upgrade and then nothing): the WebSocket gets another
    // period to answer a ping (phoenix.js: re-arm the timer and ping()).
    sendProbe(PhoenixProbes::Kind::Fallback, m_clock.elapsed() + settings.longPollFallback);
}

bool PhoenixEngine::fallBackToLongPoll(const QString &why)
{
    m_fallbackTimer.stop();
    m_probes.remove(PhoenixProbes::Kind::Fallback);
    armProbeTimer();
    if (!m_connection || m_connection->closing || !fallbackArmed())
        return true;
    qCInfo(lcPhoenixSocket).noquote()
        << "the WebSocket to" << safeUrl() << "failed (" << why << "): falling back to LongPoll";
    settings.transport = PhoenixTransportKind::LongPoll;
    if (!callOut([&] { m_events->transportChanged(settings.transport); }))
        return false;
    return reconnectIfActive();
}
