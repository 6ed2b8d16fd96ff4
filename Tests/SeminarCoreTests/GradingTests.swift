import Foundation
import XCTest

@testable import SeminarCore

final class GradingTests: XCTestCase {
    let standard = GradingPolicy.standard

    func final(_ grades: [String: Tenths], _ policy: GradingPolicy = .standard) -> Tenths? {
        policy.evaluate(grades: grades).final
    }

    // MARK: The fixture's cases (Fixtures/README.md)

    func testFixtureFinalsMatchTheTable() {
        let cases: [(Tenths, Tenths, String, Tenths)] = [
            (13, 20, "1.72", 17), (10, 30, "2.20", 23), (17, 13, "1.46", 13), (20, 17, "1.82", 17),
            (23, 27, "2.54", 27), (10, 10, "1.00", 10), (30, 37, "3.42", 33), (17, 20, "1.88", 20),
            (13, 10, "1.12", 10), (40, 40, "4.00", 40), (20, 23, "2.18", 23), (33, 20, "2.52", 27),
            (10, 13, "1.18", 13), (37, 40, "3.88", 40), (23, 17, "1.94", 20),
        ]
        for (report, presentation, exact, expected) in cases {
            let o = standard.evaluate(grades: ["report": report, "presentation": presentation])
            XCTAssertEqual(o.mean?.description, exact, "\(report)/\(presentation)")
            XCTAssertEqual(o.final, expected, "\(report)/\(presentation)")
            XCTAssertEqual(o.status, .passed)
        }
    }

    /// In a Double, 0.4 × 1.0 + 0.6 × 3.0 is 2.1999…, which a naive rounding sends to 2.0.
    func testExactArithmeticWhereDoubleFails() {
        XCTAssertLessThan(0.4 * 1.0 + 0.6 * 3.0, 2.2)  // the trap this avoids
        let o = standard.evaluate(grades: ["report": 10, "presentation": 30])
        XCTAssertEqual(o.mean, ExactMean(numerator: 2200, denominator: 100))
        XCTAssertEqual(o.mean?.exactThousandths, 2200)
        XCTAssertEqual(o.final, 23)
        // Truncating 2.20 must keep 2.2, not fall to 2.1.
        var truncate = standard
        truncate.rounding = .truncate
        XCTAssertEqual(final(["report": 10, "presentation": 30], truncate), 22)
    }

    // MARK: Rounding

    func testTiesGoToTheBetterGrade() {
        var half = standard
        half.components = [
            GradeComponent(name: "report", weight: 50), GradeComponent(name: "presentation", weight: 50),
        ]
        // 1.15 is exactly between 1.0 and 1.3.
        XCTAssertEqual(final(["report": 10, "presentation": 13], half), 10)
        // 1.5 is exactly between 1.3 and 1.7.
        XCTAssertEqual(final(["report": 13, "presentation": 17], half), 13)
        // 3.85 is exactly between 3.7 and 4.0.
        XCTAssertEqual(final(["report": 37, "presentation": 40], half), 37)
        // Just past the middle goes to the worse step: 0.4 × 1.0 + 0.6 × 1.3 = 1.18 → 1.3.
        XCTAssertEqual(final(["report": 10, "presentation": 13]), 13)
    }

    func testNearestStepDirectly() {
        let r = RoundingRule.nearest
        XCTAssertEqual(r.apply(ExactMean(numerator: 1149, denominator: 100), on: .german), 10)
        XCTAssertEqual(r.apply(ExactMean(numerator: 1150, denominator: 100), on: .german), 10)
        XCTAssertEqual(r.apply(ExactMean(numerator: 1151, denominator: 100), on: .german), 13)
        XCTAssertEqual(r.apply(ExactMean(numerator: 3000, denominator: 100), on: .german), 30)
        XCTAssertEqual(r.apply(ExactMean(numerator: 4000, denominator: 100), on: .german), 40)
        // A third: 7/3 tenths is 2.33…, nearest step 2.3.
        XCTAssertEqual(r.apply(ExactMean(numerator: 70, denominator: 3), on: .german), 23)
    }

    func testTruncateMode() {
        var t = standard
        t.rounding = .truncate
        XCTAssertEqual(final(["report": 13, "presentation": 20], t), 17)  // 1.72 → 1.7
        XCTAssertEqual(final(["report": 17, "presentation": 13], t), 14)  // 1.46 → 1.4 (nearest would give 1.3)
        XCTAssertEqual(final(["report": 37, "presentation": 40], t), 38)  // 3.88 → 3.8 (nearest would give 4.0)
        XCTAssertEqual(final(["report": 40, "presentation": 40], t), 40)
        XCTAssertEqual(GradeScale.german.format(38), "3.8")
    }

