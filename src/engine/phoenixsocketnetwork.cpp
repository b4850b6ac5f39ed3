// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Staying connected on real devices: the engine's reactions to the system's network (no retry loop
// while offline, reconnect at once when a network is back, probe the connection when the network
// changes), PhoenixSocket::checkConnection() for applications that resume, and
// PhoenixSocket::waitForConnected().
#include "phoenixsocket_p.h"

#include "phoenixlogging_p.h"
#include "phoenixwait_p.h"

#include <QtCore/QEventLoop>
#include <QtCore/QPointer>

#include <algorithm>

// ---- the engine ------------------------------------------------------------------------------------

void PhoenixSocketPrivate::onReachabilityChanged(PhoenixNetworkStatus::Reachability reachability)
{
    if (!settings.networkAware)
        return;
    if (reachability == PhoenixNetworkStatus::Reachability::Offline) {
        if (reconnectTimer.isActive()) {
            reconnectTimer.stop();
            reconnectPaused = true;
            qCInfo(lcPhoenixSocket) << "the system reports no network: reconnecting when it is back";
        } else if (isConnected()) {
            // Perhaps only the system's view (a loopback server still answers): ask the server.
            probeConnection("the system reports no network");
        }
        return;
    }
    // Online, or the backend no longer knows: never wait on a hint that may be wrong.
    if (!connection && reconnectPending()) {
        resumeReconnect("the network is back");
        return;
    }
    if (isConnected())
        probeConnection("the network changed");
}

void PhoenixSocketPrivate::onTransportMediumChanged()
{
    // A connection made over the old medium usually died with it, often without a word (no FIN).
    if (settings.networkAware && isConnected())
        probeConnection("the network medium changed");
}

void PhoenixSocketPrivate::probeConnection(const char *why)
{
    if (!isConnected())
        return;
    const int regular = settings.effectiveHeartbeatTimeout();
    const int limit = regular > 0 ? std::min(regular, ProbeTimeoutMs) : ProbeTimeoutMs;
    if (pendingHeartbeatRef) {
        // A heartbeat is out already: it has at most `limit` from now to be answered.
        if (pendingHeartbeatTimeout - heartbeatClock.elapsed() > limit) {
            qCInfo(lcPhoenixSocket).noquote()
                << why << "- the pending heartbeat must be answered within" << limit << "ms";
            heartbeatTimeoutTimer.start(limit, q);
        }
        return;
    }
    qCInfo(lcPhoenixSocket).noquote() << why << "- probing the connection (" << limit << "ms)";
    heartbeatTimer.stop(); // the reply schedules the next one, as any heartbeat's
    sendHeartbeat(limit);
}

bool PhoenixSocketPrivate::pauseReconnectWhileOffline()
{
    if (!settings.networkAware || !network || !network->isOffline())
        return false;
    if (!reconnectPaused)
        qCInfo(lcPhoenixSocket) << "the system reports no network: reconnecting when it is back";
    reconnectPaused = true;
    return true;
}

void PhoenixSocketPrivate::resumeReconnect(const char *why)
{
    const bool pending = reconnectPending();
    reconnectTimer.stop();
    reconnectPaused = false;
    if (!pending || connection || closeWasClean || !settings.autoReconnect)
        return;
    qCInfo(lcPhoenixSocket).noquote() << why << "- reconnecting now";
    setReconnectTries(reconnectTries + 1);
    open();
}

void PhoenixSocketPrivate::checkConnection()
{
    if (isConnected())
        probeConnection("checkConnection()");
    else if (!connection && reconnectPending())
        resumeReconnect("checkConnection()"); // an explicit request: also while the system says offline
}

void PhoenixSocketPrivate::onNetworkAwareChanged()
{
    if (!settings.networkAware) {
        if (reconnectPaused) // nothing to wait for any more: back to the reconnect schedule
        {
            reconnectPaused = false;
            if (!connection && settings.autoReconnect && !closeWasClean)
                scheduleReconnect();
        }
        return;
    }
    if (connection || reconnectPending())
        hookNetworkInformation();
}

// ---- PhoenixSocket ---------------------------------------------------------------------------------

void PhoenixSocket::checkConnection()
{
    d->checkConnection();
}

bool PhoenixSocket::waitForConnected(int msecs)
{
    if (isConnected())
        return true;
    if (!d->connection && !d->reconnectPending())
        return false;             // nothing under way: connectToServer() first
    const PhoenixWaitScope scope; // pushes finishing meanwhile stay readable until it returns
    const QPointer<PhoenixSocket> self(this);
    QEventLoop loop;
    connect(this, &PhoenixSocket::connected, &loop, &QEventLoop::quit);
    connect(this, &PhoenixSocket::errorOccurred, &loop, [&loop](Error error) {
        // Errors of messages (a full buffer, a malformed frame) say nothing about the connection.
        if (error != Error::SendBufferFullError && error != Error::ProtocolError)
            loop.quit();
    });
    connect(this, &QObject::destroyed, &loop, &QEventLoop::quit);
    PhoenixWaitScope::exec(loop, msecs);
    return self && self->isConnected();
}
