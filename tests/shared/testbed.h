// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Fixtures shared by the test suites that talk to the in-process dev server over real sockets:
// the server + socket TestBed, a recorder of what the server received, a log capture, and the
// small helpers every suite needs. Header-only, so a suite picks what it uses.
#pragma once

#include "phoenixdevserver.h"

#include <PhoenixQt/PhoenixChannel>
#include <PhoenixQt/PhoenixPush>
#include <PhoenixQt/PhoenixSocket>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QLoggingCategory>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

namespace PhoenixTest {

using namespace Qt::StringLiterals;

inline constexpr int RejoinMs = 50;
inline constexpr int ReconnectMs = 20;
inline constexpr int WaitMs = 5000;
//! How long a "this must not happen" check watches: several rejoin/reconnect periods.
inline constexpr int QuietMs = 300;

inline const QString Lobby = u"room:lobby"_s;
//! The dev server's LongPoll window in wire tests (Phoenix: 10 s): the end of a LongPoll session is
//! noticed by the poll after the outstanding one, and a closed session expires after 1.5 windows.
inline constexpr int LongPollWindowMs = 500;

// ---- running a suite over both transports ----------------------------------------------------------
//
// A wire suite adds `void initTestCase_data() { PhoenixTest::addTransportRows(); }`: Qt Test then
// runs every test function once per transport (rows "websocket" and "longpoll"), and TestBed,
// useCurrentTransport() and isLongPoll() follow the current row. Tests that cannot apply to one
// transport skip it with PHOENIX_SKIP_ON_LONGPOLL(reason).

namespace Detail {
inline bool transportRows = false; // the suite called addTransportRows()
} // namespace Detail

//! Adds the global `transport` column with one row per transport (call from initTestCase_data()).
inline void addTransportRows()
{
    Detail::transportRows = true;
    QTest::addColumn<PhoenixSocket::Transport>("transport");
    QTest::newRow("websocket") << PhoenixSocket::Transport::WebSocket;
    QTest::newRow("longpoll") << PhoenixSocket::Transport::LongPoll;
}

//! The transport of the current global row; WebSocket in suites without transport rows.
inline PhoenixSocket::Transport currentTransport()
{
    if (!Detail::transportRows)
        return PhoenixSocket::Transport::WebSocket;
    QFETCH_GLOBAL(PhoenixSocket::Transport, transport);
    return transport;
}

inline bool isLongPoll()
{
    return currentTransport() == PhoenixSocket::Transport::LongPoll;
}

//! Puts \a socket on the transport of the current row (for sockets made outside a TestBed).
inline void useCurrentTransport(PhoenixSocket &socket)
{
    socket.setTransport(currentTransport());
}

//! Skips the current test function on the LongPoll row, saying why it cannot apply there.
#define PHOENIX_SKIP_ON_LONGPOLL(reason)                                                                     \
    do {                                                                                                     \
        if (PhoenixTest::isLongPoll())                                                                       \
            QSKIP(reason);                                                                                   \
    } while (false)

//! Records every frame the dev server receives (text frames parsed), from its creation on.
class FrameRecorder
{
public:
    explicit FrameRecorder(PhoenixDevServer *server)
    {
        QObject::connect(server, &PhoenixDevServer::textFrameReceived, &m_context,
                         [this](const QString &frame) {
                             m_frames.append(QJsonDocument::fromJson(frame.toUtf8()).array());
                         });
        QObject::connect(server, &PhoenixDevServer::binaryFrameReceived, &m_context,
                         [this](const QByteArray &frame) { m_binary.append(frame); });
    }

