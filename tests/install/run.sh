#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# usage: run.sh <source dir> <build dir>
#
# What a user gets from `cmake --install` into a prefix of their own (README, "From source"):
#   1. the installed programs (phoenix-cli, phoenix-devserver) and the QML plugin run without
#      LD_LIBRARY_PATH (a relative runpath finds libPhoenixQt);
#   2. the CMake package and phoenixqt.pc agree and carry nothing of the build that made them (no
#      test-only define), and the library exports no internals;
#   3. the man pages are installed;
#   4. the README's C++ example builds with find_package(PhoenixQt) and with pkg-config, runs
#      against the installed dev server, and prints nothing on stderr (the library is quiet).
set -euo pipefail
src=$1 build=$2
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
passed=0
check() { echo "ok: $*"; passed=$((passed + 1)); }

prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
# Nothing below may find the library through the environment: only through what was installed.
unset LD_LIBRARY_PATH
libdir=$(dirname "$(find "$prefix" -name 'libPhoenixQt.so' | head -1)")
[ -d "$libdir" ] || fail "libPhoenixQt.so not installed"

# 1. The installed programs run as installed.
for tool in phoenix-cli phoenix-devserver; do
    [ -x "$prefix/bin/$tool" ] || fail "$prefix/bin/$tool not installed"
    "$prefix/bin/$tool" --help >"$work/help.txt" 2>&1 || { cat "$work/help.txt"; fail "$tool --help does not run from the prefix"; }
