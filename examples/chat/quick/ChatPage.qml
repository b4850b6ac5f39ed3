// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
// Inline components (delegates) see the ids of this file (qmllint checks the access).
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Material
import QtQuick.Layouts
import Phoenix

// The room: message history, the field to write in, and who is online.
Page {
    id: page

    required property ListModel messages
    required property PhoenixChannel channel
    required property PhoenixPresence presence
    required property string userName
    required property string roomName
    property string errorText
    // False while the online list is not the room's current one (see OnlinePanel).
    property bool presenceUpToDate: true

    signal errorDismissed()
    // The user sent \a text (Enter or the Send button).
    signal sendRequested(string text)
    // The user asked to send the failed message \a clientId again.
    signal resendRequested(string clientId)

    // Hands what is in the field over and clears the field: the message is in the list from now on,
    // pending until the server confirmed it.
    function send() {
        const text = messageField.text.trim()
        if (text.length === 0)
            return
        messageField.clear()
        page.sendRequested(text)
    }

    Theme { id: theme }

    background: Rectangle {
        color: theme.background
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            ErrorBanner {
                objectName: "errorBanner"
                Layout.fillWidth: true
                Layout.margins: visible ? 12 : 0
                Layout.bottomMargin: 0
                text: page.errorText
                onDismissed: page.errorDismissed()
            }

            ListView {
                id: messageList
                objectName: "messageList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: 10
                topMargin: 16
                bottomMargin: 16
                leftMargin: 20
                rightMargin: 20
                model: page.messages
                delegate: MessageDelegate {
                    width: ListView.view.width - ListView.view.leftMargin - ListView.view.rightMargin
                    selfName: page.userName
                    online: page.channel.joined
                    onResendRequested: clientId => page.resendRequested(clientId)
                }
                // Scrolled once the new row is laid out (a plain Timer: qmllint cannot type Qt.callLater).
                onCountChanged: scrollToEnd.restart()
                Timer {
                    id: scrollToEnd
                    interval: 0
                    onTriggered: messageList.positionViewAtEnd()
                }
                ScrollBar.vertical: ScrollBar {}

                // An empty room says so once we are in it (not while the connection is refused).
                Label {
                    objectName: "emptyRoom"
                    anchors.centerIn: parent
                    visible: messageList.count === 0 && page.channel.joined
                    width: parent.width * 0.8
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    text: qsTr("No messages yet. Say hello to #%1!").arg(page.roomName)
                    color: theme.mutedText
                }
            }

            Pane {
                Layout.fillWidth: true
                padding: 12
                background: Rectangle {
                    color: theme.surface
                    Rectangle {
                        width: parent.width
                        height: 1
                        color: theme.border
                    }
                }

                RowLayout {
                    anchors.fill: parent
                    spacing: 10

                    TextField {
                        id: messageField
                        objectName: "messageField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Message #%1").arg(page.roomName)
                        focus: true
                        leftPadding: 18
                        rightPadding: 18
                        topPadding: 10
                        bottomPadding: 10
                        background: Rectangle {
                            implicitHeight: 44
                            radius: 22
                            color: theme.background
                            border.color: messageField.activeFocus ? theme.accent : theme.border
                            border.width: messageField.activeFocus ? 2 : 1
                        }
                        onAccepted: page.send()
                    }
                    Button {
                        objectName: "sendButton"
                        text: qsTr("Send")
                        highlighted: true
                        Material.accent: theme.accent
                        enabled: messageField.text.trim().length > 0
                        onClicked: page.send()
                    }
                }
            }
        }

        OnlinePanel {
            Layout.preferredWidth: 220
            Layout.fillHeight: true
            presence: page.presence
            selfName: page.userName
            upToDate: page.presenceUpToDate
        }
    }
}
