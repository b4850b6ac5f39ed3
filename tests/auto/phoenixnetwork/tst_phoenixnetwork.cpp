// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Staying connected on real devices: no reconnect attempts while the system reports no network,
// reconnect at once when it is back, probe the connection when the network changes, and
// checkConnection() for applications that resume. Driven through the engine with the fake transport
// and a network status the test sets (the seam PhoenixQt's QNetworkInformation follower plugs into),
// never through the real OS.

#include "fakeengine.h"
#include "phoenixnetworkstatus_p.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QRegularExpression>
#include <QtCore/QThread>
#include <QtNetwork/QNetworkInformation>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

using Reachability = PhoenixNetworkStatus::Reachability;

//! The network as the system reports it, played by the test for as long as it lives.
class FakeNetwork
{
public:
    FakeNetwork() { PhoenixNetworkStatus::setInstanceForTesting(&status); }
    ~FakeNetwork() { PhoenixNetworkStatus::setInstanceForTesting(nullptr); }
    FakeNetwork(const FakeNetwork &) = delete;
    FakeNetwork &operator=(const FakeNetwork &) = delete;

    void set(Reachability reachability) { status.setReachability(reachability); }
    void mediumChanged() { status.reportTransportMediumChanged(); }

    PhoenixNetworkStatus status;
};

//! An engine that follows the fake network (configureFast() turns that off for the other suites).
struct AwareEngine
{
    AwareEngine()
    {
        network.set(Reachability::Online);
        e.socket.setNetworkAware(true);
    }
    FakeNetwork network; // created first, gone last
    FakeEngine e;
};

int heartbeats(const FakeServer &server)
{
    return server.count(u"phoenix"_s, u"heartbeat"_s);
}

} // namespace

class tst_PhoenixNetwork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void systemStatusLoadsItsBackendInTheApplicationThread(); // first: before anything loads it

    void noReconnectAttemptsWhileOffline();
    void goingOfflineStopsAScheduledReconnect();
    void networkBackReconnectsWithoutWaitingForTheBackoff();
    void unknownReachabilityNeverHoldsAReconnect();
    void networkAwareOffIgnoresTheNetwork();
    void turningNetworkAwareOffResumesAPausedReconnect();
    void mediumChangeProbesTheConnectionAtOnce();
    void answeredProbeKeepsTheConnection();
    void offlineWhileConnectedProbes();
    void probeShortensAPendingHeartbeat();
    void checkConnectionProbesAnOpenConnection();
    void checkConnectionReconnectsAtOnceWhenAReconnectIsPending();
    void checkConnectionReconnectsWhileOfflineOnce();
    void checkConnectionLeavesADisconnectedSocketAlone();
};

void tst_PhoenixNetwork::initTestCase()
{
    qRegisterMetaType<PhoenixSocket::Error>();
    qRegisterMetaType<PhoenixNetworkStatus::Reachability>();
}

void tst_PhoenixNetwork::systemStatusLoadsItsBackendInTheApplicationThread()
{
    // A socket used in a worker thread may be the first to ask for the process's network status:
    // the follower and the QNetworkInformation backend it loads must still live in the application's
    // thread (a backend loaded in the worker would die with it, and be read across threads).
    if (QNetworkInformation::instance())
        QSKIP("QNetworkInformation was loaded before this test");
    PhoenixNetworkStatus::setInstanceForTesting(nullptr);
    PhoenixNetworkStatus *status = nullptr;
    QThread worker;
    connect(
        &worker, &QThread::started, &worker,
        [&] {
            status = PhoenixNetworkStatus::instance(); // in the worker thread
            worker.quit();
        },
        Qt::DirectConnection);
    worker.start();
    QVERIFY(worker.wait(WaitMs));
    QVERIFY(status);
    QCOMPARE(status->thread(), QCoreApplication::instance()->thread());
    if (QNetworkInformation::availableBackends().isEmpty())
        QSKIP("no QNetworkInformation backend here");
    QTRY_VERIFY(QNetworkInformation::instance());
    QCOMPARE(QNetworkInformation::instance()->thread(), QCoreApplication::instance()->thread());
    QCOMPARE(PhoenixNetworkStatus::instance(), status);
}

