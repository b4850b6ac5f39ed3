// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixSocket against the in-process reference dev server: connect, params, auth, heartbeat,
// reconnect, buffering, runtime reconfigure, errors, and that secrets never reach the logs.

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSerializer>
#include <PhoenixQt/PhoenixSocket>

#include "testbed.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QLoggingCategory>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

using namespace PhoenixTest;

class tst_PhoenixSocket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void defaults();
    void backoffSchedules_data();
    void backoffSchedules();
    void connectSendsParamsAndVsn();
    void nestedParamsAreEncodedLikePhoenixJs();
    void authTokenTravelsAsSubprotocol();
    void extraHeaders();
    void providersAreCalledBeforeEveryConnect();
    void refusedConnectReportsErrorAndRetries();
    void deadServerReconnectsWithSchedule();
    void invalidUrlIsReportedNotRetried();
    void disconnectFromServerDoesNotReconnect();
    void disconnectThenConnectBackToBackConnects();
    void phoenixJsStyleEndpointConnects();
    void authTokenWithSlashFailsBeforeAnythingIsSent();
    void authTokenWithPlusTravelsIntact();
    void reconnectsAfterAnyServerClose_data();
    void reconnectsAfterAnyServerClose();
    void heartbeatsAreSentAndMeasured();
    void heartbeatTimeoutDeclaresConnectionDead();
    void pingMeasuresRoundTrip();
    void runtimeReconfigureReconnects();
    void connectLaterToAnotherUrl();
    void framesSentOfflineAreFlushedInOrder();
    void jitterSpreadsReconnectDelays();
    void secretsNeverReachTheLogs();
    void deletingSocketWhileConnected();
    void deletingChannelFromItsOwnSignal();
    void routesToManyChannelsByTopic();
    void oversizedMessageIsAnErrorNotACrash();
    void heartbeatTimeoutIsSeparateFromInterval();
    void deletedChannelDropsItsBufferedFrames();
    void channelsDeletedDuringReconnectWalk();
    void joinPushDoesNotKeepItsResponse();

    // LongPoll and the fallback over the wire
    void longPollFallbackOverTheWire_data();
    void longPollFallbackOverTheWire();
    void failedLongPollPostEndsItsPushesWithAnError();
    void longPollConnectionRecoversAfterManyWindows();
};

void tst_PhoenixSocket::initTestCase_data()
{
    addTransportRows(); // every test over WebSocket and over LongPoll
}

void tst_PhoenixSocket::defaults()
{
    const PhoenixSocket socket;
    QCOMPARE(socket.state(), PhoenixSocket::State::Disconnected);
    QVERIFY(!socket.isConnected());
    QCOMPARE(socket.timeout(), 10000);
    QCOMPARE(socket.heartbeatInterval(), 30000);
    QCOMPARE(socket.heartbeatTimeout(), -1);
    QVERIFY(socket.autoReconnect());
    QCOMPARE(socket.reconnectJitter(), 0.0);
    QCOMPARE(socket.latency(), -1);
    QCOMPARE(socket.error(), PhoenixSocket::Error::NoError);
    QCOMPARE(socket.serializer()->vsn(), u"2.0.0"_s);
    QCOMPARE(socket.transport(), PhoenixSocket::Transport::WebSocket);
    QCOMPARE(socket.longPollFallback(), 0);
    QCOMPARE(socket.longPollTimeout(), 20000);
}

void tst_PhoenixSocket::backoffSchedules_data()
{
    QTest::addColumn<int>("tries");
    QTest::addColumn<int>("reconnect");
    QTest::addColumn<int>("rejoin");
    // phoenix.js: [10, 50, 100, 150, 200, 250, 500, 1000, 2000][tries-1] || 5000 and [1000, 2000,
    // 5000][tries-1] || 10000
    const int reconnect[] = {10, 50, 100, 150, 200, 250, 500, 1000, 2000, 5000, 5000};
    const int rejoin[] = {1000, 2000, 5000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000};
    for (int i = 0; i < 11; ++i)
        QTest::addRow("try %d", i + 1) << i + 1 << reconnect[i] << rejoin[i];
}

void tst_PhoenixSocket::backoffSchedules()
{
    QFETCH(int, tries);
    QFETCH(int, reconnect);
    QFETCH(int, rejoin);
    QCOMPARE(PhoenixSocket::defaultReconnectAfter(tries), reconnect);
    QCOMPARE(PhoenixSocket::defaultRejoinAfter(tries), rejoin);
    const PhoenixSocket socket;
    QCOMPARE(socket.reconnectAfter()(tries), reconnect);
    QCOMPARE(socket.rejoinAfter()(tries), rejoin);
}

void tst_PhoenixSocket::connectSendsParamsAndVsn()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setParams({{u"user"_s, u"ada"_s}, {u"room_count"_s, 3}});
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    QSignalSpy stateSpy(&socket, &PhoenixSocket::stateChanged);
    socket.connectToServer();
    QCOMPARE(socket.state(), PhoenixSocket::State::Connecting);
    QVERIFY(connectedSpy.wait());
    QVERIFY(socket.isConnected());
    QCOMPARE(stateSpy.size(), 2);
    QCOMPARE(stateSpy.at(1).at(0).value<PhoenixSocket::State>(), PhoenixSocket::State::Connected);
    const QUrlQuery query = server.lastConnectQuery();
    QCOMPARE(query.queryItemValue(u"vsn"_s), u"2.0.0"_s);
    QCOMPARE(query.queryItemValue(u"user"_s), u"ada"_s);
    QCOMPARE(query.queryItemValue(u"room_count"_s), u"3"_s);
    // The configured url itself stays free of params.
    QCOMPARE(socket.url(), server.url());
}

