// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors

// The dev server's own rules that the phoenix.js conformance run does not reach: LongPoll's
// 403/410/204/408/500 answers, session expiry, POST bodies, the WebSocket refuse and black-hole
// modes, slow joins and TLS. Everything talks HTTP/WebSocket to an in-process PhoenixDevServer.

#include <phoenixdevserver.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWebSockets/QWebSocket>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 5000;

QString certPath(const QString &name)
{
    return QStringLiteral(PHOENIXQT_TEST_CERTS_DIR) + u'/' + name;
}

QSslConfiguration serverTls(const QString &name)
{
    QString error;
    const QSslConfiguration c = PhoenixDevServer::sslConfigurationFromPem(certPath(name + u".pem"_s),
                                                                          certPath(name + u".key"_s), &error);
    if (c.isNull())
        qWarning("cannot load %s: %s", qPrintable(name), qPrintable(error));
    return c;
}

QSslConfiguration clientTrusting(const QString &caName)
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setCaCertificates(QSslCertificate::fromPath(certPath(caName + u".pem"_s)));
    return c;
}

// One finished HTTP exchange.
struct Http
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    QNetworkReply *reply = nullptr; // for headers; owned by the test's QNetworkAccessManager

    QByteArray header(const QByteArray &name) const { return reply ? reply->rawHeader(name) : QByteArray(); }
    QStringList messages() const
    {
        QStringList out;
        const QJsonArray a = json.value(u"messages"_s).toArray();
        for (const QJsonValue &v : a)
            out.append(v.toString());
        return out;
    }
};

QJsonArray frame(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).array();
}

QByteArray binaryPush(const QByteArray &joinRef, const QByteArray &ref, const QByteArray &topic,
                      const QByteArray &event, const QByteArray &payload)
{
    QByteArray f;
    f.append(char(0));
    f.append(char(joinRef.size()));
    f.append(char(ref.size()));
    f.append(char(topic.size()));
    f.append(char(event.size()));
    f.append(joinRef).append(ref).append(topic).append(event).append(payload);
    return f;
}

} // namespace

class tst_DevServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // LongPoll sessions
    void firstGetOpensSession();
    void refusedConnect_data();
    void refusedConnect();
    void emptyPollAnswers204AfterWindow();
    void sessionTokenInHeader();
    void unknownTokenPostIs410();
    void unknownTokenGetOpensNewSession();
    void postNdjsonBatchIsAnsweredByNextPollInOrder();
    void postWithoutNdjsonIsOneMessage();
    void postLineNeitherJsonNorBase64Is500();
    void postHandlesAtMost100Lines();
    void postChunkedBody();
    void outstandingPollGetsMessagesOfOneTurnTogether();
    void sessionWithoutPollExpires();
    void closeAllConnectionsEndsSession();
    void dropAllConnectionsFailsOutstandingPoll();
    void binaryFrameFailsThePoll();
    void preflightAndOtherMethods();
    void longPollCanBeDisabled();
    void requestSignalCarriesTheRequest();
    void frozenServerHoldsRequests();

    // protocol core
    void floodIsNumberedFromOne();
    void staleJoinRefIsIgnored();
    void slowJoinHoldsLaterFramesOverWebSocket();
    void slowJoinHoldsServerFramesToo();
    void slowTopicOnlyFirstJoinIsSlow();
    void slowJoinDelaysPostAndLeaveComesAfterIt();
    void postAnswers408WhenJoinOutlastsWindow();

    // the durable event (idempotency keys)
    void durableResendGetsTheFirstReplyAndMakesNoEffect();
    void durableRejectionIsTheFirstReplyToo();
    void durableDropReplyMakesTheEffectWithoutAnswer();
    void durableHoldReplyAnswersLater();
    void durableWithoutKeyIsRefusedAndNotRemembered();
    void durableLogListsTheEffectsInOrder();
    void shoutWithAKeySeenBeforeIsNotBroadcastAgain();

    // WebSocket modes
    void refuseModeRefusesUpgradesServesLongPoll_data();
    void refuseModeRefusesUpgradesServesLongPoll();
    void blackHoleModeNeverAnswers();

    // TLS
    void tlsServesWssAndHttps();
    void tlsRefusedByClientDefaults_data();
    void tlsRefusedByClientDefaults();
    void tlsConfigurationErrors();

private:
    Http get(const QString &query, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Http post(const QString &query, const QByteArray &body,
              const QByteArray &contentType = "application/x-ndjson");
    Http send(const QByteArray &method, const QString &query, const QByteArray &body,
              const QList<QPair<QByteArray, QByteArray>> &headers, int timeout = kWait);
    QNetworkReply *start(const QByteArray &method, const QString &query, const QByteArray &body = {},
                         const QList<QPair<QByteArray, QByteArray>> &headers = {});
    static Http finish(QNetworkReply *reply, int timeout = kWait);
    QString openSession(const QString &query = u"vsn=2.0.0"_s);
    static QString tokenQuery(const QString &token) { return u"vsn=2.0.0&token="_s + token; }
    std::unique_ptr<QWebSocket> connectWebSocket();
    // Joins `topic` on `ws` (join_ref "1") and waits for the join reply.
    static bool joinRaw(QWebSocket *ws, const QString &topic);
    // Sends `event` with `payload` (ref `ref`) on the joined `topic` and returns the reply frame to
    // that ref ([] if none came within `timeout`).
    static QJsonArray pushRaw(QWebSocket *ws, const QString &topic, const QString &ref, const QString &event,
                              const QJsonObject &payload, int timeout = kWait);
    // Sends raw bytes on a fresh TCP connection and returns what came back within the wait.
    QByteArray rawExchange(const QByteArray &request, const QByteArray &until);

    std::unique_ptr<PhoenixDevServer> server;
    std::unique_ptr<QNetworkAccessManager> nam;
    QSslConfiguration clientTls;
};

void tst_DevServer::init()
{
    server = std::make_unique<PhoenixDevServer>();
    QVERIFY(server->listen());
    nam = std::make_unique<QNetworkAccessManager>();
    clientTls = QSslConfiguration();
}

void tst_DevServer::cleanup()
{
    nam.reset();
    server.reset();
}

QNetworkReply *tst_DevServer::start(const QByteArray &method, const QString &query, const QByteArray &body,
                                    const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QUrl url = server->longPollUrl();
    url.setQuery(query);
    QNetworkRequest request(url);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    if (!clientTls.isNull())
        request.setSslConfiguration(clientTls);
    return nam->sendCustomRequest(request, method, body);
}

