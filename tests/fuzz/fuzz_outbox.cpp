// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// libFuzzer target: the durable outbox's stored form. A damaged database must be an error, not a
// crash, and must never be changed; a database the outbox accepts must give back sound entries and
// keep working.
//
// The first byte of an input chooses what the fuzzer writes:
//  - even: the rest of the input is the database file, byte for byte (damaged headers, pages, b-trees,
//    schemas, records, other applications' databases, outbox databases of other versions);
//  - odd: a database the fuzzer builds with SQL, as a damaged outbox database would look: the outbox's
//    application_id, then user_version, the table `entries` either exactly as the outbox makes it or
//    with its column names but any column types and no constraints (or a column missing), and up to 8
//    rows whose 8 values each are NULL, an integer, a real, text or a blob of the input's choosing (see
//    Reader::value(); SQLite keeps any type in any column: only NULLs and duplicate keys are refused by
//    the exact schema, and such rows are left out).
//
// Then a PhoenixOutbox (no socket) opens the file, and every input checks:
//  - error() is NoError or a database error (Database*Error); never a crash, hang or sanitizer report;
//  - refused: persistent is false, nothing was loaded, the outbox still takes entries in memory, and
//    the file is byte for byte what the fuzzer wrote once the outbox is gone (never repaired, never
//    truncated, no journal left behind);
//  - accepted: persistent is true; pendingCount() == entries().size(); every entry has a canonical
//    UUID key (unique), a topic, an event and attempts >= 0; a push() is committed: the next outbox on
//    the file finds every entry again, in the same order, plus the new one.
//
// `fuzz_outbox --write-seeds <dir>` writes the seed corpus (tests/fuzz/corpus/outbox) and exits;
// PHOENIXQT_FUZZ_VERBOSE=1 prints what the outbox made of each input.

#include "fuzzcheck.h"

#include <PhoenixQt/PhoenixOutbox>

#include "phoenixoutboxstore_p.h" // the exact schema, for damaged rows in a schema the outbox accepts

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QLoggingCategory>
#include <QtCore/QSet>
#include <QtCore/QUuid>
#include <QtCore/QtEndian>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr qint32 OutboxApplicationId = 0x50514f42; // PhoenixOutboxStore::ApplicationId
const QStringList Columns = {u"seq"_s,     u"key"_s,        u"topic"_s,    u"event"_s,
                             u"payload"_s, u"created_ms"_s, u"attempts"_s, u"last_error"_s};

void ensureApplication()
{
    static int argc = 1;
    static char name[] = "fuzz_outbox";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = nullptr;
    if (app)
        return;
    app = new QCoreApplication(argc, argv); // lives for the process
    // What the outbox logs about the damage it finds is not what is checked here.
    QLoggingCategory::setFilterRules(u"phoenix.*=false"_s);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg || message.contains(u"still in use"_s)) {
            std::fprintf(stderr, "%s\n", qPrintable(message));
            std::abort();
        }
    });
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s)) {
        std::fprintf(stderr, "Qt SQL's SQLite driver is missing (Debian: libqt6sql6-sqlite)\n");
        std::abort();
    }
}

//! Where the inputs' databases go: memory-backed when the system has it (fsync costs nothing there).
QString workDirectory()
{
    static const QString dir = [] {
        const QString base = QDir(u"/dev/shm"_s).exists() ? u"/dev/shm"_s : QDir::tempPath();
        const QString path = base + u"/fuzz_outbox-"_s + QString::number(QCoreApplication::applicationPid());
        QDir().mkpath(path);
        return path;
    }();
    return dir;
}

void removeDatabaseFiles(const QString &path)
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s})
        QFile::remove(path + suffix);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

class Reader
{
public:
    Reader(const std::uint8_t *data, std::size_t size)
        : m_data(data)
        , m_size(size)
    {
    }
    bool atEnd() const { return m_pos >= m_size; }
    std::uint8_t byte() { return atEnd() ? 0 : m_data[m_pos++]; }
    QByteArray bytes(std::size_t n)
    {
        n = std::min(n, m_size - std::min(m_pos, m_size));
        const QByteArray out(reinterpret_cast<const char *>(m_data + m_pos), qsizetype(n));
        m_pos += n;
        return out;
    }
    qint64 integer()
    {
        const QByteArray raw = bytes(8).leftJustified(8, '\0');
        return qFromLittleEndian<qint64>(raw.constData());
    }
    QByteArray rest() { return bytes(m_size); }

