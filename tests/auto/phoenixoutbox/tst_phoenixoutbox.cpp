// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The durable outbox on the fake transport: the engine without sockets, a scripted server that
// deduplicates on the idempotency key as the dev server's `durable` event does, and real SQLite
// files in a temporary directory. Order, retries with the same key, rejection, limits, restarts, the
// channels the application makes, slots that do anything, the model, and databases that fail.

#include "fakeengine.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixOutbox>
#include <PhoenixQt/PhoenixOutboxModel>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtCore/QUuid>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

const QString Durable = u"durable"_s;
const QString TopicA = u"room:a"_s;
const QString TopicB = u"room:b"_s;

/*
 * The server half on the fake transport: for each key, the first push makes an effect (logged in
 * order) and its reply is kept; a push with a known key gets that first reply. `hold` leaves pushes
 * unanswered (a lost or slow reply: the effect is made, the reply is kept for a resend), `refuse`
 * answers error, `unmatched` answers Phoenix's "unmatched topic" without remembering anything.
 */
class DurableServer : public QObject
{
public:
    explicit DurableServer(FakeServer *server)
        : m_server(server)
    {
        connect(server, &FakeServer::frameReceived, this,
                [this](const QJsonArray &frame) { onFrame(frame); });
    }

    struct Effect
    {
        QString topic;
        QString key;
        QJsonObject payload;
    };

    QList<Effect> effects;
    QList<QJsonArray> pushes; // every durable frame, in arrival order
    int resends = 0;
    int hold = 0;           // the next n first pushes are not answered
    bool refuse = false;    // first pushes are refused
    bool unmatched = false; // every push gets Phoenix's "unmatched topic"
    bool answer = true;     // false: nothing is answered (the effects are made)

    QStringList keysOf(const QString &topic) const
    {
        QStringList keys;
        for (const Effect &e : effects) {
            if (e.topic == topic)
                keys.append(e.key);
        }
        return keys;
    }
    QList<int> numbersOf(const QString &topic) const
    {
        QList<int> numbers;
        for (const Effect &e : effects) {
            if (e.topic == topic)
                numbers.append(e.payload.value(u"n"_s).toInt());
        }
        return numbers;
    }
    int sendsOf(const QString &key) const
    {
        int n = 0;
        for (const QJsonArray &f : pushes)
            n += f.at(4).toObject().value(u"idempotency_key"_s).toString() == key ? 1 : 0;
        return n;
    }

private:
    void onFrame(const QJsonArray &frame)
    {
        if (frame.at(3).toString() != Durable)
            return;
        pushes.append(frame);
        const QJsonObject payload = frame.at(4).toObject();
        const QString key = payload.value(u"idempotency_key"_s).toString();
        if (unmatched) {
            later(frame, u"error"_s, QJsonObject{{u"reason"_s, u"unmatched topic"_s}});
            return;
        }
        if (m_first.contains(key)) {
            ++resends;
            if (answer)
                later(frame, m_first.value(key).first, m_first.value(key).second);
            return;
        }
        if (refuse) {
            m_first.insert(key, {u"error"_s, QJsonObject{{u"reason"_s, u"refused"_s}}});
        } else {
            effects.append({frame.at(2).toString(), key, payload});
            m_first.insert(key, {u"ok"_s, QJsonObject{{u"effect"_s, int(effects.size())}}});
        }
        if (hold > 0) {
            --hold;
            return;
        }
        if (answer)
            later(frame, m_first.value(key).first, m_first.value(key).second);
    }
    void later(const QJsonArray &frame, const QString &status, const QJsonObject &response)
    {
        QMetaObject::invokeMethod(
            this, [this, frame, status, response] { m_server->reply(frame, status, response); },
            Qt::QueuedConnection);
    }

    FakeServer *m_server;
    QHash<QString, QPair<QString, QJsonObject>> m_first;
};

//! A socket on the fake server with the durable server half, and a temporary folder for databases.
struct Fixture
{
    Fixture() { e.socket.setTimeout(WaitMs); }
    QString path(const QString &name = u"outbox.sqlite"_s) const { return dir.filePath(name); }
    std::unique_ptr<PhoenixOutbox> outbox(const QString &name = u"outbox.sqlite"_s)
    {
        auto o = std::make_unique<PhoenixOutbox>(&e.socket, name.isEmpty() ? QString() : path(name));
        o->setRetryAfter([](int) { return 10; });
        return o;
    }

    QTemporaryDir dir;
    FakeEngine e;
    DurableServer durable{&e.server};
};

QJsonObject n(int number)
{
    return QJsonObject{{u"n"_s, number}};
}

//! The open Qt SQL connection of the outbox whose database is \a path (every outbox has its own).
QSqlDatabase connectionOf(const QString &path)
{
    const QStringList names = QSqlDatabase::connectionNames();
    for (const QString &name : names) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.databaseName() == path && db.isOpen())
            return db;
    }
    return {};
}

QByteArray fileContents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_PhoenixOutbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // the basics
    void pushReturnsAKeyAndSendsFromTheEventLoop();
    void entryIsOnDiskWhenPushReturns();
    void databaseIsWalWithFullSyncAndExclusive();
    void keyTravelsInTheConfiguredField();
    void deliveredRemovesTheEntry();
    void entriesGoInOrderOnePerTopicAtATime();
    void topicsDoNotWaitForEachOther();

    // retries with the same key
    void timeoutResendsWithTheSameKeyAfterBackoff();
    void lostConnectionResendsWithTheSameKeyAfterRejoin();
    void channelCrashResendsAfterRejoin();
    void unmatchedTopicIsRetriedNotRejected();
    void lateReplyOfAnAbandonedAttemptIsIgnored();

    // rejection
    void errorReplyRejectsAndTheNextEntryGoes();

    // limits
    void maxAttemptsDropsAndReports();
    void maxAgeDropsWaitingEntriesAndReports();
    void maxTotalSizeRefusesThePush();
    void invalidPushesAreRefusedWithAnErrorFromTheEventLoop_data();
    void invalidPushesAreRefusedWithAnErrorFromTheEventLoop();
    void binaryPayloadsAreRefused();
    void pushValueTakesObjectsAndRefusesTheRest();

    // restart
    void secondOutboxOnTheFileContinuesWhereTheFirstStopped();
    void restartAfterTheEffectButBeforeTheReplyDeliversOnce();

    // channels and sockets
    void waitsForTheChannelTheApplicationCreatesLater();
    void followsTheNewestInstanceOfATopic();
    void deletedSocketKeepsTheEntries();
    void severalSocketsWithSeveralOutboxes();

    // application code
    void slotMayDeleteTheOutbox();
    void slotMayPushAgain();

    // the model
    void modelFollowsTheEntries();
    void modelShowsOneTopic();

    // databases that fail: an error, and the outbox works in memory
    void emptyPathIsMemoryOnly();
    void lockedDatabaseFallsBackToMemory();
    void corruptDatabaseIsReportedAndLeftUntouched();
    void foreignDatabaseIsLeftUntouched();
    void changedSchemaIsCorruptAndLeftUntouched_data();
    void changedSchemaIsCorruptAndLeftUntouched();
    void newerSchemaIsReported();
    void readOnlyDatabaseFallsBackToMemory();
    void fullDiskFallsBackToMemory();
    void unopenablePathIsReported();
};

