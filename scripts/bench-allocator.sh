#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The PhoenixQt authors
#
# How much of a Qt client's CPU under a flood of large messages is glibc's heap, not the messages:
# runs the C++ benchmark client (bench-phoenixqt) as it is and with the C library's allocator
# thresholds pinned (GLIBC_TUNABLES, see README "Large messages and the C library's heap"), and
# phoenix.js on Node, one after the other in each repetition, against one phoenix-benchsender.
# Prints each client's CPU seconds for the measured window and the ratios to phoenix.js.
#
#   bash scripts/bench-allocator.sh                      # 16 KiB payloads, 40,000 messages, 5 repetitions
#   bash scripts/bench-allocator.sh --size 4096 --count 150000 --runs 3
#   bash scripts/bench-allocator.sh --build-dir build-bench
#
# Needs a Release build with the benchmarks (scripts/bench.sh builds build-bench/ and installs Node's
# packages in benchmarks/node/); this script builds and installs nothing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$root/build-bench
size=16384
count=40000
runs=5
tunables=glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=33554432
while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir) build_dir=$(realpath -m "$2"); shift ;;
        --size) size=$2; shift ;;
        --count) count=$2; shift ;;
        --runs) runs=$2; shift ;;
        --tunables) tunables=$2; shift ;;
        -h | --help) sed -n '5,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

sender=$build_dir/benchmarks/sender/phoenix-benchsender
client=$build_dir/benchmarks/clients/bench-phoenixqt
node_client=$root/benchmarks/node/bench-phoenixjs.mjs
for file in "$sender" "$client"; do
    [ -x "$file" ] || { echo "missing $file: run scripts/bench.sh first (it builds $build_dir)" >&2; exit 1; }
done
[ -d "$root/benchmarks/node/node_modules/phoenix" ] ||
    { echo "missing benchmarks/node/node_modules: run scripts/bench.sh first (it installs them)" >&2; exit 1; }

port_file=$(mktemp)
"$sender" --port 0 >"$port_file" 2>/dev/null &
sender_pid=$!
trap 'kill $sender_pid 2>/dev/null; rm -f "$port_file"' EXIT
for _ in $(seq 50); do
    grep -q '^PORT ' "$port_file" && break
    sleep 0.1
done
port=$(sed -n 's/^PORT //p' "$port_file" | head -1)
[ -n "$port" ] || { echo "phoenix-benchsender did not start" >&2; exit 1; }

args=(--url "ws://127.0.0.1:$port/socket" --timeout 900 --scenario flood --count "$count"
      --warmup $((count / 10)) --size "$size" --channels 1)
cpu() { sed -n 's/.*"cpu_s":\([0-9.e-]*\).*/\1/p' | tail -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "payload $size B, $count messages, $runs repetition(s); CPU: ${cpu_model:-unknown}"
echo "pinned: GLIBC_TUNABLES=$tunables"
for run in $(seq "$runs"); do
    as_is=$(QT_LOGGING_RULES='phoenix.*.info=false' "$client" "${args[@]}" | cpu)
    pinned=$(QT_LOGGING_RULES='phoenix.*.info=false' GLIBC_TUNABLES=$tunables "$client" "${args[@]}" | cpu)
    js=$(node --expose-gc "$node_client" "${args[@]}" | cpu)
    echo "run $run: PhoenixQt ${as_is} s, PhoenixQt pinned ${pinned} s, phoenix.js ${js} s;" \
        "PhoenixQt / phoenix.js $(ratio "$as_is" "$js"), pinned / phoenix.js $(ratio "$pinned" "$js")"
done
