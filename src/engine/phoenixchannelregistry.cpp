// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixchannelregistry_p.h"

#include <algorithm>
#include <utility>

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

namespace {
quint64 codeUnit(QChar c)
{
    return c.unicode();
}
quint64 codeUnit(char c)
{
    return uchar(c);
}

//! Whether \a candidate is \a topic, both of one size and with the same last code unit.
bool sameTopic(const QString &candidate, QStringView topic)
{
    return candidate == topic;
}

bool sameTopic(const QString &candidate, QLatin1StringView topic)
{
    // A loop over the code units: cheaper than QString's general Latin-1 comparison for a topic.
    const QChar *units = candidate.constData();
    const char *bytes = topic.data();
    for (qsizetype i = 0, n = topic.size() - 1; i < n; ++i) {
        if (units[i].unicode() != uchar(bytes[i]))
            return false;
    }
    return true;
}
} // namespace

template<typename Topic>
size_t PhoenixChannelRegistry::hashOf(Topic topic)
{
    // FNV-1a over the code units: a QString and the Latin-1 bytes of the same text hash alike.
    quint64 hash = 14695981039346656037ULL;
    for (const auto c : topic) {
        hash ^= codeUnit(c);
        hash *= 1099511628211ULL;
    }
    return size_t(hash ^ (hash >> 32));
}

template<typename Topic>
size_t PhoenixChannelRegistry::slotOf(Topic topic) const
{
    const size_t mask = m_topics.size() - 1;
    size_t slot = hashOf(topic) & mask;
    // Topics of one application mostly differ in their last characters ("room:17", "room:18"):
    // compare the size and the last one before the whole.
    const qsizetype size = topic.size();
    const auto last = size ? codeUnit(topic[size - 1]) : 0;
    for (;; slot = (slot + 1) & mask) {
        const PhoenixEngineChannel *head = m_topics[slot];
        if (!head)
            return slot;
        const QString &candidate = head->m_topic;
        if (candidate.size() == size &&
            (size == 0 || (candidate.back().unicode() == last && sameTopic(candidate, topic))))
            return slot;
    }
}

template<typename Topic>
PhoenixEngineChannel *PhoenixChannelRegistry::headOf(Topic topic) const
{
    return m_topics.empty() ? nullptr : m_topics[slotOf(topic)];
}

void PhoenixChannelRegistry::resizeTopics(size_t capacity)
{
    std::vector<PhoenixEngineChannel *> old =
        std::exchange(m_topics, std::vector<PhoenixEngineChannel *>(capacity));
    for (PhoenixEngineChannel *head : old) {
        if (head)
            m_topics[slotOf(QStringView(head->m_topic))] = head;
    }
}

void PhoenixChannelRegistry::eraseTopicSlot(size_t slot)
{
    // Backward shift: the entries after the freed slot that probed past it move up, so that every
    // lookup still finds its entry before the first free slot.
    const size_t mask = m_topics.size() - 1;
    m_topics[slot] = nullptr;
    for (size_t next = (slot + 1) & mask; m_topics[next]; next = (next + 1) & mask) {
        const size_t home = hashOf(QStringView(m_topics[next]->m_topic)) & mask;
        // Move the entry if its home is not cyclically within (slot, next].
        const bool stays = slot <= next ? (home > slot && home <= next) : (home > slot || home <= next);
        if (stays)
            continue;
        m_topics[slot] = std::exchange(m_topics[next], nullptr);
        slot = next;
    }
    --m_topicCount;
    if (m_topicCount == 0)
        m_topics = {}; // give back what a burst of joins made it grow to
    else if (m_topics.size() > 16 && m_topicCount * 8 < m_topics.size())
        resizeTopics(m_topics.size() / 2);
}

void PhoenixChannelRegistry::route(PhoenixEngineChannel *channel)
{
    if (channel->m_routed)
        return;
    channel->m_routed = true;
    channel->m_nextSameTopic = nullptr;
    if ((m_topicCount + 1) * 10 > m_topics.size() * 7)
        resizeTopics(std::max<size_t>(16, m_topics.size() * 2));
    PhoenixEngineChannel *&head = m_topics[slotOf(QStringView(channel->m_topic))];
    if (!head) {
        head = channel;
        ++m_topicCount;
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
    const size_t slot = slotOf(QStringView(channel->m_topic));
    PhoenixEngineChannel *&head = m_topics[slot];
    if (head == channel) {
        if (channel->m_nextSameTopic)
            head = channel->m_nextSameTopic;
        else
            eraseTopicSlot(slot);
    } else {
        for (PhoenixEngineChannel *c = head; c; c = c->m_nextSameTopic) {
            if (c->m_nextSameTopic == channel) {
                c->m_nextSameTopic = channel->m_nextSameTopic;
                break;
            }
        }
    }
    channel->m_nextSameTopic = nullptr;
}

QVarLengthArray<PhoenixEngineChannel *, 2> PhoenixChannelRegistry::routed(const QString &topic) const
{
    QVarLengthArray<PhoenixEngineChannel *, 2> result;
    for (PhoenixEngineChannel *c = headOf(QStringView(topic)); c; c = c->m_nextSameTopic)
        result.append(c);
    return result;
}

PhoenixEngineChannel *PhoenixChannelRegistry::routedFirst(const QString &topic, bool *more) const
{
    PhoenixEngineChannel *first = headOf(QStringView(topic));
    *more = first && first->m_nextSameTopic;
    return first;
}

PhoenixEngineChannel *PhoenixChannelRegistry::routedFirst(QLatin1StringView topic, bool *more) const
{
    PhoenixEngineChannel *first = headOf(topic);
    *more = first && first->m_nextSameTopic;
    return first;
}

QList<PhoenixEngineChannel *> PhoenixChannelRegistry::all() const
{
    QList<PhoenixEngineChannel *> result;
    result.reserve(m_all.size());
    for (PhoenixEngineChannel *c = m_all.first(); c; c = AllList::next(c))
        result.append(c);
    return result;
}