Http tst_DevServer::finish(QNetworkReply *reply, int timeout)
{
    Http h;
    h.reply = reply;
    if (!reply->isFinished()) {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(timeout))
            return h;
    }
    h.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    h.error = reply->error();
    h.body = reply->readAll();
    h.json = QJsonDocument::fromJson(h.body).object();
    return h;
}

Http tst_DevServer::send(const QByteArray &method, const QString &query, const QByteArray &body,
                         const QList<QPair<QByteArray, QByteArray>> &headers, int timeout)
{
    return finish(start(method, query, body, headers), timeout);
}

Http tst_DevServer::get(const QString &query, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return send("GET", query, {}, headers);
}

Http tst_DevServer::post(const QString &query, const QByteArray &body, const QByteArray &contentType)
{
    return send("POST", query, body, {{"Content-Type", contentType}});
}

QString tst_DevServer::openSession(const QString &query)
{
    const Http open = get(query);
    if (open.json.value(u"status"_s).toInt() != 410)
        return {};
    return open.json.value(u"token"_s).toString();
}

std::unique_ptr<QWebSocket> tst_DevServer::connectWebSocket()
{
    auto ws = std::make_unique<QWebSocket>();
    QSignalSpy connected(ws.get(), &QWebSocket::connected);
    QUrl url = server->url();
    url.setQuery(u"vsn=2.0.0"_s);
    ws->open(url);
    if (!connected.wait(kWait))
        return nullptr;
    return ws;
}

QByteArray tst_DevServer::rawExchange(const QByteArray &request, const QByteArray &until)
{
    // Event-driven (the server runs in this thread): no blocking waitFor*() calls.
    QTcpSocket socket;
    socket.connectToHost(server->address(), server->port());
    if (!QTest::qWaitFor([&socket] { return socket.state() == QAbstractSocket::ConnectedState; }, kWait))
        return {};
    socket.write(request);
    QByteArray got;
    (void)QTest::qWaitFor(
        [&] {
            got += socket.readAll();
            return got.contains(until) || socket.state() != QAbstractSocket::ConnectedState;
        },
        kWait);
    return got + socket.readAll();
}

bool tst_DevServer::joinRaw(QWebSocket *ws, const QString &topic)
{
    return !pushRaw(ws, topic, u"1"_s, u"phx_join"_s, QJsonObject()).isEmpty();
}

QJsonArray tst_DevServer::pushRaw(QWebSocket *ws, const QString &topic, const QString &ref,
                                  const QString &event, const QJsonObject &payload, int timeout)
{
    QJsonArray reply;
    QMetaObject::Connection c = connect(ws, &QWebSocket::textMessageReceived, ws, [&](const QString &text) {
        const QJsonArray f = frame(text);
        if (f.at(1).toString() == ref && f.at(3).toString() == u"phx_reply"_s)
            reply = f;
    });
    ws->sendTextMessage(QString::fromUtf8(
        QJsonDocument(QJsonArray{u"1"_s, ref, topic, event, payload}).toJson(QJsonDocument::Compact)));
    (void)QTest::qWaitFor([&] { return !reply.isEmpty(); }, timeout);
    disconnect(c);
    return reply;
}

// ---- LongPoll sessions -----------------------------------------------------------------------

void tst_DevServer::firstGetOpensSession()
{
    QSignalSpy connected(server.get(), &PhoenixDevServer::clientConnected);
    const Http open = get(u"vsn=2.0.0&user=ulla&room=a%20b"_s, {{"X-Phoenix-AuthToken", "t0ken/+="}});
    QCOMPARE(open.status, 200); // always 200: the status travels in the body
    QCOMPARE(open.json.value(u"status"_s).toInt(), 410);
    QVERIFY(!open.json.value(u"token"_s).toString().isEmpty());
    QCOMPARE(open.json.value(u"messages"_s).toArray(), QJsonArray());
    QCOMPARE(open.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
    QCOMPARE(open.header("Cache-Control"), QByteArray("no-store"));
    QCOMPARE(open.header("Access-Control-Allow-Origin"), QByteArray("*"));
    QCOMPARE(connected.size(), 1);
    QCOMPARE(server->connectionCount(), 1);
    QCOMPARE(server->connectionCount(PhoenixDevServer::Transport::LongPoll), 1);
    QCOMPARE(server->connectionCount(PhoenixDevServer::Transport::WebSocket), 0);

    const PhoenixDevServer::ConnectionInfo info = server->connections().value(0);
    QCOMPARE(info.transport, PhoenixDevServer::Transport::LongPoll);
    QCOMPARE(info.path, u"/socket/longpoll"_s);
    QCOMPARE(info.user, u"ulla"_s);
    QCOMPARE(info.query.queryItemValue(u"room"_s, QUrl::FullyDecoded), u"a b"_s);
    QCOMPARE(info.authToken, u"t0ken/+="_s); // from the header, as sent
    QCOMPARE(info.header("x-phoenix-authtoken"), QByteArray("t0ken/+="));
    QVERIFY(!info.query.hasQueryItem(u"token"_s));
    QCOMPARE(server->lastConnectInfo().transport, PhoenixDevServer::Transport::LongPoll);
    QCOMPARE(server->lastAuthToken(), u"t0ken/+="_s);
}

void tst_DevServer::refusedConnect_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("authToken");
    QTest::newRow("no vsn") << u"user=x"_s << QByteArray();
    QTest::newRow("vsn 1.0.0") << u"vsn=1.0.0"_s << QByteArray();
    QTest::newRow("token=bad") << u"vsn=2.0.0&token=bad"_s << QByteArray();
    QTest::newRow("X-Phoenix-AuthToken bad") << u"vsn=2.0.0"_s << QByteArray("bad");
}

void tst_DevServer::refusedConnect()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, authToken);
    QSignalSpy refused(server.get(), &PhoenixDevServer::connectionRefused);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authToken.isEmpty())
        headers.append({"X-Phoenix-AuthToken", authToken});
    const Http r = get(query, headers);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json, QJsonObject({{u"status"_s, 403}}));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.at(0).at(0).toInt(), 403);
    QCOMPARE(server->refusedCount(), 1);
    QCOMPARE(server->connectionCount(), 0);
    QCOMPARE(server->lastConnectInfo().transport, PhoenixDevServer::Transport::LongPoll);
}

