// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// phoenix-devserver: the reference Phoenix Channels server as a command-line tool.

#include "phoenixdevserver.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QLoggingCategory>
#include <QtCore/QTextStream>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslSocket>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"phoenix-devserver"_s);
    QCoreApplication::setApplicationVersion(u"0.1.0"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main",
        "Reference Phoenix Channels server (protocol V2, WebSocket and LongPoll) for PhoenixQt tests."));
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
    const QCommandLineOption slowJoinOption(
        u"slow-join-ms"_s,
        QCoreApplication::translate("main", "How long the first join of each room:slow* topic takes, in ms."),
        u"ms"_s, u"1500"_s);
    const QCommandLineOption noLongPollOption(
        u"no-longpoll"_s, QCoreApplication::translate("main", "Do not serve /socket/longpoll (HTTP 404)."));
    const QCommandLineOption longPollWindowOption(
        u"longpoll-window"_s,
        QCoreApplication::translate("main", "LongPoll window in ms: a poll waits this long before 204; "
                                            "a session without a poll for 1.5 times this long expires."),
        u"ms"_s, u"10000"_s);
    const QCommandLineOption refuseWebSocketOption(
        u"refuse-websocket"_s,
        QCoreApplication::translate("main", "Refuse every WebSocket upgrade (HTTP status of "
                                            "--websocket-refusal-status); LongPoll is still served."));
    const QCommandLineOption refusalStatusOption(
        u"websocket-refusal-status"_s,
        QCoreApplication::translate("main", "HTTP status of refused WebSocket upgrades (400..599)."),
        u"status"_s, u"400"_s);
    const QCommandLineOption blackHoleWebSocketOption(
        u"blackhole-websocket"_s,
        QCoreApplication::translate("main", "Never answer WebSocket upgrade requests (the TCP connection is "
                                            "accepted); LongPoll is still served."));
    const QCommandLineOption tlsCertOption(
        u"tls-cert"_s,
        QCoreApplication::translate("main", "Serve TLS (wss/https) with this PEM certificate (chain)."),
        u"file"_s);
    const QCommandLineOption tlsKeyOption(
        u"tls-key"_s, QCoreApplication::translate("main", "The PEM private key of --tls-cert."), u"file"_s);
    const QCommandLineOption tlsClientCaOption(
        u"tls-client-ca"_s,
        QCoreApplication::translate("main", "Require a client certificate signed by a CA in this PEM file "
                                            "(mutual TLS; with --tls-cert)."),
        u"file"_s);
    const QCommandLineOption printPortOption(
        u"print-port"_s, QCoreApplication::translate("main", "Print \"PORT <n>\" on stdout once listening."));
    const QCommandLineOption quietOption(u"quiet"_s,
                                         QCoreApplication::translate("main", "Log warnings only."));
    parser.addOptions({hostOption, portOption, noHeartbeatOption, idleOption, maxChannelsOption,
                       noPresenceOption, slowJoinOption, noLongPollOption, longPollWindowOption,
                       refuseWebSocketOption, refusalStatusOption, blackHoleWebSocketOption, tlsCertOption,
                       tlsKeyOption, tlsClientCaOption, printPortOption, quietOption});
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

    const int slowJoin = parser.value(slowJoinOption).toInt(&ok);
    if (!ok || slowJoin < 0) {
        err << QCoreApplication::translate("main", "Invalid --slow-join-ms: %1")
                   .arg(parser.value(slowJoinOption))
            << Qt::endl;
        return 2;
    }
    const int window = parser.value(longPollWindowOption).toInt(&ok);
    if (!ok || window <= 0) {
        err << QCoreApplication::translate("main", "Invalid --longpoll-window: %1")
                   .arg(parser.value(longPollWindowOption))
            << Qt::endl;
        return 2;
    }
    const int refusalStatus = parser.value(refusalStatusOption).toInt(&ok);
    if (!ok || refusalStatus < 400 || refusalStatus > 599) {
        err << QCoreApplication::translate("main", "Invalid --websocket-refusal-status: %1")
                   .arg(parser.value(refusalStatusOption))
            << Qt::endl;
        return 2;
    }
    if (parser.isSet(refuseWebSocketOption) && parser.isSet(blackHoleWebSocketOption)) {
        err << QCoreApplication::translate("main",
                                           "--refuse-websocket and --blackhole-websocket exclude each other")
            << Qt::endl;
        return 2;
    }
    if (parser.isSet(tlsCertOption) != parser.isSet(tlsKeyOption)) {
        err << QCoreApplication::translate("main", "--tls-cert and --tls-key go together") << Qt::endl;
        return 2;
    }
    if (parser.isSet(tlsClientCaOption) && !parser.isSet(tlsCertOption)) {
        err << QCoreApplication::translate("main", "--tls-client-ca needs --tls-cert") << Qt::endl;
        return 2;
    }

    PhoenixDevServer server;
    if (parser.isSet(tlsCertOption)) {
        QString error;
        QSslConfiguration tls = PhoenixDevServer::sslConfigurationFromPem(parser.value(tlsCertOption),
                                                                          parser.value(tlsKeyOption), &error);
        if (tls.isNull()) {
            err << QCoreApplication::translate("main", "Cannot use the TLS certificate: %1").arg(error)
                << Qt::endl;
            return 2;
        }
        if (parser.isSet(tlsClientCaOption)) {
            const QList<QSslCertificate> cas = QSslCertificate::fromPath(parser.value(tlsClientCaOption));
            if (cas.isEmpty()) {
                err << QCoreApplication::translate("main", "No PEM certificate in %1")
                           .arg(parser.value(tlsClientCaOption))
                    << Qt::endl;
                return 2;
            }
            tls.setCaCertificates(cas);
            tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
        }
        server.setSslConfiguration(tls);
    }
    server.setSlowJoinDelay(slowJoin);
    server.setLongPollEnabled(!parser.isSet(noLongPollOption));
    server.setLongPollWindow(window);
    server.setWebSocketRefusalStatus(refusalStatus);
    if (parser.isSet(refuseWebSocketOption))
        server.setWebSocketMode(PhoenixDevServer::WebSocketMode::Refuse);
    else if (parser.isSet(blackHoleWebSocketOption))
        server.setWebSocketMode(PhoenixDevServer::WebSocketMode::BlackHole);
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
