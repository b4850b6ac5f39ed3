// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixprobes_p.h"

#include <algorithm>

void PhoenixProbes::add(const Probe &probe)
{
    if (probe.kind == Kind::Ping) {
        const auto pings = std::count_if(m_probes.begin(), m_probes.end(),
                                         [](const Probe &p) { return p.kind == Kind::Ping; });
        if (pings >= MaxPings) { // a server that never answers: forget the oldest, do not grow
            m_probes.erase(std::find_if(m_probes.begin(), m_probes.end(),
                                        [](const Probe &p) { return p.kind == Kind::Ping; }));
        }
    }
    m_probes.push_back(probe);
}

PhoenixProbes::Probe PhoenixProbes::take(quint64 ref)
{
    const auto it =
        std::find_if(m_probes.begin(), m_probes.end(), [ref](const Probe &p) { return p.ref == ref; });
    if (it == m_probes.end())
        return {};
    const Probe probe = *it;
    m_probes.erase(it);
    return probe;
}

PhoenixProbes::Probe *PhoenixProbes::find(Kind kind)
{
    const auto it =
        std::find_if(m_probes.begin(), m_probes.end(), [kind](const Probe &p) { return p.kind == kind; });
    return it == m_probes.end() ? nullptr : &*it;
}

void PhoenixProbes::remove(Kind kind)
{
    m_probes.erase(
        std::remove_if(m_probes.begin(), m_probes.end(), [kind](const Probe &p) { return p.kind == kind; }),
        m_probes.end());
}

PhoenixProbes::Probe PhoenixProbes::takeExpired(qint64 now)
{
    const auto it = std::find_if(m_probes.begin(), m_probes.end(),
                                 [now](const Probe &p) { return p.deadline >= 0 && p.deadline <= now; });
    if (it == m_probes.end())
        return {};
    const Probe probe = *it;
    m_probes.erase(it);
    return probe;
}

qint64 PhoenixProbes::nextDeadline() const
{
    qint64 next = -1;
    for (const Probe &probe : m_probes) {
        if (probe.deadline >= 0 && (next < 0 || probe.deadline < next))
            next = probe.deadline;
    }
    return next;
}
