// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixchannelregistry_p.h"

void PhoenixChannelRegistry::add(PhoenixEngineChannel *channel)
{
    m_all.append(channel);
}

void PhoenixChannelRegistry::remove(PhoenixEngineChannel *channel)
{
    unroute(channel);
    if (!m_all.contains(channel))
        return;
    // Walks in progress step over the channel instead of visiting a dead one.
    for (Walk *walk = m_walks; walk; walk = walk->outer) {
        if (walk->next == channel) {
            walk->next = channel == walk->last ? nullptr : AllList::next(channel);
        } else if (walk->last == channel) {
            walk->last = AllList::prev(channel);
        }
    }
    m_all.remove(channel);
}

void PhoenixChannelRegistry::route(PhoenixEngineChannel *channel)
{
    if (channel->m_routed)
        return;
    channel->m_routed = true;
    channel->m_nextSameTopic = nullptr;
    PhoenixEngineChannel *&head = m_byTopic[channel->m_topic];
    if (!head) {
        head = channel;
        return;
    }
    PhoenixEngineChannel *tail = head;
    while (tail->m_nextSameTopic)
        tail = tail->m_nextSameTopic;
    tail->m_nextSameTopic = channel;
}

void PhoenixChannelRegistry::unroute(PhoenixEngineChannel *channel)
{
    if (!channel->m_routed)
        return;
    channel->m_routed = false;
    const auto it = m_byTopic.find(channel->m_topic);
    if (it != m_byTopic.end()) {
        if (it.value() == channel) {
            if (channel->m_nextSameTopic)
                it.value() = channel->m_nextSameTopic;
            else
                m_byTopic.erase(it);
        } else {
            for (PhoenixEngineChannel *c = it.value(); c; c = c->m_nextSameTopic) {
                if (c->m_nextSameTopic == channel) {
                    c->m_nextSameTopic = channel->m_nextSameTopic;
                    break;
                }
            }
        }
    }
    channel->m_nextSameTopic = nullptr;
}

QVarLengthArray<PhoenixEngineChannel *, 2> PhoenixChannelRegistry::routed(const QString &topic) const
{
    QVarLengthArray<PhoenixEngineChannel *, 2> result;
    for (PhoenixEngineChannel *c = m_byTopic.value(topic); c; c = c->m_nextSameTopic)
        result.append(c);
    return result;
}

PhoenixEngineChannel *PhoenixChannelRegistry::routedFirst(const QString &topic, bool *more) const
{
    PhoenixEngineChannel *first = m_byTopic.value(topic);
    *more = first && first->m_nextSameTopic;
    return first;
}

PhoenixEngineChannel *PhoenixChannelRegistry::routedFirst(QLatin1StringView topic, bool *more) const
{
    // The hash is keyed by QString: widen into a stack buffer and look up through a QString over it.
    QVarLengthArray<char16_t, 128> wide(topic.size());
    const char *bytes = topic.data();
    for (qsizetype i = 0; i < topic.size(); ++i)
        wide[i] = uchar(bytes[i]);
    const QString key = QString::fromRawData(reinterpret_cast<const QChar *>(wide.constData()), wide.size());
    return routedFirst(key, more);
}

QList<PhoenixEngineChannel *> PhoenixChannelRegistry::all() const
{
    QList<PhoenixEngineChannel *> result;
    result.reserve(m_all.size());
    for (PhoenixEngineChannel *c = m_all.first(); c; c = AllList::next(c))
        result.append(c);
    return result;
}
