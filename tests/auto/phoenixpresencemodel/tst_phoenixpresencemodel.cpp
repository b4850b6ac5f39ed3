// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPresence>
#include <PhoenixQt/PhoenixPresenceModel>
#include <PhoenixQt/PhoenixSocket>

#include <phoenixdevserver.h>

#include <QtCore/QAbstractItemModel>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QListView>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
const QString Topic = u"room:model"_s;
// Scripted presence events: the test decides what the presence receives and when.
const QString StateEvent = u"test_state"_s;
const QString DiffEvent = u"test_diff"_s;

// One user connected to the dev server with a channel on Topic and a presence on it.
struct Client
{
    Client(PhoenixDevServer &server, const QString &user)
        : socket(server.url())
    {
        socket.setParams({{u"user"_s, user}});
        socket.setReconnectAfter([](int) { return 10; });
        socket.setRejoinAfter([](int) { return 10; });
        channel = socket.channel(Topic);
        presence = std::make_unique<PhoenixPresence>(channel);
        presence->setStateEvent(StateEvent);
        presence->setDiffEvent(DiffEvent);
    }
    bool join()
    {
        QSignalSpy joined(channel, &PhoenixChannel::joined);
        channel->join();
        socket.connectToServer();
        return joined.wait();
    }

    PhoenixSocket socket;
    PhoenixChannel *channel = nullptr;
    std::unique_ptr<PhoenixPresence> presence;
};

QJsonObject meta(const QString &ref, const QString &device)
{
    return QJsonObject{{u"phx_ref"_s, ref}, {u"device"_s, device}};
}

QJsonObject presenceOf(const QJsonArray &metas)
{
    return QJsonObject{{u"metas"_s, metas}};
}

QJsonObject diff(const QJsonObject &joins, const QJsonObject &leaves)
{
    return QJsonObject{{u"joins"_s, joins}, {u"leaves"_s, leaves}};
}

QStringList modelKeys(const QAbstractItemModel &model)
{
    QStringList keys;
    for (int row = 0; row < model.rowCount(); ++row)
        keys.append(model.index(row, 0).data(PhoenixPresenceModel::KeyRole).toString());
    return keys;
}

// "first-last" of each rowsInserted/rowsRemoved (parent, first, last) or dataChanged (topLeft,
// bottomRight, roles) signal, in order.
QStringList ranges(const QSignalSpy &spy)
{
    QStringList result;
    for (const QList<QVariant> &args : spy) {
        const bool isDataChanged = args.at(1).metaType() == QMetaType::fromType<QModelIndex>();
        const int first = isDataChanged ? args.at(0).toModelIndex().row() : args.at(1).toInt();
        const int last = isDataChanged ? args.at(1).toModelIndex().row() : args.at(2).toInt();
        result.append(QString::number(first) + u'-' + QString::number(last));
    }
    return result;
}

// Records every structural signal of a model, to compare after each step.
struct ModelSpies
{
    explicit ModelSpies(QAbstractItemModel *model)
        : inserted(model, &QAbstractItemModel::rowsInserted)
        , removed(model, &QAbstractItemModel::rowsRemoved)
        , changed(model, &QAbstractItemModel::dataChanged)
        , reset(model, &QAbstractItemModel::modelReset)
        , moved(model, &QAbstractItemModel::rowsMoved)
        , layout(model, &QAbstractItemModel::layoutChanged)
    {
    }
    void clear()
    {
        inserted.clear();
        removed.clear();
        changed.clear();
        reset.clear();
        moved.clear();
        layout.clear();
    }
    QSignalSpy inserted;
    QSignalSpy removed;
    QSignalSpy changed;
    QSignalSpy reset;
    QSignalSpy moved;
    QSignalSpy layout;
};
} // namespace

class tst_PhoenixPresenceModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void emptyModel();
    void incrementalUpdates();
    void roles();
    void reservedFieldNames();
    void replacePresence();
    void presenceDeleted();
    void listView();
};

void tst_PhoenixPresenceModel::init()
{
    // incrementalUpdates drops the connection on purpose: the socket may warn about it.
    if (QByteArray(QTest::currentTestFunction()) != "incrementalUpdates")
        QTest::failOnWarning(QRegularExpression(u".*"_s));
}

