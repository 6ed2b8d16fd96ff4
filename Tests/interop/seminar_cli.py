"""Runs the built `seminar` binary for the interop tests (imported by each test file)."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("SEMINAR_BIN", str(ROOT / ".build" / "debug" / "seminar"))
FIXTURES = ROOT / "Fixtures"


def seminar(tmp_path, *args, check=True, env=None, input=None):
    """Runs `seminar --db tmp_path/seminar.db ARGS` and returns the CompletedProcess."""
    full_env = dict(os.environ)
    full_env.pop("SEMINAR_DB", None)
    full_env["NO_COLOR"] = "1"
    if env:
        full_env.update(env)
    proc = subprocess.run(
        [BIN, "--db", str(tmp_path / "seminar.db"), *map(str, args)],
        capture_output=True, text=True, env=full_env, input=input, cwd=tmp_path, timeout=120,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"seminar {' '.join(map(str, args))} exited {proc.returncode}: {proc.stderr}")
    return proc


def fixture_seminar(tmp_path):
    """A seminar with the Fixtures' roster and catalog."""
    seminar(tmp_path, "init", "--title", "Theoretical Advances in Deep Learning", "--term", "Winter 2024/25")
    seminar(tmp_path, "student", "import", FIXTURES / "roster.csv")
    seminar(tmp_path, "paper", "import", FIXTURES / "papers.csv")
