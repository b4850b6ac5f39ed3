// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixLongPollTransport on its own (no PhoenixSocket) against the in-process dev server, which
// serves LongPoll as Phoenix 1.8 does: the session, the one outstanding poll, delivery of a poll's
// messages one by one from the event loop, POST batching, base64 binary lines, every way a connection ends,
// the POST failure policy, closing, TLS, and that no secret reaches the logs.

#include "testbed.h"

#include <PhoenixQt/PhoenixLongPollTransport>
#include <PhoenixQt/PhoenixSerializer>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

constexpr int Window = 500; // the server's LongPoll window in most tests
const QString Room = u"room:lp"_s;

QByteArray textFrame(const QJsonValue &joinRef, const QJsonValue &ref, const QString &topic,
                     const QString &event, const QJsonObject &payload = {})
{
    return QJsonDocument(QJsonArray{joinRef, ref, topic, event, payload}).toJson(QJsonDocument::Compact);
}

QByteArray heartbeat(int ref)
{
    return textFrame(QJsonValue::Null, QString::number(ref), u"phoenix"_s, u"heartbeat"_s);
}

//! A dev server, a LongPoll transport for it, and spies on both, recording every HTTP request.
struct Wire
{
    explicit Wire(int window = Window)
    {
        server.setLongPollWindow(window);
        QObject::connect(&server, &PhoenixDevServer::longPollRequestReceived, &context,
                         [this](const PhoenixDevServer::HttpRequest &request) { requests.append(request); });
    }

    PhoenixTransportOptions options() const
    {
        PhoenixTransportOptions o;
        o.url = server.url();
        o.url.setQuery(u"user=ada&vsn=2.0.0"_s);
        return o;
    }

    [[nodiscard]] bool open() { return open(options()); }
    [[nodiscard]] bool open(const PhoenixTransportOptions &o)
    {
        transport->open(o);
        return opened.wait(WaitMs) && transport->state() == PhoenixTransport::State::Open;
    }

    QList<PhoenixDevServer::HttpRequest> requestsOf(const QByteArray &method) const
    {
        QList<PhoenixDevServer::HttpRequest> result;
        for (const auto &request : requests) {
            if (request.method == method)
                result.append(request);
        }
        return result;
    }

    //! The frames the transport delivered, parsed.
    QList<QJsonArray> received() const
    {
        QList<QJsonArray> result;
        for (const QList<QVariant> &args : frames)
            result.append(QJsonDocument::fromJson(args.at(0).toByteArray()).array());
        return result;
    }

    //! Index of the first delivered frame with \a event and \a ref, -1 if none.
    int indexOf(const QString &event, const QString &ref) const
    {
        const QList<QJsonArray> all = received();
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (all.at(i).at(3).toString() == event && all.at(i).at(1).toString() == ref)
                return int(i);
        }
        return -1;
    }

    //! Joins Room over the transport (ref and join_ref "1").
    [[nodiscard]] bool join()
    {
        transport->send(textFrame(u"1"_s, u"1"_s, Room, u"phx_join"_s), PhoenixTransport::FrameType::Text);
        return QTest::qWaitFor([this] { return indexOf(u"phx_reply"_s, u"1"_s) >= 0; }, WaitMs);
    }

    QObject context;
    PhoenixDevServer server;
    const bool listening = server.listen();
    FrameRecorder recorder{&server};
    QList<PhoenixDevServer::HttpRequest> requests;
    std::unique_ptr<PhoenixLongPollTransport> transport = std::make_unique<PhoenixLongPollTransport>();
    QSignalSpy opened{transport.get(), &PhoenixTransport::opened};
    QSignalSpy closed{transport.get(), &PhoenixTransport::closed};
    QSignalSpy errors{transport.get(), &PhoenixTransport::errorOccurred};
    QSignalSpy frames{transport.get(), &PhoenixTransport::frameReceived};
};

PhoenixTransport::Error errorOf(const QSignalSpy &errors, qsizetype i = 0)
{
    return errors.at(i).at(0).value<PhoenixTransport::Error>();
}

QString certPath(const QString &name)
{
    return QStringLiteral(PHOENIXQT_TEST_CERTS_DIR) + u'/' + name;
}

} // namespace

