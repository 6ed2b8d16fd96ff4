import Foundation
import SeminarApp
import SeminarCore
import XCTest

@testable import SeminarStore

/// The points maximum of the grading rules in the store.
final class GradingMaximumStoreTests: XCTestCase {
    func pointsSeminar() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.initialize(title: "T", term: "W", timezone: "Europe/Berlin")
        _ = try RosterImport.run([StudentInput(id: "1", name: "A", email: "a@x.de")], file: "r.csv", in: db)
        var p = GradingPolicy.standard
        p.scale = .points(max: 600, pass: 300)
        try GradingRules.change(db, to: p, by: "u", now: Date())
        return db
    }

    /// 30 of 60 points passed; `grade config --max 100 --pass-mark 50` silently made the same
    /// recorded 30 mean 30 of 100, and the student failed. A different maximum changes what
    /// every recorded grade means, so it is refused once grades exist, like German ↔ points.
    func testTheMaximumCannotChangeUnderRecordedPoints() throws {
        let db = try pointsSeminar()
        _ = try GradeEntry.set(db, student: "1", grades: ["report": 300, "presentation": 300], by: "u", now: Date())
        XCTAssertEqual(try Gradebook(db).students[0].outcome.status, .passed)
        var wider = try db.gradingPolicy()
        wider.scale = .percentage
        XCTAssertThrowsError(try GradingRules.change(db, to: wider, by: "u", now: Date())) { error in
            XCTAssertTrue("\(error)".contains("maximum"), "\(error)")
        }
        XCTAssertEqual(try Gradebook(db).students[0].outcome.status, .passed)
        // The pass mark is a rule, like the rounding: it may still be corrected.
        var stricter = try db.gradingPolicy()
        stricter.scale = .points(max: 600, pass: 310)
        try GradingRules.change(db, to: stricter, by: "u", now: Date())
        XCTAssertEqual(try Gradebook(db).students[0].outcome.status, .failed)
    }

    /// Before any grade is recorded the maximum is free to change.
    func testTheMaximumMayChangeBeforeGrading() throws {
        let db = try pointsSeminar()
        var p = try db.gradingPolicy()
        p.scale = .percentage
        try GradingRules.change(db, to: p, by: "u", now: Date())
        XCTAssertEqual(try db.gradingPolicy().scale, .percentage)
    }
}
