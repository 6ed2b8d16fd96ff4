"""Reminders through a real SMTP server (aiosmtpd on loopback), through msmtp as a real
sendmail-compatible command, and deadlines read back by a real iCalendar parser."""
import datetime
import os
import signal
import time

import icalendar
import pytest

from mail_server import Recorder, SMTPServer, free_port
from seminar_cli import COORDINATOR, NOW, SENDER, Seminar


# aiosmtpd warns when AUTH is allowed without TLS; the login tests do that on purpose (loopback).
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def expected_recipients(term):
    owing = [i for i in term.enrolled_ids() if i not in term.submitted]
    return term.emails(owing)


def test_each_reminder_once_across_repeated_runs(term, smtp_server):
    r = term.run("remind", "--now", NOW, "--transport", "smtp", "--smtp-url", smtp_server.url)
    assert r.returncode == 0
    assert "Sent 18 reminders" in r.stdout
    expected = expected_recipients(term)
    assert len(expected) == 18  # 22 students - 3 handed in - 1 dropped
    assert sorted(smtp_server.handler.student_recipients()) == expected
    assert smtp_server.handler.recipients().count(COORDINATOR) == 1  # the digest

    # Again, and again a few hours later in the same window: nothing new, and silent (cron).
    for now in [NOW, "2025-01-09T20:00", "2025-01-12T08:00"]:
        again = term.run("remind", "--now", now, "--transport", "smtp", "--smtp-url", smtp_server.url)
        assert again.returncode == 0 and again.stdout == "" and again.stderr == ""
    assert sorted(smtp_server.handler.student_recipients()) == expected

    # The 1-day window opens: one more reminder each, for those who still owe the report.
    term.run("submit", "03712845", "report", "--at", "2025-01-14T09:00")
    term.run("remind", "--now", "2025-01-15T08:00", "--transport", "smtp", "--smtp-url", smtp_server.url)
    second = smtp_server.handler.student_recipients()[18:]
    assert sorted(second) == sorted(set(expected) - set(term.emails(["03712845"])))


def test_an_unknown_recipient_is_refused_not_a_server_outage(term, smtp_server):
    # A 550 to RCPT TO is about that one address: the run goes on with everybody else and
    # exits 1. It used to count as "server unreachable" (75) and stop the run at that student,
    # so nobody after them in the list was ever reminded.
    owing = [i for i in term.enrolled_ids() if i not in term.submitted]
    bad = term.emails([owing[0]])[0]
    smtp_server.handler.refuse.add(bad)
    r = term.run("remind", "--now", NOW, "--transport", "smtp", "--smtp-url", smtp_server.url, check=False)
    assert r.returncode == 1, r.stderr
    assert "Sent 17 reminders" in r.stdout
    assert bad in r.stderr and "temporary" not in r.stderr
    assert sorted(smtp_server.handler.student_recipients()) == sorted(set(expected_recipients(term)) - {bad})
    assert smtp_server.handler.recipients().count(COORDINATOR) == 1  # the digest names the failure
    assert term.sql("SELECT COUNT(*) FROM outbox WHERE state = 'failed'").strip() == "1"

    # Retried on the next run (still exit 1, still said on stderr for cron), but the coordinator
    # already has the digest about it: not one more every quarter of an hour.
    again = term.run("remind", "--now", "2025-01-09T08:15", "--transport", "smtp", "--smtp-url", smtp_server.url, check=False)
    assert again.returncode == 1 and bad in again.stderr
    assert "digest" not in again.stdout
    assert smtp_server.handler.recipients().count(COORDINATOR) == 1
    assert term.sql(f"SELECT attempts FROM outbox WHERE recipient = '{bad}'").strip() == "2"


def test_a_run_where_every_address_is_refused_says_so(term, smtp_server):
    smtp_server.handler.refuse.update(expected_recipients(term))
    r = term.run("remind", "--now", NOW, "--transport", "smtp", "--smtp-url", smtp_server.url, check=False)
    assert r.returncode == 1
    assert smtp_server.handler.recipients() == [COORDINATOR]
    assert "left over" not in r.stdout, "the digest is this run's, about its failures"
    assert "18 reminders not delivered" in r.stdout


