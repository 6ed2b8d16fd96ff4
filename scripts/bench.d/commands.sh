# Every command on the Fixtures term, and a 10,000-student roster import; writes the
# `## Commands` section of docs/benchmarks.md.
python3 "$ROOT/bench/commands.py" --seminar "$SEMINAR" --fixtures "$FIXTURES" --out "$BENCH_OUT/commands.md" \
  --write-docs "$ROOT/docs/benchmarks.md"
