// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
// Inline components (delegates) see the ids of this file (qmllint checks the access).
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Material
import QtQuick.Layouts
import Phoenix

// Who is online in the room, from Phoenix presence. The list is the room's only while the channel is
// joined and the presence state of that join has arrived (upToDate); while connecting, reconnecting or
// rejoining it is the last one known, greyed, and the header does not claim a count.
Pane {
    id: panel

    required property PhoenixPresence presence
    property string selfName
    property bool upToDate: true

    Theme { id: theme }

    padding: 0
    Material.elevation: 0
    background: Rectangle {
        color: theme.surface
        Rectangle {
            width: 1
            height: parent.height
            color: theme.border
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Label {
            objectName: "onlineTitle"
            Layout.fillWidth: true
            Layout.margins: 16
            Layout.bottomMargin: 8
            text: panel.upToDate ? qsTr("Online — %1").arg(panel.presence.count) : qsTr("Online")
            font.pixelSize: 13
            font.bold: true
            font.capitalization: Font.AllUppercase
            color: theme.mutedText
        }
        Label {
            objectName: "onlineStale"
            visible: !panel.upToDate
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            Layout.bottomMargin: 8
            text: panel.presence.count > 0 ? qsTr("Last known, not up to date while offline.")
                                           : qsTr("Known once connected.")
            wrapMode: Text.Wrap
            font.pixelSize: 12
            font.italic: true
            color: theme.mutedText
        }

        ListView {
            id: onlineList
            objectName: "onlineList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: panel.presence
            delegate: ItemDelegate {
                id: row
                required property string key
                required property int metaCount
                width: ListView.view.width
                height: 48
                opacity: panel.upToDate ? 1 : 0.5
                contentItem: RowLayout {
                    spacing: 12
                    Item {
                        Layout.preferredWidth: 32
                        Layout.preferredHeight: 32
                        Avatar {
                            name: row.key
                        }
                        Rectangle {
                            anchors.right: parent.right
                            anchors.bottom: parent.bottom
                            width: 11
                            height: 11
                            radius: 6
                            color: panel.upToDate ? theme.online : theme.stale
                            border.color: "white"
                            border.width: 2
                        }
                    }
                    Label {
                        objectName: "onlineName"
                        Layout.fillWidth: true
                        text: row.key
                        elide: Text.ElideRight
                        font.pixelSize: 14
                        color: theme.text
                    }
                    Label {
                        visible: row.key === panel.selfName || row.metaCount > 1
                        text: row.key === panel.selfName ? qsTr("you")
                                                         : qsTr("%n device(s)", "", row.metaCount)
                        font.pixelSize: 12
                        color: theme.mutedText
                    }
                }
            }
        }
    }
}
