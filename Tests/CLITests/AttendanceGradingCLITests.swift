import Foundation
import XCTest

/// The attendance rule end to end: a student who missed the second day, their grades, the
/// excuse, and every grade output and `status` in each mode.
final class AttendanceGradingCLITests: XCTestCase {
    /// The Fixtures seminar: everyone with a paper, two days scheduled, everyone signed in
    /// on day 1 and everyone but the first student on day 2 (unless `day2` is false: no
    /// sheet for day 2). The first student has report 2.0 and presentation 2.0.
    func seminar(day2: Bool = true) throws -> (cli: CLI, absent: String, students: [String]) {
        let cli = try CLI()
        let students = try cli.initFixtureSeminarWithPapers()
        try cli.ok(ScheduleCLITests.generate)
        var sheet = "Matrikelnummer;Datum\r\n"
        for s in students { sheet += "\(s);13.02.2025\r\n" }
        if day2 { for s in students.dropFirst() { sheet += "\(s);14.02.2025\r\n" } }
        try sheet.write(toFile: cli.path("sign-in.csv"), atomically: true, encoding: .utf8)
        try cli.ok(["attend", "import", cli.path("sign-in.csv")])
        try cli.ok(["grade", "set", students[0], "--report", "2.0", "--presentation", "2.0"])
        return (cli, students[0], students)
    }

    /// The student's `grade list` row, the final grade as text (`2.0`) as grades are shown.
    func row(_ cli: CLI, _ id: String) throws -> [String: Any] {
        var r = try XCTUnwrap(try cli.json(["grade", "list", "--format", "json"]).first { $0["id"] as? String == id })
        r["final"] = (r["final"] as? NSNumber).map { String(format: "%.1f", $0.doubleValue) }
        return r
    }

    func name(_ cli: CLI, _ id: String) throws -> String {
        try XCTUnwrap(
            try cli.json(["student", "list", "--format", "json"]).first { $0["id"] as? String == id }?["name"]
                as? String)
    }

