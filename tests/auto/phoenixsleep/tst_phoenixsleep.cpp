// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Waking from sleep and dead connections (issue 18, section 3), over both transports:
// - the suspend detector's clock rules (fake clocks) and the logind watcher (a private D-Bus bus that
//   plays logind);
// - a client process (phoenix-cli) stopped with SIGSTOP for longer than the server's timeout while its
//   route dies silently (the fault proxy severs the connection: the server's close never reaches the
//   client, as after a real suspend), then continued: it must be rejoined within a few seconds of
//   SIGCONT, not after a heartbeat interval plus timeout;
// - a dev server process frozen with SIGSTOP: found within heartbeatInterval + heartbeatTimeout
//   (WebSocket) or longPollTimeout (LongPoll), and what was pushed meanwhile is delivered after it
//   thaws;
// - disconnectFromServer() over LongPoll tells the server (the channels leave in one last POST), so
//   presences drop at once instead of when the LongPoll session expires.
// - a resume announced by logind (PhoenixNetworkStatus::resumedFromSleep()) probes a black-holed
//   connection at once;
// - a half-open route (the fault proxy's black hole): found within the same bound as a frozen server,
//   nothing lost from the send buffer.
//
// The times from SIGCONT (or the heal) to rejoined are printed (qInfo) for the closing note.

#include "phoenixfaultproxy.h"
#include "phoenixlogindwatcher_p.h"
#include "phoenixnetworkstatus_p.h"
#include "phoenixsuspenddetector_p.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixPresence>

#include <QtCore/QElapsedTimer>
#include <QtCore/QProcess>
#include <QtCore/QScopeGuard>
#include <QtCore/QStandardPaths>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#ifdef PHOENIXQT_TEST_DBUS
#include <QtDBus/QDBusConnection>
#include <QtDBus/QDBusMessage>
#endif

#include <algorithm>
#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

//! A process started by the test, stopped and continued with signals, killed at the end.
class Child
{
public:
    Child(const QString &program, const QStringList &arguments)
    {
        process.setProgram(program);
        process.setArguments(arguments);
        process.setProcessChannelMode(QProcess::SeparateChannels);
        QObject::connect(&process, &QProcess::readyReadStandardOutput, &process,
                         [this] { output += process.readAllStandardOutput(); });
        process.start();
    }
    ~Child()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(process.processId()), SIGCONT); // a stopped process cannot die of SIGKILL's cleanup
        process.kill();
        process.waitForFinished(5000);
    }
    bool stop() { return ::kill(pid_t(process.processId()), SIGSTOP) == 0; }
    bool resume() { return ::kill(pid_t(process.processId()), SIGCONT) == 0; }
    qsizetype count(const QByteArray &needle) const { return output.count(needle); }

    QProcess process;
    QByteArray output;
};

} // namespace

class tst_PhoenixSleep : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { addTransportRows(); }
    void initTestCase();

    // the clocks
    void suspendDetector_data();
    void suspendDetector();
    void suspendDetectorTicksWhileStarted();
    // logind
    void logindWatcherHearsPrepareForSleep();

    // the engine
    void aStoppedClientRejoinsWithinSecondsOfSigcont();
    void aFrozenServerIsFoundWithinTheBound();
    void aResumeFromSleepProbesAtOnce();
    void aHalfOpenRouteIsFoundWithinTheBound();
    void explicitDisconnectLeavesInOneLastRequest();

private:
    QString m_cli;
    QString m_devServer;
};

void tst_PhoenixSleep::initTestCase()
{
    qRegisterMetaType<PhoenixSocket::Error>();
    qRegisterMetaType<PhoenixSuspendDetector::Cause>();
    m_cli = QStringLiteral(PHOENIX_CLI);
    m_devServer = QStringLiteral(PHOENIX_DEVSERVER);
}

// ---- the clocks --------------------------------------------------------------------------------------

