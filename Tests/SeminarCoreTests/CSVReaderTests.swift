import XCTest

@testable import SeminarCore

final class CSVReaderTests: XCTestCase {
    func parse(_ text: String, delimiter: Character = ",") throws -> [[String]] {
        try CSVReader(delimiter: delimiter).parse(text, file: "t.csv").map(\.values)
    }

    func testQuotedDelimitersQuotesAndNewlines() throws {
        let rows = try parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n")
        XCTAssertEqual(rows, [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "z"]])
    }

    func testLineEndingsCRLFAndCRAndMissingFinalNewline() throws {
        XCTAssertEqual(try parse("a;b\r\n1;2\r\n", delimiter: ";"), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(try parse("a,b\r1,2"), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(try parse("a,b\n1,"), [["a", "b"], ["1", ""]])
    }

    func testByteOrderMarkIsDropped() throws {
        XCTAssertEqual(try parse("\u{FEFF}id,name\n1,x\n")[0], ["id", "name"])
    }

    func testRecordsKnowTheirLinesAcrossQuotedNewlines() throws {
        let records = try CSVReader(delimiter: ",").parse("h1,h2\n\"a\nb\",c\n\nd,e\n", file: "t.csv")
        XCTAssertEqual(records.map(\.line), [1, 2, 4, 5])
        XCTAssertTrue(records[2].isBlank)
        XCTAssertEqual(records[3].fields[1].column, 3)
    }

    func testUnterminatedQuoteIsAnErrorAtTheOpeningQuote() {
        XCTAssertThrowsError(try parse("a,b\n1,\"open\n2,3\n")) { error in
            let e = error as! InputError
            XCTAssertEqual(e.line, 2)
            XCTAssertEqual(e.column, 3)
            XCTAssertTrue(e.message.contains("never closed"))
        }
    }

    func testJunkAfterClosingQuoteIsAnError() {
        XCTAssertThrowsError(try parse("a\n\"x\"y\n")) { error in
            XCTAssertEqual((error as! InputError).line, 2)
        }
    }

    /// Excel's `sep=;` first line (written for Excel by many export tools) names the delimiter;
    /// it was taken for the header ("no id column in the header (sep=, )").
    func testExcelSepLine() throws {
        let t = try CSVTable.parse(text: "sep=;\r\nid;name;email\r\n0001;A, B;a@x.de\r\n", file: "f.csv")
        XCTAssertEqual(t.header.values, ["id", "name", "email"])
        XCTAssertEqual(t.header.line, 2)
        XCTAssertEqual(t.rows.map(\.values), [["0001", "A, B", "a@x.de"]])
        XCTAssertEqual(t.rows.first?.line, 3)
    }

    func testDelimiterDetection() {
        XCTAssertEqual(CSVReader.detectDelimiter(in: "Matrikelnummer;Name;E-Mail\n1;2;3"), ";")
        XCTAssertEqual(CSVReader.detectDelimiter(in: "id,name,email"), ",")
        XCTAssertEqual(CSVReader.detectDelimiter(in: "\"a;b\",c,d"), ",")
        XCTAssertEqual(CSVReader.detectDelimiter(in: "id\tname"), "\t")
        XCTAssertEqual(CSVReader.detectDelimiter(in: "id"), ",")
    }

    func testWriterQuotesOnlyWhenNeededAndRoundTrips() throws {
        let w = CSVWriter()
        XCTAssertEqual(w.row(["plain", "a,b", "q\"q", "multi\nline"]), "plain,\"a,b\",\"q\"\"q\",\"multi\nline\"\n")
        let values = ["Müller, Jonas", "\"quoted\"", " lead", "x;y"]
        XCTAssertEqual(try parse(w.row(values)).first, values)
    }

    /// Found by the CSV fuzz target (Fuzz/, docs/security.md): a NUL inside a quoted field is read,
    /// but the writer left the cell unquoted and the reader refused it; a first cell starting
    /// with U+FEFF lost it to the byte-order mark rule.
    func testWriterQuotesWhatTheReaderWouldNotReadBackAsWritten() throws {
        let w = CSVWriter()
        let nul = ["03698\0121", "x"]
        XCTAssertEqual(w.row(nul), "\"03698\0121\",x\n")
        XCTAssertEqual(try parse(w.row(nul)).first, nul)
        let bom = ["\u{FEFF}id", "name"]
        XCTAssertEqual(try parse(w.row(bom)).first, bom)
    }

    func testFormulaNeutralising() {
        XCTAssertEqual(CSVWriter.neutralizeFormula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")")
        XCTAssertEqual(CSVWriter.neutralizeFormula("+49 89"), "'+49 89")
        XCTAssertEqual(CSVWriter.neutralizeFormula("@SUM(A1)"), "'@SUM(A1)")
        XCTAssertEqual(CSVWriter.neutralizeFormula("\tx"), "'\tx")
        XCTAssertEqual(CSVWriter.neutralizeFormula("-1.5"), "-1.5")
        XCTAssertEqual(CSVWriter.neutralizeFormula("Anna"), "Anna")
    }
}

final class TextDecodingTests: XCTestCase {
    func testUTF8WithAndWithoutBOM() throws {
        let plain = try TextDecoding.decode(Data("Müller".utf8), file: "f")
        XCTAssertEqual(plain.text, "Müller")
        XCTAssertEqual(plain.encoding, .utf8)
        let bom = try TextDecoding.decode(Data([0xEF, 0xBB, 0xBF] + Array("Weiß".utf8)), file: "f")
        XCTAssertEqual(bom.text, "Weiß")
        XCTAssertTrue(bom.hadByteOrderMark)
    }

    func testWindows1252IsDetectedNotMojibake() throws {
        // "Tomáš Müller" in Windows-1252: š is 0x9A, where Latin-1 has a control character.
        let bytes: [UInt8] = [0x54, 0x6F, 0x6D, 0xE1, 0x9A, 0x20, 0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]
        let decoded = try TextDecoding.decode(Data(bytes), file: "f")
        XCTAssertEqual(decoded.text, "Tomáš Müller")
        XCTAssertEqual(decoded.encoding, .windows1252)
    }

    func testExplicitEncodingWins() throws {
        let decoded = try TextDecoding.decode(Data([0x4D, 0xFC]), file: "f", encoding: .latin1)
        XCTAssertEqual(decoded.text, "Mü")
        XCTAssertThrowsError(try TextDecoding.decode(Data([0x4D, 0xFC]), file: "f", encoding: .utf8))
    }

    func testBinaryIsRefusedWithAPosition() {
        XCTAssertThrowsError(try TextDecoding.decode(Data([0x50, 0x4B, 0x03, 0x04, 0x0A, 0x00]), file: "f")) { error in
            let e = error as! InputError
            XCTAssertEqual(e.line, 2)
            XCTAssertEqual(e.column, 1)
        }
    }

    func testBOMButBrokenUTF8NamesTheLine() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a\nb\n".utf8) + [0xFC, 0x0A]
        XCTAssertThrowsError(try TextDecoding.decode(Data(bytes), file: "f")) { error in
            XCTAssertEqual((error as! InputError).line, 3)
        }
    }

    func testEncodingNames() {
        XCTAssertEqual(TextEncoding(name: "cp1252"), .windows1252)
        XCTAssertEqual(TextEncoding(name: "UTF8"), .utf8)
        XCTAssertEqual(TextEncoding(name: "ISO-8859-1"), .latin1)
        XCTAssertNil(TextEncoding(name: "ebcdic"))
    }

    /// UTF-16 without a byte-order mark (some exporters write it): read, not refused as binary;
    /// `--encoding utf-16` was accepted but the NUL check refused the file before it was used.
    func testUTF16WithoutByteOrderMark() throws {
        let text = "Matrikelnummer\tName\r\n03705521\tLinnea Bergström\r\n11768832\tȘtefan Drăgulescu\r\n"
        let le = text.data(using: .utf16LittleEndian)!
        let be = text.data(using: .utf16BigEndian)!
        XCTAssertNotEqual(le.prefix(2), Data([0xFF, 0xFE]))
        for data in [le, be] {
            let detected = try TextDecoding.decode(data, file: "f")
            XCTAssertEqual(detected.text, text)
            XCTAssertEqual(detected.encoding, .utf16)
            XCTAssertEqual(try TextDecoding.decode(data, file: "f", encoding: .utf16).text, text)
        }
        XCTAssertEqual(TextEncoding(name: "UTF-16LE"), .utf16)
        // Real binary junk is still refused.
        XCTAssertThrowsError(
            try TextDecoding.decode(Data([0x50, 0x4B, 0x03, 0x04, 0x0A, 0x00, 0x00, 0x00, 0x08, 0x00]), file: "f"))
    }
}
