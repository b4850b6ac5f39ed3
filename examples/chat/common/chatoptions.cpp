// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "chatoptions.h"

#include <phoenixqttranslations.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QLocale>
#include <QtCore/QStandardPaths>
#include <QtCore/QUrl>

#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

QUrl ChatOptions::defaultUrl()
{
    return QUrl(u"ws://127.0.0.1:4000/socket/websocket"_s);
}

QString ChatOptions::defaultOutboxFile(const QString &user)
{
    // Encoded as JavaScript's encodeURIComponent() does, as the Qt Quick chat names it (Main.qml).
    const QString name =
        u"outbox-"_s + QString::fromLatin1(QUrl::toPercentEncoding(user, "!'()*")) + u".sqlite"_s;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u'/' + name;
}

// --lang must be known before the parser exists, so that --help is translated too.
static QString languageArgument(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument.startsWith("--lang="_L1))
            return argument.mid(7);
        if (argument == "--lang"_L1 && i + 1 < arguments.size())
            return arguments.at(i + 1);
    }
    return {};
}

[[noreturn]] static void fail(const QString &message)
{
    std::fprintf(stderr, "%s\n", qUtf8Printable(message));
    std::exit(2);
}

ChatOptions ChatOptions::fromCommandLine(QCoreApplication &app, bool withAutopilot)
{
    ChatOptions options;
    options.language = languageArgument(app.arguments());
    QLocale locale;
    if (!options.language.isEmpty()) {
        locale = QLocale(options.language);
        QLocale::setDefault(locale);
    }
    PhoenixQtTranslations::install(locale, {u"phoenixqt"_s, u"phoenixchat"_s});

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("A chat room on Phoenix Channels, made with PhoenixQt."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(
        u"url"_s, tr("Phoenix socket endpoint (default: %1).").arg(defaultUrl().toString()), tr("url"));
    const QCommandLineOption userOption(u"user"_s, tr("Your name in the chat."), tr("name"));
    const QCommandLineOption roomOption(u"room"_s, tr("The room to join (default: %1).").arg(options.room),
                                        tr("room"));
    const QCommandLineOption langOption(
        u"lang"_s, tr("Language of the user interface, e.g. de or fr (default: the system's)."),
        tr("language"));
    const QCommandLineOption outboxOption(
        u"outbox"_s,
        tr("Keep the messages not confirmed yet in this file (default: %1; also the environment "
           "variable PHOENIXCHAT_OUTBOX).")
            .arg(defaultOutboxFile(tr("name"))),
        tr("file"));
    parser.addOptions({urlOption, userOption, roomOption, langOption, outboxOption});

    const QCommandLineOption sayOption(
        u"say"_s, tr("Send this message once the room is joined (repeatable)."), tr("text"));
    const QCommandLineOption screenshotOption(
        u"screenshot"_s, tr("Save a screenshot of the window to this file."), tr("file"));
    const QCommandLineOption expectUsersOption(
        u"expect-users"_s,
        tr("Wait until this many users are online before sending and taking the "
           "screenshot (default: 1)."),
        tr("count"));
    const QCommandLineOption expectMessagesOption(u"expect-messages"_s,
                                                  tr("Wait until this many messages arrived before taking "
                                                     "the screenshot (default: the number of --say)."),
                                                  tr("count"));
    const QCommandLineOption quitOption(u"quit"_s, tr("Quit after taking the screenshot."));
    const QCommandLineOption timeoutOption(
        u"autopilot-timeout"_s, tr("Give up waiting after this many seconds (default: 30)."), tr("seconds"));
    if (withAutopilot)
        parser.addOptions({sayOption, screenshotOption, expectUsersOption, expectMessagesOption, quitOption,
                           timeoutOption});

    parser.process(app);

    if (parser.isSet(urlOption)) {
        options.url = QUrl(parser.value(urlOption));
        if (!options.url.isValid() || (options.url.scheme() != "ws"_L1 && options.url.scheme() != "wss"_L1))
            fail(tr("Invalid --url \"%1\": expected ws:// or wss://.").arg(parser.value(urlOption)));
    }
    options.user = parser.value(userOption).trimmed();
    options.outbox =
        parser.isSet(outboxOption) ? parser.value(outboxOption) : qEnvironmentVariable("PHOENIXCHAT_OUTBOX");
    if (parser.isSet(outboxOption) && options.outbox.isEmpty())
        fail(tr("Invalid --outbox: the file name is empty."));
    if (parser.isSet(roomOption))
        options.room = parser.value(roomOption).trimmed();
    if (withAutopilot) {
        options.say = parser.values(sayOption);
        options.screenshot = parser.value(screenshotOption);
        options.quit = parser.isSet(quitOption);
        bool ok = true;
        if (parser.isSet(expectUsersOption)) {
            options.expectUsers = parser.value(expectUsersOption).toInt(&ok);
            if (!ok || options.expectUsers < 0)
                fail(tr("Invalid --expect-users: %1").arg(parser.value(expectUsersOption)));
        }
        if (parser.isSet(expectMessagesOption)) {
            options.expectMessages = parser.value(expectMessagesOption).toInt(&ok);
            if (!ok || options.expectMessages < 0)
                fail(tr("Invalid --expect-messages: %1").arg(parser.value(expectMessagesOption)));
        }
        if (parser.isSet(timeoutOption)) {
            options.autopilotTimeoutMs = parser.value(timeoutOption).toInt(&ok) * 1000;
            if (!ok || options.autopilotTimeoutMs <= 0)
                fail(tr("Invalid --autopilot-timeout: %1").arg(parser.value(timeoutOption)));
        }
        if (options.expectMessages < 0)
            options.expectMessages = int(options.say.size());
        if ((!options.say.isEmpty() || !options.screenshot.isEmpty()) && options.user.isEmpty())
            fail(tr("--say and --screenshot need --user."));
    }
    return options;
}