void tst_PhoenixPresenceModel::emptyModel()
{
    PhoenixPresenceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.count(), 0);
    QVERIFY(!model.presence());
    const QHash<int, QByteArray> roles = model.roleNames();
    QCOMPARE(roles.value(PhoenixPresenceModel::KeyRole), "key");
    QCOMPARE(roles.value(PhoenixPresenceModel::MetasRole), "metas");
    QCOMPARE(roles.value(PhoenixPresenceModel::MetaCountRole), "metaCount");
    QCOMPARE(roles.value(PhoenixPresenceModel::MetaRole), "meta");
    QCOMPARE(roles.value(Qt::DisplayRole), "display");
    QVERIFY(model.get(0).isEmpty());
    QCOMPARE(model.indexOf(u"nobody"_s), -1);
}

void tst_PhoenixPresenceModel::incrementalUpdates()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client(server, u"me"_s);
    PhoenixPresence *presence = client.presence.get();
    PhoenixPresenceModel model(presence);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ModelSpies spies(&model);
    QSignalSpy count(&model, &PhoenixPresenceModel::countChanged);
    QSignalSpy synced(presence, &PhoenixPresence::synced);
    QVERIFY(client.join());

    // Two keys from the first state: one insertion.
    server.push(Topic, StateEvent,
                QJsonObject{{u"alice"_s, presenceOf({meta(u"a1"_s, u"phone"_s)})},
                            {u"bob"_s, presenceOf({meta(u"b1"_s, u"laptop"_s)})}});
    QVERIFY(synced.wait());
    QCOMPARE(modelKeys(model), (QStringList{u"alice"_s, u"bob"_s}));
    QCOMPARE(ranges(spies.inserted), QStringList{u"0-1"_s});
    QCOMPARE(spies.removed.size(), 0);
    QCOMPARE(spies.changed.size(), 0);
    QCOMPARE(count.size(), 1);
    QCOMPARE(model.count(), 2);
    spies.clear();

    // A new key is appended.
    server.broadcast(Topic, DiffEvent, diff({{u"carol"_s, presenceOf({meta(u"c1"_s, u"tablet"_s)})}}, {}));
    QVERIFY(synced.wait());
    QCOMPARE(modelKeys(model), (QStringList{u"alice"_s, u"bob"_s, u"carol"_s}));
    QCOMPARE(ranges(spies.inserted), QStringList{u"2-2"_s});
    QCOMPARE(spies.changed.size(), 0);
    spies.clear();

    // A second device of alice: her row changes, nothing else.
    server.broadcast(Topic, DiffEvent, diff({{u"alice"_s, presenceOf({meta(u"a2"_s, u"laptop"_s)})}}, {}));
    QVERIFY(synced.wait());
    QCOMPARE(ranges(spies.changed), QStringList{u"0-0"_s});
    QCOMPARE(spies.inserted.size(), 0);
    QCOMPARE(spies.removed.size(), 0);
    QCOMPARE(model.index(0, 0).data(PhoenixPresenceModel::MetaCountRole).toInt(), 2);
    QCOMPARE(model.index(0, 0).data(model.roleForField(u"device"_s)).toString(), u"phone"_s);
    spies.clear();

    // Her first device leaves: still one row, the first meta is now the laptop.
    server.broadcast(Topic, DiffEvent, diff({}, {{u"alice"_s, presenceOf({meta(u"a1"_s, u"phone"_s)})}}));
    QVERIFY(synced.wait());
    QCOMPARE(ranges(spies.changed), QStringList{u"0-0"_s});
    QCOMPARE(spies.removed.size(), 0);
    QCOMPARE(model.index(0, 0).data(PhoenixPresenceModel::MetaCountRole).toInt(), 1);
    QCOMPARE(model.index(0, 0).data(model.roleForField(u"device"_s)).toString(), u"laptop"_s);
    spies.clear();

    // bob's last meta leaves: his row goes.
    server.broadcast(Topic, DiffEvent, diff({}, {{u"bob"_s, presenceOf({meta(u"b1"_s, u"laptop"_s)})}}));
    QVERIFY(synced.wait());
    QCOMPARE(modelKeys(model), (QStringList{u"alice"_s, u"carol"_s}));
    QCOMPARE(ranges(spies.removed), QStringList{u"1-1"_s});
    QCOMPARE(spies.changed.size(), 0);
    QCOMPARE(model.count(), 2);
    spies.clear();

    // An unknown key leaving and an empty diff change nothing.
    server.broadcast(Topic, DiffEvent, diff({}, {{u"ghost"_s, presenceOf({meta(u"g1"_s, u"phone"_s)})}}));
    QVERIFY(synced.wait());
    server.broadcast(Topic, DiffEvent, diff({}, {}));
    QVERIFY(synced.wait());
    QCOMPARE(spies.inserted.size() + spies.removed.size() + spies.changed.size(), 0);

    // Two adjacent keys leave and one joins in one diff: one removal of both rows, one insertion.
    server.broadcast(Topic, DiffEvent,
                     diff({{u"dave"_s, presenceOf({meta(u"d1"_s, u"phone"_s)})}},
                          {{u"alice"_s, presenceOf({meta(u"a2"_s, u"laptop"_s)})},
                           {u"carol"_s, presenceOf({meta(u"c1"_s, u"tablet"_s)})}}));
    QVERIFY(synced.wait());
    QCOMPARE(modelKeys(model), QStringList{u"dave"_s});
    QCOMPARE(ranges(spies.removed), QStringList{u"0-1"_s});
    QCOMPARE(ranges(spies.inserted), QStringList{u"0-0"_s});
    spies.clear();

    server.broadcast(Topic, DiffEvent, diff({{u"erin"_s, presenceOf({meta(u"e1"_s, u"phone"_s)})}}, {}));
    QVERIFY(synced.wait());
    QCOMPARE(modelKeys(model), (QStringList{u"dave"_s, u"erin"_s}));
    spies.clear();

    // Rejoin, then a fresh state that changes almost everything: still incremental.
    QSignalSpy rejoined(client.channel, &PhoenixChannel::joined);
    server.dropAllConnections();
    QVERIFY(rejoined.wait());
    server.push(Topic, StateEvent,
                QJsonObject{{u"erin"_s, presenceOf({meta(u"e1"_s, u"phone"_s)})},
                            {u"dave"_s, presenceOf({meta(u"d2"_s, u"laptop"_s)})},
                            {u"frank"_s, presenceOf({meta(u"f1"_s, u"phone"_s)})},
                            {u"gina"_s, presenceOf({meta(u"g1"_s, u"phone"_s)})}});
    QVERIFY(synced.wait());
    QCOMPARE(modelKeys(model), (QStringList{u"dave"_s, u"erin"_s, u"frank"_s, u"gina"_s}));
    QCOMPARE(ranges(spies.changed), QStringList{u"0-0"_s}); // dave's meta was replaced, erin unchanged
    QCOMPARE(ranges(spies.inserted), QStringList{u"2-3"_s});
    QCOMPARE(spies.removed.size(), 0);

    // The model follows the presence's order, and never reset, moved or re-laid out.
    QCOMPARE(modelKeys(model), presence->keys());
    QCOMPARE(spies.reset.size(), 0);
    QCOMPARE(spies.moved.size(), 0);
    QCOMPARE(spies.layout.size(), 0);
    QCOMPARE(count.last().at(0).toInt(), 4);
}

