// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The fault proxy does what each fault says: plain forwarding, latency, jitter (order kept), closes
// passed on after the data, dropped connections, black holes that hold data, closes and new
// connections until they heal, an unreachable upstream, and the command-line tool. Every test runs
// against an in-process TCP echo server on 127.0.0.1 and waits on signals (QTRY_*, QSignalSpy); where
// a fault must *not* let something through, the state is sampled at the moment the fault ends (the
// blackHoledChanged(false) signal), so no test sleeps. Time is only checked as a lower bound (a delay
// is at least what was asked), never as an upper one.

#include "phoenixfaultproxy.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QProcess>
#include <QtCore/QRandomGenerator>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using Direction = PhoenixFaultProxy::Direction;

namespace {

// A TCP server on 127.0.0.1 that echoes every byte back (unless echo is off) and counts what it sees.
class EchoServer : public QObject
{
    Q_OBJECT

public:
    EchoServer()
    {
        connect(&server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                sockets.append(socket);
                ++accepted;
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    const QByteArray data = socket->readAll();
                    received += data;
                    if (echo)
                        socket->write(data);
                });
                connect(socket, &QTcpSocket::disconnected, this, [this] { ++disconnected; });
            }
        });
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    }
    quint16 port() const { return server.serverPort(); }

    QTcpServer server;
    QList<QTcpSocket *> sockets; // owned by server
    int accepted = 0;
    int disconnected = 0;
    QByteArray received;
    bool echo = true;
};

// A client socket that collects what it receives.
class Client : public QObject
{
    Q_OBJECT

public:
    explicit Client(quint16 port)
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool isConnected() const { return socket.state() == QAbstractSocket::ConnectedState; }
    // Writes \a data all the way into the kernel, so from here on it is the proxy's to hold or forward.
    void send(const QByteArray &data)
    {
        socket.write(data);
        while (socket.bytesToWrite() > 0 && socket.waitForBytesWritten(5000)) {
        }
    }

    QTcpSocket socket;
    QByteArray received;
};

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (char &byte : data)
        byte = char(generator.bounded(256));
    return data;
}

} // namespace

class tst_FaultProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void forwardsBothWays();
    void forwardsLargeTransferExactly();
    void settersClampAndNotify();
    void latencyDelaysEveryChunk();
    void jitterVariesDelaysAndKeepsOrder();
    void clientCloseFollowsItsData();
    void serverCloseFollowsItsData();
    void dropAllConnectionsAbortsBothSides();
    void severAllConnectionsLeavesTheClientHearingNothing();
    void blackHoleForwardsNothingUntilItHeals();
    void blackHoleHoldsNewConnections();
    void blackHoleHoldsCloses();
    void blackHoleLosesNothingOfALargeBacklog();
    void healIsANoOpWhenNotBlackHoled();
    void unreachableUpstreamClosesTheClient();
    void closeStopsListeningAndListenAgainWorks();
    void commandLineTool();

private:
    std::unique_ptr<EchoServer> echo;
    std::unique_ptr<PhoenixFaultProxy> proxy;
};

void tst_FaultProxy::init()
{
    echo = std::make_unique<EchoServer>();
    proxy = std::make_unique<PhoenixFaultProxy>();
    proxy->setUpstream(u"127.0.0.1"_s, echo->port());
    proxy->setRandomSeed(12345);
    QVERIFY(proxy->listen(QHostAddress::LocalHost, 0));
    QVERIFY(proxy->serverPort() != 0);
}

void tst_FaultProxy::cleanup()
{
    proxy.reset();
    echo.reset();
}

void tst_FaultProxy::forwardsBothWays()
{
    QSignalSpy accepted(proxy.get(), &PhoenixFaultProxy::connectionAccepted);
    QSignalSpy upstream(proxy.get(), &PhoenixFaultProxy::upstreamConnected);
    Client client(proxy->serverPort());
    QTRY_VERIFY(client.isConnected());
    QTRY_COMPARE(upstream.size(), 1);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(upstream.at(0).at(0), accepted.at(0).at(0));
    QCOMPARE(proxy->connectionCount(), 1);
    QCOMPARE(echo->accepted, 1);

    client.send("hello phoenix");
    QTRY_COMPARE(client.received, QByteArray("hello phoenix"));
    QCOMPARE(echo->received, QByteArray("hello phoenix"));
    QCOMPARE(proxy->bytesForwarded(Direction::ToUpstream), 13);
    QCOMPARE(proxy->bytesForwarded(Direction::ToClient), 13);
}