    //! Frames on \a topic with \a event, in arrival order.
    QList<QJsonArray> frames(const QString &topic, const QString &event) const
    {
        QList<QJsonArray> result;
        for (const QJsonArray &frame : m_frames) {
            if (frame.at(2).toString() == topic && frame.at(3).toString() == event)
                result.append(frame);
        }
        return result;
    }
    int count(const QString &topic, const QString &event) const { return int(frames(topic, event).size()); }
    QList<QJsonArray> all() const { return m_frames; }
    QList<QByteArray> binary() const { return m_binary; }
    void clear()
    {
        m_frames.clear();
        m_binary.clear();
    }

private:
    QObject m_context; // disconnects the recorder when it goes away
    QList<QJsonArray> m_frames;
    QList<QByteArray> m_binary;
};

//! Fast schedules for tests: rejoin after RejoinMs, reconnect after ReconnectMs, no network hints.
inline void configureFast(PhoenixSocket &socket)
{
    socket.setNetworkAware(false);
    socket.setRejoinAfter([](int) { return RejoinMs; });
    socket.setReconnectAfter([](int) { return ReconnectMs; });
    socket.setTimeout(WaitMs);
}

//! Opens \a socket and waits until it is connected.
[[nodiscard]] inline bool connectSocket(PhoenixSocket &socket)
{
    if (socket.isConnected())
        return true;
    QSignalSpy connected(&socket, &PhoenixSocket::connected);
    socket.connectToServer();
    return connected.wait(WaitMs);
}

//! Joins \a channel and waits until it is joined.
[[nodiscard]] inline bool joinChannel(PhoenixChannel *channel)
{
    QSignalSpy joined(channel, &PhoenixChannel::joined);
    channel->join();
    return joined.wait(WaitMs) && channel->isJoined();
}

/*!
 * What a wire test starts from: a dev server listening on a free loopback port, a FrameRecorder
 * attached to it before anything connects, and a socket to it (not connected) over \a transport
 * (by default the current row's, see addTransportRows()); the server's LongPoll window is
 * LongPollWindowMs. With Setup::Fast (the default) the socket gets configureFast(); Setup::Defaults
 * leaves phoenix.js's defaults. The members are created in this order and destroyed in reverse,
 * socket first. Each test checks \c listening before it uses the rest.
 */
struct TestBed
{
    enum class Setup { Fast, Defaults };
    explicit TestBed(Setup setup = Setup::Fast, PhoenixSocket::Transport transport = currentTransport())
    {
        server.setLongPollWindow(LongPollWindowMs);
        socket.setTransport(transport);
        if (setup == Setup::Fast)
            configureFast(socket);
    }

    PhoenixDevServer server;
    const bool listening = server.listen();
    FrameRecorder recorder{&server};
    PhoenixSocket socket{server.url()};
};

//! Captures every log line while alive (all phoenix.* categories enabled), e.g. to prove that
//! secrets stay out of the logs or that a flood of warnings is limited.
class LogCapture
{
public:
    LogCapture()
    {
        s_lines = &m_lines;
        QLoggingCategory::setFilterRules(u"phoenix.*=true"_s);
        m_previous =
            qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &message) {
                if (s_lines)
                    s_lines->append(message);
            });
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previous);
        QLoggingCategory::setFilterRules(QString());
        s_lines = nullptr;
    }
    LogCapture(const LogCapture &) = delete;
    LogCapture &operator=(const LogCapture &) = delete;
    QString all() const { return m_lines.join(u'\n'); }
    QStringList lines() const { return m_lines; }
    qsizetype count() const { return m_lines.size(); }

private:
    static inline QStringList *s_lines = nullptr;
    QStringList m_lines;
    QtMessageHandler m_previous = nullptr;
};

inline int countSocketErrors(const QSignalSpy &spy, PhoenixSocket::Error error)
{
    int n = 0;
    for (const QList<QVariant> &args : spy) {
        if (args.at(0).value<PhoenixSocket::Error>() == error)
            ++n;
    }
    return n;
}

inline bool hasSocketError(const QSignalSpy &spy, PhoenixSocket::Error error)
{
    return countSocketErrors(spy, error) > 0;
}

inline QString frameText(const QJsonArray &frame)
{
    return QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact));
}

inline QJsonArray frameOf(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).array();
}

inline QJsonValue jsonRef(const QString &ref)
{
    return ref.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(ref);
}

//! Events of a messageReceived spy, without the presence events the dev server sends on every join.
inline QStringList appEvents(const QSignalSpy &spy)
{
    QStringList events;
    for (const QList<QVariant> &args : spy) {
        const QString event = args.at(0).toString();
        if (!event.startsWith(u"presence_"_s))
            events.append(event);
    }
    return events;
}

inline QList<QJsonObject> payloadsOf(const QSignalSpy &spy, const QString &event)
{
    QList<QJsonObject> payloads;
    for (const QList<QVariant> &args : spy) {
        if (args.at(0).toString() == event)
            payloads.append(args.at(1).toJsonObject());
    }
    return payloads;
}

} // namespace PhoenixTest