void tst_PhoenixSocket::nestedParamsAreEncodedLikePhoenixJs()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setParams(
        {{u"device"_s, QJsonObject{{u"os"_s, u"linux"_s}}}, {u"tags"_s, QJsonArray{u"a"_s, u"b"_s}}});
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    socket.connectToServer();
    QVERIFY(connectedSpy.wait());
    const QUrlQuery query = server.lastConnectQuery();
    QCOMPARE(query.queryItemValue(u"device[os]"_s, QUrl::FullyDecoded), u"linux"_s);
    QCOMPARE(query.queryItemValue(u"tags[0]"_s, QUrl::FullyDecoded), u"a"_s);
    QCOMPARE(query.queryItemValue(u"tags[1]"_s, QUrl::FullyDecoded), u"b"_s);
}

void tst_PhoenixSocket::authTokenTravelsAsSubprotocol()
{
    // WebSocket: in the Sec-WebSocket-Protocol header; LongPoll: in X-Phoenix-AuthToken. Never in a URL.
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    const QString token = u"SFMyNTY.g2gDYSpuBgBz-secret"_s;
    socket.setAuthToken(token);
    QStringList urls;
    connect(&server, &PhoenixDevServer::longPollRequestReceived, this,
            [&urls](const PhoenixDevServer::HttpRequest &request) {
                urls << request.path + u'?' + request.query.toString(QUrl::FullyDecoded);
            });
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    socket.connectToServer();
    QVERIFY(connectedSpy.wait());
    QCOMPARE(server.lastAuthToken(), token);
    QVERIFY(!server.lastConnectQuery().toString(QUrl::FullyDecoded).contains(token));
    if (isLongPoll()) {
        QCOMPARE(server.lastRequestHeader("x-phoenix-authtoken"), token.toUtf8());
        QCOMPARE(server.lastRequestedSubprotocols(), QStringList());
        QVERIFY(!urls.isEmpty());
        for (const QString &url : std::as_const(urls))
            QVERIFY2(!url.contains(token), qPrintable(url));
        return;
    }
    const QStringList protocols = server.lastRequestedSubprotocols();
    QCOMPARE(protocols.size(), 2);
    QCOMPARE(protocols.at(0), u"phoenix"_s);
    const QByteArray expected = token.toUtf8().toBase64(QByteArray::OmitTrailingEquals);
    QCOMPARE(protocols.at(1), u"base64url.bearer.phx."_s + QString::fromLatin1(expected));
    QVERIFY(!server.lastConnectQuery().toString().contains(token));
}

void tst_PhoenixSocket::extraHeaders()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setHeaders({{u"X-Device-Id"_s, u"panel-7"_s}});
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    socket.connectToServer();
    QVERIFY(connectedSpy.wait());
    const QList<PhoenixDevServer::ConnectionInfo> connections = server.connections();
    QCOMPARE(connections.size(), 1);
    QCOMPARE(connections.first().header("x-device-id"), QByteArray("panel-7"));
}

void tst_PhoenixSocket::providersAreCalledBeforeEveryConnect()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setReconnectAfter([](int) { return 0; });
    int paramsCalls = 0;
    int tokenCalls = 0;
    socket.setParamsProvider([&] { return QJsonObject{{u"user"_s, u"user%1"_s.arg(++paramsCalls)}}; });
    socket.setAuthTokenProvider([&] { return u"token-%1"_s.arg(++tokenCalls); });
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    socket.connectToServer();
    QVERIFY(connectedSpy.wait());
    QCOMPARE(server.lastConnectQuery().queryItemValue(u"user"_s), u"user1"_s);
    QCOMPARE(server.lastAuthToken(), u"token-1"_s);
    server.dropAllConnections();
    QTRY_COMPARE(connectedSpy.size(), 2);
    QCOMPARE(server.lastConnectQuery().queryItemValue(u"user"_s), u"user2"_s);
    QCOMPARE(server.lastAuthToken(), u"token-2"_s);
}

void tst_PhoenixSocket::refusedConnectReportsErrorAndRetries()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setParams({{u"token"_s, u"bad"_s}});
    QSignalSpy errorSpy(&socket, &PhoenixSocket::errorOccurred);
    QSignalSpy reconnectSpy(&socket, &PhoenixSocket::reconnectScheduled);
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    // Retried and reported by errorOccurred: nothing for the app's developer to act on, so no warning.
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    socket.connectToServer();
    QVERIFY(reconnectSpy.wait());
    QVERIFY(errorSpy.size() >= 1);
    QCOMPARE(errorSpy.first().at(0).value<PhoenixSocket::Error>(),
             PhoenixSocket::Error::ConnectionRefusedError);
    QVERIFY(!socket.errorString().isEmpty());
    QVERIFY2(!socket.errorString().contains(u"bad"_s), qPrintable(socket.errorString()));
    QCOMPARE(reconnectSpy.first().at(0).toInt(), 1);
    QCOMPARE(reconnectSpy.first().at(1).toInt(), 10);
    QCOMPARE(connectedSpy.size(), 0);
    QCOMPARE(socket.state(), PhoenixSocket::State::Disconnected);
    QVERIFY(server.refusedCount() >= 1);
    socket.disconnectFromServer();
}

