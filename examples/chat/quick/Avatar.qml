// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick

// A round badge with the first letter of a user name, in that user's color.
Rectangle {
    id: avatar

    property string name
    property int size: 32

    Theme { id: theme }

    width: size
    height: size
    radius: size / 2
    color: theme.colorFor(name)

    Text {
        anchors.centerIn: parent
        text: avatar.name.length > 0 ? avatar.name.charAt(0).toUpperCase() : "?"
        color: "white"
        font.pixelSize: avatar.size * 0.45
        font.bold: true
    }
}
