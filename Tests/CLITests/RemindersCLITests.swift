import Foundation
import XCTest

final class RemindersCLITests: XCTestCase {
    func testDeadlinesAreReadInTheSeminarZoneAndStoredInUTC() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        try cli.ok(["deadline", "add", "other", "2025-07-01T09:00", "--title", "Summer party"])
        let rows = try cli.json(["deadline", "list", "--format", "json"])
        XCTAssertEqual(rows.map { $0["due_utc"] as? String }, ["2025-01-15T22:59:00Z", "2025-07-01T07:00:00Z"])
        XCTAssertEqual(rows.map { $0["due"] as? String }, ["2025-01-15 23:59", "2025-07-01 09:00"])
        XCTAssertEqual(rows.last?["title"] as? String, "Summer party")

        XCTAssertEqual(try cli.run(["deadline", "add", "essay", "2025-01-15"]).status, 64)
        let bad = try cli.run(["deadline", "add", "report", "2025-02-30"])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.contains("not a date"))
        XCTAssertEqual(try cli.run(["deadline", "add", "report", "2025-01-15"]).status, 65, "the same deadline twice")

        try cli.ok(["deadline", "remove", "2"])
        XCTAssertEqual(try cli.json(["deadline", "list", "--format", "json"]).count, 1)
        XCTAssertEqual(try cli.run(["deadline", "remove", "2"]).status, 65)
    }

    func testADeadlineTitleIsTrimmedAndChecked() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let blank = try cli.run(["deadline", "add", "report", "2025-01-15", "--title", "   "])
        XCTAssertEqual(blank.status, 65, "a blank title would leave mails and calendars with no name")
        let long = try cli.run([
            "deadline", "add", "report", "2025-01-15", "--title", String(repeating: "x", count: 900),
        ])
        XCTAssertEqual(long.status, 65)
        XCTAssertTrue(long.stderr.contains("too long"), long.stderr)
        try cli.ok(["deadline", "add", "other", "2025-07-01T09:00", "--title", "  Summer party "])
        XCTAssertEqual(
            try cli.json(["deadline", "list", "--format", "json"]).map { $0["title"] as? String }, ["Summer party"])
    }

    func testTemplateFillsTheUsualTimelineOnce() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let r = try cli.ok(["deadline", "template"])
        XCTAssertTrue(r.stdout.contains("Thu 13 Feb 2025, 09:00 CET"))
        let again = try cli.ok(["deadline", "template"])
        XCTAssertTrue(again.stdout.contains("Kept"))
        XCTAssertEqual(
            try cli.json(["deadline", "list", "--format", "json"]).map { $0["kind"] as? String },
            ["preferences", "deregistration", "report", "slides", "presentation"])
        let summer = try cli.run(["deadline", "template", "--term", "Summer 2025"])
        XCTAssertEqual(summer.status, 65)
        XCTAssertTrue(summer.stderr.contains("winter term"))
    }

    func testAHandInWithinTheDueMinuteIsOnTime() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        // "2025-01-15" is the end of that day: 23:59:30 used to be "LATE by 0 minutes".
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        XCTAssertTrue(
            try cli.ok(["submit", "03712845", "report", "--at", "2025-01-15T23:59:30"]).stdout.contains("on time"))
        XCTAssertTrue(
            try cli.ok(["submit", "03754410", "report", "--at", "2025-01-16T00:00"]).stdout.contains("LATE by 1 minute")
        )
        let list = try cli.json(["submission", "list", "--format", "json"])
        XCTAssertEqual(list.map { $0["late"] as? Bool }, [false, true])
        XCTAssertFalse(try cli.ok(["student", "show", "03712845"]).stdout.contains("late by"))
    }

    func testAHandInDatedInTheFutureIsQuestioned() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        // It only counts from that moment: until then the student is still reminded.
        let r = try cli.ok(["submit", "03712845", "report", "--at", "2199-01-15T10:00"])
        XCTAssertTrue(r.stderr.contains("in the future"), r.stderr)
        XCTAssertFalse(
            try cli.ok(["submit", "03754410", "report", "--at", "2025-01-15T10:00"]).stderr.contains("future"))
    }

    func testSubmitChecksThePDFAndMarksLateness() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        let pdf = cli.path("report.pdf")
        let bytes = Data("%PDF-1.5\n%âãÏÓ\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: pdf))
        let r = try cli.ok(["submit", "03712845", "report", "--file", pdf, "--at", "2025-01-15T20:00"])
        XCTAssertTrue(r.stdout.contains("on time"))
        let sha = try CLI.tool("/usr/bin/sha256sum", [pdf]).split(separator: " ")[0]
        XCTAssertTrue(r.stdout.contains(String(sha)))

        let late = try cli.ok(["submit", "03754410", "report", "--at", "2025-01-16T08:00"])
        XCTAssertTrue(late.stdout.contains("LATE by 8 hours 1 minute"))

        let before = try cli.dump()
        let docx = cli.path("report.docx")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]).write(to: URL(fileURLWithPath: docx))
        let notPDF = try cli.run(["submit", "03705521", "report", "--file", docx])
        XCTAssertEqual(notPDF.status, 65)
        XCTAssertTrue(notPDF.stderr.contains("report.docx: error: not a PDF: it looks like a ZIP archive"))
        XCTAssertEqual(try cli.run(["submit", "03705521", "report", "--file", cli.path("nope.pdf")]).status, 66)
        XCTAssertEqual(try cli.run(["submit", "99999999", "report"]).status, 65)
        XCTAssertEqual(try cli.run(["submit", "03705521", "presentation"]).status, 65)
        XCTAssertEqual(try cli.dump(), before, "failed submissions change nothing")

        let list = try cli.json(["submission", "list", "--format", "json"])
        XCTAssertEqual(list.count, 2)
        XCTAssertEqual(list.first?["sha256"] as? String, String(sha))
        XCTAssertEqual(list.first?["size"] as? Int, bytes.count)
        XCTAssertEqual(list.map { $0["late"] as? Bool }, [false, true])
        let missing = try cli.json(["submission", "list", "--missing", "report", "--format", "json"])
        XCTAssertEqual(missing.count, 18)
        XCTAssertFalse(missing.contains { $0["id"] as? String == "03712845" })
    }

    func testRemindLogRefusesAStateThatDoesNotExist() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        // A typo must not look like "nothing failed".
        let r = try cli.run(["remind", "log", "--state", "faild"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("'faild'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("'claimed', 'sent', 'failed' or 'cancelled'"), r.stderr)
        try cli.ok(["remind", "log", "--state", "failed"])
    }

    func testRemindIsQuietWhenThereIsNothingToDo() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        // Half-configured: no deadlines, no sender. Still exit 0 and silent.
        let r = try cli.run(["remind"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout + r.stderr, "")
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        XCTAssertEqual(try cli.run(["remind", "--now", "2024-12-01"]).stdout, "")
        // Due, but nobody to send as: say so, with the command that fixes it.
        let unconfigured = try cli.run(["remind", "--now", "2025-01-09T08:00", "--maildir", cli.path("mail")])
        XCTAssertEqual(unconfigured.status, 64)
        XCTAssertTrue(unconfigured.stderr.contains("seminar remind config --from"))
    }

    func testAnEmptySendmailCommandSendsNothingAndRecordsNothing() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        try cli.ok(["remind", "config", "--from", "TADL <tadl@example.org>", "--kinds", "report"])
        // `sh -c ""` exits 0: every reminder was recorded as sent and none left the machine.
        let before = try cli.dump()
        let r = try cli.run(["remind", "--now", "2025-01-09T08:00", "--sendmail-command", "  "])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--sendmail-command"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)
        // Likewise an empty --maildir: the mails went into tmp/ new/ cur/ of whatever the
        // current directory was, and were recorded as sent.
        let m = try cli.run(["remind", "--now", "2025-01-09T08:00", "--maildir", ""])
        XCTAssertEqual(m.status, 64)
        XCTAssertTrue(m.stderr.contains("--maildir"), m.stderr)
        XCTAssertEqual(try cli.dump(), before)
    }

    func testRemindIntoAMaildirOnceOnly() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        try cli.ok(["remind", "config", "--from", "TADL <tadl@example.org>", "--windows", "7d,1d", "--kinds", "report"])
        try cli.ok(["submit", "03712845", "report", "--at", "2025-01-02"])
        try cli.ok(["student", "drop", "03754410", "--on", "2024-10-01"])
        let maildir = cli.path("mail")
        let r = try cli.ok(["remind", "--now", "2025-01-09T08:00", "--maildir", maildir])
        XCTAssertTrue(r.stdout.contains("Sent 18 reminders"), r.stdout)
        let files = try FileManager.default.contentsOfDirectory(atPath: maildir + "/new")
        XCTAssertEqual(files.count, 18)
        let again = try cli.ok(["remind", "--now", "2025-01-10T08:00", "--maildir", maildir])
        XCTAssertEqual(again.stdout, "")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: maildir + "/new").count, 18)
        let text = try files.map { try String(contentsOfFile: maildir + "/new/" + $0, encoding: .utf8) }.joined()
        XCTAssertFalse(text.contains("jonas.mueller@tum.de"), "handed in")
        XCTAssertFalse(text.contains("lena.fischer@tum.de"), "dropped")
        let log = try cli.json(["remind", "log", "--format", "json"])
        XCTAssertEqual(log.count, 18)
        XCTAssertTrue(log.allSatisfy { $0["state"] as? String == "sent" && $0["window"] as? String == "7d" })
    }

    func testRemindConfigAndTemplatesAreChecked() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        XCTAssertEqual(try cli.run(["remind", "config", "--windows", "7d,soon"]).status, 65)
        XCTAssertEqual(try cli.run(["remind", "config", "--from", "not an address"]).status, 65)
        XCTAssertEqual(try cli.run(["remind", "config", "--smtp-url", "smtp://u:secret@host:25"]).status, 65)
        try FileManager.default.createDirectory(atPath: cli.path("templates"), withIntermediateDirectories: true)
        let folder = try cli.run(["remind", "template", "set", "report", cli.path("templates")])
        XCTAssertEqual(folder.status, 66)
        XCTAssertTrue(folder.stderr.contains("is a directory"), "not 'permission denied': \(folder.stderr)")
        let template = cli.path("report.mustache")
        try "Subject: {{deadline_title}}\n\nHi {{studnet_name}}\n".write(
            toFile: template, atomically: true, encoding: .utf8)
        let typo = try cli.run(["remind", "template", "set", "report", template])
        XCTAssertEqual(typo.status, 65)
        XCTAssertTrue(typo.stderr.contains("{{studnet_name}}"))
        try "Subject: {{deadline_title}}\n\n{{> header}}Hi {{student_name}}\n".write(
            toFile: template, atomically: true, encoding: .utf8)
        let partial = try cli.run(["remind", "template", "set", "report", template])
        XCTAssertEqual(partial.status, 65, "a partial renders as nothing: there are no partials")
        XCTAssertTrue(partial.stderr.contains("header"), partial.stderr)
        try "Subject: {{deadline_title}} for {{student_name}}\n\nHi {{student_name}}, {{time_left}} left.\n"
            .write(toFile: template, atomically: true, encoding: .utf8)
        try cli.ok(["remind", "template", "set", "report", template])
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        try cli.ok(["remind", "config", "--from", "tadl@example.org", "--kinds", "report"])
        let dry = try cli.ok(["remind", "--dry-run", "--now", "2025-01-14T23:59"])
        XCTAssertTrue(dry.stdout.contains("Subject: Report (PDF) for Jonas Müller"))
        XCTAssertTrue(dry.stdout.contains("Hi Jonas Müller, 1 day left."))
        try cli.ok(["remind", "template", "reset", "report"])
        XCTAssertTrue(try cli.ok(["remind", "template", "list", "--format", "csv"]).stdout.contains("report,built-in"))
    }

    func testSMTPServerDownIsExit75() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        try cli.ok(["remind", "config", "--from", "tadl@example.org"])
        // Port 9 on loopback: nothing listens there, the connection is refused.
        let r = try cli.run(["remind", "--now", "2025-01-09T08:00", "--smtp-url", "smtp://127.0.0.1:9"])
        XCTAssertEqual(r.status, 75, r.stderr)
        XCTAssertTrue(r.stderr.contains("try again later"))
        let failed = try cli.json(["remind", "log", "--state", "failed", "--format", "json"])
        XCTAssertEqual(failed.count, 20, "every reminder is left for the next run")
    }

    func testAnEmptyPasswordFileIsAnErrorNotALoginWithoutPassword() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        try cli.ok(["remind", "config", "--from", "tadl@example.org"])
        let file = cli.path("smtp-password")
        try "\n".write(toFile: file, atomically: true, encoding: .utf8)
        // An emptied file used to mean "no password": no login, and STARTTLS no longer required.
        let before = try cli.dump()
        let r = try cli.run([
            "remind", "--now", "2025-01-09T08:00", "--smtp-url", "smtp://127.0.0.1:9",
            "--smtp-user", "tadl", "--smtp-password-file", file,
        ])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("empty"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)
    }
}
