#!/usr/bin/env python3
"""Wall time, CPU time and peak resident memory of the Moodle hand-in commands on large
files: `submission import` of 100 students x 2 MB (a ~210 MB zip) and again (nothing new
kept), `submission export` of all 100, `submit --file` of one 300 MB PDF and `submission get`
of it back, and `submission import` of a zip holding one 300 MB PDF. The design promise
(issue #10): the files are streamed, so a 300 MB PDF does not need 300 MB of memory.

Every run also checks the results: the exported files and the one fetched back have the
zip's SHA-256, every file is kept once (the database grows by the PDFs' size, and not again
on the re-import). Writes a Markdown table; inputs and databases go into a temporary folder
(about 2.5 GB at the peak), removed at the end.

Peak RSS is each `seminar` process's own ru_maxrss, from os.wait4 on that child (no
/usr/bin/time needed; RUSAGE_CHILDREN would give the largest of all children so far)."""
import argparse
import hashlib
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from commands import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "scripts" / "make-moodle-fixtures.py"
TERM = "Winter 2024/25"
DUE = "2025-01-15T23:59"  # the generator's worksheet times lie in the week before


class Run:
    """One finished `seminar` process: wall and CPU seconds, peak RSS, its output."""

    def __init__(self, wall, cpu, rss_kib, stdout, stderr):
        self.wall, self.cpu, self.rss_kib, self.stdout, self.stderr = wall, cpu, rss_kib, stdout, stderr


def run(cmd, env):
    """Runs CMD with stdout and stderr into files, waits for it with os.wait4 to read its own
    resource usage; fails on a non-zero exit."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        result = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out.read().decode(), err.read().decode())
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({proc.returncode}): {result.stderr[:2000]}")
    return result


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while piece := f.read(1 << 20):
            h.update(piece)
    return h.hexdigest()


def zip_pdfs(path):
    """{participant: (size, sha256)} of the zip's PDFs, read piece by piece."""
    found = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            participant = int(re.search(r"_(\d+)_assignsubmission_file/", info.filename).group(1))
            h = hashlib.sha256()
            with z.open(info) as f:
                while piece := f.read(1 << 20):
                    h.update(piece)
            found[participant] = (info.file_size, h.hexdigest())
    return found


def extract_first(zip_path, target):
    with zipfile.ZipFile(zip_path) as z, z.open(z.infolist()[0]) as f, open(target, "wb") as out:
        shutil.copyfileobj(f, out, 1 << 20)


def db_size(db):
    return sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists())


def query(db, sql):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def check(condition, message):
    if not condition:
        raise SystemExit(f"check failed: {message}")