void tst_PhoenixSleep::suspendDetector_data()
{
    QTest::addColumn<qint64>("monotonicStep");    // how far the monotonic clock moves between two checks
    QTest::addColumn<qint64>("suspendAwareStep"); // how far the suspend-aware clock moves
    QTest::addColumn<qint64>("wallStep");         // how far the wall clock moves
    QTest::addColumn<int>("cause");               // -1: nothing to report
    QTest::addColumn<qint64>("gap");
    // The interval is 5000 ms, the threshold 3000 ms.
    using Cause = PhoenixSuspendDetector::Cause;
    QTest::newRow("on time") << qint64(5000) << qint64(5000) << qint64(5000) << -1 << qint64(0);
    QTest::newRow("a second late (coarse timer, busy loop)")
        << qint64(6000) << qint64(6000) << qint64(6000) << -1 << qint64(0);
    QTest::newRow("process stopped 20 s")
        << qint64(25000) << qint64(25000) << qint64(25000) << int(Cause::ProcessStopped) << qint64(20000);
    QTest::newRow("machine slept a minute")
        << qint64(5000) << qint64(65000) << qint64(65000) << int(Cause::MachineSuspended) << qint64(60000);
    QTest::newRow("wall clock set back an hour")
        << qint64(5000) << qint64(5000) << qint64(-3600000) << -1 << qint64(0);
    QTest::newRow("wall clock set forward an hour")
        << qint64(5000) << qint64(5000) << qint64(3605000) << int(Cause::WallClockJumped) << qint64(3600000);
    QTest::newRow("wall clock two seconds ahead (NTP slew)")
        << qint64(5000) << qint64(5000) << qint64(7000) << -1 << qint64(0);
    QTest::newRow("the only suspend-aware clock is the wall clock, set forward")
        << qint64(5000) << qint64(3605000) << qint64(3605000) << int(Cause::MachineSuspended)
        << qint64(3600000);
}

void tst_PhoenixSleep::suspendDetector()
{
    QFETCH(qint64, monotonicStep);
    QFETCH(qint64, suspendAwareStep);
    QFETCH(qint64, wallStep);
    QFETCH(int, cause);
    QFETCH(qint64, gap);
    qint64 monotonic = 1000;
    qint64 suspendAware = 1'000'000;
    qint64 wall = 1'800'000'000'000;
    PhoenixSuspendDetector detector;
    detector.start(5000);
    detector.setClocksForTesting([&] { return monotonic; }, [&] { return suspendAware; },
                                 [&] { return wall; });
    QCOMPARE(detector.threshold(), 3000);
    QSignalSpy resumed(&detector, &PhoenixSuspendDetector::resumed);
    // A tick on time first, then the step under test, then one on time again: one report at most.
    struct Step
    {
        qint64 monotonic, suspendAware, wall;
    };
    for (const Step &step :
         {Step{5000, 5000, 5000}, Step{monotonicStep, suspendAwareStep, wallStep}, Step{5000, 5000, 5000}}) {
        monotonic += step.monotonic;
        suspendAware += step.suspendAware;
        wall += step.wall;
        detector.check();
    }
    QCOMPARE(resumed.size(), cause < 0 ? 0 : 1);
    if (cause >= 0) {
        QCOMPARE(int(resumed.first().at(0).value<PhoenixSuspendDetector::Cause>()), cause);
        QCOMPARE(resumed.first().at(1).toLongLong(), gap);
    }
}

void tst_PhoenixSleep::suspendDetectorTicksWhileStarted()
{
    // With the system's clocks: a tick that comes far too late (the event loop was blocked here, as
    // a stopped process's would be) is a ProcessStopped. Once per run: it blocks for 3.6 s.
    PHOENIX_SKIP_ON_LONGPOLL("no transport involved: the websocket row runs it");
    PhoenixSuspendDetector detector;
    QSignalSpy resumed(&detector, &PhoenixSuspendDetector::resumed);
    detector.start(100);
    QVERIFY(detector.isActive());
    QThread::msleep(3600); // blocks the event loop: the tick due after 0.1 s comes 3.5 s late
    QVERIFY(resumed.wait(2000));
    QCOMPARE(resumed.first().at(0).value<PhoenixSuspendDetector::Cause>(),
             PhoenixSuspendDetector::Cause::ProcessStopped);
    QVERIFY(resumed.first().at(1).toLongLong() > detector.threshold());
    QTest::qWait(300); // ticks on time again: nothing more
    QCOMPARE(resumed.size(), 1);
    detector.stop();
    QVERIFY(!detector.isActive());
}

