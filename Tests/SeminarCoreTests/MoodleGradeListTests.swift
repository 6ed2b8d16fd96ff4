import Foundation
import XCTest

@testable import SeminarCore

/// Filling Moodle's files: an assignment's grading worksheet (English and German) and a
/// gradebook import file, from `Tests/Fixtures/moodle-grades/`.
final class MoodleGradeListTests: XCTestCase {
    static func fixture(_ name: String) -> Data {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        return FileManager.default.contents(
            atPath: url.appendingPathComponent("Fixtures/moodle-grades").appendingPathComponent(name).path)!
    }

    /// Report grades of `Fixtures/grades.csv` for a few students, as tenths.
    static let report: [String: Tenths] = ["03705521": 13, "11902567": 10, "03689957": 50, "11958014": 27]
    static let emails = ["thi-lan.nguyen@tum.de": "11958014", "linnea.bergstroem@tum.de": "03705521"]

    func entries(_ style: GradeNumberStyle) -> [String: RegistrationEntry] {
        var e = Self.report.mapValues { RegistrationEntry(value: style.format($0, on: .german), tenths: $0) }
        e["11916675"] = RegistrationEntry(value: nil, reason: "no report grade")
        return e
    }

    /// The file with every grade cell cut out: what must not change.
    func withoutGradeCells(_ list: RegistrationList, column: Int) -> [UInt8] {
        var out: [UInt8] = []
        var position = 0
        for r in list.records where column < r.fields.count {
            out += list.bytes[position..<r.fields[column].start]
            position = r.fields[column].end
        }
        return out + list.bytes[position...]
    }

