import Foundation
import XCTest

@testable import SeminarCore

final class RegistrationListTests: XCTestCase {
    static let fixture: Data = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return FileManager.default.contents(atPath: url.appendingPathComponent("Fixtures/registration.csv").path)!
    }()

    func list(_ text: String, encoding: String.Encoding = .utf8) throws -> RegistrationList {
        try RegistrationList(data: text.data(using: encoding)!, file: "r.csv")
    }

    func testFixtureIsFilledByteForByteExceptTheGradeCells() throws {
        let list = try RegistrationList(data: Self.fixture, file: "registration.csv")
        XCTAssertEqual(list.encoding, .windows1252)
        XCTAssertEqual(list.delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(
            list.columnNames,
            ["Matrikelnummer", "Nachname", "Vorname", "Kennung", "Studienkennzahl", "Note", "Datum", "Anmerkung"])
        let id = try XCTUnwrap(list.column(named: "matrikelnummer"))
        let note = try XCTUnwrap(list.column(named: "NOTE"))
        let (data, report) = list.fill(
            idColumn: id, gradeColumn: note,
            entries: [
                "03705521": .init(value: "1,7"), "11902567": .init(value: "2,3"),
                "11958014": .init(value: nil, reason: "incomplete"),
                "11916675": .init(value: "5,0"),
            ])
        XCTAssertEqual(report.filled.map(\.id), ["03705521", "11902567"])
        XCTAssertEqual(report.leftEmpty.map(\.id), ["11958014"])
        XCTAssertEqual(report.notOnList, ["11916675"])
        XCTAssertEqual(report.unmatchedRows.count, 19 - 3)
        XCTAssertTrue(
            report.unmatchedRows.contains { $0.id == "03791264" && $0.name == "Marie Lefèvre" && $0.line == 8 })
        // Exactly two cells changed: `""` became `"1,7"` and `"2,3"`, 3 bytes each.
        XCTAssertEqual(data.count, Self.fixture.count + 6)
        let old = Self.fixture.split(separator: 0x0A, omittingEmptySubsequences: false)
        let new = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        XCTAssertEqual(old.count, new.count)
        for (i, (a, b)) in zip(old, new).enumerated() {
            if i == 1 || i == 2 {
                let fieldsA = a.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
                let fieldsB = b.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
                XCTAssertEqual(fieldsA.count, fieldsB.count)
                for j in fieldsA.indices where j != 5 { XCTAssertEqual(Array(fieldsA[j]), Array(fieldsB[j])) }
                XCTAssertEqual(String(decoding: fieldsB[5], as: UTF8.self), i == 1 ? "\"1,7\"" : "\"2,3\"")
            } else {
                XCTAssertEqual(Array(a), Array(b), "line \(i + 1)")
            }
        }
        // Filling again changes nothing.
        let again = try RegistrationList(data: data, file: "r.csv")
        let (data2, report2) = again.fill(
            idColumn: id, gradeColumn: note,
            entries: ["03705521": .init(value: "1,7"), "11902567": .init(value: "2,3")])
        XCTAssertEqual(data2, data)
        XCTAssertEqual(report2.filled.count, 2)
        XCTAssertTrue(report2.replaced.isEmpty)
        XCTAssertEqual(again.decimalCommaInUse(column: note), true)
    }

    func testUnquotedCommaListQuotesOnlyWhatNeedsIt() throws {
        let l = try list("id,name,grade\n1,A,\n2,B,\n")
        let (data, _) = l.fill(
            idColumn: 0, gradeColumn: 2, entries: ["1": .init(value: "1.7"), "2": .init(value: "2,3")])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "id,name,grade\n1,A,1.7\n2,B,\"2,3\"\n")
        XCTAssertNil(l.decimalCommaInUse(column: 2))
    }

    func testBOMCRAndUnknownColumnsAreKept() throws {
        let text = "\u{FEFF}\"ID\";\"x\";\"Grade\";\"y\"\r\"7\";\"a;b\";\"\";\"\"\"q\"\"\"\r"
        let l = try list(text)
        let (data, report) = l.fill(idColumn: 0, gradeColumn: 2, entries: ["7": .init(value: "1,0")])
        XCTAssertEqual(
            String(decoding: data, as: UTF8.self),
            "\u{FEFF}\"ID\";\"x\";\"Grade\";\"y\"\r\"7\";\"a;b\";\"1,0\";\"\"\"q\"\"\"\r")
        XCTAssertEqual(report.filled.count, 1)
    }

    func testReplacedAndLeadingZerosAndShortRows() throws {
        let l = try list("Matrikelnummer;Note\n3705521;2,0\n0999;\n42\n")
        let (data, report) = l.fill(
            idColumn: 0, gradeColumn: 1,
            entries: [
                "03705521": .init(value: "1,7"), "999": .init(value: "1,0"), "42": .init(value: "3,0"),
            ])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "Matrikelnummer;Note\n3705521;1,7\n0999;1,0\n42\n")
        XCTAssertEqual(
            report.replaced.map(\.detail), ["2,0 → 1,7 (matched 3705521 as 03705521, ignoring leading zeros)"])
        XCTAssertEqual(report.filled.map(\.id), ["999"])
        XCTAssertEqual(report.shortRows.map(\.id), ["42"])
    }

    func testUnterminatedQuoteIsAnError() {
        XCTAssertThrowsError(try list("a;b\n\"1;2\n")) { error in
            XCTAssertEqual((error as? InputError)?.line, 2)
        }
    }

    /// Refused for being UTF-16 (either byte order), and said so with what to do instead: a list
    /// that cannot be filled in byte for byte must not fail with some other, unrelated error.
    func testUTF16IsRefused() {
        let lists: [[UInt8]] = [[0xFF, 0xFE, 0x61, 0x00, 0x3B, 0x00], [0xFE, 0xFF, 0x00, 0x61, 0x00, 0x3B]]
        for bytes in lists {
            XCTAssertThrowsError(try RegistrationList(data: Data(bytes), file: "r.csv")) { error in
                guard let error = error as? InputError else { return XCTFail("not an InputError: \(error)") }
                XCTAssertEqual(error.file, "r.csv")
                XCTAssertEqual(error.line, 1)
                XCTAssertTrue(error.message.hasPrefix("the list is UTF-16;"), error.message)
                XCTAssertEqual(error.hint, "export the list again as CSV in UTF-8 or Windows-1252")
            }
        }
    }
}
