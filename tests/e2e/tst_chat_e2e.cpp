// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// End-to-end: the real chat UI (examples/chat/quick) talking to the dev server, over WebSocket and
// over LongPoll.

#include "chatwindow.h"
#include "testbed.h"

#include <phoenixoutbox.h>
#include <phoenixqttranslations.h>

#include <QtCore/QDir>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTranslator>
#include <QtGui/QImage>
#include <QtQml/QQmlApplicationEngine>
#include <QtQml/QQmlComponent>
#include <QtQml/QQmlContext>
#include <QtQuick/QQuickItem>
#include <QtQuick/QQuickWindow>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListView>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QStatusBar>

#include <memory>

using namespace Qt::StringLiterals;
using PhoenixTest::currentTransport;

namespace {

//! A QML engine that owns one window created from a component (deleted before the engine).
class ChatEngine : public QQmlApplicationEngine
{
public:
    ~ChatEngine() override { delete window; }
    QPointer<QObject> window;
};

//! One chat window, loaded from the example's QML sources as phoenix-chat loads it.
struct Chat
{
    std::unique_ptr<ChatEngine> engine;
    QQuickWindow *window = nullptr;
};

void collectItems(QQuickItem *item, const QString &objectName, QList<QQuickItem *> &found)
{
    if (item->objectName() == objectName)
        found.append(item);
    const QList<QQuickItem *> children = item->childItems();
    for (QQuickItem *child : children)
        collectItems(child, objectName, found);
}

//! The visible items called \a objectName in \a window (delegates of views included).
QList<QQuickItem *> items(QQuickWindow *window, const QString &objectName)
{
    QList<QQuickItem *> found;
    collectItems(window->contentItem(), objectName, found);
    found.removeIf([](const QQuickItem *item) { return !item->isVisible(); });
    return found;
}

QQuickItem *item(QQuickWindow *window, const QString &objectName)
{
    const QList<QQuickItem *> found = items(window, objectName);
    return found.size() == 1 ? found.first() : nullptr;
}

//! The text of the visible items called \a objectName.
QStringList texts(QQuickWindow *window, const QString &objectName)
{
    QStringList result;
    const QList<QQuickItem *> found = items(window, objectName);
    for (const QQuickItem *i : found)
        result.append(i->property("text").toString());
    return result;
}

//! Types \a text (Latin-1) into \a window key by key; keyClicks() takes only widgets in Qt 6.4.
void keyClicks(QWindow *window, const QString &text)
{
    for (const QChar c : text)
        QTest::keyClick(window, c.toLatin1());
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

//! The object with id \a id in the chat window's QML file (Main.qml), e.g. "lobby" or "socket".
QObject *qmlObject(QQuickWindow *window, const QString &id)
{
    QQmlContext *context = qmlContext(window);
    return context ? context->objectForName(id) : nullptr;
}

//! The texts of the rows of \a list.
QStringList rows(const QListWidget *list)
{
    QStringList result;
    for (int row = 0; row < list->count(); ++row)
        result.append(list->item(row)->text());
    return result;
}

} // namespace

class tst_ChatE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();
    void messagesAndPresenceBetweenTwoWindows();
    void chooseNameAndRoom();
    void errorsAreShownToTheUser();
    void reconnectsWhenTheServerComesBack();
    void presenceIsGreyedUntilTheRoomIsJoinedAgain();
    void neverConnectedChatShowsNoEmptyRoomNorZeroOnline();
    void messageWrittenOfflineIsSentOnceWhenBackEvenAfterARestart();
    void widgetsChatTalksToQuickChat();
    void widgetsChatShowsWhoYouAreAndOneErrorUntilRecovery();
    void widgetsChatKeepsPendingMessagesAcrossARestart();
    void germanUserInterface();
    void twoChatProcesses();

private:
    //! Opens a chat; its outbox is \a outboxFile, or a new file of its own in a temporary folder.
    Chat open(const QString &user, const QString &room, const QUrl &url = {}, const QString &outboxFile = {});
    //! A new outbox file in the test's temporary folder.
    QString newOutboxFile();
    void type(const Chat &chat, const QString &text);
    void saveScreenshot(const Chat &chat, const QString &name);
    void saveScreenshot(QWidget *window, const QString &name);

    std::unique_ptr<PhoenixDevServer> m_server;
    QString m_screenshotDir;
    QTemporaryDir m_outboxDir; // the chats' outbox files: never the user's data folder
    int m_outboxFiles = 0;
};

void tst_ChatE2E::initTestCase_data()
{
    PhoenixTest::addTransportRows(); // every chat over WebSocket and over LongPoll
}

void tst_ChatE2E::initTestCase()
{
    m_screenshotDir = qEnvironmentVariable("PHOENIXQT_SCREENSHOT_DIR");
    QVERIFY(m_outboxDir.isValid());
    m_server = std::make_unique<PhoenixDevServer>();
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    m_server->setLongPollWindow(PhoenixTest::LongPollWindowMs); // closed LongPoll sessions end soon
}