void tst_PhoenixSocket::deadServerReconnectsWithSchedule()
{
    quint16 port = 0;
    {
        PhoenixDevServer probe;
        QVERIFY(probe.listen());
        port = probe.port();
    } // nothing listens on port now
    PhoenixSocket socket(QUrl(u"ws://127.0.0.1:%1/socket/websocket"_s.arg(port)));
    useCurrentTransport(socket);
    QList<int> asked;
    socket.setReconnectAfter([&asked](int tries) {
        asked.append(tries);
        return 20;
    });
    QSignalSpy reconnectSpy(&socket, &PhoenixSocket::reconnectScheduled);
    QSignalSpy disconnectedSpy(&socket, &PhoenixSocket::disconnected);
    socket.connectToServer();
    QTRY_VERIFY(reconnectSpy.size() >= 3);
    socket.disconnectFromServer();
    QCOMPARE(asked.mid(0, 3), (QList<int>{1, 2, 3}));
    QCOMPARE(reconnectSpy.at(2).at(0).toInt(), 3);
    QCOMPARE(reconnectSpy.at(2).at(1).toInt(), 20);
    QVERIFY(disconnectedSpy.size() >= 3);

    // The server comes up: the next attempt connects and the attempt counter resets.
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    socket.connectToServer();
    QVERIFY(connectedSpy.wait());
    QCOMPARE(socket.reconnectAttempts(), 0);
}

void tst_PhoenixSocket::invalidUrlIsReportedNotRetried()
{
    // http(s):// endpoints are accepted (mapped to ws(s):// for WebSocket, used as is by LongPoll).
    PhoenixSocket socket(QUrl(u"ftp://127.0.0.1:1/socket/websocket"_s));
    useCurrentTransport(socket);
    QSignalSpy errorSpy(&socket, &PhoenixSocket::errorOccurred);
    QSignalSpy reconnectSpy(&socket, &PhoenixSocket::reconnectScheduled);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(isLongPoll() ? u"cannot be used for LongPoll"_s
                                                         : u"not a valid ws:// or wss:// URL"_s));
    socket.connectToServer();
    QCOMPARE(errorSpy.size(), 0); // reported from the event loop, so callers can connect first
    QVERIFY(errorSpy.wait());
    QCOMPARE(errorSpy.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::InvalidUrlError);
    QCOMPARE(reconnectSpy.size(), 0);
    QCOMPARE(socket.state(), PhoenixSocket::State::Disconnected);
}

void tst_PhoenixSocket::disconnectThenConnectBackToBackConnects()
{
    // Over a real WebSocket the close handshake is still under way when connectToServer() comes:
    // that must connect anew, not be swallowed as "already connected".
    TestBed bed;
    QVERIFY(bed.listening);
    QVERIFY(connectSocket(bed.socket));
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    QSignalSpy connected(&bed.socket, &PhoenixSocket::connected);
    QSignalSpy disconnected(&bed.socket, &PhoenixSocket::disconnected);
    bed.socket.disconnectFromServer();
    bed.socket.connectToServer();
    QVERIFY(connected.wait(WaitMs));
    QCOMPARE(disconnected.size(), 1);
    QTRY_COMPARE(channel->state(), PhoenixChannel::State::Joined);
    QTRY_COMPARE(bed.server.connectionCount(), 1);
    QVERIFY(bed.socket.isConnected());
}

void tst_PhoenixSocket::phoenixJsStyleEndpointConnects()
{
    TestBed bed;
    QVERIFY(bed.listening);
    QUrl endpoint = bed.server.url();
    endpoint.setPath(u"/socket"_s); // what phoenix.js users write
    bed.socket.setUrl(endpoint);
    QVERIFY(connectSocket(bed.socket));
    QCOMPARE(bed.server.lastConnectInfo().path,
             isLongPoll() ? u"/socket/longpoll"_s : u"/socket/websocket"_s);
    QCOMPARE(bed.socket.url(), endpoint);
}

void tst_PhoenixSocket::authTokenWithSlashFailsBeforeAnythingIsSent()
{
    // "???~~~" is base64 "Pz8/fn5+": a "/" cannot be part of a Sec-WebSocket-Protocol entry, and
    // Phoenix decodes the standard alphabet only, so the token cannot travel intact. It must fail
    // clearly, send nothing, and never reach stderr or a log (Qt prints rejected entries).
    // Over LongPoll the token travels in an HTTP header, where it arrives intact.
    TestBed bed;
    QVERIFY(bed.listening);
    const QString token = u"???~~~"_s;
    bed.socket.setAuthToken(token);
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy scheduled(&bed.socket, &PhoenixSocket::reconnectScheduled);
    LogCapture log; // catches Qt's own warnings too ("Ignoring invalid WebSocket subprotocol name …")
    if (isLongPoll()) {
        QVERIFY(connectSocket(bed.socket));
        QCOMPARE(bed.server.lastAuthToken(), token);
        QCOMPARE(errors.size(), 0);
        const QString logs = log.all();
        QVERIFY2(!logs.contains(token) && !logs.contains(u"Pz8"_s), qPrintable(logs));
        return;
    }
    bed.socket.connectToServer();
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::InvalidAuthTokenError);
    QVERIFY(errors.first().at(1).toString().contains(u"\"/\""_s));
    QCOMPARE(scheduled.size(), 0); // another attempt would fail the same way
    QCOMPARE(bed.socket.state(), PhoenixSocket::State::Disconnected);
    QCOMPARE(bed.server.lastConnectInfo().id, quint64(0)); // the server never saw a request
    QCOMPARE(bed.server.connectionCount(), 0);
    const QString logs = log.all();
    QVERIFY2(!logs.contains(token) && !logs.contains(u"Pz8"_s), qPrintable(logs));
}

void tst_PhoenixSocket::authTokenWithPlusTravelsIntact()
{
    TestBed bed;
    QVERIFY(bed.listening);
    const QString token = u"~~~"_s; // base64 "fn5+": "+" is a valid token character
    bed.socket.setAuthToken(token);
    QVERIFY(connectSocket(bed.socket));
    QCOMPARE(bed.server.lastAuthToken(), token);
}

