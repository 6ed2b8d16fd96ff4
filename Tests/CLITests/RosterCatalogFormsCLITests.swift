import Foundation
import XCTest

/// Edge cases of the roster, the catalog, the forms and the matching, through the binary.
final class RosterCatalogFormsCLITests: XCTestCase {
    func fixtureWithForms() throws -> CLI {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["prefs", "import", CLI.fixture("preferences-form.csv")])
        return cli
    }

    /// Lowering a paper's capacity below the students pinned to it would make `assign` put
    /// more students on it than it takes: the import says so and changes nothing.
    func testCapacityBelowThePinnedStudentsIsRefused() throws {
        let cli = try fixtureWithForms()
        try cli.ok(["assignment", "set", "03754410", "deep-dd-nakkiran20"])
        try cli.ok(["assignment", "set", "03712845", "deep-dd-nakkiran20"])
        let papers = try String(contentsOfFile: CLI.fixture("papers.csv"), encoding: .utf8)
        let lowered = papers.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix("deep-dd-nakkiran20,")
                ? line.replacingOccurrences(of: ",double descent,2,", with: ",double descent,1,") : String(line)
        }.joined(separator: "\n")
        XCTAssertNotEqual(lowered, papers)
        try lowered.write(toFile: cli.path("papers-lowered.csv"), atomically: true, encoding: .utf8)
        let before = try cli.dump()
        let r = try cli.run(["paper", "import", cli.path("papers-lowered.csv")])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(r.stderr.contains("papers-lowered.csv:15"), r.stderr)
        XCTAssertTrue(r.stderr.contains("2 students are pinned"), r.stderr)
        XCTAssertTrue(r.stderr.contains("seminar assignment unset"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)
        // Unpin one, and the lower capacity is fine.
        try cli.ok(["assignment", "unset", "03712845"])
        try cli.ok(["paper", "import", cli.path("papers-lowered.csv")])
        let result = try cli.ok(["assign", "--format", "json"]).stdout
        let json = try JSONSerialization.jsonObject(with: Data(result.utf8)) as! [String: Any]
        let pairs = json["assignments"] as! [[String: Any]]
        XCTAssertEqual(pairs.filter { $0["paper"] as? String == "deep-dd-nakkiran20" }.count, 1)
    }

    /// `student list --status bogus` printed an empty list and exit 0, as if nobody were enrolled.
    func testStudentListRefusesAnUnknownStatus() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let r = try cli.run(["student", "list", "--status", "bogus"])
        XCTAssertEqual(r.status, 64, r.stdout)
        XCTAssertTrue(r.stderr.contains("enrolled"), r.stderr)
        try cli.ok(["student", "drop", "03754410", "--on", "2024-10-01"])
        XCTAssertEqual(
            try cli.json(["student", "list", "--status", "dropped", "--format", "json"]).map { $0["id"] as! String },
            ["03754410"])
        XCTAssertEqual(try cli.json(["student", "list", "--status", "enrolled", "--format", "json"]).count, 19)
    }

    /// A roster saved through a spreadsheet loses the leading zeros of its Matrikelnummern: the
    /// error says so instead of asking to "fix the address".
    func testIdsThatLostTheirLeadingZeroAreRecognised() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let roster = try String(contentsOfFile: CLI.fixture("roster.csv"), encoding: .utf8)
        let stripped = roster.replacingOccurrences(of: "\r\n0", with: "\r\n")
        try stripped.write(toFile: cli.path("excel.csv"), atomically: true, encoding: .utf8)
        let before = try cli.dump()
        let r = try cli.run(["student", "import", cli.path("excel.csv")])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("3705521 is 03705521 without its leading zero"), r.stderr)
        XCTAssertTrue(r.stderr.contains("as text"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)

        try cli.ok(["paper", "list"])
        let longForm = "student,paper,rank\n3705521,ntk-jacot18,1\n"
        try longForm.write(toFile: cli.path("long.csv"), atomically: true, encoding: .utf8)
        let p = try cli.run(["prefs", "import", cli.path("long.csv")])
        XCTAssertEqual(p.status, 65)
        XCTAssertTrue(p.stderr.contains("03705521"), p.stderr)

        let add = try cli.run(["student", "add", "3705521", "--name", "Linnea B", "--email", "other@tum.de"])
        XCTAssertEqual(add.status, 65)
        XCTAssertTrue(add.stderr.contains("03705521"), add.stderr)
    }

    /// Forms imported before the catalog: one clear error, not one per cell.
    func testFormsBeforeTheCatalogOrTheRosterSayWhatToImportFirst() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        try cli.ok(["student", "import", CLI.fixture("roster.csv")])
        let r = try cli.run(["prefs", "import", CLI.fixture("preferences-form.csv")])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("seminar paper import"), r.stderr)
        XCTAssertLessThan(r.stderr.split(separator: "\n").count, 4, r.stderr)

        let cli2 = try CLI()
        try cli2.ok(["init", "--title", "T", "--term", "W"])
        try cli2.ok(["paper", "import", CLI.fixture("papers.csv")])
        let r2 = try cli2.run(["prefs", "import", CLI.fixture("preferences-long.csv")])
        XCTAssertEqual(r2.status, 65)
        XCTAssertTrue(r2.stderr.contains("seminar student import"), r2.stderr)
        XCTAssertLessThan(r2.stderr.split(separator: "\n").count, 4, r2.stderr)
    }

    /// After a drop, `assignment list` and `paper list` still show the dropped student's paper
    /// until the next assign; `status` said "assigned 19 of 19" and had nothing to do.
    func testStatusExplainsADroppedStudentStillHoldingAPaper() throws {
        let cli = try fixtureWithForms()
        try cli.ok(["assign"])
        try cli.ok(["student", "drop", "03754410", "--on", "2024-10-01"])
        XCTAssertEqual(try cli.json(["assignment", "list", "--format", "json"]).count, 20)
        let status = try cli.ok(["status"]).stdout
        XCTAssertTrue(status.contains("1 dropped student still holds a paper"), status)
        try cli.ok(["assign"])
        XCTAssertEqual(try cli.json(["assignment", "list", "--format", "json"]).count, 19)
        XCTAssertFalse(try cli.ok(["status"]).stdout.contains("still holds"))
    }

    /// Authors, venue, topic and abstract went to the terminal unchecked: an escape sequence in
    /// a catalog cell recoloured (or worse) the coordinator's terminal in `paper show`.
    func testControlCharactersInPaperFieldsAreRefused() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let csv =
            "id,title,authors,topic,capacity\np1,Paper One,\"\u{1B}[31mRed\",t,1\np2,Paper Two,B,\"two\nlines\",1\np3,Paper Three,C,t,1\n"
        try csv.write(toFile: cli.path("papers.csv"), atomically: true, encoding: .utf8)
        let r = try cli.run(["paper", "import", cli.path("papers.csv")])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(r.stderr.contains("papers.csv:2:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("papers.csv:3:"), r.stderr)
        XCTAssertTrue(r.stderr.contains("control characters"), r.stderr)
        XCTAssertEqual(try cli.json(["paper", "list", "--format", "json"]).count, 0)
        let add = try cli.run(["paper", "add", "p4", "--title", "Four", "--topic", "a\u{1B}[2Jb"])
        XCTAssertEqual(add.status, 65)
    }

    /// `assignment set` on a paper with no places said "full (capacity 0, pinned to ): unset one of them".
    func testPinningToAPaperWithoutPlacesSaysSo() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["paper", "add", "extra", "--title", "Extra", "--capacity", "0"])
        let r = try cli.run(["assignment", "set", "03754410", "extra"])
        XCTAssertEqual(r.status, 65)
        XCTAssertFalse(r.stderr.contains("pinned to )"), r.stderr)
        XCTAssertTrue(r.stderr.contains("no places"), r.stderr)
        XCTAssertTrue(r.stderr.contains("capacity"), r.stderr)
    }
}