// ---- logind ------------------------------------------------------------------------------------------

void tst_PhoenixSleep::logindWatcherHearsPrepareForSleep()
{
#ifndef PHOENIXQT_TEST_DBUS
    QSKIP("built without Qt D-Bus (PHOENIXQT_WITH_DBUS off)");
#else
    QVERIFY(PhoenixLogindWatcher::isSupported());
    const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
    if (daemon.isEmpty())
        QSKIP("dbus-daemon is not installed (Debian package dbus-daemon; scripts/deps.sh installs it)");
    // A private bus of our own plays the system bus; the test owns org.freedesktop.login1 on it.
    Child bus(daemon, {u"--session"_s, u"--nofork"_s, u"--print-address=1"_s});
    QTRY_VERIFY(bus.output.contains('\n'));
    const QString address = QString::fromUtf8(bus.output).trimmed();
    QDBusConnection logind = QDBusConnection::connectToBus(address, u"fake-logind"_s);
    QVERIFY2(logind.isConnected(), qPrintable(logind.lastError().message()));
    QVERIFY(logind.registerService(u"org.freedesktop.login1"_s));

    PhoenixLogindWatcher watcher;
    QVERIFY(watcher.listen(address));
    QSignalSpy sleeping(&watcher, &PhoenixLogindWatcher::aboutToSleep);
    QSignalSpy resumed(&watcher, &PhoenixLogindWatcher::resumed);
    const auto announce = [&](bool goingToSleep) {
        QDBusMessage signal = QDBusMessage::createSignal(
            u"/org/freedesktop/login1"_s, u"org.freedesktop.login1.Manager"_s, u"PrepareForSleep"_s);
        signal << goingToSleep;
        return logind.send(signal);
    };
    QVERIFY(announce(true));
    QTRY_COMPARE(sleeping.size(), 1);
    QCOMPARE(resumed.size(), 0);
    QVERIFY(announce(false));
    QTRY_COMPARE(resumed.size(), 1);
    QCOMPARE(sleeping.size(), 1);

    // The process's network status forwards logind's resume to the sockets.
    PhoenixNetworkStatus status;
    QSignalSpy statusResumed(&status, &PhoenixNetworkStatus::resumedFromSleep);
    QObject::connect(&watcher, &PhoenixLogindWatcher::resumed, &status,
                     &PhoenixNetworkStatus::reportResumedFromSleep);
    QVERIFY(announce(false));
    QTRY_COMPARE(statusResumed.size(), 1);
    QDBusConnection::disconnectFromBus(u"fake-logind"_s);
#endif
}

// ---- the engine --------------------------------------------------------------------------------------

void tst_PhoenixSleep::aStoppedClientRejoinsWithinSecondsOfSigcont()
{
    // phoenix-cli joined through the fault proxy; SIGSTOP; meanwhile the server ends the connection
    // and the route dies with its close (sever); SIGCONT after longer than the server's timeout.
    TestBed bed;
    QVERIFY(bed.listening);
    bed.server.setIdleTimeout(1000); // WebSocket: the server's timeout (LongPoll: 1.5 windows = 750 ms)
    PhoenixFaultProxy proxy;
    proxy.setUpstream(u"127.0.0.1"_s, bed.server.port());
    QVERIFY(proxy.listen());
    QSignalSpy joined(&bed.server, &PhoenixDevServer::channelJoined);
    Child cli(m_cli, {u"ws://127.0.0.1:%1/socket"_s.arg(proxy.serverPort()), u"--json"_s, u"--reconnect"_s,
                      u"--transport"_s, isLongPoll() ? u"longpoll"_s : u"websocket"_s, u"--param"_s,
                      u"user=sleeper"_s, u"join"_s, u"room:lobby"_s, u"listen"_s});
    QVERIFY(joined.wait(WaitMs));
    QTRY_VERIFY(cli.count("\"joined\"") == 1);

    QVERIFY(cli.stop());
    proxy.severAllConnections();
    QTRY_COMPARE(bed.server.joinedCount(Lobby), 0);
    // Longer than the server's timeout, and than the engine's suspend check (2 s) plus the detector's
    // threshold (3 s): the first tick after SIGCONT comes at least 3 s late whenever it was due.
    QTest::qWait(6000);
    joined.clear();
    QElapsedTimer sinceContinue;
    QVERIFY(cli.resume());
    sinceContinue.start();
    const bool rejoined = joined.wait(8000);
    const qint64 ms = sinceContinue.elapsed();
    qInfo().noquote() << QTest::currentDataTag() << "SIGCONT -> rejoined:"
                      << (rejoined ? QString::number(ms) + u" ms"_s : u"not within 8000 ms"_s);
    // Without the detector: the next heartbeat (30 s) plus its timeout (30 s).
    QVERIFY2(rejoined, "not rejoined within 8 s of SIGCONT");
}

