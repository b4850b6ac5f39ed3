// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPresence>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#ifdef PHOENIXQT_HAVE_DEVSERVER
#include <phoenixdevserver.h>
#endif

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {
// Test data is written as JSON (single quotes allowed, for readability).
QJsonObject obj(const char *json)
{
    QByteArray text(json);
    text.replace('\'', '"');
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("bad test JSON: %s", json);
    return doc.object();
}

QJsonArray arr(const char *json)
{
    const QByteArray wrapped = QByteArray("{'a':") + json + '}';
    return obj(wrapped.constData()).value(u"a"_s).toArray();
}

// Records the callbacks of syncState()/syncDiff() as ["join"|"leave", key, current, presence].
struct Recorder
{
    QJsonArray events;
    PhoenixPresence::JoinCallback onJoin()
    {
        return [this](const QString &key, const QJsonObject &current, const QJsonObject &presence) {
            events.append(QJsonArray{u"join"_s, key, current, presence});
        };
    }
    PhoenixPresence::LeaveCallback onLeave()
    {
        return [this](const QString &key, const QJsonObject &current, const QJsonObject &presence) {
            events.append(QJsonArray{u"leave"_s, key, current, presence});
        };
    }
};
} // namespace

class tst_PhoenixPresence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    // The pure algorithm (phoenix.js Presence.syncState / syncDiff).
    void syncState_data();
    void syncState();
    void syncDiff_data();
    void syncDiff();
    void callbacksAreOptional();
    void replayDiffsAfterState();

    // Bound to a channel.
    void nullChannel();
#ifdef PHOENIXQT_HAVE_DEVSERVER
    void ownPresenceFromServer();
    void diffsBeforeStateAreHeld();
    void pendingAgainAfterRejoin_data();
    void pendingAgainAfterRejoin();
    void heldDiffOfEarlierJoinIsDropped();
    void staleStateIsIgnored();
    void keysInOrderOfFirstAppearance();
    void stateCommittedBeforeSignals();
    void list();
    void channelDeleted();
    void eventNamesCanChange();
    void createdAfterJoin();
#endif
};

void tst_PhoenixPresence::init()
{
    // Tests that break the connection on purpose get the socket's and channel's warnings about it
    // (their wording is not this test's business); every other test must run without warnings.
    static const QByteArrayList breaksConnection{"pendingAgainAfterRejoin", "heldDiffOfEarlierJoinIsDropped",
                                                 "staleStateIsIgnored", "createdAfterJoin"};
    if (!breaksConnection.contains(QTest::currentTestFunction()))
        QTest::failOnWarning(QRegularExpression(u".*"_s));
}

