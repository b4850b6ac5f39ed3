// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#include "chatwindow.h"

#include <phoenixchannel.h>
#include <phoenixoutbox.h>
#include <phoenixpresence.h>
#include <phoenixpresencemodel.h>
#include <phoenixpush.h>
#include <phoenixsocket.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QLocale>
#include <QtCore/QTimerEvent>
#include <QtGui/QIcon>
#include <QtGui/QPainter>
#include <QtGui/QPixmap>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListView>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QStyle>
#include <QtWidgets/QStyledItemDelegate>
#include <QtWidgets/QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {
// What a message item of the list holds besides its text.
enum MessageRole {
    ClientIdRole = Qt::UserRole, // the client id of one of the user's own messages, else empty
    DeliveryRole,                // ChatWindow::Delivery of an own message
    UserRole,
    TimeRole,
    BodyRole,
    FailureRole, // why it was not sent, in the user's words
};

// A small clock: the message waits for the server.
QIcon clockIcon()
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(0x6b, 0x72, 0x80), 1.5));
    painter.drawEllipse(QRectF(1.5, 1.5, 13, 13));
    painter.drawLine(QPointF(8, 8), QPointF(8, 4));
    painter.drawLine(QPointF(8, 8), QPointF(11, 8));
    return QIcon(pixmap);
}

// Puts the icon of the user's own messages (the clock, the warning) on the right, next to their
// right-aligned text, instead of at the far left of the row.
class MessageDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (!index.data(ClientIdRole).toString().isEmpty())
            option->decorationPosition = QStyleOptionViewItem::Right;
    }
};
} // namespace

