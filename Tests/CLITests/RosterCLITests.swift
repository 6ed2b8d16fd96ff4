import XCTest

/// The built binary on the Fixtures seminar and on broken inputs.
final class RosterCLITests: XCTestCase {
    func testEveryCommandButInitSaysThereIsNoSeminar() throws {
        let cli = try CLI()
        for args in [
            ["status"], ["student", "list"], ["paper", "list"], ["student", "import", CLI.fixture("roster.csv")],
        ] {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 66, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains("no seminar at seminar.db"), r.stderr)
            XCTAssertTrue(r.stderr.contains("seminar init"), r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.db), "a failed command must not create a database")
    }

    func testDatabasePathFromFlagThenEnvironment() throws {
        var cli = try CLI()
        try cli.ok(["--db", cli.path("a.db"), "init", "--title", "A", "--term", "W"])
        cli.environment["SEMINAR_DB"] = cli.path("a.db")
        XCTAssertTrue(try cli.ok(["status"]).stdout.contains("A — W"))
        try cli.ok(["init", "--title", "B", "--term", "W", "--db", cli.path("b.db")])
        XCTAssertTrue(
            try cli.ok(["status", "--db", cli.path("b.db")]).stdout.contains("B — W"), "--db beats $SEMINAR_DB")
        let again = try cli.run(["init", "--title", "C", "--term", "W"])
        XCTAssertEqual(again.status, 65, "init never overwrites a seminar")
    }

    func testInitRefusesAnUnknownTimeZone() throws {
        let cli = try CLI()
        let r = try cli.run(["init", "--title", "T", "--term", "W", "--timezone", "Mars/Olympus"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("unknown time zone"))
    }

    func testFixtureRosterAndCatalogImportAndReimport() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "Theoretical Advances in Deep Learning", "--term", "Winter 2024/25"])
        XCTAssertTrue(
            try cli.ok(["student", "import", CLI.fixture("roster.csv")]).stdout.contains(
                "20 added, 0 updated, 0 unchanged"))
        XCTAssertTrue(
            try cli.ok(["student", "import", CLI.fixture("roster.csv")]).stdout.contains(
                "0 added, 0 updated, 20 unchanged"))
        XCTAssertTrue(
            try cli.ok(["student", "import", CLI.fixture("roster-late.csv")]).stdout.contains(
                "2 added, 1 updated, 19 unchanged"))
        XCTAssertTrue(try cli.ok(["paper", "import", CLI.fixture("papers.csv")]).stdout.contains("24 added"))

        let students = try cli.json(["student", "list", "--format", "json"])
        XCTAssertEqual(students.count, 22)
        let mueller = students.first { $0["id"] as? String == "03712845" }
        XCTAssertEqual(mueller?["name"] as? String, "Jonas Müller")
        XCTAssertEqual(mueller?["status"] as? String, "enrolled")
        XCTAssertEqual(Set(students[0].keys), ["id", "name", "email", "program", "status", "dropped_on"])
        let nunez = try cli.ok(["student", "show", "11977254"]).stdout
        XCTAssertTrue(nunez.contains("Alejandro Núñez"), nunez)
        XCTAssertTrue(
            nunez.contains("Informatik; Nebenfach Mathematik (Master)"),
            "a quoted `;` inside a `;` file stays one field")
        let papers = try cli.json(["paper", "list", "--format", "json"])
        XCTAssertEqual(papers.count, 24)
        XCTAssertEqual(papers.reduce(0) { $0 + ($1["capacity"] as! Int) }, 26)
        XCTAssertTrue(try cli.ok(["paper", "show", "ntk-jacot18"]).stdout.contains("https://arxiv.org/abs/1806.07572"))
    }

    func testWindows1252RosterIsReadWithoutMojibake() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let r = try cli.ok(["student", "import", CLI.fixture("roster-windows1252.csv")])
        XCTAssertTrue(r.stdout.contains("windows-1252"))
        let utf8 = try CLI()
        try utf8.ok(["init", "--title", "T", "--term", "W"])
        try utf8.ok(["student", "import", CLI.fixture("roster.csv")])
        XCTAssertEqual(
            try cli.ok(["student", "list", "--format", "csv"]).stdout,
            try utf8.ok(["student", "list", "--format", "csv"]).stdout,
            "the Windows-1252 export must give exactly the names of the UTF-8 one")
        let forced = try CLI()
        try forced.ok(["init", "--title", "T", "--term", "W"])
        XCTAssertEqual(
            try forced.run(["student", "import", "--encoding", "utf-8", CLI.fixture("roster-windows1252.csv")]).status,
            65)
    }

    /// Every broken file: exit 65 (or 66), the file and line named, and the database byte-for-byte as before.
    func testBrokenInputsAreRejectedWholeAndChangeNothing() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let before = try cli.dump()
        let cases: [(args: [String], status: Int32, expect: String)] = [
            (
                ["student", "import", CLI.fixture("broken/roster-duplicate-id.csv")], 65,
                "roster-duplicate-id.csv:15:1: error: id 11763390 appears twice (first on line 7)"
            ),
            (["student", "import", CLI.fixture("broken/roster-missing-column.csv")], 65, "no e-mail column"),
            (
                ["student", "import", CLI.fixture("broken/roster-bad-email.csv")], 65,
                "roster-bad-email.csv:4:23: error: 'lena.fischer(at)tum.de' is not an e-mail address"
            ),
            (
                ["student", "import", CLI.fixture("broken/roster-truncated-quote.csv")], 65,
                "roster-truncated-quote.csv:20:51: error: a quoted field starts here and is never closed"
            ),
            (["student", "import", CLI.fixture("broken/empty.csv")], 65, "empty.csv:1: error: the file is empty"),
            (["student", "import", CLI.fixture("broken/binary.csv")], 65, "not a valid .xlsx"),
            (["student", "import", cli.path("does-not-exist.csv")], 66, "cannot open"),
            (["student", "import", cli.directory.path], 66, "it is a directory"),
            (["paper", "import", CLI.fixture("broken/papers-duplicate-id.csv")], 65, "appears twice"),
            (
                ["paper", "import", CLI.fixture("broken/papers-bad-capacity.csv")], 65,
                "capacity 'two' is not a whole number"
            ),
            (["student", "add", "12 34", "--name", "X", "--email", "x@y.de"], 65, "not a valid id"),
            (
                ["student", "add", "99", "--name", "X", "--email", "jonas.mueller@tum.de"], 65,
                "already belongs to student 03712845"
            ),
            (["student", "show", "00000000"], 65, "no student with id 00000000"),
            (["student", "drop", "03712845", "--on", "next week"], 65, "is not a date"),
            (["student", "list", "--format", "xml"], 64, "format"),
            (["assignment", "set", "03712845", "no-such-paper"], 65, "no paper with id no-such-paper"),
        ]
        for c in cases {
            let r = try cli.run(c.args)
            XCTAssertEqual(r.status, c.status, "\(c.args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(c.expect), "\(c.args): expected \(c.expect) in\n\(r.stderr)")
            XCTAssertEqual(r.stdout, "", "errors go to stderr only")
        }
        XCTAssertEqual(try cli.dump(), before, "a rejected command must leave the database exactly as it was")
    }

    func testAnImportWithOneBadRowAmongGoodOnesAddsNobody() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let file = cli.path("mixed.csv")
        try "id;name;email\n1;Good One;good@x.de\n2;Bad One;bad@\n3;Also Good;also@x.de\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let r = try cli.run(["student", "import", file])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("mixed.csv:3:"), r.stderr)
        XCTAssertEqual(try cli.json(["student", "list", "--format", "json"]).count, 0)
    }

    func testDropShowAndRemove() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        XCTAssertTrue(
            try cli.ok(["student", "drop", "03712845", "--on", "2024-10-28"]).stdout.contains("2024-10-28 23:59"))
        let dropped = try cli.json(["student", "list", "--format", "json", "--status", "dropped"])
        XCTAssertEqual(dropped.map { $0["id"] as? String }, ["03712845"])
        XCTAssertEqual(dropped.first?["dropped_on"] as? String, "2024-10-28")
        try cli.ok(["student", "undrop", "03712845"])
        try cli.ok(["assignment", "set", "03712845", "ntk-jacot18"])
        XCTAssertTrue(try cli.ok(["student", "show", "03712845"]).stdout.contains("ntk-jacot18"))
        XCTAssertTrue(try cli.ok(["student", "remove", "03712845"]).stdout.contains("1 assignment"))
        XCTAssertEqual(try cli.run(["student", "show", "03712845"]).status, 65)
        XCTAssertFalse(try cli.dump().contains("Müller"), "remove erases the person's data")
    }

    func testCSVAndStatusJSON() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let csv = try cli.ok(["student", "list", "--format", "csv"]).stdout
        XCTAssertTrue(csv.hasPrefix("id,name,email,program,status,dropped_on\n"))
        XCTAssertTrue(
            csv.contains("\"Informatik; Nebenfach Mathematik (Master)\"") == false,
            "a `;` needs no quotes in a `,` file")
        XCTAssertFalse(csv.contains("\u{1B}"), "no colour in pipes")
        let status =
            try JSONSerialization.jsonObject(with: Data(try cli.ok(["status", "--format", "json"]).stdout.utf8))
            as! [String: Any]
        XCTAssertEqual(status["students"] as? Int, 20)
        XCTAssertEqual(status["papers"] as? Int, 24)
        XCTAssertEqual(status["places"] as? Int, 26)
        XCTAssertEqual(status["forms"] as? Int, 0)
        XCTAssertTrue((status["todo"] as! [String]).contains { $0.contains("preference form") })
    }

    func testBackupIsAConsistentCopy() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["backup", cli.path("copy.db")])
        XCTAssertEqual(try cli.run(["backup", cli.path("copy.db")]).status, 65, "a backup never overwrites")
        XCTAssertEqual(try cli.json(["--db", cli.path("copy.db"), "student", "list", "--format", "json"]).count, 20)
    }

    func testNotADatabase() throws {
        let cli = try CLI()
        try "hello".write(toFile: cli.db, atomically: true, encoding: .utf8)
        let r = try cli.run(["status"])
        XCTAssertEqual(r.status, 66)
        XCTAssertTrue(r.stderr.contains("not a seminar database"), r.stderr)
    }

    /// docs/cli-reference.md is generated from --help: this fails when someone forgets `make docs`.
    func testCommandReferenceIsUpToDate() throws {
        let cli = try CLI()
        let generated = try cli.ok(["reference"]).stdout
        let committed = try String(
            contentsOf: CLI.packageRoot.appendingPathComponent("docs/cli-reference.md"), encoding: .utf8)
        XCTAssertEqual(generated, committed, "docs/cli-reference.md is out of date: run `make docs`")
    }
}