void tst_PhoenixOutbox::initTestCase()
{
    qRegisterMetaType<PhoenixOutboxEntry>();
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        QFAIL("Qt SQL's SQLite driver is missing (Debian: libqt6sql6-sqlite; scripts/deps.sh installs it)");
}

// ---- the basics ----------------------------------------------------------------------------------

void tst_PhoenixOutbox::pushReturnsAKeyAndSendsFromTheEventLoop()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    auto outbox = f.outbox();
    QVERIFY(outbox->isPersistent());
    QSignalSpy count(outbox.get(), &PhoenixOutbox::pendingCountChanged);
    QSignalSpy added(outbox.get(), &PhoenixOutbox::entryAdded);
    QSignalSpy sent(outbox.get(), &PhoenixOutbox::sent);

    const QString key = outbox->push(TopicA, Durable, n(1));
    QVERIFY(!QUuid::fromString(key).isNull());
    QCOMPARE(key, QUuid::fromString(key).toString(QUuid::WithoutBraces));
    QCOMPARE(outbox->pendingCount(), 1);
    QCOMPARE(count.size(), 1);
    QCOMPARE(count.at(0).at(0).toInt(), 1);
    QCOMPARE(added.size(), 1);
    const auto entry = added.at(0).at(0).value<PhoenixOutboxEntry>();
    QCOMPARE(entry.key(), key);
    QCOMPARE(entry.topic(), TopicA);
    QCOMPARE(entry.event(), Durable);
    QCOMPARE(entry.payload(), n(1));
    QCOMPARE(entry.attempts(), 0);
    QVERIFY(qAbs(entry.created().msecsTo(QDateTime::currentDateTimeUtc())) < 60000);
    QCOMPARE(f.e.server.count(TopicA, Durable), 0); // nothing from within push()
    QCOMPARE(sent.size(), 0);

    QVERIFY(sent.wait(WaitMs));
    QCOMPARE(sent.at(0).at(0).toString(), key);
    QCOMPARE(sent.at(0).at(1).toInt(), 1);
    QCOMPARE(f.e.server.count(TopicA, Durable), 1);
}

void tst_PhoenixOutbox::entryIsOnDiskWhenPushReturns()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    QString key;
    {
        auto outbox = f.outbox();
        key = outbox->push(TopicA, Durable, n(7));
        // The process "dies" right after push() returned: nothing ran, nothing was sent.
    }
    QCOMPARE(f.e.server.count(TopicA, Durable), 0);
    auto next = f.outbox();
    QCOMPARE(next->pendingCount(), 1);
    QCOMPARE(next->entries().at(0).key(), key);
    QCOMPARE(next->entries().at(0).payload(), n(7));
}

void tst_PhoenixOutbox::databaseIsWalWithFullSyncAndExclusive()
{
    Fixture f;
    auto outbox = f.outbox();
    QVERIFY(outbox->isPersistent());
    const auto pragma = [&](const QString &name) {
        QSqlQuery query(connectionOf(f.path()));
        return query.exec(u"PRAGMA "_s + name) && query.next() ? query.value(0).toString() : QString();
    };
    QCOMPARE(pragma(u"journal_mode"_s), u"wal"_s);
    QCOMPARE(pragma(u"synchronous"_s), u"2"_s); // FULL
    QCOMPARE(pragma(u"locking_mode"_s), u"exclusive"_s);
    QCOMPARE(pragma(u"user_version"_s), u"1"_s);
    QCOMPARE(pragma(u"application_id"_s), QString::number(0x50514f42));
}

void tst_PhoenixOutbox::keyTravelsInTheConfiguredField()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    auto outbox = f.outbox();
    QCOMPARE(outbox->keyField(), u"idempotency_key"_s);
    const QString first = outbox->push(TopicA, Durable, n(1));
    QTRY_COMPARE(outbox->pendingCount(), 0);
    QCOMPARE(f.e.server.last(TopicA, Durable).at(4).toObject(),
             (QJsonObject{{u"n"_s, 1}, {u"idempotency_key"_s, first}}));

    QSignalSpy changed(outbox.get(), &PhoenixOutbox::keyFieldChanged);
    outbox->setKeyField(u"request_id"_s);
    QCOMPARE(changed.size(), 1);
    f.durable.answer = false;
    const QString second = outbox->push(TopicA, u"other"_s, n(2));
    QTRY_COMPARE(f.e.server.count(TopicA, u"other"_s), 1);
    QCOMPARE(f.e.server.last(TopicA, u"other"_s).at(4).toObject(),
             (QJsonObject{{u"n"_s, 2}, {u"request_id"_s, second}}));
    outbox->setKeyField(QString());
    QCOMPARE(outbox->keyField(), u"idempotency_key"_s);
}

void tst_PhoenixOutbox::deliveredRemovesTheEntry()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    auto outbox = f.outbox();
    QSignalSpy delivered(outbox.get(), &PhoenixOutbox::delivered);
    QSignalSpy removed(outbox.get(), &PhoenixOutbox::entryRemoved);
    QSignalSpy count(outbox.get(), &PhoenixOutbox::pendingCountChanged);
    const QString key = outbox->push(TopicA, Durable, n(1));
    QString keyInSlot;
    int pendingInSlot = -1;
    connect(outbox.get(), &PhoenixOutbox::delivered, this, [&](const QString &k) {
        keyInSlot = k;
        pendingInSlot = outbox->pendingCount(); // settled before the signal
    });
    QVERIFY(delivered.wait(WaitMs));
    QCOMPARE(delivered.at(0).at(0).toString(), key);
    QCOMPARE(delivered.at(0).at(1).toJsonValue(), QJsonValue(QJsonObject{{u"effect"_s, 1}}));
    QCOMPARE(pendingInSlot, 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(count.size(), 2); // 1, then 0
    QCOMPARE(count.at(1).at(0).toInt(), 0);
    QVERIFY(outbox->entry(key).isNull());
    outbox.reset();
    QCOMPARE(f.outbox()->pendingCount(), 0); // gone from the file too
}

