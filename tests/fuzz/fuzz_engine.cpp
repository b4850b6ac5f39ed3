// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// libFuzzer target: the protocol engine (PhoenixSocket, PhoenixChannel, PhoenixPush, PhoenixPresence)
// driven through its transport seam by a sequence of operations, so routing, reply matching, presence
// diffs and channel state are fuzzed, not only parsing.
//
// Every input starts alike: a fresh socket on a FakeTransport (tests/shared), channels room:a, room:b
// and room:c joined (the harness answers the joins), a PhoenixPresence on room:a. Then the input is
// read as operations, one opcode byte and its operands each (see Op below): raw text or binary frames;
// templated replies, phx_close, phx_error, presence_state, presence_diff and other server events whose
// join_ref is the channel's current one, a stale one, another channel's, random, null or "" and whose
// ref is a pending, answered or unknown one, "" or null; user pushes (long or zero timeouts), leaves,
// joins, new instances of a topic, pings, deleting a push or a channel; transport drops, errors and
// closes, refused or delayed connects; and a bounded number of event loop turns (no real timer is
// waited for: timeouts are either zero or far beyond any input's run time).
//
// What every input checks, besides "no crash, no sanitizer report":
//  - each push has at most one outcome (reply, timeout or local failure), and finished() once;
//  - a reply outcome comes only from a phx_reply frame on its channel's topic carrying exactly its ref
//    and its channel's current join_ref (or none, as phoenix.js isMember); a stale or foreign join_ref
//    never resolves anything; only a leave completes locally with "ok"; only zero-timeout pushes time
//    out, and only from the event loop;
//  - every other message reaches exactly the channels joined since they last closed (a channel is
//    routed from its join() to its close), on its topic, whose join_ref it carries (or none): phx_close
//    closes them, phx_error errors them, any other event is delivered once (phx_error on a leaving channel
//    completes the leave); nothing is delivered to other channels, and nothing is swallowed;
//  - a ping's pong comes once, only for a frame carrying its ref over the ping's connection;
//  - the presence equals a model built from the delivered presence events with the pure
//    PhoenixPresence::syncState/syncDiff functions and phoenix.js's pending-diff rule (state, key order,
//    inSync);
//  - every frame the socket sends decodes; refs are never reused; a push frame goes out only for a
//    joined channel and with its current join_ref; a channel the application left never sends a new join
//    unless the application joins it again;
//  - at the end, every push still pending on a joined channel is resolved by a correct reply.
//
// `fuzz_engine --write-seeds <dir>` writes the seed corpus (tests/fuzz/corpus/engine) and exits.

#include "faketransport.h"
#include "fuzzcheck.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPresence>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSerializer>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLoggingCategory>
#include <QtCore/QPointer>
#include <QtCore/QSet>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using PhoenixTest::FakeTransport;
using PhoenixTest::FakeTransportFactory;

