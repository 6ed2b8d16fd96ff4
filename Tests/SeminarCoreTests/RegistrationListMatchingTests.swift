import Foundation
import XCTest

@testable import SeminarCore

/// Matching the rows of the campus registration list when filling it in.
final class RegistrationListMatchingTests: XCTestCase {
    func list(_ text: String) throws -> RegistrationList {
        try RegistrationList(data: Data(text.utf8), file: "r.csv")
    }

    /// A row matched only by ignoring stripped leading zeros was reported in the detail of a
    /// `filled` line, which `grade export --into` never prints; the coordinator must see it.
    func testRowsMatchedIgnoringLeadingZerosAreListed() throws {
        let l = try list("Matrikelnummer;Note\n3705521;\n11902567;\n")
        let (_, report) = l.fill(
            idColumn: 0, gradeColumn: 1,
            entries: [
                "03705521": .init(value: "1,7"), "11902567": .init(value: "2,3"),
            ])
        XCTAssertEqual(report.matchedIgnoringZeros.map(\.line), [2])
        XCTAssertEqual(report.matchedIgnoringZeros.map(\.id), ["03705521"])
        XCTAssertTrue(report.matchedIgnoringZeros[0].detail.contains("3705521"))
    }

    /// The same student on two rows of the list was filled twice without a word.
    func testAStudentOnTwoRowsIsReported() throws {
        let l = try list("Matrikelnummer;Note\n03705521;\n11902567;\n3705521;\n")
        let (data, report) = l.fill(
            idColumn: 0, gradeColumn: 1,
            entries: [
                "03705521": .init(value: "1,7"), "11902567": .init(value: "2,3"),
            ])
        XCTAssertEqual(report.duplicateRows.map(\.line), [4])
        XCTAssertTrue(report.duplicateRows[0].detail.contains("line 2"), report.duplicateRows[0].detail)
        // The grade is still written on both rows: which one the campus system keeps is its business.
        XCTAssertEqual(
            String(decoding: data, as: UTF8.self), "Matrikelnummer;Note\n03705521;1,7\n11902567;2,3\n3705521;1,7\n")
    }

    /// Rows of empty fields (`;;;` or `"";""`, as spreadsheets leave them at the end) were
    /// listed as "not a student of this seminar" with an empty id.
    func testRowsOfEmptyFieldsAreBlankAndKept() throws {
        let text = "Matrikelnummer;Note\n03705521;\n;\n\"\";\"\"\n"
        let l = try list(text)
        let (data, report) = l.fill(idColumn: 0, gradeColumn: 1, entries: ["03705521": .init(value: "1,7")])
        XCTAssertEqual(report.unmatchedRows.map(\.line), [])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "Matrikelnummer;Note\n03705521;1,7\n;\n\"\";\"\"\n")
    }
}