void tst_DevServer::emptyPollAnswers204AfterWindow()
{
    server->setLongPollWindow(300);
    const QString token = openSession();
    QVERIFY(!token.isEmpty());
    QElapsedTimer timer;
    timer.start();
    const Http poll = get(tokenQuery(token));
    QVERIFY(timer.elapsed() >= 250); // it waited for the window (Qt timers may fire up to 5% early)
    QCOMPARE(poll.status, 200);
    QCOMPARE(poll.json,
             QJsonObject({{u"status"_s, 204}, {u"token"_s, token}, {u"messages"_s, QJsonArray()}}));
    QCOMPARE(server->connectionCount(), 1); // a poll keeps the session
}

void tst_DevServer::sessionTokenInHeader()
{
    server->setLongPollWindow(100);
    const QString token = openSession();
    const Http poll = get(u"vsn=2.0.0"_s, {{"x-phoenix-longpoll-token", token.toLatin1()}});
    QCOMPARE(poll.json.value(u"status"_s).toInt(), 204);
    QCOMPARE(poll.json.value(u"token"_s).toString(), token);
    // the header wins over the query
    const Http both = get(u"vsn=2.0.0&token=nope"_s, {{"x-phoenix-longpoll-token", token.toLatin1()}});
    QCOMPARE(both.json.value(u"status"_s).toInt(), 204);
}

void tst_DevServer::unknownTokenPostIs410()
{
    QSignalSpy frames(server.get(), &PhoenixDevServer::textFrameReceived);
    const Http r = post(tokenQuery(u"nope"_s), R"([null,"1","phoenix","heartbeat",{}])");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json, QJsonObject({{u"status"_s, 410}}));
    QCOMPARE(frames.size(), 0);
    QCOMPARE(server->connectionCount(), 0);
}

void tst_DevServer::unknownTokenGetOpensNewSession()
{
    // As Phoenix: a GET whose token is unknown (server restarted, session expired) opens a new
    // session; phoenix.js, which already holds a token, reads that 410 as "session gone".
    const QString token = openSession();
    const quint16 port = server->port();
    server->close(); // a restart: the server forgets every session
    QVERIFY(server->listen(QHostAddress::LocalHost, port));
    QCOMPARE(server->connectionCount(), 0);
    const Http r = get(tokenQuery(token));
    QCOMPARE(r.json.value(u"status"_s).toInt(), 410);
    const QString fresh = r.json.value(u"token"_s).toString();
    QVERIFY(!fresh.isEmpty());
    QVERIFY(fresh != token);
    QCOMPARE(server->connectionCount(), 1);
}

void tst_DevServer::postNdjsonBatchIsAnsweredByNextPollInOrder()
{
    const QString token = openSession();
    QSignalSpy texts(server.get(), &PhoenixDevServer::textFrameReceived);
    QSignalSpy binaries(server.get(), &PhoenixDevServer::binaryFrameReceived);
    const QByteArray bytes("\x00\x01\xfe\xff", 4);
    const QByteArrayList lines = {
        R"(["1","1","room:batch","phx_join",{}])",
        R"(["1","2","room:batch","echo",{"n":1}])",
        binaryPush("1", "3", "room:batch", "binary_info", bytes).toBase64(),
        R"(["1","4","room:batch","echo",{"n":2}])",
    };
    const Http r = post(tokenQuery(token), lines.join("\r\n")); // "\r\n" separates lines too
    QCOMPARE(r.json, QJsonObject({{u"status"_s, 200}}));
    QCOMPARE(texts.size(), 3);
    QCOMPARE(binaries.size(), 1);
    QCOMPARE(binaries.at(0).at(0).toByteArray(), binaryPush("1", "3", "room:batch", "binary_info", bytes));

    const Http poll = get(tokenQuery(token));
    QCOMPARE(poll.json.value(u"status"_s).toInt(), 200);
    QCOMPARE(poll.json.value(u"token"_s).toString(), token);
    QStringList events;
    QStringList replyRefs;
    const QStringList messages = poll.messages();
    for (const QString &m : messages) {
        const QJsonArray f = frame(m);
        events.append(f.at(3).toString());
        if (f.at(3).toString() == u"phx_reply"_s)
            replyRefs.append(f.at(1).toString());
    }
    QCOMPARE(events, QStringList({u"phx_reply"_s, u"presence_state"_s, u"presence_diff"_s, u"phx_reply"_s,
                                  u"phx_reply"_s, u"phx_reply"_s}));
    QCOMPARE(replyRefs, QStringList({u"1"_s, u"2"_s, u"3"_s, u"4"_s}));
    const QJsonObject info = frame(messages.at(4)).at(4).toObject().value(u"response"_s).toObject();
    QCOMPARE(info.value(u"base64"_s).toString(), QString::fromLatin1(bytes.toBase64()));
}

void tst_DevServer::postWithoutNdjsonIsOneMessage()
{
    const QString token = openSession();
    QSignalSpy texts(server.get(), &PhoenixDevServer::textFrameReceived);
    const Http r = post(tokenQuery(token), R"([null,"7","phoenix","heartbeat",{}])", "application/json");
    QCOMPARE(r.json, QJsonObject({{u"status"_s, 200}}));
    QCOMPARE(texts.size(), 1);
    // with a charset the content type is not x-ndjson for Phoenix either: two lines are one message
    const Http two =
        post(tokenQuery(token),
             "[null,\"8\",\"phoenix\",\"heartbeat\",{}]\n[null,\"9\",\"phoenix\",\"heartbeat\",{}]",
             "application/x-ndjson; charset=utf-8");
    QCOMPARE(two.json, QJsonObject({{u"status"_s, 200}}));
    QCOMPARE(texts.size(), 2);
    const Http poll = get(tokenQuery(token));
    QCOMPARE(poll.messages().size(), 1); // the second body was not a valid message
}

void tst_DevServer::postLineNeitherJsonNorBase64Is500()
{
    const QString token = openSession();
    const Http r = post(tokenQuery(token), "[null,\"1\",\"phoenix\",\"heartbeat\",{}]\nno base64!\n"
                                           "[null,\"2\",\"phoenix\",\"heartbeat\",{}]");
    QCOMPARE(r.status, 500);
    QCOMPARE(server->connectionCount(), 1); // the session lives on
    const Http poll = get(tokenQuery(token));
    const QStringList messages = poll.messages();
    QCOMPARE(messages.size(), 1); // the line before the bad one was handled, the one after it was not
    QCOMPARE(frame(messages.at(0)).at(1).toString(), u"1"_s);
}

