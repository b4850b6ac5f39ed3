// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Choosing the transport, and the LongPoll fallback (phoenix.js connectWithFallback), in the engine
// without sockets: fake transports decide exactly when a WebSocket opens, fails or answers, so the
// timing of every case is deterministic. Over the wire, tst_phoenixsocket checks the same against
// the dev server's refusing and black-holing WebSocket modes.

#include "faketransport.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixLongPollTransport>
#include <PhoenixQt/PhoenixSocket>
#include <PhoenixQt/PhoenixWebSocketTransport>

#include <QtCore/QPointer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

using Kind = PhoenixSocket::Transport;
const QUrl Endpoint(u"ws://phoenix.test/socket/websocket"_s);

//! A socket on a FakeServer that accepts nothing by itself, with fast schedules. LongPoll fakes
//! need no heartbeats, like the real one.
struct Engine
{
    Engine()
    {
        configureFast(socket);
        server.acceptConnections = false;
        server.factory()->setup = [this](FakeTransport *transport) {
            transport->setNeedsHeartbeat(server.factory()->kinds().last() == Kind::WebSocket);
        };
    }

    FakeTransport *current() const { return server.transport(); }
    Kind currentKind() { return server.factory()->kinds().value(server.factory()->created() - 1); }
    QList<Kind> kinds() { return server.factory()->kinds(); }
    //! Accepts the current attempt and waits for the socket to read Connected.
    [[nodiscard]] bool accept()
    {
        if (!current())
            return false;
        QSignalSpy connected(&socket, &PhoenixSocket::connected);
        current()->accept();
        return connected.size() == 1 || connected.wait(WaitMs);
    }

    PhoenixSocket socket{Endpoint};
    FakeServer server{&socket};
};

int heartbeatsSentOver(const FakeTransport *transport)
{
    int n = 0;
    for (const QJsonArray &frame : transport->sentJson())
        n += frame.at(2).toString() == u"phoenix"_s && frame.at(3).toString() == u"heartbeat"_s ? 1 : 0;
    return n;
}

} // namespace

class tst_PhoenixFallback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // choosing the transport
    void builtInTransportOfEachKind_data();
    void builtInTransportOfEachKind();
    void factoryIsAskedForTheKind();
    void setTransportWhileConnectedReconnectsOverTheNewOne();

    // the fallback
    void fallbackIsOffByDefault();
    void fallsBackAtOnceWhenTheWebSocketFailsBeforeItOpened();
    void fallsBackWhenTheWebSocketDoesNotOpenInTime();
    void connectTimeoutCountsAsNotOpened();
    void openWebSocketMustAnswerAPingInTime();
    void webSocketThatAnsweredIsKeptForGood();
    void fallbackLastsForTheSocketsLifetime();
    void disconnectingStopsTheFallback();
    void switchingTheFallbackOffStopsIt();
    void slotOfTransportChangedMayDisconnect();
};

void tst_PhoenixFallback::initTestCase()
{
    qRegisterMetaType<PhoenixSocket::Transport>();
    qRegisterMetaType<PhoenixSocket::Error>();
}

// ---- choosing the transport ------------------------------------------------------------------------

void tst_PhoenixFallback::builtInTransportOfEachKind_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::newRow("WebSocket") << Kind::WebSocket;
    QTest::newRow("LongPoll") << Kind::LongPoll;
}

void tst_PhoenixFallback::builtInTransportOfEachKind()
{
    QFETCH(Kind, kind);
    PhoenixSocket socket(QUrl(u"ws://127.0.0.1:1/socket/websocket"_s));
    socket.setAutoReconnect(false);
    QList<Kind> asked;
    // A factory that returns nullptr leaves the choice to the socket.
    socket.setTransportFactory([&asked](Kind k, QObject *) -> PhoenixTransport * {
        asked.append(k);
        return nullptr;
    });
    socket.setTransport(kind);
    socket.connectToServer();
    QCOMPARE(asked, QList<Kind>{kind});
    const auto transports = socket.findChildren<PhoenixTransport *>();
    QCOMPARE(transports.size(), 1);
    if (kind == Kind::LongPoll) {
        QVERIFY(qobject_cast<PhoenixLongPollTransport *>(transports.first()));
        QVERIFY(!transports.first()->needsHeartbeat());
    } else {
        QVERIFY(qobject_cast<PhoenixWebSocketTransport *>(transports.first()));
        QVERIFY(transports.first()->needsHeartbeat());
    }
    socket.disconnectFromServer();
}

