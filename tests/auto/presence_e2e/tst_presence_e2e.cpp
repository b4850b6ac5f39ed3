// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// End to end: several PhoenixSockets (one per user and device) against the in-process dev server,
// which tracks presence like Phoenix.Presence (key = connect param "user"); each client watches
// the room through PhoenixPresence + PhoenixPresenceModel. Every test runs over WebSocket and over
// LongPoll.
#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPresence>
#include <PhoenixQt/PhoenixPresenceModel>
#include <PhoenixQt/PhoenixSocket>

#include "testbed.h"

#include <QtCore/QJsonArray>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;

using namespace PhoenixTest;

namespace {

// One device of one user: a socket, the lobby channel, its presence and a model over it.
class Device
{
public:
    Device(const PhoenixDevServer &server, const QString &user)
        : socket(server.url())
    {
        useCurrentTransport(socket);
        socket.setParams({{u"user"_s, user}});
        socket.setReconnectAfter([](int) { return 20; });
        socket.setRejoinAfter([](int) { return 20; });
        channel = socket.channel(Lobby);
        presence = std::make_unique<PhoenixPresence>(channel);
        model = std::make_unique<PhoenixPresenceModel>(presence.get());
        tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        channel->join();
        socket.connectToServer();
    }

    QStringList rows() const
    {
        QStringList keys;
        for (int row = 0; row < model->rowCount(); ++row)
            keys.append(model->index(row, 0).data(PhoenixPresenceModel::KeyRole).toString());
        return keys;
    }
    int metaCount(const QString &key) const
    {
        const int row = model->indexOf(key);
        return row < 0 ? 0 : model->index(row, 0).data(PhoenixPresenceModel::MetaCountRole).toInt();
    }
    // Every key once, with exactly \a metas metas each, all phx_refs distinct, model == presence.
    bool consistent(const QStringList &expectedKeys, int metas = 1) const
    {
        const QStringList shown = rows();
        if (!presence->isSynced() || shown != presence->keys() || shown.size() != expectedKeys.size())
            return false;
        if (QSet<QString>(expectedKeys.cbegin(), expectedKeys.cend()) !=
            QSet<QString>(shown.cbegin(), shown.cend()))
            return false;
        QSet<QString> refs;
        for (const QString &key : expectedKeys) {
            const QJsonArray keyMetas = presence->metas(key);
            if (keyMetas.size() != metas || metaCount(key) != metas)
                return false;
            for (const QJsonValue &meta : keyMetas)
                refs.insert(meta.toObject().value(u"phx_ref"_s).toString());
        }
        return refs.size() == expectedKeys.size() * metas;
    }

    PhoenixSocket socket;
    PhoenixChannel *channel = nullptr;
    std::unique_ptr<PhoenixPresence> presence;
    std::unique_ptr<PhoenixPresenceModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;
};
} // namespace

class tst_PresenceE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void init();
    void othersAppearAndDisappear();
    void severalDevicesOneRow();
    void serverRestartResyncs();
};

void tst_PresenceE2E::initTestCase_data()
{
    addTransportRows();
}

void tst_PresenceE2E::init()
{
    // A server restart makes the sockets warn about the lost connection and refused reconnects.
    if (QByteArray(QTest::currentTestFunction()) != "serverRestartResyncs")
        QTest::failOnWarning(QRegularExpression(u".*"_s));
}

