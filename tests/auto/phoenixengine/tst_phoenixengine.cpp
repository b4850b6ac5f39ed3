// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The protocol engine (PhoenixSocket, PhoenixChannel, PhoenixPush) without sockets: a fake
// transport and a scripted server decide exactly when a connection opens, what arrives in which
// order and when it drops. Heartbeats, reconnects, stale refs, buffering, ordering, the reply
// table and the channel error model, plus a test for each timing bug the engine redesign fixed.

#include "faketransport.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSerializer>
#include <PhoenixQt/PhoenixSocket>
#include <phoenixmessageobserver_p.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMetaProperty>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

const QUrl Endpoint(u"ws://phoenix.test/socket/websocket"_s);

//! A socket on a FakeServer with fast schedules; nothing connected yet.
struct Engine
{
    Engine() { configureFast(socket); }

    [[nodiscard]] bool connect() { return connectSocket(socket); }
    //! A new channel on \a topic, joined (the server answers ok).
    PhoenixChannel *joined(const QString &topic)
    {
        PhoenixChannel *channel = socket.channel(topic);
        return joinChannel(channel) ? channel : nullptr;
    }

    PhoenixSocket socket{Endpoint};
    FakeServer server{&socket};
};

QJsonArray replyFrame(const QJsonArray &request, const QString &status = u"ok"_s,
                      const QJsonObject &response = {})
{
    return QJsonArray{request.at(0), request.at(1), request.at(2), u"phx_reply"_s,
                      QJsonObject{{u"status"_s, status}, {u"response"_s, response}}};
}

QStringList topicsOf(const QList<QJsonArray> &frames)
{
    QStringList topics;
    for (const QJsonArray &frame : frames)
        topics.append(frame.at(2).toString());
    return topics;
}

} // namespace

class tst_PhoenixEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // heartbeat
    void heartbeatIsScheduledFromItsReply();
    void missingHeartbeatReplyDeclaresTheConnectionDead();
    void noHeartbeatsOverTransportsThatDoNotNeedThem();
    void messageWithEmptyRefIsDeliveredAndLeavesLatencyAlone();
    void invalidUtf8TextFrameIsAProtocolError();
    void malformedPayloadOfAReadMessageIsAProtocolError();
    void handlerOfAnotherEventDoesNotMakeAPayloadParsed();
    void messageObserverGetsThePayloadAsJsonText();
    void messageObserverThatCannotReadThePayloadGetsItParsed();
    void messageObserverOfAMalformedPayloadMakesItAProtocolError();
    void messageObserverOfAnotherSerializerGetsThePayloadDecoded();
    void messageObserverThatDeletesTheChannelEndsTheDelivery();
    void messageObserverIsToldOfSettingsAndDeletion();
    void messageObserverThatNeedsAPayloadGetsItParsedForTheHandlerItAdds_data();
    void messageObserverThatNeedsAPayloadGetsItParsedForTheHandlerItAdds();
    void pushOfJsonTextSendsTheTextAsItIs_data();
    void pushOfJsonTextSendsTheTextAsItIs();
    void payloadNobodyReadsIsNotParsed();
    void pushObserverIsToldBeforeTheSignalsAndOfDeletion();
    void pushObserverThatDeletesThePushStopsItsSignals();

    // connecting, reconnecting
    void endpointGetsTheTransportAppended_data();
    void endpointGetsTheTransportAppended();
    void reconnectsAfterADropOnTheSchedule();
    void reconnectAttemptsNotifiesWheneverItChanges();
    void disconnectThenConnectBackToBackConnects_data();
    void disconnectThenConnectBackToBackConnects();
    void connectToAnotherUrlWhileClosingConnects();
    void refusedAttemptIsReportedOnceAndRetried();
    void connectTimeoutAbortsTheAttemptAndRetries();
    void serializerChangeTakesEffectOnTheNextConnect();
    void maxMessageSizeTakesEffectOnTheNextConnect();

    // joins and stale refs
    void abandonedJoinIgnoresItsLateReplyAndClose();
    void abandonedJoinFramesAreDroppedFromTheBuffer();
    void messagesOfAnEarlierJoinAreDropped();
    void rejoinUsesTheCurrentTimeout();
    void leaveOfANeverJoinedChannelCompletesOkAndCloses();
    void leaveOfAClosedChannelCompletesOkAndCloses();
    void serverErrorWhileLeavingCompletesTheLeave();

    // connection loss and ordering
    void connectionLossStartsNoRejoinTimerPerChannel();
    void channelsRejoinInCreationOrder();
    void bufferedFramesGoOutBeforeAnythingSlotsSend();
    void pushesBufferedBeforeTheJoinGoOutBeforeJoinedSlotsPush();

    // the reply table
    void deletingAChannelWithPushesInFlightLeavesNothingBehind();
    void deletingAChannelWithPushesInFlightLeavesNothingBehindV1();
    void pushTimeoutsFireInDeadlineOrder();
    void everyPushOfABurstIsAnsweredOnce();
    void closingAChannelFailsItsPendingPushesAtOnce();
    void refusedPushesAreDeletedAndReportedOnce();
    void refusalsToldTogetherSurviveWhatSlotsDo();
    void zeroPaddedRefsMatchNoPushAndNoPing();

    // channel errors and events
    void channelErrorModel();
    void onHandlersReceiveBinaryPayloads();
    void receiveWithoutContextKeepsItsHandler();
    void routingHoldsWhileManyTopicsComeAndGo();
};

void tst_PhoenixEngine::initTestCase()
{
    qRegisterMetaType<PhoenixSocket::Error>();
    qRegisterMetaType<PhoenixSocket::State>();
    qRegisterMetaType<PhoenixChannel::State>();
    qRegisterMetaType<PhoenixChannel::Error>();
    qRegisterMetaType<PhoenixPush::Error>();
    qRegisterMetaType<PhoenixTransport::FrameType>();
}

// ---- heartbeat ------------------------------------------------------------------------------------

void tst_PhoenixEngine::heartbeatIsScheduledFromItsReply()
{
    Engine e;
    e.socket.setHeartbeatInterval(40);
    QSignalSpy latency(&e.socket, &PhoenixSocket::latencyChanged);
    QVERIFY(e.connect());
    QTRY_VERIFY(e.server.count(u"phoenix"_s, u"heartbeat"_s) >= 3);
    QVERIFY(e.socket.latency() >= 0);
    QVERIFY(!latency.isEmpty());
    // Each heartbeat goes out only after the previous one was answered: refs strictly increase and
    // never two are outstanding.
    const QList<QJsonArray> beats = e.server.frames(u"phoenix"_s, u"heartbeat"_s);
    for (qsizetype i = 1; i < beats.size(); ++i)
        QVERIFY(beats.at(i).at(1).toString().toULongLong() > beats.at(i - 1).at(1).toString().toULongLong());
    QCOMPARE(beats.first().at(0), QJsonValue(QJsonValue::Null));
}

void tst_PhoenixEngine::missingHeartbeatReplyDeclaresTheConnectionDead()
{
    Engine e;
    e.socket.setHeartbeatInterval(40);
    e.server.answerHeartbeats = false;
    QVERIFY(e.connect());
    QSignalSpy firstClosed(e.server.transport(), &PhoenixTransport::closed);
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy reconnects(&e.socket, &PhoenixSocket::reconnectScheduled);
    QTRY_COMPARE(e.server.factory()->created(), 2);
    QCOMPARE(countSocketErrors(errors, PhoenixSocket::Error::HeartbeatTimeoutError), 1);
    QCOMPARE(errors.size(), 1);      // the abort that follows is not reported as a second error
    QCOMPARE(firstClosed.size(), 1); // a half-open connection is aborted, not closed politely
    QCOMPARE(firstClosed.first().at(2).toBool(), false);
    QCOMPARE(reconnects.first().at(0).toInt(), 1);
    // A reply that arrives for the dead heartbeat later changes nothing.
    QTRY_VERIFY(e.socket.isConnected());
}

void tst_PhoenixEngine::noHeartbeatsOverTransportsThatDoNotNeedThem()
{
    Engine e;
    e.socket.setHeartbeatInterval(20);
    e.server.factory()->setup = [](FakeTransport *t) { t->setNeedsHeartbeat(false); };
    QVERIFY(e.connect());
    QSignalSpy never(&e.socket, &PhoenixSocket::latencyChanged);
    QVERIFY(!never.wait(QuietMs));
    QCOMPARE(e.server.count(u"phoenix"_s, u"heartbeat"_s), 0);
    // ping() still measures a round trip.
    QSignalSpy pong(&e.socket, &PhoenixSocket::pong);
    QVERIFY(e.socket.ping());
    QVERIFY(pong.wait(WaitMs));
}