void tst_PhoenixPresence::syncState_data()
{
    QTest::addColumn<QJsonObject>("current");
    QTest::addColumn<QJsonObject>("newState");
    QTest::addColumn<QJsonObject>("expectedState");
    QTest::addColumn<QJsonArray>("expectedEvents");

    // Expectations follow from the rules of protocol.md A13 / presence.js: new keys join with all
    // their metas; keys missing from the new state leave with all their metas; for keys in both,
    // metas are matched by phx_ref only. Joins are applied (and reported) before leaves; onJoin gets
    // the presence before the join, onLeave the presence after the leave.
    QTest::newRow("first state") << QJsonObject() << obj("{'u1':{'metas':[{'phx_ref':'1','d':'phone'}]}}")
                                 << obj("{'u1':{'metas':[{'phx_ref':'1','d':'phone'}]}}")
                                 << arr("[['join','u1',{},{'metas':[{'phx_ref':'1','d':'phone'}]}]]");
    QTest::newRow("several metas per key")
        << QJsonObject()
        << obj("{'u1':{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}]},'u2':{'metas':[{'phx_ref':'3'}]}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}]},'u2':{'metas':[{'phx_ref':'3'}]}}")
        << arr("[['join','u1',{},{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}]}],"
               " ['join','u2',{},{'metas':[{'phx_ref':'3'}]}]]");
    QTest::newRow("rejoin: key missing from new state leaves")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]},'u2':{'metas':[{'phx_ref':'2'}]}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}") << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}")
        << arr("[['leave','u2',{'metas':[]},{'metas':[{'phx_ref':'2'}]}]]");
    QTest::newRow("rejoin: changed meta (new phx_ref)")
        << obj("{'u1':{'metas':[{'phx_ref':'1','s':'away'}]}}")
        << obj("{'u1':{'metas':[{'phx_ref':'2','s':'online'}]}}")
        << obj("{'u1':{'metas':[{'phx_ref':'2','s':'online'}]}}")
        << arr("[['join','u1',"
               "   {'metas':[{'phx_ref':'1','s':'away'}]},{'metas':[{'phx_ref':'2','s':'online'}]}],"
               " ['leave','u1',"
               "   {'metas':[{'phx_ref':'2','s':'online'}]},{'metas':[{'phx_ref':'1','s':'away'}]}]]");
    QTest::newRow("same state: nothing happens")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}") << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}") << QJsonArray();
    QTest::newRow("same phx_ref, other content: meta is kept as is")
        << obj("{'u1':{'metas':[{'phx_ref':'1','s':'away'}]}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1','s':'online'}]}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1','s':'away'}]}}") << QJsonArray();
    QTest::newRow("one meta of two leaves")
        << obj("{'u1':{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}]}}")
        << obj("{'u1':{'metas':[{'phx_ref':'2'}]}}") << obj("{'u1':{'metas':[{'phx_ref':'2'}]}}")
        << arr("[['leave','u1',{'metas':[{'phx_ref':'2'}]},{'metas':[{'phx_ref':'1'}]}]]");
    QTest::newRow("one key joins, another leaves")
        << obj("{'a':{'metas':[{'phx_ref':'1'}]},'b':{'metas':[{'phx_ref':'2'}]}}")
        << obj("{'b':{'metas':[{'phx_ref':'2'}]},'c':{'metas':[{'phx_ref':'3'}]}}")
        << obj("{'b':{'metas':[{'phx_ref':'2'}]},'c':{'metas':[{'phx_ref':'3'}]}}")
        << arr("[['join','c',{},{'metas':[{'phx_ref':'3'}]}],['leave','a',{'metas':[]},{'metas':[{'phx_ref':'"
               "1'}]}]]");
    QTest::newRow("empty new state: everyone leaves")
        << obj("{'a':{'metas':[{'phx_ref':'1'}]},'b':{'metas':[{'phx_ref':'2'},{'phx_ref':'3'}]}}")
        << QJsonObject() << QJsonObject()
        << arr("[['leave','a',{'metas':[]},{'metas':[{'phx_ref':'1'}]}],"
               " ['leave','b',{'metas':[]},{'metas':[{'phx_ref':'2'},{'phx_ref':'3'}]}]]");
    QTest::newRow("a meta joins and another leaves on one key")
        << obj("{'a':{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}]},'b':{'metas':[{'phx_ref':'3'}]}}")
        << obj("{'a':{'metas':[{'phx_ref':'2'},{'phx_ref':'4'}]},'b':{'metas':[{'phx_ref':'3'}]}}")
        << obj("{'a':{'metas':[{'phx_ref':'2'},{'phx_ref':'4'}]},'b':{'metas':[{'phx_ref':'3'}]}}")
        << arr("[['join','a',{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}]},{'metas':[{'phx_ref':'4'}]}],"
               " ['leave','a',{'metas':[{'phx_ref':'2'},{'phx_ref':'4'}]},{'metas':[{'phx_ref':'1'}]}]]");
}

void tst_PhoenixPresence::syncState()
{
    QFETCH(QJsonObject, current);
    QFETCH(QJsonObject, newState);
    QFETCH(QJsonObject, expectedState);
    QFETCH(QJsonArray, expectedEvents);

    Recorder recorder;
    const QJsonObject result =
        PhoenixPresence::syncState(current, newState, recorder.onJoin(), recorder.onLeave());
    QCOMPARE(result, expectedState);
    QCOMPARE(recorder.events, expectedEvents);
}

