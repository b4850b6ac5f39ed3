// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixpresencemodel.h"

#include "phoenixcallout_p.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QSet>

using namespace Qt::StringLiterals;

namespace {
const QString MetasKey = u"metas"_s;

QJsonArray metasOf(const QJsonObject &presence)
{
    return presence.value(MetasKey).toArray();
}

QJsonObject firstMetaOf(const QJsonObject &presence)
{
    return metasOf(presence).first().toObject();
}
} // namespace

class PhoenixPresenceModelPrivate
{
public:
    struct Row
    {
        QString key;
        QJsonObject presence;
    };

    explicit PhoenixPresenceModelPrivate(PhoenixPresenceModel *q);

    void attach(PhoenixPresence *newPresence);
    void sync();
    QList<Row> rowsOf(const PhoenixPresence *source) const;
    void learnFields(const QJsonObject &presence);
    void setCount(int oldCount);

    //! Emits a change of the model (application code): false when the model is gone, or the
    //! presence it follows was replaced or deleted meanwhile (then the sync under way stops).
    template<typename Emit>
    [[nodiscard]] bool emitChange(Emit &&emission)
    {
        const int followed = generation;
        return PhoenixCallout::run(std::forward<Emit>(emission), &life) && generation == followed;
    }

    PhoenixPresenceModel *const q;
    PhoenixLife life;   // ended by the model's destructor
    int generation = 0; // counts attach(): a sync stops when the presence changed under it
    QPointer<PhoenixPresence> presence;
    QList<QMetaObject::Connection> connections;
    QList<Row> rows;
    QStringList fields;             // per-field roles, in the order they were first seen
    QHash<QString, int> fieldRoles; // field -> role
    QHash<int, QByteArray> roles;   // roleNames()
    QSet<QByteArray> reservedNames; // names a field role may not take
};

PhoenixPresenceModelPrivate::PhoenixPresenceModelPrivate(PhoenixPresenceModel *q)
    : q(q)
{
    roles = q->QAbstractListModel::roleNames();
    roles.insert(PhoenixPresenceModel::KeyRole, "key");
    roles.insert(PhoenixPresenceModel::MetasRole, "metas");
    roles.insert(PhoenixPresenceModel::MetaCountRole, "metaCount");
    roles.insert(PhoenixPresenceModel::MetaRole, "meta");
    for (const QByteArray &name : std::as_const(roles))
        reservedNames.insert(name);
    // Context properties of QML delegates: a role of that name would be shadowed.
    reservedNames.insert("index");
    reservedNames.insert("model");
    reservedNames.insert("modelData");
}

QList<PhoenixPresenceModelPrivate::Row>
PhoenixPresenceModelPrivate::rowsOf(const PhoenixPresence *source) const
{
    QList<Row> result;
    if (!source)
        return result;
    const QJsonObject state = source->state();
    const QStringList keys = source->keys();
    result.reserve(keys.size());
    for (const QString &key : keys)
        result.append({key, state.value(key).toObject()});
    return result;
}

void PhoenixPresenceModelPrivate::learnFields(const QJsonObject &presence)
{
    const QJsonObject meta = firstMetaOf(presence);
    for (auto it = meta.constBegin(); it != meta.constEnd(); ++it) {
        if (fieldRoles.contains(it.key()))
            continue;
        const QByteArray name = it.key().toUtf8();
        if (reservedNames.contains(name))
            continue;
        const int role = PhoenixPresenceModel::FirstMetaFieldRole + int(fields.size());
        fields.append(it.key());
        fieldRoles.insert(it.key(), role);
        roles.insert(role, name);
    }
}

void PhoenixPresenceModelPrivate::setCount(int oldCount)
{
    if (rows.size() != oldCount)
        (void)emitChange([&] { Q_EMIT q->countChanged(int(rows.size())); });
}

void PhoenixPresenceModelPrivate::attach(PhoenixPresence *newPresence)
{
    for (const QMetaObject::Connection &connection : std::as_const(connections))
        QObject::disconnect(connection);
    connections.clear();

    const int oldCount = int(rows.size());
    ++generation;
    const QPointer<PhoenixPresence> incoming(newPresence);
    if (!emitChange([&] { q->beginResetModel(); }))
        return;
    // A slot of modelAboutToBeReset() may have deleted the presence being set: then there is none.
    newPresence = incoming.data();
    presence = newPresence;
    rows = rowsOf(newPresence);
    for (const Row &row : std::as_const(rows))
        learnFields(row.presence);
    if (newPresence) {
        connections.append(QObject::connect(newPresence, &PhoenixPresence::changed, q, [this] { sync(); }));
        connections.append(
            QObject::connect(newPresence, &QObject::destroyed, q, [this] { attach(nullptr); }));
    }
    if (!emitChange([&] { q->endResetModel(); }) ||
        !emitChange([&] { Q_EMIT q->presenceChanged(newPresence); }))
        return;
    setCount(oldCount);
}

