// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
#pragma once

//
//  W A R N I N G
//  -------------
// This file is not part of the PhoenixQt API. It may change from version to version without notice.
//

#include "phoenixmessage.h"
#include "phoenixtelemetry.h"

#include <QtCore/QString>

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
    ConnectTimeoutError
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
