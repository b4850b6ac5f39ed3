// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixQt Chat (Qt Widgets): the chat example for widget applications, with C++ signals and
// slots only.
//   phoenix-chat-widgets [--url ws://127.0.0.1:4000/socket/websocket] [--user ada] [--room lobby] [--lang de]
//                        [--outbox file.sqlite]

#include "chatoptions.h"
#include "chatwindow.h"

#include <QtWidgets/QApplication>
#include <QtWidgets/QInputDialog>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"phoenix-chat-widgets"_s);
    QApplication::setOrganizationName(u"PhoenixQt"_s);
    QApplication::setApplicationVersion(QStringLiteral(PHOENIXQT_VERSION));

    ChatOptions options = ChatOptions::fromCommandLine(app, false);
    if (options.user.isEmpty()) {
        bool ok = false;
        options.user = QInputDialog::getText(nullptr, ChatWindow::tr("PhoenixQt Chat"),
                                             ChatWindow::tr("Your name:"), QLineEdit::Normal, QString(), &ok)
                           .trimmed();
        if (!ok || options.user.isEmpty())
            return 0;
    }

    // The messages not confirmed yet stay in this file until the server has them, across restarts.
    const QString outbox =
        options.outbox.isEmpty() ? ChatOptions::defaultOutboxFile(options.user) : options.outbox;
    ChatWindow window(options.url, options.user, options.room, outbox);
    window.show();
    return app.exec();
}
