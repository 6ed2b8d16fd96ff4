import Foundation
import XCTest

/// What a hostile file can make the tool print: escape sequences and bells from its cells
/// must reach the coordinator's terminal escaped, and a ten-megabyte cell must not be echoed.
final class TerminalSafetyCLITests: XCTestCase {
    /// An OSC 8 link, a screen clear and hidden text.
    static let evil = "\u{1b}]8;;http://evil\u{7}click\u{1b}]8;;\u{7}\u{1b}[2J\u{1b}[8m"
    /// Ten megabytes in one cell.
    static let huge = "\u{1b}[2J" + String(repeating: "x", count: 10_000_000)

    /// No escape, bell or direction control on the terminal, and a bounded amount of text.
    func assertSafe(_ r: CLI.Result, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for (name, text) in [("stderr", r.stderr), ("stdout", r.stdout)] {
            let bad = text.unicodeScalars.filter {
                $0 == "\u{1b}" || $0 == "\u{7}" || $0 == "\u{9b}" || $0 == "\u{202E}"
            }
            XCTAssertTrue(
                bad.isEmpty, "\(what): \(name) holds \(bad.count) raw control characters", file: file, line: line)
            XCTAssertLessThan(
                text.utf8.count, 10_000, "\(what): \(name) is \(text.utf8.count) bytes", file: file, line: line)
        }
    }

