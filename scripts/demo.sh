#!/usr/bin/env bash
# A whole term of the Fixtures seminar, into a fresh database, as the coordinator sees it.
# Each step of the term is one file in scripts/demo.d/, run in order.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export SEMINAR="$ROOT/.build/release/seminar"
export FIXTURES="Fixtures"   # a link in $OUT, so the commands shown read like a coordinator's
export OUT="$ROOT/demo-out"
rm -rf "$OUT"
mkdir -p "$OUT"
ln -s "$ROOT/Fixtures" "$OUT/Fixtures"
export SEMINAR_DB="$OUT/seminar.db"
cd "$OUT"

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then B=$'\033[1m'; N=$'\033[0m'; else B=''; N=''; fi
step() { printf '\n%s== %s%s\n' "$B" "$*" "$N"; }
run() { printf '\n$ seminar %s\n' "$*"; "$SEMINAR" "$@"; }
export -f step run

for part in "$ROOT"/scripts/demo.d/*.sh; do
  # shellcheck source=/dev/null
  source "$part"
done
printf '\nThe term is in %s (open it again with: SEMINAR_DB=%s seminar status)\n' "$SEMINAR_DB" "$SEMINAR_DB"
