import Foundation
import SeminarApp
import SeminarCore
import XCTest

@testable import SeminarStore

/// The catalog, form and assignment use cases against an in-memory seminar.
final class AssignmentAppTests: XCTestCase {
    let now = SeminarTime.fromStorage("2024-10-01T08:00:00Z")!

    func seminar() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.initialize(title: "T", term: "W", timezone: "UTC")
        let students = (1...3).map { StudentInput(id: "s\($0)", name: "S\($0)", email: "s\($0)@x.de", line: $0 + 1) }
        _ = try RosterImport.run(students, file: "roster.csv", in: db, now: now)
        let papers = (1...3).map { PaperInput(id: "p\($0)", title: "Paper \($0)", line: $0 + 1) }
        _ = try CatalogImport.run(papers, file: "papers.csv", in: db, now: now)
        return db
    }

    func testACatalogImportKeepsTitlesDistinctAndCapacitiesAbovePins() throws {
        let db = try seminar()
        // Two papers may swap titles in one import.
        let swapped = try CatalogImport.run(
            [PaperInput(id: "p1", title: "Paper 2", line: 2), PaperInput(id: "p2", title: "Paper 1", line: 3)],
            file: "papers.csv", in: db, now: now)
        XCTAssertEqual(swapped.updated, ["p1", "p2"])
        XCTAssertEqual(try db.paper("p1").title, "Paper 2")
        XCTAssertEqual(try db.paper("p1").addedAt, now, "an update keeps the time the paper was added")
        XCTAssertThrowsError(try CatalogEdit.add(PaperInput(id: "p9", title: "PAPER 3"), in: db)) {
            XCTAssertEqual("\($0)", "error: paper p3 already has the title \"PAPER 3\"")
        }
        _ = try AssignmentEdit.pin(student: "s1", paper: "p3", in: db, now: now)
        XCTAssertThrowsError(
            try CatalogImport.run(
                [PaperInput(id: "p3", title: "Paper 3", capacity: 0, line: 4)], file: "papers.csv", in: db)
        ) { error in
            guard case SeminarError.invalidInput(let e) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(e.map(\.line), [4])
            XCTAssertTrue(e[0].message.contains("1 students are pinned to it (s1)"), e[0].message)
        }
        XCTAssertEqual(try db.paper("p3").capacity, 1, "a refused import changes nothing")
    }

    func testAFormWithoutATimeReplacesASavedOneAndSaysSo() throws {
        let db = try seminar()
        let first = try FormImport.run(
            [FormSubmission(studentID: "s1", papers: ["p1"], submittedAt: now, line: 2)], source: "a.csv", in: db)
        XCTAssertEqual(first.added, ["s1"])
        XCTAssertEqual(first.withoutForm, 2)
        let later = try FormImport.run(
            [FormSubmission(studentID: "s1", papers: ["p2"], submittedAt: nil, line: 2)], source: "b.csv", in: db)
        XCTAssertEqual(later.replacedWithoutTime, ["s1"])
        let rows = try db.preferenceRows()
        XCTAssertEqual(rows.map(\.paperID), ["p2"])
        XCTAssertNil(rows[0].submittedAt, "a form without a time is never given the import's time")
    }

    func testAnAssignRunIsRecordedWithItsMethodAndTimeAndADryRunIsNot() throws {
        let db = try seminar()
        _ = try PreferenceEdit.set(student: "s1", papers: ["p2", "Paper 1"], in: db, now: now)
        let options = Assigner.Options(method: .rankMaximal, seed: 7)
        let dry = try AssignmentRun.run(in: db, options: options, dryRun: true, now: now)
        XCTAssertNil(dry.runID)
        XCTAssertEqual(try db.assignmentRuns().count, 0)
        let saved = try AssignmentRun.run(in: db, options: options, now: now)
        let run = try XCTUnwrap(try db.assignmentRuns().first)
        XCTAssertEqual(run.id, saved.runID)
        XCTAssertEqual(run.method, .rankMaximal)
        XCTAssertEqual(run.costModel, .quadratic)
        XCTAssertEqual(run.ranAt, now)
        XCTAssertEqual(run.objective, saved.objective)
        let views = try db.assignmentViews()
        XCTAssertEqual(views.map(\.studentID), ["s1", "s2", "s3"])
        XCTAssertEqual(views[0].paperID, "p2")
        XCTAssertEqual(views[0].rank, 1)
        XCTAssertEqual(views[1].noForm, true)
        XCTAssertEqual(try AssignmentEdit.unset(student: "s2", in: db), views[1].paperID)
        XCTAssertThrowsError(try AssignmentEdit.unset(student: "s2", in: db)) {
            XCTAssertEqual("\($0)", "error: student s2 has no paper")
        }
    }

    func testAnUnknownIdIsNamedWithWhereToLook() throws {
        let db = try seminar()
        XCTAssertThrowsError(try db.student("s9")) {
            XCTAssertEqual("\($0)", "error: no student with id s9 (see `seminar student list`)")
        }
        XCTAssertThrowsError(try AssignmentEdit.pin(student: "s1", paper: "p9", in: db)) {
            XCTAssertEqual("\($0)", "error: no paper with id p9 (see `seminar paper list`)")
        }
    }
}
