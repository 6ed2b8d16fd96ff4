import Foundation
import GRDB
import SeminarApp
import SeminarCore
import XCTest

@testable import SeminarStore

final class GradeStoreTests: XCTestCase {
    func seminar() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.initialize(title: "T", term: "W", timezone: "Europe/Berlin")
        _ = try RosterImport.run(
            [StudentInput(id: "1", name: "A", email: "a@x.de"), StudentInput(id: "2", name: "B", email: "b@x.de")],
            file: "r.csv", in: db)
        return db
    }

    func testEveryChangeIsKept() throws {
        let db = try seminar()
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        _ = try GradeEntry.set(db, student: "1", grades: ["report": 13], by: "alice", now: t0)
        _ = try GradeEntry.set(db, student: "1", grades: ["report": 17], by: "bob", now: t0.addingTimeInterval(60))
        // No change, no entry:
        _ = try GradeEntry.set(db, student: "1", grades: ["report": 17], by: "bob", now: t0.addingTimeInterval(120))
        _ = try GradeEntry.set(db, student: "1", grades: ["report": nil], by: "carol", now: t0.addingTimeInterval(180))
        let h = try db.gradeHistory(student: "1")
        XCTAssertEqual(
            h.map { "\($0.oldValue ?? "-")>\($0.newValue ?? "-") \($0.changedBy)" },
            ["->1.3 alice", "1.3>1.7 bob", "1.7>- carol"])
        XCTAssertEqual(h.first?.changedAt, t0)
        XCTAssertEqual(h.map(\.source), [.gradeSet, .gradeSet, .gradeSet])
        // Stored as the one text form of an instant, so that text order is time order.
        let stored = try db.read { try String.fetchOne($0, sql: "SELECT changed_at FROM grade_history ORDER BY id") }
        XCTAssertEqual(stored, "2023-11-14T22:13:20Z")
        XCTAssertTrue(try Gradebook(db).students.first { $0.id == "1" }!.grades.isEmpty)
    }

    func testImportIsOneTransaction() throws {
        let db = try seminar()
        // The second row names a student who is not there: nothing of the first row may stay.
        XCTAssertThrowsError(
            try db.importGrades(
                [
                    GradeRow(studentID: "1", grades: ["report": 13], line: 2),
                    GradeRow(studentID: "9", grades: ["report": 13], line: 3),
                ], file: "g.csv", scale: .german, by: "u", now: Date()))
        XCTAssertTrue(try db.gradeHistory(student: nil).isEmpty)
        XCTAssertTrue(try Gradebook(db).students.allSatisfy { $0.grades.isEmpty })
        let s = try db.importGrades(
            [GradeRow(studentID: "1", grades: ["report": 13, "presentation": 20], line: 2)], file: "g.csv",
            scale: .german, by: "u", now: Date())
        XCTAssertEqual(s.added, 2)
        let again = try db.importGrades(
            [GradeRow(studentID: "1", grades: ["report": 13, "presentation": 20], line: 2)], file: "g.csv",
            scale: .german, by: "u", now: Date())
        XCTAssertEqual(again.unchanged, 2)
        XCTAssertEqual(again.added + again.changed, 0)
        XCTAssertEqual(try Gradebook(db).students.first { $0.id == "1" }?.outcome.final, 17)
    }

    func testErasureRemovesGradesAndTheirHistory() throws {
        let db = try seminar()
        _ = try GradeEntry.set(db, student: "1", grades: ["report": 13, "presentation": 20], by: "u", now: Date())
        let removed = try db.removeStudent("1")
        XCTAssertEqual(removed["grade"], 2)
        XCTAssertEqual(removed["grade_history"], 2)
        XCTAssertTrue(try db.gradeHistory(student: nil).isEmpty)
    }

    func testConfigIsStoredAndGuarded() throws {
        let db = try seminar()
        XCTAssertEqual(try db.gradingPolicy(), .standard)
        var p = GradingPolicy.standard
        p.components = try GradingPolicy.parseComponents(["report:30,presentation:60,participation:10"])
        p.rounding = .truncate
        try GradingRules.change(db, to: p, by: "u", now: Date())
        XCTAssertEqual(try db.gradingPolicy(), p)
        _ = try GradeEntry.set(db, student: "2", grades: ["participation": 10], by: "u", now: Date())
        // Would orphan the participation grade:
        XCTAssertThrowsError(try GradingRules.change(db, to: .standard, by: "u", now: Date()))
        var points = p
        points.scale = .percentage
        // German grades are not points:
        XCTAssertThrowsError(try GradingRules.change(db, to: points, by: "u", now: Date()))
        XCTAssertEqual(try db.gradeHistory(student: nil).filter { $0.subject == .rules }.count, 2)
    }

    func testDropsAndTheDeadline() throws {
        let db = try seminar()
        try db.write { db in
            try db.execute(
                sql:
                    "INSERT INTO deadline(kind, due_at, created_at) VALUES ('deregistration', '2024-11-01T22:59:00Z', '2024-08-01T00:00:00Z')"
            )
        }
        _ = try db.dropStudent("1", at: SeminarTime.fromStorage("2024-10-31T10:00:00Z")!)
        _ = try db.dropStudent("2", at: SeminarTime.fromStorage("2024-11-02T10:00:00Z")!)
        let s = try Gradebook(db).students
        XCTAssertEqual(s.map(\.outcome.status), [.withdrawn, .failed])
        XCTAssertEqual(s[1].outcome.final, 50)
    }
}
