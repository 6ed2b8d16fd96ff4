import Foundation
import XCTest

final class ScheduleCLITests: XCTestCase {
    static let generate = [
        "schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14", "--start", "09:00", "--end", "17:00",
        "--talk", "30", "--room", "MI 02.09.023", "--break-every", "3", "--lunch", "12:30",
    ]

    /// The Fixtures seminar with every student given a paper (the n-th student the n-th paper).
    func seminarWithAssignments() throws -> CLI {
        let cli = try CLI()
        XCTAssertEqual(try cli.initFixtureSeminarWithPapers().count, 20)
        return cli
    }

    func talks(_ cli: CLI) throws -> [[String: Any]] {
        try cli.json(["schedule", "show", "--format", "json"]).filter { $0["kind"] as? String == "talk" }
    }

    func testGenerateAndShowTheAgendaAsMarkdown() throws {
        let cli = try seminarWithAssignments()
        let r = try cli.ok(ScheduleCLITests.generate)
        XCTAssertTrue(r.stdout.contains("Scheduled 20 talks on 2 days"), r.stdout)
        let md = try cli.ok(["schedule", "show", "--format", "markdown"]).stdout
        XCTAssertTrue(md.hasPrefix("# Theoretical Advances in Deep Learning — block seminar"), md)
        XCTAssertTrue(md.contains("## Thursday, 13 February 2025 — MI 02.09.023"))
        XCTAssertTrue(md.contains("## Friday, 14 February 2025 — MI 02.09.023"))
        XCTAssertTrue(md.contains("| 09:00–09:30 | "))
        XCTAssertTrue(md.contains("| 12:30–13:30 | *Lunch* |"))
        XCTAssertTrue(md.contains("| *Coffee break* |"))
        for name in ["Linnea Bergström", "Étienne Dubois", "Yutong Zhang"] {
            XCTAssertTrue(md.contains("| \(name) | "), name)
        }
        let rows = try talks(cli)
        XCTAssertEqual(rows.count, 20)
        // Topics stay together: each topic's talks are one run.
        let topics = rows.compactMap { $0["topic"] as? String }
        var runs: [String] = []
        for t in topics where runs.last != t { runs.append(t) }
        XCTAssertEqual(runs.count, Set(topics).count, "\(runs)")
        XCTAssertTrue(rows.allSatisfy { ($0["end"] as! String) <= "17:00" })
        let text = try cli.ok(["schedule", "show"]).stdout
        XCTAssertTrue(text.contains("█"))
    }

    func testADayWithItsOwnHoursAndRoom() throws {
        let cli = try seminarWithAssignments()
        try cli.ok([
            "schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14=09:00-12:00", "--talk", "30",
            "--room", "MI 02.09.023", "--room", "2025-02-14=MI HS 1", "--fill", "packed", "--no-breaks",
        ])
        let rows = try talks(cli)
        let friday = rows.filter { $0["day"] as? String == "2025-02-14" }
        XCTAssertEqual(friday.count, 4, "16 talks on Thursday (09:00-17:00), the other 4 on Friday morning")
        XCTAssertTrue(friday.allSatisfy { $0["room"] as? String == "MI HS 1" && ($0["end"] as! String) <= "12:00" })
        XCTAssertTrue(
            rows.filter { $0["day"] as? String == "2025-02-13" }.allSatisfy { $0["room"] as? String == "MI 02.09.023" })
        let md = try cli.ok(["schedule", "show", "--format", "markdown", "--no-abstracts"]).stdout
        XCTAssertTrue(md.contains("## Friday, 14 February 2025 — MI HS 1"), md)
        XCTAssertFalse(md.contains("## Abstracts"))
    }

    func testTalksThatDoNotFitAreReportedAndNothingIsSaved() throws {
        let cli = try seminarWithAssignments()
        let before = try cli.dump()
        let r = try cli.run([
            "schedule", "generate", "--day", "2025-02-13", "--talk", "30", "--lunch", "12:30", "--no-breaks",
        ])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("20 talks do not fit"), r.stderr)
        XCTAssertTrue(r.stderr.contains("6 talks (180 minutes of talk time) are missing"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)
    }

