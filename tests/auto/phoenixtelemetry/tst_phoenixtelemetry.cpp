// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Telemetry: the counters the engine keeps (messages and bytes in and out, connects, reconnects,
// rejoins, push round trips, send buffer high-water mark), the throttled telemetryChanged() and
// pushFinished(). Through the engine with the fake transport, so every frame is known.

#include "fakeengine.h"
#include "phoenixtelemetry_p.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSocket>
#include <PhoenixQt/PhoenixTelemetry>

#include <QtCore/QMetaProperty>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimer>

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

class tst_PhoenixTelemetry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void countsMessagesAndBytesInAndOut();
    void countsConnectsAndReconnects();
    void countsRejoins();
    void roundTripWindowPercentiles();
    void roundTripIsMeasuredFromSendToReply();
    void countsPushTimeoutsAndFinishedPushes();
    void sendBufferHighWaterMark();
    void telemetryIsReadableAsAGadgetProperty();
    void telemetryChangedIsThrottledAndOnlyOnChange();
    void pushFinishedReportsEventStatusAndDuration();
};

void tst_PhoenixTelemetry::initTestCase()
{
    qRegisterMetaType<PhoenixTelemetry>();
    qRegisterMetaType<PhoenixTransport::FrameType>();
}

void tst_PhoenixTelemetry::countsMessagesAndBytesInAndOut()
{
    FakeEngine e;
    e.socket.setHeartbeatInterval(0); // only the frames of this test
    e.server.answerPushes = true;
    QCOMPARE(e.socket.telemetry(), PhoenixTelemetry());
    qint64 in = 0;
    qint64 bytesIn = 0;
    QObject context;
    connect(e.server.factory(), &FakeTransportFactory::transportCreated, &context, [&](FakeTransport *t) {
        connect(t, &PhoenixTransport::frameReceived, &context,
                [&](const QByteArray &frame, PhoenixTransport::FrameType) {
                    ++in;
                    bytesIn += frame.size();
                });
    });
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    for (int i = 0; i < 3; ++i)
        QVERIFY(channel->push(u"echo"_s, {{u"i"_s, i}})->waitForReply(WaitMs));
    channel->pushBinary(u"bin"_s, QByteArray(10, 'x')); // the fake server answers no binary frame
    e.server.broadcast(Lobby, u"news"_s, {{u"a"_s, 1}});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"malformed"_s));
    e.server.transport()->receive(QByteArray("not json")); // counted too: it arrived

    const PhoenixTelemetry t = e.socket.telemetry();
    const QList<QByteArray> sent = e.server.transport()->sentFrames();
    qint64 bytesOut = 0;
    for (const QByteArray &frame : sent)
        bytesOut += frame.size();
    QCOMPARE(t.messagesOut, qint64(sent.size())); // join, 3 pushes, 1 binary push
    QCOMPARE(t.messagesOut, 5);
    QCOMPARE(t.bytesOut, bytesOut);
    QCOMPARE(t.messagesIn, in); // join reply, 3 replies, the broadcast, the malformed frame
    QCOMPARE(t.messagesIn, 6);
    QCOMPARE(t.bytesIn, bytesIn);
}

void tst_PhoenixTelemetry::countsConnectsAndReconnects()
{
    FakeEngine e;
    QVERIFY(e.connect());
    QCOMPARE(e.socket.telemetry().connects, 1);
    QCOMPARE(e.socket.telemetry().reconnects, 0);
    QSignalSpy connected(&e.socket, &PhoenixSocket::connected);
    e.server.transport()->drop(); // a retry on the reconnect schedule
    QVERIFY(connected.wait(WaitMs));
    QCOMPARE(e.socket.telemetry().connects, 2);
    QCOMPARE(e.socket.telemetry().reconnects, 1);
    e.socket.disconnectFromServer(); // the application's own connect is no reconnect
    e.socket.connectToServer();
    QVERIFY(connected.wait(WaitMs));
    QCOMPARE(e.socket.telemetry().connects, 3);
    QCOMPARE(e.socket.telemetry().reconnects, 1);
}

void tst_PhoenixTelemetry::countsRejoins()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QCOMPARE(e.socket.telemetry().rejoins, 0);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    // The channel crashes on the server: it rejoins.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"errored on the server"_s));
    e.server.send(QJsonArray{channel->joinRef(), channel->joinRef(), Lobby, u"phx_error"_s, QJsonObject()});
    QVERIFY(joined.wait(WaitMs));
    QCOMPARE(e.socket.telemetry().rejoins, 1);
    // The connection drops: it rejoins on the next one.
    e.server.transport()->drop();
    QVERIFY(joined.wait(WaitMs));
    QCOMPARE(e.socket.telemetry().rejoins, 2);
    // A second channel's first join is no rejoin.
    QVERIFY(e.joined(u"room:other"_s));
    QCOMPARE(e.socket.telemetry().rejoins, 2);
}

