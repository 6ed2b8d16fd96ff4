#!/usr/bin/env bash
# Moodle hand-ins: `submission import` of 100 students x 2 MiB and again, `submission export`,
# `submit --file` / `submission get` of one 300 MiB PDF, and the import of a zip holding it, with
# each process's peak RSS; writes the `## Moodle hand-ins: import and export` section of
# docs/benchmarks.md. About 2.5 minutes and 2.5 GB in a temporary folder (TMPDIR), removed after.
# Alone: make bench-handins.
set -euo pipefail
ROOT="${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
python3 "$ROOT/bench/handins.py" --seminar "${SEMINAR:-$ROOT/.build/release/seminar}" \
  --out "${BENCH_OUT:-$ROOT/bench/out}/handins.md" --write-docs "$ROOT/docs/benchmarks.md"