void tst_PhoenixOutbox::entriesGoInOrderOnePerTopicAtATime()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    f.durable.answer = false; // the test answers by hand
    auto outbox = f.outbox();
    QStringList keys;
    for (int i = 1; i <= 4; ++i)
        keys.append(outbox->push(TopicA, Durable, n(i)));
    QTRY_COMPARE(f.e.server.count(TopicA, Durable), 1);
    outbox->push(TopicB, Durable, n(99)); // the outbox looks again (B has no channel)
    QTest::qWait(QuietMs);
    QCOMPARE(f.e.server.count(TopicA, Durable), 1); // the next waits for this one's answer
    for (int i = 1; i <= 4; ++i) {
        const QJsonArray frame = f.e.server.last(TopicA, Durable);
        QCOMPARE(frame.at(4)[u"n"_s].toInt(), i);
        QCOMPARE(frame.at(4)[u"idempotency_key"_s].toString(), keys.at(i - 1));
        f.e.server.reply(frame, u"ok"_s, {});
        if (i < 4)
            QTRY_COMPARE(f.e.server.count(TopicA, Durable), i + 1);
    }
    QTRY_COMPARE(outbox->pendingCount(), 1); // B's, which has no channel
    QCOMPARE(f.durable.numbersOf(TopicA), QList<int>({1, 2, 3, 4}));
}

void tst_PhoenixOutbox::topicsDoNotWaitForEachOther()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    QVERIFY(f.e.joined(TopicB));
    f.durable.answer = false;
    auto outbox = f.outbox();
    outbox->push(TopicA, Durable, n(1));
    outbox->push(TopicA, Durable, n(2));
    outbox->push(TopicB, Durable, n(10));
    QTRY_COMPARE(f.e.server.count(TopicB, Durable), 1); // while A's first is unanswered
    QCOMPARE(f.e.server.count(TopicA, Durable), 1);
}

// ---- retries with the same key -------------------------------------------------------------------------

void tst_PhoenixOutbox::timeoutResendsWithTheSameKeyAfterBackoff()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    f.durable.hold = 1; // the effect is made, its reply is lost
    auto outbox = f.outbox();
    outbox->setTimeout(100);
    QList<int> asked;
    outbox->setRetryAfter([&](int attempts) {
        asked.append(attempts);
        return 50;
    });
    QSignalSpy changed(outbox.get(), &PhoenixOutbox::entryChanged);
    QSignalSpy delivered(outbox.get(), &PhoenixOutbox::delivered);
    const QString key = outbox->push(TopicA, Durable, n(1));
    QVERIFY(delivered.wait(WaitMs));
    QCOMPARE(f.durable.sendsOf(key), 2);
    QCOMPARE(f.durable.resends, 1);
    QCOMPARE(f.durable.keysOf(TopicA), QStringList{key}); // one effect
    QCOMPARE(asked, QList<int>{1});
    // The resend got the first reply.
    QCOMPARE(delivered.at(0).at(1).toJsonValue(), QJsonValue(QJsonObject{{u"effect"_s, 1}}));
    // Between the attempts the entry said why.
    bool sawTimeout = false;
    for (const auto &args : changed) {
        const auto entry = args.at(0).value<PhoenixOutboxEntry>();
        sawTimeout =
            sawTimeout || (entry.attempts() == 1 && !entry.isSending() && !entry.lastError().isEmpty());
    }
    QVERIFY(sawTimeout);
}

void tst_PhoenixOutbox::lostConnectionResendsWithTheSameKeyAfterRejoin()
{
    Fixture f;
    QVERIFY(f.e.connect());
    PhoenixChannel *channel = f.e.joined(TopicA);
    QVERIFY(channel);
    f.durable.hold = 1;
    auto outbox = f.outbox();
    outbox->setRetryAfter([](int) { return 60000; }); // a timeout would wait a minute: not the path here
    QSignalSpy delivered(outbox.get(), &PhoenixOutbox::delivered);
    const QString key = outbox->push(TopicA, Durable, n(1));
    QTRY_COMPARE(f.durable.sendsOf(key), 1);
    QVERIFY(outbox->entry(key).isSending());

    f.e.server.transport()->drop();
    QVERIFY(delivered.wait(WaitMs)); // reconnect, rejoin, resend at once
    QCOMPARE(f.durable.sendsOf(key), 2);
    QCOMPARE(f.durable.keysOf(TopicA), QStringList{key});
    QVERIFY(channel->isJoined());
}

void tst_PhoenixOutbox::channelCrashResendsAfterRejoin()
{
    Fixture f;
    QVERIFY(f.e.connect());
    PhoenixChannel *channel = f.e.joined(TopicA);
    QVERIFY(channel);
    f.durable.answer = false;
    auto outbox = f.outbox();
    outbox->setRetryAfter([](int) { return 60000; });
    QSignalSpy changed(outbox.get(), &PhoenixOutbox::entryChanged);
    const QString key = outbox->push(TopicA, Durable, n(1));
    QTRY_COMPARE(f.durable.sendsOf(key), 1);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"errored on the server"_s));
    f.e.server.send(
        QJsonArray{channel->joinRef(), channel->joinRef(), TopicA, u"phx_error"_s, QJsonObject()});
    QTRY_COMPARE(f.durable.sendsOf(key), 2); // after the rejoin, same key
    QCOMPARE(outbox->entry(key).attempts(), 2);
    QVERIFY(outbox->entry(key).lastError().contains(TopicA));
}

void tst_PhoenixOutbox::unmatchedTopicIsRetriedNotRejected()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    f.durable.unmatched = true;
    auto outbox = f.outbox();
    QSignalSpy rejected(outbox.get(), &PhoenixOutbox::rejected);
    QSignalSpy delivered(outbox.get(), &PhoenixOutbox::delivered);
    const QString key = outbox->push(TopicA, Durable, n(1));
    QTRY_VERIFY(f.durable.pushes.size() >= 2);
    f.durable.unmatched = false;
    QVERIFY(delivered.wait(WaitMs));
    QCOMPARE(rejected.size(), 0);
    QCOMPARE(delivered.at(0).at(0).toString(), key);
}

