// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixqmloutbox.h"

#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QDir>
#include <QtCore/QStandardPaths>
#include <QtCore/QUrl>

using namespace Qt::StringLiterals;

PhoenixQmlOutbox::PhoenixQmlOutbox(QObject *parent)
    : QObject(parent)
{
}

PhoenixQmlOutbox::~PhoenixQmlOutbox()
{
    if (m_outbox)
        disconnect(m_outbox, nullptr, this, nullptr);
}

void PhoenixQmlOutbox::classBegin()
{
    m_complete = false;
}

void PhoenixQmlOutbox::componentComplete()
{
    m_complete = true;
    rebuild();
}

PhoenixOutbox *PhoenixQmlOutbox::outbox() const
{
    return m_outbox;
}

PhoenixSocket *PhoenixQmlOutbox::cppSocket() const
{
    if (!m_socket)
        return nullptr;
    if (auto *socket = qobject_cast<PhoenixSocket *>(m_socket.data()))
        return socket;
    // A PhoenixSocket item of the module Phoenix owns its C++ socket as a direct child.
    return m_socket->findChild<PhoenixSocket *>(QString(), Qt::FindDirectChildrenOnly);
}

QString PhoenixQmlOutbox::resolvedPath() const
{
    if (m_databasePath.isEmpty())
        return {};
    if (m_databasePath.startsWith(u"file:"_s))
        return QUrl(m_databasePath).toLocalFile();
    if (QDir::isAbsolutePath(m_databasePath))
        return m_databasePath;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u'/' + m_databasePath;
}

void PhoenixQmlOutbox::rebuild()
{
    if (!m_complete)
        return;
    const int countBefore = pendingCount();
    const bool persistentBefore = isPersistent();
    if (m_outbox) {
        // Closed before the next one opens: a new outbox on the same file takes its entries over.
        disconnect(m_outbox, nullptr, this, nullptr);
        delete m_outbox;
        m_outbox = nullptr;
    }
    m_outbox = new PhoenixOutbox(cppSocket(), resolvedPath(), this);
    if (!m_keyField.isEmpty())
        m_outbox->setKeyField(m_keyField);
    m_outbox->setMaxAttempts(m_maxAttempts);
    m_outbox->setMaxAge(m_maxAge);
    m_outbox->setMaxTotalSize(m_maxTotalSize);
    m_outbox->setTimeout(m_timeout);
    connect(m_outbox, &PhoenixOutbox::delivered, this, &PhoenixQmlOutbox::delivered);
    connect(m_outbox, &PhoenixOutbox::rejected, this, &PhoenixQmlOutbox::rejected);
    connect(m_outbox, &PhoenixOutbox::dropped, this, &PhoenixQmlOutbox::dropped);
    connect(m_outbox, &PhoenixOutbox::sent, this, &PhoenixQmlOutbox::sent);
    connect(m_outbox, &PhoenixOutbox::pendingCountChanged, this, &PhoenixQmlOutbox::pendingCountChanged);
    connect(m_outbox, &PhoenixOutbox::persistentChanged, this, &PhoenixQmlOutbox::persistentChanged);
    connect(m_outbox, &PhoenixOutbox::errorOccurred, this,
            [this](PhoenixOutbox::Error error, const QString &message) {
                Q_EMIT errorChanged();
                Q_EMIT errorOccurred(error, message);
            });
    Q_EMIT outboxChanged();
    if (pendingCount() != countBefore)
        Q_EMIT pendingCountChanged();
    if (isPersistent() != persistentBefore)
        Q_EMIT persistentChanged();
}

QObject *PhoenixQmlOutbox::socket() const
{
    return m_socket;
}

void PhoenixQmlOutbox::setSocket(QObject *socket)
{
    if (m_socket == socket)
        return;
    m_socket = socket;
    if (m_outbox)
        rebuild();
    Q_EMIT socketChanged();
}

QString PhoenixQmlOutbox::databasePath() const
{
    return m_databasePath;
}

