// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixSocket → PhoenixFaultProxy → PhoenixDevServer, all in-process over loopback TCP: the faults of
// a real network path, which the fake transport of tests/auto/phoenixengine cannot show.

#include "phoenixfaultproxy.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QElapsedTimer>
#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

class tst_PhoenixFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void connectTimeoutThroughABlackHole();
};

void tst_PhoenixFaults::initTestCase()
{
    qRegisterMetaType<PhoenixSocket::Error>();
}

void tst_PhoenixFaults::connectTimeoutThroughABlackHole()
{
    // A black-holed path: the TCP connect succeeds (the proxy's kernel accepts it), the WebSocket
    // upgrade is never answered. Each attempt must end after connectTimeout with exactly one
    // ConnectTimeoutError, the next one must follow on the reconnect schedule, and once the path
    // heals the socket connects and the channel joins.
    PhoenixDevServer server;
    QVERIFY(server.listen());
    PhoenixFaultProxy proxy;
    proxy.setUpstream(u"127.0.0.1"_s, server.port());
    QVERIFY(proxy.listen());
    proxy.blackHole();

    constexpr int ConnectTimeoutMs = 300;
    const QList<int> schedule{100, 200, 300, 400};
    PhoenixSocket socket(QUrl(u"ws://127.0.0.1:%1/socket"_s.arg(proxy.serverPort())));
    socket.setNetworkAware(false);
    socket.setConnectTimeout(ConnectTimeoutMs);
    socket.setReconnectAfter([schedule](int tries) { return schedule.value(tries - 1, schedule.last()); });

    QElapsedTimer clock;
    QList<qint64> starts;   // when each attempt began (the socket turned Connecting: its timer starts)
    QList<qint64> accepts;  // when the proxy accepted each TCP connection
    QList<qint64> timeouts; // when each ConnectTimeoutError was reported
    QList<qint64> others;   // any other error
    connect(&proxy, &PhoenixFaultProxy::connectionAccepted, this, [&] { accepts.append(clock.elapsed()); });
    connect(&socket, &PhoenixSocket::stateChanged, this, [&](PhoenixSocket::State state) {
        if (state == PhoenixSocket::State::Connecting)
            starts.append(clock.elapsed());
    });
    connect(&socket, &PhoenixSocket::errorOccurred, this, [&](PhoenixSocket::Error error) {
        (error == PhoenixSocket::Error::ConnectTimeoutError ? timeouts : others).append(clock.elapsed());
        if (timeouts.size() == 3 && others.isEmpty() && proxy.isBlackHoled()) {
            // Heal between two attempts, and give the next one time enough on a loaded machine.
            proxy.heal();
            socket.setConnectTimeout(WaitMs);
        }
    });
    QSignalSpy scheduled(&socket, &PhoenixSocket::reconnectScheduled);
    PhoenixChannel *channel = socket.channel(Lobby);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    channel->join();

    clock.start();
    socket.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(timeouts.size(), 3, 10 * WaitMs);
    QVERIFY(!proxy.isBlackHoled());
    QVERIFY(joined.wait(WaitMs));

    QVERIFY(socket.isConnected());
    QCOMPARE(timeouts.size(), 3); // once per attempt, none for the attempt that connected
    QCOMPARE(others.size(), 0);   // an aborted attempt is not reported a second time
    // Every attempt reached the proxy (a TCP connect succeeded) and waited its full timeout, counted
    // from its start (the proxy's accept is only seen when its event loop gets to it: under ASan on
    // a busy machine, 16 ms late); each reconnect came after its scheduled delay. Timers are coarse:
    // allow 5 % early.
    QCOMPARE(accepts.size(), 4); // three black-holed attempts, then the one that connected
    QCOMPARE(starts.size(), 4);
    for (int i = 0; i < 3; ++i) {
        QVERIFY(accepts.at(i) >= starts.at(i));
        QVERIFY2(
            timeouts.at(i) - starts.at(i) >= ConnectTimeoutMs * 95 / 100,
            qPrintable(u"attempt %1 ended after %2 ms"_s.arg(i + 1).arg(timeouts.at(i) - starts.at(i))));
        QCOMPARE(scheduled.at(i).at(0).toInt(), i + 1);
        QCOMPARE(scheduled.at(i).at(1).toInt(), schedule.at(i));
        QVERIFY2(starts.at(i + 1) - timeouts.at(i) >= schedule.at(i) * 95 / 100,
                 qPrintable(u"attempt %1 started %2 ms after the timeout"_s.arg(i + 2).arg(starts.at(i + 1) -
                                                                                           timeouts.at(i))));
    }
    // The attempt count went back to zero once connected.
    QCOMPARE(socket.reconnectAttempts(), 0);
    QCOMPARE(server.joinedCount(Lobby), 1);
}

QTEST_GUILESS_MAIN(tst_PhoenixFaults)
#include "tst_phoenixfaults.moc"