done
# A runpath, if any, is relative to the binary: never a directory of the build machine.
qmlplugin=$(find "$prefix" -name 'libphoenixqml*.so' | head -1) # none when built without QML
outboxlibs=$(find "$prefix" -name 'libphoenixoutboxqml.so' -o -name 'libPhoenixQtOutbox.so.*.*' | sort)
for binary in "$prefix/bin/phoenix-cli" "$prefix/bin/phoenix-devserver" $qmlplugin $outboxlibs; do
    runpath=$(readelf -d "$binary" | sed -n 's/.*(\(RPATH\|RUNPATH\)).*\[\(.*\)\]/\2/p')
    case ":$runpath:" in
        *:/*) fail "$binary has an absolute runpath: $runpath" ;;
    esac
done
check "phoenix-cli and phoenix-devserver run from the prefix without LD_LIBRARY_PATH"

# 2. The CMake package: no compile definitions for consumers (pkg-config has none either), and the
#    internals the unit tests reach (PHOENIXQT_AUTOTEST_EXPORT) are not exported by the library.
targets=$(find "$prefix" -name 'PhoenixQtTargets.cmake' | head -1)
[ -f "$targets" ] || fail "PhoenixQtTargets.cmake not installed"
outboxtargets=$(find "$prefix" -name 'PhoenixQtOutboxTargets.cmake' | head -1) # none without the outbox
if grep -n 'INTERFACE_COMPILE_DEFINITIONS\|AUTOTEST' "$targets" $outboxtargets; then
    fail "the CMake package passes definitions to its consumers (above); phoenixqt.pc does not"
fi
pcdir=$(dirname "$(find "$prefix" -name phoenixqt.pc | head -1)")
if grep '^Cflags:' "$pcdir/phoenixqt.pc" | grep -q -- '-D'; then
    fail "phoenixqt.pc passes definitions to its consumers"
fi
internals=$(grep -rhoE '^(class|struct) +PHOENIXQT_AUTOTEST_EXPORT +[A-Za-z_]+' "$src/src" --include='*.h' \
    | awk '{print $3}' | sort -u)
[ -n "$internals" ] || fail "no PHOENIXQT_AUTOTEST_EXPORT class found in $src/src"
exported=$(nm -DC --defined-only "$libdir/libPhoenixQt.so")
for class in $internals; do
    if grep -q "[ :]$class::" <<<"$exported"; then
        fail "libPhoenixQt.so exports the internal class $class"
    fi
done
find "$prefix" -name '*_p.h' | grep . && fail "private headers installed (above)"
check "the CMake package and phoenixqt.pc carry no definitions; no internals exported ($(echo $internals))"

# 3. Man pages.
for tool in phoenix-cli phoenix-devserver; do
    [ -f "$prefix/share/man/man1/$tool.1.gz" ] || fail "the man page of $tool is not installed"
done
check "man pages installed"

# 4. The README's example: the ```cpp block between the readme-example markers of README.md.
mkdir -p "$work/app"
sed -n '/<!-- readme-example:begin -->/,/<!-- readme-example:end -->/p' "$src/README.md" \
    | sed -e '/^<!--/d' -e '/^```/d' > "$work/app/main.cpp"
grep -q PhoenixSocket "$work/app/main.cpp" || fail "no example found in README.md"
sed -n '/<!-- readme-cmake:begin -->/,/<!-- readme-cmake:end -->/p' "$src/README.md" \
    | sed -e '/^<!--/d' -e '/^```/d' > "$work/app/CMakeLists.txt"
grep -q 'find_package(PhoenixQt' "$work/app/CMakeLists.txt" || fail "no CMake snippet found in README.md"

cmake -S "$work/app" -B "$work/app/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/app/build" >/dev/null

# The same code with the README's pkg-config command, against the prefix's phoenixqt.pc.
sed -n '/<!-- readme-pkgconfig:begin -->/,/<!-- readme-pkgconfig:end -->/p' "$src/README.md" \
    | sed -e '/^<!--/d' -e '/^```/d' > "$work/app/build-with-pkg-config.sh"
grep -q 'pkg-config' "$work/app/build-with-pkg-config.sh" || fail "no pkg-config command found in README.md"
grep -q "^prefix=$prefix\$" "$pcdir/phoenixqt.pc" || fail "phoenixqt.pc does not name the prefix"
(cd "$work/app" && PKG_CONFIG_PATH="$pcdir" bash build-with-pkg-config.sh)
check "README example built with CMake and with pkg-config against the prefix"

# The installed dev server, and the installed phoenix-cli against it.
coproc SERVER { exec "$prefix/bin/phoenix-devserver" --port 0 --print-port --quiet; }
server_pid=$SERVER_PID
read -r -t 20 line <&"${SERVER[0]}"
port=${line#PORT }
url="ws://127.0.0.1:$port/socket/websocket"
timeout 60 "$prefix/bin/phoenix-cli" "ws://127.0.0.1:$port/socket" --param user=ada --json \
    join room:lobby push echo '{"from":"cli"}' >"$work/cli.txt"
grep -q '^{"type":"reply","event":"echo",.*"response":{"from":"cli"},"status":"ok"' "$work/cli.txt" \
    || { cat "$work/cli.txt"; fail "the installed phoenix-cli got no echo reply"; }
check "the installed phoenix-cli pushed to the installed phoenix-devserver and got its reply"

# The QML plugin loads libPhoenixQt through its runpath (Qt's qml tool, when installed).
qml=$(command -v qml 2>/dev/null || true)
[ -x /usr/lib/qt6/bin/qml ] && qml=/usr/lib/qt6/bin/qml
if [ -n "$qml" ] && [ -n "$qmlplugin" ]; then
    qmldir=$(dirname "$(dirname "$qmlplugin")")
    QML_IMPORT_PATH=$qmldir QML2_IMPORT_PATH= QT_QPA_PLATFORM=offscreen \
        timeout 60 "$qml" "$src/tests/package/hello.qml" -- "$url" >"$work/qml.txt" 2>&1 \
        || { cat "$work/qml.txt"; fail "qml could not run hello.qml with the installed module"; }
    grep -q 'joined room:lobby as qml' "$work/qml.txt" || { cat "$work/qml.txt"; fail "hello.qml did not join"; }
    check "the installed QML module Phoenix loads and joins"
fi

# The README example, built both ways: joins, gets its echo, and is silent on stderr (a healthy
# server gives a library nothing to say; QT_LOGGING_RULES turns its categories on).
for binary in "$work/app/build/chat-client" "$work/app/chat-client"; do
    library_path=
    # The pkg-config build has no runpath of its own (as the README says).
    [ "$binary" = "$work/app/chat-client" ] && library_path=$libdir
    env -u QT_LOGGING_RULES LD_LIBRARY_PATH="$library_path" QT_QPA_PLATFORM=offscreen \
        timeout 60 "$binary" "$url" >"$work/out.txt" 2>"$work/err.txt"
    cat "$work/out.txt"
    grep -q '^joined room:lobby as ada' "$work/out.txt" || fail "$binary did not join"
    grep -q '^echo: {"body":"hello"}' "$work/out.txt" || fail "$binary got no echo"
    if [ -s "$work/err.txt" ]; then
        cat "$work/err.txt"
        fail "$binary printed the above on stderr against a healthy server"
    fi
done
check "the README example (CMake and pkg-config builds) joined, got its echo, printed nothing on stderr"

# 5. The README's outbox example (PhoenixQt::Outbox): find_package(PhoenixQt COMPONENTS Outbox) and
#    pkg-config phoenixqt-outbox; each build pushes one durable entry that the installed dev server
#    confirms, and prints nothing on stderr.
mkdir -p "$work/outbox"
for part in example cmake pkgconfig; do
    sed -n "/<!-- readme-outbox-$part:begin -->/,/<!-- readme-outbox-$part:end -->/p" "$src/README.md" \
        | sed -e '/^<!--/d' -e '/^```/d' > "$work/outbox/$part.txt"
done
mv "$work/outbox/example.txt" "$work/outbox/main.cpp"
mv "$work/outbox/cmake.txt" "$work/outbox/CMakeLists.txt"
mv "$work/outbox/pkgconfig.txt" "$work/outbox/build-with-pkg-config.sh"
grep -q PhoenixOutbox "$work/outbox/main.cpp" && grep -q 'COMPONENTS Outbox' "$work/outbox/CMakeLists.txt" \
    && grep -q 'phoenixqt-outbox' "$work/outbox/build-with-pkg-config.sh" || fail "no outbox example in README.md"
[ -f "$pcdir/phoenixqt-outbox.pc" ] || fail "phoenixqt-outbox.pc not installed next to phoenixqt.pc"
cmake -S "$work/outbox" -B "$work/outbox/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/outbox/build" >/dev/null
(cd "$work/outbox" && PKG_CONFIG_PATH="$pcdir" bash build-with-pkg-config.sh)
for binary in "$work/outbox/build/outbox-client" "$work/outbox/outbox-client"; do
    library_path=
    [ "$binary" = "$work/outbox/outbox-client" ] && library_path=$libdir
    env -u QT_LOGGING_RULES LD_LIBRARY_PATH="$library_path" QT_QPA_PLATFORM=offscreen \
        timeout 60 "$binary" "$url" "$work/outbox/outbox.sqlite" >"$work/out.txt" 2>"$work/err.txt"
    cat "$work/out.txt"
    grep -Eq '^delivered [0-9a-f-]{36} as effect [0-9]+$' "$work/out.txt" || fail "$binary: nothing delivered"
    if [ -s "$work/err.txt" ]; then
        cat "$work/err.txt"
        fail "$binary printed the above on stderr against a healthy server"
    fi
done
check "the README outbox example (COMPONENTS Outbox and pkg-config phoenixqt-outbox) delivered its entry"
echo "$passed passed, 0 failed"
