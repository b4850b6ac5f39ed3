// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "phoenixoutboxentry.h"
#include "phoenixoutboxglobal.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QVariant>

#include <functional>
#include <memory>

class PhoenixOutboxPrivate;
class PhoenixSocket;

/*!
 * \brief A durable outbox: pushes that survive lost connections, timeouts and restarts, each made
 * once on the server thanks to an idempotency key.
 *
 * Library PhoenixQt::Outbox (`find_package(PhoenixQt COMPONENTS Outbox)`, pkg-config
 * `phoenixqt-outbox`), header `<PhoenixQt/PhoenixOutbox>`. It needs Qt SQL and its SQLite driver
 * (Debian: libqt6sql6-sqlite); the core library does not.
 *
 * \code
 * auto *outbox = new PhoenixOutbox(socket, dataDir + u"/outbox.sqlite"_s, this);
 * connect(outbox, &PhoenixOutbox::delivered, this, [](const QString &key, const QJsonValue &reply) {
 *     qInfo() << "done" << key << reply;
 * });
 * connect(outbox, &PhoenixOutbox::rejected, this, &Form::showRefusal);
 * const QString key = outbox->push(u"meter:42"_s, u"reading"_s, {{u"kwh"_s, 1234.5}});
 * \endcode
 *
 * \section outbox_what What it does
 * push() writes the entry (topic, event, JSON payload) to an SQLite database and commits it before
 * it returns; nothing is sent before that. Every entry gets a key (a UUID) that it keeps for life.
 * The outbox sends the entries through the socket's channel of their topic once that channel is
 * joined, one at a time per topic, in the order they were pushed (different topics do not wait for
 * each other). The key travels in the payload, in the field keyField ("idempotency_key" by default).
 * An entry stays in the outbox until the server replies:
 * - \c ok: delivered() with the reply's response; the entry is removed.
 * - \c error (or any status other than \c ok): rejected() with the response; the entry is removed
 *   and the application decides what to do. Exception: \c {"reason": "unmatched topic"}, which
 *   Phoenix itself answers when the channel is gone on the server, is retried like a timeout.
 * - no reply (timeout), lost connection, channel crash, application killed: the entry is sent again
 *   with the same key: after a timeout once retryAfter() passed, after a lost connection when its
 *   channel is joined again, after a restart when the next outbox on the same file finds it.
 * A server that keeps the keys it has seen with their first reply (see docs/outbox.md for the
 * Elixir handler) thus makes each entry's effect once, and answers a resend with the first reply:
 * "at least once" on the wire, "once" in effect.
 *
 * \section outbox_channels Channels
 * The outbox pushes through channels; it never creates, joins or leaves one. The application
 * creates and joins its channels as usual (PhoenixSocket::channel(), PhoenixChannel::join()),
 * before or after the outbox exists; the outbox finds them among the socket's children and follows
 * their state. For each topic it uses the socket's latest channel of that topic that is not
 * closed (or the latest one at all, until one is joined). Entries of a topic that has no joined
 * channel wait (maxAge drops them if set). An attempt in flight when its channel stops being joined
 * (connection lost, crash, leave) counts as failed and is sent again, with the same key, once the
 * topic has a joined channel again; its late reply, if any, is ignored.
 *
 * \section outbox_durability Durability
 * The database runs in SQLite's WAL mode with \c synchronous=FULL: push() returns after the entry
 * is on disk, fsync included, so it survives a killed process and a power loss (as far as the disk
 * honours fsync). The attempt count is written before every attempt, so limits hold across
 * restarts. The database is opened in exclusive locking mode: one outbox, in one process, uses a
 * file at a time. Expect a few milliseconds per push() on a typical disk (one fsync).
 *
 * \section outbox_errors When the database fails
 * A database that another outbox or process holds (DatabaseLockedError), that is damaged or not an
 * outbox database (DatabaseCorruptError), read-only (DatabaseReadOnlyError), on a full disk
 * (DatabaseFullError), from a newer version (DatabaseVersionError) or cannot be opened at all
 * (DatabaseError) is reported with errorOccurred() and a translated message, and never crashes the
 * application. The outbox then keeps working in memory: push() still accepts entries and they are
 * sent, delivered and rejected as usual, but persistent reads false and entries not yet delivered
 * are lost if the process ends. The file is left as it is (never repaired, truncated or deleted);
 * entries already on it are resent by the next outbox that opens it (their keys make that safe). An
 * empty databasePath makes an outbox that is in memory only from the start, without an error.
 *
 * \section outbox_limits Limits
 * maxAttempts and maxAge bound how long an entry is tried: an entry that reaches one is removed and
 * reported with dropped() (never silently). maxTotalSize bounds the outbox's size: a push() that
 * would exceed it is refused (OutboxFullError) and nothing is dropped for it. All default to 0
 * (no limit).
 *
 * \section outbox_threads Threads and ownership
 * The outbox lives in the thread of its socket and is used from that thread only (like the socket,
 * its channels and its pushes); no member is thread-safe. It does not own the socket (it holds it
 * with a QPointer: if the socket is deleted first, the outbox keeps its entries and sends nothing
 * more). The pushes it makes belong to their channels. Several outboxes may work side by side,
 * on one socket or on several, each with its own database file.
 *
 * \section outbox_signals Signals
 * Outcomes (delivered(), rejected(), dropped()), sent() and errorOccurred() are emitted from the
 * event loop, never from within a call of the application. entryAdded() and pendingCountChanged()
 * are emitted at the end of push(), once the entry is committed. Every signal is emitted after the
 * outbox's state is settled (the entry is gone from the database, entries() and pendingCount
 * before delivered() is emitted); a slot may push, delete the outbox or do anything else.
 */