void tst_PhoenixPresence::syncDiff_data()
{
    QTest::addColumn<QJsonObject>("current");
    QTest::addColumn<QJsonObject>("diff");
    QTest::addColumn<QJsonObject>("expectedState");
    QTest::addColumn<QJsonArray>("expectedEvents");

    // Rules (A13): a joining presence replaces the key, keeping the current metas whose phx_ref does
    // not join again in front; leaves remove metas by phx_ref, the key goes with its last meta;
    // leaves of unknown keys are ignored.
    QTest::newRow("join of a new key")
        << QJsonObject() << obj("{'joins':{'u1':{'metas':[{'phx_ref':'1'}]}},'leaves':{}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}") << arr("[['join','u1',{},{'metas':[{'phx_ref':'1'}]}]]");
    QTest::newRow("second device of a key")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}")
        << obj("{'joins':{'u1':{'metas':[{'phx_ref':'2'}]}},'leaves':{}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}]}}")
        << arr("[['join','u1',{'metas':[{'phx_ref':'1'}]},{'metas':[{'phx_ref':'2'}]}]]");
    QTest::newRow("one meta of two leaves")
        << obj("{'u1':{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}]}}")
        << obj("{'joins':{},'leaves':{'u1':{'metas':[{'phx_ref':'1'}]}}}")
        << obj("{'u1':{'metas':[{'phx_ref':'2'}]}}")
        << arr("[['leave','u1',{'metas':[{'phx_ref':'2'}]},{'metas':[{'phx_ref':'1'}]}]]");
    QTest::newRow("last meta leaves: key removed")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]},'u2':{'metas':[{'phx_ref':'2'}]}}")
        << obj("{'joins':{},'leaves':{'u1':{'metas':[{'phx_ref':'1'}]}}}")
        << obj("{'u2':{'metas':[{'phx_ref':'2'}]}}")
        << arr("[['leave','u1',{'metas':[]},{'metas':[{'phx_ref':'1'}]}]]");
    QTest::newRow("update: join and leave of the same key in one diff")
        << obj("{'u1':{'metas':[{'phx_ref':'1','s':'away'}]}}")
        << obj("{'joins':{'u1':{'metas':[{'phx_ref':'2','s':'online'}]}},"
               " 'leaves':{'u1':{'metas':[{'phx_ref':'1','s':'away'}]}}}")
        << obj("{'u1':{'metas':[{'phx_ref':'2','s':'online'}]}}")
        << arr("[['join','u1',"
               "   {'metas':[{'phx_ref':'1','s':'away'}]},{'metas':[{'phx_ref':'2','s':'online'}]}],"
               " ['leave','u1',"
               "   {'metas':[{'phx_ref':'2','s':'online'}]},{'metas':[{'phx_ref':'1','s':'away'}]}]]");
    QTest::newRow("new key joins and leaves in one diff")
        << QJsonObject()
        << obj("{'joins':{'u1':{'metas':[{'phx_ref':'1'}]}},'leaves':{'u1':{'metas':[{'phx_ref':'1'}]}}}")
        << QJsonObject()
        << arr("[['join','u1',{},{'metas':[{'phx_ref':'1'}]}],['leave','u1',{'metas':[]},{'metas':[{'phx_ref'"
               ":'1'}]}]]");
    QTest::newRow("unknown key in leaves is ignored")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}")
        << obj("{'joins':{},'leaves':{'ghost':{'metas':[{'phx_ref':'9'}]}}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}") << QJsonArray();
    QTest::newRow("unknown phx_ref of a known key: reported, nothing removed")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}")
        << obj("{'joins':{},'leaves':{'u1':{'metas':[{'phx_ref':'9'}]}}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}")
        << arr("[['leave','u1',{'metas':[{'phx_ref':'1'}]},{'metas':[{'phx_ref':'9'}]}]]");
    QTest::newRow("same phx_ref joins again: replaced, not duplicated")
        << obj("{'u1':{'metas':[{'phx_ref':'1','s':'a'}]}}")
        << obj("{'joins':{'u1':{'metas':[{'phx_ref':'1','s':'b'}]}},'leaves':{}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1','s':'b'}]}}")
        << arr("[['join','u1',{'metas':[{'phx_ref':'1','s':'a'}]},{'metas':[{'phx_ref':'1','s':'b'}]}]]");
    QTest::newRow("kept metas come before joining ones")
        << obj("{'u1':{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}]}}")
        << obj("{'joins':{'u1':{'metas':[{'phx_ref':'3'},{'phx_ref':'1'}]}},'leaves':{}}")
        << obj("{'u1':{'metas':[{'phx_ref':'2'},{'phx_ref':'3'},{'phx_ref':'1'}]}}")
        << arr("[['join','u1',{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}]},{'metas':[{'phx_ref':'3'},{'phx_"
               "ref':'1'}]}]]");
    QTest::newRow("other presence fields come from the joining presence")
        << obj("{'u1':{'metas':[{'phx_ref':'1'}],'user':'old'}}")
        << obj("{'joins':{'u1':{'metas':[{'phx_ref':'2'}],'user':'new'}},'leaves':{}}")
        << obj("{'u1':{'metas':[{'phx_ref':'1'},{'phx_ref':'2'}],'user':'new'}}")
        << arr("[['join','u1',{'metas':[{'phx_ref':'1'}],'user':'old'},{'metas':[{'phx_ref':'2'}],'user':'"
               "new'}]]");
    QTest::newRow("empty diff") << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}")
                                << obj("{'joins':{},'leaves':{}}")
                                << obj("{'u1':{'metas':[{'phx_ref':'1'}]}}") << QJsonArray();
    QTest::newRow("several keys: joins first, then leaves")
        << obj("{'a':{'metas':[{'phx_ref':'1'}]},'z':{'metas':[{'phx_ref':'2'}]}}")
        << obj("{'joins':{'b':{'metas':[{'phx_ref':'3'}]},'y':{'metas':[{'phx_ref':'4'}]}},"
               " 'leaves':{'a':{'metas':[{'phx_ref':'1'}]}}}")
        << obj("{'b':{'metas':[{'phx_ref':'3'}]},'y':{'metas':[{'phx_ref':'4'}]},"
               " 'z':{'metas':[{'phx_ref':'2'}]}}")
        << arr("[['join','b',{},{'metas':[{'phx_ref':'3'}]}],['join','y',{},{'metas':[{'phx_ref':'4'}]}],"
               " ['leave','a',{'metas':[]},{'metas':[{'phx_ref':'1'}]}]]");
}