class tst_PhoenixLongPollTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void longPollUrl_data();
    void longPollUrl();
    void basics();

    // the session
    void firstGetOpensTheSession();
    void reportsNothingFromWithinOpen();
    void oneOutstandingPollAtATime();
    void paramsInTheQueryTokenInTheHeaderHeadersOnEveryRequest();

    // incoming
    void messagesArriveInOrderFromTheEventLoop();
    void deletingTheTransportFromAFrameSlotIsSafe();
    void closingFromAFrameSlotStopsDelivery();
    void oversizedPollAnswerIsAnError();

    // outgoing
    void framesOfOneTurnAreBatchedAtMost100PerPost();
    void framesSentWhileAPostIsInFlightGoInTheNextPost();
    void binaryFramesTravelAsBase64Lines();
    void framesThatCannotBeNdjsonLinesGoAlone();

    // how connections end
    void refusedWith403();
    void sessionGoneIsALostConnection();
    void droppedConnectionIsALostConnection();
    void serverErrorEndsTheConnection();
    void pollOverTheTimeoutIsADeadConnection();
    void failedPostEndsTheConnectionAndIsNeverReplayed();
    void postWhoseAnswerIsLostIsNeverSentAgain();
    void nothingListening();
    void invalidUrl();
    void invalidAuthToken();

    // closing
    void closeSendsWhatWasQueuedThenStops();
    void abortStopsEverythingAtOnce();

    // TLS and secrets
    void tlsConfigurationApplies();
    void secretsNeverReachTheLogs();
};

void tst_PhoenixLongPollTransport::initTestCase()
{
    qRegisterMetaType<PhoenixTransport::Error>();
    qRegisterMetaType<PhoenixTransport::FrameType>();
    qRegisterMetaType<PhoenixTransport::State>();
}

void tst_PhoenixLongPollTransport::longPollUrl_data()
{
    QTest::addColumn<QUrl>("endpoint");
    QTest::addColumn<QUrl>("expected");
    QTest::newRow("ws") << QUrl(u"ws://h:4000/socket/websocket?vsn=2.0.0"_s)
                        << QUrl(u"http://h:4000/socket/longpoll?vsn=2.0.0"_s);
    QTest::newRow("wss") << QUrl(u"wss://h/socket/websocket?a=1&vsn=2.0.0"_s)
                         << QUrl(u"https://h/socket/longpoll?a=1&vsn=2.0.0"_s);
    QTest::newRow("http as given") << QUrl(u"http://h/socket/longpoll"_s)
                                   << QUrl(u"http://h/socket/longpoll"_s);
    QTest::newRow("https websocket path")
        << QUrl(u"https://h/live/websocket"_s) << QUrl(u"https://h/live/longpoll"_s);
    QTest::newRow("other path kept") << QUrl(u"ws://h/custom"_s) << QUrl(u"http://h/custom"_s);
    QTest::newRow("only the end") << QUrl(u"ws://h/websocket/socket/websocket"_s)
                                  << QUrl(u"http://h/websocket/socket/longpoll"_s);
}

void tst_PhoenixLongPollTransport::longPollUrl()
{
    QFETCH(QUrl, endpoint);
    QFETCH(QUrl, expected);
    QCOMPARE(PhoenixLongPollTransport::longPollUrl(endpoint), expected);
}

void tst_PhoenixLongPollTransport::basics()
{
    PhoenixLongPollTransport transport;
    QCOMPARE(transport.name(), u"longpoll"_s);
    QVERIFY(!transport.needsHeartbeat());
    QCOMPARE(transport.state(), PhoenixTransport::State::Idle);
    QCOMPARE(PhoenixLongPollTransport::MaxBatchSize, 100);
}

// ---- the session -----------------------------------------------------------------------------------

void tst_PhoenixLongPollTransport::firstGetOpensTheSession()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    QCOMPARE(wire.server.connectionCount(PhoenixDevServer::Transport::LongPoll), 1);
    // The first GET carries no session token; the server answered 410 with one, and the next GET
    // (the first poll) carries it in the query, as phoenix.js 1.8 does.
    QTRY_VERIFY(wire.requestsOf("GET").size() >= 2);
    const auto gets = wire.requestsOf("GET");
    QCOMPARE(gets.at(0).path, u"/socket/longpoll"_s);
    QVERIFY(!gets.at(0).query.hasQueryItem(u"token"_s));
    QCOMPARE(gets.at(0).query.queryItemValue(u"vsn"_s), u"2.0.0"_s);
    QCOMPARE(gets.at(0).header("accept"), QByteArray("application/json"));
    const QString token = gets.at(1).query.queryItemValue(u"token"_s);
    QVERIFY(!token.isEmpty());
    QCOMPARE(gets.at(1).query.queryItemValue(u"user"_s), u"ada"_s);
    QCOMPARE(wire.errors.size(), 0);
    QCOMPARE(wire.closed.size(), 0);

    // Frames flow both ways over the session.
    QVERIFY(wire.join());
    QCOMPARE(wire.recorder.count(Room, u"phx_join"_s), 1);
    QCOMPARE(wire.server.joinedCount(Room), 1);
    for (const auto &request : wire.requests) {
        if (request.method == "POST")
            QCOMPARE(request.query.queryItemValue(u"token"_s), token);
    }
}

