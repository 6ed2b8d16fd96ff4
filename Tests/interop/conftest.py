"""The interop tests' pytest fixtures; pytest finds them here by name. Plain helpers (running the
binary, the seminars, the SMTP server) are in seminar_cli.py and mail_server.py."""
import csv

import pytest

from mail_server import SMTPServer
from seminar_cli import COORDINATOR, FIXTURES, SENDER, ScheduleSeminar, Seminar


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free loopback port, stopped after the test."""
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def term(tmp_path):
    """The fixture roster (22 students, including Ștefan Drăgulescu), a report deadline on
    2025-01-15, three report hand-ins, one student dropped."""
    s = Seminar(tmp_path)
    s.run("init", "--title", "Theoretical Advances in Deep Learning", "--term", "Winter 2024/25")
    s.run("student", "import", str(FIXTURES / "roster-late.csv"))
    s.run("paper", "import", str(FIXTURES / "papers.csv"))
    s.run("deadline", "add", "report", "2025-01-15")
    s.run("remind", "config", "--from", f"TADL Seminar <{SENDER}>", "--coordinator", f"Ioana Crăciun <{COORDINATOR}>",
          "--kinds", "report")
    for student in ["03705521", "03754410", "11902567"]:
        s.run("submit", student, "report", "--at", "2025-01-08T10:00")
    s.run("student", "drop", "11734589", "--on", "2024-10-20")
    s.submitted = {"03705521", "03754410", "11902567"}
    s.dropped = {"11734589"}
    return s


@pytest.fixture
def assigned_seminar(tmp_path):
    """Roster, catalog, and the n-th student of the roster on the n-th paper of the catalog."""
    s = ScheduleSeminar(tmp_path)
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