void tst_PhoenixOutbox::lateReplyOfAnAbandonedAttemptIsIgnored()
{
    Fixture f;
    QVERIFY(f.e.connect());
    PhoenixChannel *channel = f.e.joined(TopicA);
    f.durable.answer = false;
    auto outbox = f.outbox();
    QSignalSpy delivered(outbox.get(), &PhoenixOutbox::delivered);
    QSignalSpy rejected(outbox.get(), &PhoenixOutbox::rejected);
    const QString key = outbox->push(TopicA, Durable, n(1));
    QTRY_COMPARE(f.durable.sendsOf(key), 1);
    const QJsonArray firstAttempt = f.e.server.last(TopicA, Durable);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"errored on the server"_s));
    f.e.server.send(
        QJsonArray{channel->joinRef(), channel->joinRef(), TopicA, u"phx_error"_s, QJsonObject()});
    QTRY_COMPARE(f.durable.sendsOf(key), 2);
    // An "error" for the first attempt's ref (its join is gone: the channel drops it anyway) and one
    // for the second must not both count: only the second attempt's answer decides.
    f.e.server.reply(firstAttempt, u"error"_s, QJsonObject{{u"reason"_s, u"late"_s}});
    f.e.server.reply(f.e.server.last(TopicA, Durable), u"ok"_s, QJsonObject{{u"effect"_s, 1}});
    QTRY_COMPARE(delivered.size(), 1);
    QTest::qWait(QuietMs);
    QCOMPARE(delivered.size(), 1);
    QCOMPARE(rejected.size(), 0);
}

// ---- rejection -----------------------------------------------------------------------------------------

void tst_PhoenixOutbox::errorReplyRejectsAndTheNextEntryGoes()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    f.durable.refuse = true;
    auto outbox = f.outbox();
    QSignalSpy rejected(outbox.get(), &PhoenixOutbox::rejected);
    QSignalSpy delivered(outbox.get(), &PhoenixOutbox::delivered);
    const QString refused = outbox->push(TopicA, Durable, n(1));
    QVERIFY(rejected.wait(WaitMs));
    QCOMPARE(rejected.at(0).at(0).toString(), refused);
    QCOMPARE(rejected.at(0).at(1).toJsonValue(), QJsonValue(QJsonObject{{u"reason"_s, u"refused"_s}}));
    QCOMPARE(outbox->pendingCount(), 0);
    QCOMPARE(f.durable.sendsOf(refused), 1); // not retried

    f.durable.refuse = false;
    outbox->push(TopicA, Durable, n(2));
    QVERIFY(delivered.wait(WaitMs));
    QCOMPARE(f.durable.numbersOf(TopicA), QList<int>{2});
}

// ---- limits --------------------------------------------------------------------------------------------

void tst_PhoenixOutbox::maxAttemptsDropsAndReports()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    f.durable.answer = false;
    auto outbox = f.outbox();
    outbox->setTimeout(50);
    QSignalSpy limit(outbox.get(), &PhoenixOutbox::maxAttemptsChanged);
    outbox->setMaxAttempts(3);
    QCOMPARE(limit.size(), 1);
    QSignalSpy dropped(outbox.get(), &PhoenixOutbox::dropped);
    const QString key = outbox->push(TopicA, Durable, n(1));
    const QString next = outbox->push(TopicA, Durable, n(2));
    QVERIFY(dropped.wait(WaitMs));
    QCOMPARE(dropped.at(0).at(0).toString(), key);
    QCOMPARE(dropped.at(0).at(1).value<PhoenixOutbox::DropReason>(), PhoenixOutbox::DropReason::MaxAttempts);
    const auto entry = dropped.at(0).at(2).value<PhoenixOutboxEntry>();
    QCOMPARE(entry.attempts(), 3);
    QVERIFY(!entry.lastError().isEmpty());
    QCOMPARE(entry.payload(), n(1));
    QCOMPARE(f.durable.sendsOf(key), 3);
    QTRY_COMPARE(f.durable.sendsOf(next), 1); // the next one goes
    outbox.reset();
    auto reopened = f.outbox();
    QCOMPARE(reopened->pendingCount(), 1); // the dropped one is gone from the file
    QCOMPARE(reopened->entries().at(0).key(), next);
}

void tst_PhoenixOutbox::maxAgeDropsWaitingEntriesAndReports()
{
    Fixture f; // not connected: the entries wait
    auto outbox = f.outbox();
    QSignalSpy dropped(outbox.get(), &PhoenixOutbox::dropped);
    QSignalSpy count(outbox.get(), &PhoenixOutbox::pendingCountChanged);
    const QString old = outbox->push(TopicA, Durable, n(1));
    QTest::qWait(150);
    const QString young = outbox->push(TopicA, Durable, n(2));
    outbox->setMaxAge(120);
    QVERIFY(dropped.wait(WaitMs));
    QCOMPARE(dropped.at(0).at(0).toString(), old);
    QCOMPARE(dropped.at(0).at(1).value<PhoenixOutbox::DropReason>(), PhoenixOutbox::DropReason::MaxAge);
    QCOMPARE(outbox->pendingCount(), 1);
    QVERIFY(dropped.wait(WaitMs)); // the younger one when its time is up
    QCOMPARE(dropped.at(1).at(0).toString(), young);
    QCOMPARE(outbox->pendingCount(), 0);
    QCOMPARE(count.last().at(0).toInt(), 0);
}

void tst_PhoenixOutbox::maxTotalSizeRefusesThePush()
{
    Fixture f;
    auto outbox = f.outbox();
    const QJsonObject payload{{u"body"_s, QString(100, u'x')}};
    const QString first = outbox->push(TopicA, Durable, payload);
    const qint64 size = outbox->totalSize();
    QCOMPARE(size,
             TopicA.size() + Durable.size() + QJsonDocument(payload).toJson(QJsonDocument::Compact).size());
    outbox->setMaxTotalSize(size * 2);
    QVERIFY(!outbox->push(TopicA, Durable, payload).isEmpty());
    QSignalSpy errors(outbox.get(), &PhoenixOutbox::errorOccurred);
    QSignalSpy count(outbox.get(), &PhoenixOutbox::pendingCountChanged);
    QVERIFY(outbox->push(TopicA, Durable, payload).isEmpty());
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::OutboxFullError);
    QVERIFY(outbox->errorString().contains(QString::number(size * 2)));
    QCOMPARE(errors.size(), 0); // from the event loop
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.at(0).at(0).value<PhoenixOutbox::Error>(), PhoenixOutbox::Error::OutboxFullError);
    QCOMPARE(outbox->pendingCount(), 2); // nothing was dropped for it
    QCOMPARE(count.size(), 0);
    QCOMPARE(outbox->entries().at(0).key(), first);
}

