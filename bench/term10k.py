#!/usr/bin/env python3
"""Every list and report command on a whole seminar of 10,000 students (release build).

    python3 bench/term10k.py --seminar .build/release/seminar [--students 10000] [--repeat 5]
                             [--out bench/out/term10k.md] [--write-docs docs/benchmarks.md]

Builds the term through the command line, as a coordinator would: roster, papers and
preferences from bench/gen_instance.py (papers = 1.2 x students, 5 choices, 5 % without a
form), `assign`, the usual timeline (`deadline template`), report hand-ins for SUBMITTED
students through `seminar submit` (one process each: 10,000 would take minutes, so only a
share), reminder settings and one real reminder run into a Maildir (so `remind log` has a
row per student), a schedule of every talk (5-minute talks, 08:00-20:00, as many days as it
takes), a sign-in sheet for every day, and a grade sheet for every student. Then it times
each read command (median and worst of REPEAT runs, stdout into a file) and prints
a Markdown table. It reports; it does not fail on a slow command.
"""
import argparse
import csv
import datetime
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from commands import timed, write_section  # noqa: E402  (the same timing and docs as `## Commands`)

TARGET_MS = 300
# Migrations newer than binaries `--before` may name, and how to undo each on a copy.
UNDO = {
    "v4-attendance-days": "DROP INDEX attendance_day",
    "v6-attendance-excuses": "DROP TABLE attendance_excuse",
    "v7-paper-pages": "ALTER TABLE paper DROP COLUMN pages; ALTER TABLE paper DROP COLUMN arxiv_pages",
}
TERM = "Winter 2024/25"
GERMAN = ["1.0", "1.3", "1.7", "2.0", "2.3", "2.7", "3.0", "3.3", "3.7", "4.0", "5.0"]
# The 7-day reminders go out on 9 January (really, into a Maildir); the dry run is the 1-day
# window of the report deadline (15 January, 23:59), due for everyone who has not handed in.
REMIND_SENT = "2025-01-09T09:00"
REMIND_DRY = "2025-01-15T09:00"
TALKS_PER_DAY = 144  # 5-minute talks from 08:00 to 20:00
FIRST_DAY = datetime.date(2025, 2, 3)