void tst_PhoenixSocket::disconnectFromServerDoesNotReconnect()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setReconnectAfter([](int) { return 0; });
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    QSignalSpy disconnectedSpy(&socket, &PhoenixSocket::disconnected);
    QSignalSpy reconnectSpy(&socket, &PhoenixSocket::reconnectScheduled);
    QSignalSpy errorSpy(&socket, &PhoenixSocket::errorOccurred);
    socket.connectToServer();
    QVERIFY(connectedSpy.wait());
    QSignalSpy stateSpy(&socket, &PhoenixSocket::stateChanged);
    socket.disconnectFromServer();
    QTRY_COMPARE(disconnectedSpy.size(), 1);
    QCOMPARE(stateSpy.first().at(0).value<PhoenixSocket::State>(), PhoenixSocket::State::Disconnecting);
    QCOMPARE(socket.state(), PhoenixSocket::State::Disconnected);
    // A reconnect would have been scheduled synchronously when the close was handled.
    QCOMPARE(reconnectSpy.size(), 0);
    QCOMPARE(errorSpy.size(), 0);
    QTRY_COMPARE(server.connectionCount(), 0);
    QCOMPARE(connectedSpy.size(), 1);
}

void tst_PhoenixSocket::reconnectsAfterAnyServerClose_data()
{
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<bool>("abort");
    QTest::newRow("abort (network loss)") << 0 << true;
    QTest::newRow("1000 normal") << 1000 << false;
    QTest::newRow("1001 going away (disconnect broadcast)") << 1001 << false;
    QTest::newRow("1012 service restart (drain)") << 1012 << false;
}

void tst_PhoenixSocket::reconnectsAfterAnyServerClose()
{
    QFETCH(int, closeCode);
    QFETCH(bool, abort);
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    QSignalSpy reconnectSpy(&socket, &PhoenixSocket::reconnectScheduled);
    QSignalSpy errorSpy(&socket, &PhoenixSocket::errorOccurred);
    socket.connectToServer();
    QVERIFY(connectedSpy.wait());
    if (abort)
        server.dropAllConnections();
    else
        server.closeAllConnections(quint16(closeCode), u"bye"_s);
    QTRY_COMPARE(connectedSpy.size(), 2);
    QCOMPARE(reconnectSpy.first().at(0).toInt(), 1);
    QVERIFY(!errorSpy.isEmpty());
    QCOMPARE(errorSpy.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::ConnectionLostError);
    QCOMPARE(socket.reconnectAttempts(), 0);
}

void tst_PhoenixSocket::heartbeatsAreSentAndMeasured()
{
    // Over LongPoll, none are sent however short the interval (phoenix.js skipHeartbeat).
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setHeartbeatInterval(50);
    QSignalSpy latencySpy(&socket, &PhoenixSocket::latencyChanged);
    QStringList heartbeatRefs;
    connect(&server, &PhoenixDevServer::textFrameReceived, this, [&](const QString &text) {
        const QJsonArray frame = frameOf(text);
        if (frame.at(2).toString() == u"phoenix"_s && frame.at(3).toString() == u"heartbeat"_s) {
            QVERIFY(frame.at(0).isNull());
            heartbeatRefs << frame.at(1).toString();
        }
    });
    socket.connectToServer();
    if (isLongPoll()) {
        QSignalSpy connected(&socket, &PhoenixSocket::connected);
        QVERIFY(connected.wait());
        QSignalSpy frames(&server, &PhoenixDevServer::textFrameReceived);
        QVERIFY(!frames.wait(QuietMs)); // six intervals
        QCOMPARE(heartbeatRefs.size(), 0);
        QCOMPARE(socket.latency(), -1);
        QVERIFY(socket.isConnected());
        return;
    }
    QTRY_VERIFY(heartbeatRefs.size() >= 3);
    QVERIFY(socket.latency() >= 0);
    QVERIFY(!latencySpy.isEmpty() || socket.latency() == 0);
    // Each heartbeat has its own ref.
    QCOMPARE(QSet<QString>(heartbeatRefs.begin(), heartbeatRefs.end()).size(), heartbeatRefs.size());
    QVERIFY(socket.isConnected());
}

void tst_PhoenixSocket::heartbeatTimeoutDeclaresConnectionDead()
{
    // LongPoll has no heartbeats: there a poll over longPollTimeout declares the connection dead.
    const bool longPoll = isLongPoll();
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setHeartbeatInterval(100);
    socket.setLongPollTimeout(2 * LongPollWindowMs);
    socket.setReconnectAfter([](int) { return 10; });
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    QSignalSpy errorSpy(&socket, &PhoenixSocket::errorOccurred);
    PhoenixChannel *channel = socket.channel(u"room:hb"_s);
    QSignalSpy joinedSpy(channel, &PhoenixChannel::joined);
    channel->join();
    socket.connectToServer();
    QVERIFY(joinedSpy.wait());

    server.setFrozen(true); // half-open: the TCP connection stays up, nothing answers
    QTRY_VERIFY(!errorSpy.isEmpty());
    QCOMPARE(errorSpy.first().at(0).value<PhoenixSocket::Error>(),
             longPoll ? PhoenixSocket::Error::TransportError : PhoenixSocket::Error::HeartbeatTimeoutError);
    QCOMPARE(channel->state(), PhoenixChannel::State::Errored);
    server.setFrozen(false);
    QTRY_VERIFY(connectedSpy.size() >= 2);
    QTRY_COMPARE(joinedSpy.size(), 2);
    QVERIFY(channel->isJoined());
}

void tst_PhoenixSocket::pingMeasuresRoundTrip()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixSocket &socket = bed.socket;
    QVERIFY(!socket.ping()); // not connected: nothing sent
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    socket.connectToServer();
    QVERIFY(connectedSpy.wait());
    QSignalSpy pongSpy(&socket, &PhoenixSocket::pong);
    QVERIFY(socket.ping());
    QVERIFY(pongSpy.wait());
    QVERIFY(pongSpy.first().at(0).toInt() >= 0);
    QCOMPARE(socket.latency(), pongSpy.first().at(0).toInt());
}

