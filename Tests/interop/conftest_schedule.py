"""Fixtures for the schedule interop tests: the Fixtures seminar with every student assigned."""
import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEMINAR_BIN = os.environ.get("SEMINAR_BIN", str(REPO / ".build/debug/seminar"))
FIXTURES = REPO / "Fixtures"


class Seminar:
    def __init__(self, directory: Path):
        self.directory = directory
        self.db = directory / "seminar.db"

    def run(self, *args, check=True):
        env = dict(os.environ, NO_COLOR="1", SEMINAR_DB=str(self.db))
        result = subprocess.run([SEMINAR_BIN, *args], cwd=self.directory, env=env, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"seminar {' '.join(args)} exited {result.returncode}: {result.stderr}")
        return result

    def json(self, *args):
        return json.loads(self.run(*args, "--format", "json").stdout)


@pytest.fixture
def assigned_seminar(tmp_path):
    """Roster, catalog, and the n-th student of the roster on the n-th paper of the catalog."""
    s = Seminar(tmp_path)
    s.run("init", "--title", "Theoretical Advances in Deep Learning", "--term", "Winter 2024/25", "--timezone", "Europe/Berlin")
    s.run("student", "import", str(FIXTURES / "roster.csv"))
    s.run("paper", "import", str(FIXTURES / "papers.csv"))
    with open(FIXTURES / "roster.csv", encoding="utf-8-sig", newline="") as f:
        students = [row["Matrikelnummer"] for row in csv.DictReader(f, delimiter=";")]
    with open(FIXTURES / "papers.csv", encoding="utf-8", newline="") as f:
        papers = list(csv.DictReader(f))
    for student, paper in zip(students, papers):
        s.run("assignment", "set", student, paper["id"])
    s.papers = {p["id"]: p for p in papers}
    return s
