import Foundation
import XCTest

/// `seminar grade ...` end to end, on the Fixtures seminar.
final class GradingCLITests: XCTestCase {
    func gradedSeminar() throws -> CLI {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["grade", "import", CLI.fixture("grades.csv")])
        return cli
    }

    func finals(_ cli: CLI) throws -> [String: (final: String?, status: String)] {
        var result: [String: (String?, String)] = [:]
        for row in try cli.json(["grade", "list", "--format", "json"]) {
            // JSON numbers, shown with one decimal as grades are.
            let final = (row["final"] as? NSNumber).map { String(format: "%.1f", $0.doubleValue) }
            result[row["id"] as! String] = (final, row["status"] as! String)
        }
        return result
    }

    func testImportGivesTheFixtureFinals() throws {
        let cli = try gradedSeminar()
        let f = try finals(cli)
        XCTAssertEqual(f["03705521"]?.final, "1.7")  // Bergström 1.72
        XCTAssertEqual(f["11902567"]?.final, "2.3")  // Dubois 2.20, not 2.0
        XCTAssertEqual(f["03689957"]?.final, "5.0")  // Hoffmann: report 5.0 (JSON number 5.0)
        XCTAssertEqual(f["03689957"]?.status, "failed")
        XCTAssertEqual(f["11958014"]?.status, "incomplete")
        XCTAssertNil(f["11958014"]?.final)
        XCTAssertEqual(f["11853719"]?.final, "4.0")  // Papadopoulos 4.0 passes
        XCTAssertEqual(f["11853719"]?.status, "passed")
        XCTAssertEqual(f["03727306"]?.final, "4.0")  // Weiß 3.88 → 4.0
        XCTAssertEqual(f["11916675"]?.status, "incomplete")  // Okafor: no grades
        let csv = try cli.ok(["grade", "list", "--format", "csv"]).stdout
        XCTAssertTrue(csv.contains("03705521,Linnea Bergström,,1.3,2.0,1.72,1.7,passed,\n"), csv)
    }

    func testImportTwiceChangesNothing() throws {
        let cli = try gradedSeminar()
        let before = try cli.dump()
        let r = try cli.ok(["grade", "import", CLI.fixture("grades.csv")])
        XCTAssertTrue(r.stdout.contains("0 added, 0 changed, 33 unchanged"), r.stdout)
        XCTAssertEqual(try cli.dump(), before)
    }

    func testBrokenImportChangesNothing() throws {
        let cli = try gradedSeminar()
        try cli.ok(["grade", "set", "11958014", "--presentation", "2.0"])
        let before = try cli.dump()
        let path = CLI.fixture("broken/grades-off-scale.csv")
        let r = try cli.run(["grade", "import", path])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("\(path):5:10: error: report grade '2.5' is not on the German scale"), r.stderr)
        XCTAssertTrue(r.stderr.contains("nothing was changed"))
        XCTAssertEqual(try cli.dump(), before)

        // On an empty grade book too: not one of the file's good rows is kept.
        let fresh = try CLI()
        try fresh.initFixtureSeminar()
        let empty = try fresh.dump()
        XCTAssertEqual(try fresh.run(["grade", "import", path]).status, 65)
        XCTAssertEqual(try fresh.dump(), empty)
    }

    func testUnknownStudentAndMissingFile() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let file = cli.path("g.csv")
        try "id,report,presentation\n03705521,1.3,2.0\n99999999,1.0,1.0\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let before = try cli.dump()
        let r = try cli.run(["grade", "import", file])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("g.csv:3:1: error: no student with id 99999999"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)
        XCTAssertEqual(try cli.run(["grade", "import", cli.path("nope.csv")]).status, 66)
    }

    func testSetAndHistory() throws {
        let cli = try gradedSeminar()
        let set = try cli.ok(["grade", "set", "11958014", "--presentation", "2.3"])
        XCTAssertTrue(set.stdout.contains("presentation: – → 2.3"), set.stdout)
        XCTAssertTrue(set.stdout.contains("Final: 2.3 (passed)"), set.stdout)  // 0.4 × 2.7 + 0.6 × 2.3 = 2.46
        try cli.ok(["grade", "set", "11958014", "--presentation", "2,0"])
        let bad = try cli.run(["grade", "set", "11958014", "--report", "2.5"])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.stderr.contains("not on the German scale"))
        XCTAssertEqual(try cli.run(["grade", "set", "nobody", "--report", "1.0"]).status, 65)
        XCTAssertEqual(try cli.run(["grade", "set", "11958014"]).status, 64)

        let history = try cli.json(["grade", "history", "11958014", "--format", "json"])
        let changes = history.map {
            "\($0["component"]!) \($0["old"] as? String ?? "-") \($0["new"] as? String ?? "-") \($0["source"]!)"
        }
        XCTAssertEqual(
            changes,
            ["report - 2.7 grade import grades.csv", "presentation - 2.3 grade set", "presentation 2.3 2.0 grade set"])
        XCTAssertTrue(history.allSatisfy { !(($0["by"] as? String) ?? "").isEmpty })
        XCTAssertFalse((history.first?["time"] as? String ?? "").isEmpty)

        // Clearing is a change too, and kept.
        try cli.ok(["grade", "set", "11958014", "--presentation", "none"])
        XCTAssertEqual(try finals(cli)["11958014"]?.status, "incomplete")
        XCTAssertEqual(try cli.json(["grade", "history", "11958014", "--format", "json"]).count, 4)
    }

    func testDropBeforeAndAfterTheDeadline() throws {
        let cli = try gradedSeminar()
        // The de-registration deadline, as `deadline add deregistration 2024-11-01` stores it
        // (2024-11-01 23:59 Europe/Berlin = 22:59 UTC).
        try insertDeadline(cli, "2024-11-01T22:59:00Z")
        try cli.ok(["student", "drop", "03705521", "--on", "2024-10-20"])
        try cli.ok(["student", "drop", "11902567", "--on", "2024-12-03"])
        let f = try finals(cli)
        XCTAssertEqual(f["03705521"]?.status, "withdrawn")
        XCTAssertNil(f["03705521"]?.final)
        XCTAssertEqual(f["11902567"]?.status, "failed")
        XCTAssertEqual(f["11902567"]?.final, "5.0")
    }

    func insertDeadline(_ cli: CLI, _ due: String) throws {
        try CLI.sqlite(
            cli.db,
            "INSERT INTO deadline(kind, due_at, title, created_at) VALUES ('deregistration', '\(due)', NULL, '\(due)')")
    }

    func testCloseTurnsIncompleteIntoFailed() throws {
        let cli = try gradedSeminar()
        let r = try cli.ok(["grade", "close"])
        XCTAssertTrue(r.stdout.contains("11958014"), r.stdout)
        let f = try finals(cli)
        XCTAssertEqual(f["11958014"]?.status, "failed")
        XCTAssertEqual(f["11958014"]?.final, "5.0")
        XCTAssertEqual(f["11916675"]?.status, "failed")
        try cli.ok(["grade", "close", "--reopen"])
        XCTAssertEqual(try finals(cli)["11958014"]?.status, "incomplete")
        let history = try cli.json(["grade", "history", "11958014", "--format", "json"]).map {
            "\($0["component"]!) \($0["old"]!) \($0["new"]!)"
        }
        XCTAssertTrue(history.contains("status incomplete failed"), "\(history)")
        XCTAssertTrue(history.contains("status failed incomplete"), "\(history)")
    }

    func testConfigWeightsAndTruncate() throws {
        let cli = try gradedSeminar()
        XCTAssertEqual(try cli.run(["grade", "config", "--component", "participation:10"]).status, 65)  // 110 %
        try cli.ok(["grade", "config", "--component", "report:50", "--component", "presentation:50"])
        // Bergström 1.3/2.0 → 1.65 → 1.7; Fischer 1.7/1.3 → 1.50, a tie → 1.3
        XCTAssertEqual(try finals(cli)["03754410"]?.final, "1.3")
        try cli.ok(["grade", "config", "--rounding", "truncate"])
        XCTAssertEqual(try finals(cli)["03705521"]?.final, "1.6")  // 1.65 → 1.6
        XCTAssertEqual(try finals(cli)["03754410"]?.final, "1.5")
        // The German grades cannot become points.
        XCTAssertEqual(try cli.run(["grade", "config", "--scale", "percentage"]).status, 65)
        // A third component: everyone is incomplete until it is graded.
        try cli.ok([
            "grade", "config", "--component", "report:30,presentation:60,participation:10", "--rounding", "nearest",
        ])
        XCTAssertEqual(try finals(cli)["03712845"]?.status, "incomplete")
        try cli.ok(["grade", "set", "03712845", "--grade", "participation=1.0"])
        XCTAssertEqual(try finals(cli)["03712845"]?.final, "1.0")
        // Removing a component that has grades is refused.
        let r = try cli.run(["grade", "config", "--component", "report:40,presentation:60"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("participation"), r.stderr)
    }

    func testPercentageScale() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["grade", "config", "--scale", "percentage", "--pass-mark", "50"])
        try cli.ok(["grade", "set", "03705521", "--report", "80", "--presentation", "71"])
        try cli.ok(["grade", "set", "11902567", "--report", "45", "--presentation", "90"])
        XCTAssertEqual(try cli.run(["grade", "set", "11902567", "--report", "101"]).status, 65)
        let f = try finals(cli)
        XCTAssertEqual(f["03705521"]?.final, "75.0")  // 74.6 → 75
        XCTAssertEqual(f["11902567"]?.status, "failed")  // report below the pass mark
    }

    func testExportSheet() throws {
        let cli = try gradedSeminar()
        try cli.ok(["student", "add", "99000001", "--name", "=1+2", "--email", "formula@example.org"])
        try cli.ok(["grade", "set", "99000001", "--report", "1.0", "--presentation", "1.0"])
        let out = try cli.ok(["grade", "export"]).stdout
        let lines = out.components(separatedBy: "\r\n")
        XCTAssertEqual(lines.first, "id,name,email,paper,report,presentation,final,status,note")
        XCTAssertEqual(lines.count, 1 + 18 + 1)  // header, 17 graded + the new one, trailing empty
        XCTAssertTrue(lines.contains("99000001,'=1+2,formula@example.org,,1.0,1.0,1.0,passed,"), out)
        XCTAssertTrue(
            lines.contains("11958014,Thi Lan Nguyen,thilan.nguyen@tum.de,,2.7,,,incomplete")
                || out.contains("11958014,Thi Lan Nguyen,"), out)
        XCTAssertFalse(out.contains("11916675"))  // Okafor has no grades
        XCTAssertTrue(try cli.ok(["grade", "export", "--all"]).stdout.contains("11916675"))

        try cli.ok([
            "grade", "export", "--delimiter", ";", "--bom", "--decimal-comma", "--output", cli.path("sheet.csv"),
        ])
        let data = try Data(contentsOf: URL(fileURLWithPath: cli.path("sheet.csv")))
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("id;name;email;paper;report;presentation;final;status;note\r\n"))
        XCTAssertTrue(
            text.contains("03705521;Linnea Bergström;linnea.bergstroem@tum.de;;1,3;2,0;1,7;passed;\r\n"), text)
        XCTAssertEqual(try cli.run(["grade", "export", "--delimiter", "|"]).status, 64)
    }

    func testExportIntoRegistrationList() throws {
        let cli = try gradedSeminar()
        let copy = cli.path("registration.csv")
        try FileManager.default.copyItem(atPath: CLI.fixture("registration.csv"), toPath: copy)
        let original = try Data(contentsOf: URL(fileURLWithPath: copy))
        let r = try cli.ok([
            "grade", "export", "--into", copy, "--id-column", "Matrikelnummer", "--grade-column", "Note",
        ])
        XCTAssertTrue(r.stdout.contains("line 8: 03791264 Marie Lefèvre"), r.stdout)
        XCTAssertTrue(r.stdout.contains("11741026"), r.stdout)  // Søndergaard: on the list, no grade
        let filled = try Data(contentsOf: URL(fileURLWithPath: copy))
        let oldLines = original.split(separator: 0x0A, omittingEmptySubsequences: false)
        let newLines = filled.split(separator: 0x0A, omittingEmptySubsequences: false)
        XCTAssertEqual(oldLines.count, newLines.count)
        var grades: [String: String] = [:]
        for (a, b) in zip(oldLines, newLines) {
            let fa = a.split(separator: 0x3B, omittingEmptySubsequences: false)
            let fb = b.split(separator: 0x3B, omittingEmptySubsequences: false)
            XCTAssertEqual(fa.count, fb.count)
            for i in fa.indices where i != 5 { XCTAssertEqual(Array(fa[i]), Array(fb[i])) }
            if fb.count > 5 { grades[String(decoding: fb[0], as: UTF8.self)] = String(decoding: fb[5], as: UTF8.self) }
        }
        XCTAssertEqual(grades["\"03705521\""], "\"1,7\"")
        XCTAssertEqual(grades["\"11902567\""], "\"2,3\"")
        XCTAssertEqual(grades["\"03689957\""], "\"5,0\"")
        XCTAssertEqual(grades["\"11958014\""], "\"\"")  // incomplete: left empty
        XCTAssertEqual(grades["\"03791264\""], "\"\"")  // not in the seminar

        // --output writes elsewhere and leaves the list alone; --decimal-point overrides.
        try cli.ok([
            "grade", "export", "--into", CLI.fixture("registration.csv"), "--output", cli.path("out.csv"),
            "--decimal-point",
        ])
        let out = try Data(contentsOf: URL(fileURLWithPath: cli.path("out.csv")))
        XCTAssertTrue(String(decoding: out, as: UTF8.self).contains("\"1.7\""))
        let missing = try cli.run(["grade", "export", "--into", copy, "--grade-column", "Grade"])
        XCTAssertEqual(missing.status, 65)
        XCTAssertTrue(missing.stderr.contains("no column 'Grade'"), missing.stderr)
    }

    func testStats() throws {
        let cli = try gradedSeminar()
        let out = try cli.ok(["grade", "stats"]).stdout
        XCTAssertTrue(out.contains("2.3 │"), out)
        XCTAssertTrue(out.contains("pass rate   93.8 %"), out)  // 15 of 16
        XCTAssertTrue(out.contains("median      2.15"), out)  // (2.0 + 2.3) / 2
        let json = try cli.ok(["grade", "stats", "--format", "json"]).stdout
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        XCTAssertEqual(obj["passed"] as? Int, 15)
        XCTAssertEqual(obj["failed"] as? Int, 1)
        XCTAssertEqual(obj["incomplete"] as? Int, 4)
        XCTAssertEqual((obj["mean"] as? NSNumber)?.doubleValue, 2.39)  // 38.3 / 16
    }
}
