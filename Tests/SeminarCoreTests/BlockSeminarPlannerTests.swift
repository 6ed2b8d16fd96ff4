import Foundation
import XCTest

@testable import SeminarCore

/// The block-seminar planner at its edges: clock changes, breaks, long talks, sign-in sheets.
final class BlockSeminarPlannerTests: XCTestCase {
    let calendar = SeminarTime(identifier: "Europe/Berlin")!.calendarInZone

    func talks(_ n: Int) -> [TalkRequest] {
        (0..<n).map { i in
            TalkRequest(
                studentID: String(format: "s%02d", i), speaker: "Student \(i)", paperID: String(format: "p%02d", i),
                title: "Paper \(i)", catalogOrder: i)
        }
    }

    /// A day whose hours contain the daylight-saving change (02:00 → 03:00 on 2025-03-30 in
    /// Berlin) was laid out in wall-clock minutes: two talks got the same 03:00–03:30 slot and
    /// another ended before it began. Whatever the planner does, no two talks may overlap and
    /// every talk must last its length.
    func testADayAcrossTheSpringChangeNeverGetsOverlappingTalks() {
        let spring = DayDate(year: 2025, month: 3, day: 30)
        let plan = SchedulePlan(
            days: [ScheduleDay(day: spring, start: ClockTime("00:00")!, end: ClockTime("12:00")!, room: "R")],
            talkMinutes: 30)
        do {
            let agenda = try AgendaPlanner.plan(talks(8), plan, calendar: calendar)
            let sorted = agenda.talks.sorted { $0.start < $1.start }
            for t in sorted { XCTAssertEqual(t.end.timeIntervalSince(t.start), 30 * 60, "\(t.talk!.studentID)") }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                XCTAssertLessThanOrEqual(a.end, b.start, "\(a.talk!.studentID) overlaps \(b.talk!.studentID)")
            }
            XCTAssertTrue(AgendaEditor.problems(agenda, calendar: calendar).isEmpty)
        } catch {
            XCTAssertTrue("\(error)".contains("daylight"), "\(error)")
        }
    }

    /// In autumn (03:00 → 02:00 on 2025-10-26) a wall-clock slot 02:30–03:00 lasted 90 minutes.
    func testADayAcrossTheAutumnChangeGivesEveryTalkItsLength() {
        let autumn = DayDate(year: 2025, month: 10, day: 26)
        let plan = SchedulePlan(
            days: [ScheduleDay(day: autumn, start: ClockTime("01:00")!, end: ClockTime("06:00")!, room: "R")],
            talkMinutes: 30)
        do {
            let agenda = try AgendaPlanner.plan(talks(6), plan, calendar: calendar)
            for t in agenda.talks { XCTAssertEqual(t.end.timeIntervalSince(t.start), 30 * 60, "\(t.talk!.studentID)") }
        } catch {
            XCTAssertTrue("\(error)".contains("daylight"), "\(error)")
        }
    }

    /// An ordinary day on the date of the change (after 03:00) is planned as usual.
    func testTheDayOfTheChangeAfterItIsPlannedAsUsual() throws {
        let spring = DayDate(year: 2025, month: 3, day: 30)
        let plan = SchedulePlan(
            days: [ScheduleDay(day: spring, start: ClockTime("09:00")!, end: ClockTime("12:00")!, room: "R")],
            talkMinutes: 30)
        XCTAssertEqual(try AgendaPlanner.plan(talks(6), plan, calendar: calendar).talks.count, 6)
    }

    /// `--lunch 1:00` (meaning 13:00) or a break at a time outside every day's hours was
    /// dropped without a word: the agenda came out without the lunch the coordinator asked for.
    func testALunchOrBreakOutsideEveryDayIsRefused() {
        let d = DayDate(year: 2025, month: 2, day: 13)
        let day = ScheduleDay(day: d, start: ClockTime("09:00")!, end: ClockTime("17:00")!, room: "R")
        let lunch = SchedulePlan(days: [day], lunch: ClockTime("01:00")!).problems()
        XCTAssertTrue(lunch.contains { $0.contains("lunch at 01:00") }, "\(lunch)")
        let coffee = SchedulePlan(days: [day], breaksAt: [ClockTime("17:00")!]).problems()
        XCTAssertTrue(coffee.contains { $0.contains("break at 17:00") }, "\(coffee)")
        // Inside one of the days is fine, even if another day (a half day) has no room for it.
        let half = ScheduleDay(
            day: d.next(calendar: calendar), start: ClockTime("09:00")!, end: ClockTime("12:00")!, room: "R")
        XCTAssertEqual(
            SchedulePlan(days: [day, half], breaksAt: [ClockTime("15:00")!], lunch: ClockTime("12:30")!).problems(), [])
    }

    /// A talk longer than the day: "add a day" was suggested, which can never help.
    func testATalkLongerThanTheDayDoesNotSuggestAnotherDay() {
        let d = DayDate(year: 2025, month: 2, day: 13)
        let plan = SchedulePlan(
            days: [ScheduleDay(day: d, start: ClockTime("09:00")!, end: ClockTime("12:00")!, room: "R")],
            talkMinutes: 240)
        do {
            _ = try AgendaPlanner.plan(talks(2), plan, calendar: calendar)
            XCTFail("two 4-hour talks do not fit into 3 hours")
        } catch {
            let m = "\(error)"
            XCTAssertFalse(m.contains("add a day"), m)
            XCTAssertTrue(m.contains("--talk 90"), m)  // 2 × 90 = 180 minutes
        }
    }

    /// A sign-in form exported by Google Forms in a German locale has `Zeitstempel` and
    /// `13.02.2025 09:05:12`; the sheet was refused for want of a day column.
    func testAGermanGoogleFormsSignInSheetIsRead() throws {
        let d = DayDate(year: 2025, month: 2, day: 13)
        let table = try CSVTable.parse(
            text: "Zeitstempel,Matrikelnummer,Name\n13.02.2025 09:05:12,03705521,Linnea\n", file: "form.csv")
        let entries = try SignInSheetParser.parse(table, students: ["03705521"], days: [d])
        XCTAssertEqual(entries.map(\.day), [d])
    }
}
