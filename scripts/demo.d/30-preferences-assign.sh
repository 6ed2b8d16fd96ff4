# August–October: the preference form, the matching, a case fixed by hand.
step "The preference form, exported from Google Forms (one student submitted twice)"
run prefs import "$FIXTURES/preferences-form.csv"
step "Late answers from a second form: a Google Forms grid (one column per paper); the latest form of each student counts"
run prefs import "$FIXTURES/forms/google-forms-grid.csv"
step "... and from Microsoft Forms, which exports .xlsx only (a ranking question: one cell per student)"
run prefs import "$FIXTURES/forms/msforms-ranking.xlsx"
step "Who has not handed in a form (to chase by e-mail)"
run prefs missing
step "The matching: minimum total cost (rank r costs r², none of their choices 144)"
run assign --seed 2024
step "The same with other methods, for comparison (nothing saved)"
run assign --method rank-maximal --seed 2024 --dry-run
run assign --method serial-dictatorship --seed 2024 --dry-run
step "A case fixed by hand: Giulia Rossi presents the NTK paper; assign keeps the pin"
run assignment set 11788402 ntk-jacot18
run assign --seed 2024
run assignment list
step "Why did Tomáš Novák not get his first choice?"
run assign --seed 2024 --explain 11745862