void tst_FaultProxy::forwardsLargeTransferExactly()
{
    const QByteArray data = randomBytes(4 * 1024 * 1024, 7);
    Client client(proxy->serverPort());
    QTRY_VERIFY(client.isConnected());
    client.socket.write(data);
    QTRY_COMPARE_WITH_TIMEOUT(client.received.size(), data.size(), 30000);
    QVERIFY(client.received == data);
    QVERIFY(echo->received == data);
}

void tst_FaultProxy::settersClampAndNotify()
{
    QSignalSpy latency(proxy.get(), &PhoenixFaultProxy::latencyChanged);
    QSignalSpy jitter(proxy.get(), &PhoenixFaultProxy::jitterChanged);
    proxy->setLatency(40);
    proxy->setLatency(40);
    proxy->setJitter(10);
    QCOMPARE(latency.size(), 1);
    QCOMPARE(latency.at(0).at(0).toInt(), 40);
    QCOMPARE(jitter.size(), 1);
    QCOMPARE(proxy->property("latency").toInt(), 40);
    QCOMPARE(proxy->property("jitter").toInt(), 10);
    proxy->setLatency(-5);
    proxy->setJitter(-1);
    QCOMPARE(proxy->latency(), 0);
    QCOMPARE(proxy->jitter(), 0);
    QCOMPARE(latency.size(), 2);
}

void tst_FaultProxy::latencyDelaysEveryChunk()
{
    constexpr int Latency = 150;
    proxy->setLatency(Latency);
    QSignalSpy chunks(proxy.get(), &PhoenixFaultProxy::chunkForwarded);
    Client client(proxy->serverPort());
    QTRY_VERIFY(client.isConnected());

    QElapsedTimer elapsed;
    elapsed.start();
    client.send("ping");
    QTRY_COMPARE(client.received, QByteArray("ping"));
    // There and back: at least twice the latency (a lower bound only; a busy machine adds to it).
    QVERIFY2(elapsed.elapsed() >= 2 * Latency, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(chunks.size(), 2);
    for (const QList<QVariant> &chunk : chunks)
        QVERIFY(chunk.at(3).toLongLong() >= Latency);
    QCOMPARE(chunks.at(0).at(1).value<Direction>(), Direction::ToUpstream);
    QCOMPARE(chunks.at(1).at(1).value<Direction>(), Direction::ToClient);
}

void tst_FaultProxy::jitterVariesDelaysAndKeepsOrder()
{
    constexpr int Latency = 5;
    proxy->setLatency(Latency);
    proxy->setJitter(80);
    QSignalSpy chunks(proxy.get(), &PhoenixFaultProxy::chunkForwarded);
    Client client(proxy->serverPort());
    QTRY_VERIFY(client.isConnected());

    // 100 numbered lines, one every 2 ms, so the proxy reads them as many separate chunks.
    QByteArray expected;
    int next = 0;
    QTimer pacer;
    pacer.setInterval(2);
    connect(&pacer, &QTimer::timeout, this, [&] {
        const QByteArray line = "line " + QByteArray::number(next++) + '\n';
        expected += line;
        client.socket.write(line);
        if (next == 100)
            pacer.stop();
    });
    pacer.start();
    QTRY_VERIFY_WITH_TIMEOUT(next == 100 && client.received.size() == expected.size(), 20000);
    QCOMPARE(client.received, expected);
    QCOMPARE(echo->received, expected);

    QList<qint64> held;
    for (const QList<QVariant> &chunk : chunks) {
        if (chunk.at(1).value<Direction>() == Direction::ToUpstream)
            held.append(chunk.at(3).toLongLong());
    }
    QVERIFY2(held.size() >= 10, "the sender was paced into separate chunks");
    for (const qint64 ms : held)
        QVERIFY(ms >= Latency);
    QVERIFY2(*std::max_element(held.cbegin(), held.cend()) > *std::min_element(held.cbegin(), held.cend()),
             "jitter gives chunks different delays");
}

void tst_FaultProxy::clientCloseFollowsItsData()
{
    proxy->setLatency(100);
    QSignalSpy closed(proxy.get(), &PhoenixFaultProxy::connectionClosed);
    Client client(proxy->serverPort());
    QTRY_VERIFY(client.isConnected());
    QTRY_COMPARE(echo->accepted, 1);
    QTcpSocket *serverSide = echo->sockets.at(0);
    echo->echo = false;
    QByteArray receivedAtClose;
    connect(serverSide, &QTcpSocket::disconnected, this, [&] { receivedAtClose = echo->received; });

    client.socket.write("last words");
    client.socket.disconnectFromHost();
    QTRY_COMPARE(echo->disconnected, 1);
    QCOMPARE(receivedAtClose, QByteArray("last words"));
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(proxy->connectionCount(), 0);
}

void tst_FaultProxy::serverCloseFollowsItsData()
{
    proxy->setLatency(100);
    Client client(proxy->serverPort());
    QTRY_VERIFY(client.isConnected());
    QTRY_COMPARE(echo->accepted, 1);
    QByteArray receivedAtClose;
    bool clientClosed = false;
    connect(&client.socket, &QTcpSocket::disconnected, this, [&] {
        receivedAtClose = client.received + client.socket.readAll();
        clientClosed = true;
    });

    echo->sockets.at(0)->write("goodbye");
    echo->sockets.at(0)->disconnectFromHost();
    QTRY_VERIFY(clientClosed);
    QCOMPARE(receivedAtClose, QByteArray("goodbye"));
    QTRY_COMPARE(proxy->connectionCount(), 0);
}

void tst_FaultProxy::dropAllConnectionsAbortsBothSides()
{
    QSignalSpy closed(proxy.get(), &PhoenixFaultProxy::connectionClosed);
    QSignalSpy count(proxy.get(), &PhoenixFaultProxy::connectionCountChanged);
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 3; ++i)
        clients.push_back(std::make_unique<Client>(proxy->serverPort()));
    QTRY_COMPARE(echo->accepted, 3);
    int clientsClosed = 0;
    for (const auto &client : clients)
        connect(&client->socket, &QTcpSocket::disconnected, this, [&] { ++clientsClosed; });

    proxy->dropAllConnections();
    QCOMPARE(proxy->connectionCount(), 0); // at once
    QCOMPARE(closed.size(), 3);
    QCOMPARE(count.last().at(0).toInt(), 0);
    QTRY_COMPARE(clientsClosed, 3);
    QTRY_COMPARE(echo->disconnected, 3);

    // Listening goes on: a new connection works.
    Client again(proxy->serverPort());
    QTRY_VERIFY(again.isConnected());
    again.send("still here");
    QTRY_COMPARE(again.received, QByteArray("still here"));
}

