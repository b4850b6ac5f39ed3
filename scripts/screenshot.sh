#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# Makes docs/screenshots/chat.png from the real chat UI: runs the end-to-end test (two chat windows
# offscreen against the in-process dev server, messages typed key by key) with
# PHOENIXQT_SCREENSHOT_DIR set, and copies ada's window.
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
QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES='phoenix.*=false' PHOENIXQT_SCREENSHOT_DIR="$out" \
    "$build_dir/tests/e2e/tst_chat_e2e" messagesAndPresenceBetweenTwoWindows
mkdir -p "$root/docs/screenshots"
cp "$out/chat-ada.png" "$root/docs/screenshots/chat.png"
echo "wrote docs/screenshots/chat.png"
