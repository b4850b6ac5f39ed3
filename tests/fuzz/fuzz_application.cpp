// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// libFuzzer target: a hostile application (issue 17 §3). The input drives both sides at once:
//  - the server, through the fake transport of tests/shared (the "WebSocket" kind) and a fake LongPoll
//    network (a QNetworkAccessManager whose replies the input answers, installed through
//    PhoenixLongPollNetwork::setFactoryForTesting(), so the real PhoenixLongPollTransport runs): accept
//    or refuse connects, answer joins/leaves/pushes/heartbeats (ok, error, other), send events, presence,
//    phx_error/phx_close, raw frames, drop or close connections, answer or fail polls and POSTs;
//  - the application: API calls from the input (connect, disconnect, channels, join, leave, push,
//    setters, waits, checkConnection, ping, deletes), and a slot on EVERY signal of the socket, the
//    channels, the pushes, the presence and the presence model, plus params and token providers, each
//    of which performs an API call chosen by the input at that moment (deletes of socket, channel, push,
//    presence, model; connectToServer, disconnectFromServer, leave, join, push, setters, waits with
//    0–2 ms timeouts, checkConnection, ping).
//
// Input layout: byte 0 splits the rest into the main stream (operations, in order) and the slot
// stream (read by slots and providers, one decision per emission: most bytes mean "do nothing").
//
// Time is virtual: every schedule (reconnect, rejoin) is 0 ms or an hour, timeouts are 0 or an hour,
// so timers either fire at the next turn of the event loop or never within an input; the waits of
// slots spin at most 2 ms each, at most 8 per input, nested at most 2 deep.
//
// Invariants, besides "no ASan/UBSan finding":
//  - every push finishes (finished()) at most once; a join push once per attempt is not counted;
//    when a push is destroyed its future has its outcome; after the input, with the socket deleted,
//    every push is gone and every push's future is finished with one result;
//  - after disconnectFromServer() (from anywhere) and until connectToServer(), no transport is created
//    (no connection attempt, whatever a setter, checkConnection() or a slot does) and the socket's
//    state is Disconnected or Disconnecting after every operation;
//  - isConnected() matches state(); bufferedMessages stays within sendBufferLimit (plus the control
//    frames a join and a leave per channel may add); the timers registered on the socket and its
//    children stay bounded; a LongPoll transport never has more than one poll and one POST in flight.
//
// `fuzz_application --write-seeds <dir>` writes the seed corpus (tests/fuzz/corpus/application).

#include "faketransport.h"
#include "fuzzcheck.h"
#include "phoenixlongpollnetwork_p.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPresence>
#include <PhoenixQt/PhoenixPresenceModel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QAbstractEventDispatcher>
#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFuture>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMetaEnum>
#include <QtCore/QMetaMethod>
#include <QtCore/QPointer>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using PhoenixTest::FakeTransport;

namespace {

constexpr int LongTimeout = 3600 * 1000; // never fires while an input runs
constexpr int MaxOps = 160;
constexpr int MaxChannels = 6;
constexpr int MaxPushes = 64;
constexpr int MaxSlotActions = 48;
constexpr int MaxWaits = 8;
constexpr int MaxWaitDepth = 2;
constexpr int MaxTurns = 4;
const QString Topics[] = {u"room:a"_s, u"room:b"_s, u"room:c"_s};
const QUrl Urls[] = {QUrl(u"ws://phoenix.test/socket"_s), QUrl(u"ws://other.test/socket/websocket"_s)};

std::vector<QByteArray> g_trace;
bool g_tracing = false;

void trace(const QByteArray &line)
{
    g_trace.push_back(line);
    if (g_trace.size() > 400)
        g_trace.erase(g_trace.begin(), g_trace.begin() + 100);
    if (g_tracing)
        std::fprintf(stderr, "    %s\n", line.constData());
}

[[noreturn]] void violated(const QByteArray &what)
{
    std::fprintf(stderr, "INVARIANT VIOLATED: %s\n  last operations:\n", what.constData());
    for (const QByteArray &line : g_trace)
        std::fprintf(stderr, "    %s\n", line.constData());
    std::fflush(stderr);
    std::abort();
}

//! Reads one stream of the input; past its end every read gives 0.
class Stream
{
public:
    Stream() = default;
    Stream(const std::uint8_t *data, std::size_t size)
        : m_data(data)
        , m_size(size)
    {
    }
    bool atEnd() const { return m_pos >= m_size; }
    std::uint8_t byte() { return m_pos < m_size ? m_data[m_pos++] : 0; }
    QByteArray bytes(std::size_t count)
    {
        count = std::min(count, m_size - std::min(m_pos, m_size));
        const QByteArray result(reinterpret_cast<const char *>(m_data + m_pos), qsizetype(count));
        m_pos += count;
        return result;
    }

private:
    const std::uint8_t *m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_pos = 0;
};

// ---- the fake LongPoll network ------------------------------------------------------------------------

//! A reply the server (the input) completes: with an HTTP answer, a network error, or never.
class FakeReply final : public QNetworkReply
{
    Q_OBJECT

public:
    FakeReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request, QObject *parent)
        : QNetworkReply(parent)
    {
        setRequest(request);
        setUrl(request.url());
        setOperation(operation);
        QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }

    bool isGet() const { return operation() == QNetworkAccessManager::GetOperation; }
    QString token() const { return QUrlQuery(url()).queryItemValue(u"token"_s); }

    void abort() override
    {
        if (isFinished())
            return; // as QNetworkReplyHttpImpl: nothing more happens to a finished reply
        finishWithError(OperationCanceledError, u"Operation canceled"_s);
    }
    qint64 bytesAvailable() const override { return m_data.size() - m_read + QIODevice::bytesAvailable(); }
    bool isSequential() const override { return true; }

    //! An HTTP answer; statuses other than 200 also set the error Qt sets for them.
    void respond(int httpStatus, const QByteArray &body)
    {
        if (isFinished())
            return;
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, httpStatus);
        setHeader(QNetworkRequest::ContentLengthHeader, body.size());
        setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        m_data = body;
        m_read = 0;
        const QPointer<FakeReply> self(this);
        Q_EMIT metaDataChanged();
        if (!self)
            return;
        Q_EMIT readyRead();
        if (!self)
            return;
        if (httpStatus != 200) {
            finishWithError(httpStatus == 404 ? ContentNotFoundError : InternalServerError,
                            u"HTTP %1"_s.arg(httpStatus));
            return;
        }
        setFinished(true);
        Q_EMIT finished();
    }
    void respondJson(const QJsonObject &answer)
    {
        respond(200, QJsonDocument(answer).toJson(QJsonDocument::Compact));
    }
    void fail(NetworkError error) { finishWithError(error, u"network error %1"_s.arg(int(error))); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min<qint64>(maxSize, m_data.size() - m_read);
        if (n <= 0)
            return isFinished() ? -1 : 0;
        std::memcpy(data, m_data.constData() + m_read, size_t(n));
        m_read += n;
        return n;
    }

