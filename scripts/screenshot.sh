#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# Makes the screenshots of docs/screenshots from the real chat UIs: runs the end-to-end tests (chat
# windows offscreen against the in-process dev server, messages typed key by key) with
# PHOENIXQT_SCREENSHOT_DIR set, and copies
#   chat.png                  ada's Qt Quick window in a conversation with grace (README)
#   chat-offline.png          the Qt Quick chat offline: presence greyed, two messages pending in the outbox
#   chat-widgets-offline.png  the Qt Widgets chat offline, the same moments
#
#   bash scripts/screenshot.sh [--build-dir DIR]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir="$root/build"
if [ "${1:-}" = "--build-dir" ]; then
    build_dir=$(realpath -m "$2")
fi
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S "$root" -B "$build_dir" -G Ninja -DPHOENIXQT_BUILD_TESTS=ON -DPHOENIXQT_BUILD_EXAMPLES=ON \
    -DPHOENIXQT_BUILD_QML=ON >/dev/null
cmake --build "$build_dir" -j"$jobs" --target tst_chat_e2e

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
QT_QPA_PLATFORM=offscreen PHOENIXQT_SCREENSHOT_DIR="$out" "$build_dir/tests/e2e/tst_chat_e2e" \
    messagesAndPresenceBetweenTwoWindows:websocket messageWrittenOfflineIsSentOnceWhenBackEvenAfterARestart:websocket \
    widgetsChatShowsWhoYouAreAndOneErrorUntilRecovery:websocket
mkdir -p "$root/docs/screenshots"
cp "$out/chat-ada.png" "$root/docs/screenshots/chat.png"
cp "$out/chat-offline.png" "$out/chat-widgets-offline.png" "$root/docs/screenshots/"
echo "wrote docs/screenshots/chat.png, chat-offline.png and chat-widgets-offline.png"
