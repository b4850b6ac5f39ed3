// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// phoenix-cli: a terminal client for any Phoenix Channels server, on PhoenixQt.

#include "clioptions.h"
#include "phoenixcli.h"

#include <phoenixqttranslations.h>

#include <PhoenixQt/PhoenixVersion>

#include <QtCore/QCoreApplication>
#include <QtCore/QLocale>
#include <QtCore/QLoggingCategory>
#include <QtCore/QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

// SIGINT/SIGTERM end the run from the event loop (the async-signal-safe self-pipe idiom), so that
// `listen` stops with exit code 0 and with every line printed.
void catchSignals(PhoenixCli *cli)
{
    if (::pipe(signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, cli);
    QObject::connect(notifier, &QSocketNotifier::activated, cli, [cli] {
        char byte;
        [[maybe_unused]] const auto bytesRead = ::read(signalPipe[0], &byte, 1);
        cli->interrupt();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"phoenix-cli"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(phoenixQtVersion()));

    // The language is known before the parser exists, so that --help is translated too.
    const QString language = CliOptions::languageArgument(app.arguments());
    QLocale locale;
    if (!language.isEmpty()) {
        locale = QLocale(language);
        QLocale::setDefault(locale);
    }
    PhoenixQtTranslations::install(locale, {u"phoenixqt"_s, u"phoenixcli"_s});

    CliOptions options;
    QString output;
    QString error;
    if (!CliOptions::parse(app.arguments(), &options, &output, &error)) {
        if (!error.isEmpty()) {
            std::fprintf(stderr, "phoenix-cli: %s\n", qUtf8Printable(error));
            return int(CliExit::Usage);
        }
        std::fputs(qUtf8Printable(output), stdout);
        return int(CliExit::Ok);
    }

    QLoggingCategory::setFilterRules(
        options.verbose ? u"phoenix.*=true"_s
                        : u"phoenix.*.debug=false\nphoenix.*.info=false\nphoenix.*.warning=false"_s);

    PhoenixCli cli(options);
    QObject::connect(&cli, &PhoenixCli::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    catchSignals(&cli);
    cli.run();
    return QCoreApplication::exec();
}
