// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// phoenix-faultproxy: the fault proxy as a command-line tool. Forwards a local port to an upstream
// host:port with the faults given as options, and takes further faults as commands on stdin:
//   latency <ms> | jitter <ms> | drop | sever | blackhole [<seconds>] | heal | status | quit

#include "phoenixfaultproxy.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QLoggingCategory>
#include <QtCore/QSocketNotifier>
#include <QtCore/QTextStream>

#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// "host:port" (an IPv6 host in brackets) -> host, port. Port 0 is allowed when \a allowZero.
bool splitHostPort(const QString &value, bool allowZero, QString *host, quint16 *port)
{
    const qsizetype colon = value.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString h = value.left(colon);
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    bool ok = false;
    const uint p = value.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535 || (p == 0 && !allowZero) || h.isEmpty())
        return false;
    *host = h;
    *port = quint16(p);
    return true;
}

std::optional<int> nonNegative(const QString &value)
{
    bool ok = false;
    const int n = value.toInt(&ok);
    return ok && n >= 0 ? std::optional<int>(n) : std::nullopt;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("main", text);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"phoenix-faultproxy"_s);
    QCoreApplication::setApplicationVersion(u"0.1.0"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("TCP proxy that injects network faults (latency, jitter, dropped connections, black holes).\n"
           "Commands on stdin: latency <ms> | jitter <ms> | drop | sever | blackhole [<seconds>] | heal | "
           "status | "
           "quit"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(u"listen"_s,
                                          tr("Address and port to listen on (port 0 = any free)."),
                                          u"host:port"_s, u"127.0.0.1:0"_s);
    const QCommandLineOption upstreamOption(u"upstream"_s, tr("Server to forward to (required)."),
                                            u"host:port"_s);
    const QCommandLineOption latencyOption(u"latency"_s, tr("Delay of every chunk, in ms."), u"ms"_s, u"0"_s);
    const QCommandLineOption jitterOption(u"jitter"_s, tr("Random extra delay of every chunk, 0..ms."),
                                          u"ms"_s, u"0"_s);
    const QCommandLineOption seedOption(u"seed"_s, tr("Seed of the jitter's random generator."), u"n"_s);
    const QCommandLineOption quietOption(u"quiet"_s, tr("Log warnings only."));
    parser.addOptions({listenOption, upstreamOption, latencyOption, jitterOption, seedOption, quietOption});
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    QLoggingCategory::setFilterRules(parser.isSet(quietOption) ? u"phoenix.faultproxy.info=false"_s
                                                               : u"phoenix.faultproxy.info=true"_s);

    QString listenHost;
    quint16 listenPort = 0;
    if (!splitHostPort(parser.value(listenOption), true, &listenHost, &listenPort) ||
        QHostAddress(listenHost).isNull()) {
        err << tr("Invalid --listen (expected address:port): %1").arg(parser.value(listenOption)) << Qt::endl;
        return 2;
    }
    QString upstreamHost;
    quint16 upstreamPort = 0;
    if (!splitHostPort(parser.value(upstreamOption), false, &upstreamHost, &upstreamPort)) {
        err << tr("Missing or invalid --upstream (expected host:port): %1").arg(parser.value(upstreamOption))
            << Qt::endl;
        return 2;
    }
    const std::optional<int> latency = nonNegative(parser.value(latencyOption));
    const std::optional<int> jitter = nonNegative(parser.value(jitterOption));
    if (!latency || !jitter) {
        err << tr("--latency and --jitter take a number of milliseconds >= 0.") << Qt::endl;
        return 2;
    }

    PhoenixFaultProxy proxy;
    proxy.setUpstream(upstreamHost, upstreamPort);
    proxy.setLatency(*latency);
    proxy.setJitter(*jitter);
    if (parser.isSet(seedOption))
        proxy.setRandomSeed(parser.value(seedOption).toUInt());
    if (!proxy.listen(QHostAddress(listenHost), listenPort)) {
        err << tr("Cannot listen: %1").arg(proxy.errorString()) << Qt::endl;
        return 1;
    }
    out << "PORT " << proxy.serverPort() << Qt::endl;

    // Commands, one per line on stdin. stdin closing (EOF) ends the commands, not the proxy.
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly | QIODevice::Unbuffered))
        return 1;
    QByteArray pending;
    const auto runCommand = [&](const QByteArray &raw) {
        const QStringList words = QString::fromUtf8(raw).simplified().split(u' ', Qt::SkipEmptyParts);
        const QString command = words.value(0);
        const std::optional<int> number = nonNegative(words.value(1));
        if (command == u"latency" && number) {
            proxy.setLatency(*number);
        } else if (command == u"jitter" && number) {
            proxy.setJitter(*number);
        } else if (command == u"drop") {
            proxy.dropAllConnections();
        } else if (command == u"sever") {
            proxy.severAllConnections();
        } else if (command == u"blackhole") {
            proxy.blackHole(words.size() > 1 && number ? *number * 1000 : -1);
        } else if (command == u"heal") {
            proxy.heal();
        } else if (command == u"status") {
            out << "connections " << proxy.connectionCount() << " latency " << proxy.latency() << " jitter "
                << proxy.jitter() << " blackholed " << (proxy.isBlackHoled() ? 1 : 0) << " forwarded "
                << proxy.bytesForwarded(PhoenixFaultProxy::Direction::ToUpstream) << ' '
                << proxy.bytesForwarded(PhoenixFaultProxy::Direction::ToClient) << Qt::endl;
        } else if (command == u"quit") {
            QCoreApplication::quit();
        } else if (!command.isEmpty()) {
            err << tr("Unknown command: %1").arg(QString::fromUtf8(raw).trimmed()) << Qt::endl;
        }
    };
    QSocketNotifier notifier(fileno(stdin), QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        const QByteArray chunk = input.read(4096); // unbuffered: what the pipe has, without blocking
        if (chunk.isEmpty()) {                     // EOF
            notifier.setEnabled(false);
            return;
        }
        pending += chunk;
        qsizetype newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(newline);
            pending.remove(0, newline + 1);
            runCommand(line);
        }
    });
    return QCoreApplication::exec();
}