void tst_PhoenixPresence::syncDiff()
{
    QFETCH(QJsonObject, current);
    QFETCH(QJsonObject, diff);
    QFETCH(QJsonObject, expectedState);
    QFETCH(QJsonArray, expectedEvents);

    const QJsonObject currentBefore = current;
    Recorder recorder;
    const QJsonObject result =
        PhoenixPresence::syncDiff(current, diff, recorder.onJoin(), recorder.onLeave());
    QCOMPARE(result, expectedState);
    QCOMPARE(recorder.events, expectedEvents);
    QCOMPARE(current, currentBefore); // pure
}

void tst_PhoenixPresence::callbacksAreOptional()
{
    const QJsonObject current = obj("{'u1':{'metas':[{'phx_ref':'1'}]}}");
    const QJsonObject diff =
        obj("{'joins':{'u2':{'metas':[{'phx_ref':'2'}]}},'leaves':{'u1':{'metas':[{'phx_ref':'1'}]}}}");
    QCOMPARE(PhoenixPresence::syncDiff(current, diff), obj("{'u2':{'metas':[{'phx_ref':'2'}]}}"));
    QCOMPARE(PhoenixPresence::syncState(current, obj("{'u3':{'metas':[{'phx_ref':'3'}]}}")),
             obj("{'u3':{'metas':[{'phx_ref':'3'}]}}"));
}

void tst_PhoenixPresence::replayDiffsAfterState()
{
    // What the presence does with a diff that arrived before the state: state first, then the diff.
    // The diff's join of u2 already in the state must not duplicate u2's meta.
    const QJsonObject state = obj("{'u1':{'metas':[{'phx_ref':'1'}]},'u2':{'metas':[{'phx_ref':'2'}]}}");
    const QJsonObject diff =
        obj("{'joins':{'u2':{'metas':[{'phx_ref':'2'}]},'u3':{'metas':[{'phx_ref':'3'}]}},"
            " 'leaves':{'u1':{'metas':[{'phx_ref':'1'}]}}}");
    const QJsonObject result = PhoenixPresence::syncDiff(PhoenixPresence::syncState({}, state), diff);
    QCOMPARE(result, obj("{'u2':{'metas':[{'phx_ref':'2'}]},'u3':{'metas':[{'phx_ref':'3'}]}}"));
}

void tst_PhoenixPresence::nullChannel()
{
    QTest::ignoreMessage(QtWarningMsg, "PhoenixPresence created without a channel");
    PhoenixPresence presence(nullptr);
    QVERIFY(!presence.channel());
    QVERIFY(!presence.isSynced());
    QVERIFY(presence.keys().isEmpty());
    QVERIFY(presence.list().isEmpty());
    presence.setStateEvent(u"state"_s); // no channel: nothing to subscribe, no crash
    QCOMPARE(presence.stateEvent(), u"state"_s);
}

#ifdef PHOENIXQT_HAVE_DEVSERVER
namespace {
const QString Topic = u"room:presence"_s;

// One user connected to the dev server with one channel on Topic and a presence on it.
struct Client
{
    explicit Client(PhoenixDevServer &server, const QString &user, const QString &stateEvent = {},
                    const QString &diffEvent = {})
        : socket(server.url())
    {
        socket.setParams({{u"user"_s, user}});
        socket.setReconnectAfter([](int) { return 10; });
        socket.setRejoinAfter([](int) { return 10; });
        channel = socket.channel(Topic);
        presence = std::make_unique<PhoenixPresence>(channel);
        if (!stateEvent.isEmpty())
            presence->setStateEvent(stateEvent);
        if (!diffEvent.isEmpty())
            presence->setDiffEvent(diffEvent);
    }
    // Joins and waits for the join reply.
    bool join()
    {
        QSignalSpy joined(channel, &PhoenixChannel::joined);
        channel->join();
        socket.connectToServer();
        return joined.wait();
    }
    // Waits until \a event (sent by the server after everything before it) reached the channel.
    bool waitFor(const QString &event)
    {
        QSignalSpy received(channel, &PhoenixChannel::messageReceived);
        for (;;) {
            for (const QList<QVariant> &args : std::as_const(received)) {
                if (args.at(0).toString() == event)
                    return true;
            }
            if (!received.wait())
                return false;
        }
    }

