// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "chatwindow.h"

#include <phoenixchannel.h>
#include <phoenixpresence.h>
#include <phoenixpresencemodel.h>
#include <phoenixpush.h>
#include <phoenixsocket.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QLocale>
#include <QtCore/QTimerEvent>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListView>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

ChatWindow::ChatWindow(const QUrl &url, const QString &user, const QString &room,
                       PhoenixSocket::Transport transport, QWidget *parent)
    : QMainWindow(parent)
    , m_user(user)
    , m_room(room)
{
    setWindowTitle(tr("#%1 — PhoenixQt Chat (Widgets)").arg(room));
    resize(820, 560);

    // Widgets.
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_error = new QLabel(central);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"QLabel { background: #fef2f2; color: #991b1b; border: 1px solid #fca5a5;"
                           " border-radius: 6px; padding: 6px; }"_s);
    m_error->setObjectName(u"error"_s);
    m_error->hide();
    layout->addWidget(m_error);

    auto *splitter = new QSplitter(central);
    m_messages = new QListWidget(splitter);
    m_messages->setWordWrap(true);
    m_messages->setObjectName(u"messages"_s);
    auto *side = new QWidget(splitter);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    m_onlineTitle = new QLabel(side);
    m_online = new QListView(side);
    m_online->setObjectName(u"online"_s);
    sideLayout->addWidget(m_onlineTitle);
    sideLayout->addWidget(m_online);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    auto *inputRow = new QHBoxLayout;
    m_input = new QLineEdit(central);
    m_input->setObjectName(u"input"_s);
    m_input->setPlaceholderText(tr("Message #%1").arg(room));
    m_sendButton = new QPushButton(tr("Send"), central);
    m_sendButton->setDefault(true);
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_sendButton);
    layout->addLayout(inputRow);
    setCentralWidget(central);

    m_state = new QLabel(this);
    m_state->setObjectName(u"state"_s);
    m_latency = new QLabel(this);
    statusBar()->addPermanentWidget(m_state);
    statusBar()->addPermanentWidget(m_latency);

    // Phoenix objects: all children of this window.
    m_socket = new PhoenixSocket(url, this);
    m_socket->setTransport(transport);
    m_socket->setParams({{u"user"_s, user}});
    m_channel = m_socket->channel(u"room:"_s + room);
    m_presence = new PhoenixPresence(m_channel, this); // before join(): the first state is not missed
    m_presenceModel = new PhoenixPresenceModel(m_presence, this);
    m_online->setModel(m_presenceModel);

    connect(m_input, &QLineEdit::returnPressed, this, &ChatWindow::send);
    connect(m_sendButton, &QPushButton::clicked, this, &ChatWindow::send);

    connect(m_socket, &PhoenixSocket::stateChanged, this, &ChatWindow::updateStatus);
    connect(m_socket, &PhoenixSocket::latencyChanged, this, &ChatWindow::updateStatus);
    connect(m_socket, &PhoenixSocket::connected, this, [this] {
        m_countdownTimer.stop();
        m_socket->ping();
        m_pingTimer.start(5000, this);
    });
    connect(m_socket, &PhoenixSocket::disconnected, this, [this] { m_pingTimer.stop(); });
    connect(m_socket, &PhoenixSocket::reconnectScheduled, this, [this](int attempt, int delayMs) {
        if (attempt == 0) { // (0, 0): connected again after retries
            m_countdownTimer.stop();
            updateStatus();
            return;
        }
        m_reconnectAt = QDateTime::currentMSecsSinceEpoch() + delayMs;
        m_countdownTimer.start(200, this);
        updateStatus();
    });
    connect(m_socket, &PhoenixSocket::errorOccurred, this,
            [this](PhoenixSocket::Error, const QString &message) { showError(message); });

    connect(m_channel, &PhoenixChannel::stateChanged, this, &ChatWindow::updateStatus);
    connect(m_channel, &PhoenixChannel::joined, this, [this] { m_error->hide(); });
    connect(m_channel, &PhoenixChannel::joinFailed, this, [this](const QJsonValue &response) {
        showError(
            tr("Could not join #%1: %2").arg(m_room, response.toObject().value(u"reason"_s).toString()));
    });
    connect(m_channel, &PhoenixChannel::errorOccurred, this, &ChatWindow::showError);
    connect(m_channel, &PhoenixChannel::messageReceived, this, &ChatWindow::onMessage);

    connect(m_presence, &PhoenixPresence::synced, this, [this] { m_presenceReady = true; });
    connect(m_presence, &PhoenixPresence::joined, this,
            [this](const QString &key, const QJsonObject &current) { onPresenceJoined(key, current); });
    connect(m_presence, &PhoenixPresence::left, this,
            [this](const QString &key, const QJsonObject &current) { onPresenceLeft(key, current); });
    connect(m_presenceModel, &PhoenixPresenceModel::countChanged, this, &ChatWindow::updateStatus);

    m_channel->join();
    m_socket->connectToServer();
    updateStatus();
    m_input->setFocus();
}