    // MARK: Pass and fail

    func testExactlyFourPasses() {
        let o = standard.evaluate(grades: ["report": 40, "presentation": 40])
        XCTAssertEqual(o.status, .passed)
        XCTAssertEqual(o.final, 40)
    }

    func testAComponentOfFiveFailsTheCourse() {
        let o = standard.evaluate(grades: ["report": 50, "presentation": 10])
        XCTAssertEqual(o.status, .failed)
        XCTAssertEqual(o.final, 50)  // not the weighted 2.6
        XCTAssertEqual(o.reason, "report 5.0")
        // Failed even while the other component is still missing.
        let early = standard.evaluate(grades: ["presentation": 50])
        XCTAssertEqual(early.status, .failed)
        XCTAssertEqual(early.final, 50)
    }

    func testMissingComponentIsIncomplete() {
        let o = standard.evaluate(grades: ["report": 27])
        XCTAssertEqual(o.status, .incomplete)
        XCTAssertNil(o.final)
        XCTAssertEqual(o.reason, "presentation missing")
        XCTAssertEqual(standard.evaluate(grades: [:]).status, .incomplete)
    }

    func testClosingTurnsIncompleteIntoFailed() {
        let o = standard.evaluate(grades: ["report": 27], closed: true)
        XCTAssertEqual(o.status, .failed)
        XCTAssertEqual(o.final, 50)
        XCTAssertEqual(standard.evaluate(grades: [:], closed: true).final, 50)
        // A complete student is not affected by closing.
        XCTAssertEqual(standard.evaluate(grades: ["report": 13, "presentation": 20], closed: true).final, 17)
    }

    // MARK: De-registration

    func testWithdrawnBeforeTheDeadlineFailedAfter() {
        let deadline = Date(timeIntervalSince1970: 1_730_501_940)  // 2024-11-01 23:59 CET
        let before = standard.evaluate(
            grades: ["report": 13, "presentation": 20], droppedAt: deadline.addingTimeInterval(-86400),
            deadline: deadline)
        XCTAssertEqual(before.status, .withdrawn)
        XCTAssertNil(before.final)
        let onTheDeadline = standard.evaluate(grades: [:], droppedAt: deadline, deadline: deadline)
        XCTAssertEqual(onTheDeadline.status, .withdrawn)
        let after = standard.evaluate(
            grades: ["report": 13, "presentation": 20], droppedAt: deadline.addingTimeInterval(60), deadline: deadline)
        XCTAssertEqual(after.status, .failed)
        XCTAssertEqual(after.final, 50)
        // Without a deadline a drop is a withdrawal.
        XCTAssertEqual(standard.evaluate(grades: [:], droppedAt: deadline, deadline: nil).status, .withdrawn)
    }

    // MARK: Weights

    func testOtherWeights() {
        var p = standard
        p.components = [GradeComponent(name: "report", weight: 70), GradeComponent(name: "presentation", weight: 30)]
        // 0.7 × 1.0 + 0.3 × 3.0 = 1.60 → 1.7 (1.6 is nearer 1.7 than 1.3)
        let o = p.evaluate(grades: ["report": 10, "presentation": 30])
        XCTAssertEqual(o.mean?.description, "1.60")
        XCTAssertEqual(o.final, 17)
    }

    func testThirdComponent() throws {
        var p = standard
        p.components = try GradingPolicy.parseComponents(["report:30", "presentation:60", "participation:10"])
        XCTAssertEqual(p.evaluate(grades: ["report": 13, "presentation": 20]).status, .incomplete)
        // 0.3 × 1.3 + 0.6 × 2.0 + 0.1 × 1.0 = 1.69 → 1.7
        let o = p.evaluate(grades: ["report": 13, "presentation": 20, "participation": 10])
        XCTAssertEqual(o.mean?.description, "1.69")
        XCTAssertEqual(o.final, 17)
    }

    func testOptionalComponentMissingIsLeftOut() throws {
        var p = standard
        p.components = try GradingPolicy.parseComponents(["report:30,presentation:60,participation:10:optional"])
        // Without participation: (30 × 1.3 + 60 × 2.0) / 90 = 1.766… → 1.7
        let o = p.evaluate(grades: ["report": 13, "presentation": 20])
        XCTAssertEqual(o.status, .passed)
        XCTAssertEqual(o.mean?.description, "1.767…")
        XCTAssertEqual(o.final, 17)
        XCTAssertEqual(p.evaluate(grades: ["report": 13, "presentation": 20, "participation": 50]).status, .failed)
    }