private:
    void finishWithError(NetworkError error, const QString &message)
    {
        if (isFinished())
            return;
        setError(error, message);
        const QPointer<FakeReply> self(this);
        Q_EMIT errorOccurred(error);
        if (!self)
            return;
        setFinished(true);
        Q_EMIT finished();
    }

    QByteArray m_data;
    qint64 m_read = 0;
};

class Server;

//! The QNetworkAccessManager of one LongPoll transport: every request becomes a FakeReply of the server.
class FakeNetwork final : public QNetworkAccessManager
{
    Q_OBJECT

public:
    FakeNetwork(Server *server, QObject *parent)
        : QNetworkAccessManager(parent)
        , m_server(server)
    {
    }
    //! Requests of this manager still waiting for their answer.
    int outstanding() const
    {
        int n = 0;
        for (const FakeReply *reply : findChildren<FakeReply *>(Qt::FindDirectChildrenOnly))
            n += reply->isFinished() ? 0 : 1;
        return n;
    }

protected:
    QNetworkReply *createRequest(Operation operation, const QNetworkRequest &request,
                                 QIODevice *outgoingData) override;

private:
    QPointer<Server> m_server;
};

// ---- the server ------------------------------------------------------------------------------------------

//! One connection as the server sees it: over a FakeTransport, or a LongPoll session of a FakeNetwork.
struct Conn
{
    QPointer<FakeTransport> fake;
    QPointer<FakeNetwork> network;
    QString token; // the LongPoll session, once opened
    QPointer<FakeReply> firstGet;
    QPointer<FakeReply> poll;
    QList<QPointer<FakeReply>> posts;
    QList<QByteArray> outbox;  // LongPoll: messages for the next poll answer
    QList<QJsonArray> pending; // client frames the server did not answer yet
};

class Server : public QObject
{
public:
    // What the server does by itself, from the event loop (toggled by the input).
    bool autoAccept = true;
    bool autoJoins = true;
    bool autoLeaves = true;
    bool autoHeartbeats = true;
    bool autoPushes = true;
    bool autoPolls = true;
    bool autoPosts = true;

    void reset()
    {
        m_conns.clear();
        autoAccept = autoJoins = autoLeaves = autoHeartbeats = autoPushes = autoPolls = autoPosts = true;
        m_tokens = 0;
    }

    Conn *current() { return m_conns.empty() ? nullptr : m_conns.back().get(); }

    void onFakeTransport(FakeTransport *transport)
    {
        Conn *conn = addConn();
        conn->fake = transport;
        connect(transport, &FakeTransport::openRequested, this, [this, transport] {
            if (!autoAccept)
                return;
            const QPointer<FakeTransport> t(transport);
            later([t] {
                if (t && t->state() == PhoenixTransport::State::Opening)
                    t->accept();
            });
        });
        connect(transport, &FakeTransport::frameSent, this,
                [this, conn](const QByteArray &frame, PhoenixTransport::FrameType type) {
                    if (type == PhoenixTransport::FrameType::Text && owns(conn))
                        clientFrame(conn, QJsonDocument::fromJson(frame).array());
                });
    }

    void onRequest(FakeNetwork *network, FakeReply *reply, const QByteArray &body)
    {
        Conn *conn = connOf(network);
        if (!conn) {
            conn = addConn();
            conn->network = network;
        }
        if (reply->isGet()) {
            if (conn->token.isEmpty()) {
                conn->firstGet = reply;
                if (autoAccept)
                    later([this, conn, r = QPointer<FakeReply>(reply)] {
                        if (owns(conn) && r)
                            openSession(conn);
                    });
                return;
            }
            conn->poll = reply;
            if (autoPolls && !conn->outbox.isEmpty())
                schedulePoll(conn);
            return;
        }
        conn->posts.append(reply);
        for (const QByteArray &line : body.split('\n')) {
            if (line.startsWith('['))
                clientFrame(conn, QJsonDocument::fromJson(line).array());
        }
        if (autoPosts)
            later([this, conn, r = QPointer<FakeReply>(reply)] {
                if (owns(conn) && r)
                    r->respondJson({{u"status"_s, 200}});
            });
    }

    // ---- what the input makes the server do ----

    void accept()
    {
        Conn *conn = current();
        if (!conn)
            return;
        if (conn->fake && conn->fake->state() == PhoenixTransport::State::Opening)
            conn->fake->accept();
        else if (conn->firstGet)
            openSession(conn);
    }

    void refuse(std::uint8_t kind)
    {
        Conn *conn = current();
        if (!conn)
            return;
        if (conn->fake) {
            if (conn->fake->state() == PhoenixTransport::State::Opening ||
                conn->fake->state() == PhoenixTransport::State::Open)
                conn->fake->refuse(kind % 2 ? PhoenixTransport::Error::ConnectionRefusedError
                                            : PhoenixTransport::Error::HostNotFoundError);
            return;
        }
        if (FakeReply *get = conn->firstGet) {
            switch (kind % 4) {
            case 0:
                get->fail(QNetworkReply::ConnectionRefusedError);
                break;
            case 1:
                get->respondJson({{u"status"_s, 403}});
                break;
            case 2:
                get->respond(404, "not found");
                break;
            default:
                get->respondJson({{u"status"_s, 200}});
                break; // no session: a protocol error
            }
        }
    }

    //! Replies to the oldest pending frame of a kind: 0 join, 1 leave, 2 other event, 3 heartbeat, 4 any.
    void reply(std::uint8_t which, std::uint8_t statusKind)
    {
        Conn *conn = current();
        if (!conn)
            return;
        for (qsizetype i = 0; i < conn->pending.size(); ++i) {
            const QJsonArray frame = conn->pending.at(i);
            if (!matches(frame, which % 5))
                continue;
            conn->pending.removeAt(i);
            static const QString statuses[] = {u"ok"_s, u"error"_s, u"forbidden"_s};
            answer(conn, frame, statuses[statusKind % 3]);
            return;
        }
    }

