"""The roster and catalog, written by Python's csv module and read back by it."""
import csv
import io
import json

from seminar_cli import FIXTURES, fixture_seminar, seminar


def test_roster_written_by_python_csv_in_cp1252_roundtrips(tmp_path):
    people = [
        ("03700001", "Zoë", "Brontë-Smith", "zoe@tum.de", 'Informatik; "Master"\nZweitfach'),
        ("03700002", "Jürgen", "Weiß", "juergen@tum.de", "Mathematik, Master"),
        ("11700003", "François", "Lefèvre", "francois@tum.de", ""),
    ]
    path = tmp_path / "roster.csv"
    with open(path, "w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(["Matrikelnummer", "Vorname", "Nachname", "E-Mail", "Studiengang"])
        w.writerows([(i, fn, ln, e, p) for i, fn, ln, e, p in people])
    seminar(tmp_path, "init", "--title", "T", "--term", "W")
    out = seminar(tmp_path, "student", "import", path).stdout
    assert "windows-1252" in out and "3 added" in out

    rows = list(csv.DictReader(io.StringIO(seminar(tmp_path, "student", "list", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == [p[0] for p in people]
    assert [r["name"] for r in rows] == [f"{p[1]} {p[2]}" for p in people]
    assert rows[0]["program"] == 'Informatik; "Master"\nZweitfach'
    assert rows[2]["program"] == ""

    as_json = json.loads(seminar(tmp_path, "student", "list", "--format", "json").stdout)
    assert as_json[1] == {"id": "03700002", "name": "Jürgen Weiß", "email": "juergen@tum.de",
                          "program": "Mathematik, Master", "status": "enrolled", "dropped_on": None}


def test_paper_list_csv_matches_the_fixture_catalog(tmp_path):
    fixture_seminar(tmp_path)
    listed = list(csv.DictReader(io.StringIO(seminar(tmp_path, "paper", "list", "--format", "csv").stdout)))
    with open(FIXTURES / "papers.csv", encoding="utf-8", newline="") as f:
        source = {r["id"]: r for r in csv.DictReader(f)}
    assert len(listed) == len(source) == 24
    for row in listed:
        src = source[row["id"]]
        assert row["title"] == src["title"]
        assert row["authors"] == src["authors"]
        assert row["capacity"] == (src["capacity"] or "1")
        assert row["arxiv"] == src["arxiv"]


def test_rejected_import_leaves_the_file_byte_identical(tmp_path):
    fixture_seminar(tmp_path)
    db = tmp_path / "seminar.db"
    before = db.read_bytes()
    proc = seminar(tmp_path, "student", "import", FIXTURES / "broken" / "roster-bad-email.csv", check=False)
    assert proc.returncode == 65
    assert "roster-bad-email.csv:4:23" in proc.stderr
    assert db.read_bytes() == before
