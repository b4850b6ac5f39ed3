// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The client of the outbox kill test (tst_outboxkill): pushes numbered entries through a PhoenixOutbox
// and kills itself with SIGKILL at the moment it is told to, or runs until its outbox is empty.
//
//   outbox-killclient --url URL --transport websocket|longpoll --db FILE --first N --count C
//                     [--topics T] [--die MODE:K] [--seed S]
//
// Entry n (first <= n < first + count) is pushed on topic room:kill-<n % T>-<transport> as event
// "durable" with payload {"n": n}, one per turn of the event loop, from the start (also while the
// socket is still connecting). The client joins those topics itself. Before each push() it prints
// "committing n", after it "committed n <key>"; at start "loaded <pending entries>"; once every entry
// was pushed and its outbox is empty "empty" (then it exits 0). Lines are written unbuffered, so the
// parent reads every line written before a kill.
//
// --die MODE:K, the moment of the SIGKILL (K counts from 1):
//   commit:K     right before the K-th push() (that entry is never committed)
//   pushed:K     right after the K-th push() returned (committed, not sent)
//   sent:K       0-3 ms after the K-th attempt was handed to its channel (sent or not yet written)
//   reply:K      when the K-th reply to a durable push arrives, before the outbox sees it
//   delivered:K  right after the K-th delivered() (the entry is gone from the database)
//   reconnect:K  after the K-th attempt, the client has the server drop its connection (event
//                "drop") and dies while reconnecting (odd K: as the new connection is opened; even
//                K: as its channel rejoins)
//   none         no kill (the default)

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixMessage>
#include <PhoenixQt/PhoenixOutbox>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>

#include <csignal>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

void say(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(STDOUT_FILENO, bytes.constData() + done, size_t(bytes.size() - done));
        if (n <= 0)
            return;
        done += n;
    }
}

