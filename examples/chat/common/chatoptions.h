// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QUrl>

/*!
 * \brief The command line of the chat examples, and their translations.
 *
 * Both chat examples take --url, --user, --room, --lang and --outbox; the Qt Quick one also takes
 * the autopilot options (--say, --screenshot, ...) that scripts/demo.sh and scripts/screenshot.sh use.
 */
struct ChatOptions
{
    Q_DECLARE_TR_FUNCTIONS(ChatOptions)

public:
    //! The dev server's default endpoint (tools/devserver, `phoenix-devserver`).
    static QUrl defaultUrl();
    /*!
     * The outbox's database file name for \a user when none was chosen: "outbox-<user>.sqlite" (the
     * name percent-encoded), in the application's data folder (QStandardPaths::AppDataLocation).
     * One file per user: the messages \a user wrote and the server has not confirmed yet.
     */
    static QString defaultOutboxFile(const QString &user);

    QUrl url = defaultUrl();
    QString user;
    QString room = QStringLiteral("lobby");
    //! Language forced with --lang (e.g. "de"), empty for the system locale.
    QString language;
    /*!
     * The outbox's database file from --outbox or the environment variable PHOENIXCHAT_OUTBOX (the
     * option wins); empty for the default, defaultOutboxFile() of the user.
     */
    QString outbox;

    // Autopilot (Qt Quick example only).
    QStringList say;
    QString screenshot;
    int expectUsers = 1;
    int expectMessages = -1;
    bool quit = false;
    int autopilotTimeoutMs = 30000;

    /*!
     * Installs the translations (library and examples) for --lang or the system locale, then parses
     * the command line of \a app (exits with a message on errors, as QCommandLineParser::process()).
     * \a withAutopilot adds the autopilot options.
     */
    static ChatOptions fromCommandLine(QCoreApplication &app, bool withAutopilot);
};