void tst_DevServer::postHandlesAtMost100Lines()
{
    const QString token = openSession();
    QByteArrayList lines;
    for (int i = 1; i <= 150; ++i)
        lines.append("[null,\"" + QByteArray::number(i) + "\",\"phoenix\",\"heartbeat\",{}]");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"only the first 100"_s));
    QCOMPARE(post(tokenQuery(token), lines.join('\n')).json, QJsonObject({{u"status"_s, 200}}));
    const QStringList messages = get(tokenQuery(token)).messages();
    QCOMPARE(messages.size(), 100);
    QCOMPARE(frame(messages.last()).at(1).toString(), u"100"_s);
}

void tst_DevServer::postChunkedBody()
{
    const QString token = openSession();
    const QByteArray body = R"(["1","1","room:chunk","phx_join",{}])";
    const QByteArray request = "POST /socket/longpoll?" + tokenQuery(token).toLatin1() +
                               " HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
                               "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
                               QByteArray::number(10, 16) + "\r\n" + body.left(10) + "\r\n" +
                               QByteArray::number(body.size() - 10, 16) + "\r\n" + body.mid(10) +
                               "\r\n0\r\n\r\n";
    const QByteArray answer = rawExchange(request, "}");
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
    QVERIFY(answer.endsWith("{\"status\":200}"));
    QCOMPARE(server->joinedCount(u"room:chunk"_s), 1);
}

void tst_DevServer::outstandingPollGetsMessagesOfOneTurnTogether()
{
    const QString token = openSession();
    QCOMPARE(
        post(tokenQuery(token), R"(["1","1","room:wait","phx_join",{}])").json.value(u"status"_s).toInt(),
        200);
    QCOMPARE(get(tokenQuery(token)).messages().size(), 3); // join reply, presence_state, presence_diff
    QSignalSpy requests(server.get(), &PhoenixDevServer::longPollRequestReceived);
    QNetworkReply *poll = start("GET", tokenQuery(token));
    QVERIFY(requests.wait(kWait));
    QVERIFY(!poll->isFinished());
    server->push(u"room:wait"_s, u"one"_s, {{u"n"_s, 1}});
    server->push(u"room:wait"_s, u"two"_s, {{u"n"_s, 2}});
    const Http r = finish(poll);
    QCOMPARE(r.json.value(u"status"_s).toInt(), 200);
    const QStringList messages = r.messages();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(frame(messages.at(0)),
             QJsonArray({u"1"_s, QJsonValue(), u"room:wait"_s, u"one"_s, QJsonObject{{u"n"_s, 1}}}));
    QCOMPARE(frame(messages.at(1)).at(3).toString(), u"two"_s);
}

void tst_DevServer::sessionWithoutPollExpires()
{
    server->setLongPollWindow(200);
    QSignalSpy gone(server.get(), &PhoenixDevServer::clientDisconnected);
    QSignalSpy left(server.get(), &PhoenixDevServer::channelLeft);
    const QString token = openSession();
    QCOMPARE(
        post(tokenQuery(token), R"(["1","1","room:expire","phx_join",{}])").json.value(u"status"_s).toInt(),
        200);
    QCOMPARE(server->joinedCount(u"room:expire"_s), 1);
    QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, kWait);
    QCOMPARE(left.size(), 1);
    QCOMPARE(server->connectionCount(), 0);
    QCOMPARE(server->joinedCount(u"room:expire"_s), 0);
    QCOMPARE(post(tokenQuery(token), R"([null,"2","phoenix","heartbeat",{}])").json,
             QJsonObject({{u"status"_s, 410}}));
    const Http r = get(tokenQuery(token));
    QCOMPARE(r.json.value(u"status"_s).toInt(), 410);
    QVERIFY(r.json.value(u"token"_s).toString() != token);
}

void tst_DevServer::closeAllConnectionsEndsSession()
{
    server->setLongPollWindow(300);
    const QString token = openSession();
    QSignalSpy requests(server.get(), &PhoenixDevServer::longPollRequestReceived);
    QNetworkReply *poll = start("GET", tokenQuery(token));
    QVERIFY(requests.wait(kWait));
    QSignalSpy gone(server.get(), &PhoenixDevServer::clientDisconnected);
    server->closeAllConnections(1001, u"disconnected"_s);
    QCOMPARE(gone.size(), 1);
    // The outstanding poll does not know: 204 at the end of its window, as in Phoenix...
    const Http r = finish(poll);
    QCOMPARE(r.json.value(u"status"_s).toInt(), 204);
    QCOMPARE(r.json.value(u"token"_s).toString(), token);
    // ...and the next request finds the session gone.
    QCOMPARE(post(tokenQuery(token), R"([null,"1","phoenix","heartbeat",{}])").json,
             QJsonObject({{u"status"_s, 410}}));
}

void tst_DevServer::dropAllConnectionsFailsOutstandingPoll()
{
    const QString token = openSession();
    QSignalSpy requests(server.get(), &PhoenixDevServer::longPollRequestReceived);
    QNetworkReply *poll = start("GET", tokenQuery(token));
    QVERIFY(requests.wait(kWait));
    QSignalSpy gone(server.get(), &PhoenixDevServer::clientDisconnected);
    server->dropAllConnections();
    QCOMPARE(gone.size(), 1);
    QCOMPARE(server->connectionCount(), 0);
    // QNetworkAccessManager retries a GET once when its connection closes before an answer: the
    // retry finds the session gone (a new session, 410); without the retry the poll fails.
    const Http r = finish(poll);
    QVERIFY2(r.error != QNetworkReply::NoError ||
                 (r.json.value(u"status"_s).toInt() == 410 && r.json.value(u"token"_s).toString() != token),
             r.body.constData());
    QCOMPARE(post(tokenQuery(token), R"([null,"1","phoenix","heartbeat",{}])").json,
             QJsonObject({{u"status"_s, 410}}));
}

void tst_DevServer::binaryFrameFailsThePoll()
{
    const QString token = openSession();
    QCOMPARE(post(tokenQuery(token), R"(["1","1","room:bin","phx_join",{}])").json.value(u"status"_s).toInt(),
             200);
    QCOMPARE(get(tokenQuery(token)).messages().size(), 3);
    server->pushBinary(u"room:bin"_s, u"blob"_s, QByteArray("\xff\x00", 2));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"binary frame cannot travel over LongPoll"_s));
    const Http r = get(tokenQuery(token));
    QCOMPARE(r.status, 500);
    QCOMPARE(server->connectionCount(), 1); // the session stays; the frames of that poll are lost
}

