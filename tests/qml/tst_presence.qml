// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick
import QtTest
import Phoenix

TestCase {
    id: testCase
    name: "PhoenixPresence"
    when: windowShown
    width: 200
    height: 200

    Component {
        id: socketComponent
        PhoenixSocket {
            url: devServer.url
            active: true
        }
    }
    Component {
        id: channelComponent
        PhoenixChannel {}
    }
    Component {
        id: presenceComponent
        PhoenixPresence {}
    }
    Component {
        id: listComponent
        ListView {
            width: 200
            height: 200
            delegate: Text {
                required property string key
                required property int metaCount
                objectName: "row"
                text: key + ":" + metaCount
            }
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

    function cleanup() {
        devServer.setPresenceEnabled(true)
    }

    function member(user, topic) {
        const socket = createTemporaryObject(socketComponent, testCase, { params: { user: user } })
        const channel = createTemporaryObject(channelComponent, testCase, { socket: socket, topic: topic })
        const presence = createTemporaryObject(presenceComponent, testCase, { channel: channel })
        verify(socket && channel && presence)
        return { socket: socket, channel: channel, presence: presence }
    }

    function spy(target, signalName) {
        return createTemporaryObject(spyComponent, testCase, { target: target, signalName: signalName })
    }

    function rowTexts(view) {
        const texts = []
        for (let i = 0; i < view.contentItem.children.length; ++i) {
            const item = view.contentItem.children[i]
            if (item.objectName === "row")
                texts.push(item.text)
        }
        return texts.sort()
    }

    function test_modelShowsWhoIsOnline() {
        const ada = member("ada", "room:presence")
        tryCompare(ada.presence, "count", 1)
        compare(ada.presence.keys, ["ada"])
        verify(ada.presence.inSync)
        const joinedSpy = spy(ada.presence, "joined")

        const grace = member("grace", "room:presence")
        tryCompare(ada.presence, "count", 2)
        tryCompare(grace.presence, "count", 2)
        compare(ada.presence.keys, ["ada", "grace"])
        verify(grace.presence.contains("ada"))
        compare(ada.presence.get(1).key, "grace")
        compare(ada.presence.get(1).metaCount, 1)
        verify(ada.presence.get(1).meta.phx_ref.length > 0)
        tryVerify(() => joinedSpy.count >= 1)
        compare(joinedSpy.signalArguments[0][0], "grace")

        const leftSpy = spy(ada.presence, "left")
        grace.channel.active = false
        tryCompare(ada.presence, "count", 1)
        compare(ada.presence.keys, ["ada"])
        compare(leftSpy.signalArguments[0][0], "grace")
        compare(grace.presence.count, 0, "a presence empties when its channel is left")
    }

    function test_viewsUseTheModel() {
        const ada = member("ada", "room:view")
        const grace = member("grace", "room:view")
        const view = createTemporaryObject(listComponent, testCase, { model: ada.presence })
        tryCompare(view, "count", 2)
        tryVerify(() => JSON.stringify(rowTexts(view)) === JSON.stringify(["ada:1", "grace:1"]), 5000,
                  "delegates show the keys")
        grace.socket.active = false
        tryCompare(view, "count", 1)
    }

    function test_sameUserTwiceHasTwoMetas() {
        const first = member("ada", "room:metas")
        const second = member("ada", "room:metas")
        tryVerify(() => first.presence.count === 1 && first.presence.get(0).metaCount === 2)
        compare(second.presence.get(0).metas.length, 2)
    }

    function test_followsTopicChange() {
        const ada = member("ada", "room:before")
        const grace = member("grace", "room:after")
        tryCompare(ada.presence, "count", 1)
        tryCompare(grace.presence, "count", 1)
        ada.channel.topic = "room:after"
        tryCompare(ada.presence, "count", 2)
        compare(ada.presence.keys.slice().sort(), ["ada", "grace"])
    }

    // Waits until every message the server sent \a channel so far has arrived: the reply to an echo
    // comes after them on the same connection.
    function settle(channel) {
        let echoed = false
        channel.push("echo", {}).receive("ok", () => { echoed = true })
        tryVerify(() => echoed, 5000, "the echo came back")
    }

    // A channel item keeps no presence tracker (the better part of a kilobyte) until something
    // needs one: a PhoenixPresence model, or the channel's first presence event.
    function test_channelItemTracksPresenceOnlyWhenAskedOrTold() {
        failOnWarning(/after it joined/)
        const socket = createTemporaryObject(socketComponent, testCase, { params: { user: "ada" } })
        devServer.setPresenceEnabled(false) // nothing about presence is sent
        const channel = createTemporaryObject(channelComponent, testCase,
                                              { socket: socket, topic: "room:quiet" })
        tryCompare(channel, "joined", true)
        settle(channel)
        compare(devServer.presenceTrackerCount(socket, "room:quiet"), 0)

        const presence = createTemporaryObject(presenceComponent, testCase, { channel: channel })
        compare(devServer.presenceTrackerCount(socket, "room:quiet"), 1)
        compare(presence.count, 0)
        verify(!presence.inSync, "no state has come")
    }

    function test_modelMadeAfterThePresenceStateShowsIt_data() {
        return [
            { tag: "nothing listens", listen: false },
            { tag: "a messageReceived handler", listen: true }
        ]
    }

    // The presence_state comes right after the join, often before any model exists: a model made
    // later still shows it, without the warning of a presence made too late.
    function test_modelMadeAfterThePresenceStateShowsIt(data) {
        failOnWarning(/after it joined/)
        const topic = data.listen ? "room:late-listened" : "room:late"
        const grace = member("grace", topic) // only the state tells ada of grace
        tryCompare(grace.presence, "count", 1)
        const socket = createTemporaryObject(socketComponent, testCase, { params: { user: "ada" } })
        const channel = createTemporaryObject(channelComponent, testCase, { socket: socket, topic: topic })
        const events = []
        if (data.listen)
            channel.messageReceived.connect((event, payload) => events.push(event))
        tryCompare(channel, "joined", true)
        settle(channel)
        if (data.listen)
            verify(events.indexOf("presence_state") >= 0, "the handler saw the state")
        compare(devServer.presenceTrackerCount(socket, topic), 1)

        const presence = createTemporaryObject(presenceComponent, testCase, { channel: channel })
        compare(presence.keys.slice().sort(), ["ada", "grace"])
        verify(presence.inSync)
    }

    function test_channelDestroyedEmptiesModel() {
        const socket = createTemporaryObject(socketComponent, testCase, { params: { user: "ada" } })
        const channel = channelComponent.createObject(testCase, { socket: socket, topic: "room:gone" })
        const presence = createTemporaryObject(presenceComponent, testCase, { channel: channel })
        tryCompare(presence, "count", 1)
        channel.destroy()
        tryCompare(presence, "count", 0)
        compare(presence.keys, [])
    }
}
