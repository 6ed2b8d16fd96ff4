"""Shared pieces for the reminder interop tests: the binary, a seminar, a real SMTP server."""
import asyncio
import email
import email.policy
import os
import socket
import subprocess
import threading

import pytest
from aiosmtpd.controller import Controller

from seminar_cli import BIN as SEMINAR, FIXTURES, run_binary
SENDER = "tadl@example.org"
COORDINATOR = "coordinator@example.org"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """An aiosmtpd handler that keeps every accepted message. It can be made slow (to make
    two runs overlap) or made to hang on the n-th DATA until released (to kill a run
    halfway); a hung message is answered 451 and not kept."""

    def __init__(self):
        self.messages = []
        self.data_commands = 0
        self.delay = 0.0
        self.stall_at = None
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        # Recipients answered 550 at RCPT TO (an address that does not exist).
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_commands += 1
            n = self.data_commands
        if self.stall_at == n:
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 aborted by the test"
        if self.delay:
            await asyncio.sleep(self.delay)
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        msg.raw = envelope.content
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 2.0.0 OK"

    def recipients(self):
        with self.lock:
            return [r for rcpts, _ in self.messages for r in rcpts]

    def student_recipients(self):
        return [r for r in self.recipients() if r != COORDINATOR]


class SMTPServer:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.handler = Recorder()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.handler.release.set()
        self.controller.stop()

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"


@pytest.fixture
def smtp_server():
    server = SMTPServer().start()
    yield server
    server.stop()


class Seminar:
    """A seminar database in tmp_path, driven through the real binary."""

    def __init__(self, tmp_path):
        self.dir = tmp_path
        self.db = str(tmp_path / "seminar.db")
        self.env = dict(os.environ, SEMINAR_DB=self.db, NO_COLOR="1", TZ="UTC")
        self.env.pop("SEMINAR_SMTP_PASSWORD", None)

    def run(self, *args, check=True):
        return run_binary(args, cwd=self.dir, env=self.env, check=check)

    def popen(self, *args):
        return subprocess.Popen([SEMINAR, *args], env=self.env, cwd=self.dir, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def sql(self, statement):
        return subprocess.run(["sqlite3", self.db, statement], capture_output=True, text=True, check=True).stdout

    def emails(self, ids):
        rows = self.sql("SELECT id, email FROM student").splitlines()
        table = dict(line.split("|") for line in rows)
        return sorted(table[i] for i in ids)

    def enrolled_ids(self):
        return self.sql("SELECT id FROM student WHERE status = 'enrolled' ORDER BY id").split()


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


# The moment of the runs: 6 days 15 hours before the report deadline (inside the 7-day window).
NOW = "2025-01-09T08:00"
