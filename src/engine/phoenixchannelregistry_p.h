// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixengineclients_p.h"
#include "phoenixintrusivelist_p.h"

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QVarLengthArray>

#include <vector>

/*!
 * \internal
 * The channels of one socket, owned by its engine: every live channel in creation order (what
 * PhoenixSocket::channels() returns and the order channels rejoin in), and the routed ones by topic
 * (the channels that receive the messages of their topic: those that joined and did not close).
 *
 * Adding, removing, routing and unrouting are O(1) (a topic's instances are a short list: more than
 * one only while a join replaces another). Walks are safe against channels removed meanwhile.
 *
 * The routed topics are an open-addressing table of the first instance of each topic (linear
 * probing, at most 70% full): the channel holds its topic, so a slot is one pointer, 11 to 23 bytes
 * per joined channel where a QHash<QString, ...> node and its span cost about 45. The hash is taken
 * over the topic's code units, so a frame's Latin-1 topic is looked up as it is, without a QString.
 */
class PhoenixChannelRegistry
{
public:
    void add(PhoenixEngineChannel *channel);
    void remove(PhoenixEngineChannel *channel);
    void route(PhoenixEngineChannel *channel);
    void unroute(PhoenixEngineChannel *channel);

    //! The routed instances of \a topic (usually zero or one), in the order they were routed.
    QVarLengthArray<PhoenixEngineChannel *, 2> routed(const QString &topic) const;
    //! The first routed instance of \a topic, or nullptr: the fast path for one instance per topic.
    PhoenixEngineChannel *routedFirst(const QString &topic, bool *more) const;
    //! routedFirst() for a topic given as Latin-1 bytes (a frame's), without allocating a QString.
    PhoenixEngineChannel *routedFirst(QLatin1StringView topic, bool *more) const;
    //! Whether \a channel is still routed (a handler may have removed it during a dispatch).
    bool isRouted(const PhoenixEngineChannel *channel) const { return channel->m_routed; }

    //! Every live channel, in creation order.
    QList<PhoenixEngineChannel *> all() const;
    qsizetype size() const { return m_all.size(); }

    //! What a walk does after visiting a channel.
    enum class Step {
        Next, //!< visit the next channel
        Stop, //!< end the walk (the registry is still there)
        Gone, //!< the registry is gone (its engine was deleted): touch nothing
    };

    /*!
     * Calls \a visit for every channel that existed when the walk started, in creation order.
     * Channels removed meanwhile are skipped; channels added meanwhile are not visited. \a visit
     * returns a Step: Stop ends the walk, Gone ends it without touching the registry.
     */
    template<typename Visit>
    void forEach(Visit visit)
    {
        Walk walk{m_all.first(), m_all.last(), m_walks};
        m_walks = &walk;
        while (PhoenixEngineChannel *channel = walk.next) {
            walk.next = channel == walk.last ? nullptr : AllList::next(channel);
            if (channel == walk.last)
                walk.last = nullptr;
            const Step step = visit(channel);
            if (step == Step::Gone)
                return;
            if (step == Step::Stop)
                break;
        }
        m_walks = walk.outer;
    }

private:
    using AllList = PhoenixIntrusiveList<PhoenixEngineChannel, &PhoenixEngineChannel::m_registryLink>;
    struct Walk
    {
        PhoenixEngineChannel *next;
        PhoenixEngineChannel *last;
        Walk *outer;
    };

    template<typename Topic>
    static size_t hashOf(Topic topic);
    //! The slot of \a topic's first instance, or of the empty slot where it would go.
    template<typename Topic>
    size_t slotOf(Topic topic) const;
    template<typename Topic>
    PhoenixEngineChannel *headOf(Topic topic) const;
    void resizeTopics(size_t capacity);
    void eraseTopicSlot(size_t slot);

    AllList m_all;
    // The first routed channel of each topic (null: a free slot); further instances hang off
    // PhoenixEngineChannel::m_nextSameTopic. The size is a power of two (or zero).
    std::vector<PhoenixEngineChannel *> m_topics;
    size_t m_topicCount = 0;
    Walk *m_walks = nullptr;
};
