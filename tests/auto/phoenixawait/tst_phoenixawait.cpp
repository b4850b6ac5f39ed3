// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Awaiting results: PhoenixPush::future() (QFuture<PhoenixReply>) for pushes, joins and leaves, the
// blocking waits (waitForConnected, waitForJoined, waitForReply) and pushes that expect no reply.
// Through the engine with the fake transport, plus the no-reply push against the dev server.
//
// Note: Qt Test runs test functions outside of any event loop, like a console program that never
// calls exec(): exactly the situation the blocking waits are made for.

#include "fakeengine.h"
#include "testbed.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixReply>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QElapsedTimer>
#include <QtCore/QFuture>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

//! The reply of a finished future (a null reply while it is not finished).
PhoenixReply outcome(const QFuture<PhoenixReply> &future)
{
    return future.isFinished() && future.resultCount() > 0 ? future.resultAt(0) : PhoenixReply();
}

} // namespace

class tst_PhoenixAwait : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // futures
    void pushFutureDeliversTheReply();
    void pushFutureContinuationRunsInItsContext();
    void pushFutureResolvesWithAnErrorReply();
    void pushFutureResolvesOnTimeout();
    void futureOfAFinishedPushIsReadyAtOnce();
    void futureOfARefusedPushResolvesWithTheFailure();
    void pushFutureFinishesWhenTheChannelIsDeleted();
    void futuresFinishWhenTheSocketIsDeleted();
    void joinFutureDeliversTheJoinResponse();
    void joinFutureResolvesWhenTheConnectionIsLost();
    void joinFutureOfALeftChannelResolvesChannelClosed();
    void leaveFutureResolvesOk();
    void replyIsAnImplicitlySharedGadget();

    // blocking waits
    void waitForConnectedReturnsTrueOnceConnected();
    void waitForConnectedReturnsFalseWhenNothingIsUnderWay();
    void waitForConnectedReturnsFalseOnTimeout();
    void waitForConnectedReturnsFalseOnError();
    void waitForJoinedReturnsTrueOnceJoined();
    void waitForJoinedReturnsFalseWhenTheJoinIsRefused();
    void waitForJoinedReturnsFalseWhenNothingIsUnderWay();
    void waitForJoinedReturnsFalseWhenTheChannelIsDeleted();
    void waitForReplyReturnsFalseOnTimeoutAndErrors();
    void pushStaysReadableAfterWaitForReply();
    void pushFinishedDuringAnotherWaitStaysReadable();
    void autoDeleteOffKeepsThePushAcrossWaits();

    // pushes without reply
    void noReplyPushIsSentOnceAndNeverTimesOut();
    void noReplyPushWaitsForTheJoinAndIsSentOnce();
    void noReplyPushToALeftChannelFails();
    void lateReplyToANoReplyPushIsHarmless();
    void noReplyPushAgainstTheDevServer();
};

void tst_PhoenixAwait::initTestCase()
{
    qRegisterMetaType<PhoenixSocket::Error>();
    qRegisterMetaType<PhoenixPush::Error>();
}

// ---- futures --------------------------------------------------------------------------------------

void tst_PhoenixAwait::pushFutureDeliversTheReply()
{
    FakeEngine e;
    e.server.answerPushes = true;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    const QFuture<PhoenixReply> future = channel->push(u"echo"_s, {{u"n"_s, 1}})->future();
    QVERIFY(!future.isFinished()); // never resolved from within push()
    QTRY_VERIFY(future.isFinished());
    const PhoenixReply reply = outcome(future);
    QCOMPARE(reply.status(), u"ok"_s);
    QCOMPARE(reply.event(), u"echo"_s);
    QCOMPARE(reply.response(), QJsonValue(QJsonObject{{u"n"_s, 1}}));
    QCOMPARE(reply.error(), PhoenixPush::Error::NoError);
    QVERIFY(!reply.hasError());
    QVERIFY(reply.errorString().isEmpty());
    QVERIFY(!future.isCanceled());
}

void tst_PhoenixAwait::pushFutureContinuationRunsInItsContext()
{
    FakeEngine e;
    e.server.answerPushes = true;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QObject context;
    QList<PhoenixReply> seen;
    channel->push(u"echo"_s, {{u"n"_s, 2}})->future().then(&context, [&seen](const PhoenixReply &reply) {
        seen.append(reply);
    });
    QTRY_COMPARE(seen.size(), 1);
    QCOMPARE(seen.first().response().toObject().value(u"n"_s).toInt(), 2);
}

