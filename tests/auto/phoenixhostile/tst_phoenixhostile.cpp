// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The client against a hostile server. The dev server joins two channels properly; then the test
// makes it send a barrage (truncated JSON, wrong arity, wrong types in every field, huge refs,
// 10k-deep nesting, a frame just over maxMessageSize, every binary kind with wrong lengths, replies
// to unknown refs and to another channel's join, phx_close/phx_error for topics never joined,
// 100,000 distinct unknown topics). After each barrage:
//  - nothing crashed (CI runs this under ASan and UBSan),
//  - malformed frames were reported as ProtocolError,
//  - the push that was pending when the barrage began ended: answered, or failed with an error,
//  - the channels still work (an echo is answered),
//  - the log holds a bounded number of warnings, whatever the size of the barrage.

#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSerializer>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QJsonDocument>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

const QString Other = u"room:other"_s;

struct Frame
{
    QByteArray bytes;
    bool binary = false;
};

struct Context
{
    QString joinRefA;
    QString joinRefB;
    QString pendingRef; // the ref of channel A's pending push
};

Frame text(const QByteArray &bytes)
{
    return {bytes, false};
}

Frame json(const QJsonArray &array)
{
    return {QJsonDocument(array).toJson(QJsonDocument::Compact), false};
}

QByteArray nested(int depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

//! The frames of the barrage \a name.
QList<Frame> framesOf(const QString &name, const Context &c)
{
    const QJsonValue null(QJsonValue::Null);
    QList<Frame> frames;
    if (name == u"truncated JSON"_s) {
        frames << text("[null,null,\"room:lobby\",\"shout\",{\"body\":\"hi\"") << text("[") << text("")
               << text("[null,null,\"room:lobby\",") << text("{\"topic\":");
    } else if (name == u"wrong arity"_s) {
        frames << text("[]") << text("[null]") << text("[null,null,\"room:lobby\",\"shout\"]")
               << text("[null,null,\"room:lobby\",\"shout\",{},{}]") << text("{}") << text("\"text\"")
               << text("42") << text("null");
    } else if (name == u"wrong types in every field"_s) {
        const QJsonObject payload{{u"body"_s, u"x"_s}};
        frames << json({1, null, Lobby, u"shout"_s, payload})
               << json({null, QJsonObject(), Lobby, u"shout"_s, payload})
               << json({null, null, 7, u"shout"_s, payload}) << json({null, null, null, u"shout"_s, payload})
               << json({null, null, Lobby, true, payload}) << json({null, null, Lobby, null, payload})
               << json({null, null, Lobby, u"shout"_s, QJsonArray{1, 2}})
               << json({null, null, Lobby, u"shout"_s, u"text"_s})
               << json({null, null, Lobby, u"shout"_s, null})
               << json({QJsonArray(), null, Lobby, u"shout"_s, payload});
    } else if (name == u"huge numbers as refs"_s) {
        const QJsonObject reply{{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject()}};
        frames << json({c.joinRefA, 1e308, Lobby, u"phx_reply"_s, reply})
               << json({c.joinRefA, u"99999999999999999999999999999"_s, Lobby, u"phx_reply"_s, reply})
               << json({c.joinRefA, u"18446744073709551616"_s, Lobby, u"phx_reply"_s, reply})
               << json({c.joinRefA, u"-1"_s, Lobby, u"phx_reply"_s, reply})
               << json({u"99999999999999999999999999999"_s, null, Lobby, u"shout"_s, QJsonObject()})
               << text("[null,123456789012345678901234567890,\"room:lobby\",\"phx_reply\",{}]");
    } else if (name == u"10k-deep nesting"_s) {
        frames << text("[null,null,\"room:lobby\",\"shout\"," + nested(10000) + "]") << text(nested(10000))
               << text("[null,null,\"room:lobby\",\"shout\",{\"a\":" + QByteArray(10000, '{') +
                       QByteArray(10000, '}') + "}]");
    } else if (name == u"invalid UTF-8 in a binary frame's fields"_s) {
        PhoenixMessage m;
        m.topic = Lobby;
        m.event = u"blob"_s;
        QByteArray frame = PhoenixV2JsonSerializer::encodeServerBinary(PhoenixV2JsonSerializer::Broadcast, m);
        frame[3] = char(0xff); // inside the topic
        frames << Frame{frame, true};
    } else if (name == u"every binary kind with wrong lengths"_s) {
        for (int kind = 0; kind < 256; ++kind) {
            frames << Frame{QByteArray(1, char(kind)), true};
            frames << Frame{QByteArray(1, char(kind)) + QByteArray(4, char(0xff)) + "room:lobby", true};
            frames << Frame{QByteArray(1, char(kind)) + QByteArray("\x00\x0a\x00", 3) + "room:lobb", true};
        }
    } else if (name == u"replies to unknown refs"_s) {
        const QJsonObject reply{{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject()}};
        for (int i = 0; i < 1000; ++i)
            frames << json({c.joinRefA, QString::number(1000000 + i), Lobby, u"phx_reply"_s, reply});
        frames << json({null, u"abc"_s, Lobby, u"phx_reply"_s, reply})
               << json({null, u""_s, Lobby, u"phx_reply"_s, reply});
    } else if (name == u"replies with another channel's join_ref"_s) {
        const QJsonObject reply{{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject{{u"forged"_s, true}}}};
        // The pending push's ref, but on the other channel's topic or with its join_ref: neither may
        // resolve the push.
        frames << json({c.joinRefB, c.pendingRef, Other, u"phx_reply"_s, reply})
               << json({c.joinRefB, c.pendingRef, Lobby, u"phx_reply"_s, reply})
               << json({c.joinRefA, c.pendingRef, Other, u"phx_reply"_s, reply});
    } else if (name == u"phx_close and phx_error for topics never joined"_s) {
        for (int i = 0; i < 100; ++i) {
            frames << json({u"1"_s, u"1"_s, u"room:never-%1"_s.arg(i), u"phx_close"_s, QJsonObject()})
                   << json({u"1"_s, u"1"_s, u"room:never-%1"_s.arg(i), u"phx_error"_s, QJsonObject()});
        }
        frames << json({c.joinRefB, c.joinRefB, Lobby, u"phx_close"_s, QJsonObject()}) // another join's close
               << json(
                      {c.joinRefB, c.joinRefB, Lobby, u"phx_error"_s, QJsonObject()}); // another join's error
    } else if (name == u"100,000 distinct unknown topics"_s) {
        frames.reserve(100000);
        for (int i = 0; i < 100000; ++i)
            frames << json({null, null, u"room:unknown-%1"_s.arg(i), u"shout"_s, QJsonObject()});
    }
    return frames;
}

bool isMalformed(const QString &name)
{
    return name == u"truncated JSON"_s || name == u"wrong arity"_s ||
           name == u"wrong types in every field"_s || name == u"huge numbers as refs"_s ||
           name == u"10k-deep nesting"_s || name == u"invalid UTF-8 in a binary frame's fields"_s ||
           name == u"every binary kind with wrong lengths"_s;
}

} // namespace

