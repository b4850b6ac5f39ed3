// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include <QtCore/QHash>
#include <QtCore/QtGlobal>

#include <vector>

class PhoenixEngineChannel;
class PhoenixEnginePush;

/*!
 * \internal
 * The pushes waiting for a reply, by ref, with their deadlines: owned by the socket engine, which
 * alone inserts, takes and expires entries (channels ask it to send and cancel pushes).
 *
 * Costs per push do not depend on how many are pending: insert and expiry are O(log n) (a binary
 * heap of deadlines), take and remove O(1). Removed entries stay in the heap as stale items until
 * their deadline passes or the heap is compacted, which happens when stale items outnumber live ones.
 */
class PhoenixReplyTable
{
public:
    struct Entry
    {
        PhoenixEnginePush *push = nullptr;
        PhoenixEngineChannel *channel = nullptr;
        qint64 deadline = 0;
        qint64 sentAt = 0; // when the push was handed to the socket (engine clock, ms): round trips
    };

    //! Registers \a push (of \a channel) under \a ref, sent at \a sentAt and expiring at \a deadline
    //! (engine clock, ms).
    void insert(quint64 ref, PhoenixEnginePush *push, PhoenixEngineChannel *channel, qint64 deadline,
                qint64 sentAt = 0);
    //! Removes and returns the push of \a ref if it belongs to \a channel (and when it was sent, in
    //! \a sentAt if given), else nullptr.
    PhoenixEnginePush *take(quint64 ref, const PhoenixEngineChannel *channel, qint64 *sentAt = nullptr);
    //! Forgets \a ref (a push that finished another way or was deleted).
    void remove(quint64 ref);
    //! The earliest deadline of a live entry, or -1 when nothing is pending.
    qint64 nextDeadline();
    //! Removes and returns one entry whose deadline is at or before \a now, or a null entry.
    Entry takeExpired(qint64 now);
    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }

private:
    struct Deadline
    {
        qint64 at;
        quint64 ref;
        // std::*_heap build a max-heap: order by "later first" to keep the earliest on top.
        friend bool operator<(const Deadline &a, const Deadline &b)
        {
            return a.at > b.at || (a.at == b.at && a.ref > b.ref);
        }
    };
    void dropStaleTop();
    void compactIfMostlyStale();

    QHash<quint64, Entry> m_entries;
    std::vector<Deadline> m_heap;
};
