# January: the timeline, hand-ins, and the reminders cron sends.
step "The term's timeline (Winter 2024/25), read in Europe/Berlin, stored in UTC"
run deadline template --term "Winter 2024/25"
run deadline list
run deadline export --output deadlines.ics
printf '(import %s into any calendar program)\n' "$OUT/deadlines.ics"

step "Hand-ins from Moodle: the grading worksheet and \"Download all submissions\", in one command"
# Both as Moodle writes them (see Fixtures/moodle/README.md): who handed in when, and the files.
run submission import "$FIXTURES/moodle/worksheet-en.csv" --kind report --files "$FIXTURES/moodle/submissions.zip"
printf '\nThe same download again changes nothing:\n'
run submission import "$FIXTURES/moodle/worksheet-en.csv" --kind report --files "$FIXTURES/moodle/submissions.zip" | tail -n 1

step "A medical certificate: one student gets until 20 January, and their hand-in is on time"
run deadline extend 11902567 report --until 2025-01-20T12:00 --reason "medical certificate"
run submission list
run submission list --missing report

step "Slides handed in by e-mail, typed in: a PDF is checked and kept; a renamed Word file is refused"
# A small but complete PDF, as a student would send it.
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' > slides-03754410.pdf
run submit 03754410 slides --at 2025-01-12T09:15 --file slides-03754410.pdf
printf 'PK\003\004 a Word file renamed to .pdf\n' > slides-11874203.pdf
run submit 11874203 slides --file slides-11874203.pdf || true

step "The reports for the graders: written back byte for byte, named to sort by student"
run submission export graded-reports --kind report
ls graded-reports | head -n 5
printf '(and %s more)\n' "$(($(ls graded-reports | wc -l) - 5))"
printf '\nThe same bytes as in the zip (sha256sum of one):\n'
sha256sum graded-reports/03705521-*-report.pdf

step "Reminders: who they come from, when they go out"
run remind config --from "TADL Seminar <tadl-seminar@example.org>" --coordinator "Ioana Crăciun <coordinator@example.org>" --windows 7d,1d
run remind template list

step "cron runs \`seminar remind\` on 9 January, 6 days before the report deadline (into a Maildir for review)"
run remind --now 2025-01-09T09:00 --transport maildir --maildir maildir
printf '\nThe same run again sends nothing (and prints nothing, for cron):\n'
run remind --now 2025-01-09T09:30 --transport maildir --maildir maildir
run remind log --state sent --format csv | head -n 6 || true

step "One of the mails, as it left (RFC 5322, UTF-8 quoted-printable body, encoded names)"
mail="$(grep -l '^To: .*stefan.dragulescu@tum.de' maildir/new/* 2>/dev/null | head -n 1 || true)"
[ -n "$mail" ] || mail="$(ls maildir/new/* | head -n 1)"
cat "$mail"