    func testEnglishWorksheetTakesPointAndTwoDecimalsFromTheMaximumGrade() throws {
        let original = Self.fixture("worksheet-en.csv")
        let list = try RegistrationList(data: original, file: "worksheet-en.csv")
        XCTAssertEqual(Array(original.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(list.delimiter, UInt8(ascii: ","))
        let id = try XCTUnwrap(list.column(named: "ID number"))
        let grade = try XCTUnwrap(list.column(named: "Grade"))
        XCTAssertEqual(list.maximumGradeColumn, 6)
        XCTAssertEqual(list.emailColumn, 3)

        let (style, decision) = list.gradeStyle(gradeColumn: grade, explicitComma: nil)
        XCTAssertEqual(style, GradeNumberStyle(decimalComma: false, decimals: 2))
        let said = try XCTUnwrap(decision)
        XCTAssertTrue(said.contains("decimal point with two decimals"), said)
        XCTAssertTrue(said.contains("Maximum Grade column writes 5.00"), said)

        let (data, report) = list.fill(
            idColumn: id, gradeColumn: grade, entries: entries(style), names: [:], emails: Self.emails)
        let filled = try RegistrationList(data: data, file: "filled.csv")
        func cell(_ line: Int) -> String { filled.records.first { $0.line == line }!.cell(grade) }
        XCTAssertEqual(cell(2), "1.30")  // Bergström
        XCTAssertEqual(cell(3), "1.00")  // Dubois
        XCTAssertEqual(cell(6), "5.00")  // Hoffmann
        XCTAssertEqual(cell(10), "2.70")  // Nguyen: no ID number, matched by e-mail
        XCTAssertEqual(cell(8), "")  // Lefèvre: not in the seminar
        XCTAssertEqual(report.matchedByEmail.map(\.line), [10])
        XCTAssertEqual(report.matchedByEmail.first?.id, "11958014")
        XCTAssertTrue(report.matchedIgnoringZeros.isEmpty)
        // Only some students are given here: every other row, Lefèvre's too, is left as it was.
        XCTAssertTrue(report.unmatchedRows.contains { $0.line == 8 && $0.id == "03791264" })
        XCTAssertEqual(report.leftEmpty.map(\.id), ["11916675"])
        XCTAssertEqual(report.gradesByLine, [2: 13, 3: 10, 6: 50, 10: 27])
        // Bare, as fputcsv writes a number; every other byte as it was (BOM, quoting, LF).
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains(",\"Submitted for grading\",1.30,5.00,Yes,"))
        XCTAssertEqual(withoutGradeCells(filled, column: grade), withoutGradeCells(list, column: grade))
        XCTAssertEqual(data.count, original.count + 4 * 4)
    }

    func testGermanWorksheetTakesTheCommaAndQuotesTheCell() throws {
        let original = Self.fixture("worksheet-de.csv")
        let list = try RegistrationList(data: original, file: "worksheet-de.csv")
        let id = try XCTUnwrap(list.column(named: "ID-Nummer"))
        let grade = try XCTUnwrap(list.column(named: "Bewertung"))
        XCTAssertEqual(list.columnNames[try XCTUnwrap(list.maximumGradeColumn)], "Bestwertung")
        XCTAssertEqual(list.columnNames[try XCTUnwrap(list.emailColumn)], "E-Mail-Adresse")
        let (style, decision) = list.gradeStyle(gradeColumn: grade, explicitComma: nil)
        XCTAssertEqual(style, GradeNumberStyle(decimalComma: true, decimals: 2))
        XCTAssertTrue(
            try XCTUnwrap(decision).contains("decimal comma with two decimals, as the Bestwertung column writes 5,00"))
        let (data, report) = list.fill(
            idColumn: id, gradeColumn: grade, entries: entries(style), names: [:], emails: Self.emails)
        let text = String(decoding: data, as: UTF8.self)
        // fputcsv quotes a field with the delimiter in it, as Moodle quotes its "5,00".
        XCTAssertTrue(text.contains(",\"Zur Bewertung abgegeben\",\"1,30\",\"5,00\",Ja,"), text)
        XCTAssertTrue(text.contains(",thi-lan.nguyen@tum.de,\"Zur Bewertung abgegeben\",\"2,70\",\"5,00\","), text)
        XCTAssertEqual(report.matchedByEmail.map(\.id), ["11958014"])
        let filled = try RegistrationList(data: data, file: "filled.csv")
        XCTAssertEqual(withoutGradeCells(filled, column: grade), withoutGradeCells(list, column: grade))
    }

    /// The grades already in the column decide over the Maximum grade; the user decides over both.
    func testGradesInTheColumnAndTheUserDecideFirst() throws {
        let text = "Identifier,ID number,Grade,Maximum Grade\n\"Participant 1\",03705521,\"2,00\",5.00\n"
        let list = try RegistrationList(data: Data(text.utf8), file: "w.csv")
        let (style, decision) = list.gradeStyle(gradeColumn: 2, explicitComma: nil)
        XCTAssertEqual(style, GradeNumberStyle(decimalComma: true, decimals: 2))
        XCTAssertNil(decision)
        let (point, said) = list.gradeStyle(gradeColumn: 2, explicitComma: false)
        XCTAssertEqual(point, GradeNumberStyle(decimalComma: false, decimals: 2))
        XCTAssertNil(said)
    }

    func testARowWithoutIdIsMatchedByEmailOnlyWhenAsked() throws {
        let text = "ID number,Email address,Grade\n,Linnea.Bergstroem@TUM.de,\n,someone@example.org,\n"
        let list = try RegistrationList(data: Data(text.utf8), file: "w.csv")
        let entries = ["03705521": RegistrationEntry(value: "1.3", tenths: 13)]
        let (data, report) = list.fill(idColumn: 0, gradeColumn: 2, entries: entries, emails: Self.emails)
        XCTAssertEqual(
            String(decoding: data, as: UTF8.self),
            "ID number,Email address,Grade\n,Linnea.Bergstroem@TUM.de,1.3\n,someone@example.org,\n")
        XCTAssertEqual(report.matchedByEmail.map(\.line), [2])
        XCTAssertEqual(report.unmatchedRows.map(\.id), ["someone@example.org"])
        let (unchanged, plain) = list.fill(idColumn: 0, gradeColumn: 2, entries: entries)
        XCTAssertEqual(unchanged, Data(text.utf8))
        XCTAssertTrue(plain.matchedByEmail.isEmpty)
    }

    func testMaximumGradeMustFitTheScale() throws {
        func list(_ max: String) throws -> RegistrationList {
            let text = "ID number,Grade,Maximum Grade\n03705521,,\(max)\n11902567,,\(max)\n"
            return try RegistrationList(data: Data(text.utf8), file: "w.csv")
        }
        let grades: [Int: Tenths] = [2: 13, 3: 50]
        XCTAssertEqual(
            try list("5.00").maximumGradeMismatches(column: 2, scale: .german, grades: grades, what: "report"), [])
        XCTAssertEqual(
            try list("\"5,00\"").maximumGradeMismatches(column: 2, scale: .german, grades: grades, what: "report"), [])
        XCTAssertEqual(
            try list("5").maximumGradeMismatches(column: 2, scale: .german, grades: grades, what: "report"), [])

        let hundred = try list("100.00").maximumGradeMismatches(
            column: 2, scale: .german, grades: grades, what: "report")
        XCTAssertEqual(hundred.count, 1)  // one error per distinct maximum
        XCTAssertEqual(hundred.first?.line, 2)
        XCTAssertEqual(hundred.first?.column, 11)
        XCTAssertTrue(
            hundred.first!.message.contains(
                "scale mismatch: the Maximum Grade is 100.00, but the report grades are on the German scale"),
            hundred.first!.message)
        XCTAssertTrue(hundred.first!.hint!.contains("Maximum grade to 5"))

        let one = try list("1.00").maximumGradeMismatches(column: 2, scale: .german, grades: grades, what: "final")
        XCTAssertTrue(
            one.first!.message.contains("skips a grade above the maximum without a word: 2 of the 2 grades"),
            one.first!.message)

        let empty = try list("").maximumGradeMismatches(column: 2, scale: .german, grades: grades, what: "final")
        XCTAssertTrue(empty.first!.message.contains("is empty, not a number"), empty.first!.message)
        // Only rows that get a grade are checked.
        XCTAssertEqual(try list("").maximumGradeMismatches(column: 2, scale: .german, grades: [:], what: "final"), [])

        let points = GradeScale.points(max: 1000, pass: 500)
        XCTAssertEqual(
            try list("100.00").maximumGradeMismatches(column: 2, scale: points, grades: grades, what: "final"), [])
        XCTAssertEqual(
            try list("5.00").maximumGradeMismatches(column: 2, scale: points, grades: grades, what: "final").count, 1)
    }

    /// Grades → Import → CSV file: two columns, no Maximum grade, the style from the delimiter (said).
    func testGradebookImportFileWithTwoColumns() throws {
        let original = Self.fixture("gradebook-import.csv")
        let list = try RegistrationList(data: original, file: "gradebook-import.csv")
        XCTAssertEqual(list.columnNames, ["ID number", "Report"])
        XCTAssertNil(list.maximumGradeColumn)
        let (style, decision) = list.gradeStyle(gradeColumn: 1, explicitComma: nil)
        XCTAssertEqual(style, GradeNumberStyle(decimalComma: false, decimals: nil))
        XCTAssertTrue(try XCTUnwrap(decision).hasPrefix("decimal point, as in a ','-separated list"))
        let (data, report) = list.fill(idColumn: 0, gradeColumn: 1, entries: entries(style))
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("\"ID number\",Report\n03705521,1.3\n11902567,1.0\n"), text)
        XCTAssertTrue(text.contains("\n11958014,2.7\n"), text)
        XCTAssertTrue(report.unmatchedRows.contains { $0.id == "03791264" && $0.line == 8 })
        XCTAssertEqual(data.count, original.count + 4 * 3)
    }