void tst_PhoenixNetwork::noReconnectAttemptsWhileOffline()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    QVERIFY(e.connect());
    QSignalSpy scheduled(&e.socket, &PhoenixSocket::reconnectScheduled);
    a.network.set(Reachability::Offline);
    e.server.transport()->drop();
    // Several reconnect periods (20 ms each): not a single attempt, no retry loop.
    QSignalSpy never(e.server.factory(), &FakeTransportFactory::transportCreated);
    QVERIFY(!never.wait(QuietMs));
    QCOMPARE(e.server.factory()->created(), 1);
    QCOMPARE(scheduled.size(), 0);
    QCOMPARE(e.socket.state(), PhoenixSocket::State::Disconnected);
    // The network is back: at once.
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    a.network.set(Reachability::Online);
    QCOMPARE(e.server.factory()->created(), 2); // from within the notification, no timer
    QVERIFY(connected.wait(WaitMs));
}

void tst_PhoenixNetwork::goingOfflineStopsAScheduledReconnect()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    e.socket.setReconnectAfter([](int) { return 100; });
    QVERIFY(e.connect());
    QSignalSpy scheduled(&e.socket, &PhoenixSocket::reconnectScheduled);
    e.server.transport()->drop();
    QCOMPARE(scheduled.size(), 1); // scheduled while the network was there
    a.network.set(Reachability::Offline);
    QSignalSpy never(e.server.factory(), &FakeTransportFactory::transportCreated);
    QVERIFY(!never.wait(QuietMs)); // three times the delay: the scheduled attempt did not happen
    QCOMPARE(e.server.factory()->created(), 1);
    a.network.set(Reachability::Online);
    QCOMPARE(e.server.factory()->created(), 2);
}

void tst_PhoenixNetwork::networkBackReconnectsWithoutWaitingForTheBackoff()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    a.network.set(Reachability::Unknown);
    e.socket.setReconnectAfter([](int) { return 60000; });
    QVERIFY(e.connect());
    e.server.transport()->drop();
    QCOMPARE(e.server.factory()->created(), 1); // a minute to wait
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    a.network.set(Reachability::Online);
    QVERIFY(connected.wait(WaitMs));
    QCOMPARE(e.server.factory()->created(), 2);
    QCOMPARE(e.socket.telemetry().reconnects, 1);
}

void tst_PhoenixNetwork::unknownReachabilityNeverHoldsAReconnect()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    a.network.set(Reachability::Unknown); // no backend, or it does not know: a hint, never a gate
    QVERIFY(e.connect());
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    e.server.transport()->drop();
    QVERIFY(connected.wait(WaitMs));
    QCOMPARE(e.server.factory()->created(), 2);
}

void tst_PhoenixNetwork::networkAwareOffIgnoresTheNetwork()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    e.socket.setNetworkAware(false);
    e.socket.setHeartbeatInterval(0);
    QVERIFY(e.connect());
    a.network.mediumChanged();
    QCOMPARE(heartbeats(e.server), 0); // no probe
    a.network.set(Reachability::Offline);
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    e.server.transport()->drop();
    QVERIFY(connected.wait(WaitMs)); // reconnected on the schedule, offline or not
}

void tst_PhoenixNetwork::turningNetworkAwareOffResumesAPausedReconnect()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    QVERIFY(e.connect());
    a.network.set(Reachability::Offline);
    e.server.transport()->drop();
    QSignalSpy never(e.server.factory(), &FakeTransportFactory::transportCreated);
    QVERIFY(!never.wait(QuietMs));
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    e.socket.setNetworkAware(false); // nothing holds it back any more: the schedule goes on
    QVERIFY(connected.wait(WaitMs));
}

void tst_PhoenixNetwork::mediumChangeProbesTheConnectionAtOnce()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    e.socket.setHeartbeatInterval(60000); // the next regular heartbeat is a minute away
    e.socket.setHeartbeatTimeout(150);    // the probe waits at most this long
    e.server.answerHeartbeats = false;    // the connection died with the old network
    QVERIFY(e.connect());
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    a.network.mediumChanged();         // Wi-Fi -> cellular
    QCOMPARE(heartbeats(e.server), 1); // at once
    QVERIFY(connected.wait(WaitMs));   // declared dead after the probe's timeout and replaced
    QCOMPARE(countSocketErrors(errors, PhoenixSocket::Error::HeartbeatTimeoutError), 1);
    QCOMPARE(e.server.factory()->created(), 2);
}

void tst_PhoenixNetwork::answeredProbeKeepsTheConnection()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    e.socket.setHeartbeatInterval(60000);
    QVERIFY(e.connect());
    QSignalSpy latency(&e.socket, &PhoenixSocket::latencyChanged);
    a.network.mediumChanged();
    QCOMPARE(heartbeats(e.server), 1);
    QVERIFY(latency.wait(WaitMs)); // answered: a round trip was measured
    QSignalSpy disconnected(&e.socket, &PhoenixSocket::disconnected);
    QVERIFY(!disconnected.wait(QuietMs));
    QVERIFY(e.socket.isConnected());
    QCOMPARE(e.server.factory()->created(), 1);
}

