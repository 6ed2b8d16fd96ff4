#!/usr/bin/env python3
"""Wall time of `seminar` commands on the Fixtures seminar (median of N runs, release build),
and of importing a generated 10,000-student roster. Writes a Markdown table."""
import argparse
import csv
import os
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def timed(cmd, env, cwd, repeat):
    """Median and worst wall time of REPEAT runs, stdout into a file (as `seminar ... > out.csv`):
    through a pipe, Python's reading of a 30 MB output (32 KiB at a time) would be timed too."""
    times = []
    with tempfile.TemporaryFile() as out:
        for _ in range(repeat):
            out.seek(0)
            out.truncate()
            start = time.perf_counter()
            proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=out, stderr=subprocess.PIPE)
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"{' '.join(map(str, cmd))} failed: {proc.stderr.decode()}")
    return statistics.median(times), max(times)


def write_section(path, heading, section, first=False):
    """Replaces the `## HEADING` section of the Markdown file at PATH (up to the next `## `) with
    SECTION; a new section goes after the title when FIRST, else at the end."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    m = re.search(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    if m:
        text = text[:m.start()] + section + ("\n" if text[m.end():] else "") + text[m.end():]
    elif first:
        head, sep, rest = text.partition("\n## ")
        text = head.rstrip("\n") + "\n\n" + section + ("\n## " + rest if sep else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def make_roster(path, n, seed=1):
    rng = random.Random(seed)
    first = ["Jonas", "Lena", "Ana", "Tomáš", "Zoë", "Mehmet", "Yutong", "Chinedu", "Søren", "Élodie", "Paweł", "Aylin"]
    last = ["Müller", "Schröder", "Weiß", "Novák", "García López", "Öztürk", "Nguyen", "Okafor", "Krüger", "Lefèvre"]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(["Matrikelnummer", "Nachname", "Vorname", "E-Mail", "Studiengang", "Semester"])
        for i in range(n):
            w.writerow([f"0{3700000 + i:07d}", rng.choice(last), rng.choice(first), f"student{i}@tum.de",
                        "Informatik (Master)", rng.randint(1, 4)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seminar", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--write-docs", help="replace the `## Commands` section of this Markdown file")
    args = ap.parse_args()
    fx = Path(args.fixtures).resolve()
    root = fx.parent
    s = str(Path(args.seminar).resolve())
    work = Path(tempfile.mkdtemp(prefix="seminar-bench-"))

    # The whole Fixtures term (roster, forms, assignment, deadlines, hand-ins, reminders,
    # schedule, grades) is what `make demo` builds: measure every command on that database.
    subprocess.run(["bash", str(root / "scripts" / "demo.sh")], check=True, capture_output=True,
                   env=dict(os.environ, NO_COLOR="1"))
    shutil.copy(root / "demo-out" / "seminar.db", work / "seminar.db")
    env = dict(os.environ, SEMINAR_DB=str(work / "seminar.db"), NO_COLOR="1")

    reads = [
        ["status"], ["status", "--format", "json"],
        ["student", "list"], ["student", "list", "--format", "json"], ["student", "show", "03712845"],
        ["paper", "list"], ["paper", "list", "--format", "csv"], ["paper", "show", "ntk-jacot18"],
        ["prefs", "list", "--format", "csv"], ["prefs", "missing"],
        ["assignment", "list"], ["assignment", "list", "--format", "json"],
        ["assign", "--dry-run", "--format", "json"], ["assign", "--dry-run", "--explain", "11745862"],
        ["deadline", "list"], ["deadline", "list", "--format", "ics"],
        ["submission", "list"], ["submission", "list", "--missing", "report"],
        ["remind", "--dry-run", "--now", "2025-01-14T09:00"],
        ["schedule", "show"], ["schedule", "show", "--format", "markdown"], ["schedule", "show", "--format", "ics"],
        ["attendance", "report"],
        ["grade", "list"], ["grade", "stats"], ["grade", "export"], ["grade", "history", "03712845"],
    ]
    writes = [
        ["student", "import", fx / "roster.csv"],
        ["paper", "import", fx / "papers.csv"],
        ["prefs", "import", fx / "preferences-form.csv"],
        ["grade", "import", fx / "grades.csv"],
        ["assign", "--seed", "1"],
        ["backup", "BACKUP"],
    ]
    rows = []
    for c in reads + writes:
        if c[0] == "backup":
            times = []
            for i in range(args.repeat):
                target = work / f"backup-{i}.db"
                start = time.perf_counter()
                subprocess.run([s, "backup", str(target)], env=env, cwd=work, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            med, worst = statistics.median(times), max(times)
        else:
            med, worst = timed([s, *map(str, c)], env, work, args.repeat)
        rows.append((" ".join(map(str, c)).replace(str(fx) + "/", "Fixtures/"), med, worst))

    big = work / "roster-10000.csv"
    make_roster(big, 10_000)
    imports = []
    for i in range(5):
        db = work / f"big{i}.db"
        e2 = dict(env, SEMINAR_DB=str(db))
        subprocess.run([s, "init", "--title", "Big", "--term", "W"], env=e2, check=True, capture_output=True)
        start = time.perf_counter()
        subprocess.run([s, "student", "import", big], env=e2, check=True, capture_output=True)
        imports.append(time.perf_counter() - start)
    e2 = dict(env, SEMINAR_DB=str(work / "big0.db"))
    reimport, _ = timed([s, "student", "import", big], e2, work, 5)
    listing, _ = timed([s, "student", "list", "--format", "csv"], e2, work, 5)

    lines = ["| command (the Fixtures term after `make demo`: 22 students, 24 papers) | median ms | worst ms |",
             "|---|---:|---:|"]
    for name, med, worst in rows:
        lines.append(f"| `seminar {name}` | {med * 1000:.1f} | {worst * 1000:.1f} |")
    slowest = max(rows, key=lambda r: r[2])
    lines += ["", f"Slowest worst case: `seminar {slowest[0]}` at {slowest[2] * 1000:.1f} ms.",
              "", "| 10,000-student roster (`;`, BOM, CRLF) | median s | worst s |", "|---|---:|---:|",
              f"| `student import` into a fresh seminar | {statistics.median(imports):.3f} | {max(imports):.3f} |",
              f"| `student import` again (10,000 unchanged) | {reimport:.3f} | |",
              f"| `student list --format csv` (10,000 rows) | {listing:.3f} | |"]
    table = "\n".join(lines) + "\n"
    Path(args.out).write_text(table)
    print(table)
    print(f"(median of {args.repeat} runs per command; written to {args.out})")
    if args.write_docs:
        section = ("## Commands\n\n"
                   "Wall time of each `seminar` process (release build, start to exit, stdout into a file) on the "
                   "database `make demo` leaves: the whole Fixtures term with forms, two assignment runs, deadlines, "
                   "hand-ins, 43 reminders, a two-day schedule and grades. Writes run on a copy of it; imports of an "
                   f"unchanged file change nothing. Median and worst of {args.repeat} runs. The target is under "
                   "100 ms for every command, and under 1 s for a 10,000-student roster import.\n\n"
                   f"Measured {time.strftime('%Y-%m-%d')} on the 2-core build machine.\n\n"
                   "```\nmake bench        # or: python3 bench/commands.py --seminar .build/release/seminar "
                   "--fixtures Fixtures --out bench/out/commands.md --write-docs docs/benchmarks.md\n```\n\n"
                   + table)
        # Commands first: they are what a coordinator feels every day.
        write_section(Path(args.write_docs), "Commands", section, first=True)
        print(f"wrote the Commands section of {args.write_docs}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
