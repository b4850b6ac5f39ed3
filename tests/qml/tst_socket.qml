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
}