void tst_PhoenixNetwork::offlineWhileConnectedProbes()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    e.socket.setHeartbeatInterval(60000);
    QVERIFY(e.connect());
    a.network.set(Reachability::Offline);
    QCOMPARE(heartbeats(e.server), 1); // is it really gone? the server answers (loopback): it is not
    QSignalSpy latency(&e.socket, &PhoenixSocket::latencyChanged);
    QVERIFY(latency.wait(WaitMs));
    QVERIFY(e.socket.isConnected());
    a.network.set(Reachability::Online); // a changed network: probed again
    QCOMPARE(heartbeats(e.server), 2);
}

void tst_PhoenixNetwork::probeShortensAPendingHeartbeat()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    e.socket.setHeartbeatInterval(50);    // a heartbeat goes out soon ...
    e.socket.setHeartbeatTimeout(200000); // ... and could wait minutes for its reply
    e.server.answerHeartbeats = false;
    QVERIFY(e.connect());
    QTRY_COMPARE(heartbeats(e.server), 1);
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    a.network.mediumChanged();
    QCOMPARE(heartbeats(e.server), 1); // no second heartbeat: the pending one gets the probe's limit
    // The limit is at most 5 s (PhoenixEngine::ProbeTimeoutMs), not 200 s.
    QVERIFY(connected.wait(8000));
    QCOMPARE(e.server.factory()->created(), 2);
}

void tst_PhoenixNetwork::checkConnectionProbesAnOpenConnection()
{
    FakeEngine e; // no network information at all: checkConnection() is the application's call
    e.socket.setHeartbeatInterval(60000);
    e.socket.setHeartbeatTimeout(150);
    e.server.answerHeartbeats = false; // the device slept; the server dropped us meanwhile
    QVERIFY(e.connect());
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    e.socket.checkConnection(); // the application became active again
    QCOMPARE(heartbeats(e.server), 1);
    QVERIFY(connected.wait(WaitMs));
    QCOMPARE(e.server.factory()->created(), 2);
    // Checking a healthy connection changes nothing.
    e.server.answerHeartbeats = true;
    QSignalSpy latency(&e.socket, &PhoenixSocket::latencyChanged);
    e.socket.checkConnection();
    QVERIFY(latency.wait(WaitMs));
    QCOMPARE(e.server.factory()->created(), 2);
}

void tst_PhoenixNetwork::checkConnectionReconnectsAtOnceWhenAReconnectIsPending()
{
    FakeEngine e;
    e.socket.setReconnectAfter([](int) { return 60000; });
    QVERIFY(e.connect());
    e.server.transport()->drop();
    QCOMPARE(e.server.factory()->created(), 1);
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    e.socket.checkConnection();
    QCOMPARE(e.server.factory()->created(), 2);
    QVERIFY(connected.wait(WaitMs));
}

void tst_PhoenixNetwork::checkConnectionReconnectsWhileOfflineOnce()
{
    AwareEngine a;
    FakeEngine &e = a.e;
    QVERIFY(e.connect());
    a.network.set(Reachability::Offline);
    e.server.acceptConnections = false;
    e.server.transport()->drop();
    QCOMPARE(e.server.factory()->created(), 1);
    // An explicit request is tried even while the system says offline (its view may be stale after a
    // resume) ...
    e.socket.checkConnection();
    QCOMPARE(e.server.factory()->created(), 2);
    e.server.transport()->refuse();
    // ... and when it fails, the socket waits for the network again: no loop.
    QSignalSpy never(e.server.factory(), &FakeTransportFactory::transportCreated);
    QVERIFY(!never.wait(QuietMs));
    QCOMPARE(e.server.factory()->created(), 2);
}

void tst_PhoenixNetwork::checkConnectionLeavesADisconnectedSocketAlone()
{
    FakeEngine e;
    QVERIFY(e.connect());
    e.socket.disconnectFromServer();
    QTRY_COMPARE(e.socket.state(), PhoenixSocket::State::Disconnected);
    e.socket.checkConnection();
    QSignalSpy never(e.server.factory(), &FakeTransportFactory::transportCreated);
    QVERIFY(!never.wait(QuietMs));
    QCOMPARE(e.server.factory()->created(), 1);
    e.socket.checkConnection(); // not connected, nothing pending: nothing to do (no crash either)
    QCOMPARE(e.socket.state(), PhoenixSocket::State::Disconnected);
}

QTEST_GUILESS_MAIN(tst_PhoenixNetwork)
#include "tst_phoenixnetwork.moc"
