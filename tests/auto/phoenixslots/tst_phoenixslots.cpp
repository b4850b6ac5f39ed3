// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Any slot may do anything (issue 17): what an application does from a signal of the socket, a
// channel, a push or a presence — delete any of them, disconnect, leave, join, change a setting,
// wait — and from a params or token provider. After each: no crash (run it under ASan too, see
// scripts/test.sh), and the library ends in the state the application asked for.
//
// The protocol logic runs over the fake transport (tests/shared/faketransport.h); what depends on
// the wire (a transport deleted inside its own callback, a server that dies) runs against the dev
// server over WebSocket and LongPoll. Only the public API is used: the tests hold for any engine.

#include "faketransport.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPresence>
#include <PhoenixQt/PhoenixPresenceModel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QElapsedTimer>
#include <QtCore/QFuture>
#include <QtCore/QMetaMethod>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtCore/QUrlQuery>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

const QUrl Endpoint(u"ws://phoenix.test/socket/websocket"_s);
const QString Other = u"room:other"_s;
//! How long a "this must not happen" check watches over the fake transport: several reconnect
//! (ReconnectMs) and rejoin (RejoinMs) periods.
constexpr int FakeQuietMs = 150;
//! How long a slot may take to be reached after its trigger over the fake transport.
constexpr int FireMs = 2000;

//! Runs the event loop for \a ms and returns whether \a condition held at every turn.
bool holdsFor(const std::function<bool()> &condition, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms) {
        if (!condition())
            return false;
        QTest::qWait(5);
    }
    return condition();
}

//! Lets everything queued run, deferred deletions included (what an event loop does next).
void drain()
{
    for (int i = 0; i < 4; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents();
    }
}

//! Decides every connection attempt of \a server's socket from the event loop: refused while
//! \a refusing is true, else accepted.
void refuseWhile(FakeServer *server, const bool *refusing)
{
    server->acceptConnections = false;
    QObject::connect(server->factory(), &FakeTransportFactory::transportCreated, server,
                     [server, refusing](FakeTransport *transport) {
                         QObject::connect(
                             transport, &FakeTransport::openRequested, server, [transport, refusing] {
                                 QPointer<FakeTransport> t(transport);
                                 QMetaObject::invokeMethod(
                                     transport,
                                     [t, refusing] {
                                         if (!t || t->state() != PhoenixTransport::State::Opening)
                                             return;
                                         if (*refusing)
                                             t->refuse();
                                         else
                                             t->accept();
                                     },
                                     Qt::QueuedConnection);
                             });
                     });
}

//! True while \a factory made no transport beyond the first \a created and none of them is opening or
//! open (one still closing is being retired: no connection).
bool noTransportActive(const FakeTransportFactory *factory, int created)
{
    if (factory->created() != created)
        return false;
    const FakeTransport *current = factory->current();
    return !current || current->state() == PhoenixTransport::State::Closed ||
           current->state() == PhoenixTransport::State::Closing ||
           current->state() == PhoenixTransport::State::Idle;
}

//! A one-shot receiver: its fire() slot runs \a action once, at the first emission of the signal
//! it is connected to (any signal: its arguments are ignored), and disconnects itself.
class OneShot : public QObject
{
    Q_OBJECT

public:
    explicit OneShot(std::function<void()> action)
        : m_action(std::move(action))
    {
    }
    bool hasFired() const { return m_fired; }

    //! Connects to the signal \a name of \a sender (the first signal of that name).
    bool attach(QObject *sender, const char *name)
    {
        const QMetaObject *meta = sender->metaObject();
        for (int i = 0; i < meta->methodCount(); ++i) {
            const QMetaMethod method = meta->method(i);
            if (method.methodType() == QMetaMethod::Signal && method.name() == name) {
                const QMetaMethod slot = metaObject()->method(metaObject()->indexOfSlot("fire()"));
                m_connection = QObject::connect(sender, method, this, slot);
                return bool(m_connection);
            }
        }
        return false;
    }

public Q_SLOTS:
    void fire()
    {
        if (m_fired)
            return;
        m_fired = true;
        QObject::disconnect(m_connection);
        m_action();
    }

private:
    std::function<void()> m_action;
    QMetaObject::Connection m_connection;
    bool m_fired = false;
};

} // namespace

class tst_PhoenixSlots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // giving up from reconnectAttemptsChanged
    void givingUpFromReconnectAttemptsChangedStopsReconnecting_data();
    void givingUpFromReconnectAttemptsChangedStopsReconnecting();
    // the reconnect backoff after a disconnect
    void disconnectResetsReconnectAttempts();
    void firstRetryAfterDisconnectAndConnectIsAttemptOne();
    void connectAfterGivingUpIsNotCountedAsAReconnect();

    // providers
    void providerThatDisconnectsLeavesTheSocketDisconnected_data();
    void providerThatDisconnectsLeavesTheSocketDisconnected();
    void providerThatWritesItsSettingBackConnectsOnce_data();
    void providerThatWritesItsSettingBackConnectsOnce();
    void providerThatDeletesTheSocketIsSafe_data();
    void providerThatDeletesTheSocketIsSafe();

    // probes and waits
    void disconnectFromLatencyChangedOfAProbeStaysDisconnected();
    void deleteSocketFromLatencyChangedOfAPing();
    void waitForReplyInASlotSeesAnOutcomeToldInTheSameBatch_data();
    void waitForReplyInASlotSeesAnOutcomeToldInTheSameBatch();

    // smaller ones
    void onWithoutContextKeepsItsHandler();
    void bufferedFramesKeepTheirOrderWhenASlotReconnectsDuringTheFlush();
    void slotOfALeavingInstanceMayDeleteAnotherInstance();

    // the general rule: any slot of any signal may do anything
    void slotMayActOnAnySignal_data();
    void slotMayActOnAnySignal();

    // over the wire (dev server, both transports)
    void deleteSocketFromASignalOverTheWire_data();
    void deleteSocketFromASignalOverTheWire();
    void disconnectFromLatencyChangedOverTheWire_data();
    void disconnectFromLatencyChangedOverTheWire();
    void serverDyingUnderLongPollWarnsNothing();

    // found by tests/fuzz/fuzz_application.cpp
    void notifierSlotOfASetterMayDeleteTheSocket_data();
    void notifierSlotOfASetterMayDeleteTheSocket();
    void joinReturnsWhenASlotDeletesTheChannel_data();
    void joinReturnsWhenASlotDeletesTheChannel();
    void bufferedMessagesChangedSlotMayDeleteDuringAnOfflineCall_data();
    void bufferedMessagesChangedSlotMayDeleteDuringAnOfflineCall();
    void bufferedPushTimingOutMayLoseItsChannelInBufferedMessagesChanged_data();
    void bufferedPushTimingOutMayLoseItsChannelInBufferedMessagesChanged();
    void channelStateChangedSlotMayDeleteOnConnectionLoss_data();
    void channelStateChangedSlotMayDeleteOnConnectionLoss();
    void channelStateChangedSlotMayDeleteWhenALeaveCompletes_data();
    void channelStateChangedSlotMayDeleteWhenALeaveCompletes();
    void disconnectFromUrlChangedOfConnectToServerWins_data();
    void disconnectFromUrlChangedOfConnectToServerWins();
    void presenceModelSurvivesASlotThatDeletesTheNewPresence();
    void disconnectFromASlotOfASettersReconnectWins_data();
    void disconnectFromASlotOfASettersReconnectWins();
    void flushInterruptedByAReconnectForgetsAChannelDeletedMeanwhile();
    void presenceModelSurvivesASlotThatDeletesIt_data();
    void presenceModelSurvivesASlotThatDeletesIt();
    void replyReceivedSlotMayDeleteThePushWhilePushFinishedIsWatched();
    void slotThatReconnectsDuringTheRejoinsLeavesChannelsDeletable();
    void leaveCalledAgainWhileOfflineBuffersOneLeave();
};

void tst_PhoenixSlots::initTestCase()
{
    qRegisterMetaType<PhoenixSocket::Error>();
    qRegisterMetaType<PhoenixSocket::State>();
    qRegisterMetaType<PhoenixChannel::State>();
    qRegisterMetaType<PhoenixChannel::Error>();
    qRegisterMetaType<PhoenixPush::Error>();
    qRegisterMetaType<PhoenixTransport::FrameType>();
}

// ---- giving up from reconnectAttemptsChanged ---------------------------------------------------------

void tst_PhoenixSlots::givingUpFromReconnectAttemptsChangedStopsReconnecting_data()
{
    QTest::addColumn<bool>("fromCheckConnection"); // the attempt starts from checkConnection(), not the timer
    QTest::addColumn<bool>("autoReconnectOff"); // the slot turns autoReconnect off instead of disconnecting
    QTest::newRow("timer, disconnectFromServer") << false << false;
    QTest::newRow("timer, setAutoReconnect(false)") << false << true;
    QTest::newRow("checkConnection, disconnectFromServer") << true << false;
    QTest::newRow("checkConnection, setAutoReconnect(false)") << true << true;
}

