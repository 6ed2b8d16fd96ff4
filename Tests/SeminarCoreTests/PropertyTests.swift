import Foundation
import PropertyBased
import Testing

@testable import SeminarCore

// Property-based tests (issue #12, docs/security.md): generated inputs, each property checked
// on every one, the failing input shrunk and printed with a seed to replay it
// (`@Test(.fixedSeed("..."))`).

/// One of `items` (Gen.element(of:) gives an optional, for an empty collection).
private func pick<T: Sendable>(_ items: [T]) -> Generator<T, Shrink.Integer<Int>> {
    Gen.int(in: 0...(items.count - 1)).map { items[$0] }
}

/// Characters that make CSV hard: the three delimiters, quotes, every line break, a space, a
/// NUL, a byte-order mark, a combining accent, letters beyond ASCII and one beyond the BMP.
private let csvCharacters: [Character] = [
    "a", "Z", "0", ",", ";", "\t", "\"", "\r", "\n", "\r\n", " ", "\0", "\u{FEFF}", "\u{301}", "ä", "€", "😀",
]

private let cell = pick(csvCharacters).string(of: 0...6)
private let table = cell.array(of: 1...5).array(of: 1...6)

@Suite struct CSVRoundTripProperties {
    /// Any table of cells, written by CSVWriter with `,` `;` or tab and LF or CRLF, is read back by
    /// CSVReader with the same delimiter as the same cells.
    @Test func anyCellsWrittenAndReadBackAreEqual() async {
        await propertyCheck(
            count: 300, input: table, pick([",", ";", "\t"] as [Character]),
            pick(["\n", "\r\n"])
        ) { rows, delimiter, ending in
            let writer = CSVWriter(delimiter: delimiter, lineEnding: ending)
            let text = rows.map(writer.row).joined()
            let read = try? CSVReader(delimiter: delimiter).parse(text, file: "t.csv").map(\.values)
            #expect(read == rows, "written as \(text.debugDescription)")
        }
    }
}

// MARK: - The registration-list filler

/// One row of a generated registration list.
private struct ListRow: Sendable, CustomStringConvertible {
    var id: String
    var name: String
    var grade: String
    /// The seminar has a grade for this student.
    var graded: Bool
    var blankLineAfter: Bool
    var description: String { "\(id);\(name);\(grade);\(graded);\(blankLineAfter)" }
}

/// How the list is written: delimiter, quoting, line ending, encoding, byte-order mark.
private struct ListFormat: Sendable, CustomStringConvertible {
    var delimiter: String
    var quoteAll: Bool
    var lineEnding: String
    var windows1252: Bool
    var byteOrderMark: Bool
    var description: String {
        "\(delimiter.debugDescription) quoteAll:\(quoteAll) \(lineEnding.debugDescription) cp1252:\(windows1252) bom:\(byteOrderMark)"
    }
}

private let nameCharacters: [Character] = ["a", "B", " ", "ä", "ß", "É", "ñ", "\"", ",", ";", "-"]
private let listRow = zip(
    Gen.int(in: 0...99_999_999).map { String(format: "%08d", $0) },
    pick(nameCharacters).string(of: 0...8),
    pick(["", "", "1,0", "2.3", "5,0", " "]),
    Gen.bool(0.7), Gen.bool(0.2)
).map { ListRow(id: $0, name: $1, grade: $2, graded: $3, blankLineAfter: $4) }

private let listFormat = zip(
    pick([";", ","]), Gen.bool, pick(["\r\n", "\n", "\r"]), Gen.bool, Gen.bool
).map { ListFormat(delimiter: $0, quoteAll: $1, lineEnding: $2, windows1252: $3, byteOrderMark: $4) }

