// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "autopilot.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QTimerEvent>
#include <QtGui/QImage>
#include <QtQml/QJSValue>
#include <QtQuick/QQuickWindow>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
// A QML `var` (a JS array) or a QStringList, as a QStringList.
QStringList toStringList(const QVariant &value)
{
    if (value.metaType() == QMetaType::fromType<QJSValue>())
        return value.value<QJSValue>().toVariant().toStringList();
    return value.toStringList();
}

// How long the window must have shown everything it waits for before the screenshot, so that
// list views have scrolled and the latency was measured.
constexpr qint64 SettleMs = 1200;
} // namespace

Autopilot::Autopilot(QQuickWindow *window, const ChatOptions &options, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_options(options)
{
    if (isIdle())
        return;
    m_elapsed.start();
    m_poll.start(100, this);
}

bool Autopilot::isIdle() const
{
    return m_options.say.isEmpty() && m_options.screenshot.isEmpty();
}

void Autopilot::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_poll.timerId())
        step();
    else
        QObject::timerEvent(event);
}

void Autopilot::step()
{
    if (!m_window) {
        m_poll.stop();
        return;
    }
    const bool online = m_window->property("online").toBool();
    const int users = m_window->property("onlineCount").toInt();
    const int messages = m_window->property("messageCount").toInt();

    if (!m_said && online && users >= m_options.expectUsers) {
        m_said = true;
        for (const QString &text : std::as_const(m_options.say))
            QMetaObject::invokeMethod(m_window, "sendMessage", Q_ARG(QVariant, QVariant(text)));
    }

    if (m_options.screenshot.isEmpty() || m_shot) {
        if (m_said || m_options.say.isEmpty())
            m_poll.stop();
        return;
    }
    const bool ready = m_said && messages >= m_options.expectMessages;
    if (!ready) {
        m_readySince = -1;
    } else if (m_readySince < 0) {
        m_readySince = m_elapsed.elapsed();
    } else if (m_elapsed.elapsed() - m_readySince >= SettleMs) {
        takeScreenshot(true);
        return;
    }
    if (m_elapsed.elapsed() > m_options.autopilotTimeoutMs)
        takeScreenshot(false);
}

void Autopilot::takeScreenshot(bool complete)
{
    m_shot = true;
    m_poll.stop();
    const QString file = QFileInfo(m_options.screenshot).absoluteFilePath();
    QDir().mkpath(QFileInfo(file).absolutePath());
    // What the window shows, for scripts and tests: who is online and the messages.
    std::fprintf(stdout, "ONLINE %s\n",
                 qUtf8Printable(toStringList(m_window->property("onlineNames")).join(u' ')));
    QVariant lines;
    QMetaObject::invokeMethod(m_window, "messageLines", Q_RETURN_ARG(QVariant, lines));
    const QStringList messageLines = toStringList(lines);
    for (const QString &line : messageLines)
        std::fprintf(stdout, "MESSAGE %s\n", qUtf8Printable(line));
    const QImage image = m_window->grabWindow();
    const bool saved = !image.isNull() && image.save(file);
    if (saved)
        std::fprintf(stdout, "SCREENSHOT %s\n", qUtf8Printable(file));
    else
        std::fprintf(stderr, "Could not write the screenshot %s\n", qUtf8Printable(file));
    if (!complete) {
        std::fprintf(stderr,
                     "Gave up waiting for %d user(s) and %d message(s) after %d s; the screenshot shows what "
                     "there was.\n",
                     m_options.expectUsers, m_options.expectMessages, m_options.autopilotTimeoutMs / 1000);
    }
    std::fflush(stdout);
    if (m_options.quit)
        QCoreApplication::exit(saved && complete ? 0 : 1);
}
