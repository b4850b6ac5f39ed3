// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

#include "clioptions.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>

class PhoenixChannel;
class PhoenixPush;
class PhoenixSocket;
class QSocketNotifier;

/*!
 * \brief phoenix-cli's engine: connects a PhoenixSocket, runs the command list, prints what happens.
 *
 * Uses the public PhoenixQt API only. Each step of CliOptions::commands starts when the previous
 * one is done (a join when its reply came, a push when its reply came, a stdin push at end of
 * input with every reply in). Incoming messages, presence changes and errors are printed whenever
 * they arrive. The first failure ends the run with its CliExit code. Lives in the main thread.
 */
class PhoenixCli : public QObject
{
    Q_OBJECT

public:
    //! Creates the engine for \a options; run() starts it.
    explicit PhoenixCli(const CliOptions &options, QObject *parent = nullptr);
    ~PhoenixCli() override;

    //! Connects and runs the commands; finished() reports the exit code.
    void run();
    //! Stops at once (SIGINT/SIGTERM): Ok while listening, Interrupted otherwise.
    void interrupt();

Q_SIGNALS:
    //! Emitted once, when the run is over, with the process exit code (a CliExit value).
    void finished(int exitCode);

private:
    void nextCommand();
    void startJoin(const CliCommand &command);
    void startPush(const CliCommand &command);
    void startStdinPush(const CliCommand &command);
    void startLeave();
    void startListen(const CliCommand &command);
    void pushPayload(const QString &event, const QJsonObject &payload);
    void readStdin();
    void stepDone();
    void finish(CliExit code);
    void watchChannel(PhoenixChannel *channel);

    void print(const QJsonObject &json, const QString &text);
    static QString compact(const QJsonValue &value);

    CliOptions m_options;
    PhoenixSocket *m_socket = nullptr;
    QPointer<PhoenixChannel> m_channel;
    qsizetype m_next = 0;
    bool m_connected = false;
    bool m_listening = false;
    bool m_done = false;
    int m_pendingPushes = 0;
    QString m_stdinEvent;
    QSocketNotifier *m_stdinNotifier = nullptr;
    QByteArray m_stdinBuffer;
    bool m_stdinOpen = false;
    QTimer m_connectTimer;
    QTimer m_listenTimer;
    QTextStream m_out;
};