class PHOENIXQT_OUTBOX_EXPORT PhoenixOutbox : public QObject
{
    Q_OBJECT
    //! Entries not delivered, rejected or dropped yet (waiting or on their way).
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
    //! The database file given to the constructor (empty: in memory only).
    Q_PROPERTY(QString databasePath READ databasePath CONSTANT)
    //! True while entries are committed to the database; false for an outbox in memory only.
    Q_PROPERTY(bool persistent READ isPersistent NOTIFY persistentChanged)
    //! The payload field that carries the key (default "idempotency_key"); applies to later attempts.
    Q_PROPERTY(QString keyField READ keyField WRITE setKeyField NOTIFY keyFieldChanged)
    //! Most attempts per entry before it is dropped (DropReason::MaxAttempts); 0 (default) = no limit.
    Q_PROPERTY(int maxAttempts READ maxAttempts WRITE setMaxAttempts NOTIFY maxAttemptsChanged)
    //! Longest an entry may wait for its delivery, in ms since it was pushed, before it is dropped
    //! (DropReason::MaxAge); 0 (default) = no limit. An attempt in flight is never cut short.
    Q_PROPERTY(qint64 maxAge READ maxAge WRITE setMaxAge NOTIFY maxAgeChanged)
    //! Largest total size of the pending entries in bytes (topic, event and JSON payload, UTF-8);
    //! a push() beyond it is refused. 0 (default) = no limit.
    Q_PROPERTY(qint64 maxTotalSize READ maxTotalSize WRITE setMaxTotalSize NOTIFY maxTotalSizeChanged)
    //! How long one attempt waits for its reply in ms; -1 (default) uses the channel's timeout.
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout NOTIFY timeoutChanged)
    //! The last error (NoError until one happens).
    Q_PROPERTY(Error error READ error NOTIFY errorOccurred)
    //! Translated description of the last error.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorOccurred)