void tst_PhoenixLongPollTransport::reportsNothingFromWithinOpen()
{
    Wire wire;
    QVERIFY(wire.listening);
    wire.transport->open(wire.options());
    QCOMPARE(wire.transport->state(), PhoenixTransport::State::Opening);
    QCOMPARE(wire.opened.size(), 0);
    QCOMPARE(wire.closed.size(), 0);
    QVERIFY(wire.opened.wait(WaitMs));
    // A second open() is ignored.
    wire.transport->open(wire.options());
    QCOMPARE(wire.transport->state(), PhoenixTransport::State::Open);
}

void tst_PhoenixLongPollTransport::oneOutstandingPollAtATime()
{
    Wire wire(60000); // a poll waits a minute for messages
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    // The opening GET and exactly one poll; a busy loop or a second poll would show up here.
    QTRY_COMPARE(wire.requestsOf("GET").size(), 2);
    QSignalSpy requests(&wire.server, &PhoenixDevServer::longPollRequestReceived);
    QVERIFY(!requests.wait(QuietMs));
    QCOMPARE(wire.requestsOf("GET").size(), 2);

    // A message answers the poll; the transport polls again, once.
    wire.server.sendTextToAll(
        QString::fromUtf8(textFrame(QJsonValue::Null, QJsonValue::Null, Room, u"hi"_s)));
    QTRY_COMPARE(wire.frames.size(), 1);
    QTRY_COMPARE(wire.requestsOf("GET").size(), 3);
    QVERIFY(!requests.wait(QuietMs));
    QCOMPARE(wire.requestsOf("GET").size(), 3);
    QCOMPARE(wire.requestsOf("POST").size(), 0);
}

void tst_PhoenixLongPollTransport::paramsInTheQueryTokenInTheHeaderHeadersOnEveryRequest()
{
    Wire wire;
    QVERIFY(wire.listening);
    PhoenixTransportOptions options = wire.options();
    const QString authToken = u"SFMyNTY.g2gDYSpuBgBz-auth"_s;
    options.authToken = authToken;
    options.headers = {{"X-Device-Id", "panel-7"}};
    QVERIFY(wire.open(options));
    QVERIFY(wire.join());
    QCOMPARE(wire.server.lastAuthToken(), authToken);
    QCOMPARE(wire.server.connections().value(0).authToken, authToken);
    QVERIFY(wire.requestsOf("POST").size() >= 1);
    for (const auto &request : wire.requests) {
        QCOMPARE(request.header("x-device-id"), QByteArray("panel-7"));
        QCOMPARE(request.query.queryItemValue(u"user"_s), u"ada"_s);
        QVERIFY2(!request.query.toString(QUrl::FullyDecoded).contains(authToken),
                 "the auth token is in a URL");
        if (request.method == "GET")
            QCOMPARE(request.header("x-phoenix-authtoken"), authToken.toUtf8());
    }
}

// ---- incoming --------------------------------------------------------------------------------------

void tst_PhoenixLongPollTransport::messagesArriveInOrderFromTheEventLoop()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    QVERIFY(wire.join());
    // One poll answer with many messages: each is its own frameReceived (never nested), in order,
    // and the event loop runs between batches (a marker queued by the first message's slot runs
    // before the last message arrives).
    constexpr int Count = 500;
    QList<int> order;
    bool markerRan = false;
    bool markerBeforeLast = false;
    int nested = 0;
    int maxNested = 0;
    QObject context;
    connect(wire.transport.get(), &PhoenixTransport::frameReceived, &context, [&](const QByteArray &frame) {
        const QJsonArray message = QJsonDocument::fromJson(frame).array();
        if (message.at(3).toString() != u"n"_s)
            return;
        ++nested;
        maxNested = std::max(maxNested, nested);
        const int i = message.at(4)[u"i"_s].toInt();
        order.append(i);
        if (i == 0)
            QMetaObject::invokeMethod(
                &context, [&markerRan] { markerRan = true; }, Qt::QueuedConnection);
        if (i == Count - 1)
            markerBeforeLast = markerRan;
        --nested;
    });
    for (int i = 0; i < Count; ++i) // one turn of the server: one poll answer carries them all
        wire.server.broadcast(Room, u"n"_s, {{u"i"_s, i}});
    QTRY_COMPARE(order.size(), Count);
    QList<int> expected;
    for (int i = 0; i < Count; ++i)
        expected.append(i);
    QCOMPARE(order, expected);
    QCOMPARE(maxNested, 1);
    QVERIFY2(markerBeforeLast, "500 messages were delivered without the event loop running in between");
}

