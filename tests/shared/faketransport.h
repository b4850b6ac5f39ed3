// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// A PhoenixTransport the test drives by hand, frame by frame, and a scripted Phoenix server on top
// of it: the protocol engine runs without sockets, so tests decide exactly when a connection
// opens, what arrives in which order and when a connection drops.
#pragma once

#include <PhoenixQt/PhoenixSocket>
#include <PhoenixQt/PhoenixTransport>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QPointer>

#include <functional>

namespace PhoenixTest {

/*!
 * A transport whose network is the test: accept() opens it, receive() delivers a frame,
 * serverClose()/drop() end it, and everything the socket sends lands in sent(). It reports through
 * PhoenixTransport's protected API, so the contract (order of events) is the one real transports
 * follow. Nothing happens by itself, except what closeMode() says about close().
 */
class FakeTransport : public PhoenixTransport
{
    Q_OBJECT

public:
    //! What happens when the socket calls close().
    enum class CloseMode {
        Immediately, //!< reportClosed() from within close() (as a dead connection may)
        Queued,      //!< reportClosed() from the event loop (a quick close handshake)
        Never        //!< the test completes it with completeClose() (a slow TLS close, a dead peer)
    };

    explicit FakeTransport(QObject *parent = nullptr)
        : PhoenixTransport(parent)
    {
    }

    void open(const PhoenixTransportOptions &options) override;
    void send(const QByteArray &frame, PhoenixTransport::FrameType type) override;
    void close(int code, const QString &reason) override;
    void abort() override;
    bool needsHeartbeat() const override { return m_heartbeats; }
    QString name() const override { return QStringLiteral("fake"); }

    // ---- the network, played by the test ----
    void accept();
    void refuse(PhoenixTransport::Error error = PhoenixTransport::Error::ConnectionRefusedError,
                const QString &message = QStringLiteral("refused by the test"));
    void receive(const QByteArray &frame,
                 PhoenixTransport::FrameType type = PhoenixTransport::FrameType::Text);
    void receive(const QJsonArray &frame);
    void serverClose(int code = 1000, const QString &reason = QString());
    void drop();
    void completeClose();
    void setNeedsHeartbeat(bool needed) { m_heartbeats = needed; }
    void setCloseMode(CloseMode mode) { m_closeMode = mode; }

    // ---- what the socket did ----
    PhoenixTransportOptions options() const { return m_options; }
    QList<QByteArray> sentFrames() const { return m_sent; }
    //! The text frames sent, parsed as V2 arrays (binary frames are skipped).
    QList<QJsonArray> sentJson() const;
    int closeCalls() const { return m_closeCalls; }
    int abortCalls() const { return m_abortCalls; }
    int closeCode() const { return m_closeCode; }

Q_SIGNALS:
    void frameSent(const QByteArray &frame, PhoenixTransport::FrameType type);
    void openRequested();
    void closeRequested(int code, const QString &reason);

private:
    PhoenixTransportOptions m_options;
    QList<QByteArray> m_sent;
    QList<PhoenixTransport::FrameType> m_sentTypes;
    CloseMode m_closeMode = CloseMode::Queued;
    int m_closeCalls = 0;
    int m_abortCalls = 0;
    int m_closeCode = 0;
    bool m_heartbeats = true;
};

/*!
 * Installs itself as \a socket's transport factory and hands out FakeTransports; the test reaches
 * them with current() or transports(). The transports are owned by the socket.
 */
class FakeTransportFactory : public QObject
{
    Q_OBJECT

public:
    explicit FakeTransportFactory(PhoenixSocket *socket);

    //! The transport of the latest connection attempt (null before the first).
    FakeTransport *current() const { return m_transports.isEmpty() ? nullptr : m_transports.last().data(); }
    //! How many transports were made (connection attempts).
    int created() const { return int(m_transports.size()); }
    //! The kinds the socket asked for, in order.
    QList<PhoenixSocket::Transport> kinds() const { return m_kinds; }
    //! Configures every new transport before the socket opens it.
    std::function<void(FakeTransport *)> setup;

Q_SIGNALS:
    void transportCreated(PhoenixTest::FakeTransport *transport);

private:
    QList<QPointer<FakeTransport>> m_transports;
    QList<PhoenixSocket::Transport> m_kinds;
};

/*!
 * A scripted Phoenix server (protocol V2) over the fake transports of one socket: it records every
 * frame the client sends (parsed) and, unless told otherwise, accepts connections, answers
 * heartbeats, joins (ok) and leaves (ok, then phx_close) the way Phoenix does — always from the
 * event loop, never from within the client's send(), as a real network would.
 */
class FakeServer : public QObject
{
    Q_OBJECT

public:
    explicit FakeServer(PhoenixSocket *socket);

    FakeTransportFactory *factory() { return &m_factory; }
    FakeTransport *transport() const { return m_factory.current(); }

    bool acceptConnections = true;
    bool answerHeartbeats = true;
    bool answerJoins = true;
    bool answerLeaves = true;
    bool answerPushes = false; //!< reply ok with the payload to every other event (an echo server)
    //! Decides the reply to a join; the default answers ok with an empty response.
    std::function<void(const QJsonArray &join)> onJoin;

    //! Every frame received, in order (all connections).
    QList<QJsonArray> frames() const { return m_frames; }
    QList<QJsonArray> frames(const QString &topic, const QString &event) const;
    int count(const QString &topic, const QString &event) const { return int(frames(topic, event).size()); }
    QJsonArray last(const QString &topic, const QString &event) const;
    void clear() { m_frames.clear(); }

    //! Sends \a frame to the client now (on the current transport).
    void send(const QJsonArray &frame);
    //! Replies to \a request (a frame the client sent) with \a status and \a response.
    void reply(const QJsonArray &request, const QString &status = QStringLiteral("ok"),
               const QJsonObject &response = QJsonObject());
    //! Channel.push: [join_ref, null, topic, event, payload].
    void push(const QString &joinRef, const QString &topic, const QString &event,
              const QJsonObject &payload = {});
    //! A broadcast: [null, null, topic, event, payload].
    void broadcast(const QString &topic, const QString &event, const QJsonObject &payload = {});

Q_SIGNALS:
    void frameReceived(const QJsonArray &frame);

private:
    void onTransport(FakeTransport *transport);
    void onFrame(const QJsonArray &frame);

    FakeTransportFactory m_factory;
    QList<QJsonArray> m_frames;
};

} // namespace PhoenixTest
