import Foundation
import XCTest

/// `prefs import|set|list|missing` and `assign` through the built binary, on the Fixtures.
final class AssignmentCLITests: XCTestCase {
    func fixtureWithForms() throws -> CLI {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["prefs", "import", CLI.fixture("preferences-form.csv")])
        return cli
    }

    func testFormExportImport() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let r = try cli.ok(["prefs", "import", CLI.fixture("preferences-form.csv")])
        XCTAssertTrue(r.stdout.contains("17 new"), r.stdout)
        // The double submission: the later row counts, and the import says so.
        XCTAssertTrue(r.stdout.contains("03712845 submitted 2 times"), r.stdout)
        XCTAssertTrue(r.stdout.contains("line 17"), r.stdout)
        let prefs = try cli.json(["prefs", "list", "--format", "json"])
        XCTAssertEqual(prefs.count, 83)
        func list(_ id: String) -> [String] {
            prefs.filter { $0["student"] as? String == id }.sorted { ($0["rank"] as! Int) < ($1["rank"] as! Int) }.map {
                $0["paper"] as! String
            }
        }
        XCTAssertEqual(list("03712845").first, "implicit-bias-soudry18")
        // E-mail in another case (line 10) matched Lena Fischer.
        XCTAssertEqual(list("03754410").count, 5)
        // Choices by id (Novák: 2nd and 4th).
        XCTAssertEqual(list("11745862")[1], "linearized-ghorbani21")
        XCTAssertEqual(list("11745862")[3], "exact-ntk-arora19")
        // The 3-choice form.
        XCTAssertEqual(list("11763390").count, 3)
        // The title with a comma.
        XCTAssertTrue(prefs.contains { $0["paper"] as? String == "bugs-features-ilyas19" })

        let missing = try cli.json(["prefs", "missing", "--format", "json"])
        XCTAssertEqual(missing.map { $0["id"] as! String }, ["11741026", "11916675", "11964388"])
        XCTAssertEqual(missing.first?["email"] as? String, "mads.soendergaard@tum.de")

        // Importing again changes nothing; the long format gives the same lists.
        let before = try cli.dump()
        let again = try cli.ok(["prefs", "import", CLI.fixture("preferences-form.csv")])
        XCTAssertTrue(again.stdout.contains("0 new, 0 replaced, 17 unchanged"), again.stdout)
        XCTAssertEqual(try cli.dump(), before)
        let long = try cli.ok(["prefs", "import", CLI.fixture("preferences-long.csv")])
        XCTAssertTrue(long.stdout.contains("17 unchanged"), long.stdout)
    }

    func testBrokenFormsAreRejectedWholeWithPositions() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let expectations: [(String, [String])] = [
            ("prefs-unknown-paper.csv", ["prefs-unknown-paper.csv:8:50:", "Generalisation", "at 8:97", "ntk-jacot18"]),
            ("prefs-duplicate-choice.csv", ["prefs-duplicate-choice.csv:15:270:", "15:50", "ntk-jacot18"]),
            ("prefs-bad-timestamp.csv", ["prefs-bad-timestamp.csv:9:1:", "yesterday"]),
            ("prefs-unknown-student.csv", ["prefs-unknown-student.csv:14:20:", "marie.lefevre@tum.de"]),
        ]
        let before = try cli.dump()
        for (file, needles) in expectations {
            let r = try cli.run(["prefs", "import", CLI.fixture("broken/" + file)])
            XCTAssertEqual(r.status, 65, file)
            for needle in needles { XCTAssertTrue(r.stderr.contains(needle), "\(file): \(needle) not in \(r.stderr)") }
            XCTAssertTrue(r.stderr.contains("nothing was changed"), r.stderr)
            XCTAssertEqual(try cli.dump(), before, "\(file) changed the database")
        }
        for file in ["empty.csv", "binary.csv"] {
            let r = try cli.run(["prefs", "import", CLI.fixture("broken/" + file)])
            XCTAssertEqual(r.status, 65, file + ": " + r.stderr)
            XCTAssertEqual(try cli.dump(), before)
        }
    }

    func testEveryBadRowIsListedAndSkipInvalidImportsTheRest() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let csv = """
            Timestamp,Email Address,1st choice,2nd choice,3rd choice
            8/2/2024 9:14:03,linnea.bergstroem@tum.de,ntk-jacot18,cot-merrill24,
            8/2/2024 9:15:00,nobody@tum.de,ntk-jacot18,,
            13/45/2024 9:16:00,lena.fischer@tum.de,ntk-jacot18,,
            8/2/2024 9:17:00,jonas.mueller@tum.de,ntk-jacot18,No Such Paper,ntk-jacot18
            8/2/2024 9:18:00,tomas.novak@tum.de,,,
            14.08.2024 10:23:45,sofia.garcia-lopez@tum.de,cot-feng23,,
            2024-08-15 10:23:45,giulia.rossi@tum.de,cot-merrill24,,

            """
        try csv.write(toFile: cli.path("form.csv"), atomically: true, encoding: .utf8)
        let before = try cli.dump()
        let r = try cli.run(["prefs", "import", "form.csv"])
        XCTAssertEqual(r.status, 65)
        for needle in [
            "form.csv:3:18:", "form.csv:4:1:", "form.csv:5:51:", "form.csv:5:65:", "form.csv:6:", "5 problems",
        ] {
            XCTAssertTrue(r.stderr.contains(needle), "\(needle) not in \(r.stderr)")
        }
        XCTAssertEqual(try cli.dump(), before)

        let skipped = try cli.run(["prefs", "import", "--skip-invalid", "form.csv"])
        XCTAssertEqual(skipped.status, 0, skipped.stderr)
        XCTAssertTrue(skipped.stdout.contains("3 new"), skipped.stdout)
        XCTAssertTrue(skipped.stderr.contains("skipped 4 bad rows"), skipped.stderr)
        let prefs = try cli.json(["prefs", "list", "--format", "json"])
        XCTAssertEqual(Set(prefs.map { $0["student"] as! String }), ["03705521", "11874203", "11788402"])
    }

    func testPrefsSet() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok([
            "prefs", "set", "11916675", "cot-merrill24", "Deep Double Descent: Where Bigger Models and More Data Hurt",
        ])
        let prefs = try cli.json(["prefs", "list", "--format", "json"])
        XCTAssertEqual(prefs.map { $0["paper"] as! String }, ["cot-merrill24", "deep-dd-nakkiran20"])
        XCTAssertEqual(try cli.run(["prefs", "set", "11916675", "cot-merrill24", "cot-merrill24"]).status, 65)
        XCTAssertEqual(try cli.run(["prefs", "set", "99999999", "cot-merrill24"]).status, 65)
        XCTAssertEqual(try cli.run(["prefs", "set", "11916675", "no-such-paper"]).status, 65)
    }

    func testAssignJSONPinsAndNoFormFlags() throws {
        let cli = try fixtureWithForms()
        let j = try assignJSON(cli, ["assign", "--format", "json"])
        XCTAssertEqual(j["method"] as? String, "optimal")
        XCTAssertEqual(j["students"] as? Int, 20)
        XCTAssertNotNil(j["solve_seconds"] as? Double)
        XCTAssertNotNil(j["run_id"] as? Int)
        let pairs = j["assignments"] as! [[String: Any]]
        XCTAssertEqual(pairs.count, 20)
        // Capacities kept, everyone has a paper.
        var load: [String: Int] = [:]
        for p in pairs { load[p["paper"] as! String, default: 0] += 1 }
        for (paper, n) in load {
            XCTAssertLessThanOrEqual(n, ["ntk-jacot18": 2, "deep-dd-nakkiran20": 2][paper] ?? 1, paper)
        }
        let noForm = pairs.filter { $0["no_form"] as? Bool == true }.map { $0["student"] as! String }
        XCTAssertEqual(noForm.sorted(), ["11741026", "11916675", "11964388"])
        XCTAssertTrue(pairs.filter { $0["no_form"] as? Bool == true }.allSatisfy { $0["rank"] is NSNull })
        // The total is the sum of the pair costs: r², 144 for papers not on the form (k = 5).
        let total = pairs.reduce(0) { sum, p in sum + ((p["rank"] as? Int).map { $0 * $0 } ?? 144) }
        XCTAssertEqual(j["total_cost"] as? Int, total)
        let histogram = j["histogram"] as! [String: Int]
        XCTAssertEqual(histogram["no_form"], 3)
        XCTAssertEqual((1...5).reduce(0) { $0 + histogram[String($1)]! } + histogram["unranked"]!, 17)

        // assignment list agrees with what assign saved.
        let list = try cli.json(["assignment", "list", "--format", "json"])
        XCTAssertEqual(list.count, 20)
        for p in pairs {
            XCTAssertEqual(
                list.first { $0["student"] as? String == p["student"] as? String }?["paper"] as? String,
                p["paper"] as? String)
        }

        // Pin Rossi to a paper far down her list: assign keeps it.
        try cli.ok(["assignment", "set", "11788402", "ntk-jacot18"])
        let k = try assignJSON(cli, ["assign", "--format", "json"])
        let rossi = (k["assignments"] as! [[String: Any]]).first { $0["student"] as? String == "11788402" }!
        XCTAssertEqual(rossi["paper"] as? String, "ntk-jacot18")
        XCTAssertEqual(rossi["pinned"] as? Bool, true)
        XCTAssertEqual(k["pinned"] as? Int, 1)
        let ntk = (k["assignments"] as! [[String: Any]]).filter { $0["paper"] as? String == "ntk-jacot18" }
        XCTAssertEqual(ntk.count, 2)
    }

    func testSameSeedSameResultAndDryRunChangesNothing() throws {
        let cli = try fixtureWithForms()
        for method in ["optimal", "rank-maximal", "fair", "serial-dictatorship"] {
            let a = try assignJSON(cli, ["assign", "--method", method, "--seed", "5", "--dry-run", "--format", "json"])
            let b = try assignJSON(cli, ["assign", "--method", method, "--seed", "5", "--dry-run", "--format", "json"])
            XCTAssertEqual(
                a["assignments"] as? [[String: AnyHashable]], b["assignments"] as? [[String: AnyHashable]], method)
            XCTAssertTrue(a["run_id"] is NSNull)
        }
        let before = try cli.dump()
        let text = try cli.ok(["assign", "--dry-run"])
        XCTAssertTrue(text.stdout.contains("Dry run: nothing was saved"), text.stdout)
        XCTAssertTrue(text.stdout.contains("1st choice"), text.stdout)
        XCTAssertTrue(text.stdout.contains("flagged: 11741026"), text.stdout)
        XCTAssertEqual(try cli.dump(), before)
        _ = try cli.ok(["assign", "--explain", "11745862"])
        XCTAssertEqual(try cli.dump(), before, "--explain saves nothing")

        // A real run is recorded, and sets run_id.
        try cli.ok(["assign", "--method", "fair", "--seed", "9"])
        let runs = try CLI.sqlite(cli.db, "SELECT method, seed, students FROM assignment_run")
        XCTAssertEqual(runs, "fair|9|20\n")
        XCTAssertEqual(try CLI.sqlite(cli.db, "SELECT COUNT(*) FROM assignment WHERE run_id = 1"), "20\n")
    }

    func testMethodsMeetTheirObjectives() throws {
        let cli = try fixtureWithForms()
        func hist(_ method: String) throws -> [Int] {
            let h =
                try assignJSON(cli, ["assign", "--method", method, "--dry-run", "--format", "json"])["histogram"]
                as! [String: Int]
            return (1...5).map { h[String($0)]! } + [h["unranked"]!]
        }
        let optimal = try assignJSON(cli, ["assign", "--dry-run", "--format", "json"])
        let rankMax = try hist("rank-maximal")
        for other in ["optimal", "fair", "serial-dictatorship"] {
            XCTAssertFalse(try hist(other).lexicographicallyPrecedes(rankMax, by: >), "\(other) beats rank-maximal")
        }
        for method in ["rank-maximal", "fair", "serial-dictatorship"] {
            let j = try assignJSON(cli, ["assign", "--method", method, "--dry-run", "--format", "json"])
            XCTAssertGreaterThanOrEqual(j["total_cost"] as! Int, optimal["total_cost"] as! Int, method)
        }
        let fair = try assignJSON(cli, ["assign", "--method", "fair", "--dry-run", "--format", "json"])
        for method in ["optimal", "rank-maximal", "serial-dictatorship"] {
            let j = try assignJSON(cli, ["assign", "--method", method, "--dry-run", "--format", "json"])
            XCTAssertLessThanOrEqual(fair["worst_rank"] as! Int, j["worst_rank"] as! Int, method)
        }
    }

    func testExplain() throws {
        let cli = try fixtureWithForms()
        try cli.ok(["assignment", "set", "11788402", "ntk-jacot18"])
        let pinned = try cli.ok(["assign", "--explain", "11788402"])
        XCTAssertTrue(pinned.stdout.contains("pinned by hand"), pinned.stdout)
        let noForm = try cli.ok(["assign", "--explain", "11916675"])
        XCTAssertTrue(noForm.stdout.contains("no form"), noForm.stdout)
        // Find someone who did not get their first choice and check the explanation names the holder.
        let j = try assignJSON(cli, ["assign", "--dry-run", "--format", "json"])
        let second = (j["assignments"] as! [[String: Any]]).first { ($0["rank"] as? Int ?? 0) >= 2 }!
        let id = second["student"] as! String
        let e = try cli.ok(["assign", "--explain", id])
        XCTAssertTrue(e.stdout.contains("Papers they ranked higher"), e.stdout)
        XCTAssertTrue(e.stdout.contains("held by"), e.stdout)
        XCTAssertTrue(e.stdout.contains("total cost \(j["total_cost"] as! Int) →"), e.stdout)
        XCTAssertEqual(try cli.run(["assign", "--explain", "nobody"]).status, 65)

        // The same as JSON: the holder of their first choice and the cost of moving them.
        let ej = try assignJSON(cli, ["assign", "--explain", id, "--format", "json"])
        XCTAssertEqual(ej["student"] as? String, id)
        XCTAssertEqual(ej["rank"] as? Int, second["rank"] as? Int)
        let alternatives = try XCTUnwrap(ej["alternatives"] as? [[String: Any]])
        XCTAssertEqual(alternatives.count, (second["rank"] as! Int) - 1)
        for alt in alternatives where alt["possible"] as? Bool == true {
            // The current matching is optimal: no alternative is cheaper.
            XCTAssertGreaterThanOrEqual(alt["cost_increase"] as! Int, 0)
            XCTAssertEqual(alt["total_cost_after"] as! Int, (j["total_cost"] as! Int) + (alt["cost_increase"] as! Int))
        }
    }

    func testRunsAreListed() throws {
        let cli = try fixtureWithForms()
        try cli.ok(["assign", "--seed", "3"])
        try cli.ok(["assign", "--method", "rank-maximal", "--seed", "4"])
        let runs = try cli.json(["assignment", "runs", "--format", "json"])
        XCTAssertEqual(runs.map { $0["method"] as! String }, ["optimal", "rank-maximal"])
        XCTAssertEqual(runs.map { $0["seed"] as? Int }, [3, 4])
        XCTAssertTrue((runs[1]["objective"] as! String).hasPrefix("rank signature "))
    }

    func testRemovingAStudentErasesThemFromRecordedRuns() throws {
        // Each run keeps its result as "student,paper" lines; `student remove` promises to
        // erase everything about a person, and the id stayed in every run's record.
        let cli = try fixtureWithForms()
        try cli.ok(["assign", "--seed", "3"])
        try cli.ok(["assign", "--seed", "4"])
        XCTAssertTrue(try cli.dump().contains("03689957"))
        try cli.ok(["student", "remove", "03689957"])
        XCTAssertFalse(try cli.dump().contains("03689957"), "the id is gone from every table and run")
        let runs = try cli.json(["assignment", "runs", "--format", "json"])
        XCTAssertEqual(runs.count, 2, "the runs themselves are kept")
        XCTAssertTrue(try cli.dump().contains("03705521"), "the other students' lines are kept")
    }

    func testDroppedStudentsLoseTheirPlace() throws {
        let cli = try fixtureWithForms()
        try cli.ok(["assign"])
        try cli.ok(["student", "drop", "03689957"])
        let j = try assignJSON(cli, ["assign", "--format", "json"])
        XCTAssertEqual(j["students"] as? Int, 19)
        let list = try cli.json(["assignment", "list", "--format", "json"])
        XCTAssertEqual(list.count, 19)
        XCTAssertFalse(list.contains { $0["student"] as? String == "03689957" })
    }

    func testNoPapersOrStudents() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "Empty", "--term", "W"])
        XCTAssertEqual(try cli.run(["assign"]).status, 65)
        XCTAssertEqual(try cli.run(["assign", "--method", "best"]).status, 64)
    }

    // MARK: Helpers

    func assignJSON(_ cli: CLI, _ args: [String]) throws -> [String: Any] {
        let r = try cli.ok(args)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout)
    }
}
