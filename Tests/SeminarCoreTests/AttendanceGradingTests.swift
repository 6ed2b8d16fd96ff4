import Foundation
import XCTest

@testable import SeminarCore

/// The attendance rule of the grading: who missed which talks without an excuse, and what
/// each rule (required, warn, off) makes of it.
final class AttendanceGradingTests: XCTestCase {
    let day1 = DayDate(year: 2025, month: 2, day: 13)
    let day2 = DayDate(year: 2025, month: 2, day: 14)

    /// Two days: Ada and Ben present on the first, Cem and Dana on the second (unless `benOnDay2`).
    func agenda(benOnDay2: Bool = false) -> Agenda {
        let speakers = [
            ("a", "Ada", day1), ("b", "Ben", benOnDay2 ? day2 : day1), ("c", "Cem", day2), ("d", "Dana", day2),
        ]
        var items: [AgendaItem] = []
        for (i, (id, name, day)) in speakers.enumerated() {
            let start = Date(timeIntervalSince1970: 1_739_433_600 + Double(i) * 1800)
            items.append(
                AgendaItem(
                    kind: .talk, day: day, start: start, end: start + 1800, room: "R",
                    talk: TalkRequest(studentID: id, speaker: name, paperID: "p-\(id)", title: "T \(id)")))
        }
        let days = [day1, day2].map {
            ScheduleDay(day: $0, start: ClockTime(hour: 9, minute: 0), end: ClockTime(hour: 17, minute: 0), room: "R")
        }
        return Agenda(days: days, items: items)
    }

    let students = [("a", "Ada"), ("b", "Ben"), ("c", "Cem"), ("d", "Dana"), ("e", "Eve")].map {
        (id: $0.0, name: $0.1)
    }

    func report(
        _ signatures: [(String, DayDate)], excuses: [AttendanceExcuse] = [], allDays: Bool = false,
        benOnDay2: Bool = false
    ) -> [String: AttendanceReport.Line] {
        let signed = SignedDays(signatures.map { AttendanceEntry(studentID: $0.0, day: $0.1) })
        let r = AttendanceReport(
            agenda: agenda(benOnDay2: benOnDay2), students: students, signed: signed, excuses: excuses, allDays: allDays
        )
        return Dictionary(uniqueKeysWithValues: r.lines.map { ($0.studentID, $0) })
    }

    /// Everyone but Ben (day 1 only) and Eve (day 2 only) signed both days.
    var signatures: [(String, DayDate)] {
        [("a", day1), ("a", day2), ("b", day1), ("c", day1), ("c", day2), ("d", day1), ("d", day2), ("e", day2)]
    }

    func testMissedTalksNameTheDayAndTheSpeakersButNotTheirOwn() {
        let lines = report(signatures)
        XCTAssertTrue(lines["a"]!.complete)
        XCTAssertEqual(
            lines["b"]!.shortfall, MissedAttendance(days: [.init(day: day2, speakers: ["Cem", "Dana"])]))
        XCTAssertEqual(lines["b"]!.shortfall!.description, "2 talks missed without excuse (2025-02-14: Cem, Dana)")
        // Eve has no talk: both of day 1's talks.
        XCTAssertEqual(lines["e"]!.shortfall!.talks, 2)
    }

    func testPastTenSpeakersADayTheRestAreCounted() {
        let names = (1...12).map { "S\($0)" }
        let missed = MissedAttendance(days: [.init(day: day2, speakers: names), .init(day: day1, speakers: ["Ada"])])
        XCTAssertEqual(
            missed.description,
            "13 talks missed without excuse (2025-02-14: S1, S2, S3, S4, S5, S6, S7, S8, S9, S10 and 2 more; 2025-02-13: Ada)"
        )
    }

