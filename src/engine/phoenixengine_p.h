// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixcallout_p.h"
#include "phoenixchannelhost_p.h"
#include "phoenixchannelregistry_p.h"
#include "phoenixengineclients_p.h"
#include "phoenixloglimiter_p.h"
#include "phoenixnetworkstatus_p.h"
#include "phoenixprobes_p.h"
#include "phoenixreplytable_p.h"
#include "phoenixsendbuffer_p.h"
#include "phoenixserializer.h"
#include "phoenixsocketsettings_p.h"
#include "phoenixtelemetry_p.h"
#include "phoenixtransport.h"

#include <QtCore/QBasicTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <array>
#include <memory>

class PhoenixSocket;

/*!
 * \internal
 * The protocol engine behind a PhoenixSocket (as QMqttConnection is behind QMqttClient): one
 * connection at a time over a PhoenixTransport, and everything that only it owns - the settings,
 * every timer (heartbeat, probes, reconnect, connect timeout, fallback, push deadlines), the refs,
 * the probes, the reply table, the channel registry, the send buffer, the telemetry counters. The
 * public classes are its face: PhoenixSocket forwards to it and shows what it reports through
 * PhoenixEngineEvents; channels ask it through PhoenixChannelHost.
 *
 * Application code runs only through callOut() (see PhoenixCallout): the engine settles its state,
 * then calls out, and returns at once when callOut() says the engine is gone. Every function that may
 * run application code returns that answer as a bool ([[nodiscard]]).
 *
 * Lifetime: a QObject child of its socket (it moves threads with it). ~PhoenixSocket calls
 * release(): the engine detaches (stops, retires its transport, forgets its channels) and is deleted
 * at once, or, when application code of one of its callouts is on the stack (a slot deleted the
 * socket), once that code returned to the event loop: the engine is never deleted under its own
 * feet.
 */
class PHOENIXQT_AUTOTEST_EXPORT PhoenixEngine final : public QObject, public PhoenixChannelHost
{
    Q_OBJECT

public:
    //! An engine for \a socket (the public face, which must be \a face), reporting to \a events.
    PhoenixEngine(QObject *face, PhoenixSocket *socket, PhoenixEngineEvents *events);
    ~PhoenixEngine() override;

    //! Detaches \a engine from its socket and deletes it now or, inside a callout, later.
    static void release(PhoenixEngine *engine);

    PhoenixSocketSettings settings;
    //! Ends when the engine is detached from its socket: PhoenixCallout::run() users watch it.
    PhoenixLife *life() { return &m_life; }

    // ---- commands of the public socket ----
    //! Connects (no-op while connected or connecting); the application wants a connection from now on.
    [[nodiscard]] bool connectToServer();
    //! Closes the connection; no reconnect until connectToServer().
    [[nodiscard]] bool disconnectFromServer(int code, const QString &reason);
    //! Measures a round trip with a heartbeat (pong()). False when not connected.
    bool ping();
    //! Sends \a message outside of any channel (buffered while offline). Returns its ref, or an empty
    //! string when it was refused (the error is reported from the event loop).
    QString sendMessage(PhoenixMessage message);
    //! Probes an open connection at once, or reconnects now if a reconnect is pending.
    [[nodiscard]] bool checkConnection();
    //! A setting that shapes the connection changed (url, params, headers, token, transport):
    //! replace the current connection at once.
    [[nodiscard]] bool reconnectIfActive();
    //! heartbeatInterval changed: restart the heartbeat schedule of an open connection.
    void heartbeatIntervalChanged();
    //! autoReconnect changed.
    void autoReconnectChanged();
    //! longPollFallback changed (0: stop watching the current attempt).
    void longPollFallbackChanged();
    //! sendBufferLimit changed.
    void sendBufferLimitChanged();
    //! networkAware changed: follow the network now, or stop waiting for it.
    [[nodiscard]] bool networkAwareChanged();
    void setSerializer(std::unique_ptr<PhoenixSerializer> serializer);
    //! The serializer the next connection uses.
    const PhoenixSerializer *nextSerializer() const;
    //! Something connected to telemetryChanged(): notify it, throttled, while it listens.
    void startTelemetryNotifications();

    // ---- what the public socket shows ----
    PhoenixConnectionState state() const { return m_state; }
    PhoenixConnectionError error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    int latency() const { return m_latency; }
    int reconnectAttempts() const { return m_reconnectTries; }
    int bufferedMessages() const { return m_buffered; }
    PhoenixTelemetry telemetry() const { return m_telemetry.snapshot(); }
    //! A connection attempt is under way, or a reconnect is scheduled or waits for the network.
    bool isUnderWay() const { return m_connection || reconnectPending(); }
    QList<PhoenixChannel *> channels() const;
    //! Registers a channel the socket just made (PhoenixSocket::channel()).
    void addChannel(PhoenixChannelPrivate *channel) { m_registry.add(channel); }