public:
    //! Errors reported by errorOccurred().
    enum class Error {
        NoError,               //!< no error so far
        InvalidEntryError,     //!< push() refused: empty topic or event, a phx_ event, or a payload
                               //!< that already has the keyField
        BinaryPayloadError,    //!< pushBinary() refused: a binary payload cannot carry the key
        OutboxFullError,       //!< push() refused: the entry would exceed maxTotalSize
        DatabaseLockedError,   //!< the database is in use by another outbox or process
        DatabaseCorruptError,  //!< the database is damaged, or is not an outbox database
        DatabaseReadOnlyError, //!< the database or its directory cannot be written
        DatabaseFullError,     //!< the disk (or the database's size limit) is full
        DatabaseVersionError,  //!< the database was written by a newer version (a newer schema)
        DatabaseError          //!< the database cannot be opened or written for another reason
                               //!< (no SQLite driver, I/O error, ...)
    };
    Q_ENUM(Error)

    //! Why an entry was dropped (dropped()).
    enum class DropReason {
        MaxAttempts, //!< it was sent maxAttempts times without an answer
        MaxAge       //!< it was not delivered within maxAge
    };
    Q_ENUM(DropReason)

    //! A backoff schedule: the delay in ms before the next attempt after \a attempts failed ones (1-based).
    using BackoffFunction = std::function<int(int attempts)>;

    /*!
     * Creates an outbox for \a socket with its entries in the SQLite database \a databasePath (created
     * with its directory if missing; empty: in memory only). Entries left in the file by an earlier
     * outbox are loaded (pendingCount counts them at once) and sent again from the event loop. A
     * database that cannot be used is reported with errorOccurred() from the event loop (error() is
     * set at once) and the outbox works in memory. \a socket is not owned and may be null (nothing
     * is sent); \a parent owns the outbox.
     */
    PhoenixOutbox(PhoenixSocket *socket, const QString &databasePath, QObject *parent = nullptr);
    //! Closes the database. Attempts in flight are abandoned (their entries stay in the database and
    //! are sent again by the next outbox on the file); no signal is emitted.
    ~PhoenixOutbox() override;

    /*!
     * Commits an entry: \a event with \a payload on \a topic. Returns its key (a UUID without braces)
     * once the entry is in the database, or an empty string if it was refused (error() tells why:
     * InvalidEntryError, OutboxFullError; errorOccurred() follows from the event loop). A database
     * that fails here is reported like any database error and the entry is kept in memory: the key
     * is returned. Nothing is sent from within push(): sending starts from the event loop.
     */
    QString push(const QString &topic, const QString &event, const QJsonObject &payload);
    /*!
     * Like push(), with the payload as a QVariant, as QML and QVariant-based code have it: a
     * QVariantMap, QJsonObject or QVariantHash is pushed as its JSON object; an invalid QVariant as
     * {}; a QByteArray is refused like pushBinary() (BinaryPayloadError); anything else (a list, a
     * string, a number) is refused with InvalidEntryError. Returns the key, or an empty string.
     */
    QString pushValue(const QString &topic, const QString &event, const QVariant &payload);
    /*!
     * Refuses a binary payload: a V2 binary frame has no field to carry the idempotency key, so the
     * server could not recognise a resend. Always returns an empty string with BinaryPayloadError.
     * Send binary data without the outbox (PhoenixChannel::pushBinary()), or as text (e.g. base64)
     * in a JSON payload.
     */
    QString pushBinary(const QString &topic, const QString &event, const QByteArray &payload);

    //! Returns the pendingCount property: entries not delivered, rejected or dropped yet.
    int pendingCount() const;
    //! Snapshots of the pending entries, in the order they were pushed.
    QList<PhoenixOutboxEntry> entries() const;
    //! A snapshot of the pending entry with \a key, or a null entry if there is none.
    PhoenixOutboxEntry entry(const QString &key) const;
    //! Total size of the pending entries in bytes, as maxTotalSize counts it.
    qint64 totalSize() const;
    //! The socket (not owned), or null if none was given or it was deleted.
    PhoenixSocket *socket() const;
    //! Returns the databasePath property: the database file given to the constructor.
    QString databasePath() const;
    //! Returns the persistent property: true while entries are committed to the database.
    bool isPersistent() const;

    //! Returns the keyField property: the payload field that carries the key.
    QString keyField() const;
    //! Sets the keyField property (an empty name restores "idempotency_key").
    void setKeyField(const QString &field);
    //! Returns the maxAttempts property: most attempts per entry, 0 = no limit.
    int maxAttempts() const;
    //! Sets the maxAttempts property (negative values count as 0). Applies at once.
    void setMaxAttempts(int attempts);
    //! Returns the maxAge property: longest an entry may wait for its delivery in ms, 0 = no limit.
    qint64 maxAge() const;
    //! Sets the maxAge property (negative values count as 0). Applies at once (from the event loop).
    void setMaxAge(qint64 ms);
    //! Returns the maxTotalSize property: largest total size of the pending entries, 0 = no limit.
    qint64 maxTotalSize() const;
    //! Sets the maxTotalSize property (negative values count as 0). Applies to later pushes; nothing
    //! is dropped when it is lowered below totalSize().
    void setMaxTotalSize(qint64 bytes);
    //! Returns the timeout property: how long one attempt waits for its reply in ms (-1: the channel's).
    int timeout() const;
    //! Sets the timeout property (-1: the channel's timeout). Applies to later attempts.
    void setTimeout(int ms);
    //! Returns the error property: the last error.
    Error error() const;
    //! Returns the errorString property: translated description of the last error.
    QString errorString() const;

    //! Replaces the retry schedule after failed attempts (default: defaultRetryAfter()); an empty
    //! function restores the default.
    void setRetryAfter(BackoffFunction schedule);
    //! The retry schedule in use.
    BackoffFunction retryAfter() const;
    //! The default retry schedule: 1000, 2000, 5000, 10000, 30000 ms, then 60000 ms.
    static int defaultRetryAfter(int attempts);

