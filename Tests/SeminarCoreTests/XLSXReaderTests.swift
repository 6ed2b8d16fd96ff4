import Foundation
import XCTest
import ZIPFoundation

@testable import SeminarCore

/// Builds small .xlsx packages in memory, the XML written by hand the way Excel writes it.
struct XLSXFixture {
    var sheets: [(name: String, xml: String)]
    /// The `<si>` elements of xl/sharedStrings.xml; nil leaves the part out.
    var sharedStrings: [String]?
    /// The inside of `<styleSheet>`; nil leaves the part out.
    var styles: String?
    var workbookProperties = ""
    /// Where the workbook relationships point at the sheets: relative, or absolute (`/xl/...`).
    var absoluteTargets = false

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    init(sheets: [(name: String, xml: String)], sharedStrings: [String]? = nil, styles: String? = nil) {
        self.sheets = sheets
        self.sharedStrings = sharedStrings
        self.styles = styles
    }

    /// A one-sheet workbook.
    init(rows: String, extra: String = "", sharedStrings: [String]? = nil, styles: String? = nil) {
        self.init(
            sheets: [("Sheet1", XLSXFixture.worksheet(rows: rows, extra: extra))],
            sharedStrings: sharedStrings, styles: styles)
    }

    static func worksheet(rows: String, extra: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheetData>\(rows)</sheetData>\(extra)</worksheet>"
    }

    /// Styles whose cellXfs have these number formats, with these custom formats.
    static func styles(formats: [Int], custom: [Int: String] = [:]) -> String {
        let numFmts = custom.sorted { $0.key < $1.key }
            .map { "<numFmt numFmtId=\"\($0.key)\" formatCode=\"\(escape($0.value))\"/>" }.joined()
        let xfs = formats.map {
            "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        }.joined()
        // The cellStyleXfs and dxfs must not be taken for cell formats.
        return "<numFmts count=\"\(custom.count)\">\(numFmts)</numFmts>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"22\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"\(formats.count)\">\(xfs)</cellXfs>"
            + "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"165\" formatCode=\"yyyy\"/></dxf></dxfs>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
    }

    func parts() -> [(String, String)] {
        var parts: [(String, String)] = []
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        parts.append(
            (
                "[Content_Types].xml",
                header
                    + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
            ))
        parts.append(
            (
                "_rels/.rels",
                header
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(XLSXFixture.relationships)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ))
        let sheetList = sheets.enumerated().map {
            "<sheet name=\"\(XLSXFixture.escape($1.name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>"
        }.joined()
        parts.append(
            (
                "xl/workbook.xml",
                header
                    + "<workbook xmlns=\"\(XLSXFixture.main)\" xmlns:r=\"\(XLSXFixture.relationships)\">\(workbookProperties)<sheets>\(sheetList)</sheets></workbook>"
            ))
        var rels = sheets.indices.map { i in
            "<Relationship Id=\"rId\(i + 1)\" Type=\"\(XLSXFixture.relationships)/worksheet\" Target=\"\(absoluteTargets ? "/xl/" : "")worksheets/sheet\(i + 1).xml\"/>"
        }
        for (i, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", sheet.xml)) }
        if let sharedStrings {
            rels.append(
                "<Relationship Id=\"rId100\" Type=\"\(XLSXFixture.relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            )
            parts.append(
                (
                    "xl/sharedStrings.xml",
                    header
                        + "<sst xmlns=\"\(XLSXFixture.main)\" count=\"\(sharedStrings.count)\" uniqueCount=\"\(sharedStrings.count)\">\(sharedStrings.joined())</sst>"
                ))
        }
        if let styles {
            rels.append(
                "<Relationship Id=\"rId101\" Type=\"\(XLSXFixture.relationships)/styles\" Target=\"styles.xml\"/>")
            parts.append(("xl/styles.xml", header + "<styleSheet xmlns=\"\(XLSXFixture.main)\">\(styles)</styleSheet>"))
        }
        parts.append(
            (
                "xl/_rels/workbook.xml.rels",
                header
                    + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels.joined())</Relationships>"
            ))
        return parts
    }

    func data() throws -> Data {
        try XLSXFixture.zip(parts())
    }

    static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }
}

final class XLSXReaderTests: XCTestCase {

