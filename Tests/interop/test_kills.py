"""All-or-nothing under SIGKILL: an import killed at any moment leaves the database as it was
or with the whole import, never half of it, and SQLite finds the file intact."""
import csv
import signal
import sqlite3
import subprocess
import time

from seminar_cli import BIN, seminar

STUDENTS = 20_000


def write_roster(path, count, start=0):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Matrikelnummer", "Nachname", "Vorname", "E-Mail", "Studiengang"])
        for i in range(start, start + count):
            w.writerow([f"{i:08d}", f"Name{i}", "Test", f"s{i}@example.org", "Informatik (Master)"])


def counts(db):
    """(students, integrity) read by Python's own sqlite3, as a second program would."""
    with sqlite3.connect(db) as con:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        students = con.execute("SELECT count(*) FROM student").fetchone()[0]
    return students, integrity


def test_an_import_killed_at_any_moment_lands_whole_or_not_at_all(tmp_path):
    seminar(tmp_path, "init", "--title", "T", "--term", "W")
    first = tmp_path / "first.csv"
    write_roster(first, 50)
    seminar(tmp_path, "student", "import", first)
    big = tmp_path / "big.csv"
    write_roster(big, STUDENTS, start=1_000_000)
    db = tmp_path / "seminar.db"

    # How long a whole import takes on this machine, on a copy, so the kills spread over it.
    copy = tmp_path / "copy.db"
    seminar(tmp_path, "backup", copy)
    started = time.monotonic()
    subprocess.run([BIN, "--db", str(copy), "student", "import", str(big)], check=True, capture_output=True)
    whole = time.monotonic() - started

    seen = set()
    for k in range(12):
        delay = whole * (k + 0.5) / 12
        proc = subprocess.Popen([BIN, "--db", str(db), "student", "import", str(big)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        students, integrity = counts(db)
        assert integrity == "ok", f"kill after {delay:.3f}s: {integrity}"
        assert students in (50, 50 + STUDENTS), f"kill after {delay:.3f}s left {students} students"
        seen.add(students)
        print(f"kill after {delay:.3f}s of {whole:.3f}s: {students} students")
        if students != 50:
            break  # the import landed whole before the kill; later kills would prove nothing new
    assert 50 in seen, "no kill landed before the commit: the test proved nothing"

    # The database still works: the next import completes and is complete.
    seminar(tmp_path, "student", "import", big)
    assert counts(db) == (50 + STUDENTS, "ok")
