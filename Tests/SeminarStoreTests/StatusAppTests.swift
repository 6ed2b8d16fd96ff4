import Foundation
import SeminarApp
import SeminarCore
import XCTest

@testable import SeminarStore

/// `seminar status`: facts from the store, the to-do list from SeminarApp.
final class StatusAppTests: XCTestCase {
    func seminar(students: Int, papers: Int) throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.initialize(title: "T", term: "W", timezone: "Europe/Berlin")
        if students > 0 {
            _ = try RosterImport.run(
                (1...students).map {
                    StudentInput(id: "s\($0)", name: "Student \($0)", email: "s\($0)@example.org", line: $0)
                }, file: "roster.csv", in: db)
        }
        if papers > 0 {
            _ = try CatalogImport.run(
                (1...papers).map { PaperInput(id: "p\($0)", title: "P\($0)", line: $0 + 1) }, file: "papers.csv", in: db
            )
        }
        return db
    }

    func testAnEmptySeminarSaysWhereToStart() throws {
        let status = try SeminarStatus.gather(try seminar(students: 0, papers: 0), now: Date(), grading: [])
        XCTAssertEqual(status.todo, [.noStudents, .noPapers, .noDeadlines])
        XCTAssertEqual(
            status.todo.map(\.description),
            [
                "No students yet: seminar student import ROSTER.csv", "No papers yet: seminar paper import PAPERS.csv",
                "No deadlines set: seminar deadline add KIND DATE",
            ])
        XCTAssertNil(status.nextDeadline)
    }

    func testFactsAreCountedAndTheRulesFollowThem() throws {
        let db = try seminar(students: 3, papers: 2)
        _ = try AssignmentEdit.pin(student: "s1", paper: "p1", in: db)
        let f = try db.statusFacts()
        XCTAssertEqual(
            [f.enrolled, f.dropped, f.papers, f.places, f.assigned, f.pinned, f.placesTaken], [3, 0, 2, 2, 1, 1, 1])
        XCTAssertFalse(f.hasSchedule)
        let now = Date(timeIntervalSince1970: 1_736_000_000)
        _ = try db.addDeadline(kind: .report, due: now.addingTimeInterval(86400), title: "Report", now: now)
        let status = try SeminarStatus.gather(db, now: now, grading: ["grading line"])
        // The reminders' lines, then grading's, then the schedule's.
        let reminders = ReminderTodo.items(try db.reminderStatus(now: now), time: status.info.time).map(StatusTodo.note)
        XCTAssertEqual(
            status.todo,
            [.notEnoughPlaces(students: 3, places: 2), .formsMissing(missing: 3, enrolled: 3), .withoutPaper(2)]
                + reminders + [.note("grading line"), .noSchedule])
        XCTAssertEqual(status.nextDeadline?.kind, .report)
        XCTAssertEqual(status.deadlines, 1)
    }

    func testOverfullPapersAreNamedFiveAtMost() {
        var f = StatusFacts()
        f.enrolled = 20
        f.papers = 7
        f.places = 20
        f.forms = 20
        f.assigned = 20
        f.placesTaken = 20
        f.overfullPapers = (1...7).map { "p\($0)" }
        let todo = StatusTodo.rules(f, deadlines: 1)
        XCTAssertEqual(todo, [.overfull(f.overfullPapers)])
        XCTAssertEqual(
            todo[0].description, "7 papers have more students than places (p1, p2, p3, p4, p5, …): seminar assign")
        f.overfullPapers = ["p1"]
        XCTAssertEqual(
            StatusTodo.rules(f, deadlines: 1).map(\.description),
            ["1 paper has more students than places (p1): seminar assign"])
    }
}
