// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// What QML applications do from their handlers (issue 17): `active = false` from any handler or
// provider wins, and a push's Promise and receive() handlers settle exactly once when the Channel
// item (or a page holding it) or the socket item goes away while the push is pending, also when a
// pushFailed handler destroys, leaves or deactivates its own channel.
import QtQuick
import QtTest
import Phoenix

TestCase {
    id: testCase
    name: "PhoenixSlots"

    // How long a "this must not happen" check watches: several reconnect periods.
    readonly property int quietMs: 300
    // Nothing listens on port 1: every connection attempt is refused at once.
    readonly property string refusedUrl: "ws://127.0.0.1:1/socket/websocket"

    // A socket that gives up after `giveUpAfter` failed reconnects, as the issue's app does.
    Component {
        id: giveUpComponent
        PhoenixSocket {
            property int giveUpAfter: 3
            url: testCase.refusedUrl
            networkAware: false
            reconnectAfter: attempt => 10
            onReconnectAttemptsChanged: if (reconnectAttempts >= giveUpAfter) active = false
        }
    }

    // A socket (and a channel on it) that sets active = false from the handler named `giveUpOn`.
    Component {
        id: handlerSocketComponent
        PhoenixSocket {
            property string giveUpOn: ""
            property int gaveUp: 0
            property int connectedAfterGivingUp: 0
            url: devServer.url
            networkAware: false
            reconnectAfter: attempt => 10
            function giveUp(handler) {
                if (giveUpOn !== handler || gaveUp > 0)
                    return
                gaveUp++
                active = false
            }
            onConnected: {
                if (gaveUp > 0)
                    connectedAfterGivingUp++
                giveUp("connected")
            }
            onErrorOccurred: giveUp("errorOccurred")
            onDisconnected: giveUp("disconnected")
            onReconnectScheduled: giveUp("reconnectScheduled")
            onStateChanged: if (state === PhoenixSocket.Connected) giveUp("stateChanged")
        }
    }
    Component {
        id: handlerChannelComponent
        PhoenixChannel {
            property string giveUpOn: ""
            onJoined: if (giveUpOn === "joined") socket.giveUp("joined")
            onMessageReceived: (event, payload) => {
                if (giveUpOn === "messageReceived" && event === "news")
                    socket.giveUp("messageReceived")
            }
        }
    }

    // The user logged out: a provider finds no token and deactivates the socket.
    Component {
        id: loggedOutTokenComponent
        PhoenixSocket {
            url: devServer.url
            networkAware: false
            authTokenProvider: function () { active = false; return "" }
        }
    }
    Component {
        id: loggedOutParamsComponent
        PhoenixSocket {
            url: devServer.url
            networkAware: false
            paramsProvider: function () { active = false; return { user: "gone" } }
        }
    }

    Component {
        id: socketComponent
        PhoenixSocket {
            url: devServer.url
            networkAware: false
            params: ({ user: "ada" })
        }
    }
    Component {
        id: channelComponent
        PhoenixChannel {}
    }
    // A channel whose pushFailed handler does `onFailure` to itself or its socket, once, and logs
    // each failure it is told of.
    Component {
        id: failingChannelComponent
        PhoenixChannel {
            id: failing
            property string onFailure: ""
            property var log: []
            onPushFailed: (event, message) => {
                log.push("pushFailed " + event)
                const action = onFailure
                onFailure = ""
                if (action === "destroy channel")
                    failing.destroy()
                else if (action === "leave")
                    failing.leave()
                else if (action === "destroy socket")
                    failing.socket.destroy()
                else if (action === "active false")
                    failing.socket.active = false
            }
        }
    }
    // A channel whose stateChanged handler does `whenClosed` once, when the channel turns Closed, and
    // logs what it did.
    Component {
        id: closingChannelComponent
        PhoenixChannel {
            id: closing
            property string whenClosed: ""
            property var log: []
            onStateChanged: {
                if (state !== PhoenixChannel.Closed || whenClosed === "")
                    return
                const action = whenClosed
                whenClosed = ""
                log.push(action)
                if (action === "join")
                    closing.join()
                else if (action === "leave")
                    closing.leave()
                else if (action === "active false")
                    closing.socket.active = false
                else if (action === "destroy socket")
                    closing.socket.destroy()
                else if (action === "destroy channel")
                    closing.destroy()
            }
        }
    }
    // A page of an application (a StackView page, a Loader's item) with a channel on it.
    Component {
        id: pageComponent
        Item {
            id: page
            property PhoenixSocket socketItem: null
            property alias channel: pageChannel
            PhoenixChannel {
                id: pageChannel
                socket: page.socketItem
                topic: "room:page"
            }
        }
    }
    Component {
        id: loaderComponent
        Loader {}
    }
    Component {
        id: spyComponent
        SignalSpy {}
    }

    // Any QML warning (a failed binding, a type error) fails the test.
    function init() {
        failOnWarning(/^(file|qrc):/)
    }

    function spy(target, signalName) {
        return createTemporaryObject(spyComponent, testCase, { target: target, signalName: signalName })
    }

    function transportRows(rows) {
        const result = []
        for (const transport of [PhoenixSocket.WebSocket, PhoenixSocket.LongPoll]) {
            for (const row of rows) {
                const copy = Object.assign({}, row)
                copy.transport = transport
                copy.tag = (transport === PhoenixSocket.WebSocket ? "websocket: " : "longpoll: ") + row.tag
                result.push(copy)
            }
        }
        return result
    }

    // ---- giving up from onReconnectAttemptsChanged -----------------------------------------------------

    function test_activeFalseFromReconnectAttemptsChangedStopsReconnecting() {
        const socket = createTemporaryObject(giveUpComponent, testCase)
        verify(socket)
        socket.active = true
        tryCompare(socket, "active", false, 5000)
        const scheduled = spy(socket, "reconnectScheduled")
        const connecting = spy(socket, "stateChanged")
        wait(quietMs) // nothing may happen now
        compare(socket.state, PhoenixSocket.Disconnected)
        compare(scheduled.count, 0, "reconnects scheduled after active = false")
        compare(connecting.count, 0, "state changes after active = false")
        // active = false again changes nothing, and active = true tries again.
        socket.active = false
        compare(socket.state, PhoenixSocket.Disconnected)
    }

    // ---- active = false from other handlers ---------------------------------------------------------------

    function test_activeFalseFromAHandlerWins_data() {
        return transportRows([
            { tag: "onConnected", handler: "connected", trigger: "connect" },
            { tag: "onStateChanged(Connected)", handler: "stateChanged", trigger: "connect" },
            { tag: "onErrorOccurred, refused", handler: "errorOccurred", trigger: "refused" },
            { tag: "onErrorOccurred, dropped", handler: "errorOccurred", trigger: "drop" },
            { tag: "onDisconnected, dropped", handler: "disconnected", trigger: "drop" },
            { tag: "onReconnectScheduled, dropped", handler: "reconnectScheduled", trigger: "drop" },
            { tag: "channel onJoined", handler: "joined", trigger: "connect" },
            { tag: "channel onMessageReceived", handler: "messageReceived", trigger: "message" },
        ])
    }

    function test_activeFalseFromAHandlerWins(data) {
        const topic = "room:giveup"
        const socket = createTemporaryObject(handlerSocketComponent, testCase, {
            transport: data.transport,
            giveUpOn: data.handler,
            url: data.trigger === "refused" ? refusedUrl : devServer.url,
        })
        verify(socket)
        const channel = createTemporaryObject(handlerChannelComponent, testCase, {
            socket: socket, topic: topic, giveUpOn: data.handler
        })
        verify(channel)
        socket.active = true
        if (data.trigger === "drop" || data.trigger === "message") {
            tryCompare(channel, "joined", true, 5000)
            if (data.trigger === "drop")
                devServer.dropAllConnections()
            else
                devServer.broadcast(topic, "news", {})
        }
        tryCompare(socket, "gaveUp", 1, 5000)
        compare(socket.active, false)
        tryCompare(socket, "state", PhoenixSocket.Disconnected, 5000)
        const connected = spy(socket, "connected")
        const scheduled = spy(socket, "reconnectScheduled")
        wait(quietMs) // nothing may happen now
        compare(socket.state, PhoenixSocket.Disconnected)
        compare(connected.count, 0, "connected again after active = false")
        compare(scheduled.count, 0, "reconnects scheduled after active = false")
        compare(channel.joined, false)
        compare(socket.connectedAfterGivingUp, 0, "connected() after active = false")
    }

    // ---- providers ----------------------------------------------------------------------------------------

    function test_providerThatSetsActiveFalseLeavesTheSocketDisconnected_data() {
        return transportRows([
            { tag: "authTokenProvider", component: loggedOutTokenComponent },
            { tag: "paramsProvider", component: loggedOutParamsComponent },
        ])
    }

    function test_providerThatSetsActiveFalseLeavesTheSocketDisconnected(data) {
        const socket = createTemporaryObject(data.component, testCase, { transport: data.transport })
        verify(socket)
        const connected = spy(socket, "connected")
        socket.active = true
        compare(socket.active, false)
        tryCompare(socket, "state", PhoenixSocket.Disconnected, 2000)
        wait(quietMs) // nothing may happen now
        compare(socket.state, PhoenixSocket.Disconnected)
        compare(connected.count, 0)
    }

    // ---- a pending push settles once when its item goes away -------------------------------------------

    function test_pendingPushSettlesOnceWhenItsItemGoesAway_data() {
        return transportRows([
            { tag: "Channel item destroyed", gone: "channel" },
            { tag: "page in a Loader unloaded", gone: "page" },
            { tag: "socket item destroyed", gone: "socket" },
        ])
    }

    function test_pendingPushSettlesOnceWhenItsItemGoesAway(data) {
        const socket = createTemporaryObject(socketComponent, testCase, { transport: data.transport, active: true })
        verify(socket)
        let channel = null
        let loader = null
        if (data.gone === "page") {
            loader = createTemporaryObject(loaderComponent, testCase, { sourceComponent: pageComponent })
            verify(loader && loader.item)
            loader.item.socketItem = socket
            channel = loader.item.channel
        } else {
            channel = createTemporaryObject(channelComponent, testCase, { socket: socket, topic: "room:page" })
        }
        verify(channel)
        tryCompare(channel, "joined", true, 5000)

        // The server never answers "noreply": the push is pending when its item goes away.
        const outcomes = []
        const push = channel.push("noreply", {})
        for (const status of ["ok", "error", "timeout"])
            push.receive(status, response => outcomes.push("receive " + status))
        push.then(value => outcomes.push("fulfilled"), error => outcomes.push("rejected"))
        push.promise.then(value => outcomes.push("promise fulfilled"), error => outcomes.push("promise rejected"))

        if (data.gone === "channel")
            channel.destroy()
        else if (data.gone === "page")
            loader.active = false
        else
            socket.destroy()
        tryVerify(() => outcomes.length >= 3, 5000, "the push never settled: " + JSON.stringify(outcomes))
        wait(50) // a second settlement would show up now
        compare(outcomes.sort(), ["promise rejected", "receive error", "rejected"])
    }

    // ---- a pushFailed handler that takes its own channel away ------------------------------------------

    function test_pushFailedHandlerMayTakeItsChannelAway_data() {
        return transportRows([
            { tag: "destroys the channel item", action: "destroy channel", told: 1 },
            { tag: "leaves the channel", action: "leave", told: 2 },
            { tag: "destroys the socket item", action: "destroy socket", told: 2 },
            { tag: "sets active to false", action: "active false", told: 1 },
        ])
    }

    // The channel's pushFailed() is emitted from the failed push's own outcome; the handler that
    // deletes, leaves or deactivates must leave every push settled exactly once and nothing warned.
    function test_pushFailedHandlerMayTakeItsChannelAway(data) {
        const socket = createTemporaryObject(socketComponent, testCase, { transport: data.transport, active: true })
        verify(socket)
        const channel = createTemporaryObject(failingChannelComponent, testCase,
                                              { socket: socket, topic: "room:failing", onFailure: data.action })
        verify(channel)
        tryCompare(channel, "joined", true, 5000)

        // "noreply" is never answered: the first push times out, the second is still pending when
        // the handler acts.
        const outcomes = []
        const first = channel.push("noreply", { n: 1 }, 50)
        const second = channel.push("noreply", { n: 2 }, 60000)
        first.then(value => outcomes.push("first fulfilled"), error => outcomes.push("first rejected"))
        first.receive("timeout", () => outcomes.push("first timeout"))
        second.then(value => outcomes.push("second fulfilled"), error => outcomes.push("second rejected"))
        const log = channel.log

        tryVerify(() => outcomes.length >= 2, 5000, "the first push never settled: " + JSON.stringify(outcomes))
        if (data.action === "active false") {
            // The channel stays (it rejoins with the socket): the pending push stays pending.
            compare(outcomes.sort(), ["first rejected", "first timeout"])
            compare(log, ["pushFailed noreply"])
            socket.active = true
            tryCompare(channel, "joined", true, 5000)
            return
        }
        tryVerify(() => outcomes.length >= 3, 5000, "the second push never settled: " + JSON.stringify(outcomes))
        wait(50) // a second settlement would show up now
        compare(outcomes.sort(), ["first rejected", "first timeout", "second rejected"])
        // Each failure is told once, the second push's only while its channel item still exists.
        compare(log, Array(data.told).fill("pushFailed noreply"))
    }

    // ---- C++ code deletes an item's channel; the item's handler acts on it -----------------------------

    function test_handlerMayActWhenCppCodeDeletesTheItemsChannel_data() {
        return transportRows([
            { tag: "joins again", action: "join" },
            { tag: "leaves", action: "leave" },
            { tag: "sets active to false", action: "active false" },
            { tag: "destroys the socket item", action: "destroy socket" },
            { tag: "destroys the channel item", action: "destroy channel" },
        ])
    }

    // The item hears of the deletion from the C++ channel's destructor (channelDestroyed()) and turns
    // Closed there: its handler runs while the C++ channel is being deleted, and may do anything.
    function test_handlerMayActWhenCppCodeDeletesTheItemsChannel(data) {
        const socket = createTemporaryObject(socketComponent, testCase, { transport: data.transport, active: true })
        verify(socket)
        const channel = createTemporaryObject(closingChannelComponent, testCase,
                                              { socket: socket, topic: "room:deleted", whenClosed: data.action })
        verify(channel)
        tryCompare(channel, "joined", true, 5000)

        verify(devServer.deleteChannel(socket, "room:deleted"))
        compare(channel.log, [data.action])
        if (data.action === "join") {
            // A fresh C++ channel, joined once. (Deleting the old one sent no leave: the server
            // closes its join when the new one comes, as Phoenix does with a duplicate join.)
            tryCompare(channel, "joined", true, 5000)
            compare(devServer.cppChannelCount(socket), 1)
            compare(devServer.joinedCount("room:deleted"), 1)
            return
        }
        if (data.action === "destroy socket") {
            tryVerify(() => channel.socket === null, 5000)
            compare(channel.state, PhoenixChannel.Closed)
            return
        }
        if (data.action === "destroy channel") {
            // Destroyed from the event loop: the socket has nothing left of it.
            tryVerify(() => devServer.cppChannelCount(socket) === 0, 5000)
            wait(quietMs)
            compare(devServer.cppChannelCount(socket), 0)
            compare(socket.connected, true)
            return
        }
        compare(channel.state, PhoenixChannel.Closed)
        compare(channel.joined, false)
        if (data.action === "active false")
            tryCompare(socket, "connected", false, 5000)
        wait(quietMs) // nothing joins by itself
        compare(channel.state, PhoenixChannel.Closed)
        compare(devServer.cppChannelCount(socket), 0)
        // The item is still usable.
        socket.active = true
        channel.join()
        tryCompare(channel, "joined", true, 5000)
        compare(devServer.cppChannelCount(socket), 1)
    }
}
