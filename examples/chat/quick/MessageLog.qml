// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick

// The room's history as the chat shows it: messages and notes ("grace joined"), and for each of the
// user's own messages how far it got: "pending" (written, not yet confirmed by the server), "sent"
// or "failed" (with why, in the user's words).
//
// Everything goes through the functions below: the chat adds its own message with addOwn() when it
// has handed it to its outbox (which keeps it on disk, across restarts, until the server confirmed
// it), and marks it with markSent() or markFailed() when the outbox reports the outcome; what the
// server broadcasts comes in through receive().
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

    // Adds \a body by \a user, written at \a time (ms since the epoch), as pending under \a clientId:
    // the key the outbox gave the message, which travels with it (the server broadcasts it back, so
    // the copy that comes back is recognized). Does nothing if \a clientId is in the log already.
    function addOwn(user, body, clientId, time) {
        if (indexOf(clientId) >= 0)
            return
        model.append({ kind: "message", user: user, body: body, time: time, clientId: clientId,
                       delivery: "pending", failure: "" })
    }

    // Adds \a body by \a user as failed (the outbox refused it: \a why) and returns its client id.
    function addFailed(user, body, why) {
        const clientId = "unsent-" + (nextNumber++)
        model.append({ kind: "message", user: user, body: body, time: Date.now(), clientId: clientId,
                       delivery: "failed", failure: why })
        return clientId
    }

    // The failed message \a clientId was handed to the outbox again, as \a newClientId: pending again.
    function resent(clientId, newClientId) {
        const row = indexOf(clientId)
        if (row >= 0)
            model.set(row, { clientId: newClientId, delivery: "pending", failure: "" })
    }

    function indexOf(clientId) {
        for (let i = model.count - 1; i >= 0; --i) {
            if (model.get(i).clientId === clientId)
                return i
        }
        return -1
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