void tst_PhoenixLongPollTransport::deletingTheTransportFromAFrameSlotIsSafe()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    QVERIFY(wire.join());
    int seen = 0;
    QObject context;
    connect(wire.transport.get(), &PhoenixTransport::frameReceived, &context, [&](const QByteArray &frame) {
        if (QJsonDocument::fromJson(frame).array().at(3).toString() != u"n"_s)
            return;
        ++seen;
        wire.transport.reset(); // deletes the transport from its own signal
    });
    for (int i = 0; i < 5; ++i)
        wire.server.broadcast(Room, u"n"_s, {{u"i"_s, i}});
    QTRY_COMPARE(seen, 1);
    QVERIFY(!wire.transport);
    // The rest is never delivered (nothing left to deliver to) and nothing crashes meanwhile.
    QSignalSpy requests(&wire.server, &PhoenixDevServer::longPollRequestReceived);
    QVERIFY(!requests.wait(QuietMs));
    QCOMPARE(seen, 1);
    QTRY_COMPARE(wire.server.connectionCount(), 0); // the session expires without polls
}

void tst_PhoenixLongPollTransport::closingFromAFrameSlotStopsDelivery()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    QVERIFY(wire.join());
    int seen = 0;
    connect(wire.transport.get(), &PhoenixTransport::frameReceived, this, [&](const QByteArray &frame) {
        if (QJsonDocument::fromJson(frame).array().at(3).toString() != u"n"_s)
            return;
        ++seen;
        wire.transport->close(4000, u"enough"_s);
    });
    for (int i = 0; i < 5; ++i)
        wire.server.broadcast(Room, u"n"_s, {{u"i"_s, i}});
    QTRY_COMPARE(wire.closed.size(), 1);
    QCOMPARE(wire.closed.first().at(0).toInt(), 4000);
    QCOMPARE(wire.closed.first().at(1).toString(), u"enough"_s);
    QCOMPARE(wire.closed.first().at(2).toBool(), true);
    QVERIFY(!wire.frames.wait(QuietMs));
    QCOMPARE(seen, 1);
    QCOMPARE(wire.errors.size(), 0);
}

void tst_PhoenixLongPollTransport::oversizedPollAnswerIsAnError()
{
    Wire wire;
    QVERIFY(wire.listening);
    PhoenixTransportOptions options = wire.options();
    options.maxMessageSize = 4096;
    QVERIFY(wire.open(options));
    QVERIFY(wire.join());
    wire.server.broadcast(Room, u"small"_s, {{u"data"_s, QString(100, u'x')}});
    QTRY_VERIFY(wire.indexOf(u"small"_s, QString()) >= 0);
    wire.server.broadcast(Room, u"huge"_s, {{u"data"_s, QString(20000, u'x')}});
    QTRY_COMPARE(wire.closed.size(), 1);
    QCOMPARE(wire.errors.size(), 1);
    QCOMPARE(errorOf(wire.errors), PhoenixTransport::Error::MessageTooLargeError);
    QCOMPARE(wire.closed.first().at(0).toInt(), 1009);
    QCOMPARE(wire.indexOf(u"huge"_s, QString()), -1);
}

// ---- outgoing --------------------------------------------------------------------------------------

void tst_PhoenixLongPollTransport::framesOfOneTurnAreBatchedAtMost100PerPost()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    constexpr int Count = 250;
    for (int i = 1; i <= Count; ++i)
        wire.transport->send(heartbeat(i), PhoenixTransport::FrameType::Text);
    QCOMPARE(wire.requestsOf("POST").size(), 0); // nothing goes out from within send()
    QTRY_COMPARE(wire.indexOf(u"phx_reply"_s, QString::number(Count)), Count - 1);
    const auto posts = wire.requestsOf("POST");
    QCOMPARE(posts.size(), 3);
    QList<int> lines;
    for (const auto &post : posts) {
        QCOMPARE(post.header("content-type"), QByteArray("application/x-ndjson"));
        lines.append(int(post.body.split('\n').size()));
    }
    QCOMPARE(lines, (QList<int>{100, 100, 50}));
    // In order, each exactly once, on both sides.
    const QList<QJsonArray> sent = wire.recorder.all();
    QCOMPARE(sent.size(), Count);
    const QList<QJsonArray> replies = wire.received();
    QCOMPARE(replies.size(), Count);
    for (int i = 0; i < Count; ++i) {
        QCOMPARE(sent.at(i).at(1).toString(), QString::number(i + 1));
        QCOMPARE(replies.at(i).at(1).toString(), QString::number(i + 1));
    }
}

