// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Staying connected on real devices: the engine's reactions to the system's network (no retry loop
// while offline, reconnect at once when a network is back, probe the connection when the network
// changes) and checkConnection() for applications that resume.
#include "phoenixengine_p.h"

#include "phoenixlogging_p.h"

void PhoenixEngine::hookNetworkInformation()
{
    if (!settings.networkAware || m_networkHooked)
        return;
    m_networkHooked = true;
    // QNetworkInformation (or a test's stand-in).
    m_network = PhoenixNetworkStatus::instance();
    if (!m_network)
        return;
    connect(m_network, &PhoenixNetworkStatus::reachabilityChanged, this,
            [this](PhoenixNetworkStatus::Reachability reachability) { onReachabilityChanged(reachability); });
    connect(m_network, &PhoenixNetworkStatus::transportMediumChanged, this,
            [this] { onTransportMediumChanged(); });
}

void PhoenixEngine::onReachabilityChanged(PhoenixNetworkStatus::Reachability reachability)
{
    if (!settings.networkAware)
        return;
    if (reachability == PhoenixNetworkStatus::Reachability::Offline) {
        if (m_reconnectTimer.isActive()) {
            m_reconnectTimer.stop();
            m_reconnectPaused = true;
            qCInfo(lcPhoenixSocket) << "the system reports no network: reconnecting when it is back";
        } else if (isConnected()) {
            // Perhaps only the system's view (a loopback server still answers): ask the server.
            probeConnection("the system reports no network");
        }
        return;
    }
    // Online, or the backend no longer knows: never wait on a hint that may be wrong.
    if (!m_connection && reconnectPending()) {
        (void)resumeReconnect("the network is back");
        return;
    }
    if (isConnected())
        probeConnection("the network changed");
}

void PhoenixEngine::onTransportMediumChanged()
{
    // A connection made over the old medium usually died with it, often without a word (no FIN).
    if (settings.networkAware && isConnected())
        probeConnection("the network medium changed");
}

bool PhoenixEngine::pauseReconnectWhileOffline()
{
    if (!settings.networkAware || !m_network || !m_network->isOffline())
        return false;
    if (!m_reconnectPaused)
        qCInfo(lcPhoenixSocket) << "the system reports no network: reconnecting when it is back";
    m_reconnectPaused = true;
    return true;
}

bool PhoenixEngine::resumeReconnect(const char *why)
{
    const bool pending = reconnectPending();
    m_reconnectTimer.stop();
    m_reconnectPaused = false;
    if (!pending || m_connection || !m_wantsConnection || !settings.autoReconnect)
        return true;
    qCInfo(lcPhoenixSocket).noquote() << why << "- reconnecting now";
    if (!setReconnectTries(m_reconnectTries + 1))
        return false;
    if (m_connection || !m_wantsConnection || !settings.autoReconnect)
        return true; // a slot disconnected, or connected already
    return open();
}

bool PhoenixEngine::checkConnection()
{
    if (isConnected())
        probeConnection("checkConnection()");
    else if (!m_connection && reconnectPending())
        return resumeReconnect(
            "checkConnection()"); // an explicit request: also while the system says offline
    return true;
}

bool PhoenixEngine::networkAwareChanged()
{
    if (!settings.networkAware) {
        if (m_reconnectPaused) { // nothing to wait for any more: back to the reconnect schedule
            m_reconnectPaused = false;
            if (!m_connection && settings.autoReconnect && m_wantsConnection)
                return scheduleReconnect();
        }
        return true;
    }
    if (m_connection || reconnectPending())
        hookNetworkInformation();
    return true;
}
