"""Real exports of form tools, campus systems and Moodle (Fixtures/forms, rosters, grades),
imported through the command line and checked through the list commands.

Every expectation here is written out by hand from the READMEs in those folders, not
derived from the fixture files, so a fixture and its importer cannot drift apart unnoticed.
The messages are not checked, except that `prefs import` names every column it used and
every row it skipped.
"""
import json
import re

from seminar_cli import FIXTURES, fixture_seminar, seminar

FORMS = FIXTURES / "forms"
ROSTERS = FIXTURES / "rosters"
GRADES = FIXTURES / "grades"

TITLE = "Theoretical Advances in Deep Learning"
TERM = "Winter 2024/25"

NTK = "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"
DEEP_DD = "Deep Double Descent: Where Bigger Models and More Data Hurt"
BUGS = "Adversarial Examples Are Not Bugs, They Are Features"
COT = "The Expressive Power of Transformers with Chain of Thought"
BIAS_VAR = "Reconciling modern machine-learning practice and the classical bias\u2013variance trade-off"
EXACT = "On Exact Computation with an Infinitely Wide Neural Net"
PGD = "Towards Deep Learning Models Resistant to Adversarial Attacks"
IMPLICIT = "The Implicit Bias of Gradient Descent on Separable Data"
WIDE = "Wide Neural Networks of Any Depth Evolve as Linear Models Under Gradient Descent"
LINEARIZED = "Linearized two-layers neural networks in high dimension"
CONTRASTIVE = "A Theoretical Analysis of Contrastive Unsupervised Representation Learning"
SPECTRAL = "Provable Guarantees for Self-Supervised Deep Learning with Spectral Contrastive Loss"
KERNEL_REPR = "Non-parametric Representation Learning with Kernels"
RF_DD = "The generalization error of random features regression: Precise asymptotics and double descent curve"

# ----------------------------------------------------------------------------------------
# Expected preference lists: student -> (submitted_at in Europe/Berlin, papers best first)

GOOGLE_DOWNLOAD = {
    "03705521": ("2024-08-02 09:14:03", ["ridgeless-hastie22", "rf-dd-mei22", "deep-dd-nakkiran20",
                                         "bias-variance-belkin19", "linearized-ghorbani21"]),
    "11874203": ("2024-08-02 11:47:38", ["cot-merrill24", "cot-feng23", "cot-serial-li24",
                                         "attention-limits-hahn20", "bugs-features-ilyas19"]),
    "11745862": ("2024-08-05 08:32:19", ["ntk-jacot18", "linearized-ghorbani21", "rf-dd-mei22",
                                         "exact-ntk-arora19", "ridgeless-hastie22"]),
    "11734589": ("2024-08-06 12:18:44", ["ntk-jacot18", "cot-merrill24", "deep-dd-nakkiran20",
                                         "bugs-features-ilyas19", "wide-linear-lee19"]),
    # submitted twice: 2024/08/03 4:05:51 PM (line 4) and 2024/08/27 9:07:12 PM (line 7); the later counts
    "03712845": ("2024-08-27 21:07:12", ["implicit-bias-soudry18", "deep-mf-arora19", "eos-cohen21",
                                         "ntk-jacot18", "lipschitz-wei19"]),
    # 2024/08/31 12:41:16 AM GMT+2 is 00:41, not 12:41
    "03727306": ("2024-08-31 00:41:16", ["bias-variance-belkin19", "ridgeless-hastie22", "deep-dd-nakkiran20",
                                         "ntk-jacot18", "implicit-bias-soudry18"]),
}

GOOGLE_SHEETS_DE = {
    "03698121": ("2024-08-07 13:02:07", ["cot-merrill24", "cot-serial-li24", "cot-feng23",
                                         "ntk-jacot18", "deep-dd-nakkiran20"]),
    "11902567": ("2024-08-09 10:41:56", ["ntk-jacot18", "exact-ntk-arora19", "wide-linear-lee19",
                                         "deep-dd-nakkiran20", "eos-cohen21"]),
    "03754410": ("2024-08-14 10:23:45", ["bugs-features-ilyas19", "pgd-madry18", "smoothing-cohen19",
                                         "fgsm-goodfellow15", "ntk-jacot18"]),
    "11977254": ("2024-08-14 10:58:12", ["deep-dd-nakkiran20", "bias-variance-belkin19", "ntk-jacot18",
                                         "cot-merrill24", "rf-dd-mei22"]),
    "11853719": ("2024-08-16 07:49:01", ["kernel-repr-esser24", "spectral-cl-haochen21", "ntk-jacot18",
                                         "exact-ntk-arora19", "bias-variance-belkin19"]),
    "03740112": ("2024-08-19 14:15:27", ["deep-dd-nakkiran20", "ntk-jacot18", "bias-variance-belkin19",
                                         "bugs-features-ilyas19", "implicit-bias-soudry18"]),
}