    func read(_ fixture: XLSXFixture, sheet: String? = nil) throws -> [[String]] {
        try XLSXReader.read(fixture.data(), file: "form.xlsx", sheet: sheet).records.map(\.values)
    }

    func readError(_ data: Data, sheet: String? = nil) -> InputError? {
        do {
            _ = try XLSXReader.read(data, file: "form.xlsx", sheet: sheet)
            return nil
        } catch {
            return error
        }
    }

    func cell(_ ref: String, _ value: String, type: String? = nil, style: Int? = nil) -> String {
        let t = type.map { " t=\"\($0)\"" } ?? ""
        let s = style.map { " s=\"\($0)\"" } ?? ""
        return "<c r=\"\(ref)\"\(s)\(t)><v>\(value)</v></c>"
    }

    // MARK: Strings

    func testSharedStringsWithRichRunsPhoneticsAndEscapes() throws {
        let strings = [
            "<si><t>plain</t></si>",
            "<si><r><rPr><b/><sz val=\"11\"/></rPr><t>Bold</t></r><r><t xml:space=\"preserve\"> and plain </t></r></si>",
            "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh><phoneticPr fontId=\"1\"/></si>",
            "<si><t>two_x000D_\nlines &amp; &lt;tags&gt; snake_case _x005F_x0041_</t></si>",
        ]
        let rows =
            "<row r=\"1\">" + (0..<4).map { cell("\(["A", "B", "C", "D"][$0])1", "\($0)", type: "s") }.joined()
            + "</row>"
        XCTAssertEqual(
            try read(XLSXFixture(rows: rows, sharedStrings: strings)),
            [["plain", "Bold and plain ", "漢字", "two\nlines & <tags> snake_case _x0041_"]])
    }

