# Every read command on the Fixtures seminar, and a 10,000-student roster import.
python3 "$ROOT/bench/commands.py" --seminar "$SEMINAR" --fixtures "$FIXTURES" --out "$BENCH_OUT/commands.md"