def test_nothing_for_students_who_submitted_or_dropped(term, smtp_server):
    term.run("remind", "--now", NOW, "--transport", "smtp", "--smtp-url", smtp_server.url)
    got = set(smtp_server.handler.student_recipients())
    for sid in term.submitted | term.dropped:
        assert term.emails([sid])[0] not in got


def test_message_format(term, smtp_server):
    term.run("remind", "--now", NOW, "--transport", "smtp", "--smtp-url", smtp_server.url)
    messages = {rcpts[0]: msg for rcpts, msg in smtp_server.handler.messages}
    msg = messages["stefan.dragulescu@tum.de"]
    # The raw header is RFC 2047 encoded; decoded, it is the name with its comma-below Ș.
    assert msg["To"].addresses[0].display_name == "Ștefan Drăgulescu"
    head = msg.raw.split(b"\r\n\r\n", 1)[0]
    assert b"To: =?UTF-8?B?" in head
    assert all(b < 0x80 for b in head)  # headers are 7-bit; non-ASCII only encoded
    assert b"Content-Transfer-Encoding: quoted-printable" in head
    assert msg["From"].addresses[0].addr_spec == SENDER
    assert msg["Reply-To"].addresses[0].display_name == "Ioana Crăciun"
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@example.org>")
    assert msg["Date"].datetime == datetime.datetime(2025, 1, 9, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    assert msg["MIME-Version"] == "1.0"
    assert msg.get_content_type() == "text/plain" and msg.get_content_charset() == "utf-8"
    body = msg.get_content()
    assert "Dear Ștefan Drăgulescu," in body
    assert "Wed 15 Jan 2025, 23:59 CET" in body
    assert "6 days 15 hours" in body
    assert "report" in msg["Subject"]
    ids = [m["Message-ID"] for _, m in smtp_server.handler.messages]
    assert len(ids) == len(set(ids))


def test_no_header_injection_through_a_name(term, smtp_server):
    # The roster import refuses control characters; a name that got into the file anyway
    # must still not add a header or a recipient.
    term.sql("UPDATE student SET name = 'Eve' || char(13) || char(10) || 'Bcc: attacker@evil.example' WHERE id = '03712845'")
    term.run("remind", "--now", NOW, "--transport", "smtp", "--smtp-url", smtp_server.url)
    assert "attacker@evil.example" not in smtp_server.handler.recipients()
    msg = next(m for r, m in smtp_server.handler.messages if r == ["jonas.mueller@tum.de"])
    assert msg["Bcc"] is None
    assert msg["To"].addresses[0].display_name == "Eve Bcc: attacker@evil.example"


def test_sendmail_transport_through_msmtp(term, smtp_server):
    command = f"msmtp --host=127.0.0.1 --port={smtp_server.port} --from={SENDER} -t"
    r = term.run("remind", "--now", NOW, "--transport", "sendmail", "--sendmail-command", command)
    assert r.returncode == 0, r.stderr
    assert sorted(smtp_server.handler.student_recipients()) == expected_recipients(term)
    msg = next(m for rc, m in smtp_server.handler.messages if rc == ["stefan.dragulescu@tum.de"])
    assert msg["To"].addresses[0].display_name == "Ștefan Drăgulescu"
    assert "Dear Ștefan Drăgulescu," in msg.get_content()
    again = term.run("remind", "--now", NOW, "--transport", "sendmail", "--sendmail-command", command)
    assert again.stdout == "" and len(smtp_server.handler.student_recipients()) == 18


def test_server_down_exit_75_then_retried(term):
    port = free_port()  # nothing listens here yet
    url = f"smtp://127.0.0.1:{port}"
    down = term.run("remind", "--now", NOW, "--transport", "smtp", "--smtp-url", url, check=False)
    assert down.returncode == 75, down.stderr
    assert "cannot be reached" in down.stderr
    # msmtp refused by the same dead server: the sendmail transport also says 75.
    command = f"msmtp --host=127.0.0.1 --port={port} --from={SENDER} -t"
    down2 = term.run("remind", "--now", NOW, "--sendmail-command", command, check=False)
    assert down2.returncode == 75, down2.stderr
    assert term.sql("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").strip() == "0"

    server = SMTPServer(port).start()
    try:
        up = term.run("remind", "--now", NOW, "--transport", "smtp", "--smtp-url", url)
        assert up.returncode == 0
        assert sorted(server.handler.student_recipients()) == expected_recipients(term)
        assert term.run("remind", "--now", NOW, "--smtp-url", url).stdout == ""
        assert len(server.handler.student_recipients()) == 18
    finally:
        server.stop()


def test_overlapping_runs_send_each_reminder_once(term, smtp_server):
    smtp_server.handler.delay = 0.1  # each mail takes a while, so the runs overlap
    args = ["remind", "--now", NOW, "--transport", "smtp", "--smtp-url", smtp_server.url]
    runs = [term.popen(*args) for _ in range(3)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in runs]
    assert all(code == 0 for code, _, _ in results), results
    got = smtp_server.handler.student_recipients()
    assert sorted(got) == expected_recipients(term)  # each exactly once
    assert len(got) == len(set(got))


def test_killed_run_is_finished_by_the_next_without_duplicates(term, smtp_server):
    handler = smtp_server.handler
    handler.stall_at = 6  # five mails go through, the sixth hangs
    args = ["remind", "--now", NOW, "--transport", "smtp", "--smtp-url", smtp_server.url]
    p = term.popen(*args)
    assert handler.stalled.wait(timeout=60)
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=30)
    handler.release.set()
    assert len(handler.student_recipients()) == 5
    # The killed run's claims are taken over at once (its process is gone), and the five
    # delivered ones are not sent again.
    time.sleep(0.2)
    r = term.run(*args)
    assert r.returncode == 0, r.stderr
    got = handler.student_recipients()
    assert sorted(got) == expected_recipients(term)
    assert len(got) == len(set(got))


