// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
//
// Uses every property, signal, method and enum of the QML module "Phoenix.Outbox", so that qmllint
// (the "qmllint" test) checks the module's type information against them. Never run.
import QtQml
import Phoenix
import Phoenix.Outbox

QtObject {
    id: root

    property var log: []

    property PhoenixSocket socket: PhoenixSocket {
        url: "ws://127.0.0.1:4000/socket/websocket"
        active: true
    }

    property PhoenixOutbox outbox: PhoenixOutbox {
        socket: root.socket
        databasePath: "outbox.sqlite"
        keyField: "idempotency_key"
        maxAttempts: 10
        maxAge: 24 * 3600 * 1000
        maxTotalSize: 10 * 1024 * 1024
        timeout: 10000

        onDelivered: (key, response) => root.log.push("delivered " + key + " " + JSON.stringify(response))
        onRejected: (key, response) => root.log.push("rejected " + key + " " + JSON.stringify(response))
        onDropped: (key, reason, entry) => {
            const why = reason === PhoenixOutbox.MaxAttempts ? "attempts" : (reason === PhoenixOutbox.MaxAge ? "age" : "?")
            root.log.push("dropped " + key + " " + why + " " + entry.key + " " + entry.topic + " " + entry.event + " "
                          + JSON.stringify(entry.payload) + " " + entry.attempts + " " + entry.created + " "
                          + entry.lastError + " " + entry.sending + " " + entry.isNull)
        }
        onSent: (key, attempt) => root.log.push("sent " + key + " " + attempt)
        onErrorOccurred: (error, message) => {
            const kinds = [PhoenixOutbox.NoError, PhoenixOutbox.InvalidEntryError, PhoenixOutbox.BinaryPayloadError,
                           PhoenixOutbox.OutboxFullError, PhoenixOutbox.DatabaseLockedError,
                           PhoenixOutbox.DatabaseCorruptError, PhoenixOutbox.DatabaseReadOnlyError,
                           PhoenixOutbox.DatabaseFullError, PhoenixOutbox.DatabaseVersionError,
                           PhoenixOutbox.DatabaseError]
            root.log.push("error " + kinds.indexOf(error) + " " + message)
        }
        onPendingCountChanged: root.log.push("pending " + pendingCount + " " + persistent)
        onPersistentChanged: root.log.push("persistent " + persistent)
        onErrorChanged: root.log.push("error " + error + " " + errorString)
        onOutboxChanged: root.log.push("outbox")
        onSocketChanged: root.log.push("socket")
        onDatabasePathChanged: root.log.push("path " + databasePath)
        onKeyFieldChanged: root.log.push("key field " + keyField)
        onMaxAttemptsChanged: root.log.push("max attempts " + maxAttempts)
        onMaxAgeChanged: root.log.push("max age " + maxAge)
        onMaxTotalSizeChanged: root.log.push("max size " + maxTotalSize)
        onTimeoutChanged: root.log.push("timeout " + timeout)
        Component.onCompleted: {
            const key = push("room:lobby", "new_msg", { body: "hi" })
            root.log.push(key + " " + entries().length)
        }
    }

    property PhoenixOutboxModel pending: PhoenixOutboxModel {
        outbox: root.outbox
        topic: "room:lobby"
        onCountChanged: root.log.push("rows " + count + " " + JSON.stringify(get(0)) + " " + indexOf("k"))
        onOutboxChanged: root.log.push("model outbox")
        onTopicChanged: root.log.push("model topic " + topic)
    }
}
