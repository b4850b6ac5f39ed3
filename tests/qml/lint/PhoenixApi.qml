// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Uses every property, signal, method and enum of the QML module "Phoenix", so that qmllint (the
// "qmllint" test) checks the module's type information against them: a member missing from the
// module, or an enum that QML cannot resolve, is a warning and fails the test. Never run.
import QtQml
import Phoenix

QtObject {
    id: root

    property var log: []

    property PhoenixSocket socket: PhoenixSocket {
        url: "ws://127.0.0.1:4000/socket/websocket"
        params: ({ user: "ada" })
        paramsProvider: () => ({ user: "ada", last_seen: root.log.length })
        authToken: "token"
        authTokenProvider: () => "fresh-token"
        headers: ({ "X-Client": "lint" })
        heartbeatInterval: 30000
        heartbeatTimeout: 10000
        timeout: 10000
        connectTimeout: 10000
        transport: PhoenixSocket.WebSocket
        longPollFallback: 2000
        longPollTimeout: 20000
        autoReconnect: true
        reconnectJitter: 0.1
        reconnectAfter: attempt => Math.min(attempt * 100, 5000)
        rejoinAfter: attempt => 1000
        sendBufferLimit: 10000
        maxMessageSize: 64 * 1024 * 1024
        networkAware: true
        active: true
        proxy: "http://ada:secret@127.0.0.1:3128"
        tls.caCertificates: ["ca.pem"]
        tls.clientCertificate: "client.pem"
        tls.clientKey: "client.key"
        tls.passPhrase: ""
        tls.publicKeyPins: ["sha256/M1CK2lYzcuEi8T+nh3wTLkwvQOSQoQHzB7N2ej4vEEE="]
        tls.ignoreSslErrors: false
        onProxyChanged: root.log.push("proxy " + proxy + " " + tls.publicKeyPins.length)
        tls.onChanged: root.log.push("tls " + tls.ignoreSslErrors)

        onConnected: root.log.push("connected " + state + " " + connected + " " + latency)
        onDisconnected: root.log.push("disconnected " + reconnectAttempts + " " + bufferedMessages)
        onErrorOccurred: (error, message) => {
            if (error === PhoenixSocket.HeartbeatTimeoutError || error === PhoenixSocket.ConnectTimeoutError)
                checkConnection()
            if (error === PhoenixSocket.ProxyError || error === PhoenixSocket.ProxyAuthenticationRequiredError
                    || error === PhoenixSocket.PublicKeyPinMismatchError
                    || error === PhoenixSocket.ClientCertificateError)
                root.log.push("network")
            root.log.push(message + errorString)
        }
        onReconnectScheduled: (attempt, delayMs) => root.log.push("retry " + attempt + " " + delayMs)
        onPong: roundTripMs => root.log.push("pong " + roundTripMs + " " + telemetry.messagesIn)
        onPushFinished: (topic, event, status, durationMs) => root.log.push(topic + event + status + durationMs)
        onTransportChanged: root.log.push("transport " + (transport === PhoenixSocket.LongPoll))
        onTelemetryChanged: root.log.push("p50 " + telemetry.roundTripP50 + " " + telemetry.sendBufferHighWater)
        onStateChanged: {
            if (state === PhoenixSocket.Disconnecting || state === PhoenixSocket.Connecting
                    || state === PhoenixSocket.Disconnected || state === PhoenixSocket.Connected)
                root.log.push("state")
            if (error === PhoenixSocket.NoError)
                ping()
        }
    }

    property PhoenixChannel channel: PhoenixChannel {
        socket: root.socket
        topic: "room:lobby"
        params: ({ password: "secret" })
        paramsProvider: () => ({ last_seen_id: root.log.length })
        active: true
        autoJoin: false
        timeout: 5000

        onJoined: response => root.log.push("joined " + joinRef + JSON.stringify(response))
        onJoinFailed: response => {
            if (error === PhoenixChannel.JoinRefusedError || error === PhoenixChannel.JoinTimeoutError)
                root.log.push(errorString + JSON.stringify(response))
        }
        onErrorOccurred: message => {
            if (error === PhoenixChannel.ServerError || error === PhoenixChannel.ConnectionLostError)
                root.log.push(message)
        }
        onErrorChanged: root.log.push("error " + (error === PhoenixChannel.NoError))
        onMessageReceived: (event, payload) => root.log.push(event + JSON.stringify(payload))
        onBinaryMessageReceived: (event, payload) => root.log.push(event + payload.byteLength)
        onReplyReceived: (ref, status, response) => root.log.push(ref + status + JSON.stringify(response))
        onPushFailed: (event, message) => root.log.push(event + message)
        onRejoinScheduled: (attempt, delayMs) => root.log.push("rejoin " + attempt + " " + delayMs)
        onClosed: root.log.push("closed")
        onStateChanged: {
            if (state === PhoenixChannel.Joined || state === PhoenixChannel.Joining
                    || state === PhoenixChannel.Leaving || state === PhoenixChannel.Errored
                    || state === PhoenixChannel.Closed)
                root.log.push("joined " + joined)
        }
        Component.onCompleted: {
            join()
            const push = pushNoReply("typing", { on: true })
            root.log.push(push.event + push.expectsReply)
            pushBinary("upload", new ArrayBuffer(4)).receive("ok", response => root.log.push("uploaded"))
            pushBinaryNoReply("chunk", new ArrayBuffer(2))
            push("shout", { body: "hi" })
                .receive("ok", response => root.log.push(response.body))
                .receive("error", response => root.log.push(response.reason))
                .receive("timeout", () => root.log.push("timeout"))
            push("echo", { body: "hi" }, 1000).then(response => root.log.push(response.body),
                                                    failure => root.log.push(failure.message))
            const pending = push("echo", {})
            pending.promise.then(() => root.log.push(pending.status + pending.finished + pending.errorString
                                                     + pending.binaryResponse.byteLength
                                                     + JSON.stringify(pending.response)
                                                     + (pending.error === PhoenixPush.NoError)))
            if (pending.error === PhoenixPush.ReplyError || pending.error === PhoenixPush.TimeoutError
                    || pending.error === PhoenixPush.SendBufferFullError
                    || pending.error === PhoenixPush.ChannelClosedError
                    || pending.error === PhoenixPush.EncodingError
                    || pending.error === PhoenixPush.ConnectionLostError
                    || pending.error === PhoenixPush.CanceledError)
                leave()
        }
    }

    property PhoenixPresence presence: PhoenixPresence {
        channel: root.channel
        onJoined: (key, current, newPresence) => root.log.push(key + JSON.stringify(current) + JSON.stringify(newPresence))
        onLeft: (key, current, leftPresence) => root.log.push(key + JSON.stringify(current) + JSON.stringify(leftPresence))
        onSynced: root.log.push("synced " + count + keys.length + inSync + contains("ada") + JSON.stringify(get(0)))
    }
}
