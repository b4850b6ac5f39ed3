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
class QListWidgetItem;
class QPushButton;

/*!
 * \brief The Qt Widgets chat window: the same chat as the Qt Quick example, with C++ signals and
 * slots only.
 *
 * Owns (as children) a PhoenixSocket, its PhoenixChannel for "room:<room>", a PhoenixPresence and a
 * PhoenixPresenceModel shown in a QListView.
 *
 * The user's own messages appear at once, pending (greyed, with a clock) until the server confirms
 * them, or failed with why in the user's words (double-click sends again); see addOwnMessage(),
 * markSent() and markFailed(), the seam for other ways of sending (an outbox). Who is online is
 * greyed while it is not up to date (not joined, or the presence state of this join not yet there).
 * One error at a time is shown above the messages, and it goes when the connection is back.
 */
class ChatWindow : public QMainWindow
{
    Q_OBJECT

public:
    //! How far one of the user's own messages got.
    enum class Delivery { Sent, Pending, Failed };
    Q_ENUM(Delivery)

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
    void clearError();
    void updateStatus();

private:
    void appendLine(const QString &html);
    //! Adds the user's message \a text as pending and returns its client id (sent with the message).
    QString addOwnMessage(const QString &text);
    //! Marks the user's message \a clientId as confirmed by the server.
    void markSent(const QString &clientId);
    //! Marks the user's message \a clientId as not sent, \a why in the user's words.
    void markFailed(const QString &clientId, const QString &why);
    void pushMessage(const QString &clientId, const QString &text);
    void resend(QListWidgetItem *item);
    QListWidgetItem *findMessage(const QString &clientId) const;
    void render(QListWidgetItem *item);

    QString m_user;
    QString m_room;
    PhoenixSocket *m_socket = nullptr;
    PhoenixChannel *m_channel = nullptr;
    PhoenixPresence *m_presence = nullptr;
    PhoenixPresenceModel *m_presenceModel = nullptr;
    QListWidget *m_messages = nullptr;
    QListView *m_online = nullptr;
    QLabel *m_onlineTitle = nullptr;
    QLabel *m_onlineStale = nullptr;
    QLabel *m_identity = nullptr;
    QLineEdit *m_input = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_latency = nullptr;
    QBasicTimer m_pingTimer;
    QBasicTimer m_countdownTimer;
    qint64 m_reconnectAt = 0;
    bool m_presenceReady = false;
    int m_nextMessage = 1;
    bool m_wasJoined = false;
};
