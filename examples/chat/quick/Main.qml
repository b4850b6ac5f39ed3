// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick
import QtQuick.Controls.Material
import QtQuick.Layouts
import Phoenix

// PhoenixQt Chat: a Phoenix Channels chat room in Qt Quick, on the QML module "Phoenix".
ApplicationWindow {
    id: window

    // Set by main.cpp from the command line (--url, --user, --room).
    property string serverUrl: "ws://127.0.0.1:4000/socket/websocket"
    property string userName
    property string roomName: "lobby"
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

    // Sends \a text to the room as the current user: shown at once as pending (with a clock), marked
    // sent when the server confirms it, or failed, with why in the user's words. Returns its client id.
    function sendMessage(text) {
        const clientId = messageLog.addOwn(activeUser, text)
        pushMessage(clientId, text)
        return clientId
    }

    // Sends the failed message \a clientId again.
    function resendMessage(clientId) {
        const row = messageLog.indexOf(clientId)
        if (row < 0)
            return
        messageLog.markPending(clientId)
        pushMessage(clientId, messageLog.model.get(row).body)
    }

    function pushMessage(clientId, text) {
        lobby.push("shout", { user: activeUser, body: text, sent_at: Date.now(), client_id: clientId })
            .then(() => messageLog.markSent(clientId),
                  error => messageLog.markFailed(clientId, window.failureText(error.error)))
    }

    // Why a message was not sent, for a person (the push's errorString names events and topics).
    function failureText(error) {
        if (error === PhoenixPush.ReplyError)
            return qsTr("Not sent: the server refused it.")
        if (!lobby.joined)
            return qsTr("Not sent: you are offline.")
        if (error === PhoenixPush.TimeoutError)
            return qsTr("Not sent: the server did not answer.")
        return qsTr("Not sent.")
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
        onErrorOccurred: (error, message) => window.errorText = message
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
            messageLog.receive(String(payload.user || qsTr("someone")), payload.body,
                               Number(payload.sent_at) || Date.now(), String(payload.client_id || ""))
        }
        // A refused or timed-out join (joinFailed) and a channel error (errorOccurred) both set
        // errorString, translated.
        onJoinFailed: window.errorText = lobby.errorString
        onErrorOccurred: message => window.errorText = message
        // A message that could not be sent says so itself (sendMessage()), not in the banner.
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