/// The list's bytes, written as a campus system would (not by the tool's own writer).
private func listBytes(_ rows: [ListRow], _ format: ListFormat) -> [UInt8] {
    func field(_ value: String) -> String {
        let needs = value.contains(format.delimiter) || value.contains("\"")
        return format.quoteAll || needs ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
    var lines = [["Matrikelnummer", "Name", "Note", "Datum"].map(field).joined(separator: format.delimiter)]
    for row in rows {
        lines.append([row.id, row.name, row.grade, "13.02.2025"].map(field).joined(separator: format.delimiter))
        if row.blankLineAfter { lines.append("") }
    }
    let text = lines.joined(separator: format.lineEnding) + format.lineEnding
    if format.windows1252 { return [UInt8](text.data(using: .windowsCP1252)!) }
    return (format.byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
}

/// The file cut at the grade cells of the data rows: the pieces between them.
private func outsideGrades(_ bytes: [UInt8], _ records: [RegistrationList.Record], header: Int) -> [[UInt8]] {
    var pieces: [[UInt8]] = []
    var position = 0
    for record in records.dropFirst(header + 1) where record.fields.count > 2 {
        pieces.append(Array(bytes[position..<record.fields[2].start]))
        position = record.fields[2].end
    }
    pieces.append(Array(bytes[position...]))
    return pieces
}

@Suite struct RegistrationListProperties {
    /// Filling the grade column of any generated list (quoted or not, `;` or `,`, CRLF, LF or
    /// CR, UTF-8 with or without BOM or Windows-1252, blank lines, old grades) changes no byte
    /// outside the grade cells, and each filled cell reads back as the grade given.
    @Test func everyByteOutsideTheGradeColumnIsUnchanged() async throws {
        await propertyCheck(count: 300, input: listRow.array(of: 1...8), listFormat) { rows, format in
            let bytes = listBytes(rows, format)
            guard let list = try? RegistrationList(data: Data(bytes), file: "list.csv") else {
                Issue.record("the list was not read: \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                return
            }
            let grades = ["1,3", "2,0", "4,0", "1.7"]
            var entries: [String: RegistrationEntry] = [:]
            for (i, row) in rows.enumerated() where row.graded {
                entries[row.id] = RegistrationEntry(value: grades[i % grades.count])
            }
            let (filled, _) = list.fill(idColumn: 0, gradeColumn: 2, entries: entries)
            let out = [UInt8](filled)
            let again = try? RegistrationList.parse(
                out, delimiter: list.delimiter, encoding: list.encoding, file: "filled.csv")
            guard let again else {
                Issue.record("the filled list was not read")
                return
            }
            #expect(again.count == list.records.count)
            #expect(
                outsideGrades(out, again, header: list.headerIndex)
                    == outsideGrades(bytes, list.records, header: list.headerIndex))
            for record in again.dropFirst(list.headerIndex + 1) where !record.isBlank {
                let id = record.fields[0].value
                if let value = entries[id]?.value {
                    #expect(record.fields[2].value == value, "line \(record.line)")
                }
            }
        }
    }
}

// MARK: - Grading

private let germanSteps = GradeScale.germanSteps

/// The final grade for two components weighted `w` and `100 - w`.
private func final(_ a: Tenths, _ b: Tenths, weight w: Int, _ scale: GradeScale, _ rounding: RoundingRule) -> (
    Tenths?, GradeStatus
) {
    let policy = GradingPolicy(
        components: [GradeComponent(name: "report", weight: w), GradeComponent(name: "talk", weight: 100 - w)],
        scale: scale, rounding: rounding)
    let outcome = policy.evaluate(grades: ["report": a, "talk": b])
    return (outcome.final, outcome.status)
}

/// The rounding rule's bounds for the exact mean `n / d` (tenths) on the German scale: the final
/// is never better than the mean allows.
private func germanFinalIsAllowed(_ final: Tenths, n: Int, d: Int, _ rounding: RoundingRule) -> Bool {
    switch rounding {
    case .nearest:
        // A step of the scale, no step nearer the mean, and of two equally near the better.
        return germanSteps.contains(final)
            && germanSteps.allSatisfy { s in
                abs(final * d - n) < abs(s * d - n) || (abs(final * d - n) == abs(s * d - n) && final <= s)
            }
    case .truncate:
        // The mean with the digits after the first decimal dropped: better by less than 0.1.
        return final * d <= n && n < (final + 1) * d
    }
}

@Suite struct GradingProperties {
    /// Every pair of German grades, for weights from 1/99 to 99/1 and both rounding rules: a failed
    /// component (5.0) fails the whole with 5.0; otherwise the final is what the rounding rule
    /// makes of the exact weighted mean, never better.
    @Test func everyGermanComponentPairGivesTheFinalTheMeanAllows() async {
        await propertyCheck(
            count: 200, input: Gen.int(in: 1...99), pick(RoundingRule.allCases)
        ) { w, rounding in
            for a in germanSteps {
                for b in germanSteps {
                    let (grade, status) = final(a, b, weight: w, .german, rounding)
                    if a == 50 || b == 50 {
                        #expect(grade == 50 && status == .failed, "\(a) \(b) w\(w)")
                        continue
                    }
                    let n = w * a + (100 - w) * b
                    #expect(
                        grade.map { germanFinalIsAllowed($0, n: n, d: 100, rounding) } == true,
                        "\(a) \(b) w\(w) \(rounding): \(String(describing: grade))")
                    #expect(status == .passed, "\(a) \(b) w\(w)")
                }
            }
        }
    }

    /// Better components never make a worse final: German grades (lower is better), every pair
    /// and every improvement of either component, for any weights and both rounding rules.
    @Test func theGermanFinalIsMonotoneInEachComponent() async {
        await propertyCheck(
            count: 200, input: Gen.int(in: 1...99), pick(RoundingRule.allCases)
        ) { w, rounding in
            for a in germanSteps {
                for b in germanSteps {
                    let base = final(a, b, weight: w, .german, rounding).0!
                    for better in germanSteps where better < a {
                        #expect(final(better, b, weight: w, .german, rounding).0! <= base, "\(a)→\(better) \(b) w\(w)")
                    }
                    for better in germanSteps where better < b {
                        #expect(final(a, better, weight: w, .german, rounding).0! <= base, "\(a) \(b)→\(better) w\(w)")
                    }
                }
            }
        }
    }

    /// Points scales (any maximum and pass mark, tenths allowed): a component below the pass mark
    /// fails the whole; the final is the mean rounded to a whole point as the rule says (nearest:
    /// within half a point, ties up; truncate: the fraction dropped), never better than that;
    /// and more points in either component never give fewer points in the end.
    @Test func pointsFinalsFollowTheMeanAndAreMonotone() async {
        let scale = zip(Gen.int(in: 10...2000), Gen.int(in: 0...100)).map { max, percent in
            (max: max, pass: max * percent / 100)
        }
        await propertyCheck(
            count: 500, input: scale, Gen.int(in: 1...99), pick(RoundingRule.allCases),
            zip(Gen.int(in: 0...1000), Gen.int(in: 0...1000), Gen.int(in: 0...1000))
        ) { limits, w, rounding, raw in
            let points = GradeScale.points(max: limits.max, pass: limits.pass)
            let (a, b, more) = (raw.0 * limits.max / 1000, raw.1 * limits.max / 1000, raw.2 * limits.max / 1000)
            let (grade, status) = final(a, b, weight: w, points, rounding)
            guard let grade else {
                Issue.record("no final for \(a) \(b)")
                return
            }
            if a < limits.pass || b < limits.pass { #expect(status == .failed, "\(a) \(b) pass \(limits.pass)") }
            let n = w * a + (100 - w) * b  // the mean is n / 100 tenths
            switch rounding {
            case .nearest:
                #expect(grade % 10 == 0 && abs(grade * 100 - n) <= 500, "\(n) → \(grade)")
                #expect(abs(grade * 100 - n) < 500 || grade * 100 > n, "a tie goes up: \(n) → \(grade)")
            case .truncate:
                #expect(grade % 10 == 0 && grade * 100 <= n && n < (grade + 10) * 100, "\(n) → \(grade)")
            }
            if more > a { #expect(final(more, b, weight: w, points, rounding).0! >= grade) }
            if more > b { #expect(final(a, more, weight: w, points, rounding).0! >= grade) }
        }
    }

    /// The attendance rule against the rules without it, for any grades (German or points, some
    /// missing), open or closed, dropped or not: `off` changes nothing; `warn` keeps status and
    /// final and adds the note; `required` only turns a pass into incomplete (open) or failed
    /// (closed, 5.0 on the German scale), and leaves every other outcome's status and final alone.
    @Test func theAttendanceRuleOnlyEverHoldsBackAPass() async {
        let missed = MissedAttendance(days: [.init(day: DayDate(year: 2025, month: 2, day: 14), speakers: ["Ada"])])
        let grade = Gen.int(in: -1...(germanSteps.count - 1))
        await propertyCheck(
            count: 500, input: grade, grade, Gen.int(in: 1...99), pick([false, true]), pick([0, 1, 2]),
            pick([false, true])
        ) { ia, ib, w, closed, dropped, points in
            let scale: GradeScale = points ? .points(max: 600, pass: 300) : .german
            let value: (Int) -> Tenths? = { i in i < 0 ? nil : points ? i * 600 / 12 : germanSteps[i] }
            var grades: [String: Tenths] = [:]
            if let a = value(ia) { grades["report"] = a }
            if let b = value(ib) { grades["talk"] = b }
            let deadline = Date(timeIntervalSince1970: 1_736_000_000)
            let droppedAt: Date? = dropped == 0 ? nil : deadline + (dropped == 1 ? -60 : 60)
            func outcome(_ rule: AttendanceRule, _ missed: MissedAttendance?) -> GradeOutcome {
                GradingPolicy(
                    components: [
                        GradeComponent(name: "report", weight: w), GradeComponent(name: "talk", weight: 100 - w),
                    ],
                    scale: scale, rounding: .nearest, attendance: rule
                ).evaluate(grades: grades, droppedAt: droppedAt, deadline: deadline, closed: closed, missed: missed)
            }
            let plain = outcome(.required, nil)
            #expect(outcome(.off, missed) == plain)
            for rule in AttendanceRule.allCases { #expect(outcome(rule, nil) == plain) }
            let warn = outcome(.warn, missed)
            #expect(warn.status == plain.status && warn.final == plain.final)
            #expect(warn.missedAttendance == (droppedAt == nil ? missed : nil))
            let required = outcome(.required, missed)
            if droppedAt != nil {
                #expect(required == plain, "a student who dropped is not judged on attendance")
            } else if plain.status == .passed {
                #expect(required.status == (closed ? .failed : .incomplete))
                #expect(required.final == (closed ? (points ? plain.final : 50) : nil))
                #expect(required.isHeldBackByAttendance)
            } else {
                #expect(required.status == plain.status && required.final == plain.final)
                #expect(required.reason?.hasSuffix(missed.description) == true)
                #expect(!required.isHeldBackByAttendance)
            }
        }
    }
}