void tst_PhoenixFallback::factoryIsAskedForTheKind()
{
    Engine e;
    QCOMPARE(e.socket.transport(), Kind::WebSocket); // the default
    e.socket.setHeartbeatInterval(20);
    e.socket.setTransport(Kind::LongPoll);
    e.socket.connectToServer();
    QCOMPARE(e.kinds(), QList<Kind>{Kind::LongPoll});
    QVERIFY(e.accept());
    // No heartbeats over a transport that does not need them, however short the interval.
    QSignalSpy sent(e.current(), &FakeTransport::frameSent);
    QVERIFY(!sent.wait(QuietMs));
    QCOMPARE(heartbeatsSentOver(e.current()), 0);
    // ping() still works through a round trip.
    e.server.answerHeartbeats = true;
    QSignalSpy pong(&e.socket, &PhoenixSocket::pong);
    QVERIFY(e.socket.ping());
    QVERIFY(pong.wait(WaitMs));
}

void tst_PhoenixFallback::setTransportWhileConnectedReconnectsOverTheNewOne()
{
    Engine e;
    e.server.acceptConnections = true;
    QSignalSpy changed(&e.socket, &PhoenixSocket::transportChanged);
    PhoenixChannel *channel = e.socket.channel(Lobby);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    channel->join();
    QVERIFY(connectSocket(e.socket));
    QVERIFY(joined.wait(WaitMs));
    QPointer<FakeTransport> webSocket = e.current();

    e.socket.setTransport(Kind::LongPoll);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<Kind>(), Kind::LongPoll);
    QCOMPARE(e.kinds(), (QList<Kind>{Kind::WebSocket, Kind::LongPoll}));
    QVERIFY(!webSocket || webSocket->state() != PhoenixTransport::State::Open); // given up at once
    QTRY_COMPARE(joined.size(), 2);                                             // rejoined over LongPoll
    QCOMPARE(e.server.count(Lobby, u"phx_join"_s), 2);
    e.socket.setTransport(Kind::LongPoll); // no change, no reconnect
    QCOMPARE(changed.size(), 1);
    QCOMPARE(e.server.factory()->created(), 2);
}

// ---- the fallback ----------------------------------------------------------------------------------

void tst_PhoenixFallback::fallbackIsOffByDefault()
{
    Engine e;
    QCOMPARE(e.socket.longPollFallback(), 0);
    QSignalSpy changed(&e.socket, &PhoenixSocket::transportChanged);
    QSignalSpy reconnect(&e.socket, &PhoenixSocket::reconnectScheduled);
    e.socket.connectToServer();
    e.current()->refuse();
    QCOMPARE(reconnect.size(), 1);
    QTRY_COMPARE(e.server.factory()->created(), 2);
    QCOMPARE(e.kinds(), (QList<Kind>{Kind::WebSocket, Kind::WebSocket}));
    QCOMPARE(changed.size(), 0);
    e.socket.disconnectFromServer();
}

