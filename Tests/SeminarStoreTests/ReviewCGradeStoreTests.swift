import Foundation
import SeminarApp
import SeminarCore
import XCTest

@testable import SeminarStore

/// Review findings on the grading rules in the store.
final class ReviewCGradeStoreTests: XCTestCase {
    func pointsSeminar() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.initialize(title: "T", term: "W", timezone: "Europe/Berlin")
        _ = try RosterImport.run([StudentInput(id: "1", name: "A", email: "a@x.de")], file: "r.csv", in: db)
        var p = GradingPolicy.standard
        p.scale = .points(max: 600, pass: 300)
        try db.configureGrading(p, by: "u")
        return db
    }

    /// 30 of 60 points passed; `grade config --max 100 --pass-mark 50` silently made the same
    /// recorded 30 mean 30 of 100, and the student failed. A different maximum changes what
    /// every recorded grade means, so it is refused once grades exist, like German ↔ points.
    func testTheMaximumCannotChangeUnderRecordedPoints() throws {
        let db = try pointsSeminar()
        _ = try db.setGrades(student: "1", ["report": 300, "presentation": 300], by: "u")
        XCTAssertEqual(try db.gradedStudents()[0].outcome.status, .passed)
        var wider = try db.gradingPolicy()
        wider.scale = .percentage
        XCTAssertThrowsError(try db.configureGrading(wider, by: "u")) { error in
            XCTAssertTrue("\(error)".contains("maximum"), "\(error)")
        }
        XCTAssertEqual(try db.gradedStudents()[0].outcome.status, .passed)
        // The pass mark is a rule, like the rounding: it may still be corrected.
        var stricter = try db.gradingPolicy()
        stricter.scale = .points(max: 600, pass: 310)
        try db.configureGrading(stricter, by: "u")
        XCTAssertEqual(try db.gradedStudents()[0].outcome.status, .failed)
    }

    /// Before any grade is recorded the maximum is free to change.
    func testTheMaximumMayChangeBeforeGrading() throws {
        let db = try pointsSeminar()
        var p = try db.gradingPolicy()
        p.scale = .percentage
        try db.configureGrading(p, by: "u")
        XCTAssertEqual(try db.gradingPolicy().scale, .percentage)
    }
}