void tst_PresenceE2E::othersAppearAndDisappear()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.setLongPollWindow(LongPollWindowMs); // LongPoll: a closed session ends after 1.5 windows

    Device alice(server, u"alice"_s);
    QTRY_COMPARE(alice.rows(), QStringList{u"alice"_s});
    QVERIFY(alice.presence->isSynced());
    QSignalSpy inserted(alice.model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(alice.model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(alice.model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy joined(alice.presence.get(), &PhoenixPresence::joined);
    QSignalSpy left(alice.presence.get(), &PhoenixPresence::left);

    // bob comes in: a row appears in alice's model; bob sees both.
    auto bob = std::make_unique<Device>(server, u"bob"_s);
    QTRY_COMPARE(alice.rows(), (QStringList{u"alice"_s, u"bob"_s}));
    QTRY_VERIFY(bob->consistent({u"alice"_s, u"bob"_s}));
    QVERIFY(alice.consistent({u"alice"_s, u"bob"_s}));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(joined.size(), 1);
    QCOMPARE(joined.at(0).at(0).toString(), u"bob"_s);
    QVERIFY(joined.at(0).at(1).toJsonObject().isEmpty()); // came online

    // bob disconnects: his row goes.
    bob->socket.disconnectFromServer();
    QTRY_COMPARE(alice.rows(), QStringList{u"alice"_s});
    QCOMPARE(removed.size(), 1);
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.at(0).at(0).toString(), u"bob"_s);
    QVERIFY(left.at(0).at(1).toJsonObject().value(u"metas"_s).toArray().isEmpty()); // went offline

    // bob reconnects (his channel rejoins by itself), then leaves for good by deleting his socket.
    bob->socket.connectToServer();
    QTRY_COMPARE(alice.rows(), (QStringList{u"alice"_s, u"bob"_s}));
    bob.reset();
    QTRY_COMPARE(alice.rows(), QStringList{u"alice"_s});
    QVERIFY(alice.consistent({u"alice"_s}));
    QCOMPARE(reset.size(), 0);
}

void tst_PresenceE2E::severalDevicesOneRow()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.setLongPollWindow(LongPollWindowMs); // LongPoll: a closed session ends after 1.5 windows

    Device alice(server, u"alice"_s);
    Device bobPhone(server, u"bob"_s);
    QTRY_VERIFY(alice.consistent({u"alice"_s, u"bob"_s}));
    QSignalSpy changed(alice.model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(alice.model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(alice.model.get(), &QAbstractItemModel::rowsRemoved);

    // bob's laptop: the same row, two metas.
    auto bobLaptop = std::make_unique<Device>(server, u"bob"_s);
    QTRY_COMPARE(alice.metaCount(u"bob"_s), 2);
    QCOMPARE(alice.rows(), (QStringList{u"alice"_s, u"bob"_s}));
    QTRY_COMPARE(bobLaptop->metaCount(u"bob"_s), 2);
    QVERIFY(changed.size() >= 1);
    QCOMPARE(inserted.size(), 0);

    // The laptop goes: bob stays online with one meta.
    bobLaptop.reset();
    QTRY_COMPARE(alice.metaCount(u"bob"_s), 1);
    QVERIFY(alice.consistent({u"alice"_s, u"bob"_s}));
    QCOMPARE(removed.size(), 0);
}

void tst_PresenceE2E::serverRestartResyncs()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.setLongPollWindow(LongPollWindowMs); // LongPoll: a closed session ends after 1.5 windows
    const quint16 port = server.port();

    Device alice(server, u"alice"_s);
    Device bob(server, u"bob"_s);
    Device carol(server, u"carol"_s);
    QTRY_VERIFY(alice.consistent({u"alice"_s, u"bob"_s, u"carol"_s}));
    QTRY_VERIFY(bob.consistent({u"alice"_s, u"bob"_s, u"carol"_s}));
    const QString aliceRefBefore =
        alice.presence->metas(u"alice"_s).at(0).toObject().value(u"phx_ref"_s).toString();
    QSignalSpy reset(alice.model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inSync(alice.presence.get(), &PhoenixPresence::inSyncChanged);

    // The server dies and comes back on the same port; carol does not come back.
    carol.socket.setAutoReconnect(false);
    server.close();
    QVERIFY(server.listen(QHostAddress::LocalHost, port));

    QTRY_VERIFY_WITH_TIMEOUT(alice.consistent({u"alice"_s, u"bob"_s}), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(bob.consistent({u"alice"_s, u"bob"_s}), 10000);
    QVERIFY(inSync.size() >= 2); // pending during the rejoin, in sync after the new state
    QVERIFY(alice.presence->isSynced());
    // The new server handed out new refs: the old metas were replaced, not kept next to the new ones.
    QVERIFY(alice.presence->metas(u"alice"_s).at(0).toObject().value(u"phx_ref"_s).toString() !=
            aliceRefBefore);
    QCOMPARE(reset.size(), 0);
}

QTEST_GUILESS_MAIN(tst_PresenceE2E)
#include "tst_presence_e2e.moc"