def test_dry_run_sends_and_records_nothing(term, smtp_server):
    before = term.sql("SELECT COUNT(*) FROM outbox")
    r = term.run("remind", "--now", NOW, "--dry-run", "--smtp-url", smtp_server.url)
    assert r.stdout.count("Subject: ") == 18
    assert "Dear Ștefan Drăgulescu," in r.stdout
    assert smtp_server.handler.messages == []
    assert term.sql("SELECT COUNT(*) FROM outbox") == before


def test_maildir_transport(term, tmp_path):
    maildir = tmp_path / "mail"
    term.run("remind", "--now", NOW, "--transport", "maildir", "--maildir", str(maildir))
    files = list((maildir / "new").iterdir())
    assert len(files) == 19  # 18 reminders and the digest
    import email
    import email.policy
    msgs = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    digest = next(m for m in msgs if m["To"].addresses[0].addr_spec == COORDINATOR)
    assert "sent 18 reminders" in digest.get_content()


def test_ics_parses_with_icalendar(tmp_path):
    s = Seminar(tmp_path)
    s.run("init", "--title", "Theoretical Advances in Deep Learning", "--term", "Winter 2024/25")
    s.run("deadline", "template")
    # 02:30 does not exist on 2025-03-30 in Berlin: refused with what to write, not moved.
    gap = s.run("deadline", "add", "other", "2025-03-30T02:30", check=False)
    assert gap.returncode == 65 and "write 03:30 or 01:30" in gap.stderr
    s.run("deadline", "add", "other", "2025-03-30T03:30", "--title", "Grades; final, with commas — and a very long title that needs folding")
    out = tmp_path / "deadlines.ics"
    s.run("deadline", "export", "--output", str(out))
    raw = out.read_bytes()
    assert b"\r\n" in raw and raw.replace(b"\r\n", b"").count(b"\n") == 0
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = icalendar.Calendar.from_ical(raw)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 6
    utc = datetime.timezone.utc
    starts = {str(e["CATEGORIES"].cats[0]).lower(): e.decoded("DTSTART").astimezone(utc) for e in events}
    assert starts["preferences"] == datetime.datetime(2024, 8, 31, 21, 59, tzinfo=utc)  # 23:59 CEST
    assert starts["deregistration"] == datetime.datetime(2024, 11, 1, 22, 59, tzinfo=utc)  # 23:59 CET
    assert starts["report"] == datetime.datetime(2025, 1, 15, 22, 59, tzinfo=utc)
    assert starts["presentation"] == datetime.datetime(2025, 2, 13, 8, 0, tzinfo=utc)  # 09:00 CET
    # 03:30 CEST, the first minute after the clocks went forward.
    assert starts["other"] == datetime.datetime(2025, 3, 30, 1, 30, tzinfo=utc)
    other = next(e for e in events if str(e["CATEGORIES"].cats[0]).lower() == "other")
    assert str(other["SUMMARY"]).startswith("Grades; final, with commas — and a very long title that needs folding")
    assert len(cal.walk("VTIMEZONE")) == 1 and str(cal.walk("VTIMEZONE")[0]["TZID"]) == "Europe/Berlin"
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 6
    for e in events:
        assert "DTSTAMP" in e
    # A second export keeps the UIDs, so calendar programs update instead of duplicating.
    again = icalendar.Calendar.from_ical(s.run("deadline", "list", "--format", "ics").stdout.encode())
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(uids)