    void sendEvent(std::uint8_t topicKind, std::uint8_t kind, std::uint8_t refKind, const QString &joinRef)
    {
        Conn *conn = current();
        if (!conn)
            return;
        const QString topic = topicKind % 4 == 3 ? u"phoenix"_s : Topics[topicKind % 3];
        // The join_ref of a channel on the topic, none, or a stale one.
        QJsonValue ref(QJsonValue::Null);
        if (refKind % 3 == 0 && !joinRef.isEmpty())
            ref = joinRef;
        else if (refKind % 3 == 2)
            ref = u"9999"_s;
        const QJsonObject meta{{u"phx_ref"_s, u"p1"_s}};
        const QJsonObject ada{{u"ada"_s, QJsonObject{{u"metas"_s, QJsonArray{meta}}}}};
        switch (kind % 6) {
        case 0:
            toClient(conn, {ref, QJsonValue::Null, topic, u"news"_s, QJsonObject{{u"n"_s, 1}}});
            break;
        case 1:
            toClient(conn, {ref, QJsonValue::Null, topic, u"presence_state"_s, ada});
            break;
        case 2:
            toClient(conn, {ref, QJsonValue::Null, topic, u"presence_diff"_s,
                            QJsonObject{{u"joins"_s, refKind & 4 ? ada : QJsonObject()},
                                        {u"leaves"_s, refKind & 4 ? QJsonObject() : ada}}});
            break;
        case 3:
            toClient(conn, {ref, ref, topic, u"phx_error"_s, QJsonObject()});
            break;
        case 4:
            toClient(conn, {ref, ref, topic, u"phx_close"_s, QJsonObject()});
            break;
        default:
            toClient(conn, {ref, QString::number(refKind), topic, u"phx_reply"_s,
                            QJsonObject{{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject()}}});
            break;
        }
    }

    void raw(const QByteArray &frame)
    {
        if (Conn *conn = current())
            toClientRaw(conn, frame);
    }

    //! The connection ends: 0–3 as the transports lose it.
    void drop(std::uint8_t kind)
    {
        Conn *conn = current();
        if (!conn)
            return;
        if (FakeTransport *t = conn->fake) {
            switch (kind % 3) {
            case 0:
                t->drop();
                break;
            case 1:
                t->serverClose(1000);
                break;
            default:
                t->serverClose(4000, u"bye"_s);
                break;
            }
            return;
        }
        switch (kind % 4) {
        case 0:
            if (conn->poll)
                conn->poll->fail(QNetworkReply::RemoteHostClosedError);
            break;
        case 1:
            if (conn->poll)
                conn->poll->respondJson({{u"status"_s, 410}});
            break;
        case 2:
            if (!conn->posts.isEmpty() && conn->posts.first())
                conn->posts.first()->fail(QNetworkReply::RemoteHostClosedError);
            break;
        default:
            if (conn->poll)
                conn->poll->respond(500, "oops");
            break;
        }
    }

    //! LongPoll: answers the outstanding poll (or opens the session): 0 messages/204, 1 204, 2 garbage,
    //! 3 a message that is no string.
    void answerPoll(std::uint8_t kind)
    {
        Conn *conn = current();
        if (!conn || !conn->network)
            return;
        if (conn->firstGet && conn->token.isEmpty()) {
            openSession(conn);
            return;
        }
        FakeReply *poll = conn->poll;
        if (!poll)
            return;
        switch (kind % 4) {
        case 0:
            flushOutbox(conn);
            break;
        case 1:
            poll->respondJson({{u"status"_s, 204}, {u"token"_s, conn->token}});
            break;
        case 2:
            poll->respond(200, "{\"status\":");
            break;
        default:
            poll->respondJson(
                {{u"status"_s, 200}, {u"token"_s, conn->token}, {u"messages"_s, QJsonArray{1}}});
            break;
        }
    }

    //! LongPoll: answers the oldest outstanding POST: 0 ok, 1 network error, 2 HTTP 500, 3 status 410.
    void answerPost(std::uint8_t kind)
    {
        Conn *conn = current();
        if (!conn)
            return;
        conn->posts.removeIf([](const QPointer<FakeReply> &r) { return !r || r->isFinished(); });
        if (conn->posts.isEmpty())
            return;
        FakeReply *post = conn->posts.first();
        switch (kind % 4) {
        case 0:
            post->respondJson({{u"status"_s, 200}});
            break;
        case 1:
            post->fail(QNetworkReply::RemoteHostClosedError);
            break;
        case 2:
            post->respond(500, "oops");
            break;
        default:
            post->respondJson({{u"status"_s, 410}});
            break;
        }
    }

private:
    Conn *addConn()
    {
        // Kept for the whole input (a slot may still hold one of them on the stack); reset() forgets them.
        m_conns.push_back(std::make_unique<Conn>());
        return m_conns.back().get();
    }
    bool owns(const Conn *conn) const
    {
        for (const auto &c : m_conns) {
            if (c.get() == conn)
                return true;
        }
        return false;
    }
    Conn *connOf(const FakeNetwork *network)
    {
        for (const auto &c : m_conns) {
            if (c->network == network)
                return c.get();
        }
        return nullptr;
    }
    template<typename F>
    void later(F &&f)
    {
        QMetaObject::invokeMethod(this, std::forward<F>(f), Qt::QueuedConnection);
    }

    void openSession(Conn *conn)
    {
        FakeReply *get = conn->firstGet;
        if (!get || get->isFinished() || !conn->token.isEmpty())
            return;
        conn->token = u"t"_s + QString::number(++m_tokens);
        get->respondJson({{u"status"_s, 410}, {u"token"_s, conn->token}});
    }

    static bool matches(const QJsonArray &frame, int which)
    {
        const QString event = frame.at(3).toString();
        switch (which) {
        case 0:
            return event == u"phx_join"_s;
        case 1:
            return event == u"phx_leave"_s;
        case 2:
            return frame.at(2).toString() != u"phoenix"_s && !event.startsWith(u"phx_"_s);
        case 3:
            return frame.at(2).toString() == u"phoenix"_s;
        default:
            return true;
        }
    }

    void answer(Conn *conn, const QJsonArray &frame, const QString &status)
    {
        const QString event = frame.at(3).toString();
        const QJsonObject response = event == u"phx_join"_s || event == u"phx_leave"_s || status != u"ok"_s
                                         ? QJsonObject()
                                         : frame.at(4).toObject();
        toClient(conn, {frame.at(0), frame.at(1), frame.at(2), u"phx_reply"_s,
                        QJsonObject{{u"status"_s, status}, {u"response"_s, response}}});
        if (event == u"phx_leave"_s && status == u"ok"_s && owns(conn))
            toClient(conn, {frame.at(0), frame.at(0), frame.at(2), u"phx_close"_s, QJsonObject()});
    }

