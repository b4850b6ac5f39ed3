// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "phoenixoutboxstore_p.h"

#include "phoenixoutboxlogging_p.h"

#include <QtCore/QAtomicInteger>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>
#include <QtCore/QSet>
#include <QtCore/QUuid>
#include <QtSql/QSqlError>
#include <QtSql/QSqlRecord>

#include <climits>

using namespace Qt::StringLiterals;

namespace {

// SQLite's primary result codes (sqlite3.h); Qt's driver reports them as QSqlError::nativeErrorCode().
enum SqliteCode {
    SqlitePerm = 3,
    SqliteBusy = 5,
    SqliteLocked = 6,
    SqliteReadOnly = 8,
    SqliteCorrupt = 11,
    SqliteFull = 13,
    SqliteCantOpen = 14,
    SqliteAuth = 23,
    SqliteNotADb = 26,
};

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return u"phoenixqt-outbox-"_s + QString::number(counter.fetchAndAddRelaxed(1) + 1);
}

// A null QString binds as SQL NULL; the text columns are NOT NULL.
QString nonNull(const QString &text)
{
    return text.isNull() ? QString(u""_s) : text;
}

bool isInteger(const QVariant &v)
{
    return !v.isNull() && v.typeId() == QMetaType::LongLong;
}

bool isText(const QVariant &v)
{
    return !v.isNull() && v.typeId() == QMetaType::QString;
}

} // namespace

PhoenixOutboxStore::PhoenixOutboxStore() = default;

PhoenixOutboxStore::~PhoenixOutboxStore()
{
    close();
}

qint64 PhoenixOutboxStore::sizeOf(const QString &topic, const QString &event,
                                  const QByteArray &compactPayload)
{
    return topic.toUtf8().size() + event.toUtf8().size() + compactPayload.size();
}

PhoenixOutboxStore::Failure PhoenixOutboxStore::failure(const QSqlError &error, const QString &what) const
{
    Failure f;
    const QString file = QDir::toNativeSeparators(m_path);
    bool numeric = false;
    const int code = error.nativeErrorCode().toInt(&numeric) & 0xff; // primary code of an extended one
    const QString reason = error.databaseText().isEmpty() ? error.driverText() : error.databaseText();
    switch (numeric ? code : -1) {
    case SqliteBusy:
    case SqliteLocked:
        f.error = PhoenixOutbox::Error::DatabaseLockedError;
        f.message =
            PhoenixOutbox::tr("The outbox database %1 is in use by another outbox or process.").arg(file);
        break;
    case SqliteCorrupt:
    case SqliteNotADb:
        f.error = PhoenixOutbox::Error::DatabaseCorruptError;
        f.message = PhoenixOutbox::tr("The outbox database %1 is damaged (%2).").arg(file, reason);
        break;
    case SqlitePerm:
    case SqliteReadOnly:
    case SqliteAuth:
        f.error = PhoenixOutbox::Error::DatabaseReadOnlyError;
        f.message = PhoenixOutbox::tr("The outbox database %1 cannot be written (%2).").arg(file, reason);
        break;
    case SqliteFull:
        f.error = PhoenixOutbox::Error::DatabaseFullError;
        f.message = PhoenixOutbox::tr("The disk of the outbox database %1 is full.").arg(file);
        break;
    case SqliteCantOpen:
        f.error = PhoenixOutbox::Error::DatabaseError;
        f.message = PhoenixOutbox::tr("The outbox database %1 cannot be opened (%2).").arg(file, reason);
        break;
    default:
        f.error = PhoenixOutbox::Error::DatabaseError;
        f.message = PhoenixOutbox::tr("The outbox database %1 failed (%2).").arg(file, reason);
        break;
    }
    qCWarning(lcPhoenixOutbox).noquote() << what << "failed:" << error.nativeErrorCode() << reason;
    return f;
}

PhoenixOutboxStore::Failure PhoenixOutboxStore::corrupt(const QString &detail) const
{
    qCWarning(lcPhoenixOutbox).noquote() << "damaged outbox database:" << detail;
    return {PhoenixOutbox::Error::DatabaseCorruptError,
            PhoenixOutbox::tr("The outbox database %1 is damaged (%2).")
                .arg(QDir::toNativeSeparators(m_path), detail)};
}

