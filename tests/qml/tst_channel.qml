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
    // Records a push item's signals in the order they come (record(name) per signal).
    Component {
        id: pushLogComponent
        Connections {
            property var record
            function onReplied(status, response) {
                record(typeof response === "object" ? "replied:" + status : "replied without object")
            }
            function onBinaryReplied(status) { record("binaryReplied:" + status) }
            function onTimedOut() { record("timedOut") }
            function onErrorOccurred(message) { record(message.length > 0 ? "errorOccurred" : "errorOccurred empty") }
            function onFinished() { record("finished:" + target.status) }
        }
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

    // JSON.stringify() with sorted keys: equal texts, equal values.
    function canonical(v) {
        if (Array.isArray(v))
            return "[" + v.map(canonical).join(",") + "]"
        if (v !== null && typeof v === "object")
            return "{" + Object.keys(v).sort().map(k => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}"
        return typeof v + ":" + JSON.stringify(v)
    }

    function test_payloadsArePlainObjects() {
        // Payloads are read from the message's JSON text straight into JS values: the same values
        // the server sent, plain objects an application can keep, change and hand on.
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:payloads")
        tryCompare(channel, "joined", true)
        const sent = {
            id: 1234567, big: 12345678901234567000, fraction: -2.5e-3, yes: true, no: false, none: null,
            text: "quote \" backslash \\ newline \n tab \t ä € 😀", "": "empty key", "0": "index key",
            nested: { list: [1, "two", { three: [3] }, [], {}], empty: {} }
        }
        const payloads = []
        channel.messageReceived.connect((event, payload) => { if (event === "rich") payloads.push(payload) })
        for (let i = 0; i < 3; ++i) // the first time member by member, then by the compiled shape
            devServer.broadcast("room:payloads", "rich", sent)
        tryCompare(payloads, "length", 3)
        for (let i = 0; i < 3; ++i) {
            compare(canonical(payloads[i]), canonical(sent), "message " + i)
            verify(Object.getPrototypeOf(payloads[i]) === Object.prototype)
            verify(Array.isArray(payloads[i].nested.list))
        }
        payloads[0].added = "mine"
        payloads[0].nested.list.push(4)
        compare(payloads[0].added, "mine")
        compare(payloads[0].nested.list.length, 6)
        compare(payloads[1].nested.list.length, 5) // each message has its own objects
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

    // ---- the whole C++ API ----------------------------------------------------------------------------

    function text(buffer) {
        const bytes = new Uint8Array(buffer)
        let result = ""
        for (let i = 0; i < bytes.length; ++i)
            result += String.fromCharCode(bytes[i])
        return result
    }

    function buffer(string) {
        const bytes = new Uint8Array(string.length)
        for (let i = 0; i < string.length; ++i)
            bytes[i] = string.charCodeAt(i)
        return bytes.buffer
    }

    function test_settingsForwardBothWays() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:forward", { params: { a: 1 }, timeout: 4000 })
        tryCompare(channel, "joined", true)
        compare(devServer.channelProperty(socket, "room:forward", "timeout"), 4000)
        compare(devServer.channelProperty(socket, "room:forward", "params").a, 1)
        const paramsSpy = spy(channel, "paramsChanged")
        const timeoutSpy = spy(channel, "timeoutChanged")
        channel.params = { a: 2 }
        channel.timeout = 4500
        compare(devServer.channelProperty(socket, "room:forward", "params").a, 2, "QML → C++")
        compare(devServer.channelProperty(socket, "room:forward", "timeout"), 4500, "QML → C++")
        verify(devServer.setChannelProperty(socket, "room:forward", "params", { a: 3 }))
        verify(devServer.setChannelProperty(socket, "room:forward", "timeout", 5000))
        compare(channel.params.a, 3, "C++ → QML")
        compare(channel.timeout, 5000, "C++ → QML")
        compare(paramsSpy.count, 2)
        compare(timeoutSpy.count, 2)
        compare(channel.joinRef, devServer.channelProperty(socket, "room:forward", "joinRef"))
        verify(channel.joinRef.length > 0)
        compare(channel.state, devServer.channelProperty(socket, "room:forward", "state"))
    }

    // C++ code may delete the channel an item uses: the item turns closed and says so.
    function test_channelDeletedByCppCodeLeavesTheItemClosed() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:deleted")
        tryCompare(channel, "joined", true)
        const joinedSpy = spy(channel, "joinedChanged")
        const stateSpy = spy(channel, "stateChanged")
        const joinRefSpy = spy(channel, "joinRefChanged")
        verify(devServer.deleteChannel(socket, "room:deleted"))
        compare(stateSpy.count, 1)
        compare(joinedSpy.count, 1)
        compare(joinRefSpy.count, 1)
        compare(channel.state, PhoenixChannel.Closed)
        verify(!channel.joined)
        compare(channel.joinRef, "")
        compare(devServer.cppChannelCount(socket), 0)
    }

    function test_autoJoinOffWaitsForJoin() {
        const socket = makeSocket("ada", { active: false })
        const manual = makeChannel(socket, "room:manual", { autoJoin: false })
        const auto = makeChannel(socket, "room:auto")
        socket.active = true
        tryCompare(auto, "joined", true)
        // The manual channel was created first: had it joined, the server would have handled that first.
        compare(devServer.joinedCount("room:manual"), 0)
        compare(manual.state, PhoenixChannel.Closed)
        compare(manual.joinRef, "")

        const joinedSpy = spy(manual, "joined")
        manual.join()
        joinedSpy.wait()
        compare(manual.joined, true)
        compare(devServer.joinedCount("room:manual"), 1)
        manual.join() // joined already: nothing happens
        compare(manual.state, PhoenixChannel.Joined)
    }

    function test_leaveAndJoinAgain() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:leave")
        tryCompare(channel, "joined", true)
        const firstRef = channel.joinRef
        const closedSpy = spy(channel, "closed")
        const errorSpy = spy(channel, "errorOccurred")
        channel.leave()
        closedSpy.wait()
        compare(channel.state, PhoenixChannel.Closed)
        compare(channel.joined, false)
        tryVerify(() => devServer.joinedCount("room:leave") === 0)
        compare(errorSpy.count, 0)

        // Stays out after a reconnect, although autoJoin is on.
        const other = makeChannel(socket, "room:leave-witness")
        tryCompare(other, "joined", true)
        const witnessSpy = spy(other, "joined")
        devServer.dropAllConnections()
        witnessSpy.wait(10000)
        compare(devServer.joinedCount("room:leave"), 0, "left channels do not rejoin")

        channel.join()
        tryCompare(channel, "joined", true)
        compare(devServer.joinedCount("room:leave"), 1)
        verify(channel.joinRef !== firstRef, "a fresh join")
        tryVerify(() => devServer.cppChannelCount(socket) === 2, 5000, "the left C++ channel was deleted")
    }

    function test_binaryMessages() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:binary")
        tryCompare(channel, "joined", true)
        const binarySpy = spy(channel, "binaryMessageReceived")
        // The server answers binary_push with a binary push of the bytes of payload.data.
        channel.push("binary_push", { data: "héllo" })
        binarySpy.wait()
        compare(binarySpy.signalArguments[0][0], "binary_push")
        const payload = binarySpy.signalArguments[0][1]
        verify(payload instanceof ArrayBuffer, "an ArrayBuffer")
        compare(payload.byteLength, 6, "UTF-8 bytes")
        compare(text(payload).slice(0, 1), "h")

        devServer.pushBinary("room:binary", "from_server", "abc")
        tryCompare(binarySpy, "count", 2)
        compare(binarySpy.signalArguments[1][0], "from_server")
        compare(text(binarySpy.signalArguments[1][1]), "abc")
    }

    function test_pushBinary() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:pushbinary")
        tryCompare(channel, "joined", true)
        let received = null
        let fulfilled = null
        const push = channel.pushBinary("binary_echo", buffer("\x01\x02bin"))
        push.receive("ok", response => { received = response })
        push.then(response => { fulfilled = response })
        tryVerify(() => fulfilled !== null)
        verify(received instanceof ArrayBuffer, "receive() gets the binary reply")
        compare(text(received), "\x01\x02bin")
        compare(text(fulfilled), "\x01\x02bin", "the promise is fulfilled with the binary reply")
    }

    // Every outcome emits the push item's own signals once, in the C++ push's order, before
    // finished(); the channel's pushFailed() comes with each failure, after the push's handlers.
    function test_pushSignalsInOrderForEveryOutcome_data() {
        return [
            { tag: "ok reply", make: ch => ch.push("echo", { n: 1 }),
              expected: ["replied:ok", "finished:ok"] },
            { tag: "error reply", make: ch => ch.push("fail", {}),
              expected: ["replied:error", "errorOccurred", "pushFailed", "finished:error"] },
            { tag: "timeout", make: ch => ch.push("noreply", {}, 300),
              expected: ["timedOut", "errorOccurred", "pushFailed", "finished:timeout"] },
            { tag: "sent", make: ch => ch.pushNoReply("anything", {}), expected: ["finished:sent"] },
            { tag: "binary reply", make: ch => ch.pushBinary("binary_echo", buffer("bin")),
              expected: ["binaryReplied:ok", "replied:ok", "finished:ok"] },
            { tag: "local failure", inactive: true, make: ch => ch.push("echo", {}),
              expected: ["errorOccurred", "pushFailed", "finished:error"] },
        ]
    }

    function test_pushSignalsInOrderForEveryOutcome(data) {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:signals", data.inactive ? { active: false } : {})
        if (!data.inactive)
            tryCompare(channel, "joined", true)
        const seen = []
        channel.pushFailed.connect(() => seen.push("pushFailed"))
        const push = data.make(channel)
        verify(createTemporaryObject(pushLogComponent, testCase, { target: push, record: name => seen.push(name) }))
        tryVerify(() => seen.length > 0 && seen[seen.length - 1].startsWith("finished"))
        compare(seen, data.expected)
    }

    // The payload goes out as JSON.stringify() writes it, as phoenix.js sends it.
    function test_pushPayloadIsWrittenAsJsonStringifyWritesIt() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:stringify")
        tryCompare(channel, "joined", true)
        const payload = {
            n: 1, x: -0.5, big: 9007199254740993, t: true, z: null,
            s: "h\u00e9 \"q\" \n \u2603 \ud83d\ude00",
            left: undefined, f: function () { return 1 },
            d: new Date(Date.UTC(2026, 11, 7, 12, 30, 15, 250)),
            custom: { toJSON: () => ({ via: "toJSON" }) },
            nested: { list: [1, "two", null, undefined, { deep: [] }], empty: {} },
        }
        let echoed = null
        channel.push("echo", payload).receive("ok", response => { echoed = response })
        tryVerify(() => echoed !== null)
        compare(canonical(echoed), canonical(JSON.parse(JSON.stringify(payload))))
        verify(!("left" in echoed), "an undefined member is left out")
        verify(!("f" in echoed), "a function member is left out")
        compare(echoed.d, "2026-12-07T12:30:15.250Z")
        compare(echoed.nested.list[3], null, "undefined in an array is null")
    }

    function test_pushOfAPayloadThatIsNoObjectThrows_data() {
        const cyclic = { name: "loop" }
        cyclic.self = cyclic
        return [
            { tag: "number", payload: 1 },
            { tag: "string", payload: "text" },
            { tag: "array", payload: [1, 2] },
            { tag: "function", payload: () => 1 },
            { tag: "date", payload: new Date(0) },
            { tag: "toJSON gives a string", payload: { toJSON: () => "text" } },
            { tag: "cycle", payload: cyclic },
        ]
    }

    function test_pushOfAPayloadThatIsNoObjectThrows(data) {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:badpayload")
        tryCompare(channel, "joined", true)
        const failedSpy = spy(channel, "pushFailed")
        for (const noReply of [false, true]) {
            let thrown = null
            try {
                if (noReply)
                    channel.pushNoReply("echo", data.payload)
                else
                    channel.push("echo", data.payload)
            } catch (error) {
                thrown = error
            }
            verify(thrown instanceof TypeError, "a TypeError, not " + thrown)
        }
        // Nothing went out: the next push is the first the server answers.
        let echoed = null
        channel.push("echo", { after: true }).receive("ok", response => { echoed = response })
        tryVerify(() => echoed !== null)
        compare(echoed.after, true)
        compare(failedSpy.count, 0)
        // undefined and null stand for {}.
        let empty = null
        channel.push("echo", undefined).receive("ok", response => { empty = response })
        tryVerify(() => empty !== null)
        compare(JSON.stringify(empty), "{}")
        empty = null
        channel.push("echo", null).receive("ok", response => { empty = response })
        tryVerify(() => empty !== null)
        compare(JSON.stringify(empty), "{}")
    }

    function test_promiseFulfilled() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:promise")
        tryCompare(channel, "joined", true)
        const push = channel.push("echo", { body: "hi" })
        verify(push.promise instanceof Promise, "a real JS Promise")
        compare(push.promise, push.promise, "the same Promise on every read")
        let chained = null
        push.then(response => response.body + "!").then(value => { chained = value })
        tryVerify(() => chained === "hi!")

        // Composes with Promise.all.
        let all = null
        Promise.all([channel.push("echo", { n: 1 }).promise, channel.push("echo", { n: 2 }).promise])
            .then(responses => { all = responses })
        tryVerify(() => all !== null)
        compare(all[0].n, 1)
        compare(all[1].n, 2)

        // A push without reply: fulfilled once it is on its way.
        const noReply = channel.pushNoReply("anything", {})
        compare(noReply.expectsReply, false)
        let sentStatus = ""
        noReply.then(() => { sentStatus = noReply.status })
        tryVerify(() => sentStatus === "sent")
    }

    function test_promiseRejected() {
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:reject")
        tryCompare(channel, "joined", true)
        let failure = null
        channel.push("fail", {}).then(() => { failure = "fulfilled" }, error => { failure = error })
        tryVerify(() => failure !== null)
        verify(failure instanceof Error)
        compare(failure.status, "error")
        compare(failure.error, PhoenixPush.ReplyError)
        compare(failure.response.reason, "failed")
        compare(failure.event, "fail")
        verify(failure.message.length > 0, "translated message")

        let timeout = null
        channel.push("noreply", {}, 200).promise.catch(error => { timeout = error })
        tryVerify(() => timeout !== null)
        compare(timeout.error, PhoenixPush.TimeoutError)
        compare(timeout.status, "timeout")

        const inactive = makeChannel(socket, "room:reject-inactive", { active: false })
        let closed = null
        inactive.push("echo", {}).then(null, error => { closed = error })
        tryVerify(() => closed !== null)
        compare(closed.error, PhoenixPush.ChannelClosedError)
        verify(closed.message.indexOf("room:reject-inactive") >= 0, closed.message)
    }

    function test_channelErrorModel() {
        const socket = makeSocket("ada", { rejoinAfter: () => 50 })
        const channel = makeChannel(socket, "room:errors")
        tryCompare(channel, "joined", true)
        compare(channel.error, PhoenixChannel.NoError)
        const errorSpy = spy(channel, "errorOccurred")
        const changedSpy = spy(channel, "errorChanged")
        const rejoinSpy = spy(channel, "rejoinScheduled")
        let errorInHandler = -1
        channel.errorOccurred.connect(() => { errorInHandler = channel.error })
        devServer.crashTopic("room:errors")
        errorSpy.wait()
        compare(errorInHandler, PhoenixChannel.ServerError, "error is set when errorOccurred() is emitted")
        compare(channel.errorString, errorSpy.signalArguments[0][0])
        compare(changedSpy.count, 1)
        rejoinSpy.wait()
        compare(rejoinSpy.signalArguments[0][1], 50, "the socket's rejoinAfter function")
        tryCompare(channel, "joined", true)
        compare(channel.error, PhoenixChannel.NoError, "back to NoError after the rejoin")
        compare(channel.errorString, "")
        compare(changedSpy.count, 2)
    }

    function test_lateListenersFollowTheChannel() {
        // The item follows the C++ channel's signals only while something listens to its own
        // (handlers, bindings, spies): one that comes late sees every change from then on, also
        // across a switch to a new C++ channel.
        const socket = makeSocket("ada")
        const channel = makeChannel(socket, "room:late1")
        tryCompare(channel, "joined", true)
        compare(channel.state, PhoenixChannel.Joined)
        verify(channel.joinRef.length > 0)
        const joinedChanged = spy(channel, "joinedChanged")
        const stateChanged = spy(channel, "stateChanged")
        const joinRefChanged = spy(channel, "joinRefChanged")
        const joined = spy(channel, "joined")
        const oldRef = channel.joinRef
        channel.topic = "room:late2" // leaves, and joins with a new C++ channel
        joined.wait()
        compare(channel.joined, true)
        compare(joinedChanged.count, 2) // not joined (the old channel let go), joined again
        verify(stateChanged.count >= 2)
        verify(joinRefChanged.count >= 1)
        verify(channel.joinRef !== oldRef)
        channel.active = false
        compare(joinedChanged.count, 3)
        compare(channel.state, PhoenixChannel.Closed)
        compare(channel.joinRef, "")
        const closed = spy(channel, "closed")
        channel.active = true
        joined.wait()
        channel.leave()
        closed.wait()
        compare(channel.joined, false)
        compare(joinedChanged.count, 5)
    }

    function test_paramsProviderOnEveryJoin() {
        const socket = makeSocket("ada", { rejoinAfter: () => 30 })
        let calls = 0
        // The first join is refused (wrong password), the rejoin carries the provider's new value.
        const channel = makeChannel(socket, "room:private", {
            paramsProvider: () => ({ password: ++calls === 1 ? "wrong" : "secret" })
        })
        const failedSpy = spy(channel, "joinFailed")
        let errorAtFailure = -1
        channel.joinFailed.connect(() => { errorAtFailure = channel.error })
        failedSpy.wait()
        compare(errorAtFailure, PhoenixChannel.JoinRefusedError)
        tryCompare(channel, "joined", true)
        verify(calls >= 2)
        compare(channel.params.password, undefined, "params stay as they were")
    }
}
