#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (with the fuzzer and address sanitizers, in their own
# scratch path) and runs each for FUZZ_SECONDS on its seed corpus. Fails when any target finds
# a crash, a hang or a broken invariant; prints executions per second and corpus size.
#
#   FUZZ_SECONDS=600   seconds per target (make fuzz-ci: 60)
#   FUZZ_TARGETS="csv xlsx"   only these targets (default: all)
#   FUZZ_JOBS=1        targets run at the same time (the machine's other users need cores too)
#
# New inputs go to Fuzz/.build/corpus/<target> (not committed); findings to
# Fuzz/.build/findings/<target>/crash-*, timeout-* or oom-*, replayed by passing the file:
#   Fuzz/.build/debug/fuzz-<target> Fuzz/.build/findings/<target>/crash-...
# docs/security.md says what each target checks.
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-600}
JOBS=${FUZZ_JOBS:-1}
ALL_TARGETS="csv text xlsx form-long form-wide roster papers grades signin registration moodle"
TARGETS=${FUZZ_TARGETS:-$ALL_TARGETS}
BUILD=Fuzz/.build
OUT=$BUILD/fuzz-runs
# The Swift runtime's own backtracer reads memory that AddressSanitizer then reports: off.
export SWIFT_BACKTRACE=enable=no
# LeakSanitizer's check at exit reports the Swift runtime's and Foundation's caches as leaks:
# off, for the runs and for the coverage probe below (see also -detect_leaks=0).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

# The fuzzer runtime (libclang_rt.fuzzer) comes with the Swift toolchain; nothing else to install.
mkdir -p "$BUILD"
echo "fuzz: building Fuzz/ with --sanitize=fuzzer --sanitize=address"
# SwiftPM hands the two sanitizers to the Swift driver as two -sanitize= flags in an order that
# changes from run to run, and the driver keeps only the last: one build instruments for
# coverage, the next (recompiling only what changed) not. The one flag naming both comes last.
if ! $SWIFT build --package-path Fuzz --scratch-path "$BUILD" -c debug --sanitize=fuzzer --sanitize=address \
    -Xswiftc -sanitize=fuzzer,address >"$BUILD/build.log" 2>&1; then
    grep -v "ld.gold: warning: Cannot export local symbol" "$BUILD/build.log" | tail -n 40 >&2
    exit 1
fi
for t in $TARGETS; do
    if [ ! -x "$BUILD/debug/fuzz-$t" ]; then
        echo "fuzz: the build did not produce fuzz-$t" >&2
        exit 1
    fi
    # Without coverage counters libFuzzer only runs random bytes: refuse to call that fuzzing.
    probe=$("$BUILD/debug/fuzz-$t" -runs=0 -artifact_prefix="$BUILD/probe-" 2>&1 || true)
    if ! grep -q "inline 8-bit counters" <<<"$probe"; then
        echo "fuzz: fuzz-$t is not instrumented for coverage; remove $BUILD/x86_64-unknown-linux-gnu and run again" >&2
        exit 1
    fi
done

rm -rf "$OUT"
mkdir -p "$OUT"

# One target: its own writable corpus (seeded from the committed one), findings kept apart.
# -detect_leaks=0: the Swift runtime's and Foundation's caches trip LeakSanitizer at exit; memory
# that grows per input is still caught by -rss_limit_mb. -timeout: an input slower than 10 s is a hang.
run_target() {
    local t=$1
    local work=$BUILD/corpus/$t findings=$BUILD/findings/$t
    mkdir -p "$work" "$findings"
    local status=0
    "$BUILD/debug/fuzz-$t" "$work" "Fuzz/corpus/$t" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
        -print_final_stats=1 -artifact_prefix="$findings/" >"$OUT/$t.log" 2>&1 || status=$?
    echo "$status" >"$OUT/$t.status"
}
export -f run_target
export BUILD OUT SECONDS_PER_TARGET

echo "fuzz: $(echo $TARGETS | wc -w) targets, ${SECONDS_PER_TARGET}s each, $JOBS at a time"
printf '%s\n' $TARGETS | xargs -P "$JOBS" -I{} bash -c 'run_target {}'

# The summary: runs, executions per second, corpus (entries/bytes) and coverage of each target.
failed=0
printf '%-13s %10s %8s %16s %7s %s\n' target runs exec/s corpus cov result
for t in $TARGETS; do
    log=$OUT/$t.log
    status=$(cat "$OUT/$t.status")
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    corpus=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$last")
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    result=ok
    if [ "$status" != 0 ]; then
        result="FOUND SOMETHING (exit $status): $(ls "$BUILD/findings/$t" | tr '\n' ' ')"
        failed=1
    fi
    printf '%-13s %10s %8s %16s %7s %s\n' "$t" "${runs:--}" "${speed:--}" "${corpus:--}" "${cov:--}" "$result"
done
if [ "$failed" != 0 ]; then
    echo "fuzz: findings above; each target's log is in $OUT/" >&2
    for t in $TARGETS; do
        if [ "$(cat "$OUT/$t.status")" != 0 ]; then
            echo "--- $t" >&2
            grep -E -A3 'ERROR|Fatal error|fuzz finding|SUMMARY' "$OUT/$t.log" | head -n 20 >&2 || true
        fi
    done
    exit 1
fi
