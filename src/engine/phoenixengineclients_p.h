// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixcallout_p.h"
#include "phoenixintrusivelist_p.h"
#include "phoenixmessage.h"
#include "phoenixtelemetry.h"

#include <QtCore/QByteArrayView>
#include <QtCore/QString>

class PhoenixChannel;
class QAuthenticator;
class QNetworkProxy;

// The engine's words for the public enums, value for value (phoenixsocket.cpp checks each):
// the engine sits below the public classes and does not include them.

//! PhoenixSocket::State
enum class PhoenixConnectionState { Disconnected, Connecting, Connected, Disconnecting };

//! PhoenixSocket::Error
enum class PhoenixConnectionError {
    NoError,
    InvalidUrlError,
    ConnectionRefusedError,
    HostNotFoundError,
    ConnectionLostError,
    HeartbeatTimeoutError,
    SslError,
    ProtocolError,
    SendBufferFullError,
    TransportError,
    InvalidAuthTokenError,
    ConnectTimeoutError,
    ProxyError,
    ProxyAuthenticationRequiredError,
    PublicKeyPinMismatchError,
    ClientCertificateError
};

//! PhoenixSocket::Transport
enum class PhoenixTransportKind { WebSocket, LongPoll };

/*!
 * \internal
 * What the engine tells its public face, the PhoenixSocket (implemented by PhoenixSocketPrivate in
 * phoenixsocket.cpp): one function per signal of the socket that the engine causes, plus whether anything
 * listens to the signals that cost something per message. The engine calls them only through PhoenixCallout,
 * after its own state is settled; each may run any application code.
 */
class PhoenixEngineEvents
{
public:
    virtual void stateChanged(PhoenixConnectionState state) = 0;
    virtual void connected() = 0;
    virtual void disconnected() = 0;
    virtual void errorOccurred(PhoenixConnectionError error, const QString &message) = 0;
    virtual void reconnectScheduled(int attempt, int delayMs) = 0;
    virtual void reconnectAttemptsChanged(int attempts) = 0;
    virtual void pong(int roundTripMs) = 0;
    virtual void latencyChanged(int latencyMs) = 0;
    virtual void transportChanged(PhoenixTransportKind transport) = 0;
    virtual void bufferedMessagesChanged(int messages) = 0;
    //! The proxy asks for credentials: the application fills in \a authenticator (valid during the call).
    virtual void proxyAuthenticationRequired(const QNetworkProxy &proxy, QAuthenticator *authenticator) = 0;
    //! Whether PhoenixSocket::messageReceived() is connected (checked per message: keep it cheap).
    virtual bool listensToMessages() const = 0;
    virtual void messageReceived(const PhoenixMessage &message) = 0;
    //! Whether PhoenixSocket::pushFinished() is connected.
    virtual bool listensToPushFinished() const = 0;
    virtual void pushFinished(const QString &topic, const QString &event, const QString &status,
                              int durationMs) = 0;
    //! Whether PhoenixSocket::telemetryChanged() is connected.
    virtual bool listensToTelemetry() const = 0;
    virtual void telemetryChanged(const PhoenixTelemetry &telemetry) = 0;

protected:
    ~PhoenixEngineEvents() = default;
};

/*!
 * \internal
 * What the engine asks of a channel (PhoenixChannelPrivate implements it), and the engine's record of
 * that channel: the members below are the engine's bookkeeping (registry order, topic routing, the
 * current join ref, frames in the send buffer), private to the engine. A base-class record costs the
 * channel no allocation of its own and lives exactly as long as the channel.
 *
 * The engine calls the virtual functions only through PhoenixCallout (each may run application code)
 * and never reads anything else of the channel.
 */
class PhoenixEngineChannel
{
public:
    explicit PhoenixEngineChannel(const QString &topic)
        : m_topic(topic)
    {
    }
    PhoenixEngineChannel(const PhoenixEngineChannel &) = delete;
    PhoenixEngineChannel &operator=(const PhoenixEngineChannel &) = delete;