void tst_PhoenixSleep::aFrozenServerIsFoundWithinTheBound()
{
    // The dev server in its own process, frozen with SIGSTOP: the connection is half open.
    Child server(m_devServer,
                 {u"--port"_s, u"0"_s, u"--print-port"_s, u"--quiet"_s, u"--longpoll-window"_s, u"500"_s});
    QTRY_VERIFY(server.output.contains('\n'));
    const int port = QString::fromUtf8(server.output).section(u' ', 1).trimmed().toInt();
    QVERIFY(port > 0);
    PhoenixSocket socket(QUrl(u"ws://127.0.0.1:%1/socket"_s.arg(port)));
    configureFast(socket);
    useCurrentTransport(socket);
    constexpr int Interval = 1000;
    constexpr int Timeout = 1000;
    constexpr int LongPollTimeout = 2000;
    socket.setHeartbeatInterval(Interval);
    socket.setHeartbeatTimeout(Timeout);
    socket.setLongPollTimeout(LongPollTimeout);
    socket.setReconnectAfter([](int) { return 200; });
    QVERIFY(connectSocket(socket));
    PhoenixChannel *channel = socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    QTest::qWait(Interval + 200); // a heartbeat round trip (WebSocket) or a few polls (LongPoll) went by

    QSignalSpy disconnected(&socket, &PhoenixSocket::disconnected);
    QElapsedTimer sinceFreeze;
    QVERIFY(server.stop());
    sinceFreeze.start();
    QVERIFY(disconnected.wait(10000));
    const qint64 found = sinceFreeze.elapsed();
    const int bound = isLongPoll() ? LongPollTimeout : Interval + Timeout;
    qInfo().noquote() << QTest::currentDataTag() << "frozen server found after" << found << "ms (bound"
                      << bound << "ms)";
    QVERIFY2(found <= bound + 300, qPrintable(u"found after %1 ms"_s.arg(found)));

    // Pushed while the server is frozen and the socket knows it: kept in the send buffer and
    // delivered once the server thaws and the channel rejoined.
    QList<PhoenixPush *> pushes;
    for (int i = 0; i < 3; ++i) {
        pushes.append(channel->push(u"echo"_s, {{u"n"_s, i}}));
        pushes.last()->setAutoDelete(false); // read after it finished; the channel still owns it
    }
    QTest::qWait(300);
    QElapsedTimer sinceContinue;
    QVERIFY(server.resume());
    sinceContinue.start();
    QTRY_COMPARE_WITH_TIMEOUT(channel->state(), PhoenixChannel::State::Joined, WaitMs);
    qInfo().noquote() << QTest::currentDataTag() << "server SIGCONT -> rejoined:" << sinceContinue.elapsed()
                      << "ms";
    for (PhoenixPush *push : std::as_const(pushes))
        QTRY_COMPARE_WITH_TIMEOUT(push->status(), u"ok"_s, WaitMs);
}

