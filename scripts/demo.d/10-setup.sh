# August: the seminar, its roster from the campus system, and the paper catalog.
step "A new seminar"
run init --title "Theoretical Advances in Deep Learning" --term "Winter 2024/25" --timezone Europe/Berlin
step "The roster, as TUMonline exports it (semicolons, byte-order mark, German headers)"
run student import "$FIXTURES/roster.csv"
step "The paper catalog"
run paper import "$FIXTURES/papers.csv"
run paper list
step "The catalog as a web page for the students, before the preference form"
run paper list --format html --intro "$FIXTURES/catalog-intro.md" --output papers.html
step "A later roster export: re-importing updates by Matrikelnummer"
run student import "$FIXTURES/roster-late.csv"
run student list
