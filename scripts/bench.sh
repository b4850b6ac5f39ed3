#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# Builds the benchmarks in Release and runs every scenario against one phoenix-benchsender.
#
#   scripts/bench.sh            full run (5 repetitions, ~10-15 min on 2 cores): writes
#                               benchmarks/RESULTS.md, benchmarks/results.json and benchmarks/*.png
#   scripts/bench.sh --quick    tiny counts, one repetition, sanity checks only (what CI runs through
#                               the CTest test "bench_quick"); writes benchmarks/out/quick/
#
# Options: --build-dir DIR (default build-bench), --no-build, --runs N, --only throughput,channels,
#          memory,rtt,reconnect,callgrind, --no-callgrind, --no-install (do not apt-get/npm anything).
# Missing tools (cmake, ninja, g++, Qt 6 dev packages, node, npm, gnuplot, valgrind) are installed with
# apt-get when running as root on Debian; the phoenix.js client's packages with npm ci.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir="$root/build-bench"
quick=0
build=1
install=1
driver_args=()

while [[ $# -gt 0 ]]; do
    case "$1" in
    --quick) quick=1; driver_args+=(--quick) ;;
    --build-dir) build_dir=$(realpath -m "$2"); shift ;;
    --no-build) build=0 ;;
    --no-install) install=0 ;;
    --runs) driver_args+=(--runs "$2"); shift ;;
    --only) driver_args+=(--only "$2"); shift ;;
    --no-callgrind) driver_args+=(--no-callgrind) ;;
    -h | --help) sed -n '5,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

# --- tools --------------------------------------------------------------------------------------
# The project's installer (only what is missing; sudo when not root), plus the benchmark extras:
# gnuplot for the plots, valgrind for the instruction counts, simdjson for the parser comparison.
# shellcheck source=scripts/deps.sh
source "$root/scripts/deps.sh"
if [[ $install -eq 1 ]]; then
    phoenixqt_install_debs gnuplot-nox valgrind libsimdjson-dev
fi
for tool in cmake ninja g++ node npm; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench.sh: $tool is missing (run without --no-install)" >&2; exit 1; }
done

# --- build --------------------------------------------------------------------------------------
targets=(phoenix-benchsender bench-bare bench-phoenixqt bench-decode)
if [[ $build -eq 1 ]]; then
    cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DPHOENIXQT_BUILD_BENCHMARKS=ON -DPHOENIXQT_BUILD_QML=OFF -DPHOENIXQT_BUILD_EXAMPLES=OFF \
        -DPHOENIXQT_BUILD_TESTS=OFF -DPHOENIXQT_BUILD_TOOLS=OFF >/dev/null
    cmake --build "$build_dir" -j"${BENCH_JOBS:-2}" --target "${targets[@]}"
fi
bin="$build_dir/benchmarks"

# --- phoenix.js client ---------------------------------------------------------------------------
if [[ $install -eq 1 && ! -d "$root/benchmarks/node/node_modules/phoenix" ]]; then
    (cd "$root/benchmarks/node" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- run ----------------------------------------------------------------------------------------
out_args=()
command_line="scripts/bench.sh"
if [[ $quick -eq 1 ]]; then
    out_args=(--out "$root/benchmarks/out/quick")
    command_line+=" --quick"
fi
cd "$root"
exec node "$root/benchmarks/driver/bench.mjs" "${driver_args[@]}" "${out_args[@]}" \
    --sender "$bin/sender/phoenix-benchsender" --bare "$bin/clients/bench-bare" \
    --phoenixqt "$bin/clients/bench-phoenixqt" --decode "$bin/clients/bench-decode" \
    --command "$command_line"