void tst_PhoenixOutbox::invalidPushesAreRefusedWithAnErrorFromTheEventLoop_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QString>("event");
    QTest::addColumn<QJsonObject>("payload");
    QTest::newRow("no topic") << QString() << Durable << n(1);
    QTest::newRow("no event") << TopicA << QString() << n(1);
    QTest::newRow("phx_ event") << TopicA << u"phx_leave"_s << n(1);
    QTest::newRow("payload has the key field")
        << TopicA << Durable << QJsonObject{{u"idempotency_key"_s, u"mine"_s}};
}

void tst_PhoenixOutbox::invalidPushesAreRefusedWithAnErrorFromTheEventLoop()
{
    QFETCH(QString, topic);
    QFETCH(QString, event);
    QFETCH(QJsonObject, payload);
    Fixture f;
    auto outbox = f.outbox();
    QSignalSpy errors(outbox.get(), &PhoenixOutbox::errorOccurred);
    QVERIFY(outbox->push(topic, event, payload).isEmpty());
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::InvalidEntryError);
    QVERIFY(!outbox->errorString().isEmpty());
    QCOMPARE(errors.size(), 0);
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.at(0).at(1).toString(), outbox->errorString());
    QCOMPARE(outbox->pendingCount(), 0);
    QVERIFY(outbox->isPersistent()); // a refusal is not a database problem
}

void tst_PhoenixOutbox::binaryPayloadsAreRefused()
{
    Fixture f;
    auto outbox = f.outbox();
    QSignalSpy errors(outbox.get(), &PhoenixOutbox::errorOccurred);
    QVERIFY(outbox->pushBinary(TopicA, Durable, QByteArray("\x01\x02", 2)).isEmpty());
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::BinaryPayloadError);
    QVERIFY(outbox->errorString().contains(u"idempotency key"_s));
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(outbox->pendingCount(), 0);
}

void tst_PhoenixOutbox::pushValueTakesObjectsAndRefusesTheRest()
{
    Fixture f;
    auto outbox = f.outbox();
    QVERIFY(!outbox->pushValue(TopicA, Durable, QVariantMap{{u"n"_s, 1}}).isEmpty());
    QVERIFY(!outbox->pushValue(TopicA, Durable, QVariant::fromValue(n(2))).isEmpty());
    QVERIFY(!outbox->pushValue(TopicA, Durable, QVariant()).isEmpty());
    QCOMPARE(outbox->pendingCount(), 3);
    QCOMPARE(outbox->entries().at(0).payload(), n(1));
    QCOMPARE(outbox->entries().at(1).payload(), n(2));
    QCOMPARE(outbox->entries().at(2).payload(), QJsonObject());
    QVERIFY(outbox->pushValue(TopicA, Durable, QByteArray("raw")).isEmpty());
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::BinaryPayloadError);
    QVERIFY(outbox->pushValue(TopicA, Durable, QVariantList{1, 2}).isEmpty());
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::InvalidEntryError);
    QVERIFY(outbox->pushValue(TopicA, Durable, u"text"_s).isEmpty());
    QCOMPARE(outbox->pendingCount(), 3);
}

// ---- restart -------------------------------------------------------------------------------------------

void tst_PhoenixOutbox::secondOutboxOnTheFileContinuesWhereTheFirstStopped()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    f.durable.hold = 1;
    QList<PhoenixOutboxEntry> before;
    {
        auto first = f.outbox();
        for (int i = 1; i <= 3; ++i)
            first->push(TopicA, Durable, n(i));
        first->push(TopicB, Durable, n(10));      // no channel for B yet
        QTRY_COMPARE(f.durable.pushes.size(), 1); // 1 is on its way, unanswered
        QTRY_COMPARE(first->entries().at(0).attempts(), 1);
        before = first->entries();
    } // the first outbox goes away with 1 in flight

    auto second = f.outbox();
    QCOMPARE(second->pendingCount(), 4);
    const QList<PhoenixOutboxEntry> after = second->entries();
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(after.at(i).key(), before.at(i).key());
        QCOMPARE(after.at(i).topic(), before.at(i).topic());
        QCOMPARE(after.at(i).payload(), before.at(i).payload());
        QCOMPARE(after.at(i).created(), before.at(i).created());
        QVERIFY(!after.at(i).isSending());
    }
    QCOMPARE(after.at(0).attempts(), 1); // counted before it went out
    QSignalSpy delivered(second.get(), &PhoenixOutbox::delivered);
    QTRY_COMPARE(delivered.size(), 3);
    QCOMPARE(f.durable.numbersOf(TopicA), QList<int>({1, 2, 3}));
    QCOMPARE(f.durable.sendsOf(before.at(0).key()), 2); // resent with its key
    QCOMPARE(f.durable.resends, 1);
    QCOMPARE(second->pendingCount(), 1);
    QVERIFY(f.e.joined(TopicB));
    QTRY_COMPARE(second->pendingCount(), 0);
    QCOMPARE(f.durable.numbersOf(TopicB), QList<int>{10});
}

void tst_PhoenixOutbox::restartAfterTheEffectButBeforeTheReplyDeliversOnce()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    f.durable.answer = false; // the server makes the effect; the client never learns it
    QString key;
    {
        auto first = f.outbox();
        key = first->push(TopicA, Durable, n(1));
        QTRY_COMPARE(f.durable.effects.size(), 1);
    }
    f.durable.answer = true;
    auto second = f.outbox();
    QSignalSpy delivered(second.get(), &PhoenixOutbox::delivered);
    QVERIFY(delivered.wait(WaitMs));
    QCOMPARE(delivered.at(0).at(0).toString(), key);
    QCOMPARE(f.durable.effects.size(), 1);
    QCOMPARE(f.durable.resends, 1);
}

// ---- channels and sockets --------------------------------------------------------------------------------