    void clientFrame(Conn *conn, const QJsonArray &frame)
    {
        if (frame.size() != 5)
            return;
        conn->pending.append(frame);
        if (conn->pending.size() > 64)
            conn->pending.removeFirst();
        const QString event = frame.at(3).toString();
        const bool heartbeat = frame.at(2).toString() == u"phoenix"_s;
        const bool wanted = heartbeat                 ? autoHeartbeats
                            : event == u"phx_join"_s  ? autoJoins
                            : event == u"phx_leave"_s ? autoLeaves
                                                      : autoPushes;
        if (!wanted)
            return;
        later([this, conn, frame] {
            if (!owns(conn))
                return;
            const qsizetype i = conn->pending.indexOf(frame);
            if (i < 0)
                return; // answered by the input meanwhile
            conn->pending.removeAt(i);
            answer(conn, frame, u"ok"_s);
        });
    }

    void toClient(Conn *conn, const QJsonArray &frame)
    {
        toClientRaw(conn, QJsonDocument(frame).toJson(QJsonDocument::Compact));
    }

    void toClientRaw(Conn *conn, const QByteArray &frame)
    {
        if (FakeTransport *t = conn->fake) {
            t->receive(frame, PhoenixTransport::FrameType::Text);
            return;
        }
        if (!conn->network)
            return;
        conn->outbox.append(frame);
        if (conn->outbox.size() > 64)
            conn->outbox.removeFirst();
        if (autoPolls && conn->poll)
            schedulePoll(conn);
    }

    void schedulePoll(Conn *conn)
    {
        later([this, conn] {
            if (owns(conn))
                flushOutbox(conn);
        });
    }

    void flushOutbox(Conn *conn)
    {
        FakeReply *poll = conn->poll;
        if (!poll || poll->isFinished())
            return;
        if (conn->outbox.isEmpty()) {
            poll->respondJson({{u"status"_s, 204}, {u"token"_s, conn->token}});
            return;
        }
        QJsonArray messages;
        for (const QByteArray &message : std::as_const(conn->outbox))
            messages.append(QString::fromUtf8(message));
        conn->outbox.clear();
        poll->respondJson({{u"status"_s, 200}, {u"token"_s, conn->token}, {u"messages"_s, messages}});
    }

    std::vector<std::unique_ptr<Conn>> m_conns;
    int m_tokens = 0;
};

QNetworkReply *FakeNetwork::createRequest(Operation operation, const QNetworkRequest &request,
                                          QIODevice *outgoingData)
{
    auto *reply = new FakeReply(operation, request, this); // a child, as QNetworkAccessManager's replies
    const QByteArray body = outgoingData ? outgoingData->readAll() : QByteArray();
    if (m_server)
        m_server->onRequest(this, reply, body);
    return reply;
}

Server *g_server = nullptr;

// ---- the application ----------------------------------------------------------------------------------

//! The API calls an application makes: from the main stream, from slots and from providers.
enum Action : std::uint8_t {
    DeleteSocket,
    DeleteChannel,
    DeletePush,
    DeletePresence,
    DeleteModel,
    Connect,
    ConnectUrl,
    Disconnect,
    Leave,
    Join,
    NewChannel,
    Push,
    SetParams,
    SetAuthToken,
    SetUrl,
    SetHeaders,
    SetAutoReconnect,
    SetTransport,
    SetSendBufferLimit,
    SetTiming,
    Wait,
    CheckConnection,
    Ping,
    NewPresence,
    SetMaxMessageSize,
    SetLongPollFallback,
    SetChannelParams,
    KeepPush,
    SendRaw,
    SetProviders,
    SetJitter,
    ActionCount
};

//! The server's side, in the main stream only.
enum ServerOp : std::uint8_t {
    Turns,
    Accept,
    Refuse,
    Reply,
    Event,
    Drop,
    AnswerPoll,
    AnswerPost,
    Raw,
    AutoFlags,
    ServerOpCount
};

struct TrackedPush
{
    QPointer<PhoenixPush> push;
    QFuture<PhoenixReply> future;
    int finishes = 0;
    bool join = false;
};

class App : public QObject
{
    Q_OBJECT

public:
    App(Stream main, Stream slots)
        : m_main(main)
        , m_slots(slots)
    {
    }

    ~App() override { tearDown(); }

    void run()
    {
        setUp();
        for (int n = 0; n < MaxOps && !m_main.atEnd(); ++n) {
            const std::uint8_t op = m_main.byte();
            if (op % 2 == 0)
                serverOp(ServerOp((op / 2) % ServerOpCount), m_main);
            else
                act(Action((op / 2) % ActionCount), m_main, "main");
            check("after an operation");
        }
        turns(MaxTurns);
        check("at the end");
        tearDown();
        finalCheck();
    }

public Q_SLOTS:
    //! Connected to every signal of every object the application sees.
    void onSignal()
    {
        const QObject *from = sender();
        const int index = senderSignalIndex();
        if (from && index >= 0 && g_tracing)
            trace("  signal " + QByteArray(from->metaObject()->className()) +
                  "::" + from->metaObject()->method(index).name());
        // Qt's beginInsertRows()/beginRemoveRows() use the model after these emissions: no item model
        // may be deleted from them (the model's documented exception), a slot there uses deleteLater().
        const bool outer = m_inRowsAboutTo;
        m_inRowsAboutTo = outer || (from && from == m_model.data() && index >= 0 &&
                                    from->metaObject()->method(index).name().startsWith("rowsAboutToBe"));
        slotAction("slot");
        m_inRowsAboutTo = outer;
    }

private:
    // ---- set up and tear down ----

    void setUp()
    {
        m_socket = new PhoenixSocket(Urls[0]);
        PhoenixSocket *s = m_socket;
        s->setNetworkAware(false);
        s->setHeartbeatInterval(0); // heartbeats run on real timers: ping() and probes cover their replies
        s->setTimeout(LongTimeout);
        s->setConnectTimeout(0);
        s->setLongPollTimeout(LongTimeout);
        s->setSendBufferLimit(16);
        s->setReconnectAfter([this](int) { return m_fastReconnect ? 0 : LongTimeout; });
        s->setRejoinAfter([this](int) { return m_fastRejoin ? 0 : LongTimeout; });
        s->setTransportFactory([this](PhoenixSocket::Transport kind, QObject *parent) -> PhoenixTransport * {
            ++m_transportsCreated;
            trace("  transport created (" +
                  QByteArray(kind == PhoenixSocket::Transport::LongPoll ? "longpoll" : "fake") + ")");
            if (m_userDisconnected)
                violated("a connection attempt after disconnectFromServer() and before connectToServer()");
            if (kind == PhoenixSocket::Transport::LongPoll)
                return nullptr; // the real one, on the fake network
            auto *t = new FakeTransport(parent);
            t->setNeedsHeartbeat(m_heartbeats);
            t->setCloseMode(m_closeMode);
            g_server->onFakeTransport(t);
            return t;
        });
        watch(s);
        for (int i = 0; i < 2; ++i)
            newChannel(Topics[i]);
        m_presence = new PhoenixPresence(m_channels.first());
        watch(m_presence);
        m_model = new PhoenixPresenceModel(m_presence);
        watch(m_model);
        trace("setup");
    }