// An application that gives up after a few failed connects (phoenix.js lets the disconnect win):
// `if (reconnectAttempts >= 3) disconnectFromServer()` from reconnectAttemptsChanged.
void tst_PhoenixSlots::givingUpFromReconnectAttemptsChangedStopsReconnecting()
{
    QFETCH(bool, fromCheckConnection);
    QFETCH(bool, autoReconnectOff);
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    bool refusing = true;
    refuseWhile(&server, &refusing);
    if (fromCheckConnection)
        socket.setReconnectAfter([](int) { return 60000; }); // only checkConnection() starts an attempt
    int createdWhenGivingUp = -1;
    connect(&socket, &PhoenixSocket::reconnectAttemptsChanged, &socket, [&](int attempts) {
        if (attempts < (fromCheckConnection ? 1 : 3) || createdWhenGivingUp >= 0)
            return;
        createdWhenGivingUp = server.factory()->created();
        if (autoReconnectOff)
            socket.setAutoReconnect(false);
        else
            socket.disconnectFromServer();
    });
    QSignalSpy scheduled(&socket, &PhoenixSocket::reconnectScheduled);
    socket.connectToServer();
    if (fromCheckConnection) {
        QVERIFY(scheduled.wait(WaitMs)); // the first attempt was refused: a reconnect is pending
        socket.checkConnection();
    }
    QTRY_VERIFY_WITH_TIMEOUT(createdWhenGivingUp >= 0, WaitMs);
    // No attempt starts after the slot gave up, and the socket stays disconnected.
    QVERIFY2(holdsFor([&] { return noTransportActive(server.factory(), createdWhenGivingUp); }, FakeQuietMs),
             qPrintable(u"%1 connection attempt(s) after giving up"_s.arg(server.factory()->created() -
                                                                          createdWhenGivingUp)));
    QCOMPARE(socket.state(), PhoenixSocket::State::Disconnected);
}

// ---- the reconnect backoff after a disconnect ----------------------------------------------------------

// phoenix.js resets its backoff on disconnect(): reconnectAttempts counts the attempts of one episode.
void tst_PhoenixSlots::disconnectResetsReconnectAttempts()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    bool refusing = true;
    refuseWhile(&server, &refusing);
    socket.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(socket.reconnectAttempts() >= 3, WaitMs);
    QSignalSpy attempts(&socket, &PhoenixSocket::reconnectAttemptsChanged);
    socket.disconnectFromServer();
    QCOMPARE(socket.state(), PhoenixSocket::State::Disconnected);
    QCOMPARE(socket.reconnectAttempts(), 0);
    QVERIFY(!attempts.isEmpty());
    QCOMPARE(attempts.last().at(0).toInt(), 0);
}

void tst_PhoenixSlots::firstRetryAfterDisconnectAndConnectIsAttemptOne()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    QList<int> asked; // the attempts the schedule was asked about
    socket.setReconnectAfter([&asked](int attempt) {
        asked.append(attempt);
        return ReconnectMs;
    });
    FakeServer server(&socket);
    bool refusing = true;
    refuseWhile(&server, &refusing);
    socket.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(socket.reconnectAttempts() >= 4, WaitMs);
    socket.disconnectFromServer();
    QSignalSpy scheduled(&socket, &PhoenixSocket::reconnectScheduled);
    asked.clear();
    socket.connectToServer(); // refused again: the first retry of this episode is attempt 1
    QVERIFY(scheduled.wait(WaitMs));
    QCOMPARE(scheduled.first().at(0).toInt(), 1);
    QCOMPARE(asked.value(0), 1);
    socket.disconnectFromServer();
}

void tst_PhoenixSlots::connectAfterGivingUpIsNotCountedAsAReconnect()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    bool refusing = true;
    refuseWhile(&server, &refusing);
    socket.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(socket.reconnectAttempts() >= 3, WaitMs);
    socket.disconnectFromServer();
    refusing = false;
    QSignalSpy scheduled(&socket, &PhoenixSocket::reconnectScheduled);
    QVERIFY(connectSocket(socket)); // a new connect that succeeds at once: no reconnect
    QCOMPARE(socket.telemetry().connects, 1);
    QCOMPARE(socket.telemetry().reconnects, 0);
    QCOMPARE(socket.reconnectAttempts(), 0);
    QVERIFY(scheduled.isEmpty()); // not even reconnectScheduled(0, 0): nothing was retried
}

// ---- providers ---------------------------------------------------------------------------------------

void tst_PhoenixSlots::providerThatDisconnectsLeavesTheSocketDisconnected_data()
{
    QTest::addColumn<bool>("token");       // the token provider, else the params provider
    QTest::addColumn<bool>("onReconnect"); // on a reconnect (after a drop), else on the first connect
    QTest::newRow("params provider, connect") << false << false;
    QTest::newRow("token provider, connect") << true << false;
    QTest::newRow("params provider, reconnect") << false << true;
    QTest::newRow("token provider, reconnect") << true << true;
}

// A token provider that finds the user logged out and calls disconnectFromServer() (QML: sets
// active = false): the socket is Disconnected, not Connecting forever.
void tst_PhoenixSlots::providerThatDisconnectsLeavesTheSocketDisconnected()
{
    QFETCH(bool, token);
    QFETCH(bool, onReconnect);
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    bool loggedOut = !onReconnect;
    int calls = 0;
    const auto act = [&] {
        ++calls;
        if (loggedOut)
            socket.disconnectFromServer();
    };
    if (token)
        socket.setAuthTokenProvider([&] {
            act();
            return u"token"_s;
        });
    else
        socket.setParamsProvider([&] {
            act();
            return QJsonObject{{u"user"_s, u"ada"_s}};
        });
    int created = 0; // transports (connection attempts) before the one the provider cancels
    if (onReconnect) {
        QVERIFY(connectSocket(socket));
        created = server.factory()->created();
        loggedOut = true;
        server.transport()->drop();
        QTRY_VERIFY_WITH_TIMEOUT(calls >= 2, WaitMs);
    } else {
        socket.connectToServer();
    }
    // The provider's disconnect cancels the attempt it was asked for: no transport is made for it.
    QCOMPARE(server.factory()->created(), created);
    QCOMPARE(socket.state(), PhoenixSocket::State::Disconnected);
    QVERIFY(holdsFor(
        [&] {
            return socket.state() == PhoenixSocket::State::Disconnected &&
                   noTransportActive(server.factory(), created);
        },
        FakeQuietMs));
    // And it connects again when asked to.
    loggedOut = false;
    QVERIFY(connectSocket(socket));
}

void tst_PhoenixSlots::providerThatWritesItsSettingBackConnectsOnce_data()
{
    QTest::addColumn<bool>("token");
    QTest::newRow("token provider sets authToken") << true;
    QTest::newRow("params provider sets params") << false;
}

// A provider that also stores what it returns (setAuthToken()/setParams() from inside): one
// connection attempt, with what it returned; no recursion into a second attempt.
void tst_PhoenixSlots::providerThatWritesItsSettingBackConnectsOnce()
{
    QFETCH(bool, token);
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    int calls = 0;
    if (token) {
        socket.setAuthTokenProvider([&] {
            ++calls;
            const QString fresh = u"token-%1"_s.arg(calls);
            socket.setAuthToken(fresh);
            return fresh;
        });
    } else {
        socket.setParamsProvider([&] {
            ++calls;
            const QJsonObject fresh{{u"n"_s, QString::number(calls)}};
            socket.setParams(fresh);
            return fresh;
        });
    }
    QVERIFY(connectSocket(socket));
    QVERIFY(holdsFor([&] { return socket.isConnected(); }, FakeQuietMs));
    QCOMPARE(server.factory()->created(), 1);
    QCOMPARE(calls, 1);
    if (token) {
        QCOMPARE(server.transport()->options().authToken, u"token-1"_s);
    } else {
        QCOMPARE(QUrlQuery(server.transport()->options().url).queryItemValue(u"n"_s), u"1"_s);
    }
}

void tst_PhoenixSlots::providerThatDeletesTheSocketIsSafe_data()
{
    QTest::addColumn<bool>("token");
    QTest::newRow("params provider") << false;
    QTest::newRow("token provider") << true;
}

// A provider that deletes the socket (the application shuts down from it): nothing is touched
// afterwards, the channel and its pending push go with the socket, the push's future is told.
void tst_PhoenixSlots::providerThatDeletesTheSocketIsSafe()
{
    QFETCH(bool, token);
    QPointer<PhoenixSocket> socket = new PhoenixSocket(Endpoint);
    configureFast(*socket);
    auto server = std::make_unique<FakeServer>(socket);
    QPointer<PhoenixChannel> channel = socket->channel(Lobby);
    channel->join();
    QPointer<PhoenixPush> push = channel->push(u"p"_s);
    const QFuture<PhoenixReply> future = push->future();
    if (token)
        socket->setAuthTokenProvider([&socket] {
            delete socket.data();
            return u"token"_s;
        });
    else
        socket->setParamsProvider([&socket] {
            delete socket.data();
            return QJsonObject();
        });
    socket->connectToServer();
    drain();
    QVERIFY(!socket);
    QVERIFY(!channel);
    QVERIFY(!push);
    QVERIFY(future.isFinished());
    QCOMPARE(future.resultCount(), 1);
}

// ---- probes and waits ----------------------------------------------------------------------------------

// Over a transport without heartbeats whose close completes at once (LongPoll without a POST in
// flight), a latencyChanged slot that disconnects from the reply of a checkConnection() probe.
void tst_PhoenixSlots::disconnectFromLatencyChangedOfAProbeStaysDisconnected()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    server.factory()->setup = [](FakeTransport *t) {
        t->setNeedsHeartbeat(false);
        t->setCloseMode(FakeTransport::CloseMode::Immediately);
    };
    QVERIFY(connectSocket(socket));
    OneShot disconnect([&socket] { socket.disconnectFromServer(); });
    QVERIFY(disconnect.attach(&socket, "latencyChanged"));
    socket.checkConnection(); // a probe: a heartbeat that must be answered
    QTRY_VERIFY_WITH_TIMEOUT(disconnect.hasFired(), FireMs);
    const int created = server.factory()->created();
    QVERIFY(holdsFor(
        [&] {
            return socket.state() == PhoenixSocket::State::Disconnected &&
                   noTransportActive(server.factory(), created);
        },
        FakeQuietMs));
    QCOMPARE(server.count(u"phoenix"_s, u"heartbeat"_s), 1); // no heartbeat after the disconnect
}