GOOGLE_GRID = {
    "11788402": ("2024-08-12 19:26:30", ["bugs-features-ilyas19", "deep-dd-nakkiran20", "pgd-madry18",
                                         "cot-merrill24", "ntk-jacot18"]),
    "03740112": ("2024-08-19 14:15:27", ["deep-dd-nakkiran20", "ntk-jacot18", "bias-variance-belkin19",
                                         "bugs-features-ilyas19", "implicit-bias-soudry18"]),
    "11820476": ("2024-08-21 20:37:09", ["bugs-features-ilyas19", "cot-merrill24", "ntk-jacot18",
                                         "pgd-madry18", "deep-dd-nakkiran20"]),
    "03689957": ("2024-08-23 09:03:58", ["ntk-jacot18", "deep-dd-nakkiran20", "bias-variance-belkin19",
                                         "cot-merrill24", "bugs-features-ilyas19"]),
    "11763390": ("2024-08-29 12:54:33", ["bugs-features-ilyas19", "pgd-madry18", "implicit-bias-soudry18"]),
    "03727306": ("2024-08-30 23:41:16", ["bias-variance-belkin19", "deep-dd-nakkiran20", "ntk-jacot18",
                                         "implicit-bias-soudry18", "exact-ntk-arora19"]),
}
GRID_PAPERS = [NTK, DEEP_DD, BUGS, COT, BIAS_VAR, EXACT, PGD, IMPLICIT]

GOOGLE_GRID_DE = {
    "11745862": ("2024-08-05 08:32:19", ["ntk-jacot18", "linearized-ghorbani21", "rf-dd-mei22",
                                         "exact-ntk-arora19", "wide-linear-lee19"]),
    "11902567": ("2024-08-09 10:41:56", ["ntk-jacot18", "exact-ntk-arora19", "wide-linear-lee19",
                                         "linearized-ghorbani21", "rf-dd-mei22"]),
    "11977254": ("2024-08-14 10:58:12", ["rf-dd-mei22", "ntk-jacot18", "exact-ntk-arora19",
                                         "wide-linear-lee19", "kernel-repr-esser24"]),
    "11853719": ("2024-08-16 07:49:01", ["kernel-repr-esser24", "spectral-cl-haochen21", "ntk-jacot18",
                                         "exact-ntk-arora19", "wide-linear-lee19"]),
    "11958014": ("2024-08-26 17:21:40", ["contrastive-arora19", "spectral-cl-haochen21", "kernel-repr-esser24",
                                         "ntk-jacot18"]),
}
GRID_DE_PAPERS = [NTK, EXACT, WIDE, LINEARIZED, CONTRASTIVE, SPECTRAL, KERNEL_REPR, RF_DD]

MSFORMS_XLSX = {  # the Completion time counts
    "03754410": ("2024-08-14 10:23:45", ["bugs-features-ilyas19", "pgd-madry18", "smoothing-cohen19",
                                         "fgsm-goodfellow15", "ntk-jacot18"]),
    "11788402": ("2024-08-14 18:04:31", ["bugs-features-ilyas19", "fgsm-goodfellow15", "pgd-madry18",
                                         "ntk-jacot18", "smoothing-cohen19"]),
    "11820476": ("2024-08-15 20:37:09", ["bugs-features-ilyas19", "ntk-jacot18", "smoothing-cohen19",
                                         "pgd-madry18", "fgsm-goodfellow15"]),
    "03689957": ("2024-08-16 09:03:58", ["ntk-jacot18", "bugs-features-ilyas19", "pgd-madry18",
                                         "fgsm-goodfellow15", "smoothing-cohen19"]),
    "11734589": ("2024-08-16 22:18:44", ["ntk-jacot18", "bugs-features-ilyas19", "smoothing-cohen19",
                                         "pgd-madry18", "fgsm-goodfellow15"]),
    "11977254": ("2024-08-17 10:58:12", ["pgd-madry18", "bugs-features-ilyas19", "ntk-jacot18",
                                         "fgsm-goodfellow15", "smoothing-cohen19"]),
}

MSFORMS_DE = {  # Fertigstellungszeit as Excel shows it: minutes only, so the seconds are :00
    "03705521": ("2024-08-02 09:14:00", ["bias-variance-belkin19", "deep-dd-nakkiran20", "ntk-jacot18",
                                         "implicit-bias-soudry18", "cot-merrill24"]),
    "03740112": ("2024-08-03 10:15:00", ["deep-dd-nakkiran20", "bias-variance-belkin19", "ntk-jacot18",
                                         "implicit-bias-soudry18", "cot-merrill24"]),
    "03698121": ("2024-08-04 21:50:00", ["cot-merrill24", "ntk-jacot18", "deep-dd-nakkiran20",
                                         "implicit-bias-soudry18", "bias-variance-belkin19"]),
    "03712845": ("2024-08-05 09:05:00", ["implicit-bias-soudry18", "ntk-jacot18", "deep-dd-nakkiran20",
                                         "bias-variance-belkin19", "cot-merrill24"]),
    "03727306": ("2024-08-06 14:33:00", ["bias-variance-belkin19", "deep-dd-nakkiran20", "ntk-jacot18",
                                         "implicit-bias-soudry18", "cot-merrill24"]),
    "11763390": ("2024-08-07 08:58:00", ["ntk-jacot18", "implicit-bias-soudry18", "deep-dd-nakkiran20",
                                         "bias-variance-belkin19", "cot-merrill24"]),
}
MSFORMS_DE_QUESTION = "Bitte bringen Sie die Paper in die Reihenfolge Ihrer W\u00fcnsche (oben = Erstwunsch)"