void tst_PhoenixSocket::runtimeReconfigureReconnects()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setParams({{u"user"_s, u"ada"_s}});
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    PhoenixChannel *channel = socket.channel(u"room:cfg"_s);
    QSignalSpy joinedSpy(channel, &PhoenixChannel::joined);
    channel->join();
    socket.connectToServer();
    QVERIFY(joinedSpy.wait());
    QCOMPARE(joinedSpy.first().at(0).toJsonValue()[u"user"_s].toString(), u"ada"_s);

    socket.setParams({{u"user"_s, u"grace"_s}});
    QTRY_COMPARE(connectedSpy.size(), 2);
    QTRY_COMPARE(joinedSpy.size(), 2);
    QCOMPARE(joinedSpy.at(1).at(0).toJsonValue()[u"user"_s].toString(), u"grace"_s);
    QTRY_COMPARE(server.connectionCount(), 1);

    socket.setAuthToken(u"fresh"_s);
    QTRY_COMPARE(connectedSpy.size(), 3);
    QCOMPARE(server.lastAuthToken(), u"fresh"_s);
}

void tst_PhoenixSocket::connectLaterToAnotherUrl()
{
    PhoenixDevServer first;
    PhoenixDevServer second;
    QVERIFY(first.listen());
    QVERIFY(second.listen());
    first.setLongPollWindow(LongPollWindowMs); // a LongPoll session left behind ends after 1.5 windows
    PhoenixSocket socket;                      // created without url, connected later
    useCurrentTransport(socket);
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    socket.connectToServer(first.url());
    QVERIFY(connectedSpy.wait());
    QCOMPARE(first.connectionCount(), 1);
    socket.connectToServer(second.url());
    QTRY_COMPARE(connectedSpy.size(), 2);
    QTRY_COMPARE(first.connectionCount(), 0);
    QCOMPARE(second.connectionCount(), 1);
    QCOMPARE(socket.url(), second.url());
}

void tst_PhoenixSocket::framesSentOfflineAreFlushedInOrder()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    QSignalSpy bufferedSpy(&socket, &PhoenixSocket::bufferedMessagesChanged);
    QStringList refs;
    for (int i = 0; i < 5; ++i) {
        PhoenixMessage message;
        message.topic = u"phoenix"_s;
        message.event = u"heartbeat"_s;
        refs << socket.send(message);
    }
    QCOMPARE(socket.bufferedMessages(), 5);
    QStringList received;
    connect(&server, &PhoenixDevServer::textFrameReceived, this,
            [&](const QString &text) { received << frameOf(text).at(1).toString(); });
    socket.connectToServer();
    QTRY_COMPARE(received.size(), 5);
    QCOMPARE(received, refs);
    QCOMPARE(socket.bufferedMessages(), 0);
    QVERIFY(!bufferedSpy.isEmpty());
}

void tst_PhoenixSocket::jitterSpreadsReconnectDelays()
{
    quint16 port = 0;
    {
        PhoenixDevServer probe;
        QVERIFY(probe.listen());
        port = probe.port();
    }
    PhoenixSocket socket(QUrl(u"ws://127.0.0.1:%1/socket/websocket"_s.arg(port)));
    useCurrentTransport(socket);
    socket.setReconnectAfter([](int) { return 40; });
    socket.setReconnectJitter(1.0);
    QSignalSpy reconnectSpy(&socket, &PhoenixSocket::reconnectScheduled);
    socket.connectToServer();
    QTRY_VERIFY(reconnectSpy.size() >= 5);
    socket.disconnectFromServer();
    for (const QList<QVariant> &args : reconnectSpy) {
        QVERIFY(args.at(1).toInt() >= 0);
        QVERIFY(args.at(1).toInt() <= 40);
    }
}

void tst_PhoenixSocket::secretsNeverReachTheLogs()
{
    PhoenixDevServer server;
    QVERIFY(server.listen());
    const QString token = u"tok-7f3a9c-SECRET"_s;
    const QString password = u"pw-93kd-SECRET"_s;
    const QString apiKey = u"key-11aa-SECRET"_s;
    server.setLongPollWindow(LongPollWindowMs);
    QString sessionToken; // LongPoll's, in the query of every request
    connect(&server, &PhoenixDevServer::longPollRequestReceived, this,
            [&sessionToken](const PhoenixDevServer::HttpRequest &request) {
                if (request.query.hasQueryItem(u"token"_s))
                    sessionToken = request.query.queryItemValue(u"token"_s);
            });
    LogCapture capture;
    {
        PhoenixSocket socket(server.url());
        useCurrentTransport(socket);
        socket.setAuthToken(token);
        socket.setParams({{u"api_key"_s, apiKey}});
        PhoenixChannel *channel = socket.channel(u"room:private"_s, {{u"password"_s, password}});
        QSignalSpy failedSpy(channel, &PhoenixChannel::joinFailed);
        channel->join();
        socket.connectToServer();
        QVERIFY(failedSpy.wait());
        channel->push(u"echo"_s, {{u"secret"_s, password}});
        server.dropAllConnections();
        QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
        QVERIFY(connectedSpy.wait());
    }
    QVERIFY(capture.count() > 0); // logging was on
    const QString logs = capture.all();
    QVERIFY2(!logs.contains(u"SECRET"_s), qPrintable(logs));
    QVERIFY(!logs.contains(QString::fromLatin1(token.toUtf8().toBase64(QByteArray::OmitTrailingEquals))));
    QCOMPARE(sessionToken.isEmpty(), !isLongPoll());
    if (!sessionToken.isEmpty())
        QVERIFY2(!logs.contains(sessionToken), qPrintable(logs));
}