def run(s, env, *args, cwd=None):
    proc = subprocess.run([s, *map(str, args)], env=env, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"seminar {' '.join(map(str, args))} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc.stdout


def step(label, start):
    print(f"  {label}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)


def build_term(s, work, env, students, submitted):
    """The whole term in work/seminar.db; returns what the table's notes say about it."""
    notes = {}
    inst = work / "instance"
    t = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "gen_instance.py"), "--students", str(students), "--seed", "1",
                    "--out", str(inst)], check=True, capture_output=True)
    run(s, env, "init", "--title", "Benchmark: a 10,000-student seminar", "--term", TERM)
    run(s, env, "student", "import", inst / "students.csv")
    run(s, env, "paper", "import", inst / "papers.csv")
    run(s, env, "prefs", "import", inst / "prefs.csv")
    step("roster, papers, preferences", t)
    t = time.perf_counter()
    run(s, env, "assign", "--seed", "1")
    run(s, env, "deadline", "template", "--term", TERM)
    step("assign, deadlines", t)

    with open(inst / "students.csv", newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    notes["students"] = len(ids)
    rng = random.Random(1)
    t = time.perf_counter()
    handed_in = rng.sample(ids, min(submitted, len(ids)))
    for sid in handed_in:
        run(s, env, "submit", sid, "report", "--at", "2025-01-08T10:00")
    notes["submitted"] = len(handed_in)
    step(f"{len(handed_in)} x submit", t)

    t = time.perf_counter()
    run(s, env, "remind", "config", "--from", "Benchmark Seminar <seminar@example.org>",
        "--coordinator", "Coordinator <coordinator@example.org>", "--windows", "7d,1d")
    maildir = work / "maildir"
    run(s, env, "remind", "--now", REMIND_SENT, "--transport", "maildir", "--maildir", maildir)
    notes["mails"] = sum(1 for _ in (maildir / "new").iterdir()) if (maildir / "new").exists() else 0
    shutil.rmtree(maildir, ignore_errors=True)
    step(f"remind into a Maildir ({notes['mails']} mails)", t)

    t = time.perf_counter()
    days = [FIRST_DAY + datetime.timedelta(days=i) for i in range(-(-len(ids) // TALKS_PER_DAY))]
    args = ["schedule", "generate", "--start", "08:00", "--end", "20:00", "--talk", "5", "--room", "Audimax",
            "--fill", "packed", "--no-breaks"]
    for d in days:
        args += ["--day", d.isoformat()]
    run(s, env, *args)
    notes["days"] = len(days)
    step(f"schedule generate ({len(days)} days)", t)

    # A sign-in sheet for every day; one student in 200 misses one day.
    t = time.perf_counter()
    sheet = work / "sign-in.csv"
    absent = {sid: rng.choice(days) for sid in rng.sample(ids, len(ids) // 200)}
    with open(sheet, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Matrikelnummer", "Datum"])
        rows = 0
        for d in days:
            for sid in ids:
                if absent.get(sid) != d:
                    w.writerow([sid, d.strftime("%d.%m.%Y")])
                    rows += 1
    run(s, env, "attend", "import", sheet)
    notes["signatures"] = rows
    notes["absent"] = len(absent)
    step(f"attend import ({rows} signatures)", t)

    t = time.perf_counter()
    grades = work / "grades.csv"
    with open(grades, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Matrikelnummer", "report", "presentation"])
        for sid in ids:
            w.writerow([sid, rng.choice(GERMAN), rng.choice(GERMAN)])
    run(s, env, "grade", "import", grades)
    step("grade import", t)
    notes["example"] = handed_in[0]
    notes["paper"] = "p00001"
    return notes


def commands(notes):
    sid, paper = notes["example"], notes["paper"]
    return [
        ["status"], ["status", "--format", "json"],
        ["student", "list"], ["student", "list", "--format", "csv"], ["student", "list", "--format", "json"],
        ["student", "show", sid],
        ["paper", "list"], ["paper", "list", "--format", "json"], ["paper", "list", "--format", "html", "--with-assignments"],
        ["paper", "show", paper],
        ["prefs", "list"], ["prefs", "list", "--format", "csv"], ["prefs", "missing"],
        ["assignment", "list"], ["assignment", "list", "--format", "json"], ["assignment", "runs"],
        ["assign", "--dry-run"], ["assign", "--dry-run", "--format", "json"], ["assign", "--dry-run", "--explain", sid],
        ["deadline", "list"], ["deadline", "list", "--format", "ics"],
        ["submission", "list"], ["submission", "list", "--missing", "report"],
        ["remind", "--dry-run", "--now", REMIND_DRY], ["remind", "log"], ["remind", "log", "--format", "csv"],
        ["remind", "config"],
        ["schedule", "show"], ["schedule", "show", "--format", "markdown"], ["schedule", "show", "--format", "csv"],
        ["schedule", "show", "--format", "json"], ["schedule", "show", "--format", "ics"],
        ["schedule", "show", "--format", "html"], ["schedule", "blocks"],
        ["attendance", "report"], ["attendance", "report", "--format", "csv"],
        ["grade", "list"], ["grade", "list", "--format", "csv"], ["grade", "stats"], ["grade", "export"],
        ["grade", "history"], ["grade", "history", sid], ["grade", "config"],
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seminar", required=True, help="the release binary")
    ap.add_argument("--students", type=int, default=10_000)
    ap.add_argument("--submitted", type=int, default=300, help="students who hand in through `seminar submit`")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", default=str(HERE / "out" / "term10k.md"))
    ap.add_argument("--write-docs", help="replace the `## A 10,000-student seminar` section of this Markdown file")
    ap.add_argument("--keep", action="store_true", help="keep the seminar database (its path is printed)")
    ap.add_argument("--before", help="an earlier release binary, timed on the same term for a `before` column")
    args = ap.parse_args()
    s = str(Path(args.seminar).resolve())
    if not os.access(s, os.X_OK):
        raise SystemExit(f"{args.seminar} not found: run `swift build -c release` (or `make bench`)")
    work = Path(tempfile.mkdtemp(prefix="seminar-bench-term10k-"))
    env = dict(os.environ, SEMINAR_DB=str(work / "seminar.db"), NO_COLOR="1", TZ="UTC")
    env.pop("SEMINAR_SMTP_PASSWORD", None)

    print(f"building a term of {args.students:,} students in {work}", file=sys.stderr)
    start = time.perf_counter()
    notes = build_term(s, work, env, args.students, args.submitted)
    build_s = time.perf_counter() - start

    rows = []
    before = str(Path(args.before).resolve()) if args.before else None
    before_env = dict(env, SEMINAR_DB=str(work / "before.db")) if before else None
    if before:
        # The earlier binary refuses a database with migrations it does not know: it reads a
        # copy with those undone (each only adds what the earlier one does not read).
        shutil.copy(work / "seminar.db", work / "before.db")
        with sqlite3.connect(work / "before.db") as db:
            for migration, undo in UNDO.items():
                if db.execute("SELECT 1 FROM grdb_migrations WHERE identifier = ?", (migration,)).fetchone():
                    for statement in undo.split("; "):
                        db.execute(statement)
                    db.execute("DELETE FROM grdb_migrations WHERE identifier = ?", (migration,))
    for c in commands(notes):
        med, worst = timed([s, *c], env, work, args.repeat)
        out = subprocess.run([s, *c], env=env, cwd=work, capture_output=True).stdout
        # The earlier binary reads the same term; it only reads.
        old = timed([before, *c], before_env, work, args.repeat)[0] if before else None
        rows.append((" ".join(c).replace(notes["example"], "STUDENT"), med, worst, len(out), old))
        print(f"  {rows[-1][0]}: {med * 1000:.0f} ms" + (f" (before: {old * 1000:.0f} ms)" if before else ""),
              file=sys.stderr, flush=True)

    # What the attendance rule costs: the grading commands again on a copy with the rule off.
    off_env = dict(env, SEMINAR_DB=str(work / "off.db"))
    shutil.copy(work / "seminar.db", work / "off.db")
    run(s, off_env, "grade", "config", "--attendance", "off")
    rule_rows = []
    for c in (["grade", "list", "--format", "csv"], ["grade", "stats"], ["status"]):
        on = next(r[1] for r in rows if r[0] == " ".join(c))
        off = timed([s, *c], off_env, work, args.repeat)[0]
        rule_rows.append((" ".join(c), on, off))
        print(f"  {' '.join(c)} with the attendance rule off: {off * 1000:.0f} ms", file=sys.stderr, flush=True)

    n = notes["students"]
    lines = [f"| command ({n:,} students, every one assigned, scheduled and graded) | median ms | worst ms "
             f"| output KB | under {TARGET_MS} ms |" + (" before: median ms |" if before else ""),
             "|---|---:|---:|---:|---|" + ("---:|" if before else "")]
    for name, med, worst, size, old in rows:
        ok = "yes" if worst * 1000 < TARGET_MS else "**no**"
        lines.append(f"| `seminar {name}` | {med * 1000:.0f} | {worst * 1000:.0f} | {size / 1024:,.0f} | {ok} |"
                     + (f" {old * 1000:,.0f} |" if before else ""))
    over = [r for r in rows if r[2] * 1000 >= TARGET_MS]
    lines += ["", f"{len(rows) - len(over)} of {len(rows)} commands under {TARGET_MS} ms in the worst of "
              f"{args.repeat} runs" + (f"; over it: {', '.join(f'`{r[0]}`' for r in over)}." if over else "."),
              f"STUDENT is one of the students who handed in; building the term took {build_s:.0f} s."]
    lines += ["", f"What the attendance rule (`grade config --attendance`, issue #14) costs: the same commands on a "
              f"copy with the rule `off`, where grading reads no signatures.", "",
              "| command | rule `required` (default): median ms | rule `off`: median ms |", "|---|---:|---:|"]
    lines += [f"| `seminar {name}` | {on * 1000:.0f} | {off * 1000:.0f} |" for name, on, off in rule_rows]
    table = "\n".join(lines) + "\n"
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(table)
    print(table)
    if args.write_docs:
        section = (
            "## A 10,000-student seminar\n\n"
            "Wall time of every list and report command (release build, start to exit, stdout into a file as with `> out.csv`) on a "
            f"whole term of {n:,} students, built through the command line by `bench/term10k.py`: roster, "
            f"{round(n * 1.2):,} papers and preferences from `bench/gen_instance.py` (5 choices, 5 % without a "
            "form), `assign`, the usual timeline (`deadline template`), report hand-ins of "
            f"{notes['submitted']} students (through `seminar submit`, one process each: 10,000 of them would take "
            f"minutes, so only a share hand in), `remind config` and one real reminder run into a Maildir "
            f"({notes['mails']:,} mails, so `remind log` has a row each), a schedule of every talk (5-minute "
            f"talks from 08:00 to 20:00, one room, {notes['days']} days), a sign-in sheet of "
            f"{notes['signatures']:,} signatures ({notes['absent']} students missed one day) and a grade sheet for "
            "everyone. `remind --dry-run` "
            f"is at {REMIND_DRY}, when the report's 1-day reminder is due for everyone who has not handed in. "
            f"Median and worst of {args.repeat} runs. The target is each under {TARGET_MS} ms.\n\n"
            f"Measured {time.strftime('%Y-%m-%d')} on the 2-core build machine"
            + (", with the column *before* timing the earlier binary `--before` names on the same term (a copy "
               "of the database with the migrations it does not know undone, `UNDO` in the script)"
               if before else "") + ".\n\n"
            "```\nmake bench        # or: python3 bench/term10k.py --seminar .build/release/seminar "
            "--write-docs docs/benchmarks.md [--before OLD/.build/release/seminar]\n```\n\n" + table)
        write_section(Path(args.write_docs), "A 10,000-student seminar", section)
        print(f"wrote the `## A 10,000-student seminar` section of {args.write_docs}")
    if args.keep:
        print(f"the seminar: {work / 'seminar.db'}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