void tst_PhoenixPresenceModel::roles()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client(server, u"me"_s);
    PhoenixPresenceModel model(client.presence.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy synced(client.presence.get(), &PhoenixPresence::synced);
    QVERIFY(client.join());
    QJsonObject phone = meta(u"a1"_s, u"phone"_s);
    phone.insert(u"online_at"_s, 1700000000);
    server.push(Topic, StateEvent,
                QJsonObject{{u"alice"_s, presenceOf({phone, meta(u"a2"_s, u"laptop"_s)})}});
    QVERIFY(synced.wait());

    const QModelIndex alice = model.index(0, 0);
    QCOMPARE(alice.data(Qt::DisplayRole).toString(), u"alice"_s);
    QCOMPARE(alice.data(PhoenixPresenceModel::KeyRole).toString(), u"alice"_s);
    QCOMPARE(alice.data(PhoenixPresenceModel::MetaCountRole).toInt(), 2);
    const QVariantList metas = alice.data(PhoenixPresenceModel::MetasRole).toList();
    QCOMPARE(metas.size(), 2);
    QCOMPARE(metas.at(0).toMap().value(u"device"_s).toString(), u"phone"_s);
    QCOMPARE(metas.at(1).toMap().value(u"phx_ref"_s).toString(), u"a2"_s);
    const QVariantMap first = alice.data(PhoenixPresenceModel::MetaRole).toMap();
    QCOMPARE(first.value(u"phx_ref"_s).toString(), u"a1"_s);
    QCOMPARE(first.value(u"online_at"_s).toLongLong(), 1700000000LL);

    // One role per field of the first meta, listed in roleNames() for QML.
    const QHash<int, QByteArray> roleNames = model.roleNames();
    for (const QString &field : {u"device"_s, u"online_at"_s, u"phx_ref"_s}) {
        const int role = model.roleForField(field);
        QVERIFY2(role >= PhoenixPresenceModel::FirstMetaFieldRole, qPrintable(field));
        QCOMPARE(roleNames.value(role), field.toUtf8());
        QCOMPARE(alice.data(role), first.value(field));
    }
    QCOMPARE(model.roleForField(u"nonexistent"_s), -1);
    QVERIFY(!alice.data(PhoenixPresenceModel::FirstMetaFieldRole + 100).isValid());

    const QVariantMap row = model.get(0);
    QCOMPARE(row.value(u"key"_s).toString(), u"alice"_s);
    QCOMPARE(row.value(u"metaCount"_s).toInt(), 2);
    QCOMPARE(row.value(u"device"_s).toString(), u"phone"_s);
    QCOMPARE(row.value(u"meta"_s).toMap(), first);
    QCOMPARE(row.value(u"metas"_s).toList(), metas);
    QVERIFY(!row.contains(u"display"_s));
    QCOMPARE(model.indexOf(u"alice"_s), 0);
    QVERIFY(model.get(1).isEmpty());
    QVERIFY(model.get(-1).isEmpty());
}

