import Foundation
import XCTest

@testable import SeminarCore

/// The day `schedule generate` lays out when told only the days, hours and talk length.
final class DefaultDayTests: XCTestCase {
    let day = DayDate(year: 2025, month: 2, day: 13)

    func plan(
        _ start: String = "09:00", _ end: String = "17:00", talk: Int = 30, lunchGiven: Bool = false,
        breaksGiven: Bool = false, edit: (inout SchedulePlan) -> Void = { _ in }
    ) -> (SchedulePlan, [String]) {
        var plan = SchedulePlan(
            days: [ScheduleDay(day: day, start: ClockTime(start)!, end: ClockTime(end)!, room: "MI 02.09.023")],
            talkMinutes: talk)
        edit(&plan)
        let decided = plan.addDefaultPauses(lunchGiven: lunchGiven, breaksGiven: breaksGiven)
        return (plan, decided)
    }

    /// The day as `09:00-09:30 talk` lines.
    func shape(_ plan: SchedulePlan) -> [String] {
        AgendaPlanner.template(for: plan.days[0], plan: plan).map {
            "\(ClockTime(minutes: $0.start))-\(ClockTime(minutes: $0.end)) \($0.kind.rawValue)"
        }
    }

    func pauses(_ plan: SchedulePlan) -> [String] { shape(plan).filter { !$0.hasSuffix("talk") } }

    func testANineToFiveDayOfHalfHourTalksHasLunchAndACoffeeBreakEveryNinetyMinutes() {
        let (plan, decided) = plan()
        XCTAssertEqual(
            shape(plan),
            [
                "09:00-09:30 talk", "09:30-10:00 talk", "10:00-10:30 talk", "10:30-10:45 break",
                "10:45-11:15 talk", "11:15-11:45 talk", "11:45-12:15 talk", "12:15-13:15 lunch",
                "13:15-13:45 talk", "13:45-14:15 talk", "14:15-14:45 talk", "14:45-15:00 break",
                "15:00-15:30 talk", "15:30-16:00 talk", "16:00-16:30 talk", "16:30-17:00 talk",
            ])
        XCTAssertEqual(
            decided,
            [
                "a 15-minute coffee break after every 3 talks (every 90 minutes of talks)",
                "60 minutes of lunch at the talk boundary nearest 12:30 on days that span midday",
            ])
    }

    func testLunchIsAtTheTalkBoundaryNearestHalfPastTwelve() {
        // 45-minute talks from 09:00: boundaries at 11:15, 12:00 (after a break at 10:30), 12:45.
        let (p45, _) = plan(talk: 45)
        XCTAssertEqual(pauses(p45), ["10:30-10:45 break", "12:15-13:15 lunch", "14:45-15:00 break"])
        // 20-minute talks from 08:30, a break after every 5 (100 minutes): the second break would
        // come at 12:05, 25 minutes before lunch is due, and is left out; lunch at 12:25.
        let (p20, _) = plan("08:30", "17:00", talk: 20)
        XCTAssertEqual(p20.effectiveBreakEvery, 5)
        XCTAssertEqual(pauses(p20), ["10:10-10:25 break", "12:25-13:25 lunch", "15:05-15:20 break"])
    }

    func testOnlyADayThatSpansMiddayHasLunch() {
        XCTAssertEqual(pauses(plan("09:00", "13:00").0), ["10:30-10:45 break", "12:15-12:30 break"])
        XCTAssertEqual(pauses(plan("13:00", "17:00").0), ["14:30-14:45 break", "16:15-16:30 break"])
        XCTAssertEqual(pauses(plan("11:00", "15:00").0).filter { $0.hasSuffix("lunch") }, ["12:30-13:30 lunch"])
    }

    func testLunchMovesToAnEarlierBoundaryWhenTheNearestLeavesNoRoomForATalkAfterIt() {
        // 40-minute talks from 09:00 to 14:10, a break after every 2: the boundary nearest 12:30
        // is 12:35, but lunch there leaves no room for a talk; 11:55 is the last that does.
        let (p, _) = plan("09:00", "14:10", talk: 40)
        XCTAssertEqual(pauses(p), ["10:20-10:35 break", "11:55-12:55 lunch"])
        XCTAssertEqual(shape(p).last, "12:55-13:35 talk")
    }

    func testTheDefaultLunchNeverSwallowsABreakAtAFixedTime() {
        let (p, _) = plan(breaksGiven: true) { $0.breaksAt = [ClockTime("10:30")!, ClockTime("12:20")!] }
        // The break at 12:20 stays; lunch comes at the first boundary after it.
        XCTAssertEqual(pauses(p), ["10:30-10:45 break", "12:20-12:35 break", "13:05-14:05 lunch"])
    }

    func testTheShorterTalkHintCountsTheCoffeeBreaksOfTheShorterTalks() throws {
        // 22 talks on one 09:00-17:00 day: with breaks every 90 minutes of talks (recomputed for
        // each length), 17-minute talks fit (a break after every 5) and 18-minute ones do not.
        var (p, _) = plan()
        p.days[0].room = "MI 02.09.023"
        let talks = (0..<22).map {
            TalkRequest(studentID: "s\($0)", speaker: "S \($0)", paperID: "p\($0)", title: "P \($0)", catalogOrder: $0)
        }
        let calendar = SeminarTime(identifier: "Europe/Berlin")!.calendarInZone
        XCTAssertThrowsError(try AgendaPlanner.plan(talks, p, calendar: calendar)) { error in
            XCTAssertTrue("\(error)".contains("shorten talks to 17 minutes (--talk 17)"), "\(error)")
        }
        p.talkMinutes = 17
        XCTAssertNoThrow(try AgendaPlanner.plan(talks, p, calendar: calendar))
        p.talkMinutes = 18
        XCTAssertThrowsError(try AgendaPlanner.plan(talks, p, calendar: calendar))
    }

    func testWhatTheCoordinatorGivesReplacesTheDefault() {
        let (fixedLunch, decided) = plan(lunchGiven: true) { $0.lunch = ClockTime("13:00") }
        XCTAssertEqual(pauses(fixedLunch).filter { $0.hasSuffix("lunch") }, ["13:00-14:00 lunch"])
        XCTAssertEqual(decided.count, 1)
        XCTAssertTrue(decided[0].contains("coffee break"))
        let (ownBreaks, _) = plan(breaksGiven: true) { $0.breaksAt = [ClockTime("10:30")!, ClockTime("15:00")!] }
        XCTAssertNil(ownBreaks.effectiveBreakEvery)
        XCTAssertEqual(pauses(ownBreaks), ["10:30-10:45 break", "12:15-13:15 lunch", "15:00-15:15 break"])
        let (none, nothing) = plan(lunchGiven: true, breaksGiven: true)
        XCTAssertEqual(pauses(none), [])
        XCTAssertEqual(nothing, [])
        XCTAssertEqual(shape(none).count, 16)
    }

    func testTheDefaultLunchIsStoredWithThePlanAndOlderPlansStillRead() throws {
        let (plan, _) = plan()
        let data = try JSONEncoder().encode(plan)
        XCTAssertEqual(try JSONDecoder().decode(SchedulePlan.self, from: data), plan)
        // A plan saved before the default day has no lunchNear.
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        json.removeValue(forKey: "lunchNear")
        let old = try JSONDecoder().decode(SchedulePlan.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertNil(old.lunchNear)
    }
}
