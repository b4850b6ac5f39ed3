// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixreplytable_p.h"

#include <algorithm>

void PhoenixReplyTable::insert(quint64 ref, PhoenixEnginePush *push, PhoenixEngineChannel *channel,
                               qint64 deadline, qint64 sentAt)
{
    m_entries.insert(ref, Entry{push, channel, deadline, sentAt});
    m_heap.push_back(Deadline{deadline, ref});
    std::push_heap(m_heap.begin(), m_heap.end());
}

PhoenixEnginePush *PhoenixReplyTable::take(quint64 ref, const PhoenixEngineChannel *channel, qint64 *sentAt)
{
    const auto it = m_entries.find(ref);
    if (it == m_entries.end() || it->channel != channel)
        return nullptr;
    PhoenixEnginePush *push = it->push;
    if (sentAt)
        *sentAt = it->sentAt;
    m_entries.erase(it);
    compactIfMostlyStale();
    return push;
}

void PhoenixReplyTable::remove(quint64 ref)
{
    if (m_entries.remove(ref))
        compactIfMostlyStale();
}

void PhoenixReplyTable::dropStaleTop()
{
    while (!m_heap.empty()) {
        const Deadline &top = m_heap.front();
        const auto it = m_entries.constFind(top.ref);
        if (it != m_entries.constEnd() && it->deadline == top.at)
            return;
        std::pop_heap(m_heap.begin(), m_heap.end());
        m_heap.pop_back();
    }
}

void PhoenixReplyTable::compactIfMostlyStale()
{
    if (m_entries.isEmpty()) {
        // Give back what a burst (e.g. 10,000 joins) made the table grow to.
        m_heap = {};
        m_entries = {};
        return;
    }
    if (m_heap.size() < 1024 || m_heap.size() < size_t(m_entries.size()) * 4)
        return;
    m_heap.erase(std::remove_if(m_heap.begin(), m_heap.end(),
                                [this](const Deadline &d) {
                                    const auto it = m_entries.constFind(d.ref);
                                    return it == m_entries.constEnd() || it->deadline != d.at;
                                }),
                 m_heap.end());
    std::make_heap(m_heap.begin(), m_heap.end());
}

qint64 PhoenixReplyTable::nextDeadline()
{
    dropStaleTop();
    return m_heap.empty() ? -1 : m_heap.front().at;
}

PhoenixReplyTable::Entry PhoenixReplyTable::takeExpired(qint64 now)
{
    dropStaleTop();
    if (m_heap.empty() || m_heap.front().at > now)
        return {};
    const quint64 ref = m_heap.front().ref;
    std::pop_heap(m_heap.begin(), m_heap.end());
    m_heap.pop_back();
    const Entry entry = m_entries.take(ref);
    if (m_entries.isEmpty())
        compactIfMostlyStale();
    return entry;
}
