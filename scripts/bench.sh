#!/usr/bin/env bash
# `make bench`: every benchmark in scripts/bench.d/, on the release build. Each writes its
# table to bench/out/<name>.md and prints it; docs/benchmarks.md records them.
set -euo pipefail
export ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export SEMINAR="$ROOT/.build/release/seminar"
export FIXTURES="$ROOT/Fixtures"
export BENCH_OUT="$ROOT/bench/out"
mkdir -p "$BENCH_OUT"
cd "$ROOT"
for part in scripts/bench.d/*.sh; do
  printf '\n== %s\n' "$(basename "$part" .sh)"
  bash "$part"
done
