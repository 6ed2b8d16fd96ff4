#!/usr/bin/env bash
# Every list and report command on a whole term of 10,000 students (roster, forms, assignment,
# deadlines, hand-ins, reminders, schedule, attendance, grades); writes the
# `## A 10,000-student seminar` section of docs/benchmarks.md. Reports, never fails on a slow command.
set -euo pipefail
ROOT="${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c "import numpy" 2>/dev/null || "$PYTHON" -m pip install -q numpy
"$PYTHON" "$ROOT/bench/term10k.py" --seminar "${SEMINAR:-$ROOT/.build/release/seminar}" \
  --out "${BENCH_OUT:-$ROOT/bench/out}/term10k.md" --write-docs "$ROOT/docs/benchmarks.md"