    void tearDown()
    {
        if (m_tornDown)
            return;
        m_tornDown = true;
        ++m_deleting;
        delete m_socket.data();
        delete m_model.data();
        delete m_presence.data();
        --m_deleting;
        for (int i = 0; i < 4; ++i) {
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            QCoreApplication::processEvents();
        }
    }

    void finalCheck()
    {
        for (const TrackedPush &t : m_pushes) {
            if (t.push)
                violated("a push outlived its socket: " + t.push->event().toUtf8());
            if (!t.future.isFinished() || t.future.resultCount() != 1)
                violated("a push's future was not finished with one result after its socket was deleted");
        }
        for (const QPointer<PhoenixChannel> &c : m_channels) {
            if (c)
                violated("a channel outlived its socket");
        }
    }

    //! Connects onSignal() to every signal \a object has beyond QObject's own.
    void watch(QObject *object)
    {
        const QMetaObject *meta = object->metaObject();
        const QMetaMethod slot = metaObject()->method(metaObject()->indexOfSlot("onSignal()"));
        for (int i = QObject::staticMetaObject.methodCount(); i < meta->methodCount(); ++i) {
            const QMetaMethod method = meta->method(i);
            if (method.methodType() == QMetaMethod::Signal)
                connect(object, method, this, slot);
        }
    }

    // ---- helpers ----

    PhoenixChannel *channelAt(std::uint8_t selector) const
    {
        if (m_channels.isEmpty())
            return nullptr;
        return m_channels.at(selector % m_channels.size());
    }
    PhoenixPush *pushAt(std::uint8_t selector) const
    {
        if (m_pushes.empty())
            return nullptr;
        return m_pushes.at(selector % m_pushes.size()).push;
    }

    void newChannel(const QString &topic)
    {
        if (!m_socket || m_channels.size() >= MaxChannels)
            return;
        PhoenixChannel *channel = m_socket->channel(topic);
        channel->setTimeout(LongTimeout);
        m_channels.append(channel);
        watch(channel);
    }

    void track(PhoenixPush *push, bool join)
    {
        if (!push)
            return;
        for (const TrackedPush &t : m_pushes) {
            if (t.push == push)
                return; // a join push is returned again by join()
        }
        if (m_pushes.size() >= MaxPushes)
            return;
        TrackedPush t;
        t.push = push;
        t.join = join;
        t.future = push->future();
        const std::size_t index = m_pushes.size();
        m_pushes.push_back(t);
        connect(push, &PhoenixPush::finished, this, [this, index] {
            TrackedPush &tracked = m_pushes[index];
            if (++tracked.finishes > 1 && !tracked.join)
                violated("a push finished twice: " +
                         (tracked.push ? tracked.push->event().toUtf8() : QByteArray()));
        });
        connect(push, &QObject::destroyed, this, [this, index] {
            // The destructor settles the future first (it is told CanceledError if nothing came).
            const TrackedPush &tracked = m_pushes[index];
            if (!tracked.future.isFinished())
                violated("a push was destroyed and its future never finished");
        });
        watch(push);
    }

    void turns(int n)
    {
        for (int i = 0; i < n; ++i) {
            QCoreApplication::processEvents();
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        }
    }

    //! Deletes \a object (a QPointer's target) unless it is gone already.
    template<typename T>
    void destroy(QPointer<T> &object)
    {
        if (!object)
            return;
        ++m_deleting;
        delete object.data();
        --m_deleting;
    }

    // ---- invariants ----

    void check(const char *when)
    {
        if (PhoenixSocket *s = m_socket) {
            if (s->isConnected() != (s->state() == PhoenixSocket::State::Connected))
                violated(QByteArray("isConnected() disagrees with state() ") + when);
            if (m_userDisconnected && s->state() != PhoenixSocket::State::Disconnected &&
                s->state() != PhoenixSocket::State::Disconnecting)
                violated(QByteArray("the socket is ") +
                         QMetaEnum::fromType<PhoenixSocket::State>().valueToKey(int(s->state())) +
                         " after disconnectFromServer() and before connectToServer(), " + when);
            int live = 0;
            for (const QPointer<PhoenixChannel> &c : m_channels)
                live += c ? 1 : 0;
            // Joins and leaves are never refused (each channel buffers at most a join and two leaves);
            // a limit lowered below what is buffered keeps what was there.
            if (s->sendBufferLimit() > 0 &&
                s->bufferedMessages() > s->sendBufferLimit() + m_bufferAllowance + 3 * live + 2)
                violated("bufferedMessages " + QByteArray::number(s->bufferedMessages()) +
                         " beyond the limit " + QByteArray::number(s->sendBufferLimit()) + " " + when);
            if (s->bufferedMessages() < 0)
                violated("bufferedMessages < 0");
            // Timers of the socket and what it owns, transports aside (a retired transport may wait a
            // while for its close): the engine's few and one rejoin timer per channel, nothing that
            // grows with the input.
            int timers = countTimers(s);
            if (timers > 24 + 2 * MaxChannels)
                violated("registered timers grew to " + QByteArray::number(timers) + " " + when);
            for (const FakeNetwork *network : s->findChildren<FakeNetwork *>()) {
                if (network->outstanding() > 2)
                    violated("a LongPoll transport has more than one poll and one POST in flight");
            }
        }
    }

    static int countTimers(QObject *object)
    {
        if (qobject_cast<PhoenixTransport *>(object))
            return 0;
        int n = int(QAbstractEventDispatcher::instance()->registeredTimers(object).size());
        for (QObject *child : object->children())
            n += countTimers(child);
        return n;
    }

    // ---- the server ----

