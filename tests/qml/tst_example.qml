// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// The example of the QML module's documentation, as written there, must work.
import QtQuick
import QtQuick.Controls
import QtTest
import Phoenix

Item {
    id: root
    width: 400
    height: 400

    property var joinResponse: null

    ListModel { id: messages }

    PhoenixSocket { id: socket; url: devServer.url; params: ({ user: "ada" }); active: true }
    PhoenixChannel {
        id: lobby; socket: socket; topic: "room:example"; params: ({})
        onJoined: (response) => root.joinResponse = response
        onMessageReceived: (event, payload) => { if (event === "shout") messages.append(payload) }
    }
    TextField { id: field; y: 200; width: 200 }
    Button { id: button; y: 250; text: "Shout"; onClicked: lobby.push("shout", { body: field.text }).receive("ok", r => field.clear()) }
    ListView {
        id: online
        width: 200
        height: 150
        model: PhoenixPresence { channel: lobby }
        delegate: Label { objectName: "who"; text: model.key }
    }

    TestCase {
        name: "DocumentationExample"
        when: windowShown

        function test_example() {
            tryCompare(lobby, "joined", true)
            compare(root.joinResponse.topic, "room:example")
            compare(root.joinResponse.user, "ada")
            tryCompare(online, "count", 1)
            tryVerify(() => online.itemAtIndex(0) !== null && online.itemAtIndex(0).text === "ada")

            field.text = "hello from the docs"
            mouseClick(button)
            tryCompare(messages, "count", 1)
            compare(messages.get(0).body, "hello from the docs")
            tryCompare(field, "text", "")
        }
    }
}