ChatWindow::~ChatWindow()
{
    // The Phoenix objects are children, deleted after this destructor by ~QObject: delete them now,
    // model first, so that none of their signals reaches this half-destroyed window.
    delete m_presenceModel;
    delete m_presence;
    delete m_socket; // and its channel; closes without emitting signals
}

void ChatWindow::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_pingTimer.timerId())
        m_socket->ping();
    else if (event->timerId() == m_countdownTimer.timerId())
        updateStatus();
    else
        QMainWindow::timerEvent(event);
}

void ChatWindow::send()
{
    const QString text = m_input->text().trimmed();
    if (text.isEmpty())
        return;
    const QJsonObject payload{
        {u"user"_s, m_user}, {u"body"_s, text}, {u"sent_at"_s, double(QDateTime::currentMSecsSinceEpoch())}};
    PhoenixPush *push = m_channel->push(u"shout"_s, payload);
    connect(push, &PhoenixPush::replied, this, [this, text](const QString &status) {
        if (status == "ok"_L1 && m_input->text().trimmed() == text)
            m_input->clear();
    });
    connect(push, &PhoenixPush::errorOccurred, this, [this](PhoenixPush::Error, const QString &message) {
        showError(tr("Your message was not sent: %1").arg(message));
    });
}

void ChatWindow::onMessage(const QString &event, const QJsonObject &payload)
{
    if (event != "shout"_L1)
        return;
    const QString user = payload.value(u"user"_s).toString(tr("someone"));
    const double sentAt = payload.value(u"sent_at"_s).toDouble(double(QDateTime::currentMSecsSinceEpoch()));
    const QString time =
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(sentAt)).time(), QLocale::ShortFormat);
    auto *item =
        new QListWidgetItem(tr("%1  ·  %2\n%3").arg(user, time, payload.value(u"body"_s).toString()));
    if (user == m_user)
        item->setTextAlignment(Qt::AlignRight);
    m_messages->addItem(item);
    m_messages->scrollToBottom();
}

void ChatWindow::onPresenceJoined(const QString &key, const QJsonObject &current)
{
    if (m_presenceReady && current.isEmpty() && key != m_user)
        appendLine(tr("%1 joined").arg(key));
}

void ChatWindow::onPresenceLeft(const QString &key, const QJsonObject &current)
{
    if (m_presenceReady && current.value(u"metas"_s).toArray().isEmpty())
        appendLine(tr("%1 left").arg(key));
}

void ChatWindow::appendLine(const QString &text)
{
    auto *item = new QListWidgetItem(text);
    item->setTextAlignment(Qt::AlignHCenter);
    item->setForeground(Qt::gray);
    m_messages->addItem(item);
    m_messages->scrollToBottom();
}

void ChatWindow::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
    statusBar()->showMessage(message, 10000);
}

void ChatWindow::updateStatus()
{
    QString state;
    if (m_socket->isConnected()) {
        state = m_channel->isJoined() ? tr("Online") : tr("Joining…");
    } else if (m_socket->state() == PhoenixSocket::State::Connecting) {
        state = tr("Connecting…");
    } else if (m_countdownTimer.isActive()) {
        const qint64 left = m_reconnectAt - QDateTime::currentMSecsSinceEpoch();
        state = tr("Reconnecting in %n s", nullptr, int(std::ceil(qMax<qint64>(0, left) / 1000.0)));
    } else {
        state = tr("Offline");
    }
    m_state->setText(state);
    m_latency->setText(m_socket->isConnected() && m_socket->latency() >= 0
                           ? tr("%1 ms").arg(m_socket->latency())
                           : tr("– ms"));
    m_onlineTitle->setText(tr("Online — %1").arg(m_presenceModel->count()));
    m_sendButton->setEnabled(m_channel->state() != PhoenixChannel::State::Closed);
}
