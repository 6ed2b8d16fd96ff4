# The end of the term: where it stands, and the block seminar's programme as it is handed
# out (Markdown, like the workshop programmes in the seeds) and as a calendar.
step "Where the term stands"
run status
step "The calendar for everyone, and the programme"
run schedule show --format ics --output "$OUT/block-seminar.ics"
run schedule show --format markdown --output "$OUT/block-seminar.md"
step "The programme of the block seminar (with the abstracts in $OUT/block-seminar.md)"
run schedule show --format markdown --no-abstracts
