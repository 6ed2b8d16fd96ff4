import Foundation
import SeminarApp
import SeminarCore
import XCTest

@testable import SeminarStore

/// Storing the agenda: talk revisions across regeneration.
final class ScheduleRevisionStoreTests: XCTestCase {
    let time = SeminarTime(identifier: "Europe/Berlin")!
    let day1 = DayDate(year: 2025, month: 2, day: 13)

    func seeded() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.initialize(title: "T", term: "W", timezone: "Europe/Berlin")
        _ = try RosterImport.run(
            (1...3).map { StudentInput(id: "s\($0)", name: "Student \($0)", email: "s\($0)@example.org", line: $0) },
            file: "roster.csv", in: db)
        _ = try CatalogImport.run(
            (1...3).map { PaperInput(id: "p\($0)", title: "P\($0)", line: $0 + 1) }, file: "papers.csv", in: db)
        for i in 1...3 { _ = try AssignmentEdit.pin(student: "s\(i)", paper: "p\(i)", in: db) }
        return db
    }

    func generate(_ db: AppDatabase, start: String = "09:00") throws {
        let plan = SchedulePlan(
            days: [ScheduleDay(day: day1, start: ClockTime(start)!, end: ClockTime("12:00")!, room: "R1")],
            talkMinutes: 30)
        let (talks, unavailability) = try db.scheduleInputs()
        let agenda = try AgendaPlanner.plan(talks, plan, unavailability: unavailability, calendar: time.calendarInZone)
        _ = try db.saveSchedule(agenda, plan: plan, replace: true)
    }

    func revisions(_ db: AppDatabase) throws -> [String: Int] {
        var r: [String: Int] = [:]
        for t in try XCTUnwrap(try db.storedSchedule()).agenda.talks { r[t.talk!.studentID] = t.revision }
        return r
    }

    /// A talk moved by hand has SEQUENCE 1 in the calendar; `generate --replace` wrote it
    /// back with SEQUENCE 0, and calendar clients ignore an update whose SEQUENCE is lower
    /// than the one they have, so attendees kept the old time. A regenerated talk keeps its
    /// revision, and goes one up when its time or room changed.
    func testRegeneratingNeverLowersATalksRevision() throws {
        let db = try seeded()
        try generate(db)
        XCTAssertEqual(try revisions(db), ["s1": 0, "s2": 0, "s3": 0])
        _ = try db.editSchedule { agenda, u in
            try AgendaEditor.move(
                agenda, student: "s3", to: self.day1.at(ClockTime("11:00")!, calendar: self.time.calendarInZone),
                unavailability: u, calendar: self.time.calendarInZone)
        }
        XCTAssertEqual(try revisions(db)["s3"], 1)
        try generate(db)  // same layout as the first time: s3 goes back to 10:00
        XCTAssertEqual(try revisions(db), ["s1": 0, "s2": 0, "s3": 2])
        try generate(db, start: "09:30")  // everyone moves
        XCTAssertEqual(try revisions(db), ["s1": 1, "s2": 1, "s3": 3])
        try generate(db, start: "09:30")  // nothing moves
        XCTAssertEqual(try revisions(db), ["s1": 1, "s2": 1, "s3": 3])
    }
}