    //! One SQL value: NULL, an integer (small or 64-bit), a real, text or a blob.
    QVariant value()
    {
        switch (byte() % 7) {
        case 0:
            return QVariant(QMetaType::fromType<QString>()); // NULL
        case 1:
            return qint64(qint8(byte()));
        case 2:
            return integer();
        case 3: {
            const qint64 raw = integer();
            double d;
            std::memcpy(&d, &raw, sizeof d);
            return d;
        }
        case 4:
            return QString::fromUtf8(bytes(byte()));
        case 5:
            return bytes(byte()); // a blob
        default:
            return QUuid::createUuidV5(QUuid(), bytes(4)).toString(QUuid::WithoutBraces); // a valid key
        }
    }

private:
    const std::uint8_t *m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

//! Builds a damaged outbox database at \a path from \a input (see the header). Returns false if the
//! harness itself could not write it (not a finding).
bool buildDatabase(const QString &path, Reader &input)
{
    const QString connection = u"fuzz-writer"_s;
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        const std::uint8_t flags = input.byte();
        const qint64 version = (flags & 0x3) == 0 ? qint64(qint8(input.byte())) : 1;
        const qint64 appId = (flags & 0xc) == 0 ? input.integer() : OutboxApplicationId;
        QStringList columns = Columns;
        if ((flags & 0x30) == 0) // a column renamed or missing
            columns.removeAt(input.byte() % columns.size());
        QString create;
        if ((flags & 0x40) != 0 && columns.size() == Columns.size()) {
            create = PhoenixOutboxStore::createTableStatement();
        } else {
            QStringList declared;
            for (const QString &column : std::as_const(columns)) {
                static const char *types[] = {"", " INTEGER", " TEXT", " BLOB", " REAL"};
                declared.append(column + QString::fromLatin1(types[input.byte() % 5]));
            }
            create = u"CREATE TABLE entries ("_s + declared.join(u", "_s) + u')';
        }
        ok = ok && q.exec(u"PRAGMA page_size = 512"_s);
        ok = ok && q.exec(u"PRAGMA application_id = "_s + QString::number(qint32(appId)));
        ok = ok && q.exec(u"PRAGMA user_version = "_s + QString::number(qint32(version)));
        ok = ok && q.exec(create);
        const int rows = input.byte() % 9;
        for (int r = 0; ok && r < rows && !input.atEnd(); ++r) {
            QSqlQuery insert(db);
            const QString marks = QStringList(QList<QString>(columns.size(), u"?"_s)).join(u", "_s);
            ok = insert.prepare(u"INSERT INTO entries ("_s + columns.join(u", "_s) + u") VALUES ("_s + marks +
                                u')');
            for (int c = 0; ok && c < columns.size(); ++c)
                insert.bindValue(c, input.value());
            if (ok)
                insert.exec(); // a row the constraints refuse is left out
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

bool isDatabaseError(PhoenixOutbox::Error error)
{
    switch (error) {
    case PhoenixOutbox::Error::DatabaseLockedError:
    case PhoenixOutbox::Error::DatabaseCorruptError:
    case PhoenixOutbox::Error::DatabaseReadOnlyError:
    case PhoenixOutbox::Error::DatabaseFullError:
    case PhoenixOutbox::Error::DatabaseVersionError:
    case PhoenixOutbox::Error::DatabaseError:
        return true;
    default:
        return false;
    }
}

void checkEntries(const PhoenixOutbox &outbox)
{
    const QList<PhoenixOutboxEntry> entries = outbox.entries();
    PHOENIX_FUZZ_CHECK(outbox.pendingCount() == entries.size());
    QSet<QString> keys;
    for (const PhoenixOutboxEntry &entry : entries) {
        PHOENIX_FUZZ_CHECK(!entry.isNull());
        PHOENIX_FUZZ_CHECK(QUuid::fromString(entry.key()).toString(QUuid::WithoutBraces) == entry.key());
        PHOENIX_FUZZ_CHECK(!keys.contains(entry.key()));
        keys.insert(entry.key());
        PHOENIX_FUZZ_CHECK(!entry.topic().isEmpty());
        PHOENIX_FUZZ_CHECK(!entry.event().isEmpty());
        PHOENIX_FUZZ_CHECK(entry.attempts() >= 0);
        PHOENIX_FUZZ_CHECK(!entry.isSending());
        PHOENIX_FUZZ_CHECK(outbox.entry(entry.key()) == entry);
    }
}

void runInput(const std::uint8_t *data, std::size_t size)
{
    const QString path = workDirectory() + u"/outbox.sqlite"_s;
    removeDatabaseFiles(path);
    Reader input(data, size);
    const std::uint8_t mode = input.byte();
    if (mode % 2 == 0) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            std::abort();
        file.write(input.rest());
    } else if (!buildDatabase(path, input)) {
        return; // SQLite refused what the harness asked for (e.g. a duplicate column): not a finding
    }
    const QByteArray written = readFile(path);

    QList<PhoenixOutboxEntry> loaded;
    QString pushed;
    bool accepted = false;
    {
        PhoenixOutbox outbox(nullptr, path);
        const PhoenixOutbox::Error error = outbox.error();
        static const bool verbose = qEnvironmentVariableIsSet("PHOENIXQT_FUZZ_VERBOSE");
        if (verbose)
            std::fprintf(stderr, "mode %d, %d bytes: error %d, %d entries: %s\n", mode % 2,
                         int(written.size()), int(error), int(outbox.pendingCount()),
                         qPrintable(outbox.errorString()));
        PHOENIX_FUZZ_CHECK(error == PhoenixOutbox::Error::NoError || isDatabaseError(error));
        accepted = error == PhoenixOutbox::Error::NoError;
        PHOENIX_FUZZ_CHECK(outbox.isPersistent() == accepted);
        if (!accepted)
            PHOENIX_FUZZ_CHECK(outbox.pendingCount() == 0 && !outbox.errorString().isEmpty());
        checkEntries(outbox);
        loaded = outbox.entries();
        pushed = outbox.push(u"room:fuzz"_s, u"durable"_s, {{u"n"_s, 1}});
        PHOENIX_FUZZ_CHECK(!pushed.isEmpty());
        PHOENIX_FUZZ_CHECK(outbox.pendingCount() == loaded.size() + 1);
        if (accepted && outbox.error() != PhoenixOutbox::Error::NoError) {
            // Damage the checks on opening cannot see (a b-tree page only a write touches): an error,
            // and the entry is kept in memory.
            PHOENIX_FUZZ_CHECK(isDatabaseError(outbox.error()) && !outbox.isPersistent());
            accepted = false;
            QCoreApplication::processEvents();
            return;
        }
        QCoreApplication::processEvents(); // the queued error signal, the (socketless) pump
    }
    if (!accepted) {
        // Never repaired, truncated or deleted, and nothing left next to it.
        PHOENIX_FUZZ_CHECK(readFile(path) == written);
        PHOENIX_FUZZ_CHECK(!QFile::exists(path + u"-wal"_s) && !QFile::exists(path + u"-journal"_s));
        return;
    }
    // Committed: the next outbox finds everything again, in order, plus the new entry.
    PhoenixOutbox again(nullptr, path);
    if (qEnvironmentVariableIsSet("PHOENIXQT_FUZZ_VERBOSE"))
        std::fprintf(stderr, "reopened: error %d, %d entries: %s\n", int(again.error()),
                     int(again.pendingCount()), qPrintable(again.errorString()));
    PHOENIX_FUZZ_CHECK(again.error() == PhoenixOutbox::Error::NoError);
    const QList<PhoenixOutboxEntry> reloaded = again.entries();
    PHOENIX_FUZZ_CHECK(reloaded.size() == loaded.size() + 1);
    for (qsizetype i = 0; i < loaded.size(); ++i)
        PHOENIX_FUZZ_CHECK(reloaded.at(i) == loaded.at(i));
    PHOENIX_FUZZ_CHECK(reloaded.last().key() == pushed);
    checkEntries(again);
}

// ---- the seed corpus ----

//! A real outbox database with \a count entries, made by the outbox itself on 512-byte pages.
QByteArray realDatabase(int count, bool attempted)
{
    const QString path = workDirectory() + u"/seed.sqlite"_s;
    removeDatabaseFiles(path);
    {
        // Small pages keep the file within the fuzzer's input size.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"fuzz-seed"_s);
        db.setDatabaseName(path);
        db.open();
        QSqlQuery q(db);
        q.exec(u"PRAGMA page_size = 512"_s);
        q.exec(u"CREATE TABLE x (a)"_s);
        q.exec(u"DROP TABLE x"_s);
        q.exec(u"VACUUM"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"fuzz-seed"_s);
    {
        PhoenixOutbox outbox(nullptr, path);
        for (int i = 0; i < count; ++i)
            outbox.push(i % 2 ? u"room:b"_s : u"room:a"_s, u"new_msg"_s,
                        {{u"body"_s, QString(u"message "_s + QString::number(i))}, {u"n"_s, i}});
    }
    if (attempted) {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"fuzz-seed"_s);
            db.setDatabaseName(path);
            db.open();
            QSqlQuery(db).exec(
                u"UPDATE entries SET attempts = 3, last_error = 'No reply within 10000 ms.'"_s);
            QSqlQuery(db).exec(u"PRAGMA journal_mode = DELETE"_s);
            db.close();
        }
        QSqlDatabase::removeDatabase(u"fuzz-seed"_s);
    }
    QByteArray bytes = readFile(path);
    removeDatabaseFiles(path);
    return bytes;
}

int writeSeeds(const QString &directory)
{
    ensureApplication();
    QDir().mkpath(directory);
    QList<QPair<QString, QByteArray>> seeds;
    const auto file = [&](const QString &name, const QByteArray &bytes) {
        seeds.append({name, QByteArray(1, '\0') + bytes});
    };
    file(u"file_empty"_s, {});
    file(u"file_garbage"_s, QByteArray(600, 'x'));
    file(u"file_header_only"_s, QByteArray("SQLite format 3\0", 16) + QByteArray(84, '\0'));
    file(u"file_outbox_empty"_s, realDatabase(0, false));
    file(u"file_outbox_3"_s, realDatabase(3, false));
    file(u"file_outbox_attempted"_s, realDatabase(2, true));
    const QByteArray three = realDatabase(3, false);
    file(u"file_outbox_truncated"_s, three.left(three.size() / 2));
    QByteArray flipped = three;
    if (flipped.size() > 700)
        flipped[700] = char(flipped.at(700) ^ 0x55);
    file(u"file_outbox_flipped"_s, flipped);

    // Built with SQL: flags, (version, app id, dropped column,) column types, rows, values.
    const auto built = [&](const QString &name, const QByteArray &body) {
        seeds.append({name, QByteArray(1, '\x01') + body});
    };
    const QByteArray key = "\x06"
                           "abcd"; // value kind 6: a valid key
    const QByteArray text = QByteArray("\x04\x07") + "room:ab";
    const QByteArray payload = QByteArray("\x04\x07") + "{\"n\":1}";
    const QByteArray integer = QByteArray("\x02") + QByteArray("\x01\0\0\0\0\0\0\0", 8);
    const QByteArray valid = integer + key + text + text + payload + integer + QByteArray("\x01\x00", 2) +
                             QByteArray("\x04\x00", 2);
    const QByteArray types = QByteArray("\x01\x02\x02\x02\x02\x01\x01\x02", 8);
    built(u"sql_valid_row"_s, QByteArray("\x7f", 1) + QByteArray("\x01", 1) + valid);
    built(u"sql_null_topic"_s, QByteArray("\x7f", 1) + QByteArray("\x01", 1) + integer + key +
                                   QByteArray("\x00", 1) + text + payload + integer +
                                   QByteArray("\x01\x00", 2) + QByteArray("\x04\x00", 2));
    built(u"sql_payload_array"_s, QByteArray("\x7f", 1) + QByteArray("\x01", 1) + integer + key + text +
                                      text + QByteArray("\x04\x05") + "[1,2]" + integer +
                                      QByteArray("\x01\x00", 2) + QByteArray("\x04\x00", 2));
    built(u"sql_duplicate_key"_s, QByteArray("\x7f", 1) + QByteArray("\x02", 1) + valid + QByteArray("\x02") +
                                      QByteArray("\x02\0\0\0\0\0\0\0", 8) + key + text + text + payload +
                                      integer + QByteArray("\x01\x00", 2) + QByteArray("\x04\x00", 2));
    built(u"sql_negative_attempts"_s, QByteArray("\x7f", 1) + QByteArray("\x01", 1) + integer + key + text +
                                          text + payload + integer + QByteArray("\x01\xff", 2) +
                                          QByteArray("\x04\x00", 2));
    built(u"sql_newer_version"_s, QByteArray("\x3c\x63", 2) + types + QByteArray("\x00", 1));
    built(u"sql_foreign_app"_s,
          QByteArray("\x33", 1) + QByteArray("\x01\0\0\0\0\0\0\0", 8) + types + QByteArray("\x00", 1));
    built(u"sql_missing_column"_s,
          QByteArray("\x0f\x02", 2) + QByteArray("\x01\x02\x02\x02\x02\x01\x01", 7) + QByteArray("\x00", 1));

    for (const auto &[name, bytes] : std::as_const(seeds)) {
        QFile out(directory + u'/' + name + u".bin"_s);
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(out.fileName()));
            return 1;
        }
    }
    std::printf("wrote %d seeds to %s\n", int(seeds.size()), qPrintable(directory));
    return 0;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    for (int i = 1; i + 1 < *argc; ++i) {
        if (std::strcmp((*argv)[i], "--write-seeds") == 0)
            std::exit(writeSeeds(QString::fromLocal8Bit((*argv)[i + 1])));
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    ensureApplication();
    runInput(data, size);
    return 0;
}
