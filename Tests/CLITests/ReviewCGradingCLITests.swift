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
}