void tst_PhoenixOutbox::waitsForTheChannelTheApplicationCreatesLater()
{
    Fixture f;
    QVERIFY(f.e.connect());
    auto outbox = f.outbox();
    outbox->push(TopicA, Durable, n(1));
    QTest::qWait(QuietMs);
    QCOMPARE(f.durable.pushes.size(), 0); // no channel: it waits
    PhoenixChannel *channel = f.e.socket.channel(TopicA);
    QTest::qWait(QuietMs);
    QCOMPARE(f.durable.pushes.size(), 0); // not joined yet
    QVERIFY(joinChannel(channel));
    QTRY_COMPARE(outbox->pendingCount(), 0);
    QCOMPARE(f.durable.numbersOf(TopicA), QList<int>{1});
    // The outbox never joins or leaves anything itself.
    QCOMPARE(f.e.server.count(TopicA, u"phx_join"_s), 1);
    QCOMPARE(f.e.server.count(TopicA, u"phx_leave"_s), 0);
}

void tst_PhoenixOutbox::followsTheNewestInstanceOfATopic()
{
    Fixture f;
    QVERIFY(f.e.connect());
    PhoenixChannel *old = f.e.joined(TopicA);
    QVERIFY(old);
    auto outbox = f.outbox();
    outbox->push(TopicA, Durable, n(1));
    QTRY_COMPARE(outbox->pendingCount(), 0);
    // The application replaces its channel (joining the new one leaves the old one).
    PhoenixChannel *fresh = f.e.socket.channel(TopicA);
    QVERIFY(joinChannel(fresh));
    QTRY_COMPARE(old->state(), PhoenixChannel::State::Closed);
    delete old;
    outbox->push(TopicA, Durable, n(2));
    QTRY_COMPARE(outbox->pendingCount(), 0);
    QCOMPARE(f.durable.pushes.last().at(0).toString(), fresh->joinRef());
    QCOMPARE(f.durable.numbersOf(TopicA), QList<int>({1, 2}));
}

void tst_PhoenixOutbox::deletedSocketKeepsTheEntries()
{
    QTemporaryDir dir;
    auto engine = std::make_unique<FakeEngine>();
    DurableServer durable(&engine->server);
    durable.answer = false;
    QVERIFY(engine->connect());
    QVERIFY(engine->joined(TopicA));
    PhoenixOutbox outbox(&engine->socket, dir.filePath(u"o.sqlite"_s));
    const QString key = outbox.push(TopicA, Durable, n(1));
    QTRY_COMPARE(durable.pushes.size(), 1);
    QVERIFY(outbox.entry(key).isSending());
    engine.reset(); // the socket, its channels and the push go
    QCOMPARE(outbox.socket(), nullptr);
    QTRY_VERIFY(!outbox.entry(key).isSending());
    QCOMPARE(outbox.pendingCount(), 1);
    QVERIFY(!outbox.push(TopicA, Durable, n(2)).isEmpty()); // still takes entries
    QTest::qWait(QuietMs);
    QCOMPARE(outbox.pendingCount(), 2);
}

void tst_PhoenixOutbox::severalSocketsWithSeveralOutboxes()
{
    Fixture one;
    Fixture two;
    QVERIFY(one.e.connect());
    QVERIFY(two.e.connect());
    QVERIFY(one.e.joined(TopicA));
    QVERIFY(two.e.joined(TopicA));
    auto a = one.outbox(u"a.sqlite"_s);
    auto b = two.outbox(u"b.sqlite"_s);
    auto c = two.outbox(u"c.sqlite"_s); // a second outbox on the same socket
    QVERIFY(a->isPersistent() && b->isPersistent() && c->isPersistent());
    a->push(TopicA, Durable, n(1));
    b->push(TopicA, Durable, n(2));
    c->push(TopicA, Durable, n(3));
    QTRY_COMPARE(a->pendingCount() + b->pendingCount() + c->pendingCount(), 0);
    QCOMPARE(one.durable.numbersOf(TopicA), QList<int>{1});
    QCOMPARE(two.durable.numbersOf(TopicA), QList<int>({2, 3}));
}

// ---- application code ------------------------------------------------------------------------------------

void tst_PhoenixOutbox::slotMayDeleteTheOutbox()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    auto *outbox = f.outbox().release();
    QPointer<PhoenixOutbox> guard(outbox);
    outbox->push(TopicA, Durable, n(1));
    outbox->push(TopicB, Durable, n(2));
    connect(outbox, &PhoenixOutbox::delivered, this, [outbox] { delete outbox; });
    QTRY_VERIFY(!guard);
    // The next outbox on the file finds what was not delivered.
    auto next = f.outbox();
    QCOMPARE(next->pendingCount(), 1);
    QCOMPARE(next->entries().at(0).topic(), TopicB);

    // Deleted from within push()'s own signals too.
    auto *another = f.outbox(u"another.sqlite"_s).release();
    QPointer<PhoenixOutbox> anotherGuard(another);
    connect(another, &PhoenixOutbox::entryAdded, this, [another] { delete another; });
    QVERIFY(!another->push(TopicA, Durable, n(3)).isEmpty());
    QVERIFY(!anotherGuard);
}

void tst_PhoenixOutbox::slotMayPushAgain()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    auto outbox = f.outbox();
    int chained = 0;
    connect(outbox.get(), &PhoenixOutbox::delivered, this, [&] {
        if (++chained < 5)
            outbox->push(TopicA, Durable, n(chained + 1));
    });
    outbox->push(TopicA, Durable, n(1));
    QTRY_COMPARE(chained, 5);
    QCOMPARE(f.durable.numbersOf(TopicA), QList<int>({1, 2, 3, 4, 5}));
}

// ---- the model -------------------------------------------------------------------------------------------