void tst_DevServer::preflightAndOtherMethods()
{
    const Http pre =
        send("OPTIONS", u"vsn=2.0.0"_s, {}, {{"Access-Control-Request-Headers", "x-phoenix-authtoken"}});
    QCOMPARE(pre.status, 200);
    QCOMPARE(pre.header("access-control-allow-origin"), QByteArray("*"));
    QCOMPARE(pre.header("access-control-allow-headers"), QByteArray("x-phoenix-authtoken"));
    QCOMPARE(pre.header("access-control-allow-methods"), QByteArray("get, post, options"));
    QCOMPARE(pre.header("access-control-max-age"), QByteArray("3600"));
    QCOMPARE(send("PUT", u"vsn=2.0.0"_s, "x", {}).status, 400);
    QCOMPARE(server->connectionCount(), 0);
}

void tst_DevServer::longPollCanBeDisabled()
{
    server->setLongPollEnabled(false);
    QCOMPARE(get(u"vsn=2.0.0"_s).status, 404);
    server->setLongPollEnabled(true);
    QCOMPARE(get(u"vsn=2.0.0"_s).json.value(u"status"_s).toInt(), 410);
}

void tst_DevServer::requestSignalCarriesTheRequest()
{
    const QString token = openSession();
    QSignalSpy requests(server.get(), &PhoenixDevServer::longPollRequestReceived);
    post(tokenQuery(token), R"([null,"1","phoenix","heartbeat",{}])");
    QCOMPARE(requests.size(), 1);
    const auto request = requests.at(0).at(0).value<PhoenixDevServer::HttpRequest>();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, u"/socket/longpoll"_s);
    QCOMPARE(request.query.queryItemValue(u"token"_s), token);
    QCOMPARE(request.header("content-type"), QByteArray("application/x-ndjson"));
    QCOMPARE(request.body, QByteArray(R"([null,"1","phoenix","heartbeat",{}])"));
}

void tst_DevServer::frozenServerHoldsRequests()
{
    server->setFrozen(true);
    QNetworkReply *open = start("GET", u"vsn=2.0.0"_s);
    QSignalSpy finished(open, &QNetworkReply::finished);
    QVERIFY(!finished.wait(300)); // no answer while frozen
    QCOMPARE(server->connectionCount(), 0);
    server->setFrozen(false);
    const Http r = finish(open);
    QCOMPARE(r.json.value(u"status"_s).toInt(), 410);
}

// ---- protocol core -----------------------------------------------------------------------------

void tst_DevServer::floodIsNumberedFromOne()
{
    const QString token = openSession();
    post(tokenQuery(token), "[\"1\",\"1\",\"room:flood\",\"phx_join\",{}]\n"
                            "[\"1\",\"2\",\"room:flood\",\"flood\",{\"count\":3,\"size\":2}]");
    QList<int> numbers;
    const QStringList messages = get(tokenQuery(token)).messages();
    for (const QString &m : messages) {
        const QJsonArray f = frame(m);
        if (f.at(3).toString() == u"flood_msg"_s) {
            QCOMPARE(f.at(4).toObject().value(u"data"_s).toString(), u"xx"_s);
            numbers.append(f.at(4).toObject().value(u"i"_s).toInt());
        }
    }
    QCOMPARE(numbers, QList<int>({1, 2, 3}));
}

void tst_DevServer::staleJoinRefIsIgnored()
{
    auto ws = connectWebSocket();
    QVERIFY(ws);
    QSignalSpy texts(ws.get(), &QWebSocket::textMessageReceived);
    ws->sendTextMessage(uR"(["1","1","room:stale","phx_join",{}])"_s);
    QTRY_COMPARE(texts.size(), 3);
    ws->sendTextMessage(uR"(["0","2","room:stale","echo",{}])"_s);      // an earlier join: ignored
    ws->sendTextMessage(uR"(["0","3","room:stale","phx_leave",{}])"_s); // a leave that raced a close
    ws->sendTextMessage(uR"(["1","4","room:stale","echo",{"ok":true}])"_s);
    QTRY_COMPARE(texts.size(), 4);
    QCOMPARE(frame(texts.at(3).at(0).toString()).at(1).toString(), u"4"_s);
    QCOMPARE(server->joinedCount(u"room:stale"_s), 1);
}

void tst_DevServer::slowJoinHoldsLaterFramesOverWebSocket()
{
    auto ws = connectWebSocket();
    QVERIFY(ws);
    QSignalSpy texts(ws.get(), &QWebSocket::textMessageReceived);
    QSignalSpy received(server.get(), &PhoenixDevServer::textFrameReceived);
    QSignalSpy joined(server.get(), &PhoenixDevServer::channelJoined);
    ws->sendTextMessage(uR"(["1","1","room:d","phx_join",{"delay_ms":300}])"_s);
    ws->sendTextMessage(uR"(["1","2","room:d","phx_leave",{}])"_s);
    ws->sendTextMessage(uR"([null,"3","phoenix","heartbeat",{}])"_s);
    QTRY_COMPARE(received.size(), 3);
    QCOMPARE(texts.size(), 0); // nothing is answered while join/3 runs, not even the heartbeat
    QCOMPARE(joined.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 6, kWait);
    QStringList events;
    for (const auto &t : std::as_const(texts))
        events.append(frame(t.at(0).toString()).at(3).toString() + u':' +
                      frame(t.at(0).toString()).at(1).toString());
    QCOMPARE(events, QStringList({u"phx_reply:1"_s, u"presence_state:"_s, u"presence_diff:"_s,
                                  u"phx_reply:2"_s, u"phx_close:1"_s, u"phx_reply:3"_s}));
    QCOMPARE(joined.size(), 1);
    QCOMPARE(server->joinedCount(u"room:d"_s), 0);
}

void tst_DevServer::slowJoinHoldsServerFramesToo()
{
    // Phoenix's socket process sends nothing while join/3 runs: a broadcast to another channel of
    // the same connection waits behind the join reply.
    server->setPresenceEnabled(false);
    auto ws = connectWebSocket();
    QVERIFY(ws);
    QSignalSpy texts(ws.get(), &QWebSocket::textMessageReceived);
    QSignalSpy received(server.get(), &PhoenixDevServer::textFrameReceived);
    ws->sendTextMessage(uR"(["1","1","room:x","phx_join",{}])"_s);
    QTRY_COMPARE(texts.size(), 1);
    ws->sendTextMessage(uR"(["2","2","room:y","phx_join",{"delay_ms":300}])"_s);
    QTRY_COMPARE(received.size(), 2);
    server->broadcast(u"room:x"_s, u"news"_s, {{u"n"_s, 1}});
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 3, kWait);
    QCOMPARE(frame(texts.at(1).at(0).toString()).at(1).toString(), u"2"_s); // the join reply first
    QCOMPARE(frame(texts.at(2).at(0).toString()).at(3).toString(), u"news"_s);
}

