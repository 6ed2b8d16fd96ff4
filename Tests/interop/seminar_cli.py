"""Runs the built `seminar` binary for the interop tests (imported by each test file)."""
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