void tst_PhoenixOutbox::modelFollowsTheEntries()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    f.durable.answer = false;
    auto outbox = f.outbox();
    const QString early = outbox->push(TopicA, Durable, n(1));
    PhoenixOutboxModel model(outbox.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.count(), 1);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const QString late = outbox->push(TopicA, Durable, QJsonObject{{u"body"_s, u"hi"_s}});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.count(), 2);
    QCOMPARE(model.indexOf(late), 1);
    const QModelIndex row1 = model.index(1);
    QCOMPARE(model.data(row1, PhoenixOutboxModel::KeyRole).toString(), late);
    QCOMPARE(model.data(row1, PhoenixOutboxModel::TopicRole).toString(), TopicA);
    QCOMPARE(model.data(row1, PhoenixOutboxModel::EventRole).toString(), Durable);
    QCOMPARE(model.data(row1, PhoenixOutboxModel::PayloadRole).toMap().value(u"body"_s).toString(), u"hi"_s);
    QCOMPARE(model.data(row1, PhoenixOutboxModel::AttemptsRole).toInt(), 0);
    QVERIFY(model.data(row1, PhoenixOutboxModel::CreatedRole).toDateTime().isValid());
    QCOMPARE(model.data(row1, PhoenixOutboxModel::LastErrorRole).toString(), QString());
    QCOMPARE(model.data(row1, Qt::DisplayRole).toString(), u"durable {\"body\":\"hi\"}"_s);
    QCOMPARE(model.get(1).value(u"key"_s).toString(), late);
    QVERIFY(model.get(2).isEmpty());
    QVERIFY(model.roleNames().values().contains("lastError"));

    // The first goes out: its row says so.
    QTRY_VERIFY(model.data(model.index(0), PhoenixOutboxModel::SendingRole).toBool());
    QCOMPARE(model.data(model.index(0), PhoenixOutboxModel::AttemptsRole).toInt(), 1);
    QVERIFY(!changed.isEmpty());
    f.e.server.reply(f.e.server.last(TopicA, Durable), u"ok"_s, {});
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(model.count(), 1);
    QCOMPARE(model.indexOf(early), -1);
    QCOMPARE(reset.size(), 0); // row by row, never a reset

    outbox.reset();
    QCOMPARE(model.count(), 0);
    QCOMPARE(model.outbox(), nullptr);
}

void tst_PhoenixOutbox::modelShowsOneTopic()
{
    Fixture f;
    auto outbox = f.outbox();
    outbox->push(TopicA, Durable, n(1));
    outbox->push(TopicB, Durable, n(2));
    PhoenixOutboxModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy topicChanged(&model, &PhoenixOutboxModel::topicChanged);
    model.setTopic(TopicB);
    model.setOutbox(outbox.get());
    QCOMPARE(topicChanged.size(), 1);
    QCOMPARE(model.count(), 1);
    QCOMPARE(model.data(model.index(0), PhoenixOutboxModel::TopicRole).toString(), TopicB);
    outbox->push(TopicA, Durable, n(3));
    QCOMPARE(model.count(), 1);
    outbox->push(TopicB, Durable, n(4));
    QCOMPARE(model.count(), 2);
    model.setTopic(QString());
    QCOMPARE(model.count(), 4);
}

// ---- databases that fail ------------------------------------------------------------------------------

void tst_PhoenixOutbox::emptyPathIsMemoryOnly()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    auto outbox = f.outbox(QString());
    QVERIFY(!outbox->isPersistent());
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::NoError);
    QSignalSpy delivered(outbox.get(), &PhoenixOutbox::delivered);
    outbox->push(TopicA, Durable, n(1));
    QVERIFY(delivered.wait(WaitMs));
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::NoError);
}

void tst_PhoenixOutbox::lockedDatabaseFallsBackToMemory()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    auto holder = f.outbox();
    holder->push(TopicB, Durable, n(1));
    QVERIFY(holder->isPersistent());

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"failed"_s));
    auto second = f.outbox();
    QSignalSpy errors(second.get(), &PhoenixOutbox::errorOccurred);
    QSignalSpy persistent(second.get(), &PhoenixOutbox::persistentChanged);
    QCOMPARE(second->error(), PhoenixOutbox::Error::DatabaseLockedError);
    QVERIFY(!second->isPersistent());
    QCOMPARE(second->pendingCount(), 0); // it cannot read the holder's entries
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.at(0).at(0).value<PhoenixOutbox::Error>(), PhoenixOutbox::Error::DatabaseLockedError);
    QVERIFY(errors.at(0).at(1).toString().contains(f.path()));
    QVERIFY(errors.at(0).at(1).toString().contains(u"memory"_s));
    QCOMPARE(persistent.size(), 0); // it never was persistent

    // In memory it still works.
    QSignalSpy delivered(second.get(), &PhoenixOutbox::delivered);
    const QString key = second->push(TopicA, Durable, n(2));
    QVERIFY(!key.isEmpty());
    QVERIFY(delivered.wait(WaitMs));
    QCOMPARE(delivered.at(0).at(0).toString(), key);

    // Once the holder is gone, the file is free again.
    holder.reset();
    auto third = f.outbox();
    QVERIFY(third->isPersistent());
    QCOMPARE(third->pendingCount(), 1);
}

void tst_PhoenixOutbox::corruptDatabaseIsReportedAndLeftUntouched()
{
    Fixture f;
    QByteArray garbage;
    for (int i = 0; i < 8192; ++i)
        garbage.append(char((i * 131) % 251));
    {
        QFile file(f.path());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(garbage);
    }
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"failed"_s));
    auto outbox = f.outbox();
    QSignalSpy errors(outbox.get(), &PhoenixOutbox::errorOccurred);
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::DatabaseCorruptError);
    QVERIFY(!outbox->isPersistent());
    QVERIFY(errors.wait(WaitMs));
    QVERIFY(!outbox->push(TopicA, Durable, n(1)).isEmpty());
    QCOMPARE(outbox->pendingCount(), 1);
    outbox.reset();
    QCOMPARE(fileContents(f.path()), garbage);

    // A damaged entry (a database whose row this version did not write) is corruption too.
    {
        auto good = f.outbox(u"rows.sqlite"_s);
        good->push(TopicA, Durable, n(1));
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"damage"_s);
        db.setDatabaseName(f.path(u"rows.sqlite"_s));
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(u"UPDATE entries SET payload = '[1,2'"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"damage"_s);
    const QByteArray damagedBytes = fileContents(f.path(u"rows.sqlite"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"damaged outbox database"_s));
    auto damaged = f.outbox(u"rows.sqlite"_s);
    QCOMPARE(damaged->error(), PhoenixOutbox::Error::DatabaseCorruptError);
    QVERIFY(damaged->errorString().contains(u"entry 1"_s));
    QCOMPARE(damaged->pendingCount(), 0);
    damaged.reset();
    QCOMPARE(fileContents(f.path(u"rows.sqlite"_s)), damagedBytes);
}

void tst_PhoenixOutbox::foreignDatabaseIsLeftUntouched()
{
    Fixture f;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"foreign"_s);
        db.setDatabaseName(f.path());
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(u"CREATE TABLE contacts(name TEXT)"_s));
        QVERIFY(QSqlQuery(db).exec(u"INSERT INTO contacts VALUES('ada')"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"foreign"_s);
    const QByteArray before = fileContents(f.path());
    auto outbox = f.outbox();
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::DatabaseCorruptError);
    QVERIFY(outbox->errorString().contains(u"not an outbox database"_s));
    outbox.reset();
    QCOMPARE(fileContents(f.path()), before);
}