void tst_PhoenixLongPollTransport::framesSentWhileAPostIsInFlightGoInTheNextPost()
{
    Wire wire(5000);
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    // A slow join holds its POST up for a second (Phoenix answers a POST once its messages ran).
    wire.transport->send(
        textFrame(u"1"_s, u"1"_s, u"room:slow-inflight"_s, u"phx_join"_s, {{u"delay_ms"_s, 1000}}),
        PhoenixTransport::FrameType::Text);
    QTRY_COMPARE(wire.requestsOf("POST").size(), 1);
    // Three frames, each in its own turn of the event loop, while that POST is in flight.
    for (int ref = 2; ref <= 4; ++ref) {
        wire.transport->send(heartbeat(ref), PhoenixTransport::FrameType::Text);
        QCoreApplication::processEvents();
    }
    QTRY_VERIFY(wire.indexOf(u"phx_reply"_s, u"4"_s) >= 0);
    const auto posts = wire.requestsOf("POST");
    QCOMPARE(posts.size(), 2);
    const QList<QByteArray> lines = posts.at(1).body.split('\n');
    QCOMPARE(lines.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(QJsonDocument::fromJson(lines.at(i)).array().at(1).toString(), QString::number(i + 2));
    QVERIFY(wire.indexOf(u"phx_reply"_s, u"1"_s) < wire.indexOf(u"phx_reply"_s, u"2"_s));
}

void tst_PhoenixLongPollTransport::binaryFramesTravelAsBase64Lines()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    QVERIFY(wire.join());
    PhoenixMessage push;
    push.joinRef = u"1"_s;
    push.ref = u"2"_s;
    push.topic = Room;
    push.event = u"binary_info"_s;
    push.binary = true;
    push.binaryPayload = QByteArray("\x00\x01\xfe\xff\n[line]", 10);
    const QByteArray frame = PhoenixV2JsonSerializer().encodeBinary(push);
    QVERIFY(!frame.isEmpty());
    wire.transport->send(frame, PhoenixTransport::FrameType::Binary);
    wire.transport->send(heartbeat(3), PhoenixTransport::FrameType::Text); // same POST, after it
    QTRY_VERIFY(wire.indexOf(u"phx_reply"_s, u"3"_s) >= 0);
    const int replyIndex = wire.indexOf(u"phx_reply"_s, u"2"_s);
    QVERIFY(replyIndex >= 0);
    const QJsonObject response = wire.received().at(replyIndex).at(4)[u"response"_s].toObject();
    QCOMPARE(response.value(u"binary"_s).toBool(), true);
    QCOMPARE(QByteArray::fromBase64(response.value(u"base64"_s).toString().toLatin1()), push.binaryPayload);
    QCOMPARE(wire.recorder.binary(), QList<QByteArray>{frame});
    const auto posts = wire.requestsOf("POST");
    const QList<QByteArray> lines = posts.last().body.split('\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), frame.toBase64());
}

void tst_PhoenixLongPollTransport::framesThatCannotBeNdjsonLinesGoAlone()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    // A pretty-printed frame (line breaks) and a frame that does not start with "[" (V1) cannot be
    // ndjson lines: each goes alone, and the order of all frames is kept.
    const QByteArray pretty =
        QJsonDocument(QJsonArray{QJsonValue::Null, u"2"_s, u"phoenix"_s, u"heartbeat"_s, QJsonObject{}})
            .toJson(QJsonDocument::Indented);
    QVERIFY(pretty.contains('\n'));
    const QByteArray v1 = R"({"topic":"phoenix","event":"heartbeat","payload":{},"ref":"3"})";
    wire.transport->send(heartbeat(1), PhoenixTransport::FrameType::Text);
    wire.transport->send(pretty, PhoenixTransport::FrameType::Text);
    wire.transport->send(v1, PhoenixTransport::FrameType::Text);
    wire.transport->send(heartbeat(4), PhoenixTransport::FrameType::Text);
    wire.transport->send(heartbeat(5), PhoenixTransport::FrameType::Text);
    QTRY_VERIFY(wire.indexOf(u"phx_reply"_s, u"5"_s) >= 0);
    const auto posts = wire.requestsOf("POST");
    QCOMPARE(posts.size(), 4);
    QCOMPARE(posts.at(0).header("content-type"), QByteArray("application/x-ndjson"));
    QCOMPARE(posts.at(0).body, heartbeat(1));
    QCOMPARE(posts.at(1).header("content-type"), QByteArray("application/json"));
    QCOMPARE(posts.at(1).body, pretty);
    QCOMPARE(posts.at(2).header("content-type"), QByteArray("application/json"));
    QCOMPARE(posts.at(2).body, v1);
    QCOMPARE(posts.at(3).body, heartbeat(4) + '\n' + heartbeat(5));
    // The pretty frame was read as one message and answered in order.
    QVERIFY(wire.indexOf(u"phx_reply"_s, u"1"_s) < wire.indexOf(u"phx_reply"_s, u"2"_s));
    QVERIFY(wire.indexOf(u"phx_reply"_s, u"2"_s) < wire.indexOf(u"phx_reply"_s, u"4"_s));
}

// ---- how connections end ---------------------------------------------------------------------------

