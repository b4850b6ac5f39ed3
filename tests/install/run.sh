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

# The same code with the README's pkg-config command, against the prefix's phoenixqt.pc.
sed -n '/<!-- readme-pkgconfig:begin -->/,/<!-- readme-pkgconfig:end -->/p' "$src/README.md" \
    | sed -e '/^<!--/d' -e '/^```/d' > "$work/app/build-with-pkg-config.sh"
grep -q 'pkg-config' "$work/app/build-with-pkg-config.sh" || { echo "no pkg-config command found in README.md"; exit 1; }
pcdir=$(dirname "$(find "$work/prefix" -name phoenixqt.pc | head -1)")
grep -q "^prefix=$work/prefix\$" "$pcdir/phoenixqt.pc" || { echo "phoenixqt.pc does not name the prefix"; exit 1; }
(cd "$work/app" && PKG_CONFIG_PATH="$pcdir" bash build-with-pkg-config.sh)

coproc SERVER { exec "$devserver" --port 0 --print-port --quiet; }
server_pid=$SERVER_PID
read -r -t 20 line <&"${SERVER[0]}"
port=${line#PORT }
echo "dev server on port $port"
for binary in "$work/app/build/chat-client" "$work/app/chat-client"; do
    LD_LIBRARY_PATH="$work/prefix/lib:${LD_LIBRARY_PATH:-}" QT_QPA_PLATFORM=offscreen \
        timeout 60 "$binary" "ws://127.0.0.1:$port/socket/websocket" | tee "$work/out.txt"
    grep -q '^joined room:lobby as ada' "$work/out.txt"
    grep -q '^echo: {"body":"hello"}' "$work/out.txt"
done
echo "2 passed, 0 failed"