    PhoenixSocket socket;
    PhoenixChannel *channel = nullptr;
    std::unique_ptr<PhoenixPresence> presence;
};

QJsonObject diffJoining(const QString &key, const QString &ref)
{
    return QJsonObject{
        {u"joins"_s,
         QJsonObject{{key, QJsonObject{{u"metas"_s, QJsonArray{QJsonObject{{u"phx_ref"_s, ref}}}}}}}},
        {u"leaves"_s, QJsonObject()}};
}

QJsonObject diffLeaving(const QString &key, const QString &ref)
{
    return QJsonObject{
        {u"joins"_s, QJsonObject()},
        {u"leaves"_s,
         QJsonObject{{key, QJsonObject{{u"metas"_s, QJsonArray{QJsonObject{{u"phx_ref"_s, ref}}}}}}}}};
}

QJsonObject presenceWith(const QString &ref)
{
    return QJsonObject{{u"metas"_s, QJsonArray{QJsonObject{{u"phx_ref"_s, ref}}}}};
}

QStringList joinedKeys(const QSignalSpy &spy)
{
    QStringList keys;
    for (const QList<QVariant> &args : spy)
        keys.append(args.at(0).toString());
    return keys;
}

// Scripted presence events, so the test decides what arrives when; the dev server's own
// presence_state/presence_diff are then ignored by the presence.
const QString StateEvent = u"test_state"_s;
const QString DiffEvent = u"test_diff"_s;
const QString Marker = u"marker"_s;
} // namespace

void tst_PhoenixPresence::ownPresenceFromServer()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(server, u"alice"_s);
    QSignalSpy synced(alice.presence.get(), &PhoenixPresence::synced);
    QSignalSpy inSync(alice.presence.get(), &PhoenixPresence::inSyncChanged);
    QVERIFY(!alice.presence->isSynced());
    QVERIFY(alice.join());
    QTRY_VERIFY(alice.presence->isSynced());
    QCOMPARE(inSync.size(), 1);
    QCOMPARE(inSync.at(0).at(0).toBool(), true);
    QVERIFY(synced.size() >= 1);
    QCOMPARE(alice.presence->keys(), QStringList{u"alice"_s});
    QCOMPARE(alice.presence->count(), 1);
    QVERIFY(alice.presence->contains(u"alice"_s));
    const QJsonArray metas = alice.presence->metas(u"alice"_s);
    QCOMPARE(metas.size(), 1); // the diff announcing our own join does not duplicate the meta
    QVERIFY(!metas.at(0).toObject().value(u"phx_ref"_s).toString().isEmpty());
}

void tst_PhoenixPresence::diffsBeforeStateAreHeld()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(server, u"alice"_s, StateEvent, DiffEvent);
    QSignalSpy synced(alice.presence.get(), &PhoenixPresence::synced);
    QSignalSpy joined(alice.presence.get(), &PhoenixPresence::joined);
    QSignalSpy changed(alice.presence.get(), &PhoenixPresence::changed);
    QVERIFY(alice.join());

    // A diff before the state: held.
    server.broadcast(Topic, DiffEvent, diffJoining(u"bob"_s, u"b1"_s));
    server.push(Topic, Marker);
    QVERIFY(alice.waitFor(Marker));
    QVERIFY(alice.presence->keys().isEmpty());
    QVERIFY(!alice.presence->isSynced());
    QCOMPARE(synced.size(), 0);
    QCOMPARE(changed.size(), 0);

    // The state: applied, then the held diff, then one synced().
    server.push(Topic, StateEvent, QJsonObject{{u"alice"_s, presenceWith(u"a1"_s)}});
    QVERIFY(synced.wait());
    QCOMPARE(synced.size(), 1);
    QCOMPARE(changed.size(), 1);
    QVERIFY(alice.presence->isSynced());
    QCOMPARE(alice.presence->keys(), (QStringList{u"alice"_s, u"bob"_s}));
    QCOMPARE(joinedKeys(joined), (QStringList{u"alice"_s, u"bob"_s}));

    // Once in sync, a diff applies at once.
    server.broadcast(Topic, DiffEvent, diffLeaving(u"bob"_s, u"b1"_s));
    QVERIFY(synced.wait());
    QCOMPARE(alice.presence->keys(), QStringList{u"alice"_s});
}

void tst_PhoenixPresence::pendingAgainAfterRejoin_data()
{
    QTest::addColumn<bool>("dropConnection");
    QTest::newRow("connection lost") << true;
    QTest::newRow("channel crashed") << false;
}

