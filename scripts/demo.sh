#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# The PhoenixQt demo, in one command (Debian 12):
#   1. installs the Debian packages that are missing (apt-get, with sudo when not root),
#   2. builds the dev server and the chats (Qt Quick and Qt Widgets) into build/,
#   3. starts the dev server on port 4000; when something else listens there (often a Phoenix app of
#      your own), on a free port instead, and says so. --port N: the dev server on port N, or, if a
#      server already listens on N, that server (it must have room:* channels like the dev server),
#   4. opens two chat windows, as "ada" and "grace", in the same room.
# Closing both windows stops the server again. Without a display (no DISPLAY / WAYLAND_DISPLAY) the
# two chats run offscreen, say hello to each other, and screenshots of both windows are written
# instead.
#
#   bash scripts/demo.sh [--offscreen] [--no-install] [--port N] [--room NAME] [--lang de|fr]
#                        [--build-dir DIR] [--screenshot-dir DIR]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir="$root/build"
port=4000
port_given=0
room=lobby
lang=
offscreen=0
install=1
shot_dir=

usage() {
    sed -n '4,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}
while [ $# -gt 0 ]; do
    case "$1" in
        --offscreen) offscreen=1 ;;
        --no-install) install=0 ;;
        --port) port=$2; port_given=1; shift ;;
        --room) room=$2; shift ;;
        --lang) lang=$2; shift ;;
        --build-dir) build_dir=$(realpath -m "$2"); shift ;;
        --screenshot-dir) shot_dir=$(realpath -m "$2"); shift ;;
        -h|--help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
    shift
done
[ -n "$shot_dir" ] || shot_dir="$build_dir/demo"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    offscreen=1
fi

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# 1. Packages (the list is shared with scripts/test.sh).
if [ "$install" = 1 ]; then
    # shellcheck source=scripts/deps.sh
    source "$root/scripts/deps.sh"
    say "checking Debian packages"
    phoenixqt_install_debs qml6-module-qtqml qml6-module-qtqml-models fonts-dejavu-core
fi

# 2. Build only what the demo runs.
jobs=$(nproc 2>/dev/null || echo 2)
say "building into ${build_dir#"$root"/}/"
configure=(-DPHOENIXQT_BUILD_QML=ON -DPHOENIXQT_BUILD_EXAMPLES=ON -DPHOENIXQT_BUILD_TOOLS=ON)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    configure+=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
fi
cmake -S "$root" -B "$build_dir" "${configure[@]}" >/dev/null
# phoenix-chat-widgets too: examples/chat/README.md tells how to run it next to the Qt Quick one.
cmake --build "$build_dir" -j"$jobs" --target phoenix-devserver phoenixqml phoenixchat phoenixchat-widgets
chat=$(find "$build_dir/examples/chat" -maxdepth 1 -name phoenix-chat -type f -perm -u+x | head -n1)
server_bin=$(find "$build_dir/tools/devserver" -maxdepth 1 -name phoenix-devserver -type f -perm -u+x | head -n1)
if [ ! -x "$chat" ] || [ ! -x "$server_bin" ]; then
    echo "the build did not produce phoenix-chat and phoenix-devserver" >&2
    exit 1
fi

# Everything started here is stopped on exit.
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# 3. The dev server: never, silently, whatever else listens on the port.
start_server() { # $1: port, 0 for a free one; sets $port to the one it listens on
    local log pid listening=
    log=$(mktemp)
    "$server_bin" --port "$1" --print-port --quiet >"$log" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 200); do
        listening=$(sed -n 's/^PORT //p' "$log")
        [ -n "$listening" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    rm -f "$log"
    [ -n "$listening" ] || { echo "the dev server did not start on port $1" >&2; exit 1; }
    port=$listening
}
if ! port_open "$port"; then
    say "starting the dev server on port $port"
    start_server "$port"
elif [ "$port_given" = 1 ]; then
    say "a server is already listening on port $port: the chats connect to it (--port $port);"
    say "it must serve room:* channels as the dev server does (tools/devserver/README.md)"
else
    busy=$port
    start_server 0
    say "port $busy is taken by another program (a Phoenix app of your own?): the dev server runs on port $port instead"
    say "(--port N picks the port; --port $busy connects the chats to the server on port $busy)"
fi
url="ws://127.0.0.1:$port/socket/websocket"

# The library logs nothing but warnings unless asked: QT_LOGGING_RULES="phoenix.*.info=true" shows the
# connection's life (README, "Logging").
chat_args=(--url "$url" --room "$room")
[ -n "$lang" ] && chat_args+=(--lang "$lang")

# 4. Two chat windows.
if [ "$offscreen" = 0 ]; then
    say "opening two chat windows: ada and grace in #$room (close both to stop the demo)"
    "$chat" "${chat_args[@]}" --user ada &
    ada=$!
    "$chat" "${chat_args[@]}" --user grace &
    grace=$!
    pids+=("$ada" "$grace")
    wait "$ada" "$grace" || true
    say "both windows closed: stopping"
    exit 0
fi

say "no display found: running the two chats offscreen and writing screenshots instead"
mkdir -p "$shot_dir"
rm -f "$shot_dir/ada.png" "$shot_dir/grace.png" "$shot_dir"/*.log
export QT_QPA_PLATFORM=offscreen
"$chat" "${chat_args[@]}" --user ada --say "Hi Grace! The demo works without a display, too." \
    --expect-users 2 --expect-messages 2 --screenshot "$shot_dir/ada.png" >"$shot_dir/ada.log" 2>&1 &
pids+=($!)
"$chat" "${chat_args[@]}" --user grace --say "Hello Ada! I can see you in the online list." \
    --expect-users 2 --expect-messages 2 --screenshot "$shot_dir/grace.png" >"$shot_dir/grace.log" 2>&1 &
pids+=($!)
for _ in $(seq 600); do
    grep -q '^SCREENSHOT' "$shot_dir/ada.log" 2>/dev/null && grep -q '^SCREENSHOT' "$shot_dir/grace.log" 2>/dev/null && break
    sleep 0.1
done
if ! grep -q '^SCREENSHOT' "$shot_dir/ada.log" || ! grep -q '^SCREENSHOT' "$shot_dir/grace.log"; then
    echo "the chats did not produce their screenshots; logs: $shot_dir/ada.log, $shot_dir/grace.log" >&2
    exit 1
fi
for user in ada grace; do
    echo "  $user sees online: $(sed -n 's/^ONLINE //p' "$shot_dir/$user.log")"
    sed -n 's/^MESSAGE /  message: /p' "$shot_dir/$user.log"
done
say "screenshots written (no display, so the windows ran offscreen):"
echo "  $shot_dir/ada.png"
echo "  $shot_dir/grace.png"
