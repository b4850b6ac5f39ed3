// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
//
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixoutbox.h"

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <memory>

//! One entry as the database holds it.
struct PhoenixOutboxRecord
{
    qint64 seq = 0; // order of creation, unique
    QString key;    // UUID without braces
    QString topic;
    QString event;
    QJsonObject payload;  // as pushed, without the key field
    qint64 createdMs = 0; // ms since the epoch, UTC
    int attempts = 0;     // attempts made so far (written before each one)
    QString lastError;    // why the last attempt failed (translated when it was written)
    qint64 size = 0;      // bytes counted against maxTotalSize (not stored: derived)
};

/*!
 * The outbox's SQLite database, through Qt SQL: the only code that knows the schema. One job:
 * keep the records faithfully, or say precisely why it cannot (a Failure with the outbox's error
 * code and a translated message). It never repairs, truncates or deletes a file it did not make.
 *
 * Schema version 1 (PRAGMA user_version = 1, PRAGMA application_id = ApplicationId):
 *   CREATE TABLE entries(seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, topic TEXT NOT NULL,
 *                        event TEXT NOT NULL, payload TEXT NOT NULL, created_ms INTEGER NOT NULL,
 *                        attempts INTEGER NOT NULL, last_error TEXT NOT NULL)
 * payload is compact JSON text (an object). Durability: WAL, synchronous=FULL, exclusive locking.
 *
 * Lives in the outbox's thread (a QSqlDatabase connection is bound to the thread that made it).
 */
class PHOENIXQT_OUTBOX_AUTOTEST_EXPORT PhoenixOutboxStore
{
public:
    //! The schema this version writes and reads (PRAGMA user_version).
    static constexpr int SchemaVersion = 1;
    //! PRAGMA application_id of an outbox database: "PQOB" in ASCII.
    static constexpr qint32 ApplicationId = 0x50514f42;
    //! How long opening waits for a database another connection holds, in ms.
    static constexpr int BusyTimeoutMs = 200;

    struct Failure
    {
        PhoenixOutbox::Error error = PhoenixOutbox::Error::NoError;
        QString message; // translated
        explicit operator bool() const { return error != PhoenixOutbox::Error::NoError; }
    };

    PhoenixOutboxStore();
    ~PhoenixOutboxStore();
    PhoenixOutboxStore(const PhoenixOutboxStore &) = delete;
    PhoenixOutboxStore &operator=(const PhoenixOutboxStore &) = delete;

    /*!
     * Opens (or creates) \a path, takes its lock, checks (or creates) the schema and reads every
     * record into \a records, in seq order. A record that is not what this version writes makes the
     * whole database corrupt (nothing is returned then). Everything is checked before anything is
     * written: a file that fails is left byte for byte as it was. On failure the store is closed.
     */
    Failure open(const QString &path, QList<PhoenixOutboxRecord> *records);
    //! Commits \a record (one transaction, synced).
    Failure insert(const PhoenixOutboxRecord &record, const QByteArray &compactPayload);
    //! Commits the attempt count of the record \a seq.
    Failure setAttempts(qint64 seq, int attempts);
    //! Commits the last error of the record \a seq.
    Failure setLastError(qint64 seq, const QString &lastError);
    //! Removes the record \a seq (committed).
    Failure remove(qint64 seq);
    //! Closes the database (the lock is released).
    void close();
    bool isOpen() const;
    //! The open connection, for tests that make the database fail on purpose (query_only,
    //! max_page_count). Null when closed.
    QSqlDatabase database() const;

    //! The table of schema version 1, exactly as the store creates it (and requires it).
    static QString createTableStatement()
    {
        return QStringLiteral(
            "CREATE TABLE entries (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
            "topic TEXT NOT NULL, event TEXT NOT NULL, payload TEXT NOT NULL, "
            "created_ms INTEGER NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL)");
    }

    //! The size an entry counts for maxTotalSize.
    static qint64 sizeOf(const QString &topic, const QString &event, const QByteArray &compactPayload);

private:
    Failure failure(const QSqlError &error, const QString &what) const;
    Failure exec(QSqlQuery &query, const QString &what) const;
    Failure exec(const QString &statement, const QString &what);
    Failure checkSchema(QList<PhoenixOutboxRecord> *records);
    Failure load(QList<PhoenixOutboxRecord> *records);
    Failure corrupt(const QString &detail) const;

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    std::unique_ptr<QSqlQuery> m_insert;
    std::unique_ptr<QSqlQuery> m_setAttempts;
    std::unique_ptr<QSqlQuery> m_setLastError;
    std::unique_ptr<QSqlQuery> m_remove;
};