void tst_PhoenixAwait::pushFutureResolvesWithAnErrorReply()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    connect(&e.server, &FakeServer::frameReceived, this, [&e](const QJsonArray &frame) {
        if (frame.at(3).toString() == u"fail"_s)
            e.server.reply(frame, u"error"_s, {{u"reason"_s, u"nope"_s}});
    });
    const QFuture<PhoenixReply> future = channel->push(u"fail"_s)->future();
    QTRY_VERIFY(future.isFinished());
    const PhoenixReply reply = outcome(future);
    QCOMPARE(reply.status(), u"error"_s);
    QCOMPARE(reply.error(), PhoenixPush::Error::ReplyError);
    QVERIFY(reply.hasError());
    QVERIFY(reply.errorString().contains(u"nope"_s));
    QCOMPARE(reply.response().toObject().value(u"reason"_s).toString(), u"nope"_s);
}

void tst_PhoenixAwait::pushFutureResolvesOnTimeout()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    const QFuture<PhoenixReply> future = channel->push(u"silence"_s, {}, 50)->future();
    QTRY_VERIFY(future.isFinished());
    const PhoenixReply reply = outcome(future);
    QCOMPARE(reply.status(), u"timeout"_s);
    QCOMPARE(reply.error(), PhoenixPush::Error::TimeoutError);
    QVERIFY(!reply.errorString().isEmpty());
}

void tst_PhoenixAwait::futureOfAFinishedPushIsReadyAtOnce()
{
    FakeEngine e;
    e.server.answerPushes = true;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    PhoenixPush *push = channel->push(u"echo"_s, {{u"n"_s, 3}});
    push->setAutoDelete(false);
    QSignalSpy finished(push, &PhoenixPush::finished);
    QVERIFY(finished.wait(WaitMs));
    const QFuture<PhoenixReply> future = push->future();
    QVERIFY(future.isFinished());
    QCOMPARE(outcome(future).response().toObject().value(u"n"_s).toInt(), 3);
    delete push;
    QCOMPARE(outcome(future).status(), u"ok"_s); // the future outlives the push
}

void tst_PhoenixAwait::futureOfARefusedPushResolvesWithTheFailure()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QSignalSpy closed(channel, &PhoenixChannel::closed);
    channel->leave();
    QVERIFY(closed.wait(WaitMs));
    const QFuture<PhoenixReply> future = channel->push(u"late"_s)->future();
    QVERIFY(!future.isFinished()); // from the event loop, like the push's own signals
    QTRY_VERIFY(future.isFinished());
    QCOMPARE(outcome(future).error(), PhoenixPush::Error::ChannelClosedError);
    QCOMPARE(outcome(future).status(), u"error"_s);
}

void tst_PhoenixAwait::pushFutureFinishesWhenTheChannelIsDeleted()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    const QFuture<PhoenixReply> inFlight = channel->push(u"silence"_s)->future();
    e.socket.disconnectFromServer();
    const QFuture<PhoenixReply> buffered = channel->push(u"offline"_s)->future(); // waits in the buffer
    QVERIFY(!inFlight.isFinished());
    QVERIFY(!buffered.isFinished());
    delete channel;
    // At once, not from some later event: nothing is left that could finish them.
    QVERIFY(inFlight.isFinished());
    QVERIFY(buffered.isFinished());
    QCOMPARE(outcome(inFlight).error(), PhoenixPush::Error::CanceledError);
    QCOMPARE(outcome(buffered).error(), PhoenixPush::Error::CanceledError);
    QVERIFY(!outcome(inFlight).errorString().isEmpty());
    QVERIFY(!inFlight.isCanceled()); // a value, never a canceled future (that would skip .then())
}

void tst_PhoenixAwait::futuresFinishWhenTheSocketIsDeleted()
{
    auto socket = std::make_unique<PhoenixSocket>(QUrl(u"ws://phoenix.test/socket/websocket"_s));
    configureFast(*socket);
    auto server = std::make_unique<FakeServer>(socket.get());
    server->answerJoins = false;
    QVERIFY(connectSocket(*socket));
    PhoenixChannel *joining = socket->channel(Lobby);
    QFuture<PhoenixReply> join = joining->join()->future(); // then() is not const in Qt 6.4
    PhoenixChannel *other = socket->channel(u"room:other"_s);
    const QFuture<PhoenixReply> push = other->push(u"waits"_s)->future();
    QObject context;
    int continuations = 0;
    join.then(&context, [&continuations](const PhoenixReply &) { ++continuations; });
    socket.reset();
    QVERIFY(join.isFinished());
    QVERIFY(push.isFinished());
    QCOMPARE(outcome(join).error(), PhoenixPush::Error::CanceledError);
    QCOMPARE(outcome(join).event(), u"phx_join"_s);
    QCOMPARE(outcome(push).error(), PhoenixPush::Error::CanceledError);
    QTRY_COMPARE(continuations, 1); // a continuation with a context still runs, from the event loop
}

