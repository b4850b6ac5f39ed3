// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixchannelhost_p.h"
#include "phoenixchannelregistry_p.h"
#include "phoenixguard_p.h"
#include "phoenixjsontext_p.h"
#include "phoenixloglimiter_p.h"
#include "phoenixnetworkstatus_p.h"
#include "phoenixreplytable_p.h"
#include "phoenixsendbuffer_p.h"
#include "phoenixserializer.h"
#include "phoenixsocket.h"
#include "phoenixtelemetry_p.h"
#include "phoenixtransport.h"

#include <QtCore/QBasicTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QPointer>

#include <array>
#include <memory>

/*!
 * \internal
 * The protocol engine behind PhoenixSocket: one connection at a time over a PhoenixTransport,
 * heartbeats, reconnects, the refs, and the state that only it owns (the reply table with the push
 * deadlines, the channel registry, the send buffer). Channels reach it through PhoenixChannelHost.
 *
 * The path of an incoming frame: transport frameReceived → onFrame() (decode) → onMessage()
 * (heartbeat and ping replies, then routing by topic and join_ref) → PhoenixChannelPrivate::dispatch()
 * or, for replies, announceReply() and the push taken out of the reply table. The path of a push:
 * PhoenixChannel::push() → PhoenixChannelPrivate::submit()/sendPush() → expectReply() +
 * sendFrame() → writeFrame() (encode) → PhoenixTransport::send(), or the send buffer while offline.
 */
class PhoenixSocketPrivate final : public PhoenixChannelHost
{
public:
    explicit PhoenixSocketPrivate(PhoenixSocket *q);
    ~PhoenixSocketPrivate();

    // ---- PhoenixChannelHost ----
    PhoenixSocket *socketObject() const override { return q; }
    bool isConnected() const override { return connection && connection->open && !connection->closing; }
    quint64 nextRef() override { return ++refCounter; }
    SendResult sendFrame(const PhoenixMessage &message, PhoenixChannelPrivate *channel,
                         QString *problem) override;
    void expectReply(quint64 ref, PhoenixPushPrivate *push, PhoenixChannelPrivate *channel,
                     int timeoutMs) override;
    void forgetReply(quint64 ref) override { replies.remove(ref); }
    int rejoinDelay(int tries) const override;
    void leaveOtherInstances(const QString &topic, PhoenixChannelPrivate *except) override;
    void routeChannel(PhoenixChannelPrivate *channel) override { registry.route(channel); }
    void unrouteChannel(PhoenixChannelPrivate *channel) override { registry.unroute(channel); }
    void channelDestroyed(PhoenixChannelPrivate *channel) override;
    bool adjustBuffered(int count) override;
    int sendBufferLimit() const override { return bufferLimit; }
    void reportBufferFull(const QString &message) override;
    void channelRejoining(PhoenixChannelPrivate *) override { ++telemetry.counters.rejoins; }
    void pushFinished(const QString &topic, const QString &event, const QString &status,
                      qint64 durationMs) override;
    void dropMalformed(const QString &problem) override;

    // ---- connections ----
    //! One connection over one transport object (phoenix.js Connection).
    struct Connection
    {
        PhoenixTransport *transport = nullptr; // a QObject child of the socket
        QHash<quint64, QElapsedTimer> pings;   // ping() round trips in flight over this connection
        bool open = false;
        bool closing = false;       // disconnectFromServer() is closing it
        bool errorReported = false; // one error report per connection (attempt)
        bool noRetry = false;       // it failed in a way another attempt cannot fix (bad URL, bad token)
    };

