// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick
import QtQuick.Controls.Material
import QtQuick.Layouts

// Choose a name and a room (and, if needed, the server).
Page {
    id: page

    property string userName
    property string roomName
    property string serverUrl

    signal joinRequested(string userName, string roomName, string serverUrl)

    readonly property bool valid: nameField.acceptableInput && roomField.editText.trim().length > 0
                                  && urlField.text.trim().length > 0

    function submit() {
        if (valid)
            joinRequested(nameField.text.trim(), roomField.editText.trim(), urlField.text.trim())
    }

    Theme { id: theme }

    background: Rectangle {
        color: theme.background
    }

    Pane {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 400)
        padding: 28
        Material.elevation: 4
        background: Rectangle {
            radius: 16
            color: theme.surface
            border.color: theme.border
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: 14

            Label {
                text: qsTr("Join a chat room")
                font.pixelSize: 24
                font.bold: true
                color: theme.text
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Messages go to everyone in the room. Your name is shown to them.")
                wrapMode: Text.Wrap
                color: theme.mutedText
            }
            Label {
                text: qsTr("Name")
                font.pixelSize: 12
                font.bold: true
                color: theme.mutedText
            }
            TextField {
                id: nameField
                Layout.topMargin: -8
                objectName: "nameField"
                Layout.fillWidth: true
                placeholderText: qsTr("Your name")
                text: page.userName
                focus: true
                maximumLength: 32
                validator: RegularExpressionValidator { regularExpression: /[^\s:\/]{1,32}/ }
                onAccepted: page.submit()
            }
            Label {
                text: qsTr("Room")
                font.pixelSize: 12
                font.bold: true
                color: theme.mutedText
            }
            ComboBox {
                id: roomField
                Layout.topMargin: -8
                objectName: "roomField"
                Layout.fillWidth: true
                editable: true
                model: ["lobby", "elixir", "qt", "random"]
                Component.onCompleted: editText = page.roomName
                onAccepted: page.submit()
            }
            Label {
                text: qsTr("Server")
                font.pixelSize: 12
                font.bold: true
                color: theme.mutedText
            }
            TextField {
                id: urlField
                Layout.topMargin: -8
                objectName: "urlField"
                Layout.fillWidth: true
                placeholderText: qsTr("Server address")
                text: page.serverUrl
                font.pixelSize: 13
                onAccepted: page.submit()
            }
            Button {
                objectName: "joinButton"
                Layout.fillWidth: true
                text: qsTr("Join")
                highlighted: true
                Material.accent: theme.accent
                enabled: page.valid
                onClicked: page.submit()
            }
        }
    }
}
