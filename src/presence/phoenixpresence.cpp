// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixpresence.h"

#include "phoenixchannel.h"
#include "phoenixlogging_p.h"
#include "phoenixmessageobserver_p.h"

#include <QtCore/QJsonValue>
#include <QtCore/QPointer>
#include <QtCore/QSet>

#include <utility>

using namespace Qt::StringLiterals;

namespace {
const QString MetasKey = u"metas"_s;
const QString RefKey = u"phx_ref"_s;
const QString JoinsKey = u"joins"_s;
const QString LeavesKey = u"leaves"_s;

QJsonArray metasOf(const QJsonObject &presence)
{
    return presence.value(MetasKey).toArray();
}

// The phx_refs of \a metas. A meta without phx_ref contributes an undefined value, which matches
// another meta without phx_ref, as indexOf(undefined) does in phoenix.js.
QList<QJsonValue> refsOf(const QJsonArray &metas)
{
    QList<QJsonValue> refs;
    refs.reserve(metas.size());
    for (const QJsonValue &meta : metas)
        refs.append(meta.toObject().value(RefKey));
    return refs;
}

// The metas of \a metas whose phx_ref is not in \a refs, in their order.
QJsonArray metasWithoutRefs(const QJsonArray &metas, const QList<QJsonValue> &refs)
{
    QJsonArray kept;
    for (const QJsonValue &meta : metas) {
        if (!refs.contains(meta.toObject().value(RefKey)))
            kept.append(meta);
    }
    return kept;
}
} // namespace

class PhoenixPresencePrivate
{
public:
    //! One joined()/left() signal, collected during a sync and emitted after the commit.
    struct Event
    {
        bool join = false;
        QString key;
        QJsonObject current;
        QJsonObject presence;
    };
    //! A diff held until the state of the join it was received under.
    struct PendingDiff
    {
        QString joinRef;
        QJsonObject diff;
    };

    explicit PhoenixPresencePrivate(PhoenixPresence *q)
        : q(q)
    {
    }

    void subscribe();
    void unsubscribe();
    bool pending() const;
    void updateInSync();
    void onState(const QJsonObject &newState);
    void onDiff(const QJsonObject &diff);
    // Runs one step (syncState or syncDiff) on \a working, appending its events.
    template<typename Step>
    void step(QJsonObject &working, QList<Event> &events, Step &&run);
    void commit(const QJsonObject &newState, const QList<Event> &events);

    PhoenixPresence *const q;
    QPointer<PhoenixChannel> channel;
    QString stateEvent = u"presence_state"_s;
    QString diffEvent = u"presence_diff"_s;
    int stateHandler = -1;
    int diffHandler = -1;
    QJsonObject state;
    QStringList order;
    QString joinRef; // the channel's join ref when the last state arrived
    QList<PendingDiff> pendingDiffs;
    bool inSync = false; // last value reported by inSyncChanged()
};

void PhoenixPresencePrivate::subscribe()
{
    if (!channel)
        return;
    stateHandler = channel->on(stateEvent, q, [this](const QJsonObject &payload) { onState(payload); });
    diffHandler = channel->on(diffEvent, q, [this](const QJsonObject &payload) { onDiff(payload); });
}

void PhoenixPresencePrivate::unsubscribe()
{
    if (channel) {
        if (stateHandler >= 0)
            channel->off(stateEvent, stateHandler);
        if (diffHandler >= 0)
            channel->off(diffEvent, diffHandler);
    }
    stateHandler = -1;
    diffHandler = -1;
}

bool PhoenixPresencePrivate::pending() const
{
    // phoenix.js inPendingSyncState(): no state yet, or the channel rejoined since the last one.
    return !channel || joinRef.isEmpty() || joinRef != channel->joinRef();
}

void PhoenixPresencePrivate::updateInSync()
{
    const bool now = !pending();
    if (now == inSync)
        return;
    inSync = now;
    qCDebug(lcPhoenixPresence) << "presence" << (now ? "in sync" : "pending until the next state");
    Q_EMIT q->inSyncChanged(now);
}

template<typename Step>
void PhoenixPresencePrivate::step(QJsonObject &working, QList<Event> &events, Step &&run)
{
    const PhoenixPresence::JoinCallback onJoin = [&events](const QString &key, const QJsonObject &current,
                                                           const QJsonObject &presence) {
        events.append({true, key, current, presence});
    };
    const PhoenixPresence::LeaveCallback onLeave = [&events](const QString &key, const QJsonObject &current,
                                                             const QJsonObject &presence) {
        events.append({false, key, current, presence});
    };
    working = run(working, onJoin, onLeave);
}

