#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# usage: run.sh <source dir> <work dir>   (the CTest test "packages", see CMakeLists.txt here)
set -euo pipefail
src=$1 work=$2
packages=(libphoenixqt0 libphoenixqt-dev qml6-module-phoenix phoenixqt-tools
          libphoenixqtoutbox0 libphoenixqtoutbox-dev qml6-module-phoenix-outbox)

if [ "$(id -u)" -eq 0 ]; then
    as_root() { "$@"; }
elif sudo -n true 2>/dev/null; then
    as_root() { sudo -n "$@"; }
else
    echo "SKIP: installing packages needs root or password-less sudo"
    exit 77
fi
apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@"; }
purge() {
    local installed=() p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" && installed+=("$p")
    done
    if [ ${#installed[@]} -gt 0 ]; then
        apt_get purge -y -qq "${installed[@]}" >/dev/null
    fi
    return 0
}

server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    purge # leave the system as it was, whatever happened: later tests must not see these files
}
trap cleanup EXIT

passed=0
check() { echo "ok: $*"; passed=$((passed + 1)); }

# 1. Build the packages (lintian runs inside and fails on errors and unaccepted warnings).
bash "$src/scripts/package.sh" "$work/build-deb"
debs=("$work"/build-deb/*.deb)
[ ${#debs[@]} -eq ${#packages[@]} ] || { echo "expected ${#packages[@]} packages, got: ${debs[*]}"; exit 1; }
# The core never depends on Qt SQL: only the outbox's packages do.
core_depends=$(dpkg-deb -f "$work"/build-deb/libphoenixqt0_*.deb Depends)
if echo "$core_depends" | grep -qi sql; then echo "libphoenixqt0 depends on Qt SQL: $core_depends"; exit 1; fi
dpkg-deb -f "$work"/build-deb/libphoenixqtoutbox0_*.deb Depends | grep -q libqt6sql6-sqlite \
    || { echo "libphoenixqtoutbox0 does not depend on the SQLite driver"; exit 1; }
check "${#packages[@]} packages built, lintian clean; libphoenixqt0 without Qt SQL"

# 2. Install them as a user would (a stale copy from an interrupted run goes first).
purge
apt_get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
version=$(sed -n 's/^project(PhoenixQt VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
for p in "${packages[@]}"; do
    v=$(dpkg-query -W -f='${Version}' "$p")
    [ "$v" = "$version-1" ] || { echo "$p has version $v, expected $version-1"; exit 1; }
done
[ "$(pkg-config --modversion phoenixqt)" = "$version" ]
check "installed with apt-get: ${packages[*]} $version-1; pkg-config finds phoenixqt $version"

# 3. The README's example, built against /usr: with CMake, and with pkg-config + the compiler.
app=$work/app
rm -rf "$app" && mkdir -p "$app"
extract() { sed -n "/<!-- $1:begin -->/,/<!-- $1:end -->/p" "$src/README.md" | sed -e '/^<!--/d' -e '/^```/d'; }
extract readme-example > "$app/main.cpp"
extract readme-cmake > "$app/CMakeLists.txt"
extract readme-pkgconfig > "$app/build-with-pkg-config.sh"
grep -q PhoenixSocket "$app/main.cpp" && grep -q 'find_package(PhoenixQt' "$app/CMakeLists.txt" \
    && grep -q 'pkg-config' "$app/build-with-pkg-config.sh" || { echo "README examples not found"; exit 1; }
cmake -S "$app" -B "$app/build" -G Ninja >/dev/null
cmake --build "$app/build" >/dev/null
grep -q 'PhoenixQt_DIR:PATH=/usr/lib/' "$app/build/CMakeCache.txt"
check "README example built with CMake against /usr"
(cd "$app" && bash build-with-pkg-config.sh)
[ -x "$app/chat-client" ]
check "README example built with pkg-config + g++"

# 3b. The README's outbox example against /usr: CMake (component Outbox) and pkg-config phoenixqt-outbox.
outbox=$work/outbox
rm -rf "$outbox" && mkdir -p "$outbox"
extract readme-outbox-example > "$outbox/main.cpp"
extract readme-outbox-cmake > "$outbox/CMakeLists.txt"
extract readme-outbox-pkgconfig > "$outbox/build-with-pkg-config.sh"
cmake -S "$outbox" -B "$outbox/build" -G Ninja >/dev/null
cmake --build "$outbox/build" >/dev/null
(cd "$outbox" && bash build-with-pkg-config.sh)
[ -x "$outbox/outbox-client" ]
check "README outbox example built with CMake (COMPONENTS Outbox) and pkg-config against /usr"

coproc SERVER { exec /usr/bin/phoenix-devserver --port 0 --print-port --quiet; }
server_pid=$SERVER_PID
read -r -t 20 line <&"${SERVER[0]}"
port=${line#PORT }
url="ws://127.0.0.1:$port/socket/websocket"
for binary in "$app/build/chat-client" "$app/chat-client"; do
    timeout 60 "$binary" "$url" > "$work/out.txt"
    grep -q '^joined room:lobby as ada' "$work/out.txt" && grep -q '^echo: {"body":"hello"}' "$work/out.txt" \
        || { cat "$work/out.txt"; exit 1; }
done
for binary in "$outbox/build/outbox-client" "$outbox/outbox-client"; do
    timeout 60 "$binary" "$url" "$outbox/outbox.sqlite" > "$work/out.txt"
    grep -Eq '^delivered [0-9a-f-]{36} as effect [0-9]+$' "$work/out.txt" || { cat "$work/out.txt"; exit 1; }
done
check "both builds ran against the installed phoenix-devserver (outbox examples too)"

# 4. phoenix-cli from the tools package, and its man page.
timeout 60 /usr/bin/phoenix-cli "ws://127.0.0.1:$port/socket" --param user=ada --json \
    join room:lobby push echo '{"from":"cli"}' > "$work/cli.txt"
grep -q '^{"type":"reply","event":"echo",.*"response":{"from":"cli"},"status":"ok"' "$work/cli.txt" \
    || { cat "$work/cli.txt"; exit 1; }
[ "$(/usr/bin/phoenix-cli --version)" = "phoenix-cli $version" ]
[ -f /usr/share/man/man1/phoenix-cli.1.gz ] && [ -f /usr/share/man/man1/phoenix-devserver.1.gz ]
# In /usr the dynamic linker finds libPhoenixQt by itself: no runpath (Debian policy; the prefix
# installs of tests/install get a relative one).
for binary in /usr/bin/phoenix-cli "$(dpkg -L qml6-module-phoenix | grep '\.so$' | head -1)"; do
    if readelf -d "$binary" | grep -E '\((RPATH|RUNPATH)\)'; then
        echo "$binary has a runpath"; exit 1
    fi
done
check "/usr/bin/phoenix-cli pushed and got its reply; man pages installed; no runpath in /usr"

# 5. A QML file importing Phoenix, run by the system's qml tool (module from qml6-module-phoenix).
qml=/usr/lib/qt6/bin/qml
QML_IMPORT_PATH= QML2_IMPORT_PATH= timeout 60 "$qml" "$src/tests/package/hello.qml" -- "$url" > "$work/qml.txt" 2>&1 \
    || { cat "$work/qml.txt"; exit 1; }
grep -q 'joined room:lobby as qml' "$work/qml.txt" && grep -q 'echo: {"from":"qml"}' "$work/qml.txt" \
    || { cat "$work/qml.txt"; exit 1; }
check "qml ran hello.qml with import Phoenix from /usr"
QML_IMPORT_PATH= QML2_IMPORT_PATH= timeout 60 "$qml" "$src/tests/package/hello_outbox.qml" -- "$work/qml-outbox.sqlite" "$url" \
    > "$work/qml.txt" 2>&1 || { cat "$work/qml.txt"; exit 1; }
grep -q 'delivered .* as effect .* persistent true' "$work/qml.txt" || { cat "$work/qml.txt"; exit 1; }
check "qml ran hello_outbox.qml with import Phoenix.Outbox from /usr"

# 6. examples/chat as a standalone project against the installed PhoenixQt.
cmake -S "$src/examples/chat" -B "$work/chat" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/chat" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
"$work/chat/phoenix-chat-widgets" --help | grep -q -- '--room'
check "examples/chat built standalone against /usr"

kill "$server_pid" 2>/dev/null; server_pid=
purge
for p in "${packages[@]}"; do
    ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"
done
[ ! -e /usr/include/PhoenixQt ] && [ ! -e /usr/bin/phoenix-cli ]
check "purged again"
echo "$passed passed, 0 failed"
