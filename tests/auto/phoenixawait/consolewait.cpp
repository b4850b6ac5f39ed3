// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// A command line tool that never calls exec(): it connects, joins and pushes with the blocking waits
// only, against the dev server in the same thread. It checks what such a program relies on: every
// wait returns what happened, a push is readable after its wait (also one that finished during
// another wait), and pushes are deleted in a later wait instead of leaking. Exit code 0 = all good.

#include "phoenixdevserver.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QCoreApplication>
#include <QtCore/QPointer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int failures = 0;

void check(bool ok, const char *what)
{
    std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        ++failures;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    PhoenixDevServer server;
    if (!server.listen()) {
        std::printf("FAIL: the dev server cannot listen\n");
        return 1;
    }

    PhoenixSocket socket(server.url());
    socket.setParams({{u"user"_s, u"ada"_s}});
    socket.connectToServer();
    check(socket.waitForConnected(10000), "waitForConnected() returns true once connected");

    PhoenixChannel *lobby = socket.channel(u"room:lobby"_s);
    lobby->join();
    check(lobby->waitForJoined(10000), "waitForJoined() returns true once joined");

    PhoenixPush *first = lobby->push(u"echo"_s, {{u"n"_s, 1}});
    PhoenixPush *second = lobby->push(u"echo"_s, {{u"n"_s, 2}});
    const QPointer<PhoenixPush> firstGuard(first);
    const QPointer<PhoenixPush> secondGuard(second);
    check(first->waitForReply(10000), "waitForReply() returns true for an answered push");
    check(firstGuard && first->response().toObject().value(u"n"_s).toInt() == 1,
          "the push is readable after waitForReply()");
    check(!secondGuard.isNull(), "a push that finished during another wait is still there");
    check(secondGuard && second->waitForReply(10000), "its own waitForReply() returns true");
    check(secondGuard && second->response().toObject().value(u"n"_s).toInt() == 2, "and it is readable");

    // A bare processEvents() (no event loop runs) does not delete them either.
    QCoreApplication::processEvents();
    check(firstGuard && secondGuard, "processEvents() outside of any event loop keeps them");

    // The next wait is an event loop: it deletes them (no leak in a program without exec()).
    PhoenixPush *third = lobby->push(u"echo"_s, {{u"n"_s, 3}});
    check(third->waitForReply(10000), "a third waitForReply() returns true");
    check(firstGuard.isNull() && secondGuard.isNull(), "the next wait deleted the finished pushes");

    PhoenixPush *silent = lobby->push(u"noreply"_s, {}, 100);
    check(!silent->waitForReply(10000), "waitForReply() returns false for a push that times out");
    check(silent->error() == PhoenixPush::Error::TimeoutError, "and the push says why");

    PhoenixPush *fire = lobby->pushNoReply(u"noreply"_s);
    check(fire->waitForReply(10000) && fire->status() == u"sent"_s,
          "a pushNoReply() finishes \"sent\" without waiting for a reply");

    PhoenixChannel *refused = socket.channel(u"room:private"_s, {{u"password"_s, u"wrong"_s}});
    refused->join();
    check(!refused->waitForJoined(10000), "waitForJoined() returns false when the join is refused");

    socket.disconnectFromServer();
    check(!socket.waitForConnected(-1), "waitForConnected() returns false at once when nothing is under way");

    std::printf("%d failure(s)\n", failures);
    return failures == 0 ? 0 : 1;
}