PhoenixOutboxStore::Failure PhoenixOutboxStore::exec(QSqlQuery &query, const QString &what) const
{
    if (query.exec())
        return {};
    return failure(query.lastError(), what);
}

PhoenixOutboxStore::Failure PhoenixOutboxStore::exec(const QString &statement, const QString &what)
{
    QSqlQuery query(m_db);
    if (query.exec(statement))
        return {};
    return failure(query.lastError(), what);
}

PhoenixOutboxStore::Failure PhoenixOutboxStore::open(const QString &path, QList<PhoenixOutboxRecord> *records)
{
    records->clear();
    close();
    m_path = path;
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s)) {
        qCWarning(lcPhoenixOutbox) << "Qt SQL has no SQLite driver (QSQLITE)";
        return {PhoenixOutbox::Error::DatabaseError,
                PhoenixOutbox::tr("The SQLite driver of Qt SQL is not installed (Debian: libqt6sql6-sqlite); "
                                  "the outbox database %1 cannot be used.")
                    .arg(QDir::toNativeSeparators(path))};
    }
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return {PhoenixOutbox::Error::DatabaseReadOnlyError,
                PhoenixOutbox::tr("The folder of the outbox database %1 cannot be created.")
                    .arg(QDir::toNativeSeparators(path))};
    }

    m_connectionName = nextConnectionName();
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT="_s + QString::number(BusyTimeoutMs));
    Failure f;
    if (!m_db.open())
        f = failure(m_db.lastError(), u"open"_s);
    // Exclusive locking before the first access: the lock is taken by the first write transaction
    // (checkSchema()) and held until close(), and WAL then needs no shared memory (no -shm file).
    // One outbox per file at a time.
    if (!f)
        f = exec(u"PRAGMA locking_mode = EXCLUSIVE"_s, u"locking_mode"_s);
    // Every commit is synced (the WAL too): durable across power loss, not only a killed process.
    if (!f)
        f = exec(u"PRAGMA synchronous = FULL"_s, u"synchronous"_s);
    // The first access: a file that is not a database, is damaged, is someone else's or is newer
    // fails here, before anything was written to it.
    if (!f)
        f = checkSchema(records);
    // Only now, for a database that is ours: WAL (a header change).
    if (!f)
        f = exec(u"PRAGMA journal_mode = WAL"_s, u"journal_mode"_s);
    if (f) {
        records->clear();
        close();
        return f;
    }
    m_insert = std::make_unique<QSqlQuery>(m_db);
    m_setAttempts = std::make_unique<QSqlQuery>(m_db);
    m_setLastError = std::make_unique<QSqlQuery>(m_db);
    m_remove = std::make_unique<QSqlQuery>(m_db);
    if (!m_insert->prepare(u"INSERT INTO entries (seq, key, topic, event, payload, created_ms, attempts, "
                           "last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s) ||
        !m_setAttempts->prepare(u"UPDATE entries SET attempts = ? WHERE seq = ?"_s) ||
        !m_setLastError->prepare(u"UPDATE entries SET last_error = ? WHERE seq = ?"_s) ||
        !m_remove->prepare(u"DELETE FROM entries WHERE seq = ?"_s)) {
        QSqlError error = m_insert->lastError();
        for (const QSqlQuery *q : {m_setAttempts.get(), m_setLastError.get(), m_remove.get()}) {
            if (error.type() == QSqlError::NoError)
                error = q->lastError();
        }
        f = failure(error, u"prepare"_s);
        close();
        return f;
    }
    qCDebug(lcPhoenixOutbox).noquote() << "opened" << QDir::toNativeSeparators(path);
    return {};
}