void tst_PhoenixSlots::deleteSocketFromLatencyChangedOfAPing()
{
    QPointer<PhoenixSocket> socket = new PhoenixSocket(Endpoint);
    configureFast(*socket);
    FakeServer server(socket);
    QVERIFY(connectSocket(*socket));
    PhoenixChannel *channel = socket->channel(Lobby);
    QVERIFY(joinChannel(channel));
    QPointer<PhoenixChannel> watch(channel);
    OneShot kill([&socket] { delete socket.data(); });
    QVERIFY(kill.attach(socket, "latencyChanged"));
    QSignalSpy pong(socket.data(), &PhoenixSocket::pong);
    QVERIFY(socket->ping());
    QTRY_VERIFY_WITH_TIMEOUT(kill.hasFired(), FireMs);
    drain();
    QVERIFY(!socket);
    QVERIFY(!watch);
    QVERIFY(pong.isEmpty()); // nothing is emitted by a deleted socket
}

void tst_PhoenixSlots::waitForReplyInASlotSeesAnOutcomeToldInTheSameBatch_data()
{
    QTest::addColumn<QString>("where"); // where the application waits: a signal or a receive() hook
    QTest::newRow("errorOccurred") << u"errorOccurred"_s;
    QTest::newRow("finished") << u"finished"_s;
    QTest::newRow("receive hook") << u"receive"_s;
}

// Two pushes refused together (the channel is leaving): the slot of the first one waits for the
// second, whose outcome is due in the same turn. The wait sees it.
void tst_PhoenixSlots::waitForReplyInASlotSeesAnOutcomeToldInTheSameBatch()
{
    QFETCH(QString, where);
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    server.answerLeaves = false;
    QVERIFY(connectSocket(socket));
    PhoenixChannel *channel = socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    channel->leave();
    QCOMPARE(channel->state(), PhoenixChannel::State::Leaving);
    PhoenixPush *first = channel->push(u"a"_s);
    QPointer<PhoenixPush> second = channel->push(u"b"_s);
    second->setAutoDelete(false);
    bool waited = false;
    bool result = true;
    bool secondFinished = false;
    const auto wait = [&] {
        if (waited)
            return;
        waited = true;
        result = second->waitForReply(1000);
        secondFinished = second && second->isFinished();
    };
    if (where == u"receive"_s)
        first->receive(u"error"_s, [&](const QJsonValue &) { wait(); });
    else if (where == u"finished"_s)
        connect(first, &PhoenixPush::finished, &socket, wait);
    else
        connect(first, &PhoenixPush::errorOccurred, &socket, wait);
    QTRY_VERIFY_WITH_TIMEOUT(waited, FireMs);
    QVERIFY2(secondFinished, "the wait returned before the outcome it waited for was told");
    QVERIFY(!result); // refused: the channel is leaving
    QVERIFY(second);
    QCOMPARE(second->error(), PhoenixPush::Error::ChannelClosedError);
    delete second.data();
}

// ---- smaller ones --------------------------------------------------------------------------------------

// on(event, nullptr, handler): no context means "as long as the channel lives" (receive() treats a
// null context the same way), not "drop it at the first event".
void tst_PhoenixSlots::onWithoutContextKeepsItsHandler()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    QVERIFY(connectSocket(socket));
    PhoenixChannel *channel = socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    int calls = 0;
    channel->on(u"news"_s, nullptr, [&calls](const QJsonObject &) { ++calls; });
    server.push(channel->joinRef(), Lobby, u"news"_s);
    server.push(channel->joinRef(), Lobby, u"news"_s);
    QCOMPARE(calls, 2);
}

// Frames buffered while offline go out once each, in the order they were sent, also when a slot of
// the flush's bufferedMessagesChanged() replaces the connection (a setting changed) mid-flush.
void tst_PhoenixSlots::bufferedFramesKeepTheirOrderWhenASlotReconnectsDuringTheFlush()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    const QStringList events{u"e1"_s, u"e2"_s, u"e3"_s};
    for (const QString &event : events) {
        PhoenixMessage message;
        message.topic = u"raw"_s;
        message.event = event;
        QVERIFY(!socket.send(message).isEmpty());
    }
    QCOMPARE(socket.bufferedMessages(), 3);
    OneShot reconnect([&socket] { socket.setParams({{u"fresh"_s, true}}); });
    QVERIFY(reconnect.attach(&socket, "bufferedMessagesChanged"));
    socket.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(reconnect.hasFired(), FireMs);
    QTRY_VERIFY_WITH_TIMEOUT(socket.isConnected(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(server.frames(u"raw"_s, u"e3"_s).size(), 1, WaitMs);
    drain();
    QStringList sent;
    for (const QJsonArray &frame : server.frames()) {
        if (frame.at(2).toString() == u"raw"_s)
            sent.append(frame.at(3).toString());
    }
    QCOMPARE(sent, events);
    QCOMPARE(socket.bufferedMessages(), 0);
}

// Three instances of one topic: joining the third leaves the one that is joined; a slot of that
// one's stateChanged(Leaving) deletes the other instance, which the join still had to look at.
void tst_PhoenixSlots::slotOfALeavingInstanceMayDeleteAnotherInstance()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    QVERIFY(connectSocket(socket));
    PhoenixChannel *x = socket.channel(Lobby);
    QVERIFY(joinChannel(x));
    // x crashes on the server: Errored, it rejoins after RejoinMs.
    server.send(QJsonArray{x->joinRef(), x->joinRef(), Lobby, u"phx_error"_s, QJsonObject()});
    QCOMPARE(x->state(), PhoenixChannel::State::Errored);
    // Meanwhile y joins the topic (x, errored, is not left).
    QPointer<PhoenixChannel> y = socket.channel(Lobby);
    QVERIFY(joinChannel(y));
    // x's rejoin leaves y, whose leave is never answered: x joined, y leaving, both routed.
    server.answerLeaves = false;
    QTRY_VERIFY_WITH_TIMEOUT(x->isJoined(), WaitMs);
    QCOMPARE(y->state(), PhoenixChannel::State::Leaving);

    OneShot deleteY([&y] { delete y.data(); });
    QVERIFY(deleteY.attach(x, "stateChanged"));
    PhoenixChannel *z = socket.channel(Lobby);
    z->join(); // leaves x: x's slot deletes y
    // The slot runs from within the call, or later from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(deleteY.hasFired(), FireMs);
    QVERIFY(!y);
    QCOMPARE(x->state(), PhoenixChannel::State::Leaving);
    QTRY_VERIFY_WITH_TIMEOUT(z->isJoined(), WaitMs);
}

// ---- the general rule ---------------------------------------------------------------------------------

