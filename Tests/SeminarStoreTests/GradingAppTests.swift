import Foundation
import SeminarApp
import SeminarCore
import XCTest

@testable import SeminarStore

/// The grading use cases (SeminarApp/Grading) against an in-memory seminar.
final class GradingAppTests: XCTestCase {
    let now = Date(timeIntervalSince1970: 1_735_000_000)

    func seminar() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.initialize(title: "T", term: "W", timezone: "Europe/Berlin")
        _ = try RosterImport.run(
            [
                StudentInput(id: "1", name: "A", email: "a@x.de"), StudentInput(id: "2", name: "B", email: "b@x.de"),
                StudentInput(id: "3", name: "C", email: "c@x.de"),
            ], file: "r.csv", in: db)
        return db
    }

    func testClosingFailsTheIncompleteAndReopeningGivesThemBack() throws {
        let db = try seminar()
        _ = try GradeEntry.set(db, student: "1", grades: ["report": 13, "presentation": 20], by: "u", now: now)
        _ = try GradeEntry.set(db, student: "2", grades: ["report": 13], by: "u", now: now)
        // 3 has no grade at all: incomplete too.
        XCTAssertEqual(
            try GradingToDo.items(db, today: DayDate(year: 2025, month: 3, day: 1)), [.missingGrades(students: 2)])
        let closing = try GradingRules.close(db, by: "u", now: now)
        XCTAssertEqual(closing.failedNow, ["2", "3"])
        XCTAssertFalse(closing.alreadyClosed)
        XCTAssertEqual(try db.gradingClosedAt(), now)
        XCTAssertEqual(try Gradebook(db).students.map(\.outcome.status), [.passed, .failed, .failed])
        XCTAssertEqual(try GradingToDo.items(db, today: DayDate(year: 2025, month: 3, day: 1)), [])
        XCTAssertTrue(try GradingRules.close(db, by: "u", now: now).alreadyClosed)

        XCTAssertTrue(try GradingRules.reopen(db, by: "v", now: now.addingTimeInterval(60)))
        XCTAssertFalse(try GradingRules.reopen(db, by: "v", now: now))
        XCTAssertNil(try db.gradingClosedAt())
        let history = try db.gradeHistory(student: "2").filter { $0.subject != .component("report") }
        XCTAssertEqual(
            history.map {
                "\($0.studentID ?? "-") \($0.subject) \($0.oldValue ?? "") \($0.newValue ?? "") \($0.source)"
            },
            [
                "- close open closed grade close", "2 status incomplete failed grade close",
                "- close closed open grade close --reopen", "2 status failed incomplete grade close --reopen",
            ])
    }

    func testTheGradebookCanBeReadAsIfClosed() throws {
        let db = try seminar()
        _ = try GradeEntry.set(db, student: "1", grades: ["report": 13], by: "u", now: now)
        XCTAssertEqual(try Gradebook(db).student("1")?.outcome.status, .incomplete)
        XCTAssertEqual(try Gradebook(db, term: .closed).student("1")?.outcome.final, 50)
        XCTAssertNil(try db.gradingClosedAt())
        let sheet = try GradeExport.sheet(db, format: .init(), includeUngraded: false, term: .closed)
        // Closed, everyone has a final grade, so everyone is on the sheet.
        XCTAssertEqual(sheet.students, 3)
        XCTAssertTrue(
            sheet.text.contains("3,C,c@x.de,,,,5.0,failed,\"term closed with report, presentation missing\"\r\n"),
            sheet.text)
        XCTAssertTrue(
            sheet.text.contains("1,A,a@x.de,,1.3,,5.0,failed,term closed with presentation missing\r\n"), sheet.text)
    }

    func testAPreviewSaysWhatTheImportThenDoes() throws {
        let db = try seminar()
        _ = try GradeEntry.set(db, student: "1", grades: ["report": 13, "presentation": 20], by: "u", now: now)
        let rows = [
            GradeRow(studentID: "1", grades: ["report": 13, "presentation": 17], line: 2),
            GradeRow(studentID: "2", grades: ["report": 30], line: 3),
        ]
        let preview = GradeEntry.preview(rows, against: try Gradebook(db))
        let done = try db.importGrades(rows, file: "g.csv", scale: .german, by: "u", now: now)
        XCTAssertEqual(preview, done)
        XCTAssertEqual(done.description, "1 added, 1 changed, 1 unchanged")
    }

    func testAGradeOfAnUnknownComponentSaysWhereTheComponentsAre() throws {
        let db = try seminar()
        XCTAssertThrowsError(
            try GradeEntry.set(db, student: "1", grades: ["participation": 10], by: "u", now: now)
        ) { error in
            XCTAssertTrue("\(error)".contains("no component participation"), "\(error)")
            XCTAssertTrue("\(error)".contains("seminar grade config"), "\(error)")
        }
        XCTAssertTrue(try db.gradeHistory(student: nil).isEmpty)
    }

    func testARefusedChangeOfRulesSaysEveryReasonAndChangesNothing() throws {
        let db = try seminar()
        var three = GradingPolicy.standard
        three.components = try GradingPolicy.parseComponents(["report:30,presentation:60,participation:10"])
        try GradingRules.change(db, to: three, by: "u", now: now)
        _ = try GradeEntry.set(db, student: "1", grades: ["participation": 10, "report": 13], by: "u", now: now)
        var points = GradingPolicy.standard
        points.scale = .percentage
        XCTAssertThrowsError(try GradingRules.change(db, to: points, by: "u", now: now)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("1 participation grade is recorded"), text)
            XCTAssertTrue(text.contains("--grade participation=none"), text)
            XCTAssertTrue(text.contains("2 grades are recorded on german"), text)
        }
        XCTAssertEqual(try db.gradingPolicy(), three)
    }
}
