// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
// Inline components (delegates) see the ids of this file (qmllint checks the access).
pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Material
import QtQuick.Layouts
import Phoenix

// The header's connection indicator: a colored dot with the state in words, and the latency.
RowLayout {
    id: status

    required property PhoenixSocket socket
    required property PhoenixChannel channel
    // Seconds until the next reconnect attempt, -1 when none is scheduled.
    property int reconnectSeconds: -1

    readonly property string stateText: {
        if (socket.connected) {
            if (channel.joined)
                return qsTr("Online")
            if (channel.state === PhoenixChannel.Errored)
                return qsTr("Rejoining…")
            return qsTr("Joining…")
        }
        if (socket.state === PhoenixSocket.Connecting)
            return qsTr("Connecting…")
        if (reconnectSeconds >= 0)
            return qsTr("Reconnecting in %n s", "", reconnectSeconds)
        return qsTr("Offline")
    }
    readonly property color stateColor: socket.connected && channel.joined
                                        ? theme.online
                                        : (socket.connected || socket.state === PhoenixSocket.Connecting
                                           || reconnectSeconds >= 0) ? theme.waiting : theme.offline

    spacing: 14

    Theme { id: theme }

    Rectangle {
        objectName: "connectionChip"
        Layout.preferredHeight: 28
        Layout.preferredWidth: chipRow.implicitWidth + 24
        radius: 14
        color: Qt.rgba(1, 1, 1, 0.12)

        RowLayout {
            id: chipRow
            anchors.centerIn: parent
            spacing: 8

            Rectangle {
                width: 10
                height: 10
                radius: 5
                color: status.stateColor
            }
            Label {
                objectName: "connectionState"
                text: status.stateText
                color: "white"
                font.pixelSize: 13
            }
        }
    }

    // The round trip, while there is a connection to measure it on.
    RowLayout {
        visible: status.socket.connected
        spacing: 6
        ToolTip.visible: latencyArea.containsMouse
        ToolTip.text: qsTr("Round trip to the server")

        // Three signal bars, lit by how fast the server answers.
        Row {
            spacing: 2
            Layout.alignment: Qt.AlignVCenter
            Repeater {
                model: 3
                Rectangle {
                    required property int index
                    readonly property int quality: status.socket.latency < 0 || !status.socket.connected
                                                   ? 0 : status.socket.latency < 100 ? 3
                                                   : status.socket.latency < 300 ? 2 : 1
                    anchors.bottom: parent.bottom
                    width: 4
                    height: 6 + index * 4
                    radius: 1
                    color: index < quality ? "white" : Qt.rgba(1, 1, 1, 0.3)
                }
            }
        }
        Label {
            objectName: "latency"
            text: status.socket.latency >= 0 ? qsTr("%1 ms").arg(status.socket.latency) : qsTr("– ms")
            color: "white"
            font.pixelSize: 13
            MouseArea {
                id: latencyArea
                anchors.fill: parent
                hoverEnabled: true
            }
        }
    }
}
