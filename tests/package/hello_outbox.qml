// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Run by tests/package/run.sh with the system's qml tool against the installed modules:
//   qml hello_outbox.qml -- <database file> ws://127.0.0.1:<port>/socket/websocket
// Pushes one durable entry through a PhoenixOutbox (module Phoenix.Outbox) and exits 0 once the
// server confirmed it; 1 on an error, 2 on timeout.
import QtQuick
import Phoenix
import Phoenix.Outbox

Item {
    id: root
    readonly property var args: Qt.application.arguments
    readonly property string url: args[args.length - 1]
    readonly property string database: args[args.length - 2]

    PhoenixSocket {
        id: socket
        url: root.url
        params: ({ user: "qml" })
        active: true
    }
    PhoenixChannel {
        socket: socket
        topic: "room:outbox-package"
    }
    PhoenixOutbox {
        id: outbox
        socket: socket
        databasePath: root.database
        onDelivered: (key, response) => {
            console.log("delivered", key, "as effect", response.effect, "persistent", persistent)
            Qt.exit(0)
        }
        onRejected: (key, response) => { console.log("rejected:", JSON.stringify(response)); Qt.exit(1) }
        onErrorOccurred: (error, message) => { console.log("outbox error:", message); Qt.exit(1) }
        Component.onCompleted: push("room:outbox-package", "durable", { from: "qml" })
    }
    Timer {
        interval: 30000; running: true
        onTriggered: { console.log("timeout"); Qt.exit(2) }
    }
}