ChatWindow::ChatWindow(const QUrl &url, const QString &user, const QString &room, const QString &outboxPath,
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
    m_identity = new QLabel(
        tr("Signed in as <b>%1</b> in #%2").arg(user.toHtmlEscaped(), room.toHtmlEscaped()), central);
    m_identity->setObjectName(u"identity"_s);
    layout->addWidget(m_identity);
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
    m_messages->setSpacing(4);
    m_messages->setObjectName(u"messages"_s);
    m_messages->setItemDelegate(new MessageDelegate(m_messages));
    auto *side = new QWidget(splitter);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    m_onlineTitle = new QLabel(side);
    m_onlineTitle->setObjectName(u"onlineTitle"_s);
    m_onlineStale = new QLabel(side);
    m_onlineStale->setObjectName(u"onlineStale"_s);
    m_onlineStale->setWordWrap(true);
    m_onlineStale->setEnabled(false); // greyed, as the list it speaks of
    m_online = new QListView(side);
    m_online->setObjectName(u"online"_s);
    sideLayout->addWidget(m_onlineTitle);
    sideLayout->addWidget(m_onlineStale);
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
    // Every message goes through the outbox: on disk before anything is sent, sent again with the
    // same key until the server answers, across lost connections and restarts.
    m_outbox = new PhoenixOutbox(m_socket, outboxPath, this);

    connect(m_input, &QLineEdit::returnPressed, this, &ChatWindow::send);
    connect(m_sendButton, &QPushButton::clicked, this, &ChatWindow::send);
    connect(m_messages, &QListWidget::itemActivated, this, &ChatWindow::resend);

    connect(m_socket, &PhoenixSocket::stateChanged, this, &ChatWindow::updateStatus);
    connect(m_socket, &PhoenixSocket::latencyChanged, this, &ChatWindow::updateStatus);
    connect(m_socket, &PhoenixSocket::connected, this, [this] {
        clearError(); // the connection is back: what went wrong with it is over
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
    connect(m_socket, &PhoenixSocket::errorOccurred, this, [this](PhoenixSocket::Error error) {
        const QString problem = connectionProblem(error);
        if (!problem.isEmpty())
            showError(problem);
    });

    connect(m_channel, &PhoenixChannel::stateChanged, this, &ChatWindow::updateStatus);
    connect(m_channel, &PhoenixChannel::joined, this, &ChatWindow::clearError);
    connect(m_channel, &PhoenixChannel::joinFailed, this, [this](const QJsonValue &response) {
        showError(
            tr("Could not join #%1: %2").arg(m_room, response.toObject().value(u"reason"_s).toString()));
    });
    connect(m_channel, &PhoenixChannel::errorOccurred, this, &ChatWindow::showError);
    connect(m_channel, &PhoenixChannel::messageReceived, this, &ChatWindow::onMessage);

    connect(m_presence, &PhoenixPresence::synced, this, [this] { m_presenceReady = true; });
    connect(m_presence, &PhoenixPresence::inSyncChanged, this, &ChatWindow::updateStatus);
    connect(m_presence, &PhoenixPresence::joined, this,
            [this](const QString &key, const QJsonObject &current) { onPresenceJoined(key, current); });
    connect(m_presence, &PhoenixPresence::left, this,
            [this](const QString &key, const QJsonObject &current) { onPresenceLeft(key, current); });
    connect(m_presenceModel, &PhoenixPresenceModel::countChanged, this, &ChatWindow::updateStatus);

    connect(m_outbox, &PhoenixOutbox::delivered, this, &ChatWindow::markSent);
    connect(m_outbox, &PhoenixOutbox::rejected, this,
            [this](const QString &key) { markFailed(key, tr("Not sent: the server refused it.")); });
    connect(m_outbox, &PhoenixOutbox::errorOccurred, this,
            [this](PhoenixOutbox::Error error, const QString &message) {
                // The database cannot be used (e.g. this user's chat is open twice): the chat goes on, but
                // what is not sent yet is lost if it is closed. Said once, in the conversation.
                if (error >= PhoenixOutbox::Error::DatabaseLockedError)
                    appendLine(
                        tr("Messages not sent yet will be lost if you close the chat: %1").arg(message));
            });
    showPending();

    m_channel->join();
    m_socket->connectToServer();
    updateStatus();
    m_input->setFocus();
}

ChatWindow::~ChatWindow()
{
    // The Phoenix objects are children, deleted after this destructor by ~QObject: delete them now,
    // outbox and model first, so that none of their signals reaches this half-destroyed window.
    delete m_outbox; // what it holds stays in its file, for the next window
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

// The message is in the outbox's file and in the list at once (pending), and the field is free for
// the next one.
void ChatWindow::send()
{
    const QString text = m_input->text().trimmed();
    if (text.isEmpty())
        return;
    m_input->clear();
    const QDateTime now = QDateTime::currentDateTime();
    const QString key = pushMessage(text, now);
    if (!key.isEmpty()) {
        addOwnMessage(text, key, now);
        return;
    }
    // Refused by the outbox (errorOccurred says why): shown as not sent, to be sent again.
    const QString unsent = u"unsent-"_s + QString::number(m_nextUnsent++);
    addOwnMessage(text, unsent, now);
    markFailed(unsent, tr("Not sent."));
}

QString ChatWindow::pushMessage(const QString &text, const QDateTime &time)
{
    // The outbox adds its key (idempotency_key), which the server broadcasts back with the message.
    const QJsonObject payload{
        {u"user"_s, m_user}, {u"body"_s, text}, {u"sent_at"_s, double(time.toMSecsSinceEpoch())}};
    return m_outbox->push(m_channel->topic(), u"shout"_s, payload);
}

// The messages of this room that the outbox still holds, written before the chat was closed.
void ChatWindow::showPending()
{
    const QList<PhoenixOutboxEntry> entries = m_outbox->entries();
    for (const PhoenixOutboxEntry &entry : entries) {
        const QJsonObject payload = entry.payload();
        if (entry.topic() != m_channel->topic() || entry.event() != "shout"_L1 ||
            !payload.value(u"body"_s).isString())
            continue;
        const QJsonValue sentAt = payload.value(u"sent_at"_s);
        addOwnMessage(payload.value(u"body"_s).toString(), entry.key(),
                      sentAt.isDouble() ? QDateTime::fromMSecsSinceEpoch(qint64(sentAt.toDouble()))
                                        : entry.created());
    }
}

void ChatWindow::addOwnMessage(const QString &text, const QString &clientId, const QDateTime &time)
{
    if (findMessage(clientId))
        return;
    auto *item = new QListWidgetItem;
    item->setData(ClientIdRole, clientId);
    item->setData(DeliveryRole, int(Delivery::Pending));
    item->setData(UserRole, m_user);
    item->setData(TimeRole, time.toLocalTime().time());
    item->setData(BodyRole, text);
    render(item);
    m_messages->addItem(item);
    m_messages->scrollToBottom();
}

QListWidgetItem *ChatWindow::findMessage(const QString &clientId) const
{
    for (int row = m_messages->count() - 1; row >= 0; --row) {
        QListWidgetItem *item = m_messages->item(row);
        if (item->data(ClientIdRole).toString() == clientId)
            return item;
    }
    return nullptr;
}

void ChatWindow::markSent(const QString &clientId)
{
    if (QListWidgetItem *item = findMessage(clientId)) {
        item->setData(DeliveryRole, int(Delivery::Sent));
        render(item);
    }
}

void ChatWindow::markFailed(const QString &clientId, const QString &why)
{
    QListWidgetItem *item = findMessage(clientId);
    if (!item || Delivery(item->data(DeliveryRole).toInt()) == Delivery::Sent)
        return;
    item->setData(DeliveryRole, int(Delivery::Failed));
    item->setData(FailureRole, why);
    render(item);
}

// Double-click (or Enter) on a failed message sends it again: a new entry of the outbox, a new key.
void ChatWindow::resend(QListWidgetItem *item)
{
    if (!item || Delivery(item->data(DeliveryRole).toInt()) != Delivery::Failed)
        return;
    const QString key = pushMessage(item->data(BodyRole).toString(), QDateTime::currentDateTime());
    if (key.isEmpty())
        return;
    item->setData(ClientIdRole, key);
    item->setData(DeliveryRole, int(Delivery::Pending));
    render(item);
}

void ChatWindow::render(QListWidgetItem *item)
{
    const QString user = item->data(UserRole).toString();
    const QString time = QLocale().toString(item->data(TimeRole).toTime(), QLocale::ShortFormat);
    QString text = tr("%1  ·  %2\n%3").arg(user, time, item->data(BodyRole).toString());
    const bool own = !item->data(ClientIdRole).toString().isEmpty() && user == m_user;
    const Delivery delivery = own ? Delivery(item->data(DeliveryRole).toInt()) : Delivery::Sent;
    switch (delivery) {
    case Delivery::Sent:
        item->setIcon(QIcon());
        item->setForeground(palette().text());
        item->setToolTip(QString());
        break;
    case Delivery::Pending:
        item->setIcon(clockIcon());
        item->setForeground(palette().placeholderText()); // greyed until the server has it
        item->setToolTip(tr("Waiting for the server to confirm it."));
        if (!m_channel->isJoined())
            text += u'\n' + tr("Not sent yet: you are offline.");
        break;
    case Delivery::Failed:
        item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
        item->setForeground(QColor(0x99, 0x1b, 0x1b));
        item->setToolTip(QString());
        text += u'\n' + tr("%1 Double-click to send it again.").arg(item->data(FailureRole).toString());
        break;
    }
    item->setText(text);
    if (user == m_user)
        item->setTextAlignment(Qt::AlignRight);
}

void ChatWindow::onMessage(const QString &event, const QJsonObject &payload)
{
    if (event != "shout"_L1)
        return;
    // Our own message coming back from the server, with its outbox key: confirmed. (client_id: the
    // id older chats sent.)
    const QString clientId =
        payload.value(u"idempotency_key"_s).toString(payload.value(u"client_id"_s).toString());
    if (!clientId.isEmpty() && findMessage(clientId)) {
        markSent(clientId);
        return;
    }
    const double sentAt = payload.value(u"sent_at"_s).toDouble(double(QDateTime::currentMSecsSinceEpoch()));
    auto *item = new QListWidgetItem;
    item->setData(UserRole, payload.value(u"user"_s).toString(tr("someone")));
    item->setData(TimeRole, QDateTime::fromMSecsSinceEpoch(qint64(sentAt)).time());
    item->setData(BodyRole, payload.value(u"body"_s).toString());
    render(item);
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

// One place for errors: the banner above the messages (the status bar shows the connection state).
void ChatWindow::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void ChatWindow::clearError()
{
    m_error->clear();
    m_error->hide();
}

// What went wrong with the connection, for a person: the socket's errorString names the URL (with
// its parameters) and the transport's words. Empty for what needs no word (the connection goes on).
QString ChatWindow::connectionProblem(PhoenixSocket::Error error) const
{
    switch (error) {
    case PhoenixSocket::Error::InvalidUrlError:
        return tr("The address of the chat server is not valid.");
    case PhoenixSocket::Error::HostNotFoundError:
        return tr("The chat server was not found. Check the address and your connection.");
    case PhoenixSocket::Error::ConnectionLostError:
    case PhoenixSocket::Error::HeartbeatTimeoutError:
        return tr("The connection to the chat server was lost.");
    case PhoenixSocket::Error::SslError:
        return tr("The chat server could not prove its identity: the connection is not safe.");
    case PhoenixSocket::Error::NoError:
    case PhoenixSocket::Error::ProtocolError:
    case PhoenixSocket::Error::SendBufferFullError:
        return {};
    default:
        return tr("The chat server cannot be reached.");
    }
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
    // The round trip, while there is a connection to measure it on.
    m_latency->setVisible(m_socket->isConnected());
    m_latency->setText(m_socket->latency() >= 0 ? tr("%1 ms").arg(m_socket->latency()) : tr("– ms"));
    // A pending message says whether it waits for the connection.
    if (m_channel->isJoined() != m_wasJoined) {
        m_wasJoined = m_channel->isJoined();
        for (int row = 0; row < m_messages->count(); ++row) {
            QListWidgetItem *item = m_messages->item(row);
            if (!item->data(ClientIdRole).toString().isEmpty() &&
                Delivery(item->data(DeliveryRole).toInt()) == Delivery::Pending)
                render(item);
        }
    }
    // Who is online is known only while joined and once this join's presence state arrived.
    const bool upToDate = m_channel->isJoined() && m_presence->isSynced();
    m_onlineTitle->setText(upToDate ? tr("Online — %1").arg(m_presenceModel->count()) : tr("Online"));
    m_onlineStale->setText(m_presenceModel->count() > 0 ? tr("Last known, not up to date while offline.")
                                                        : tr("Known once connected."));
    m_onlineStale->setVisible(!upToDate);
    m_online->setEnabled(upToDate); // the last known list, greyed
    m_sendButton->setEnabled(m_channel->state() != PhoenixChannel::State::Closed);
}