namespace {

//! Far beyond any input's run time: a push or join with it never times out while an input runs.
constexpr int LongTimeout = 3600 * 1000;
constexpr int MaxOps = 192;
constexpr int MaxInstances = 6;
constexpr int MaxPushes = 48;
constexpr int MaxTurns = 4;

//! The operations of an input: opcode byte (modulo OpCount), then the operands named here.
enum Op : std::uint8_t {
    RawText,        // len, bytes: a text frame as is
    RawBinary,      // len, bytes: a binary frame as is
    Reply,          // channel, join_ref kind, ref kind, status kind, encoding, extra (picks among candidates)
    ServerEvent,    // event kind, topic, join_ref kind, ref kind, encoding, payload seed...
    Push,           // channel, flags (bit 0: zero timeout, bit 1: binary)
    Leave,          // channel, flags (bit 0: zero timeout)
    Join,           // channel
    TransportFault, // kind: drop, server close 1000/1001/4000, transport error
    Turns,          // n: 1..MaxTurns event loop turns
    Connection,     // kind: accept or refuse the attempt in progress, toggle auto-accept,
                    // disconnectFromServer, connectToServer, close mode of new transports
    AnswerJoins,    // status kind: reply to every unanswered join of the current connection
    AnswerPushes,   // status kind: reply to every unanswered push of the current connection
    NewInstance,    // topic: socket.channel(topic) again, joined
    Ping,           //
    DeletePush,     // index
    AutoAnswer,     // bits: answer joins, answer leaves (each reply from the event loop)
    DeleteChannel,  // channel
    OpCount
};

//! Reads an input byte by byte; past the end every read gives 0.
class Reader
{
public:
    Reader(const std::uint8_t *data, std::size_t size)
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
    const std::uint8_t *m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

//! A frame the client sent, as the harness's server saw it.
struct SentFrame
{
    QString joinRef;
    QString ref;
    QString topic;
    QString event;
    bool answered = false;
};

//! One channel object of the input (a topic may have several instances).
struct Instance
{
    QPointer<PhoenixChannel> channel;
    QString topic;
    QStringList joinRefs;  // every join_ref it sent, oldest first
    bool userLeft = false; // leave() was called and join() not since
    bool routed = false;   // joined since it last closed: messages of its topic reach it
    QString joinRefAtLeave;
    // Snapshot before a frame is delivered, and what the delivery did:
    QString joinRefBefore;
    PhoenixChannel::State stateBefore = PhoenixChannel::State::Closed;
    bool routedBefore = false;
    int messages = 0;
    int closes = 0;
    int errors = 0;
    QString lastEvent;
};

//! A push of the input and what happened to it.
struct Tracked
{
    QPointer<PhoenixPush> push;
    int instance = -1;
    enum class Kind { Message, Leave, Join } kind = Kind::Message;
    bool zeroTimeout = false;
    int outcomes = 0; // in the current attempt (a join push starts an attempt per ref)
    int finishes = 0;
    bool replyErrorExpected = false;
    QString lastStatus;
};

[[noreturn]] void violated(const QByteArray &what, const QList<QByteArray> &trace)
{
    std::fprintf(stderr, "INVARIANT VIOLATED: %s\n  operations so far:\n", what.constData());
    for (const QByteArray &line : trace)
        std::fprintf(stderr, "    %s\n", line.constData());
    std::fflush(stderr);
    std::abort();
}

QJsonValue jsonString(const QString &value)
{
    return value.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QByteArray show(const QString &value)
{
    return value.isNull() ? QByteArray("null") : QByteArray('"' + value.toUtf8() + '"');
}

class Harness : public QObject
{
public:
    Harness()
        : m_socket(std::make_unique<PhoenixSocket>(QUrl(u"ws://phoenix.test/socket"_s)))
        , m_factory(m_socket.get())
    {
        m_socket->setNetworkAware(false);
        m_socket->setHeartbeatInterval(0); // heartbeats run on real timers: ping() covers their replies
        m_socket->setTimeout(LongTimeout);
        m_socket->setConnectTimeout(0);
        m_socket->setReconnectAfter([](int) { return 0; });
        m_socket->setRejoinAfter([](int) { return 0; });
        connect(&m_factory, &FakeTransportFactory::transportCreated, this, &Harness::onTransport);
        connect(m_socket.get(), &PhoenixSocket::pong, this, [this](int) { onPong(); });
    }

    ~Harness() override
    {
        m_presence.reset();
        m_socket.reset(); // channels, pushes and transports go with it
    }

    void setUp()
    {
        for (const QString &topic : {u"room:a"_s, u"room:b"_s, u"room:c"_s})
            addInstance(topic);
        // Made before the join, as PhoenixPresence asks.
        m_presence = std::make_unique<PhoenixPresence>(m_instances.first().channel.data());
        trace("setup");
        m_socket->connectToServer();
        for (int i = 0; i < m_instances.size(); ++i)
            join(i);
        turns(2);
        answerJoins(u"ok"_s);
        turns(1);
        for (const Instance &instance : std::as_const(m_instances)) {
            if (!instance.channel || !instance.channel->isJoined())
                violated("setup: " + instance.topic.toUtf8() + " did not join", m_trace);
        }
        checkPresence();
    }

    void run(Reader &input)
    {
        for (int n = 0; n < MaxOps && !input.atEnd(); ++n) {
            runOp(input);
            checkPresence();
        }
        turns(MaxTurns);
        checkPresence();
        finalLiveness();
        if (qEnvironmentVariableIsSet("PHOENIXQT_FUZZ_TRACE")) {
            for (const QByteArray &line : std::as_const(m_trace))
                std::fprintf(stderr, "    %s\n", line.constData());
        }
    }

private:
    // ---- the input's operations ----

    void runOp(Reader &in)
    {
        const auto op = Op(in.byte() % OpCount);
        switch (op) {
        case RawText: {
            const QByteArray frame = in.bytes(in.byte());
            trace("raw text " + frame.toHex());
            deliver(frame, PhoenixTransport::FrameType::Text);
            break;
        }
        case RawBinary: {
            const QByteArray frame = in.bytes(in.byte());
            trace("raw binary " + frame.toHex());
            deliver(frame, PhoenixTransport::FrameType::Binary);
            break;
        }
        case Reply:
            reply(in);
            break;
        case ServerEvent:
            serverEvent(in);
            break;
        case Push: {
            const std::uint8_t channel = in.byte(); // operands are read in order
            push(channel, in.byte());
            break;
        }
        case Leave: {
            const std::uint8_t channel = in.byte();
            leave(channel, in.byte());
            break;
        }
        case Join: {
            const int index = instanceIndex(in.byte());
            trace("join " + QByteArray::number(index));
            join(index);
            break;
        }
        case TransportFault:
            transportFault(in.byte());
            break;
        case Turns:
            turns(1 + in.byte() % MaxTurns);
            break;
        case Connection:
            connection(in.byte());
            break;
        case AnswerJoins:
            answerJoins(statusOf(in.byte()));
            break;
        case AnswerPushes:
            answerPushes(statusOf(in.byte()));
            break;
        case NewInstance: {
            const QString topic = u"room:"_s + QChar(u'a' + in.byte() % 3);
            if (m_instances.size() >= MaxInstances)
                break;
            trace("new instance of " + topic.toUtf8());
            join(addInstance(topic));
            break;
        }
        case Ping: {
            const bool sent = m_socket->ping();
            trace("ping " + QByteArray(sent ? "sent" : "refused"));
            break;
        }
        case DeletePush: {
            const std::uint8_t index = in.byte();
            if (m_pushes.empty())
                break;
            Tracked &tracked = m_pushes[index % m_pushes.size()];
            if (tracked.push && tracked.kind != Tracked::Kind::Join) {
                trace("delete push " + QByteArray::number(index % m_pushes.size()));
                delete tracked.push.data();
            }
            break;
        }
        case AutoAnswer: {
            const std::uint8_t bits = in.byte();
            m_autoJoins = bits & 1;
            m_autoLeaves = bits & 2;
            trace("auto answer joins " + QByteArray::number(m_autoJoins) + " leaves " +
                  QByteArray::number(m_autoLeaves));
            break;
        }
        case DeleteChannel: {
            const int index = instanceIndex(in.byte());
            // The first room:a instance carries the presence model: it stays.
            if (index > 0 && m_instances[index].channel) {
                trace("delete channel " + QByteArray::number(index));
                delete m_instances[index].channel.data();
            }
            break;
        }
        case OpCount:
            break;
        }
    }

    int addInstance(const QString &topic)
    {
        const int index = int(m_instances.size());
        PhoenixChannel *channel = m_socket->channel(topic);
        Instance instance;
        instance.channel = channel;
        instance.topic = topic;
        m_instances.append(instance);
        connect(channel, &PhoenixChannel::messageReceived, this,
                [this, index](const QString &event, const QJsonObject &payload) {
                    onMessage(index, event, &payload);
                });
        connect(
            channel, &PhoenixChannel::binaryMessageReceived, this,
            [this, index](const QString &event, const QByteArray &) { onMessage(index, event, nullptr); });
        connect(channel, &PhoenixChannel::closed, this, [this, index] {
            ++m_instances[index].closes;
            m_instances[index].routed = false;
        });
        connect(channel, &PhoenixChannel::errorOccurred, this,
                [this, index] { ++m_instances[index].errors; });
        return index;
    }

    int instanceIndex(std::uint8_t selector) const { return selector % m_instances.size(); }

    void join(int index)
    {
        Instance &instance = m_instances[index];
        if (!instance.channel)
            return;
        const bool willJoin = instance.channel->state() == PhoenixChannel::State::Closed;
        if (willJoin) {
            instance.userLeft = false; // before join(): its frame goes out from within
            instance.routed = true;
        }
        PhoenixPush *joinPush = instance.channel->join();
        if (!willJoin)
            return;
        if (!m_joinPushes.contains(joinPush))
            track(joinPush, index, Tracked::Kind::Join, false);
        m_joinPushes.insert(joinPush);
    }

    void push(std::uint8_t channelSelector, std::uint8_t flags)
    {
        const int index = instanceIndex(channelSelector);
        Instance &instance = m_instances[index];
        if (!instance.channel || m_pushes.size() >= MaxPushes)
            return;
        // A push on a closed channel that never joined is a programming error (phoenix.js throws).
        const bool zero = flags & 1;
        const int timeout = zero ? 0 : LongTimeout;
        trace("push on " + QByteArray::number(index) + (zero ? " timeout 0" : "") +
              ((flags & 2) ? " binary" : ""));
        PhoenixPush *push =
            (flags & 2)
                ? instance.channel->pushBinary(u"bin"_s, QByteArray(1 + flags % 7, 'x'), timeout)
                : instance.channel->push(u"msg"_s, QJsonObject{{u"n"_s, int(m_pushes.size())}}, timeout);
        track(push, index, Tracked::Kind::Message, zero);
    }

    void leave(std::uint8_t channelSelector, std::uint8_t flags)
    {
        const int index = instanceIndex(channelSelector);
        Instance &instance = m_instances[index];
        if (!instance.channel || m_pushes.size() >= MaxPushes)
            return;
        const bool zero = flags & 1;
        trace("leave " + QByteArray::number(index) + (zero ? " timeout 0" : ""));
        instance.userLeft = true;
        instance.joinRefAtLeave = instance.channel->joinRef();
        PhoenixPush *push = instance.channel->leave(zero ? 0 : LongTimeout);
        track(push, index, Tracked::Kind::Leave, zero);
    }

    void transportFault(std::uint8_t kind)
    {
        FakeTransport *transport = m_factory.current();
        if (!transport)
            return;
        switch (kind % 5) {
        case 0:
            trace("drop");
            transport->drop();
            break;
        case 1:
            trace("server close 1000");
            transport->serverClose(1000, u"bye"_s);
            break;
        case 2:
            trace("server close 1001");
            transport->serverClose(1001);
            break;
        case 3:
            trace("server close 4000");
            transport->serverClose(4000, u"custom"_s);
            break;
        case 4:
            trace("transport error");
            transport->refuse(PhoenixTransport::Error::ConnectionLostError, u"lost"_s);
            break;
        }
    }

    void connection(std::uint8_t kind)
    {
        FakeTransport *transport = m_factory.current();
        switch (kind % 8) {
        case 0:
            trace("accept");
            if (transport && transport->state() == PhoenixTransport::State::Opening)
                transport->accept();
            break;
        case 1:
            trace("refuse");
            if (transport && transport->state() == PhoenixTransport::State::Opening)
                transport->refuse();
            break;
        case 2:
            m_autoAccept = !m_autoAccept;
            trace("auto accept " + QByteArray::number(m_autoAccept));
            break;
        case 3:
            trace("disconnectFromServer");
            m_socket->disconnectFromServer();
            break;
        case 4:
            trace("connectToServer");
            m_socket->connectToServer();
            break;
        case 5:
            trace("close mode immediately");
            m_closeMode = FakeTransport::CloseMode::Immediately;
            break;
        case 6:
            trace("close mode queued");
            m_closeMode = FakeTransport::CloseMode::Queued;
            break;
        case 7:
            trace("close mode never (completed by the next turn)");
            m_closeMode = FakeTransport::CloseMode::Never;
            break;
        }
    }

    void turns(int count)
    {
        trace("turns " + QByteArray::number(count));
        for (int i = 0; i < count; ++i) {
            QCoreApplication::processEvents();
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            // A transport left closing "never" is completed now (a slow close handshake).
            for (FakeTransport *transport : std::as_const(m_neverClosing)) {
                if (transport && transport->state() == PhoenixTransport::State::Closing)
                    transport->completeClose();
            }
            m_neverClosing.removeIf([](const QPointer<FakeTransport> &t) {
                return !t || t->state() == PhoenixTransport::State::Closed;
            });
        }
    }

    // ---- the server's side ----

    //! A number per connection (addresses of deleted transports are reused).
    static int serialOf(const FakeTransport *transport) { return transport->property("serial").toInt(); }

    void onTransport(FakeTransport *transport)
    {
        transport->setProperty("serial", ++m_connections);
        transport->setCloseMode(m_closeMode);
        connect(transport, &FakeTransport::openRequested, this, [this, transport] {
            if (!m_autoAccept)
                return;
            const QPointer<FakeTransport> guard(transport);
            QMetaObject::invokeMethod(
                this,
                [guard] {
                    if (guard && guard->state() == PhoenixTransport::State::Opening)
                        guard->accept();
                },
                Qt::QueuedConnection);
        });
        connect(transport, &FakeTransport::closeRequested, this, [this, transport] {
            if (transport->state() != PhoenixTransport::State::Closed)
                m_neverClosing.append(transport);
        });
        connect(transport, &FakeTransport::frameSent, this,
                [this, transport](const QByteArray &frame, PhoenixTransport::FrameType type) {
                    onSent(transport, frame, type);
                });
    }

    //! Checks a frame the socket sent and records it.
    void onSent(FakeTransport *transport, const QByteArray &frame, PhoenixTransport::FrameType type)
    {
        PhoenixMessage message;
        if (type == PhoenixTransport::FrameType::Binary) {
            if (!decodeClientBinary(frame, &message))
                violated("an outgoing binary frame does not decode: " + frame.toHex(), m_trace);
        } else {
            QString problem;
            if (!m_serializer.decodeText(frame, &message, &problem))
                violated("an outgoing frame does not decode: " + frame + " (" + problem.toUtf8() + ')',
                         m_trace);
        }
        const QByteArray what = "outgoing " + message.topic.toUtf8() + ' ' + message.event.toUtf8() +
                                " join_ref " + show(message.joinRef) + " ref " + show(message.ref);
        trace(what);
        if (message.ref.isEmpty() || message.topic.isEmpty() || message.event.isEmpty())
            violated(what + ": a ref, topic and event are required", m_trace);
        if (m_sentRefs.contains(message.ref))
            violated(what + ": the ref was used before", m_trace);
        m_sentRefs.insert(message.ref);

        if (message.event == u"phx_join"_s) {
            if (message.joinRef != message.ref)
                violated(what + ": a join's join_ref is its ref", m_trace);
            const int index = instanceWithJoinRef(message.topic, message.ref);
            if (index < 0)
                violated(what + ": no channel of that join", m_trace);
            Instance &instance = m_instances[index];
            if (!instance.joinRefs.contains(message.ref))
                instance.joinRefs.append(message.ref);
            if (instance.userLeft && message.ref != instance.joinRefAtLeave)
                violated(what + ": a channel the application left joins again by itself", m_trace);
        } else if (message.event != u"phx_leave"_s && message.topic != u"phoenix"_s) {
            bool joined = false;
            for (const Instance &instance : std::as_const(m_instances)) {
                joined =
                    joined || (instance.channel && instance.topic == message.topic &&
                               instance.channel->state() == PhoenixChannel::State::Joined &&
                               !message.joinRef.isEmpty() && instance.channel->joinRef() == message.joinRef);
            }
            if (!joined)
                violated(what + ": a push goes out only on a joined channel, with its join_ref", m_trace);
        }
        m_sent.append(SentFrame{message.joinRef, message.ref, message.topic, message.event, false});
        const int sentIndex = int(m_sent.size()) - 1;
        if (message.topic == u"phoenix"_s && message.event == u"heartbeat"_s)
            m_pings.insert(message.ref, serialOf(transport));

        // Automatic answers, from the event loop like a real server's.
        const QPointer<FakeTransport> guard(transport);
        if (message.event == u"phx_join"_s && m_autoJoins) {
            QMetaObject::invokeMethod(
                this,
                [this, guard, sentIndex] {
                    if (guard && guard == m_factory.current())
                        answer(sentIndex, u"ok"_s);
                },
                Qt::QueuedConnection);
        } else if (message.event == u"phx_leave"_s && m_autoLeaves) {
            QMetaObject::invokeMethod(
                this,
                [this, guard, sentIndex] {
                    if (!guard || guard != m_factory.current())
                        return;
                    answer(sentIndex, u"ok"_s);
                    const SentFrame &leave = m_sent.at(sentIndex);
                    deliverJson(QJsonArray{jsonString(leave.joinRef), jsonString(leave.joinRef), leave.topic,
                                           u"phx_close"_s, QJsonObject()});
                },
                Qt::QueuedConnection);
        }
    }

    //! The V2 client push layout (protocol.md A4): kind 0, five length bytes, the fields, the payload.
    static bool decodeClientBinary(const QByteArray &frame, PhoenixMessage *message)
    {
        if (frame.size() < 5 || quint8(frame.at(0)) != 0)
            return false;
        qsizetype pos = 5;
        QString fields[4];
        for (int i = 0; i < 4; ++i) {
            const int length = quint8(frame.at(1 + i));
            if (pos + length > frame.size())
                return false;
            fields[i] = length ? QString::fromUtf8(frame.mid(pos, length)) : QString();
            pos += length;
        }
        message->joinRef = fields[0];
        message->ref = fields[1];
        message->topic = fields[2];
        message->event = fields[3];
        message->binary = true;
        message->binaryPayload = frame.mid(pos);
        return true;
    }

    int instanceWithJoinRef(const QString &topic, const QString &joinRef) const
    {
        for (int i = 0; i < m_instances.size(); ++i) {
            const Instance &instance = m_instances[i];
            if (instance.channel && instance.topic == topic && instance.channel->joinRef() == joinRef)
                return i;
        }
        return -1;
    }

    void answer(int sentIndex, const QString &status)
    {
        SentFrame &frame = m_sent[sentIndex];
        frame.answered = true;
        deliverJson(QJsonArray{jsonString(frame.joinRef), frame.ref, frame.topic, u"phx_reply"_s,
                               QJsonObject{{u"status"_s, status}, {u"response"_s, QJsonObject()}}});
    }

    //! Replies to every unanswered join sent over the current connection.
    void answerJoins(const QString &status)
    {
        trace("answer joins " + status.toUtf8());
        answerAll(u"phx_join"_s, status);
    }

    void answerPushes(const QString &status)
    {
        trace("answer pushes " + status.toUtf8());
        answerAll(QString(), status);
    }

    void answerAll(const QString &event, const QString &status)
    {
        FakeTransport *transport = m_factory.current();
        if (!transport)
            return;
        const int firstOfConnection = int(m_sent.size()) - int(transport->sentFrames().size());
        for (int i = std::max(0, firstOfConnection); i < m_sent.size(); ++i) {
            const SentFrame &frame = m_sent.at(i);
            const bool wanted = event.isNull() ? (frame.event != u"phx_join"_s && frame.topic != u"phoenix"_s)
                                               : frame.event == event;
            if (wanted && !frame.answered)
                answer(i, status);
        }
    }

    static QString statusOf(std::uint8_t selector)
    {
        switch (selector % 4) {
        case 0:
            return u"ok"_s;
        case 1:
            return u"error"_s;
        case 2:
            return u"ok"_s;
        default:
            return u"unexpected"_s;
        }
    }

    //! A join_ref for a frame on \a instance: its current one, a stale one, another channel's, ...
    QJsonValue joinRefFor(const Instance *instance, std::uint8_t kind, std::uint8_t extra, QByteArray *what)
    {
        const QString current = instance && instance->channel ? instance->channel->joinRef() : QString();
        switch (kind % 7) {
        case 0:
            *what = "current";
            return jsonString(current);
        case 1: {
            *what = "stale";
            QStringList stale;
            if (instance) {
                for (const QString &ref : instance->joinRefs) {
                    if (ref != current)
                        stale.append(ref);
                }
            }
            return stale.isEmpty() ? QJsonValue(u"1"_s) : QJsonValue(stale.at(extra % stale.size()));
        }
        case 2: {
            *what = "foreign";
            for (int i = 0; i < m_instances.size(); ++i) {
                const Instance &other = m_instances[(extra + i) % m_instances.size()];
                if (&other != instance && other.channel && !other.channel->joinRef().isEmpty())
                    return other.channel->joinRef();
            }
            return u"424242"_s;
        }
        case 3:
            *what = "random";
            return QString::number(extra);
        case 4:
            *what = "null";
            return QJsonValue(QJsonValue::Null);
        case 5:
            *what = "empty";
            return u""_s;
        default:
            *what = "zero-padded current";
            return current.isEmpty() ? QJsonValue(u"0"_s) : QJsonValue(u"0"_s + current);
        }
    }

    //! A ref for a frame on \a topic: a pending one, an answered one, an unknown one, "", null, ...
    QJsonValue refFor(const QString &topic, const Instance *instance, std::uint8_t kind, std::uint8_t extra,
                      QByteArray *what)
    {
        const auto pick = [this, extra](auto &&accept) -> QString {
            QList<int> candidates;
            for (int i = 0; i < m_sent.size(); ++i) {
                if (accept(m_sent.at(i)))
                    candidates.append(i);
            }
            return candidates.isEmpty() ? QString() : m_sent.at(candidates.at(extra % candidates.size())).ref;
        };
        QString ref;
        switch (kind % 8) {
        case 0:
            *what = "pending";
            ref = pick([&topic](const SentFrame &f) { return !f.answered && f.topic == topic; });
            break;
        case 1:
            *what = "pending elsewhere";
            ref = pick([](const SentFrame &f) { return !f.answered; });
            break;
        case 2:
            *what = "answered";
            ref = pick([](const SentFrame &f) { return f.answered; });
            break;
        case 3:
            *what = "unknown";
            return QString::number(1000000 + extra);
        case 4:
            *what = "empty";
            return u""_s;
        case 5:
            *what = "null";
            return QJsonValue(QJsonValue::Null);
        case 6:
            *what = "zero-padded pending";
            ref = pick([](const SentFrame &f) { return !f.answered; });
            return QString(u"0"_s + (ref.isEmpty() ? u"1"_s : ref));
        default:
            *what = "join ref";
            ref = instance && instance->channel ? instance->channel->joinRef() : QString();
            break;
        }
        return ref.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(ref);
    }

    void markAnswered(const QJsonValue &ref)
    {
        if (!ref.isString())
            return;
        for (SentFrame &frame : m_sent) {
            if (frame.ref == ref.toString())
                frame.answered = true;
        }
    }

    void reply(Reader &in)
    {
        const int index = instanceIndex(in.byte());
        const Instance *instance = &m_instances[index];
        const std::uint8_t joinRefKind = in.byte();
        const std::uint8_t refKind = in.byte();
        const std::uint8_t statusKind = in.byte();
        const std::uint8_t encoding = in.byte();
        const std::uint8_t extra = in.byte();
        QByteArray joinRefWhat;
        QByteArray refWhat;
        const QJsonValue joinRef = joinRefFor(instance, joinRefKind, extra, &joinRefWhat);
        const QJsonValue ref = refFor(instance->topic, instance, refKind, extra, &refWhat);
        QJsonObject payload;
        switch (statusKind % 5) {
        case 0:
            payload = {{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject{{u"echo"_s, 1}}}};
            break;
        case 1:
            payload = {{u"status"_s, u"error"_s}, {u"response"_s, QJsonObject{{u"reason"_s, u"nope"_s}}}};
            break;
        case 2:
            payload = {{u"status"_s, u"ok"_s}};
            break;
        case 3:
            payload = {{u"response"_s, QJsonObject()}};
            break;
        default:
            payload = {{u"status"_s, 7}, {u"response"_s, u"text"_s}};
            break;
        }
        trace("reply on " + QByteArray::number(index) + " join_ref " + joinRefWhat + " ref " + refWhat);
        markAnswered(ref);
        if (encoding & 0x80) {
            PhoenixMessage message;
            message.joinRef = joinRef.isString() ? joinRef.toString() : QString();
            message.ref = ref.isString() ? ref.toString() : QString();
            message.topic = instance->topic;
            message.event = u"phx_reply"_s;
            message.payload = QJsonObject{{u"status"_s, payload.value(u"status"_s).toString()}};
            message.binaryPayload = "\x01\x02";
            deliver(PhoenixV2JsonSerializer::encodeServerBinary(PhoenixV2JsonSerializer::Reply, message),
                    PhoenixTransport::FrameType::Binary);
        } else {
            deliverJson(QJsonArray{joinRef, ref, instance->topic, u"phx_reply"_s, payload});
        }
    }

    //! A small presence map from the input: keys u0..u2, metas with phx_ref r0..r4, sometimes malformed.
    static QJsonObject presences(Reader &in)
    {
        QJsonObject result;
        const int count = in.byte() % 4;
        for (int i = 0; i < count; ++i) {
            const std::uint8_t b = in.byte();
            const QString key = u"u"_s + QString::number(b % 3);
            if (b % 16 == 15) {
                result.insert(key, QJsonObject{{u"metas"_s, 5}});
                continue;
            }
            QJsonArray metas;
            const int metaCount = 1 + (b >> 2) % 2;
            for (int m = 0; m < metaCount; ++m) {
                const std::uint8_t c = in.byte();
                QJsonObject meta{{u"n"_s, c % 3}};
                if (c % 8 != 7)
                    meta.insert(u"phx_ref"_s, QString(u"r"_s + QString::number(c % 5)));
                metas.append(meta);
            }
            result.insert(key, QJsonObject{{u"metas"_s, metas}});
        }
        return result;
    }

    void serverEvent(Reader &in)
    {
        const std::uint8_t kind = in.byte();
        const std::uint8_t topicSelector = in.byte();
        const std::uint8_t joinRefKind = in.byte();
        const std::uint8_t refKind = in.byte();
        const std::uint8_t encoding = in.byte();
        const Instance *instance = nullptr;
        QString topic;
        switch (topicSelector % 8) {
        case 6:
            topic = u"room:z"_s; // never joined
            break;
        case 7:
            topic = u"phoenix"_s;
            break;
        default:
            instance = &m_instances[instanceIndex(topicSelector)];
            topic = instance->topic;
            break;
        }
        QByteArray joinRefWhat;
        QByteArray refWhat;
        const QJsonValue joinRef = joinRefFor(instance, joinRefKind, encoding, &joinRefWhat);
        const QJsonValue ref = (refKind & 0x80) ? refFor(topic, instance, refKind, encoding, &refWhat)
                                                : QJsonValue(QJsonValue::Null);
        if (!(refKind & 0x80))
            refWhat = "null";
        QString event;
        QJsonObject payload;
        switch (kind % 7) {
        case 0:
            event = u"phx_close"_s;
            break;
        case 1:
            event = u"phx_error"_s;
            payload = {{u"reason"_s, u"crash"_s}};
            break;
        case 2:
            event = u"presence_state"_s;
            payload = presences(in);
            break;
        case 3:
            event = u"presence_diff"_s;
            payload = {{u"joins"_s, presences(in)}, {u"leaves"_s, presences(in)}};
            break;
        case 4:
            event = u"new_msg"_s;
            payload = {{u"body"_s, in.byte()}};
            break;
        case 5:
            event = (kind & 0x10) ? u"phx_join"_s : u"phx_leave"_s;
            break;
        default:
            event = u"heartbeat"_s;
            break;
        }
        trace("event " + event.toUtf8() + " on " + topic.toUtf8() + " join_ref " + joinRefWhat + " ref " +
              refWhat + ((encoding & 0x80) ? " (binary)" : ""));
        if (encoding & 0x80) {
            PhoenixMessage message;
            message.joinRef = joinRef.isString() ? joinRef.toString() : QString();
            message.topic = topic;
            message.event = event;
            message.binaryPayload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
            const auto frameKind =
                (encoding & 0x40) ? PhoenixV2JsonSerializer::Broadcast : PhoenixV2JsonSerializer::Push;
            deliver(PhoenixV2JsonSerializer::encodeServerBinary(frameKind, message),
                    PhoenixTransport::FrameType::Binary);
        } else {
            deliverJson(QJsonArray{joinRef, ref, topic, event, payload});
        }
    }

    // ---- delivering a frame, and what it may do ----

    void deliverJson(const QJsonArray &frame)
    {
        deliver(QJsonDocument(frame).toJson(QJsonDocument::Compact), PhoenixTransport::FrameType::Text);
    }

    void deliver(const QByteArray &frame, PhoenixTransport::FrameType type)
    {
        FakeTransport *transport = m_factory.current();
        if (!transport || transport->state() != PhoenixTransport::State::Open || m_delivering)
            return;
        PhoenixMessage message;
        const bool valid = type == PhoenixTransport::FrameType::Text
                               ? m_serializer.decodeText(frame, &message)
                               : m_serializer.decodeBinary(frame, &message);
        for (Instance &instance : m_instances) {
            instance.joinRefBefore = instance.channel ? instance.channel->joinRef() : QString();
            instance.stateBefore =
                instance.channel ? instance.channel->state() : PhoenixChannel::State::Closed;
            instance.routedBefore = instance.channel && instance.routed;
            instance.messages = instance.closes = instance.errors = 0;
            instance.lastEvent.clear();
        }
        // A ping is answered over the connection it was sent on (a new connection forgets it).
        const bool pingHit = valid && m_pings.value(message.ref, -1) == serialOf(transport);
        m_pongs = 0;
        m_leaveResolved.clear();
        m_delivering = true;
        m_current = message;
        m_currentValid = valid;
        const QPointer<FakeTransport> guard(transport);
        transport->receive(frame, type);
        m_delivering = false;

        const QByteArray what =
            valid ? QByteArray("the frame " + frame.left(200)) : QByteArray("an undecodable frame");
        if (pingHit) {
            m_pings.remove(message.ref);
            if (m_pongs != 1)
                violated(what + ": the ping of this ref got " + QByteArray::number(m_pongs) + " pong(s)",
                         m_trace);
        } else if (m_pongs != 0) {
            violated(what + ": a pong without a ping of this ref", m_trace);
        }
        for (int i = 0; i < m_instances.size(); ++i) {
            const Instance &instance = m_instances[i];
            const bool member = valid && !pingHit && instance.routedBefore &&
                                instance.topic == message.topic &&
                                (message.joinRef.isEmpty() || message.joinRef == instance.joinRefBefore);
            const QByteArray who = ": channel " + QByteArray::number(i) + " (" + instance.topic.toUtf8() +
                                   ", join_ref " + show(instance.joinRefBefore) + ")";
            const QString &event = message.event;
            const bool reply = event == u"phx_reply"_s;
            const bool close = event == u"phx_close"_s;
            const bool error = event == u"phx_error"_s;
            const int expectedMessages = member && !reply && !close && !error ? 1 : 0;
            if (instance.messages != expectedMessages)
                violated(what + who + " got " + QByteArray::number(instance.messages) +
                             " message(s), expected " + QByteArray::number(expectedMessages),
                         m_trace);
            // A reply closes a leaving channel when it answers its leave (the engine's own leaves
            // included, e.g. of the other instance of a topic being joined).
            const bool leaving = instance.stateBefore == PhoenixChannel::State::Leaving;
            const bool mayClose = member && reply && leaving;
            // phx_error on a leaving channel completes the leave (the server's channel is gone).
            const int expectedCloses =
                (member && close) || (member && error && leaving) || m_leaveResolved.contains(i) ? 1 : 0;
            if (instance.closes != expectedCloses && !(mayClose && instance.closes == 1))
                violated(what + who + " closed " + QByteArray::number(instance.closes) +
                             " time(s), expected " + QByteArray::number(expectedCloses),
                         m_trace);
            const int expectedErrors = member && error && !leaving ? 1 : 0;
            if (instance.errors != expectedErrors)
                violated(what + who + " errored " + QByteArray::number(instance.errors) +
                             " time(s), expected " + QByteArray::number(expectedErrors),
                         m_trace);
        }
    }

    void onMessage(int index, const QString &event, const QJsonObject *payload)
    {
        Instance &instance = m_instances[index];
        if (!m_delivering)
            violated("channel " + QByteArray::number(index) + " got " + event.toUtf8() +
                         " while no frame was being delivered",
                     m_trace);
        if (!m_currentValid || event != m_current.event)
            violated("channel " + QByteArray::number(index) + " got " + event.toUtf8() +
                         " from another frame",
                     m_trace);
        ++instance.messages;
        if (index == 0 && payload)
            modelPresence(event, *payload);
    }

    void onPong()
    {
        if (!m_delivering)
            violated("a pong while no frame was being delivered", m_trace);
        ++m_pongs;
    }

    // ---- pushes ----

    void track(PhoenixPush *push, int instance, Tracked::Kind kind, bool zeroTimeout)
    {
        const int index = int(m_pushes.size());
        Tracked tracked;
        tracked.push = push;
        tracked.instance = instance;
        tracked.kind = kind;
        tracked.zeroTimeout = zeroTimeout;
        m_pushes.push_back(tracked);
        connect(push, &PhoenixPush::replied, this,
                [this, index](const QString &status, const QJsonValue &) { onReplied(index, status); });
        connect(push, &PhoenixPush::timedOut, this, [this, index] { onTimedOut(index); });
        connect(push, &PhoenixPush::errorOccurred, this,
                [this, index](PhoenixPush::Error error, const QString &) { onPushError(index, error); });
        connect(push, &PhoenixPush::finished, this, [this, index] {
            Tracked &tracked = m_pushes[index];
            if (++tracked.finishes > tracked.outcomes)
                violated(describe(index) + ": finished() without an outcome", m_trace);
        });
        if (kind == Tracked::Kind::Join) {
            // Every (re)join is a new attempt of the same push object.
            connect(push, &PhoenixPush::refChanged, this, [this, index](const QString &ref) {
                if (!ref.isEmpty())
                    m_pushes[index].outcomes = m_pushes[index].finishes = 0;
            });
        }
    }

    QByteArray describe(int index) const
    {
        const Tracked &tracked = m_pushes[index];
        static const char *const kinds[] = {"push", "leave", "join"};
        return QByteArray(kinds[int(tracked.kind)]) + ' ' + QByteArray::number(index) + " on channel " +
               QByteArray::number(tracked.instance) + " ref " +
               show(tracked.push ? tracked.push->ref() : QString());
    }

    void outcome(int index, const QByteArray &kind)
    {
        Tracked &tracked = m_pushes[index];
        if (++tracked.outcomes > 1)
            violated(describe(index) + ": a second outcome (" + kind + ")", m_trace);
    }

    void onReplied(int index, const QString &status)
    {
        Tracked &tracked = m_pushes[index];
        outcome(index, "reply " + status.toUtf8());
        tracked.replyErrorExpected = status == u"error"_s;
        tracked.lastStatus = status;
        const Instance &instance = m_instances[tracked.instance];
        if (!m_delivering) {
            // Only a leave completes locally, with "ok" (phoenix.js).
            if (tracked.kind != Tracked::Kind::Leave || status != u"ok"_s)
                violated(describe(index) + ": replied " + status.toUtf8() +
                             " while no frame was being delivered",
                         m_trace);
            return;
        }
        const QString ref = tracked.push->ref();
        const bool matches = m_currentValid && m_current.event == u"phx_reply"_s &&
                             m_current.topic == instance.topic && m_current.ref == ref &&
                             instance.routedBefore &&
                             (m_current.joinRef.isEmpty() || m_current.joinRef == instance.joinRefBefore);
        if (!matches)
            violated(describe(index) + " (channel join_ref " + show(instance.joinRefBefore) +
                         ") was resolved by a frame not carrying its ref and join_ref: join_ref " +
                         show(m_current.joinRef) + " ref " + show(m_current.ref) + " topic " +
                         m_current.topic.toUtf8() + " event " + m_current.event.toUtf8(),
                     m_trace);
        if (status != m_current.payload.value(u"status"_s).toString())
            violated(describe(index) + ": replied with a status the frame does not carry", m_trace);
        if (tracked.kind == Tracked::Kind::Leave)
            m_leaveResolved.insert(tracked.instance);
    }

    void onTimedOut(int index)
    {
        Tracked &tracked = m_pushes[index];
        outcome(index, "timeout");
        if (m_delivering)
            violated(describe(index) + ": timed out while a frame was being delivered", m_trace);
        if (!tracked.zeroTimeout)
            violated(describe(index) + ": timed out long before its timeout", m_trace);
    }

    void onPushError(int index, PhoenixPush::Error error)
    {
        Tracked &tracked = m_pushes[index];
        if (error == PhoenixPush::Error::TimeoutError)
            return; // comes with timedOut()
        if (error == PhoenixPush::Error::ReplyError) {
            if (!tracked.replyErrorExpected)
                violated(describe(index) + ": ReplyError without an error reply", m_trace);
            tracked.replyErrorExpected = false;
            return;
        }
        outcome(index, "local failure " + QByteArray::number(int(error)));
    }

    // ---- the presence model ----

    void modelPresence(const QString &event, const QJsonObject &payload)
    {
        PhoenixChannel *channel = m_instances.first().channel;
        QStringList joinedKeys;
        const PhoenixPresence::JoinCallback onJoin = [&joinedKeys](const QString &key, const QJsonObject &,
                                                                   const QJsonObject &) {
            joinedKeys.append(key);
        };
        if (event == u"presence_state"_s) {
            m_modelJoinRef = channel->joinRef();
            QJsonObject state = PhoenixPresence::syncState(m_modelState, payload, onJoin);
            for (const auto &[joinRef, diff] : std::as_const(m_modelHeld)) {
                if (joinRef == m_modelJoinRef)
                    state = PhoenixPresence::syncDiff(state, diff, onJoin);
            }
            m_modelHeld.clear();
            commitModel(state, joinedKeys);
        } else if (event == u"presence_diff"_s) {
            const QString current = channel->joinRef();
            if (m_modelJoinRef.isEmpty() || m_modelJoinRef != current) {
                m_modelHeld.removeIf([&current](const auto &held) { return held.first != current; });
                m_modelHeld.append({current, payload});
                return;
            }
            commitModel(PhoenixPresence::syncDiff(m_modelState, payload, onJoin), joinedKeys);
        }
    }

    void commitModel(const QJsonObject &state, const QStringList &joinedKeys)
    {
        // Keys keep their place while present; new ones follow in the order they joined.
        m_modelOrder.removeIf([&state](const QString &key) { return !state.contains(key); });
        for (const QString &key : joinedKeys) {
            if (state.contains(key) && !m_modelOrder.contains(key))
                m_modelOrder.append(key);
        }
        m_modelState = state;
    }

    void checkPresence()
    {
        if (!m_presence)
            return;
        PhoenixChannel *channel = m_instances.first().channel;
        if (m_presence->state() != m_modelState)
            violated("presence state " + QJsonDocument(m_presence->state()).toJson(QJsonDocument::Compact) +
                         " differs from the model " +
                         QJsonDocument(m_modelState).toJson(QJsonDocument::Compact),
                     m_trace);
        if (m_presence->keys() != m_modelOrder)
            violated("presence keys " + m_presence->keys().join(u',').toUtf8() + " differ from the model " +
                         m_modelOrder.join(u',').toUtf8(),
                     m_trace);
        const bool modelSynced = channel && !m_modelJoinRef.isEmpty() && m_modelJoinRef == channel->joinRef();
        if (m_presence->isSynced() != modelSynced)
            violated("presence inSync " + QByteArray::number(m_presence->isSynced()) + ", the model says " +
                         QByteArray::number(modelSynced),
                     m_trace);
        QJsonArray expectedList;
        for (const QString &key : std::as_const(m_modelOrder))
            expectedList.append(m_modelState.value(key));
        if (m_presence->list() != expectedList)
            violated("presence list differs from the model", m_trace);
    }

    // ---- after each operation and at the end ----

    //! Every push still pending on a joined channel of an open connection is resolved by a correct reply.
    void finalLiveness()
    {
        FakeTransport *transport = m_factory.current();
        if (!transport || transport->state() != PhoenixTransport::State::Open || !m_socket->isConnected())
            return;
        for (int i = 0; i < int(m_pushes.size()); ++i) {
            const Tracked tracked = m_pushes[i];
            if (!tracked.push || tracked.kind != Tracked::Kind::Message || tracked.push->isFinished() ||
                tracked.push->ref().isEmpty())
                continue;
            const Instance &instance = m_instances[tracked.instance];
            if (!instance.channel || instance.channel->state() != PhoenixChannel::State::Joined)
                continue;
            trace("final reply to " + describe(i));
            const int before = m_pushes[i].outcomes;
            deliverJson(QJsonArray{instance.channel->joinRef(), tracked.push->ref(), instance.topic,
                                   u"phx_reply"_s,
                                   QJsonObject{{u"status"_s, u"ok"_s}, {u"response"_s, QJsonObject()}}});
            if (m_pushes[i].outcomes != before + 1 || m_pushes[i].lastStatus != u"ok"_s)
                violated(describe(i) + ": pending on a joined channel, but its reply did not resolve it",
                         m_trace);
        }
    }

    void trace(const QByteArray &line) { m_trace.append(line); }

    std::unique_ptr<PhoenixSocket> m_socket;
    FakeTransportFactory m_factory;
    std::unique_ptr<PhoenixPresence> m_presence;
    const PhoenixV2JsonSerializer m_serializer;
    QList<Instance> m_instances;
    std::vector<Tracked> m_pushes;
    QSet<PhoenixPush *> m_joinPushes;
    QList<SentFrame> m_sent;
    QSet<QString> m_sentRefs;
    QHash<QString, int> m_pings; // ref → serialOf() the connection the ping went out on
    int m_connections = 0;
    QList<QPointer<FakeTransport>> m_neverClosing;
    QList<QByteArray> m_trace;
    // The frame being delivered:
    PhoenixMessage m_current;
    bool m_currentValid = false;
    bool m_delivering = false;
    int m_pongs = 0;
    QSet<int> m_leaveResolved;
    // The server's habits:
    bool m_autoAccept = true;
    bool m_autoJoins = false;
    bool m_autoLeaves = false;
    FakeTransport::CloseMode m_closeMode = FakeTransport::CloseMode::Queued;
    // The presence model:
    QJsonObject m_modelState;
    QStringList m_modelOrder;
    QString m_modelJoinRef;
    QList<QPair<QString, QJsonObject>> m_modelHeld;
};

void ensureApplication()
{
    static int argc = 1;
    static char name[] = "fuzz_engine";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = nullptr;
    if (app)
        return;
    app = new QCoreApplication(argc, argv); // lives for the process
    // The engine's own logging (warnings about dropped frames, ...) is not what is checked here.
    QLoggingCategory::setFilterRules(u"phoenix.*=false"_s);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "%s\n", qPrintable(message));
            std::abort();
        }
    });
}