void tst_PhoenixPresenceModel::reservedFieldNames()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client(server, u"me"_s);
    PhoenixPresenceModel model(client.presence.get());
    QSignalSpy synced(client.presence.get(), &PhoenixPresence::synced);
    QVERIFY(client.join());
    const QJsonObject odd{{u"phx_ref"_s, u"1"_s},
                          {u"key"_s, u"not the key"_s},
                          {u"index"_s, 7},
                          {u"display"_s, u"x"_s},
                          {u"status"_s, u"away"_s}};
    server.push(Topic, StateEvent, QJsonObject{{u"alice"_s, presenceOf({odd})}});
    QVERIFY(synced.wait());

    // Fields that would clash with the model's roles or QML's delegate names get no role...
    for (const QString &field : {u"key"_s, u"index"_s, u"display"_s})
        QCOMPARE(model.roleForField(field), -1);
    QCOMPARE(model.index(0, 0).data(PhoenixPresenceModel::KeyRole).toString(), u"alice"_s);
    QCOMPARE(model.get(0).value(u"key"_s).toString(), u"alice"_s);
    // ...but stay readable through "meta"; the others get theirs.
    QCOMPARE(model.index(0, 0).data(PhoenixPresenceModel::MetaRole).toMap().value(u"key"_s).toString(),
             u"not the key"_s);
    QCOMPARE(model.index(0, 0).data(model.roleForField(u"status"_s)).toString(), u"away"_s);
    const QList<QByteArray> names = model.roleNames().values();
    QCOMPARE(names.count("key"), 1);
}

