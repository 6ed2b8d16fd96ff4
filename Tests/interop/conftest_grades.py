"""Helpers for test_grades.py: run the built `seminar` binary on a temporary seminar."""
from seminar_cli import FIXTURES, seminar


def run(tmp_path, *args, check=True):
    """`seminar --db tmp_path/seminar.db ARGS`; stdout as bytes (exports may not be UTF-8)."""
    return seminar(tmp_path, *args, check=check, text=False)


def graded_seminar(tmp_path):
    """The Fixtures seminar with the Fixtures' grades."""
    run(tmp_path, "init", "--title", "Theoretical Advances in Deep Learning", "--term", "Winter 2024/25")
    run(tmp_path, "student", "import", FIXTURES / "roster.csv")
    run(tmp_path, "paper", "import", FIXTURES / "papers.csv")
    run(tmp_path, "grade", "import", FIXTURES / "grades.csv")