namespace {

//! Where the world is when the trigger fires.
enum class Pre {
    Offline, //!< the socket is not connected; the channel's join and a push are buffered
    Joining, //!< connected; the join is unanswered and a push waits in the channel's buffer
    Ready    //!< connected, joined, a push sent and unanswered, a presence tracked
};

//! What the server (or the application) does to make the signal fire.
enum class Fire {
    Connect,       //!< connectToServer()
    Drop,          //!< the connection drops (the socket reconnects by itself)
    Broadcast,     //!< the server pushes "news" on the channel
    Ping,          //!< ping(), answered
    ReplyOk,       //!< the server answers the push ok
    ReplyError,    //!< the server answers the push with an error
    JoinOk,        //!< the server answers the join ok
    JoinError,     //!< the server refuses the join (the rejoin later succeeds)
    ServerClose,   //!< phx_close for the channel: it closes for good
    ServerError,   //!< phx_error for the channel: it rejoins
    PushTimeout,   //!< nothing: the push (timeout 40 ms) times out
    PresenceState, //!< a presence_state with one key
    PresenceLeave  //!< a presence_state, then a presence_diff that removes the key
};

enum class Action {
    DeleteSocket,
    DeleteChannel,
    DeletePush,
    DeletePresence,
    Disconnect,
    Leave,
    Wait,
    SetParams,
    JoinAnother
};

struct SignalRow
{
    const char *object; // socket, channel, push, presence, model
    const char *signal; // signal name, or "on" (a channel handler) / "receive" (a push hook)
    Pre pre;
    Fire fire;
};

const SignalRow signalRows[] = {
    {"socket", "connected", Pre::Offline, Fire::Connect},
    {"socket", "stateChanged", Pre::Offline, Fire::Connect}, // Connecting, from within connectToServer()
    {"socket", "bufferedMessagesChanged", Pre::Offline, Fire::Connect}, // the flush
    {"socket", "reconnectAttemptsChanged", Pre::Ready, Fire::Drop},
    {"socket", "reconnectScheduled", Pre::Ready, Fire::Drop},
    {"socket", "disconnected", Pre::Ready, Fire::Drop},
    {"socket", "errorOccurred", Pre::Ready, Fire::Drop},
    {"socket", "stateChanged", Pre::Ready, Fire::Drop}, // Disconnected
    {"socket", "messageReceived", Pre::Ready, Fire::Broadcast},
    {"socket", "latencyChanged", Pre::Ready, Fire::Ping},
    {"socket", "pong", Pre::Ready, Fire::Ping},
    {"socket", "pushFinished", Pre::Ready, Fire::ReplyOk},
    {"channel", "stateChanged", Pre::Joining, Fire::JoinOk},
    {"channel", "joined", Pre::Joining, Fire::JoinOk},
    {"channel", "joinFailed", Pre::Joining, Fire::JoinError},
    {"channel", "errorChanged", Pre::Joining, Fire::JoinError},
    {"channel", "rejoinScheduled", Pre::Joining, Fire::JoinError},
    {"channel", "joinRefChanged", Pre::Ready, Fire::ServerError}, // the rejoin
    {"channel", "messageReceived", Pre::Ready, Fire::Broadcast},
    {"channel", "on", Pre::Ready, Fire::Broadcast},
    {"channel", "replyReceived", Pre::Ready, Fire::ReplyOk},
    {"channel", "closed", Pre::Ready, Fire::ServerClose},
    {"channel", "errorOccurred", Pre::Ready, Fire::ServerError},
    {"channel", "errorOccurred", Pre::Ready, Fire::Drop},
    {"push", "refChanged", Pre::Joining, Fire::JoinOk}, // sent from the buffer after the join
    {"push", "replied", Pre::Ready, Fire::ReplyOk},
    {"push", "finished", Pre::Ready, Fire::ReplyOk},
    {"push", "receive", Pre::Ready, Fire::ReplyOk},
    {"push", "errorOccurred", Pre::Ready, Fire::ReplyError},
    {"push", "timedOut", Pre::Ready, Fire::PushTimeout},
    {"presence", "changed", Pre::Ready, Fire::PresenceState},
    {"presence", "keysChanged", Pre::Ready, Fire::PresenceState},
    {"presence", "joined", Pre::Ready, Fire::PresenceState},
    {"presence", "inSyncChanged", Pre::Ready, Fire::PresenceState},
    {"presence", "synced", Pre::Ready, Fire::PresenceState},
    {"presence", "left", Pre::Ready, Fire::PresenceLeave},
    {"model", "countChanged", Pre::Ready, Fire::PresenceState},
    {"model", "rowsInserted", Pre::Ready, Fire::PresenceState},
    {"model", "rowsRemoved", Pre::Ready, Fire::PresenceLeave},
};

const char *fireName(Fire fire)
{
    switch (fire) {
    case Fire::Connect:
        return "connect";
    case Fire::Drop:
        return "drop";
    case Fire::Broadcast:
        return "broadcast";
    case Fire::Ping:
        return "ping";
    case Fire::ReplyOk:
        return "reply ok";
    case Fire::ReplyError:
        return "reply error";
    case Fire::JoinOk:
        return "join ok";
    case Fire::JoinError:
        return "join refused";
    case Fire::ServerClose:
        return "phx_close";
    case Fire::ServerError:
        return "phx_error";
    case Fire::PushTimeout:
        return "push timeout";
    case Fire::PresenceState:
        return "presence_state";
    case Fire::PresenceLeave:
        return "presence leave";
    }
    return "?";
}

const char *actionName(Action action)
{
    switch (action) {
    case Action::DeleteSocket:
        return "delete socket";
    case Action::DeleteChannel:
        return "delete channel";
    case Action::DeletePush:
        return "delete push";
    case Action::DeletePresence:
        return "delete presence";
    case Action::Disconnect:
        return "disconnect";
    case Action::Leave:
        return "leave";
    case Action::Wait:
        return "wait";
    case Action::SetParams:
        return "setParams";
    case Action::JoinAnother:
        return "join another";
    }
    return "?";
}

//! A socket on a fake server with a channel on Lobby, a push on it, a presence and a model of it,
//! each reachable through a QPointer (a slot may delete any of them).
struct World
{
    explicit World(int pushTimeout)
        : pushTimeout(pushTimeout)
    {
        socket = new PhoenixSocket(Endpoint);
        configureFast(*socket);
        server = std::make_unique<FakeServer>(socket);
        channel = socket->channel(Lobby);
        presence = new PhoenixPresence(channel); // not owned by the channel: it outlives it
        model = new PhoenixPresenceModel(presence);
    }
    ~World()
    {
        delete socket.data();
        delete model.data();
        delete presence.data();
    }

    void makePush()
    {
        push = channel->push(u"p"_s, {}, pushTimeout);
        future = push->future();
        QObject::connect(push, &PhoenixPush::finished, push, [this] { ++finishedCount; });
    }

    void presenceState()
    {
        server->push(channel->joinRef(), Lobby, u"presence_state"_s,
                     QJsonObject{{u"ada"_s, QJsonObject{{u"metas"_s,
                                                         QJsonArray{QJsonObject{{u"phx_ref"_s, u"1"_s}}}}}}});
    }

    QPointer<PhoenixSocket> socket;
    std::unique_ptr<FakeServer> server;
    QPointer<PhoenixChannel> channel;
    QPointer<PhoenixPush> push;
    QFuture<PhoenixReply> future;
    QPointer<PhoenixPresence> presence;
    QPointer<PhoenixPresenceModel> model;
    QPointer<PhoenixChannel> another;
    const int pushTimeout;
    int finishedCount = 0;
};

} // namespace

void tst_PhoenixSlots::slotMayActOnAnySignal_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("actionIndex");
    for (int row = 0; row < int(std::size(signalRows)); ++row) {
        const SignalRow &s = signalRows[row];
        for (const Action action :
             {Action::DeleteSocket, Action::DeleteChannel, Action::DeletePush, Action::DeletePresence,
              Action::Disconnect, Action::Leave, Action::Wait, Action::SetParams, Action::JoinAnother}) {
            QTest::addRow("%s.%s (%s): %s", s.object, s.signal, fireName(s.fire), actionName(action))
                << row << int(action);
        }
    }
}