void tst_PhoenixAwait::joinFutureDeliversTheJoinResponse()
{
    FakeEngine e;
    e.server.onJoin = [&e](const QJsonArray &join) {
        e.server.reply(join, u"ok"_s, {{u"user"_s, u"ada"_s}});
    };
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby);
    const QFuture<PhoenixReply> future = channel->join()->future();
    QTRY_VERIFY(future.isFinished());
    QCOMPARE(outcome(future).status(), u"ok"_s);
    QCOMPARE(outcome(future).event(), u"phx_join"_s);
    QCOMPARE(outcome(future).response().toObject().value(u"user"_s).toString(), u"ada"_s);
    QVERIFY(channel->isJoined());
}

void tst_PhoenixAwait::joinFutureResolvesWhenTheConnectionIsLost()
{
    FakeEngine e;
    e.server.answerJoins = false;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby);
    PhoenixPush *join = channel->join();
    const QFuture<PhoenixReply> first = join->future();
    QTRY_COMPARE(e.server.count(Lobby, u"phx_join"_s), 1);
    e.server.transport()->drop();
    // The attempt is abandoned (its reply can never come): its future says so now, not at its timeout.
    QVERIFY(first.isFinished());
    QCOMPARE(outcome(first).error(), PhoenixPush::Error::ConnectionLostError);
    // The channel rejoins on the next connection; that attempt has a future of its own.
    QTRY_COMPARE(e.server.count(Lobby, u"phx_join"_s), 2);
    const QFuture<PhoenixReply> second = join->future();
    QVERIFY(!second.isFinished());
    e.server.reply(e.server.last(Lobby, u"phx_join"_s));
    QTRY_VERIFY(second.isFinished());
    QCOMPARE(outcome(second).status(), u"ok"_s);
    QCOMPARE(outcome(first).error(), PhoenixPush::Error::ConnectionLostError); // unchanged
}

void tst_PhoenixAwait::joinFutureOfALeftChannelResolvesChannelClosed()
{
    FakeEngine e;
    e.server.answerJoins = false;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby);
    const QFuture<PhoenixReply> join = channel->join()->future();
    QTRY_COMPARE(e.server.count(Lobby, u"phx_join"_s), 1);
    channel->leave();
    QVERIFY(join.isFinished());
    QCOMPARE(outcome(join).error(), PhoenixPush::Error::ChannelClosedError);
}

void tst_PhoenixAwait::leaveFutureResolvesOk()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    const QFuture<PhoenixReply> leave = channel->leave()->future();
    QTRY_VERIFY(leave.isFinished());
    QCOMPARE(outcome(leave).status(), u"ok"_s);
    QCOMPARE(outcome(leave).event(), u"phx_leave"_s);
    QTRY_COMPARE(channel->state(), PhoenixChannel::State::Closed);
}

void tst_PhoenixAwait::replyIsAnImplicitlySharedGadget()
{
    const PhoenixReply null;
    QVERIFY(null.isNull());
    QVERIFY(!null.hasError());
    const PhoenixReply reply(u"echo"_s, u"error"_s, QJsonObject{{u"a"_s, 1}}, PhoenixPush::Error::ReplyError,
                             u"refused"_s);
    PhoenixReply copy = reply;
    QCOMPARE(copy, reply);
    QVERIFY(copy != null);
    // Readable through the meta-object (what QML sees).
    const QMetaObject &meta = PhoenixReply::staticMetaObject;
    QCOMPARE(meta.property(meta.indexOfProperty("status")).readOnGadget(&copy).toString(), u"error"_s);
    QCOMPARE(meta.property(meta.indexOfProperty("hasError")).readOnGadget(&copy).toBool(), true);
    QCOMPARE(meta.property(meta.indexOfProperty("error")).readOnGadget(&copy).value<PhoenixPush::Error>(),
             PhoenixPush::Error::ReplyError);
    QCOMPARE(QVariant::fromValue(reply).value<PhoenixReply>(), reply);
}