def test_smtp_login_with_password_from_the_environment(term):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.login == b"tadl" and auth_data.password == b"s3cret pass", handled=False)

    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_require_tls=False, auth_required=True)
    controller.start()
    try:
        url = f"smtp://tadl@127.0.0.1:{port}"
        # With a password, TLS is required unless switched off: this server has no STARTTLS,
        # so the password is not sent in clear text.
        term.env["SEMINAR_SMTP_PASSWORD"] = "s3cret pass"
        refused = term.run("remind", "--now", NOW, "--smtp-url", url, check=False)
        assert refused.returncode == 1 and "TLS" in refused.stderr
        assert logins == [] and handler.messages == []
        r = term.run("remind", "--now", NOW, "--smtp-url", url, "--smtp-tls", "off")
        assert r.returncode == 0, r.stderr
        assert "s3cret" not in r.stdout + r.stderr
        assert (b"tadl", b"s3cret pass") in logins
        assert sorted(handler.student_recipients()) == expected_recipients(term)
    finally:
        controller.stop()


def test_smtp_wrong_password_is_a_failure_not_a_retry_storm(term):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=False, handled=False)

    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, auth_require_tls=False, auth_required=True,
                            authenticator=authenticator)
    controller.start()
    try:
        pw = term.dir / "smtp-password"
        pw.write_text("wrong\n")
        r = term.run("remind", "--now", NOW, "--smtp-url", f"smtp://127.0.0.1:{port}", "--smtp-user", "tadl",
                     "--smtp-password-file", str(pw), "--smtp-tls", "off", check=False)
        assert r.returncode == 1, r.stderr
        assert "SEMINAR_SMTP_PASSWORD" in r.stderr
        assert handler.messages == []
        assert term.sql("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").strip() == "0"
    finally:
        controller.stop()


def test_starttls_and_login_with_a_private_ca(term, tmp_path):
    """STARTTLS for real: aiosmtpd requires it before AUTH; libcurl upgrades the
    connection, checks the server's certificate against --smtp-ca-file, then logs in."""
    import ssl
    import subprocess

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, session.ssl is not None))
        return AuthResult(success=auth_data.password == b"s3cret", handled=False)

    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            auth_require_tls=True, authenticator=authenticator)
    controller.start()
    try:
        term.env["SEMINAR_SMTP_PASSWORD"] = "s3cret"
        url = f"smtp://tadl@127.0.0.1:{port}"
        # The self-signed certificate is not trusted by the system: refused, nothing sent.
        untrusted = term.run("remind", "--now", NOW, "--smtp-url", url, check=False)
        assert untrusted.returncode == 1, untrusted.stderr
        assert "--smtp-ca-file" in untrusted.stderr
        assert logins == [] and handler.messages == []
        ok = term.run("remind", "--now", NOW, "--smtp-url", url, "--smtp-ca-file", str(cert))
        assert ok.returncode == 0, ok.stderr
        assert (b"tadl", True) in logins  # logged in over the encrypted connection
        assert sorted(handler.student_recipients()) == expected_recipients(term)
    finally:
        controller.stop()