void tst_PhoenixEngine::messageWithEmptyRefIsDeliveredAndLeavesLatencyAlone()
{
    Engine e;
    e.socket.setHeartbeatInterval(0); // no heartbeat pending
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QSignalSpy messages(channel, &PhoenixChannel::messageReceived);
    QSignalSpy latency(&e.socket, &PhoenixSocket::latencyChanged);
    e.server.send(QJsonArray{channel->joinRef(), u""_s, Lobby, u"news"_s, QJsonObject{{u"n"_s, 1}}});
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.first().at(0).toString(), u"news"_s);
    QCOMPARE(latency.size(), 0);
    QCOMPARE(e.socket.latency(), -1);
}

void tst_PhoenixEngine::invalidUtf8TextFrameIsAProtocolError()
{
    // A real QWebSocket closes on invalid UTF-8 in a text frame (1007); other transports (LongPoll,
    // custom ones) hand the bytes over as they are: the decoder must refuse them.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy messages(channel, &PhoenixChannel::messageReceived);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"malformed"_s));
    e.server.transport()->receive(QByteArray("[null,null,\"room:lobby\",\"sh\xffout\",{}]"));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::ProtocolError);
    QCOMPARE(messages.size(), 0);
    QVERIFY(channel->isJoined());
}

void tst_PhoenixEngine::malformedPayloadOfAReadMessageIsAProtocolError()
{
    // The envelope of this frame is of the usual shape (the fast path splits it); its payload is not
    // JSON. Someone reads the channel's messages, so the payload is parsed and the frame refused.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy messages(channel, &PhoenixChannel::messageReceived);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"malformed"_s));
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"a":}])"));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::ProtocolError);
    QCOMPARE(messages.size(), 0);
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"a":1}])"));
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.first().at(0).toString(), u"shout"_s);
    QCOMPARE(messages.first().at(1).toJsonObject(), (QJsonObject{{u"a"_s, 1}}));
}

void tst_PhoenixEngine::payloadNobodyReadsIsNotParsed()
{
    // No messageReceived() connected (socket or channel) and no on() handler: the payload of a
    // broadcast is never parsed, so even a malformed one costs nothing and reports nothing.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"a":}])"));
    QCOMPARE(errors.size(), 0);
    // As soon as an on() handler reads that event, it is parsed (and a bad one refused).
    QList<QJsonObject> payloads;
    channel->on(u"shout"_s, channel, [&payloads](const QJsonObject &payload) { payloads.append(payload); });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"malformed"_s));
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"a":}])"));
    QCOMPARE(errors.size(), 1);
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"a":2}])"));
    QCOMPARE(payloads, (QList<QJsonObject>{QJsonObject{{u"a"_s, 2}}}));
}

void tst_PhoenixEngine::handlerOfAnotherEventDoesNotMakeAPayloadParsed()
{
    // An on() handler reads the payloads of its own event only (presence handlers, for instance, sit
    // on every channel of the QML module): other events' payloads stay unparsed.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    QList<QJsonObject> payloads;
    channel->on(u"presence_diff"_s, channel,
                [&payloads](const QJsonObject &payload) { payloads.append(payload); });
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"a":}])"));
    QCOMPARE(errors.size(), 0);
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","presence_diff",{"joins":{}}])"));
    QCOMPARE(payloads, (QList<QJsonObject>{QJsonObject{{u"joins"_s, QJsonObject{}}}}));
}

namespace {

//! Records what a PhoenixMessageObserver is given; reads the JSON text unless told not to. As the
//! seam asks, it removes itself from its channel before it goes, unless the channel went first.
struct RecordingObserver : PhoenixMessageObserver
{
    struct Call
    {
        QString event;
        QByteArray json;
        QJsonObject payload;
    };
    ~RecordingObserver()
    {
        if (channel)
            PhoenixMessageObserver::install(channel, nullptr);
    }
    void observe(PhoenixChannel *observed)
    {
        channel = observed;
        PhoenixMessageObserver::install(observed, this);
    }
    bool textMessage(const QString &event, QByteArrayView payloadJson, const QJsonObject &payload) override
    {
        calls.append({event, payloadJson.toByteArray(), payload});
        if (onText)
            onText();
        return payloadJson.isEmpty() || canRead;
    }
    bool needsPayloadOf(const QString &event) const override { return event == needsPayloadFor; }
    void channelParamsChanged(const QJsonObject &params) override
    {
        told.append(u"params "_s + QString::number(params.size()));
    }
    void channelTimeoutChanged(int ms) override { told.append(u"timeout "_s + QString::number(ms)); }
    void channelDestroyed() override
    {
        told.append(u"destroyed"_s);
        channel = nullptr;
    }
    QPointer<PhoenixChannel> channel;
    QList<Call> calls;
    QStringList told;             // the calls other than textMessage(), in order
    std::function<void()> onText; // run in every textMessage()
    QString needsPayloadFor;
    bool canRead = true;
};

} // namespace

void tst_PhoenixEngine::messageObserverGetsThePayloadAsJsonText()
{
    // The QML module's channel items read payloads from their JSON text: nothing parses them before.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    RecordingObserver observer;
    observer.observe(channel);
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"b": [1, "x"]}])"));
    QCOMPARE(observer.calls.size(), 1);
    QCOMPARE(observer.calls.first().event, u"shout"_s);
    QCOMPARE(observer.calls.first().json, QByteArray(R"({"b": [1, "x"]})"));
    QVERIFY(observer.calls.first().payload.isEmpty()); // not parsed
    // With messageReceived() connected the payload is parsed too, and the observer still gets the text.
    QSignalSpy messages(channel, &PhoenixChannel::messageReceived);
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"c":3}])"));
    QCOMPARE(messages.size(), 1);
    QCOMPARE(observer.calls.size(), 2);
    QCOMPARE(observer.calls.last().json, QByteArray(R"({"c":3})"));
    QCOMPARE(observer.calls.last().payload, (QJsonObject{{u"c"_s, 3}}));
    PhoenixMessageObserver::install(channel, nullptr);
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"d":4}])"));
    QCOMPARE(observer.calls.size(), 2);
    QCOMPARE(messages.size(), 2);
}

void tst_PhoenixEngine::messageObserverThatCannotReadThePayloadGetsItParsed()
{
    // An observer that reads only plain JSON leaves the rest to the library's parser.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    RecordingObserver observer;
    observer.canRead = false;
    observer.observe(channel);
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"e":5}])"));
    QCOMPARE(errors.size(), 0);
    QCOMPARE(observer.calls.size(), 2);
    QCOMPARE(observer.calls.at(0).json, QByteArray(R"({"e":5})"));
    QVERIFY(observer.calls.at(1).json.isEmpty());
    QCOMPARE(observer.calls.at(1).payload, (QJsonObject{{u"e"_s, 5}}));
}

void tst_PhoenixEngine::messageObserverOfAMalformedPayloadMakesItAProtocolError()
{
    // The payload nobody parsed before turns out malformed when the observer reads it: the message is
    // dropped and reported as any malformed frame is, and the channel stays joined.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    RecordingObserver observer;
    observer.canRead = false;
    observer.observe(channel);
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"malformed"_s));
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"a":}])"));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::ProtocolError);
    QCOMPARE(observer.calls.size(), 1); // asked once, with the text; never with a parsed payload
    QVERIFY(channel->isJoined());
}

namespace {

//! The V2 format with a payload decoder of its own: its payload text is not for other readers.
struct TaggingSerializer : PhoenixV2JsonSerializer
{
    bool decodePayload(QByteArrayView encoded, QJsonObject *payload) const override
    {
        if (!PhoenixV2JsonSerializer::decodePayload(encoded, payload))
            return false;
        payload->insert(u"tagged"_s, true);
        return true;
    }
};

} // namespace

void tst_PhoenixEngine::messageObserverOfAnotherSerializerGetsThePayloadDecoded()
{
    // Only the default serializer's payloads are handed over as JSON text: with any other, the
    // observer gets what that serializer decoded.
    Engine e;
    e.socket.setSerializer(std::make_unique<TaggingSerializer>());
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    RecordingObserver observer;
    observer.observe(channel);
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"a":1}])"));
    QCOMPARE(observer.calls.size(), 1);
    QVERIFY(observer.calls.first().json.isEmpty());
    QCOMPARE(observer.calls.first().payload, (QJsonObject{{u"a"_s, 1}, {u"tagged"_s, true}}));
}

void tst_PhoenixEngine::pushOfJsonTextSendsTheTextAsItIs_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<bool>("offline");
    QTest::newRow("v2") << u"v2"_s << false;
    QTest::newRow("v2, buffered while offline") << u"v2"_s << true;
    QTest::newRow("an application's serializer") << u"tagging"_s << false;
}

