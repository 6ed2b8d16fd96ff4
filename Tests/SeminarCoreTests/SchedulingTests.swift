import Foundation
import XCTest

@testable import SeminarCore

final class SchedulingTests: XCTestCase {
    let time = SeminarTime(identifier: "Europe/Berlin")!
    var calendar: Calendar { time.calendarInZone }
    let day1 = DayDate(year: 2025, month: 2, day: 13)
    let day2 = DayDate(year: 2025, month: 2, day: 14)

    func day(_ d: DayDate, _ start: String = "09:00", _ end: String = "17:00", room: String = "MI 02.09.023")
        -> ScheduleDay
    {
        ScheduleDay(day: d, start: ClockTime(start)!, end: ClockTime(end)!, room: room)
    }

    /// `n` talks; topics cycle through `topics` so that the input is interleaved.
    func talks(_ n: Int, topics: [String?] = [nil]) -> [TalkRequest] {
        (0..<n).map { i in
            TalkRequest(
                studentID: String(format: "s%02d", i), speaker: "Student \(i)", paperID: String(format: "p%02d", i),
                title: "Paper \(i)", topic: topics[i % topics.count], catalogOrder: i)
        }
    }

    func at(_ d: DayDate, _ hm: String) -> Date { d.at(ClockTime(hm)!, calendar: calendar) }

    func hm(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", c.hour!, c.minute!)
    }

    func overflowMessage(_ body: () throws -> Agenda) -> String? {
        do {
            _ = try body()
            return nil
        } catch let e as SeminarError {
            XCTAssertEqual(e.exitStatus, .dataError)
            return e.description
        } catch {
            XCTFail("unexpected \(error)")
            return nil
        }
    }

    // MARK: Fitting