    // ---- PhoenixChannelHost ----
    PhoenixSocket *socketObject() const override { return m_socket; }
    bool isConnected() const override { return m_connection && m_connection->open && !m_connection->closing; }
    quint64 nextRef() override { return ++m_refCounter; }
    SendResult sendFrame(const PhoenixMessage &message, PhoenixChannelPrivate *channel,
                         QString *problem) override;
    void expectReply(quint64 ref, PhoenixPushPrivate *push, PhoenixChannelPrivate *channel,
                     int timeoutMs) override;
    void forgetReply(quint64 ref) override { m_replies.remove(ref); }
    int rejoinDelay(int tries) const override;
    bool leaveOtherInstances(const QString &topic, PhoenixChannelPrivate *except) override;
    void routeChannel(PhoenixChannelPrivate *channel) override { m_registry.route(channel); }
    void unrouteChannel(PhoenixChannelPrivate *channel) override { m_registry.unroute(channel); }
    void channelDestroyed(PhoenixChannelPrivate *channel) override;
    bool adjustBuffered(int count) override;
    int sendBufferLimit() const override { return settings.sendBufferLimit; }
    void reportBufferFull(const QString &message) override;
    void channelRejoining(PhoenixChannelPrivate *) override { ++m_telemetry.counters.rejoins; }
    void pushFinished(const QString &topic, const QString &event, const QString &status,
                      qint64 durationMs) override;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    //! One connection over one transport object (phoenix.js Connection).
    struct Connection
    {
        PhoenixTransport *transport = nullptr; // a QObject child of the engine
        bool open = false;
        bool closing = false;       // disconnectFromServer() is closing it
        bool errorReported = false; // one error report per connection (attempt)
        bool noRetry = false;       // it failed in a way another attempt cannot fix (bad URL, bad token)
    };

    //! Runs application code (PhoenixCallout): false when the engine was detached meanwhile.
    template<typename Code>
    [[nodiscard]] bool callOut(Code &&code)
    {
        return m_events && PhoenixCallout::run(std::forward<Code>(code), &m_life);
    }
    //! Stops everything and forgets the socket, its channels and its transport (release()).
    void detach();

    // ---- connections (phoenixengine.cpp) ----
    //! Starts a connection attempt (no-op while one is current). Providers run first.
    [[nodiscard]] bool open();
    PhoenixTransport *createTransport();
    void onOpened();
    void onTransportError(PhoenixTransport::Error error, const QString &message);
    void onTransportClosed(int code, const QString &reason, bool clean);
    void onConnectTimeout();
    /*!
     * Ends the current connection (its transport closed, failed, or is given up on): the socket
     * reads Disconnected before anything else happens, channels joined over it error (and rejoin on
     * the next connection), disconnected() is emitted, and a reconnect is scheduled if \a reconnect.
     */
    [[nodiscard]] bool finishConnection(bool reconnect);
    //! Cuts \a transport loose: it finishes closing on its own and is deleted afterwards, never from
    //! within one of its own signals.
    void retire(PhoenixTransport *transport, bool graceful, int code = 1000,
                const QString &reason = QString());
    [[nodiscard]] bool scheduleReconnect();
    void onReconnectTimer();
    [[nodiscard]] bool setReconnectTries(int tries);
    [[nodiscard]] bool setState(PhoenixConnectionState state);
    [[nodiscard]] bool setError(PhoenixConnectionError error, const QString &message);
    //! Reports an error from the event loop: never from inside the call that caused it.
    void setErrorQueued(PhoenixConnectionError error, const QString &message);
    QString safeUrl() const;
    bool reconnectPending() const { return m_reconnectTimer.isActive() || m_reconnectPaused; }

    // ---- probes: heartbeat, ping, check, fallback (phoenixengineprobes.cpp) ----
    //! Longest a probe heartbeat waits for its reply (less if the heartbeatTimeout is shorter).
    static constexpr int ProbeTimeoutMs = 5000;
    void resetHeartbeat();
    void stopProbes();
    //! Sends a heartbeat whose reply may take \a timeoutMs (-1: the heartbeatTimeout).
    void sendHeartbeat(int timeoutMs = -1);
    void sendProbe(PhoenixProbes::Kind kind, qint64 deadline);
    void armProbeTimer();
    //! The reply of a probe arrived.
    [[nodiscard]] bool onProbeReply(const PhoenixProbes::Probe &probe);
    void onProbeTimer();
    [[nodiscard]] bool setLatency(int ms);
    //! Asks the server for a heartbeat reply within a short time: a dead connection shows at once.
    void probeConnection(const char *why);
    // The LongPoll fallback (phoenix.js connectWithFallback).
    bool fallbackArmed() const;
    void armFallback();
    void probeWebSocket();
    [[nodiscard]] bool fallBackToLongPoll(const QString &why);