    void serverOp(ServerOp op, Stream &in)
    {
        switch (op) {
        case Turns: {
            const int n = 1 + in.byte() % MaxTurns;
            trace("turns " + QByteArray::number(n));
            turns(n);
            break;
        }
        case Accept:
            trace("server accept");
            g_server->accept();
            break;
        case Refuse: {
            const std::uint8_t kind = in.byte();
            trace("server refuse " + QByteArray::number(kind % 4));
            g_server->refuse(kind);
            break;
        }
        case Reply: {
            const std::uint8_t which = in.byte();
            const std::uint8_t status = in.byte();
            trace("server reply to " + QByteArray::number(which % 5) + " status " +
                  QByteArray::number(status % 3));
            g_server->reply(which, status);
            break;
        }
        case Event: {
            const std::uint8_t topic = in.byte();
            const std::uint8_t kind = in.byte();
            const std::uint8_t ref = in.byte();
            QString joinRef;
            for (const QPointer<PhoenixChannel> &c : m_channels) {
                if (c && c->topic() == Topics[topic % 3] && !c->joinRef().isEmpty()) {
                    joinRef = c->joinRef();
                    break;
                }
            }
            trace("server event topic " + QByteArray::number(topic % 4) + " kind " +
                  QByteArray::number(kind % 6) + " ref " + QByteArray::number(ref % 3));
            g_server->sendEvent(topic, kind, ref, joinRef);
            break;
        }
        case Drop: {
            const std::uint8_t kind = in.byte();
            trace("server drop " + QByteArray::number(kind % 4));
            g_server->drop(kind);
            break;
        }
        case AnswerPoll: {
            const std::uint8_t kind = in.byte();
            trace("server answers poll " + QByteArray::number(kind % 4));
            g_server->answerPoll(kind);
            break;
        }
        case AnswerPost: {
            const std::uint8_t kind = in.byte();
            trace("server answers post " + QByteArray::number(kind % 4));
            g_server->answerPost(kind);
            break;
        }
        case Raw: {
            const QByteArray frame = in.bytes(in.byte() % 64);
            trace("server raw " + frame.toHex());
            g_server->raw(frame);
            break;
        }
        case AutoFlags: {
            const std::uint8_t bits = in.byte();
            Server &s = *g_server;
            s.autoAccept = !(bits & 1);
            s.autoJoins = !(bits & 2);
            s.autoLeaves = !(bits & 4);
            s.autoHeartbeats = !(bits & 8);
            s.autoPushes = !(bits & 16);
            s.autoPolls = !(bits & 32);
            s.autoPosts = !(bits & 64);
            trace("server auto flags " + QByteArray::number(bits, 2));
            break;
        }
        case ServerOpCount:
            break;
        }
    }

    // ---- the application's calls ----

    //! A slot or provider decides with the next byte of the slot stream: mostly nothing.
    void slotAction(const char *origin)
    {
        if (m_deleting > 0 || m_tornDown || m_slotActions >= MaxSlotActions || m_slots.atEnd())
            return;
        const std::uint8_t b = m_slots.byte();
        if (b < 160)
            return;
        ++m_slotActions;
        act(Action((b - 160) % ActionCount), m_slots, origin);
    }