void tst_PhoenixEngine::pushOfJsonTextSendsTheTextAsItIs()
{
    // The QML module's pushes hand over the payload as JSON.stringify() wrote it. The default
    // serializer writes that text as it is; any other gets it parsed into PhoenixMessage::payload
    // (V1: tst_phoenixserializer).
    QFETCH(QString, serializer);
    QFETCH(bool, offline);
    Engine e;
    if (serializer == u"tagging"_s)
        e.socket.setSerializer(std::make_unique<TaggingSerializer>());
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    if (offline) {
        e.server.transport()->drop();
        QTRY_VERIFY(!e.socket.isConnected());
    }
    const QByteArray text = R"({"body":"h\u00e9 \"x\"","n":[1,2.5],"z":null})";
    const QJsonObject expected{
        {u"body"_s, u"h\u00e9 \"x\""_s}, {u"n"_s, QJsonArray{1, 2.5}}, {u"z"_s, QJsonValue()}};
    QPointer<PhoenixPush> push =
        PhoenixMessageObserver::pushJson(channel, u"shout"_s, text, 5000, /*noReply*/ false);
    QVERIFY(push);
    QCOMPARE(push->payload(), expected); // parsed for whoever asks
    QCOMPARE(push->expectsReply(), true);
    if (offline)
        QTRY_COMPARE(e.server.factory()->created(), 2); // reconnected and rejoined by itself
    QByteArray frame;
    QTRY_VERIFY([&] {
        for (const QByteArray &sent : e.server.transport()->sentFrames()) {
            if (sent.contains("shout"))
                frame = sent;
        }
        return !frame.isEmpty();
    }());
    const QJsonDocument document = QJsonDocument::fromJson(frame);
    if (serializer == u"v2"_s)
        QVERIFY2(frame.endsWith(QByteArray("," + text + "]")), frame.constData()); // byte for byte
    QCOMPARE(document.array().at(4).toObject(), expected);
    // A push without reply, and an empty text standing for {}.
    QPointer<PhoenixPush> noReply = PhoenixMessageObserver::pushJson(channel, u"quiet"_s, {}, 5000, true);
    QVERIFY(noReply);
    QCOMPARE(noReply->expectsReply(), false);
    QCOMPARE(noReply->payload(), QJsonObject());
    QTRY_VERIFY(e.server.transport()->sentFrames().last().contains("quiet"));
    const QByteArray quiet = e.server.transport()->sentFrames().last();
    QCOMPARE(QJsonDocument::fromJson(quiet).array().at(4).toObject(), QJsonObject());
}

void tst_PhoenixEngine::messageObserverThatDeletesTheChannelEndsTheDelivery()
{
    // The observer runs application code (a QML handler): when it deletes the channel, the on()
    // handlers of the event do not run and nothing of the channel is touched afterwards.
    Engine e;
    QVERIFY(e.connect());
    QPointer<PhoenixChannel> channel = e.joined(Lobby);
    QVERIFY(channel);
    struct DeletingObserver : PhoenixMessageObserver
    {
        bool textMessage(const QString &, QByteArrayView, const QJsonObject &) override
        {
            ++calls;
            delete channel;
            return true;
        }
        QPointer<PhoenixChannel> channel;
        int calls = 0;
    } observer;
    observer.channel = channel;
    int handled = 0;
    channel->on(u"shout"_s, channel.data(), [&handled](const QJsonObject &) { ++handled; });
    PhoenixMessageObserver::install(channel, &observer);
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"a":1}])"));
    QCOMPARE(observer.calls, 1);
    QVERIFY(channel.isNull());
    QCOMPARE(handled, 0);
    // The socket goes on: the next message for the topic has no channel.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"without channel"_s));
    e.server.transport()->receive(QByteArray(R"([null,null,"room:lobby","shout",{"a":2}])"));
    QCOMPARE(observer.calls, 1);
}

void tst_PhoenixEngine::messageObserverIsToldOfSettingsAndDeletion()
{
    // The QML item follows its channel's params, timeout and deletion through these calls, not
    // through connections: each comes after the channel's own signal, once per real change.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    RecordingObserver observer;
    observer.observe(channel);
    QStringList order;
    QObject::connect(channel, &PhoenixChannel::paramsChanged, channel, [&] { order.append(u"signal"_s); });
    QObject::connect(channel, &PhoenixChannel::paramsChanged, channel,
                     [&] { order.append(observer.told.isEmpty() ? u"not told yet"_s : u"told"_s); });
    channel->setParams(QJsonObject{{u"a"_s, 1}});
    channel->setParams(QJsonObject{{u"a"_s, 1}}); // no change
    channel->setTimeout(1234);
    QCOMPARE(order, (QStringList{u"signal"_s, u"not told yet"_s}));
    QCOMPARE(observer.told, (QStringList{u"params 1"_s, u"timeout 1234"_s}));
    // A paramsChanged() slot deletes the channel: the observer hears of the deletion, not of the params.
    QObject::connect(channel, &PhoenixChannel::paramsChanged, channel, [channel] { delete channel; });
    channel->setParams(QJsonObject{{u"b"_s, 2}, {u"c"_s, 3}});
    QCOMPARE(observer.told, (QStringList{u"params 1"_s, u"timeout 1234"_s, u"destroyed"_s}));
    QVERIFY(observer.channel.isNull());
}

namespace {

//! Records what a push tells its observer (the QML push item's seam), as text.
class RecordingPushObserver final : public PhoenixPushObserver
{
public:
    void pushBinaryReplied(const QString &status, const QByteArray &response) override
    {
        told.append(u"binary "_s + status + u' ' + QString::fromLatin1(response.toHex()));
        if (onTold)
            onTold();
    }
    void pushFinished() override
    {
        told.append(u"finished"_s);
        if (onTold)
            onTold();
    }
    void pushDestroyed() override { told.append(u"destroyed"_s); }

    QStringList told;
    std::function<void()> onTold;
};

} // namespace

void tst_PhoenixEngine::pushObserverIsToldBeforeTheSignalsAndOfDeletion()
{
    // The QML push item follows its C++ push through these calls instead of three connections: each
    // comes right before the push's own signal, so the item is first, as its connections were.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QPointer<PhoenixPush> push = channel->push(u"shout"_s, QJsonObject{{u"n"_s, 1}});
    QVERIFY(push);
    RecordingPushObserver observer;
    PhoenixPushObserver::install(push, &observer);
    QStringList order;
    QObject::connect(push, &PhoenixPush::finished, channel, [&] {
        order.append(observer.told.contains(u"finished"_s) ? u"told first"_s : u"not told"_s);
    });
    QTRY_VERIFY(!e.server.frames(Lobby, u"shout"_s).isEmpty());
    e.server.send(replyFrame(e.server.last(Lobby, u"shout"_s)));
    QCOMPARE(order, QStringList{u"told first"_s});
    QCOMPARE(observer.told, QStringList{u"finished"_s});
    // Finished pushes delete themselves from the event loop; the observer hears of it.
    QTRY_VERIFY(push.isNull());
    QCOMPARE(observer.told, (QStringList{u"finished"_s, u"destroyed"_s}));

    // A binary reply is told before binaryReplied(), and before the outcome.
    QPointer<PhoenixPush> binary = channel->push(u"blob"_s, QJsonObject());
    RecordingPushObserver binaryObserver;
    PhoenixPushObserver::install(binary, &binaryObserver);
    QStringList binaryOrder;
    QObject::connect(binary, &PhoenixPush::binaryReplied, channel,
                     [&] { binaryOrder.append(binaryObserver.told.join(u'|')); });
    QTRY_VERIFY(!e.server.frames(Lobby, u"blob"_s).isEmpty());
    const QJsonArray request = e.server.last(Lobby, u"blob"_s);
    PhoenixMessage reply;
    reply.joinRef = request.at(0).toString();
    reply.ref = request.at(1).toString();
    reply.topic = Lobby;
    reply.payload.insert(u"status"_s, u"ok"_s);
    reply.binaryPayload = QByteArray("\x01\xff", 2);
    e.server.transport()->receive(
        PhoenixV2JsonSerializer::encodeServerBinary(PhoenixV2JsonSerializer::Reply, reply),
        PhoenixTransport::FrameType::Binary);
    QCOMPARE(binaryOrder, QStringList{u"binary ok 01ff"_s});
    QCOMPARE(binaryObserver.told, (QStringList{u"binary ok 01ff"_s, u"finished"_s}));
    QTRY_VERIFY(binary.isNull());

    // Removed, an observer is told nothing more.
    QPointer<PhoenixPush> second = channel->push(u"shout"_s, QJsonObject{{u"n"_s, 2}});
    RecordingPushObserver removed;
    PhoenixPushObserver::install(second, &removed);
    PhoenixPushObserver::install(second, nullptr);
    delete second.data();
    QVERIFY(removed.told.isEmpty());
}

