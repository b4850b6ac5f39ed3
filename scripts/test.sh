#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the whole PhoenixQt test suite on Debian 12: installs what is missing, builds, runs every test
# (CTest: unit, dev-server, phoenix.js conformance, QML, end-to-end, quick benchmarks), then builds
# and runs the C++ suites again under AddressSanitizer + UndefinedBehaviorSanitizer.
# Exits non-zero on any failure.
#
#   bash scripts/test.sh            # everything
#   bash scripts/test.sh --no-asan  # skip the sanitizer pass (quicker while developing)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/deps.sh
source "$root/scripts/deps.sh"

asan=1
for arg in "$@"; do
    case "$arg" in
        --no-asan) asan=0 ;;
        *) echo "usage: $0 [--no-asan]" >&2; exit 2 ;;
    esac
done

phoenixqt_install_debs
for lock in tests/conformance benchmarks/node; do
    [ -f "$lock/package-lock.json" ] && phoenixqt_npm_ci "$root/$lock"
done

jobs=$(nproc 2>/dev/null || echo 2)
export QT_QPA_PLATFORM=offscreen

echo "==> build (RelWithDebInfo) in build/"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPHOENIXQT_BUILD_TESTS=ON >/dev/null
cmake --build build -j"$jobs"
echo "==> tests"
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 300

if [ "$asan" = 1 ]; then
    echo "==> build with ASan + UBSan in build-asan/ (C++ suites; QML and examples are covered above)"
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPHOENIXQT_SANITIZE=ON \
        -DPHOENIXQT_BUILD_QML=OFF -DPHOENIXQT_BUILD_EXAMPLES=OFF -DPHOENIXQT_BUILD_BENCHMARKS=OFF >/dev/null
    cmake --build build-asan -j"$jobs"
    echo "==> tests under ASan + UBSan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
    LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure -j"$jobs" --timeout 600 -LE 'bench|conformance|install'
fi
