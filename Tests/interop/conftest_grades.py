"""Helpers for test_grades.py: run the built `seminar` binary on a temporary seminar."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("SEMINAR_BIN", str(ROOT / ".build" / "debug" / "seminar"))
FIXTURES = ROOT / "Fixtures"


def run(tmp_path, *args, check=True):
    """`seminar --db tmp_path/seminar.db ARGS`; stdout as bytes (exports may not be UTF-8)."""
    env = dict(os.environ)
    env.pop("SEMINAR_DB", None)
    env["NO_COLOR"] = "1"
    proc = subprocess.run([BIN, "--db", str(tmp_path / "seminar.db"), *map(str, args)],
                          capture_output=True, env=env, cwd=tmp_path, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"seminar {' '.join(map(str, args))} exited {proc.returncode}: {proc.stderr.decode()}")
    return proc


def graded_seminar(tmp_path):
    """The Fixtures seminar with the Fixtures' grades."""
    run(tmp_path, "init", "--title", "Theoretical Advances in Deep Learning", "--term", "Winter 2024/25")
    run(tmp_path, "student", "import", FIXTURES / "roster.csv")
    run(tmp_path, "paper", "import", FIXTURES / "papers.csv")
    run(tmp_path, "grade", "import", FIXTURES / "grades.csv")
