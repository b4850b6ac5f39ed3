// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixchannel.h"
#include "phoenixglobal.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QStringBuilder>
#include <QtCore/QStringList>
#include <QtCore/QVariantList>

#include <functional>
#include <memory>
#include <type_traits>

class PhoenixPresencePrivate;

namespace PhoenixPresenceDetail {
template<typename T>
inline constexpr bool isStringBuilder = false;
template<typename A, typename B>
inline constexpr bool isStringBuilder<QStringBuilder<A, B>> = true;
} // namespace PhoenixPresenceDetail

/*!
 * \brief Who is on a channel: the client side of Phoenix.Presence.
 *
 * A PhoenixPresence listens to the \c presence_state and \c presence_diff events of one
 * PhoenixChannel and keeps the resulting state, exactly as phoenix.js's \c Presence does:
 *
 * \code
 * {
 *   "alice": {"metas": [{"phx_ref": "F1", "device": "phone"}, {"phx_ref": "F7", "device": "laptop"}]},
 *   "bob":   {"metas": [{"phx_ref": "F3", "device": "laptop"}]}
 * }
 * \endcode
 *
 * One key (usually a user id) has one \e meta per connection (device, tab): a user is present as long
 * as at least one of their metas is. Each meta is identified by its \c phx_ref.
 *
 * \code
 * PhoenixChannel *room = socket->channel(u"room:lobby"_s);
 * auto *presence = new PhoenixPresence(room, this);
 * connect(presence, &PhoenixPresence::joined, this, [](const QString &key, const QJsonObject &current,
 *                                                      const QJsonObject &) {
 *     if (current.isEmpty())
 *         qDebug() << key << "came online";
 * });
 * connect(presence, &PhoenixPresence::left, this, [](const QString &key, const QJsonObject &current,
 *                                                    const QJsonObject &) {
 *     if (current.value(u"metas"_s).toArray().isEmpty())
 *         qDebug() << key << "went offline";
 * });
 * room->join();
 * \endcode
 *
 * \section presence_pending Pending diffs
 * A \c presence_diff that arrives before the \c presence_state of the channel's current join
 * (at first, and again after every rejoin: the presence compares the channel's
 * PhoenixChannel::joinRef() with the join ref recorded when the last state arrived) is held and
 * applied right after that state, as phoenix.js does. Unlike phoenix.js, a held diff that was received
 * under an earlier join whose state never came is dropped instead of replayed: the fresh state
 * already contains its effect, and replaying it could bring back someone who has left meanwhile.
 * A \c presence_state of a stale join never reaches the presence, because the channel drops messages
 * carrying an older join ref. Diffs held under an earlier join are also let go as soon as a diff of a
 * newer join is held, so they cannot pile up while a channel keeps rejoining.
 *
 * Create the presence before joining the channel, so the first \c presence_state is not missed: a
 * presence created for a channel that has already joined warns and stays pending until the channel
 * rejoins and the server sends a new state.
 *
 * While the channel rejoins, the last known state stays available; the fresh state is then
 * reconciled with it (syncState()), so only real changes are reported.
 *
 * \section presence_order Order
 * keys(), list() and PhoenixPresenceModel rows follow the order in which keys first appeared (a key
 * that left entirely and comes back is last again). Keys that appear in the same message come in
 * the order of their joined() signals (sorted by key, as QJsonObject keeps them). state() is a
 * QJsonObject and is therefore sorted by key.
 *
 * \section presence_signals Signals
 * After each applied \c presence_state (with the held diffs replayed) or \c presence_diff the state
 * is committed first, then changed() (only if the state changed), keysChanged() (only if the set of
 * keys changed), joined() and left() for each step of the algorithm in order, and finally synced().
 * So state(), keys() and any attached PhoenixPresenceModel already show the result when joined() and
 * left() are emitted; their \c current argument shows the key as it was at that step.
 *
 * \section presence_ownership Ownership and threads
 * The presence does not own the channel: it holds it with a QPointer and stops working (keeping its
 * last state) when the channel is deleted. The presence is usually a child of the object that uses
 * it; it may also be a child of the channel. It lives in, and must only be used from, the channel's
 * thread (see PhoenixSocket). The static functions syncState() and syncDiff() are pure and
 * reentrant and can be used from any thread.
 */