void tst_PhoenixLongPollTransport::refusedWith403()
{
    Wire wire;
    QVERIFY(wire.listening);
    PhoenixTransportOptions options = wire.options();
    options.url.setQuery(u"token=bad&vsn=2.0.0"_s);
    wire.transport->open(options);
    QVERIFY(wire.closed.wait(WaitMs));
    QCOMPARE(wire.opened.size(), 0);
    QCOMPARE(wire.errors.size(), 1);
    QCOMPARE(errorOf(wire.errors), PhoenixTransport::Error::ConnectionRefusedError);
    QVERIFY(wire.transport->errorString().contains(u"refused the connection"_s));
    QVERIFY(!wire.transport->errorString().contains(u"bad"_s));
    QCOMPARE(wire.closed.first().at(0).toInt(), 1008);
    QCOMPARE(wire.closed.first().at(2).toBool(), false);
    QCOMPARE(wire.server.refusedCount(), 1);
    QCOMPARE(wire.requests.size(), 1); // no retry of its own: the socket's schedule decides
}

void tst_PhoenixLongPollTransport::sessionGoneIsALostConnection()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    QVERIFY(wire.join());
    wire.server.closeAllConnections(1001, u"disconnected"_s); // the session ends (e.g. a kick)
    QVERIFY(wire.closed.wait(WaitMs));                        // the poll ends with 204, the next one gets 410
    QCOMPARE(wire.errors.size(), 1);
    QCOMPARE(errorOf(wire.errors), PhoenixTransport::Error::ConnectionLostError);
    QCOMPARE(wire.closed.first().at(0).toInt(), 3410);
    QCOMPARE(wire.closed.first().at(1).toString(), u"session_gone"_s);
    QCOMPARE(wire.transport->state(), PhoenixTransport::State::Closed);
}

void tst_PhoenixLongPollTransport::droppedConnectionIsALostConnection()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    QTRY_COMPARE(wire.requestsOf("GET").size(), 2);
    wire.server.dropAllConnections();
    QVERIFY(wire.closed.wait(WaitMs));
    QCOMPARE(wire.errors.size(), 1);
    // A network error, or the 410 of Qt's automatic retry of the GET (the session is gone by then).
    QCOMPARE(errorOf(wire.errors), PhoenixTransport::Error::ConnectionLostError);
    QVERIFY(QList<int>({1011, 3410}).contains(wire.closed.first().at(0).toInt()));
}

void tst_PhoenixLongPollTransport::serverErrorEndsTheConnection()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    QTRY_COMPARE(wire.requestsOf("GET").size(), 2);
    // A binary frame cannot travel over LongPoll: the dev server, like Phoenix, answers the poll
    // with HTTP 500.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot travel over LongPoll"_s));
    wire.server.sendBinaryToAll(QByteArray("\x00\x01", 2));
    QVERIFY(wire.closed.wait(WaitMs));
    QCOMPARE(wire.errors.size(), 1);
    QCOMPARE(errorOf(wire.errors), PhoenixTransport::Error::UnknownError);
    QVERIFY2(wire.transport->errorString().contains(u"HTTP 500"_s),
             qPrintable(wire.transport->errorString()));
    QCOMPARE(wire.closed.first().at(0).toInt(), 1011);
}

void tst_PhoenixLongPollTransport::pollOverTheTimeoutIsADeadConnection()
{
    Wire wire(60000);
    QVERIFY(wire.listening);
    PhoenixTransportOptions options = wire.options();
    options.requestTimeout = 300;
    QVERIFY(wire.open(options));
    wire.server.setFrozen(true); // a poll that never ends, without the window being the reason
    QVERIFY(wire.closed.wait(WaitMs));
    wire.server.setFrozen(false);
    QCOMPARE(wire.errors.size(), 1);
    QCOMPARE(errorOf(wire.errors), PhoenixTransport::Error::TimeoutError);
    QVERIFY(wire.transport->errorString().contains(u"300 ms"_s));
    QCOMPARE(wire.closed.first().at(0).toInt(), 1005);
}

void tst_PhoenixLongPollTransport::failedPostEndsTheConnectionAndIsNeverReplayed()
{
    // A join slower than the window: the server answers the POST with status 408 and drops the rest
    // of its lines, so the outcome of the batch is unknown.
    Wire wire(300);
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    wire.transport->send(
        textFrame(u"1"_s, u"1"_s, u"room:slow-post"_s, u"phx_join"_s, {{u"delay_ms"_s, 1000}}),
        PhoenixTransport::FrameType::Text);
    wire.transport->send(textFrame(u"1"_s, u"2"_s, u"room:slow-post"_s, u"echo"_s),
                         PhoenixTransport::FrameType::Text);
    wire.transport->send(textFrame(u"1"_s, u"3"_s, u"room:slow-post"_s, u"echo"_s),
                         PhoenixTransport::FrameType::Text);
    QVERIFY(wire.closed.wait(WaitMs));
    QCOMPARE(wire.errors.size(), 1);
    QCOMPARE(errorOf(wire.errors), PhoenixTransport::Error::UnknownError);
    const QString message = wire.transport->errorString();
    QVERIFY2(message.contains(u"status 408"_s), qPrintable(message));
    QVERIFY2(message.contains(u"3 message(s)"_s), qPrintable(message));
    QCOMPARE(wire.closed.first().at(0).toInt(), 1011);
    // Sent once, never again.
    QSignalSpy frames(&wire.server, &PhoenixDevServer::textFrameReceived);
    QVERIFY(!frames.wait(QuietMs));
    QCOMPARE(wire.requestsOf("POST").size(), 1);
    QCOMPARE(wire.recorder.count(u"room:slow-post"_s, u"phx_join"_s), 1);
    QCOMPARE(wire.recorder.count(u"room:slow-post"_s, u"echo"_s), 0);
}

