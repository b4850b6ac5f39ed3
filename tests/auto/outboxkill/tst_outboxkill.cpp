// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The kill test of the durable outbox (issue 19): a client process (outbox-killclient) pushes numbered
// entries through a PhoenixOutbox and is killed with SIGKILL at chosen and at random moments (before
// a commit, after a commit, after a send, with a reply unread, after a delivery, while reconnecting,
// at a random time), many times in a row, and restarted on the same database each time. The dev server
// in this process deduplicates on the idempotency key (event "durable") and logs its effects. At the
// end its effect log must hold every entry any client committed exactly once, per topic in the order
// they were committed, nothing that was never committed, and the last client's outbox is empty.
// Over WebSocket and LongPoll.
//
// How long: PHOENIXQT_KILL_SECONDS per transport (default 25), at most PHOENIXQT_KILL_RUNS client runs
// (default 100000). The random choices come from PHOENIXQT_KILL_SEED (default: time), printed first.
// Every run is also printed, so a failing one can be replayed.

#include "testbed.h"

#include <phoenixdevserver.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QMap>
#include <QtCore/QProcess>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

constexpr int kTopics = 2;
constexpr int kRunTimeoutMs = 40000;

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

struct Run
{
    QString die;
    bool killed = false;
    bool printedEmpty = false;
    QList<int> committing;
    QMap<int, QString> committed; // number -> key
    QStringList problems;         // lines the client should never print (errors, rejections, drops)
    QStringList lines;
};

} // namespace

class tst_OutboxKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { addTransportRows(); }
    void initTestCase();
    void everyCommittedEntryTakesEffectOnceAndInOrder();

private:
    Run runClient(PhoenixDevServer &server, const QString &db, int first, int count, const QString &die,
                  int killAfterMs);
    quint32 m_seed = 0;
};

void tst_OutboxKill::initTestCase()
{
    m_seed = quint32(envInt("PHOENIXQT_KILL_SEED", int(QDateTime::currentMSecsSinceEpoch() & 0x7fffffff)));
    qInfo("seed %u (PHOENIXQT_KILL_SEED to replay)", m_seed);
    QVERIFY2(QFileInfo::exists(QStringLiteral(PHOENIXQT_KILLCLIENT)), PHOENIXQT_KILLCLIENT);
}

Run tst_OutboxKill::runClient(PhoenixDevServer &server, const QString &db, int first, int count,
                              const QString &die, int killAfterMs)
{
    Run run;
    run.die = die;
    QProcess client;
    client.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The client reports on stdout; its library warnings (lost connections it was told to lose) are noise.
    env.insert(u"QT_LOGGING_RULES"_s, u"phoenix.*=false"_s);
    client.setProcessEnvironment(env);
    QTimer killer;
    killer.setSingleShot(true);
    connect(&killer, &QTimer::timeout, &client, [&client] { client.kill(); }); // SIGKILL
    if (killAfterMs >= 0) {
        // A random moment once the client is up (it printed "loaded").
        connect(&client, &QProcess::readyReadStandardOutput, &killer, [&] {
            if (!killer.isActive() && client.state() == QProcess::Running)
                killer.start(killAfterMs);
        });
    }
    client.start(QStringLiteral(PHOENIXQT_KILLCLIENT),
                 {u"--url"_s, server.url().toString(), u"--transport"_s,
                  isLongPoll() ? u"longpoll"_s : u"websocket"_s, u"--db"_s, db, u"--first"_s,
                  QString::number(first), u"--count"_s, QString::number(count), u"--topics"_s,
                  QString::number(kTopics), u"--die"_s, die, u"--seed"_s, QString::number(first)});
    QSignalSpy finished(&client, &QProcess::finished);
    if (!finished.wait(kRunTimeoutMs)) {
        client.kill();
        client.waitForFinished(5000);
        run.problems.append(u"client did not finish within %1 ms"_s.arg(kRunTimeoutMs));
    }
    run.killed = client.exitStatus() == QProcess::CrashExit;
    if (run.killed && client.exitCode() != SIGKILL)
        run.problems.append(u"client crashed with signal %1, not by SIGKILL"_s.arg(client.exitCode()));
    if (!run.killed && client.exitCode() != 0)
        run.problems.append(u"client exited with %1"_s.arg(client.exitCode()));
    const QList<QByteArray> lines = client.readAllStandardOutput().split('\n');
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw);
        if (line.isEmpty())
            continue;
        run.lines.append(line);
        const QStringList parts = line.split(u' ');
        if (parts.at(0) == u"committing"_s)
            run.committing.append(parts.value(1).toInt());
        else if (parts.at(0) == u"committed"_s)
            run.committed.insert(parts.value(1).toInt(), parts.value(2));
        else if (parts.at(0) == u"empty"_s)
            run.printedEmpty = true;
        else if (parts.at(0) != u"loaded"_s && parts.at(0) != u"dying"_s)
            run.problems.append(line);
    }
    return run;
}