class tst_PhoenixHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void barrage_data();
    void barrage();
    void frameJustOverMaxMessageSize();
};

void tst_PhoenixHostile::initTestCase()
{
    qRegisterMetaType<PhoenixSocket::Error>();
    qRegisterMetaType<PhoenixPush::Error>();
}

void tst_PhoenixHostile::barrage_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name :
         {"truncated JSON", "wrong arity", "wrong types in every field", "huge numbers as refs",
          "10k-deep nesting", "invalid UTF-8 in a binary frame's fields",
          "every binary kind with wrong lengths", "replies to unknown refs",
          "replies with another channel's join_ref", "phx_close and phx_error for topics never joined",
          "100,000 distinct unknown topics"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void tst_PhoenixHostile::barrage()
{
    QFETCH(QString, name);
    TestBed bed;
    QVERIFY(bed.listening);
    QVERIFY(connectSocket(bed.socket));
    PhoenixChannel *a = bed.socket.channel(Lobby);
    PhoenixChannel *b = bed.socket.channel(Other);
    QVERIFY(joinChannel(a));
    QVERIFY(joinChannel(b));

    // A push the server never answers: when the barrage is over it must have ended with an error
    // (its timeout), never silently.
    QPointer<PhoenixPush> pending = a->push(u"noreply"_s, {}, 1500);
    pending->setAutoDelete(false);
    QSignalSpy pendingFailed(pending.data(), &PhoenixPush::errorOccurred);
    QSignalSpy pendingReplied(pending.data(), &PhoenixPush::replied);
    QTRY_VERIFY(!pending->ref().isEmpty());
    QTRY_COMPARE(bed.recorder.count(Lobby, u"noreply"_s), 1);
    const Context context{a->joinRef(), b->joinRef(), pending->ref()};

    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy closedA(a, &PhoenixChannel::closed);
    int warnings = 0;
    {
        LogCapture log;
        for (const Frame &frame : framesOf(name, context)) {
            if (frame.binary)
                bed.server.sendBinaryToAll(frame.bytes);
            else
                bed.server.sendTextToAll(QString::fromUtf8(frame.bytes));
        }
        // Everything sent so far arrives before the answer to this echo.
        QJsonValue echoed;
        a->push(u"echo"_s, {{u"after"_s, name}})->receive(u"ok"_s, [&echoed](const QJsonValue &r) {
            echoed = r;
        });
        QTRY_VERIFY_WITH_TIMEOUT(!echoed.isUndefined() && !echoed.isNull(), 60000);
        QCOMPARE(echoed.toObject().value(u"after"_s).toString(), name);
        // The pending push ended with an error (no forged reply resolved it).
        QTRY_COMPARE_WITH_TIMEOUT(pendingFailed.size(), 1, WaitMs);
        QCOMPARE(pendingReplied.size(), 0);
        QCOMPARE(pendingFailed.first().at(0).value<PhoenixPush::Error>(), PhoenixPush::Error::TimeoutError);
        for (const QString &line : log.lines())
            warnings += line.contains(u"dropping"_s) ? 1 : 0;
    }
    delete pending.data();

    QVERIFY(bed.socket.isConnected());
    QCOMPARE(a->state(), PhoenixChannel::State::Joined);
    QCOMPARE(b->state(), PhoenixChannel::State::Joined);
    QCOMPARE(closedA.size(), 0);
    if (isMalformed(name))
        QVERIFY(hasSocketError(errors, PhoenixSocket::Error::ProtocolError));
    // Two limited kinds of warning at most (malformed frames, unknown topics): 10 lines each per
    // window, whatever the barrage's size.
    QVERIFY2(warnings <= 2 * 10, qPrintable(u"%1 warnings"_s.arg(warnings)));
    // And both channels still work.
    QJsonValue fromB;
    b->push(u"echo"_s, {{u"n"_s, 2}})->receive(u"ok"_s, [&fromB](const QJsonValue &r) { fromB = r; });
    QTRY_COMPARE(fromB.toObject().value(u"n"_s).toInt(), 2);
}

void tst_PhoenixHostile::frameJustOverMaxMessageSize()
{
    TestBed bed;
    QVERIFY(bed.listening);
    bed.socket.setMaxMessageSize(64 * 1024);
    QVERIFY(connectSocket(bed.socket));
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    QPointer<PhoenixPush> pending = channel->push(u"noreply"_s, {}, 1500);
    QSignalSpy pendingFailed(pending.data(), &PhoenixPush::errorOccurred);
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    const QByteArray head = "[null,null,\"room:lobby\",\"big\",{\"data\":\"";
    const QByteArray tail = "\"}]";
    const QByteArray body(64 * 1024 + 1 - head.size() - tail.size(), 'x');
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"larger than"_s));
    bed.server.sendTextToAll(QString::fromUtf8(head + body + tail));
    QTRY_VERIFY(hasSocketError(errors, PhoenixSocket::Error::ProtocolError));
    // The connection was closed (1009); the socket reconnects and the channel rejoins.
    QTRY_COMPARE_WITH_TIMEOUT(joined.size(), 1, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(pendingFailed.size(), 1, WaitMs);
    QJsonValue echoed;
    channel->push(u"echo"_s, {{u"n"_s, 1}})->receive(u"ok"_s, [&echoed](const QJsonValue &r) { echoed = r; });
    QTRY_COMPARE(echoed.toObject().value(u"n"_s).toInt(), 1);
}

QTEST_GUILESS_MAIN(tst_PhoenixHostile)
#include "tst_phoenixhostile.moc"