void tst_FaultProxy::severAllConnectionsLeavesTheClientHearingNothing()
{
    QSignalSpy closed(proxy.get(), &PhoenixFaultProxy::connectionClosed);
    Client client(proxy->serverPort());
    QTRY_COMPARE(echo->accepted, 1);
    client.send("before");
    QTRY_COMPARE(client.received, QByteArray("before"));
    bool clientClosed = false;
    connect(&client.socket, &QTcpSocket::disconnected, this, [&] { clientClosed = true; });

    proxy->severAllConnections();
    QTRY_COMPARE(echo->disconnected, 1); // the server sees its side end
    client.send("into the void");
    QTest::qWait(200);
    QCOMPARE(echo->received, QByteArray("before")); // nothing more gets through
    QCOMPARE(client.received, QByteArray("before"));
    QVERIFY(!clientClosed); // not even the close: the client must find out by itself
    QVERIFY(client.isConnected());
    QCOMPARE(closed.size(), 0);

    // A new connection works; the severed one is forgotten once its client closes it.
    Client again(proxy->serverPort());
    again.send("fresh");
    QTRY_COMPARE(again.received, QByteArray("fresh"));
    client.socket.disconnectFromHost();
    QTRY_COMPARE(closed.size(), 1);
    QCOMPARE(proxy->connectionCount(), 1);
}

void tst_FaultProxy::blackHoleForwardsNothingUntilItHeals()
{
    constexpr int HoleMs = 400;
    Client client(proxy->serverPort());
    QTRY_VERIFY(client.isConnected());
    client.send("before");
    QTRY_COMPARE(client.received, QByteArray("before"));
    const qint64 upBefore = proxy->bytesForwarded(Direction::ToUpstream);
    const qint64 downBefore = proxy->bytesForwarded(Direction::ToClient);

    // What had got through at the very moment the hole healed.
    QByteArray serverHadAtHeal;
    QByteArray clientHadAtHeal;
    QSignalSpy blackHoled(proxy.get(), &PhoenixFaultProxy::blackHoledChanged);
    connect(proxy.get(), &PhoenixFaultProxy::blackHoledChanged, this, [&](bool on) {
        if (!on) {
            serverHadAtHeal = echo->received;
            clientHadAtHeal = client.received;
        }
    });

    QElapsedTimer elapsed;
    elapsed.start();
    proxy->blackHole(HoleMs);
    QVERIFY(proxy->isBlackHoled());
    QCOMPARE(blackHoled.size(), 1);
    client.send(" during");                // client -> server, held
    echo->sockets.at(0)->write(" pushed"); // server -> client, held
    QTRY_COMPARE(blackHoled.size(), 2);    // heals by itself
    QVERIFY(elapsed.elapsed() >= HoleMs);
    QCOMPARE(blackHoled.at(1).at(0).toBool(), false);
    QCOMPARE(serverHadAtHeal, QByteArray("before"));
    QCOMPARE(clientHadAtHeal, QByteArray("before"));
    QCOMPARE(proxy->connectionCount(), 1); // the connection stayed open

    // Then everything held is delivered, in order.
    QTRY_COMPARE(echo->received, QByteArray("before during"));
    QTRY_COMPARE(client.received, QByteArray("before pushed during"));
    QCOMPARE(proxy->bytesForwarded(Direction::ToUpstream), upBefore + 7);
    QCOMPARE(proxy->bytesForwarded(Direction::ToClient), downBefore + 14);
}