void tst_ChatE2E::init()
{
    QTest::failOnWarning(QRegularExpression(u"^(qrc|file):.*"_s)); // any QML warning of the chat
}

void tst_ChatE2E::cleanup()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, 10000);
}

QString tst_ChatE2E::newOutboxFile()
{
    return m_outboxDir.filePath(u"outbox-"_s + QString::number(++m_outboxFiles) + u".sqlite"_s);
}

Chat tst_ChatE2E::open(const QString &user, const QString &room, const QUrl &url, const QString &outboxFile)
{
    Chat chat;
    chat.engine = std::make_unique<ChatEngine>();
    chat.engine->addImportPath(QStringLiteral(PHOENIXQT_QML_IMPORT_DIR));
    // Created in two steps: the QML PhoenixSocket connects when the component completes, so its
    // C++ socket is put on the row's transport in between (the QML type has no transport property yet).
    QQmlComponent component(chat.engine.get(),
                            QUrl::fromLocalFile(QStringLiteral(PHOENIXCHAT_QML_DIR "/Main.qml")));
    QObject *root = component.beginCreate(chat.engine->rootContext());
    if (!root) {
        qWarning() << component.errors();
        return chat;
    }
    chat.engine->window = root;
    component.setInitialProperties(root,
                                   {
                                       {u"serverUrl"_s, (url.isEmpty() ? m_server->url() : url).toString()},
                                       {u"userName"_s, user},
                                       {u"roomName"_s, room},
                                       {u"outboxFile"_s, outboxFile.isEmpty() ? newOutboxFile() : outboxFile},
                                   });
    // The QML PhoenixSocket (id "socket") owns its C++ PhoenixSocket as a QObject child. The QML
    // plugin has its own copy of the library's code, so the socket is reached through its meta-object.
    QObject *qmlSocket = qmlContext(root) ? qmlContext(root)->objectForName(u"socket"_s) : nullptr;
    QObjectList sockets;
    for (QObject *child : qmlSocket ? qmlSocket->children() : QObjectList()) {
        if (qstrcmp(child->metaObject()->className(), "PhoenixSocket") == 0)
            sockets.append(child);
    }
    for (QObject *socket : sockets)
        socket->setProperty("transport", int(currentTransport()));
    component.completeCreate();
    if (sockets.size() != 1 || sockets.first()->property("transport").toInt() != int(currentTransport())) {
        qWarning("the chat's PhoenixSocket was not found or not put on the row's transport");
        return chat; // no window: the test fails
    }
    chat.window = qobject_cast<QQuickWindow *>(root);
    if (chat.window)
        chat.window->setTitle(chat.window->title() + u" ("_s + user + u')');
    return chat;
}

// Clicks into the message field and types \a text, then presses Enter: as a user does.
void tst_ChatE2E::type(const Chat &chat, const QString &text)
{
    chat.window->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(chat.window));
    QQuickItem *field = item(chat.window, u"messageField"_s);
    QVERIFY(field);
    const QPoint center = field->mapToScene(QPointF(field->width() / 2, field->height() / 2)).toPoint();
    QTest::mouseClick(chat.window, Qt::LeftButton, {}, center);
    QTRY_VERIFY(field->hasActiveFocus());
    keyClicks(chat.window, text);
    QCOMPARE(field->property("text").toString(), text);
    QTest::keyClick(chat.window, Qt::Key_Return);
    // Cleared once the server confirmed the message.
    QTRY_COMPARE(field->property("text").toString(), QString());
}

void tst_ChatE2E::saveScreenshot(const Chat &chat, const QString &name)
{
    if (m_screenshotDir.isEmpty())
        return;
    QDir().mkpath(m_screenshotDir);
    const QString file = QDir(m_screenshotDir).filePath(name);
    QVERIFY2(chat.window->grabWindow().save(file), qPrintable(file));
    qInfo("screenshot: %s", qPrintable(file));
}

void tst_ChatE2E::saveScreenshot(QWidget *window, const QString &name)
{
    if (m_screenshotDir.isEmpty())
        return;
    QDir().mkpath(m_screenshotDir);
    const QString file = QDir(m_screenshotDir).filePath(name);
    QVERIFY2(window->grab().save(file), qPrintable(file));
    qInfo("screenshot: %s", qPrintable(file));
}