    func testAMissedDayOfOnlyTheirOwnTalkStillCounts() {
        // Ben moves to day 2: day 1 is Ada's talk alone.
        let signed = [("a", day2), ("b", day1), ("b", day2), ("c", day1), ("c", day2), ("d", day1), ("d", day2)]
        let lines = report(signed, benOnDay2: true)
        XCTAssertEqual(lines["a"]!.missedTalks.count, 0)
        XCTAssertFalse(lines["a"]!.complete, "she was not there on the day of her own talk")
        XCTAssertEqual(
            lines["a"]!.shortfall!.description,
            "a day missed without excuse (2025-02-13: the day of their own talk)")
        // A talk excuse cannot cover a day without others' talks; the day's excuse does.
        let excused = report(
            signed, excuses: [AttendanceExcuse(studentID: "a", scope: .day(day1), reason: "ill")], benOnDay2: true)
        XCTAssertTrue(excused["a"]!.complete)
        // On a day with others' talks, excusing each of them excuses the day.
        let others = report(
            signed, excuses: [AttendanceExcuse(studentID: "a", scope: .talk(speaker: "b"), reason: "doctor")])
        XCTAssertTrue(others["a"]!.complete)
    }

    func testADayExcuseCoversTheDayAndATalkExcuseOnlyItsTalk() {
        let day = report(signatures, excuses: [AttendanceExcuse(studentID: "b", scope: .day(day2), reason: "ill")])
        XCTAssertTrue(day["b"]!.complete)
        XCTAssertEqual(day["b"]!.excusedTalks, 2)
        XCTAssertEqual(day["b"]!.excuses.map(\.reason), ["ill"])

        let oneTalk = report(
            signatures, excuses: [AttendanceExcuse(studentID: "b", scope: .talk(speaker: "c"), reason: "dentist")])
        XCTAssertFalse(oneTalk["b"]!.complete)
        XCTAssertEqual(oneTalk["b"]!.shortfall!.description, "1 talk missed without excuse (2025-02-14: Dana)")
        XCTAssertEqual(oneTalk["b"]!.excusedTalks, 1)

        let both = report(
            signatures,
            excuses: [
                AttendanceExcuse(studentID: "b", scope: .talk(speaker: "c"), reason: "dentist"),
                AttendanceExcuse(studentID: "b", scope: .talk(speaker: "d"), reason: "dentist"),
            ])
        XCTAssertTrue(both["b"]!.complete, "every talk of the missed day excused")

        // An excuse of another student, or for a day the student attended, changes nothing
        // and is not listed as covering anything.
        let other = report(signatures, excuses: [AttendanceExcuse(studentID: "a", scope: .day(day2), reason: "x")])
        XCTAssertFalse(other["b"]!.complete)
        XCTAssertEqual(other["a"]!.excuses, [])
    }

    func testADayWithoutAnySignatureIsNotJudged() {
        let lines = report([("a", day1), ("b", day1), ("c", day1), ("d", day1)])
        XCTAssertTrue(lines["b"]!.complete, "nobody signed on day 2: not judged")
        XCTAssertEqual(lines["e"]!.shortfall!.days.map(\.day), [day1])
        XCTAssertFalse(report([("a", day1)], allDays: true)["b"]!.complete)
    }

    // MARK: - The rule in the grading

    let passing: [String: Tenths] = ["report": 20, "presentation": 20]
    let missed = MissedAttendance(days: [.init(day: DayDate(year: 2025, month: 2, day: 14), speakers: ["Cem"])])

    func policy(_ rule: AttendanceRule, scale: GradeScale = .german) -> GradingPolicy {
        var p = GradingPolicy.standard
        p.attendance = rule
        p.scale = scale
        return p
    }

