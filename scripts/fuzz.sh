#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the PhoenixQt libFuzzer targets (tests/fuzz) for as long as you like and prints, per target, the
# number of executions and the findings. Builds them first in build-fuzz/ with Debian's clang, the whole
# build instrumented with -fsanitize=fuzzer-no-link,address,undefined (PHOENIXQT_BUILD_FUZZERS=ON).
#
#   bash scripts/fuzz.sh                       # every target for 60 s
#   bash scripts/fuzz.sh --seconds 600         # every target for 10 minutes
#   bash scripts/fuzz.sh --runs 10000000 --target v2_text
#   bash scripts/fuzz.sh --seconds 1200 --target application -- -jobs=1
#   bash scripts/fuzz.sh --build-only          # configure and build only (scripts/test.sh uses this)
#   bash scripts/fuzz.sh --no-build --target v1_text   # skip the build step (e.g. parallel runs)
#   bash scripts/fuzz.sh --seconds 30 -- -only_ascii=1   # extra libFuzzer flags after --
#
# Targets: v2_text (PhoenixV2JsonSerializer::decodeText), v2_binary (::decodeBinary), v1_text
# (PhoenixV1JsonSerializer::decodeText), json_payload (PhoenixJsonText::parseObject against QJsonDocument),
# engine (PhoenixSocket/Channel/Push/Presence through the fake
# transport: sequences of frames, pushes, leaves, drops; see tests/fuzz/fuzz_engine.cpp), application (a
# hostile application: slots on every signal that delete, disconnect, wait, change settings, against a
# scripted server over the fake transport and a fake LongPoll network; tests/fuzz/fuzz_application.cpp),
# outbox (PhoenixOutbox on SQLite files and rows the fuzzer writes; see tests/fuzz/fuzz_outbox.cpp). New interesting
# inputs go to build-fuzz/tests/fuzz/corpus/<target> (never into the tree: copy one into
# tests/fuzz/corpus/<target>/ by hand to keep it); findings (crash-, leak-, timeout-, oom-<sha1>) to build-fuzz/tests/fuzz/findings/<target>/. Replay one with
#   build-fuzz/tests/fuzz/fuzz_<target> <file>
# Exits non-zero when a target reports a finding.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/deps.sh
source "$root/scripts/deps.sh"

all_targets=(v2_text v2_binary v1_text json_payload engine application outbox)
seconds=60
runs=
build_only=0
build_step=1
install=1
targets=()
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=${2:?--seconds needs a number}; runs=; shift 2 ;;
        --runs) runs=${2:?--runs needs a number}; shift 2 ;;
        --target) targets+=("${2:?--target needs a name}"); shift 2 ;;
        --build-only) build_only=1; shift ;;
        --no-build) build_step=0; shift ;;
        --no-install) install=0; shift ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "usage: $0 [--seconds N | --runs N] [--target NAME]... [--build-only | --no-build] [--no-install] [-- libFuzzer flags]" >&2
           exit 2 ;;
    esac
done
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
    case " ${all_targets[*]} " in
        *" $target "*) ;;
        *) echo "unknown target '$target' (known: ${all_targets[*]})" >&2; exit 2 ;;
    esac
done

[ "$install" = 1 ] && phoenixqt_install_debs

build=$root/build-fuzz
if [ "$build_step" = 1 ]; then
    echo "==> build the fuzz targets (clang, libFuzzer, ASan + UBSan) in build-fuzz/"
    # -O1: fast enough to fuzz, and Q_ASSERTs stay on (no QT_NO_DEBUG), so they count as findings too.
    CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
        -DPHOENIXQT_BUILD_FUZZERS=ON -DPHOENIXQT_BUILD_TESTS=OFF -DPHOENIXQT_BUILD_QML=OFF \
        -DPHOENIXQT_BUILD_EXAMPLES=OFF -DPHOENIXQT_BUILD_TOOLS=OFF -DPHOENIXQT_BUILD_BENCHMARKS=OFF >/dev/null
    cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)"
fi
[ "$build_only" = 1 ] && exit 0

# Most of a run is spent in ASan's allocator (Qt's JSON allocates a lot): no allocation stacks and a
# smaller quarantine make it about 1.5x faster. A use-after-free is still caught, but reported
# without where the memory was allocated and freed: replay the finding with the default options
# (build-fuzz/tests/fuzz/fuzz_<target> <file>) for those.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:malloc_context_size=0:quarantine_size_mb=32}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fuzzdir=$build/tests/fuzz
mkdir -p "$fuzzdir/logs"
if [ -n "$runs" ]; then limit=(-runs="$runs"); what="$runs executions"; else limit=(-max_total_time="$seconds"); what="${seconds} s"; fi

status=0
summary=()
for target in "${targets[@]}"; do
    corpus=$fuzzdir/corpus/$target
    findings=$fuzzdir/findings/$target
    log=$fuzzdir/logs/$target.log
    mkdir -p "$corpus" "$findings"
    marker=$(mktemp)
    echo "==> fuzz_$target for $what (log: ${log#"$root"/})"
    # As tests/fuzz/CMakeLists.txt: the engine frees some of an input's objects during the next one, so
    # per-input leak checks would rescan nearly every input; LeakSanitizer still checks at exit.
    per_target=()
    [ "$target" = engine ] || [ "$target" = application ] && per_target=(-detect_leaks=0)
    # The outbox's Qt SQL connections and plugin objects outlive an input (as the engine's objects do).
    [ "$target" = outbox ] && per_target=(-detect_leaks=0)
    started=$(date +%s)
    set +e
    "$fuzzdir/fuzz_$target" "${limit[@]}" -timeout=10 -max_len=4096 -dict="$root/tests/fuzz/phoenix.dict" \
        -print_final_stats=1 -artifact_prefix="$findings/" "${per_target[@]}" "${extra[@]}" \
        "$corpus" "$root/tests/fuzz/corpus/$target" >"$log" 2>&1
    rc=$?
    set -e
    elapsed=$(( $(date +%s) - started ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    mapfile -t found < <(find "$findings" -type f -newer "$marker" | sort)
    rm -f "$marker"
    line="fuzz_$target: ${execs:-?} executions in ${elapsed} s (${rate:-?}/s), corpus $(find "$corpus" -type f | wc -l) inputs, ${#found[@]} finding(s)"
    if [ "$rc" -ne 0 ] || [ ${#found[@]} -gt 0 ]; then
        status=1
        line+=" -- FAILED (exit $rc)"
        echo "---- last lines of $log"
        tail -n 40 "$log"
        for f in "${found[@]}"; do echo "finding: ${f#"$root"/}"; done
    fi
    echo "$line"
    summary+=("$line")
done

echo "==> summary"
printf '%s\n' "${summary[@]}"
exit "$status"