void tst_PhoenixEngine::pushObserverThatDeletesThePushStopsItsSignals()
{
    // Application code runs in pushFinished() (the QML item's handlers): it may delete the push,
    // which then emits nothing more and is deleted once.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QPointer<PhoenixPush> push = channel->push(u"shout"_s, QJsonObject{{u"n"_s, 1}});
    QVERIFY(push);
    RecordingPushObserver observer;
    observer.onTold = [&] { delete push.data(); };
    PhoenixPushObserver::install(push, &observer);
    QSignalSpy finished(push.data(), &PhoenixPush::finished);
    QSignalSpy replied(push.data(), &PhoenixPush::replied);
    QTRY_VERIFY(!e.server.frames(Lobby, u"shout"_s).isEmpty());
    e.server.send(replyFrame(e.server.last(Lobby, u"shout"_s)));
    QVERIFY(push.isNull());
    QCOMPARE(replied.count(), 1); // before the outcome was told
    QCOMPARE(finished.count(), 0);
    QCOMPARE(observer.told, (QStringList{u"finished"_s, u"destroyed"_s}));
    QVERIFY(channel->state() == PhoenixChannel::State::Joined); // the channel carries on

    // The same from pushBinaryReplied(): neither binaryReplied() nor finished() follows.
    QPointer<PhoenixPush> binary = channel->push(u"blob"_s, QJsonObject());
    RecordingPushObserver binaryObserver;
    binaryObserver.onTold = [&] { delete binary.data(); };
    PhoenixPushObserver::install(binary, &binaryObserver);
    QSignalSpy binaryReplied(binary.data(), &PhoenixPush::binaryReplied);
    QSignalSpy binaryFinished(binary.data(), &PhoenixPush::finished);
    QTRY_VERIFY(!e.server.frames(Lobby, u"blob"_s).isEmpty());
    const QJsonArray request = e.server.last(Lobby, u"blob"_s);
    PhoenixMessage reply;
    reply.joinRef = request.at(0).toString();
    reply.ref = request.at(1).toString();
    reply.topic = Lobby;
    reply.payload.insert(u"status"_s, u"ok"_s);
    reply.binaryPayload = QByteArray("\x01", 1);
    e.server.transport()->receive(
        PhoenixV2JsonSerializer::encodeServerBinary(PhoenixV2JsonSerializer::Reply, reply),
        PhoenixTransport::FrameType::Binary);
    QVERIFY(binary.isNull());
    QCOMPARE(binaryReplied.count(), 0);
    QCOMPARE(binaryFinished.count(), 0);
    QCOMPARE(binaryObserver.told, (QStringList{u"binary ok 01"_s, u"destroyed"_s}));
    QVERIFY(channel->state() == PhoenixChannel::State::Joined);
}

void tst_PhoenixEngine::messageObserverThatNeedsAPayloadGetsItParsedForTheHandlerItAdds_data()
{
    QTest::addColumn<bool>("needs");
    QTest::newRow("needs it") << true;
    QTest::newRow("does not say so") << false;
}

void tst_PhoenixEngine::messageObserverThatNeedsAPayloadGetsItParsedForTheHandlerItAdds()
{
    // The QML item makes its presence tracker on the first presence event: the on() handlers it adds
    // get that very message, parsed for them because the observer said it needs it.
    QFETCH(bool, needs);
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    RecordingObserver observer;
    observer.needsPayloadFor = needs ? u"presence_state"_s : QString();
    QList<QJsonObject> handled;
    observer.onText = [&] {
        if (observer.calls.size() == 1)
            channel->on(u"presence_state"_s, channel,
                        [&handled](const QJsonObject &payload) { handled.append(payload); });
    };
    observer.observe(channel);
    e.server.transport()->receive(
        QByteArray(R"([null,null,"room:lobby","presence_state",{"ada":{"metas":[]}}])"));
    QCOMPARE(observer.calls.size(), 1);
    QCOMPARE(handled.size(), 1);
    const QJsonObject expected{{u"ada"_s, QJsonObject{{u"metas"_s, QJsonArray()}}}};
    QCOMPARE(handled.first(), needs ? expected : QJsonObject());
    // Later messages are parsed for the handler anyway.
    e.server.transport()->receive(
        QByteArray(R"([null,null,"room:lobby","presence_state",{"bob":{"metas":[]}}])"));
    QCOMPARE(handled.size(), 2);
    QCOMPARE(handled.last().keys(), QStringList{u"bob"_s});
}

// ---- connecting, reconnecting ---------------------------------------------------------------------

void tst_PhoenixEngine::endpointGetsTheTransportAppended_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("path");
    QTest::newRow("phoenix.js style") << u"ws://phoenix.test/socket"_s << u"/socket/websocket"_s;
    QTest::newRow("trailing slash") << u"ws://phoenix.test/socket/"_s << u"/socket/websocket"_s;
    QTest::newRow("full websocket") << u"ws://phoenix.test/socket/websocket"_s << u"/socket/websocket"_s;
    QTest::newRow("full longpoll") << u"ws://phoenix.test/socket/longpoll"_s << u"/socket/longpoll"_s;
    QTest::newRow("no path") << u"ws://phoenix.test"_s << u"/websocket"_s;
}

void tst_PhoenixEngine::endpointGetsTheTransportAppended()
{
    QFETCH(QString, url);
    QFETCH(QString, path);
    Engine e;
    e.socket.setUrl(QUrl(url));
    e.socket.setParams({{u"user"_s, u"ada"_s}});
    QVERIFY(e.connect());
    const QUrl used = e.server.transport()->options().url;
    QCOMPARE(used.path(), path);
    QCOMPARE(QUrlQuery(used).queryItemValue(u"user"_s), u"ada"_s);
    QCOMPARE(QUrlQuery(used).queryItemValue(u"vsn"_s), u"2.0.0"_s);
    QCOMPARE(e.socket.url(), QUrl(url)); // what the application set stays as it was
}

void tst_PhoenixEngine::reconnectsAfterADropOnTheSchedule()
{
    Engine e;
    QList<int> asked;
    e.socket.setReconnectAfter([&asked](int tries) {
        asked.append(tries);
        return 10 * tries;
    });
    QVERIFY(e.connect());
    QSignalSpy scheduled(&e.socket, &PhoenixSocket::reconnectScheduled);
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    // Two attempts fail, the third connects.
    e.server.acceptConnections = false;
    e.server.transport()->drop();
    QTRY_COMPARE(e.server.factory()->created(), 2);
    e.server.transport()->refuse();
    QTRY_COMPARE(e.server.factory()->created(), 3);
    e.server.transport()->accept();
    QTRY_COMPARE(connected.size(), 1);
    QCOMPARE(asked, (QList<int>{1, 2}));
    QCOMPARE(scheduled.size(), 3);
    QCOMPARE(scheduled.at(0), (QList<QVariant>{1, 10}));
    QCOMPARE(scheduled.at(1), (QList<QVariant>{2, 20}));
    QCOMPARE(scheduled.at(2), (QList<QVariant>{0, 0})); // connected again after retries
    QCOMPARE(e.socket.reconnectAttempts(), 0);
}

void tst_PhoenixEngine::reconnectAttemptsNotifiesWheneverItChanges()
{
    Engine e;
    const QMetaProperty property =
        e.socket.metaObject()->property(e.socket.metaObject()->indexOfProperty("reconnectAttempts"));
    QVERIFY(property.hasNotifySignal());
    QSignalSpy spy(&e.socket, property.notifySignal());
    QObject context;
    QList<int> actual;
    connect(&e.socket, &PhoenixSocket::stateChanged, &context, [&](PhoenixSocket::State state) {
        if (state == PhoenixSocket::State::Connecting)
            actual.append(e.socket.reconnectAttempts());
    });
    QVERIFY(e.connect());
    e.server.acceptConnections = false;
    e.server.transport()->drop();
    QTRY_COMPARE(e.server.factory()->created(), 2);
    e.server.transport()->refuse();
    QTRY_COMPARE(e.server.factory()->created(), 3);
    e.server.transport()->accept();
    QTRY_VERIFY(e.socket.isConnected());
    // The property moved 0 -> 1 -> 2 -> 0; every change was announced, and no notification went
    // out without a change.
    QCOMPARE(actual, (QList<int>{0, 1, 2}));
    QList<int> notified;
    for (const QList<QVariant> &args : spy)
        notified.append(args.isEmpty() ? -1 : args.first().toInt());
    QCOMPARE(notified, (QList<int>{1, 2, 0}));
}

void tst_PhoenixEngine::disconnectThenConnectBackToBackConnects_data()
{
    QTest::addColumn<int>("closeMode");
    QTest::newRow("close completes within close()") << int(FakeTransport::CloseMode::Immediately);
    QTest::newRow("close completes from the event loop") << int(FakeTransport::CloseMode::Queued);
    QTest::newRow("close never completes (TLS, dead peer)") << int(FakeTransport::CloseMode::Never);
}