void tst_PhoenixPresence::pendingAgainAfterRejoin()
{
    QFETCH(bool, dropConnection);
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(server, u"alice"_s, StateEvent, DiffEvent);
    QVERIFY(alice.join());
    server.push(Topic, StateEvent,
                QJsonObject{{u"alice"_s, presenceWith(u"a1"_s)}, {u"bob"_s, presenceWith(u"b1"_s)}});
    QTRY_VERIFY(alice.presence->isSynced());
    const QString firstJoinRef = alice.channel->joinRef();

    QSignalSpy inSync(alice.presence.get(), &PhoenixPresence::inSyncChanged);
    QSignalSpy rejoined(alice.channel, &PhoenixChannel::joined);
    QSignalSpy left(alice.presence.get(), &PhoenixPresence::left);
    QSignalSpy joined(alice.presence.get(), &PhoenixPresence::joined);
    QSignalSpy synced(alice.presence.get(), &PhoenixPresence::synced);
    if (dropConnection)
        server.dropAllConnections();
    else
        server.crashTopic(Topic);
    QVERIFY(rejoined.wait());
    QVERIFY(alice.channel->joinRef() != firstJoinRef);
    QVERIFY(!alice.presence->isSynced());
    QCOMPARE(inSync.size(), 1);
    QCOMPARE(inSync.at(0).at(0).toBool(), false);
    // The last known state stays available while pending.
    QCOMPARE(alice.presence->keys(), (QStringList{u"alice"_s, u"bob"_s}));

    // A diff of the new join, before its state: held.
    server.broadcast(Topic, DiffEvent, diffLeaving(u"bob"_s, u"b1"_s));
    server.push(Topic, Marker);
    QVERIFY(alice.waitFor(Marker));
    QCOMPARE(alice.presence->keys(), (QStringList{u"alice"_s, u"bob"_s}));
    QCOMPARE(left.size(), 0);

    // The fresh state is reconciled with the old one, then the held diff is replayed.
    server.push(Topic, StateEvent,
                QJsonObject{{u"alice"_s, presenceWith(u"a1"_s)},
                            {u"bob"_s, presenceWith(u"b1"_s)},
                            {u"carol"_s, presenceWith(u"c1"_s)}});
    QVERIFY(synced.wait());
    QCOMPARE(synced.size(), 1);
    QVERIFY(alice.presence->isSynced());
    QCOMPARE(inSync.size(), 2);
    QCOMPARE(alice.presence->keys(), (QStringList{u"alice"_s, u"carol"_s}));
    QCOMPARE(joinedKeys(joined), QStringList{u"carol"_s}); // alice's unchanged meta is not re-announced
    QCOMPARE(joinedKeys(left), QStringList{u"bob"_s});
}

void tst_PhoenixPresence::heldDiffOfEarlierJoinIsDropped()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(server, u"alice"_s, StateEvent, DiffEvent);
    QVERIFY(alice.join());

    // Held under the first join, whose state never comes.
    server.broadcast(Topic, DiffEvent, diffJoining(u"ghost"_s, u"g1"_s));
    server.push(Topic, Marker);
    QVERIFY(alice.waitFor(Marker));

    QSignalSpy rejoined(alice.channel, &PhoenixChannel::joined);
    server.dropAllConnections();
    QVERIFY(rejoined.wait());

    QSignalSpy synced(alice.presence.get(), &PhoenixPresence::synced);
    server.push(Topic, StateEvent, QJsonObject{{u"alice"_s, presenceWith(u"a1"_s)}});
    QVERIFY(synced.wait());
    // The state of the new join already reflects everything before it: the old diff is not replayed.
    QCOMPARE(alice.presence->keys(), QStringList{u"alice"_s});
}

void tst_PhoenixPresence::staleStateIsIgnored()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(server, u"alice"_s, StateEvent, DiffEvent);
    QVERIFY(alice.join());
    const QString firstJoinRef = alice.channel->joinRef();
    server.push(Topic, StateEvent, QJsonObject{{u"alice"_s, presenceWith(u"a1"_s)}});
    QTRY_VERIFY(alice.presence->isSynced());

    QSignalSpy rejoined(alice.channel, &PhoenixChannel::joined);
    server.dropAllConnections();
    QVERIFY(rejoined.wait());
    QVERIFY(!alice.presence->isSynced());

    // A state carrying the join_ref of the previous join: dropped by the channel.
    const QJsonArray stale{firstJoinRef, QJsonValue::Null, Topic, StateEvent,
                           QJsonObject{{u"ghost"_s, presenceWith(u"g1"_s)}}};
    server.sendTextToAll(QString::fromUtf8(QJsonDocument(stale).toJson(QJsonDocument::Compact)));
    server.push(Topic, Marker);
    QVERIFY(alice.waitFor(Marker));
    QVERIFY(!alice.presence->isSynced());
    QCOMPARE(alice.presence->keys(), QStringList{u"alice"_s});

    server.push(Topic, StateEvent, QJsonObject{{u"alice"_s, presenceWith(u"a2"_s)}});
    QTRY_VERIFY(alice.presence->isSynced());
    QCOMPARE(alice.presence->keys(), QStringList{u"alice"_s});
    QCOMPARE(alice.presence->metas(u"alice"_s).at(0).toObject().value(u"phx_ref"_s).toString(), u"a2"_s);
}

