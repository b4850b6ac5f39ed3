// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixoutbox.h"
#include "phoenixoutboxglobal.h"

#include <QtCore/QAbstractListModel>
#include <QtCore/QVariantMap>

#include <memory>

class PhoenixOutboxModelPrivate;

/*!
 * \brief The pending entries of a PhoenixOutbox as a list model, for Qt views and QML: one row per
 * entry, oldest first, optionally only those of one topic.
 *
 * \code
 * auto *pending = new PhoenixOutboxModel(outbox, this);
 * pending->setTopic(u"room:lobby"_s);   // only this room's entries; empty: all
 * listView->setModel(pending);
 * \endcode
 * A chat shows what is not confirmed yet by listing this model under its messages (greyed, with a
 * clock while \c sending or \c attempts is 0, with \c lastError after a failure); a row disappears
 * when its entry is delivered, rejected or dropped. The \c key role matches the \c idempotency_key
 * the server can echo in its broadcast of the message.
 *
 * \section outboxmodel_rows Rows and updates
 * Rows follow the outbox incrementally: a pushed entry is appended (rowsInserted()), an entry that
 * leaves the outbox is removed (rowsRemoved()), and an entry whose attempts, last error or sending
 * state changed is updated in place (dataChanged()). The model resets only when setOutbox() or
 * setTopic() change what it shows, or when the outbox is deleted (it empties).
 *
 * \section outboxmodel_roles Roles
 * - KeyRole ("key", QString), TopicRole ("topic", QString), EventRole ("event", QString)
 * - PayloadRole ("payload", QVariantMap: the payload as pushed)
 * - AttemptsRole ("attempts", int), CreatedRole ("created", QDateTime, UTC)
 * - LastErrorRole ("lastError", QString: empty before the first failure)
 * - SendingRole ("sending", bool: an attempt is on its way)
 * - EntryRole ("entry", the PhoenixOutboxEntry)
 * - Qt::DisplayRole: the event and the payload as compact JSON, e.g. `new_msg {"body":"hi"}`.
 *
 * In QML, the type PhoenixOutboxModel of the module Phoenix.Outbox is this model with an \c outbox
 * property taking a PhoenixOutbox item.
 *
 * \section outboxmodel_ownership Ownership and threads
 * The model does not own the outbox (it holds it with a QPointer). It lives in the outbox's thread.
 */
class PHOENIXQT_OUTBOX_EXPORT PhoenixOutboxModel : public QAbstractListModel
{
    Q_OBJECT
    //! Only entries of this topic are shown; empty (default): all entries.
    Q_PROPERTY(QString topic READ topic WRITE setTopic NOTIFY topicChanged)
    //! Number of rows.
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    //! The model's roles (see the class documentation).
    enum Roles {
        KeyRole = Qt::UserRole + 1, //!< "key": QString, the idempotency key
        TopicRole,                  //!< "topic": QString
        EventRole,                  //!< "event": QString
        PayloadRole,                //!< "payload": QVariantMap, the payload as pushed
        AttemptsRole,               //!< "attempts": int, attempts made so far
        CreatedRole,                //!< "created": QDateTime (UTC), when it was pushed
        LastErrorRole,              //!< "lastError": QString, why the last attempt failed
        SendingRole,                //!< "sending": bool, an attempt is on its way
        EntryRole                   //!< "entry": PhoenixOutboxEntry, all of the above
    };
    Q_ENUM(Roles)

    //! Creates an empty model; set an outbox with setOutbox().
    explicit PhoenixOutboxModel(QObject *parent = nullptr);
    //! Creates a model showing the entries of \a outbox (not owned; null shows nothing).
    explicit PhoenixOutboxModel(PhoenixOutbox *outbox, QObject *parent = nullptr);
    //! Destroys the model; the outbox is not affected.
    ~PhoenixOutboxModel() override;

    //! The outbox shown (not owned), or null (also once it was deleted: the model then is empty).
    PhoenixOutbox *outbox() const;
    //! Shows the entries of \a outbox (not owned) instead (a model reset); null shows nothing.
    void setOutbox(PhoenixOutbox *outbox);
    //! Returns the topic property: the topic whose entries are shown, empty for all.
    QString topic() const;
    //! Sets the topic property: shows only the entries of \a topic (empty: all; a model reset).
    void setTopic(const QString &topic);
    //! Returns the count property: the number of rows.
    int count() const;

    //! One row per entry shown; 0 for any valid \a parent (a flat list).
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    //! The value of \a role for the entry at \a index (see Roles); invalid for unknown roles.
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    //! Qt's default roles plus "key", "topic", "event", "payload", "attempts", "created", "lastError",
    //! "sending" and "entry".
    QHash<int, QByteArray> roleNames() const override;

    //! The row of the entry with \a key, or -1 if it is not shown.
    Q_INVOKABLE int indexOf(const QString &key) const;
    //! All roles of \a row by name, or an empty map if \a row is out of range. For QML: model.get(i).key.
    Q_INVOKABLE QVariantMap get(int row) const;

Q_SIGNALS:
    //! Emitted when the topic property changes.
    void topicChanged(const QString &topic);
    //! Emitted when the number of rows changed.
    void countChanged(int count);

private:
    Q_DISABLE_COPY_MOVE(PhoenixOutboxModel)
    friend class PhoenixOutboxModelPrivate;
    std::unique_ptr<PhoenixOutboxModelPrivate> d;
};