    void act(Action action, Stream &in, const char *origin)
    {
        const QByteArray from = QByteArray(origin) + ": ";
        PhoenixSocket *s = m_socket;
        switch (action) {
        case DeleteSocket:
            if (!s)
                break;
            trace(from + "delete socket");
            m_userDisconnected = false; // nothing left to stay disconnected
            destroy(m_socket);
            break;
        case DeleteChannel: {
            const std::uint8_t i = in.byte();
            if (m_channels.isEmpty())
                break;
            QPointer<PhoenixChannel> &c = m_channels[i % m_channels.size()];
            if (!c)
                break;
            trace(from + "delete channel " + QByteArray::number(i % m_channels.size()));
            destroy(c);
            break;
        }
        case DeletePush: {
            const std::uint8_t i = in.byte();
            if (m_pushes.empty())
                break;
            TrackedPush &t = m_pushes[i % m_pushes.size()];
            if (!t.push || t.join)
                break; // a join push belongs to its channel for the channel's life
            trace(from + "delete push " + QByteArray::number(i % m_pushes.size()));
            destroy(t.push);
            break;
        }
        case DeletePresence:
            if (!m_presence)
                break;
            trace(from + "delete presence");
            destroy(m_presence);
            break;
        case DeleteModel:
            if (!m_model)
                break;
            if (m_inRowsAboutTo) {
                trace(from + "deleteLater model");
                m_model->deleteLater();
                break;
            }
            trace(from + "delete model");
            destroy(m_model);
            break;
        case Connect:
            if (!s)
                break;
            trace(from + "connectToServer");
            m_userDisconnected = false;
            s->connectToServer();
            break;
        case ConnectUrl: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "connectToServer(url " + QByteArray::number(v % 2) + ")");
            m_userDisconnected = false;
            s->connectToServer(Urls[v % 2]);
            break;
        }
        case Disconnect:
            if (!s)
                break;
            trace(from + "disconnectFromServer");
            m_userDisconnected = true;
            s->disconnectFromServer();
            break;
        case Leave: {
            const std::uint8_t i = in.byte();
            const std::uint8_t zero = in.byte() & 1;
            PhoenixChannel *c = channelAt(i);
            if (!c)
                break;
            trace(from + "leave " + QByteArray::number(i % m_channels.size()) + (zero ? " timeout 0" : ""));
            const QPointer<PhoenixChannel> alive(c);
            PhoenixPush *p = c->leave(zero ? 0 : LongTimeout);
            if (alive) // a slot may have deleted the channel, and its pushes with it, meanwhile
                track(p, false);
            break;
        }
        case Join: {
            const std::uint8_t i = in.byte();
            PhoenixChannel *c = channelAt(i);
            if (!c)
                break;
            trace(from + "join " + QByteArray::number(i % m_channels.size()));
            if (c->state() == PhoenixChannel::State::Closed) {
                const QPointer<PhoenixChannel> alive(c);
                PhoenixPush *p = c->join();
                if (alive)
                    track(p, true);
            }
            break;
        }
        case NewChannel: {
            const std::uint8_t t = in.byte();
            trace(from + "new channel " + Topics[t % 3].toUtf8());
            newChannel(Topics[t % 3]);
            break;
        }
        case Push: {
            const std::uint8_t i = in.byte();
            const std::uint8_t flags = in.byte();
            PhoenixChannel *c = channelAt(i);
            if (!c || m_pushes.size() >= MaxPushes)
                break;
            const int timeout = (flags & 1) ? 0 : LongTimeout;
            trace(from + "push on " + QByteArray::number(i % m_channels.size()) + " flags " +
                  QByteArray::number(flags % 8));
            PhoenixPush *p = nullptr;
            const QPointer<PhoenixChannel> alive(c);
            switch ((flags >> 1) % 4) {
            case 0:
                p = c->push(u"msg"_s, {{u"n"_s, int(m_pushes.size())}}, timeout);
                break;
            case 1:
                p = c->pushNoReply(u"note"_s, {}, timeout);
                break;
            case 2:
                p = c->pushBinary(u"bin"_s, QByteArray(3, 'x'), timeout);
                break;
            default:
                p = c->pushBinaryNoReply(u"binnote"_s, QByteArray(2, 'y'), timeout);
                break;
            }
            if (alive)
                track(p, false);
            break;
        }
        case SetParams: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "setParams " + QByteArray::number(v % 3));
            s->setParams({{u"v"_s, v % 3}});
            break;
        }
        case SetAuthToken: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "setAuthToken " + QByteArray::number(v % 3));
            s->setAuthToken(v % 3 == 2 ? QString() : u"token%1"_s.arg(v % 3));
            break;
        }
        case SetUrl: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "setUrl " + QByteArray::number(v % 2));
            s->setUrl(Urls[v % 2]);
            break;
        }
        case SetHeaders: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "setHeaders " + QByteArray::number(v % 2));
            s->setHeaders(v % 2 ? QVariantMap{{u"x-app"_s, u"1"_s}} : QVariantMap());
            break;
        }
        case SetAutoReconnect: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "setAutoReconnect " + QByteArray::number(v % 2));
            s->setAutoReconnect(v % 2);
            break;
        }
        case SetTransport: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "setTransport " + QByteArray(v % 2 ? "longpoll" : "websocket"));
            s->setTransport(v % 2 ? PhoenixSocket::Transport::LongPoll : PhoenixSocket::Transport::WebSocket);
            break;
        }
        case SetSendBufferLimit: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "setSendBufferLimit " + QByteArray::number(1 + v % 8));
            m_bufferAllowance = std::max(m_bufferAllowance, s->bufferedMessages() - (1 + v % 8));
            s->setSendBufferLimit(1 + v % 8);
            break;
        }
        case SetTiming: {
            const std::uint8_t what = in.byte();
            const bool zero = what & 0x80;
            const int ms = zero ? 0 : LongTimeout;
            trace(from + "timing " + QByteArray::number(what % 8) + (zero ? " 0" : " long"));
            switch (what % 8) {
            case 0:
                if (s)
                    s->setTimeout(ms);
                break;
            case 1:
                if (PhoenixChannel *c = channelAt(what >> 3))
                    c->setTimeout(ms);
                break;
            case 2:
                if (s)
                    s->setConnectTimeout(ms);
                break;
            case 3:
                if (s)
                    s->setHeartbeatTimeout(zero ? 0 : -1);
                break;
            case 4:
                m_fastReconnect = zero;
                break;
            case 5:
                m_fastRejoin = zero;
                break;
            case 6:
                m_heartbeats = zero;
                break; // for transports made from now on
            default:
                m_closeMode = FakeTransport::CloseMode((what >> 3) % 3);
                break;
            }
            break;
        }
        case Wait: {
            const std::uint8_t kind = in.byte();
            const std::uint8_t i = in.byte();
            const int ms = in.byte() % 3;
            if (m_waitDepth >= MaxWaitDepth || m_waits >= MaxWaits)
                break;
            ++m_waits;
            ++m_waitDepth;
            switch (kind % 3) {
            case 0:
                if (s) {
                    trace(from + "waitForConnected " + QByteArray::number(ms));
                    s->waitForConnected(ms);
                }
                break;
            case 1:
                if (PhoenixChannel *c = channelAt(i)) {
                    trace(from + "waitForJoined " + QByteArray::number(ms));
                    c->waitForJoined(ms);
                }
                break;
            default:
                if (PhoenixPush *p = pushAt(i)) {
                    trace(from + "waitForReply " + QByteArray::number(ms));
                    p->waitForReply(ms);
                }
                break;
            }
            --m_waitDepth;
            break;
        }
        case CheckConnection:
            if (!s)
                break;
            trace(from + "checkConnection");
            s->checkConnection();
            break;
        case Ping:
            if (!s)
                break;
            trace(from + "ping");
            s->ping();
            break;
        case NewPresence: {
            const std::uint8_t i = in.byte();
            PhoenixChannel *c = channelAt(i);
            if (!c || m_presence)
                break;
            trace(from + "new presence on " + QByteArray::number(i % m_channels.size()));
            m_presence = new PhoenixPresence(c);
            watch(m_presence);
            if (m_model)
                m_model->setPresence(m_presence);
            break;
        }
        case SetMaxMessageSize: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "setMaxMessageSize " + QByteArray::number(v % 2));
            s->setMaxMessageSize(v % 2 ? 1024 : 64 * 1024 * 1024);
            break;
        }
        case SetLongPollFallback: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "setLongPollFallback " + QByteArray::number(v % 2));
            s->setLongPollFallback(v % 2 ? LongTimeout : 0);
            break;
        }
        case SetChannelParams: {
            const std::uint8_t i = in.byte();
            if (PhoenixChannel *c = channelAt(i)) {
                trace(from + "channel setParams");
                c->setParams({{u"i"_s, i}});
            }
            break;
        }
        case KeepPush: {
            const std::uint8_t i = in.byte();
            if (PhoenixPush *p = pushAt(i)) {
                trace(from + "setAutoDelete(false)");
                p->setAutoDelete(false);
            }
            break;
        }
        case SendRaw: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "socket send");
            PhoenixMessage message;
            message.topic = Topics[v % 3];
            message.event = u"raw"_s;
            s->send(message);
            break;
        }
        case SetProviders: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "providers " + QByteArray::number(v % 4));
            if (v & 1)
                s->setParamsProvider([this] {
                    slotAction("params provider");
                    return QJsonObject{{u"p"_s, 1}};
                });
            else
                s->setParamsProvider({});
            if (v & 2)
                s->setAuthTokenProvider([this] {
                    slotAction("token provider");
                    return u"provided"_s;
                });
            else
                s->setAuthTokenProvider({});
            break;
        }
        case SetJitter: {
            const std::uint8_t v = in.byte();
            if (!s)
                break;
            trace(from + "setReconnectJitter");
            s->setReconnectJitter(v % 2 ? 0.5 : 0.0);
            break;
        }
        case ActionCount:
            break;
        }
    }

    Stream m_main;
    Stream m_slots;
    QPointer<PhoenixSocket> m_socket;
    QList<QPointer<PhoenixChannel>> m_channels;
    std::vector<TrackedPush> m_pushes;
    QPointer<PhoenixPresence> m_presence;
    QPointer<PhoenixPresenceModel> m_model;
    bool m_userDisconnected = false;
    bool m_tornDown = false;
    bool m_fastReconnect = true;
    bool m_fastRejoin = true;
    bool m_heartbeats = true;
    FakeTransport::CloseMode m_closeMode = FakeTransport::CloseMode::Queued;
    int m_transportsCreated = 0;
    int m_bufferAllowance = 0;
    int m_deleting = 0;
    bool m_inRowsAboutTo = false; //!< in a slot of the model's rowsAboutToBeInserted/Removed()
    int m_waitDepth = 0;
    int m_waits = 0;
    int m_slotActions = 0;
};

