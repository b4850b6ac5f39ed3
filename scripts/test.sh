#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the whole PhoenixQt test suite on Debian 12: installs what is missing, builds, runs every test
# (CTest: unit, dev-server, phoenix.js conformance, QML, end-to-end, phoenix-cli, docs, quick
# benchmarks), runs each libFuzzer target for a fixed time (clang, ASan + UBSan, build-fuzz/), then
# builds and runs the C++ suites again under AddressSanitizer + UndefinedBehaviorSanitizer, and last
# the Debian package test (tests/package: builds the .debs, installs them into /usr with apt-get,
# tests them, purges them). Exits non-zero on any failure.
#
#   bash scripts/test.sh                # everything
#   bash scripts/test.sh --no-asan      # skip the sanitizer pass of the C++ suites (quicker while developing)
#   bash scripts/test.sh --no-fuzz      # skip the fuzz targets
#   bash scripts/test.sh --no-packages  # skip the package test (it needs root or password-less sudo)
# PHOENIXQT_FUZZ_SECONDS (default 20) is how long each fuzz target runs; scripts/fuzz.sh runs longer.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/deps.sh
source "$root/scripts/deps.sh"

asan=1
fuzz=1
packages=1
for arg in "$@"; do
    case "$arg" in
        --no-asan) asan=0 ;;
        --no-fuzz) fuzz=0 ;;
        --no-packages) packages=0 ;;
        *) echo "usage: $0 [--no-asan] [--no-fuzz] [--no-packages]" >&2; exit 2 ;;
    esac
done

phoenixqt_install_debs
for lock in tests/conformance benchmarks/node; do
    [ -f "$lock/package-lock.json" ] && phoenixqt_npm_ci "$root/$lock"
done

jobs=$(nproc 2>/dev/null || echo 2)
export QT_QPA_PLATFORM=offscreen

echo "==> build (RelWithDebInfo) in build/"
# Man pages on: the install test checks that `cmake --install` installs them (help2man is in the deps).
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPHOENIXQT_BUILD_TESTS=ON \
    -DPHOENIXQT_BUILD_MANPAGES=ON >/dev/null
cmake --build build -j"$jobs"
echo "==> tests"
# The package test changes the system (/usr): it runs last, on its own (below).
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 300 -LE package

if [ "$fuzz" = 1 ]; then
    echo "==> fuzz targets (libFuzzer, clang, ASan + UBSan) in build-fuzz/, ${PHOENIXQT_FUZZ_SECONDS:-20} s each"
    bash scripts/fuzz.sh --build-only --no-install
    cmake -S . -B build-fuzz -DPHOENIXQT_FUZZ_SECONDS="${PHOENIXQT_FUZZ_SECONDS:-20}" >/dev/null
    ctest --test-dir build-fuzz -L fuzz --output-on-failure -j"$jobs"
    # Executions per target, from the libFuzzer final stats.
    awk '/^[0-9]+\/[0-9]+ Testing: / { name = $3 }
         /^stat::number_of_executed_units:/ { print "    " name ": " $2 " executions, no finding" }' \
        build-fuzz/Testing/Temporary/LastTest.log
fi
if [ "$asan" = 1 ]; then
    echo "==> build with ASan + UBSan in build-asan/ (C++ suites; QML and examples are covered above)"
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPHOENIXQT_SANITIZE=ON \
        -DPHOENIXQT_BUILD_QML=OFF -DPHOENIXQT_BUILD_EXAMPLES=OFF -DPHOENIXQT_BUILD_BENCHMARKS=OFF >/dev/null
    cmake --build build-asan -j"$jobs"
    echo "==> tests under ASan + UBSan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
    LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure -j"$jobs" --timeout 600 -LE 'bench|conformance|install|package|docs'
fi

if [ "$packages" = 1 ]; then
    echo "==> Debian packages: build, lintian, install into /usr, use, purge (tests/package)"
    ctest --test-dir build --output-on-failure --timeout 2400 -L package
fi
