// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// co_await on PhoenixPush::future() with QCoro, as the README shows it.

#include "testbed.h"

#include <PhoenixQt/PhoenixReply>

#include <QCoroFuture>
#include <QCoroTask>

#include <optional>

using namespace Qt::StringLiterals;
using namespace PhoenixTest;

namespace {

// Joins \a channel, then pushes an echo of \a body: two awaits in a row, as app code writes them.
QCoro::Task<PhoenixReply> joinAndEcho(PhoenixChannel *channel, QString body)
{
    const PhoenixReply joined = co_await channel->join()->future();
    if (joined.hasError())
        co_return joined;
    // The payload is built first: GCC 12 rejects a braced QJsonObject inside a co_await expression.
    const QJsonObject payload{{u"body"_s, body}};
    co_return co_await channel->push(u"echo"_s, payload)->future();
}

QCoro::Task<PhoenixReply> pushWithTimeout(PhoenixChannel *channel, int timeoutMs)
{
    const QJsonObject payload; // the dev server never answers "noreply"
    co_return co_await channel->push(u"noreply"_s, payload, timeoutMs)->future();
}

} // namespace

class tst_PhoenixQCoro : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coAwaitGivesTheReply();
    void coAwaitGivesATimeoutAsAnError();
};

void tst_PhoenixQCoro::coAwaitGivesTheReply()
{
    TestBed bed;
    QVERIFY(bed.listening);
    bed.socket.connectToServer();
    PhoenixChannel *lobby = bed.socket.channel(Lobby);

    std::optional<PhoenixReply> result;
    QObject context;
    QCoro::connect(joinAndEcho(lobby, u"hello"_s), &context,
                   [&result](const PhoenixReply &reply) { result = reply; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), WaitMs);
    QVERIFY2(!result->hasError(), qPrintable(result->errorString()));
    QCOMPARE(result->status(), u"ok"_s);
    QCOMPARE(result->response().toObject().value(u"body"_s).toString(), u"hello"_s);
    QVERIFY(lobby->isJoined());
}

void tst_PhoenixQCoro::coAwaitGivesATimeoutAsAnError()
{
    TestBed bed;
    QVERIFY(bed.listening);
    QVERIFY(connectSocket(bed.socket));
    PhoenixChannel *lobby = bed.socket.channel(Lobby);
    QVERIFY(joinChannel(lobby));

    std::optional<PhoenixReply> result;
    QObject context;
    QCoro::connect(pushWithTimeout(lobby, 100), &context,
                   [&result](const PhoenixReply &reply) { result = reply; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), WaitMs);
    QVERIFY(result->hasError());
    QCOMPARE(result->error(), PhoenixPush::Error::TimeoutError);
}

QTEST_MAIN(tst_PhoenixQCoro)

#include "tst_phoenixqcoro.moc"