    func testComponentSpecificationsAreChecked() {
        XCTAssertThrowsError(try GradingPolicy.parseComponents(["report:40", "presentation:50"]))  // 90
        XCTAssertThrowsError(try GradingPolicy.parseComponents(["report:40", "report:60"]))
        XCTAssertThrowsError(try GradingPolicy.parseComponents(["Report Grade:100"]))
        XCTAssertThrowsError(try GradingPolicy.parseComponents(["report:forty"]))
        XCTAssertThrowsError(try GradingPolicy.parseComponents(["report:100:optional"]))  // nothing required
        XCTAssertEqual(try GradingPolicy.parseComponents(["report:100"]).first?.weight, 100)
    }

    // MARK: Scales

    func testGermanScaleParsing() {
        let s = GradeScale.german
        XCTAssertEqual(s.parse("1.3"), 13)
        XCTAssertEqual(s.parse("1,3"), 13)
        XCTAssertEqual(s.parse("1"), 10)
        XCTAssertEqual(s.parse("4.0"), 40)
        XCTAssertEqual(s.parse("2.30"), 23)
        XCTAssertNil(s.parse("2.5"))
        XCTAssertNil(s.parse("4.3"))
        XCTAssertNil(s.parse("0.7"))
        XCTAssertNil(s.parse("6"))
        XCTAssertNil(s.parse("1.33"))
        XCTAssertNil(s.parse("-1"))
        XCTAssertNil(s.parse("abc"))
        XCTAssertNil(s.parse(""))
        XCTAssertEqual(s.format(17), "1.7")
        XCTAssertEqual(s.format(17, decimalComma: true), "1,7")
        XCTAssertEqual(s.format(50), "5.0")
    }

    func testPercentageScale() {
        let p = GradingPolicy(components: GradingPolicy.standard.components, scale: .percentage, rounding: .nearest)
        XCTAssertEqual(p.scale.parse("87.5"), 875)
        XCTAssertEqual(p.scale.parse("100"), 1000)
        XCTAssertNil(p.scale.parse("100.5"))
        // 0.4 × 80 + 0.6 × 71 = 74.6 → 75
        let o = p.evaluate(grades: ["report": 800, "presentation": 710])
        XCTAssertEqual(o.final, 750)
        XCTAssertEqual(o.status, .passed)
        XCTAssertEqual(p.scale.format(750), "75")
        // A tie (x.5) goes up, to the better grade: 0.4 × 50 + 0.6 × 55.5 … use 50/50 weights.
        var half = p
        half.components = [
            GradeComponent(name: "report", weight: 50), GradeComponent(name: "presentation", weight: 50),
        ]
        XCTAssertEqual(half.evaluate(grades: ["report": 600, "presentation": 610]).final, 610)  // 60.5 → 61
        var truncate = half
        truncate.rounding = .truncate
        XCTAssertEqual(truncate.evaluate(grades: ["report": 600, "presentation": 610]).final, 600)  // 60.5 → 60
        // Below the pass mark in a component fails; exactly at it passes.
        let failed = p.evaluate(grades: ["report": 490, "presentation": 1000])
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(p.evaluate(grades: ["report": 500, "presentation": 500]).status, .passed)
        // Closing counts a missing component as 0 points.
        let closed = p.evaluate(grades: ["report": 1000], closed: true)
        XCTAssertEqual(closed.status, .failed)
        XCTAssertEqual(closed.final, 400)
    }

    func testPointsScaleWithPassMark() {
        let p = GradingPolicy(
            components: [GradeComponent(name: "exam", weight: 100)], scale: .points(max: 600, pass: 300),
            rounding: .nearest)
        XCTAssertEqual(p.evaluate(grades: ["exam": 300]).status, .passed)
        XCTAssertEqual(p.evaluate(grades: ["exam": 295]).status, .failed)
        XCTAssertNil(p.scale.parse("61"))
        XCTAssertEqual(GradeScale(storage: p.scale.storageString), p.scale)
    }

    // MARK: Import