void tst_PhoenixPresenceModel::replacePresence()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client first(server, u"one"_s);
    Client second(server, u"two"_s);
    QSignalSpy firstSynced(first.presence.get(), &PhoenixPresence::synced);
    QSignalSpy secondSynced(second.presence.get(), &PhoenixPresence::synced);
    QVERIFY(first.join());
    QVERIFY(second.join());
    // push() reaches every member of the topic: both presences get the same state...
    server.push(Topic, StateEvent, QJsonObject{{u"x"_s, presenceOf({meta(u"x1"_s, u"phone"_s)})}});
    QVERIFY(firstSynced.wait());
    QTRY_COMPARE(secondSynced.size(), 1);
    // ...then a diff, so they hold the same keys in different order of appearance.
    server.broadcast(Topic, DiffEvent, diff({{u"y"_s, presenceOf({meta(u"y1"_s, u"phone"_s)})}}, {}));
    QTRY_COMPARE(secondSynced.size(), 2);

    PhoenixPresenceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy presenceChanged(&model, &PhoenixPresenceModel::presenceChanged);
    QSignalSpy count(&model, &PhoenixPresenceModel::countChanged);

    model.setPresence(first.presence.get());
    QCOMPARE(reset.size(), 1);
    QCOMPARE(presenceChanged.size(), 1);
    QCOMPARE(model.presence(), first.presence.get());
    QCOMPARE(modelKeys(model), first.presence->keys());
    QCOMPARE(count.size(), 1);

    model.setPresence(first.presence.get()); // same: nothing
    QCOMPARE(reset.size(), 1);
    QCOMPARE(presenceChanged.size(), 1);

    model.setPresence(second.presence.get());
    QCOMPARE(reset.size(), 2);
    QCOMPARE(modelKeys(model), second.presence->keys());
    QCOMPARE(count.size(), 1); // same number of rows

    // The new presence drives the model.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    server.broadcast(Topic, DiffEvent, diff({{u"z"_s, presenceOf({meta(u"z1"_s, u"phone"_s)})}}, {}));
    QTRY_COMPARE(secondSynced.size(), 3);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(modelKeys(model), second.presence->keys());

    model.setPresence(nullptr);
    QCOMPARE(reset.size(), 3);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(count.last().at(0).toInt(), 0);
}

void tst_PhoenixPresenceModel::presenceDeleted()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client(server, u"me"_s);
    PhoenixPresenceModel model(client.presence.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy synced(client.presence.get(), &PhoenixPresence::synced);
    QVERIFY(client.join());
    server.push(Topic, StateEvent, QJsonObject{{u"x"_s, presenceOf({meta(u"x1"_s, u"phone"_s)})}});
    QVERIFY(synced.wait());
    QCOMPARE(model.rowCount(), 1);

    QSignalSpy presenceChanged(&model, &PhoenixPresenceModel::presenceChanged);
    client.presence.reset();
    QVERIFY(!model.presence());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(presenceChanged.size(), 1);
}

void tst_PhoenixPresenceModel::listView()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client client(server, u"me"_s);
    PhoenixPresenceModel model(client.presence.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy synced(client.presence.get(), &PhoenixPresence::synced);

    QListView view;
    view.setModel(&model);
    view.resize(200, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    QVERIFY(client.join());
    server.push(Topic, StateEvent,
                QJsonObject{{u"alice"_s, presenceOf({meta(u"a1"_s, u"phone"_s)})},
                            {u"bob"_s, presenceOf({meta(u"b1"_s, u"laptop"_s)})}});
    QVERIFY(synced.wait());
    server.broadcast(Topic, DiffEvent, diff({{u"carol"_s, presenceOf({meta(u"c1"_s, u"tablet"_s)})}}, {}));
    QVERIFY(synced.wait());

    // Each row is laid out in the view, top to bottom, and shows its key.
    const auto shownKeys = [&view] {
        QStringList keys;
        const QAbstractItemModel *m = view.model();
        int previousTop = -1;
        for (int row = 0; row < m->rowCount(); ++row) {
            const QModelIndex index = m->index(row, 0);
            const QRect rect = view.visualRect(index);
            if (!rect.isValid() || rect.top() <= previousTop || view.indexAt(rect.center()) != index)
                return QStringList{u"row %1 not shown"_s.arg(row)};
            previousTop = rect.top();
            keys.append(index.data(Qt::DisplayRole).toString());
        }
        return keys;
    };
    QTRY_COMPARE(shownKeys(), (QStringList{u"alice"_s, u"bob"_s, u"carol"_s}));

    view.setCurrentIndex(model.index(2, 0)); // carol selected
    server.broadcast(Topic, DiffEvent, diff({}, {{u"alice"_s, presenceOf({meta(u"a1"_s, u"phone"_s)})}}));
    QVERIFY(synced.wait());
    QTRY_COMPARE(shownKeys(), (QStringList{u"bob"_s, u"carol"_s}));
    // Incremental removal keeps the selection on the same person.
    QCOMPARE(view.currentIndex().data().toString(), u"carol"_s);
}

QTEST_MAIN(tst_PhoenixPresenceModel)
#include "tst_phoenixpresencemodel.moc"
