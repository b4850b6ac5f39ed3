// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixqmlchannel.h"

#include <phoenixpresencemodel.h>

#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtQml/qqmlregistration.h>

/*!
 * \brief The QML type \c PhoenixPresence: who is on a PhoenixChannel item, as a list model.
 *
 * \code
 * ListView {
 *     model: PhoenixPresence { id: online; channel: lobby }
 *     delegate: Label { text: model.key + " (" + model.metaCount + ")" }
 * }
 * \endcode
 *
 * One row per presence key (roles \c key, \c metas, \c metaCount, \c meta and one per field of the
 * first meta; see PhoenixPresenceModel). The model follows the channel item: when it switches to a
 * new topic the rows are those of the new topic. keys, inSync and the signals joined(), left() and
 * synced() mirror PhoenixPresence.
 *
 * Lives in the QML engine's thread. The underlying PhoenixPresence belongs to the channel item.
 */
class PhoenixQmlPresence : public PhoenixPresenceModel
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PhoenixPresence)
    //! The PhoenixChannel item whose presence is shown (not owned).
    Q_PROPERTY(PhoenixQmlChannel *channel READ channel WRITE setChannel NOTIFY channelChanged)
    //! The keys present, in order of first appearance.
    Q_PROPERTY(QStringList keys READ keys NOTIFY keysChanged)
    //! True once the state of the channel's current join has arrived.
    Q_PROPERTY(bool inSync READ isInSync NOTIFY inSyncChanged)

public:
    //! Creates an empty presence; it follows a channel once channel is set.
    explicit PhoenixQmlPresence(QObject *parent = nullptr);
    //! Destroys the item (the channel item is not owned).
    ~PhoenixQmlPresence() override;

    //! Returns the channel property: the PhoenixChannel item whose presence is shown (not owned).
    PhoenixQmlChannel *channel() const;
    //! Sets the channel property: the PhoenixChannel item whose presence is shown (not owned).
    void setChannel(PhoenixQmlChannel *channel);
    //! Returns the keys property: the keys present, in order of first appearance.
    QStringList keys() const;
    //! Returns the inSync property: true once the state of the channel's current join has arrived.
    bool isInSync() const;

    //! Returns true if \a key is present.
    Q_INVOKABLE bool contains(const QString &key) const;

Q_SIGNALS:
    //! Emitted when \a key gained metas; \a current is empty if it just came online.
    void joined(const QString &key, const QJsonObject &current, const QJsonObject &newPresence);
    //! Emitted when \a key lost metas; \a current has no metas left if it went offline.
    void left(const QString &key, const QJsonObject &current, const QJsonObject &leftPresence);
    //! Emitted after every sync (presence_state or presence_diff applied).
    void synced();
    //! Emitted when the channel property changes.
    void channelChanged();
    //! Emitted when the keys property changes.
    void keysChanged();
    //! Emitted when the inSync property changes.
    void inSyncChanged();

private:
    void attach();

    QPointer<PhoenixQmlChannel> m_channel;
};