void ensureApplication()
{
    static int argc = 1;
    static char name[] = "fuzz_application";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = nullptr;
    if (app)
        return;
    app = new QCoreApplication(argc, argv); // lives for the process
    QLoggingCategory::setFilterRules(u"phoenix.*=false"_s);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "%s\n", qPrintable(message));
            std::abort();
        }
    });
    g_server = new Server; // lives for the process: transports of earlier inputs may still call it
    PhoenixLongPollNetwork::setFactoryForTesting(
        [](QObject *parent) -> QNetworkAccessManager * { return new FakeNetwork(g_server, parent); });
    g_tracing = qEnvironmentVariableIsSet("PHOENIXQT_FUZZ_TRACE");
}

// ---- the seed corpus ----

//! Builds an input: main stream, then slot stream, with the split byte first.
QByteArray seed(QByteArray main, const QByteArray &slots)
{
    // The split byte s gives the slot stream (rest * s / 255) bytes: pad the main stream with zeros
    // (turns) until some s gives exactly the slot stream's length.
    while (true) {
        const int rest = int(main.size() + slots.size());
        for (int s = 0; s < 256; ++s) {
            if (rest * s / 255 == slots.size())
                return QByteArray(1, char(s)) + main + slots;
        }
        main += '\0';
    }
}

char mainAct(Action a)
{
    return char(1 + 2 * int(a));
}
char mainSrv(ServerOp o)
{
    return char(2 * int(o));
}
char slotAct(Action a)
{
    return char(160 + int(a));
}

int writeSeeds(const QString &directory)
{
    QDir().mkpath(directory);
    const char turns2[] = {mainSrv(Turns), 1};
    const QByteArray t(turns2, 2);
    const QByteArray connectJoin =
        QByteArray() + mainAct(Connect) + t + mainAct(Join) + char(0) + mainAct(Join) + char(1) + t + t;
    const QByteArray longpoll = QByteArray() + mainAct(SetTransport) + char(1);
    // Signals emitted while connecting and joining both channels (the slot stream skips them).
    const QByteArray afterJoinWs(21, '\0');
    const QByteArray afterJoinLp(22, '\0');
    const QList<std::pair<const char *, QByteArray>> seeds{
        {"connect_join_push",
         seed(connectJoin + mainAct(Push) + char(0) + char(0) + t + mainSrv(Reply) + char(2) + char(0) + t,
              {})},
        {"longpoll_connect_join_push",
         seed(longpoll + connectJoin + mainAct(Push) + char(0) + char(0) + t + t, {})},
        {"disconnect_in_slot_of_drop",
         seed(connectJoin + mainSrv(Drop) + char(0) + t + t, afterJoinWs + slotAct(Disconnect))},
        {"delete_socket_in_message_slot", seed(connectJoin + mainSrv(Event) + char(0) + char(0) + char(0) + t,
                                               afterJoinWs + slotAct(DeleteSocket))},
        {"longpoll_delete_socket_in_drop_slot",
         seed(longpoll + connectJoin + t + mainSrv(Drop) + char(0) + t, afterJoinLp + slotAct(DeleteSocket))},
        {"presence_delete_in_slots",
         seed(connectJoin + mainSrv(Event) + char(0) + char(1) + char(0) + t,
              afterJoinWs + slotAct(DeletePresence) + QByteArray(2, 0) + slotAct(DeleteModel))},
        {"wait_in_slot", seed(connectJoin + mainAct(Push) + char(1) + char(0) + t,
                              afterJoinWs + QByteArray(2, 0) + slotAct(Wait) + char(2) + char(0) + char(1))},
        {"provider_disconnects",
         seed(QByteArray() + mainAct(SetProviders) + char(3) + mainAct(Connect) + t + t,
              QByteArray() + slotAct(Disconnect))},
        {"refused_reconnects_then_disconnect",
         seed(QByteArray() + mainSrv(AutoFlags) + char(1) + mainAct(Connect) + mainSrv(Refuse) + char(1) + t +
                  mainSrv(Refuse) + char(1) + t,
              QByteArray(3, 0) + slotAct(Disconnect))},
        {"leave_and_join_in_slot", seed(connectJoin + mainAct(Leave) + char(0) + char(0) + t + t,
                                        afterJoinWs + QByteArray(2, 0) + slotAct(Join) + char(0))},
        {"longpoll_posts_fail",
         seed(longpoll + QByteArray() + mainSrv(AutoFlags) + char(64) + connectJoin + mainSrv(AnswerPost) +
                  char(1) + t + mainSrv(AnswerPost) + char(2) + t,
              {})},
        {"ping_then_delete_socket",
         seed(connectJoin + mainAct(Ping) + t, afterJoinWs + QByteArray(2, 0) + slotAct(DeleteSocket))},
        {"zero_timeouts_delete_channel",
         seed(connectJoin + mainAct(Push) + char(0) + char(1) + mainAct(Leave) + char(1) + char(1) + t + t,
              afterJoinWs + QByteArray(2, 0) + slotAct(DeleteChannel) + char(0))},
        {"longpoll_setters_and_waits",
         seed(longpoll + connectJoin + mainAct(SetParams) + char(1) + t + mainAct(CheckConnection) + t +
                  mainAct(SetTransport) + char(0) + t + t,
              afterJoinLp + slotAct(Wait) + char(0) + char(0) + char(2) + slotAct(SetUrl) + char(1))},
    };
    for (const auto &[name, data] : seeds) {
        QFile file(directory + u'/' + QString::fromLatin1(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
            return 1;
        }
    }
    std::printf("wrote %d seeds to %s\n", int(seeds.size()), qPrintable(directory));
    return 0;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    for (int i = 1; i + 1 < *argc; ++i) {
        if (std::strcmp((*argv)[i], "--write-seeds") == 0)
            std::exit(writeSeeds(QString::fromLocal8Bit((*argv)[i + 1])));
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    ensureApplication();
    g_trace.clear();
    g_server->reset();
    if (size == 0)
        return 0;
    const std::size_t rest = size - 1;
    const std::size_t slotLength = rest * data[0] / 255;
    App app(Stream(data + 1, rest - slotLength), Stream(data + 1 + rest - slotLength, slotLength));
    app.run();
    return 0;
}

#include "fuzz_application.moc"