// One row per signal and action: the world is brought to just before the signal, a slot does the
// action at its first emission, and the outcome is what the action asked for.
void tst_PhoenixSlots::slotMayActOnAnySignal()
{
    QFETCH(int, row);
    QFETCH(int, actionIndex);
    const SignalRow &s = signalRows[row];
    const auto action = Action(actionIndex);
    World w(s.fire == Fire::PushTimeout ? 40 : WaitMs);
    PhoenixSocket *const socket = w.socket;
    FakeServer *const server = w.server.get();

    switch (s.pre) {
    case Pre::Offline:
        w.channel->join();
        w.makePush();
        break;
    case Pre::Joining:
        QVERIFY(connectSocket(*socket));
        server->answerJoins = false;
        w.channel->join();
        QTRY_COMPARE(server->count(Lobby, u"phx_join"_s), 1);
        w.makePush();
        break;
    case Pre::Ready:
        QVERIFY(connectSocket(*socket));
        QVERIFY(joinChannel(w.channel));
        w.makePush();
        QTRY_COMPARE(server->count(Lobby, u"p"_s), 1);
        break;
    }
    if (s.fire == Fire::PresenceLeave)
        w.presenceState(); // the key the diff removes

    // The action, run by the slot.
    const auto act = [&w, action] {
        switch (action) {
        case Action::DeleteSocket:
            delete w.socket.data();
            break;
        case Action::DeleteChannel:
            delete w.channel.data();
            break;
        case Action::DeletePush:
            delete w.push.data();
            break;
        case Action::DeletePresence:
            delete w.presence.data();
            break;
        case Action::Disconnect:
            if (w.socket)
                w.socket->disconnectFromServer();
            break;
        case Action::Leave:
            if (w.channel)
                w.channel->leave();
            break;
        case Action::Wait:
            if (w.push)
                w.push->waitForReply(20);
            if (w.channel)
                w.channel->waitForJoined(20);
            if (w.socket)
                w.socket->waitForConnected(20);
            break;
        case Action::SetParams:
            if (w.socket)
                w.socket->setParams({{u"v"_s, u"2"_s}});
            break;
        case Action::JoinAnother:
            if (w.socket) {
                w.another = w.socket->channel(Other);
                w.another->join();
            }
            break;
        }
    };
    OneShot slot(act);
    const QByteArray object = s.object;
    const QByteArray signal = s.signal;
    if (signal == "on") {
        w.channel->on(u"news"_s, &slot, [&slot](const QJsonObject &) { slot.fire(); });
    } else if (signal == "receive") {
        w.push->receive(u"ok"_s, &slot, [&slot](const QJsonValue &) { slot.fire(); });
    } else {
        QObject *sender = object == "socket"     ? static_cast<QObject *>(w.socket)
                          : object == "channel"  ? static_cast<QObject *>(w.channel)
                          : object == "push"     ? static_cast<QObject *>(w.push)
                          : object == "presence" ? static_cast<QObject *>(w.presence)
                                                 : static_cast<QObject *>(w.model);
        QVERIFY(slot.attach(sender, signal.constData()));
    }

    // The trigger.
    switch (s.fire) {
    case Fire::Connect:
        socket->connectToServer();
        break;
    case Fire::Drop:
        server->transport()->drop();
        break;
    case Fire::Broadcast:
        server->push(w.channel->joinRef(), Lobby, u"news"_s);
        break;
    case Fire::Ping:
        QVERIFY(socket->ping());
        break;
    case Fire::ReplyOk:
        server->reply(server->last(Lobby, u"p"_s));
        break;
    case Fire::ReplyError:
        server->reply(server->last(Lobby, u"p"_s), u"error"_s, {{u"reason"_s, u"no"_s}});
        break;
    case Fire::JoinOk:
        server->answerJoins = true;
        server->reply(server->last(Lobby, u"phx_join"_s));
        break;
    case Fire::JoinError:
        server->answerJoins = true; // the rejoin succeeds
        server->reply(server->last(Lobby, u"phx_join"_s), u"error"_s, {{u"reason"_s, u"not yet"_s}});
        break;
    case Fire::ServerClose:
        server->send(
            QJsonArray{w.channel->joinRef(), w.channel->joinRef(), Lobby, u"phx_close"_s, QJsonObject()});
        break;
    case Fire::ServerError:
        server->send(
            QJsonArray{w.channel->joinRef(), w.channel->joinRef(), Lobby, u"phx_error"_s, QJsonObject()});
        break;
    case Fire::PushTimeout:
        break;
    case Fire::PresenceState:
        w.presenceState();
        break;
    case Fire::PresenceLeave:
        server->push(
            w.channel->joinRef(), Lobby, u"presence_diff"_s,
            QJsonObject{
                {u"joins"_s, QJsonObject()},
                {u"leaves"_s,
                 QJsonObject{{u"ada"_s,
                              QJsonObject{{u"metas"_s, QJsonArray{QJsonObject{{u"phx_ref"_s, u"1"_s}}}}}}}}});
        break;
    }
    QTRY_VERIFY_WITH_TIMEOUT(slot.hasFired(), FireMs);
    drain();

    // What the channel would do on its own after the trigger: rejoin, except after phx_close.
    const bool channelCloses = s.fire == Fire::ServerClose;
    const bool pushSettles =
        s.fire == Fire::ReplyOk || s.fire == Fire::ReplyError || s.fire == Fire::PushTimeout;

    // Every push finishes at most once, and a deleted one has told its future.
    QVERIFY(w.finishedCount <= 1);
    QVERIFY(w.future.resultCount() <= 1);
    if (!w.push)
        QTRY_VERIFY_WITH_TIMEOUT(w.future.isFinished(), WaitMs);

    switch (action) {
    case Action::DeleteSocket:
        QVERIFY(!w.socket);
        QVERIFY(!w.channel);
        QVERIFY(!w.push);
        QTRY_VERIFY(w.future.isFinished());
        QCOMPARE(w.future.resultCount(), 1);
        QVERIFY(w.presence); // not owned by the channel
        QCOMPARE(w.presence->channel(), nullptr);
        QVERIFY(!w.presence->isSynced());
        break;
    case Action::DeleteChannel:
        QVERIFY(!w.channel);
        QVERIFY(!w.push);
        QVERIFY(w.socket);
        QVERIFY(!w.socket->channels().contains(nullptr));
        QCOMPARE(w.socket->channels().size(), 0);
        // The socket goes on: a new channel joins.
        QTRY_VERIFY_WITH_TIMEOUT(w.socket->isConnected(), WaitMs);
        QVERIFY(joinChannel(w.socket->channel(Other)));
        break;
    case Action::DeletePush:
        QVERIFY(!w.push);
        QTRY_VERIFY(w.future.isFinished());
        if (!channelCloses) {
            QTRY_VERIFY_WITH_TIMEOUT(w.channel->isJoined(), WaitMs);
            server->answerPushes = true;
            QVERIFY(w.channel->push(u"again"_s)->waitForReply(WaitMs));
        }
        break;
    case Action::DeletePresence:
        QVERIFY(!w.presence);
        QVERIFY(w.model);
        QCOMPARE(w.model->presence(), nullptr);
        QCOMPARE(w.model->rowCount(), 0);
        if (!channelCloses) {
            QTRY_VERIFY_WITH_TIMEOUT(w.channel->isJoined(), WaitMs);
            w.presenceState(); // nothing listens any more
            QVERIFY(w.channel->isJoined());
        }
        break;
    case Action::Disconnect: {
        QVERIFY(w.socket);
        QTRY_COMPARE_WITH_TIMEOUT(w.socket->state(), PhoenixSocket::State::Disconnected, WaitMs);
        const int created = server->factory()->created();
        QVERIFY2(holdsFor(
                     [&] {
                         return w.socket->state() == PhoenixSocket::State::Disconnected &&
                                noTransportActive(server->factory(), created);
                     },
                     FakeQuietMs),
                 "the socket connected again after the application disconnected it");
        QVERIFY(!w.channel->isJoined());
        // It connects again when asked to, and the channel is back.
        QVERIFY(connectSocket(*w.socket));
        if (!channelCloses)
            QTRY_VERIFY_WITH_TIMEOUT(w.channel->isJoined(), WaitMs);
        break;
    }
    case Action::Leave: {
        QVERIFY(w.channel);
        QTRY_COMPARE_WITH_TIMEOUT(w.channel->state(), PhoenixChannel::State::Closed, WaitMs);
        const int joins = server->count(Lobby, u"phx_join"_s);
        QVERIFY2(holdsFor(
                     [&] {
                         return w.channel->state() == PhoenixChannel::State::Closed &&
                                server->count(Lobby, u"phx_join"_s) == joins;
                     },
                     FakeQuietMs),
                 "the channel joined again after the application left it");
        QTRY_VERIFY_WITH_TIMEOUT(w.future.isFinished(), WaitMs); // its push ends with the channel
        QCOMPARE(w.future.resultCount(), 1);
        break;
    }
    case Action::Wait:
    case Action::SetParams:
    case Action::JoinAnother:
        QVERIFY(w.socket);
        QTRY_VERIFY_WITH_TIMEOUT(w.socket->isConnected(), WaitMs);
        if (channelCloses)
            QCOMPARE(w.channel->state(), PhoenixChannel::State::Closed);
        else
            QTRY_VERIFY_WITH_TIMEOUT(w.channel->isJoined(), WaitMs);
        if (action == Action::SetParams)
            QTRY_COMPARE_WITH_TIMEOUT(QUrlQuery(server->transport()->options().url).queryItemValue(u"v"_s),
                                      u"2"_s, WaitMs);
        if (action == Action::JoinAnother)
            QTRY_VERIFY_WITH_TIMEOUT(w.another && w.another->isJoined(), WaitMs);
        break;
    }
    if (pushSettles && w.push)
        QTRY_COMPARE_WITH_TIMEOUT(w.future.resultCount(), 1, WaitMs);
    drain();
    QVERIFY(w.finishedCount <= 1);
}

// ---- over the wire -------------------------------------------------------------------------------------

void tst_PhoenixSlots::deleteSocketFromASignalOverTheWire_data()
{
    QTest::addColumn<PhoenixSocket::Transport>("transport");
    QTest::addColumn<QString>("signal");
    // "connect": the signal comes from connecting; "drop": the server drops the connection; "gone":
    // the server process is gone and the reconnect attempt is refused.
    QTest::addColumn<QString>("trigger");
    const QList<std::pair<const char *, const char *>> rows{
        {"connected", "connect"},
        {"stateChanged(Connected)", "connect"},
        {"joined", "connect"},
        {"disconnected", "drop"},
        {"errorOccurred", "drop"},
        {"stateChanged(Disconnected)", "drop"},
        {"channel errorOccurred", "drop"},
        {"disconnected", "gone"},
        {"errorOccurred", "gone"},
        {"reconnectScheduled", "gone"},
    };
    for (const auto transport : {PhoenixSocket::Transport::WebSocket, PhoenixSocket::Transport::LongPoll}) {
        const char *t = transport == PhoenixSocket::Transport::WebSocket ? "websocket" : "longpoll";
        for (const auto &[signal, trigger] : rows)
            QTest::addRow("%s: %s, %s", t, signal, trigger)
                << transport << QString::fromLatin1(signal) << QString::fromLatin1(trigger);
    }
}

// `delete socket` from a slot, with real transports: over LongPoll the transport's reply callback is
// on the stack; over WebSocket the QWebSocket is inside its own signal (connected, error).
void tst_PhoenixSlots::deleteSocketFromASignalOverTheWire()
{
    QFETCH(PhoenixSocket::Transport, transport);
    QFETCH(QString, signal);
    QFETCH(QString, trigger);
    PhoenixDevServer server;
    server.setLongPollWindow(LongPollWindowMs);
    QVERIFY(server.listen());
    QPointer<PhoenixSocket> socket = new PhoenixSocket(server.url());
    configureFast(*socket);
    socket->setTransport(transport);
    QPointer<PhoenixChannel> channel = socket->channel(Lobby);
    const bool gone = trigger == u"gone"_s;
    bool deleted = false;
    // With the server gone, the slot acts on the refused reconnect attempt, not on the loss.
    const auto kill = [&] {
        if (deleted || !socket || (gone && socket->reconnectAttempts() < 1))
            return;
        deleted = true;
        delete socket.data();
    };
    if (trigger != u"connect"_s) {
        QVERIFY(connectSocket(*socket));
        QVERIFY(joinChannel(channel));
    }
    if (signal == u"connected"_s) {
        connect(socket.data(), &PhoenixSocket::connected, kill);
    } else if (signal == u"joined"_s) {
        connect(channel.data(), &PhoenixChannel::joined, kill);
        channel->join();
    } else if (signal == u"disconnected"_s) {
        connect(socket.data(), &PhoenixSocket::disconnected, kill);
    } else if (signal == u"errorOccurred"_s) {
        connect(socket.data(), &PhoenixSocket::errorOccurred, kill);
    } else if (signal == u"reconnectScheduled"_s) {
        connect(socket.data(), &PhoenixSocket::reconnectScheduled, kill);
    } else if (signal == u"channel errorOccurred"_s) {
        connect(channel.data(), &PhoenixChannel::errorOccurred, kill);
    } else {
        const auto state = signal.contains(u"Disconnected"_s) ? PhoenixSocket::State::Disconnected
                                                              : PhoenixSocket::State::Connected;
        connect(socket.data(), &PhoenixSocket::stateChanged, [&, state](PhoenixSocket::State s) {
            if (s == state)
                kill();
        });
    }
    QPointer<PhoenixPush> push = channel->push(u"noreply"_s);
    const QFuture<PhoenixReply> future = push->future();
    if (trigger == u"drop"_s)
        server.dropAllConnections();
    else if (gone)
        server.close();
    else
        socket->connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(deleted, WaitMs);
    drain();
    QVERIFY(!socket);
    QVERIFY(!channel);
    QVERIFY(!push);
    QVERIFY(future.isFinished());
    // The server sees the client go (a LongPoll session expires after 1.5 windows).
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 0, WaitMs);
    drain();
}