void tst_PhoenixSleep::aResumeFromSleepProbesAtOnce()
{
    // logind says the machine resumed (here: the test's network status says so) while the route is
    // black-holed: the socket asks the server at once, and gives up on the connection after the
    // probe's 5 s instead of after a minute of heartbeat interval and timeout (or longPollTimeout).
    PhoenixNetworkStatus status;
    PhoenixNetworkStatus::setInstanceForTesting(&status);
    const auto restore = qScopeGuard([] { PhoenixNetworkStatus::setInstanceForTesting(nullptr); });
    TestBed bed;
    QVERIFY(bed.listening);
    PhoenixFaultProxy proxy;
    proxy.setUpstream(u"127.0.0.1"_s, bed.server.port());
    QVERIFY(proxy.listen());
    PhoenixSocket socket(QUrl(u"ws://127.0.0.1:%1/socket"_s.arg(proxy.serverPort())));
    configureFast(socket);
    useCurrentTransport(socket);
    socket.setNetworkAware(true); // hears the network status (configureFast turns it off)
    socket.setHeartbeatInterval(30000);
    socket.setHeartbeatTimeout(30000);
    socket.setLongPollTimeout(30000);
    QVERIFY(connectSocket(socket));
    PhoenixChannel *channel = socket.channel(Lobby);
    QVERIFY(joinChannel(channel));

    QSignalSpy disconnected(&socket, &PhoenixSocket::disconnected);
    proxy.blackHole();
    QTest::qWait(200); // the route is dead before the machine "wakes"
    QElapsedTimer sinceResume;
    status.reportResumedFromSleep();
    sinceResume.start();
    QVERIFY2(disconnected.wait(8000), "the resume did not probe the connection");
    const qint64 found = sinceResume.elapsed();
    qInfo().noquote() << QTest::currentDataTag() << "resume announced -> dead connection found:" << found
                      << "ms";
    QVERIFY2(found < 7000, qPrintable(u"found after %1 ms"_s.arg(found)));
    proxy.heal();
    QTRY_COMPARE_WITH_TIMEOUT(channel->state(), PhoenixChannel::State::Joined, WaitMs);
}