SHEETS_OLDER = {
    "03740112": ("2024-08-01 18:02:44", ["ntk-jacot18", "bugs-features-ilyas19", "cot-merrill24",
                                         "deep-dd-nakkiran20", "pgd-madry18"]),
    "03712845": ("2024-08-02 08:40:10", ["cot-merrill24", "ntk-jacot18", "deep-dd-nakkiran20",
                                         "bugs-features-ilyas19", "pgd-madry18"]),
    "11788402": ("2024-08-02 13:12:55", ["bugs-features-ilyas19", "deep-dd-nakkiran20", "fgsm-goodfellow15",
                                         "cot-merrill24", "ntk-jacot18"]),
}

LIMESURVEY = {  # response 104 (11916675 Chinedu Okafor) is incomplete and skipped
    "03705521": ("2024-08-02 09:14:03", ["ridgeless-hastie22", "rf-dd-mei22", "deep-dd-nakkiran20",
                                         "bias-variance-belkin19", "linearized-ghorbani21"]),
    "11874203": ("2024-08-02 11:47:38", ["cot-merrill24", "cot-feng23", "cot-serial-li24",
                                         "attention-limits-hahn20", "bugs-features-ilyas19"]),
    "11745862": ("2024-08-05 08:32:19", ["ntk-jacot18", "linearized-ghorbani21", "rf-dd-mei22",
                                         "exact-ntk-arora19", "ridgeless-hastie22"]),
    "11788402": ("2024-08-12 19:26:30", ["bugs-features-ilyas19", "deep-dd-nakkiran20", "fgsm-goodfellow15",
                                         "cot-merrill24", "ntk-jacot18"]),
    "11958014": ("2024-08-26 17:21:40", ["contrastive-arora19", "spectral-cl-haochen21",
                                         "ssl-spectral-balestriero22", "kernel-repr-esser24", "ntk-jacot18"]),
    "03727306": ("2024-08-30 23:41:16", ["bias-variance-belkin19", "ridgeless-hastie22", "deep-dd-nakkiran20"]),
}
LIMESURVEY_QUESTION = "Please rank the papers you would like to present"

NEAR_MISSES = {
    # “…” around a title, "[deep-dd-nakkiran20] Title", and bias-variance typed with a hyphen
    "03705521": ("2024-08-02 09:14:03", ["ridgeless-hastie22", "rf-dd-mei22", "deep-dd-nakkiran20",
                                         "bias-variance-belkin19", "linearized-ghorbani21"]),
    # Matrikelnummer 3698121 (leading zero lost) with her e-mail; "Jacot et al. 2018 – Title"
    "03698121": ("2024-08-07 13:02:07", ["cot-merrill24", "cot-serial-li24", "cot-feng23",
                                         "ntk-jacot18", "deep-dd-nakkiran20"]),
    # found by her Matrikelnummer (the @mytum.de e-mail is an alias, see Fixtures/forms/README.md);
    # a title with a period added at the end
    "03740112": ("2024-08-19 14:15:27", ["deep-dd-nakkiran20", "ntk-jacot18", "bias-variance-belkin19",
                                         "bugs-features-ilyas19", "implicit-bias-soudry18"]),
}


def preferences(tmp_path):
    """`prefs list` as {student: (submitted_at, [paper ids by rank])}; ranks must be 1, 2, 3, ...
    and one student's rows must share one submission time."""
    rows = json.loads(seminar(tmp_path, "prefs", "list", "--format", "json").stdout)
    lists = {}
    for row in sorted(rows, key=lambda r: (r["student"], r["rank"])):
        at, papers = lists.setdefault(row["student"], (row["submitted_at"], []))
        papers.append(row["paper"])
        assert row["rank"] == len(papers), row
        assert row["submitted_at"] == at, row
    return lists


def import_form(tmp_path, path, *options, headers):
    """Imports one form export into the Fixtures seminar; the report must name every column used."""
    fixture_seminar(tmp_path)
    proc = seminar(tmp_path, "prefs", "import", path, *options)
    for header in headers:
        assert header in proc.stdout, f"prefs import does not name the column {header!r} it used"
    return proc


def test_google_forms_download(tmp_path):
    import_form(tmp_path, FORMS / "google-forms-download.csv",
                headers=["Timestamp", "Email Address", "Matrikelnummer", "1st choice", "2nd choice", "3rd choice",
                         "4th choice", "5th choice"])
    assert preferences(tmp_path) == GOOGLE_DOWNLOAD


def test_google_sheets_german_locale(tmp_path):
    import_form(tmp_path, FORMS / "google-sheets-de.csv",
                headers=["Zeitstempel", "E-Mail-Adresse", "Matrikelnummer", "Erstwunsch", "Zweitwunsch",
                         "Drittwunsch", "Viertwunsch", "F\u00fcnftwunsch"])
    assert preferences(tmp_path) == GOOGLE_SHEETS_DE


