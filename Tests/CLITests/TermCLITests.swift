import XCTest

/// Areas working together on the Fixtures seminar, as in a real term.
final class TermCLITests: XCTestCase {
    func testThePresentationReminderNamesTheStudentsOwnSlot() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["prefs", "import", CLI.fixture("preferences-form.csv")])
        try cli.ok(["assign", "--seed", "1"])
        try cli.ok(["deadline", "add", "presentation", "2025-02-13T09:00", "--title", "Final presentations"])
        try cli.ok([
            "remind", "config", "--from", "Seminar <seminar@example.org>", "--coordinator",
            "Coordinator <c@example.org>",
        ])
        let before = try cli.ok(["remind", "--dry-run", "--now", "2025-02-07T09:00"]).stdout
        XCTAssertFalse(before.contains("Your talk:"), "no schedule yet: no slot in the mail")

        try cli.ok([
            "schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14", "--start", "09:00", "--end", "17:00",
            "--talk", "30", "--room", "MI 02.09.023",
        ])
        try cli.ok(["schedule", "swap", "03712845", "11745862"])
        let agenda = try cli.json(["schedule", "show", "--format", "json"])
        let talk = try XCTUnwrap(agenda.first { $0["student"] as? String == "03712845" })
        let start = try XCTUnwrap(talk["start"] as? String)
        let end = try XCTUnwrap(talk["end"] as? String)
        let mails = try cli.ok(["remind", "--dry-run", "--now", "2025-02-07T09:00"]).stdout
        let mail = try XCTUnwrap(
            mails.components(separatedBy: "----- ").first { $0.contains(": 03712845, presentation") }, mails)
        let slotLine = try XCTUnwrap(mail.split(separator: "\n").first { $0.hasPrefix("Your talk:") }, mail)
        // The mail's time is the one in the agenda, after the coordinator's swap.
        XCTAssertTrue(slotLine.contains("\(start)–\(end)"), "\(slotLine) vs agenda \(start)–\(end)")
        XCTAssertTrue(slotLine.contains("MI 02.09.023"), String(slotLine))
    }

    /// Every command that writes a file says why it cannot, the same way (exit 66).
    func testEveryOutputFileRefusesAMissingFolderTheSameWay() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["prefs", "import", CLI.fixture("preferences-form.csv")])
        try cli.ok(["assign", "--seed", "1"])
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        try cli.ok(["grade", "import", CLI.fixture("grades.csv")])
        try cli.ok([
            "schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14", "--start", "09:00", "--end", "17:00",
        ])
        let missing = cli.path("no-such-folder/out")
        for args in [
            ["deadline", "export", "--output", missing], ["schedule", "show", "--format", "ics", "--output", missing],
            ["grade", "export", "--output", missing],
        ] {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 66, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("does not exist"), "\(args): \(r.stderr)")
        }
        XCTAssertTrue(
            try cli.ok(["deadline", "export", "--output", cli.path("deadlines.ics")]).stdout.contains("1 deadlines"))
    }
}