void tst_PhoenixPresence::keysInOrderOfFirstAppearance()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(server, u"alice"_s, StateEvent, DiffEvent);
    QSignalSpy synced(alice.presence.get(), &PhoenixPresence::synced);
    QSignalSpy keysChanged(alice.presence.get(), &PhoenixPresence::keysChanged);
    QVERIFY(alice.join());

    server.push(Topic, StateEvent,
                QJsonObject{{u"m"_s, presenceWith(u"1"_s)}, {u"b"_s, presenceWith(u"2"_s)}});
    QVERIFY(synced.wait());
    QCOMPARE(alice.presence->keys(), (QStringList{u"b"_s, u"m"_s})); // same message: key order
    QCOMPARE(keysChanged.size(), 1);

    server.broadcast(Topic, DiffEvent, diffJoining(u"a"_s, u"3"_s));
    QVERIFY(synced.wait());
    QCOMPARE(alice.presence->keys(), (QStringList{u"b"_s, u"m"_s, u"a"_s})); // appended, not sorted
    QCOMPARE(keysChanged.size(), 2);

    server.broadcast(Topic, DiffEvent, diffJoining(u"b"_s, u"4"_s)); // b on a second device
    QVERIFY(synced.wait());
    QCOMPARE(alice.presence->keys(), (QStringList{u"b"_s, u"m"_s, u"a"_s}));
    QCOMPARE(keysChanged.size(), 2); // same keys

    server.broadcast(Topic, DiffEvent, diffLeaving(u"m"_s, u"1"_s));
    QVERIFY(synced.wait());
    server.broadcast(Topic, DiffEvent, diffJoining(u"m"_s, u"5"_s));
    QVERIFY(synced.wait());
    QCOMPARE(alice.presence->keys(), (QStringList{u"b"_s, u"a"_s, u"m"_s})); // came back: last
    QCOMPARE(keysChanged.size(), 4);
}

void tst_PhoenixPresence::stateCommittedBeforeSignals()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(server, u"alice"_s, StateEvent, DiffEvent);
    QVERIFY(alice.join());

    PhoenixPresence *presence = alice.presence.get();
    QStringList order;
    connect(presence, &PhoenixPresence::changed, this, [&] { order.append(u"changed"_s); });
    connect(presence, &PhoenixPresence::keysChanged, this, [&] { order.append(u"keysChanged"_s); });
    connect(presence, &PhoenixPresence::joined, this,
            [&](const QString &key, const QJsonObject &current, const QJsonObject &) {
                QVERIFY(presence->contains(key));
                order.append(u"joined "_s + key + (current.isEmpty() ? u" new"_s : u" more"_s));
            });
    connect(presence, &PhoenixPresence::left, this,
            [&](const QString &key, const QJsonObject &current, const QJsonObject &) {
                QCOMPARE(presence->contains(key), !current.value(u"metas"_s).toArray().isEmpty());
                order.append(u"left "_s + key);
            });
    connect(presence, &PhoenixPresence::synced, this, [&] { order.append(u"synced"_s); });

    QSignalSpy synced(presence, &PhoenixPresence::synced);
    server.push(Topic, StateEvent, QJsonObject{{u"alice"_s, presenceWith(u"a1"_s)}});
    QVERIFY(synced.wait());
    server.broadcast(Topic, DiffEvent,
                     QJsonObject{{u"joins"_s, QJsonObject{{u"alice"_s, presenceWith(u"a2"_s)}}},
                                 {u"leaves"_s, QJsonObject{{u"alice"_s, presenceWith(u"a1"_s)}}}});
    QVERIFY(synced.wait());
    QCOMPARE(order, (QStringList{u"changed"_s, u"keysChanged"_s, u"joined alice new"_s, u"synced"_s,
                                 u"changed"_s, u"joined alice more"_s, u"left alice"_s, u"synced"_s}));
}

