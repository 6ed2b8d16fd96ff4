#!/usr/bin/env python3
"""Wall time of `seminar` commands on the Fixtures seminar (median of N runs, release build),
and of importing a generated 10,000-student roster. Writes a Markdown table."""
import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def timed(cmd, env, cwd, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(map(str, cmd))} failed: {proc.stderr.decode()}")
    return statistics.median(times), max(times)


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
    args = ap.parse_args()
    fx = Path(args.fixtures).resolve()
    work = Path(tempfile.mkdtemp(prefix="seminar-bench-"))
    env = dict(os.environ, SEMINAR_DB=str(work / "seminar.db"), NO_COLOR="1")
    s = str(Path(args.seminar).resolve())

    def run(*a):
        subprocess.run([s, *map(str, a)], env=env, cwd=work, check=True, capture_output=True)

    run("init", "--title", "Theoretical Advances in Deep Learning", "--term", "Winter 2024/25")
    run("student", "import", fx / "roster.csv")
    run("paper", "import", fx / "papers.csv")
    for (student, paper) in [("03712845", "ntk-jacot18"), ("03705521", "deep-dd-nakkiran20")]:
        run("assignment", "set", student, paper)

    commands = [
        ["status"],
        ["status", "--format", "json"],
        ["student", "list"],
        ["student", "list", "--format", "json"],
        ["student", "show", "03712845"],
        ["paper", "list", "--format", "csv"],
        ["paper", "show", "ntk-jacot18"],
        ["assignment", "list", "--format", "json"],
        ["student", "import", fx / "roster.csv"],
        ["paper", "import", fx / "papers.csv"],
    ]
    # Optional commands from other areas, measured when this build has them.
    extra = os.environ.get("BENCH_EXTRA_COMMANDS", "")
    for line in filter(None, extra.split("\n")):
        commands.append(line.split())

    rows = []
    for c in commands:
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

    lines = ["| command (Fixtures seminar: 20 students, 24 papers) | median ms | worst ms |", "|---|---:|---:|"]
    for name, med, worst in rows:
        lines.append(f"| `seminar {name}` | {med * 1000:.1f} | {worst * 1000:.1f} |")
    lines += ["", "| 10,000-student roster (`;`, BOM, CRLF) | median s | worst s |", "|---|---:|---:|",
              f"| `student import` into a fresh seminar | {statistics.median(imports):.3f} | {max(imports):.3f} |",
              f"| `student import` again (10,000 unchanged) | {reimport:.3f} | |",
              f"| `student list --format csv` (10,000 rows) | {listing:.3f} | |"]
    table = "\n".join(lines) + "\n"
    Path(args.out).write_text(table)
    print(table)
    print(f"(median of {args.repeat} runs per command; written to {args.out})")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