def machine():
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kib / 1024 / 1024:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    return f"{os.cpu_count()} cores ({model}), {mem}, Linux {platform.release()}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seminar", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--students", type=int, default=100)
    ap.add_argument("--mb", type=int, default=2, help="size of each of the students' PDFs, MiB")
    ap.add_argument("--big-mb", type=int, default=300, help="size of the one large PDF, MiB")
    ap.add_argument("--work", help="folder for inputs and databases (default: a new temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--write-docs")
    args = ap.parse_args()
    s = str(Path(args.seminar).resolve())
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="seminar-bench-handins-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "SEMINAR_DB"}
    try:
        table, summary = bench(s, work, env, args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(table)
    print(table)
    if args.write_docs:
        write_docs(Path(args.write_docs), table, summary, args)


def bench(s, work, env, args):
    t0 = time.perf_counter()
    many, big = work / "many", work / "big"
    for folder, students, mb in ((many, args.students, args.mb), (big, 1, args.big_mb)):
        subprocess.run([sys.executable, GENERATOR, "--bench", folder, "--students", str(students), "--mb", str(mb)],
                       check=True, stdout=subprocess.DEVNULL)
    many_pdfs = zip_pdfs(many / "submissions.zip")
    big_pdfs = zip_pdfs(big / "submissions.zip")
    big_pdf = big / "report.pdf"
    extract_first(big / "submissions.zip", big_pdf)
    (big_size, big_sha), = big_pdfs.values()
    check(sha256_file(big_pdf) == big_sha, "the extracted 300 MB PDF is the zip's")
    many_bytes = sum(size for size, _ in many_pdfs.values())
    zip_mb = (many / "submissions.zip").stat().st_size / 1e6
    big_zip_mb = (big / "submissions.zip").stat().st_size / 1e6
    print(f"inputs: {len(many_pdfs)} PDFs, {many_bytes / 1e6:.1f} MB ({zip_mb:.0f} MB zip); "
          f"one PDF of {big_size / 1e6:.1f} MB ({big_zip_mb:.0f} MB zip); {time.perf_counter() - t0:.0f} s")

    steps = {}  # name -> [Run]

    def timed(name, cmd):
        r = run(cmd, env)
        steps.setdefault(name, []).append(r)
        print(f"  {name}: {r.wall:.2f} s, CPU {r.cpu:.2f} s, peak RSS {r.rss_kib / 1024:.1f} MiB")
        return r

    def fresh(db, roster):
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        run([s, "--db", db, "init", "--title", "Bench", "--term", TERM], env)
        run([s, "--db", db, "student", "import", roster], env)
        run([s, "--db", db, "deadline", "add", "report", DUE], env)

    growth = {}
    for r in range(args.repeat):
        print(f"run {r + 1} of {args.repeat}")
        here = work / f"run{r}"
        here.mkdir()
        # (a)-(c) and the baseline: 100 students.
        a = here / "a.db"
        fresh(a, many / "roster.csv")
        before = db_size(a)
        out = timed("import", [s, "--db", a, "submission", "import", many / "worksheet.csv", "--kind", "report",
                               "--files", many / "submissions.zip"]).stdout
        check(f"{len(many_pdfs)} new files kept ({many_bytes} bytes)" in out, f"the import kept every PDF: {out}")
        after = db_size(a)
        check(query(a, "SELECT COUNT(*), SUM(size) FROM stored_file")[0] == (len(many_pdfs), many_bytes),
              "one stored file per PDF, of the PDFs' size")
        out = timed("reimport", [s, "--db", a, "submission", "import", many / "worksheet.csv", "--kind", "report",
                                 "--files", many / "submissions.zip"]).stdout
        check("0 new files kept (0 bytes)" in out and f"{len(many_pdfs)} unchanged" in out,
              f"the re-import kept nothing new: {out}")
        check(query(a, "SELECT COUNT(*) FROM stored_file")[0][0] == len(many_pdfs), "still one stored file per PDF")
        again = db_size(a)
        free_pages, page_size = query(a, "PRAGMA freelist_count")[0][0], query(a, "PRAGMA page_size")[0][0]
        growth.setdefault("import", []).append(after - before)
        growth.setdefault("reimport", []).append(again - after)
        growth.setdefault("free", []).append(free_pages * page_size)
        exported = here / "export"
        timed("export", [s, "--db", a, "submission", "export", exported, "--kind", "report"])
        files = sorted(exported.iterdir())
        check(len(files) == len(many_pdfs), f"export wrote {len(files)} files, not {len(many_pdfs)}")
        for participant, (size, sha) in many_pdfs.items():
            student = f"{20000000 + participant - 100000:08d}"
            f = exported / f"{student}-report.pdf"
            check(f.stat().st_size == size and sha256_file(f) == sha, f"{f.name} is the zip's PDF")
        timed("status", [s, "--db", a, "status"])
        shutil.rmtree(exported)
        # (d) one 300 MB PDF through submit --file and submission get.
        b = here / "b.db"
        fresh(b, big / "roster.csv")
        before = db_size(b)
        timed("submit", [s, "--db", b, "submit", "20000000", "report", "--at", "2025-01-14T10:00", "--file", big_pdf])
        growth.setdefault("submit", []).append(db_size(b) - before)
        got = here / "got.pdf"
        timed("get", [s, "--db", b, "submission", "get", "20000000", "report", "-o", got])
        check(got.stat().st_size == big_size and sha256_file(got) == big_sha, "the 300 MB round trip is byte-identical")
        got.unlink()
        b.unlink()
        # (e) a zip holding one 300 MB PDF.
        c = here / "c.db"
        fresh(c, big / "roster.csv")
        before = db_size(c)
        timed("import-big", [s, "--db", c, "submission", "import", big / "worksheet.csv", "--kind", "report",
                             "--files", big / "submissions.zip"])
        check(query(c, "SELECT sha256, file_size FROM submission") == [(big_sha, big_size)],
              "the imported 300 MB PDF has the zip's SHA-256")
        growth.setdefault("import-big", []).append(db_size(c) - before)
        shutil.rmtree(here)

    rows = [
        ("import", f"`submission import` of {len(many_pdfs)} students × {args.mb} MiB ({zip_mb:.0f} MB zip)",
         many_bytes),
        ("reimport", "the same worksheet and zip again (nothing new kept)", many_bytes),
        ("export", f"`submission export` of all {len(many_pdfs)}", many_bytes),
        ("submit", f"`submit --file` of one {args.big_mb} MiB PDF", big_size),
        ("get", "`submission get` of it back", big_size),
        ("import-big", f"`submission import` of a zip holding one {args.big_mb} MiB PDF ({big_zip_mb:.0f} MB zip)",
         big_size),
        ("status", f"for comparison: `seminar status` ({len(many_pdfs)} students)", None),
    ]
    lines = ["| step | PDF bytes | median s | worst s | MB/s (median) | CPU s (median) | peak RSS MiB (median) "
             "| peak RSS MiB (worst) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key, label, payload in rows:
        runs = steps[key]
        med = statistics.median(r.wall for r in runs)
        lines.append(
            f"| {label} | {f'{payload / 1e6:.1f} MB' if payload else ''} | {med:.2f} | {max(r.wall for r in runs):.2f} "
            f"| {f'{payload / 1e6 / med:.0f}' if payload else ''} | {statistics.median(r.cpu for r in runs):.2f} "
            f"| {statistics.median(r.rss_kib for r in runs) / 1024:.1f} | {max(r.rss_kib for r in runs) / 1024:.1f} |")
    mb = lambda key: statistics.median(growth[key]) / 1e6  # noqa: E731
    lines.append("")
    lines.append(
        f"Database growth (median): {mb('import'):.1f} MB for the import of {many_bytes / 1e6:.1f} MB of PDFs, "
        f"{mb('reimport'):+.1f} MB for the re-import ({mb('free'):.1f} MB of it free pages), "
        f"{mb('submit'):.1f} MB for the {big_size / 1e6:.1f} MB `submit`, "
        f"{mb('import-big'):.1f} MB for its import from the zip.")
    lines.append("")
    lines.append(f"Machine: {machine()}; inputs and databases on {fs_type(work)}.")
    peak = lambda key: max(r.rss_kib for r in steps[key]) / 1024  # noqa: E731
    worst = max((k for k, _, p in rows if p), key=peak)
    summary = dict(floor=statistics.median(r.rss_kib for r in steps["status"]) / 1024, worst_key=worst,
                   worst=peak(worst), small=peak("import"), big=peak("import-big"),
                   label={k: label for k, label, _ in rows},
                   cpu_share=sum(statistics.median(r.cpu for r in steps[k]) for k, _, p in rows if p)
                   / sum(statistics.median(r.wall for r in steps[k]) for k, _, p in rows if p),
                   reimport=statistics.median(r.wall for r in steps["reimport"])
                   / statistics.median(r.wall for r in steps["import"]))
    return "\n".join(lines) + "\n", summary


def fs_type(path):
    try:
        out = subprocess.run(["findmnt", "-n", "-o", "FSTYPE", "-T", str(path)], capture_output=True, text=True)
        return out.stdout.strip() or "?"
    except OSError:
        return "?"


def write_docs(path, table, summary, args):
    meaning = (
        f"Every step peaks at most {summary['worst'] - summary['floor']:.0f} MiB above `seminar status` "
        f"({summary['floor']:.0f} MiB: mostly the binary, Foundation and ICU mapped in), whatever the file size: "
        f"the import of one {args.big_mb} MiB PDF peaks at {summary['big']:.1f} MiB, the import of {args.students} × "
        f"{args.mb} MiB at {summary['small']:.1f} MiB; the highest is {summary['worst']:.1f} MiB "
        f"({summary['label'][summary['worst_key']].split(' (')[0]}). The files are streamed in 1 MiB pieces "
        "both ways, so memory does not grow with them (the next section says where it goes). "
        f"The commands are bound by the CPU (CPU time is {summary['cpu_share']:.0%} of wall time over the file "
        "steps): SHA-256 (hashed once, as the bytes are kept), "
        "CRC-32 and inflating for a zip, and SQLite writing every page twice (into the write-ahead log, "
        "then into the file at the end). The re-import takes "
        f"{summary['reimport']:.0%} of the import's time though it keeps nothing: each file is inflated, hashed "
        "and written again, and deleted once its SHA-256, known only at its end, is found kept already "
        "(`AppDatabase.storeFile`); what it leaves is one file's worth of free pages, reused by the next write.\n\n")
    section = (
        "## Moodle hand-ins: import and export\n\n"
        "Wall time, CPU time (user + system) and peak resident memory of each `seminar` process (release build) "
        "that moves hand-in files, on inputs from `scripts/make-moodle-fixtures.py --bench` (PDFs of "
        "incompressible bytes, zipped as Moodle's \"Download all submissions\"): (a) `submission import` of "
        f"{args.students} students × {args.mb} MiB into a fresh seminar, (b) the same import again, (c) `submission "
        f"export` of all of them, (d) `submit --file` of one {args.big_mb} MiB PDF and `submission get` of it back, "
        f"(e) `submission import` of a zip holding that one PDF. Median and worst of {args.repeat} runs, each on fresh "
        "databases. MB is 10^6 bytes (MB/s: the PDFs' bytes over the wall time); peak RSS is the process's own "
        "`ru_maxrss` (`os.wait4`), in MiB. Every run checks that the exported files and the one fetched back have "
        "the zip's SHA-256, that each PDF is kept once, and that the re-import keeps nothing new.\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on the 2-core build machine.\n\n"
        "```\nmake bench-handins   # part of make bench; or: python3 bench/handins.py --seminar .build/release/seminar "
        "--out bench/out/handins.md --write-docs docs/benchmarks.md\n```\n\n" + table + "\n" + meaning)
    write_section(path, "Moodle hand-ins: import and export", section)


if __name__ == "__main__":
    main()