void tst_PhoenixEngine::disconnectThenConnectBackToBackConnects()
{
    QFETCH(int, closeMode);
    Engine e;
    e.server.factory()->setup = [closeMode](FakeTransport *t) {
        t->setCloseMode(FakeTransport::CloseMode(closeMode));
    };
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QSignalSpy disconnected(&e.socket, &PhoenixSocket::disconnected);
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    e.socket.disconnectFromServer();
    e.socket.connectToServer();
    QVERIFY(connected.wait(WaitMs));
    QCOMPARE(e.server.factory()->created(), 2);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(e.socket.state(), PhoenixSocket::State::Connected);
    // The channel rejoins over the new connection.
    QTRY_COMPARE(channel->state(), PhoenixChannel::State::Joined);
    QCOMPARE(e.server.count(Lobby, u"phx_join"_s), 2);
    // And the old connection's late close (if any) does not disturb the new one.
    QSignalSpy quiet(&e.socket, &PhoenixSocket::disconnected);
    QVERIFY(!quiet.wait(QuietMs));
    QVERIFY(e.socket.isConnected());
}

void tst_PhoenixEngine::connectToAnotherUrlWhileClosingConnects()
{
    Engine e;
    e.server.factory()->setup = [](FakeTransport *t) { t->setCloseMode(FakeTransport::CloseMode::Never); };
    QVERIFY(e.connect());
    e.socket.disconnectFromServer();
    QCOMPARE(e.socket.state(), PhoenixSocket::State::Disconnecting);
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    e.socket.connectToServer(QUrl(u"ws://other.test/socket/websocket"_s));
    QVERIFY(connected.wait(WaitMs));
    QCOMPARE(e.server.transport()->options().url.host(), u"other.test"_s);
}

void tst_PhoenixEngine::refusedAttemptIsReportedOnceAndRetried()
{
    Engine e;
    e.server.acceptConnections = false;
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy scheduled(&e.socket, &PhoenixSocket::reconnectScheduled);
    e.socket.connectToServer();
    QTRY_COMPARE(e.server.factory()->created(), 1);
    e.server.transport()->refuse(PhoenixTransport::Error::ConnectionRefusedError, u"refused by the test"_s);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(),
             PhoenixSocket::Error::ConnectionRefusedError);
    QCOMPARE(scheduled.size(), 1);
    QTRY_COMPARE(e.server.factory()->created(), 2);
}

void tst_PhoenixEngine::connectTimeoutAbortsTheAttemptAndRetries()
{
    Engine e;
    e.server.acceptConnections = false; // a black-holed address: the attempt never opens
    e.socket.setConnectTimeout(100);
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    e.socket.connectToServer();
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.first().at(0).value<PhoenixSocket::Error>(), PhoenixSocket::Error::ConnectTimeoutError);
    QTRY_COMPARE(e.server.factory()->created(), 2);
    QCOMPARE(e.socket.state(), PhoenixSocket::State::Connecting);
    e.server.transport()->accept();
    QTRY_VERIFY(e.socket.isConnected());
}

void tst_PhoenixEngine::serializerChangeTakesEffectOnTheNextConnect()
{
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    e.socket.setSerializer(std::make_unique<PhoenixV1JsonSerializer>());
    QCOMPARE(e.socket.serializer()->vsn(), u"1.0.0"_s);
    channel->push(u"still_v2"_s, {});
    // The open connection keeps the serializer it started with.
    const QByteArray sent = e.server.transport()->sentFrames().last();
    QVERIFY(QJsonDocument::fromJson(sent).isArray());
    QVERIFY(sent.contains("still_v2"));
    // The next connection uses V1 (vsn and frames).
    e.server.transport()->drop();
    QTRY_COMPARE(e.server.factory()->created(), 2);
    QCOMPARE(QUrlQuery(e.server.transport()->options().url).queryItemValue(u"vsn"_s), u"1.0.0"_s);
    QTRY_VERIFY(!e.server.transport()->sentFrames().isEmpty());
    QVERIFY(QJsonDocument::fromJson(e.server.transport()->sentFrames().first()).isObject());
}

void tst_PhoenixEngine::maxMessageSizeTakesEffectOnTheNextConnect()
{
    Engine e;
    QVERIFY(e.connect());
    const qint64 before = e.server.transport()->options().maxMessageSize;
    e.socket.setMaxMessageSize(4096);
    QCOMPARE(e.server.transport()->options().maxMessageSize, before);
    e.server.transport()->drop();
    QTRY_COMPARE(e.server.factory()->created(), 2);
    QCOMPARE(e.server.transport()->options().maxMessageSize, qint64(4096));
}

// ---- joins and stale refs -------------------------------------------------------------------------

void tst_PhoenixEngine::abandonedJoinIgnoresItsLateReplyAndClose()
{
    // A slow join/3 on the server (1.5 s) against a 1 s channel timeout, compressed: the join times
    // out, then the server's late answers for that join arrive. phoenix.js drops them all and
    // rejoins; before the redesign the phx_close of the abandoned join closed the channel for good.
    Engine e;
    QList<QJsonArray> joins;
    e.server.onJoin = [&joins](const QJsonArray &join) { joins.append(join); }; // answered by hand below
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(u"room:slow"_s);
    QSignalSpy failed(channel, &PhoenixChannel::joinFailed);
    QSignalSpy closed(channel, &PhoenixChannel::closed);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    channel->join(100);
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(channel->state(), PhoenixChannel::State::Errored);
    QCOMPARE(channel->joinRef(), QString());
    QCOMPARE(joins.size(), 1);
    const QJsonArray abandoned = joins.first();
    // The client told the server to leave the abandoned join.
    const QJsonArray leave = e.server.last(u"room:slow"_s, u"phx_leave"_s);
    QCOMPARE(leave.at(0), abandoned.at(0));

    // The server finally answers the join, answers the leave, and closes that join.
    e.server.send(replyFrame(abandoned));
    e.server.send(replyFrame(leave));
    e.server.send(
        QJsonArray{abandoned.at(0), abandoned.at(0), u"room:slow"_s, u"phx_close"_s, QJsonObject()});
    QCOMPARE(closed.size(), 0);
    QCOMPARE(joined.size(), 0);
    QCOMPARE(channel->state(), PhoenixChannel::State::Errored);

    // The rejoin (on the rejoin schedule) is answered in time and the channel ends joined.
    QTRY_COMPARE(joins.size(), 2);
    QVERIFY(joins.at(1).at(0) != abandoned.at(0));
    e.server.send(replyFrame(joins.at(1)));
    QCOMPARE(joined.size(), 1);
    QCOMPARE(channel->state(), PhoenixChannel::State::Joined);
    QCOMPARE(channel->joinRef(), joins.at(1).at(0).toString());
}

void tst_PhoenixEngine::abandonedJoinFramesAreDroppedFromTheBuffer()
{
    Engine e;
    e.server.acceptConnections = false;
    PhoenixChannel *channel = e.socket.channel(Lobby);
    QSignalSpy failed(channel, &PhoenixChannel::joinFailed);
    channel->join(50); // buffered: no connection yet
    e.socket.connectToServer();
    QVERIFY(failed.wait(WaitMs)); // timed out while still offline: the leave for it is buffered too
    QCOMPARE(e.socket.bufferedMessages(), 2);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    e.server.transport()->accept();
    QVERIFY(joined.wait(WaitMs));
    // Only the rejoin reached the server: neither the abandoned join nor its leave.
    QCOMPARE(e.server.count(Lobby, u"phx_join"_s), 1);
    QCOMPARE(e.server.count(Lobby, u"phx_leave"_s), 0);
    QCOMPARE(e.server.last(Lobby, u"phx_join"_s).at(0).toString(), channel->joinRef());
    QCOMPARE(e.socket.bufferedMessages(), 0);
}

void tst_PhoenixEngine::messagesOfAnEarlierJoinAreDropped()
{
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    const QString firstJoinRef = channel->joinRef();
    // The server crashes the channel, the channel rejoins with a new join_ref.
    e.server.send(QJsonArray{firstJoinRef, firstJoinRef, Lobby, u"phx_error"_s, QJsonObject()});
    QTRY_COMPARE(channel->state(), PhoenixChannel::State::Joined);
    QVERIFY(channel->joinRef() != firstJoinRef);
    QSignalSpy messages(channel, &PhoenixChannel::messageReceived);
    e.server.push(firstJoinRef, Lobby, u"old"_s);
    e.server.push(channel->joinRef(), Lobby, u"new"_s);
    e.server.broadcast(Lobby, u"everyone"_s);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).at(0).toString(), u"new"_s);
    QCOMPARE(messages.at(1).at(0).toString(), u"everyone"_s);
}

void tst_PhoenixEngine::rejoinUsesTheCurrentTimeout()
{
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    channel->join(5000);
    QVERIFY(joined.wait(WaitMs));
    channel->setTimeout(60);
    e.server.answerJoins = false; // the rejoin gets no answer
    QSignalSpy failed(channel, &PhoenixChannel::joinFailed);
    e.server.send(
        QJsonArray{channel->joinRef(), QJsonValue(QJsonValue::Null), Lobby, u"phx_error"_s, QJsonObject()});
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(channel->error(), PhoenixChannel::Error::JoinTimeoutError);
    QVERIFY2(channel->errorString().contains(u"60 ms"_s), qPrintable(channel->errorString()));
}