void tst_ChatE2E::messagesAndPresenceBetweenTwoWindows()
{
    Chat ada = open(u"ada"_s, u"lobby"_s);
    QVERIFY(ada.window);
    // Ada is in the room before Grace comes, so Grace's arrival is news to her ("grace joined").
    QTRY_COMPARE_WITH_TIMEOUT(texts(ada.window, u"onlineName"_s), QStringList{u"ada"_s}, 10000);
    Chat grace = open(u"grace"_s, u"lobby"_s);
    QVERIFY(grace.window);
    QVERIFY(QTest::qWaitForWindowExposed(ada.window));
    QVERIFY(QTest::qWaitForWindowExposed(grace.window));

    // Both in each other's online list.
    const QStringList both{u"ada"_s, u"grace"_s};
    QTRY_COMPARE_WITH_TIMEOUT(sorted(texts(ada.window, u"onlineName"_s)), both, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(sorted(texts(grace.window, u"onlineName"_s)), both, 10000);
    QTRY_COMPARE(texts(ada.window, u"connectionState"_s), QStringList{u"Online"_s});
    QTRY_COMPARE(texts(grace.window, u"connectionState"_s), QStringList{u"Online"_s});
    QTRY_VERIFY(texts(ada.window, u"systemNote"_s).contains(u"grace joined"_s));

    // A message typed in one window appears in the other, with its sender.
    type(ada, u"Hi Grace! Did the deploy go through?"_s);
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(
        texts(grace.window, u"messageBody"_s).contains(u"Hi Grace! Did the deploy go through?"_s), 10000);
    QVERIFY(texts(grace.window, u"messageSender"_s).contains(u"ada"_s));
    QCOMPARE(texts(ada.window, u"messageBody"_s), QStringList{u"Hi Grace! Did the deploy go through?"_s});
    QVERIFY2(texts(ada.window, u"messageSender"_s).isEmpty(), "own messages show no sender name");
    // Shown once (the copy the server broadcast back confirms it), and no longer pending.
    QTRY_VERIFY(items(ada.window, u"pendingClock"_s).isEmpty());
    QCOMPARE(items(ada.window, u"messageBubble"_s).size(), 1);
    QVERIFY(texts(ada.window, u"messageDelivery"_s).isEmpty());
    QTRY_COMPARE(texts(ada.window, u"onlineTitle"_s), QStringList{u"Online — 2"_s});

    // And the other way round, sent with the Send button this time.
    grace.window->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(grace.window));
    QQuickItem *field = item(grace.window, u"messageField"_s);
    QQuickItem *sendButton = item(grace.window, u"sendButton"_s);
    QVERIFY(field && sendButton);
    QVERIFY(!sendButton->isEnabled());
    QTest::mouseClick(grace.window, Qt::LeftButton, {},
                      field->mapToScene(QPointF(field->width() / 2, field->height() / 2)).toPoint());
    keyClicks(grace.window, u"Yes, all green. Phoenix 1.8 is live."_s);
    QTRY_VERIFY(sendButton->isEnabled());
    QTest::mouseClick(
        grace.window, Qt::LeftButton, {},
        sendButton->mapToScene(QPointF(sendButton->width() / 2, sendButton->height() / 2)).toPoint());
    QTRY_VERIFY_WITH_TIMEOUT(
        texts(ada.window, u"messageBody"_s).contains(u"Yes, all green. Phoenix 1.8 is live."_s), 10000);
    QTRY_COMPARE(field->property("text").toString(), QString());

    if (!m_screenshotDir.isEmpty()) {
        // A little more conversation for the README screenshot.
        type(ada, u"Great! The reconnect fix made it in too?"_s);
        type(grace, u"It did. Pull the cable and watch it come back."_s);
        type(ada, u"Nice, the latency indicator is a good touch."_s);
        QTRY_COMPARE_WITH_TIMEOUT(texts(ada.window, u"messageBody"_s).size(), 5, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(texts(grace.window, u"messageBody"_s).size(), 5, 10000);
        QTRY_VERIFY(!texts(ada.window, u"latency"_s).value(0).startsWith(u'\x2013'));
        QTest::qWait(600); // let the views finish scrolling before the picture (screenshots only)
        saveScreenshot(ada, u"chat-ada.png"_s);
        saveScreenshot(grace, u"chat-grace.png"_s);
    }

    // Grace closes her window: she leaves ada's online list.
    grace.engine.reset();
    QTRY_COMPARE_WITH_TIMEOUT(texts(ada.window, u"onlineName"_s), QStringList{u"ada"_s}, 10000);
    QTRY_VERIFY(texts(ada.window, u"systemNote"_s).contains(u"grace left"_s));
}

void tst_ChatE2E::chooseNameAndRoom()
{
    Chat chat = open(QString(), u"lobby"_s);
    QVERIFY(chat.window);
    QVERIFY(QTest::qWaitForWindowExposed(chat.window));
    chat.window->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(chat.window));
    QQuickItem *nameField = item(chat.window, u"nameField"_s);
    QQuickItem *joinButton = item(chat.window, u"joinButton"_s);
    QVERIFY(nameField && joinButton);
    QVERIFY(!item(chat.window, u"messageField"_s));
    QVERIFY2(!joinButton->isEnabled(), "no name yet");
    saveScreenshot(chat, u"chat-login.png"_s);

    QTest::mouseClick(
        chat.window, Qt::LeftButton, {},
        nameField->mapToScene(QPointF(nameField->width() / 2, nameField->height() / 2)).toPoint());
    QTRY_VERIFY(nameField->hasActiveFocus());
    keyClicks(chat.window, u"linus"_s);
    QTRY_VERIFY(joinButton->isEnabled());
    QTest::keyClick(chat.window, Qt::Key_Return);

    QTRY_COMPARE_WITH_TIMEOUT(texts(chat.window, u"onlineName"_s), QStringList{u"linus"_s}, 10000);
    QCOMPARE(texts(chat.window, u"roomTitle"_s), QStringList{u"lobby"_s});
    QVERIFY(item(chat.window, u"messageField"_s));

    // Leave: back to the chooser, and off the room.
    QQuickItem *leave = item(chat.window, u"leaveButton"_s);
    QVERIFY(leave);
    QTest::mouseClick(chat.window, Qt::LeftButton, {},
                      leave->mapToScene(QPointF(leave->width() / 2, leave->height() / 2)).toPoint());
    QTRY_VERIFY(item(chat.window, u"joinButton"_s));
    QTRY_COMPARE(m_server->joinedCount(u"room:lobby"_s), 0);
}