// ---- blocking waits -------------------------------------------------------------------------------

void tst_PhoenixAwait::waitForConnectedReturnsTrueOnceConnected()
{
    FakeEngine e;
    e.socket.connectToServer();
    QVERIFY(e.socket.waitForConnected(WaitMs));
    QVERIFY(e.socket.isConnected());
    QVERIFY(e.socket.waitForConnected(0)); // already connected: at once
}

void tst_PhoenixAwait::waitForConnectedReturnsFalseWhenNothingIsUnderWay()
{
    FakeEngine e;
    QVERIFY(!e.socket.waitForConnected(-1)); // would never return if it waited
    QCOMPARE(e.server.factory()->created(), 0);
}

void tst_PhoenixAwait::waitForConnectedReturnsFalseOnTimeout()
{
    FakeEngine e;
    e.server.acceptConnections = false; // the attempt hangs
    e.socket.setConnectTimeout(0);
    e.socket.connectToServer();
    QVERIFY(!e.socket.waitForConnected(50));
    QCOMPARE(e.socket.state(), PhoenixSocket::State::Connecting);
    e.server.transport()->accept(); // and it still connects afterwards
    QVERIFY(e.socket.waitForConnected(WaitMs));
}

void tst_PhoenixAwait::waitForConnectedReturnsFalseOnError()
{
    FakeEngine e;
    e.server.acceptConnections = false;
    e.server.factory()->setup = [](FakeTransport *t) {
        connect(t, &FakeTransport::openRequested, t, [t] { QTimer::singleShot(0, t, [t] { t->refuse(); }); });
    };
    e.socket.setReconnectAfter([](int) { return 60000; });
    QSignalSpy errors(&e.socket, &PhoenixSocket::errorOccurred);
    e.socket.connectToServer();
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!e.socket.waitForConnected(60000));
    // It returned because of the error, not because its time ran out.
    QVERIFY2(clock.elapsed() < 30000, "waitForConnected() waited for its time limit instead of the error");
    QCOMPARE(countSocketErrors(errors, PhoenixSocket::Error::ConnectionRefusedError), 1);
}

void tst_PhoenixAwait::waitForJoinedReturnsTrueOnceJoined()
{
    FakeEngine e;
    PhoenixChannel *channel = e.socket.channel(Lobby);
    channel->join(); // before the socket connects: the join goes out once it does
    e.socket.connectToServer();
    QVERIFY(channel->waitForJoined(WaitMs));
    QVERIFY(channel->isJoined());
    QVERIFY(channel->waitForJoined(0));
}

void tst_PhoenixAwait::waitForJoinedReturnsFalseWhenTheJoinIsRefused()
{
    FakeEngine e;
    e.server.onJoin = [&e](const QJsonArray &join) {
        e.server.reply(join, u"error"_s, {{u"reason"_s, u"unauthorized"_s}});
    };
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby);
    channel->join();
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!channel->waitForJoined(60000));
    QVERIFY2(clock.elapsed() < 30000, "waitForJoined() waited for its time limit instead of the refusal");
    QCOMPARE(channel->error(), PhoenixChannel::Error::JoinRefusedError);
}

void tst_PhoenixAwait::waitForJoinedReturnsFalseWhenNothingIsUnderWay()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby);
    QVERIFY(!channel->waitForJoined(-1)); // never joined: would never return if it waited
}

void tst_PhoenixAwait::waitForJoinedReturnsFalseWhenTheChannelIsDeleted()
{
    FakeEngine e;
    e.server.answerJoins = false;
    QVERIFY(e.connect());
    QPointer<PhoenixChannel> channel = e.socket.channel(Lobby);
    channel->join();
    QTimer::singleShot(20, &e.socket, [channel] { delete channel.data(); });
    QVERIFY(!channel->waitForJoined(WaitMs * 4));
    QVERIFY(channel.isNull());
}