// ---- the seed corpus ----

//! Builds an input operation by operation.
struct Seed
{
    QByteArray bytes;
    Seed &op(Op code, std::initializer_list<int> operands = {})
    {
        bytes.append(char(code));
        for (const int operand : operands)
            bytes.append(char(operand));
        return *this;
    }
    Seed &raw(const QByteArray &frame, bool binary = false)
    {
        bytes.append(char(binary ? RawBinary : RawText)).append(char(frame.size())).append(frame);
        return *this;
    }
};

int writeSeeds(const QString &directory)
{
    // Operand values follow the selectors above: channel 0..2 = room:a..c; join_ref kinds 0 current,
    // 1 stale, 2 foreign, 3 random, 4 null, 5 "", 6 zero-padded; ref kinds 0 pending, 1 pending
    // elsewhere, 2 answered, 3 unknown, 4 "", 5 null, 6 zero-padded, 7 join ref (events: | 0x80).
    QList<QPair<QString, Seed>> seeds;
    seeds.append({u"setup_only"_s, Seed()});
    seeds.append(
        {u"push_and_answer"_s,
         Seed().op(Push, {0, 0}).op(Push, {1, 0}).op(Push, {2, 2}).op(AnswerPushes, {0}).op(Turns, {1})});
    seeds.append(
        {u"push_reply_current"_s, Seed().op(Push, {1, 0}).op(Reply, {1, 0, 0, 0, 0, 0}).op(Turns, {0})});
    seeds.append({u"push_reply_stale_and_foreign"_s, Seed()
                                                         .op(Push, {0, 0})
                                                         .op(Reply, {0, 1, 0, 0, 0, 0})
                                                         .op(Reply, {0, 2, 0, 0, 0, 0})
                                                         .op(Reply, {0, 6, 0, 0, 0, 0})
                                                         .op(Reply, {0, 4, 6, 0, 0, 0})
                                                         .op(Reply, {0, 0, 0, 1, 0, 0})});
    seeds.append({u"push_reply_binary"_s, Seed().op(Push, {2, 2}).op(Reply, {2, 0, 0, 0, 0x80, 0})});
    seeds.append({u"presence_state_and_diffs"_s, Seed()
                                                     .op(ServerEvent, {2, 0, 0, 0, 0, 2, 0, 1, 5, 1})
                                                     .op(ServerEvent, {3, 0, 0, 0, 0, 1, 2, 3, 1, 0, 1})
                                                     .op(ServerEvent, {3, 0, 4, 0, 0, 0, 1, 0, 9})
                                                     .op(ServerEvent, {3, 0, 1, 0, 0, 1, 1, 2})});
    seeds.append({u"presence_diff_before_state"_s, Seed()
                                                       .op(ServerEvent, {3, 0, 0, 0, 0, 1, 4, 2, 0})
                                                       .op(ServerEvent, {2, 0, 0, 0, 0, 2, 0, 1, 5, 1})
                                                       .op(TransportFault, {0})
                                                       .op(Turns, {3})
                                                       .op(ServerEvent, {3, 0, 0, 0, 0, 1, 6, 2, 0})
                                                       .op(AnswerJoins, {0})
                                                       .op(ServerEvent, {2, 0, 0, 0, 0, 1, 6, 2})});
    seeds.append({u"drop_reconnect_rejoin"_s, Seed()
                                                  .op(Push, {0, 0})
                                                  .op(TransportFault, {0})
                                                  .op(Turns, {3})
                                                  .op(AnswerJoins, {0})
                                                  .op(Turns, {1})
                                                  .op(Push, {1, 0})
                                                  .op(Reply, {0, 1, 2, 0, 0, 0})
                                                  .op(AnswerPushes, {0})});
    seeds.append({u"leave_and_join_again"_s, Seed()
                                                 .op(Leave, {1, 0})
                                                 .op(AnswerPushes, {0})
                                                 .op(ServerEvent, {0, 1, 0, 0, 0})
                                                 .op(Turns, {1})
                                                 .op(Join, {1})
                                                 .op(AnswerJoins, {0})
                                                 .op(Push, {1, 0})});
    seeds.append({u"leave_then_server_error"_s, Seed()
                                                    .op(Leave, {2, 0})
                                                    .op(ServerEvent, {1, 2, 0, 0, 0})
                                                    .op(Turns, {2})
                                                    .op(AnswerPushes, {0})
                                                    .op(Turns, {2})});
    seeds.append({u"server_error_and_close"_s, Seed()
                                                   .op(ServerEvent, {1, 0, 0, 0, 0})
                                                   .op(ServerEvent, {0, 1, 1, 0, 0})
                                                   .op(ServerEvent, {0, 2, 0, 0, 0})
                                                   .op(Turns, {1})
                                                   .op(AnswerJoins, {1})
                                                   .op(Turns, {1})
                                                   .op(AnswerJoins, {0})});
    seeds.append({u"ping_pong"_s,
                  Seed().op(Ping).op(Reply, {0, 4, 1, 0, 0, 0}).op(Ping).op(Reply, {1, 4, 6, 0, 0, 0})});
    seeds.append({u"zero_timeouts"_s,
                  Seed().op(Push, {0, 1}).op(Leave, {1, 1}).op(Turns, {2}).op(Reply, {0, 0, 2, 0, 0, 0})});
    seeds.append({u"events_all_join_refs"_s, Seed()
                                                 .op(ServerEvent, {4, 0, 0, 0, 0, 1})
                                                 .op(ServerEvent, {4, 0, 1, 0, 0, 1})
                                                 .op(ServerEvent, {4, 1, 2, 0, 0, 1})
                                                 .op(ServerEvent, {4, 2, 4, 0x84, 0, 1})
                                                 .op(ServerEvent, {4, 2, 5, 0x85, 0, 1})
                                                 .op(ServerEvent, {4, 6, 4, 0, 0, 1})
                                                 .op(ServerEvent, {5, 7, 4, 0, 0})
                                                 .op(ServerEvent, {4, 0, 0, 0, 0x80, 1})
                                                 .op(ServerEvent, {4, 1, 4, 0, 0xc0, 1})});
    seeds.append({u"raw_frames"_s, Seed()
                                       .raw(R"(["1","1","room:a","phx_reply",{"status":"ok","response":{}}])")
                                       .raw(R"([null,null,"room:b","new_msg",{"body":"hi"}])")
                                       .raw(R"(["2","","room:b","evt",{}])")
                                       .raw(QByteArray("\x02\x06\x03room:cevt{}", 14), true)
                                       .raw(R"([null,"x","room:c")")});
    seeds.append({u"second_instance"_s, Seed()
                                            .op(NewInstance, {1})
                                            .op(Turns, {1})
                                            .op(AnswerPushes, {0})
                                            .op(AnswerJoins, {0})
                                            .op(Push, {3, 0})
                                            .op(ServerEvent, {4, 1, 4, 0, 0, 3})
                                            .op(AnswerPushes, {0})});
    seeds.append({u"offline_pushes"_s, Seed()
                                           .op(Connection, {2})
                                           .op(TransportFault, {1})
                                           .op(Push, {0, 0})
                                           .op(Leave, {1, 0})
                                           .op(Turns, {2})
                                           .op(Connection, {0})
                                           .op(Turns, {1})
                                           .op(AnswerJoins, {0})
                                           .op(Turns, {1})});
    seeds.append({u"disconnect_connect"_s, Seed()
                                               .op(Connection, {7})
                                               .op(Connection, {3})
                                               .op(Push, {2, 0})
                                               .op(Turns, {1})
                                               .op(Connection, {4})
                                               .op(Turns, {2})
                                               .op(AutoAnswer, {3})
                                               .op(Turns, {2})
                                               .op(AnswerPushes, {0})});
    seeds.append({u"delete_push_and_channel"_s, Seed()
                                                    .op(Push, {1, 0})
                                                    .op(DeletePush, {3})
                                                    .op(Reply, {1, 0, 2, 0, 0, 0})
                                                    .op(DeleteChannel, {2})
                                                    .op(ServerEvent, {4, 2, 4, 0, 0, 1})
                                                    .op(Turns, {1})});

    if (!QDir().mkpath(directory)) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(directory));
        return 1;
    }
    for (const auto &[name, seed] : std::as_const(seeds)) {
        QFile file(directory + u'/' + name + u".bin"_s);
        if (!file.open(QIODevice::WriteOnly) || file.write(seed.bytes) != seed.bytes.size()) {
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
    Reader input(data, size);
    Harness harness;
    harness.setUp();
    harness.run(input);
    return 0;
}
