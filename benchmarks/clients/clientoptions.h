// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

// Command line shared by the benchmark clients (bench-bare, bench-phoenixqt); the phoenix.js client
// (benchmarks/node/bench-phoenixjs.mjs) takes the same options.

#include "../common/benchcommon.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QJsonObject>
#include <QtCore/QTimer>
#include <QtCore/QUrl>

#include <cstdio>
#include <cstdlib>

namespace Bench {

//! What a client is asked to measure.
struct ClientOptions
{
    //! flood | memory | rtt | sockets | reconnect | pipeline; bench-phoenixqt also burst | offline
    QString scenario = QStringLiteral("flood");
    QString mode = QStringLiteral("recv"); //!< bench-bare only: recv | parse
    QUrl url; //!< endpoint without "/websocket", as phoenix.js takes it (e.g. ws://127.0.0.1:4000/socket)
    int channels = 1;      //!< channels joined on the socket (flood, memory, reconnect)
    qint64 count = 100000; //!< broadcasts to receive (flood), pushes to make (pipeline, burst, offline)
    qint64 warmup = 0;     //!< flood: broadcasts received first, unmeasured; pipeline: pushes made first
    int window = 100;      //!< pipeline: echo pushes in flight
    int repeat = 1;        //!< burst: bursts made one after the other
    int size = 100;        //!< payload bytes of each broadcast (flood) or echo push (rtt)
    int sockets = 1000;    //!< sockets to open (sockets)
    int pings = 2000;      //!< measured round trips (rtt)
    int downMs = 500;      //!< how long the server stays down (reconnect)
    int timeoutS = 120;    //!< give up after this many seconds
    //! websocket | longpoll (bench-phoenixqt: PhoenixSocket::Transport::LongPoll)
    QString transport = QStringLiteral("websocket");
    //! sender (phoenix-benchsender: bench:N topics, bench_start floods) | devserver (phoenix-devserver:
    //! room:bench:N topics, the "flood" push answered with flood_msg pushes; serves LongPoll too)
    QString server = QStringLiteral("sender");

    bool devServer() const { return server == QStringLiteral("devserver"); }
    //! The topic of channel \a i on this server.
    QString topic(int i) const
    {
        return (devServer() ? QStringLiteral("room:bench:") : QStringLiteral("bench:")) + QString::number(i);
    }

    //! The WebSocket URL proper: endpoint + "/websocket" + "?vsn=2.0.0".
    QUrl websocketUrl() const
    {
        QUrl ws = url;
        ws.setPath(ws.path() + QStringLiteral("/websocket"));
        ws.setQuery(QStringLiteral("vsn=2.0.0"));
        return ws;
    }
};

//! Parses the command line of a benchmark client; exits on errors.
inline ClientOptions parseClientOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    const auto tr = [](const char *text) { return QCoreApplication::translate("main", text); };
    const QCommandLineOption scenario(
        QStringLiteral("scenario"), tr("flood, memory, rtt, sockets, reconnect, pipeline, burst or offline."),
        QStringLiteral("name"), QStringLiteral("flood"));
    const QCommandLineOption mode(QStringLiteral("mode"), tr("bench-bare: recv or parse."),
                                  QStringLiteral("mode"), QStringLiteral("recv"));
    const QCommandLineOption url(QStringLiteral("url"), tr("Endpoint, e.g. ws://127.0.0.1:4000/socket."),
                                 QStringLiteral("url"));
    const QCommandLineOption channels(QStringLiteral("channels"), tr("Channels to join."),
                                      QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption count(QStringLiteral("count"), tr("Broadcasts to receive or pushes to make."),
                                   QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption warmup(
        QStringLiteral("warmup"),
        tr("Broadcasts received (flood) or pushes made (pipeline) before measuring."), QStringLiteral("n"),
        QStringLiteral("0"));
    const QCommandLineOption window(QStringLiteral("window"), tr("Echo pushes in flight (pipeline)."),
                                    QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption repeat(QStringLiteral("repeat"), tr("Bursts, one after the other (burst)."),
                                    QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption size(QStringLiteral("size"), tr("Payload bytes."), QStringLiteral("bytes"),
                                  QStringLiteral("100"));
    const QCommandLineOption sockets(QStringLiteral("sockets"), tr("Sockets to open."), QStringLiteral("n"),
                                     QStringLiteral("1000"));
    const QCommandLineOption pings(QStringLiteral("pings"), tr("Round trips to measure."),
                                   QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption downMs(QStringLiteral("down-ms"), tr("Server down time (reconnect)."),
                                    QStringLiteral("ms"), QStringLiteral("500"));
    const QCommandLineOption timeoutS(QStringLiteral("timeout"), tr("Give up after this many seconds."),
                                      QStringLiteral("s"), QStringLiteral("120"));
    const QCommandLineOption transport(QStringLiteral("transport"), tr("websocket or longpoll."),
                                       QStringLiteral("name"), QStringLiteral("websocket"));
    const QCommandLineOption server(QStringLiteral("server"), tr("sender or devserver."),
                                    QStringLiteral("name"), QStringLiteral("sender"));
    parser.addOptions({scenario, mode, url, channels, count, warmup, window, repeat, size, sockets, pings,
                       downMs, timeoutS, transport, server});
    parser.process(app);

    ClientOptions options;
    options.scenario = parser.value(scenario);
    options.mode = parser.value(mode);
    options.url = QUrl(parser.value(url));
    options.channels = std::max(1, parser.value(channels).toInt());
    options.count = std::max<qint64>(1, parser.value(count).toLongLong());
    options.warmup = std::max<qint64>(0, parser.value(warmup).toLongLong());
    options.window = std::max(1, parser.value(window).toInt());
    options.repeat = std::max(1, parser.value(repeat).toInt());
    options.size = parser.value(size).toInt();
    options.sockets = std::max(1, parser.value(sockets).toInt());
    options.pings = std::max(1, parser.value(pings).toInt());
    options.downMs = parser.value(downMs).toInt();
    options.timeoutS = parser.value(timeoutS).toInt();
    options.transport = parser.value(transport);
    options.server = parser.value(server);
    if (!options.url.isValid() || options.url.scheme() != QStringLiteral("ws")) {
        std::fprintf(stderr, "a ws:// --url is required\n");
        std::exit(2);
    }
    return options;
}

//! Exits with an error line on stdout when the run takes longer than \a seconds.
inline void armWatchdog(QObject *context, int seconds, const QString &client)
{
    QTimer::singleShot(seconds * 1000, context, [client] {
        printJson(QJsonObject{{QStringLiteral("client"), client},
                              {QStringLiteral("error"), QStringLiteral("timeout")}});
        std::exit(3);
    });
}

//! A JSON string payload of about \a size bytes for echo pushes: {"body":"xxx..."}.
inline QString echoBody(int size)
{
    return QString(std::max(1, size - 11), QLatin1Char('x'));
}

} // namespace Bench