void PhoenixQmlOutbox::setDatabasePath(const QString &path)
{
    if (m_databasePath == path)
        return;
    m_databasePath = path;
    if (m_outbox)
        rebuild();
    Q_EMIT databasePathChanged();
}

QString PhoenixQmlOutbox::keyField() const
{
    return m_outbox ? m_outbox->keyField() : (m_keyField.isEmpty() ? u"idempotency_key"_s : m_keyField);
}

void PhoenixQmlOutbox::setKeyField(const QString &field)
{
    if (m_keyField == field)
        return;
    m_keyField = field;
    if (m_outbox)
        m_outbox->setKeyField(field);
    Q_EMIT keyFieldChanged();
}

int PhoenixQmlOutbox::maxAttempts() const
{
    return m_maxAttempts;
}

void PhoenixQmlOutbox::setMaxAttempts(int attempts)
{
    attempts = qMax(0, attempts);
    if (m_maxAttempts == attempts)
        return;
    m_maxAttempts = attempts;
    if (m_outbox)
        m_outbox->setMaxAttempts(attempts);
    Q_EMIT maxAttemptsChanged();
}

double PhoenixQmlOutbox::maxAge() const
{
    return double(m_maxAge);
}

void PhoenixQmlOutbox::setMaxAge(double ms)
{
    const qint64 value = qMax<qint64>(0, qint64(ms));
    if (m_maxAge == value)
        return;
    m_maxAge = value;
    if (m_outbox)
        m_outbox->setMaxAge(value);
    Q_EMIT maxAgeChanged();
}

double PhoenixQmlOutbox::maxTotalSize() const
{
    return double(m_maxTotalSize);
}

void PhoenixQmlOutbox::setMaxTotalSize(double bytes)
{
    const qint64 value = qMax<qint64>(0, qint64(bytes));
    if (m_maxTotalSize == value)
        return;
    m_maxTotalSize = value;
    if (m_outbox)
        m_outbox->setMaxTotalSize(value);
    Q_EMIT maxTotalSizeChanged();
}

int PhoenixQmlOutbox::timeout() const
{
    return m_timeout;
}

void PhoenixQmlOutbox::setTimeout(int ms)
{
    ms = ms < 0 ? -1 : ms;
    if (m_timeout == ms)
        return;
    m_timeout = ms;
    if (m_outbox)
        m_outbox->setTimeout(ms);
    Q_EMIT timeoutChanged();
}

int PhoenixQmlOutbox::pendingCount() const
{
    return m_outbox ? m_outbox->pendingCount() : 0;
}

bool PhoenixQmlOutbox::isPersistent() const
{
    return m_outbox && m_outbox->isPersistent();
}

PhoenixOutbox::Error PhoenixQmlOutbox::error() const
{
    return m_outbox ? m_outbox->error() : PhoenixOutbox::Error::NoError;
}

QString PhoenixQmlOutbox::errorString() const
{
    return m_outbox ? m_outbox->errorString() : QString();
}

QString PhoenixQmlOutbox::push(const QString &topic, const QString &event, const QJSValue &payload)
{
    if (!m_outbox) {
        // Pushed before the component is complete (from a sibling's Component.onCompleted).
        m_complete = true;
        rebuild();
    }
    QVariant value;
    if (!payload.isUndefined() && !payload.isNull())
        value = payload.toVariant(); // an object: QVariantMap, an ArrayBuffer: QByteArray
    if (payload.isArray())
        value = QVariant(payload.toVariant().toList()); // refused: not an object
    const PhoenixOutbox::Error before = m_outbox->error();
    const QString messageBefore = m_outbox->errorString();
    const QString key = m_outbox->pushValue(topic, event, value);
    if (m_outbox && (m_outbox->error() != before || m_outbox->errorString() != messageBefore))
        Q_EMIT errorChanged();
    return key;
}

QVariantList PhoenixQmlOutbox::entries() const
{
    QVariantList result;
    if (!m_outbox)
        return result;
    const QList<PhoenixOutboxEntry> all = m_outbox->entries();
    for (const PhoenixOutboxEntry &entry : all)
        result.append(QVariant::fromValue(entry));
    return result;
}
