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
    property int messageCount: 0

    // The chat messages received so far, as "user: text" lines.
    function messageLines() {
        const lines = []
        for (let i = 0; i < messageModel.count; ++i) {
            const entry = messageModel.get(i)
            if (entry.kind === "message")
                lines.push(entry.user + ": " + entry.body)
        }
        return lines
    }

    // Sends \a text to the room as the current user; returns the push.
    function sendMessage(text) {
        return lobby.push("shout", { user: activeUser, body: text, sent_at: Date.now() })
    }

    function enterRoom(user, room, url, immediate) {
        messageModel.clear()
        messageCount = 0
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
        messageModel.append({ kind: "system", user: "", body: text, time: Date.now() })
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

    ListModel {
        id: messageModel
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
            messageModel.append({
                kind: "message",
                user: String(payload.user || qsTr("someone")),
                body: payload.body,
                time: Number(payload.sent_at) || Date.now()
            })
            window.messageCount += 1
        }
        // A refused or timed-out join (joinFailed) and a channel error (errorOccurred) both set
        // errorString, translated.
        onJoinFailed: window.errorText = lobby.errorString
        onErrorOccurred: message => window.errorText = message
        onPushFailed: (event, message) => window.errorText = qsTr("Your message was not sent: %1").arg(message)
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
        messages: messageModel
        channel: lobby
        presence: onlinePresence
        userName: window.activeUser
        roomName: window.activeRoom
        errorText: window.errorText
        onErrorDismissed: window.errorText = ""
    }

    Component.onCompleted: {
        if (autoJoin)
            enterRoom(userName, roomName, serverUrl, true)
    }
}
