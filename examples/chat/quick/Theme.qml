// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The PhoenixQt authors
import QtQuick

// Colors shared by the chat's components (each declares its own `Theme { id: theme }`).
QtObject {
    readonly property color primary: "#1f2937"
    readonly property color accent: "#f0572a"
    readonly property color background: "#f3f4f6"
    readonly property color surface: "#ffffff"
    readonly property color border: "#e5e7eb"
    readonly property color text: "#111827"
    readonly property color mutedText: "#6b7280"
    readonly property color ownBubble: "#f0572a"
    readonly property color otherBubble: "#ffffff"
    readonly property color pendingBubble: "#a8adb7"
    readonly property color online: "#22c55e"
    // Presence not up to date (reconnecting, rejoining): the last known list, greyed.
    readonly property color stale: "#b6bbc4"
    readonly property color waiting: "#f59e0b"
    readonly property color offline: "#ef4444"
    readonly property color errorBackground: "#fef2f2"
    readonly property color errorBorder: "#fca5a5"
    readonly property color errorText: "#991b1b"

    readonly property var avatarColors: ["#0ea5e9", "#f59e0b", "#ec4899", "#10b981", "#8b5cf6", "#14b8a6",
                                         "#6366f1", "#ef4444"]

    // A stable color per user name.
    function colorFor(name) {
        let hash = 0
        for (let i = 0; i < name.length; ++i)
            hash = (hash * 31 + name.charCodeAt(i)) % 1000003
        return avatarColors[hash % avatarColors.length]
    }
}
