// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixoutboxmodel.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QPointer>

using namespace Qt::StringLiterals;

class PhoenixOutboxModelPrivate
{
public:
    explicit PhoenixOutboxModelPrivate(PhoenixOutboxModel *qq)
        : q(qq)
    {
    }

    bool shows(const PhoenixOutboxEntry &entry) const { return topic.isEmpty() || entry.topic() == topic; }
    int rowOf(const QString &key) const
    {
        for (int row = 0; row < rows.size(); ++row) {
            if (rows.at(row).key() == key)
                return row;
        }
        return -1;
    }
    void reload(PhoenixOutbox *newOutbox, const QString &newTopic);
    void onAdded(const PhoenixOutboxEntry &entry);
    void onChanged(const PhoenixOutboxEntry &entry);
    void onRemoved(const QString &key);
    void onOutboxDestroyed();

    PhoenixOutboxModel *const q;
    QPointer<PhoenixOutbox> outbox;
    QString topic;
    QList<PhoenixOutboxEntry> rows; // snapshots, in the outbox's order
};

void PhoenixOutboxModelPrivate::reload(PhoenixOutbox *newOutbox, const QString &newTopic)
{
    const int countBefore = int(rows.size());
    q->beginResetModel();
    if (outbox)
        QObject::disconnect(outbox, nullptr, q, nullptr);
    outbox = newOutbox;
    topic = newTopic;
    rows.clear();
    if (outbox) {
        const QList<PhoenixOutboxEntry> all = outbox->entries();
        for (const PhoenixOutboxEntry &entry : all) {
            if (shows(entry))
                rows.append(entry);
        }
        QObject::connect(outbox, &PhoenixOutbox::entryAdded, q,
                         [this](const PhoenixOutboxEntry &entry) { onAdded(entry); });
        QObject::connect(outbox, &PhoenixOutbox::entryChanged, q,
                         [this](const PhoenixOutboxEntry &entry) { onChanged(entry); });
        QObject::connect(outbox, &PhoenixOutbox::entryRemoved, q,
                         [this](const QString &key) { onRemoved(key); });
        QObject::connect(outbox, &QObject::destroyed, q, [this] { onOutboxDestroyed(); });
    }
    q->endResetModel();
    if (rows.size() != countBefore)
        Q_EMIT q->countChanged(int(rows.size()));
}

void PhoenixOutboxModelPrivate::onAdded(const PhoenixOutboxEntry &entry)
{
    if (!shows(entry))
        return;
    // A new entry is the newest: it goes last.
    const int row = int(rows.size());
    q->beginInsertRows(QModelIndex(), row, row);
    rows.append(entry);
    q->endInsertRows();
    Q_EMIT q->countChanged(int(rows.size()));
}

void PhoenixOutboxModelPrivate::onChanged(const PhoenixOutboxEntry &entry)
{
    const int row = rowOf(entry.key());
    if (row < 0)
        return;
    rows[row] = entry;
    const QModelIndex index = q->index(row);
    Q_EMIT q->dataChanged(index, index);
}

void PhoenixOutboxModelPrivate::onRemoved(const QString &key)
{
    const int row = rowOf(key);
    if (row < 0)
        return;
    q->beginRemoveRows(QModelIndex(), row, row);
    rows.removeAt(row);
    q->endRemoveRows();
    Q_EMIT q->countChanged(int(rows.size()));
}

void PhoenixOutboxModelPrivate::onOutboxDestroyed()
{
    const bool hadRows = !rows.isEmpty();
    q->beginResetModel();
    outbox = nullptr;
    rows.clear();
    q->endResetModel();
    if (hadRows)
        Q_EMIT q->countChanged(0);
}

PhoenixOutboxModel::PhoenixOutboxModel(QObject *parent)
    : PhoenixOutboxModel(nullptr, parent)
{
}

PhoenixOutboxModel::PhoenixOutboxModel(PhoenixOutbox *outbox, QObject *parent)
    : QAbstractListModel(parent)
    , d(std::make_unique<PhoenixOutboxModelPrivate>(this))
{
    if (outbox)
        d->reload(outbox, QString());
}

PhoenixOutboxModel::~PhoenixOutboxModel()
{
    if (d->outbox)
        QObject::disconnect(d->outbox, nullptr, this, nullptr);
}

PhoenixOutbox *PhoenixOutboxModel::outbox() const
{
    return d->outbox;
}

void PhoenixOutboxModel::setOutbox(PhoenixOutbox *outbox)
{
    if (d->outbox == outbox)
        return;
    d->reload(outbox, d->topic);
}

QString PhoenixOutboxModel::topic() const
{
    return d->topic;
}

void PhoenixOutboxModel::setTopic(const QString &topic)
{
    if (d->topic == topic)
        return;
    d->reload(d->outbox, topic);
    Q_EMIT topicChanged(topic);
}

int PhoenixOutboxModel::count() const
{
    return int(d->rows.size());
}

int PhoenixOutboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->rows.size());
}

QVariant PhoenixOutboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PhoenixOutboxEntry &entry = d->rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QString(entry.event() + u' ' +
                       QString::fromUtf8(QJsonDocument(entry.payload()).toJson(QJsonDocument::Compact)));
    case KeyRole:
        return entry.key();
    case TopicRole:
        return entry.topic();
    case EventRole:
        return entry.event();
    case PayloadRole:
        return entry.payload().toVariantMap();
    case AttemptsRole:
        return entry.attempts();
    case CreatedRole:
        return entry.created();
    case LastErrorRole:
        return entry.lastError();
    case SendingRole:
        return entry.isSending();
    case EntryRole:
        return QVariant::fromValue(entry);
    default:
        return {};
    }
}

QHash<int, QByteArray> PhoenixOutboxModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KeyRole, "key");
    names.insert(TopicRole, "topic");
    names.insert(EventRole, "event");
    names.insert(PayloadRole, "payload");
    names.insert(AttemptsRole, "attempts");
    names.insert(CreatedRole, "created");
    names.insert(LastErrorRole, "lastError");
    names.insert(SendingRole, "sending");
    names.insert(EntryRole, "entry");
    return names;
}

int PhoenixOutboxModel::indexOf(const QString &key) const
{
    return d->rowOf(key);
}

QVariantMap PhoenixOutboxModel::get(int row) const
{
    QVariantMap result;
    if (row < 0 || row >= d->rows.size())
        return result;
    const QModelIndex idx = index(row);
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it) {
        if (it.key() >= Qt::UserRole)
            result.insert(QString::fromLatin1(it.value()), data(idx, it.key()));
    }
    return result;
}