void tst_PhoenixEngine::leaveOfANeverJoinedChannelCompletesOkAndCloses()
{
    Engine e;
    PhoenixChannel *channel = e.socket.channel(Lobby);
    QSignalSpy closed(channel, &PhoenixChannel::closed);
    PhoenixPush *leave = channel->leave();
    leave->setAutoDelete(false);
    const std::unique_ptr<PhoenixPush> owner(leave);
    QSignalSpy replied(leave, &PhoenixPush::replied);
    QSignalSpy failed(leave, &PhoenixPush::errorOccurred);
    QVERIFY(closed.wait(WaitMs));
    QCOMPARE(replied.size(), 1);
    QCOMPARE(replied.first().at(0).toString(), u"ok"_s);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(leave->status(), u"ok"_s);
    QCOMPARE(channel->state(), PhoenixChannel::State::Closed);
    QCOMPARE(e.server.factory()->created(), 0); // nothing to tell a server
}

void tst_PhoenixEngine::leaveOfAClosedChannelCompletesOkAndCloses()
{
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QSignalSpy closed(channel, &PhoenixChannel::closed);
    channel->leave();
    QVERIFY(closed.wait(WaitMs));
    const int framesBefore = int(e.server.frames().size());
    PhoenixPush *again = channel->leave();
    QSignalSpy replied(again, &PhoenixPush::replied);
    QVERIFY(closed.wait(WaitMs));
    QCOMPARE(replied.size(), 1);
    QCOMPARE(replied.first().at(0).toString(), u"ok"_s);
    QCOMPARE(int(e.server.frames().size()), framesBefore); // nothing left to leave on the server
}

void tst_PhoenixEngine::serverErrorWhileLeavingCompletesTheLeave()
{
    // Found by fuzz_engine: the channel crashes on the server while the client leaves it. The
    // application asked to leave, so the channel closes and never rejoins by itself, whatever the
    // server answers to the leave of a dead channel ("ok", or nothing). Before the fix the channel
    // went Errored, ignored the leave's outcome and rejoined (phoenix.js closes on the leave's outcome).
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    e.server.answerLeaves = false;
    QSignalSpy closed(channel, &PhoenixChannel::closed);
    PhoenixPush *leave = channel->leave();
    QSignalSpy replied(leave, &PhoenixPush::replied);
    const QString joinRef = channel->joinRef();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"errored on the server"_s));
    e.server.send(
        QJsonArray{joinRef, joinRef, Lobby, u"phx_error"_s, QJsonObject{{u"reason"_s, u"crash"_s}}});
    QTRY_COMPARE(channel->state(), PhoenixChannel::State::Closed);
    QCOMPARE(closed.size(), 1);
    QTRY_COMPARE(replied.size(), 1); // the leave completed, once, "ok"
    QCOMPARE(replied.first().at(0).toString(), u"ok"_s);
    // The server's late answer to the leave changes nothing, and no rejoin follows.
    e.server.send(replyFrame(e.server.last(Lobby, u"phx_leave"_s)));
    QTest::qWait(QuietMs);
    QCOMPARE(e.server.count(Lobby, u"phx_join"_s), 1);
    QCOMPARE(channel->state(), PhoenixChannel::State::Closed);
    QCOMPARE(closed.size(), 1);
    QCOMPARE(replied.size(), 1);
}

// ---- connection loss and ordering -----------------------------------------------------------------

void tst_PhoenixEngine::connectionLossStartsNoRejoinTimerPerChannel()
{
    Engine e;
    QVERIFY(e.connect());
    QList<PhoenixChannel *> channels;
    for (int i = 0; i < 50; ++i) {
        channels.append(e.joined(u"room:%1"_s.arg(i)));
        QVERIFY(channels.last());
    }
    int rejoinTimers = 0;
    QList<PhoenixSocket::State> stateSeenByChannels;
    QObject context;
    for (PhoenixChannel *channel : std::as_const(channels)) {
        connect(channel, &PhoenixChannel::rejoinScheduled, &context, [&] { ++rejoinTimers; });
        connect(channel, &PhoenixChannel::errorOccurred, &context,
                [&] { stateSeenByChannels.append(e.socket.state()); });
    }
    e.server.acceptConnections = false;
    LogCapture log;
    e.server.transport()->drop();
    QCOMPARE(stateSeenByChannels.size(), 50);
    QVERIFY(std::all_of(stateSeenByChannels.cbegin(), stateSeenByChannels.cend(),
                        [](PhoenixSocket::State s) { return s == PhoenixSocket::State::Disconnected; }));
    QCOMPARE(rejoinTimers, 0);
    for (PhoenixChannel *channel : std::as_const(channels))
        QCOMPARE(channel->error(), PhoenixChannel::Error::ConnectionLostError);
    // One summary line, not one per channel.
    int mentions = 0;
    for (const QString &line : log.lines())
        mentions += line.contains(u"room:"_s) ? 1 : 0;
    QVERIFY2(mentions <= 1, qPrintable(log.all()));
    // They all rejoin at once when the socket is back.
    QTRY_COMPARE(e.server.factory()->created(), 2);
    e.server.transport()->accept();
    for (PhoenixChannel *channel : std::as_const(channels))
        QTRY_COMPARE(channel->state(), PhoenixChannel::State::Joined);
    QCOMPARE(rejoinTimers, 0);
}

void tst_PhoenixEngine::channelsRejoinInCreationOrder()
{
    Engine e;
    QVERIFY(e.connect());
    // Topics whose hash order differs from creation order; a user channel first, as apps that
    // authorise rooms through it need.
    QStringList topics{u"user:42"_s};
    for (int i = 40; i > 0; --i)
        topics.append(u"room:%1"_s.arg(i * 7919 % 1000));
    for (const QString &topic : std::as_const(topics))
        QVERIFY(e.joined(topic));
    e.server.clear();
    e.server.transport()->drop();
    QTRY_COMPARE(e.server.count(topics.last(), u"phx_join"_s), 1);
    QCOMPARE(topicsOf(e.server.frames()), topics);
}

void tst_PhoenixEngine::bufferedFramesGoOutBeforeAnythingSlotsSend()
{
    Engine e;
    e.server.acceptConnections = false;
    PhoenixMessage early;
    early.topic = u"control"_s;
    early.event = u"buffered"_s;
    e.socket.send(early);
    QObject context;
    connect(&e.socket, &PhoenixSocket::stateChanged, &context, [&](PhoenixSocket::State state) {
        if (state != PhoenixSocket::State::Connected)
            return;
        PhoenixMessage fromSlot;
        fromSlot.topic = u"control"_s;
        fromSlot.event = u"from_state_slot"_s;
        e.socket.send(fromSlot);
    });
    connect(&e.socket, &PhoenixSocket::connected, &context, [&] {
        PhoenixMessage fromSlot;
        fromSlot.topic = u"control"_s;
        fromSlot.event = u"from_connected_slot"_s;
        e.socket.send(fromSlot);
    });
    e.socket.connectToServer();
    QTRY_COMPARE(e.server.factory()->created(), 1);
    e.server.transport()->accept();
    QStringList events;
    for (const QJsonArray &frame : e.server.frames())
        events.append(frame.at(3).toString());
    QCOMPARE(events, (QStringList{u"buffered"_s, u"from_state_slot"_s, u"from_connected_slot"_s}));
}

void tst_PhoenixEngine::pushesBufferedBeforeTheJoinGoOutBeforeJoinedSlotsPush()
{
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby);
    QObject context;
    connect(channel, &PhoenixChannel::joined, &context, [channel] { channel->push(u"from_joined_slot"_s); });
    channel->join();
    channel->push(u"made_before_join"_s);
    QTRY_COMPARE(e.server.count(Lobby, u"from_joined_slot"_s), 1);
    QStringList events;
    for (const QJsonArray &frame : e.server.frames())
        events.append(frame.at(3).toString());
    QCOMPARE(events, (QStringList{u"phx_join"_s, u"made_before_join"_s, u"from_joined_slot"_s}));
}

// ---- the reply table ------------------------------------------------------------------------------

void tst_PhoenixEngine::deletingAChannelWithPushesInFlightLeavesNothingBehind()
{
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *first = e.joined(Lobby);
    QVERIFY(first);
    QPointer<PhoenixPush> inFlight = first->push(u"slow"_s);
    const QJsonArray request = e.server.last(Lobby, u"slow"_s);
    QVERIFY(!request.isEmpty());
    delete first;
    QVERIFY(inFlight.isNull());
    // A new instance of the topic; then the late reply to the deleted channel's push arrives,
    // carrying the new join's ref as a hostile or confused server might.
    PhoenixChannel *second = e.joined(Lobby);
    QVERIFY(second);
    QSignalSpy replies(second, &PhoenixChannel::replyReceived);
    e.server.send(
        QJsonArray{request.at(0), request.at(1), Lobby, u"phx_reply"_s, QJsonObject{{u"status"_s, u"ok"_s}}});
    e.server.send(QJsonArray{second->joinRef(), request.at(1), Lobby, u"phx_reply"_s,
                             QJsonObject{{u"status"_s, u"ok"_s}}});
    QCOMPARE(replies.size(), 1); // only the one with the current join_ref reaches it, and resolves nothing
    // Nothing of the deleted push times out later either.
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    QVERIFY(!errors.wait(QuietMs));
    QVERIFY(second->isJoined());
}