    func write(_ cli: CLI, _ name: String, _ text: String) throws -> String {
        // A plain string path: a URL would not keep a control character in a file name.
        let path = cli.directory.path + "/" + name
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), name)
        return path
    }

    func testStudentImportShowsBadCellsEscapedAndCut() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let evil = Self.evil
        let file = try write(
            cli, "roster.csv",
            "id,name,email\n\"\(evil)\",Anna,anna@example.org\n2,\"\(evil)\",b@example.org\n3,Carl,\"\(evil)\"\n"
                + "\(Self.huge),Dora,d@example.org\n5,Emil,\"\(Self.huge)\"\n")
        let before = try cli.dump()
        let r = try cli.run(["student", "import", file])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("\\x1b]8;;http://evil\\x07click"), r.stderr)
        assertSafe(r, "student import")
        let skipping = try cli.run(["student", "import", "--skip-invalid", file])
        XCTAssertNotEqual(skipping.status, 0, "no good row")
        assertSafe(skipping, "student import --skip-invalid")
        XCTAssertEqual(try cli.dump(), before)

        let good = try write(
            cli, "good.csv", "id,\"\(evil)\",email\n6,Fritz,f@example.org\n7,\"\(evil)\",g@example.org\n")
        let partly = try cli.run(["student", "import", "--skip-invalid", "--name-column", evil, good])
        XCTAssertEqual(partly.status, 0, partly.stderr)
        XCTAssertTrue(partly.stdout.contains("\\x1b"), partly.stdout)
        assertSafe(partly, "student import --skip-invalid with a good row")

        let header = try write(cli, "header.csv", "\"\(evil)\",\(Self.huge)\n1,2\n")
        assertSafe(try cli.run(["student", "import", header]), "a header without known columns")
    }

    func testPaperImportShowsBadCellsEscapedAndCut() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let evil = Self.evil
        let file = try write(
            cli, "papers.csv",
            "id,title,url,capacity,year,arxiv\n\"\(evil)\",A,,,,\np2,\"\(evil)\",,,,\np3,C,\"\(evil)\",\"\(evil)\",\"\(evil)\",\"\(evil)\"\n"
                + "\(Self.huge),D,,,,\np5,\(Self.huge),,,,\n")
        let r = try cli.run(["paper", "import", file])
        XCTAssertEqual(r.status, 65)
        assertSafe(r, "paper import")
    }

    func testPrefsImportShowsBadCellsEscapedAndCut() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let evil = Self.evil
        let file = try write(
            cli, "prefs.csv",
            "student,paper,rank\n03705521,ridgeless-hastie22,1\n\"\(evil)\",ridgeless-hastie22,1\n"
                + "11902567,\"\(evil)\",1\n11902567,ridgeless-hastie22,\"\(evil)\"\n\(Self.huge),ridgeless-hastie22,1\n"
                + "11902567,\(Self.huge),2\n")
        let before = try cli.dump()
        let r = try cli.run(["prefs", "import", file])
        XCTAssertEqual(r.status, 65)
        assertSafe(r, "prefs import")
        XCTAssertEqual(try cli.dump(), before)
        let skipping = try cli.run(["prefs", "import", "--skip-invalid", file])
        assertSafe(skipping, "prefs import --skip-invalid")

        let form = try write(
            cli, "form.csv",
            "Timestamp,Email Address,1st choice,2nd choice\n\"\(evil)\",linnea.bergstroem@tum.de,\"\(evil)\",x\n"
                + "8/2/2024 9:14:03,\"\(evil)\",\(Self.huge),y\n")
        assertSafe(try cli.run(["prefs", "import", form]), "prefs import of a form")
        assertSafe(try cli.run(["prefs", "import", "--skip-invalid", form]), "prefs import of a form, skipping")
    }

    func testGradeImportShowsBadCellsEscapedAndCut() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let evil = Self.evil
        let file = try write(
            cli, "grades.csv",
            "Matrikelnummer,report,presentation\n03705521,\"\(evil)\",1.0\n\"\(evil)\",1.0,1.0\n"
                + "\(Self.huge),1.0,1.0\n11902567,\(Self.huge),1.0\n")
        let before = try cli.dump()
        let r = try cli.run(["grade", "import", file])
        XCTAssertEqual(r.status, 65)
        assertSafe(r, "grade import")
        XCTAssertEqual(try cli.dump(), before)
        assertSafe(try cli.run(["grade", "import", "--id-column", evil, file]), "grade import --id-column")
    }

    func testAttendImportShowsBadCellsEscapedAndCut() throws {
        let cli = try CLI()
        let students = try cli.initFixtureSeminarWithPapers()
        try cli.ok(ScheduleCLITests.generate)
        let evil = Self.evil
        let file = try write(
            cli, "sheet.csv",
            "id,day\n\"\(evil)\",2025-02-13\n\(students[0]),\"\(evil)\"\n\(Self.huge),2025-02-13\n"
                + "\(students[1]),\(Self.huge)\n")
        let before = try cli.dump()
        let r = try cli.run(["attend", "import", file])
        XCTAssertEqual(r.status, 65)
        assertSafe(r, "attend import")
        XCTAssertEqual(try cli.dump(), before)
    }

    func testAFileNameIsShownEscaped() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let missing = try cli.run(["student", "import", cli.directory.path + "/no-such\u{1b}[2J.csv"])
        XCTAssertNotEqual(missing.status, 0)
        assertSafe(missing, "a missing file")
        let name = "bad\u{1b}]8;;evil\u{7}\u{1b}[2J.csv"
        let file = try write(cli, name, "id,name,email\n1,A,not-an-address\n")
        let r = try cli.run(["student", "import", file])
        XCTAssertEqual(r.status, 65)
        assertSafe(r, "a file name with an escape sequence")
    }

    func testADirectionOverrideInANameOrTitleIsRefused() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let mallory = "Mallory \u{202E}gnp.exe"
        let before = try cli.dump()
        let add = try cli.run(["student", "add", "1", "--name", mallory, "--email", "m@example.org"])
        XCTAssertEqual(add.status, 65)
        XCTAssertTrue(add.stderr.contains("\\u{202E}"), add.stderr)
        assertSafe(add, "student add")
        let roster = try write(cli, "roster.csv", "id,name,email\n1,\(mallory),m@example.org\n")
        let imported = try cli.run(["student", "import", roster])
        XCTAssertEqual(imported.status, 65)
        XCTAssertTrue(imported.stderr.contains("roster.csv:2:3: error:"), imported.stderr)
        XCTAssertTrue(imported.stderr.contains("\\u{202E}"), imported.stderr)
        assertSafe(imported, "student import")

        let paper = try cli.run(["paper", "add", "p1", "--title", "Attention \u{2067}is\u{2069} all"])
        XCTAssertEqual(paper.status, 65)
        assertSafe(paper, "paper add")
        let papers = try write(cli, "papers.csv", "id,title,authors\np1,A title,\"\(mallory)\"\np2,\(mallory),B\n")
        let catalog = try cli.run(["paper", "import", papers])
        XCTAssertEqual(catalog.status, 65)
        XCTAssertTrue(catalog.stderr.contains("papers.csv:2:12: error:"), catalog.stderr)
        XCTAssertTrue(catalog.stderr.contains("papers.csv:3:4: error:"), catalog.stderr)
        assertSafe(catalog, "paper import")
        let deadline = try cli.run(["deadline", "add", "report", "2025-01-15", "--title", "Report \u{202D}due"])
        XCTAssertEqual(deadline.status, 65)
        assertSafe(deadline, "deadline add")
        XCTAssertEqual(try cli.dump(), before)
        let other = try CLI()
        let initialised = try other.run(["init", "--title", mallory, "--term", "W"])
        XCTAssertEqual(initialised.status, 64)
        XCTAssertTrue(initialised.stderr.contains("\\u{202E}"), initialised.stderr)
        assertSafe(initialised, "init")
    }

    func testAUsageErrorShowsWhatWasTypedEscaped() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let r = try cli.run(["student", "list", "--format", "\u{1b}]8;;evil\u{7}x\u{1b}[2J"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("\\x1b[2J"), r.stderr)
        assertSafe(r, "a usage error")
        XCTAssertEqual(try cli.run(["student", "list", "--help"]).stdout.contains("--format"), true)
    }

    func testAnOverlongNameSaysTheLimit() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let long = String(repeating: "a", count: 1_204)
        let add = try cli.run(["student", "add", "1", "--name", long, "--email", "m@example.org"])
        XCTAssertEqual(add.status, 65)
        XCTAssertTrue(add.stderr.contains("1,204"), add.stderr)
        XCTAssertTrue(add.stderr.contains("at most 800"), add.stderr)
        XCTAssertFalse(add.stderr.contains("control characters"), add.stderr)
        let papers = try write(cli, "papers.csv", "id,title\np1,\(long)\n")
        let catalog = try cli.run(["paper", "import", papers])
        XCTAssertEqual(catalog.status, 65)
        XCTAssertTrue(catalog.stderr.contains("at most 800"), catalog.stderr)
        XCTAssertFalse(catalog.stderr.contains("control characters"), catalog.stderr)
    }

    func testStoredValuesAreShownEscapedInListsAndShow() throws {
        // What the database holds reaches the terminal through tables and `show`: a value
        // written before names were checked, or behind the tool's back, or a hand-in's file
        // name (kept as given) must not clear the screen or reverse the line.
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try CLI.sqlite(
            cli.db,
            "UPDATE student SET name = 'Mallory ' || char(0x202E) || 'gnp.exe', "
                + "program = char(27) || '[2J' || char(27) || ']8;;http://evil' || char(7) || 'x' "
                + "WHERE id = '03712845'")
        let pdf = try write(cli, "r\u{1b}[2J.pdf", "%PDF-1.4\n%%EOF\n")
        try cli.ok(["submit", "03712845", "report", "--file", pdf])
        for args in [
            ["student", "list"], ["student", "show", "03712845"], ["submission", "list"],
            ["student", "list", "--status", "enrolled"],
        ] {
            let r = try cli.ok(args)
            XCTAssertTrue(r.stdout.contains("\\u{202E}gnp.exe"), "\(args): \(r.stdout)")
            let bad = r.stdout.unicodeScalars.filter { $0 == "\u{1b}" || $0 == "\u{7}" || $0 == "\u{202E}" }
            XCTAssertTrue(bad.isEmpty, "\(args) prints \(bad.count) raw control characters")
        }
        XCTAssertTrue(try cli.ok(["student", "list"]).stdout.contains("\\x1b[2J\\x1b]8;;http://evil\\x07x"))
        let json = try cli.ok(["student", "list", "--format", "json"]).stdout
        XCTAssertTrue(json.contains("\\u001b[2J"), "JSON keeps the value, in its own escapes")
    }

    func testAProgramWithAControlCharacterIsRefused() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let add = try cli.run([
            "student", "add", "1", "--name", "Ann", "--email", "a@example.org", "--program", "\u{1b}[2JCS",
        ])
        XCTAssertEqual(add.status, 65, add.stderr)
        assertSafe(add, "student add --program")
        let file = try write(cli, "roster.csv", "id,name,email,program\n1,Ann,a@example.org,\"\u{1b}[2JCS\"\n")
        let r = try cli.run(["student", "import", file])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("roster.csv:2:"), r.stderr)
        assertSafe(r, "student import with a bad program")
        XCTAssertEqual(try cli.json(["student", "list", "--format", "json"]).count, 0)
    }
}