void tst_PhoenixSlots::disconnectFromLatencyChangedOverTheWire_data()
{
    QTest::addColumn<PhoenixSocket::Transport>("transport");
    QTest::newRow("websocket") << PhoenixSocket::Transport::WebSocket;
    QTest::newRow("longpoll") << PhoenixSocket::Transport::LongPoll;
}

// The reply to a checkConnection() probe sets the latency; a latencyChanged slot disconnects.
void tst_PhoenixSlots::disconnectFromLatencyChangedOverTheWire()
{
    QFETCH(PhoenixSocket::Transport, transport);
    TestBed bed(TestBed::Setup::Fast, transport);
    QVERIFY(bed.listening);
    QVERIFY(connectSocket(bed.socket));
    QVERIFY(joinChannel(bed.socket.channel(Lobby)));
    QSignalSpy disconnected(&bed.socket, &PhoenixSocket::disconnected);
    OneShot disconnect([&bed] { bed.socket.disconnectFromServer(); });
    QVERIFY(disconnect.attach(&bed.socket, "latencyChanged"));
    bed.socket.checkConnection();
    QTRY_VERIFY_WITH_TIMEOUT(disconnect.hasFired(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bed.socket.state(), PhoenixSocket::State::Disconnected, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bed.server.connectionCount(), 0, WaitMs);
    QVERIFY(holdsFor([&] { return bed.socket.state() == PhoenixSocket::State::Disconnected; }, QuietMs));
    QCOMPARE(bed.server.connectionCount(), 0);
}

// The server process dies under a LongPoll connection with messages flowing both ways: the socket
// reports the loss and reconnects, and Qt has nothing to warn about (no reply is aborted after it
// had already failed).
void tst_PhoenixSlots::serverDyingUnderLongPollWarnsNothing()
{
    QTest::failOnWarning(QRegularExpression(u"Internal problem"_s));
    TestBed bed(TestBed::Setup::Fast, PhoenixSocket::Transport::LongPoll);
    QVERIFY(bed.listening);
    const quint16 port = bed.server.port();
    QVERIFY(connectSocket(bed.socket));
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    QSignalSpy errors(&bed.socket, &PhoenixSocket::errorOccurred);
    for (int round = 0; round < 5; ++round) {
        // A poll and a POST in flight when the server dies.
        for (int i = 0; i < 3; ++i)
            channel->push(u"shout"_s, {{u"i"_s, i}});
        QCoreApplication::processEvents();
        bed.server.close();
        QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), WaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(bed.socket.state(), PhoenixSocket::State::Disconnected, WaitMs);
        // A few refused reconnects, then the server is back on the same port.
        QTRY_VERIFY_WITH_TIMEOUT(bed.socket.reconnectAttempts() >= 2, WaitMs);
        QVERIFY(bed.server.listen(QHostAddress::LocalHost, port));
        QTRY_VERIFY_WITH_TIMEOUT(channel->isJoined(), WaitMs);
        errors.clear();
    }
}

// ---- found by tests/fuzz/fuzz_application.cpp ----------------------------------------------------------

void tst_PhoenixSlots::notifierSlotOfASetterMayDeleteTheSocket_data()
{
    QTest::addColumn<QString>("setter");
    QTest::addColumn<QByteArray>("notifier");
    QTest::newRow("setUrl") << u"setUrl"_s << QByteArray("urlChanged");
    QTest::newRow("connectToServer(url)") << u"connectToServer(url)"_s << QByteArray("urlChanged");
    QTest::newRow("setParams") << u"setParams"_s << QByteArray("paramsChanged");
    QTest::newRow("setHeaders") << u"setHeaders"_s << QByteArray("headersChanged");
    QTest::newRow("setAuthToken") << u"setAuthToken"_s << QByteArray("authTokenChanged");
    QTest::newRow("setTransport") << u"setTransport"_s << QByteArray("transportChanged");
    QTest::newRow("disconnectFromServer") << u"disconnectFromServer"_s << QByteArray("stateChanged");
}

// A connected socket; the slot of the setter's notifier deletes the socket (a settings page that
// tears the connection down). The setter returns without touching the deleted socket.
void tst_PhoenixSlots::notifierSlotOfASetterMayDeleteTheSocket()
{
    QFETCH(QString, setter);
    QFETCH(QByteArray, notifier);
    QPointer<PhoenixSocket> socket = new PhoenixSocket(Endpoint);
    configureFast(*socket);
    FakeServer server(socket);
    QVERIFY(connectSocket(*socket));
    QPointer<PhoenixChannel> channel = socket->channel(Lobby);
    QVERIFY(joinChannel(channel));
    OneShot kill([&socket] { delete socket.data(); });
    QVERIFY(kill.attach(socket, notifier.constData()));
    PhoenixSocket *const s = socket;
    if (setter == u"setUrl"_s)
        s->setUrl(QUrl(u"ws://elsewhere.test/socket"_s));
    else if (setter == u"connectToServer(url)"_s)
        s->connectToServer(QUrl(u"ws://elsewhere.test/socket"_s));
    else if (setter == u"setParams"_s)
        s->setParams({{u"fresh"_s, true}});
    else if (setter == u"setHeaders"_s)
        s->setHeaders({{u"x-app"_s, u"1"_s}});
    else if (setter == u"setAuthToken"_s)
        s->setAuthToken(u"fresh"_s);
    else if (setter == u"setTransport"_s)
        s->setTransport(PhoenixSocket::Transport::LongPoll);
    else
        s->disconnectFromServer();
    // The slot runs from within the call, or later from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(kill.hasFired(), FireMs);
    drain();
    QVERIFY(!socket);
    QVERIFY(!channel);
}

void tst_PhoenixSlots::joinReturnsWhenASlotDeletesTheChannel_data()
{
    QTest::addColumn<QByteArray>("signal");
    QTest::addColumn<bool>("deleteSocket");
    for (const char *signal : {"stateChanged", "joinRefChanged"}) {
        QTest::addRow("%s, delete channel", signal) << QByteArray(signal) << false;
        QTest::addRow("%s, delete socket", signal) << QByteArray(signal) << true;
    }
}

// join() emits stateChanged(Joining) and joinRefChanged() before it returns; a slot of either deletes
// the channel (or the socket). join() returns without touching the deleted channel.
void tst_PhoenixSlots::joinReturnsWhenASlotDeletesTheChannel()
{
    QFETCH(QByteArray, signal);
    QFETCH(bool, deleteSocket);
    QPointer<PhoenixSocket> socket = new PhoenixSocket(Endpoint);
    configureFast(*socket);
    FakeServer server(socket);
    QVERIFY(connectSocket(*socket));
    QPointer<PhoenixChannel> channel = socket->channel(Lobby);
    OneShot kill([&] {
        if (deleteSocket)
            delete socket.data();
        else
            delete channel.data();
    });
    QVERIFY(kill.attach(channel, signal.constData()));
    channel->join(); // its result is not touched: the channel may be gone
    // The slot runs from within the call, or later from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(kill.hasFired(), FireMs);
    drain();
    QVERIFY(!channel);
    if (!deleteSocket) {
        QVERIFY(socket);
        QVERIFY(joinChannel(socket->channel(Other))); // the socket goes on
        delete socket.data();
    }
}

void tst_PhoenixSlots::bufferedMessagesChangedSlotMayDeleteDuringAnOfflineCall_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<bool>("deleteSocket");
    for (const char *call : {"push", "pushNoReply", "leave", "join"}) {
        QTest::addRow("%s, delete channel", call) << QString::fromLatin1(call) << false;
        QTest::addRow("%s, delete socket", call) << QString::fromLatin1(call) << true;
    }
}

// Offline, push(), leave() and join() buffer a frame and bufferedMessages changes from within the
// call; a slot of bufferedMessagesChanged() deletes the channel (or the socket). The call returns
// without touching what was deleted.
void tst_PhoenixSlots::bufferedMessagesChangedSlotMayDeleteDuringAnOfflineCall()
{
    QFETCH(QString, call);
    QFETCH(bool, deleteSocket);
    QPointer<PhoenixSocket> socket = new PhoenixSocket(Endpoint);
    configureFast(*socket);
    FakeServer server(socket);
    QPointer<PhoenixChannel> channel = socket->channel(Lobby);
    if (call != u"join"_s) {
        // Joined, then the connection is lost for good: the channel is errored and offline.
        QVERIFY(connectSocket(*socket));
        QVERIFY(joinChannel(channel));
        socket->setAutoReconnect(false);
        server.transport()->drop();
        QCOMPARE(socket->state(), PhoenixSocket::State::Disconnected);
        QCOMPARE(channel->state(), PhoenixChannel::State::Errored);
    }
    OneShot kill([&] {
        if (deleteSocket)
            delete socket.data();
        else
            delete channel.data();
    });
    QVERIFY(kill.attach(socket, "bufferedMessagesChanged"));
    if (call == u"push"_s)
        channel->push(u"p"_s);
    else if (call == u"pushNoReply"_s)
        channel->pushNoReply(u"p"_s);
    else if (call == u"leave"_s)
        channel->leave();
    else
        channel->join();
    // The slot runs from within the call, or later from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(kill.hasFired(), FireMs);
    drain();
    QVERIFY(!channel);
    if (!deleteSocket) {
        QVERIFY(socket);
        QCOMPARE(socket->bufferedMessages(), 0); // the channel's frames went with it
        QVERIFY(connectSocket(*socket));
        QVERIFY(joinChannel(socket->channel(Other)));
        delete socket.data();
    }
}