void PhoenixPresencePrivate::onState(const QJsonObject &newState)
{
    if (!channel)
        return;
    joinRef = channel->joinRef();

    QJsonObject working = state;
    QList<Event> events;
    step(working, events, [&newState](const QJsonObject &cur, const auto &onJoin, const auto &onLeave) {
        return PhoenixPresence::syncState(cur, newState, onJoin, onLeave);
    });
    const QList<PendingDiff> held = std::exchange(pendingDiffs, {});
    for (const PendingDiff &pendingDiff : held) {
        if (pendingDiff.joinRef != joinRef) {
            qCDebug(lcPhoenixPresence) << "dropping a diff held from an earlier join";
            continue;
        }
        step(working, events,
             [&pendingDiff](const QJsonObject &cur, const auto &onJoin, const auto &onLeave) {
                 return PhoenixPresence::syncDiff(cur, pendingDiff.diff, onJoin, onLeave);
             });
    }
    qCDebug(lcPhoenixPresence) << "state applied:" << working.size() << "keys," << held.size()
                               << "held diffs";
    commit(working, events);
}

void PhoenixPresencePrivate::onDiff(const QJsonObject &diff)
{
    if (!channel)
        return;
    if (pending()) {
        // Held diffs of an earlier join would be dropped at the next state anyway: let them go now,
        // so a channel that keeps rejoining without a state does not pile them up.
        const QString current = channel->joinRef();
        pendingDiffs.removeIf([&current](const PendingDiff &held) { return held.joinRef != current; });
        pendingDiffs.append({current, diff});
        return;
    }
    QJsonObject working = state;
    QList<Event> events;
    step(working, events, [&diff](const QJsonObject &cur, const auto &onJoin, const auto &onLeave) {
        return PhoenixPresence::syncDiff(cur, diff, onJoin, onLeave);
    });
    commit(working, events);
}

void PhoenixPresencePrivate::commit(const QJsonObject &newState, const QList<Event> &events)
{
    // Order of first appearance, per commit: keys still present keep their place (even if they left
    // and came back within the batch), new keys follow in the order they joined.
    QStringList newOrder = order;
    newOrder.removeIf([&newState](const QString &key) { return !newState.contains(key); });
    QSet<QString> known(newOrder.cbegin(), newOrder.cend());
    for (const Event &event : events) {
        if (event.join && newState.contains(event.key) && !known.contains(event.key)) {
            newOrder.append(event.key);
            known.insert(event.key);
        }
    }

    const bool stateChanged = newState != state;
    const bool keysChanged = newOrder != order;
    state = newState;
    order = newOrder;

    // A slot may delete the presence: stop emitting if it does.
    const QPointer<PhoenixPresence> guard(q);
    if (stateChanged)
        Q_EMIT q->changed();
    if (guard && keysChanged)
        Q_EMIT q->keysChanged();
    for (const Event &event : events) {
        if (!guard)
            return;
        if (event.join)
            Q_EMIT q->joined(event.key, event.current, event.presence);
        else
            Q_EMIT q->left(event.key, event.current, event.presence);
    }
    if (!guard)
        return;
    updateInSync();
    if (guard)
        Q_EMIT q->synced();
}

PhoenixPresence::PhoenixPresence(PhoenixChannel *channel, QObject *parent)
    : PhoenixPresence(channel, parent, true)
{
}

PhoenixPresence::PhoenixPresence(PhoenixChannel *channel, QObject *parent, bool warnIfJoined)
    : QObject(parent)
    , d(std::make_unique<PhoenixPresencePrivate>(this))
{
    d->channel = channel;
    if (!channel) {
        qCWarning(lcPhoenixPresence) << "PhoenixPresence created without a channel";
        return;
    }
    if (warnIfJoined && channel->isJoined()) {
        qCWarning(lcPhoenixPresence).noquote()
            << "PhoenixPresence created for" << channel->topic()
            << "after it joined: it stays pending until the next presence state"
            << "(create it before join())";
    }
    d->subscribe();
    // A rejoin changes the join ref: the presence is pending again until the new state.
    connect(channel, &PhoenixChannel::joinRefChanged, this, [this] { d->updateInSync(); });
    connect(channel, &QObject::destroyed, this, [this] {
        d->stateHandler = -1;
        d->diffHandler = -1;
        d->pendingDiffs.clear();
        d->updateInSync();
    });
}

PhoenixPresence *PhoenixMessageObserver::createPresence(PhoenixChannel *channel, QObject *parent)
{
    return new PhoenixPresence(channel, parent, false);
}

PhoenixPresence::~PhoenixPresence()
{
    d->unsubscribe();
}

PhoenixChannel *PhoenixPresence::channel() const
{
    return d->channel;
}

QStringList PhoenixPresence::keys() const
{
    return d->order;
}

int PhoenixPresence::count() const
{
    return int(d->order.size());
}

bool PhoenixPresence::contains(const QString &key) const
{
    return d->state.contains(key);
}

QJsonObject PhoenixPresence::state() const
{
    return d->state;
}

