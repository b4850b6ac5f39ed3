// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <phoenixsocket.h>

#include <QtCore/QBasicTimer>
#include <QtCore/QJsonObject>
#include <QtCore/QUrl>
#include <QtWidgets/QMainWindow>

class PhoenixChannel;
class PhoenixPresence;
class PhoenixPresenceModel;
class PhoenixSocket;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QPushButton;

/*!
 * \brief The Qt Widgets chat window: the same chat as the Qt Quick example, with C++ signals and
 * slots only.
 *
 * Owns (as children) a PhoenixSocket, its PhoenixChannel for "room:<room>", a PhoenixPresence and a
 * PhoenixPresenceModel shown in a QListView.
 */
class ChatWindow : public QMainWindow
{
    Q_OBJECT

public:
    //! Connects to \a url as \a user over \a transport and joins "room:<room>" right away.
    ChatWindow(const QUrl &url, const QString &user, const QString &room,
               PhoenixSocket::Transport transport = PhoenixSocket::Transport::WebSocket,
               QWidget *parent = nullptr);
    //! Leaves nothing behind: the socket (and channel) are deleted, which closes the connection.
    ~ChatWindow() override;

protected:
    void timerEvent(QTimerEvent *event) override;

private Q_SLOTS:
    void send();
    void onMessage(const QString &event, const QJsonObject &payload);
    void onPresenceJoined(const QString &key, const QJsonObject &current);
    void onPresenceLeft(const QString &key, const QJsonObject &current);
    void showError(const QString &message);
    void updateStatus();

private:
    void appendLine(const QString &html);

    QString m_user;
    QString m_room;
    PhoenixSocket *m_socket = nullptr;
    PhoenixChannel *m_channel = nullptr;
    PhoenixPresence *m_presence = nullptr;
    PhoenixPresenceModel *m_presenceModel = nullptr;
    QListWidget *m_messages = nullptr;
    QListView *m_online = nullptr;
    QLabel *m_onlineTitle = nullptr;
    QLineEdit *m_input = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_latency = nullptr;
    QBasicTimer m_pingTimer;
    QBasicTimer m_countdownTimer;
    qint64 m_reconnectAt = 0;
    bool m_presenceReady = false;
};
