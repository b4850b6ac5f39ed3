// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// PhoenixQt Chat (Qt Quick): a chat room on Phoenix Channels, built on the QML module "Phoenix".
//   phoenix-chat [--url ws://127.0.0.1:4000/socket/websocket] [--user ada] [--room lobby] [--lang de]
//                [--outbox file.sqlite]

#include "autopilot.h"
#include "chatoptions.h"

#include <QtGui/QGuiApplication>
#include <QtQml/QQmlApplicationEngine>
#include <QtQuick/QQuickWindow>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(u"phoenix-chat"_s);
    QGuiApplication::setOrganizationName(u"PhoenixQt"_s);
    QGuiApplication::setApplicationVersion(QStringLiteral(PHOENIXQT_VERSION));

    const ChatOptions options = ChatOptions::fromCommandLine(app, true);

    QQmlApplicationEngine engine;
#ifdef PHOENIXQT_QML_IMPORT_DIR
    // In the build tree the QML module Phoenix is in <build>/qml; installed, it is in Qt's QML dir.
    engine.addImportPath(QStringLiteral(PHOENIXQT_QML_IMPORT_DIR));
#endif
    engine.setInitialProperties({
        {u"serverUrl"_s, options.url.toString()},
        {u"userName"_s, options.user},
        {u"roomName"_s, options.room},
        {u"outboxFile"_s, options.outbox}, // empty: one file per user in the data folder (Main.qml)
    });
    engine.load(QUrl(u"qrc:/PhoenixChat/quick/Main.qml"_s));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window)
        return 1;

    Autopilot autopilot(window, options);
    return app.exec();
}
