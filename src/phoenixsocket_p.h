// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixguard_p.h"
#include "phoenixsocket.h"
#include "phoenixserializer.h"

#include <QtCore/QBasicTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtCore/QVarLengthArray>
#include <QtWebSockets/QWebSocket>

#include <deque>
#include <vector>

class PhoenixChannelPrivate;
class PhoenixPush;

class PhoenixSocketPrivate
{
public:
    explicit PhoenixSocketPrivate(PhoenixSocket *q);

    // Connection lifecycle
    void open();
    void onOpened();
    void onClosed();
    void onTransportError(QWebSocket *socket, QAbstractSocket::SocketError socketError);
    void onTextFrame(const QString &frame);
    void onBinaryFrame(const QByteArray &frame);
    void onMessage(const PhoenixMessage &message);
    //! Drops the current connection without reconnect bookkeeping (reconfigure, destruction).
    void dropConnection(bool abort);
    //! Reconnects at once with the current settings when connected or connecting (runtime reconfigure).
    void reconnectIfActive();
    void scheduleReconnect();
    void setState(PhoenixSocket::State newState);
    void setError(PhoenixSocket::Error error, const QString &message);
    void setErrorQueued(PhoenixSocket::Error error, const QString &message);
    QUrl endpointUrl() const;
    //! The url without query and user info: safe to print.
    QString safeUrl() const;

    // Heartbeat
    void resetHeartbeat();
    void clearHeartbeats();
    void sendHeartbeat();
    void onHeartbeatTimeout();
    void setLatency(int ms);

    // Sending
    enum class SendResult { Sent, Buffered, BufferFull, EncodingFailed };
    /*!
     * Sends \a message now or, while not connected, keeps it for the next connect. \a channel (may be
     * null) lets a buffered frame be dropped if the channel rejoined or closed meanwhile.
     */
    SendResult send(const PhoenixMessage &message, PhoenixChannelPrivate *channel, QString *errorString = nullptr);
    bool writeFrame(const PhoenixMessage &message, QString *errorString);
    void flushSendBuffer();
    bool bufferFull() const;
    void adjustBuffered(int delta);

    // Channels
    void route(PhoenixChannelPrivate *channel);
    void unroute(PhoenixChannelPrivate *channel);
    void leaveOpenTopic(const QString &topic, PhoenixChannelPrivate *except);
    void removeChannel(PhoenixChannelPrivate *channel);
    //! Calls \a visit for every routed channel; safe against channels (or the socket) deleted meanwhile.
    //! Returns false if the socket was deleted.
    bool forEachChannel(const std::function<void(PhoenixChannelPrivate *)> &visit);
    int rejoinDelay(int tries) const;

    struct Buffered
    {
        PhoenixMessage message;
        PhoenixChannelPrivate *channel = nullptr; // entries of a deleted channel are purged by removeChannel()
    };

    PhoenixSocket *const q;
    QUrl url;
    QJsonObject params;
    QVariantMap headers;
    QString authToken;
    PhoenixSocket::ParamsProvider paramsProvider;
    PhoenixSocket::TokenProvider tokenProvider;
    PhoenixSocket::BackoffFunction reconnectAfter;
    PhoenixSocket::BackoffFunction rejoinAfter;
    std::unique_ptr<PhoenixSerializer> serializer;
#ifndef QT_NO_SSL
    QSslConfiguration sslConfiguration;
    bool hasSslConfiguration = false;
#endif
    QWebSocket *ws = nullptr;
    PhoenixDeletionGuard *guards = nullptr;
    // Routing table: the first channel of each topic; further instances of a topic (rare: a join
    // replacing another) are linked through PhoenixChannelPrivate::nextSameTopic, in creation order.
    QHash<QString, PhoenixChannelPrivate *> byTopic;
    // Snapshots that channel walks (open/close, possibly nested) are iterating, so removeChannel()
    // can null the entries of a channel deleted meanwhile.
    QVarLengthArray<std::vector<PhoenixChannelPrivate *> *, 2> walks;
    std::deque<Buffered> sendBuffer;
    QHash<QString, QElapsedTimer> pings;
    // Pushes waiting for a reply, by ref (refs are unique per socket). One table for all channels:
    // a hash per channel would cost each joined channel ~1.7 KiB once its join was sent.
    QHash<QString, PhoenixPush *> pendingReplies;
    QString pendingHeartbeatRef;
    QElapsedTimer heartbeatClock;
    QBasicTimer heartbeatTimer;
    QBasicTimer heartbeatTimeoutTimer;
    QBasicTimer reconnectTimer;
    QString errorString;
    quint64 refCounter = 0;
    int heartbeatInterval = 30000;
    int heartbeatTimeout = -1;
    int timeout = 10000;
    int sendBufferLimit = 10000;
    qint64 maxMessageSize = 64 * 1024 * 1024;
    int buffered = 0;
    int latency = -1;
    int reconnectTries = 0;
    double jitter = 0.0;
    PhoenixSocket::State state = PhoenixSocket::State::Disconnected;
    PhoenixSocket::Error error = PhoenixSocket::Error::NoError;
    bool autoReconnect = true;
    bool networkAware = true;
    bool closeWasClean = true; // the user asked for the current disconnect
    bool destroying = false;
    bool networkHooked = false;
    bool heartbeatAborted = false;
    bool errorReported = false; // an error was reported for the current connection (attempt) // the current close is ours, after a heartbeat timeout
};