void tst_PhoenixFallback::fallsBackAtOnceWhenTheWebSocketFailsBeforeItOpened()
{
    Engine e;
    QSignalSpy fallbackChanged(&e.socket, &PhoenixSocket::longPollFallbackChanged);
    e.socket.setLongPollFallback(2500);
    QCOMPARE(e.socket.longPollFallback(), 2500);
    QCOMPARE(fallbackChanged.size(), 1);
    QSignalSpy changed(&e.socket, &PhoenixSocket::transportChanged);
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy reconnect(&e.socket, &PhoenixSocket::reconnectScheduled);
    PhoenixChannel *channel = e.socket.channel(Lobby);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    channel->join();
    e.socket.connectToServer();
    QCOMPARE(e.currentKind(), Kind::WebSocket);

    e.current()->refuse(); // e.g. a proxy answering the upgrade with HTTP 400
    // LongPoll is tried at once, not after a reconnect delay, and the socket says so.
    QCOMPARE(e.kinds(), (QList<Kind>{Kind::WebSocket, Kind::LongPoll}));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<Kind>(), Kind::LongPoll);
    QCOMPARE(e.socket.transport(), Kind::LongPoll);
    QCOMPARE(e.socket.state(), PhoenixSocket::State::Connecting);
    QCOMPARE(reconnect.size(), 0);
    QCOMPARE(errors.size(), 0); // the failed WebSocket is not the application's problem
    QVERIFY(e.accept());
    QVERIFY(joined.wait(WaitMs));
    QCOMPARE(e.server.count(Lobby, u"phx_join"_s), 1);
    QCOMPARE(e.socket.longPollFallback(), 2500);
}

void tst_PhoenixFallback::fallsBackWhenTheWebSocketDoesNotOpenInTime()
{
    Engine e;
    e.socket.setLongPollFallback(100);
    QSignalSpy changed(&e.socket, &PhoenixSocket::transportChanged);
    e.socket.connectToServer();
    QPointer<FakeTransport> webSocket = e.current();
    QVERIFY(changed.wait(WaitMs)); // a black hole: the upgrade is never answered
    QCOMPARE(e.kinds(), (QList<Kind>{Kind::WebSocket, Kind::LongPoll}));
    QVERIFY(!webSocket || webSocket->abortCalls() == 1);
    QVERIFY(e.accept());
    QCOMPARE(e.socket.transport(), Kind::LongPoll);
}

void tst_PhoenixFallback::connectTimeoutCountsAsNotOpened()
{
    Engine e;
    e.socket.setLongPollFallback(60000);
    e.socket.setConnectTimeout(50);
    QSignalSpy changed(&e.socket, &PhoenixSocket::transportChanged);
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    e.socket.connectToServer();
    QVERIFY(changed.wait(WaitMs));
    QCOMPARE(e.kinds(), (QList<Kind>{Kind::WebSocket, Kind::LongPoll}));
    QCOMPARE(errors.size(), 0); // no ConnectTimeoutError: the fallback took over
    QVERIFY(e.accept());
}

void tst_PhoenixFallback::openWebSocketMustAnswerAPingInTime()
{
    // A proxy that lets the upgrade through and then passes nothing: open is not enough.
    Engine e;
    e.socket.setLongPollFallback(100);
    e.server.answerHeartbeats = false;
    e.server.answerJoins = true;
    PhoenixChannel *channel = e.socket.channel(Lobby);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    QSignalSpy channelErrors(channel, &PhoenixChannel::errorOccurred);
    channel->join();
    QSignalSpy changed(&e.socket, &PhoenixSocket::transportChanged);
    e.socket.connectToServer();
    QVERIFY(e.accept());
    QPointer<FakeTransport> webSocket = e.current();
    QCOMPARE(heartbeatsSentOver(webSocket), 1); // the probe, at once
    QVERIFY(joined.wait(WaitMs));               // joins work over it, pings do not
    QVERIFY(changed.wait(WaitMs));
    QCOMPARE(e.socket.transport(), Kind::LongPoll);
    QCOMPARE(e.kinds(), (QList<Kind>{Kind::WebSocket, Kind::LongPoll}));
    QCOMPARE(channelErrors.size(), 1); // the channel joined over the WebSocket rejoins over LongPoll
    QVERIFY(e.accept());
    QTRY_COMPARE(joined.size(), 2);
}