extension RosterCatalogFormsCLITests {
    /// Everybody dropped: status said "No students yet: seminar student import" and pointed at
    /// `seminar assign`, which refused with the same advice.
    func testEverybodyDroppedIsNotAnEmptyRoster() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        try "id,name,email\n01,A A,a@x.de\n02,B B,b@x.de\n".write(
            toFile: cli.path("two.csv"), atomically: true, encoding: .utf8)
        try "id,title\np1,One\np2,Two\n".write(toFile: cli.path("p.csv"), atomically: true, encoding: .utf8)
        try cli.ok(["student", "import", cli.path("two.csv")])
        try cli.ok(["paper", "import", cli.path("p.csv")])
        try cli.ok(["assign"])
        try cli.ok(["student", "drop", "01"])
        try cli.ok(["student", "drop", "02"])
        let status = try cli.ok(["status"]).stdout
        XCTAssertFalse(status.contains("No students yet"), status)
        XCTAssertTrue(status.contains("2 dropped"), status)
        XCTAssertFalse(status.contains("seminar assign frees"), status)
        let assign = try cli.run(["assign"])
        XCTAssertEqual(assign.status, 65)
        XCTAssertTrue(assign.stderr.contains("all 2 students have dropped"), assign.stderr)
    }
}

extension RosterCatalogFormsCLITests {
    /// `prefs import --dry-run` said "20 enrolled students have no form" for a file that would
    /// leave 3 without: the count was taken from the database before the (rolled back) import.
    func testPrefsDryRunCountsTheStudentsTheImportWouldLeaveWithoutAForm() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let before = try cli.dump()
        let r = try cli.ok(["prefs", "import", "--dry-run", CLI.fixture("preferences-form.csv")])
        XCTAssertTrue(r.stdout.contains("3 enrolled students have no form"), r.stdout)
        XCTAssertEqual(try cli.dump(), before)
    }
}

