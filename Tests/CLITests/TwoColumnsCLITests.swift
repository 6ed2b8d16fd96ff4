import XCTest

/// Two columns for one role must agree on every row, or the file is refused.
final class TwoColumnsCLITests: XCTestCase {
    /// Writes `text` to `name` in the test's directory and returns its path.
    func write(_ cli: CLI, _ name: String, _ text: String) throws -> String {
        try text.write(toFile: cli.path(name), atomically: true, encoding: .utf8)
        return cli.path(name)
    }

    func testARosterWithAnIdAndAMatrikelnummerThatDisagreeIsRefused() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let before = try cli.dump()
        let file = try write(
            cli, "roster.csv",
            "id,Name,E-Mail,Matrikelnummer\n03705521,Ann Lee,ann@tum.de,03705521\n11902567,Bo Yu,bo@tum.de,11902576\n")
        let r = try cli.run(["student", "import", file])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(
            r.stderr.contains(
                "roster.csv:3:26: error: two columns for the id, 'id' (A) and 'Matrikelnummer' (D), differ in line 3: "
                    + "'11902567' and '11902576'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("remove or rename one of the two columns"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)
    }

    func testARosterWithAnIdAndAMatrikelnummerThatAgreeSaysWhichItUsed() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let file = try write(
            cli, "roster.csv",
            "id,Name,E-Mail,Matrikelnummer\n03705521,Ann Lee,ann@tum.de,03705521\n11902567,Bo Yu,bo@tum.de, 11902567\n")
        let r = try cli.ok(["student", "import", file])
        XCTAssertTrue(
            r.stdout.contains(
                "Decided: 'id' (A) and 'Matrikelnummer' (D) both give the id and agree on every row; used 'id' (A)."),
            r.stdout)
        XCTAssertTrue(r.stdout.contains("Imported 2"), r.stdout)
    }

    func testARosterWithTwoEMailColumnsThatDisagreeIsRefused() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let file = try write(
            cli, "roster.csv",
            "id,Name,E-Mail,E-Mail\n03705521,Ann Lee,ann@tum.de,ANN@tum.de\n11902567,Bo Yu,bo@tum.de,bo@gmail.com\n")
        let r = try cli.run(["student", "import", file])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(
            r.stderr.contains(
                "roster.csv:3:26: error: two columns for the e-mail, 'E-Mail' (C) and 'E-Mail' (D), differ in line 3"),
            r.stderr)
        XCTAssertEqual(try cli.json(["student", "list", "--format", "json"]).count, 0)
    }

    func testAGradeSheetWithTwoReportColumnsThatDisagreeIsRefused() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let before = try cli.dump()
        let file = try write(
            cli, "grades.csv", "Matrikelnummer,report,Note Bericht\n03705521,1.3,\"1,3\"\n11902567,1.0,2.0\n")
        let r = try cli.run(["grade", "import", file])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(
            r.stderr.contains(
                "grades.csv:3:14: error: two columns for the report grade, 'report' (B) and 'Note Bericht' (C), "
                    + "differ in line 3: '1.0' and '2.0'"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)
        // The same grades written two ways agree.
        let same = try write(
            cli, "same.csv", "Matrikelnummer,report,Note Bericht\n03705521,1.3,\"1,3\"\n11902567,1.0,1\n")
        let ok = try cli.ok(["grade", "import", same])
        XCTAssertTrue(
            ok.stdout.contains("Decided: 'report' (B) and 'Note Bericht' (C) both give the report grade"), ok.stdout)
    }

    func testACatalogWithTwoIdColumnsThatDisagreeIsRefused() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let file = try write(cli, "papers.csv", "id,title,key\nP1,Attention,P1\nP2,Transformers,P3\n")
        let r = try cli.run(["paper", "import", file])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(
            r.stderr.contains(
                "papers.csv:3:17: error: two columns for the id, 'id' (A) and 'key' (C), differ in line 3"),
            r.stderr)
        XCTAssertEqual(try cli.json(["paper", "list", "--format", "json"]).count, 0)
    }

    func testAFormWithTwoEMailColumnsThatDisagreeIsRefused() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let before = try cli.dump()
        let papers = try cli.json(["paper", "list", "--format", "json"]).compactMap { $0["id"] as? String }
        let file = try write(
            cli, "form.csv",
            "Timestamp,Email Address,E-Mail,1st choice,2nd choice\n"
                + "2024/10/20 10:00:00 AM GMT+2,linnea.bergstroem@tum.de,linnea.bergstroem@tum.de,\(papers[0]),\(papers[1])\n"
                + "2024/10/20 11:00:00 AM GMT+2,etienne.dubois@tum.de,linnea.bergstroem@tum.de,\(papers[1]),\(papers[2])\n"
        )
        let r = try cli.run(["prefs", "import", file])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(
            r.stderr.contains(
                "two columns for the e-mail, 'Email Address' (B) and 'E-Mail' (C), differ in line 3"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)
    }

    func testARegistrationListWithTwoIdOrTwoGradeColumnsIsRefused() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["grade", "import", CLI.fixture("grades.csv")])
        let twoIDs = "Matrikelnummer;Note;Matrikelnummer\r\n03705521;;03705521\r\n11902567;;11902576\r\n"
        let list = try write(cli, "list.csv", twoIDs)
        let r = try cli.run(["grade", "export", "--into", list])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(
            r.stderr.contains(
                "list.csv:3:11: error: two columns for the Matrikelnummer, 'Matrikelnummer' (A) and 'Matrikelnummer' (C), "
                    + "differ in line 3: '11902567' and '11902576'"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: list, encoding: .utf8), twoIDs)
        let twoGrades = try write(cli, "grades.csv", "Matrikelnummer;Note;Note\r\n03705521;;\r\n")
        let g = try cli.run(["grade", "export", "--into", twoGrades])
        XCTAssertEqual(g.status, 65, g.stdout)
        XCTAssertTrue(
            g.stderr.contains(
                "grades.csv:1:21: error: two columns are named Note, 'Note' (B) and 'Note' (C): which one to fill cannot be told"
            ), g.stderr)
        // Two id columns that agree are one.
        let same = try write(cli, "same.csv", "Matrikelnummer;Note;Matrikelnummer\r\n03705521;;03705521\r\n")
        try cli.ok(["grade", "export", "--into", same])
    }
}
