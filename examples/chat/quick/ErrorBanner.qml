// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick
import QtQuick.Controls.Material
import QtQuick.Layouts

// Shows the last error to the user until it is dismissed or the problem is gone.
Rectangle {
    id: banner

    property string text

    // The user closed the banner.
    signal dismissed()

    Theme { id: theme }

    visible: text.length > 0
    implicitHeight: visible ? row.implicitHeight + 16 : 0
    color: theme.errorBackground
    border.color: theme.errorBorder
    radius: 8

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 4
        spacing: 8

        Label {
            text: "!"
            font.bold: true
            color: "white"
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            Layout.preferredWidth: 20
            Layout.preferredHeight: 20
            background: Rectangle {
                radius: 10
                color: theme.offline
            }
        }
        Label {
            objectName: "errorText"
            Layout.fillWidth: true
            text: banner.text
            color: theme.errorText
            wrapMode: Text.Wrap
        }
        ToolButton {
            text: qsTr("Dismiss")
            flat: true
            Material.foreground: theme.errorText
            onClicked: banner.dismissed()
        }
    }
}