void tst_DevServer::slowTopicOnlyFirstJoinIsSlow()
{
    server->setSlowJoinDelay(400);
    QCOMPARE(server->slowJoinDelay(), 400);
    auto a = connectWebSocket();
    auto b = connectWebSocket();
    QVERIFY(a && b);
    QSignalSpy received(server.get(), &PhoenixDevServer::textFrameReceived);
    a->sendTextMessage(uR"(["1","1","room:slow-x","phx_join",{}])"_s);
    QVERIFY(received.wait(kWait));
    QCOMPARE(server->joinedCount(u"room:slow-x"_s), 0); // still in join/3
    QTRY_COMPARE_WITH_TIMEOUT(server->joinedCount(u"room:slow-x"_s), 1, kWait);
    b->sendTextMessage(uR"(["1","1","room:slow-x","phx_join",{}])"_s);
    QVERIFY(received.wait(kWait));
    QCOMPARE(server->joinedCount(u"room:slow-x"_s), 2); // the room is loaded: immediate
}

void tst_DevServer::slowJoinDelaysPostAndLeaveComesAfterIt()
{
    const QString token = openSession();
    QSignalSpy joined(server.get(), &PhoenixDevServer::channelJoined);
    QElapsedTimer timer;
    timer.start();
    const Http r = post(tokenQuery(token), "[\"1\",\"1\",\"room:d\",\"phx_join\",{\"delay_ms\":300}]\n"
                                           "[\"1\",\"2\",\"room:d\",\"phx_leave\",{}]");
    // Phoenix answers a POST once the session handled its messages: after the slow join.
    QCOMPARE(r.json, QJsonObject({{u"status"_s, 200}}));
    QVERIFY(timer.elapsed() >= 250);
    QCOMPARE(joined.size(), 1);
    QStringList events;
    const QStringList messages = get(tokenQuery(token)).messages();
    for (const QString &m : messages)
        events.append(frame(m).at(3).toString() + u':' + frame(m).at(1).toString());
    QCOMPARE(events, QStringList({u"phx_reply:1"_s, u"presence_state:"_s, u"presence_diff:"_s,
                                  u"phx_reply:2"_s, u"phx_close:1"_s}));
}

void tst_DevServer::postAnswers408WhenJoinOutlastsWindow()
{
    server->setLongPollWindow(200);
    const QString token = openSession();
    QSignalSpy joined(server.get(), &PhoenixDevServer::channelJoined);
    const Http r = post(tokenQuery(token), "[\"1\",\"1\",\"room:d\",\"phx_join\",{\"delay_ms\":600}]\n"
                                           "[\"1\",\"2\",\"room:d\",\"echo\",{}]");
    QCOMPARE(r.json, QJsonObject({{u"status"_s, 408}}));
    QCOMPARE(joined.size(), 0);
    // The join itself still completes (the session does not expire while join/3 runs); the rest
    // of that POST was dropped, as Phoenix drops it: polls get the join's messages only.
    QStringList messages;
    for (int polls = 0; polls < 20 && messages.size() < 3; ++polls)
        messages += get(tokenQuery(token)).messages();
    QCOMPARE(joined.size(), 1);
    QVERIFY2(messages.size() == 3, qPrintable(messages.join(u'\n')));
    QCOMPARE(frame(messages.at(0)).at(1).toString(), u"1"_s);
    QCOMPARE(frame(messages.at(0)).at(3).toString(), u"phx_reply"_s);
}

// ---- the durable event ------------------------------------------------------------------------

void tst_DevServer::durableResendGetsTheFirstReplyAndMakesNoEffect()
{
    auto first = connectWebSocket();
    QVERIFY(first);
    QVERIFY(joinRaw(first.get(), u"room:durable"_s));
    const QJsonObject a{{u"idempotency_key"_s, u"key-a"_s}, {u"n"_s, 1}};
    const QJsonArray replyA = pushRaw(first.get(), u"room:durable"_s, u"2"_s, u"durable"_s, a);
    QCOMPARE(replyA.at(4).toObject(),
             (QJsonObject{{u"status"_s, u"ok"_s},
                          {u"response"_s, QJsonObject{{u"effect"_s, 1}, {u"key"_s, u"key-a"_s}}}}));
    const QJsonArray replyB = pushRaw(first.get(), u"room:durable"_s, u"3"_s, u"durable"_s,
                                      {{u"idempotency_key"_s, u"key-b"_s}, {u"n"_s, 2}});
    QCOMPARE(replyB.at(4)[u"response"_s][u"effect"_s].toInt(), 2);

    // The resend comes on another connection (the client reconnected), on another topic even.
    auto second = connectWebSocket();
    QVERIFY(second);
    QVERIFY(joinRaw(second.get(), u"room:other"_s));
    const QJsonArray resend = pushRaw(second.get(), u"room:other"_s, u"2"_s, u"durable"_s, a);
    QCOMPARE(resend.at(4), replyA.at(4));

    const QList<PhoenixDevServer::DurableEffect> effects = server->durableEffects();
    QCOMPARE(effects.size(), 2);
    QCOMPARE(effects.at(0).index, 1);
    QCOMPARE(effects.at(0).key, u"key-a"_s);
    QCOMPARE(effects.at(0).topic, u"room:durable"_s);
    QCOMPARE(effects.at(0).payload, a);
    QCOMPARE(effects.at(1).key, u"key-b"_s);
    QCOMPARE(server->durableResends(), 1);
    QCOMPARE(server->durablePushes(), 3);
}

void tst_DevServer::durableRejectionIsTheFirstReplyToo()
{
    auto ws = connectWebSocket();
    QVERIFY(ws);
    QVERIFY(joinRaw(ws.get(), u"room:durable"_s));
    const QJsonObject refused{{u"idempotency_key"_s, u"key-r"_s}, {u"reject"_s, u"over quota"_s}};
    const QJsonArray reply = pushRaw(ws.get(), u"room:durable"_s, u"2"_s, u"durable"_s, refused);
    QCOMPARE(reply.at(4).toObject(),
             (QJsonObject{{u"status"_s, u"error"_s},
                          {u"response"_s, QJsonObject{{u"reason"_s, u"over quota"_s}}}}));
    // Sent again without "reject", the key still gets its first answer: the refusal.
    const QJsonArray again =
        pushRaw(ws.get(), u"room:durable"_s, u"3"_s, u"durable"_s, {{u"idempotency_key"_s, u"key-r"_s}});
    QCOMPARE(again.at(4), reply.at(4));
    QVERIFY(server->durableEffects().isEmpty());
    QCOMPARE(server->durableResends(), 1);
}

