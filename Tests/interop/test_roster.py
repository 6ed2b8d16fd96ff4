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


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path):
    import os
    import pty
    import subprocess
    from seminar_cli import BIN

    fixture_seminar(tmp_path)

    def on_terminal(extra_env):
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env.update(extra_env, TERM="xterm", COLUMNS="80")
        leader, follower = pty.openpty()
        proc = subprocess.Popen([BIN, "--db", str(tmp_path / "seminar.db"), "student", "list"],
                                stdout=follower, stderr=follower, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=30)
        os.close(leader)
        return b"".join(chunks).decode()

    coloured = on_terminal({})
    assert "\x1b[1m" in coloured, "a person at a terminal gets a bold header"
    assert all(len(line) <= 80 for line in coloured.replace("\x1b[1m", "").replace("\x1b[0m", "").splitlines()), \
        "the table fits an 80-column terminal"
    assert "\x1b[" not in on_terminal({"NO_COLOR": "1"})
    assert "\x1b[" not in seminar(tmp_path, "student", "list").stdout, "no colour in a pipe"


def test_parallel_writers_wait_for_each_other(tmp_path):
    import subprocess
    from seminar_cli import BIN

    seminar(tmp_path, "init", "--title", "T", "--term", "W")
    procs = [subprocess.Popen([BIN, "--db", str(tmp_path / "seminar.db"), "student", "add", f"9{i:03d}",
                               "--name", f"Student {i}", "--email", f"s{i}@x.de"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(8)]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    assert len(json.loads(seminar(tmp_path, "student", "list", "--format", "json").stdout)) == 8