void tst_PhoenixEngine::deletingAChannelWithPushesInFlightLeavesNothingBehindV1()
{
    // V1 has no join_ref: a reply is matched by its ref alone, so the reply table must have
    // forgotten the deleted channel's push.
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    socket.setSerializer(std::make_unique<PhoenixV1JsonSerializer>());
    FakeTransportFactory factory(&socket);
    socket.connectToServer();
    QTRY_COMPARE(factory.created(), 1);
    FakeTransport *transport = factory.current();
    transport->accept();
    const auto v1 = [](const QJsonObject &object) {
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    };
    const auto lastSent = [transport] {
        return QJsonDocument::fromJson(transport->sentFrames().last()).object();
    };
    const auto reply = [&](const QString &ref) {
        transport->receive(v1(QJsonObject{
            {u"topic"_s, Lobby},
            {u"event"_s, u"phx_reply"_s},
            {u"ref"_s, ref},
            {u"payload"_s, QJsonObject{{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject()}}}}));
    };
    PhoenixChannel *first = socket.channel(Lobby);
    first->join();
    reply(lastSent().value(u"ref"_s).toString());
    QVERIFY(first->isJoined());
    QPointer<PhoenixPush> inFlight = first->push(u"slow"_s);
    const QString pushRef = lastSent().value(u"ref"_s).toString();
    delete first;
    PhoenixChannel *second = socket.channel(Lobby);
    second->join();
    reply(lastSent().value(u"ref"_s).toString());
    QVERIFY(second->isJoined());
    QSignalSpy replies(second, &PhoenixChannel::replyReceived);
    reply(pushRef); // the late reply to the deleted push
    QCOMPARE(replies.size(), 1);
    QVERIFY(inFlight.isNull());
    QVERIFY(second->isJoined());
}

void tst_PhoenixEngine::pushTimeoutsFireInDeadlineOrder()
{
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QStringList order;
    for (const auto &[event, ms] : {std::pair{u"c"_s, 150}, std::pair{u"a"_s, 50}, std::pair{u"b"_s, 100}}) {
        const QString name = event;
        channel->push(name, {}, ms)->receive(u"timeout"_s, [&order, name](const QJsonValue &) {
            order.append(name);
        });
    }
    QTRY_COMPARE(order.size(), 3);
    QCOMPARE(order, (QStringList{u"a"_s, u"b"_s, u"c"_s}));
}

void tst_PhoenixEngine::everyPushOfABurstIsAnsweredOnce()
{
    Engine e;
    e.server.answerPushes = true;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    constexpr int Burst = 20000;
    int ok = 0;
    int other = 0;
    for (int i = 0; i < Burst; ++i)
        channel->push(u"echo"_s, {{u"n"_s, i}}, 5000)->receive(u"ok"_s, [&ok](const QJsonValue &) { ++ok; });
    QObject context;
    connect(&e.socket, &PhoenixSocket::errorOccurred, &context, [&other] { ++other; });
    QTRY_COMPARE_WITH_TIMEOUT(ok, Burst, 30000);
    QCOMPARE(channel->findChildren<PhoenixPush *>(Qt::FindDirectChildrenOnly).size(), 1); // the join push
    // None of them times out afterwards.
    QSignalSpy quiet(&e.socket, &PhoenixSocket::errorOccurred);
    QVERIFY(!quiet.wait(QuietMs));
    QCOMPARE(other, 0);
}

void tst_PhoenixEngine::closingAChannelFailsItsPendingPushesAtOnce()
{
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    PhoenixPush *push = channel->push(u"never_answered"_s, {}, 60000);
    QSignalSpy failed(push, &PhoenixPush::errorOccurred);
    e.server.send(QJsonArray{channel->joinRef(), channel->joinRef(), Lobby, u"phx_close"_s, QJsonObject()});
    QCOMPARE(channel->state(), PhoenixChannel::State::Closed);
    QVERIFY(failed.wait(1000)); // long before its 60 s timeout
    QCOMPARE(failed.first().at(0).value<PhoenixPush::Error>(), PhoenixPush::Error::ChannelClosedError);
}

void tst_PhoenixEngine::refusedPushesAreDeletedAndReportedOnce()
{
    Engine e;
    e.socket.setSendBufferLimit(10);
    PhoenixChannel *channel = e.socket.channel(Lobby);
    channel->join(); // offline: the join waits in the buffer (control frames do not count against the limit)
    QSignalSpy socketErrors(&e.socket, &PhoenixSocket::errorOccurred);
    LogCapture log;
    QList<QPointer<PhoenixPush>> pushes;
    int refused = 0;
    for (int i = 0; i < 1000; ++i) {
        PhoenixPush *push = channel->push(u"msg"_s, {{u"n"_s, i}}, 60000);
        connect(push, &PhoenixPush::errorOccurred, push, [&refused](PhoenixPush::Error error) {
            refused += error == PhoenixPush::Error::SendBufferFullError ? 1 : 0;
        });
        pushes.append(push);
    }
    // The join counts too (it is never refused itself): 9 pushes fit beside it.
    QTRY_COMPARE(refused, 991);
    // Refused pushes are gone once the event loop ran; the buffered ones wait for the join.
    QTRY_COMPARE(int(std::count_if(pushes.cbegin(), pushes.cend(),
                                   [](const QPointer<PhoenixPush> &p) { return !p.isNull(); })),
                 9);
    QCOMPARE(countSocketErrors(socketErrors, PhoenixSocket::Error::SendBufferFullError), 1);
    QCOMPARE(e.socket.bufferedMessages(), 10);
    int warnings = 0;
    for (const QString &line : log.lines())
        warnings += line.contains(u"send buffer is full"_s) ? 1 : 0;
    QVERIFY2(warnings <= 10, qPrintable(QString::number(warnings)));
}

void tst_PhoenixEngine::refusalsToldTogetherSurviveWhatSlotsDo()
{
    // Refused pushes are told their failure together, from one queued call, and deleted together.
    // Whatever the slots do meanwhile, each push still fails exactly once, in the order made: the app
    // deletes a push before it was told, a slot makes (and waits for) another refused push, a slot
    // deletes the channel with pushes still waiting to be told.
    Engine e;
    e.socket.setSendBufferLimit(2);
    PhoenixChannel *channel = e.socket.channel(Lobby);
    channel->join(); // offline: waits in the buffer; 1 push fits beside it
    QVERIFY(channel->push(u"fits"_s));
    QStringList failed;
    auto watch = [&failed](PhoenixPush *push, const QString &name) {
        connect(push, &PhoenixPush::errorOccurred, push, [&failed, name](PhoenixPush::Error error) {
            failed << name + (error == PhoenixPush::Error::SendBufferFullError ? u""_s : u"?"_s);
        });
    };
    PhoenixPush *first = channel->push(u"a"_s);
    watch(first, u"a"_s);
    QPointer<PhoenixPush> deleted = channel->push(u"b"_s);
    watch(deleted, u"b"_s);
    PhoenixPush *third = channel->push(u"c"_s);
    watch(third, u"c"_s);
    bool nestedWaitFailed = false;
    QString nestedError;
    connect(third, &PhoenixPush::errorOccurred, third, [&] {
        // Refused again, inside a slot of the batch: waiting for it must not wait for its timeout.
        PhoenixPush *inner = channel->push(u"d"_s, {}, 60000);
        inner->setAutoDelete(false);
        const std::unique_ptr<PhoenixPush> owner(inner);
        nestedWaitFailed = !inner->waitForReply(30000);
        nestedError = inner->errorString();
        failed << (inner->error() == PhoenixPush::Error::SendBufferFullError ? u"d"_s : u"d?"_s);
    });
    QPointer<PhoenixPush> firstWatch = first;
    QPointer<PhoenixPush> thirdWatch = third;
    delete deleted.data(); // before the event loop told it anything
    QTRY_COMPARE(failed, (QStringList{u"a"_s, u"c"_s, u"d"_s}));
    QVERIFY(nestedWaitFailed);
    QVERIFY2(nestedError.contains(u"send buffer is full"_s), qPrintable(nestedError));
    QTRY_VERIFY(firstWatch.isNull() && thirdWatch.isNull()); // deleted together, after the batch

    // A slot that deletes the channel while later refusals still wait to be told: no crash, and the
    // channel's remaining pushes go with it.
    PhoenixChannel *doomed = e.socket.channel(u"room:doomed"_s);
    doomed->join();
    QPointer<PhoenixPush> killer = doomed->push(u"x"_s);
    QPointer<PhoenixPush> after = doomed->push(u"y"_s);
    QVERIFY(killer && after);
    connect(killer, &PhoenixPush::errorOccurred, this, [doomed] { delete doomed; });
    QTRY_VERIFY(killer.isNull() && after.isNull());
}