    PhoenixChannel *createChannel(const QString &topic, const QJsonObject &params);
    //! Starts a connection attempt (no-op while one is current).
    void open();
    PhoenixTransportOptions transportOptions() const;
    QUrl endpointUrl() const;
    PhoenixTransport *createTransport();
    void onOpened();
    void onFrame(const QByteArray &frame, PhoenixTransport::FrameType type);
    void onTransportError(PhoenixTransport::Error error, const QString &message);
    void onTransportClosed(int code, const QString &reason, bool clean);
    /*!
     * Ends the current connection (its transport closed, failed, or is given up on): the socket
     * reads Disconnected before anything else happens, channels joined over it error (and rejoin on
     * the next connection), disconnected() is emitted, and a reconnect is scheduled if \a reconnect.
     */
    void finishConnection(bool reconnect);
    //! Cuts \a transport loose: it finishes closing on its own and is deleted afterwards.
    void retire(PhoenixTransport *transport, bool graceful, int code = 1000,
                const QString &reason = QString());
    //! Replaces the current connection with a new one at once (settings changed).
    void reconnectIfActive();
    void scheduleReconnect();
    void setReconnectTries(int tries);
    void setState(PhoenixSocket::State newState);
    void setError(PhoenixSocket::Error error, const QString &message);
    void setErrorQueued(PhoenixSocket::Error error, const QString &message);
    QString safeUrl() const;
    void hookNetworkInformation();

    // ---- heartbeat ----
    void resetHeartbeat();
    void clearHeartbeats();
    //! Sends a heartbeat that may wait \a timeoutMs for its reply (-1: the heartbeatTimeout).
    void sendHeartbeat(int timeoutMs = -1);
    void onHeartbeatTimeout();
    void onConnectTimeout();
    void setLatency(int ms);

    // ---- LongPoll fallback (phoenix.js connectWithFallback; phoenixsocket_p.cpp, its own section) ----
    //! Whether the current WebSocket attempt may still fall back to LongPoll.
    bool fallbackArmed() const;
    //! A connection attempt started: watch it for the fallback.
    void armFallback();
    //! The WebSocket opened: give it longPollFallback ms more to answer a ping.
    void probeWebSocket();
    //! The probe's reply arrived: the WebSocket works, no fallback for this socket any more.
    void onFallbackProbeReply();
    //! Switches the socket to LongPoll for good and connects over it at once.
    void fallBackToLongPoll(const QString &why);

    // ---- frames ----
    bool writeFrame(const PhoenixMessage &message, QString *problem);
    void flushSendBuffer();
    void setBuffered(int count);
    //! A V2 text frame of the usual shape (see PhoenixJsonText::splitV2()): routed on its bytes, the
    //! topic, join_ref and event taken from the channel and recentEvents instead of fresh strings, the
    //! payload parsed only when something reads it. False when the payload is malformed (nothing was
    //! delivered: the general decoder then reports the frame).
    bool onV2Text(const PhoenixJsonText::V2Envelope &envelope);
    //! The event name \a latin1 as a QString shared with the last messages of that event.
    QString recentEvent(QByteArrayView latin1);
    //! The channels of a message's topic when already looked up (valid until a handler runs), and
    //! the payload's JSON text (for a message observer; message.payload is parsed only if needed).
    struct Route
    {
        PhoenixChannelPrivate *first;
        bool more;
        QByteArrayView payloadJson;
    };
    void onMessage(const PhoenixMessage &message, const Route *route = nullptr);
    void routeReply(const PhoenixMessage &message, quint64 ref);
    void dropUnroutable(const PhoenixMessage &message);
    //! Drops a malformed frame (text or binary): a rate-limited warning and a ProtocolError.
    void reportMalformed(bool binary, const QString &problem);
    void armPushTimer();
    void onPushTimer();

    // ---- staying connected on real devices (phoenixsocketnetwork.cpp) ----
    //! Longest a probe heartbeat waits for its reply (less if the heartbeatTimeout is shorter).
    static constexpr int ProbeTimeoutMs = 5000;
    void onReachabilityChanged(PhoenixNetworkStatus::Reachability reachability);
    void onTransportMediumChanged();
    //! Asks the server for a heartbeat reply within a short time: a dead connection shows at once.
    void probeConnection(const char *why);
    //! In scheduleReconnect(): true (and no timer) while the system reports no network.
    bool pauseReconnectWhileOffline();
    //! Connects now instead of waiting for the reconnect timer or the network.
    void resumeReconnect(const char *why);
    void checkConnection();
    //! A reconnect is scheduled or waits for the network.
    bool reconnectPending() const { return reconnectTimer.isActive() || reconnectPaused; }
    //! networkAware changed: follow the network now, or stop waiting for it.
    void onNetworkAwareChanged();