void tst_PhoenixSocket::deletingSocketWhileConnected()
{
    PhoenixDevServer server;
    QVERIFY(server.listen());
    server.setLongPollWindow(LongPollWindowMs);
    auto *socket = new PhoenixSocket(server.url(), this);
    useCurrentTransport(*socket);
    QPointer<PhoenixChannel> channel = socket->channel(u"room:del"_s);
    QSignalSpy joinedSpy(channel.data(), &PhoenixChannel::joined);
    channel->join();
    QPointer<PhoenixPush> pending = channel->push(u"noreply"_s, {}, 60000);
    socket->connectToServer();
    QVERIFY(joinedSpy.wait());
    delete socket;
    QVERIFY(channel.isNull());
    QVERIFY(pending.isNull());
    QTRY_COMPARE(server.connectionCount(), 0);
}

void tst_PhoenixSocket::deletingChannelFromItsOwnSignal()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixSocket &socket = bed.socket;
    QPointer<PhoenixChannel> channel = socket.channel(u"room:selfdelete"_s);
    PhoenixChannel *survivor = socket.channel(u"room:survivor"_s);
    QSignalSpy joinedSpy(channel.data(), &PhoenixChannel::joined);
    QSignalSpy survivorJoined(survivor, &PhoenixChannel::joined);
    channel->join();
    survivor->join();
    socket.connectToServer();
    QVERIFY(joinedSpy.wait());
    QTRY_COMPARE(survivorJoined.size(), 1);
    connect(channel.data(), &PhoenixChannel::messageReceived, channel.data(), [&] { delete channel.data(); });
    channel->push(u"shout"_s, {{u"body"_s, u"bye"_s}});
    QTRY_VERIFY(channel.isNull());
    QCOMPARE(socket.channels(), QList<PhoenixChannel *>{survivor});
    QSignalSpy echoed(survivor, &PhoenixChannel::replyReceived);
    survivor->push(u"echo"_s, {{u"still"_s, u"alive"_s}});
    QVERIFY(echoed.wait());
}

void tst_PhoenixSocket::routesToManyChannelsByTopic()
{
    PhoenixDevServer server;
    QVERIFY(server.listen());
    server.setMaxChannels(1000);
    PhoenixSocket socket(server.url());
    useCurrentTransport(socket);
    constexpr int Count = 300;
    QList<PhoenixChannel *> channels;
    int joined = 0;
    for (int i = 0; i < Count; ++i) {
        PhoenixChannel *channel = socket.channel(u"room:%1"_s.arg(i));
        connect(channel, &PhoenixChannel::joined, this, [&joined] { ++joined; });
        channel->join();
        channels << channel;
    }
    socket.connectToServer();
    QTRY_COMPARE(joined, Count);
    // A broadcast to one topic reaches exactly that topic's channel.
    QList<int> hits(Count, 0);
    for (int i = 0; i < Count; ++i)
        connect(channels[i], &PhoenixChannel::messageReceived, this, [&hits, i] { ++hits[i]; });
    server.broadcast(u"room:123"_s, u"ping"_s, {{u"n"_s, 1}});
    server.broadcast(u"room:7"_s, u"ping"_s, {{u"n"_s, 2}});
    QTRY_COMPARE(hits[7], 1);
    QTRY_COMPARE(hits[123], 1);
    int total = 0;
    for (const int h : hits)
        total += h;
    QCOMPARE(total, 2);
}

void tst_PhoenixSocket::oversizedMessageIsAnErrorNotACrash()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setMaxMessageSize(4096);
    socket.setReconnectAfter([](int) { return 0; });
    QCOMPARE(socket.maxMessageSize(), 4096);
    PhoenixChannel *channel = socket.channel(u"room:big"_s);
    QSignalSpy joinedSpy(channel, &PhoenixChannel::joined);
    QSignalSpy errorSpy(&socket, &PhoenixSocket::errorOccurred);
    channel->join();
    socket.connectToServer();
    QVERIFY(joinedSpy.wait());
    server.broadcast(u"room:big"_s, u"huge"_s, {{u"data"_s, QString(20000, u'x')}});
    QTRY_VERIFY(!errorSpy.isEmpty());
    QCOMPARE(errorSpy.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::ProtocolError);
    // The socket recovers: reconnect, rejoin, and small messages flow again.
    QTRY_COMPARE(joinedSpy.size(), 2);
    QSignalSpy replySpy(channel, &PhoenixChannel::replyReceived);
    channel->push(u"echo"_s, {{u"small"_s, true}});
    QVERIFY(replySpy.wait());
    QCOMPARE(replySpy.first().at(1).toString(), u"ok"_s);
}