void tst_PhoenixTelemetry::roundTripWindowPercentiles()
{
    PhoenixRoundTripWindow window;
    QCOMPARE(window.size(), 0);
    QCOMPARE(window.last(), -1);
    QCOMPARE(window.percentile(50), -1);
    for (int ms = 100; ms >= 1; --ms) // 100 .. 1, in a shuffled-enough order
        window.record(ms);
    QCOMPARE(window.size(), 100);
    QCOMPARE(window.last(), 1);
    QCOMPARE(window.percentile(50), 50); // nearest rank
    QCOMPARE(window.percentile(99), 99);
    QCOMPARE(window.percentile(100), 100);
    // A rolling window: only the most recent RoundTripWindow samples count.
    for (int i = 0; i < PhoenixTelemetry::RoundTripWindow; ++i)
        window.record(1000 + i);
    QCOMPARE(window.size(), PhoenixTelemetry::RoundTripWindow);
    QCOMPARE(window.percentile(0.1), 1000); // the old samples are gone
    QCOMPARE(window.percentile(50), 1000 + PhoenixTelemetry::RoundTripWindow / 2 - 1);
    QCOMPARE(window.percentile(99), 1000 + int(std::ceil(0.99 * PhoenixTelemetry::RoundTripWindow)) - 1);
}

void tst_PhoenixTelemetry::roundTripIsMeasuredFromSendToReply()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby); // a join is a push too: one sample
    QVERIFY(channel);
    QCOMPARE(e.socket.telemetry().roundTripSamples, 1);
    // The server takes at least 60 ms to answer.
    connect(&e.server, &FakeServer::frameReceived, this, [&e](const QJsonArray &frame) {
        if (frame.at(3).toString() == u"slow"_s)
            QTimer::singleShot(60, Qt::PreciseTimer, &e.server, [&e, frame] { e.server.reply(frame); });
    });
    QVERIFY(channel->push(u"slow"_s)->waitForReply(WaitMs));
    const PhoenixTelemetry t = e.socket.telemetry();
    QCOMPARE(t.roundTripSamples, 2);
    QVERIFY2(t.roundTripLast >= 60, qPrintable(QString::number(t.roundTripLast)));
    QCOMPARE(t.roundTripP99, t.roundTripLast); // the largest of two samples
    QVERIFY(t.roundTripP50 <= t.roundTripP99);
}

void tst_PhoenixTelemetry::countsPushTimeoutsAndFinishedPushes()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby); // the join: one finished push
    QVERIFY(channel);
    QVERIFY(!channel->push(u"silence"_s, {}, 30)->waitForReply(WaitMs));
    QVERIFY(!channel->push(u"silence"_s, {}, 30)->waitForReply(WaitMs));
    const PhoenixTelemetry t = e.socket.telemetry();
    QCOMPARE(t.pushTimeouts, 2);
    QCOMPARE(t.pushesFinished, 3);
    QCOMPARE(t.roundTripSamples, 1); // timeouts are no round trips
}

void tst_PhoenixTelemetry::sendBufferHighWaterMark()
{
    FakeEngine e;
    PhoenixChannel *channel = e.socket.channel(Lobby);
    channel->join(); // the join waits in the socket's buffer
    for (int i = 0; i < 4; ++i)
        channel->push(u"early"_s); // these in the channel's buffer, for the join
    QCOMPARE(e.socket.bufferedMessages(), 5);
    QCOMPARE(e.socket.telemetry().sendBufferHighWater, 5);
    QVERIFY(e.connect());
    QTRY_COMPARE(e.socket.bufferedMessages(), 0);
    QCOMPARE(e.socket.telemetry().sendBufferHighWater, 5); // a high-water mark stays
}