    const QString &topic() const { return m_topic; }
    //! The ref of the current join (0: none): the engine sets it when it sends a join push and clears
    //! it when the join is abandoned.
    quint64 joinRef() const { return m_joinRef; }
    //! Ends when the channel is deleted (its destructor, first thing).
    PhoenixLife *life() { return &m_life; }

    //! The public channel object.
    virtual PhoenixChannel *channelObject() const = 0;
    //! A connection opened (the send buffer is flushed): errored channels rejoin now.
    virtual void engineConnected() = 0;
    //! The connection is lost (the socket already reads Disconnected).
    virtual void engineDisconnected(const QString &reason) = 0;
    /*!
     * A message of this channel's topic and current join: an event, or a reply that answers none of
     * this channel's pushes. \a payloadJson: the payload's JSON text, valid during the call, when the
     * message came the fast way with a JSON serializer (PhoenixSerializer::splitText()); then
     * message.payload is decoded only if readsMessages() said so for its event, and a reader of the
     * text that cannot read it asks decodeHandedPayload(). Empty otherwise.
     */
    virtual void engineMessage(const PhoenixMessage &message, QByteArrayView payloadJson) = 0;
    /*!
     * Whether anything reads the payloads of its messages of \a event decoded (the engine decodes
     * them only then). A reader of the JSON text counts only when the text is not handed over
     * (\a jsonText false: the serializer's payloads are not JSON text).
     */
    virtual bool readsMessages(const QString &event, bool jsonText) const = 0;
    //! Whether it is joined or joining.
    virtual bool isActive() const = 0;
    //! Another instance of its topic is joining: leave (phoenix.js leaveOpenTopic).
    virtual void engineLeaveForNewInstance() = 0;
    //! The rejoin the engine scheduled (PhoenixEngine::scheduleRejoin()) is due.
    virtual void engineRejoinDue() = 0;
    //! The socket is being deleted: the engine is gone for this channel.
    virtual void engineDetached() = 0;

protected:
    ~PhoenixEngineChannel() = default;

private:
    friend class PhoenixEngine;
    friend class PhoenixChannelRegistry;
    friend class PhoenixSendBuffer;
    PhoenixLife m_life;
    const QString m_topic;
    PhoenixListLink<PhoenixEngineChannel> m_registryLink; // every channel of the socket, creation order
    PhoenixEngineChannel *m_nextSameTopic = nullptr;      // the next routed instance of the topic
    quint64 m_joinRef = 0;
    int m_framesInSendBuffer = 0;
    bool m_routed = false; // receives the messages of its topic
};

/*!
 * \internal
 * What the engine asks of a push (PhoenixPushPrivate implements it), and the engine's record of it:
 * its ref and its place in the engine's queues (waiting for its channel's join, or for its deferred
 * outcome), private to the engine.
 */
class PhoenixEnginePush
{
public:
    PhoenixEnginePush() = default;
    PhoenixEnginePush(const PhoenixEnginePush &) = delete;
    PhoenixEnginePush &operator=(const PhoenixEnginePush &) = delete;

    //! The ref of its latest send (or of its wait for the join), 0 before the engine gave it one.
    quint64 ref() const { return m_ref; }
    //! Ends when the push is deleted (its destructor, first thing).
    PhoenixLife *life() { return &m_life; }

    //! The channel that made it.
    virtual PhoenixEngineChannel *engineChannel() const = 0;
    //! What it sends: event and payload (JSON or binary).
    virtual void engineFrame(PhoenixMessage *message) const = 0;
    //! The server replied, \a roundTripMs after the push was sent.
    virtual void engineReplied(const PhoenixMessage &reply, qint64 roundTripMs) = 0;
    //! No reply within its timeout, \a durationMs after it was (last) sent or held.
    virtual void engineTimedOut(qint64 durationMs) = 0;
    //! The outcome its channel deferred (PhoenixEngine::defer()) is due.
    virtual void engineOutcomeDue() = 0;

protected:
    ~PhoenixEnginePush() = default;

private:
    friend class PhoenixEngine;
    enum class Queue : quint8 { None, Held, Deferred };
    PhoenixLife m_life;
    PhoenixListLink<PhoenixEnginePush> m_queueLink;
    quint64 m_ref = 0;
    Queue m_queue = Queue::None;
};
