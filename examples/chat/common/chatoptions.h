// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QStringList>
#include <QtCore/QUrl>

/*!
 * \brief The command line of the chat examples, and their translations.
 *
 * Both chat examples take --url, --user, --room and --lang; the Qt Quick one also takes the
 * autopilot options (--say, --screenshot, ...) that scripts/demo.sh and scripts/screenshot.sh use.
 */
struct ChatOptions
{
    Q_DECLARE_TR_FUNCTIONS(ChatOptions)

public:
    //! The dev server's default endpoint (tools/devserver, `phoenix-devserver`).
    static QUrl defaultUrl();

    QUrl url = defaultUrl();
    QString user;
    QString room = QStringLiteral("lobby");
    //! Language forced with --lang (e.g. "de"), empty for the system locale.
    QString language;

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