void tst_PhoenixOutbox::changedSchemaIsCorruptAndLeftUntouched_data()
{
    // Outbox databases (its application_id and schema version) whose schema is not the one it writes:
    // found by fuzz_outbox (a table whose seq column is TEXT was accepted, then failed on reopening).
    QTest::addColumn<QStringList>("schema");
    const QString columns = u"key TEXT NOT NULL UNIQUE, topic TEXT NOT NULL, event TEXT NOT NULL, "
                            "payload TEXT NOT NULL, created_ms INTEGER NOT NULL, attempts INTEGER NOT NULL, "
                            "last_error TEXT NOT NULL"_s;
    QTest::newRow("seq is TEXT") << QStringList{u"CREATE TABLE entries (seq TEXT, "_s + columns + u')'};
    QTest::newRow("no constraints") << QStringList{
        u"CREATE TABLE entries (seq, key, topic, event, payload, created_ms, attempts, last_error)"_s};
    QTest::newRow("a trigger") << QStringList{
        u"CREATE TABLE entries (seq INTEGER PRIMARY KEY, "_s + columns + u')',
        u"CREATE TRIGGER t AFTER INSERT ON entries BEGIN DELETE FROM entries; END"_s};
    QTest::newRow("another table") << QStringList{
        u"CREATE TABLE entries (seq INTEGER PRIMARY KEY, "_s + columns + u')', u"CREATE TABLE other (x)"_s};
}

void tst_PhoenixOutbox::changedSchemaIsCorruptAndLeftUntouched()
{
    QFETCH(QStringList, schema);
    Fixture f;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"changed"_s);
        db.setDatabaseName(f.path());
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(u"PRAGMA application_id = "_s + QString::number(0x50514f42)));
        QVERIFY(QSqlQuery(db).exec(u"PRAGMA user_version = 1"_s));
        for (const QString &statement : std::as_const(schema))
            QVERIFY2(QSqlQuery(db).exec(statement), qPrintable(statement));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"changed"_s);
    const QByteArray before = fileContents(f.path());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"damaged outbox database"_s));
    auto outbox = f.outbox();
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::DatabaseCorruptError);
    QVERIFY(!outbox->isPersistent());
    outbox.reset();
    QCOMPARE(fileContents(f.path()), before);
}

void tst_PhoenixOutbox::newerSchemaIsReported()
{
    Fixture f;
    {
        auto outbox = f.outbox();
        outbox->push(TopicA, Durable, n(1));
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"newer"_s);
        db.setDatabaseName(f.path());
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(u"PRAGMA user_version = 99"_s));
        db.close();
    }
    QSqlDatabase::removeDatabase(u"newer"_s);
    auto outbox = f.outbox();
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::DatabaseVersionError);
    QVERIFY(outbox->errorString().contains(u"99"_s));
    QCOMPARE(outbox->pendingCount(), 0);
}

void tst_PhoenixOutbox::readOnlyDatabaseFallsBackToMemory()
{
    Fixture f;
    QVERIFY(f.e.connect());
    QVERIFY(f.e.joined(TopicA));
    f.durable.answer = false;
    auto outbox = f.outbox();
    QSignalSpy errors(outbox.get(), &PhoenixOutbox::errorOccurred);
    QSignalSpy persistent(outbox.get(), &PhoenixOutbox::persistentChanged);
    const QString first = outbox->push(TopicA, Durable, n(1));
    // The disk turns read-only under the outbox (root ignores file modes: make SQLite refuse writes).
    {
        QSqlDatabase db = connectionOf(f.path()); // released again: the outbox closes it
        QVERIFY(db.isValid());
        QVERIFY(QSqlQuery(db).exec(u"PRAGMA query_only = 1"_s));
    }
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"insert failed"_s));
    const QString second = outbox->push(TopicA, Durable, n(2));
    QVERIFY(!second.isEmpty()); // kept in memory
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::DatabaseReadOnlyError);
    QVERIFY(!outbox->isPersistent());
    QVERIFY(errors.wait(WaitMs));
    QTRY_COMPARE(persistent.size(), 1);
    QCOMPARE(persistent.at(0).at(0).toBool(), false);
    // Both go out, in order.
    f.durable.answer = true;
    QTRY_COMPARE(f.durable.pushes.size(), 1);
    f.e.server.reply(f.e.server.last(TopicA, Durable), u"ok"_s, {});
    QTRY_COMPARE(outbox->pendingCount(), 0);
    QCOMPARE(f.durable.numbersOf(TopicA), QList<int>({1, 2}));
    Q_UNUSED(first);
}

void tst_PhoenixOutbox::fullDiskFallsBackToMemory()
{
    Fixture f;
    auto outbox = f.outbox();
    outbox->push(TopicA, Durable, n(1));
    // The disk fills up: SQLite's page limit plays a full disk (SQLITE_FULL, as on ENOSPC).
    {
        QSqlDatabase db = connectionOf(f.path()); // released again: the outbox closes it
        QVERIFY(db.isValid());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"PRAGMA page_count"_s) && query.next());
        QVERIFY(QSqlQuery(db).exec(u"PRAGMA max_page_count = "_s + query.value(0).toString()));
    }
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"insert failed"_s));
    const QString big = outbox->push(TopicA, Durable, QJsonObject{{u"body"_s, QString(20000, u'x')}});
    QVERIFY(!big.isEmpty());
    QCOMPARE(outbox->error(), PhoenixOutbox::Error::DatabaseFullError);
    QVERIFY(outbox->errorString().contains(u"full"_s));
    QCOMPARE(outbox->pendingCount(), 2);
    QVERIFY(!outbox->isPersistent());
}

void tst_PhoenixOutbox::unopenablePathIsReported()
{
    Fixture f;
    QVERIFY(QDir(f.dir.path()).mkdir(u"a-folder"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"failed"_s));
    auto outbox = f.outbox(u"a-folder"_s); // a directory, not a file
    QVERIFY(outbox->error() != PhoenixOutbox::Error::NoError);
    QVERIFY(!outbox->isPersistent());
    QVERIFY(!outbox->push(TopicA, Durable, n(1)).isEmpty());
}

QTEST_GUILESS_MAIN(tst_PhoenixOutbox)
#include "tst_phoenixoutbox.moc"