    func testInlineStringsPlainAndRich() throws {
        let rows = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>inline</t></is></c>\
            <c r="B1" t="inlineStr"><is><r><t>ri</t></r><r><rPr><i/></rPr><t>ch</t></r><rPh><t>x</t></rPh></is></c></row>
            """
        XCTAssertEqual(try read(XLSXFixture(rows: rows)), [["inline", "rich"]])
    }

    func testBadSharedStringIndexNamesTheCell() throws {
        let data = try XLSXFixture(
            rows: "<row r=\"7\">" + cell("C7", "5", type: "s") + "</row>", sharedStrings: ["<si><t>a</t></si>"]
        ).data()
        let error = try XCTUnwrap(readError(data))
        XCTAssertEqual(error.line, 7)
        XCTAssertEqual(error.column, 3)
        XCTAssertTrue(error.message.contains("cell C7"), error.message)
    }

    // MARK: Numbers

    func testNumbersPrintAsTyped() throws {
        let values = [
            "3705521", "1.3", "1.30", "1.3000000000000003", "0.30000000000000004", "-2.5", "123456789012345", "1E-3",
            "42.0", "-0",
        ]
        let rows =
            "<row r=\"1\">" + values.enumerated().map { cell(XLSXReader.cellName(column: $0 + 1, row: 1), $1) }.joined()
            + "</row>"
        XCTAssertEqual(
            try read(XLSXFixture(rows: rows)),
            [["3705521", "1.3", "1.3", "1.3", "0.3", "-2.5", "123456789012345", "0.001", "42", "0"]])
    }

    func testNumberText() {
        XCTAssertEqual(XLSXNumberFormat.numberText(0.1 + 0.2), "0.3")
        XCTAssertEqual(XLSXNumberFormat.numberText(1234.5678), "1234.5678")
        XCTAssertEqual(XLSXNumberFormat.numberText(999_999_999_999_999), "999999999999999")
        XCTAssertEqual(XLSXNumberFormat.numberText(1e20), "1e+20")
        XCTAssertEqual(XLSXNumberFormat.numberText(0.000012), "1.2e-05")
        let texts = [
            "0": "0", "-0": "0", "0.5": "0.5", "-0.25": "-0.25", "00": "0", "01.50": "1.5", "1.": "1",
            "1.30": "1.3", "12.000": "12", "1E3": "1000", "2.5E-3": "0.0025", "1234567890.12345": "1234567890.12345",
            "1234567890.123456": "1234567890.12346", "0.1000000000000000055": "0.1", "abc": "abc",
        ]
        for (text, expected) in texts {
            XCTAssertEqual(XLSXNumberFormat.numberText(text), expected, text)
        }
    }

    // MARK: Dates

    func testBuiltInDateFormats() throws {
        let styles = XLSXFixture.styles(formats: [0, 22, 14, 20, 46])
        let rows =
            "<row r=\"1\">" + cell("A1", "45507.42733796296", style: 1) + cell("B1", "45507", style: 2)
            + cell("C1", "45507.5", style: 2) + cell("D1", "0.4375", style: 3) + cell("E1", "1.5", style: 4)
            + cell("F1", "45507.42733796296", style: 0) + cell("G1", "45507", style: 1) + "</row>"
        XCTAssertEqual(
            try read(XLSXFixture(rows: rows, styles: styles)),
            [
                [
                    "2024-08-03 10:15:22", "2024-08-03", "2024-08-03 12:00:00", "10:30:00", "36:00:00",
                    "45507.427337963", "2024-08-03 00:00:00",
                ]
            ])
    }

    func testCustomDateFormatAndNumberFormats() throws {
        let custom = [164: "dd.mm.yyyy hh:mm", 165: "0.00", 166: "[Red]0", 167: "#,##0 \"Punkte\"", 168: "yyyy-mm-dd"]
        let styles = XLSXFixture.styles(formats: [0, 164, 165, 166, 167, 168], custom: custom)
        let rows =
            "<row r=\"1\">" + cell("A1", "45507.42733796296", style: 1) + cell("B1", "1.3", style: 2)
            + cell("C1", "45507", style: 3) + cell("D1", "12", style: 4) + cell("E1", "45507", style: 5) + "</row>"
        XCTAssertEqual(
            try read(XLSXFixture(rows: rows, styles: styles)),
            [["2024-08-03 10:15:22", "1.3", "45507", "12", "2024-08-03"]])
    }

    func testDateKindOfFormatCodes() {
        let cases: [(String, XLSXNumberFormat.DateKind?)] = [
            ("General", nil), ("0.00", nil), ("[Red]0", nil), ("0.00E+00", nil), ("#,##0 \"days\"", nil),
            ("@", nil), ("[$€-407] #,##0.00", nil), ("0\\h", nil), ("[>=100]0;0.0", nil),
            ("dd.mm.yyyy", .date), ("mmm yy", .date), ("[$-407]dddd, d. mmmm yyyy", .date), ("YYYY-MM-DD", .date),
            ("dd.mm.yyyy hh:mm", .dateTime), ("m/d/yy h:mm AM/PM", .dateTime),
            ("h:mm", .time), ("mm:ss", .time), ("h:mm AM/PM", .time), ("hh\"h\"mm", .time),
            ("[h]:mm", .elapsed), ("[mm]:ss", .elapsed),
        ]
        for (code, kind) in cases {
            XCTAssertEqual(XLSXNumberFormat.dateKind(code: code), kind, code)
        }
    }

    func testDate1904() throws {
        var fixture = XLSXFixture(
            rows: "<row r=\"1\">" + cell("A1", "44045.42733796296", style: 1) + cell("B1", "0", style: 2) + "</row>",
            styles: XLSXFixture.styles(formats: [0, 22, 14]))
        fixture.workbookProperties = "<workbookPr date1904=\"1\"/>"
        XCTAssertEqual(try read(fixture), [["2024-08-03 10:15:22", "1904-01-01"]])
    }

    func testEarly1900SerialsFollowExcel() {
        XCTAssertEqual(XLSXNumberFormat.dateText(serial: 1, kind: .date, date1904: false), "1900-01-01")
        XCTAssertEqual(XLSXNumberFormat.dateText(serial: 61, kind: .date, date1904: false), "1900-03-01")
        XCTAssertEqual(XLSXNumberFormat.dateText(serial: 2_958_465, kind: .date, date1904: false), "9999-12-31")
        XCTAssertNil(XLSXNumberFormat.dateText(serial: -1, kind: .date, date1904: false))
    }

    // MARK: Other cell types

    func testBooleansErrorsAndFormulas() throws {
        let rows = """
            <row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#N/A</v></c>\
            <c r="D1"><f>SUM(1,2)</f><v>3</v></c><c r="E1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>\
            <c r="F1"><f>NOW()</f></c><c r="G1" t="d"><v>2024-08-03T10:15:22.000Z</v></c><c r="H1" t="b"><f>TRUE()</f><v>1</v></c></row>
            """
        XCTAssertEqual(
            try read(XLSXFixture(rows: rows)),
            [["TRUE", "FALSE", "#N/A", "3", "ab", "", "2024-08-03 10:15:22", "TRUE"]])
    }

    // MARK: Layout

    func testGapsAreEmptyAndMissingRowsAreLeftOut() throws {
        let rows =
            "<row r=\"1\">" + cell("A1", "1") + cell("C1", "3") + "</row>"
            + "<row r=\"4\">" + cell("B4", "5") + "<c r=\"F4\" s=\"0\"/></row>"
            + "<row r=\"6\" customHeight=\"1\"/>"
        let result = try XLSXReader.read(XLSXFixture(rows: rows).data(), file: "f.xlsx", sheet: nil)
        XCTAssertEqual(result.sheet, "Sheet1")
        XCTAssertEqual(result.records.map(\.values), [["1", "", "3"], ["", "5", ""], ["", "", ""]])
        XCTAssertEqual(result.records.map(\.line), [1, 4, 6])
        XCTAssertTrue(result.records[2].isBlank)
        let field = result.records[1].fields[1]
        XCTAssertEqual([field.line, field.column], [4, 2])
    }

    func testCellsAndRowsWithoutReferencesFollowTheirPredecessors() throws {
        let rows =
            "<row><c><v>1</v></c><c><v>2</v></c><c r=\"E1\"><v>5</v></c><c><v>6</v></c></row><row><c><v>7</v></c></row>"
        let records = try XLSXReader.read(XLSXFixture(rows: rows).data(), file: "f.xlsx", sheet: nil).records
        XCTAssertEqual(records.map(\.values), [["1", "2", "", "", "5", "6"], ["7", "", "", "", "", ""]])
        XCTAssertEqual(records.map(\.line), [1, 2])
    }

    func testMergedCellsRepeatTheTopLeftValue() throws {
        let rows =
            "<row r=\"1\">" + cell("A1", "Name", type: "str") + cell("B1", "Points", type: "str")
            + "<c r=\"C1\"/><c r=\"D1\"/>"
            + cell("E1", "Note", type: "str") + "</row>"
            + "<row r=\"2\">" + cell("A2", "Ann", type: "str") + cell("B2", "1") + cell("C2", "2") + cell("D2", "3")
            + "</row>"
            + "<row r=\"3\">" + cell("A3", "Group A", type: "str") + "</row>"
            + "<row r=\"5\">" + cell("A5", "end", type: "str") + "</row>"
        // B1:D1 a header over three columns; A3:B4 reaches into row 4, which has no XML;
        // E1:E1048576 (a whole column) stops where the sheet's XML does.
        let merges =
            "<mergeCells count=\"3\"><mergeCell ref=\"B1:D1\"/><mergeCell ref=\"A3:B4\"/><mergeCell ref=\"E1:E1048576\"/></mergeCells>"
        let records = try XLSXReader.read(XLSXFixture(rows: rows, extra: merges).data(), file: "f.xlsx", sheet: nil)
            .records
        XCTAssertEqual(
            records.map(\.values),
            [
                ["Name", "Points", "Points", "Points", "Note"],
                ["Ann", "1", "2", "3", "Note"],
                ["Group A", "Group A", "", "", "Note"],
                ["Group A", "Group A", "", "", "Note"],
                ["end", "", "", "", "Note"],
            ])
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 4, 5])
    }

    func testPrefixedElementsAndAbsoluteTargets() throws {
        let xml =
            "<x:worksheet xmlns:x=\"\(XLSXFixture.main)\"><x:sheetData><x:row r=\"2\"><x:c r=\"B2\" t=\"inlineStr\"><x:is><x:t>hi</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"
        var fixture = XLSXFixture(sheets: [("Data", xml)])
        fixture.absoluteTargets = true
        let result = try XLSXReader.read(fixture.data(), file: "f.xlsx", sheet: nil)
        XCTAssertEqual(result.records.map(\.values), [["", "hi"]])
        XCTAssertEqual(result.records.map(\.line), [2])
    }

    func testPartsAreFoundThroughTheirRelationships() throws {
        let r = XLSXFixture.relationships
        let rels = "http://schemas.openxmlformats.org/package/2006/relationships"
        let parts = [
            (
                "_rels/.rels",
                "<Relationships xmlns=\"\(rels)\"><Relationship Id=\"rId1\" Type=\"\(r)/officeDocument\" Target=\"/book/main.xml\"/></Relationships>"
            ),
            (
                "book/main.xml",
                "<workbook xmlns=\"\(XLSXFixture.main)\" xmlns:rel=\"\(r)\"><sheets><sheet name=\"Chart1\" sheetId=\"2\" rel:id=\"c\"/><sheet name=\"Data\" sheetId=\"1\" rel:id=\"w\"/><sheet name=\"Lost\" sheetId=\"3\" rel:id=\"nope\"/></sheets></workbook>"
            ),
            (
                "book/_rels/main.xml.rels",
                "<Relationships xmlns=\"\(rels)\"><Relationship Id=\"w\" Type=\"\(r)/worksheet\" Target=\"../sheets/My%20Sheet.xml\"/><Relationship Id=\"c\" Type=\"\(r)/chartsheet\" Target=\"charts/c.xml\"/></Relationships>"
            ),
            (
                "sheets/My Sheet.xml",
                XLSXFixture.worksheet(rows: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>found</t></is></c></row>")
            ),
        ]
        let data = try XLSXFixture.zip(parts)
        XCTAssertEqual(try XLSXReader.sheetNames(data, file: "f.xlsx"), ["Chart1", "Data", "Lost"])
        XCTAssertEqual(try XLSXReader.read(data, file: "f.xlsx", sheet: "Data").records.map(\.values), [["found"]])
        XCTAssertEqual(readError(data)?.message, "sheet \"Chart1\" is a chart or dialog sheet, not a worksheet")
        XCTAssertEqual(
            readError(data, sheet: "Lost")?.message, "the file is not a valid .xlsx: sheet \"Lost\" has no part")
    }

    func testAThousandRowsOfSixtyColumns() throws {
        let rows = (1...1000).map { r in
            "<row r=\"\(r)\">"
                + (1...60).map { c in cell(XLSXReader.cellName(column: c, row: r), "\(r * 100 + c)") }.joined()
                + "</row>"
        }.joined()
        let records = try XLSXReader.read(XLSXFixture(rows: rows).data(), file: "f.xlsx", sheet: nil).records
        XCTAssertEqual(records.count, 1000)
        XCTAssertTrue(records.allSatisfy { $0.fields.count == 60 })
        XCTAssertEqual(records[999].fields[59].value, "100060")
    }

    // MARK: Sheets

    func testSheetSelectionAndUnknownSheet() throws {
        let fixture = XLSXFixture(sheets: [
            ("Responses", XLSXFixture.worksheet(rows: "<row r=\"1\">" + cell("A1", "1") + "</row>")),
            ("Summary & Notes", XLSXFixture.worksheet(rows: "<row r=\"1\">" + cell("A1", "2") + "</row>")),
        ])
        let data = try fixture.data()
        XCTAssertEqual(try XLSXReader.sheetNames(data, file: "f.xlsx"), ["Responses", "Summary & Notes"])
        XCTAssertEqual(try XLSXReader.read(data, file: "f.xlsx", sheet: nil).records[0].values, ["1"])
        let second = try XLSXReader.read(data, file: "f.xlsx", sheet: "summary & notes")
        XCTAssertEqual(second.sheet, "Summary & Notes")
        XCTAssertEqual(second.records[0].values, ["2"])
        let error = try XCTUnwrap(readError(data, sheet: "Sheet1"))
        XCTAssertTrue(error.message.contains("no sheet named \"Sheet1\""), error.message)
        XCTAssertTrue(error.message.contains("\"Responses\", \"Summary & Notes\""), error.message)
    }

    func testCellName() {
        XCTAssertEqual(XLSXReader.cellName(column: 3, row: 7), "C7")
        XCTAssertEqual(XLSXReader.cellName(column: 26, row: 1), "Z1")
        XCTAssertEqual(XLSXReader.cellName(column: 27, row: 1), "AA1")
        XCTAssertEqual(XLSXReader.cellName(column: 16_384, row: 1_048_576), "XFD1048576")
        XCTAssertEqual(XLSXReader.parseCellReference("$AB$12")?.column, 28)
        XCTAssertNil(XLSXReader.parseCellReference("12A"))
    }

    // MARK: Errors

    func testNotAZipDamagedZipAndPasswordProtected() throws {
        XCTAssertFalse(XLSXReader.looksLikeZip(Data("id,name\n".utf8)))
        XCTAssertEqual(readError(Data("id,name\n".utf8))?.message, "the file is not a valid .xlsx (a damaged ZIP)")
        XCTAssertEqual(readError(Data("id,name\n".utf8))?.hint, "save it again from Excel, or export as CSV")
        let good = try XLSXFixture(rows: "").data()
        XCTAssertTrue(XLSXReader.looksLikeZip(good))
        XCTAssertEqual(readError(good.prefix(good.count / 2))?.message, "the file is not a valid .xlsx (a damaged ZIP)")
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
        XCTAssertEqual(readError(ole)?.message, "the file is password-protected or an old .xls")
        XCTAssertEqual(readError(ole)?.hint, "save it as .xlsx without a password, or as CSV")
    }

    /// The bytes of a file in the repository, by its path from the root.
    static func repositoryFile(_ path: String) throws -> Data {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return try Data(contentsOf: url.appendingPathComponent(path))
    }

    /// Little-endian field surgery on an archive, for damaged directories.
    static func patched(_ data: Data, at offset: Int, _ value: UInt64, bytes: Int) -> Data {
        var d = data
        for i in 0..<bytes { d[d.startIndex + offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        return d
    }

    func testDirectoriesThatPointOutsideTheFileAreADamagedZip() throws {
        // ZIPFoundation's in-memory reader trapped (SIGILL, exit 132) once an offset had sent
        // it past the end of the data; found by `make fuzz` (docs/security.md).
        let good = try XLSXFixture(rows: "<row r=\"1\">\(cell("A1", "x", type: "str"))</row>").data()
        let eocd = try XCTUnwrap(good.lastRange(of: Data([0x50, 0x4B, 0x05, 0x06]))).lowerBound
        let start = Int(good[eocd + 16]) | Int(good[eocd + 17]) << 8 | Int(good[eocd + 18]) << 16
        // The directory entry of a part the reader inflates: the workbook.
        let name = try XCTUnwrap(good.range(of: Data("xl/workbook.xml".utf8), in: start..<eocd)).lowerBound
        let directory = name - 46
        XCTAssertEqual(good[directory..<directory + 4], Data([0x50, 0x4B, 0x01, 0x02]))
        let damaged: [(String, Data)] = [
            ("a local header offset past the end", Self.patched(good, at: directory + 42, 0x7FFF_FFF0, bytes: 4)),
            ("a directory offset past the end", Self.patched(good, at: eocd + 16, 0x7FFF_FFF0, bytes: 4)),
            ("a directory larger than the file", Self.patched(good, at: eocd + 12, 0x7FFF_FFF0, bytes: 4)),
            ("more entries than the directory holds", Self.patched(good, at: eocd + 10, 0xFFFE, bytes: 2)),
            ("a compressed size past the end", Self.patched(good, at: directory + 20, 0x7FFF_FFF0, bytes: 4)),
            ("a name running past the directory", Self.patched(good, at: directory + 28, 0xFFFF, bytes: 2)),
            ("ZIP64 values without a ZIP64 record", Self.patched(good, at: directory + 42, 0xFFFF_FFFF, bytes: 4)),
            ("a deflate stream cut short", Self.patched(good, at: directory + 20, 5, bytes: 4)),
        ]
        for (what, data) in damaged {
            XCTAssertEqual(readError(data)?.message, "the file is not a valid .xlsx (a damaged ZIP)", what)
        }
        // The fuzzers' two reproducers: the fixture workbook with one directory offset set to
        // 0x7FFFFFF0 (ZIPFoundation trapped), and with five bytes of a deflated part changed
        // so that the stream runs to the end of the file (ZIPFoundation inflated for ever).
        for known in ["offset-past-end.xlsx", "inflate-hang.xlsx"] {
            let data = try Self.repositoryFile("Tests/Fixtures/xlsx/" + known)
            XCTAssertEqual(readError(data)?.message, "the file is not a valid .xlsx (a damaged ZIP)", known)
        }
    }

    func testAZIP64PackageReadsLikeTheOrdinaryOne() throws {
        // `zip -fz` (Info-ZIP) of the Microsoft Forms fixture's parts: ZIP64 end records,
        // extended fields in every header, and directory entries.
        let zip64 = try Self.repositoryFile("Tests/Fixtures/xlsx/msforms-ranking-zip64.xlsx")
        XCTAssertNotNil(zip64.range(of: Data([0x50, 0x4B, 0x06, 0x06])), "a ZIP64 end of central directory")
        let plain = try Self.repositoryFile("Fixtures/forms/msforms-ranking.xlsx")
        let a = try XLSXReader.read(zip64, file: "z.xlsx", sheet: nil)
        let b = try XLSXReader.read(plain, file: "p.xlsx", sheet: nil)
        XCTAssertEqual(a.sheet, b.sheet)
        XCTAssertEqual(a.records.map(\.values), b.records.map(\.values))
        XCTAssertGreaterThan(a.records.count, 3)
    }

    func testMissingPartsAndMalformedXML() throws {
        let notAWorkbook = try XLSXFixture.zip([("word/document.xml", "<document/>")])
        let missing = try XCTUnwrap(readError(notAWorkbook))
        XCTAssertTrue(missing.message.contains("xl/workbook.xml is missing"), missing.message)

        for xml in [
            "<worksheet><sheetData><row r=\"1\"></sheetData></worksheet>", "<worksheet><sheetData>", "",
            "<worksheet/><x/>",
        ] {
            let broken = XLSXFixture(sheets: [("Sheet1", xml)])
            let malformed = try XCTUnwrap(readError(try broken.data()), xml)
            XCTAssertTrue(
                malformed.message.hasPrefix("malformed XML in the part xl/worksheets/sheet1.xml at line 1"),
                malformed.message)
        }
    }

    /// Found by the .xlsx fuzz target (Fuzz/, docs/security.md): a part whose XML declaration
    /// names UTF-7 (or windows-1252, UTF-32, ISO-2022-JP...) crashed libxml2 inside
    /// Foundation's XMLParser. An .xlsx part is UTF-8 or UTF-16; others are refused first.
    func testPartsInEncodingsOtherThanUTF8OrUTF16AreRefused() throws {
        for encoding in ["UTF-7", "windows-1252", "UTF-32"] {
            let rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Ýß«</t></is></c></row>"
            let xml = XLSXFixture.worksheet(rows: rows).replacingOccurrences(of: "UTF-8", with: encoding)
            let error = try XCTUnwrap(readError(try XLSXFixture(sheets: [("Sheet1", xml)]).data()), encoding)
            XCTAssertEqual(
                error.message,
                "the part xl/worksheets/sheet1.xml declares the encoding \(encoding.lowercased()); an .xlsx part is UTF-8 or UTF-16"
            )
        }
        let utf16 = XLSXFixture.worksheet(rows: "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t></is></c></row>")
            .replacingOccurrences(of: "UTF-8", with: "UTF-16")
        var parts = XLSXFixture(rows: "").parts().filter { $0.0 != "xl/worksheets/sheet1.xml" }
        parts.append(("xl/worksheets/sheet1.xml", ""))
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let bytes =
                path.hasPrefix("xl/worksheets/")
                ? Data([0xFF, 0xFE]) + utf16.data(using: .utf16LittleEndian)! : Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count)) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        XCTAssertEqual(
            try XLSXReader.read(archive.data!, file: "form.xlsx", sheet: nil).records.map(\.values), [["id"]])
    }

    /// Found by the .xlsx fuzz target in its 10-minute run: a workbook part starting with a UTF-16
    /// byte-order mark and holding text invalid in UTF-16 made libxml2 crash (SIGSEGV) as the
    /// declared encodings above did. libxml2 now gets UTF-8 only; UTF-16 is converted first.
    func testPartsInvalidInUTF16AreRefusedNotCrashedOn() throws {
        let part = Data([
            0xFE, 0xFF, 0xFF, 0xFF, 0x14, 0x3F, 0x78, 0x6D, 0x6C, 0x20, 0x76, 0xB9, 0x28, 0x76, 0xBD, 0x8F, 0x2A, 0x53,
            0x5C, 0xD4, 0xD0, 0xA5, 0xE4, 0x1F, 0x11, 0xA3, 0xE9, 0x78, 0xA2, 0x58, 0x88, 0x67, 0x97, 0x7F, 0x1A, 0x09,
            0x13, 0xA5, 0xFC, 0x0C, 0x2D, 0x7A, 0x32, 0x03, 0xB5, 0x8C, 0x9B, 0xB2, 0xBC, 0xC7, 0xF0, 0x9B, 0x01, 0xD5,
            0x82, 0xA9, 0xF6, 0x56, 0x43, 0xD8, 0xDB, 0x3B, 0x50, 0xF5, 0xC9, 0xF3, 0x35, 0x6C, 0x69, 0x9A, 0xDE, 0xF0,
            0x93, 0x98, 0xC3, 0xC4, 0x2E, 0x9D, 0x69, 0x81, 0x3C, 0x27, 0x76, 0x96, 0xED, 0xCA, 0x87, 0x5C, 0x1F, 0x52,
            0x9F, 0xA7, 0x51, 0x35, 0x85, 0x96, 0x93, 0x06, 0x2B, 0xE6, 0x25, 0x87, 0x23, 0x92, 0xF7, 0x00, 0x50, 0x4B,
            0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x45, 0x46, 0x03, 0x9E, 0x37, 0xDA, 0x5C, 0x00, 0x00, 0x21,
            0x6F, 0xF4, 0xF7, 0xB4, 0x38, 0x71, 0x22, 0x4B, 0x89, 0xD0, 0x48, 0xE0, 0xCB, 0x3E, 0x65, 0x72, 0x65, 0x6E,
            0x63, 0x22, 0x31, 0x39, 0x31, 0x6F, 0x76, 0x6B, 0x62, 0x8A, 0x90, 0x6B, 0x3E,
        ])
        var parts = XLSXFixture(rows: "").parts().filter { $0.0 != "xl/workbook.xml" }
        parts.append(("xl/workbook.xml", ""))
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let bytes = path == "xl/workbook.xml" ? part : Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count)) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let error = try XCTUnwrap(readError(archive.data!))
        XCTAssertTrue(error.message.hasPrefix("the part xl/workbook.xml"), error.message)
    }

    /// Found by the .xlsx fuzz target's second 10-minute run: a processing instruction without
    /// data (`<?xm?>`) made Foundation's XMLParser call strlen on a null pointer (SIGSEGV).
    func testEmptyProcessingInstructionsAreRefusedNotCrashedOn() throws {
        let rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t></is></c></row>"
        for pi in ["<?xm?>", "<?mso-application ?>"] {
            let xml = XLSXFixture.worksheet(rows: rows).replacingOccurrences(of: "<worksheet", with: pi + "<worksheet")
            let error = try XCTUnwrap(readError(try XLSXFixture(sheets: [("Sheet1", xml)]).data()), pi)
            XCTAssertTrue(error.message.hasPrefix("the part xl/worksheets/sheet1.xml holds"), error.message)
        }
        let withData = XLSXFixture.worksheet(rows: rows)
            .replacingOccurrences(of: "<worksheet", with: "<?mso-application progid=\"Excel.Sheet\"?><worksheet")
        XCTAssertEqual(try read(XLSXFixture(sheets: [("Sheet1", withData)])), [["id"]])
    }

    func testOversizedPartsAreRefused() throws {
        let package = try XLSXPackage(data: XLSXFixture(rows: "").data(), file: "f.xlsx")
        XCTAssertNotNil(try package.part("xl/workbook.xml"))
        XCTAssertThrowsError(try package.part("xl/workbook.xml", limit: 100)) { error in
            XCTAssertTrue((error as? InputError)?.message.contains("larger than 200 MB") == true, "\(error)")
        }
    }
}
