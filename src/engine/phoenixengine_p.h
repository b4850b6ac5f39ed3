// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixcallout_p.h"
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
class PhoenixSuspendDetector;

/*!
 * \internal
 * The protocol engine behind a PhoenixSocket (as QMqttConnection is behind QMqttClient): one
 * connection at a time over a PhoenixTransport, and everything that only it owns - the settings,
 * every timer (heartbeat, probes, reconnect, connect timeout, fallback, push deadlines), the refs,
 * the probes, the reply table, the channel registry, the send buffer, the telemetry counters. The
 * public classes are its face: PhoenixSocket forwards to it and shows what it reports through
 * PhoenixEngineEvents; channels ask it in the handful of calls under "what channels ask", and it
 * talks back to them and their pushes through PhoenixEngineChannel and PhoenixEnginePush (whose
 * records of its own it keeps in their base classes). It includes none of the public classes.
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
class PHOENIXQT_AUTOTEST_EXPORT PhoenixEngine final : public QObject
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
    //! The application wants a connection from now on, but nothing starts yet (connectToServer(url)
    //! says so before it emits): a disconnectFromServer() meanwhile cancels it, see wantsConnection().
    void wantConnection() { m_wantsConnection = true; }
    //! connectToServer() or wantConnection() was called, and disconnectFromServer() not since.
    bool wantsConnection() const { return m_wantsConnection; }
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
    //! Whether frames go out now (a connection is open).
    bool isConnected() const { return m_connection && m_connection->open && !m_connection->closing; }
    //! The next message ref of this socket (joins, pushes, probes and PhoenixSocket::makeRef() share it).
    quint64 nextRef() { return ++m_refCounter; }
    PhoenixSocket *socket() const { return m_socket; }

    // ---- what channels ask (PhoenixChannelPrivate) -----------------------------------------------
    // None of these runs application code unless it says so (then it returns whether the engine and
    // the objects it names survived).
    enum class SendResult { Sent, Buffered, Held, BufferFull, EncodingFailed };
    //! Registers \a channel (PhoenixSocket::channel()): it rejoins in this order and is listed by channels().
    void addChannel(PhoenixEngineChannel *channel) { m_registry.add(channel); }
    //! \a channel is being deleted: forget it everywhere (its pushes cancel themselves).
    void removeChannel(PhoenixEngineChannel *channel);
    //! \a channel receives the messages of its topic from now on (it joins).
    void route(PhoenixEngineChannel *channel) { m_registry.route(channel); }
    //! \a channel receives no more messages (it closed).
    void unroute(PhoenixEngineChannel *channel) { m_registry.unroute(channel); }
    /*!
     * Sends \a push now under a fresh ref, or keeps its frame for the next connection while there is
     * none (Buffered; refused with BufferFull at sendBufferLimit, except joins and leaves). Unless
     * \a noReply, its reply is expected within \a timeoutMs (engineReplied(), engineTimedOut()). A
     * \a join push makes its ref the channel's join ref; any other carries the current one.
     */
    SendResult send(PhoenixEnginePush *push, bool join, bool noReply, int timeoutMs, QString *problem);
    /*!
     * Holds \a push until its channel joined (takeHeld()), its timeout running from now (Held), or
     * refuses it at sendBufferLimit (BufferFull). Held pushes count as buffered messages.
     */
    SendResult hold(PhoenixEnginePush *push, int timeoutMs);
    //! Takes the oldest push held for \a channel out of its queue (null when none): send it next.
    PhoenixEnginePush *takeHeld(PhoenixEngineChannel *channel);
    //! Forgets \a push: its reply entry, its place among the held pushes or the deferred outcomes.
    void cancel(PhoenixEnginePush *push);
    /*!
     * Tells \a push its outcome (engineOutcomeDue()) from the event loop, after every outcome deferred
     * before it: never from inside the call that decided it. One queued call tells all that are due.
     */
    void defer(PhoenixEnginePush *push);
    /*!
     * The join of \a channel in flight (\a join) is over: its reply is no longer expected and the
     * channel has no join ref. With \a tellServer the server is told to leave that join (a join that
     * timed out may have joined after all); nobody waits for that answer.
     */
    void abandonJoin(PhoenixEngineChannel *channel, PhoenixEnginePush *join, bool tellServer);
    //! Leaves the other joined or joining instances of \a channel's topic (phoenix.js leaveOpenTopic).
    //! Runs application code: returns whether the engine and \a channel survived.
    [[nodiscard]] bool leaveOtherInstances(PhoenixEngineChannel *channel);
    /*!
     * Schedules \a channel's next rejoin on the socket's rejoinAfter schedule (engineRejoinDue()) and
     * tells its \a attempt and \a delayMs. Runs the schedule (application code): returns whether the
     * engine and \a channel survived.
     */
    [[nodiscard]] bool scheduleRejoin(PhoenixEngineChannel *channel, int *attempt, int *delayMs);
    //! Cancels \a channel's scheduled rejoin and starts its schedule over.
    void resetRejoin(PhoenixEngineChannel *channel);
    /*!
     * Decodes the payload text a channel was handed (PhoenixEngineChannel::engineMessage()'s
     * payloadJson) for a reader that could not read the text itself. True with \a payload decoded;
     * false when it is malformed: the message is dropped and reported as a malformed frame is (a
     * rate-limited warning and a ProtocolError: application code, which may delete the channel and
     * the engine, so the caller returns at once).
     */
    [[nodiscard]] bool decodeHandedPayload(QByteArrayView payloadJson, QJsonObject *payload);
    /*!
     * A push of \a channel finished with \a status, \a durationMs after it was (last) sent (-1: never
     * sent, or no reply expected): telemetry, and PhoenixSocket::pushFinished() (application code).
     * \a push is null when a slot of the channel's replyReceived() already deleted it. Returns whether
     * the engine, \a channel and \a push (if not null) survived.
     */
    [[nodiscard]] bool reportPushFinished(PhoenixEngineChannel *channel, PhoenixEnginePush *push,
                                          const QString &event, const QString &status, qint64 durationMs);
    //! A push was refused because the buffer is full: logged (rate-limited) and reported to the
    //! socket from the event loop, once per episode.
    void reportBufferFull(const QString &message);
    int sendBufferLimit() const { return settings.sendBufferLimit; }

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
    //! The frame of a message: Sent, Buffered, BufferFull or EncodingFailed.
    SendResult sendFrame(const PhoenixMessage &message, PhoenixEngineChannel *channel, quint64 joinRef,
                         QString *problem);
    bool writeFrame(const PhoenixMessage &message, QString *problem);
    void writeHeartbeat(quint64 ref);
    /*!
     * Writes a leave for every joined or joining channel, the last frames before a close that the
     * server would not hear of (PhoenixTransport::closeReachesServer()): over LongPoll they go out in
     * one last POST, so the server ends the channels (and their presences) at once instead of when
     * the session window expires. Nobody waits for the replies; the channels rejoin on the next
     * connection as after any other.
     */
    void writeLeaves();
    void flushSendBuffer();
    void setBuffered(int count);
    void armPushTimer();
    void onPushTimer();
    //! Takes \a push out of the held pushes or the deferred outcomes.
    void unqueue(PhoenixEnginePush *push);
    void tellOutcomes();
    //! \a joinRef as the wire carries it, shared with the last frames of that join.
    QString joinRefText(quint64 joinRef);

    // ---- receiving (phoenixenginereceive.cpp) ----
    void onFrame(const QByteArray &frame, PhoenixTransport::FrameType type);
    //! A text frame the serializer split (PhoenixSerializer::splitText()): routed on its bytes, the
    //! topic, join_ref and event taken from the channel and recentEvents instead of fresh strings, the
    //! payload decoded only when something reads it. False when the payload is malformed (nothing was
    //! delivered: decodeText() then reports the frame).
    bool onSplitText(const PhoenixSerializer::TextFields &fields);
    //! The event name \a latin1 as a QString shared with the last messages of that event.
    QString recentEvent(QByteArrayView latin1);
    //! Drops a malformed frame (text or binary) or payload: a rate-limited warning and a
    //! ProtocolError (application code: false when the engine is gone).
    [[nodiscard]] bool reportMalformed(bool binary, const QString &problem);
    //! The channels of a message's topic when already looked up (valid until a handler runs), and
    //! the payload's JSON text for the channel (PhoenixEngineChannel::engineMessage()).
    struct Route
    {
        PhoenixEngineChannel *first;
        bool more;
        QByteArrayView payloadJson;
    };
    //! The refs of a message as numbers: 0 when there is none or it is no ref of ours.
    struct Refs
    {
        quint64 ref = 0;
        quint64 joinRef = 0;
        bool hasJoinRef = false;  // a join_ref other than null or "": only that join's channel accepts it
        bool socketReads = false; // PhoenixSocket::messageReceived() is connected (asked once per message)
    };
    void onMessage(const PhoenixMessage &message, Refs refs, const Route *route = nullptr);
    void routeReply(const PhoenixMessage &message, Refs refs);
    void dropUnroutable(const PhoenixMessage &message);

    // ---- the device's network, sleep and wake (phoenixenginenetwork.cpp) ----
    //! How often the suspend detector compares its clocks while connected: a process stopped for
    //! longer than this plus the detector's threshold (3 s) is noticed on its first tick after SIGCONT.
    static constexpr int SuspendCheckMs = 2000;
    void hookNetworkInformation();
    void onReachabilityChanged(PhoenixNetworkStatus::Reachability reachability);
    void onTransportMediumChanged();
    //! The process or the machine was suspended (PhoenixSuspendDetector, logind): probe the open
    //! connection at once, or reconnect now if a reconnect is pending.
    [[nodiscard]] bool onResumed(const char *why);
    //! Starts the suspend detector while a connection is open; stops it otherwise.
    void followSuspends(bool on);
    //! In scheduleReconnect(): true (and no timer) while the system reports no network.
    bool pauseReconnectWhileOffline();
    //! Connects now instead of waiting for the reconnect timer or the network.
    [[nodiscard]] bool resumeReconnect(const char *why);

    // ---- channels: rejoins and instances (phoenixenginechannels.cpp) ----
    void onRejoinTimer(int timerId);

    using PushQueue = PhoenixIntrusiveList<PhoenixEnginePush, &PhoenixEnginePush::m_queueLink>;
    struct Rejoin
    {
        int timerId = 0;
        int tries = 0;
    };

    PhoenixSocket *const m_socket; // the public face (our QObject parent)
    PhoenixEngineEvents *m_events; // the face's signals; null once detached
    PhoenixLife m_life;            // ended by detach(): callouts on the stack see the engine gone
    std::unique_ptr<PhoenixSerializer> m_serializer;        // the one in use
    std::unique_ptr<PhoenixSerializer> m_pendingSerializer; // set while connected: used from the next connect
    // m_serializer is PhoenixV2JsonSerializer: payloads are handed over as JSON text (engineMessage())
    bool m_payloadsAreJson = true;
    // m_serializer is one of the library's: it writes a message's payloadJson as it is (writeFrame())
    bool m_writesPayloadJson = true;
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
    bool m_outcomesPosted = false;                   // one queued tellOutcomes() is on its way
    QHash<PhoenixEngineChannel *, PushQueue> m_held; // pushes waiting for their channel's join
    PushQueue m_deferred;                            // pushes whose outcome is due from the event loop
    QHash<PhoenixEngineChannel *, Rejoin> m_rejoins; // channels with a rejoin scheduled or tried
    std::array<std::pair<quint64, QString>, 4> m_joinRefTexts; // recent join refs as text
    unsigned m_joinRefTextsNext = 0;
    QPointer<PhoenixNetworkStatus> m_network; // what the system says about the network (networkAware)
    PhoenixSuspendDetector *m_suspendDetector = nullptr; // our child, made on the first connection
    std::array<QString, 8> m_recentEvents; // event names of recent messages, shared by the next ones
    unsigned m_recentEventsNext = 0;
};