void tst_PhoenixEngine::zeroPaddedRefsMatchNoPushAndNoPing()
{
    // Found by fuzz_engine: refs are strings on the wire, "7" and "07" are different refs (phoenix.js
    // compares them with ===). Before the fix a reply carrying "07" resolved the push of ref "7",
    // and answered the ping of ref "7".
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    PhoenixPush *push = channel->push(u"msg"_s);
    push->setAutoDelete(false);
    const std::unique_ptr<PhoenixPush> owner(push);
    QSignalSpy replied(push, &PhoenixPush::replied);
    const QJsonArray sent = e.server.last(Lobby, u"msg"_s);
    QJsonArray padded = replyFrame(sent);
    padded.replace(1, QString(u"0"_s + sent.at(1).toString()));
    e.server.send(padded);
    QCOMPARE(replied.size(), 0);
    QVERIFY(!push->isFinished());
    e.server.send(replyFrame(sent));
    QCOMPARE(replied.size(), 1);

    e.server.answerHeartbeats = false;
    QSignalSpy pongs(&e.socket, &PhoenixSocket::pong);
    QVERIFY(e.socket.ping());
    const QJsonArray ping = e.server.last(u"phoenix"_s, u"heartbeat"_s);
    QJsonArray paddedPong = replyFrame(ping);
    paddedPong.replace(1, QString(u"00"_s + ping.at(1).toString()));
    e.server.send(paddedPong);
    QCOMPARE(pongs.size(), 0);
    e.server.send(replyFrame(ping));
    QCOMPARE(pongs.size(), 1);
}

// ---- channel errors and events --------------------------------------------------------------------

void tst_PhoenixEngine::channelErrorModel()
{
    Engine e;
    e.server.onJoin = [&e](const QJsonArray &join) {
        if (join.at(2).toString() == u"room:private"_s)
            e.server.reply(join, u"error"_s, {{u"reason"_s, u"unauthorized"_s}});
        else
            e.server.reply(join);
    };
    QVERIFY(e.connect());
    // A refused join: joinFailed, not errorOccurred.
    PhoenixChannel *refused = e.socket.channel(u"room:private"_s);
    QSignalSpy refusedFailed(refused, &PhoenixChannel::joinFailed);
    QSignalSpy refusedErrors(refused, &PhoenixChannel::errorOccurred);
    PhoenixChannel::Error errorInSlot = PhoenixChannel::Error::NoError;
    connect(refused, &PhoenixChannel::joinFailed, refused, [&] { errorInSlot = refused->error(); });
    refused->join();
    QVERIFY(refusedFailed.wait(WaitMs));
    QCOMPARE(errorInSlot, PhoenixChannel::Error::JoinRefusedError);
    QVERIFY(refused->errorString().contains(u"unauthorized"_s));
    QCOMPARE(refusedErrors.size(), 0);
    refused->leave();

    // A crash: errorOccurred with ServerError, readable from the slot; NoError after the rejoin.
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QCOMPARE(channel->error(), PhoenixChannel::Error::NoError);
    QSignalSpy errors(channel, &PhoenixChannel::errorOccurred);
    QSignalSpy changes(channel, &PhoenixChannel::errorChanged);
    PhoenixChannel::Error crashInSlot = PhoenixChannel::Error::NoError;
    connect(channel, &PhoenixChannel::errorOccurred, channel, [&] { crashInSlot = channel->error(); });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"errored on the server"_s));
    e.server.send(QJsonArray{channel->joinRef(), QJsonValue(QJsonValue::Null), Lobby, u"phx_error"_s,
                             QJsonObject{{u"reason"_s, u"channel_crash"_s}}});
    QCOMPARE(errors.size(), 1);
    QCOMPARE(crashInSlot, PhoenixChannel::Error::ServerError);
    QTRY_COMPARE(channel->state(), PhoenixChannel::State::Joined);
    QCOMPARE(channel->error(), PhoenixChannel::Error::NoError);
    QCOMPARE(channel->errorString(), QString());
    QCOMPARE(changes.size(), 2);

    // A lost connection: ConnectionLostError.
    e.server.acceptConnections = false;
    e.server.transport()->drop();
    QCOMPARE(channel->error(), PhoenixChannel::Error::ConnectionLostError);
    QCOMPARE(errors.size(), 2);
}

void tst_PhoenixEngine::onHandlersReceiveBinaryPayloads()
{
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QList<QByteArray> binary;
    QList<QJsonObject> json;
    QObject context;
    channel->on(u"blob"_s, &context, [&binary](const QByteArray &payload) { binary.append(payload); });
    channel->on(u"blob"_s, &context, [&json](const QJsonObject &payload) { json.append(payload); });
    PhoenixMessage broadcast;
    broadcast.topic = Lobby;
    broadcast.event = u"blob"_s;
    broadcast.binaryPayload = QByteArray("\x00\x01\xff", 3);
    e.server.transport()->receive(
        PhoenixV2JsonSerializer::encodeServerBinary(PhoenixV2JsonSerializer::Broadcast, broadcast),
        PhoenixTransport::FrameType::Binary);
    e.server.broadcast(Lobby, u"blob"_s, {{u"kind"_s, u"json"_s}});
    QCOMPARE(binary, (QList<QByteArray>{QByteArray("\x00\x01\xff", 3)}));
    QCOMPARE(json.size(), 1);
    QCOMPARE(json.first().value(u"kind"_s).toString(), u"json"_s);
}

void tst_PhoenixEngine::receiveWithoutContextKeepsItsHandler()
{
    // receive(status, nullptr, handler): no context means the handler lives as long as the push
    // (as receive(status, handler)), not that its context is already gone. Join pushes keep their
    // hooks for every rejoin, so the join push shows it twice.
    Engine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby);
    int joins = 0;
    channel->join()->receive(u"ok"_s, nullptr, [&joins](const QJsonValue &) { ++joins; });
    QTRY_COMPARE(joins, 1);
    e.server.transport()->drop();
    QTRY_COMPARE(joins, 2); // rejoined after the reconnect
    e.server.answerPushes = true;
    int replies = 0;
    channel->push(u"shout"_s)->receive(u"ok"_s, nullptr, [&replies](const QJsonValue &) { ++replies; });
    QTRY_COMPARE(replies, 1);
}

void tst_PhoenixEngine::routingHoldsWhileManyTopicsComeAndGo()
{
    // The topic table grows, removes entries from the middle of probe runs and shrinks: every topic
    // still reaches exactly its channel, and no closed one.
    Engine e;
    QVERIFY(e.connect());
    constexpr int Count = 300;
    QList<PhoenixChannel *> channels;
    QList<int> received(Count, 0);
    for (int i = 0; i < Count; ++i) {
        PhoenixChannel *channel = e.socket.channel(u"room:%1"_s.arg(i));
        connect(channel, &PhoenixChannel::messageReceived, this, [&received, i] { ++received[i]; });
        channel->join();
        channels.append(channel);
    }
    QTRY_VERIFY(
        std::all_of(channels.begin(), channels.end(), [](PhoenixChannel *c) { return c->isJoined(); }));
    // The server closes every channel but each third, in an order unrelated to the table's.
    for (int step = 0; step < Count; ++step) {
        const int i = (step * 7) % Count;
        if (i % 3 == 0)
            continue;
        const QString joinRef = channels[i]->joinRef();
        e.server.send(QJsonArray{joinRef, joinRef, channels[i]->topic(), u"phx_close"_s, QJsonObject()});
        QCOMPARE(channels[i]->state(), PhoenixChannel::State::Closed);
    }
    // (Messages for the closed topics are dropped with a rate-limited warning each: not shown here.)
    QLoggingCategory::setFilterRules(u"phoenix.socket.warning=false"_s);
    for (int i = 0; i < Count; ++i)
        e.server.broadcast(u"room:%1"_s.arg(i), u"news"_s);
    QLoggingCategory::setFilterRules(QString());
    for (int i = 0; i < Count; ++i)
        QCOMPARE(received[i], i % 3 == 0 ? 1 : 0);
    // And a channel of a topic that was closed joins and is routed again.
    PhoenixChannel *again = e.joined(u"room:1"_s);
    QVERIFY(again);
    QSignalSpy news(again, &PhoenixChannel::messageReceived);
    e.server.broadcast(u"room:1"_s, u"news"_s);
    QCOMPARE(news.size(), 1);
}

QTEST_GUILESS_MAIN(tst_PhoenixEngine)
#include "tst_phoenixengine.moc"