    func testRequiredHoldsTheFinalGradeBackAndFailsWhenClosed() {
        let open = policy(.required).evaluate(grades: passing, missed: missed)
        XCTAssertEqual(open.status, .incomplete)
        XCTAssertNil(open.final)
        XCTAssertEqual(open.mean, ExactMean(numerator: 2000, denominator: 100), "the mean is still shown")
        XCTAssertEqual(open.reason, "1 talk missed without excuse (2025-02-14: Cem)")
        XCTAssertTrue(open.isHeldBackByAttendance)

        let closed = policy(.required).evaluate(grades: passing, closed: true, missed: missed)
        XCTAssertEqual(closed.status, .failed)
        XCTAssertEqual(closed.final, 50)
        XCTAssertEqual(closed.reason, "term closed with 1 talk missed without excuse (2025-02-14: Cem)")

        // Points: the points are kept, the status says failed.
        let points = policy(.required, scale: .points(max: 600, pass: 300))
        let p = points.evaluate(grades: ["report": 400, "presentation": 500], closed: true, missed: missed)
        XCTAssertEqual(p.status, .failed)
        XCTAssertEqual(p.final, 460)

        // Excused (no shortfall): the grade the components give.
        XCTAssertEqual(policy(.required).evaluate(grades: passing).final, 20)
        XCTAssertEqual(policy(.required).evaluate(grades: passing).status, .passed)
    }

    func testWarnKeepsTheGradeAndFlagsIt() {
        let o = policy(.warn).evaluate(grades: passing, missed: missed)
        XCTAssertEqual(o.status, .passed)
        XCTAssertEqual(o.final, 20)
        XCTAssertEqual(o.missedAttendance, missed)
        XCTAssertEqual(o.reason, missed.description)
        XCTAssertFalse(o.isHeldBackByAttendance)
    }

    func testOffIgnoresAttendance() {
        let o = policy(.off).evaluate(grades: passing, missed: missed)
        XCTAssertEqual(o, policy(.off).evaluate(grades: passing))
        XCTAssertNil(o.missedAttendance)
    }

    func testOtherReasonsComeFirstAndAWithdrawnStudentIsNotJudged() {
        let failed = policy(.required).evaluate(grades: ["report": 50, "presentation": 20], missed: missed)
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.final, 50)
        XCTAssertEqual(failed.reason, "report 5.0; " + missed.description)
        XCTAssertFalse(failed.isHeldBackByAttendance)

        let missing = policy(.required).evaluate(grades: ["report": 20], missed: missed)
        XCTAssertEqual(missing.status, .incomplete)
        XCTAssertEqual(missing.reason, "presentation missing; " + missed.description)
        XCTAssertFalse(missing.isHeldBackByAttendance, "the presentation is missing too")

        let closedMissing = policy(.required).evaluate(grades: ["report": 20], closed: true, missed: missed)
        XCTAssertEqual(closedMissing.reason, "term closed with presentation missing; " + missed.description)

        let deadline = Date(timeIntervalSince1970: 1_736_000_000)
        let withdrawn = policy(.required).evaluate(
            grades: passing, droppedAt: deadline - 86400, deadline: deadline, missed: missed)
        XCTAssertEqual(withdrawn.status, .withdrawn)
        XCTAssertNil(withdrawn.missedAttendance)
        let late = policy(.required).evaluate(
            grades: passing, droppedAt: deadline + 86400, deadline: deadline, missed: missed)
        XCTAssertEqual(late.status, .failed)
        XCTAssertEqual(late.reason, "dropped after the de-registration deadline")
    }

    func testStatsCountWhomTheRuleHoldsBack() {
        let p = policy(.required)
        func s(_ id: String, _ o: GradeOutcome) -> GradedStudent {
            GradedStudent(id: id, name: id, email: "", paper: nil, grades: passing, outcome: o)
        }
        let stats = GradeStats(
            students: [
                s("a", p.evaluate(grades: passing, missed: missed)), s("b", p.evaluate(grades: passing)),
                s("c", p.evaluate(grades: ["report": 20], missed: missed)),
            ], scale: .german)
        XCTAssertEqual(stats.heldBackByAttendance, 1)
        XCTAssertEqual(stats.missedAttendance, 2)
        XCTAssertEqual(stats.counts[.incomplete], 2)
        XCTAssertEqual(stats.finals, [20])
    }
}