    func testExactFitFillsTheDayToItsLastMinute() throws {
        let plan = SchedulePlan(days: [day(day1, "09:00", "12:00")], talkMinutes: 30)
        let agenda = try AgendaPlanner.plan(talks(6), plan, calendar: calendar)
        XCTAssertEqual(agenda.talks.count, 6)
        XCTAssertEqual(agenda.talks.map { hm($0.start) }, ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"])
        XCTAssertEqual(agenda.talks.last!.end, at(day1, "12:00"))
    }

    func testOverflowSaysHowManyTalksAndMinutesAreMissing() {
        let plan = SchedulePlan(days: [day(day1, "09:00", "12:00")], talkMinutes: 30)
        let message = overflowMessage { try AgendaPlanner.plan(talks(8), plan, calendar: calendar) }
        XCTAssertNotNil(message)
        XCTAssertTrue(message!.contains("8 talks do not fit"), message!)
        XCTAssertTrue(message!.contains("room for 6 talks of 30 minutes"), message!)
        XCTAssertTrue(message!.contains("2 talks (60 minutes of talk time) are missing"), message!)
        XCTAssertTrue(message!.contains("--end 13:00"), message!)
        XCTAssertTrue(message!.contains("--talk 22"), message!)  // 8 × 22 = 176 ≤ 180
    }

    func testDiscussionTimeCountsTowardsTheSlot() throws {
        let plan = SchedulePlan(days: [day(day1, "09:00", "11:00")], talkMinutes: 20, discussionMinutes: 10)
        XCTAssertEqual(AgendaPlanner.capacity(plan), [4])
        let agenda = try AgendaPlanner.plan(talks(4), plan, calendar: calendar)
        XCTAssertEqual(agenda.talks.map(\.minutes), [30, 30, 30, 30])
        let message = overflowMessage { try AgendaPlanner.plan(talks(5), plan, calendar: calendar) }
        XCTAssertTrue(message?.contains("1 talk (30 minutes of talk time) is missing") ?? false, message ?? "fitted")
    }

    func testNoTalkRunsPastTheEndOfItsDay() throws {
        let plan = SchedulePlan(
            days: [day(day1, "09:00", "10:50"), day(day2, "09:00", "10:50")], talkMinutes: 25, breakEvery: 2,
            breakMinutes: 10)
        let agenda = try AgendaPlanner.plan(talks(8), plan, calendar: calendar)
        for d in [day1, day2] {
            let items = agenda.items(on: d)
            XCTAssertTrue(items.allSatisfy { $0.end <= at(d, "10:50") })
        }
        XCTAssertEqual(agenda.talks.count, 8)
    }

    // MARK: Breaks and lunch

    func testBreaksAfterEveryNTalksAndLunchAtItsTime() throws {
        let plan = SchedulePlan(
            days: [day(day1)], talkMinutes: 30, breakEvery: 3, breakMinutes: 15, lunch: ClockTime("12:30"),
            lunchMinutes: 60, fill: .packed)
        let agenda = try AgendaPlanner.plan(talks(12), plan, calendar: calendar)
        let rows = agenda.items.map { "\(hm($0.start))-\(hm($0.end)) \($0.kind.rawValue)" }
        XCTAssertEqual(
            rows,
            [
                "09:00-09:30 talk", "09:30-10:00 talk", "10:00-10:30 talk", "10:30-10:45 break",
                "10:45-11:15 talk", "11:15-11:45 talk", "11:45-12:15 talk",
                // No coffee break straight before lunch; the 15 minutes before it stay free.
                "12:30-13:30 lunch",
                "13:30-14:00 talk", "14:00-14:30 talk", "14:30-15:00 talk", "15:00-15:15 break",
                "15:15-15:45 talk", "15:45-16:15 talk", "16:15-16:45 talk",
            ])
        for talk in agenda.talks {
            XCTAssertFalse(talk.start < at(day1, "13:30") && at(day1, "12:30") < talk.end, "talk overlaps lunch")
        }
    }

    func testBreakAtAFixedTimeAndNoPauseAfterTheLastTalk() throws {
        let plan = SchedulePlan(
            days: [day(day1, "09:00", "13:00")], talkMinutes: 45, breakMinutes: 20, breaksAt: [ClockTime("10:40")!])
        let agenda = try AgendaPlanner.plan(talks(2), plan, calendar: calendar)
        // The second talk would run into the 10:40 break, so the break does not show: the day ends first.
        XCTAssertEqual(agenda.items.map { "\(hm($0.start)) \($0.kind.rawValue)" }, ["09:00 talk", "09:45 talk"])
        let full = try AgendaPlanner.plan(talks(4), plan, calendar: calendar)
        XCTAssertEqual(
            full.items.map { "\(hm($0.start))-\(hm($0.end)) \($0.kind.rawValue)" },
            ["09:00-09:45 talk", "09:45-10:30 talk", "10:40-11:00 break", "11:00-11:45 talk", "11:45-12:30 talk"])
    }

    func testTemplateCapacityWithBreaksAndLunch() {
        let plan = SchedulePlan(
            days: [day(day1)], talkMinutes: 30, breakEvery: 3, breakMinutes: 15, lunch: ClockTime("12:30"))
        XCTAssertEqual(AgendaPlanner.capacity(plan), [12])
        let entries = AgendaPlanner.template(for: plan.days[0], plan: plan)
        XCTAssertEqual(entries.filter { $0.kind == .lunch }.map { [$0.start, $0.end] }, [[750, 810]])
        XCTAssertEqual(entries.filter { $0.kind == .break }.count, 2)
    }

    // MARK: Topics

    func testTalksOfATopicStayTogetherInCatalogOrder() throws {
        let topics: [String?] = ["kernels", "double descent", nil, "adversarial"]
        let plan = SchedulePlan(days: [day(day1)], talkMinutes: 30)
        let agenda = try AgendaPlanner.plan(talks(12, topics: topics), plan, calendar: calendar)
        let sequence = agenda.talks.map { $0.talk!.topic ?? "-" }
        XCTAssertEqual(
            sequence,
            [
                "kernels", "kernels", "kernels", "double descent", "double descent", "double descent",
                "adversarial", "adversarial", "adversarial", "-", "-", "-",
            ])
        // Within a topic: catalog order.
        XCTAssertEqual(agenda.talks.prefix(3).map { $0.talk!.catalogOrder }, [0, 4, 8])
    }

    func testAlphabeticalTopicOrder() {
        let ordered = AgendaPlanner.order(
            talks(6, topics: ["kernels", "adversarial", "double descent"]), by: .alphabetical)
        XCTAssertEqual(
            ordered.map { $0.topic! },
            ["adversarial", "adversarial", "double descent", "double descent", "kernels", "kernels"])
    }

    func testTwoStudentsOnOnePaperTalkOneAfterTheOther() {
        var ts = talks(4, topics: ["a", "b"])
        ts.append(
            TalkRequest(
                studentID: "s99", speaker: "Second", paperID: "p00", title: "Paper 0", topic: "a", catalogOrder: 0))
        let ordered = AgendaPlanner.order(ts, by: .catalog)
        XCTAssertEqual(ordered.prefix(2).map(\.studentID), ["s00", "s99"])
    }

    func testBalancedDaysCutBetweenTopics() throws {
        // 3 + 5 talks in two topics, two days with room for 6 each: the cut goes between the topics.
        var ts = talks(3, topics: ["a"])
        ts += (3..<8).map {
            TalkRequest(
                studentID: "s\($0)", speaker: "S\($0)", paperID: "p\($0)", title: "P\($0)", topic: "b", catalogOrder: $0
            )
        }
        let plan = SchedulePlan(days: [day(day1, "09:00", "12:00"), day(day2, "09:00", "12:00")], talkMinutes: 30)
        let agenda = try AgendaPlanner.plan(ts, plan, calendar: calendar)
        XCTAssertEqual(agenda.items(on: day1).map { $0.talk!.topic! }, ["a", "a", "a"])
        XCTAssertEqual(agenda.items(on: day2).map { $0.talk!.topic! }, ["b", "b", "b", "b", "b"])
        var packed = plan
        packed.fill = .packed
        XCTAssertEqual(try AgendaPlanner.plan(ts, packed, calendar: calendar).items(on: day1).count, 6)
    }

    // MARK: Unavailability

    func testAStudentUnavailableAllDayTalksOnAnotherDay() throws {
        let plan = SchedulePlan(
            days: [day(day1, "09:00", "12:00"), day(day2, "09:00", "12:00")], talkMinutes: 30, fill: .packed)
        let blocked = Unavailability(studentID: "s01", start: at(day1, "00:00"), end: at(day2, "00:00"))
        let agenda = try AgendaPlanner.plan(talks(8), plan, unavailability: [blocked], calendar: calendar)
        XCTAssertEqual(agenda.talk(of: "s01")!.day, day2)
        XCTAssertEqual(agenda.talks.count, 8)
        XCTAssertTrue(AgendaEditor.problems(agenda, unavailability: [blocked], calendar: calendar).isEmpty)
    }

    /// The last talk in agenda order belongs to someone who can only come on day 1: a
    /// greedy fill would give day 1 to the earlier talks and leave them without a slot.
    func testASpeakerOnlyFreeOnTheFirstDayIsPlacedBeforeItFillsUp() throws {
        let plan = SchedulePlan(
            days: [day(day1, "09:00", "11:00"), day(day2, "09:00", "11:00")], talkMinutes: 30, fill: .packed)
        let blocked = Unavailability(studentID: "s07", start: at(day2, "00:00"), end: at(day2, "23:59"))
        let agenda = try AgendaPlanner.plan(talks(8), plan, unavailability: [blocked], calendar: calendar)
        XCTAssertEqual(agenda.talk(of: "s07")!.day, day1)
        XCTAssertEqual(agenda.talks.count, 8)
        XCTAssertTrue(AgendaEditor.problems(agenda, unavailability: [blocked], calendar: calendar).isEmpty)
    }

    /// A speaker of the second topic can only come on day 1: rather than tear both topics
    /// apart, the second topic goes first.
    func testATopicMovesAheadWhenItsSpeakerCanOnlyComeEarly() throws {
        let plan = SchedulePlan(
            days: [day(day1, "09:00", "10:30"), day(day2, "09:00", "10:30")], talkMinutes: 30, fill: .packed)
        let ts = talks(6, topics: ["a", "a", "a", "b", "b", "b"])
        let blocked = Unavailability(studentID: "s05", start: at(day2, "00:00"), end: at(day2, "23:59"))
        let agenda = try AgendaPlanner.plan(ts, plan, unavailability: [blocked], calendar: calendar)
        XCTAssertEqual(agenda.talk(of: "s05")!.day, day1)
        XCTAssertEqual(agenda.talks.map { $0.talk!.topic! }, ["b", "b", "b", "a", "a", "a"])
        XCTAssertEqual(AgendaPlanner.splitTopics(agenda), 0)
        // Without unavailability the catalog order stays.
        let usual = try AgendaPlanner.plan(ts, plan, calendar: calendar)
        XCTAssertEqual(usual.talks.map { $0.talk!.topic! }, ["a", "a", "a", "b", "b", "b"])
    }

    func testAMorningBlockMovesTheTalkAfterItAndKeepsTheTopicTogether() throws {
        let plan = SchedulePlan(days: [day(day1)], talkMinutes: 30)
        let ts = talks(6, topics: ["a", "a", "a", "b", "b", "b"])
        let blocked = Unavailability(studentID: "s00", start: at(day1, "09:00"), end: at(day1, "10:00"))
        let agenda = try AgendaPlanner.plan(ts, plan, unavailability: [blocked], calendar: calendar)
        XCTAssertGreaterThanOrEqual(agenda.talk(of: "s00")!.start, at(day1, "10:00"))
        XCTAssertEqual(agenda.talks.map { $0.talk!.topic! }, ["a", "a", "a", "b", "b", "b"])
    }

    func testUnavailableAtEveryFreeSlotIsReported() {
        let plan = SchedulePlan(days: [day(day1, "09:00", "11:00")], talkMinutes: 30)
        let blocked = Unavailability(studentID: "s02", start: at(day1, "08:00"), end: at(day1, "12:00"))
        let message = overflowMessage {
            try AgendaPlanner.plan(talks(3), plan, unavailability: [blocked], calendar: calendar)
        }
        XCTAssertTrue(message?.contains("s02 (Student 2, 1 unavailable time)") ?? false, message ?? "fitted")
        XCTAssertTrue(message?.contains("nothing was saved") ?? false)
    }

    func testParsingUnavailableTimes() throws {
        let whole = try XCTUnwrap(Unavailability.parseRange("2025-02-13", time: time))
        XCTAssertEqual(whole.start, at(day1, "00:00"))
        XCTAssertEqual(whole.end, at(day2, "00:00"))
        let days = try XCTUnwrap(Unavailability.parseRange("2025-02-13/2025-02-14", time: time))
        XCTAssertEqual(days.end, day2.next(calendar: calendar).at(ClockTime(minutes: 0), calendar: calendar))
        let short = try XCTUnwrap(Unavailability.parseRange("2025-02-13T09:00/12:00", time: time))
        XCTAssertEqual(short.start, at(day1, "09:00"))
        XCTAssertEqual(short.end, at(day1, "12:00"))
        XCTAssertNotNil(Unavailability.parseRange("2025-02-13T09:00/2025-02-14T12:00", time: time))
        XCTAssertNil(Unavailability.parseRange("2025-02-13T12:00/09:00", time: time))
        XCTAssertNil(Unavailability.parseRange("tomorrow", time: time))
        XCTAssertNil(Unavailability.parseRange("2025-02-30", time: time))
        XCTAssertEqual(
            Unavailability(studentID: "x", start: whole.start, end: whole.end).describe(calendar: calendar),
            "on 2025-02-13")
    }

    // MARK: Manual edits

    func twoDayAgenda() throws -> Agenda {
        let plan = SchedulePlan(
            days: [day(day1, "09:00", "12:00"), day(day2, "09:00", "12:00")], talkMinutes: 30, breakEvery: 2,
            breakMinutes: 15, fill: .packed)
        return try AgendaPlanner.plan(talks(6), plan, calendar: calendar)
    }

    func refusal(_ body: () throws -> Agenda) -> String {
        do {
            _ = try body()
            XCTFail("the edit was accepted")
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testMovingATalkToAFreeTimeMarksItManual() throws {
        let agenda = try twoDayAgenda()
        // Day 1: s00 09:00, s01 09:30, break 10:00, s02 10:15, s03 10:45, break 11:15, s04 11:30; day 2: s05 09:00.
        let moved = try AgendaEditor.move(agenda, student: "s00", to: at(day2, "11:00"), calendar: calendar)
        let talk = moved.talk(of: "s00")!
        XCTAssertEqual(talk.day, day2)
        XCTAssertEqual(talk.end, at(day2, "11:30"))
        XCTAssertTrue(talk.manual)
        XCTAssertEqual(talk.revision, 1)
        XCTAssertEqual(talk.room, "MI 02.09.023")
    }

    func testMovesThatMustBeRefused() throws {
        let agenda = try twoDayAgenda()
        let talks = agenda.talks.map { "\(hm($0.start)) \($0.talk!.studentID)" }
        XCTAssertEqual(Array(talks.prefix(4)), ["09:00 s00", "09:30 s01", "10:15 s02", "10:45 s03"])
        // Onto another talk, same room.
        XCTAssertTrue(
            refusal { try AgendaEditor.move(agenda, student: "s00", to: at(day1, "09:45"), calendar: calendar) }
                .contains("MI 02.09.023 is already booked 2025-02-13 09:30–10:00 for s01's talk"))
        // Onto another talk in another room: everyone attends every talk.
        XCTAssertTrue(
            refusal {
                try AgendaEditor.move(agenda, student: "s00", to: at(day1, "10:15"), room: "Room B", calendar: calendar)
            }
            .contains("everyone attends every talk"))
        // Into the coffee break.
        XCTAssertTrue(
            refusal { try AgendaEditor.move(agenda, student: "s03", to: at(day1, "09:50"), calendar: calendar) }
                .contains("coffee break 2025-02-13 10:00–10:15"))
        // Past the end of the day.
        XCTAssertTrue(
            refusal { try AgendaEditor.move(agenda, student: "s00", to: at(day1, "11:45"), calendar: calendar) }
                .contains("past the end of 2025-02-13 (12:00)"))
        // Before the day starts.
        XCTAssertTrue(
            refusal { try AgendaEditor.move(agenda, student: "s00", to: at(day1, "08:00"), calendar: calendar) }
                .contains("before 2025-02-13 begins (09:00)"))
        // On a day that is not a day of the block seminar.
        XCTAssertTrue(
            refusal {
                try AgendaEditor.move(
                    agenda, student: "s00", to: at(day2.next(calendar: calendar), "10:00"), calendar: calendar)
            }
            .contains("is not a day of the block seminar"))
        // At a time the speaker is unavailable.
        let blocked = Unavailability(studentID: "s00", start: at(day2, "00:00"), end: at(day2, "23:00"), reason: "exam")
        XCTAssertTrue(
            refusal {
                try AgendaEditor.move(
                    agenda, student: "s00", to: at(day2, "11:00"), unavailability: [blocked], calendar: calendar)
            }
            .contains("is unavailable"))
        // Someone without a talk.
        XCTAssertTrue(
            refusal { try AgendaEditor.move(agenda, student: "nobody", to: at(day1, "11:15"), calendar: calendar) }
                .contains("has no talk"))
    }

    func testSwapExchangesTimesAndIsRefusedWhenASpeakerIsUnavailable() throws {
        let agenda = try twoDayAgenda()
        let a = agenda.talk(of: "s00")!
        let b = agenda.talk(of: "s05")!
        let swapped = try AgendaEditor.swap(agenda, "s00", "s05", calendar: calendar)
        XCTAssertEqual(swapped.talk(of: "s00")!.start, b.start)
        XCTAssertEqual(swapped.talk(of: "s05")!.start, a.start)
        XCTAssertEqual(swapped.talk(of: "s00")!.day, b.day)
        let blocked = Unavailability(studentID: "s05", start: at(day1, "09:00"), end: at(day1, "09:30"))
        XCTAssertTrue(
            refusal { try AgendaEditor.swap(agenda, "s00", "s05", unavailability: [blocked], calendar: calendar) }
                .contains("Student 5 (s05) is unavailable 2025-02-13 09:00–09:30"))
        XCTAssertTrue(
            refusal { try AgendaEditor.swap(agenda, "s00", "s00", calendar: calendar) }.contains("two different"))
    }

    // MARK: Output

    func testMarkdownReadsLikeAProgramme() throws {
        var ts = talks(4, topics: ["kernels", "robustness"])
        ts[0].title = "Bugs | Features"
        ts[0].abstract = "An abstract."
        let plan = SchedulePlan(days: [day(day1, "09:00", "12:00")], talkMinutes: 30, breakEvery: 2, breakMinutes: 15)
        let agenda = try AgendaPlanner.plan(ts, plan, calendar: calendar)
        let md = AgendaFormatter(title: "Deep Learning", term: "Winter 2024/25", time: time).markdown(agenda)
        XCTAssertTrue(md.hasPrefix("# Deep Learning — block seminar\n"))
        XCTAssertTrue(md.contains("## Thursday, 13 February 2025 — MI 02.09.023\n"), md)
        XCTAssertTrue(md.contains("| 09:00–09:30 | Student 0 | Bugs \\| Features | kernels |"), md)
        XCTAssertTrue(md.contains("| 09:30–10:00 | Student 2 | Paper 2 |  |"), md)
        XCTAssertTrue(md.contains("| 10:00–10:15 | *Coffee break* |  |  |"), md)
        XCTAssertTrue(md.contains("## Abstracts"))
        XCTAssertTrue(md.contains("An abstract."))
    }

    func testAPaperPresentedTwiceHasItsAbstractOnceAndAbstractsCanBeLeftOut() throws {
        var ts = talks(2, topics: ["kernels"])
        ts[1].paperID = ts[0].paperID
        ts[1].title = ts[0].title
        ts[0].abstract = "Kernel abstract."
        ts[1].abstract = "Kernel abstract."
        let agenda = try AgendaPlanner.plan(ts, SchedulePlan(days: [day(day1)], talkMinutes: 30), calendar: calendar)
        let formatter = AgendaFormatter(title: "T", term: "W", time: time)
        let md = formatter.markdown(agenda)
        XCTAssertEqual(md.components(separatedBy: "Kernel abstract.").count - 1, 1)
        XCTAssertTrue(md.contains("the paper of Student 0's talk, see above"), md)
        XCTAssertFalse(formatter.markdown(agenda, abstracts: false).contains("## Abstracts"))
    }

    func testICalendarLinesAreFoldedAt75OctetsWithoutSplittingCharacters() {
        let line = "SUMMARY:" + String(repeating: "Ștefan Drăgulescu — ", count: 10)
        let folded = ICalendar.fold(line)
        let physical = folded.components(separatedBy: "\r\n")
        XCTAssertGreaterThan(physical.count, 3)
        for p in physical { XCTAssertLessThanOrEqual(p.utf8.count, 75) }
        XCTAssertTrue(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        let unfolded = folded.replacingOccurrences(of: "\r\n ", with: "")
        XCTAssertEqual(unfolded, line)
        XCTAssertEqual(ICalendar.escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne")
    }

    func testICalendarHasTheZoneAndOneEventPerTalk() throws {
        let plan = SchedulePlan(days: [day(day1, "09:00", "12:00")], talkMinutes: 30, breakEvery: 2)
        let agenda = try AgendaPlanner.plan(talks(4), plan, calendar: calendar)
        let ics = AgendaCalendar(title: "T", time: time, uidToken: "1", stamp: at(day1, "08:00")).document(agenda)
        XCTAssertTrue(ics.hasSuffix("END:VCALENDAR\r\n"))
        XCTAssertFalse(ics.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
        XCTAssertEqual(ics.components(separatedBy: "BEGIN:VEVENT").count - 1, 4)
        XCTAssertTrue(ics.contains("DTSTART;TZID=Europe/Berlin:20250213T090000\r\n"))
        XCTAssertTrue(ics.contains("DTSTAMP:20250213T070000Z\r\n"))
        XCTAssertTrue(ics.contains("TZOFFSETTO:+0100\r\n"))
        XCTAssertTrue(ics.contains("UID:talk-s00-1@seminar\r\n"))
        let tokyo = ICalendar.timeZoneComponent(
            TimeZone(identifier: "Asia/Tokyo")!, from: at(day1, "09:00"), to: at(day1, "12:00"))
        XCTAssertEqual(tokyo.filter { $0.hasPrefix("BEGIN:") }, ["BEGIN:VTIMEZONE", "BEGIN:STANDARD"])
        XCTAssertTrue(tokyo.contains("TZOFFSETTO:+0900"))
    }

    func testADayOnTheDaylightSavingChangeKeepsWallClockTimes() throws {
        let change = DayDate(year: 2025, month: 3, day: 30)
        let plan = SchedulePlan(days: [day(change, "09:00", "10:00")], talkMinutes: 30)
        let agenda = try AgendaPlanner.plan(talks(2), plan, calendar: calendar)
        XCTAssertEqual(agenda.talks.map { hm($0.start) }, ["09:00", "09:30"])
        XCTAssertEqual(time.timeZone.secondsFromGMT(for: agenda.talks[0].start), 7200)
    }

    // MARK: Attendance

    func testAttendanceReportListsMissedTalksExceptTheirOwn() throws {
        let plan = SchedulePlan(
            days: [day(day1, "09:00", "10:00"), day(day2, "09:00", "10:00")], talkMinutes: 30, fill: .packed)
        let agenda = try AgendaPlanner.plan(talks(4), plan, calendar: calendar)
        let students = (0..<4).map { (id: String(format: "s%02d", $0), name: "Student \($0)") }
        let attendance = [
            AttendanceEntry(studentID: "s00", day: day1), AttendanceEntry(studentID: "s01", day: day1),
            AttendanceEntry(studentID: "s02", day: day1), AttendanceEntry(studentID: "s03", day: day1),
        ]
        // Day 2 has no signatures yet: not judged.
        let soFar = AttendanceReport(agenda: agenda, students: students, signed: SignedDays(attendance))
        XCTAssertEqual(soFar.days, [day1])
        XCTAssertTrue(soFar.lines.allSatisfy(\.complete))
        var withDay2 = attendance
        withDay2.append(AttendanceEntry(studentID: "s02", day: day2))
        let report = AttendanceReport(agenda: agenda, students: students, signed: SignedDays(withDay2))
        let s00 = report.lines.first { $0.studentID == "s00" }!
        XCTAssertEqual(s00.missedDays, [day2])
        XCTAssertEqual(s00.missedTalks.map { $0.speakerID }, ["s02", "s03"])
        let s03 = report.lines.first { $0.studentID == "s03" }!
        XCTAssertEqual(s03.missedTalks.map { $0.speakerID }, ["s02"], "their own talk is not a missed talk")
        XCTAssertTrue(s03.missedOwnTalkDay)
        XCTAssertTrue(report.lines.first { $0.studentID == "s02" }!.complete)
        XCTAssertEqual(
            AttendanceReport(agenda: agenda, students: students, signed: SignedDays(), allDays: true).lines[0]
                .missedTalks
                .count, 3)
    }

    func testSignInSheetRowsAreCheckedAndPointAtTheCell() throws {
        let text =
            "Matrikelnummer;Name;Datum\n03705521;Linnea;13.02.2025\n03705521;Linnea;2025-02-13T09:05\n99;X;2025-02-13\n03705521;L;2025-02-20\n"
        let table = try CSVTable.parse(text: text, file: "sheet.csv")
        do {
            _ = try SignInSheetParser.parse(table, students: ["03705521"], days: [day1, day2])
            XCTFail("accepted a bad sheet")
        } catch {
            let d = error.description
            XCTAssertTrue(d.contains("sheet.csv:4:1: error: no student with id 99"), d)
            XCTAssertTrue(d.contains("sheet.csv:5:12: error: 2025-02-20 is not a day of the block seminar"), d)
        }
        let good = try CSVTable.parse(text: "id,day\n03705521,13.02.2025\n03705521,2025-02-13T09:05\n", file: "ok.csv")
        let entries = try SignInSheetParser.parse(good, students: ["03705521"], days: [day1])
        XCTAssertEqual(entries.map(\.day), [day1], "the same signature twice counts once")
    }

    func testClockAndDayParsing() {
        XCTAssertEqual(ClockTime("9:05")?.minutes, 545)
        XCTAssertEqual(ClockTime("24:00")?.minutes, 1440)
        XCTAssertNil(ClockTime("24:30"))
        XCTAssertNil(ClockTime("9"))
        XCTAssertNil(ClockTime("09:5"))
        XCTAssertEqual(DayDate("13.02.2025"), day1)
        XCTAssertNil(DayDate("2025-02-29"))
        XCTAssertNotNil(DayDate("2024-02-29"))
    }

    func testDaysAndClockTimesAreWrittenAndReadAsText() throws {
        for text in ["2025-02-13", "2024-02-29", "1900-01-01", "2200-12-31"] {
            XCTAssertEqual(DayDate(text)?.description, text)
        }
        for bad in ["2025-02-30", "2023-02-29", "2025-13-01", "2025-00-10", "1899-12-31", "2025-1-13", "2025/02/13"] {
            XCTAssertNil(DayDate(bad), bad)
        }
        XCTAssertEqual(DayDate(" 13.02.2025 "), DayDate(year: 2025, month: 2, day: 13))
        XCTAssertEqual(ClockTime(hour: 9, minute: 5).description, "09:05")
        let plan = SchedulePlan(
            days: [
                ScheduleDay(
                    day: DayDate("2025-02-13")!, start: ClockTime("09:00")!, end: ClockTime("17:00")!,
                    room: "R1")
            ],
            talkMinutes: 25, discussionMinutes: 5, breakEvery: 3, breaksAt: [ClockTime("10:30")!],
            lunch: ClockTime("12:30")!, topicOrder: .alphabetical, fill: .packed)
        let json = try JSONEncoder().encode(plan)
        XCTAssertTrue(String(decoding: json, as: UTF8.self).contains("\"2025-02-13\""))
        XCTAssertEqual(try JSONDecoder().decode(SchedulePlan.self, from: json), plan)
        XCTAssertThrowsError(try JSONDecoder().decode([DayDate].self, from: Data(#"["2025-02-30"]"#.utf8)))
    }

    func testTheFlagsOfGenerateBecomeAPlanOrEveryMistakeAtOnce() throws {
        let flags = ScheduleFlags(
            days: ["2025-02-14=09:00-12:00", "2025-02-13"], rooms: ["MI 1", "2025-02-14=HS 2"],
            start: ClockTime("09:00")!, end: ClockTime("17:00")!)
        let plan = try flags.plan(SchedulePlan(days: []))
        XCTAssertEqual(
            plan.days,
            [
                ScheduleDay(
                    day: DayDate("2025-02-13")!, start: ClockTime("09:00")!, end: ClockTime("17:00")!,
                    room: "MI 1"),
                ScheduleDay(
                    day: DayDate("2025-02-14")!, start: ClockTime("09:00")!, end: ClockTime("12:00")!,
                    room: "HS 2"),
            ])
        let bad = ScheduleFlags(
            days: ["2025-02-30", "2025-02-13=9-12", ""], rooms: ["2025-02-20=X"], start: ClockTime("09:00")!,
            end: ClockTime("17:00")!)
        XCTAssertThrowsError(try bad.plan(SchedulePlan(days: []))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("--day '2025-02-30' is not a date"), text)
            XCTAssertTrue(text.contains("--day '2025-02-13=9-12': the hours must read HH:MM-HH:MM"), text)
            XCTAssertTrue(text.contains("--day '' is not a date"), text)
            XCTAssertTrue(text.contains("--room 2025-02-20=...: 2025-02-20 is not one of the --day dates"), text)
        }
    }
}