void tst_PhoenixSlots::bufferedPushTimingOutMayLoseItsChannelInBufferedMessagesChanged_data()
{
    QTest::addColumn<QString>("victim");
    QTest::newRow("delete push") << u"push"_s;
    QTest::newRow("delete channel") << u"channel"_s;
    QTest::newRow("delete socket") << u"socket"_s;
}

// A push that waits offline times out; taking it out of the buffer changes bufferedMessages, and a
// slot of bufferedMessagesChanged() deletes the push, its channel or the socket.
void tst_PhoenixSlots::bufferedPushTimingOutMayLoseItsChannelInBufferedMessagesChanged()
{
    QFETCH(QString, victim);
    QPointer<PhoenixSocket> socket = new PhoenixSocket(Endpoint);
    configureFast(*socket);
    FakeServer server(socket);
    QPointer<PhoenixChannel> channel = socket->channel(Lobby);
    channel->join();
    QPointer<PhoenixPush> push = channel->push(u"p"_s, {}, 20);
    const QFuture<PhoenixReply> future = push->future();
    QSignalSpy timedOut(push.data(), &PhoenixPush::timedOut);
    OneShot kill([&] {
        if (victim == u"push"_s)
            delete push.data();
        else if (victim == u"channel"_s)
            delete channel.data();
        else
            delete socket.data();
    });
    QVERIFY(kill.attach(socket, "bufferedMessagesChanged"));
    QTRY_VERIFY_WITH_TIMEOUT(kill.hasFired(), FireMs);
    drain();
    QVERIFY(!push);
    QVERIFY(future.isFinished());
    QCOMPARE(future.resultCount(), 1);
    QVERIFY(timedOut.size() <= 1);
    if (victim == u"push"_s) {
        QVERIFY(channel);
        QVERIFY(connectSocket(*socket));
        QTRY_VERIFY_WITH_TIMEOUT(channel->isJoined(), WaitMs);
    }
    delete socket.data();
}

void tst_PhoenixSlots::channelStateChangedSlotMayDeleteOnConnectionLoss_data()
{
    QTest::addColumn<bool>("deleteSocket");
    QTest::newRow("delete channel") << false;
    QTest::newRow("delete socket") << true;
}

// The connection drops: the joined channel turns Errored, and its stateChanged() slot deletes the
// channel (or the socket).
void tst_PhoenixSlots::channelStateChangedSlotMayDeleteOnConnectionLoss()
{
    QFETCH(bool, deleteSocket);
    QPointer<PhoenixSocket> socket = new PhoenixSocket(Endpoint);
    configureFast(*socket);
    FakeServer server(socket);
    QVERIFY(connectSocket(*socket));
    QPointer<PhoenixChannel> channel = socket->channel(Lobby);
    QVERIFY(joinChannel(channel));
    OneShot kill([&] {
        if (deleteSocket)
            delete socket.data();
        else
            delete channel.data();
    });
    QVERIFY(kill.attach(channel, "stateChanged"));
    server.transport()->drop();
    // The slot runs from within the call, or later from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(kill.hasFired(), FireMs);
    drain();
    QVERIFY(!channel);
    if (!deleteSocket) {
        QTRY_VERIFY_WITH_TIMEOUT(socket->isConnected(), WaitMs); // it reconnects as usual
        QVERIFY(joinChannel(socket->channel(Other)));
        delete socket.data();
    }
}

void tst_PhoenixSlots::channelStateChangedSlotMayDeleteWhenALeaveCompletes_data()
{
    QTest::addColumn<bool>("offline");      // the leave completes locally (nothing to answer it)
    QTest::addColumn<bool>("deleteSocket"); // else the channel
    QTest::newRow("answered leave, delete channel") << false << false;
    QTest::newRow("answered leave, delete socket") << false << true;
    QTest::newRow("local leave, delete channel") << true << false;
    QTest::newRow("local leave, delete socket") << true << true;
}

// A leave completes (the server's ok, or locally while offline): the channel turns Closed, and its
// stateChanged(Closed) slot deletes the channel (or the socket).
void tst_PhoenixSlots::channelStateChangedSlotMayDeleteWhenALeaveCompletes()
{
    QFETCH(bool, offline);
    QFETCH(bool, deleteSocket);
    QPointer<PhoenixSocket> socket = new PhoenixSocket(Endpoint);
    configureFast(*socket);
    FakeServer server(socket);
    QVERIFY(connectSocket(*socket));
    QPointer<PhoenixChannel> channel = socket->channel(Lobby);
    QVERIFY(joinChannel(channel));
    if (offline) {
        socket->setAutoReconnect(false);
        server.transport()->drop();
        QCOMPARE(channel->state(), PhoenixChannel::State::Errored);
    }
    bool fired = false;
    connect(channel.data(), &PhoenixChannel::stateChanged, &server, [&](PhoenixChannel::State state) {
        if (state != PhoenixChannel::State::Closed || fired)
            return;
        fired = true;
        if (deleteSocket)
            delete socket.data();
        else
            delete channel.data();
    });
    QPointer<PhoenixPush> leave = channel->leave();
    const QFuture<PhoenixReply> future = leave->future();
    QTRY_VERIFY_WITH_TIMEOUT(fired, FireMs);
    drain();
    QVERIFY(!channel);
    QVERIFY(future.isFinished());
    delete socket.data();
}

void tst_PhoenixSlots::disconnectFromUrlChangedOfConnectToServerWins_data()
{
    QTest::addColumn<bool>("connected"); // else disconnected when connectToServer(url) is called
    QTest::addColumn<QByteArray>("signal");
    QTest::newRow("disconnected, urlChanged") << false << QByteArray("urlChanged");
    QTest::newRow("connected, urlChanged") << true << QByteArray("urlChanged");
    QTest::newRow("connected, disconnected") << true << QByteArray("disconnected");
    QTest::newRow("connected, stateChanged") << true << QByteArray("stateChanged");
}

// connectToServer(url): a slot of what it emits (urlChanged(), and the old connection's end when
// it reconnects) calls disconnectFromServer(): the application changed its mind. The disconnect,
// the application's last word, wins: no connection attempt starts. (A choice: connectToServer(url)
// also asked for a connection. The reconnect of a setter is unambiguous, see
// disconnectFromASlotOfASettersReconnectWins; the lead decides this one.)
void tst_PhoenixSlots::disconnectFromUrlChangedOfConnectToServerWins()
{
    QFETCH(bool, connected);
    QFETCH(QByteArray, signal);
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    if (connected)
        QVERIFY(connectSocket(socket));
    OneShot changedMind([&socket] { socket.disconnectFromServer(); });
    QVERIFY(changedMind.attach(&socket, signal.constData()));
    socket.connectToServer(QUrl(u"ws://elsewhere.test/socket"_s));
    // The slot runs from within the call, or later from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(changedMind.hasFired(), FireMs);
    const int created = server.factory()->created();
    QVERIFY(holdsFor(
        [&] {
            return socket.state() == PhoenixSocket::State::Disconnected &&
                   noTransportActive(server.factory(), created);
        },
        FakeQuietMs));
    QCOMPARE(socket.url(), QUrl(u"ws://elsewhere.test/socket"_s));
}