void tst_ChatE2E::errorsAreShownToTheUser()
{
    // A server that is not there: the user sees why, not only the log.
    PhoenixDevServer gone;
    QVERIFY(gone.listen(QHostAddress::LocalHost, 0));
    const QUrl url = gone.url();
    gone.close();
    Chat chat = open(u"ada"_s, u"errors"_s, url);
    QVERIFY(chat.window);
    QTRY_VERIFY_WITH_TIMEOUT(!texts(chat.window, u"errorText"_s).value(0).isEmpty(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        texts(chat.window, u"connectionState"_s).value(0).startsWith(u"Reconnecting in"_s) ||
            texts(chat.window, u"connectionState"_s).value(0) == u"Connecting…"_s,
        10000);

    // A room that refuses the join.
    Chat refused = open(u"ada"_s, u"private"_s);
    QVERIFY(refused.window);
    QTRY_VERIFY_WITH_TIMEOUT(texts(refused.window, u"errorText"_s).value(0).contains(u"room:private"_s),
                             10000);
}

void tst_ChatE2E::reconnectsWhenTheServerComesBack()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.setLongPollWindow(PhoenixTest::LongPollWindowMs);
    const quint16 port = server.port();
    Chat chat = open(u"ada"_s, u"restart"_s, server.url());
    QVERIFY(chat.window);
    QTRY_COMPARE_WITH_TIMEOUT(texts(chat.window, u"connectionState"_s), QStringList{u"Online"_s}, 10000);
    QTRY_COMPARE(texts(chat.window, u"onlineName"_s), QStringList{u"ada"_s});

    // The server goes away: the header counts down to the next attempt and the user is told.
    server.close();
    QTRY_VERIFY_WITH_TIMEOUT(
        texts(chat.window, u"connectionState"_s).value(0).startsWith(u"Reconnecting in "_s), 10000);
    QTRY_VERIFY(!texts(chat.window, u"errorText"_s).value(0).isEmpty());

    // It comes back on the same port: online again, in the room again, the error gone.
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(texts(chat.window, u"connectionState"_s), QStringList{u"Online"_s}, 15000);
    QTRY_COMPARE(texts(chat.window, u"onlineName"_s), QStringList{u"ada"_s});
    QTRY_COMPARE(texts(chat.window, u"errorText"_s), QStringList());
}

void tst_ChatE2E::presenceIsGreyedUntilTheRoomIsJoinedAgain()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.setLongPollWindow(PhoenixTest::LongPollWindowMs);
    const quint16 port = server.port();
    Chat chat = open(u"ada"_s, u"stale"_s, server.url());
    QVERIFY(chat.window);
    QTRY_COMPARE_WITH_TIMEOUT(texts(chat.window, u"onlineTitle"_s), QStringList{u"Online — 1"_s}, 10000);
    QVERIFY(texts(chat.window, u"onlineStale"_s).isEmpty());

    // Offline: the last known list stays, greyed, and the header claims no count.
    server.close();
    QTRY_VERIFY_WITH_TIMEOUT(
        texts(chat.window, u"connectionState"_s).value(0).startsWith(u"Reconnecting in "_s), 10000);
    QTRY_COMPARE(texts(chat.window, u"onlineTitle"_s), QStringList{u"Online"_s});
    QCOMPARE(texts(chat.window, u"onlineName"_s), QStringList{u"ada"_s});
    QCOMPARE(texts(chat.window, u"onlineStale"_s),
             QStringList{u"Last known, not up to date while offline."_s});

    // Back: up to date once the room is joined again and its presence state has arrived.
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(texts(chat.window, u"onlineTitle"_s), QStringList{u"Online — 1"_s}, 15000);
    QVERIFY(qmlObject(chat.window, u"lobby"_s)->property("joined").toBool());
    QVERIFY(texts(chat.window, u"onlineStale"_s).isEmpty());
}