[[noreturn]] void die(const QString &why)
{
    say(u"dying "_s + why);
    ::kill(::getpid(), SIGKILL);
    ::pause();
    std::abort();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption urlOption(u"url"_s, u"WebSocket URL of the dev server"_s, u"url"_s);
    const QCommandLineOption transportOption(u"transport"_s, u"websocket or longpoll"_s, u"name"_s,
                                             u"websocket"_s);
    const QCommandLineOption dbOption(u"db"_s, u"outbox database"_s, u"file"_s);
    const QCommandLineOption firstOption(u"first"_s, u"first number"_s, u"n"_s, u"1"_s);
    const QCommandLineOption countOption(u"count"_s, u"how many to push"_s, u"n"_s, u"0"_s);
    const QCommandLineOption topicsOption(u"topics"_s, u"how many topics"_s, u"n"_s, u"2"_s);
    const QCommandLineOption dieOption(u"die"_s, u"MODE:K"_s, u"when"_s, u"none"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"random seed"_s, u"n"_s, u"1"_s);
    parser.addOptions({urlOption, transportOption, dbOption, firstOption, countOption, topicsOption,
                       dieOption, seedOption});
    parser.process(app);

    const QString transportName = parser.value(transportOption);
    const int first = parser.value(firstOption).toInt();
    const int count = parser.value(countOption).toInt();
    const int topics = qMax(1, parser.value(topicsOption).toInt());
    const QString dieMode = parser.value(dieOption).section(u':', 0, 0);
    const int dieAt = parser.value(dieOption).section(u':', 1, 1).toInt();
    QRandomGenerator random(parser.value(seedOption).toUInt());
    const auto topicOf = [&](int n) { return u"room:kill-%1-%2"_s.arg(n % topics).arg(transportName); };

    PhoenixSocket socket(QUrl(parser.value(urlOption)));
    socket.setTransport(transportName == u"longpoll"_s ? PhoenixSocket::Transport::LongPoll
                                                       : PhoenixSocket::Transport::WebSocket);
    socket.setNetworkAware(false);
    socket.setReconnectAfter([](int) { return 20; });
    socket.setRejoinAfter([](int) { return 50; });
    socket.setTimeout(3000);
    socket.setParams({{u"user"_s, u"killclient"_s}});
    QList<PhoenixChannel *> channels;
    for (int t = 0; t < topics; ++t) {
        channels.append(socket.channel(u"room:kill-%1-%2"_s.arg(t).arg(transportName)));
        channels.last()->join();
    }

    PhoenixOutbox outbox(&socket, parser.value(dbOption));
    outbox.setTimeout(2000);
    outbox.setRetryAfter([](int) { return 50; });
    say(u"loaded "_s + QString::number(outbox.pendingCount()));
    if (!outbox.isPersistent()) {
        say(u"error "_s + outbox.errorString());
        return 3;
    }
    QObject::connect(&outbox, &PhoenixOutbox::errorOccurred,
                     [](PhoenixOutbox::Error, const QString &message) { say(u"error "_s + message); });
    QObject::connect(&outbox, &PhoenixOutbox::rejected, [](const QString &key, const QJsonValue &) {
        say(u"rejected "_s + key); // never expected: the server rejects nothing here
    });
    QObject::connect(&outbox, &PhoenixOutbox::dropped, [](const QString &key) { say(u"dropped "_s + key); });

    int sent = 0;
    int replies = 0;
    int delivered = 0;
    bool reconnecting = false;
    QObject::connect(&outbox, &PhoenixOutbox::sent, [&] {
        ++sent;
        if (sent != dieAt)
            return;
        if (dieMode == u"sent"_s) {
            QTimer::singleShot(int(random.bounded(4)), [] { die(u"after a send"_s); });
        } else if (dieMode == u"reconnect"_s) {
            reconnecting = true;
            channels.first()->pushNoReply(u"drop"_s); // the server aborts the connection
        }
    });
    QObject::connect(&socket, &PhoenixSocket::messageReceived, [&](const PhoenixMessage &message) {
        // Before the message reaches its channel, so before the outbox learns the outcome.
        if (dieMode == u"reply"_s && message.event == u"phx_reply"_s &&
            message.topic.startsWith(u"room:kill"_s) &&
            !message.payload.value(u"response"_s).toObject().value(u"effect"_s).isUndefined() &&
            ++replies == dieAt)
            die(u"with a reply unread"_s);
    });
    QObject::connect(&outbox, &PhoenixOutbox::delivered, [&] {
        if (dieMode == u"delivered"_s && ++delivered == dieAt)
            die(u"after a delivery"_s);
    });
    QObject::connect(&socket, &PhoenixSocket::stateChanged, [&](PhoenixSocket::State state) {
        if (reconnecting && dieAt % 2 == 1 && state == PhoenixSocket::State::Connecting)
            die(u"while reconnecting"_s);
    });
    for (PhoenixChannel *channel : std::as_const(channels)) {
        QObject::connect(channel, &PhoenixChannel::stateChanged, [&](PhoenixChannel::State state) {
            if (reconnecting && dieAt % 2 == 0 && state == PhoenixChannel::State::Joining)
                die(u"while rejoining"_s);
        });
    }

    int next = first;
    bool donePushing = count <= 0;
    const auto checkEmpty = [&] {
        if (donePushing && outbox.pendingCount() == 0) {
            say(u"empty"_s);
            QCoreApplication::exit(0);
        }
    };
    QObject::connect(&outbox, &PhoenixOutbox::pendingCountChanged, checkEmpty);
    QTimer pusher;
    QObject::connect(&pusher, &QTimer::timeout, [&] {
        if (next >= first + count) {
            pusher.stop();
            donePushing = true;
            checkEmpty();
            return;
        }
        const int n = next++;
        const int index = n - first + 1;
        say(u"committing "_s + QString::number(n));
        if (dieMode == u"commit"_s && index == dieAt)
            die(u"before a commit"_s);
        const QString key = outbox.push(topicOf(n), u"durable"_s, {{u"n"_s, n}});
        if (dieMode == u"pushed"_s && index == dieAt)
            die(u"after a commit"_s);
        say(u"committed "_s + QString::number(n) + u' ' + key);
    });
    pusher.start(0);
    QTimer::singleShot(0, checkEmpty);

    QTimer watchdog;
    watchdog.setSingleShot(true);
    QObject::connect(&watchdog, &QTimer::timeout, [&] {
        say(u"stuck with "_s + QString::number(outbox.pendingCount()) + u" pending"_s);
        QCoreApplication::exit(4);
    });
    watchdog.start(30000);

    socket.connectToServer();
    return app.exec();
}