def test_google_forms_grid(tmp_path):
    import_form(tmp_path, FORMS / "google-forms-grid.csv",
                headers=["Timestamp", "Email Address", "Matrikelnummer"]
                + [f"Rank the papers [{t}]" for t in GRID_PAPERS])
    assert preferences(tmp_path) == GOOGLE_GRID


def test_google_forms_grid_german(tmp_path):
    import_form(tmp_path, FORMS / "google-forms-grid-de.csv",
                headers=["Zeitstempel", "E-Mail-Adresse", "Matrikelnummer"]
                + [f"Ordnen Sie die Paper [{t}]" for t in GRID_DE_PAPERS])
    assert preferences(tmp_path) == GOOGLE_GRID_DE


def test_microsoft_forms_xlsx_ranking(tmp_path):
    import_form(tmp_path, FORMS / "msforms-ranking.xlsx", "--sheet", "Sheet1",
                headers=["Completion time", "Email", "Matrikelnummer", "Rank the papers you would like to present"])
    assert preferences(tmp_path) == MSFORMS_XLSX


def test_microsoft_forms_german_excel_csv(tmp_path):
    import_form(tmp_path, FORMS / "msforms-de-excel.csv",
                headers=["Fertigstellungszeit", "E-Mail", "Matrikelnummer", MSFORMS_DE_QUESTION])
    assert preferences(tmp_path) == MSFORMS_DE


def test_newer_msforms_answers_survive_an_older_sheets_export(tmp_path):
    fixture_seminar(tmp_path)
    seminar(tmp_path, "prefs", "import", FORMS / "msforms-de-excel.csv")
    seminar(tmp_path, "prefs", "import", FORMS / "google-sheets-older.csv")
    got = preferences(tmp_path)
    # Schröder's and Müller's Sheets rows are older than their Microsoft Forms answers.
    assert got["03740112"] == MSFORMS_DE["03740112"]
    assert got["03740112"][1][0] == "deep-dd-nakkiran20"
    assert got["03712845"] == MSFORMS_DE["03712845"]
    assert got["03712845"][1][0] == "implicit-bias-soudry18"
    # Rossi answered only in the Sheets form.
    assert got == {**MSFORMS_DE, "11788402": SHEETS_OLDER["11788402"]}


def test_older_sheets_export_first_is_replaced_by_newer_msforms(tmp_path):
    fixture_seminar(tmp_path)
    seminar(tmp_path, "prefs", "import", FORMS / "google-sheets-older.csv")
    seminar(tmp_path, "prefs", "import", FORMS / "msforms-de-excel.csv")
    assert preferences(tmp_path) == {**MSFORMS_DE, "11788402": SHEETS_OLDER["11788402"]}


def test_limesurvey_question_codes(tmp_path):
    proc = import_form(tmp_path, FORMS / "limesurvey-codes.csv",
                       headers=["submitdate", "matrnr", "rank[1]", "rank[2]", "rank[3]", "rank[4]", "rank[5]"])
    assert re.search(r"\b104\b", proc.stdout + proc.stderr), "the incomplete response 104 is not named"
    got = preferences(tmp_path)
    assert got == LIMESURVEY
    assert "11916675" not in got


def test_limesurvey_full_question_text(tmp_path):
    proc = import_form(tmp_path, FORMS / "limesurvey-fulltext.csv",
                       headers=["Date submitted", "Matrikelnummer", "TUM e-mail address"]
                       + [f"{LIMESURVEY_QUESTION} [Rank {i}]" for i in range(1, 6)])
    assert re.search(r"\b104\b", proc.stdout + proc.stderr), "the incomplete response 104 is not named"
    assert preferences(tmp_path) == LIMESURVEY


def test_near_misses_are_resolved(tmp_path):
    import_form(tmp_path, FORMS / "near-misses.csv",
                headers=["Timestamp", "Email Address", "Matrikelnummer", "1st choice", "5th choice"])
    assert preferences(tmp_path) == NEAR_MISSES


# ----------------------------------------------------------------------------------------
# Rosters