void tst_PhoenixFallback::webSocketThatAnsweredIsKeptForGood()
{
    Engine e;
    e.socket.setLongPollFallback(100);
    e.server.answerHeartbeats = true;
    QSignalSpy changed(&e.socket, &PhoenixSocket::transportChanged);
    QSignalSpy latency(&e.socket, &PhoenixSocket::latencyChanged);
    e.socket.connectToServer();
    QVERIFY(e.accept());
    QCOMPARE(heartbeatsSentOver(e.current()), 1);
    QVERIFY(!changed.wait(QuietMs)); // answered: healthy, well past the 100 ms
    QCOMPARE(e.socket.transport(), Kind::WebSocket);

    // Later failures before an open (a server restart) no longer move the socket to LongPoll:
    // phoenix.js would fall back here; PhoenixQt trusts a WebSocket that worked.
    e.current()->drop();
    QTRY_COMPARE(e.server.factory()->created(), 2);
    e.current()->refuse();
    QTRY_COMPARE(e.server.factory()->created(), 3);
    QCOMPARE(e.kinds(), (QList<Kind>{Kind::WebSocket, Kind::WebSocket, Kind::WebSocket}));
    QCOMPARE(changed.size(), 0);
    QVERIFY(e.accept());
    QCOMPARE(heartbeatsSentOver(e.current()), 0); // no probe any more
    e.socket.disconnectFromServer();
}

void tst_PhoenixFallback::fallbackLastsForTheSocketsLifetime()
{
    Engine e;
    e.socket.setLongPollFallback(100);
    QSignalSpy changed(&e.socket, &PhoenixSocket::transportChanged);
    e.socket.connectToServer();
    e.current()->refuse();
    QVERIFY(e.accept());
    QCOMPARE(e.socket.transport(), Kind::LongPoll);
    // Reconnects, and connects after a disconnect, stay on LongPoll.
    e.current()->drop();
    QTRY_COMPARE(e.server.factory()->created(), 3);
    QVERIFY(e.accept());
    e.socket.disconnectFromServer();
    e.socket.connectToServer();
    QCOMPARE(e.kinds(), (QList<Kind>{Kind::WebSocket, Kind::LongPoll, Kind::LongPoll, Kind::LongPoll}));
    QVERIFY(e.accept());
    QCOMPARE(changed.size(), 1);
    // The application may go back to WebSocket explicitly; the fallback then watches again.
    e.socket.setTransport(Kind::WebSocket);
    QCOMPARE(e.currentKind(), Kind::WebSocket);
    e.current()->refuse();
    QCOMPARE(e.currentKind(), Kind::LongPoll);
    QCOMPARE(changed.size(), 3);
    e.socket.disconnectFromServer();
}

void tst_PhoenixFallback::disconnectingStopsTheFallback()
{
    Engine e;
    e.socket.setLongPollFallback(50);
    QSignalSpy changed(&e.socket, &PhoenixSocket::transportChanged);
    e.socket.connectToServer();
    e.socket.disconnectFromServer();
    QVERIFY(!changed.wait(QuietMs));
    QCOMPARE(e.socket.transport(), Kind::WebSocket);
    QCOMPARE(e.server.factory()->created(), 1);
}

void tst_PhoenixFallback::switchingTheFallbackOffStopsIt()
{
    Engine e;
    e.socket.setLongPollFallback(50);
    QSignalSpy changed(&e.socket, &PhoenixSocket::transportChanged);
    e.socket.connectToServer();
    e.socket.setLongPollFallback(0);
    QVERIFY(!changed.wait(QuietMs));
    e.current()->refuse();
    QCOMPARE(changed.size(), 0);
    QCOMPARE(e.socket.transport(), Kind::WebSocket);
    e.socket.disconnectFromServer();
}

void tst_PhoenixFallback::slotOfTransportChangedMayDisconnect()
{
    Engine e;
    e.socket.setLongPollFallback(2500);
    connect(&e.socket, &PhoenixSocket::transportChanged, &e.socket,
            [&e] { e.socket.disconnectFromServer(); });
    e.socket.connectToServer();
    e.current()->refuse();
    QCOMPARE(e.socket.transport(), Kind::LongPoll);
    QCOMPARE(e.socket.state(), PhoenixSocket::State::Disconnected);
    QCOMPARE(e.server.factory()->created(), 1); // no LongPoll attempt: the application said stop
}

QTEST_GUILESS_MAIN(tst_PhoenixFallback)
#include "tst_phoenixfallback.moc"