void tst_PhoenixLongPollTransport::postWhoseAnswerIsLostIsNeverSentAgain()
{
    // The network fails between a POST and its answer: the server handled the messages, the client
    // cannot know. Qt's HTTP stack would quietly send the same POST again on a new connection (the
    // server then runs each handle_in twice: a chat message posted twice). At most once: the POST
    // fails, and the transport reports a lost connection.
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    wire.server.setLongPollPostAnswersToDrop(1);
    wire.transport->send(textFrame(u"1"_s, u"1"_s, u"room:lost-answer"_s, u"phx_join"_s),
                         PhoenixTransport::FrameType::Text);
    QVERIFY(wire.closed.wait(WaitMs));
    QCOMPARE(wire.server.longPollPostAnswersToDrop(), 0);
    QSignalSpy frames(&wire.server, &PhoenixDevServer::textFrameReceived);
    QVERIFY(!frames.wait(QuietMs));
    QCOMPARE(wire.requestsOf("POST").size(), 1);
    QCOMPARE(wire.recorder.count(u"room:lost-answer"_s, u"phx_join"_s), 1);
}

void tst_PhoenixLongPollTransport::nothingListening()
{
    quint16 port = 0;
    {
        PhoenixDevServer probe;
        QVERIFY(probe.listen());
        port = probe.port();
    }
    PhoenixLongPollTransport transport;
    QSignalSpy closed(&transport, &PhoenixTransport::closed);
    QSignalSpy errors(&transport, &PhoenixTransport::errorOccurred);
    PhoenixTransportOptions options;
    options.url = QUrl(u"ws://127.0.0.1:%1/socket/websocket?vsn=2.0.0"_s.arg(port));
    transport.open(options);
    QVERIFY(closed.wait(WaitMs));
    QCOMPARE(errorOf(errors), PhoenixTransport::Error::ConnectionRefusedError);
    QVERIFY(transport.errorString().contains(u"refused the connection"_s));
    QVERIFY(!transport.errorString().contains(u"vsn"_s));
}

void tst_PhoenixLongPollTransport::invalidUrl()
{
    PhoenixLongPollTransport transport;
    QSignalSpy closed(&transport, &PhoenixTransport::closed);
    QSignalSpy errors(&transport, &PhoenixTransport::errorOccurred);
    PhoenixTransportOptions options;
    options.url = QUrl(u"ftp://127.0.0.1:1/socket/websocket?secret=1"_s);
    transport.open(options);
    QCOMPARE(errors.size(), 0); // from the event loop
    QVERIFY(closed.wait(WaitMs));
    QCOMPARE(errorOf(errors), PhoenixTransport::Error::InvalidUrlError);
    QVERIFY(!transport.errorString().contains(u"secret"_s));
}

void tst_PhoenixLongPollTransport::invalidAuthToken()
{
    Wire wire;
    QVERIFY(wire.listening);
    PhoenixTransportOptions options = wire.options();
    options.authToken = u"line\r\nX-Injected: yes"_s;
    wire.transport->open(options);
    QVERIFY(wire.closed.wait(WaitMs));
    QCOMPARE(errorOf(wire.errors), PhoenixTransport::Error::InvalidAuthTokenError);
    QVERIFY(!wire.transport->errorString().contains(u"Injected"_s));
    QCOMPARE(wire.requests.size(), 0); // nothing was sent
}

// ---- closing ---------------------------------------------------------------------------------------

void tst_PhoenixLongPollTransport::closeSendsWhatWasQueuedThenStops()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    QVERIFY(wire.join());
    wire.transport->send(textFrame(u"1"_s, u"2"_s, Room, u"phx_leave"_s), PhoenixTransport::FrameType::Text);
    wire.transport->close(1000, u"bye"_s);
    QCOMPARE(wire.transport->state(), PhoenixTransport::State::Closing);
    QVERIFY(wire.closed.wait(WaitMs));
    QCOMPARE(wire.closed.first().at(0).toInt(), 1000);
    QCOMPARE(wire.closed.first().at(1).toString(), u"bye"_s);
    QCOMPARE(wire.closed.first().at(2).toBool(), true);
    QCOMPARE(wire.errors.size(), 0);
    // The leave sent right before the close reached the server.
    QCOMPARE(wire.recorder.count(Room, u"phx_leave"_s), 1);
    QTRY_COMPARE(wire.server.joinedCount(Room), 0);
    // No more polls; the server ends the session after its window.
    const int gets = int(wire.requestsOf("GET").size());
    QTRY_COMPARE(wire.server.connectionCount(), 0);
    QCOMPARE(wire.requestsOf("GET").size(), gets);
}

