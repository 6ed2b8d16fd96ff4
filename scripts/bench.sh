#!/usr/bin/env bash
# Runs every benchmark in scripts/bench.d/ in order (`make bench` builds the release binary first).
set -euo pipefail
export ROOT="$(cd "$(dirname "$0")/.." && pwd)"
for part in "$ROOT"/scripts/bench.d/*.sh; do
  echo "== $(basename "$part")"
  bash "$part"
done