    func testGradeFileAllOrNothing() throws {
        let text = "Matrikelnummer,report,presentation\n1,1.3,2.0\n2,2.5,1.7\n3,1.0,\n9,1.0,1.0\n1,1.0,1.0\n"
        let table = try CSVTable.parse(text: text, file: "g.csv")
        XCTAssertThrowsError(try GradeFileParser.parse(table, policy: standard, knownStudents: ["1", "2", "3"])) {
            error in
            guard case SeminarError.invalidInput(let errors) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(
                errors.map(\.description),
                [
                    "g.csv:3:3: error: report grade '2.5' is not on the German scale (1.0 1.3 1.7 2.0 2.3 2.7 3.0 3.3 3.7 4.0 5.0)",
                    "g.csv:5:1: error: no student with id 9 on the roster (check the id, or add the student first (seminar student add))",
                    "g.csv:6:1: error: student 1 appears twice (first on line 2)",
                ])
        }
        let ok = try GradeFileParser.parse(
            try CSVTable.parse(text: "id;Vortrag;Ausarbeitung\n3;1,7;\n", file: "g.csv"),
            policy: standard, knownStudents: ["3"])
        XCTAssertEqual(ok, [GradeRow(studentID: "3", grades: ["presentation": 17], line: 2)])
    }

    // MARK: Grade sheet

    func testFormulaNeutralising() {
        for dangerous in [
            "=1+1", "+A1", "-A1", "@SUM(A1)", "\tx", "\rx", "\nx", "-inf", "-0x1p3", "+1e5", "=HYPERLINK(\"x\")",
        ] {
            XCTAssertEqual(CSVWriter.neutralizeFormula(dangerous), "'" + dangerous, dangerous)
        }
        for safe in ["1.7", "-1", "+2.5", "-0,5", "Müller", "", "a=b", "03705521"] {
            XCTAssertEqual(CSVWriter.neutralizeFormula(safe), safe, safe)
        }
    }

    func testGradeSheetCSV() {
        let s = GradedStudent(
            id: "1", name: "=cmd|' /C calc'!A0", email: "a@b.c", paper: "ntk",
            grades: ["report": 13, "presentation": 20],
            outcome: standard.evaluate(grades: ["report": 13, "presentation": 20]))
        let sheet = GradeSheet(policy: standard, students: [s])
        XCTAssertEqual(
            sheet.csv(),
            "id,name,email,paper,report,presentation,final,status,note\r\n1,'=cmd|' /C calc'!A0,a@b.c,ntk,1.3,2.0,1.7,passed,\r\n"
        )
        XCTAssertEqual(
            sheet.csv(delimiter: ";", byteOrderMark: true, decimalComma: true),
            "\u{FEFF}id;name;email;paper;report;presentation;final;status;note\r\n1;'=cmd|' /C calc'!A0;a@b.c;ntk;1,3;2,0;1,7;passed;\r\n"
        )
    }

    // MARK: Stats

    func testStats() {
        func student(_ grades: [String: Tenths], dropped: Bool = false) -> GradedStudent {
            GradedStudent(
                id: "x", name: "x", email: "x", paper: nil, grades: grades,
                outcome: standard.evaluate(grades: grades, droppedAt: dropped ? Date() : nil))
        }
        let students = [
            student(["report": 10, "presentation": 10]), student(["report": 13, "presentation": 20]),
            student(["report": 50, "presentation": 10]), student(["report": 23, "presentation": 23]),
            student(["report": 10]), student([:], dropped: true),
        ]
        let stats = GradeStats(students: students, scale: .german)
        XCTAssertEqual(stats.finals, [10, 17, 23, 50])
        XCTAssertEqual(stats.graded, 4)
        XCTAssertEqual(stats.passed, 3)
        XCTAssertEqual(stats.passRate, "75.0")
        XCTAssertEqual(stats.mean, ExactMean(numerator: 100, denominator: 4))  // 2.5
        XCTAssertEqual(stats.median, ExactMean(numerator: 40, denominator: 2))  // (1.7 + 2.3) / 2 = 2.0
        XCTAssertEqual(stats.counts[.incomplete], 1)
        XCTAssertEqual(stats.counts[.withdrawn], 1)
        let lines = stats.histogram(width: 10)
        XCTAssertEqual(lines.count, 11)
        XCTAssertEqual(lines.first, "1.0 │██████████ 1")
        XCTAssertEqual(lines[2], "1.7 │██████████ 1")
        XCTAssertEqual(lines[1], "1.3 │")
    }