void tst_FaultProxy::blackHoleHoldsNewConnections()
{
    QSignalSpy accepted(proxy.get(), &PhoenixFaultProxy::connectionAccepted);
    QSignalSpy upstream(proxy.get(), &PhoenixFaultProxy::upstreamConnected);
    int serverAcceptedAtHeal = -1;
    connect(proxy.get(), &PhoenixFaultProxy::blackHoledChanged, this, [&](bool on) {
        if (!on)
            serverAcceptedAtHeal = echo->accepted;
    });

    proxy->blackHole();
    Client client(proxy->serverPort());
    QTRY_VERIFY(client.isConnected()); // the TCP connect succeeds...
    QTRY_COMPARE(accepted.size(), 1);
    QCOMPARE(proxy->connectionCount(), 1);
    client.send("hello?"); // ...and then nothing answers
    // A second client that gives up while the hole lasts never reaches the server.
    Client quitter(proxy->serverPort());
    QTRY_COMPARE(accepted.size(), 2);
    const quint64 quitterId = accepted.at(1).at(0).toULongLong();
    quitter.send("bye");
    quitter.socket.disconnectFromHost();
    QTRY_VERIFY(quitter.socket.state() == QAbstractSocket::UnconnectedState);

    QSignalSpy closed(proxy.get(), &PhoenixFaultProxy::connectionClosed);
    proxy->heal();
    QCOMPARE(serverAcceptedAtHeal, 0);
    QCOMPARE(upstream.size(), 0);
    QCOMPARE(closed.size(), 1); // the quitter, forgotten during heal()
    QCOMPARE(closed.at(0).at(0).toULongLong(), quitterId);

    QTRY_COMPARE(client.received, QByteArray("hello?"));
    QCOMPARE(echo->accepted, 1);
    QCOMPARE(echo->received, QByteArray("hello?"));
    QCOMPARE(upstream.size(), 1);
    QCOMPARE(upstream.at(0).at(0), accepted.at(0).at(0));
}

void tst_FaultProxy::blackHoleHoldsCloses()
{
    Client client(proxy->serverPort());
    QTRY_VERIFY(client.isConnected());
    QTRY_COMPARE(echo->accepted, 1);
    echo->echo = false;
    int serverClosedAtHeal = -1;
    connect(proxy.get(), &PhoenixFaultProxy::blackHoledChanged, this, [&](bool on) {
        if (!on)
            serverClosedAtHeal = echo->disconnected;
    });

    proxy->blackHole();
    client.send("see you");
    client.socket.disconnectFromHost();
    QTRY_VERIFY(client.socket.state() == QAbstractSocket::UnconnectedState);
    QCOMPARE(proxy->connectionCount(), 1); // held, like a FIN lost on the way

    proxy->heal();
    QCOMPARE(serverClosedAtHeal, 0);
    QTRY_COMPARE(echo->disconnected, 1);
    QCOMPARE(echo->received, QByteArray("see you"));
    QTRY_COMPARE(proxy->connectionCount(), 0);
}

void tst_FaultProxy::blackHoleLosesNothingOfALargeBacklog()
{
    // Far more than the proxy's 64 KiB read buffer: the rest waits in the kernel and at the sender.
    const QByteArray data = randomBytes(3 * 1024 * 1024, 99);
    Client client(proxy->serverPort());
    QTRY_VERIFY(client.isConnected());
    QTRY_COMPARE(echo->accepted, 1);
    qint64 forwardedAtHeal = -1;
    connect(proxy.get(), &PhoenixFaultProxy::blackHoledChanged, this, [&](bool on) {
        if (!on)
            forwardedAtHeal = proxy->bytesForwarded(Direction::ToUpstream);
    });

    proxy->blackHole();
    client.socket.write(data);
    // The event loop runs until the kernel has taken part of it; the proxy fills its buffer meanwhile.
    QTRY_VERIFY(client.socket.bytesToWrite() < data.size());

    proxy->heal();
    QCOMPARE(forwardedAtHeal, 0);
    QTRY_COMPARE_WITH_TIMEOUT(client.received.size(), data.size(), 30000);
    QVERIFY(client.received == data);
}