void tst_PhoenixPresence::list()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(server, u"alice"_s, StateEvent, DiffEvent);
    QSignalSpy synced(alice.presence.get(), &PhoenixPresence::synced);
    QVERIFY(alice.join());
    const QJsonObject two{
        {u"metas"_s, QJsonArray{QJsonObject{{u"phx_ref"_s, u"z1"_s}}, QJsonObject{{u"phx_ref"_s, u"z2"_s}}}}};
    server.push(Topic, StateEvent, QJsonObject{{u"zed"_s, two}});
    QVERIFY(synced.wait());
    server.broadcast(Topic, DiffEvent, diffJoining(u"amy"_s, u"a1"_s));
    QVERIFY(synced.wait());

    const PhoenixPresence &presence = *alice.presence;
    QCOMPARE(presence.list(), (QJsonArray{two, presenceWith(u"a1"_s)}));

    const PhoenixPresence::Chooser chooser = [](const QString &key, const QJsonObject &p) {
        return QVariant(key + u':' + QString::number(p.value(u"metas"_s).toArray().size()));
    };
    QCOMPARE(presence.list(chooser), (QVariantList{u"zed:2"_s, u"amy:1"_s}));

    const QStringList typed = presence.list([](const QString &key, const QJsonObject &p) -> QString {
        return key + u'/' + p.value(u"metas"_s).toArray().at(0).toObject().value(u"phx_ref"_s).toString();
    });
    QCOMPARE(typed, (QStringList{u"zed/z1"_s, u"amy/a1"_s}));
    const QList<int> counts = presence.list(
        [](const QString &, const QJsonObject &p) { return int(p.value(u"metas"_s).toArray().size()); });
    QCOMPARE(counts, (QList<int>{2, 1}));
}

void tst_PhoenixPresence::channelDeleted()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(server, u"alice"_s);
    QVERIFY(alice.join());
    QTRY_VERIFY(alice.presence->isSynced());
    QSignalSpy inSync(alice.presence.get(), &PhoenixPresence::inSyncChanged);
    delete alice.channel;
    QVERIFY(!alice.presence->channel());
    QVERIFY(!alice.presence->isSynced());
    QCOMPARE(inSync.size(), 1);
    QCOMPARE(alice.presence->keys(), QStringList{u"alice"_s}); // last state kept
    alice.presence->setDiffEvent(u"other"_s);                  // no channel: no crash
}

void tst_PhoenixPresence::eventNamesCanChange()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(server, u"alice"_s);
    QSignalSpy stateEventChanged(alice.presence.get(), &PhoenixPresence::stateEventChanged);
    QSignalSpy diffEventChanged(alice.presence.get(), &PhoenixPresence::diffEventChanged);
    QCOMPARE(alice.presence->stateEvent(), u"presence_state"_s);
    QCOMPARE(alice.presence->diffEvent(), u"presence_diff"_s);
    alice.presence->setStateEvent(StateEvent);
    alice.presence->setStateEvent(StateEvent);
    alice.presence->setDiffEvent(DiffEvent);
    QCOMPARE(stateEventChanged.size(), 1);
    QCOMPARE(diffEventChanged.size(), 1);

    // The server's own presence_state/presence_diff are not listened to any more.
    QVERIFY(alice.join());
    server.push(Topic, Marker);
    QVERIFY(alice.waitFor(Marker));
    QVERIFY(alice.presence->keys().isEmpty());
    QVERIFY(!alice.presence->isSynced());

    QSignalSpy synced(alice.presence.get(), &PhoenixPresence::synced);
    server.push(Topic, StateEvent, QJsonObject{{u"x"_s, presenceWith(u"1"_s)}});
    QVERIFY(synced.wait());
    QCOMPARE(alice.presence->keys(), QStringList{u"x"_s});
}

void tst_PhoenixPresence::createdAfterJoin()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    PhoenixSocket socket(server.url());
    socket.setParams({{u"user"_s, u"late"_s}});
    socket.setReconnectAfter([](int) { return 10; });
    PhoenixChannel *channel = socket.channel(Topic);
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    channel->join();
    socket.connectToServer();
    QVERIFY(joined.wait());
    // Make sure the server's presence_state for this join has come and gone.
    server.push(Topic, Marker);
    QSignalSpy received(channel, &PhoenixChannel::messageReceived);
    QTRY_VERIFY(std::any_of(received.cbegin(), received.cend(),
                            [](const QList<QVariant> &args) { return args.at(0).toString() == Marker; }));

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"created for room:presence after it joined"_s));
    PhoenixPresence presence(channel);
    QVERIFY(!presence.isSynced());
    QVERIFY(presence.keys().isEmpty());

    // The next join brings a state.
    server.dropAllConnections();
    QTRY_VERIFY(presence.isSynced());
    QCOMPARE(presence.keys(), QStringList{u"late"_s});
}
#endif

QTEST_GUILESS_MAIN(tst_PhoenixPresence)
#include "tst_phoenixpresence.moc"
