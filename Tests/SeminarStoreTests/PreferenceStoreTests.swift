import SeminarApp
import SeminarCore
import XCTest

@testable import SeminarStore

final class PreferenceStoreTests: XCTestCase {
    func seminar() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.initialize(title: "T", term: "W", timezone: "UTC")
        _ = try RosterImport.run(
            [
                StudentInput(id: "s1", name: "A", email: "a@x.de"), StudentInput(id: "s2", name: "B", email: "b@x.de"),
                StudentInput(id: "s3", name: "C", email: "c@x.de"),
            ], file: "roster.csv", in: db)
        for (id, cap) in [("p1", 1), ("p2", 1), ("p3", 2)] {
            try CatalogEdit.add(PaperInput(id: id, title: "Paper \(id)", capacity: cap), in: db)
        }
        return db
    }

    func date(_ s: String) -> Date { SeminarTime.fromStorage(s)! }

    func testLatestFormWinsAcrossImportsAndSameListIsUnchanged() throws {
        let db = try seminar()
        let first = try FormImport.run(
            [
                FormSubmission(
                    studentID: "s1", papers: ["p1", "p2"], submittedAt: date("2024-08-10T10:00:00Z"), line: 2)
            ],
            source: "a.csv", in: db)
        XCTAssertEqual(first.added, ["s1"])
        // An older submission in another file does not overwrite the newer saved one.
        let older = try FormImport.run(
            [FormSubmission(studentID: "s1", papers: ["p3"], submittedAt: date("2024-08-01T10:00:00Z"), line: 2)],
            source: "b.csv", in: db)
        XCTAssertEqual(older.keptNewer, ["s1"])
        XCTAssertEqual(try db.preferenceRows().map(\.paperID), ["p1", "p2"])
        let same = try FormImport.run(
            [
                FormSubmission(
                    studentID: "s1", papers: ["p1", "p2"], submittedAt: date("2024-08-20T10:00:00Z"), line: 2)
            ],
            source: "c.csv", in: db)
        XCTAssertEqual(same.unchanged, ["s1"])
        let newer = try FormImport.run(
            [
                FormSubmission(
                    studentID: "s1", papers: ["p3", "p1"], submittedAt: date("2024-08-20T10:00:00Z"), line: 2)
            ],
            source: "c.csv", in: db)
        XCTAssertEqual(newer.replaced, ["s1"])
        XCTAssertEqual(try db.preferenceRows().map(\.paperID), ["p3", "p1"])
        XCTAssertEqual(try db.studentsWithoutForm().map(\.id), ["s2", "s3"])
    }

    func testAssignmentInputAndSaveKeepPins() throws {
        let db = try seminar()
        _ = try PreferenceEdit.set(student: "s1", papers: ["p1"], in: db)
        _ = try PreferenceEdit.set(student: "s2", papers: ["Paper p1", "p2"], in: db)
        _ = try AssignmentEdit.pin(student: "s3", paper: "p1", in: db)
        let input = try db.assignmentInput()
        XCTAssertEqual(input.studentIDs, ["s1", "s2", "s3"])
        XCTAssertEqual(input.problem.pinned, [-1, -1, 0])
        XCTAssertEqual(input.problem.list(1), [0, 1])
        let result = try Assigner.solve(input.problem)
        XCTAssertEqual(result.paper[2], 0, "the pin holds p1")
        let run = AssignmentRunRecord(
            method: .optimal, seed: 1, costModel: .quadratic, ranAt: date("2024-09-01T00:00:00Z"), objective: "x",
            totalCost: result.totalCost, histogram: "{}", students: 3, result: "", solveSeconds: 0)
        let id = try db.saveAssignment(input, result, run: run)
        let views = try db.assignmentViews()
        XCTAssertEqual(views.count, 3)
        XCTAssertEqual(views.first { $0.studentID == "s3" }?.pinned, true)
        XCTAssertEqual(try db.assignmentRuns().map(\.id), [id])
        // Saving again replaces the unpinned rows only.
        _ = try db.saveAssignment(input, result, run: run)
        XCTAssertEqual(try db.assignmentViews().count, 3)
    }
}