void tst_ChatE2E::neverConnectedChatShowsNoEmptyRoomNorZeroOnline()
{
    PhoenixDevServer gone;
    QVERIFY(gone.listen(QHostAddress::LocalHost, 0));
    const QUrl url = gone.url();
    gone.close();
    Chat chat = open(u"ada"_s, u"never"_s, url);
    QVERIFY(chat.window);
    QTRY_VERIFY_WITH_TIMEOUT(!texts(chat.window, u"errorText"_s).value(0).isEmpty(), 10000);
    // Next to "refused the connection": no "No messages yet. Say hello…", no "Online — 0".
    QVERIFY(texts(chat.window, u"emptyRoom"_s).isEmpty());
    QCOMPARE(texts(chat.window, u"onlineTitle"_s), QStringList{u"Online"_s});
    QCOMPARE(texts(chat.window, u"onlineStale"_s), QStringList{u"Known once connected."_s});
    QVERIFY(texts(chat.window, u"onlineName"_s).isEmpty());
}

// The outbox at work: what is written offline is pending (greyed, a clock), survives closing and
// reopening the chat, and is sent once the server is back, once, with the key it got when written.
void tst_ChatE2E::messageWrittenOfflineIsSentOnceWhenBackEvenAfterARestart()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.setLongPollWindow(PhoenixTest::LongPollWindowMs);
    const quint16 port = server.port();
    const QUrl url = server.url(); // server.url() says port 0 while it is closed
    const QString outboxFile = newOutboxFile();
    Chat chat = open(u"ada"_s, u"lobby"_s, url, outboxFile); // a server of its own
    QVERIFY(chat.window);
    QTRY_COMPARE_WITH_TIMEOUT(texts(chat.window, u"connectionState"_s), QStringList{u"Online"_s}, 10000);
    type(chat, u"Deploying now."_s);
    QTRY_COMPARE(texts(chat.window, u"messageBody"_s), QStringList{u"Deploying now."_s});
    QTRY_VERIFY(items(chat.window, u"pendingClock"_s).isEmpty()); // confirmed by the server

    // Every shout the server receives from now on, as "body key".
    QStringList shouts;
    connect(&server, &PhoenixDevServer::textFrameReceived, this, [&shouts](const QString &frame) {
        const QJsonArray message = QJsonDocument::fromJson(frame.toUtf8()).array();
        if (message.at(3).toString() == u"shout"_s)
            shouts.append(message.at(4)[u"body"_s].toString() + u' ' +
                          message.at(4)[u"idempotency_key"_s].toString());
    });

    server.close();
    QObject *lobby = qmlObject(chat.window, u"lobby"_s);
    QVERIFY(lobby);
    QTRY_VERIFY_WITH_TIMEOUT(!lobby->property("joined").toBool(), 10000);

    // Written offline: in the list at once, greyed with a clock, saying why it waits.
    type(chat, u"Is it live?"_s);
    type(chat, u"Anyone there?"_s);
    const QStringList offline{u"Is it live?"_s, u"Anyone there?"_s};
    QTRY_COMPARE(texts(chat.window, u"messageBody"_s), QStringList{u"Deploying now."_s} + offline);
    QCOMPARE(items(chat.window, u"pendingClock"_s).size(), 2);
    QCOMPARE(texts(chat.window, u"messageDelivery"_s),
             (QStringList{u"Not sent yet: you are offline."_s, u"Not sent yet: you are offline."_s}));
    QCOMPARE(chat.window->property("pendingCount").toInt(), 2);
    // The banner speaks of the connection in a person's words: no URL, no wire words.
    QTRY_VERIFY(!texts(chat.window, u"errorText"_s).value(0).isEmpty());
    for (const QString &text :
         texts(chat.window, u"errorText"_s) + texts(chat.window, u"messageDelivery"_s)) {
        QVERIFY2(!text.contains(u"shout"_s) && !text.contains(u"room:"_s) && !text.contains(u"127.0.0.1"_s) &&
                     !text.contains(u"user="_s),
                 qPrintable(text));
    }
    QVERIFY2(texts(chat.window, u"latency"_s).isEmpty(), "no latency shown while offline");
    if (!PhoenixTest::isLongPoll()) {
        QTest::qWait(300); // let the view scroll (screenshots only)
        saveScreenshot(chat, u"chat-offline.png"_s);
    }

    // The chat is closed and opened again: the two messages are still there, still pending.
    chat.engine.reset();
    chat = open(u"ada"_s, u"lobby"_s, url, outboxFile);
    QVERIFY(chat.window);
    QCOMPARE(chat.window->property("pendingCount").toInt(), 2);
    QTRY_COMPARE(texts(chat.window, u"messageBody"_s), offline); // once the view has laid them out
    QCOMPARE(items(chat.window, u"pendingClock"_s).size(), 2);
    QCOMPARE(chat.window->property("pendingCount").toInt(), 2);
    QVERIFY(shouts.isEmpty());

    // The server is back: both are sent, in order, confirmed, each under the key it got when written.
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_VERIFY_WITH_TIMEOUT(items(chat.window, u"pendingClock"_s).isEmpty(), 15000);
    QCOMPARE(texts(chat.window, u"messageBody"_s), offline); // shown once each
    QVERIFY(texts(chat.window, u"messageDelivery"_s).isEmpty());
    QCOMPARE(chat.window->property("messageCount").toInt(), 2);
    QTRY_COMPARE(chat.window->property("pendingCount").toInt(), 0);
    QCOMPARE(shouts.size(), 2);
    QVERIFY2(shouts.at(0).startsWith(u"Is it live? "_s) && shouts.at(1).startsWith(u"Anyone there? "_s),
             qPrintable(shouts.join(u" | "_s)));
    const QString firstKey = shouts.at(0).mid(12);
    QCOMPARE(firstKey.size(), 36); // a UUID
    QVERIFY(shouts.at(1).mid(14) != firstKey);

    // Opened once more: nothing pending any more, nothing sent again.
    chat.engine.reset();
    chat = open(u"ada"_s, u"lobby"_s, url, outboxFile);
    QVERIFY(chat.window);
    QCOMPARE(chat.window->property("pendingCount").toInt(), 0);
    QVERIFY(texts(chat.window, u"messageBody"_s).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(texts(chat.window, u"connectionState"_s), QStringList{u"Online"_s}, 10000);
    QCOMPARE(shouts.size(), 2);
    chat.engine.reset();
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 0, 10000);
}

