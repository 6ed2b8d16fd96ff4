# February: grades in (attendance counts: everyone attends every talk, or is excused), grade
# sheet and campus registration list out.
# Works with or without the earlier parts' assignments (the sheet's paper column) and
# de-registration deadline (dropped students: withdrawn before it, failed after it).
step "Grades: the coordinator's grade file (report 40 %, presentation 60 %, German scale)"
run grade config
run grade import "$FIXTURES/grades.csv"
step "A late presentation grade, entered by hand (and kept in the history)"
run grade set 11958014 --presentation 2.3
run grade list
run grade history 11958014
step "Chinedu Okafor's grades: he missed the second day, so the attendance rule holds back his final grade"
run grade set 11916675 --report 2.0 --presentation 1.7
run grade list --status incomplete
step "The examination board accepts his conference trip as an excuse: he passes with the grade his parts give"
run attend excuse 11916675 2025-02-14 --reason "conference trip, approved by the examination board"
run grade history 11916675
step "The distribution of final grades"
run grade stats
step "The grade sheet for a German spreadsheet program (semicolons, byte-order mark)"
run grade export --delimiter ';' --bom --output "$OUT/grade-sheet.csv"
cat "$OUT/grade-sheet.csv"
step "Filling the registration list TUMonline exported (Windows-1252, every field quoted, CRLF)"
cp "$FIXTURES/registration.csv" "$OUT/registration.csv"
run grade export --into "$OUT/registration.csv" --id-column Matrikelnummer --grade-column Note
printf '\nThe filled list (shown as UTF-8; the file stays Windows-1252, only the Note cells changed):\n'
iconv -f WINDOWS-1252 -t UTF-8 "$OUT/registration.csv" | tr -d '\r'
step "Report grades back into the Moodle assignment (then: Upload grading worksheet)"
cp "$FIXTURES/moodle/worksheet-en.csv" "$OUT/moodle-worksheet.csv"
run grade export --into "$OUT/moodle-worksheet.csv" --id-column "ID number" --grade-column Grade --component report
head -n 6 "$OUT/moodle-worksheet.csv"
