// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixglobal.h"
#include "phoenixpresence.h"

#include <QtCore/QAbstractListModel>
#include <QtCore/QVariantMap>

#include <memory>

class PhoenixPresenceModelPrivate;

/*!
 * \brief A PhoenixPresence as a list model: one row per key, for Qt views and QML.
 *
 * \code
 * auto *presence = new PhoenixPresence(room, this);
 * auto *model = new PhoenixPresenceModel(presence, this);
 * listView->setModel(model); // Qt::DisplayRole shows the key
 * \endcode
 * In QML (with the model exposed, e.g. as a context or required property):
 * \code
 * ListView {
 *     model: presenceModel
 *     delegate: Text { text: key + " on " + metaCount + " device(s), first: " + meta.device }
 * }
 * \endcode
 *
 * \section presencemodel_rows Rows
 * Rows are the keys of the presence, in the order they first appeared (PhoenixPresence::keys()):
 * a new key is appended, a key whose last meta left is removed, and a key that comes back later is
 * appended again. The model follows the presence incrementally: rowsInserted() for new keys,
 * rowsRemoved() for keys gone, dataChanged() for keys whose presence changed. It never resets on
 * a diff, nor when a fresh state after a rejoin arrives (that is reconciled like a diff). It resets
 * only when setPresence() replaces the presence, or when the presence is deleted (the model empties).
 *
 * \section presencemodel_roles Roles
 * - Qt::DisplayRole and KeyRole ("key"): the key (QString).
 * - MetasRole ("metas"): all metas, oldest first (QVariantList of QVariantMap).
 * - MetaCountRole ("metaCount"): number of metas (int), e.g. devices online.
 * - MetaRole ("meta"): the first (oldest) meta (QVariantMap).
 * - One role per field of the first meta (e.g. "device", "phx_ref", "online_at"), numbered from
 *   FirstMetaFieldRole in the order the fields were first seen; see roleForField(). A field whose name is
 *   taken by another role or is reserved in QML delegates ("index", "model", "modelData") gets no role;
 *   read it through "meta". Field roles are never removed and keep their number for the model's
 *   lifetime (also across setPresence()). QML views read roleNames() once, when they first use the
 *   model: fields first seen later are reachable through "meta" or get() only.
 *
 * \section presencemodel_ownership Ownership and threads
 * The model does not own the presence (it holds it with a QPointer and empties itself when the
 * presence is deleted). It lives in the presence's thread, like any item model in its view's thread.
 * A slot of any of the model's signals may delete the presence, and may delete the model too, except
 * from rowsAboutToBeInserted() and rowsAboutToBeRemoved(): as with every QAbstractItemModel, Qt's
 * beginInsertRows() and beginRemoveRows() use the model after those emissions, so a slot there that
 * is done with the model calls deleteLater().
 */
class PHOENIXQT_EXPORT PhoenixPresenceModel : public QAbstractListModel
{
    Q_OBJECT
    //! The presence shown (not owned); null shows nothing.
    Q_PROPERTY(PhoenixPresence *presence READ presence WRITE setPresence NOTIFY presenceChanged)
    //! Number of rows (keys present).
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    //! The model's roles (see the class documentation).
    enum Roles {
        KeyRole = Qt::UserRole + 1,             //!< "key": QString
        MetasRole,                              //!< "metas": QVariantList of QVariantMap
        MetaCountRole,                          //!< "metaCount": int
        MetaRole,                               //!< "meta": QVariantMap, the first meta
        FirstMetaFieldRole = Qt::UserRole + 256 //!< first role of the per-field roles
    };
    Q_ENUM(Roles)

    //! Creates an empty model; set a presence with setPresence().
    explicit PhoenixPresenceModel(QObject *parent = nullptr);
    //! Creates a model showing \a presence (not owned; null shows nothing).
    explicit PhoenixPresenceModel(PhoenixPresence *presence, QObject *parent = nullptr);
    //! Destroys the model; the presence is not affected.
    ~PhoenixPresenceModel() override;

    //! The presence shown (not owned), or null.
    PhoenixPresence *presence() const;
    //! Shows \a presence instead (a model reset); null empties the model.
    void setPresence(PhoenixPresence *presence);
    //! The number of rows, i.e. of keys present.
    int count() const;

    //! One row per key present; 0 for any valid \a parent (a flat list).
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    //! The value of \a role for the key at \a index (see Roles); invalid for unknown roles and fields.
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    //! Qt's default roles plus "key", "metas", "metaCount", "meta" and one role per first-meta field seen.
    QHash<int, QByteArray> roleNames() const override;

    //! The row of \a key, or -1 if it is not present.
    Q_INVOKABLE int indexOf(const QString &key) const;
    /*!
     * All roles of \a row by name ("key", "metas", "metaCount", "meta" and the first meta's fields
     * that have a role), or an empty map if \a row is out of range. For QML: model.get(i).key.
     */
    Q_INVOKABLE QVariantMap get(int row) const;
    //! The role of the first-meta field \a field, or -1 if it has none (yet).
    Q_INVOKABLE int roleForField(const QString &field) const;

Q_SIGNALS:
    //! Emitted when setPresence() changed the presence, or the presence was deleted (null).
    void presenceChanged(PhoenixPresence *presence);
    //! Emitted when the number of rows changed.
    void countChanged(int count);

private:
    Q_DISABLE_COPY_MOVE(PhoenixPresenceModel)
    friend class PhoenixPresenceModelPrivate;
    std::unique_ptr<PhoenixPresenceModelPrivate> d;
};
