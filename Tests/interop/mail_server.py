"""A real SMTP server on loopback (aiosmtpd) for the reminder tests, with a handler that records
what it accepts. The `smtp_server` fixture that starts one per test is in conftest.py."""
import asyncio
import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller

from seminar_cli import COORDINATOR


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
