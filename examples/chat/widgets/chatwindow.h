// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include <phoenixsocket.h>

#include <QtCore/QBasicTimer>
#include <QtCore/QDateTime>
#include <QtCore/QJsonObject>
#include <QtCore/QUrl>
#include <QtWidgets/QMainWindow>

class PhoenixChannel;
class PhoenixOutbox;
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
 * Owns (as children) a PhoenixSocket, its PhoenixChannel for "room:<room>", a PhoenixPresence, a
 * PhoenixPresenceModel shown in a QListView and a PhoenixOutbox through which the messages go.
 *
 * The user's own messages are committed to the outbox's database and appear at once, pending
 * (greyed, with a clock) until the server confirms them: they are sent again, with the same key,
 * after a lost connection and after a restart of the chat (the messages of the room still in the
 * outbox are shown pending when the window opens), and the server shows each key once. A message the
 * server refused is shown failed, with why in the user's words (double-click sends it again); see
 * addOwnMessage(), markSent() and markFailed(). Who is online is
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

    /*!
     * Connects to \a url as \a user over \a transport and joins "room:<room>" right away. The messages
     * go through an outbox on the SQLite file \a outboxPath (empty: in memory only, nothing survives
     * the window); the messages for this room that it still holds are shown pending at once.
     */
    ChatWindow(const QUrl &url, const QString &user, const QString &room, const QString &outboxPath,
               PhoenixSocket::Transport transport = PhoenixSocket::Transport::WebSocket,
               QWidget *parent = nullptr);
    //! Leaves nothing behind: the outbox is closed (what it holds stays in its file) and the socket
    //! (and channel) are deleted, which closes the connection.
    ~ChatWindow() override;

    //! The outbox the messages go through (owned by the window).
    PhoenixOutbox *outbox() const { return m_outbox; }

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
    //! Adds the user's message \a text written at \a time as pending, as \a clientId (its outbox key,
    //! which travels with the message); nothing if that message is shown already.
    void addOwnMessage(const QString &text, const QString &clientId, const QDateTime &time);
    //! Marks the user's message \a clientId as confirmed by the server.
    void markSent(const QString &clientId);
    //! Marks the user's message \a clientId as not sent, \a why in the user's words.
    void markFailed(const QString &clientId, const QString &why);
    //! Hands \a text to the outbox and returns its key (empty if the outbox refused it).
    QString pushMessage(const QString &text, const QDateTime &time);
    void showPending();
    QString connectionProblem(PhoenixSocket::Error error) const;
    void resend(QListWidgetItem *item);
    QListWidgetItem *findMessage(const QString &clientId) const;
    void render(QListWidgetItem *item);

    QString m_user;
    QString m_room;
    PhoenixSocket *m_socket = nullptr;
    PhoenixChannel *m_channel = nullptr;
    PhoenixPresence *m_presence = nullptr;
    PhoenixPresenceModel *m_presenceModel = nullptr;
    PhoenixOutbox *m_outbox = nullptr;
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
    int m_nextUnsent = 1;
    bool m_wasJoined = false;
};
