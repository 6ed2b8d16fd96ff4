# February: the block seminar. Every student presents their paper; everyone attends every talk.
step "The block seminar: who presents (everyone with a paper)"
# The assignment parts before this one normally gave everyone a paper. If a student still has
# none (this part run on its own), give them a free place by hand, the way a coordinator would.
"$SEMINAR" assignment list --format json >"$OUT/assignments.json"
"$SEMINAR" student list --format json >"$OUT/students.json"
"$SEMINAR" paper list --format json >"$OUT/papers.json"
python3 - "$OUT" <<'PY' | while read -r student paper; do run assignment set "$student" "$paper"; done
import json, sys
out = sys.argv[1]
assigned = json.load(open(f"{out}/assignments.json"))
students = [s["id"] for s in json.load(open(f"{out}/students.json")) if s.get("status", "enrolled") == "enrolled"]
papers = json.load(open(f"{out}/papers.json"))
has = {a["student"] for a in assigned}
used = {}
for a in assigned:
    used[a["paper"]] = used.get(a["paper"], 0) + 1
free = [p["id"] for p in papers for _ in range(int(p.get("capacity", 1)) - used.get(p["id"], 0))]
for student, paper in zip([s for s in students if s not in has], free):
    print(student, paper)
PY
rm -f "$OUT/assignments.json" "$OUT/students.json" "$OUT/papers.json"

step "Chinedu Okafor is at a conference on the second day"
run schedule block 11916675 2025-02-14 --reason "conference trip"

step "Too much for one day: the schedule says what is missing and saves nothing"
run schedule generate --day 2025-02-13 --start 09:00 --end 17:00 --talk 30 --room "MI 02.09.023" \
  || echo "(exit status $?: nothing was saved)"

step "Two days of 30-minute talks: lunch and coffee breaks as a workshop day has them"
run schedule generate --day 2025-02-13 --day 2025-02-14 --start 09:00 --end 17:00 --talk 30 \
  --room "MI 02.09.023"

step "The coordinator's changes: a swap, and a move the checks refuse"
first=$("$SEMINAR" schedule show --format csv | awk -F, '$4 == "talk" { print $6 }' | sed -n 1p)
second=$("$SEMINAR" schedule show --format csv | awk -F, '$4 == "talk" { print $6 }' | sed -n 2p)
run schedule swap "$first" "$second"
run schedule move "$first" 2025-02-13T12:45 || echo "(exit status $?: nothing was changed)"
run schedule show

step "The programme as a web page for the chair's website"
run schedule show --format html --intro "$FIXTURES/programme-intro.md" --output programme.html

step "Attendance: the sign-in sheets of both days"
{
  echo "Matrikelnummer;Datum"
  "$SEMINAR" student list --format csv | awk -F, 'NR > 1 && $0 ~ /enrolled/ { print $1 ";13.02.2025" }'
  "$SEMINAR" student list --format csv | awk -F, 'NR > 1 && $0 ~ /enrolled/ && $1 != "11916675" { print $1 ";14.02.2025" }'
} >"$OUT/sign-in.csv"
run attend import "$OUT/sign-in.csv"
run attendance report --format csv
