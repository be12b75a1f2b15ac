#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the libFuzzer targets with clang (build-fuzz, -Dfuzz=true) and
# run each for FUZZ_SECONDS (default 30), starting from its seed corpus
# and regression inputs. Fails when any target finds a crash, a leak, a
# timeout or a failed check; the input is left in build-fuzz/artifacts/.
#
#   tests/fuzz/run.sh              every target
#   tests/fuzz/run.sh cli escape   only these
#
# A crash becomes a regression input: copy the artifact to
# tests/fuzz/regress/<name>/ (the replay tests then run it in every
# build), fix the bug, and re-run.
set -uo pipefail
cd "$(dirname "$0")/../.."

seconds=${FUZZ_SECONDS:-30}
build=${FUZZ_BUILD_DIR:-build-fuzz}

if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" -Dfuzz=true -Dtests=disabled \
        -Dman=false >/dev/null || exit 1
fi
ninja -C "$build" >/dev/null || { echo "fuzz: build failed"; exit 1; }

if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for f in "$build"/tests/fuzz/fuzz_*; do
        [ -x "$f" ] && [ -f "$f" ] && targets+=("${f##*/fuzz_}")
    done
fi

mkdir -p "$build/artifacts"
status=0
for name in "${targets[@]}"; do
    work="$build/corpus/$name"   # what the fuzzer learns; seeds stay as they are
    mkdir -p "$work"
    seeds=()
    for d in tests/fuzz/corpus/"$name" tests/fuzz/regress/"$name"; do
        [ -d "$d" ] && seeds+=("$d")
    done
    log="$build/artifacts/$name.log"
    timeout $((seconds + 120)) "$build/tests/fuzz/fuzz_$name" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
        -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$name-" \
        "$work" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ $rc -eq 0 ]; then
        echo "fuzz: $name: ok (${runs:-?} runs in ${seconds}s)"
    else
        echo "fuzz: $name: FAILED (exit $rc); log $log"
        grep -m1 -E 'ERROR:|runtime error|check failed' "$log"
        ls "$build/artifacts/$name-"* 2>/dev/null | head -3
        status=1
    fi
done
exit $status
