import Foundation
import XCTest

/// Review findings on `seminar grade`, end to end.
final class ReviewCGradingCLITests: XCTestCase {
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
        try "Matrikelnummer;Note\r\n3705521;\r\n11902567;\r\n11902567;\r\n".write(toFile: list, atomically: true, encoding: .utf8)
        let out = try cli.ok(["grade", "export", "--into", list]).stdout
        XCTAssertTrue(out.contains("Matched ignoring leading zeros"), out)
        XCTAssertTrue(out.contains("line 2: 03705521"), out)
        XCTAssertTrue(out.contains("On the list twice"), out)
        XCTAssertTrue(out.contains("line 4: 11902567"), out)
    }
}
