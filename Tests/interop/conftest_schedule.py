"""Fixtures for the schedule interop tests: the Fixtures seminar with every student assigned."""
import csv
import json
from pathlib import Path

import pytest
from seminar_cli import FIXTURES, run_binary


class Seminar:
    def __init__(self, directory: Path):
        self.directory = directory
        self.db = directory / "seminar.db"

    def run(self, *args, check=True):
        return run_binary(args, cwd=self.directory, env={"SEMINAR_DB": str(self.db)}, check=check)

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
