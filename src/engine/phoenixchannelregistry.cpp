// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixchannelregistry_p.h"

void PhoenixChannelRegistry::add(PhoenixChannelPrivate *channel)
{
    m_all.append(channel);
}

void PhoenixChannelRegistry::remove(PhoenixChannelPrivate *channel)
{
    unroute(channel);
    if (!AllList::contains(channel))
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

void PhoenixChannelRegistry::route(PhoenixChannelPrivate *channel)
{
    if (channel->routed)
        return;
    channel->routed = true;
    channel->nextSameTopic = nullptr;
    PhoenixChannelPrivate *&head = m_byTopic[channel->topic];
    if (!head) {
        head = channel;
        return;
    }
    PhoenixChannelPrivate *tail = head;
    while (tail->nextSameTopic)
        tail = tail->nextSameTopic;
    tail->nextSameTopic = channel;
}

void PhoenixChannelRegistry::unroute(PhoenixChannelPrivate *channel)
{
    if (!channel->routed)
        return;
    channel->routed = false;
    const auto it = m_byTopic.find(channel->topic);
    if (it != m_byTopic.end()) {
        if (it.value() == channel) {
            if (channel->nextSameTopic)
                it.value() = channel->nextSameTopic;
            else
                m_byTopic.erase(it);
        } else {
            for (PhoenixChannelPrivate *c = it.value(); c; c = c->nextSameTopic) {
                if (c->nextSameTopic == channel) {
                    c->nextSameTopic = channel->nextSameTopic;
                    break;
                }
            }
        }
    }
    channel->nextSameTopic = nullptr;
}

QVarLengthArray<PhoenixChannelPrivate *, 2> PhoenixChannelRegistry::routed(const QString &topic) const
{
    QVarLengthArray<PhoenixChannelPrivate *, 2> result;
    for (PhoenixChannelPrivate *c = m_byTopic.value(topic); c; c = c->nextSameTopic)
        result.append(c);
    return result;
}

PhoenixChannelPrivate *PhoenixChannelRegistry::routedFirst(const QString &topic, bool *more) const
{
    PhoenixChannelPrivate *first = m_byTopic.value(topic);
    *more = first && first->nextSameTopic;
    return first;
}

PhoenixChannelPrivate *PhoenixChannelRegistry::routedFirst(QLatin1StringView topic, bool *more) const
{
    // The hash is keyed by QString: widen into a stack buffer and look up through a QString over it.
    QVarLengthArray<char16_t, 128> wide(topic.size());
    const char *bytes = topic.data();
    for (qsizetype i = 0; i < topic.size(); ++i)
        wide[i] = uchar(bytes[i]);
    const QString key = QString::fromRawData(reinterpret_cast<const QChar *>(wide.constData()), wide.size());
    return routedFirst(key, more);
}

QList<PhoenixChannelPrivate *> PhoenixChannelRegistry::all() const
{
    QList<PhoenixChannelPrivate *> result;
    result.reserve(m_all.size());
    for (PhoenixChannelPrivate *c = m_all.first(); c; c = AllList::next(c))
        result.append(c);
    return result;
}
