// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Rejoin with fresh params: a channel's params provider is called before every join and rejoin, so
// a rejoin can ask the server for what was missed. Frame by frame with the fake transport, and over
// real sockets across a dev server restart.

#include "fakeengine.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

class tst_PhoenixRejoin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void providerIsCalledBeforeEveryJoinAndRejoin();
    void withoutProviderTheParamsAreSent();
    void rejoinAfterAServerRestartCarriesFreshParams();
};

void tst_PhoenixRejoin::providerIsCalledBeforeEveryJoinAndRejoin()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby, {{u"room"_s, u"static"_s}});
    int calls = 0;
    int lastSeen = 100;
    channel->setParamsProvider([&] {
        ++calls;
        return QJsonObject{{u"last_seen_id"_s, lastSeen}};
    });
    QVERIFY(channel->paramsProvider());
    QCOMPARE(calls, 0); // not before a join
    QVERIFY(joinChannel(channel));
    QCOMPARE(calls, 1);
    QCOMPARE(e.server.last(Lobby, u"phx_join"_s).at(4).toObject(), (QJsonObject{{u"last_seen_id"_s, 100}}));

    // The channel crashes on the server: the rejoin asks the provider again.
    lastSeen = 250;
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"errored on the server"_s));
    e.server.send(QJsonArray{channel->joinRef(), channel->joinRef(), Lobby, u"phx_error"_s, QJsonObject()});
    QVERIFY(joined.wait(WaitMs));
    QCOMPARE(calls, 2);
    QCOMPARE(e.server.last(Lobby, u"phx_join"_s).at(4).toObject(), (QJsonObject{{u"last_seen_id"_s, 250}}));

    // The connection drops: the rejoin on the next connection too.
    lastSeen = 1234;
    e.server.transport()->drop();
    QVERIFY(joined.wait(WaitMs));
    QCOMPARE(calls, 3);
    QCOMPARE(e.server.last(Lobby, u"phx_join"_s).at(4).toObject(), (QJsonObject{{u"last_seen_id"_s, 1234}}));
    QCOMPARE(e.server.count(Lobby, u"phx_join"_s), 3);
    // The provider's result is sent, not stored: params keeps what the application set.
    QCOMPARE(channel->params(), (QJsonObject{{u"room"_s, u"static"_s}}));
}

void tst_PhoenixRejoin::withoutProviderTheParamsAreSent()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby, {{u"a"_s, 1}});
    channel->setParamsProvider([] { return QJsonObject{{u"b"_s, 2}}; });
    channel->setParamsProvider({}); // removed again
    QVERIFY(!channel->paramsProvider());
    QVERIFY(joinChannel(channel));
    QCOMPARE(e.server.last(Lobby, u"phx_join"_s).at(4).toObject(), (QJsonObject{{u"a"_s, 1}}));
}

void tst_PhoenixRejoin::rejoinAfterAServerRestartCarriesFreshParams()
{
    TestBed bed;
    QVERIFY(bed.listening);
    const quint16 port = bed.server.port();
    QVERIFY(connectSocket(bed.socket));
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    int lastSeen = 0;
    QObject app;
    // What an app does: count the messages it has seen, ask for the rest on every (re)join.
    connect(channel, &PhoenixChannel::messageReceived, &app, [&lastSeen](const QString &event) {
        if (event == u"shout"_s)
            ++lastSeen;
    });
    channel->setParamsProvider([&lastSeen] { return QJsonObject{{u"last_seen_id"_s, lastSeen}}; });
    QVERIFY(joinChannel(channel));
    QCOMPARE(
        bed.recorder.frames(Lobby, u"phx_join"_s).last().at(4).toObject().value(u"last_seen_id"_s).toInt(),
        0);
    for (int i = 0; i < 3; ++i)
        QVERIFY(channel->push(u"shout"_s, {{u"i"_s, i}})->waitForReply(WaitMs));
    QTRY_COMPARE(lastSeen, 3);

    // The server restarts on the same port (every connection dies without a close frame).
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    bed.server.close();
    QTRY_VERIFY(!bed.socket.isConnected());
    QVERIFY(bed.server.listen(QHostAddress::LocalHost, port));
    QVERIFY(joined.wait(WaitMs));
    const QList<QJsonArray> joins = bed.recorder.frames(Lobby, u"phx_join"_s);
    QCOMPARE(joins.size(), 2);
    QCOMPARE(joins.last().at(4).toObject(), (QJsonObject{{u"last_seen_id"_s, 3}}));
}

QTEST_GUILESS_MAIN(tst_PhoenixRejoin)
#include "tst_phoenixrejoin.moc"