void tst_PhoenixSleep::aHalfOpenRouteIsFoundWithinTheBound()
{
    // The route to a live server black-holed (the fault proxy forwards nothing and passes no close):
    // found within heartbeatInterval + heartbeatTimeout (WebSocket) or longPollTimeout (LongPoll);
    // what is pushed meanwhile waits in the send buffer and arrives once the route heals.
    TestBed bed;
    QVERIFY(bed.listening);
    PhoenixFaultProxy proxy;
    proxy.setUpstream(u"127.0.0.1"_s, bed.server.port());
    QVERIFY(proxy.listen());
    PhoenixSocket socket(QUrl(u"ws://127.0.0.1:%1/socket"_s.arg(proxy.serverPort())));
    configureFast(socket);
    useCurrentTransport(socket);
    constexpr int Interval = 1000;
    constexpr int Timeout = 1000;
    constexpr int LongPollTimeout = 2000;
    socket.setHeartbeatInterval(Interval);
    socket.setHeartbeatTimeout(Timeout);
    socket.setLongPollTimeout(LongPollTimeout);
    socket.setReconnectAfter([](int) { return 200; });
    QVERIFY(connectSocket(socket));
    PhoenixChannel *channel = socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    QTest::qWait(Interval + 200);

    QSignalSpy disconnected(&socket, &PhoenixSocket::disconnected);
    QElapsedTimer sinceHole;
    proxy.blackHole();
    sinceHole.start();
    // Pushed into the dead route before anyone knows: it may be lost on the wire, but the
    // application hears about it (an answer or a timeout), never silence.
    PhoenixPush *unseen = channel->push(u"echo"_s, {{u"n"_s, -1}});
    unseen->setAutoDelete(false);
    QSignalSpy unseenFinished(unseen, &PhoenixPush::finished);
    QVERIFY(disconnected.wait(10000));
    const qint64 found = sinceHole.elapsed();
    const int bound = isLongPoll() ? LongPollTimeout : Interval + Timeout;
    qInfo().noquote() << QTest::currentDataTag() << "black-holed route found after" << found << "ms (bound"
                      << bound << "ms)";
    QVERIFY2(found <= bound + 300, qPrintable(u"found after %1 ms"_s.arg(found)));

    QList<PhoenixPush *> pushes;
    for (int i = 0; i < 3; ++i) {
        pushes.append(channel->push(u"echo"_s, {{u"n"_s, i}}));
        pushes.last()->setAutoDelete(false);
    }
    QTest::qWait(300);
    QElapsedTimer sinceHeal;
    proxy.heal();
    sinceHeal.start();
    QTRY_COMPARE_WITH_TIMEOUT(channel->state(), PhoenixChannel::State::Joined, WaitMs);
    qInfo().noquote() << QTest::currentDataTag() << "route healed -> rejoined:" << sinceHeal.elapsed()
                      << "ms";
    for (PhoenixPush *push : std::as_const(pushes))
        QTRY_COMPARE_WITH_TIMEOUT(push->status(), u"ok"_s, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(unseenFinished.size(), 1, 2 * WaitMs);
    qInfo().noquote() << QTest::currentDataTag() << "push into the dead route finished:" << unseen->status();
    QVERIFY2(unseen->status() == u"ok"_s || unseen->status() == u"timeout"_s, qPrintable(unseen->status()));
}

void tst_PhoenixSleep::explicitDisconnectLeavesInOneLastRequest()
{
    // Phoenix's LongPoll window (10 s): without a word from the client its session, and its presence,
    // would linger for 15 s.
    TestBed bed;
    QVERIFY(bed.listening);
    bed.server.setLongPollWindow(10000);
    bed.socket.setParams({{u"user"_s, u"leaver"_s}});
    PhoenixChannel *lobby = bed.socket.channel(Lobby);
    PhoenixChannel *other = bed.socket.channel(u"room:other"_s);
    QVERIFY(connectSocket(bed.socket));
    QVERIFY(joinChannel(lobby));
    QVERIFY(joinChannel(other));

    PhoenixSocket watcher(bed.server.url()); // sees the presence list
    configureFast(watcher);
    watcher.setParams({{u"user"_s, u"watcher"_s}});
    PhoenixChannel *watching = watcher.channel(Lobby);
    PhoenixPresence presence(watching);
    QVERIFY(connectSocket(watcher));
    QVERIFY(joinChannel(watching));
    QTRY_VERIFY(presence.keys().contains(u"leaver"_s));

    QList<PhoenixDevServer::HttpRequest> requests;
    QObject::connect(&bed.server, &PhoenixDevServer::longPollRequestReceived, &bed.server,
                     [&](const PhoenixDevServer::HttpRequest &request) { requests.append(request); });
    QElapsedTimer clock;
    clock.start();
    bed.socket.disconnectFromServer();
    const bool left = QTest::qWaitFor([&] { return bed.server.joinedCount(Lobby) == 1; }, 1500);
    const qint64 ms = clock.elapsed();
    qInfo().noquote() << QTest::currentDataTag() << "disconnectFromServer() -> presence dropped:"
                      << (left ? QString::number(ms) + u" ms"_s : u"not within 1500 ms"_s);
    // Over LongPoll: one POST carries the leaves of both joined channels.
    const bool oneLastPost = std::any_of(requests.cbegin(), requests.cend(), [](const auto &request) {
        return request.method == "POST" && request.body.count("\"phx_leave\"") == 2 &&
               request.body.contains("\"room:lobby\"") && request.body.contains("\"room:other\"");
    });
    QVERIFY2(left && ms < 1000, qPrintable(u"the presence dropped after %1 ms"_s.arg(ms)));
    QVERIFY(!isLongPoll() || oneLastPost);
    QTRY_VERIFY(!presence.keys().contains(u"leaver"_s));

    // The channels still rejoin on the next connect.
    QVERIFY(connectSocket(bed.socket));
    QTRY_COMPARE(lobby->state(), PhoenixChannel::State::Joined);
    QTRY_COMPARE(other->state(), PhoenixChannel::State::Joined);
    QTRY_VERIFY(presence.keys().contains(u"leaver"_s));
}

QTEST_GUILESS_MAIN(tst_PhoenixSleep)
#include "tst_phoenixsleep.moc"