void tst_FaultProxy::healIsANoOpWhenNotBlackHoled()
{
    QSignalSpy blackHoled(proxy.get(), &PhoenixFaultProxy::blackHoledChanged);
    proxy->heal();
    QCOMPARE(blackHoled.size(), 0);
    proxy->blackHole();
    proxy->blackHole(); // already black-holed: no second signal
    QCOMPARE(blackHoled.size(), 1);
    proxy->heal();
    proxy->heal();
    QCOMPARE(blackHoled.size(), 2);
    QVERIFY(!proxy->isBlackHoled());
}

void tst_FaultProxy::unreachableUpstreamClosesTheClient()
{
    QTcpServer gone;
    QVERIFY(gone.listen(QHostAddress::LocalHost, 0));
    const quint16 deadPort = gone.serverPort();
    gone.close(); // nothing listens there any more: connection refused
    proxy->setUpstream(u"127.0.0.1"_s, deadPort);
    QCOMPARE(proxy->upstreamPort(), deadPort);
    QSignalSpy closed(proxy.get(), &PhoenixFaultProxy::connectionClosed);
    QSignalSpy upstream(proxy.get(), &PhoenixFaultProxy::upstreamConnected);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^connection 1: upstream .* unreachable"_s));

    Client client(proxy->serverPort());
    QTRY_COMPARE(closed.size(), 1);
    QTRY_VERIFY(client.socket.state() == QAbstractSocket::UnconnectedState);
    QCOMPARE(upstream.size(), 0);
    QCOMPARE(proxy->connectionCount(), 0);
}

void tst_FaultProxy::closeStopsListeningAndListenAgainWorks()
{
    Client client(proxy->serverPort());
    QTRY_COMPARE(echo->accepted, 1);
    const quint16 port = proxy->serverPort();
    proxy->blackHole();
    proxy->close();
    QVERIFY(!proxy->isListening());
    QVERIFY(!proxy->isBlackHoled());
    QCOMPARE(proxy->connectionCount(), 0);
    QTRY_COMPARE(echo->disconnected, 1);

    QVERIFY2(proxy->listen(QHostAddress::LocalHost, port), qPrintable(proxy->errorString()));
    Client again(port);
    QTRY_VERIFY(again.isConnected());
    again.send("back");
    QTRY_COMPARE(again.received, QByteArray("back"));
}

void tst_FaultProxy::commandLineTool()
{
    QProcess tool;
    tool.setProgram(QStringLiteral(PHOENIX_FAULTPROXY_EXECUTABLE));
    tool.setArguments({u"--upstream"_s, u"127.0.0.1:"_s + QString::number(echo->port()), u"--latency"_s,
                       u"20"_s, u"--quiet"_s});
    tool.start();
    QVERIFY(tool.waitForStarted());
    QByteArray output;
    connect(&tool, &QProcess::readyReadStandardOutput, this, [&] { output += tool.readAllStandardOutput(); });
    QTRY_VERIFY(output.contains('\n'));
    QVERIFY2(output.startsWith("PORT "), output.constData());
    const quint16 port = quint16(output.mid(5, output.indexOf('\n') - 5).toUInt());
    QVERIFY(port != 0);

    Client client(port);
    QTRY_VERIFY(client.isConnected());
    client.send("via cli");
    QTRY_COMPARE(client.received, QByteArray("via cli"));

    output.clear();
    tool.write("blackhole\nstatus\n");
    QTRY_VERIFY(output.contains('\n'));
    QVERIFY2(output.startsWith("connections 1 latency 20 jitter 0 blackholed 1 forwarded 7 7"),
             output.constData());
    client.send(" held");
    output.clear();
    tool.write("heal\n");
    QTRY_COMPARE(client.received, QByteArray("via cli held"));
    tool.write("drop\n");
    QTRY_VERIFY(client.socket.state() == QAbstractSocket::UnconnectedState);

    tool.write("quit\n");
    QVERIFY(tool.waitForFinished(10000));
    QCOMPARE(tool.exitStatus(), QProcess::NormalExit);
    QCOMPARE(tool.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_FaultProxy)
#include "tst_faultproxy.moc"
