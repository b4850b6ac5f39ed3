// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// phoenix-benchsender: the load source of the PhoenixQt benchmarks. Prints "PORT <n>" on stdout
// once listening, then one JSON line {"flood":{...}} per finished flood (its own wall and CPU time).

#include "benchsender.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"phoenix-benchsender"_s);
    Bench::raiseFileLimit();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Phoenix protocol load source for the PhoenixQt benchmarks."));
    parser.addHelpOption();
    const QCommandLineOption portOption(
        u"port"_s, QCoreApplication::translate("main", "Port (0: any free port)."), u"port"_s, u"0"_s);
    parser.addOption(portOption);
    parser.process(app);

    BenchSender sender;
    if (!sender.listen(quint16(parser.value(portOption).toUInt()))) {
        std::fprintf(stderr, "phoenix-benchsender: cannot listen\n");
        return 1;
    }
    std::printf("PORT %u\n", unsigned(sender.port()));
    std::fflush(stdout);
    return app.exec();
}
