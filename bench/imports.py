#!/usr/bin/env python3
"""Wall time of `seminar prefs import` on exports as big as a department's: a Google Forms grid
with 10,000 responses and 50 paper columns, a Microsoft Forms .xlsx with 10,000 rows (one
ranking cell each), and the long format for comparison. Writes a Markdown table."""
import argparse
import csv
import random
import shutil
import statistics
import subprocess
import tempfile
import time
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Fixtures" / "forms"))
import make_xlsx  # noqa: E402  (the fixture's Microsoft Forms writer)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from commands import write_section  # noqa: E402

N_STUDENTS = 10_000
N_PAPERS = 50
RANKS = ["1st choice", "2nd choice", "3rd choice", "4th choice", "5th choice"]


def students():
    return [(f"0{3700000 + i:07d}", f"Student {i}", f"student{i}@tum.de") for i in range(N_STUDENTS)]


def papers():
    return [(f"paper-{j:02d}", f"A Study of Phenomenon {j}: Theory and Practice") for j in range(N_PAPERS)]


def write_roster(path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "email"])
        w.writerows(students())


def write_papers(path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "title", "capacity"])
        w.writerows([(pid, title, 200) for pid, title in papers()])


def choices(rng):
    return rng.sample(range(N_PAPERS), 5)


def write_grid(path, rng):
    """Google Forms multiple-choice grid: one column per paper, cells `1st choice`..."""
    start = datetime(2024, 8, 1, 9, 0, 0)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(["Timestamp", "Email Address"] + [f"Rank the papers [{t}]" for _, t in papers()])
        for i, (_, _, email) in enumerate(students()):
            row = [""] * N_PAPERS
            for rank, j in enumerate(choices(rng)):
                row[j] = RANKS[rank]
            at = start + timedelta(seconds=97 * i)
            w.writerow([f"{at.month}/{at.day}/{at.year} {at.hour}:{at.minute:02d}:{at.second:02d}", email] + row)


def write_long(path, rng):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student", "paper", "rank"])
        for sid, _, _ in students():
            for rank, j in enumerate(choices(rng)):
                w.writerow([sid, f"paper-{j:02d}", rank + 1])


def write_xlsx(path, rng):
    """Microsoft Forms' export, written by the same code as Fixtures/forms/msforms-ranking.xlsx:
    ID, Start time, Completion time (date cells), Email, Name, Matrikelnummer and a ranking
    cell `A;B;C;D;E;`, in shared strings."""
    base = datetime(2024, 8, 1, 9, 0, 0)
    titles = [t for _, t in papers()]
    responses = []
    for i, (sid, name, email) in enumerate(students()):
        done = base + timedelta(seconds=97 * i)
        ranking = "".join(titles[j] + ";" for j in choices(rng))
        responses.append((i + 1, done - timedelta(seconds=200), done, email, name, sid, ranking))
    make_xlsx.write_workbook(path, responses)


def timed(cmd, repeat, setup=None):
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(map(str, cmd))} failed: {proc.stderr.decode()[:2000]}")
    return statistics.median(times), max(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seminar", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write-docs")
    args = ap.parse_args()
    s = str(Path(args.seminar).resolve())
    work = Path(tempfile.mkdtemp(prefix="seminar-bench-imports-"))
    rng = random.Random(7)
    write_roster(work / "roster.csv")
    write_papers(work / "papers.csv")
    write_grid(work / "grid.csv", rng)
    write_xlsx(work / "forms.xlsx", rng)
    write_long(work / "long.csv", rng)
    base = work / "base.db"
    subprocess.run([s, "--db", base, "init", "--title", "Big", "--term", "W"], check=True, capture_output=True)
    subprocess.run([s, "--db", base, "student", "import", work / "roster.csv"], check=True, capture_output=True)
    subprocess.run([s, "--db", base, "paper", "import", work / "papers.csv"], check=True, capture_output=True)
    db = work / "run.db"

    def fresh():
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        shutil.copy(base, db)

    cases = [
        ("Google Forms grid, 10,000 responses × 50 paper columns (CSV, 5.6 MB)", work / "grid.csv"),
        ("Microsoft Forms .xlsx, 10,000 rows, one ranking cell each", work / "forms.xlsx"),
        ("long format, 50,000 rows (student,paper,rank)", work / "long.csv"),
    ]
    lines = ["| `seminar prefs import` into a seminar of 10,000 students and 50 papers | size | median s | worst s |",
             "|---|---:|---:|---:|"]
    for label, path in cases:
        med, worst = timed([s, "--db", db, "prefs", "import", path], args.repeat, setup=fresh)
        size = path.stat().st_size / 1e6
        lines.append(f"| {label.split(' (CSV')[0]} | {size:.1f} MB | {med:.3f} | {worst:.3f} |")
    fresh()
    subprocess.run([s, "--db", db, "prefs", "import", work / "grid.csv"], check=True, capture_output=True)
    again, _ = timed([s, "--db", db, "prefs", "import", work / "grid.csv"], args.repeat)
    lines.append(f"| the grid again (10,000 unchanged) | | {again:.3f} | |")
    table = "\n".join(lines) + "\n"
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(table)
    print(table)
    if args.write_docs:
        section = ("## Imports\n\n"
                   "Wall time of `seminar prefs import` (release build) on generated exports the size of a "
                   "department's course: every row is read, matched to the roster and the catalog, checked, and "
                   "written in one transaction. The target is under 2 s for each. "
                   f"Median and worst of {args.repeat} runs, each into a fresh copy of the seminar.\n\n"
                   f"Measured {time.strftime('%Y-%m-%d')} on the 2-core build machine.\n\n"
                   "```\nmake bench        # or: python3 bench/imports.py --seminar .build/release/seminar "
                   "--out bench/out/imports.md --write-docs docs/benchmarks.md\n```\n\n" + table)
        write_section(Path(args.write_docs), "Imports", section)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