Q_SIGNALS:
    //! Emitted when pendingCount changes (push(), delivery, rejection, drop), after the entries changed.
    void pendingCountChanged(int count);
    //! Emitted when the server answered the entry with \a key "ok"; \a response is the reply's response
    //! (for a resend: the server's first reply). The entry is gone from the outbox and the database.
    void delivered(const QString &key, const QJsonValue &response);
    //! Emitted when the server answered the entry with \a key with "error" (or another status that is
    //! not "ok"), with its \a response. The entry is gone from the outbox and the database.
    void rejected(const QString &key, const QJsonValue &response);
    //! Emitted when a limit dropped the entry with \a key for \a reason; \a entry is its last snapshot
    //! (with its attempts and last error). If it was sent, the server may or may not have it.
    void dropped(const QString &key, PhoenixOutbox::DropReason reason, const PhoenixOutboxEntry &entry);
    //! Emitted when the entry with \a key was handed to its channel for attempt number \a attempt (from 1).
    void sent(const QString &key, int attempt);
    //! Emitted at the end of push() for the entry it committed (for models and logs).
    void entryAdded(const PhoenixOutboxEntry &entry);
    //! Emitted when an entry's attempts, last error or sending state changed, with its new snapshot.
    void entryChanged(const PhoenixOutboxEntry &entry);
    //! Emitted when the entry with \a key left the outbox (delivered, rejected or dropped), before
    //! the signal that says why.
    void entryRemoved(const QString &key);
    //! Emitted (from the event loop) on every error, with a translated \a message (also errorString()).
    void errorOccurred(PhoenixOutbox::Error error, const QString &message);
    //! Emitted when the persistent property changes (false after a database error).
    void persistentChanged(bool persistent);
    //! Emitted when the keyField property changes.
    void keyFieldChanged(const QString &field);
    //! Emitted when the maxAttempts property changes.
    void maxAttemptsChanged(int attempts);
    //! Emitted when the maxAge property changes.
    void maxAgeChanged(qint64 ms);
    //! Emitted when the maxTotalSize property changes.
    void maxTotalSizeChanged(qint64 bytes);
    //! Emitted when the timeout property changes.
    void timeoutChanged(int ms);

protected:
    //! \reimp Watches the socket for channels the application creates.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    Q_DISABLE_COPY_MOVE(PhoenixOutbox)
    friend class PhoenixOutboxPrivate; // its own pimpl emits the signals
    std::unique_ptr<PhoenixOutboxPrivate> d;
};