void tst_DevServer::durableDropReplyMakesTheEffectWithoutAnswer()
{
    auto ws = connectWebSocket();
    QVERIFY(ws);
    QVERIFY(joinRaw(ws.get(), u"room:durable"_s));
    const QJsonObject lost{{u"idempotency_key"_s, u"key-l"_s}, {u"drop_reply"_s, true}};
    QVERIFY(pushRaw(ws.get(), u"room:durable"_s, u"2"_s, u"durable"_s, lost, 300).isEmpty());
    QCOMPARE(server->durableEffects().size(), 1);
    const QJsonArray resend = pushRaw(ws.get(), u"room:durable"_s, u"3"_s, u"durable"_s, lost);
    QCOMPARE(resend.at(4)[u"response"_s][u"effect"_s].toInt(), 1);
    QCOMPARE(server->durableEffects().size(), 1);
}

void tst_DevServer::durableHoldReplyAnswersLater()
{
    auto ws = connectWebSocket();
    QVERIFY(ws);
    QVERIFY(joinRaw(ws.get(), u"room:durable"_s));
    QElapsedTimer clock;
    clock.start();
    const QJsonArray reply = pushRaw(ws.get(), u"room:durable"_s, u"2"_s, u"durable"_s,
                                     {{u"idempotency_key"_s, u"key-h"_s}, {u"hold_reply_ms"_s, 200}});
    QCOMPARE(reply.at(4)[u"status"_s].toString(), u"ok"_s);
    QVERIFY2(clock.elapsed() >= 190, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(server->durableEffects().size(), 1);
}

void tst_DevServer::durableWithoutKeyIsRefusedAndNotRemembered()
{
    auto ws = connectWebSocket();
    QVERIFY(ws);
    QVERIFY(joinRaw(ws.get(), u"room:durable"_s));
    const QJsonArray reply = pushRaw(ws.get(), u"room:durable"_s, u"2"_s, u"durable"_s, {{u"n"_s, 1}});
    QCOMPARE(reply.at(4)[u"response"_s][u"reason"_s].toString(), u"missing idempotency_key"_s);
    QVERIFY(server->durableEffects().isEmpty());
    QCOMPARE(server->durablePushes(), 1);
    server->clearDurable();
    QCOMPARE(server->durablePushes(), 0);
}

void tst_DevServer::durableLogListsTheEffectsInOrder()
{
    auto ws = connectWebSocket();
    QVERIFY(ws);
    QVERIFY(joinRaw(ws.get(), u"room:durable"_s));
    for (int n = 1; n <= 3; ++n)
        QVERIFY(!pushRaw(ws.get(), u"room:durable"_s, QString::number(n + 1), u"durable"_s,
                         {{u"idempotency_key"_s, QString(u"k"_s + QString::number(n))}, {u"n"_s, n}})
                     .isEmpty());
    const QJsonObject log = pushRaw(ws.get(), u"room:durable"_s, u"9"_s, u"durable_log"_s, QJsonObject())
                                .at(4)[u"response"_s]
                                .toObject();
    const QJsonArray effects = log.value(u"effects"_s).toArray();
    QCOMPARE(effects.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(effects.at(i)[u"effect"_s].toInt(), i + 1);
        QCOMPARE(effects.at(i)[u"payload"_s][u"n"_s].toInt(), i + 1);
        QCOMPARE(effects.at(i)[u"topic"_s].toString(), u"room:durable"_s);
    }
    QCOMPARE(log.value(u"resends"_s).toInt(), 0);
    QCOMPARE(log.value(u"pushes"_s).toInt(), 3);
}

// The chat's `shout` dedupes on the outbox's key: a resend after a lost reply (or a restart) gets the
// first reply and is not shown to the room a second time.
void tst_DevServer::shoutWithAKeySeenBeforeIsNotBroadcastAgain()
{
    auto listener = connectWebSocket();
    QVERIFY(listener);
    QVERIFY(joinRaw(listener.get(), u"room:chat"_s));
    QStringList shouts;
    connect(listener.get(), &QWebSocket::textMessageReceived, listener.get(), [&shouts](const QString &text) {
        const QJsonArray f = frame(text);
        if (f.at(3).toString() == u"shout"_s)
            shouts.append(f.at(4)[u"body"_s].toString());
    });

    auto sender = connectWebSocket();
    QVERIFY(sender);
    QVERIFY(joinRaw(sender.get(), u"room:chat"_s));
    const QJsonObject message{
        {u"user"_s, u"ada"_s}, {u"body"_s, u"once"_s}, {u"idempotency_key"_s, u"k-1"_s}};
    const QJsonArray first = pushRaw(sender.get(), u"room:chat"_s, u"2"_s, u"shout"_s, message);
    QCOMPARE(first.at(4)[u"status"_s].toString(), u"ok"_s);
    QTRY_COMPARE(shouts, QStringList{u"once"_s});

    // The reply was lost: the client reconnects and sends the same message again, same key.
    sender = connectWebSocket();
    QVERIFY(sender);
    QVERIFY(joinRaw(sender.get(), u"room:chat"_s));
    const QJsonArray resend = pushRaw(sender.get(), u"room:chat"_s, u"2"_s, u"shout"_s, message);
    QCOMPARE(resend.at(4), first.at(4));

    // A new key is broadcast; by the time it arrives, a second "once" would have arrived before it.
    const QJsonArray next = pushRaw(sender.get(), u"room:chat"_s, u"3"_s, u"shout"_s,
                                    {{u"body"_s, u"next"_s}, {u"idempotency_key"_s, u"k-2"_s}});
    QCOMPARE(next.at(4)[u"status"_s].toString(), u"ok"_s);
    QTRY_COMPARE(shouts.size(), 2);
    QCOMPARE(shouts, (QStringList{u"once"_s, u"next"_s}));

    // Without a key nothing is deduplicated: each shout is a new message.
    const QJsonObject plain{{u"body"_s, u"plain"_s}};
    QVERIFY(!pushRaw(sender.get(), u"room:chat"_s, u"4"_s, u"shout"_s, plain).isEmpty());
    QVERIFY(!pushRaw(sender.get(), u"room:chat"_s, u"5"_s, u"shout"_s, plain).isEmpty());
    QTRY_COMPARE(shouts, (QStringList{u"once"_s, u"next"_s, u"plain"_s, u"plain"_s}));
}

// ---- WebSocket modes ---------------------------------------------------------------------------

void tst_DevServer::refuseModeRefusesUpgradesServesLongPoll_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("default 400") << 0;
    QTest::newRow("403") << 403;
}

