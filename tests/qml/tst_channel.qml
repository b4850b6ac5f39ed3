// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick
import QtTest
import Phoenix

TestCase {
    id: testCase
    name: "PhoenixChannel"

    Component {
        id: socketComponent
        PhoenixSocket {
            url: devServer.url
            params: ({ user: "ada" })
            active: true
        }
    }
    Component {
        id: channelComponent
        PhoenixChannel {}
    }
    Component {
        id: spyComponent
        SignalSpy {}
    }

    // Any QML warning (a failed binding, a type error) fails the test.
    function init() {
        failOnWarning(/^(file|qrc):/)
    }

    function makeSocket(user, properties) {
        const props = properties || {}
        props.params = { user: user || "ada" }
        const socket = createTemporaryObject(socketComponent, testCase, props)
        verify(socket)
        return socket
    }

    function makeChannel(socket, topic, properties) {
        const props = properties || {}
        props.socket = socket
        props.topic = topic
        const channel = createTemporaryObject(channelComponent, testCase, props)
        verify(channel)
        return channel
    }

    function spy(target, signalName) {
        return createTemporaryObject(spyComponent, testCase, { target: target, signalName: signalName })
    }

    function test_join() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:join")
        const joinedSpy = spy(channel, "joined")
        const joinedChangedSpy = spy(channel, "joinedChanged")
        joinedSpy.wait()
        const response = joinedSpy.signalArguments[0][0]
        compare(response.topic, "room:join")
        compare(response.user, "ada")
        compare(channel.joined, true)
        compare(channel.state, PhoenixChannel.Joined)
        compare(joinedChangedSpy.count, 1)
        compare(channel.errorString, "")
        compare(devServer.joinedCount("room:join"), 1)
    }

    function test_joinWaitsForTheSocket() {
        const socket = makeSocket("ada", { active: false })
        const channel = makeChannel(socket, "room:wait")
        compare(channel.state, PhoenixChannel.Closed)
        compare(devServer.joinedCount("room:wait"), 0)
        socket.active = true
        tryCompare(channel, "joined", true)
        compare(devServer.joinedCount("room:wait"), 1)
    }

    function test_pushReceiveOk() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:push")
        let okResponse = null
        let errorCalled = false
        const push = channel.push("echo", { body: "hi", list: [1, 2, { nested: true }], count: 42, ratio: 0.5,
                                            nothing: null, flag: false })
        compare(push.event, "echo")
        compare(push.finished, false)
        const chained = push.receive("ok", response => { okResponse = response })
        compare(chained, push, "receive() returns the push for chaining")
        push.receive("error", () => { errorCalled = true })
        tryVerify(() => okResponse !== null)
        compare(okResponse.body, "hi")
        compare(okResponse.list.length, 3)
        compare(okResponse.list[2].nested, true)
        compare(okResponse.count, 42)
        compare(okResponse.ratio, 0.5)
        compare(okResponse.nothing, null)
        compare(okResponse.flag, false)
        compare(errorCalled, false)
    }

    function test_pushReceiveChained() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:chain")
        tryCompare(channel, "joined", true)
        const calls = []
        channel.push("fail", {})
            .receive("ok", () => calls.push("ok"))
            .receive("error", response => calls.push("error:" + response.reason))
            .receive("timeout", () => calls.push("timeout"))
        tryCompare(calls, "length", 1)
        compare(calls[0], "error:failed")
    }

    function test_pushErrorIsReported() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:pusherror")
        const failedSpy = spy(channel, "pushFailed")
        channel.push("fail", {})
        failedSpy.wait()
        compare(failedSpy.signalArguments[0][0], "fail")
        verify(failedSpy.signalArguments[0][1].length > 0, "a translated message")
    }

    function test_pushTimeout() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:timeout")
        tryCompare(channel, "joined", true)
        let timedOut = false
        channel.push("noreply", {}, 300).receive("timeout", () => { timedOut = true })
        tryVerify(() => timedOut)
    }

    function test_pushWithoutChannelFails() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:inactive", { active: false })
        const failedSpy = spy(channel, "pushFailed")
        let reason = ""
        channel.push("echo", {}).receive("error", response => { reason = response.reason })
        tryVerify(() => reason.length > 0)
        compare(failedSpy.count, 1)
        verify(failedSpy.signalArguments[0][1].indexOf("room:inactive") >= 0)
    }

    function test_messages() {
        const ada = makeSocket("ada")
        const grace = makeSocket("grace")
        const adaChannel = makeChannel(ada, "room:messages")
        const graceChannel = makeChannel(grace, "room:messages")
        tryCompare(adaChannel, "joined", true)
        tryCompare(graceChannel, "joined", true)
        const received = spy(graceChannel, "messageReceived")
        adaChannel.push("shout", { body: "hello grace", from: "ada" })
        tryVerify(() => {
            for (let i = 0; i < received.count; ++i) {
                if (received.signalArguments[i][0] === "shout")
                    return true
            }
            return false
        })
        let payload = null
        for (let i = 0; i < received.count; ++i) {
            if (received.signalArguments[i][0] === "shout")
                payload = received.signalArguments[i][1]
        }
        compare(payload.body, "hello grace")
        compare(payload.from, "ada")
    }

    function test_serverBroadcast() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:broadcast")
        tryCompare(channel, "joined", true)
        const received = spy(channel, "messageReceived")
        devServer.broadcast("room:broadcast", "news", { headline: "PhoenixQt 0.1" })
        tryVerify(() => {
            for (let i = 0; i < received.count; ++i) {
                const args = received.signalArguments[i]
                if (args[0] === "news" && args[1].headline === "PhoenixQt 0.1")
                    return true
            }
            return false
        })
    }

    function test_topicChangeLeavesAndRejoins() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:first")
        const joinedSpy = spy(channel, "joined")
        joinedSpy.wait()
        compare(devServer.joinedCount("room:first"), 1)

        channel.topic = "room:second"
        tryCompare(joinedSpy, "count", 2)
        compare(joinedSpy.signalArguments[1][0].topic, "room:second")
        compare(channel.joined, true)
        tryVerify(() => devServer.joinedCount("room:first") === 0, 5000, "the old topic was left")
        compare(devServer.joinedCount("room:second"), 1)
    }

    function test_destructionLeaves() {
        const socket = makeSocket("ada")
        const channel = channelComponent.createObject(testCase, { socket: socket, topic: "room:destroy" })
        tryCompare(channel, "joined", true)
        compare(devServer.joinedCount("room:destroy"), 1)
        channel.destroy()
        tryVerify(() => devServer.joinedCount("room:destroy") === 0, 5000, "destroying the item left the topic")
        compare(socket.connected, true)
    }

    function test_deactivationLeavesAndActivationRejoins() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:toggle")
        const closedSpy = spy(channel, "closed")
        tryCompare(channel, "joined", true)
        channel.active = false
        compare(channel.joined, false)
        compare(channel.state, PhoenixChannel.Closed)
        tryVerify(() => devServer.joinedCount("room:toggle") === 0)
        compare(closedSpy.count, 0, "closed() is for the server closing the channel, not for the item's own leave")
        channel.active = true
        tryCompare(channel, "joined", true)
        compare(devServer.joinedCount("room:toggle"), 1)
    }

    function test_rejoinsAfterCrash() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:crash")
        const joinedSpy = spy(channel, "joined")
        const errorSpy = spy(channel, "errorOccurred")
        joinedSpy.wait()
        devServer.crashTopic("room:crash")
        errorSpy.wait()
        verify(errorSpy.signalArguments[0][0].length > 0, "a translated message")
        verify(channel.errorString.length > 0)
        tryCompare(joinedSpy, "count", 2, 10000)
        compare(channel.joined, true)
        compare(channel.errorString, "", "cleared by the successful rejoin")
    }

    function test_rejoinsAfterReconnect() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:reconnect")
        const joinedSpy = spy(channel, "joined")
        joinedSpy.wait()
        devServer.dropAllConnections()
        tryCompare(joinedSpy, "count", 2, 10000)
        compare(channel.joined, true)
    }

    function test_joinErrorReachesQml() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:private")
        const failedSpy = spy(channel, "joinFailed")
        const errorSpy = spy(channel, "errorOccurred")
        const errorChangedSpy = spy(channel, "errorChanged")
        let errorInHandler = -1
        channel.joinFailed.connect(() => { errorInHandler = channel.error })
        failedSpy.wait()
        compare(failedSpy.signalArguments[0][0].reason, "unauthorized")
        compare(errorInHandler, PhoenixChannel.JoinRefusedError, "error is set when joinFailed() is emitted")
        compare(channel.error, PhoenixChannel.JoinRefusedError)
        verify(channel.errorString.indexOf("room:private") >= 0, channel.errorString)
        verify(errorChangedSpy.count >= 1)
        compare(errorSpy.count, 0, "as in C++, errorOccurred() is not emitted for join failures")
        compare(channel.joined, false)
    }

    function test_joinParams() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:private", { params: { password: "secret" } })
        tryCompare(channel, "joined", true)
        compare(channel.params.password, "secret")
    }
}
