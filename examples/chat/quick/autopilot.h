// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "chatoptions.h"

#include <QtCore/QBasicTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QPointer>

class QQuickWindow;

/*!
 * \brief Drives the chat window for scripts: sends the --say messages and takes the --screenshot.
 *
 * Reads the window's properties \c online, \c onlineCount and \c messageCount and calls its
 * \c sendMessage() function, exactly as a user typing would end up doing. Used by scripts/demo.sh
 * (offscreen mode) and scripts/screenshot.sh. Lives in the GUI thread; a child of nothing, owned
 * by main().
 */
class Autopilot : public QObject
{
    Q_OBJECT

public:
    Autopilot(QQuickWindow *window, const ChatOptions &options, QObject *parent = nullptr);

    //! True when there is nothing to do (no --say, no --screenshot).
    bool isIdle() const;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void step();
    void takeScreenshot(bool complete);

    QPointer<QQuickWindow> m_window;
    ChatOptions m_options;
    QBasicTimer m_poll;
    QElapsedTimer m_elapsed;
    bool m_said = false;
    bool m_shot = false;
    qint64 m_readySince = -1;
};