ROSTER = {  # id: (name, e-mail, program as roster.csv has it)
    "03705521": ("Linnea Bergstr\u00f6m", "linnea.bergstroem@tum.de", "Mathematics in Data Science (Master)"),
    "11902567": ("\u00c9tienne Dubois", "etienne.dubois@tum.de", "Informatik (Master)"),
    "03754410": ("Lena Fischer", "lena.fischer@tum.de", "Data Engineering and Analytics (Master)"),
    "11874203": ("Sof\u00eda Garc\u00eda L\u00f3pez", "sofia.garcia-lopez@tum.de", "Informatik (Master)"),
    "03689957": ("Lukas Hoffmann", "lukas.hoffmann@tum.de", "Informatik (Master)"),
    "11763390": ("Hannah Kr\u00fcger", "hannah.krueger@tum.de", "Robotics, Cognition, Intelligence (Master)"),
    "03712845": ("Jonas M\u00fcller", "jonas.mueller@tum.de", "Informatik (Master)"),
    "11958014": ("Thi Lan Nguyen", "thi-lan.nguyen@tum.de", "Data Engineering and Analytics (Master)"),
    "11745862": ("Tom\u00e1\u0161 Nov\u00e1k", "tomas.novak@tum.de", "Mathematics in Data Science (Master)"),
    "11977254": ("Alejandro N\u00fa\u00f1ez", "alejandro.nunez@tum.de", "Informatik; Nebenfach Mathematik (Master)"),
    "11916675": ("Chinedu Okafor", "chinedu.okafor@tum.de", "Data Engineering and Analytics (Master)"),
    "03698121": ("Elif \u00d6zt\u00fcrk", "elif.oeztuerk@tum.de", "Informatik (Master)"),
    "11853719": ("Eleni Papadopoulos", "eleni.papadopoulos@tum.de", "Mathematics in Data Science (Master)"),
    "11788402": ("Giulia Rossi", "giulia.rossi@tum.de", "Informatik (Master)"),
    "03740112": ("Anna-Lena Schr\u00f6der", "anna-lena.schroeder@tum.de", "Informatik (Master)"),
    "11734589": ("Aarav Sharma", "aarav.sharma@tum.de", "Data Engineering and Analytics (Master)"),
    "11741026": ("Mads S\u00f8ndergaard", "mads.soendergaard@tum.de", "Informatik (Master)"),
    "03727306": ("Maximilian Wei\u00df", "maximilian.weiss@tum.de", "Mathematics in Data Science (Master)"),
    "11820476": ("Agnieszka W\u00f3jcik", "agnieszka.wojcik@tum.de", "Informatik (Master)"),
    "11964388": ("Yutong Zhang", "yutong.zhang@tum.de", "Data Engineering and Analytics (Master)"),
}


def new_seminar(tmp_path):
    seminar(tmp_path, "init", "--title", TITLE, "--term", TERM)


def students(tmp_path):
    return {s["id"]: s for s in json.loads(seminar(tmp_path, "student", "list", "--format", "json").stdout)}


def check_students(got, expected):
    assert sorted(got) == sorted(expected)
    for sid, (name, email, program) in expected.items():
        s = got[sid]
        assert (s["name"], s["email"], s["program"], s["status"]) == (name, email, program, "enrolled"), sid


def test_tumonline_exam_registration(tmp_path):
    new_seminar(tmp_path)
    seminar(tmp_path, "student", "import", ROSTERS / "tumonline-exam-registration.csv")
    check_students(students(tmp_path), ROSTER)


def test_later_roster_reports_missing_and_changed_students(tmp_path):
    new_seminar(tmp_path)
    seminar(tmp_path, "student", "import", ROSTERS / "tumonline-exam-registration.csv")
    proc = seminar(tmp_path, "student", "import", ROSTERS / "tumonline-exam-registration-later.csv")
    report = proc.stdout + proc.stderr
    for sid in ("11916675", "11964388"):   # no longer listed: named, but kept and still enrolled
        assert sid in report, f"{sid} is no longer listed, and the import does not say so"
    for sid in ("03740112", "11734589"):   # changed e-mail, changed program
        assert sid in report, f"{sid} changed, and the import does not say so"
    expected = dict(ROSTER)
    expected["03740112"] = ("Anna-Lena Schr\u00f6der", "annalena.schroeder@tum.de", "Informatik (Master)")
    expected["11734589"] = ("Aarav Sharma", "aarav.sharma@tum.de", "Informatik (Master)")
    check_students(students(tmp_path), expected)
    before = students(tmp_path)
    seminar(tmp_path, "student", "import", ROSTERS / "tumonline-exam-registration-later.csv")
    assert students(tmp_path) == before


def test_tumonline_course_participants(tmp_path):
    new_seminar(tmp_path)
    seminar(tmp_path, "student", "import", ROSTERS / "tumonline-participants.csv")
    check_students(students(tmp_path), ROSTER)


def test_moodle_participants_refused_without_skip_invalid(tmp_path):
    new_seminar(tmp_path)
    path = ROSTERS / "moodle-participants.csv"
    proc = seminar(tmp_path, "student", "import", path, check=False)
    assert proc.returncode == 65
    # line 2: the teacher Katrin Lehmann, line 13: Okafor, line 22: Zhang, all without an ID number
    for line in (2, 13, 22):
        assert f"moodle-participants.csv:{line}:" in proc.stderr
    assert students(tmp_path) == {}

    proc = seminar(tmp_path, "student", "import", path, "--skip-invalid")
    for line in (2, 13, 22):
        assert f"moodle-participants.csv:{line}:" in proc.stdout + proc.stderr
    got = students(tmp_path)
    expected = {sid: v for sid, v in ROSTER.items() if sid not in ("11916675", "11964388")}
    assert sorted(got) == sorted(expected)
    for sid, (name, email, _) in expected.items():
        assert (got[sid]["name"], got[sid]["email"]) == (name, email), sid
    assert not any("Lehmann" in s["name"] for s in got.values())