// Inside one write transaction (which also takes the exclusive lock): a new file gets the schema;
// an existing one must be an outbox database of a version this one reads, with valid records.
PhoenixOutboxStore::Failure PhoenixOutboxStore::checkSchema(QList<PhoenixOutboxRecord> *records)
{
    if (Failure f = exec(u"BEGIN IMMEDIATE"_s, u"begin"_s))
        return f;
    const auto rollback = [this](Failure f) {
        QSqlQuery(m_db).exec(u"ROLLBACK"_s);
        return f;
    };
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"PRAGMA quick_check"_s))
        return rollback(failure(query.lastError(), u"quick_check"_s));
    QStringList problems;
    while (query.next())
        problems.append(query.value(0).toString());
    if (problems != QStringList{u"ok"_s})
        return rollback(corrupt(problems.join(u"; "_s).left(200)));

    const auto pragma = [&](const QString &name, qint64 *value) -> Failure {
        if (!query.exec(u"PRAGMA "_s + name) || !query.next())
            return failure(query.lastError(), name);
        *value = query.value(0).toLongLong();
        return {};
    };
    qint64 applicationId = 0;
    qint64 version = 0;
    if (Failure f = pragma(u"application_id"_s, &applicationId))
        return rollback(f);
    if (Failure f = pragma(u"user_version"_s, &version))
        return rollback(f);
    if (!query.exec(u"SELECT count(*) FROM sqlite_master"_s) || !query.next())
        return rollback(failure(query.lastError(), u"sqlite_master"_s));
    const qint64 objects = query.value(0).toLongLong();
    query.finish();

    if (applicationId == 0 && version == 0 && objects == 0) {
        // A new (or empty) file: make it an outbox database of this version.
        const QStringList statements = {
            createTableStatement(), QString(u"PRAGMA application_id = "_s + QString::number(ApplicationId)),
            QString(u"PRAGMA user_version = "_s + QString::number(SchemaVersion))};
        for (const QString &statement : statements) {
            if (Failure f = exec(statement, u"create schema"_s))
                return rollback(f);
        }
        qCDebug(lcPhoenixOutbox) << "created schema version" << SchemaVersion;
    } else if (applicationId != ApplicationId) {
        return rollback({PhoenixOutbox::Error::DatabaseCorruptError,
                         PhoenixOutbox::tr("The file %1 is not an outbox database (it belongs to another "
                                           "application); it is left untouched.")
                             .arg(QDir::toNativeSeparators(m_path))});
    } else if (version > SchemaVersion) {
        return rollback({PhoenixOutbox::Error::DatabaseVersionError,
                         PhoenixOutbox::tr("The outbox database %1 was written by a newer version of "
                                           "PhoenixQt (schema %2; this version reads schema %3 and older).")
                             .arg(QDir::toNativeSeparators(m_path))
                             .arg(version)
                             .arg(SchemaVersion)});
    } else if (version < 1) {
        return rollback(corrupt(PhoenixOutbox::tr("schema version %1").arg(version)));
    } else {
        // Version 1 is the first; later versions migrate older files here, inside this transaction.
        // The schema must be exactly the one this version writes: SQLite keeps the CREATE statements
        // as they were given, so another column type, a missing constraint, a trigger or anything
        // else that would make the rows or the writes different is seen here.
        if (!query.exec(u"SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"_s))
            return rollback(failure(query.lastError(), u"sqlite_master"_s));
        QStringList objects;
        while (query.next()) {
            objects.append(query.value(0).toString() + u'|' + query.value(1).toString() + u'|' +
                           query.value(2).toString() + u'|' + query.value(3).toString());
        }
        query.finish();
        const QStringList expected = {u"index|sqlite_autoindex_entries_1|entries|"_s,
                                      u"table|entries|entries|"_s + createTableStatement()};
        if (objects != expected)
            return rollback(corrupt(PhoenixOutbox::tr("the table of entries is missing or changed")));
        if (Failure f = load(records))
            return rollback(f);
    }
    if (Failure f = exec(u"COMMIT"_s, u"commit"_s))
        return rollback(f);
    return {};
}