    func testNumberStyleAndCellNumbers() {
        XCTAssertEqual(GradeNumberStyle(decimalComma: false, decimals: 2).format(13, on: .german), "1.30")
        XCTAssertEqual(GradeNumberStyle(decimalComma: true, decimals: 2).format(50, on: .german), "5,00")
        XCTAssertEqual(GradeNumberStyle(decimalComma: false, decimals: 0).format(875, on: .percentage), "87.5")
        XCTAssertEqual(GradeNumberStyle(decimalComma: false, decimals: 0).format(870, on: .percentage), "87")
        XCTAssertEqual(GradeNumberStyle(decimalComma: true).format(17, on: .german), "1,7")
        XCTAssertEqual(
            CellNumber("5,00"),
            CellNumber("5.00").map {
                var n = $0
                n.comma = true
                return n
            })
        XCTAssertEqual(CellNumber("100.00")?.compare(tenths: 1000), 0)
        XCTAssertEqual(CellNumber("5")?.compare(tenths: 50), 0)
        XCTAssertEqual(CellNumber("1.00")?.compare(tenths: 13), -1)
        XCTAssertNil(CellNumber("-"))
        XCTAssertNil(CellNumber(""))
        XCTAssertNil(CellNumber("1.000,5"))
        XCTAssertNil(CellNumber("5."))
    }
}