// setPresence(): the model resets; a slot of modelAboutToBeReset() deletes the presence being set.
void tst_PhoenixSlots::presenceModelSurvivesASlotThatDeletesTheNewPresence()
{
    PhoenixSocket socket(Endpoint);
    PhoenixChannel *channel = socket.channel(Lobby);
    auto *first = new PhoenixPresence(channel, &socket);
    QPointer<PhoenixPresence> second = new PhoenixPresence(channel, &socket);
    PhoenixPresenceModel model(first);
    OneShot kill([&second] { delete second.data(); });
    QVERIFY(kill.attach(&model, "modelAboutToBeReset"));
    model.setPresence(second);
    // The slot runs from within the call, or later from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(kill.hasFired(), FireMs);
    QVERIFY(!second);
    QCOMPARE(model.presence(), nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void tst_PhoenixSlots::disconnectFromASlotOfASettersReconnectWins_data()
{
    QTest::addColumn<QString>("setter");
    QTest::addColumn<QByteArray>("signal");
    QTest::addColumn<bool>("fromConnected"); // the setter runs in a connected() slot
    // (connectToServer(url) asks for a connection itself: disconnectFromUrlChangedOfConnectToServerWins.)
    for (const char *setter : {"setUrl", "setParams", "setHeaders", "setAuthToken", "setTransport"}) {
        for (const char *signal :
             {"disconnected", "stateChanged", "channel stateChanged", "channel errorOccurred"}) {
            QTest::addRow("%s, %s", setter, signal)
                << QString::fromLatin1(setter) << QByteArray(signal) << false;
            QTest::addRow("%s from connected(), %s", setter, signal)
                << QString::fromLatin1(setter) << QByteArray(signal) << true;
        }
    }
}

// A setting changes while connected (also from a connected() slot), so the socket reconnects; a slot
// of the old connection's end
// (disconnected(), stateChanged(Disconnected), or a joined channel's stateChanged(Errored) or
// errorOccurred()) calls disconnectFromServer(). The disconnect wins: no new connection attempt.
void tst_PhoenixSlots::disconnectFromASlotOfASettersReconnectWins()
{
    QFETCH(QString, setter);
    QFETCH(QByteArray, signal);
    QFETCH(bool, fromConnected);
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    PhoenixChannel *channel = socket.channel(Lobby);
    channel->join();
    OneShot stop([&socket] { socket.disconnectFromServer(); });
    bool attached = false;
    const auto change = [&] {
        if (signal.startsWith("channel "))
            attached = stop.attach(channel, signal.mid(8).constData());
        else
            attached = stop.attach(&socket, signal.constData());
        if (setter == u"setUrl"_s)
            socket.setUrl(QUrl(u"ws://elsewhere.test/socket"_s));
        else if (setter == u"setParams"_s)
            socket.setParams({{u"fresh"_s, true}});
        else if (setter == u"setHeaders"_s)
            socket.setHeaders({{u"x-app"_s, u"1"_s}});
        else if (setter == u"setAuthToken"_s)
            socket.setAuthToken(u"fresh"_s);
        else
            socket.setTransport(PhoenixSocket::Transport::LongPoll);
    };
    OneShot changeOnConnected(change);
    if (fromConnected) {
        // The setting changes from a connected() slot (the application sets what it learned).
        QVERIFY(changeOnConnected.attach(&socket, "connected"));
        socket.connectToServer();
        QTRY_VERIFY_WITH_TIMEOUT(changeOnConnected.hasFired(), FireMs);
    } else {
        QVERIFY(connectSocket(socket));
        QTRY_VERIFY_WITH_TIMEOUT(channel->isJoined(), WaitMs);
        change();
    }
    QVERIFY(attached);
    // The slot runs from within the call, or later from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(stop.hasFired(), FireMs);
    const int created = server.factory()->created();
    QVERIFY2(holdsFor(
                 [&] {
                     return socket.state() == PhoenixSocket::State::Disconnected &&
                            noTransportActive(server.factory(), created);
                 },
                 FakeQuietMs),
             qPrintable(u"the socket is connecting or connected after disconnectFromServer() (state %1, "
                        "%2 more transport(s))"_s.arg(int(socket.state()))
                            .arg(server.factory()->created() - created)));
}

// Connecting flushes what was buffered; a slot of that flush's bufferedMessagesChanged() changes a
// setting (so the socket reconnects), and the lost connection makes a channel whose join was
// buffered error, whose errorOccurred() slot deletes it. What the flush had not sent yet waits for the
// next connection, without the deleted channel's frames.
void tst_PhoenixSlots::flushInterruptedByAReconnectForgetsAChannelDeletedMeanwhile()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    QPointer<PhoenixChannel> doomed = socket.channel(Lobby);
    doomed->join(); // buffered: the socket is offline
    PhoenixChannel *kept = socket.channel(Other);
    kept->join();
    QCOMPARE(socket.bufferedMessages(), 2);
    OneShot reconnect([&socket] { socket.setParams({{u"fresh"_s, true}}); });
    QVERIFY(reconnect.attach(&socket, "bufferedMessagesChanged"));
    int joinsWhenDeleted = -1;
    connect(doomed.data(), &PhoenixChannel::errorOccurred, &server, [&] {
        joinsWhenDeleted = server.count(Lobby, u"phx_join"_s);
        delete doomed.data();
    });
    socket.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(reconnect.hasFired(), FireMs);
    QTRY_VERIFY_WITH_TIMEOUT(kept->isJoined(), WaitMs);
    drain();
    QTRY_COMPARE_WITH_TIMEOUT(socket.bufferedMessages(), 0, WaitMs);
    if (!doomed) // nothing of the deleted channel goes out after it was deleted
        QCOMPARE(server.count(Lobby, u"phx_join"_s), joinsWhenDeleted);
}

void tst_PhoenixSlots::presenceModelSurvivesASlotThatDeletesIt_data()
{
    QTest::addColumn<QByteArray>("signal");
    QTest::newRow("rowsInserted") << QByteArray("rowsInserted");
    QTest::newRow("rowsRemoved") << QByteArray("rowsRemoved");
    QTest::newRow("countChanged") << QByteArray("countChanged");
}

// A presence state arrives and the model follows; a slot of the model's own signal deletes the model
// (the view that owned it goes away).
void tst_PhoenixSlots::presenceModelSurvivesASlotThatDeletesIt()
{
    QFETCH(QByteArray, signal);
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    QVERIFY(connectSocket(socket));
    PhoenixChannel *channel = socket.channel(Lobby);
    PhoenixPresence presence(channel);
    QPointer<PhoenixPresenceModel> model = new PhoenixPresenceModel(&presence);
    QVERIFY(joinChannel(channel));
    const QJsonObject meta{{u"phx_ref"_s, u"1"_s}};
    const QJsonObject ada{{u"ada"_s, QJsonObject{{u"metas"_s, QJsonArray{meta}}}}};
    if (signal == "rowsRemoved")
        server.push(channel->joinRef(), Lobby, u"presence_state"_s, ada);
    OneShot kill([&model] { delete model.data(); });
    QVERIFY(kill.attach(model, signal.constData()));
    if (signal == "rowsRemoved")
        server.push(channel->joinRef(), Lobby, u"presence_diff"_s,
                    {{u"joins"_s, QJsonObject()}, {u"leaves"_s, ada}});
    else
        server.push(channel->joinRef(), Lobby, u"presence_state"_s, ada);
    // The slot runs from within the call, or later from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(kill.hasFired(), FireMs);
    drain();
    QVERIFY(!model);
    QCOMPARE(presence.count(), signal == "rowsRemoved" ? 0 : 1);
}

// A push's reply arrives; a slot of the channel's replyReceived() deletes the push. The socket's
// pushFinished() (telemetry, logging: watched here) still reports the push that finished, and nothing
// touches the deleted push.
void tst_PhoenixSlots::replyReceivedSlotMayDeleteThePushWhilePushFinishedIsWatched()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    server.answerPushes = true;
    QVERIFY(connectSocket(socket));
    PhoenixChannel *channel = socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    QSignalSpy finished(&socket, &PhoenixSocket::pushFinished);
    QPointer<PhoenixPush> push = channel->push(u"save"_s, {{u"n"_s, 1}});
    const QFuture<PhoenixReply> future = push->future();
    OneShot kill([&push] { delete push.data(); });
    QVERIFY(kill.attach(channel, "replyReceived"));
    QTRY_VERIFY_WITH_TIMEOUT(kill.hasFired(), FireMs);
    drain();
    QVERIFY(!push);
    QVERIFY(future.isFinished());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, FireMs);
    QCOMPARE(finished.last().at(1).toString(), u"save"_s);
    QCOMPARE(finished.last().at(2).toString(), u"ok"_s);
    QVERIFY(channel->isJoined());
}

// The connection is back and the channels rejoin one after the other; a slot of the first one's
// rejoin changes the headers, which reconnects at once (the rejoins of that connection stop). The
// channels stay usable: deleting one, later, does not walk into the rejoins that were cut short.
void tst_PhoenixSlots::slotThatReconnectsDuringTheRejoinsLeavesChannelsDeletable()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    FakeServer server(&socket);
    QVERIFY(connectSocket(socket));
    PhoenixChannel *first = socket.channel(Lobby);
    QPointer<PhoenixChannel> second = socket.channel(u"room:second"_s);
    QPointer<PhoenixChannel> third = socket.channel(u"room:third"_s);
    QVERIFY(joinChannel(first));
    QVERIFY(joinChannel(second));
    QVERIFY(joinChannel(third));
    OneShot reconnect([&socket] { socket.setHeaders({{u"x-generation"_s, u"2"_s}}); });
    connect(first, &PhoenixChannel::stateChanged, &socket, [&](PhoenixChannel::State state) {
        if (state == PhoenixChannel::State::Joining && socket.isConnected())
            reconnect.fire();
    });
    server.transport()->drop();
    QTRY_VERIFY_WITH_TIMEOUT(reconnect.hasFired(), FireMs);
    QTRY_VERIFY_WITH_TIMEOUT(first->isJoined() && second->isJoined() && third->isJoined(), WaitMs);
    delete second.data();
    QVERIFY(!second);
    QVERIFY(third->isJoined());
    delete third.data();
    QVERIFY(!third);
    QVERIFY(first->isJoined());
}

// Offline, an application calls leave() again and again before the event loop runs (a button held
// down, a loop over its channels that visits one twice). The send buffer keeps one leave for the
// server, not one per call, so it stays within its limit; every call's push still finishes.
void tst_PhoenixSlots::leaveCalledAgainWhileOfflineBuffersOneLeave()
{
    PhoenixSocket socket(Endpoint);
    configureFast(socket);
    socket.setSendBufferLimit(4);
    FakeServer server(&socket);
    QVERIFY(connectSocket(socket));
    PhoenixChannel *channel = socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    server.acceptConnections = false;
    server.transport()->drop();
    QTRY_COMPARE_WITH_TIMEOUT(channel->state(), PhoenixChannel::State::Errored, WaitMs);
    QList<QPointer<PhoenixPush>> leaves;
    for (int i = 0; i < 10; ++i) {
        PhoenixPush *leave = channel->leave();
        QVERIFY(leave);
        leave->setAutoDelete(false);
        leaves.append(leave);
        QVERIFY2(socket.bufferedMessages() <= 1, "each leave() buffered another frame");
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(leaves.cbegin(), leaves.cend(),
                                         [](const QPointer<PhoenixPush> &p) { return p && p->isFinished(); }),
                             WaitMs);
    QCOMPARE(channel->state(), PhoenixChannel::State::Closed);
    server.acceptConnections = true;
    server.clear();
    QVERIFY(connectSocket(socket));
    drain();
    QVERIFY(server.count(Lobby, u"phx_leave"_s) <= 1);
    qDeleteAll(leaves);
}

QTEST_MAIN(tst_PhoenixSlots)

#include "tst_phoenixslots.moc"