void tst_PhoenixAwait::waitForReplyReturnsFalseOnTimeoutAndErrors()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    // The push's own timeout.
    PhoenixPush *silent = channel->push(u"silence"_s, {}, 50);
    const QPointer<PhoenixPush> silentGuard(silent);
    QVERIFY(!silent->waitForReply(WaitMs));
    QVERIFY(silentGuard); // readable after the wait, also after a failure
    QCOMPARE(silent->error(), PhoenixPush::Error::TimeoutError);
    // The wait's time limit: the push goes on.
    PhoenixPush *slow = channel->push(u"slow"_s, {}, WaitMs);
    QVERIFY(!slow->waitForReply(20));
    QVERIFY(!slow->isFinished());
    e.server.reply(e.server.last(Lobby, u"slow"_s));
    QVERIFY(slow->waitForReply(WaitMs));
    // An error reply.
    connect(&e.server, &FakeServer::frameReceived, this, [&e](const QJsonArray &frame) {
        if (frame.at(3).toString() == u"fail"_s)
            e.server.reply(frame, u"error"_s);
    });
    PhoenixPush *refused = channel->push(u"fail"_s);
    QVERIFY(!refused->waitForReply(WaitMs));
    QCOMPARE(refused->status(), u"error"_s);
}

void tst_PhoenixAwait::pushStaysReadableAfterWaitForReply()
{
    FakeEngine e;
    e.server.answerPushes = true;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    PhoenixPush *push = channel->push(u"echo"_s, {{u"n"_s, 7}});
    const QPointer<PhoenixPush> guard(push);
    QVERIFY(push->waitForReply(WaitMs));
    QVERIFY2(guard, "the push was deleted inside waitForReply()");
    QCOMPARE(push->status(), u"ok"_s);
    QCOMPARE(push->response().toObject().value(u"n"_s).toInt(), 7);
    // A plain processEvents() (no event loop running, as in a program without exec()) keeps it too.
    QCoreApplication::processEvents();
    QVERIFY(guard);
    QCOMPARE(push->status(), u"ok"_s);
    // The next event loop deletes it: it does not leak.
    QTRY_VERIFY(guard.isNull());
}

void tst_PhoenixAwait::pushFinishedDuringAnotherWaitStaysReadable()
{
    FakeEngine e;
    e.server.answerPushes = true;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    PhoenixPush *first = channel->push(u"echo"_s, {{u"n"_s, 1}});
    PhoenixPush *second = channel->push(u"echo"_s, {{u"n"_s, 2}});
    const QPointer<PhoenixPush> firstGuard(first);
    const QPointer<PhoenixPush> secondGuard(second);
    // The server answers both at once, so the second finishes while we wait for the first.
    QVERIFY(first->waitForReply(WaitMs));
    QVERIFY(firstGuard);
    QVERIFY2(secondGuard, "a push that finished during another wait was deleted before it returned");
    QVERIFY(second->isFinished());
    QVERIFY(second->waitForReply(WaitMs)); // finished: returns at once
    QCOMPARE(second->response().toObject().value(u"n"_s).toInt(), 2);
    QTRY_VERIFY(firstGuard.isNull() && secondGuard.isNull());
}

void tst_PhoenixAwait::autoDeleteOffKeepsThePushAcrossWaits()
{
    FakeEngine e;
    e.server.answerPushes = true;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    PhoenixPush *push = channel->push(u"echo"_s, {{u"n"_s, 9}});
    push->setAutoDelete(false); // kept across any number of waits and event loops
    const QPointer<PhoenixPush> guard(push);
    QVERIFY(push->waitForReply(WaitMs));
    QVERIFY(channel->push(u"echo"_s)->waitForReply(WaitMs)); // another wait: an event loop
    QSignalSpy never(&e.socket, &PhoenixSocket::disconnected);
    QVERIFY(!never.wait(QuietMs)); // and the test's own
    QVERIFY(guard);
    QCOMPARE(push->response().toObject().value(u"n"_s).toInt(), 9);
    delete push;
}

// ---- pushes without reply -------------------------------------------------------------------------