void tst_ChatE2E::widgetsChatTalksToQuickChat()
{
    ChatWindow ada(m_server->url(), u"ada"_s, u"mixed"_s, newOutboxFile(), currentTransport());
    ada.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ada));
    Chat grace = open(u"grace"_s, u"mixed"_s);
    QVERIFY(grace.window);

    auto *online = ada.findChild<QListView *>(u"online"_s);
    auto *input = ada.findChild<QLineEdit *>(u"input"_s);
    auto *messages = ada.findChild<QListWidget *>(u"messages"_s);
    auto *state = ada.findChild<QLabel *>(u"state"_s);
    QVERIFY(online && input && messages && state);
    QTRY_COMPARE_WITH_TIMEOUT(online->model()->rowCount(), 2, 10000);
    QTRY_COMPARE(state->text(), u"Online"_s);
    QTRY_COMPARE_WITH_TIMEOUT(sorted(texts(grace.window, u"onlineName"_s)),
                              (QStringList{u"ada"_s, u"grace"_s}), 10000);

    // Widgets -> Quick.
    QTest::keyClicks(input, u"Hello from the widgets"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(texts(grace.window, u"messageBody"_s).contains(u"Hello from the widgets"_s),
                             10000);
    QTRY_COMPARE(input->text(), QString());

    // Quick -> Widgets.
    type(grace, u"Hello from Qt Quick"_s);
    const auto shown = [messages](const QString &text) {
        for (int row = 0; row < messages->count(); ++row) {
            if (messages->item(row)->text().contains(text))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(shown(u"Hello from Qt Quick"_s), 10000);
    QVERIFY(shown(u"grace"_s));

    // Grace leaves: gone from the widget's online list, and a note says so.
    grace.engine.reset();
    QTRY_COMPARE_WITH_TIMEOUT(online->model()->rowCount(), 1, 10000);
    QCOMPARE(online->model()->index(0, 0).data().toString(), u"ada"_s);
    QTRY_VERIFY(shown(u"grace left"_s));
}

void tst_ChatE2E::widgetsChatShowsWhoYouAreAndOneErrorUntilRecovery()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.setLongPollWindow(PhoenixTest::LongPollWindowMs);
    const quint16 port = server.port();
    const QUrl url = server.url();
    server.close();                                                                 // not there yet
    ChatWindow ada(url, u"ada"_s, u"lobby"_s, newOutboxFile(), currentTransport()); // a server of its own
    ada.show();
    QVERIFY(QTest::qWaitForWindowExposed(&ada));
    auto *identity = ada.findChild<QLabel *>(u"identity"_s);
    auto *error = ada.findChild<QLabel *>(u"error"_s);
    auto *state = ada.findChild<QLabel *>(u"state"_s);
    auto *onlineTitle = ada.findChild<QLabel *>(u"onlineTitle"_s);
    auto *onlineStale = ada.findChild<QLabel *>(u"onlineStale"_s);
    auto *online = ada.findChild<QListView *>(u"online"_s);
    auto *input = ada.findChild<QLineEdit *>(u"input"_s);
    auto *messages = ada.findChild<QListWidget *>(u"messages"_s);
    QVERIFY(identity && error && state && onlineTitle && onlineStale && online && input && messages);
    QVERIFY(identity->isVisible());
    QVERIFY2(identity->text().contains(u"ada"_s), qPrintable(identity->text()));

    // The error once: above the messages, not again in the status bar.
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible() && !error->text().isEmpty(), 10000);
    QCOMPARE(ada.statusBar()->currentMessage(), QString());
    QCOMPARE(onlineTitle->text(), u"Online"_s);
    QVERIFY(onlineStale->isVisible());
    QVERIFY(!online->isEnabled());

    // Written offline: shown at once, pending.
    QTest::keyClicks(input, u"Hello? Anyone?"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QCOMPARE(input->text(), QString());
    QCOMPARE(messages->count(), 1);
    QVERIFY2(rows(messages).first().contains(u"Not sent yet: you are offline."_s),
             qPrintable(rows(messages).first()));

    // The server comes: online, the error gone at once, the message sent, who is online up to date.
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(state->text(), u"Online"_s, 15000);
    QTRY_VERIFY(!error->isVisible());
    QCOMPARE(ada.statusBar()->currentMessage(), QString());
    QTRY_COMPARE(onlineTitle->text(), u"Online — 1"_s);
    QVERIFY(!onlineStale->isVisible());
    QVERIFY(online->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(rows(messages).first().contains(u"Not sent"_s), false, 10000);
    QCOMPARE(messages->count(), 1); // confirmed, not shown twice

    // Gone again: who was online stays, greyed, until the room is joined again.
    server.close();
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 10000);
    QCOMPARE(onlineTitle->text(), u"Online"_s);
    QCOMPARE(onlineStale->text(), u"Last known, not up to date while offline."_s);
    QVERIFY(!online->isEnabled());
    QCOMPARE(online->model()->rowCount(), 1);
    QTest::keyClicks(input, u"Back in a minute."_s);
    QTest::keyClick(input, Qt::Key_Return);
    QCOMPARE(messages->count(), 2);
    QVERIFY(rows(messages).last().contains(u"Not sent yet: you are offline."_s));
    if (!PhoenixTest::isLongPoll())
        saveScreenshot(&ada, u"chat-widgets-offline.png"_s);
}

// The Qt Widgets chat sends through the outbox too: closed with a message pending, it shows the
// message again when opened, and sends it once the server is there.
void tst_ChatE2E::widgetsChatKeepsPendingMessagesAcrossARestart()
{
    PhoenixDevServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    server.setLongPollWindow(PhoenixTest::LongPollWindowMs);
    const quint16 port = server.port();
    const QUrl url = server.url();
    server.close(); // not there yet
    const QString outboxFile = newOutboxFile();
    auto ada = std::make_unique<ChatWindow>(url, u"ada"_s, u"lobby"_s, outboxFile, currentTransport());
    auto *input = ada->findChild<QLineEdit *>(u"input"_s);
    QVERIFY(input);
    QTest::keyClicks(input, u"Written on the train"_s);
    QTest::keyClick(input, Qt::Key_Return);
    QCOMPARE(ada->outbox()->pendingCount(), 1);

    ada.reset(); // closed: its outbox file is free for the next window
    ada = std::make_unique<ChatWindow>(url, u"ada"_s, u"lobby"_s, outboxFile, currentTransport());
    auto *messages = ada->findChild<QListWidget *>(u"messages"_s);
    auto *state = ada->findChild<QLabel *>(u"state"_s);
    QVERIFY(messages && state);
    QCOMPARE(messages->count(), 1);
    QVERIFY2(rows(messages).first().contains(u"Written on the train"_s) &&
                 rows(messages).first().contains(u"Not sent yet: you are offline."_s),
             qPrintable(rows(messages).first()));
    QVERIFY(!messages->item(0)->icon().isNull()); // the clock

    int shouts = 0;
    connect(&server, &PhoenixDevServer::textFrameReceived, this, [&shouts](const QString &frame) {
        shouts += QJsonDocument::fromJson(frame.toUtf8()).array().at(3).toString() == u"shout"_s;
    });
    QVERIFY(server.listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(ada->outbox()->pendingCount(), 0, 15000);
    QTRY_VERIFY(!rows(messages).first().contains(u"Not sent"_s));
    QVERIFY(messages->item(0)->icon().isNull());
    QCOMPARE(messages->count(), 1); // confirmed, not shown twice
    QCOMPARE(shouts, 1);
    ada.reset();
    QTRY_COMPARE_WITH_TIMEOUT(server.connectionCount(), 0, 10000);
}

void tst_ChatE2E::germanUserInterface()
{
    const QStringList loaded =
        PhoenixQtTranslations::install(QLocale(QLocale::German), {u"phoenixqt"_s, u"phoenixchat"_s});
    QVERIFY(loaded.contains(u"phoenixchat"_s));
    QVERIFY(loaded.contains(u"phoenixqt"_s));
    Chat chat = open(u"ada"_s, u"deutsch"_s);
    QVERIFY(chat.window);
    QTRY_COMPARE(texts(chat.window, u"sendButton"_s), QStringList{u"Senden"_s});
    QTRY_VERIFY_WITH_TIMEOUT(texts(chat.window, u"connectionState"_s) == QStringList{u"Online"_s}, 10000);
    QCOMPARE(texts(chat.window, u"latency"_s).size(), 1);
    chat.engine.reset();

    // The library's error messages are translated too.
    PhoenixDevServer gone;
    QVERIFY(gone.listen(QHostAddress::LocalHost, 0));
    const QUrl url = gone.url();
    gone.close();
    Chat offline = open(u"ada"_s, u"deutsch"_s, url);
    QVERIFY(offline.window);
    QTRY_VERIFY_WITH_TIMEOUT(texts(offline.window, u"errorText"_s).value(0).contains(u"Verbindung"_s), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        texts(offline.window, u"connectionState"_s).value(0).startsWith(u"Neuer Versuch in"_s) ||
            texts(offline.window, u"connectionState"_s).value(0) == u"Verbinde…"_s,
        10000);
    offline.engine.reset();
    const QList<QTranslator *> translators = QCoreApplication::instance()->findChildren<QTranslator *>();
    for (QTranslator *translator : translators) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

// The real executables: a phoenix-devserver process and two phoenix-chat processes, offscreen.
// Each chat sends a message once both are online and only finishes (exit code 0) when it has
// received both messages; it then prints who it sees online and the messages it shows.
void tst_ChatE2E::twoChatProcesses()
{
    PHOENIX_SKIP_ON_LONGPOLL("phoenix-chat has no transport switch until the QML PhoenixSocket exposes "
                             "`transport`; the in-process chats above cover LongPoll");
    QProcess server;
    server.setProcessChannelMode(QProcess::SeparateChannels);
    server.start(QStringLiteral(PHOENIXDEVSERVER_EXECUTABLE),
                 {u"--port"_s, u"0"_s, u"--print-port"_s, u"--quiet"_s});
    QVERIFY(server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 10000);
    const QString portLine = QString::fromUtf8(server.readLine()).trimmed();
    QVERIFY2(portLine.startsWith(u"PORT "_s), qPrintable(portLine));
    const QString url = u"ws://127.0.0.1:"_s + portLine.mid(5) + u"/socket/websocket"_s;

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    struct Instance
    {
        QString user;
        QString message;
        std::unique_ptr<QProcess> process;
        QByteArray output;

        bool hasScreenshot()
        {
            output += process->readAllStandardOutput();
            return output.contains("SCREENSHOT ");
        }
    };
    Instance instances[] = {{u"ada"_s, u"Hello from Ada"_s, std::make_unique<QProcess>(), {}},
                            {u"grace"_s, u"Hello from Grace"_s, std::make_unique<QProcess>(), {}}};
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"QT_LOGGING_RULES"_s, u"phoenix.*.info=false"_s);
    for (Instance &instance : instances) {
        instance.process->setProcessEnvironment(environment);
        instance.process->start(QStringLiteral(PHOENIXCHAT_EXECUTABLE),
                                {u"--url"_s,
                                 url,
                                 u"--user"_s,
                                 instance.user,
                                 u"--room"_s,
                                 u"processes"_s,
                                 u"--lang"_s,
                                 u"en"_s,
                                 u"--say"_s,
                                 instance.message,
                                 u"--expect-users"_s,
                                 u"2"_s,
                                 u"--expect-messages"_s,
                                 u"2"_s,
                                 u"--screenshot"_s,
                                 dir.filePath(instance.user + u".png"_s),
                                 u"--autopilot-timeout"_s,
                                 u"60"_s,
                                 u"--outbox"_s,
                                 dir.filePath(instance.user + u".sqlite"_s)});
        QVERIFY(instance.process->waitForStarted());
    }
    // Both stay until both are done, so neither sees the other leave before its screenshot.
    for (Instance &instance : instances)
        QTRY_VERIFY_WITH_TIMEOUT(instance.hasScreenshot(), 90000);
    for (Instance &instance : instances) {
        instance.process->terminate();
        QVERIFY(instance.process->waitForFinished(10000));
        instance.output += instance.process->readAllStandardOutput();
        const QStringList output = QString::fromUtf8(instance.output).split(u'\n');
        const QString errors = QString::fromUtf8(instance.process->readAllStandardError());
        QVERIFY2(!errors.contains(u"Gave up waiting"_s), qPrintable(errors));
        const QStringList online = output.filter(QRegularExpression(u"^ONLINE "_s));
        QCOMPARE(online.size(), 1);
        QCOMPARE(sorted(online.first().mid(7).split(u' ')), (QStringList{u"ada"_s, u"grace"_s}));
        const QStringList messages = sorted(output.filter(QRegularExpression(u"^MESSAGE "_s)));
        QCOMPARE(messages,
                 (QStringList{u"MESSAGE ada: Hello from Ada"_s, u"MESSAGE grace: Hello from Grace"_s}));
        const QImage image(dir.filePath(instance.user + u".png"_s));
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 560 && image.height() >= 400);
    }
    server.terminate();
    QVERIFY(server.waitForFinished(10000));
}

QTEST_MAIN(tst_ChatE2E)

#include "tst_chat_e2e.moc"
