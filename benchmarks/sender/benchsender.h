// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "../common/benchcommon.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QLoggingCategory>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>

class QSocketNotifier;
class QTcpServer;

Q_DECLARE_LOGGING_CATEGORY(lcBenchSender)

class BenchSender;

/*!
 * \brief One WebSocket connection of the benchmark sender.
 *
 * Speaks just enough of RFC 6455 (handshake, masked client frames, ping/close) and of the Phoenix V2
 * protocol (join, leave, heartbeat, echo, bench_start, bench_restart) for the benchmark clients. The
 * flood frames are encoded once per bench_start (one frame per joined topic, in a single buffer) and
 * then written as slices of that buffer straight to the socket, so sending costs the sender little
 * more than the write() calls. The socket is read and written with plain non-blocking read()/write()
 * and two QSocketNotifiers (Linux), so a client that writes one frame per syscall costs the sender
 * one read and one write per frame.
 * Echo pushes are answered from the frame's bytes without a JSON parse (replyToEcho()), so the
 * outbound benchmarks measure the clients, not the sender. When a connection that echoed closes, one
 * line {"connection":{"frames_in","echoes","wall_s","cpu_s"}} is printed on stdout.
 *
 * Owned by its BenchSender (QObject child); lives in the sender's thread.
 */
class BenchConnection : public QObject
{
    Q_OBJECT

public:
    //! Takes over the connected socket \a descriptor (closed with this object).
    BenchConnection(qintptr descriptor, BenchSender *sender);
    ~BenchConnection() override;

    //! Sends a close frame with \a code and half-closes the connection once it is written.
    void closeWithCode(quint16 code);

Q_SIGNALS:
    //! Emitted when the TCP connection is gone; the connection deletes itself later.
    void finished(BenchConnection *connection);
    //! Emitted when the client asked for a restart of the server (bench_restart) with the down time in ms.
    void restartRequested(int downMs);

private:
    void onReadable();
    void onWritable();
    void queue(QByteArrayView bytes);
    bool flushOut();
    void hangUp();
    void finishFlood();
    bool readHandshake();
    void readFrames();
    void handleText(QByteArrayView text);
    bool replyToEcho(QByteArrayView text);
    void printEchoFigures();
    void reply(const QJsonValue &joinRef, const QJsonValue &ref, const QString &topic,
               const QJsonValue &response);
    void sendText(const QByteArray &text);
    void writeFrame(quint8 opcode, QByteArrayView payload);
    void prepareFlood(qint64 count, int size);
    void pump();

    int m_fd = -1;
    BenchSender *m_sender = nullptr;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QByteArray m_in;
    QByteArray m_out; // bytes queued for writing, from m_outPos on
    qsizetype m_outPos = 0;
    bool m_shutdownDone = false;
    QByteArray m_fragment;
    quint8 m_fragmentOpcode = 0;
    bool m_upgraded = false;
    bool m_closing = false;
    qint64 m_upgradedUs = 0; // CLOCK_MONOTONIC µs when the handshake was answered
    QByteArray m_frame;      // scratch buffers reused for every frame written
    QByteArray m_reply;

    // Outbound figures, printed as {"connection":{...}} when the connection closes (echo pushes only).
    qint64 m_framesIn = 0;
    qint64 m_echoes = 0;
    bool m_printed = false;
    Bench::Window m_connectionWindow;

    QStringList m_topics; // joined topics in join order: the flood goes round-robin over them
    QHash<QString, qsizetype> m_topicIndex;

    QByteArray m_cycle;           // one encoded WebSocket frame per joined topic, back to back
    QList<qsizetype> m_frameEnds; // end offset of each frame in m_cycle
    qint64 m_remaining = 0;       // frames still to write
    qsizetype m_sliceBegin = 0;   // the part of m_cycle the kernel did not take yet
    qsizetype m_sliceEnd = 0;
    qsizetype m_next = 0; // index of the next frame in m_cycle
    bool m_flooding = false;
    qint64 m_floodCount = 0;
    int m_floodSize = 0;
    Bench::Window m_floodWindow;
};

/*!
 * \brief phoenix-benchsender: the shared load source of the benchmarks.
 *
 * Listens on 127.0.0.1 and accepts any path. On bench_restart it closes every connection with code
 * 1012, stops listening for the asked time and listens again on the same port; join replies carry
 * {"up_us": CLOCK_MONOTONIC µs of the last (re)start, "conn_us": µs when this connection's handshake
 * was answered} when the join params have "stamp": true, so clients can time their rejoin; otherwise
 * the join reply is {} as with most Phoenix channels.
 */
class BenchSender : public QObject
{
    Q_OBJECT

public:
    explicit BenchSender(QObject *parent = nullptr);

    //! Starts listening on \a port (0 = any free port). Returns false on failure.
    bool listen(quint16 port);
    //! The port listened on.
    quint16 port() const { return m_port; }
    //! CLOCK_MONOTONIC µs when the server last started listening.
    qint64 upUs() const { return m_upUs; }

private:
    void accept(qintptr descriptor);
    void restart(int downMs);
    void relisten();

    QTcpServer *m_server = nullptr;
    QList<BenchConnection *> m_connections;
    quint16 m_port = 0;
    qint64 m_upUs = 0;
    bool m_restarting = false;
};