def test_hisinone(tmp_path):
    new_seminar(tmp_path)
    seminar(tmp_path, "student", "import", ROSTERS / "hisinone.csv")
    ids = ["03705521", "11902567", "11874203", "11763390", "11853719", "11741026", "03727306", "11820476"]
    check_students(students(tmp_path), {sid: ROSTER[sid] for sid in ids})


def test_studip_skips_the_lecturers(tmp_path):
    new_seminar(tmp_path)
    seminar(tmp_path, "student", "import", ROSTERS / "studip.csv")
    programs = {  # the Studiengänge cell as Stud.IP writes it: subject,degree,semester; several joined by "; "
        "03754410": "Data Engineering and Analytics,Master,3",
        "03689957": "Informatik,Master,3",
        "03712845": "Informatik,Master,3",
        "11958014": "Data Engineering and Analytics,Master,2",
        "11745862": "Mathematics in Data Science,Master,3",
        "11977254": "Informatik,Master,2; Mathematik,Master,2",
        "03698121": "Informatik,Master,5",
        "03740112": "Informatik,Master,1",
    }
    check_students(students(tmp_path), {sid: (ROSTER[sid][0], ROSTER[sid][1], p) for sid, p in programs.items()})


# ----------------------------------------------------------------------------------------
# Grades (Fixtures/grades.csv has the same values; Okafor, Søndergaard and Zhang have none)

REPORT = {"03705521": 1.3, "11902567": 1.0, "03754410": 1.7, "11874203": 2.0, "03689957": 5.0,
          "11763390": 2.3, "03712845": 1.0, "11958014": 2.7, "11745862": 3.0, "11977254": 1.7,
          "03698121": 1.3, "11853719": 4.0, "11788402": 2.0, "03740112": 3.3, "11734589": 1.0,
          "03727306": 3.7, "11820476": 2.3}
PRESENTATION = {"03705521": 2.0, "11902567": 3.0, "03754410": 1.3, "11874203": 1.7, "03689957": 2.3,
                "11763390": 2.7, "03712845": 1.0, "11745862": 3.7, "11977254": 2.0, "03698121": 1.0,
                "11853719": 4.0, "11788402": 2.3, "03740112": 2.0, "11734589": 1.3, "03727306": 4.0,
                "11820476": 1.7}   # 11958014 Nguyen: none
FINAL = {"03705521": (1.7, "passed"), "11902567": (2.3, "passed"), "03689957": (5.0, "failed"),
         "11958014": (None, "incomplete"), "11853719": (4.0, "passed"), "03727306": (4.0, "passed")}


def grades(tmp_path):
    return {g["id"]: g for g in json.loads(seminar(tmp_path, "grade", "list", "--format", "json").stdout)}


def test_moodle_grading_worksheet_as_one_component(tmp_path):
    fixture_seminar(tmp_path)
    seminar(tmp_path, "grade", "import", GRADES / "moodle-grading-worksheet.csv", "--component", "report")
    got = grades(tmp_path)
    for sid in ROSTER:
        assert got[sid]["report"] == REPORT.get(sid), sid
        assert got[sid]["presentation"] is None, sid


def test_moodle_gradebook(tmp_path):
    fixture_seminar(tmp_path)
    seminar(tmp_path, "grade", "import", GRADES / "moodle-gradebook.csv")
    got = grades(tmp_path)
    for sid in ROSTER:
        assert (got[sid]["report"], got[sid]["presentation"]) == (REPORT.get(sid), PRESENTATION.get(sid)), sid
    for sid, (final, status) in FINAL.items():   # the Course total column is not a component
        assert (got[sid]["final"], got[sid]["status"]) == (final, status), sid


def test_german_grade_list(tmp_path):
    fixture_seminar(tmp_path)
    seminar(tmp_path, "grade", "import", GRADES / "notes-de.csv")
    got = grades(tmp_path)
    listed = ["03705521", "11902567", "03754410", "03689957", "11958014", "11853719", "11788402", "03727306"]
    for sid in ROSTER:
        expected = (REPORT[sid], PRESENTATION.get(sid)) if sid in listed else (None, None)
        assert (got[sid]["report"], got[sid]["presentation"]) == expected, sid
    for sid, (final, status) in FINAL.items():
        assert (got[sid]["final"], got[sid]["status"]) == (final, status), sid


# ----------------------------------------------------------------------------------------
# What the importer decides, and what it refuses (database unchanged)

def dump(tmp_path):
    """The database's content as SQL text, to compare before and after a refused import."""
    import sqlite3
    con = sqlite3.connect(tmp_path / "seminar.db")
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_an_unreadable_time_column_is_refused_and_changes_nothing(tmp_path):
    fixture_seminar(tmp_path)
    seminar(tmp_path, "prefs", "import", FORMS / "google-forms-download.csv")
    before = dump(tmp_path)
    path = write(tmp_path, "form.csv", "Timestamp,Email Address,1st choice\r\n"
                 "yesterday at noon,jonas.mueller@tum.de,ntk-jacot18\r\n"
                 "last week,lena.fischer@tum.de,cot-merrill24\r\n")
    proc = seminar(tmp_path, "prefs", "import", path, check=False)
    assert proc.returncode == 65, proc.stderr
    assert "'Timestamp' (A)" in proc.stderr and "yesterday at noon" in proc.stderr
    assert "--timestamp-column" in proc.stderr
    assert dump(tmp_path) == before