void PhoenixPresenceModelPrivate::sync()
{
    if (!presence)
        return;
    const int oldCount = int(rows.size());
    const QJsonObject state = presence->state();

    // Keys gone: remove contiguous ranges, from the end so rows above keep their numbers.
    for (int row = int(rows.size()) - 1; row >= 0; --row) {
        if (state.contains(rows.at(row).key))
            continue;
        const int last = row;
        while (row > 0 && !state.contains(rows.at(row - 1).key))
            --row;
        if (!emitChange([&] { q->beginRemoveRows(QModelIndex(), row, last); }))
            return;
        rows.remove(row, last - row + 1);
        if (!emitChange([&] { q->endRemoveRows(); }))
            return;
    }

    // Keys still there whose presence changed: one dataChanged() per contiguous range.
    int firstChanged = -1;
    const auto flush = [this, &firstChanged](int lastChanged) {
        if (firstChanged < 0)
            return true;
        const int first = std::exchange(firstChanged, -1);
        return emitChange([&] { Q_EMIT q->dataChanged(q->index(first), q->index(lastChanged)); });
    };
    for (int row = 0; row < int(rows.size()); ++row) {
        Row &current = rows[row];
        const QJsonObject updated = state.value(current.key).toObject();
        if (updated == current.presence) {
            if (!flush(row - 1))
                return;
            continue;
        }
        current.presence = updated;
        learnFields(updated);
        if (firstChanged < 0)
            firstChanged = row;
    }
    if (!flush(int(rows.size()) - 1))
        return;

    // New keys: appended, in the presence's order of first appearance.
    QSet<QString> known;
    known.reserve(rows.size());
    for (const Row &row : std::as_const(rows))
        known.insert(row.key);
    QList<Row> added;
    const QStringList keys = presence->keys();
    for (const QString &key : keys) {
        if (known.contains(key))
            continue;
        added.append({key, state.value(key).toObject()});
        learnFields(added.constLast().presence);
    }
    if (!added.isEmpty()) {
        const int first = int(rows.size());
        if (!emitChange([&] { q->beginInsertRows(QModelIndex(), first, first + int(added.size()) - 1); }))
            return;
        rows.append(added);
        if (!emitChange([&] { q->endInsertRows(); }))
            return;
    }
    setCount(oldCount);
}

PhoenixPresenceModel::PhoenixPresenceModel(QObject *parent)
    : PhoenixPresenceModel(nullptr, parent)
{
}

PhoenixPresenceModel::PhoenixPresenceModel(PhoenixPresence *presence, QObject *parent)
    : QAbstractListModel(parent)
    , d(std::make_unique<PhoenixPresenceModelPrivate>(this))
{
    if (presence)
        d->attach(presence);
}

PhoenixPresenceModel::~PhoenixPresenceModel()
{
    d->life.end();
}

PhoenixPresence *PhoenixPresenceModel::presence() const
{
    return d->presence;
}

void PhoenixPresenceModel::setPresence(PhoenixPresence *presence)
{
    if (presence == d->presence)
        return;
    d->attach(presence);
}

int PhoenixPresenceModel::count() const
{
    return int(d->rows.size());
}

int PhoenixPresenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->rows.size());
}

QVariant PhoenixPresenceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PhoenixPresenceModelPrivate::Row &row = d->rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case KeyRole:
        return row.key;
    case MetasRole:
        return metasOf(row.presence).toVariantList();
    case MetaCountRole:
        return int(metasOf(row.presence).size());
    case MetaRole:
        return firstMetaOf(row.presence).toVariantMap();
    default:
        break;
    }
    const int field = role - FirstMetaFieldRole;
    if (field < 0 || field >= d->fields.size())
        return {};
    const QJsonObject meta = firstMetaOf(row.presence);
    const auto it = meta.constFind(d->fields.at(field));
    return it == meta.constEnd() ? QVariant() : it.value().toVariant();
}

QHash<int, QByteArray> PhoenixPresenceModel::roleNames() const
{
    return d->roles;
}

int PhoenixPresenceModel::indexOf(const QString &key) const
{
    for (int row = 0; row < int(d->rows.size()); ++row) {
        if (d->rows.at(row).key == key)
            return row;
    }
    return -1;
}

QVariantMap PhoenixPresenceModel::get(int row) const
{
    QVariantMap result;
    if (row < 0 || row >= int(d->rows.size()))
        return result;
    const QModelIndex idx = index(row);
    for (auto it = d->roles.constBegin(); it != d->roles.constEnd(); ++it) {
        if (it.key() < Qt::UserRole)
            continue; // "display" & co. duplicate "key"
        const QVariant value = data(idx, it.key());
        if (value.isValid())
            result.insert(QString::fromUtf8(it.value()), value);
    }
    return result;
}

int PhoenixPresenceModel::roleForField(const QString &field) const
{
    return d->fieldRoles.value(field, -1);
}
