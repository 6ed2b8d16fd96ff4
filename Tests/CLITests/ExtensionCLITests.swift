import Foundation
import XCTest

/// `deadline extend` and `deadline unextend`, end to end.
final class ExtensionCLITests: XCTestCase {
    func testAnExtensionTurnsALateHandInOnTimeAndTakingItBackRestoresTheFlag() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        let late = try cli.ok(["submit", "03712845", "report", "--at", "2025-01-18T10:00"])
        XCTAssertTrue(late.stdout.contains("LATE by"), late.stdout)

        let granted = try cli.ok([
            "deadline", "extend", "03712845", "report", "--until", "2025-01-20", "--reason", "medical certificate",
        ])
        XCTAssertTrue(granted.stdout.contains("has until Mon 20 Jan 2025, 23:59 CET"), granted.stdout)
        XCTAssertEqual(try cli.json(["submission", "list", "--format", "json"]).map { $0["late"] as? Bool }, [false])
        let show = try cli.ok(["student", "show", "03712845"]).stdout
        XCTAssertFalse(show.contains("late by"), show)
        XCTAssertTrue(show.contains("extension to 2025-01-20 23:59 (medical certificate)"), show)
        let onTime = try cli.ok(["submit", "03712845", "report", "--at", "2025-01-19T10:00"])
        XCTAssertTrue(onTime.stdout.contains("on time (extension to 2025-01-20 23:59)"), onTime.stdout)

        // Granting again replaces the extension and says which one.
        let again = try cli.ok(["deadline", "extend", "03712845", "report", "--until", "2025-01-25"])
        XCTAssertTrue(
            again.stdout.contains("replaces the earlier extension to Mon 20 Jan 2025, 23:59 CET (medical certificate)"),
            again.stdout)
        let rows = try cli.json(["deadline", "list", "--format", "json"])
        XCTAssertEqual(rows.map { $0["student"] as? String }, [nil, "03712845"])
        XCTAssertEqual(rows.last?["due"] as? String, "2025-01-25 23:59")
        XCTAssertTrue(rows.last?["id"] is NSNull)
        let ics = try cli.ok(["deadline", "list", "--format", "ics"]).stdout
        XCTAssertFalse(ics.contains("Jonas") || ics.contains("20250125"), "extensions stay out of calendars")

        let back = try cli.ok(["deadline", "unextend", "03712845", "report"])
        XCTAssertTrue(back.stdout.contains("Took back"), back.stdout)
        XCTAssertEqual(
            try cli.json(["submission", "list", "--format", "json", "--all"]).map { $0["late"] as? Bool },
            [true, true])
        XCTAssertTrue(try cli.ok(["student", "show", "03712845"]).stdout.contains("late by"))
        XCTAssertTrue(
            try cli.ok(["deadline", "unextend", "03712845", "report"]).stdout.contains("nothing changed"))
        XCTAssertEqual(try cli.json(["deadline", "list", "--format", "json"]).count, 1)
    }

    func testTheMissingListAndStatusShowWhoHasMoreTime() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        try cli.ok(["deadline", "extend", "03705521", "report", "--until", "2025-01-20"])
        let missing = try cli.json(["submission", "list", "--missing", "report", "--format", "json"])
        let linnea = missing.first { $0["id"] as? String == "03705521" }
        XCTAssertEqual(linnea?["due"] as? String, "2025-01-20 23:59")
        XCTAssertEqual(linnea?["extended"] as? Bool, true)
        let other = missing.first { $0["id"] as? String == "03712845" }
        XCTAssertEqual(other?["due"] as? String, "2025-01-15 23:59")
        XCTAssertEqual(other?["extended"] as? Bool, false)
        let status = try cli.ok(["status"]).stdout
        XCTAssertTrue(
            status.contains(
                "20 students have not handed in the report, due 2025-01-15, 1 of them with an extension to 2025-01-20"),
            status)
        // Erasing the student erases the extension and says so.
        let erased = try cli.ok(["student", "remove", "03705521"]).stdout
        XCTAssertTrue(erased.contains("1 extension"), erased)
    }

    func testRemindersWaitForTheWindowsBeforeTheStudentsOwnDate() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        try cli.ok(["remind", "config", "--from", "TADL <tadl@example.org>", "--windows", "7d,1d", "--kinds", "report"])
        try cli.ok(["deadline", "extend", "03712845", "report", "--until", "2025-01-25"])
        func preview(_ now: String) throws -> [String] {
            try cli.ok(["remind", "run", "--dry-run", "--now", now]).stdout.split(separator: "\n")
                .filter { $0.hasPrefix("----- ") }.map(String.init)
        }
        let week = try preview("2025-01-09T08:00")
        XCTAssertEqual(week.count, 19, "everyone else is reminded")
        XCTAssertFalse(week.contains { $0.contains("03712845") }, "not before the windows of Jonas's own date")
        XCTAssertFalse(try preview("2025-01-15T08:00").contains { $0.contains("03712845") })
        XCTAssertEqual(try preview("2025-01-16T08:00"), [], "the others' deadline has passed")
        XCTAssertEqual(
            try preview("2025-01-19T08:00"),
            ["----- 1 of 1: 03712845, report, extended to 2025-01-25 23:59, 7 days before -----"])
        let mail = try cli.ok(["remind", "run", "--dry-run", "--now", "2025-01-25T08:00"]).stdout
        XCTAssertTrue(mail.contains("Sat 25 Jan 2025, 23:59 CET"), mail)
        XCTAssertFalse(mail.contains("15 Jan"), mail)
        XCTAssertEqual(try preview("2025-01-26T08:00"), [])
    }

    func testBadExtensionsAreRefusedAndChangeNothing() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        try cli.ok(["deadline", "extend", "03705521", "report", "--until", "2025-01-20"])
        let before = try cli.dump()
        func refused(_ args: [String], _ status: Int32, _ text: String, line: UInt = #line) throws {
            let r = try cli.run(["deadline"] + args)
            XCTAssertEqual(r.status, status, r.stderr, line: line)
            XCTAssertTrue(r.stderr.contains(text), r.stderr, line: line)
        }
        try refused(["extend", "99999999", "report", "--until", "2025-01-20"], 65, "no student with id 99999999")
        try refused(
            ["extend", "03712845", "report", "--until", "2025-01-10"], 65,
            "Fri 10 Jan 2025, 23:59 CET is not after the report deadline")
        try refused(["extend", "03712845", "slides", "--until", "2025-01-20"], 65, "seminar deadline add slides")
        try refused(["extend", "03712845", "presentation", "--until", "2025-01-20"], 65, "report or slides")
        try refused(["extend", "03712845", "essay", "--until", "2025-01-20"], 64, "essay")
        try refused(["extend", "03712845", "report"], 64, "--until")
        try refused(["extend", "03712845", "report", "--until", "2025-02-30"], 65, "not a date")
        try refused(["extend", "03712845", "report", "--until", "2025-01-20T24:00"], 65, "24:00")
        try refused(
            ["extend", "03712845", "report", "--until", "2025-01-20", "--reason", "sick\u{1B}[2J"], 65,
            "control character")
        try refused(["extend", "03705521", "report", "--until", "2025-01-12"], 65, "not after")
        try refused(["unextend", "99999999", "report"], 65, "no student with id 99999999")
        try refused(["unextend", "03705521", "presentation"], 65, "report or slides")
        XCTAssertEqual(try cli.dump(), before, "refused commands change nothing")
    }
}
