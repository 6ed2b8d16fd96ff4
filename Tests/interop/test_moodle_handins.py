"""Moodle hand-ins (Fixtures/moodle): the grading worksheet and the submissions zip imported
through the command line, and what `seminar` keeps read back independently: the list through
Python's csv, every kept and exported file against the zip's own bytes (Python's zipfile and
hashlib).

The expectations are written out from Fixtures/moodle/README.md, not derived from the files.
"""
import csv
import hashlib
import io
import zipfile

from seminar_cli import FIXTURES, fixture_seminar, seminar

MOODLE = FIXTURES / "moodle"

# student -> (handed in, Europe/Berlin; late; the file kept), from the README's table.
EXPECTED_LATE = {"11902567", "03689957"}
NOT_RECORDED = {"11874203", "11964388", "11916675"}   # .docx only, online text only, no submission
TWO_PDFS = ("03705521", "TADL Report Bergström.pdf")


def zip_pdfs(path):
    """name -> bytes of every PDF in a Moodle zip (either layout)."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            data = z.read(info)
            if data.startswith(b"%PDF-"):
                out[info.filename.rsplit("/", 1)[-1].split("_assignsubmission_file_")[-1]] = data
    return out


def imported(tmp_path, worksheet, zip_name):
    fixture_seminar(tmp_path)
    seminar(tmp_path, "deadline", "template", "--term", "Winter 2024/25")
    seminar(tmp_path, "submission", "import", MOODLE / worksheet, "--kind", "report", "--files", MOODLE / zip_name)
    rows = list(csv.DictReader(io.StringIO(seminar(tmp_path, "submission", "list", "--format", "csv").stdout)))
    return rows


def test_kept_files_are_the_zips_bytes_in_both_layouts(tmp_path):
    for worksheet, zip_name in (("worksheet-en.csv", "submissions.zip"), ("worksheet-de.csv", "submissions-flat.zip")):
        where = tmp_path / zip_name
        where.mkdir()
        rows = imported(where, worksheet, zip_name)
        pdfs = zip_pdfs(MOODLE / zip_name)
        assert len(rows) == 17
        assert {r["student"] for r in rows}.isdisjoint(NOT_RECORDED)
        assert {r["student"] for r in rows if r["late"] == "yes"} == EXPECTED_LATE
        for r in rows:
            data = pdfs[r["file"]]
            assert r["sha256"] == hashlib.sha256(data).hexdigest(), r["student"]
            assert int(r["size"]) == len(data)
            assert r["kept"] == "yes"
        assert {r["student"]: r["file"] for r in rows}[TWO_PDFS[0]] == TWO_PDFS[1]


def test_exported_files_are_byte_identical(tmp_path):
    rows = imported(tmp_path, "worksheet-en.csv", "submissions.zip")
    pdfs = zip_pdfs(MOODLE / "submissions.zip")
    seminar(tmp_path, "submission", "export", tmp_path / "out")
    by_student = {r["student"]: r["file"] for r in rows}
    exported = sorted((tmp_path / "out").iterdir())
    assert len(exported) == 17
    for f in exported:
        student = f.name.split("-", 1)[0]
        assert f.name.endswith("-report.pdf")
        assert f.read_bytes() == pdfs[by_student[student]], f.name