    func testPointsHistogramBins() {
        let p = GradingPolicy(
            components: [GradeComponent(name: "exam", weight: 100)], scale: .percentage, rounding: .nearest)
        let students = [1000, 950, 500, 0].map { g in
            GradedStudent(
                id: "x", name: "x", email: "x", paper: nil, grades: ["exam": g],
                outcome: p.evaluate(grades: ["exam": g]))
        }
        let bins = GradeStats(students: students, scale: .percentage).bins
        XCTAssertEqual(bins.count, 10)
        XCTAssertEqual(bins.first?.label, "0–10")
        XCTAssertEqual(bins.first?.count, 1)
        XCTAssertEqual(bins[5].label, "50–60")
        XCTAssertEqual(bins[5].count, 1)
        XCTAssertEqual(bins.last?.label, "90–100")
        XCTAssertEqual(bins.last?.count, 2)
    }

    // MARK: Changing the rules

    func testAChangeOfRulesNamesWhatItWouldOrphan() {
        let recorded = [
            RecordedGrade(studentID: "1", component: "participation", value: 10),
            RecordedGrade(studentID: "1", component: "report", value: 13),
            RecordedGrade(studentID: "2", component: "participation", value: 20),
        ]
        var withParticipation = GradingPolicy.standard
        withParticipation.components.append(GradeComponent(name: "participation", weight: 10, required: false))
        XCTAssertEqual(
            withParticipation.conflicts(changingTo: .standard, recorded: recorded),
            [.componentInUse(component: "participation", count: 2)])
        // Weights and rounding are rules: they may change whatever is recorded.
        var truncating = withParticipation
        truncating.rounding = .truncate
        XCTAssertEqual(withParticipation.conflicts(changingTo: truncating, recorded: recorded), [])
        var points = withParticipation
        points.scale = .percentage
        XCTAssertEqual(
            withParticipation.conflicts(changingTo: points, recorded: recorded),
            [.scaleKindChange(count: 3, from: .german, to: .percentage)])
        // Nothing recorded, nothing in the way.
        XCTAssertEqual(GradingPolicy.standard.conflicts(changingTo: points, recorded: []), [])
    }

    func testPointsKeepTheirMaximumButNotTheirPassMark() {
        var sixty = GradingPolicy.standard
        sixty.scale = .points(max: 600, pass: 300)
        let recorded = [
            RecordedGrade(studentID: "1", component: "report", value: 300),
            RecordedGrade(studentID: "2", component: "report", value: 555),
        ]
        var hundred = sixty
        hundred.scale = .points(max: 1000, pass: 500)
        XCTAssertEqual(
            sixty.conflicts(changingTo: hundred, recorded: recorded),
            [.maximumChange(count: 2, from: 600, to: 1000)])
        var stricter = sixty
        stricter.scale = .points(max: 600, pass: 310)
        XCTAssertEqual(sixty.conflicts(changingTo: stricter, recorded: recorded), [])
    }

    func testAnImportAndItsPreviewCountAlike() {
        var summary = GradeChangeSummary()
        XCTAssertNotNil(summary.record(student: "1", component: "report", old: nil, new: 13))
        XCTAssertNotNil(summary.record(student: "1", component: "talk", old: 13, new: 17))
        XCTAssertNil(summary.record(student: "2", component: "report", old: 20, new: 20))
        XCTAssertNil(summary.record(student: "2", component: "talk", old: nil, new: nil))
        XCTAssertEqual(summary.record(student: "3", component: "report", old: 20, new: nil)?.old, 20)
        XCTAssertEqual(
            [summary.added, summary.changed, summary.unchanged, summary.cleared], [1, 1, 1, 1])
        XCTAssertEqual(summary.changes.map(\.studentID), ["1", "1", "3"])
        XCTAssertEqual(summary.description, "1 added, 1 changed, 1 unchanged, 1 cleared")
    }

    func testTheHistoryReadsItsOwnWordsBack() {
        for word in ["report", "status", "config", "close"] {
            XCTAssertEqual(GradeHistorySubject(word).description, word)
        }
        XCTAssertEqual(GradeHistorySubject("config"), .rules)
        XCTAssertEqual(GradeHistorySubject("participation"), .component("participation"))
        for text in [
            "grade set", "grade import grades.csv", "grade config", "grade close", "grade close --reopen", "x",
        ] {
            XCTAssertEqual(GradeChangeSource(text).description, text)
        }
        XCTAssertEqual(GradeChangeSource("grade import g.csv"), .gradeImport(file: "g.csv"))
        XCTAssertEqual(GradeChangeSource("grade close --reopen"), .gradeReopen)
    }
}