class PHOENIXQT_EXPORT PhoenixPresence : public QObject
{
    Q_OBJECT
    //! The channel whose presence events are tracked; null once that channel was deleted.
    Q_PROPERTY(PhoenixChannel *channel READ channel CONSTANT)
    //! The keys present, in order of first appearance.
    Q_PROPERTY(QStringList keys READ keys NOTIFY keysChanged)
    //! The number of keys present.
    Q_PROPERTY(int count READ count NOTIFY keysChanged)
    //! The whole state, {key: {"metas": [...]}}.
    Q_PROPERTY(QJsonObject state READ state NOTIFY changed)
    /*!
     * True when the state of the channel's current join has arrived; false before it and again
     * from the moment the channel rejoins until the new state arrives (diffs are held meanwhile).
     * Named inSync because synced() is the signal emitted after each sync.
     */
    Q_PROPERTY(bool inSync READ isSynced NOTIFY inSyncChanged)
    //! Name of the full-state event (default "presence_state").
    Q_PROPERTY(QString stateEvent READ stateEvent WRITE setStateEvent NOTIFY stateEventChanged)
    //! Name of the diff event (default "presence_diff").
    Q_PROPERTY(QString diffEvent READ diffEvent WRITE setDiffEvent NOTIFY diffEventChanged)

public:
    /*!
     * Called by syncState() and syncDiff() when a key gains metas: \a key, the key's presence
     * before the join (empty QJsonObject if the key was not present) and the joining presence
     * (with only the joining metas).
     */
    using JoinCallback =
        std::function<void(const QString &key, const QJsonObject &current, const QJsonObject &newPresence)>;
    /*!
     * Called by syncState() and syncDiff() when a key loses metas: \a key, the key's presence after
     * the leave (its "metas" is empty if the key left entirely) and the leaving presence (with only
     * the leaving metas). Not called for keys that are not present.
     */
    using LeaveCallback =
        std::function<void(const QString &key, const QJsonObject &current, const QJsonObject &leftPresence)>;
    //! Maps one key and its presence to a value, for list().
    using Chooser = std::function<QVariant(const QString &key, const QJsonObject &presence)>;

    /*!
     * Tracks the presence of \a channel (not owned; may be null, then the presence stays empty).
     * Registers handlers for stateEvent() and diffEvent() with PhoenixChannel::on().
     */
    explicit PhoenixPresence(PhoenixChannel *channel, QObject *parent = nullptr);
    //! Unregisters the event handlers from the channel if it still exists.
    ~PhoenixPresence() override;

    //! The tracked channel (not owned), or null once it was deleted.
    PhoenixChannel *channel() const;
    //! The keys present, in order of first appearance.
    QStringList keys() const;
    //! The number of keys present (keys().size()).
    int count() const;
    //! Returns true if \a key is present.
    bool contains(const QString &key) const;
    //! The whole state, {key: {"metas": [...]}} (a QJsonObject, so sorted by key).
    QJsonObject state() const;
    //! The presence of \a key ({"metas": [...]}), or an empty object if it is not present.
    QJsonObject presence(const QString &key) const;
    //! The metas of \a key, oldest first, or an empty array if it is not present.
    QJsonArray metas(const QString &key) const;
    /*!
     * True when the state of the channel's current join has arrived and diffs apply at once; false
     * before it, after a rejoin until the next state, and once the channel was deleted.
     */
    bool isSynced() const;

    //! The full-state event listened to (default "presence_state").
    QString stateEvent() const;
    //! Listens to \a event instead for full states; the state is kept.
    void setStateEvent(const QString &event);
    //! The diff event listened to (default "presence_diff").
    QString diffEvent() const;
    //! Listens to \a event instead for diffs; the state is kept.
    void setDiffEvent(const QString &event);

    //! The presences, in keys() order (phoenix.js presence.list()).
    QJsonArray list() const;
    //! Each key and its presence mapped through \a chooser, in keys() order (phoenix.js list(chooser)).
    QVariantList list(const Chooser &chooser) const;