void tst_PhoenixAwait::noReplyPushIsSentOnceAndNeverTimesOut()
{
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    PhoenixPush *push = channel->pushNoReply(u"noreply"_s, {{u"n"_s, 1}}, 50);
    QVERIFY(!push->expectsReply());
    const QPointer<PhoenixPush> guard(push);
    QSignalSpy finished(push, &PhoenixPush::finished);
    QSignalSpy timedOut(push, &PhoenixPush::timedOut);
    QSignalSpy errors(push, &PhoenixPush::errorOccurred);
    QSignalSpy replied(push, &PhoenixPush::replied);
    const QFuture<PhoenixReply> future = push->future();
    QCOMPARE(finished.size(), 0); // never from within pushNoReply()
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(push->status(), u"sent"_s);
    QCOMPARE(push->error(), PhoenixPush::Error::NoError);
    QVERIFY(future.isFinished());
    QCOMPARE(outcome(future).status(), u"sent"_s);
    QVERIFY(!outcome(future).hasError());
    QCOMPARE(e.server.count(Lobby, u"noreply"_s), 1);
    QCOMPARE(e.server.last(Lobby, u"noreply"_s).at(4).toObject().value(u"n"_s).toInt(), 1);
    // Well past its timeout: nothing waited for a reply, so nothing times out.
    QSignalSpy socketErrors(&e.socket, &PhoenixSocket::errorOccurred);
    QVERIFY(!socketErrors.wait(QuietMs));
    QCOMPARE(timedOut.size(), 0);
    QCOMPARE(errors.size(), 0);
    QCOMPARE(replied.size(), 0);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(e.server.count(Lobby, u"noreply"_s), 1);
    QVERIFY(guard.isNull()); // it deleted itself, like any finished push
}

void tst_PhoenixAwait::noReplyPushWaitsForTheJoinAndIsSentOnce()
{
    FakeEngine e;
    e.server.answerJoins = false;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.socket.channel(Lobby);
    channel->join();
    PhoenixPush *push = channel->pushNoReply(u"noreply"_s, {}, WaitMs);
    QSignalSpy finished(push, &PhoenixPush::finished);
    QVERIFY(!finished.wait(QuietMs)); // not joined yet: it waits
    QCOMPARE(e.server.count(Lobby, u"noreply"_s), 0);
    e.server.reply(e.server.last(Lobby, u"phx_join"_s));
    QVERIFY(finished.wait(WaitMs));
    QCOMPARE(e.server.count(Lobby, u"noreply"_s), 1);
    const QJsonArray frame = e.server.last(Lobby, u"noreply"_s);
    QCOMPARE(frame.at(0).toString(), channel->joinRef()); // sent under the join it waited for
}

void tst_PhoenixAwait::noReplyPushToALeftChannelFails()
{
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    QSignalSpy closed(channel, &PhoenixChannel::closed);
    channel->leave();
    QVERIFY(closed.wait(WaitMs));
    PhoenixPush *push = channel->pushNoReply(u"noreply"_s);
    QSignalSpy errors(push, &PhoenixPush::errorOccurred);
    QVERIFY(errors.wait(WaitMs));
    QCOMPARE(errors.first().at(0).value<PhoenixPush::Error>(), PhoenixPush::Error::ChannelClosedError);
    QCOMPARE(e.server.count(Lobby, u"noreply"_s), 0);
}

void tst_PhoenixAwait::lateReplyToANoReplyPushIsHarmless()
{
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    FakeEngine e;
    QVERIFY(e.connect());
    PhoenixChannel *channel = e.joined(Lobby);
    QVERIFY(channel);
    PhoenixPush *push = channel->pushNoReply(u"noreply"_s);
    QSignalSpy finished(push, &PhoenixPush::finished);
    QVERIFY(finished.wait(WaitMs));
    // A server that replies after all: the channel announces it, nothing else happens.
    QSignalSpy replies(channel, &PhoenixChannel::replyReceived);
    e.server.reply(e.server.last(Lobby, u"noreply"_s));
    QCOMPARE(replies.size(), 1);
    QVERIFY(e.socket.isConnected());
    QVERIFY(channel->isJoined());
}

void tst_PhoenixAwait::noReplyPushAgainstTheDevServer()
{
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    TestBed bed;
    QVERIFY(bed.listening);
    QVERIFY(connectSocket(bed.socket));
    PhoenixChannel *channel = bed.socket.channel(Lobby);
    QVERIFY(joinChannel(channel));
    // The dev server's "noreply" handler answers nothing ({:noreply, socket}).
    PhoenixPush *push = channel->pushNoReply(u"noreply"_s, {{u"n"_s, 1}}, 100);
    QVERIFY(push->waitForReply(WaitMs));
    QCOMPARE(push->status(), u"sent"_s);
    QTRY_COMPARE(bed.recorder.count(Lobby, u"noreply"_s), 1);
    QSignalSpy channelErrors(channel, &PhoenixChannel::errorOccurred);
    QVERIFY(!channelErrors.wait(QuietMs)); // three times its timeout: no timeout, no warning
    QCOMPARE(bed.recorder.count(Lobby, u"noreply"_s), 1);
}

QTEST_GUILESS_MAIN(tst_PhoenixAwait)
#include "tst_phoenixawait.moc"
