// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick
import QtTest
import Phoenix

TestCase {
    id: testCase
    name: "PhoenixSocket"

    Component {
        id: socketComponent
        PhoenixSocket {
            url: devServer.url
            params: ({ user: "ada" })
        }
    }
    Component {
        id: spyComponent
        SignalSpy {}
    }

    // Any QML warning (a failed binding, a type error) fails the test.
    function init() {
        failOnWarning(/^(file|qrc):/)
    }

    function makeSocket(properties) {
        const socket = createTemporaryObject(socketComponent, testCase, properties || {})
        verify(socket)
        return socket
    }

    function spy(target, signalName) {
        return createTemporaryObject(spyComponent, testCase, { target: target, signalName: signalName })
    }

    function test_inactiveByDefault() {
        const socket = makeSocket()
        compare(socket.active, false)
        compare(socket.state, PhoenixSocket.Disconnected)
        compare(socket.connected, false)
        compare(socket.latency, -1)
    }

    function test_activeConnectsAndDisconnects() {
        const socket = makeSocket()
        const connectedSpy = spy(socket, "connected")
        const connectedChangedSpy = spy(socket, "connectedChanged")
        socket.active = true
        tryCompare(socket, "connected", true)
        compare(socket.state, PhoenixSocket.Connected)
        compare(connectedSpy.count, 1)
        compare(connectedChangedSpy.count, 1)
        tryVerify(() => devServer.connectionCount() >= 1)

        const disconnectedSpy = spy(socket, "disconnected")
        socket.active = false
        tryCompare(socket, "state", PhoenixSocket.Disconnected)
        compare(socket.connected, false)
        disconnectedSpy.wait()
        compare(connectedChangedSpy.count, 2)
    }

    function test_activeFromStart() {
        const socket = makeSocket({ active: true })
        tryCompare(socket, "connected", true)
    }

    function test_latency() {
        const socket = makeSocket({ active: true })
        tryCompare(socket, "connected", true)
        const pongSpy = spy(socket, "pong")
        const latencySpy = spy(socket, "latencyChanged")
        verify(socket.ping())
        pongSpy.wait()
        verify(pongSpy.signalArguments[0][0] >= 0)
        tryVerify(() => socket.latency >= 0)
        verify(latencySpy.count >= 1)
    }

    function test_pingOfflineFails() {
        const socket = makeSocket()
        compare(socket.ping(), false)
    }

    function test_errorReachesQml() {
        // Nothing listens on port 1: the connection is refused.
        const socket = makeSocket({ url: "ws://127.0.0.1:1/socket/websocket", autoReconnect: false })
        const errorSpy = spy(socket, "errorOccurred")
        socket.active = true
        errorSpy.wait()
        const message = errorSpy.signalArguments[0][1]
        verify(typeof message === "string" && message.length > 0, "a translated message")
        compare(socket.errorString, message)
        verify(socket.error !== PhoenixSocket.NoError)
        compare(socket.connected, false)
    }

    function test_reconnectsAfterConnectionLoss() {
        const socket = makeSocket({ active: true })
        tryCompare(socket, "connected", true)
        const scheduledSpy = spy(socket, "reconnectScheduled")
        const connectedSpy = spy(socket, "connected")
        devServer.dropAllConnections()
        scheduledSpy.wait()
        verify(scheduledSpy.signalArguments[0][0] >= 1, "attempt number")
        verify(scheduledSpy.signalArguments[0][1] >= 0, "delay")
        connectedSpy.wait()
        compare(socket.connected, true)
    }

    function test_paramsAreSent() {
        const socket = makeSocket({ params: { user: "grace", room: "x" } })
        compare(socket.params.user, "grace")
        compare(socket.params.room, "x")
    }

    // ---- the module is the whole C++ API ------------------------------------------------------------

    function cleanup() {
        devServer.setHeartbeatRepliesEnabled(true)
        devServer.refuseWebSockets(false)
    }

    function test_enumsAreTheCppEnums() {
        // Every key of the C++ enums (read from their meta objects), with the C++ value.
        const enums = devServer.cppEnums()
        const types = { PhoenixSocket: PhoenixSocket, PhoenixChannel: PhoenixChannel, PhoenixPush: PhoenixPush }
        let checked = 0
        for (const key in enums) {
            const parts = key.split(".")
            compare(types[parts[0]][parts[1]], enums[key], key)
            ++checked
        }
        // State 4 + Error 16 + Transport 2, State 5 + Error 5, Error 8
        compare(checked, 40, "all enum keys were checked")
        // The names QML code used before the enums were re-exported still work.
        compare(PhoenixSocket.Disconnected, 0)
        compare(PhoenixSocket.Connected, 2)
        compare(PhoenixSocket.TransportError, 9)
        compare(PhoenixChannel.Errored, 4)
    }

    // Values compared as text: objects with sorted keys, URLs and numbers as strings.
    function normalized(value) {
        if (typeof value !== "object" || String(value).indexOf("://") > 0)
            return String(value)
        const sorted = {}
        for (const key of Object.keys(value).sort())
            sorted[key] = value[key]
        return JSON.stringify(sorted)
    }

    function test_settingsForwardBothWays_data() {
        return [
            { tag: "url", qml: "ws://127.0.0.1:1/one/websocket", cpp: "ws://127.0.0.1:2/two/websocket" },
            { tag: "params", qml: { user: "grace" }, cpp: { user: "linus", n: 2 } },
            { tag: "headers", qml: { "X-One": "1" }, cpp: { "X-Two": "2" } },
            { tag: "authToken", qml: "token-one", cpp: "token-two" },
            { tag: "heartbeatInterval", qml: 12345, cpp: 23456 },
            { tag: "heartbeatTimeout", qml: 4321, cpp: 5432 },
            { tag: "timeout", qml: 7777, cpp: 8888 },
            { tag: "connectTimeout", qml: 3333, cpp: 4444 },
            { tag: "transport", qml: PhoenixSocket.LongPoll, cpp: PhoenixSocket.WebSocket },
            { tag: "longPollFallback", qml: 2000, cpp: 3000 },
            { tag: "longPollTimeout", qml: 15000, cpp: 16000 },
            { tag: "autoReconnect", qml: false, cpp: true },
            { tag: "reconnectJitter", qml: 0.25, cpp: 0.5 },
            { tag: "sendBufferLimit", qml: 50, cpp: 60 },
            { tag: "maxMessageSize", qml: 1024, cpp: 2048 },
            { tag: "networkAware", qml: false, cpp: true },
        ]
    }

    function test_settingsForwardBothWays(data) {
        const name = data.tag
        const socket = makeSocket()
        const changed = spy(socket, name + "Changed")
        socket[name] = data.qml
        compare(normalized(devServer.socketProperty(socket, name)), normalized(data.qml), "QML → C++")
        compare(changed.count, 1, "notified once")
        verify(devServer.setSocketProperty(socket, name, data.cpp))
        compare(normalized(socket[name]), normalized(data.cpp), "C++ → QML")
        compare(changed.count, 2, "a change made in C++ is notified in QML")
    }

    function test_readOnlyStateIsTheCppState() {
        const socket = makeSocket({ url: "ws://127.0.0.1:1/socket/websocket", reconnectAfter: () => 30 })
        const attemptsSpy = spy(socket, "reconnectAttemptsChanged")
        socket.active = true
        tryVerify(() => socket.reconnectAttempts >= 2)
        compare(devServer.socketProperty(socket, "reconnectAttempts"), socket.reconnectAttempts)
        verify(attemptsSpy.count >= 2)
        compare(socket.error, devServer.socketProperty(socket, "error"))
        compare(socket.error, PhoenixSocket.ConnectionRefusedError)
        compare(socket.state, devServer.socketProperty(socket, "state"))
        compare(socket.latency, -1)
    }

    function test_scheduleFunctions() {
        const socket = makeSocket({ url: "ws://127.0.0.1:1/socket/websocket" })
        socket.reconnectAfter = attempt => 20 + attempt
        const scheduledSpy = spy(socket, "reconnectScheduled")
        socket.active = true
        tryVerify(() => scheduledSpy.count >= 2)
        compare(scheduledSpy.signalArguments[0][0], 1)
        compare(scheduledSpy.signalArguments[0][1], 21, "the function's delay for attempt 1")
        compare(scheduledSpy.signalArguments[1][1], 22, "the function's delay for attempt 2")
        socket.active = false
        socket.reconnectAfter = undefined
        compare(socket.reconnectAfter, undefined)
        scheduledSpy.clear()
        socket.active = true
        scheduledSpy.wait()
        const phoenixJs = [10, 50, 100, 150, 200, 250, 500, 1000, 2000, 5000]
        const attempt = scheduledSpy.signalArguments[0][0]
        compare(scheduledSpy.signalArguments[0][1], phoenixJs[Math.min(attempt, 10) - 1],
                "phoenix.js's schedule again")
    }

    function test_paramsAndTokenProviders() {
        let calls = 0
        const socket = makeSocket({
            paramsProvider: () => ({ user: "provided", call: ++calls }),
            authTokenProvider: () => "token-" + calls
        })
        socket.active = true
        tryCompare(socket, "connected", true)
        compare(calls, 1)
        const channel = createTemporaryObject(channelComponent, testCase, { socket: socket, topic: "room:providers" })
        tryCompare(channel, "joined", true)
        let info = null
        channel.push("connect_info", {}).then(response => { info = response })
        tryVerify(() => info !== null)
        compare(info.params.user, "provided", "the provider's params replaced params")
        compare(info.params.call, "1")
        compare(info.auth_token, "token-1")

        // A reconnect asks again.
        devServer.dropAllConnections()
        tryVerify(() => calls === 2 && socket.connected)
        tryCompare(channel, "joined", true)
        info = null
        channel.push("connect_info", {}).then(response => { info = response })
        tryVerify(() => info !== null)
        compare(info.params.call, "2")
        compare(info.auth_token, "token-2")
    }

    function test_telemetryAndPushFinished() {
        const socket = makeSocket({ active: true })
        tryCompare(socket, "connected", true)
        const telemetrySpy = spy(socket, "telemetryChanged")
        const finishedSpy = spy(socket, "pushFinished")
        const channel = createTemporaryObject(channelComponent, testCase, { socket: socket, topic: "room:telemetry" })
        tryCompare(channel, "joined", true)
        channel.push("echo", { body: "x" })
        tryVerify(() => {
            for (let i = 0; i < finishedSpy.count; ++i) {
                const args = finishedSpy.signalArguments[i]
                if (args[0] === "room:telemetry" && args[1] === "echo" && args[2] === "ok" && args[3] >= 0)
                    return true
            }
            return false
        })
        verify(socket.telemetry.messagesOut >= 2, "join and push counted")
        verify(socket.telemetry.connects >= 1)
        telemetrySpy.wait(3000) // throttled to once a second
        verify(socket.telemetry.pushesFinished >= 2)
    }

    function test_checksTheConnectionWhenTheApplicationResumes() {
        // Heartbeats are 60 s apart: without the check a dead connection would go unnoticed for long.
        const socket = makeSocket({ active: true, heartbeatInterval: 60000, heartbeatTimeout: 300 })
        tryCompare(socket, "connected", true)
        const errorSpy = spy(socket, "errorOccurred")
        devServer.setHeartbeatRepliesEnabled(false)
        devServer.setApplicationState(Qt.ApplicationSuspended)
        const sent = socket.telemetry.messagesOut
        devServer.setApplicationState(Qt.ApplicationActive)
        compare(socket.telemetry.messagesOut, sent + 1, "a probe was sent at once")
        errorSpy.wait(3000)
        compare(errorSpy.signalArguments[0][0], PhoenixSocket.HeartbeatTimeoutError)
    }

    function test_noCheckOnResumeWhenNotNetworkAware() {
        const socket = makeSocket({ active: true, heartbeatInterval: 60000, networkAware: false })
        tryCompare(socket, "connected", true)
        devServer.setApplicationState(Qt.ApplicationSuspended)
        const sent = socket.telemetry.messagesOut
        devServer.setApplicationState(Qt.ApplicationActive)
        compare(socket.telemetry.messagesOut, sent, "nothing sent")
        socket.checkConnection() // the explicit call still probes
        compare(socket.telemetry.messagesOut, sent + 1)
    }

    function test_longPoll() {
        const socket = makeSocket({ transport: PhoenixSocket.LongPoll, active: true })
        tryCompare(socket, "connected", true)
        verify(devServer.longPollConnectionCount() >= 1)
        const channel = createTemporaryObject(channelComponent, testCase, { socket: socket, topic: "room:longpoll" })
        tryCompare(channel, "joined", true)
        let echoed = null
        channel.push("echo", { body: "over http" }).then(response => { echoed = response.body })
        tryVerify(() => echoed === "over http")
        compare(socket.transport, PhoenixSocket.LongPoll)
    }

    function test_longPollFallback() {
        devServer.refuseWebSockets(true)
        const socket = makeSocket({ longPollFallback: 2000 })
        const transportSpy = spy(socket, "transportChanged")
        socket.active = true
        tryCompare(socket, "connected", true, 10000)
        compare(socket.transport, PhoenixSocket.LongPoll)
        compare(transportSpy.count, 1)
        compare(devServer.socketProperty(socket, "transport"), PhoenixSocket.LongPoll)
    }

    Component {
        id: channelComponent
        PhoenixChannel {}
    }
}
