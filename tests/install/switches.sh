#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# usage: switches.sh <source dir>
#
# The build switches, as a new user meets them (configure only, in scratch build directories):
#   1. configuring everything prints no "Could NOT find ..." (Qt Gui's optional XKB lookup used to be
#      printed once per directory that looks up a module built on Qt Gui);
#   2. the README's "From source" line (between its readme-build markers) configures a lean build:
#      no tests, benchmarks or examples, but the library, the QML module and the tools, and every
#      switch shows in the feature summary.
set -euo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
passed=0
check() { echo "ok: $*"; passed=$((passed + 1)); }

cmake -S "$src" -B "$work/all" -G Ninja -DPHOENIXQT_BUILD_TESTS=ON -DPHOENIXQT_BUILD_EXAMPLES=ON >"$work/all.log" 2>&1 \
    || { cat "$work/all.log"; fail "configuring everything failed"; }
if grep -n "Could NOT find" "$work/all.log"; then
    fail "configure printed the above"
fi
check "configuring tests and examples prints no 'Could NOT find'"

# The README's command, with its options (the source and build directories are ours).
options=$(sed -n '/<!-- readme-build:begin -->/,/<!-- readme-build:end -->/p' "$src/README.md" \
    | sed -e '/^<!--/d' -e '/^```/d' | sed -e 's/\\$//' | tr '\n' ' ' \
    | sed -n 's/.*cmake -S \. -B build \(.*\)cmake --build.*/\1/p')
[ -n "$options" ] || fail "no cmake line found between the readme-build markers of README.md"
echo "README: cmake -S . -B build $options"
# shellcheck disable=SC2086 # the options are words
cmake -S "$src" -B "$work/lean" $options >"$work/lean.log" 2>&1 || { cat "$work/lean.log"; fail "the README's configure failed"; }
targets=$(ninja -C "$work/lean" -t targets all | sed 's/:.*//')
for unwanted in tst_phoenixsocket phoenix-chat phoenix-chat-widgets bench-phoenixqt; do
    if grep -qx "$unwanted\|.*/$unwanted" <<<"$targets"; then
        fail "the README's lean build still builds $unwanted"
    fi
done
for wanted in phoenix-cli phoenix-devserver; do
    grep -qx ".*/$wanted\|$wanted" <<<"$targets" || fail "the README's lean build does not build $wanted"
done
grep -q 'libphoenixqml' <<<"$targets" || fail "the README's lean build does not build the QML module"
summary=$(sed -n '/The following features have been enabled/,$p' "$work/lean.log")
for switch in BUILD_TESTING PHOENIXQT_BUILD_EXAMPLES PHOENIXQT_BUILD_QML PHOENIXQT_BUILD_TOOLS \
              PHOENIXQT_BUILD_BENCHMARKS PHOENIXQT_BUILD_DOCS PHOENIXQT_BUILD_MANPAGES; do
    grep -q "$switch" <<<"$summary" || fail "the feature summary does not name $switch"
done
check "the README's lean build: no tests, benchmarks or examples; library, QML module and tools; every switch in the summary"
echo "$passed passed, 0 failed"
