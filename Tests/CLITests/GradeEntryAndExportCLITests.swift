import Foundation
import XCTest

/// Entering, filling in and exporting grades with `seminar grade`, end to end: the edge cases.
final class GradeEntryAndExportCLITests: XCTestCase {
    func gradedSeminar() throws -> CLI {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["grade", "import", CLI.fixture("grades.csv")])
        return cli
    }

    /// `grade set X --report "$R"` with an empty R (a script's unset variable) silently
    /// deleted the recorded report grade; an empty cell in an import leaves a grade as it is.
    /// Clearing must be asked for with `none`.
    func testAnEmptyGradeIsRefusedAndClearsNothing() throws {
        let cli = try gradedSeminar()
        let before = try cli.dump()
        for empty in ["", "  "] {
            let r = try cli.run(["grade", "set", "03705521", "--report", empty])
            XCTAssertEqual(r.status, 64, r.stderr)
            XCTAssertTrue(r.stderr.contains("none"), r.stderr)
        }
        XCTAssertEqual(try cli.dump(), before)
        try cli.ok(["grade", "set", "03705521", "--report", "none"])
        XCTAssertNotEqual(try cli.dump(), before)
    }

    /// `--into` promised that a row matched by ignoring stripped leading zeros is reported;
    /// the note was kept in a line the command never printed.
    func testFillReportsIdsMatchedIgnoringLeadingZerosAndDuplicates() throws {
        let cli = try gradedSeminar()
        let list = cli.path("list.csv")
        try "Matrikelnummer;Note\r\n3705521;\r\n11902567;\r\n11902567;\r\n".write(
            toFile: list, atomically: true, encoding: .utf8)
        let out = try cli.ok(["grade", "export", "--into", list]).stdout
        XCTAssertTrue(out.contains("Matched ignoring leading zeros"), out)
        XCTAssertTrue(out.contains("line 2: 03705521"), out)
        XCTAssertTrue(out.contains("On the list twice"), out)
        XCTAssertTrue(out.contains("line 4: 11902567"), out)
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue
    }

    /// Filling the list in place promised to keep its permissions, but they were read after
    /// the atomic write had replaced the file, so a 0640 list came back 0600. New files stay
    /// owner-only (the tool's umask 077); an existing output file keeps its mode.
    func testFillingInPlaceKeepsThePermissions() throws {
        let cli = try gradedSeminar()
        let list = cli.path("registration.csv")
        try FileManager.default.copyItem(atPath: CLI.fixture("registration.csv"), toPath: list)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: list)
        try cli.ok(["grade", "export", "--into", list])
        XCTAssertEqual(try mode(list), 0o640)

        let sheet = cli.path("sheet.csv")
        let agenda = cli.path("agenda.md")
        try cli.ok(["grade", "export", "--output", sheet])
        XCTAssertEqual(try mode(sheet), 0o600)  // personal data: owner-only (the tool's umask 077)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: sheet)
        try cli.ok(["grade", "export", "--output", sheet])  // an existing file keeps its mode
        XCTAssertEqual(try mode(sheet), 0o640)

        let paper = try XCTUnwrap(try cli.json(["paper", "list", "--format", "json"]).first?["id"] as? String)
        try cli.ok(["assignment", "set", "03705521", paper])
        try cli.ok(["schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14"])
        try cli.ok(["schedule", "show", "--format", "markdown", "--output", agenda])
        XCTAssertEqual(try mode(agenda), 0o600)
    }

    /// Every export given a symbolic link writes the link's target and keeps the link: a
    /// dangling link's new file is owner-only (it was created 0777, a grade sheet anyone could
    /// read and change), an existing target keeps its own mode, and `--into` a linked list
    /// fills the real list (it replaced the link with a new file and left the list unfilled).
    func testExportsThroughASymlinkWriteItsTargetOwnerOnly() throws {
        let cli = try gradedSeminar()
        let paper = try XCTUnwrap(try cli.json(["paper", "list", "--format", "json"]).first?["id"] as? String)
        try cli.ok(["assignment", "set", "03705521", paper])
        try cli.ok(["schedule", "generate", "--day", "2025-02-13", "--day", "2025-02-14"])
        try cli.ok(["deadline", "template", "--term", "Winter 2024/25"])
        let exports: [(name: String, args: [String])] = [
            ("sheet.csv", ["grade", "export"]), ("deadlines.ics", ["deadline", "export"]),
            ("agenda.md", ["schedule", "show", "--format", "markdown"]),
            ("filled.csv", ["grade", "export", "--into", CLI.fixture("registration.csv")]),
        ]
        for (name, args) in exports {
            let link = cli.path("link-" + name)
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: name)
            try cli.ok(args + ["--output", link])
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), name, name)
            XCTAssertEqual(try mode(cli.path(name)), 0o600, "\(name) created through a dangling link")
            XCTAssertGreaterThan(try Data(contentsOf: URL(fileURLWithPath: cli.path(name))).count, 0, name)
        }
        let list = cli.path("registration.csv")
        try FileManager.default.copyItem(atPath: CLI.fixture("registration.csv"), toPath: list)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: list)
        let link = cli.path("link-registration.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "registration.csv")
        try cli.ok(["grade", "export", "--into", link])
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "registration.csv")
        XCTAssertEqual(try mode(list), 0o640, "the list keeps its own mode")
        XCTAssertEqual(
            try Data(contentsOf: URL(fileURLWithPath: list)),
            try Data(contentsOf: URL(fileURLWithPath: cli.path("filled.csv"))), "the real list is filled")
    }

    /// `grade export --close` closed the term (failing every incomplete student) before it
    /// read the list, so a list without the id column, or an output that cannot be written,
    /// left the term closed while the error said "nothing was changed".
    func testExportCloseChangesNothingWhenTheExportFails() throws {
        let cli = try gradedSeminar()
        let before = try cli.dump()
        let bad = try cli.run([
            "grade", "export", "--close", "--into", CLI.fixture("papers.csv"), "--output", cli.path("x.csv"),
        ])
        XCTAssertEqual(bad.status, 65, bad.stderr)
        XCTAssertEqual(try cli.dump(), before)
        let unwritable = try cli.run(["grade", "export", "--close", "--output", cli.path("no-such-dir/x.csv")])
        XCTAssertNotEqual(unwritable.status, 0)
        XCTAssertEqual(try cli.dump(), before)
        // When the export works, the sheet already shows the closed term, and the term is closed.
        let sheet = try cli.ok(["grade", "export", "--close"]).stdout
        XCTAssertTrue(sheet.contains("11958014,Thi Lan Nguyen,thi-lan.nguyen@tum.de,,2.7,,5.0,failed"), sheet)
        XCTAssertTrue(try cli.ok(["grade", "config"]).stdout.contains("term        closed"))
    }

    /// A grade file saved by a spreadsheet has lost the ids' leading zeros; the error only said
    /// "no student with id 3705521", which looks like a wrong id rather than a formatting issue.
    func testAnIdWithoutItsLeadingZeroGetsAHint() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let file = cli.path("grades.csv")
        try "id,report\n3705521,1.3\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try cli.run(["grade", "import", file])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("grades.csv:2:1: error: no student with id 3705521"), r.stderr)
        XCTAssertTrue(r.stderr.contains("did you mean 03705521?"), r.stderr)
    }

    /// After `grade close` a new grade was taken without a word, although the closed term may
    /// have been exported already and the student's missing part still counts as failed.
    func testAGradeAfterClosingTheTermSaysSo() throws {
        let cli = try gradedSeminar()
        XCTAssertFalse(try cli.ok(["grade", "set", "11958014", "--presentation", "2.0"]).stderr.contains("closed"))
        try cli.ok(["grade", "close"])
        let r = try cli.ok(["grade", "set", "11958014", "--presentation", "2.3"])
        XCTAssertTrue(r.stderr.contains("the term was closed"), r.stderr)
        XCTAssertTrue(r.stderr.contains("--reopen"), r.stderr)
        // Setting the same value again changes nothing and says nothing.
        XCTAssertFalse(try cli.ok(["grade", "set", "11958014", "--presentation", "2.3"]).stderr.contains("closed"))
    }

    /// `--max 0` was answered with "the pass mark must be between 0 and the maximum (0)".
    func testAZeroMaximumIsNamedAsTheProblem() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let r = try cli.run(["grade", "config", "--scale", "points", "--max", "0"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("--max must be more than 0"), r.stderr)
    }

    /// An output that cannot be written leaked Foundation's "The operation could not be
    /// completed. (NSCocoaErrorDomain error 512.)" with exit 1 (schedule show: 66).
    func testAnUnwritableOutputSaysWhyWithExit66() throws {
        let cli = try gradedSeminar()
        let missing = try cli.run(["grade", "export", "--output", cli.path("no-such-dir/x.csv")])
        XCTAssertEqual(missing.status, 66, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("no-such-dir does not exist"), missing.stderr)
        let directory = try cli.run(["grade", "export", "--output", cli.path("")])
        XCTAssertEqual(directory.status, 66, directory.stderr)
        XCTAssertTrue(directory.stderr.contains("it is a directory"), directory.stderr)
        for r in [missing, directory] {
            XCTAssertFalse(
                r.stderr.contains("NSCocoaErrorDomain") || r.stderr.contains("could not be completed"), r.stderr)
        }
    }
}
