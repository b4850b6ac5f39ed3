// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick
import QtQuick.Controls.Material
import QtQuick.Layouts

// One entry of the message history: a chat bubble (sender, text, time), or a centered system note
// ("grace joined"). The user's own messages show how far they got (MessageLog): pending ones are
// greyed with a clock, failed ones say why and are sent again on a click.
Item {
    id: entry

    required property string kind
    required property string user
    required property string body
    required property double time
    required property string clientId
    required property string delivery
    required property string failure
    // The local user: their messages are on the right.
    property string selfName
    // Whether the room is joined: a pending message says when it waits for the connection.
    property bool online: true

    // The user clicked a failed message to send it again.
    signal resendRequested(string clientId)

    readonly property bool own: kind === "message" && user === selfName
    readonly property bool pending: delivery === "pending"
    readonly property bool failed: delivery === "failed"
    // Words for a message that is not (yet) sent, empty for a sent one.
    readonly property string deliveryText: failed ? qsTr("%1 Click to send it again.").arg(failure)
                                                  : pending && !online ? qsTr("Not sent yet: you are offline.")
                                                                       : ""
    // Hours and minutes in the locale's format.
    readonly property string timeText: Qt.formatTime(new Date(time),
                                                     Qt.locale().timeFormat(Locale.ShortFormat).replace(":ss", ""))

    Theme { id: theme }

    implicitHeight: kind === "system" ? note.implicitHeight + 8 : bubbleRow.implicitHeight

    Label {
        id: note
        objectName: "systemNote"
        visible: entry.kind === "system"
        anchors.horizontalCenter: parent.horizontalCenter
        text: entry.body
        color: theme.mutedText
        font.pixelSize: 12
        font.italic: true
    }

    RowLayout {
        id: bubbleRow
        visible: entry.kind === "message"
        width: parent.width
        layoutDirection: entry.own ? Qt.RightToLeft : Qt.LeftToRight
        spacing: 10

        Avatar {
            name: entry.user
            Layout.alignment: Qt.AlignTop
        }

        ColumnLayout {
            spacing: 4
            Layout.maximumWidth: entry.width * 0.7

            Rectangle {
                id: bubble
                objectName: "messageBubble"
                Layout.alignment: entry.own ? Qt.AlignRight : Qt.AlignLeft
                Layout.maximumWidth: entry.width * 0.7
                Layout.preferredWidth: Math.max(sender.implicitWidth, text.implicitWidth, stampRow.implicitWidth) + 32
                Layout.preferredHeight: bubbleColumn.implicitHeight + 18
                radius: 14
                // Greyed until the server has it.
                color: entry.pending || entry.failed ? theme.pendingBubble
                                                     : entry.own ? theme.ownBubble : theme.otherBubble
                border.color: entry.failed ? theme.errorBorder
                                           : entry.pending ? theme.pendingBubble
                                                           : entry.own ? theme.ownBubble : theme.border
                border.width: entry.failed ? 2 : 1

                MouseArea {
                    anchors.fill: parent
                    enabled: entry.failed
                    cursorShape: entry.failed ? Qt.PointingHandCursor : Qt.ArrowCursor
                    onClicked: entry.resendRequested(entry.clientId)
                }

                ColumnLayout {
                    id: bubbleColumn
                    anchors.fill: parent
                    anchors.margins: 9
                    anchors.leftMargin: 14
                    anchors.rightMargin: 14
                    spacing: 2

                    Label {
                        id: sender
                        objectName: "messageSender"
                        visible: !entry.own
                        text: entry.user
                        font.bold: true
                        font.pixelSize: 13
                        color: theme.colorFor(entry.user)
                    }
                    Label {
                        id: text
                        objectName: "messageBody"
                        Layout.fillWidth: true
                        text: entry.body
                        wrapMode: Text.Wrap
                        textFormat: Text.PlainText
                        font.pixelSize: 15
                        color: entry.own ? "white" : theme.text
                    }
                    RowLayout {
                        id: stampRow
                        Layout.alignment: Qt.AlignRight
                        spacing: 4

                        // A small clock: the message waits for the server.
                        Item {
                            objectName: "pendingClock"
                            visible: entry.pending
                            Layout.preferredWidth: 11
                            Layout.preferredHeight: 11
                            Rectangle {
                                anchors.fill: parent
                                radius: width / 2
                                color: "transparent"
                                border.width: 1.5
                                border.color: stamp.color
                            }
                            Rectangle {
                                x: 4.75; y: 2.5; width: 1.5; height: 3.5
                                color: stamp.color
                            }
                            Rectangle {
                                x: 4.75; y: 4.75; width: 3.5; height: 1.5
                                color: stamp.color
                            }
                        }
                        Label {
                            id: stamp
                            text: entry.timeText
                            font.pixelSize: 11
                            color: entry.own ? Qt.rgba(1, 1, 1, 0.8) : theme.mutedText
                        }
                    }
                }
            }

            Label {
                objectName: "messageDelivery"
                visible: entry.deliveryText.length > 0
                Layout.alignment: Qt.AlignRight
                Layout.maximumWidth: entry.width * 0.7
                text: entry.deliveryText
                wrapMode: Text.Wrap
                font.pixelSize: 12
                color: entry.failed ? theme.errorText : theme.mutedText
            }
        }

        Item {
            Layout.fillWidth: true
        }
    }
}