    // ---- telemetry (phoenixsockettelemetry.cpp) ----
    //! Something connected to telemetryChanged(): notify it, throttled, while it listens.
    void startTelemetryNotifications();

    PhoenixSocket *const q;
    QUrl url;
    QJsonObject params;
    QVariantMap headers;
    QString authToken;
    PhoenixSocket::ParamsProvider paramsProvider;
    PhoenixSocket::TokenProvider tokenProvider;
    PhoenixSocket::BackoffFunction reconnectAfter;
    PhoenixSocket::BackoffFunction rejoinAfter;
    PhoenixSocket::TransportFactory transportFactory;
    std::unique_ptr<PhoenixSerializer> serializer;        // the one in use
    std::unique_ptr<PhoenixSerializer> pendingSerializer; // set while connected: used from the next connect
#ifndef QT_NO_SSL
    QSslConfiguration sslConfiguration;
    bool hasSslConfiguration = false;
#endif
    std::unique_ptr<Connection> connection; // the current connection (attempt), null when none
    PhoenixDeletionGuard *guards = nullptr;
    PhoenixChannelRegistry registry;
    PhoenixReplyTable replies;
    PhoenixSendBuffer sendBuffer;
    PhoenixLogLimiter unroutableLog;
    PhoenixLogLimiter malformedLog;
    PhoenixLogLimiter bufferFullLog;
    QElapsedTimer clock; // the engine's monotonic time (push deadlines)
    QElapsedTimer heartbeatClock;
    QBasicTimer heartbeatTimer;
    QBasicTimer heartbeatTimeoutTimer;
    QBasicTimer reconnectTimer;
    QBasicTimer pushTimer;
    QBasicTimer connectTimer;
    QBasicTimer fallbackTimer; // LongPoll fallback: the WebSocket has this long to open and answer
    QString errorString;
    qint64 pushTimerDeadline = -1;
    quint64 refCounter = 0;
    quint64 pendingHeartbeatRef = 0; // 0: no heartbeat waiting for its reply
    quint64 fallbackProbeRef = 0;    // the ping that proves the WebSocket healthy (0: none pending)
    int pendingHeartbeatTimeout = 0; // how long the pending heartbeat may wait (ms)
    int heartbeatInterval = 30000;
    int heartbeatTimeout = -1;
    int timeout = 10000;
    int connectTimeout = 10000;
    int longPollFallback = 0;
    int longPollTimeout = 20000;
    int bufferLimit = 10000;
    int buffered = 0;
    qint64 maxMessageSize = 64 * 1024 * 1024;
    int latency = -1;
    int reconnectTries = 0;
    double jitter = 0.0;
    PhoenixSocket::Transport transportKind = PhoenixSocket::Transport::WebSocket;
    PhoenixSocket::State state = PhoenixSocket::State::Disconnected;
    PhoenixSocket::Error error = PhoenixSocket::Error::NoError;
    bool autoReconnect = true;
    bool networkAware = true;
    bool closeWasClean = true; // the application asked for the socket to be disconnected
    bool networkHooked = false;
    bool bufferFullReported = false;        // the current "buffer full" episode was reported
    bool webSocketHealthy = false;          // a WebSocket of this socket answered the fallback probe
    bool reconnectPaused = false;           // a reconnect waits for the system to report a network again
    QPointer<PhoenixNetworkStatus> network; // what the system says about the network (networkAware)
    PhoenixTelemetryRecorder telemetry;     // the counters: only the engine writes them
    std::array<QString, 8> recentEvents;    // event names of recent messages, shared by the next ones
    unsigned recentEventsNext = 0;
};