void tst_PhoenixSocket::heartbeatTimeoutIsSeparateFromInterval()
{
    PHOENIX_SKIP_ON_LONGPOLL("LongPoll sends no heartbeats (as phoenix.js)");
    PhoenixDevServer server;
    QVERIFY(server.listen());
    // Both send a heartbeat every 50 ms; "patient" waits 60 s for a reply, "strict" 100 ms. With the
    // timeout tied to the interval (phoenix.js), patient would give up after 50 ms, before strict.
    PhoenixSocket patient(server.url());
    PhoenixSocket strict(server.url());
    for (PhoenixSocket *socket : {&patient, &strict}) {
        socket->setHeartbeatInterval(50);
        socket->setAutoReconnect(false);
    }
    patient.setHeartbeatTimeout(60000);
    strict.setHeartbeatTimeout(100);
    QSignalSpy patientConnected(&patient, &PhoenixSocket::connected);
    QSignalSpy strictConnected(&strict, &PhoenixSocket::connected);
    QSignalSpy patientErrors(&patient, &PhoenixSocket::errorOccurred);
    QSignalSpy strictErrors(&strict, &PhoenixSocket::errorOccurred);
    patient.connectToServer();
    strict.connectToServer();
    QTRY_COMPARE(patientConnected.size(), 1);
    QTRY_COMPARE(strictConnected.size(), 1);
    server.setFrozen(true);
    QTest::failOnWarning(QRegularExpression(u".*"_s)); // the network's doing, reported by errorOccurred
    QVERIFY(strictErrors.wait());
    QCOMPARE(strictErrors.first().at(0).value<PhoenixSocket::Error>(),
             PhoenixSocket::Error::HeartbeatTimeoutError);
    QCOMPARE(patientErrors.size(), 0);
    QVERIFY(patient.isConnected());
    server.setFrozen(false);
}

void tst_PhoenixSocket::deletedChannelDropsItsBufferedFrames()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    auto *doomed = socket.channel(u"room:doomed"_s);
    doomed->join(); // buffered: the socket is not connected
    QCOMPARE(socket.bufferedMessages(), 1);
    delete doomed;
    QCOMPARE(socket.bufferedMessages(), 0);
    QStringList events;
    connect(&server, &PhoenixDevServer::textFrameReceived, this,
            [&](const QString &text) { events << frameOf(text).at(3).toString(); });
    QSignalSpy connectedSpy(&socket, &PhoenixSocket::connected);
    socket.connectToServer();
    QVERIFY(connectedSpy.wait());
    // Frames arrive in order: once the ping is answered, a flushed join would have arrived first.
    QSignalSpy pongSpy(&socket, &PhoenixSocket::pong);
    QVERIFY(socket.ping());
    QVERIFY(pongSpy.wait());
    QCOMPARE(events, QStringList{u"heartbeat"_s});
}

void tst_PhoenixSocket::channelsDeletedDuringReconnectWalk()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixDevServer &server = bed.server;
    PhoenixSocket &socket = bed.socket;
    socket.setReconnectAfter([](int) { return 10; });
    QPointer<PhoenixChannel> a = socket.channel(u"room:a"_s);
    QPointer<PhoenixChannel> b = socket.channel(u"room:b"_s);
    QSignalSpy aJoined(a.data(), &PhoenixChannel::joined);
    QSignalSpy bJoined(b.data(), &PhoenixChannel::joined);
    a->join();
    b->join();
    socket.connectToServer();
    QTRY_COMPARE(aJoined.size() + bJoined.size(), 2);
    // When the connection drops, the first channel told deletes the other one, which the socket's
    // walk over its channels has not reached yet.
    connect(a.data(), &PhoenixChannel::errorOccurred, this, [&b] { delete b.data(); });
    connect(b.data(), &PhoenixChannel::errorOccurred, this, [&a] { delete a.data(); });
    server.dropAllConnections();
    QTRY_COMPARE(socket.channels().size(), 1);
    PhoenixChannel *survivor = socket.channels().first();
    QVERIFY(survivor == a.data() || survivor == b.data());
    QTRY_VERIFY(survivor->isJoined());
    QCOMPARE(aJoined.size() + bJoined.size(), 3);
}

void tst_PhoenixSocket::joinPushDoesNotKeepItsResponse()
{
    TestBed bed(TestBed::Setup::Defaults);
    QVERIFY(bed.listening);
    PhoenixSocket &socket = bed.socket;
    socket.setParams({{u"user"_s, u"ada"_s}});
    PhoenixChannel *channel = socket.channel(u"room:lean"_s);
    QJsonValue received;
    PhoenixPush *joinPush = channel->join();
    joinPush->receive(u"ok"_s, [&received](const QJsonValue &response) { received = response; });
    QSignalSpy joinedSpy(channel, &PhoenixChannel::joined);
    socket.connectToServer();
    QVERIFY(joinedSpy.wait());
    // The response reaches joined() and receive() ...
    QCOMPARE(joinedSpy.first().at(0).toJsonValue()[u"user"_s].toString(), u"ada"_s);
    QCOMPARE(received[u"user"_s].toString(), u"ada"_s);
    // ... but a long-lived joined channel does not hold it (memory per joined channel).
    QCOMPARE(joinPush->status(), u"ok"_s);
    QVERIFY(joinPush->response().isNull());
}

// ---- LongPoll and the fallback over the wire -------------------------------------------------------

void tst_PhoenixSocket::longPollFallbackOverTheWire_data()
{
    QTest::addColumn<PhoenixDevServer::WebSocketMode>("mode");
    QTest::addColumn<bool>("fallsBack");
    QTest::newRow("upgrade refused (HTTP 400)") << PhoenixDevServer::WebSocketMode::Refuse << true;
    QTest::newRow("upgrade black-holed") << PhoenixDevServer::WebSocketMode::BlackHole << true;
    QTest::newRow("both served") << PhoenixDevServer::WebSocketMode::Serve << false;
}

