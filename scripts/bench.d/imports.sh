#!/usr/bin/env bash
# Imports of real-size exports: a 10,000-student Google Forms grid (50 paper columns) and a
# 10,000-row Microsoft Forms .xlsx; writes the `## Imports` section of docs/benchmarks.md.
set -euo pipefail
ROOT="${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
python3 "$ROOT/bench/imports.py" --seminar "${SEMINAR:-$ROOT/.build/release/seminar}" --out "${BENCH_OUT:-$ROOT/bench/out}/imports.md" \
  --write-docs "$ROOT/docs/benchmarks.md"
