// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick

// The room's history as the chat shows it: messages and notes ("grace joined"), and for each of the
// user's own messages how far it got: "pending" (written, not yet confirmed by the server), "sent"
// or "failed" (with why, in the user's words).
//
// Everything goes through the functions below: the chat adds its own message with addOwn() before it
// pushes it, and marks it with markSent() or markFailed() when the push ends; what the server
// broadcasts comes in through receive(). Another way of sending, such as an outbox that keeps
// messages written while offline until the server confirms them, calls the same functions.
QtObject {
    id: log

    // One row per entry: kind ("message" or "system"), user, body, time (ms since the epoch),
    // clientId (set by the sender, "" for notes), delivery ("sent", "pending" or "failed") and
    // failure (why it failed, for the user).
    readonly property ListModel model: ListModel {}
    // Messages the server has confirmed or sent us (pending and failed ones do not count).
    property int confirmedCount: 0
    property int nextNumber: 1

    function clear() {
        model.clear()
        confirmedCount = 0
    }

    // Adds \a body by \a user as pending and returns its client id, which travels with the message
    // (the server broadcasts it back, so the copy that comes back is recognized).
    function addOwn(user, body) {
        const clientId = user + "-" + Date.now().toString(36) + "-" + (nextNumber++)
        model.append({ kind: "message", user: user, body: body, time: Date.now(), clientId: clientId,
                       delivery: "pending", failure: "" })
        return clientId
    }

    function indexOf(clientId) {
        for (let i = model.count - 1; i >= 0; --i) {
            if (model.get(i).clientId === clientId)
                return i
        }
        return -1
    }

    function markPending(clientId) {
        const row = indexOf(clientId)
        if (row >= 0)
            model.set(row, { delivery: "pending", failure: "" })
    }

    function markSent(clientId) {
        const row = indexOf(clientId)
        if (row < 0 || model.get(row).delivery === "sent")
            return
        model.set(row, { delivery: "sent", failure: "" })
        confirmedCount += 1
    }

    function markFailed(clientId, why) {
        const row = indexOf(clientId)
        if (row >= 0 && model.get(row).delivery !== "sent")
            model.set(row, { delivery: "failed", failure: why })
    }

    // A message the server broadcast: our own coming back (confirmed) or someone else's (added).
    function receive(user, body, time, clientId) {
        if (clientId.length > 0 && indexOf(clientId) >= 0) {
            markSent(clientId)
            return
        }
        model.append({ kind: "message", user: user, body: body, time: time, clientId: clientId,
                       delivery: "sent", failure: "" })
        confirmedCount += 1
    }

    function addNote(text) {
        model.append({ kind: "system", user: "", body: text, time: Date.now(), clientId: "", delivery: "sent",
                       failure: "" })
    }
}