def test_a_file_without_times_uses_row_order_and_stores_no_time(tmp_path):
    fixture_seminar(tmp_path)
    path = write(tmp_path, "form.csv", "Email Address,1st choice,2nd choice\n"
                 "jonas.mueller@tum.de,ntk-jacot18,cot-merrill24\n"
                 "jonas.mueller@tum.de,cot-merrill24,ntk-jacot18\n")
    proc = seminar(tmp_path, "prefs", "import", path)
    assert "no time column" in proc.stdout and "later row counts" in proc.stdout
    got = preferences(tmp_path)
    assert got["03712845"] == (None, ["cot-merrill24", "ntk-jacot18"])
    show = seminar(tmp_path, "student", "show", "03712845").stdout
    assert "the file gave no time" in show


def test_columns_named_on_the_command_line(tmp_path):
    fixture_seminar(tmp_path)
    path = write(tmp_path, "form.csv", "Wann,Wer,Was zuerst,Was danach\n"
                 "2024-08-03 10:15:22,03712845,ntk-jacot18,cot-merrill24\n")
    refused = seminar(tmp_path, "prefs", "import", path, "--choice-column", "Nope", check=False)
    assert refused.returncode == 65 and "--choice-column Nope" in refused.stderr
    proc = seminar(tmp_path, "prefs", "import", path, "--id-column", "Wer", "--timestamp-column", "A",
                   "--choice-column", "Was danach", "--choice-column", "Was zuerst", "--dry-run")
    assert "'Wer' (B)" in proc.stdout and "'Wann' (A)" in proc.stdout and "Would import 1 form" in proc.stdout
    assert preferences(tmp_path) == {}
    seminar(tmp_path, "prefs", "import", path, "--id-column", "Wer", "--timestamp-column", "A",
            "--choice-column", "Was danach", "--choice-column", "Was zuerst")
    assert preferences(tmp_path)["03712845"] == ("2024-08-03 10:15:22", ["cot-merrill24", "ntk-jacot18"])


def test_unplaceable_columns_are_described(tmp_path):
    fixture_seminar(tmp_path)
    path = write(tmp_path, "form.csv", "Timestamp,Email Address,Comment\n8/1/2024 10:00:00,jonas.mueller@tum.de,hello\n")
    proc = seminar(tmp_path, "prefs", "import", path, check=False)
    assert proc.returncode == 65
    assert "'Comment' (C): text naming no paper" in proc.stderr and "'Timestamp' (A): timestamps" in proc.stderr