void tst_PhoenixTelemetry::telemetryIsReadableAsAGadgetProperty()
{
    FakeEngine e;
    QVERIFY(e.connect());
    const QMetaObject *meta = e.socket.metaObject();
    const QMetaProperty property = meta->property(meta->indexOfProperty("telemetry"));
    QVERIFY(property.isValid());
    QVERIFY(property.hasNotifySignal());
    QCOMPARE(property.notifySignal().name(), QByteArray("telemetryChanged"));
    PhoenixTelemetry t = property.read(&e.socket).value<PhoenixTelemetry>();
    QCOMPARE(t.connects, 1);
    // Its fields through the gadget's meta-object (what QML reads).
    const QMetaObject &gadget = PhoenixTelemetry::staticMetaObject;
    for (const char *name : {"messagesIn", "messagesOut", "bytesIn", "bytesOut", "connects", "reconnects",
                             "rejoins", "pushesFinished", "pushTimeouts", "roundTripLast", "roundTripP50",
                             "roundTripP99", "roundTripSamples", "sendBufferHighWater"})
        QVERIFY2(gadget.indexOfProperty(name) >= 0, name);
    QCOMPARE(gadget.property(gadget.indexOfProperty("connects")).readOnGadget(&t).toLongLong(), 1);
}

void tst_PhoenixTelemetry::telemetryChangedIsThrottledAndOnlyOnChange()
{
    FakeEngine e;
    e.socket.setHeartbeatInterval(0);
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QSignalSpy changed(&e.socket, &PhoenixSocket::telemetryChanged);
    // Lots of traffic: one notification for all of it, not one per message.
    for (int i = 0; i < 200; ++i)
        e.server.broadcast(Lobby, u"news"_s, {{u"i"_s, i}});
    QVERIFY(changed.wait(WaitMs));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<PhoenixTelemetry>().messagesIn, e.socket.telemetry().messagesIn);
    // No traffic, no notification (the notifier keeps running while connected to, but stays quiet).
    QVERIFY(!changed.wait(1500));
    e.server.broadcast(Lobby, u"news"_s);
    QVERIFY(changed.wait(WaitMs));
    QCOMPARE(changed.size(), 2);
}

void tst_PhoenixTelemetry::pushFinishedReportsEventStatusAndDuration()
{
    FakeEngine e;
    QSignalSpy finished(&e.socket, &PhoenixSocket::pushFinished);
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.takeFirst().mid(0, 3), (QList<QVariant>{Lobby, u"phx_join"_s, u"ok"_s}));
    connect(&e.server, &FakeServer::frameReceived, this, [&e](const QJsonArray &frame) {
        const QString event = frame.at(3).toString();
        if (event == u"slow"_s)
            QTimer::singleShot(40, Qt::PreciseTimer, &e.server, [&e, frame] { e.server.reply(frame); });
        else if (event == u"fail"_s)
            e.server.reply(frame, u"error"_s);
    });
    PhoenixPush *slow = channel->push(u"slow"_s);
    // Emitted before the push's own signals.
    QList<QString> order;
    connect(&e.socket, &PhoenixSocket::pushFinished, slow, [&order] { order.append(u"socket"_s); });
    connect(slow, &PhoenixPush::finished, this, [&order] { order.append(u"push"_s); });
    QVERIFY(slow->waitForReply(WaitMs));
    QCOMPARE(order, (QList<QString>{u"socket"_s, u"push"_s}));
    QVERIFY(!channel->push(u"fail"_s)->waitForReply(WaitMs));
    QVERIFY(!channel->push(u"silence"_s, {}, 30)->waitForReply(WaitMs));
    QVERIFY(channel->pushNoReply(u"fire"_s)->waitForReply(WaitMs));
    QCOMPARE(finished.size(), 4);
    QCOMPARE(finished.at(0).mid(0, 3), (QList<QVariant>{Lobby, u"slow"_s, u"ok"_s}));
    QVERIFY(finished.at(0).at(3).toInt() >= 40);
    QCOMPARE(finished.at(1).mid(0, 3), (QList<QVariant>{Lobby, u"fail"_s, u"error"_s}));
    QVERIFY(finished.at(1).at(3).toInt() >= 0);
    QCOMPARE(finished.at(2).mid(0, 3), (QList<QVariant>{Lobby, u"silence"_s, u"timeout"_s}));
    QVERIFY(finished.at(2).at(3).toInt() >= 30);
    QCOMPARE(finished.at(3), (QList<QVariant>{Lobby, u"fire"_s, u"sent"_s, -1}));
    // A push refused locally was never sent: -1.
    QSignalSpy closed(channel, &PhoenixChannel::closed);
    channel->leave();
    QVERIFY(closed.wait(WaitMs));
    finished.clear();
    QVERIFY(!channel->push(u"late"_s)->waitForReply(WaitMs));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first(), (QList<QVariant>{Lobby, u"late"_s, u"error"_s, -1}));
}

QTEST_GUILESS_MAIN(tst_PhoenixTelemetry)
#include "tst_phoenixtelemetry.moc"
