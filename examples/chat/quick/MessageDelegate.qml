// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick
import QtQuick.Controls.Material
import QtQuick.Layouts

// One entry of the message history: a chat bubble (sender, text, time), or a centered system note
// ("grace joined").
Item {
    id: entry

    required property string kind
    required property string user
    required property string body
    required property double time
    // The local user: their messages are on the right.
    property string selfName

    readonly property bool own: kind === "message" && user === selfName
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

        Rectangle {
            id: bubble
            Layout.maximumWidth: entry.width * 0.7
            Layout.preferredWidth: Math.max(sender.implicitWidth, text.implicitWidth, stamp.implicitWidth) + 32
            Layout.preferredHeight: bubbleColumn.implicitHeight + 18
            radius: 14
            color: entry.own ? theme.ownBubble : theme.otherBubble
            border.color: entry.own ? theme.ownBubble : theme.border

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
                Label {
                    id: stamp
                    Layout.alignment: Qt.AlignRight
                    text: entry.timeText
                    font.pixelSize: 11
                    color: entry.own ? Qt.rgba(1, 1, 1, 0.8) : theme.mutedText
                }
            }
        }

        Item {
            Layout.fillWidth: true
        }
    }
}
