// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick
import QtQuick.Controls.Material
import QtQuick.Layouts
import Phoenix
import Phoenix.Outbox

// PhoenixQt Chat: a Phoenix Channels chat room in Qt Quick, on the QML module "Phoenix".
ApplicationWindow {
    id: window

    // Set by main.cpp from the command line (--url, --user, --room).
    property string serverUrl: "ws://127.0.0.1:4000/socket/websocket"
    property string userName
    property string roomName: "lobby"
    // The outbox's database file (--outbox, PHOENIXCHAT_OUTBOX); empty: "outbox-<user>.sqlite" in the
    // application's data folder, one file per user (ChatOptions::defaultOutboxFile() names it alike).
    property string outboxFile
    // Go straight to the room when a name and a room were given.
    property bool autoJoin: userName.length > 0 && roomName.length > 0

    // The session in use; empty while the room chooser is shown.
    property string activeUser
    property string activeRoom
    property string errorText
    property int reconnectSeconds: -1
    property double reconnectDeadline: 0
    property bool presenceReady: false

    // For the autopilot (--say, --screenshot) and the end-to-end test.
    readonly property bool online: lobby.joined
    readonly property int onlineCount: onlinePresence.count
    readonly property var onlineNames: onlinePresence.keys
    readonly property int messageCount: messageLog.confirmedCount
    // Messages written and not yet confirmed by the server (on disk, in the outbox).
    readonly property int pendingCount: outbox.pendingCount
    readonly property string outboxPath: outboxFile.length > 0 ? outboxFile
                                         : activeUser.length > 0 ? "outbox-" + encodeURIComponent(activeUser) + ".sqlite"
                                                                 : ""

    // The chat messages the server confirmed, as "user: text" lines.
    function messageLines() {
        const lines = []
        for (let i = 0; i < messageLog.model.count; ++i) {
            const entry = messageLog.model.get(i)
            if (entry.kind === "message" && entry.delivery === "sent")
                lines.push(entry.user + ": " + entry.body)
        }
        return lines
    }

    // Sends \a text to the room as the current user, through the outbox: the message is on disk
    // before this returns, shown at once as pending (with a clock), and sent, again after a lost
    // connection or a restart of the chat if need be, until the server confirms it (then marked
    // sent). Its outbox key travels with it, so the server shows it once however often it arrives.
    // Returns its client id (the key).
    function sendMessage(text) {
        const sentAt = Date.now()
        const key = outbox.push(lobby.topic, "shout", { user: activeUser, body: text, sent_at: sentAt })
        if (key.length === 0) // refused by the outbox (errorOccurred says why)
            return messageLog.addFailed(activeUser, text, qsTr("Not sent."))
        messageLog.addOwn(activeUser, text, key, sentAt)
        return key
    }

    // Sends the failed message \a clientId again (a new entry of the outbox, with a new key).
    function resendMessage(clientId) {
        const row = messageLog.indexOf(clientId)
        if (row < 0)
            return
        const message = messageLog.model.get(row)
        const key = outbox.push(lobby.topic, "shout", { user: activeUser, body: message.body, sent_at: message.time })
        if (key.length > 0)
            messageLog.resent(clientId, key)
    }

    // Shows the messages of this room that the outbox still holds (written before a restart of the
    // chat, or before the room was left) as pending: they go out once the room is joined.
    function showPending() {
        if (activeRoom.length === 0)
            return
        const entries = outbox.entries()
        for (let i = 0; i < entries.length; ++i) {
            const entry = entries[i]
            const payload = entry.payload
            if (entry.topic !== lobby.topic || entry.event !== "shout" || typeof payload.body !== "string")
                continue
            messageLog.addOwn(String(payload.user || activeUser), payload.body, entry.key,
                              Number(payload.sent_at) || entry.created.getTime())
        }
    }

    // What went wrong with the connection, for a person: the socket's errorString names the URL
    // (with its parameters) and the transport's words.
    function connectionProblem(error) {
        switch (error) {
        case PhoenixSocket.InvalidUrlError:
            return qsTr("The address of the chat server is not valid.")
        case PhoenixSocket.HostNotFoundError:
            return qsTr("The chat server was not found. Check the address and your connection.")
        case PhoenixSocket.ConnectionLostError:
        case PhoenixSocket.HeartbeatTimeoutError:
            return qsTr("The connection to the chat server was lost.")
        case PhoenixSocket.SslError:
            return qsTr("The chat server could not prove its identity: the connection is not safe.")
        case PhoenixSocket.ProtocolError:
        case PhoenixSocket.SendBufferFullError:
            return "" // the connection goes on
        default:
            return qsTr("The chat server cannot be reached.")
        }
    }

    function enterRoom(user, room, url, immediate) {
        messageLog.clear()
        errorText = ""
        presenceReady = false
        serverUrl = url
        activeUser = user
        activeRoom = room
        if (stack.depth === 1)
            stack.push(chatPage, {}, immediate ? StackView.Immediate : StackView.PushTransition)
        showPending()
    }

    function leaveRoom() {
        activeRoom = ""
        activeUser = ""
        reconnectSeconds = -1
        stack.pop(null)
    }

    function addNote(text) {
        messageLog.addNote(text)
    }

    width: 980
    height: 640
    minimumWidth: 560
    minimumHeight: 400
    visible: true
    title: activeRoom.length > 0 ? qsTr("#%1 — PhoenixQt Chat").arg(activeRoom) : qsTr("PhoenixQt Chat")

    Material.theme: Material.Light
    Material.primary: theme.primary
    Material.accent: theme.accent

    Theme { id: theme }

    MessageLog {
        id: messageLog
    }

    PhoenixSocket {
        id: socket
        url: window.serverUrl
        params: ({ user: window.activeUser })
        active: window.activeUser.length > 0
        onConnected: {
            window.reconnectSeconds = -1
            socket.ping()
        }
        onReconnectScheduled: (attempt, delayMs) => {
            if (attempt === 0) { // (0, 0): connected again
                window.reconnectSeconds = -1
                return
            }
            window.reconnectDeadline = Date.now() + delayMs
            window.reconnectSeconds = Math.ceil(delayMs / 1000)
        }
        onErrorOccurred: (error, message) => {
            const problem = window.connectionProblem(error)
            if (problem.length > 0)
                window.errorText = problem
        }
    }

    PhoenixChannel {
        id: lobby
        socket: socket
        topic: window.activeRoom.length > 0 ? "room:" + window.activeRoom : ""
        active: window.activeRoom.length > 0
        onJoined: window.errorText = ""
        onMessageReceived: (event, payload) => {
            if (event !== "shout" || typeof payload.body !== "string")
                return
            // The key of the sender's outbox comes back with the message (client_id: older chats).
            messageLog.receive(String(payload.user || qsTr("someone")), payload.body,
                               Number(payload.sent_at) || Date.now(),
                               String(payload.idempotency_key || payload.client_id || ""))
        }
        // A refused or timed-out join (joinFailed) and a channel error (errorOccurred) both set
        // errorString, translated.
        onJoinFailed: window.errorText = lobby.errorString
        onErrorOccurred: message => window.errorText = message
        // A message not sent yet says so itself (MessageDelegate), not in the banner.
    }

    // Every message goes through the outbox: committed to its database before anything is sent, sent
    // again with the same key until the server answers, across lost connections and restarts.
    PhoenixOutbox {
        id: outbox
        socket: socket
        databasePath: window.outboxPath
        onOutboxChanged: window.showPending() // the user's file, with what it still holds
        onDelivered: (key, response) => messageLog.markSent(key)
        onRejected: (key, response) => messageLog.markFailed(key, qsTr("Not sent: the server refused it."))
        onErrorOccurred: (error, message) => {
            // The database cannot be used (e.g. this user's chat is open twice): the chat goes on,
            // but what is not sent yet is lost if it is closed. The user is told once, in the room.
            if (error >= PhoenixOutbox.DatabaseLockedError)
                window.addNote(qsTr("Messages not sent yet will be lost if you close the chat: %1").arg(message))
        }
    }

    PhoenixPresence {
        id: onlinePresence
        channel: lobby
        onSynced: window.presenceReady = true
        onJoined: (key, current, newPresence) => {
            if (window.presenceReady && !current.metas && key !== window.activeUser)
                window.addNote(qsTr("%1 joined").arg(key))
        }
        onLeft: (key, current, leftPresence) => {
            if (window.presenceReady && (!current.metas || current.metas.length === 0))
                window.addNote(qsTr("%1 left").arg(key))
        }
    }

    // The latency indicator: measure the round trip every few seconds.
    Timer {
        interval: 5000
        repeat: true
        running: socket.connected
        onTriggered: socket.ping()
    }

    // Counts down "Reconnecting in N s".
    Timer {
        interval: 200
        repeat: true
        running: window.reconnectSeconds > 0 && !socket.connected
        onTriggered: window.reconnectSeconds = Math.max(0, Math.ceil((window.reconnectDeadline - Date.now()) / 1000))
    }

    header: ToolBar {
        objectName: "header"
        height: 60
        background: Rectangle {
            color: theme.primary
        }

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 8
            spacing: 12

            Rectangle {
                Layout.preferredWidth: 34
                Layout.preferredHeight: 34
                radius: 9
                color: theme.accent
                Label {
                    anchors.centerIn: parent
                    text: "#"
                    color: "white"
                    font.pixelSize: 20
                    font.bold: true
                }
            }
            ColumnLayout {
                spacing: 0
                Label {
                    objectName: "roomTitle"
                    text: window.activeRoom.length > 0 ? window.activeRoom : qsTr("PhoenixQt Chat")
                    color: "white"
                    font.pixelSize: 17
                    font.bold: true
                }
                Label {
                    visible: window.activeUser.length > 0
                    text: qsTr("signed in as %1").arg(window.activeUser)
                    color: Qt.rgba(1, 1, 1, 0.7)
                    font.pixelSize: 12
                }
            }
            Item {
                Layout.fillWidth: true
            }
            ConnectionStatus {
                visible: window.activeUser.length > 0
                socket: socket
                channel: lobby
                reconnectSeconds: window.reconnectSeconds
            }
            ToolButton {
                objectName: "leaveButton"
                visible: window.activeRoom.length > 0
                text: qsTr("Leave")
                Material.foreground: "white"
                onClicked: window.leaveRoom()
            }
        }
    }

    StackView {
        id: stack
        anchors.fill: parent
        initialItem: LoginPage {
            userName: window.userName
            roomName: window.roomName
            serverUrl: window.serverUrl
            onJoinRequested: (user, room, url) => window.enterRoom(user, room, url)
        }
    }

    // Pushed onto the stack while in a room.
    ChatPage {
        id: chatPage
        visible: false
        messages: messageLog.model
        channel: lobby
        presence: onlinePresence
        // Who is online is known only while joined and once the state of this join arrived; before
        // that (connecting, reconnecting, rejoining) the list is the last one known, shown greyed.
        presenceUpToDate: lobby.joined && onlinePresence.inSync
        userName: window.activeUser
        roomName: window.activeRoom
        errorText: window.errorText
        onErrorDismissed: window.errorText = ""
        onSendRequested: text => window.sendMessage(text)
        onResendRequested: clientId => window.resendMessage(clientId)
    }

    Component.onCompleted: {
        if (autoJoin)
            enterRoom(userName, roomName, serverUrl, true)
    }
}
