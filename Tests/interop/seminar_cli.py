"""Runs the built `seminar` binary for the interop tests (imported by each test file), and the
seminars the tests drive through it. The pytest fixtures built from these are in conftest.py."""
import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("SEMINAR_BIN", str(ROOT / ".build" / "debug" / "seminar"))
FIXTURES = ROOT / "Fixtures"


def run_binary(args, *, cwd, env=None, check=True, text=True, input=None, timeout=120):
    """Runs the built binary with ARGS in `cwd`; `env` adds to (and SEMINAR_DB, if absent from
    it, is removed from) this process's environment. Raises with stderr when `check` and it fails."""
    full_env = dict(os.environ)
    full_env.pop("SEMINAR_DB", None)
    full_env.pop("SEMINAR_SMTP_PASSWORD", None)
    full_env["NO_COLOR"] = "1"
    full_env.update(env or {})
    proc = subprocess.run([BIN, *map(str, args)], capture_output=True, text=text, env=full_env, input=input,
                          cwd=cwd, timeout=timeout)
    if check and proc.returncode != 0:
        err = proc.stderr if text else proc.stderr.decode(errors="replace")
        raise AssertionError(f"seminar {' '.join(map(str, args))} exited {proc.returncode}: {err}")
    return proc


def seminar(tmp_path, *args, check=True, env=None, input=None, text=True):
    """Runs `seminar --db tmp_path/seminar.db ARGS` and returns the CompletedProcess."""
    return run_binary(["--db", tmp_path / "seminar.db", *args], cwd=tmp_path, env=env, check=check, text=text,
                      input=input)


def fixture_seminar(tmp_path):
    """A seminar with the Fixtures' roster and catalog."""
    seminar(tmp_path, "init", "--title", "Theoretical Advances in Deep Learning", "--term", "Winter 2024/25")
    seminar(tmp_path, "student", "import", FIXTURES / "roster.csv")
    seminar(tmp_path, "paper", "import", FIXTURES / "papers.csv")


def seminar_bytes(tmp_path, *args, check=True):
    """`seminar --db tmp_path/seminar.db ARGS`; stdout as bytes (exports may not be UTF-8)."""
    return seminar(tmp_path, *args, check=check, text=False)


def graded_seminar(tmp_path):
    """The Fixtures seminar with the Fixtures' grades."""
    fixture_seminar(tmp_path)
    seminar_bytes(tmp_path, "grade", "import", FIXTURES / "grades.csv")


# The reminder term (conftest.py's `term`): its sender, its coordinator, and the moment of the
# runs: 6 days 15 hours before the report deadline (inside the 7-day window).
SENDER = "tadl@example.org"
COORDINATOR = "coordinator@example.org"
NOW = "2025-01-09T08:00"


class Seminar:
    """A seminar database in tmp_path, driven through the real binary with SEMINAR_DB set
    (and TZ=UTC, so that nothing depends on the machine's zone)."""

    def __init__(self, tmp_path):
        self.dir = tmp_path
        self.db = str(tmp_path / "seminar.db")
        self.env = dict(os.environ, SEMINAR_DB=self.db, NO_COLOR="1", TZ="UTC")
        self.env.pop("SEMINAR_SMTP_PASSWORD", None)

    def run(self, *args, check=True):
        return run_binary(args, cwd=self.dir, env=self.env, check=check)

    def popen(self, *args):
        return subprocess.Popen([BIN, *args], env=self.env, cwd=self.dir, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def sql(self, statement):
        return subprocess.run(["sqlite3", self.db, statement], capture_output=True, text=True, check=True).stdout

    def emails(self, ids):
        rows = self.sql("SELECT id, email FROM student").splitlines()
        table = dict(line.split("|") for line in rows)
        return sorted(table[i] for i in ids)

    def enrolled_ids(self):
        return self.sql("SELECT id FROM student WHERE status = 'enrolled' ORDER BY id").split()


class ScheduleSeminar:
    """A seminar database in `directory` for the schedule tests, with SEMINAR_DB set; `json`
    runs a list command with `--format json` and parses it."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.db = directory / "seminar.db"

    def run(self, *args, check=True):
        return run_binary(args, cwd=self.directory, env={"SEMINAR_DB": str(self.db)}, check=check)

    def json(self, *args):
        return json.loads(self.run(*args, "--format", "json").stdout)