void tst_PhoenixLongPollTransport::abortStopsEverythingAtOnce()
{
    Wire wire;
    QVERIFY(wire.listening);
    QVERIFY(wire.open());
    QTRY_COMPARE(wire.requestsOf("GET").size(), 2);
    wire.transport->send(heartbeat(1), PhoenixTransport::FrameType::Text);
    wire.transport->abort();
    QCOMPARE(wire.closed.size(), 1); // from within
    QCOMPARE(wire.closed.first().at(0).toInt(), 1006);
    QCOMPARE(wire.closed.first().at(2).toBool(), false);
    QCOMPARE(wire.transport->state(), PhoenixTransport::State::Closed);
    QSignalSpy requests(&wire.server, &PhoenixDevServer::longPollRequestReceived);
    QVERIFY(!requests.wait(QuietMs));
    QCOMPARE(wire.requestsOf("POST").size(), 0);
    QCOMPARE(wire.closed.size(), 1);
    // Calls after the end are ignored.
    wire.transport->send(heartbeat(2), PhoenixTransport::FrameType::Text);
    wire.transport->close();
    wire.transport->abort();
    QCOMPARE(wire.closed.size(), 1);
}

// ---- TLS and secrets -------------------------------------------------------------------------------

void tst_PhoenixLongPollTransport::tlsConfigurationApplies()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QString problem;
    const QSslConfiguration serverTls = PhoenixDevServer::sslConfigurationFromPem(
        certPath(u"server.pem"_s), certPath(u"server.key"_s), &problem);
    QVERIFY2(!serverTls.isNull(), qPrintable(problem));
    Wire wire;
    QVERIFY(wire.listening);
    wire.server.setSslConfiguration(serverTls);
    QCOMPARE(wire.server.longPollUrl().scheme(), u"https"_s);

    // Without the test CA the certificate is not trusted.
    {
        PhoenixLongPollTransport untrusting;
        QSignalSpy closed(&untrusting, &PhoenixTransport::closed);
        QSignalSpy errors(&untrusting, &PhoenixTransport::errorOccurred);
        untrusting.open(wire.options());
        QVERIFY(closed.wait(WaitMs));
        QCOMPARE(errorOf(errors), PhoenixTransport::Error::SslError);
    }
    // With it (PhoenixTransportOptions' TLS configuration), the session opens over https://.
    PhoenixTransportOptions options = wire.options();
    QCOMPARE(options.url.scheme(), u"wss"_s);
    options.sslConfiguration = QSslConfiguration::defaultConfiguration();
    options.sslConfiguration.setCaCertificates(QSslCertificate::fromPath(certPath(u"ca.pem"_s)));
    options.hasSslConfiguration = true;
    QVERIFY(wire.open(options));
    QVERIFY(wire.join());
}

void tst_PhoenixLongPollTransport::secretsNeverReachTheLogs()
{
    Wire wire;
    QVERIFY(wire.listening);
    PhoenixTransportOptions options = wire.options();
    options.url.setQuery(u"api_key=key-11aa-SECRET&vsn=2.0.0"_s);
    options.authToken = u"tok-7f3a9c-SECRET"_s;
    QString sessionToken;
    LogCapture capture;
    QVERIFY(wire.open(options));
    QVERIFY(wire.join());
    QTRY_VERIFY(wire.requestsOf("GET").size() >= 2);
    sessionToken = wire.requestsOf("GET").at(1).query.queryItemValue(u"token"_s);
    QVERIFY(!sessionToken.isEmpty());
    wire.server.dropAllConnections();
    QVERIFY(wire.closed.wait(WaitMs));
    // A refused attempt and one that cannot even start.
    {
        PhoenixLongPollTransport refused;
        QSignalSpy closed(&refused, &PhoenixTransport::closed);
        PhoenixTransportOptions bad = options;
        bad.url.setQuery(u"token=bad&api_key=key-11aa-SECRET&vsn=2.0.0"_s);
        refused.open(bad);
        QVERIFY(closed.wait(WaitMs));
    }
    const QString logs = capture.all();
    QVERIFY(capture.count() > 0); // logging was on
    QVERIFY2(!logs.contains(u"SECRET"_s), qPrintable(logs));
    QVERIFY2(!logs.contains(sessionToken), qPrintable(logs));
    QVERIFY2(!wire.transport->errorString().contains(sessionToken),
             qPrintable(wire.transport->errorString()));
}

QTEST_GUILESS_MAIN(tst_PhoenixLongPollTransport)
#include "tst_phoenixlongpolltransport.moc"
