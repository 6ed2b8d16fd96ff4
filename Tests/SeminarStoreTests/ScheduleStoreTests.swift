import Foundation
import SeminarApp
import SeminarCore
import XCTest

@testable import SeminarStore

final class ScheduleStoreTests: XCTestCase {
    let time = SeminarTime(identifier: "Europe/Berlin")!
    let day1 = DayDate(year: 2025, month: 2, day: 13)

    /// Four students, four papers in two topics, everyone assigned.
    func seeded() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.initialize(title: "T", term: "W", timezone: "Europe/Berlin")
        let students = (1...4).map {
            StudentInput(id: "s\($0)", name: "Student \($0)", email: "s\($0)@example.org", line: $0)
        }
        _ = try RosterImport.run(students, file: "roster.csv", in: db)
        // Catalog order: p-b1 first, so topic "b" comes first.
        let papers = [
            PaperInput(id: "p-b1", title: "B one", topic: "b", abstract: "About B.", line: 2),
            PaperInput(id: "p-a1", title: "A one", topic: "a", line: 3),
            PaperInput(id: "p-b2", title: "B two", topic: "b", line: 4),
            PaperInput(id: "p-a2", title: "A two", topic: "a", line: 5),
        ]
        _ = try CatalogImport.run(papers, file: "papers.csv", in: db)
        for (s, p) in [("s1", "p-a1"), ("s2", "p-a2"), ("s3", "p-b1"), ("s4", "p-b2")] {
            _ = try AssignmentEdit.pin(student: s, paper: p, in: db)
        }
        return db
    }

    func plan() -> SchedulePlan {
        SchedulePlan(
            days: [ScheduleDay(day: day1, start: ClockTime("09:00")!, end: ClockTime("12:00")!, room: "R1")],
            talkMinutes: 30, breakEvery: 2, breakMinutes: 15)
    }

    func generate(_ db: AppDatabase, replace: Bool = false) throws -> Agenda {
        try ScheduleGeneration.generate(db, plan: plan(), time: time, replace: replace, dryRun: false, now: Date())
            .agenda
    }

    /// The lines `seminar status` adds for the block seminar.
    func scheduleTodo(_ db: AppDatabase) throws -> [String] {
        try SeminarStatus.gather(db, now: Date(), grading: []).todo.filter {
            switch $0 {
            case .noSchedule, .schedule: return true
            default: return false
            }
        }.map(\.description)
    }

    func testInputsFollowTheCatalogOrderAndTheAgendaRoundTrips() throws {
        let db = try seeded()
        let (talks, _) = try db.scheduleInputs()
        XCTAssertEqual(talks.count, 4)
        let agenda = try generate(db)
        XCTAssertEqual(
            agenda.talks.map { $0.talk!.paperID }, ["p-b1", "p-b2", "p-a1", "p-a2"], "topic b is first in the catalog")
        let stored = try XCTUnwrap(try db.storedSchedule())
        XCTAssertEqual(stored.agenda, agenda)
        XCTAssertEqual(stored.talkMinutes, 30)
        XCTAssertEqual(stored.plan, plan(), "the plan is kept with the agenda")
        XCTAssertEqual(stored.agenda.talk(of: "s3")?.talk?.abstract, "About B.")
    }

    func testStatusToDo() throws {
        let db = try seeded()
        XCTAssertEqual(
            try scheduleTodo(db),
            ["No block-seminar schedule yet: seminar schedule generate --day DATE [--day DATE ...]"])
        _ = try generate(db)
        XCTAssertEqual(try scheduleTodo(db), [])
        _ = try db.unassign(student: "s1")
        XCTAssertEqual(try scheduleTodo(db), ["Schedule: s1 has no paper any more but still has a talk on p-a1"])
    }

    func testPresentationSlot() throws {
        let db = try seeded()
        XCTAssertNil(try db.presentationSlot(student: "s1"), "no schedule yet")
        _ = try generate(db)
        let slot = try XCTUnwrap(try db.presentationSlot(student: "s3"))
        XCTAssertEqual(time.formatLocal(slot.start), "2025-02-13 09:00")
        XCTAssertEqual(time.formatLocal(slot.end), "2025-02-13 09:30")
        XCTAssertEqual(slot.room, "R1")
        XCTAssertNil(try db.presentationSlot(student: "nobody"))
        let all = try db.read { try AppDatabase.presentationSlots($0) }
        XCTAssertEqual(all.count, 4)
        XCTAssertEqual(all["s3"], slot)
        let text = Optional(time.formatSlot(start: slot.start, end: slot.end, room: slot.room))
        XCTAssertTrue(text?.hasPrefix("Thu 13 Feb 2025, 09:00–09:30 ") ?? false, text ?? "nil")
        XCTAssertTrue(text?.hasSuffix(", R1") ?? false, text ?? "nil")
    }

    func testARefusedEditChangesNothingAndAnAcceptedOneIsSaved() throws {
        let db = try seeded()
        _ = try generate(db)
        let before = try db.storedSchedule()!
        let cal = time.calendarInZone
        XCTAssertThrowsError(
            try db.editSchedule { agenda, u in
                try AgendaEditor.move(
                    agenda, student: "s1", to: self.day1.at(ClockTime("09:15")!, calendar: cal), unavailability: u,
                    calendar: cal)
            })
        XCTAssertEqual(try db.storedSchedule()!.agenda, before.agenda)
        _ = try db.editSchedule(now: Date(timeIntervalSince1970: 2_000_000_000)) { agenda, u in
            try AgendaEditor.swap(agenda, "s1", "s3", unavailability: u, calendar: cal)
        }
        let after = try db.storedSchedule()!
        XCTAssertEqual(after.agenda.talk(of: "s1")!.start, before.agenda.talk(of: "s3")!.start)
        XCTAssertEqual(after.agenda.talk(of: "s1")!.revision, 1)
        XCTAssertEqual(after.updatedAt, Date(timeIntervalSince1970: 2_000_000_000))
    }

    func testGenerateDoesNotSilentlyUndoManualChanges() throws {
        let db = try seeded()
        _ = try generate(db)
        let cal = time.calendarInZone
        _ = try db.editSchedule { agenda, u in
            try AgendaEditor.swap(agenda, "s1", "s3", unavailability: u, calendar: cal)
        }
        XCTAssertThrowsError(try generate(db)) { error in
            XCTAssertTrue("\(error)".contains("moved by hand"), "\(error)")
        }
        XCTAssertTrue(try db.storedSchedule()!.agenda.talk(of: "s1")!.manual)
        _ = try generate(db, replace: true)
        XCTAssertFalse(try db.storedSchedule()!.agenda.talk(of: "s1")!.manual)
    }

    func testTheStoreSaysWhatHappenedAndTheUseCasesSayIt() throws {
        let db = try seeded()
        XCTAssertNil(try db.editSchedule { agenda, _ in agenda }, "nothing to edit before generate")
        XCTAssertThrowsError(
            try ScheduleEditing.swap(db, "s1", "s3", time: time, now: Date())
        ) { XCTAssertTrue("\($0)".contains("there is no schedule yet"), "\($0)") }
        XCTAssertNil(try db.scheduleDrift(), "no agenda, no drift")
        let agenda = try generate(db)
        _ = try ScheduleEditing.swap(db, "s1", "s3", time: time, now: Date())
        XCTAssertEqual(
            try db.saveSchedule(agenda, plan: plan(), replace: false), .refused(manualEdits: 2),
            "both swapped talks count")
        XCTAssertEqual(
            try db.saveSchedule(agenda, plan: plan(), replace: true), .saved(replaced: true, discardedEdits: 2))
        XCTAssertEqual(try db.scheduleDrift(), ScheduleDriftFacts(unscheduled: [], mismatched: []))
        let dry = try ScheduleGeneration.generate(
            db, plan: plan(), time: time, replace: false, dryRun: true, now: Date())
        XCTAssertNil(dry.saved)
        XCTAssertEqual(dry.agenda, agenda)
    }

    func testUnavailabilityIsStoredOnceAndUsedByGenerate() throws {
        let db = try seeded()
        let cal = time.calendarInZone
        let u = Unavailability(
            studentID: "s3", start: day1.at(ClockTime("09:00")!, calendar: cal),
            end: day1.at(ClockTime("10:00")!, calendar: cal), reason: "exam")
        XCTAssertTrue(try db.addUnavailability(u))
        XCTAssertFalse(try db.addUnavailability(u), "the same time twice is recorded once")
        let agenda = try generate(db)
        XCTAssertGreaterThanOrEqual(agenda.talk(of: "s3")!.start, u.end)
        XCTAssertEqual(try db.removeUnavailability(student: "s3", overlapping: nil), 1)
        XCTAssertThrowsError(try db.addUnavailability(Unavailability(studentID: "ghost", start: u.start, end: u.end)))
    }

    func testRemovingAStudentTakesTheirTalkAndAttendanceAndDriftIsReported() throws {
        let db = try seeded()
        _ = try generate(db)
        XCTAssertEqual(try db.recordAttendance([AttendanceEntry(studentID: "s2", day: day1)], source: "test"), 1)
        XCTAssertEqual(try db.recordAttendance([AttendanceEntry(studentID: "s2", day: day1)], source: "test"), 0)
        let removed = try db.removeStudent("s2")
        XCTAssertEqual(removed["schedule_item"], 1)
        XCTAssertEqual(removed["attendance"], 1)
        XCTAssertNil(try db.storedSchedule()!.agenda.talk(of: "s2"))
        _ = try db.unassign(student: "s4")
        _ = try AssignmentEdit.pin(student: "s1", paper: "p-b2", in: db)
        let drift = try ScheduleOverview.drift(db).map(\.description)
        XCTAssertTrue(drift.contains { $0.contains("s4 has no paper any more") }, "\(drift)")
        XCTAssertTrue(drift.contains { $0.contains("s1's talk is on p-a1, but their paper is now p-b2") }, "\(drift)")
    }

    func testSignedDaysAreEveryStudentsOwnWhetherTheySignedEveryDayOrFewer() throws {
        let db = try seeded()
        let (d1, d2, d3) = (day1, DayDate(year: 2025, month: 2, day: 14), DayDate(year: 2025, month: 2, day: 15))
        XCTAssertEqual(try db.signedDays().recordedDays, [], "no signature yet: no day recorded")
        // s1 signed every day; s2 not on the third, which only s1 and s3 signed; s3 not on the
        // second; s4 never.
        let entries = [("s1", d1), ("s1", d2), ("s1", d3), ("s2", d2), ("s2", d1), ("s3", d3), ("s3", d1)]
        _ = try db.recordAttendance(entries.map { AttendanceEntry(studentID: $0.0, day: $0.1) }, source: "test")
        let signed = try db.signedDays()
        XCTAssertEqual(signed.recordedDays, [d1, d2, d3])
        XCTAssertEqual(signed.days(of: "s1"), [d1, d2, d3])
        XCTAssertEqual(signed.days(of: "s2"), [d1, d2])
        XCTAssertEqual(signed.days(of: "s3"), [d1, d3])
        XCTAssertEqual(signed.days(of: "s4"), [])
        XCTAssertNil(signed.list(of: "s4"))
        for student in ["s1", "s2", "s3", "s4"] {
            XCTAssertEqual(
                signed.days(of: student),
                SignedDays(entries.map { AttendanceEntry(studentID: $0.0, day: $0.1) }).days(of: student), student)
        }
    }
}