void tst_DevServer::refuseModeRefusesUpgradesServesLongPoll()
{
    QFETCH(int, status);
    server->setWebSocketMode(PhoenixDevServer::WebSocketMode::Refuse);
    QCOMPARE(server->webSocketMode(), PhoenixDevServer::WebSocketMode::Refuse);
    QCOMPARE(server->webSocketRefusalStatus(), 400);
    if (status)
        server->setWebSocketRefusalStatus(status);
    const int expected = status ? status : 400;
    QSignalSpy refused(server.get(), &PhoenixDevServer::connectionRefused);
    QWebSocket ws;
    QSignalSpy errors(&ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    QUrl url = server->url();
    url.setQuery(u"vsn=2.0.0"_s);
    ws.open(url);
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, kWait);
    QCOMPARE(refused.at(0).at(0).toInt(), expected);
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), kWait);
    QCOMPARE(server->connectionCount(), 0);

    const QByteArray raw =
        rawExchange("GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    "Sec-WebSocket-Version: 13\r\n\r\n",
                    "\n\n");
    QVERIFY2(raw.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(expected) + ' ')), raw.constData());
    QCOMPARE(get(u"vsn=2.0.0"_s).json.value(u"status"_s).toInt(), 410); // LongPoll is served
}

void tst_DevServer::blackHoleModeNeverAnswers()
{
    server->setWebSocketMode(PhoenixDevServer::WebSocketMode::BlackHole);
    QSignalSpy held(server.get(), &PhoenixDevServer::webSocketBlackHoled);
    QTcpSocket socket;
    socket.connectToHost(server->address(), server->port());
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::ConnectedState, kWait);
    socket.write("GET /socket/websocket?vsn=2.0.0 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n");
    QVERIFY(held.wait(kWait));
    QTest::qWait(300); // the server has decided never to answer; give a wrong answer time to show
    QCOMPARE(socket.bytesAvailable(), 0);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(server->connectionCount(), 0);
    QCOMPARE(get(u"vsn=2.0.0"_s).json.value(u"status"_s).toInt(), 410); // LongPoll is served
    server->dropAllConnections();
    QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, kWait);
}

// ---- TLS ---------------------------------------------------------------------------------------

void tst_DevServer::tlsServesWssAndHttps()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
    const QSslConfiguration tls = serverTls(u"server"_s);
    QVERIFY(!tls.isNull());
    server->setSslConfiguration(tls);
    QCOMPARE(server->url().scheme(), u"wss"_s);
    QCOMPARE(server->longPollUrl().scheme(), u"https"_s);

    QWebSocket ws;
    ws.setSslConfiguration(clientTrusting(u"ca"_s));
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QSignalSpy texts(&ws, &QWebSocket::textMessageReceived);
    QUrl url = server->url();
    url.setQuery(u"vsn=2.0.0"_s);
    ws.open(url);
    QVERIFY(connected.wait(kWait));
    ws.sendTextMessage(uR"([null,"1","phoenix","heartbeat",{}])"_s);
    QVERIFY(texts.wait(kWait));
    QCOMPARE(frame(texts.at(0).at(0).toString()).at(3).toString(), u"phx_reply"_s);
    QCOMPARE(server->connectionCount(PhoenixDevServer::Transport::WebSocket), 1);

    clientTls = clientTrusting(u"ca"_s);
    const Http open = get(u"vsn=2.0.0"_s);
    QCOMPARE(open.error, QNetworkReply::NoError);
    QCOMPARE(open.json.value(u"status"_s).toInt(), 410);

    server->setSslConfiguration(QSslConfiguration()); // back to plain TCP
    QCOMPARE(server->url().scheme(), u"ws"_s);
}

void tst_DevServer::tlsRefusedByClientDefaults_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("trusted");
    QTest::addColumn<QList<int>>("expectedErrors"); // any of them
    QTest::newRow("unknown CA") << u"server"_s << QString()
                                << QList<int>({int(QSslError::UnableToGetLocalIssuerCertificate),
                                               int(QSslError::UnableToVerifyFirstCertificate)});
    QTest::newRow("self-signed") << u"selfsigned"_s << QString()
                                 << QList<int>({int(QSslError::SelfSignedCertificate)});
    QTest::newRow("wrong host name") << u"wronghost"_s << u"ca"_s
                                     << QList<int>({int(QSslError::HostNameMismatch)});
}

void tst_DevServer::tlsRefusedByClientDefaults()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
    QFETCH(QString, certificate);
    QFETCH(QString, trusted);
    QFETCH(QList<int>, expectedErrors);
    server->setSslConfiguration(serverTls(certificate));
    QWebSocket ws;
    if (!trusted.isEmpty())
        ws.setSslConfiguration(clientTrusting(trusted));
    QSignalSpy sslErrors(&ws, &QWebSocket::sslErrors);
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QUrl url = server->url();
    url.setQuery(u"vsn=2.0.0"_s);
    ws.open(url);
    QTRY_VERIFY_WITH_TIMEOUT(!sslErrors.isEmpty(), kWait);
    QList<int> kinds;
    const auto errors = sslErrors.at(0).at(0).value<QList<QSslError>>();
    for (const QSslError &e : errors)
        kinds.append(int(e.error()));
    const bool expected = std::any_of(kinds.cbegin(), kinds.cend(),
                                      [&expectedErrors](int kind) { return expectedErrors.contains(kind); });
    QVERIFY2(expected, qPrintable(errors.value(0).errorString()));
    QCOMPARE(connected.size(), 0);
    QCOMPARE(server->connectionCount(), 0);
}

void tst_DevServer::tlsConfigurationErrors()
{
    QString error;
    QVERIFY(PhoenixDevServer::sslConfigurationFromPem(certPath(u"missing.pem"_s), certPath(u"server.key"_s),
                                                      &error)
                .isNull());
    QVERIFY(error.contains(u"missing.pem"_s));
    QVERIFY(PhoenixDevServer::sslConfigurationFromPem(certPath(u"server.pem"_s), certPath(u"server.pem"_s),
                                                      &error)
                .isNull());
    QVERIFY(error.contains(u"server.pem"_s));
    QVERIFY(!PhoenixDevServer::sslConfigurationFromPem(certPath(u"server.pem"_s), certPath(u"server.key"_s),
                                                       &error)
                 .isNull());
    QVERIFY(error.isEmpty());
}

QTEST_MAIN(tst_DevServer)
#include "tst_devserver.moc"