    // ---- sending (phoenixenginesend.cpp) ----
    bool writeFrame(const PhoenixMessage &message, QString *problem);
    void writeHeartbeat(quint64 ref);
    void flushSendBuffer();
    void setBuffered(int count);
    void armPushTimer();
    void onPushTimer();

    // ---- receiving (phoenixenginereceive.cpp) ----
    void onFrame(const QByteArray &frame, PhoenixTransport::FrameType type);
    //! A text frame the serializer split (PhoenixSerializer::splitText()): routed on its bytes, the
    //! topic, join_ref and event taken from the channel and recentEvents instead of fresh strings, the
    //! payload decoded only when something reads it. False when the payload is malformed (nothing was
    //! delivered: decodeText() then reports the frame).
    bool onSplitText(const PhoenixSerializer::TextFields &fields);
    //! The event name \a latin1 as a QString shared with the last messages of that event.
    QString recentEvent(QByteArrayView latin1);
    //! The channels of a message's topic when already looked up (valid until a handler runs).
    struct Route
    {
        PhoenixChannelPrivate *first;
        bool more;
    };
    void onMessage(const PhoenixMessage &message, const Route *route = nullptr);
    void routeReply(const PhoenixMessage &message, quint64 ref);
    void dropUnroutable(const PhoenixMessage &message);

    // ---- the device's network (phoenixenginenetwork.cpp) ----
    void hookNetworkInformation();
    void onReachabilityChanged(PhoenixNetworkStatus::Reachability reachability);
    void onTransportMediumChanged();
    //! In scheduleReconnect(): true (and no timer) while the system reports no network.
    bool pauseReconnectWhileOffline();
    //! Connects now instead of waiting for the reconnect timer or the network.
    [[nodiscard]] bool resumeReconnect(const char *why);

    PhoenixSocket *const m_socket; // the public face (our QObject parent)
    PhoenixEngineEvents *m_events; // the face's signals; null once detached
    PhoenixLife m_life;            // ended by detach(): callouts on the stack see the engine gone
    std::unique_ptr<PhoenixSerializer> m_serializer;        // the one in use
    std::unique_ptr<PhoenixSerializer> m_pendingSerializer; // set while connected: used from the next connect
    std::unique_ptr<Connection> m_connection; // the current connection (attempt), null when none
    PhoenixChannelRegistry m_registry;
    PhoenixReplyTable m_replies;
    PhoenixSendBuffer m_sendBuffer;
    PhoenixProbes m_probes;
    PhoenixTelemetryRecorder m_telemetry; // the counters: only the engine writes them
    PhoenixLogLimiter m_unroutableLog;
    PhoenixLogLimiter m_malformedLog;
    PhoenixLogLimiter m_bufferFullLog;
    QElapsedTimer m_clock;        // the engine's monotonic time (deadlines, round trips)
    QBasicTimer m_heartbeatTimer; // when the next heartbeat goes out
    QBasicTimer m_probeTimer;     // the earliest probe deadline
    QBasicTimer m_reconnectTimer;
    QBasicTimer m_pushTimer; // the earliest push deadline
    QBasicTimer m_connectTimer;
    QBasicTimer m_fallbackTimer; // LongPoll fallback: the WebSocket attempt has this long to open
    QString m_errorString;
    qint64 m_pushTimerDeadline = -1;
    quint64 m_refCounter = 0;
    int m_buffered = 0;
    int m_latency = -1;
    int m_reconnectTries = 0;
    PhoenixConnectionState m_state = PhoenixConnectionState::Disconnected;
    PhoenixConnectionError m_error = PhoenixConnectionError::NoError;
    bool m_wantsConnection = false; // connectToServer() was called, and disconnectFromServer() not since
    bool m_networkHooked = false;
    bool m_bufferFullReported = false; // the current "buffer full" episode was reported
    bool m_webSocketHealthy = false;   // a WebSocket of this socket answered the fallback probe
    bool m_reconnectPaused = false;    // a reconnect waits for the system to report a network again
    bool m_bufferedNotifyPosted = false;
    QPointer<PhoenixNetworkStatus> m_network; // what the system says about the network (networkAware)
    std::array<QString, 8> m_recentEvents;    // event names of recent messages, shared by the next ones
    unsigned m_recentEventsNext = 0;
};
