// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Run by tests/package/run.sh with the system's qml tool against the installed module:
//   qml hello.qml -- ws://127.0.0.1:<port>/socket/websocket
// Joins room:lobby, pushes an echo and exits 0 with the reply printed; 1 on an error, 2 on timeout.
// (An Item as the root: the qml tool of Qt 6.4 accepts no plain QtObject there.)
import QtQuick
import Phoenix

Item {
    id: root
    readonly property string url: Qt.application.arguments[Qt.application.arguments.length - 1]

    PhoenixSocket {
        id: socket
        url: root.url
        params: ({ user: "qml" })
        active: true
        onErrorOccurred: (error, message) => { console.log("socket error:", message); Qt.exit(1) }
    }
    PhoenixChannel {
        socket: socket
        topic: "room:lobby"
        onJoined: response => {
            console.log("joined", topic, "as", response.user)
            push("echo", { from: "qml" }).receive("ok", reply => {
                console.log("echo:", JSON.stringify(reply))
                Qt.exit(0)
            }).receive("error", reply => Qt.exit(1))
        }
        onJoinFailed: response => { console.log("join failed:", JSON.stringify(response)); Qt.exit(1) }
    }
    Timer {
        interval: 30000; running: true
        onTriggered: { console.log("timeout"); Qt.exit(2) }
    }
}