void tst_OutboxKill::everyCommittedEntryTakesEffectOnceAndInOrder()
{
    const int seconds = envInt("PHOENIXQT_KILL_SECONDS", 25);
    const int maxRuns = envInt("PHOENIXQT_KILL_RUNS", 100000);
    QRandomGenerator random(m_seed + (isLongPoll() ? 1 : 0));
    PhoenixDevServer server;
    server.setLongPollWindow(LongPollWindowMs);
    QVERIFY(server.listen());
    QTemporaryDir dir;
    const QString db = dir.filePath(u"kill.sqlite"_s);

    const QStringList modes = {u"commit"_s,    u"pushed"_s,    u"sent"_s,  u"reply"_s,
                               u"delivered"_s, u"reconnect"_s, u"random"_s};
    QMap<QString, int> killsByMode;
    QMap<QString, int> runsByMode;
    QSet<int> committed;      // printed "committed n": must take effect
    QSet<int> mayBeCommitted; // printed "committing n", died before "committed n"
    QSet<int> neverCommitted; // died right before push(): must not take effect
    QMap<int, QString> keyOf;
    int next = 1;
    int kills = 0;
    int runs = 0;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < seconds * 1000 && runs < maxRuns) {
        const QString mode = modes.at(int(random.bounded(modes.size())));
        const int count = 1 + int(random.bounded(6));
        const int k = 1 + int(random.bounded(count));
        const QString die = mode == u"random"_s ? u"none"_s : mode + u':' + QString::number(k);
        const int killAfter = mode == u"random"_s ? int(random.bounded(60)) : -1;
        const Run run = runClient(server, db, next, count, die, killAfter);
        ++runs;
        ++runsByMode[mode];
        if (!run.problems.isEmpty())
            QFAIL(qPrintable(
                u"run %1 (--first %2 --count %3 --die %4): %5\n%6"_s.arg(runs).arg(next).arg(count).arg(
                    die, run.problems.join(u"; "_s), run.lines.join(u'\n'))));
        if (run.killed) {
            ++kills;
            ++killsByMode[mode];
        } else {
            QVERIFY2(run.printedEmpty, qPrintable(run.lines.join(u'\n')));
        }
        for (auto it = run.committed.cbegin(); it != run.committed.cend(); ++it) {
            committed.insert(it.key());
            keyOf.insert(it.key(), it.value());
        }
        for (const int n : run.committing) {
            if (!run.committed.contains(n)) {
                if (mode == u"commit"_s && run.killed)
                    neverCommitted.insert(n);
                else
                    mayBeCommitted.insert(n);
            }
        }
        if (!run.committing.isEmpty())
            next = run.committing.last() + 1;
    }
    // The last client: no kill, until its outbox is empty.
    const Run last = runClient(server, db, next, 0, u"none"_s, -1);
    QVERIFY2(last.problems.isEmpty() && last.printedEmpty && !last.killed,
             qPrintable(last.problems.join(u"; "_s) + u'\n' + last.lines.join(u'\n')));

    // The effect log: exactly once, in order per topic, nothing invented, nothing lost.
    const QString topicSuffix = isLongPoll() ? u"-longpoll"_s : u"-websocket"_s;
    QMap<QString, QList<int>> perTopic;
    QSet<int> seen;
    QSet<QString> seenKeys;
    int duplicates = 0;
    for (const PhoenixDevServer::DurableEffect &effect : server.durableEffects()) {
        QVERIFY(effect.topic.endsWith(topicSuffix));
        const int n = effect.payload.value(u"n"_s).toInt();
        if (seen.contains(n) || seenKeys.contains(effect.key))
            ++duplicates;
        seen.insert(n);
        seenKeys.insert(effect.key);
        QCOMPARE(effect.topic, u"room:kill-%1%2"_s.arg(n % kTopics).arg(topicSuffix));
        if (keyOf.contains(n))
            QCOMPARE(effect.key, keyOf.value(n)); // the key it was committed with, whatever the attempt
        perTopic[effect.topic].append(n);
    }
    QCOMPARE(duplicates, 0);
    for (auto it = perTopic.cbegin(); it != perTopic.cend(); ++it) {
        QList<int> sorted = it.value();
        std::sort(sorted.begin(), sorted.end());
        QVERIFY2(sorted == it.value(), qPrintable(u"out of order on "_s + it.key()));
    }
    QSet<int> lost = committed;
    lost.subtract(seen);
    QSet<int> invented = seen;
    invented.subtract(committed);
    invented.subtract(mayBeCommitted);
    const QSet<int> uncommittedButDone = QSet<int>(neverCommitted).intersect(seen);
    qInfo().noquote() << u"%1: %2 client runs, %3 killed with SIGKILL (%4), %5 entries committed (+%6 killed "
                         "between commit and print: %7 of them took effect), %8 killed before the commit, %9 "
                         "effects, %10 resends answered from the first reply (duplicates avoided by keys), "
                         "%11 duplicates, %12 lost, in %13 s"_s
                             .arg(isLongPoll() ? u"LongPoll"_s : u"WebSocket"_s)
                             .arg(runs + 1)
                             .arg(kills)
                             .arg([&] {
                                 QStringList parts;
                                 for (auto it = killsByMode.cbegin(); it != killsByMode.cend(); ++it)
                                     parts.append(it.key() + u' ' + QString::number(it.value()));
                                 return parts.join(u", "_s);
                             }())
                             .arg(committed.size())
                             .arg(mayBeCommitted.size())
                             .arg(QSet<int>(mayBeCommitted).intersect(seen).size())
                             .arg(neverCommitted.size())
                             .arg(server.durableEffects().size())
                             .arg(server.durableResends())
                             .arg(duplicates)
                             .arg(lost.size())
                             .arg(clock.elapsed() / 1000.0, 0, 'f', 1);
    QVERIFY2(lost.isEmpty(), qPrintable(u"lost: "_s + QString::number(lost.size())));
    QVERIFY2(invented.isEmpty(), "an effect of a number no client pushed");
    QVERIFY2(uncommittedButDone.isEmpty(), "an entry killed before its commit took effect");
    // A harness whose client never dies proves nothing (the number depends on the machine: a loaded
    // one or a sanitizer build starts fewer clients in the same time).
    QVERIFY2(kills >= qMin(10, maxRuns / 2), qPrintable(u"only %1 kills"_s.arg(kills)));
}

int main(int argc, char *argv[])
{
    // A long run (PHOENIXQT_KILL_SECONDS) must not meet Qt Test's watchdog (5 minutes per function,
    // both transport rows together).
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT",
                QByteArray::number((2 * qint64(envInt("PHOENIXQT_KILL_SECONDS", 25)) + 240) * 1000));
    QCoreApplication app(argc, argv);
    tst_OutboxKill test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_outboxkill.moc"
