// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Run by the test qml_installed with QML_IMPORT_PATH set to an installed tree only.
import QtQuick
import QtTest
import Phoenix

TestCase {
    name: "InstalledModule"

    PhoenixSocket { id: socket; url: "ws://127.0.0.1:9/socket/websocket"; params: ({ user: "ada" }) }
    PhoenixChannel { id: channel; socket: socket; topic: "room:lobby" }
    PhoenixPresence { id: presence; channel: channel }

    function test_typesAreAvailable() {
        compare(socket.state, PhoenixSocket.Disconnected)
        compare(socket.params.user, "ada")
        compare(channel.state, PhoenixChannel.Closed)
        compare(channel.joined, false)
        compare(presence.count, 0)
    }

    function test_pushWithoutJoinFails() {
        channel.active = false
        let reason = ""
        channel.push("echo", {}).receive("error", response => { reason = response.reason })
        tryVerify(() => reason.length > 0)
    }
}