PhoenixOutboxStore::Failure PhoenixOutboxStore::load(QList<PhoenixOutboxRecord> *records)
{
    records->clear();
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT seq, key, topic, event, payload, created_ms, attempts, last_error "
                    "FROM entries ORDER BY seq"_s))
        return failure(query.lastError(), u"load"_s);
    QList<PhoenixOutboxRecord> loaded;
    QSet<QString> keys;
    qint64 previousSeq = 0;
    while (query.next()) {
        const auto invalid = [&](const QString &what) {
            return corrupt(PhoenixOutbox::tr("entry %1: %2").arg(loaded.size() + 1).arg(what));
        };
        const QVariant seq = query.value(0);
        const QVariant key = query.value(1);
        const QVariant topic = query.value(2);
        const QVariant event = query.value(3);
        const QVariant payload = query.value(4);
        const QVariant created = query.value(5);
        const QVariant attempts = query.value(6);
        const QVariant lastError = query.value(7);
        if (!isInteger(seq) || seq.toLongLong() <= previousSeq)
            return invalid(PhoenixOutbox::tr("bad sequence number"));
        if (!isText(key) || QUuid::fromString(key.toString()).isNull() ||
            key.toString() != QUuid::fromString(key.toString()).toString(QUuid::WithoutBraces))
            return invalid(PhoenixOutbox::tr("bad key"));
        if (keys.contains(key.toString()))
            return invalid(PhoenixOutbox::tr("duplicate key"));
        if (!isText(topic) || topic.toString().isEmpty())
            return invalid(PhoenixOutbox::tr("bad topic"));
        if (!isText(event) || event.toString().isEmpty())
            return invalid(PhoenixOutbox::tr("bad event"));
        if (!isText(payload))
            return invalid(PhoenixOutbox::tr("bad payload"));
        const QByteArray payloadText = payload.toString().toUtf8();
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(payloadText, &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject())
            return invalid(PhoenixOutbox::tr("bad payload"));
        if (!isInteger(created))
            return invalid(PhoenixOutbox::tr("bad creation time"));
        if (!isInteger(attempts) || attempts.toLongLong() < 0 || attempts.toLongLong() > INT_MAX)
            return invalid(PhoenixOutbox::tr("bad attempt count"));
        if (!isText(lastError))
            return invalid(PhoenixOutbox::tr("bad last error"));

        PhoenixOutboxRecord record;
        record.seq = seq.toLongLong();
        record.key = key.toString();
        record.topic = topic.toString();
        record.event = event.toString();
        record.payload = document.object();
        record.createdMs = created.toLongLong();
        record.attempts = int(attempts.toLongLong());
        record.lastError = lastError.toString();
        record.size = sizeOf(record.topic, record.event, payloadText);
        previousSeq = record.seq;
        keys.insert(record.key);
        loaded.append(std::move(record));
    }
    if (query.lastError().type() != QSqlError::NoError)
        return failure(query.lastError(), u"load"_s);
    *records = std::move(loaded);
    return {};
}

PhoenixOutboxStore::Failure PhoenixOutboxStore::insert(const PhoenixOutboxRecord &record,
                                                       const QByteArray &compactPayload)
{
    m_insert->bindValue(0, record.seq);
    m_insert->bindValue(1, record.key);
    m_insert->bindValue(2, record.topic);
    m_insert->bindValue(3, record.event);
    m_insert->bindValue(4, QString::fromUtf8(compactPayload));
    m_insert->bindValue(5, record.createdMs);
    m_insert->bindValue(6, record.attempts);
    m_insert->bindValue(7, nonNull(record.lastError));
    Failure f = exec(*m_insert, u"insert"_s);
    m_insert->finish();
    return f;
}

PhoenixOutboxStore::Failure PhoenixOutboxStore::setAttempts(qint64 seq, int attempts)
{
    m_setAttempts->bindValue(0, attempts);
    m_setAttempts->bindValue(1, seq);
    Failure f = exec(*m_setAttempts, u"update attempts"_s);
    m_setAttempts->finish();
    return f;
}

PhoenixOutboxStore::Failure PhoenixOutboxStore::setLastError(qint64 seq, const QString &lastError)
{
    m_setLastError->bindValue(0, nonNull(lastError));
    m_setLastError->bindValue(1, seq);
    Failure f = exec(*m_setLastError, u"update last error"_s);
    m_setLastError->finish();
    return f;
}

PhoenixOutboxStore::Failure PhoenixOutboxStore::remove(qint64 seq)
{
    m_remove->bindValue(0, seq);
    Failure f = exec(*m_remove, u"delete"_s);
    m_remove->finish();
    return f;
}

void PhoenixOutboxStore::close()
{
    m_insert.reset();
    m_setAttempts.reset();
    m_setLastError.reset();
    m_remove.reset();
    if (m_connectionName.isEmpty())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

bool PhoenixOutboxStore::isOpen() const
{
    return m_db.isOpen();
}

QSqlDatabase PhoenixOutboxStore::database() const
{
    return m_db;
}