def test_xlsx_errors_name_the_cell_and_the_sheet_option_works(tmp_path):
    fixture_seminar(tmp_path)
    before = dump(tmp_path)
    wrong = seminar(tmp_path, "prefs", "import", FORMS / "msforms-ranking.xlsx", "--sheet", "Tabelle9", check=False)
    assert wrong.returncode == 65 and "Sheet1" in wrong.stderr
    csv_with_sheet = seminar(tmp_path, "prefs", "import", FORMS / "google-forms-download.csv", "--sheet", "Sheet1", check=False)
    assert csv_with_sheet.returncode == 65 and "not an .xlsx" in csv_with_sheet.stderr
    assert dump(tmp_path) == before
    # A catalog without a paper the workbook names: the error names the cell.
    other = tmp_path / "other"
    other.mkdir()
    seminar(other, "init", "--title", TITLE, "--term", TERM)
    seminar(other, "student", "import", FIXTURES / "roster.csv")
    catalog = (FIXTURES / "papers.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (other / "papers.csv").write_text("".join(l for l in catalog if not l.startswith("ntk-jacot18,")), encoding="utf-8")
    seminar(other, "paper", "import", other / "papers.csv")
    proc = seminar(other, "prefs", "import", FORMS / "msforms-ranking.xlsx", check=False)
    assert proc.returncode == 65
    assert re.search(r"msforms-ranking\.xlsx:Sheet1!H\d+: error: no paper", proc.stderr), proc.stderr


def test_email_domain_alias(tmp_path):
    fixture_seminar(tmp_path)
    path = write(tmp_path, "form.csv", "Timestamp,Email Address,1st choice\n8/1/2024 10:00:00,jonas.mueller@mytum.de,ntk-jacot18\n")
    refused = seminar(tmp_path, "prefs", "import", path, check=False)
    assert refused.returncode == 65 and "no student with e-mail jonas.mueller@mytum.de" in refused.stderr
    seminar(tmp_path, "student", "domain-alias", "mytum.de", "tum.de")
    assert "mytum.de = tum.de" in seminar(tmp_path, "student", "domain-alias").stdout
    proc = seminar(tmp_path, "prefs", "import", path)
    assert "jonas.mueller@mytum.de is taken as jonas.mueller@tum.de" in proc.stdout
    assert preferences(tmp_path)["03712845"][1] == ["ntk-jacot18"]
    seminar(tmp_path, "student", "domain-alias", "--remove", "mytum.de")
    assert "No e-mail domain aliases" in seminar(tmp_path, "student", "domain-alias").stdout


def test_a_lost_leading_zero_needs_the_email_to_agree(tmp_path):
    fixture_seminar(tmp_path)
    agree = write(tmp_path, "a.csv", "Timestamp,Email Address,Matrikelnummer,1st choice\n"
                  "8/1/2024 10:00:00,jonas.mueller@tum.de,3712845,ntk-jacot18\n")
    proc = seminar(tmp_path, "prefs", "import", agree)
    assert "id 3712845 is taken as 03712845" in proc.stdout
    disagree = write(tmp_path, "b.csv", "Timestamp,Email Address,Matrikelnummer,1st choice\n"
                     "8/1/2024 10:00:00,lena.fischer@tum.de,3712845,ntk-jacot18\n")
    refused = seminar(tmp_path, "prefs", "import", disagree, check=False)
    assert refused.returncode == 65 and "3712845" in refused.stderr


def test_mixed_day_orders_are_refused_unless_named(tmp_path):
    fixture_seminar(tmp_path)
    path = write(tmp_path, "form.csv", "Timestamp,Email Address,1st choice\n"
                 "13/8/2024 10:00:00,jonas.mueller@tum.de,ntk-jacot18\n"
                 "8/14/2024 10:00:00,lena.fischer@tum.de,ntk-jacot18\n")
    proc = seminar(tmp_path, "prefs", "import", path, check=False)
    assert proc.returncode == 65 and "mixes day/month" in proc.stderr
    dmy = write(tmp_path, "dmy.csv", "Timestamp,Email Address,1st choice\n"
                "13/8/2024 10:00:00,jonas.mueller@tum.de,ntk-jacot18\n"
                "3/8/2024 09:00:00,lena.fischer@tum.de,ntk-jacot18\n")
    proc = seminar(tmp_path, "prefs", "import", dmy)
    assert "day/month/year" in proc.stdout
    assert preferences(tmp_path)["03754410"][0] == "2024-08-03 09:00:00"


def test_an_old_xls_workbook_is_refused_with_what_to_do(tmp_path):
    fixture_seminar(tmp_path)
    before = dump(tmp_path)
    path = tmp_path / "roster.xls"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    proc = seminar(tmp_path, "student", "import", path, check=False)
    assert proc.returncode == 65 and "old Excel workbook" in proc.stderr and "save it as .xlsx" in proc.stderr
    assert dump(tmp_path) == before


def test_skip_invalid_also_leaves_out_rows_that_clash_with_the_saved_roster(tmp_path):
    fixture_seminar(tmp_path)
    path = write(tmp_path, "late.csv", "Matrikelnummer;Nachname;Vorname;E-Mail\n"
                 "09900001;Neu;Nora;nora.neu@tum.de\n"
                 "09900002;Zwilling;Zora;jonas.mueller@tum.de\n")
    before = dump(tmp_path)
    refused = seminar(tmp_path, "student", "import", path, check=False)
    assert refused.returncode == 65 and "already belongs to student 03712845" in refused.stderr
    assert dump(tmp_path) == before
    proc = seminar(tmp_path, "student", "import", path, "--skip-invalid")
    assert "already belongs to student 03712845" in proc.stderr and "skipped 1 bad row" in proc.stderr
    ids = set(students(tmp_path))
    assert "09900001" in ids and "09900002" not in ids


def test_unknown_component_option_and_alias_are_refused(tmp_path):
    fixture_seminar(tmp_path)
    proc = seminar(tmp_path, "grade", "import", GRADES / "moodle-grading-worksheet.csv", "--component", "essay", check=False)
    assert proc.returncode == 64 and "--component essay" in proc.stderr
    proc = seminar(tmp_path, "student", "domain-alias", "--remove", "mytum.de", check=False)
    assert proc.returncode == 65 and "not an e-mail domain alias" in proc.stderr
    proc = seminar(tmp_path, "student", "domain-alias", "my tum", "tum.de", check=False)
    assert proc.returncode == 64


def test_a_named_column_the_long_format_lacks_is_named_in_the_error(tmp_path):
    fixture_seminar(tmp_path)
    proc = seminar(tmp_path, "prefs", "import", FIXTURES / "preferences-long.csv", "--id-column", "Nope", check=False)
    assert proc.returncode == 65 and "--id-column Nope: no such column" in proc.stderr


def test_imports_need_a_seminar(tmp_path):
    for args in (["prefs", "import", FORMS / "msforms-ranking.xlsx"], ["student", "import", ROSTERS / "studip.csv"],
                 ["grade", "import", GRADES / "notes-de.csv"]):
        proc = seminar(tmp_path, *args, check=False)
        assert proc.returncode == 66 and "no seminar at" in proc.stderr
        assert not (tmp_path / "seminar.db").exists()