    /// The cells of one CSV record (quotes as RFC 4180 writes them; no line breaks in cells here).
    func cells(_ line: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        cell.append("\"")
                        chars = chars.dropFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(c)
            }
        }
        return cells + [cell]
    }

    /// The grade sheet's rows by id.
    func sheet(_ cli: CLI) throws -> [String: [String: String]] {
        let lines = try cli.ok(["grade", "export"]).stdout.components(separatedBy: "\r\n").filter {
            !$0.isEmpty
        }
        let header = cells(lines[0])
        var rows: [String: [String: String]] = [:]
        for line in lines.dropFirst() {
            let row = cells(line)
            XCTAssertEqual(row.count, header.count, line)
            rows[row[0]] = Dictionary(uniqueKeysWithValues: zip(header, row))
        }
        return rows
    }

    func testRequiredHoldsTheGradeBackUntilExcused() throws {
        let (cli, absent, _) = try seminar()
        let who = try name(cli, absent)
        let day2Speakers = try cli.json(["schedule", "show", "--format", "json"]).filter {
            $0["kind"] as? String == "talk" && $0["day"] as? String == "2025-02-14"
                && $0["student"] as? String != absent
        }.compactMap { $0["name"] as? String }
        XCTAssertGreaterThan(day2Speakers.count, 5)

        // Held back: no final grade, named with the talks missed.
        var r = try row(cli, absent)
        XCTAssertEqual(r["status"] as? String, "incomplete")
        XCTAssertNil(r["final"] as? String)
        let note = try XCTUnwrap(r["note"] as? String)
        XCTAssertTrue(note.hasPrefix("\(day2Speakers.count) talks missed without excuse (2025-02-14: "), note)
        for name in day2Speakers { XCTAssertTrue(note.contains(name), name) }
        let list = try cli.ok(["grade", "list"])
        XCTAssertTrue(list.stderr.contains("1 of them held back by the attendance rule alone"), list.stderr)
        var exported = try sheet(cli)
        XCTAssertEqual(exported[absent]?["status"], "incomplete")
        XCTAssertEqual(exported[absent]?["final"], "")
        XCTAssertEqual(exported[absent]?["note"], note)
        let stats = try cli.ok(["grade", "stats", "--format", "json"]).stdout
        XCTAssertTrue(stats.contains("\"held_back_by_attendance\": 1"), stats)
        XCTAssertTrue(stats.contains("\"passed\": 0"), stats)
        let status = try cli.ok(["status"]).stdout
        XCTAssertTrue(
            status.contains(
                "Attendance: \(absent) \(who), \(note) — no final grade until excused: seminar attend excuse \(absent) 2025-02-14 --reason TEXT"
            ), status)

        // The campus list: nothing written for them, and the reason given.
        let list1 = cli.path("registration.csv")
        try FileManager.default.copyItem(atPath: CLI.fixture("registration.csv"), toPath: list1)
        let fill = try cli.ok(["grade", "export", "--into", list1])
        XCTAssertTrue(fill.stdout.contains("No grade (left empty):"), fill.stdout)
        XCTAssertTrue(fill.stdout.contains("\(absent) \(who) — incomplete: \(note)"), fill.stdout)
        let filled = try String(contentsOfFile: list1, encoding: .windowsCP1252).components(separatedBy: "\r\n")
        let line = try XCTUnwrap(filled.first { $0.hasPrefix("\"\(absent)\";") })
        XCTAssertEqual(line.components(separatedBy: ";")[5], "\"\"", line)

        // Excused: they pass with what their components give, and the history keeps it.
        let excuse = try cli.ok(["attend", "excuse", absent, "2025-02-14", "--reason", "medical certificate"])
        XCTAssertTrue(excuse.stdout.contains("Excused \(absent) \(who), 2025-02-14"), excuse.stdout)
        XCTAssertTrue(excuse.stdout.contains("Final: 2.0 (passed), was – (incomplete: "), excuse.stdout)
        r = try row(cli, absent)
        XCTAssertEqual(r["status"] as? String, "passed")
        XCTAssertEqual(r["final"] as? String, "2.0")
        XCTAssertNil(r["note"] as? String)
        exported = try sheet(cli)
        XCTAssertEqual(exported[absent]?["final"], "2.0")
        let report = try cli.json(["attendance", "report", "--format", "json"]).first {
            $0["student"] as? String == absent
        }
        XCTAssertEqual(report?["complete"] as? Bool, true)
        XCTAssertEqual(report?["missed_talks"] as? Int, 0)
        XCTAssertEqual(report?["excused_talks"] as? Int, day2Speakers.count)
        XCTAssertEqual(report?["excused"] as? String, "2025-02-14 (medical certificate)")
        XCTAssertFalse(try cli.ok(["status"]).stdout.contains("Attendance:"))

        // The same again changes nothing; another reason replaces it; withdrawn, held back again.
        let before = try cli.dump()
        XCTAssertTrue(
            try cli.ok(["attend", "excuse", absent, "2025-02-14", "--reason", "medical certificate"]).stdout.contains(
                "Already excused"))
        XCTAssertEqual(try cli.dump(), before)
        try cli.ok(["attend", "excuse", absent, "2025-02-14", "--reason", "certificate of 14 Feb"])
        let withdraw = try cli.ok(["attend", "unexcuse", absent, "2025-02-14"])
        XCTAssertTrue(withdraw.stdout.contains("(certificate of 14 Feb)"), withdraw.stdout)
        XCTAssertTrue(withdraw.stdout.contains("Final: – (incomplete: "), withdraw.stdout)
        XCTAssertEqual(try row(cli, absent)["status"] as? String, "incomplete")
        XCTAssertTrue(try cli.ok(["attend", "unexcuse", absent, "2025-02-14"]).stdout.contains("nothing changed"))
        let history = try cli.json(["grade", "history", absent, "--format", "json"]).filter {
            $0["component"] as? String == "attendance excuse"
        }
        XCTAssertEqual(history.map { $0["source"] as? String }, ["attend excuse", "attend excuse", "attend unexcuse"])
        XCTAssertEqual(
            history.map { $0["new"] as? String },
            ["2025-02-14: medical certificate", "2025-02-14: certificate of 14 Feb", nil])
        XCTAssertEqual(history.last?["old"] as? String, "2025-02-14: certificate of 14 Feb")
    }

    func testExcusingEachTalkOfTheDayAndTheTalkByPaperOrSpeaker() throws {
        let (cli, absent, _) = try seminar()
        let day2 = try cli.json(["schedule", "show", "--format", "json"]).filter {
            $0["kind"] as? String == "talk" && $0["day"] as? String == "2025-02-14"
        }
        let talks = day2.compactMap { t -> (String, String)? in
            guard let s = t["student"] as? String, let p = t["paper"] as? String else { return nil }
            return (s, p)
        }
        // By speaker for one, by paper for the others.
        try cli.ok(["attend", "excuse", absent, talks[0].0, "--reason", "dentist"])
        let note = try XCTUnwrap(try row(cli, absent)["note"] as? String)
        XCTAssertTrue(note.hasPrefix("\(talks.count - 1) talks missed without excuse"), note)
        for (_, paper) in talks.dropFirst() { try cli.ok(["attend", "excuse", absent, paper, "--reason", "dentist"]) }
        XCTAssertEqual(try row(cli, absent)["final"] as? String, "2.0")
        // The history names a talk by its paper, never by the other student's id.
        let history = try cli.json(["grade", "history", absent, "--format", "json"]).compactMap {
            $0["new"] as? String
        }.filter { $0.hasPrefix("talk on ") }
        XCTAssertEqual(history.count, talks.count)
        XCTAssertEqual(history.first, "talk on \(talks[0].1): dentist")
        for (speaker, _) in talks { XCTAssertFalse(history.contains { $0.contains(speaker) }, speaker) }
        // Removing a speaker takes the excuses for their talk with them.
        try cli.ok(["student", "remove", talks[0].0])
        XCTAssertFalse(try cli.dump().contains(talks[0].0))
    }

    func testAPaperPresentedTwiceIsRefusedAndNamedByItsSpeaker() throws {
        let (cli, absent, students) = try seminar()
        // ntk-jacot18 has two places: a second student presents it too.
        let holder = try XCTUnwrap(
            try cli.json(["assignment", "list", "--format", "json"]).first { $0["paper"] as? String == "ntk-jacot18" }?[
                "student"] as? String)
        let second = try XCTUnwrap(students.dropFirst().first { $0 != holder })
        try cli.ok(["assignment", "set", second, "ntk-jacot18"])
        try cli.ok(ScheduleCLITests.generate)
        let before = try cli.dump()
        let r = try cli.run(["attend", "excuse", absent, "ntk-jacot18", "--reason", "dentist"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("ntk-jacot18 is presented in 2 talks"), r.stderr)
        XCTAssertTrue(r.stderr.contains("name the talk by its speaker's id"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)
        try cli.ok(["attend", "excuse", absent, holder, "--reason", "dentist"])
    }

    func testClosingFailsTheHeldBackAndAnExcuseAfterwardsPasses() throws {
        let (cli, absent, _) = try seminar()
        let close = try cli.ok(["grade", "close"])
        XCTAssertTrue(close.stdout.contains(absent) || close.stderr.contains(absent), close.stdout + close.stderr)
        var r = try row(cli, absent)
        XCTAssertEqual(r["status"] as? String, "failed")
        XCTAssertEqual(r["final"] as? String, "5.0")
        XCTAssertTrue((r["note"] as? String)?.hasPrefix("term closed with ") == true)
        try cli.ok(["attend", "excuse", absent, "2025-02-14", "--reason", "medical certificate"])
        r = try row(cli, absent)
        XCTAssertEqual(r["status"] as? String, "passed")
        XCTAssertEqual(r["final"] as? String, "2.0")
    }

    func testWarnKeepsTheGradeAndFlagsItEverywhere() throws {
        let (cli, absent, _) = try seminar()
        let who = try name(cli, absent)
        let config = try cli.ok(["grade", "config", "--attendance", "warn"]).stdout
        XCTAssertTrue(config.contains("attendance  warn (missed talks are flagged; the grade stands)"), config)
        let r = try row(cli, absent)
        XCTAssertEqual(r["status"] as? String, "passed")
        XCTAssertEqual(r["final"] as? String, "2.0")
        let note = try XCTUnwrap(r["note"] as? String)
        XCTAssertTrue(note.contains("talks missed without excuse"), note)
        XCTAssertTrue(try cli.ok(["grade", "list"]).stderr.contains("the grades stand (attendance rule: warn)"))
        XCTAssertEqual(try sheet(cli)[absent]?["note"], note)
        let stats = try cli.ok(["grade", "stats"]).stdout
        XCTAssertTrue(stats.contains("attendance  1 missed talks without excuse (graded all the same"), stats)
        let list = cli.path("registration.csv")
        try FileManager.default.copyItem(atPath: CLI.fixture("registration.csv"), toPath: list)
        let fill = try cli.ok(["grade", "export", "--into", list])
        XCTAssertTrue(fill.stdout.contains("Graded although they missed talks without excuse"), fill.stdout)
        XCTAssertTrue(fill.stdout.contains("  \(absent) \(who) — \(note)"), fill.stdout)
        XCTAssertTrue(try String(contentsOfFile: list, encoding: .windowsCP1252).contains("\"2,0\""))
        XCTAssertTrue(try cli.ok(["status"]).stdout.contains("the grade stands (attendance rule: warn)"))
        let history = try cli.json(["grade", "history", "--format", "json"]).last
        XCTAssertEqual(history?["old"] as? String, "attendance required")
        XCTAssertEqual(history?["new"] as? String, "attendance warn")
    }

    func testOffIgnoresAttendance() throws {
        let (cli, absent, _) = try seminar()
        try cli.ok(["grade", "config", "--attendance", "off"])
        let r = try row(cli, absent)
        XCTAssertEqual(r["final"] as? String, "2.0")
        XCTAssertNil(r["note"] as? String)
        XCTAssertFalse(try cli.ok(["grade", "list"]).stderr.contains("Attendance"))
        XCTAssertFalse(try cli.ok(["status"]).stdout.contains("Attendance"))
        let excuse = try cli.ok(["attend", "excuse", absent, "2025-02-14", "--reason", "medical certificate"])
        XCTAssertTrue(excuse.stdout.contains("the attendance rule is off"), excuse.stdout)
    }

    func testADayWithoutSignInsIsNotJudgedAndStatusSaysSo() throws {
        let (cli, absent, students) = try seminar(day2: false)
        XCTAssertEqual(try row(cli, absent)["final"] as? String, "2.0", "day 2 has no records: not judged")
        let status = try cli.ok(["status"]).stdout
        XCTAssertTrue(
            status.contains(
                "Attendance: no sign-ins recorded for 2025-02-14 yet, so the attendance rule does not judge that day"),
            status)
        // One signature on day 2 and the day is judged: everyone else missed it.
        try cli.ok(["attend", students[1], "2025-02-14"])
        XCTAssertEqual(try row(cli, absent)["status"] as? String, "incomplete")
        let status2 = try cli.ok(["status"]).stdout
        XCTAssertFalse(status2.contains("no sign-ins recorded"))
        // 19 students missed day 2: status names ten and counts the rest.
        let named = status2.components(separatedBy: "\n").filter { $0.contains("talks missed without excuse (") }
        XCTAssertEqual(named.count, 10, status2)
        XCTAssertTrue(status2.contains("Attendance: 9 more students missed talks without excuse"), status2)
    }

    func testADroppedStudentIsWithdrawnWhateverTheyMissed() throws {
        let (cli, absent, _) = try seminar()
        try cli.ok(["student", "drop", absent])
        let r = try row(cli, absent)
        XCTAssertEqual(r["status"] as? String, "withdrawn")
        XCTAssertFalse((r["note"] as? String ?? "").contains("talks missed"))
        XCTAssertFalse(try cli.ok(["status"]).stdout.contains("Attendance: \(absent)"))
    }

    func testBadExcusesAreRefusedAndChangeNothing() throws {
        let (cli, absent, students) = try seminar()
        let before = try cli.dump()
        let cases: [([String], Int32, String)] = [
            (["attend", "excuse", absent, "2025-02-20", "--reason", "x"], 65, "is not a day of the block seminar"),
            (["attend", "excuse", absent, "no-such-paper", "--reason", "x"], 65, "is neither a day"),
            (["attend", "excuse", absent, absent, "--reason", "x"], 65, "not from their own"),
            (["attend", "excuse", "00000000", "2025-02-14", "--reason", "x"], 65, "00000000"),
            (["attend", "excuse", absent, "2025-02-14", "--reason", " "], 65, "--reason must be one line"),
            (["attend", "excuse", absent, "2025-02-14", "--reason", "a\u{1b}[2Jb"], 65, "--reason must be one line"),
            (["attend", "excuse", absent, "2025-02-14"], 64, "--reason"),
            (["attend", "unexcuse", absent, "2025-03-01"], 65, "is not a day of the block seminar"),
            (["grade", "config", "--attendance", "sometimes"], 64, "sometimes"),
        ]
        for (args, code, message) in cases {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, code, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("\u{1b}"), r.stderr)
        }
        XCTAssertEqual(try cli.dump(), before)
        // A signature that makes an excuse moot is said.
        let moot = try cli.ok(["attend", "excuse", students[1], "2025-02-14", "--reason", "x"])
        XCTAssertTrue(moot.stdout.contains("signed in on that day"), moot.stdout)
        // No schedule yet: nothing to excuse.
        let fresh = try CLI()
        try fresh.initFixtureSeminar()
        let none = try fresh.run(["attend", "excuse", absent, "2025-02-14", "--reason", "x"])
        XCTAssertEqual(none.status, 65)
        XCTAssertTrue(none.stderr.contains("there is no schedule yet"), none.stderr)
    }
}
