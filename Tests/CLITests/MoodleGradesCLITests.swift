import Foundation
import XCTest

/// `grade export --into` on Moodle's files (`Tests/Fixtures/moodle-grades/`): an assignment's
/// grading worksheet in English and German, and a gradebook import file.
final class MoodleGradesCLITests: XCTestCase {
    func gradedSeminar() throws -> CLI {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["grade", "import", CLI.fixture("grades.csv")])
        return cli
    }

    /// A copy of a fixture in the test's directory, and its bytes.
    func copy(_ name: String, in cli: CLI, as target: String? = nil) throws -> (path: String, bytes: Data) {
        let source = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/moodle-grades").appendingPathComponent(name)
        let path = cli.path(target ?? name)
        try FileManager.default.copyItem(atPath: source.path, toPath: path)
        return (path, try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func read(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// The report grades of `Fixtures/grades.csv`, by the worksheet's line (Nguyen, line 10,
    /// has no ID number and is matched by e-mail).
    static let reportByLine: [Int: String] = [
        2: "1.30", 3: "1.00", 4: "1.70", 5: "2.00", 6: "5.00", 7: "2.30", 9: "1.00", 10: "2.70", 11: "3.00",
        12: "1.70", 14: "1.30", 15: "4.00", 16: "2.00", 17: "3.30", 18: "1.00", 20: "3.70", 21: "2.30",
    ]

    /// Every line of `new` named in `expected` is that line of `old` with its one `empty`
    /// stretch (the empty grade cell and its neighbours) replaced by the expected text; every
    /// other line is byte for byte the same.
    func assertOnlyGradeCellsFilled(
        _ old: Data, _ new: Data, empty: String, expected: [Int: String],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let oldLines = old.split(separator: 0x0A, omittingEmptySubsequences: false)
        let newLines = new.split(separator: 0x0A, omittingEmptySubsequences: false)
        XCTAssertEqual(oldLines.count, newLines.count, file: file, line: line)
        for (i, (a, b)) in zip(oldLines, newLines).enumerated() {
            let number = i + 1
            if let grade = expected[number] {
                let before = String(decoding: a, as: UTF8.self)
                XCTAssertEqual(before.components(separatedBy: empty).count, 2, "line \(number)", file: file, line: line)
                XCTAssertEqual(
                    Array(b), Array(before.replacingOccurrences(of: empty, with: grade).utf8), "line \(number)",
                    file: file, line: line)
            } else {
                XCTAssertEqual(Array(a), Array(b), "line \(number) changed", file: file, line: line)
            }
        }
    }

    func testReportGradesIntoTheEnglishWorksheetWithPointDecimalsFromTheMaximumGrade() throws {
        let cli = try gradedSeminar()
        let (sheet, original) = try copy("worksheet-en.csv", in: cli)
        let out = try cli.ok([
            "grade", "export", "--into", sheet, "--id-column", "ID number", "--grade-column", "Grade", "--component",
            "report",
        ]).stdout
        XCTAssertTrue(
            out.contains(
                "Decided: decimal point with two decimals, as the Maximum Grade column writes 5.00 (line 2); "
                    + "the Grade column holds no grades yet to follow"), out)
        XCTAssertTrue(
            out.contains(
                "Decided: line 10: no ID number; matched by Email address thi-lan.nguyen@tum.de → 11958014 Thi Lan Nguyen."
            ), out)
        XCTAssertTrue(
            out.contains(
                "Filled Grade with the report grade for 17 of 21 rows (utf-8, ',', decimal point, 2 decimals (1.30))"),
            out)
        XCTAssertTrue(out.contains("1 row of people not in this seminar left as it was."), out)
        XCTAssertTrue(out.contains("line 8: 03791264 Marie Lefèvre — not a student of this seminar"), out)
        XCTAssertTrue(out.contains("line 13: 11916675 Chinedu Okafor — no report grade"), out)
        XCTAssertFalse(out.contains("leading zeros"), out)
        let filled = try read(sheet)
        XCTAssertEqual(Array(filled.prefix(3)), [0xEF, 0xBB, 0xBF])
        assertOnlyGradeCellsFilled(
            original, filled, empty: ",,5.00,", expected: Self.reportByLine.mapValues { ",\($0),5.00," })

        // Filling again changes nothing; the default is the final grade.
        try cli.ok([
            "grade", "export", "--into", sheet, "--id-column", "ID number", "--grade-column", "Grade", "--component",
            "report",
        ])
        XCTAssertEqual(try read(sheet), filled)
        let final = cli.path("final.csv")
        let r = try cli.ok([
            "grade", "export", "--into",
            CLI.packageRoot.appendingPathComponent("Tests/Fixtures/moodle-grades/worksheet-en.csv").path,
            "--output", final, "--id-column", "ID number", "--grade-column", "Grade",
        ]).stdout
        XCTAssertTrue(r.contains("with the final grade for 16 of 21 rows"), r)
        let text = String(decoding: try read(final), as: UTF8.self)
        XCTAssertTrue(
            text.contains(",03705521,linnea.bergstroem@tum.de,\"Submitted for grading\",1.70,5.00,Yes,"), text)
    }

    func testReportGradesIntoTheGermanWorksheetWithTheDecimalComma() throws {
        let cli = try gradedSeminar()
        let (sheet, original) = try copy("worksheet-de.csv", in: cli)
        let out = try cli.ok([
            "grade", "export", "--into", sheet, "--id-column", "ID-Nummer", "--grade-column", "Bewertung",
            "--component", "report",
        ]).stdout
        XCTAssertTrue(
            out.contains("Decided: decimal comma with two decimals, as the Bestwertung column writes 5,00 (line 2)"),
            out)
        XCTAssertTrue(
            out.contains("Decided: line 10: no ID-Nummer; matched by E-Mail-Adresse thi-lan.nguyen@tum.de"), out)
        XCTAssertTrue(out.contains("decimal comma, 2 decimals (1,30)"), out)
        // fputcsv encloses a value with the delimiter in it, as Moodle's own "5,00".
        assertOnlyGradeCellsFilled(
            original, try read(sheet), empty: ",,\"5,00\",",
            expected: Self.reportByLine.mapValues { ",\"\($0.replacingOccurrences(of: ".", with: ","))\",\"5,00\"," })
    }

    /// A Moodle assignment out of 100 cannot take grades of 1.0–5.0: Moodle would read them as
    /// points, and its upload skips a grade above the maximum without a word. Refused before
    /// anything is written, even with --close.
    func testAScaleMismatchIsRefusedAndNothingIsWritten() throws {
        let cli = try gradedSeminar()
        let (_, original) = try copy("worksheet-en.csv", in: cli)
        for (maximum, said) in [
            ("100.00", "Moodle would read them as points out of 100.00"),
            ("1.00", "skips a grade above the maximum without a word: 18 of the 20 grades here (up to 5.0)"),
        ] {
            let sheet = cli.path("worksheet-\(maximum).csv")
            let bytes = Data(
                String(decoding: original, as: UTF8.self).replacingOccurrences(of: ",5.00,", with: ",\(maximum),").utf8)
            try bytes.write(to: URL(fileURLWithPath: sheet))
            let before = try cli.dump()
            let r = try cli.run([
                "grade", "export", "--into", sheet, "--id-column", "ID number", "--grade-column", "Grade", "--close",
            ])
            XCTAssertEqual(r.status, 65, r.stderr)
            XCTAssertTrue(
                r.stderr.contains(
                    "worksheet-\(maximum).csv:2:101: error: scale mismatch: the Maximum Grade is \(maximum), "
                        + "but the final grades are on the German scale, 1.0 to 5.0"), r.stderr)
            XCTAssertTrue(r.stderr.contains(said), r.stderr)
            XCTAssertTrue(r.stderr.contains("set the assignment's Maximum grade to 5 in Moodle"), r.stderr)
            XCTAssertEqual(try read(sheet), bytes, "the worksheet is untouched")
            XCTAssertEqual(try cli.dump(), before, "the term is not closed")
        }
    }

    func testATwoColumnGradebookImportFileIsFilled() throws {
        let cli = try gradedSeminar()
        let (file, original) = try copy("gradebook-import.csv", in: cli)
        let out = try cli.ok([
            "grade", "export", "--into", file, "--id-column", "ID number", "--grade-column", "Report", "--component",
            "report",
        ]).stdout
        XCTAssertTrue(out.contains("Decided: decimal point, as in a ','-separated list"), out)
        XCTAssertTrue(out.contains("Filled Report with the report grade for 17 of 21 rows"), out)
        var expected = "\"ID number\",Report\n"
        let report = [
            "03705521": "1.3", "11902567": "1.0", "03754410": "1.7", "11874203": "2.0", "03689957": "5.0",
            "11763390": "2.3", "03712845": "1.0", "11958014": "2.7", "11745862": "3.0", "11977254": "1.7",
            "03698121": "1.3", "11853719": "4.0", "11788402": "2.0", "03740112": "3.3", "11734589": "1.0",
            "03727306": "3.7", "11820476": "2.3",
        ]
        for line in String(decoding: original, as: UTF8.self).split(separator: "\n").dropFirst() {
            let id = String(line.dropLast())
            expected += "\(id),\(report[id] ?? "")\n"
        }
        XCTAssertEqual(String(decoding: try read(file), as: UTF8.self), expected)
    }

    func testAnUnknownComponentIsAUsageError() throws {
        let cli = try gradedSeminar()
        let (sheet, original) = try copy("worksheet-en.csv", in: cli)
        let r = try cli.run([
            "grade", "export", "--into", sheet, "--id-column", "ID number", "--grade-column", "Grade", "--component",
            "talk",
        ])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--component talk: the seminar grades report, presentation"), r.stderr)
        XCTAssertEqual(try read(sheet), original)
        XCTAssertEqual(try cli.run(["grade", "export", "--component", "report"]).status, 64)
    }
}
