// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmlpresence.h"

#include "phoenixqmlchannel.h"

#include <phoenixpresence.h>

PhoenixQmlPresence::PhoenixQmlPresence(QObject *parent)
    : PhoenixPresenceModel(parent)
{
}

PhoenixQmlPresence::~PhoenixQmlPresence() = default;

PhoenixQmlChannel *PhoenixQmlPresence::channel() const
{
    return m_channel;
}

void PhoenixQmlPresence::setChannel(PhoenixQmlChannel *channel)
{
    if (m_channel == channel)
        return;
    if (m_channel)
        disconnect(m_channel, nullptr, this, nullptr);
    m_channel = channel;
    if (m_channel) {
        connect(m_channel, &PhoenixQmlChannel::channelChanged, this, &PhoenixQmlPresence::attach);
        connect(m_channel, &QObject::destroyed, this, &PhoenixQmlPresence::attach);
    }
    attach();
    Q_EMIT channelChanged();
}

QStringList PhoenixQmlPresence::keys() const
{
    return presence() ? presence()->keys() : QStringList();
}

bool PhoenixQmlPresence::isInSync() const
{
    return presence() && presence()->isSynced();
}

bool PhoenixQmlPresence::contains(const QString &key) const
{
    return presence() && presence()->contains(key);
}

void PhoenixQmlPresence::attach()
{
    PhoenixPresence *next = m_channel ? m_channel->presence() : nullptr;
    PhoenixPresence *current = presence();
    if (next == current)
        return;
    const bool wasInSync = isInSync();
    const QStringList oldKeys = keys();
    if (current)
        disconnect(current, nullptr, this, nullptr);
    setPresence(next);
    if (next) {
        connect(next, &PhoenixPresence::joined, this, &PhoenixQmlPresence::joined);
        connect(next, &PhoenixPresence::left, this, &PhoenixQmlPresence::left);
        connect(next, &PhoenixPresence::synced, this, &PhoenixQmlPresence::synced);
        connect(next, &PhoenixPresence::keysChanged, this, &PhoenixQmlPresence::keysChanged);
        connect(next, &PhoenixPresence::inSyncChanged, this, &PhoenixQmlPresence::inSyncChanged);
        // Deleted with its channel: show nothing rather than a stale list.
        connect(next, &QObject::destroyed, this, [this] {
            Q_EMIT keysChanged();
            Q_EMIT inSyncChanged();
        });
    }
    if (oldKeys != keys())
        Q_EMIT keysChanged();
    if (wasInSync != isInSync())
        Q_EMIT inSyncChanged();
}
