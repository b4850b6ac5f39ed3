#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# usage: run.sh <source dir> <build dir> <phoenix-devserver>
set -euo pipefail
src=$1 build=$2 devserver=$3
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null

# The example is the ```cpp block between the readme-example markers of README.md.
mkdir -p "$work/app"
sed -n '/<!-- readme-example:begin -->/,/<!-- readme-example:end -->/p' "$src/README.md" \
    | sed -e '/^<!--/d' -e '/^```/d' > "$work/app/main.cpp"
grep -q PhoenixSocket "$work/app/main.cpp" || { echo "no example found in README.md"; exit 1; }
sed -n '/<!-- readme-cmake:begin -->/,/<!-- readme-cmake:end -->/p' "$src/README.md" \
    | sed -e '/^<!--/d' -e '/^```/d' > "$work/app/CMakeLists.txt"
grep -q 'find_package(PhoenixQt' "$work/app/CMakeLists.txt" || { echo "no CMake snippet found in README.md"; exit 1; }

cmake -S "$work/app" -B "$work/app/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/app/build" >/dev/null

coproc SERVER { exec "$devserver" --port 0 --print-port --quiet; }
server_pid=$SERVER_PID
read -r -t 20 line <&"${SERVER[0]}"
port=${line#PORT }
echo "dev server on port $port"
LD_LIBRARY_PATH="$work/prefix/lib:${LD_LIBRARY_PATH:-}" QT_QPA_PLATFORM=offscreen \
    timeout 60 "$work/app/build/chat-client" "ws://127.0.0.1:$port/socket/websocket" | tee "$work/out.txt"
grep -q '^joined room:lobby as ada' "$work/out.txt"
grep -q '^echo: {"body":"hello"}' "$work/out.txt"
echo "1 passed, 0 failed"