    func testRefusedManualEditsChangeNothingAndASwapIsSaved() throws {
        let cli = try seminarWithAssignments()
        try cli.ok(ScheduleCLITests.generate)
        let first = try talks(cli)[0]
        let second = try talks(cli)[1]
        let a = first["student"] as! String
        let b = second["student"] as! String
        let before = try cli.dump()
        for (args, needle) in [
            (["schedule", "move", a, "2025-02-13T12:45"], "lunch"),
            (["schedule", "move", a, "2025-02-13T09:15"], "already booked"),
            (["schedule", "move", a, "2025-02-13T16:45"], "past the end"),
            (["schedule", "move", a, "2025-02-15T10:00"], "not a day of the block seminar"),
            (["schedule", "move", a, "2025-02-13T09:15", "--room", "Room B"], "everyone attends every talk"),
            (["schedule", "swap", a, a], "two different"),
        ] {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 65, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(needle), r.stderr)
        }
        XCTAssertEqual(try cli.run(["schedule", "move", a, "tomorrow"]).status, 65)
        XCTAssertEqual(try cli.dump(), before)
        try cli.ok(["schedule", "swap", a, b])
        let after = try talks(cli)
        XCTAssertEqual(after.first { $0["student"] as? String == a }?["start"] as? String, second["start"] as? String)
        XCTAssertEqual(after.first { $0["student"] as? String == a }?["manual"] as? Bool, true)
        // Regenerating would undo the swap: only with --replace.
        XCTAssertEqual(try cli.run(ScheduleCLITests.generate).status, 65)
        try cli.ok(ScheduleCLITests.generate + ["--replace"])
    }

    func testBlockedStudentsTalkElsewhere() throws {
        let cli = try seminarWithAssignments()
        try cli.ok(ScheduleCLITests.generate)
        let first = try talks(cli)[0]["student"] as! String
        let r = try cli.ok(["schedule", "block", first, "2025-02-13", "--reason", "exam"])
        XCTAssertTrue(r.stderr.contains("warning: \(first)'s talk"), r.stderr)
        try cli.ok(ScheduleCLITests.generate)
        let talk = try talks(cli).first { $0["student"] as? String == first }!
        XCTAssertEqual(talk["day"] as? String, "2025-02-14")
        let blocks = try cli.json(["schedule", "blocks", "--format", "json"])
        XCTAssertEqual(blocks.first?["when"] as? String, "on 2025-02-13")
        XCTAssertEqual(try cli.run(["schedule", "block", first, "someday"]).status, 65)
        XCTAssertEqual(try cli.run(["schedule", "block", "99999999", "2025-02-13"]).status, 65)
        try cli.ok(["schedule", "unblock", first])
        XCTAssertEqual(try cli.json(["schedule", "blocks", "--format", "json"]).count, 0)
    }

    func testICalendarFileAndCSV() throws {
        let cli = try seminarWithAssignments()
        try cli.ok(ScheduleCLITests.generate)
        try cli.ok(["schedule", "show", "--format", "ics", "--output", cli.path("agenda.ics")])
        let ics = try String(contentsOfFile: cli.path("agenda.ics"), encoding: .utf8)
        XCTAssertEqual(ics.components(separatedBy: "BEGIN:VEVENT").count - 1, 20)
        XCTAssertTrue(ics.contains("LOCATION:MI 02.09.023\r\n"))
        XCTAssertTrue(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"))
        // Printing it twice gives the same file (DTSTAMP is the last change, not the time of printing).
        XCTAssertEqual(try cli.ok(["schedule", "show", "--format", "ics"]).stdout, ics)
        let csv = try cli.ok(["schedule", "show", "--format", "csv"]).stdout
        XCTAssertTrue(csv.hasPrefix("day,start,end,kind,room,student,name,paper,title,topic,manual\n"))
    }

    func testAttendanceFromTheCommandLineAndASignInSheet() throws {
        let cli = try seminarWithAssignments()
        try cli.ok(ScheduleCLITests.generate)
        let students = try cli.json(["student", "list", "--format", "json"]).compactMap { $0["id"] as? String }
        var sheet = "Matrikelnummer;Name;Datum\r\n"
        for s in students { sheet += "\(s);x;13.02.2025\r\n" }
        for s in students.dropFirst() { sheet += "\(s);x;2025-02-14\r\n" }
        try sheet.write(toFile: cli.path("sheet.csv"), atomically: true, encoding: .utf8)
        let r = try cli.ok(["attend", "import", cli.path("sheet.csv")])
        XCTAssertTrue(r.stdout.contains("39 signatures, 39 new"), r.stdout)
        XCTAssertTrue(try cli.ok(["attend", "import", cli.path("sheet.csv")]).stdout.contains("0 new"))
        let report = try cli.json(["attendance", "report", "--format", "json"])
        XCTAssertEqual(report.count, 20)
        let missing = report.filter { $0["complete"] as? Bool == false }
        XCTAssertEqual(missing.map { $0["student"] as? String }, [students[0]])
        let day2Talks = try talks(cli).filter {
            $0["day"] as? String == "2025-02-14" && $0["student"] as? String != students[0]
        }.count
        XCTAssertEqual(missing.first?["missed_talks"] as? Int, day2Talks)
        try cli.ok(["attend", students[0], "2025-02-14"])
        XCTAssertTrue(
            try cli.json(["attendance", "report", "--format", "json"]).allSatisfy { $0["complete"] as? Bool == true })

        let before = try cli.dump()
        try "id,day\n\(students[1]),2025-02-13\n00000000,2025-02-13\n\(students[2]),2025-03-01\n"
            .write(toFile: cli.path("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try cli.run(["attend", "import", cli.path("bad.csv")])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.contains("bad.csv:3:1: error: no student with id 00000000"), bad.stderr)
        XCTAssertTrue(
            bad.stderr.contains("bad.csv:4:10: error: 2025-03-01 is not a day of the block seminar"), bad.stderr)
        XCTAssertEqual(try cli.dump(), before)
        XCTAssertEqual(try cli.run(["attend", students[0], "2025-02-20"]).status, 65)
    }

    func testASignInSheetWithADatumAndADateColumnMustAgree() throws {
        let cli = try seminarWithAssignments()
        try cli.ok(ScheduleCLITests.generate)
        let students = try cli.json(["student", "list", "--format", "json"]).compactMap { $0["id"] as? String }
        let before = try cli.dump()
        try "Matrikelnummer,Datum,date\n\(students[0]),13.02.2025,2025-02-13\n\(students[1]),13.02.2025,2025-02-14\n"
            .write(toFile: cli.path("sheet.csv"), atomically: true, encoding: .utf8)
        let bad = try cli.run(["attend", "import", cli.path("sheet.csv")])
        XCTAssertEqual(bad.status, 65, bad.stdout)
        XCTAssertTrue(
            bad.stderr.contains(
                "sheet.csv:3:10: error: two columns for the day, 'date' (C) and 'Datum' (B), differ in line 3: "
                    + "'2025-02-14' and '13.02.2025'"), bad.stderr)
        XCTAssertEqual(try cli.dump(), before)
        try "Matrikelnummer,Datum,date\n\(students[0]),13.02.2025,2025-02-13T09:05\n"
            .write(toFile: cli.path("same.csv"), atomically: true, encoding: .utf8)
        let ok = try cli.ok(["attend", "import", cli.path("same.csv")])
        XCTAssertTrue(
            ok.stdout.contains("Decided: 'date' (C) and 'Datum' (B) both give the day and agree on every row"),
            ok.stdout)
        XCTAssertTrue(ok.stdout.contains("1 signature, 1 new"), ok.stdout)
    }

    func testWithoutAssignmentsOrScheduleTheCommandsSayWhatToDo() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let r = try cli.run(ScheduleCLITests.generate)
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("nobody has a paper yet"), r.stderr)
        let show = try cli.run(["schedule", "show"])
        XCTAssertEqual(show.status, 65)
        XCTAssertTrue(show.stderr.contains("schedule generate"), show.stderr)
        XCTAssertEqual(try cli.run(["schedule", "generate"]).status, 64, "no --day")
        XCTAssertEqual(try cli.run(["schedule", "generate", "--day", "2025-02-13", "--start", "9am"]).status, 64)
        let bad = try cli.run(["schedule", "generate", "--day", "2025-02-30", "--room", "2025-02-14=B"])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.contains("--day '2025-02-30' is not a date"), bad.stderr)
        XCTAssertEqual(try cli.run(["attend", "import", cli.path("missing.csv")]).status, 65, "no schedule yet")
    }
}
