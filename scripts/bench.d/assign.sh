#!/usr/bin/env bash
# Assignment: `seminar assign` against SciPy's linear_sum_assignment and OR-Tools' min-cost
# flow on generated instances of 20 to 10,000 students; writes docs/benchmarks.md ## Assignment.
set -euo pipefail
ROOT="${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c "import numpy, scipy, ortools" 2>/dev/null || "$PYTHON" -m pip install -q scipy ortools
"$PYTHON" "$ROOT/bench/assign_bench.py" --seminar "$ROOT/.build/release/seminar" --write-docs "$ROOT/docs/benchmarks.md"