QJsonObject PhoenixPresence::presence(const QString &key) const
{
    return d->state.value(key).toObject();
}

QJsonArray PhoenixPresence::metas(const QString &key) const
{
    return metasOf(presence(key));
}

bool PhoenixPresence::isSynced() const
{
    return !d->pending();
}

QString PhoenixPresence::stateEvent() const
{
    return d->stateEvent;
}

void PhoenixPresence::setStateEvent(const QString &event)
{
    if (event == d->stateEvent)
        return;
    d->unsubscribe();
    d->stateEvent = event;
    d->subscribe();
    Q_EMIT stateEventChanged(event);
}

QString PhoenixPresence::diffEvent() const
{
    return d->diffEvent;
}

void PhoenixPresence::setDiffEvent(const QString &event)
{
    if (event == d->diffEvent)
        return;
    d->unsubscribe();
    d->diffEvent = event;
    d->subscribe();
    Q_EMIT diffEventChanged(event);
}

QJsonArray PhoenixPresence::list() const
{
    QJsonArray result;
    for (const QString &key : std::as_const(d->order))
        result.append(d->state.value(key));
    return result;
}

QVariantList PhoenixPresence::list(const Chooser &chooser) const
{
    QVariantList result;
    if (!chooser)
        return result;
    result.reserve(d->order.size());
    for (const QString &key : std::as_const(d->order))
        result.append(chooser(key, d->state.value(key).toObject()));
    return result;
}

QJsonObject PhoenixPresence::syncState(const QJsonObject &current, const QJsonObject &newState,
                                       const JoinCallback &onJoin, const LeaveCallback &onLeave)
{
    QJsonObject joins;
    QJsonObject leaves;

    for (auto it = current.constBegin(); it != current.constEnd(); ++it) {
        if (!newState.contains(it.key()))
            leaves.insert(it.key(), it.value());
    }
    for (auto it = newState.constBegin(); it != newState.constEnd(); ++it) {
        const QString &key = it.key();
        const QJsonObject newPresence = it.value().toObject();
        if (!current.contains(key)) {
            joins.insert(key, newPresence);
            continue;
        }
        const QJsonObject currentPresence = current.value(key).toObject();
        const QJsonArray newMetas = metasOf(newPresence);
        const QJsonArray currentMetas = metasOf(currentPresence);
        const QJsonArray joinedMetas = metasWithoutRefs(newMetas, refsOf(currentMetas));
        const QJsonArray leftMetas = metasWithoutRefs(currentMetas, refsOf(newMetas));
        if (!joinedMetas.isEmpty()) {
            QJsonObject joined = newPresence;
            joined.insert(MetasKey, joinedMetas);
            joins.insert(key, joined);
        }
        if (!leftMetas.isEmpty()) {
            QJsonObject left = currentPresence;
            left.insert(MetasKey, leftMetas);
            leaves.insert(key, left);
        }
    }
    return syncDiff(current, QJsonObject{{JoinsKey, joins}, {LeavesKey, leaves}}, onJoin, onLeave);
}

QJsonObject PhoenixPresence::syncDiff(const QJsonObject &current, const QJsonObject &diff,
                                      const JoinCallback &onJoin, const LeaveCallback &onLeave)
{
    QJsonObject state = current;
    const QJsonObject joins = diff.value(JoinsKey).toObject();
    const QJsonObject leaves = diff.value(LeavesKey).toObject();

    for (auto it = joins.constBegin(); it != joins.constEnd(); ++it) {
        const QString &key = it.key();
        const QJsonObject newPresence = it.value().toObject();
        const bool wasPresent = state.contains(key);
        const QJsonObject currentPresence = state.value(key).toObject();
        QJsonObject updated = newPresence;
        if (wasPresent) {
            // Current metas that do not join again stay, in front of the joining ones.
            const QJsonArray joiningMetas = metasOf(newPresence);
            QJsonArray metas = metasWithoutRefs(metasOf(currentPresence), refsOf(joiningMetas));
            for (const QJsonValue &meta : joiningMetas)
                metas.append(meta);
            updated.insert(MetasKey, metas);
        }
        state.insert(key, updated);
        if (onJoin)
            onJoin(key, currentPresence, newPresence);
    }

    for (auto it = leaves.constBegin(); it != leaves.constEnd(); ++it) {
        const QString &key = it.key();
        if (!state.contains(key))
            continue;
        const QJsonObject leftPresence = it.value().toObject();
        QJsonObject currentPresence = state.value(key).toObject();
        const QJsonArray metas = metasWithoutRefs(metasOf(currentPresence), refsOf(metasOf(leftPresence)));
        currentPresence.insert(MetasKey, metas);
        if (onLeave)
            onLeave(key, currentPresence, leftPresence);
        if (metas.isEmpty())
            state.remove(key);
        else
            state.insert(key, currentPresence);
    }
    return state;
}
