// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QtGlobal>

#include <vector>

/*!
 * \internal
 * The engine's outstanding probes of one connection: heartbeat frames sent with a ref of their own,
 * each with what it is for and until when its reply may come. One mechanism for the four things
 * that ask the server for a sign of life:
 *
 * - the regular heartbeat, and the probe of checkConnection() or a network change, which is a
 *   heartbeat with a short deadline (or the pending heartbeat's deadline shortened): a reply gives
 *   the latency and schedules the next heartbeat; a missed deadline means a dead connection;
 * - PhoenixSocket::ping(): a reply is a pong; no deadline;
 * - the LongPoll fallback's probe of a WebSocket that just opened: a reply proves WebSockets work;
 *   a missed deadline falls back to LongPoll.
 *
 * Few at a time (a heartbeat, a fallback probe, the pings of one connection), so a vector.
 */
class PhoenixProbes
{
public:
    enum class Kind : quint8 { Heartbeat, Ping, Fallback };

    struct Probe
    {
        quint64 ref = 0;      // 0: no probe
        qint64 sentAt = 0;    // engine clock, ms
        qint64 deadline = -1; // engine clock, ms; -1: none
        Kind kind = Kind::Heartbeat;
    };

    //! Most pings kept waiting for their pong; the oldest is forgotten beyond that.
    static constexpr int MaxPings = 64;

    void add(const Probe &probe);
    //! Takes the probe of \a ref out (its reply arrived); ref 0 when there is none.
    Probe take(quint64 ref);
    //! The pending probe of \a kind, or null.
    Probe *find(Kind kind);
    //! Forgets the probes of \a kind.
    void remove(Kind kind);
    //! Takes out one probe whose deadline is at or before \a now; ref 0 when there is none.
    Probe takeExpired(qint64 now);
    //! The earliest deadline, -1 when no probe has one.
    qint64 nextDeadline() const;
    bool isEmpty() const { return m_probes.empty(); }
    void clear() { m_probes.clear(); }

private:
    std::vector<Probe> m_probes;
};
