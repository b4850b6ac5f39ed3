// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick
import QtTest
import Phoenix
import Phoenix.Outbox

TestCase {
    id: testCase
    name: "PhoenixOutbox"

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
        id: outboxComponent
        PhoenixOutbox {}
    }
    Component {
        id: modelComponent
        PhoenixOutboxModel {}
    }
    Component {
        id: spyComponent
        SignalSpy {}
    }

    // Any QML warning (a failed binding, a type error) fails the test.
    function init() {
        failOnWarning(/^(file|qrc):/)
    }

    function make(component, properties) {
        const item = createTemporaryObject(component, testCase, properties || {})
        verify(item)
        return item
    }

    function spy(target, signalName) {
        return make(spyComponent, { target: target, signalName: signalName })
    }

    function test_pushIsDeliveredAndTheModelFollows() {
        const socket = make(socketComponent)
        const channel = make(channelComponent, { socket: socket, topic: "room:outbox-qml" })
        const outbox = make(outboxComponent, { socket: socket, databasePath: devServer.temporaryPath("qml.sqlite") })
        const model = make(modelComponent, { outbox: outbox, topic: "room:outbox-qml" })
        const delivered = spy(outbox, "delivered")
        const countChanged = spy(outbox, "pendingCountChanged")
        verify(outbox.persistent)
        compare(outbox.keyField, "idempotency_key")
        compare(outbox.error, PhoenixOutbox.NoError)
        const effectsBefore = devServer.durableEffectCount()

        const key = outbox.push("room:outbox-qml", "durable", { n: 1, body: "hello" })
        compare(key.length, 36)
        compare(outbox.pendingCount, 1)
        compare(countChanged.count, 1)
        compare(model.count, 1)
        compare(model.get(0).key, key)
        compare(model.get(0).payload.body, "hello")
        compare(model.get(0).topic, "room:outbox-qml")
        compare(outbox.entries()[0].key, key)
        compare(outbox.entries()[0].payload.n, 1)

        delivered.wait()
        compare(delivered.signalArguments[0][0], key)
        compare(delivered.signalArguments[0][1].key, key)
        compare(outbox.pendingCount, 0)
        compare(model.count, 0)
        compare(devServer.durableEffectCount(), effectsBefore + 1)
        verify(channel.joined)
    }

    function test_refusalsAreErrors() {
        const outbox = make(outboxComponent, { databasePath: "" })
        const errors = spy(outbox, "errorOccurred")
        verify(!outbox.persistent) // in memory only, no error
        compare(outbox.error, PhoenixOutbox.NoError)
        compare(outbox.push("room:x", "durable", new ArrayBuffer(4)), "")
        compare(outbox.error, PhoenixOutbox.BinaryPayloadError)
        verify(outbox.errorString.indexOf("idempotency key") >= 0)
        errors.wait()
        compare(errors.signalArguments[0][0], PhoenixOutbox.BinaryPayloadError)
        compare(outbox.push("room:x", "durable", [1, 2]), "")
        compare(outbox.error, PhoenixOutbox.InvalidEntryError)
        compare(outbox.push("room:x", "phx_join", {}), "")
        compare(outbox.pendingCount, 0)
        verify(outbox.push("room:x", "durable") !== "") // no payload: {}
        compare(outbox.pendingCount, 1)
    }

    function test_entriesSurviveTheItem() {
        const path = devServer.temporaryPath("survive.sqlite")
        const socket = make(socketComponent)
        const first = make(outboxComponent, { socket: socket, databasePath: path, maxAttempts: 5 })
        compare(first.maxAttempts, 5)
        const key = first.push("room:outbox-later", "durable", { n: 2 }) // no channel for it yet
        compare(first.pendingCount, 1)
        first.destroy() // closes its database (deferred: wait() delivers it)
        wait(50)

        const second = make(outboxComponent, { socket: socket, databasePath: path })
        compare(second.pendingCount, 1)
        compare(second.entries()[0].key, key)
        const delivered = spy(second, "delivered")
        make(channelComponent, { socket: socket, topic: "room:outbox-later" })
        delivered.wait()
        compare(delivered.signalArguments[0][0], key)
        compare(second.pendingCount, 0)
    }

    function test_lockedDatabaseIsReported() {
        const path = devServer.temporaryPath("locked.sqlite")
        const holder = make(outboxComponent, { databasePath: path })
        verify(holder.persistent)
        ignoreWarning(/failed/)
        const second = make(outboxComponent, { databasePath: path })
        verify(!second.persistent)
        compare(second.error, PhoenixOutbox.DatabaseLockedError)
        verify(second.push("room:x", "durable", { n: 1 }) !== "") // in memory
        compare(second.pendingCount, 1)
    }
}
