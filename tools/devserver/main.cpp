// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// phoenix-devserver: the reference Phoenix Channels server as a command-line tool.

#include "phoenixdevserver.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QLoggingCategory>
#include <QtCore/QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"phoenix-devserver"_s);
    QCoreApplication::setApplicationVersion(u"0.1.0"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Reference Phoenix Channels server (protocol V2) for PhoenixQt tests."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption hostOption(u"host"_s,
                                        QCoreApplication::translate("main", "Address to listen on."),
                                        u"address"_s, u"127.0.0.1"_s);
    const QCommandLineOption portOption(
        u"port"_s, QCoreApplication::translate("main", "Port to listen on (0 = any free port)."), u"port"_s,
        u"4000"_s);
    const QCommandLineOption noHeartbeatOption(
        u"no-heartbeat-replies"_s, QCoreApplication::translate("main", "Do not answer heartbeats."));
    const QCommandLineOption idleOption(
        u"idle-timeout"_s,
        QCoreApplication::translate("main", "Close connections idle for this many ms (0 = never)."), u"ms"_s,
        u"60000"_s);
    const QCommandLineOption maxChannelsOption(
        u"max-channels"_s, QCoreApplication::translate("main", "Maximum channels per connection."), u"n"_s,
        u"100"_s);
    const QCommandLineOption noPresenceOption(
        u"no-presence"_s, QCoreApplication::translate("main", "Do not track presence on room:* topics."));
    const QCommandLineOption printPortOption(
        u"print-port"_s, QCoreApplication::translate("main", "Print \"PORT <n>\" on stdout once listening."));
    const QCommandLineOption quietOption(u"quiet"_s,
                                         QCoreApplication::translate("main", "Log warnings only."));
    parser.addOptions({hostOption, portOption, noHeartbeatOption, idleOption, maxChannelsOption,
                       noPresenceOption, printPortOption, quietOption});
    parser.process(app);

    QTextStream err(stderr);
    if (parser.isSet(quietOption))
        QLoggingCategory::setFilterRules(u"phoenix.devserver.debug=false\nphoenix.devserver.info=false"_s);
    else
        QLoggingCategory::setFilterRules(u"phoenix.devserver.info=true"_s);

    const QHostAddress host(parser.value(hostOption));
    if (host.isNull()) {
        err << QCoreApplication::translate("main", "Invalid --host address: %1").arg(parser.value(hostOption))
            << Qt::endl;
        return 2;
    }
    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535) {
        err << QCoreApplication::translate("main", "Invalid --port: %1").arg(parser.value(portOption))
            << Qt::endl;
        return 2;
    }
    const int idle = parser.value(idleOption).toInt(&ok);
    if (!ok || idle < 0) {
        err << QCoreApplication::translate("main", "Invalid --idle-timeout: %1").arg(parser.value(idleOption))
            << Qt::endl;
        return 2;
    }
    const int maxChannels = parser.value(maxChannelsOption).toInt(&ok);
    if (!ok || maxChannels < 0) {
        err << QCoreApplication::translate("main", "Invalid --max-channels: %1")
                   .arg(parser.value(maxChannelsOption))
            << Qt::endl;
        return 2;
    }

    PhoenixDevServer server;
    server.setHeartbeatRepliesEnabled(!parser.isSet(noHeartbeatOption));
    server.setIdleTimeout(idle);
    server.setMaxChannels(maxChannels);
    server.setPresenceEnabled(!parser.isSet(noPresenceOption));
    if (!server.listen(host, quint16(port))) {
        err << QCoreApplication::translate("main", "Cannot listen on %1:%2: %3")
                   .arg(host.toString())
                   .arg(port)
                   .arg(server.errorString())
            << Qt::endl;
        return 1;
    }
    if (parser.isSet(printPortOption)) {
        std::fprintf(stdout, "PORT %u\n", unsigned(server.port()));
        std::fflush(stdout);
    }
    return QCoreApplication::exec();
}