    /*!
     * Typed variant of list(chooser) for any callable \a chooser taking (const QString &key,
     * const QJsonObject &presence): returns a QList of whatever it returns, e.g. a QStringList.
     * \code
     * const QStringList devices = presence->list([](const QString &key, const QJsonObject &p) -> QString {
     *     return key + u" ("_s + QString::number(p[u"metas"_s].toArray().size()) + u')';
     * });
     * const QList<int> counts = presence->list([](const QString &, const QJsonObject &p) {
     *     return int(p[u"metas"_s].toArray().size());
     * });
     * \endcode
     * Give a lambda that concatenates strings an explicit return type (-> QString): with
     * QT_USE_QSTRINGBUILDER its deduced type would be a QStringBuilder referring to temporaries
     * (rejected at compile time).
     */
    template<
        typename Fn,
        typename R = std::decay_t<std::invoke_result_t<const Fn &, const QString &, const QJsonObject &>>,
        std::enable_if_t<!std::is_void_v<R>, bool> = true>
    QList<R> list(const Fn &chooser) const
    {
        static_assert(!PhoenixPresenceDetail::isStringBuilder<R>,
                      "the chooser returns a string concatenation (QStringBuilder), which refers to "
                      "temporaries: declare its return type, e.g. [](...) -> QString { ... }");
        const QStringList ks = keys();
        const QJsonObject st = state();
        QList<R> result;
        result.reserve(ks.size());
        for (const QString &key : ks)
            result.append(chooser(key, st.value(key).toObject()));
        return result;
    }

    /*!
     * Reconciles \a current with a full \a newState from the server and returns the new state
     * (phoenix.js Presence.syncState). Keys missing from \a newState leave; for keys in both, metas
     * whose phx_ref is new join and metas whose phx_ref is gone leave; a meta is identified by its
     * phx_ref only, so a changed meta must come with a new phx_ref (as Phoenix.Presence.update does).
     * Then applies those joins and leaves with syncDiff(): all \a onJoin calls (in key order) come
     * before all \a onLeave calls. Pure: the arguments are not modified.
     */
    static QJsonObject syncState(const QJsonObject &current, const QJsonObject &newState,
                                 const JoinCallback &onJoin = {}, const LeaveCallback &onLeave = {});
    /*!
     * Applies \a diff ({"joins": {...}, "leaves": {...}}) to \a current and returns the new state
     * (phoenix.js Presence.syncDiff). For each joining key, the joining presence replaces the key and
     * the current metas whose phx_ref does not join again are kept in front of the joining ones;
     * \a onJoin follows. Then, for each leaving key that is present, the metas with the leaving
     * phx_refs are removed, \a onLeave is called and the key is removed once it has no meta left.
     * A key may both join and leave in one diff (joins are applied first). Pure.
     */
    static QJsonObject syncDiff(const QJsonObject &current, const QJsonObject &diff,
                                const JoinCallback &onJoin = {}, const LeaveCallback &onLeave = {});

Q_SIGNALS:
    /*!
     * Emitted when \a key gained metas: \a current is its presence before (empty if it just came
     * online), \a newPresence the joining presence (only the joining metas).
     */
    void joined(const QString &key, const QJsonObject &current, const QJsonObject &newPresence);
    /*!
     * Emitted when \a key lost metas: \a current is its presence after (its metas are empty if it
     * went offline), \a leftPresence the leaving presence (only the leaving metas).
     */
    void left(const QString &key, const QJsonObject &current, const QJsonObject &leftPresence);
    /*!
     * Emitted after every applied presence_state (once, after the held diffs were replayed) and
     * every applied presence_diff, changed or not (phoenix.js onSync). Not emitted for held diffs.
     */
    void synced();
    //! Emitted when a sync changed the state (before joined()/left()).
    void changed();
    //! Emitted when the set of keys changed (before joined()/left()).
    void keysChanged();
    //! Emitted when isSynced() changes: on a state of a new join, on a rejoin, when the channel is deleted.
    void inSyncChanged(bool inSync);
    //! Emitted when setStateEvent() changed the state event.
    void stateEventChanged(const QString &event);
    //! Emitted when setDiffEvent() changed the diff event.
    void diffEventChanged(const QString &event);

private:
    Q_DISABLE_COPY_MOVE(PhoenixPresence)
    //! The constructor, warning that the channel has already joined only when \a warnIfJoined.
    PhoenixPresence(PhoenixChannel *channel, QObject *parent, bool warnIfJoined);
    friend class PhoenixPresencePrivate;
    friend class PhoenixMessageObserver; // the QML module's seam (createPresence())
    std::unique_ptr<PhoenixPresencePrivate> d;
};