extension RosterCatalogFormsCLITests {
    /// A dropped student pinned by hand keeps their place: the text said 25 places, the JSON and
    /// status 26.
    func testAssignTextAndJSONCountThePlacesAlike() throws {
        let cli = try fixtureWithForms()
        try cli.ok(["assignment", "set", "03754410", "ntk-jacot18"])
        try cli.ok(["student", "drop", "03754410", "--on", "2024-10-01"])
        let json =
            try JSONSerialization.jsonObject(
                with: Data(try cli.ok(["assign", "--dry-run", "--format", "json"]).stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["places"] as? Int, 26)
        let text = try cli.ok(["assign", "--dry-run"]).stdout
        XCTAssertTrue(text.contains("19 students, 26 places"), text)
    }
}

extension RosterCatalogFormsCLITests {
    /// `assignment runs --format json` gave the seed as a string ("7"), `assign --format json`
    /// as a number; formats.md promises numbers are numbers.
    func testRunSeedIsANumberInJSON() throws {
        let cli = try fixtureWithForms()
        try cli.ok(["assign", "--seed", "7"])
        try cli.ok(["assign", "--seed", "18446744073709551615"])
        let runs = try cli.json(["assignment", "runs", "--format", "json"])
        XCTAssertEqual(runs.first?["seed"] as? Int, 7)
        XCTAssertEqual((runs.last?["seed"] as? NSNumber)?.uint64Value, UInt64.max)
    }
}

extension RosterCatalogFormsCLITests {
    /// Lowering a capacity below the (unpinned) students assigned to the paper left `paper list`
    /// at "capacity 1, assigned 2" while status had nothing to do.
    func testStatusFlagsAPaperOverItsCapacity() throws {
        let cli = try fixtureWithForms()
        try cli.ok(["assign"])
        let full = try cli.json(["paper", "list", "--format", "json"]).first { ($0["assigned"] as? Int) == 2 }
        let id = try XCTUnwrap(full?["id"] as? String)
        let papers = try String(contentsOfFile: CLI.fixture("papers.csv"), encoding: .utf8)
        let lowered = papers.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix(id + ",") ? line.replacingOccurrences(of: ",2,\"", with: ",1,\"") : String(line)
        }.joined(separator: "\n")
        XCTAssertNotEqual(lowered, papers)
        try lowered.write(toFile: cli.path("p.csv"), atomically: true, encoding: .utf8)
        try cli.ok(["paper", "import", cli.path("p.csv")])
        let status = try cli.ok(["status"]).stdout
        XCTAssertTrue(status.contains("1 paper has more students than places (\(id)): seminar assign"), status)
        try cli.ok(["assign"])
        XCTAssertFalse(try cli.ok(["status"]).stdout.contains("more students than places"))
    }
}

extension RosterCatalogFormsCLITests {
    /// `paper add --capacity 20000` was accepted while `paper import` refuses more than 10,000.
    func testPaperAddAndImportAgreeOnTheLargestCapacity() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let r = try cli.run(["paper", "add", "big", "--title", "Big", "--capacity", "20000"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("10000"), r.stderr)
        try cli.ok(["paper", "add", "ok", "--title", "OK", "--capacity", "10000"])
    }

    /// "(form export, 1 students)" and "line 4, 9 is ignored".
    func testPrefsImportCountsInGoodEnglish() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let csv = """
            Timestamp,Email Address,1st choice
            8/1/2024 10:00:00,jonas.mueller@tum.de,ntk-jacot18
            8/2/2024 10:00:00,jonas.mueller@tum.de,cot-merrill24
            8/3/2024 10:00:00,jonas.mueller@tum.de,deep-dd-nakkiran20

            """
        try csv.write(toFile: cli.path("f.csv"), atomically: true, encoding: .utf8)
        let out = try cli.ok(["prefs", "import", cli.path("f.csv")]).stdout
        XCTAssertTrue(out.contains("one column per choice") && out.contains("Imported 1 form: "), out)
        XCTAssertTrue(out.contains("lines 2, 3 are ignored"), out)
    }
}

extension RosterCatalogFormsCLITests {
    /// With 5 places for 20 students, all 5 taken, status still said "15 students have no paper:
    /// seminar assign" (assign cannot help), and "1 students" for one.
    func testStatusNoPaperToDo() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        try cli.ok(["student", "import", CLI.fixture("roster.csv")])
        try "id,title,capacity\np1,One,3\np2,Two,2\n".write(
            toFile: cli.path("p.csv"), atomically: true, encoding: .utf8)
        try cli.ok(["paper", "import", cli.path("p.csv")])
        try cli.ok(["assign"])
        let full = try cli.ok(["status"]).stdout
        XCTAssertTrue(full.contains("Not enough places: 20 students, 5 places"), full)
        XCTAssertFalse(full.contains("have no paper: seminar assign"), full)

        let one = try CLI()
        try one.initFixtureSeminar()
        try one.ok(["assign"])
        try one.ok(["assignment", "unset", "03754410"])
        let status = try one.ok(["status"]).stdout
        XCTAssertTrue(status.contains("1 student has no paper: seminar assign"), status)
    }
}