void tst_PhoenixSocket::longPollFallbackOverTheWire()
{
    QFETCH(PhoenixDevServer::WebSocketMode, mode);
    QFETCH(bool, fallsBack);
    PHOENIX_SKIP_ON_LONGPOLL("the fallback starts from a WebSocket: covered by the websocket row");
    constexpr int Fallback = 1500;
    TestBed bed;
    QVERIFY(bed.listening);
    bed.server.setWebSocketMode(mode);
    PhoenixSocket &socket = bed.socket;
    socket.setLongPollFallback(Fallback);
    QSignalSpy changed(&socket, &PhoenixSocket::transportChanged);
    QSignalSpy errors(&socket, &PhoenixSocket::errorOccurred);
    QSignalSpy connected(&socket, &PhoenixSocket::connected);
    PhoenixChannel *channel = socket.channel(Lobby);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    channel->join();
    socket.connectToServer();
    if (!fallsBack) {
        QVERIFY(joined.wait());
        QVERIFY(!changed.wait(2 * Fallback)); // past the fallback time: the ping was answered
        QCOMPARE(socket.transport(), PhoenixSocket::Transport::WebSocket);
        QCOMPARE(bed.server.connectionCount(PhoenixDevServer::Transport::WebSocket), 1);
        QCOMPARE(bed.server.connectionCount(PhoenixDevServer::Transport::LongPoll), 0);
        QCOMPARE(connected.size(), 1);
        return;
    }
    // Refused: at once; black-holed: when the fallback time is up (the connect timeout is 10 s).
    QVERIFY(connected.wait(Fallback + 1000));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<PhoenixSocket::Transport>(), PhoenixSocket::Transport::LongPoll);
    QCOMPARE(socket.transport(), PhoenixSocket::Transport::LongPoll);
    QCOMPARE(bed.server.connectionCount(PhoenixDevServer::Transport::LongPoll), 1);
    QCOMPARE(bed.server.connectionCount(PhoenixDevServer::Transport::WebSocket), 0);
    QCOMPARE(errors.size(), 0);
    QVERIFY(joined.wait());
    QSignalSpy replied(channel, &PhoenixChannel::replyReceived);
    channel->push(u"echo"_s, {{u"over"_s, u"longpoll"_s}});
    QVERIFY(replied.wait());
    // It stays on LongPoll after a reconnect.
    bed.server.dropAllConnections();
    QTRY_COMPARE(connected.size(), 2);
    QCOMPARE(socket.transport(), PhoenixSocket::Transport::LongPoll);
    QCOMPARE(changed.size(), 1);
}

void tst_PhoenixSocket::failedLongPollPostEndsItsPushesWithAnError()
{
    // A POST whose outcome is unknown is never replayed: the connection is reset and the pushes it
    // carried end with an error (their timeout), none silently, none twice.
    if (!isLongPoll())
        QSKIP("about LongPoll POSTs: covered by the longpoll row");
    TestBed bed;
    QVERIFY(bed.listening);
    bed.server.setLongPollWindow(300);
    bed.server.setSlowJoinDelay(1000); // the first join of room:slow-post takes longer than the window
    PhoenixSocket &socket = bed.socket;
    PhoenixChannel *lobby = socket.channel(Lobby);
    QVERIFY(connectSocket(socket));
    QVERIFY(joinChannel(lobby));
    QSignalSpy errors(&socket, &PhoenixSocket::errorOccurred);
    QSignalSpy connected(&socket, &PhoenixSocket::connected);
    PhoenixChannel *slow = socket.channel(u"room:slow-post"_s);
    QSignalSpy slowJoined(slow, &PhoenixChannel::joined);
    QSignalSpy lobbyJoined(lobby, &PhoenixChannel::joined);
    slow->join();
    PhoenixPush *push = lobby->push(u"echo"_s, {{u"n"_s, 1}}, 1500); // the same POST as the join
    push->setAutoDelete(false);
    QSignalSpy pushErrors(push, &PhoenixPush::errorOccurred);
    QSignalSpy pushReplied(push, &PhoenixPush::replied);
    QVERIFY(pushErrors.wait(WaitMs));
    QCOMPARE(pushErrors.first().at(0).value<PhoenixPush::Error>(), PhoenixPush::Error::TimeoutError);
    QCOMPARE(pushReplied.size(), 0);
    QVERIFY(hasSocketError(errors, PhoenixSocket::Error::TransportError));
    QCOMPARE(bed.recorder.count(Lobby, u"echo"_s), 0); // dropped by the server, never replayed
    // The socket reconnected and both channels are joined again; pushes work.
    QTRY_VERIFY(connected.size() >= 1);
    QTRY_VERIFY(slowJoined.size() >= 1 && lobbyJoined.size() >= 1);
    QSignalSpy replies(lobby, &PhoenixChannel::replyReceived);
    lobby->push(u"echo"_s, {{u"n"_s, 2}});
    QVERIFY(replies.wait());
    QCOMPARE(bed.recorder.count(Lobby, u"echo"_s), 1);
    delete push;
}

void tst_PhoenixSocket::longPollConnectionRecoversAfterManyWindows()
{
    // Polls end with 204 window after window; the session and its channels stay, nothing errors,
    // and a message sent after several windows arrives.
    if (!isLongPoll())
        QSKIP("about the LongPoll window: covered by the longpoll row");
    TestBed bed;
    QVERIFY(bed.listening);
    bed.server.setLongPollWindow(100);
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    QVERIFY(connectSocket(bed.socket));
    QVERIFY(joinChannel(channel));
    int gets = 0;
    connect(
        &bed.server, &PhoenixDevServer::longPollRequestReceived, this,
        [&gets](const PhoenixDevServer::HttpRequest &request) { gets += request.method == "GET" ? 1 : 0; });
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy disconnected(&bed.socket, &PhoenixSocket::disconnected);
    QTRY_VERIFY(gets >= 5);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(disconnected.size(), 0);
    QCOMPARE(bed.server.connectionCount(), 1);
    QSignalSpy messages(channel, &PhoenixChannel::messageReceived);
    bed.server.broadcast(Lobby, u"late"_s, {{u"n"_s, 1}});
    QTRY_COMPARE(payloadsOf(messages, u"late"_s).size(), 1);
}

QTEST_GUILESS_MAIN(tst_PhoenixSocket)
#include "tst_phoenixsocket.moc"
