import Foundation
import XCTest

/// Moodle hand-ins: the grading worksheet and the submissions zip imported in one command,
/// the files kept in the seminar file and written back byte for byte.
final class HandInCLITests: XCTestCase {
    static let worksheetEN = CLI.fixture("moodle/worksheet-en.csv")
    static let worksheetDE = CLI.fixture("moodle/worksheet-de.csv")
    static let zip = CLI.fixture("moodle/submissions.zip")
    static let flatZip = CLI.fixture("moodle/submissions-flat.zip")
    static func hostile(_ name: String) -> String {
        CLI.packageRoot.appendingPathComponent("Tests/Fixtures/moodle").appendingPathComponent(name).path
    }

    /// The Fixtures seminar with its timeline (report due 2025-01-15 23:59, Berlin).
    func seminar() throws -> CLI {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "template", "--term", "Winter 2024/25"])
        return cli
    }

    /// SHA-256 of every PDF in a zip, by entry name, as Python's zipfile reads them.
    func pdfHashes(_ zip: String) throws -> [String: String] {
        let listing = try CLI.tool(
            "/usr/bin/env",
            [
                "python3", "-c",
                """
                import hashlib, sys, zipfile
                with zipfile.ZipFile(sys.argv[1]) as z:
                    for i in z.infolist():
                        data = z.read(i)
                        if data.startswith(b'%PDF-'):
                            print(i.filename.rsplit('/', 1)[-1] + '\\t' + hashlib.sha256(data).hexdigest())
                """, zip,
            ])
        var hashes: [String: String] = [:]
        for line in listing.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            hashes[String(parts[0])] = String(parts[1])
        }
        return hashes
    }

    func sha256(ofFile path: String) throws -> String {
        String(try CLI.tool("/usr/bin/sha256sum", [path]).prefix(64))
    }

    func testWorksheetAndZipImportInOneCommand() throws {
        let cli = try seminar()
        let r = try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.zip])
        XCTAssertTrue(r.stdout.contains("Report hand-ins: 15 on time, 2 late, 1 missing, 2 without a PDF."), r.stdout)
        XCTAssertTrue(r.stdout.contains("late:          11902567 Étienne Dubois, by 2 days 12 hours"), r.stdout)
        XCTAssertTrue(r.stdout.contains("late:          03689957 Lukas Hoffmann, by 3 hours"), r.stdout)
        XCTAssertTrue(r.stdout.contains("without a PDF: 11874203 Sofía García López: Ausarbeitung García López.docx"))
        XCTAssertTrue(r.stdout.contains("without a PDF: 11964388 Yutong Zhang: online text"), r.stdout)
        XCTAssertTrue(r.stdout.contains("missing:       11916675 Chinedu Okafor"), r.stdout)
        // Decided, and said: a match by e-mail, one PDF of two.
        XCTAssertTrue(
            r.stdout.contains("Decided: Participant 4727 (Mads Søndergaard) has no ID number; matched by the e-mail"))
        XCTAssertTrue(
            r.stdout.contains("03705521 (Linnea Bergström) uploaded 2 PDFs; took TADL Report Bergström.pdf"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Recorded 17 hand-ins: 17 new, 0 new versions, 0 unchanged"), r.stdout)

        // Every kept file is the zip's, to the byte: sha256 as Python computes it.
        let hashes = try pdfHashes(Self.zip)
        let rows = try cli.json(["submission", "list", "--format", "json"])
        XCTAssertEqual(rows.count, 17)
        for row in rows {
            let name = try XCTUnwrap(row["file"] as? String)
            XCTAssertEqual(row["sha256"] as? String, hashes[name], name)
        }
        let late = rows.filter { $0["late"] as? Bool == true }.compactMap { $0["student"] as? String }.sorted()
        XCTAssertEqual(late, ["03689957", "11902567"])
        XCTAssertEqual(
            rows.first { $0["student"] as? String == "03705521" }?["file"] as? String, "TADL Report Bergström.pdf")
        XCTAssertEqual(try CLI.sqlite(cli.db, "SELECT COUNT(*) FROM stored_file"), "17\n")
    }

    func testTheFlatLayoutAndTheGermanWorksheetGiveTheSameHandIns() throws {
        let english = try seminar()
        try english.ok(["submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.zip])
        let german = try seminar()
        try german.ok(["submission", "import", Self.worksheetDE, "--kind", "report", "--files", Self.flatZip])
        let list = ["submission", "list", "--format", "csv"]
        XCTAssertEqual(try english.ok(list).stdout, try german.ok(list).stdout)
    }

    func testImportingAgainChangesNothingAndANewerUploadIsANewVersion() throws {
        let cli = try seminar()
        try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.zip])
        let before = try cli.dump()
        let again = try cli.ok(["submission", "import", Self.worksheetDE, "--kind", "report", "--files", Self.flatZip])
        XCTAssertTrue(again.stdout.contains("0 new, 0 new versions, 17 unchanged; 0 new files kept"), again.stdout)
        XCTAssertEqual(try cli.dump(), before)

        // Lena Fischer uploads again on 14 January: the worksheet's time moves on.
        var sheet = try String(contentsOfFile: Self.worksheetEN, encoding: .utf8)
        let old = "\"Sunday, 12 January 2025, 9:15 AM\""
        XCTAssertTrue(sheet.contains(old))
        sheet = sheet.replacingOccurrences(of: old, with: "\"Tuesday, 14 January 2025, 8:05 PM\"")
        try sheet.write(toFile: cli.path("worksheet-later.csv"), atomically: true, encoding: .utf8)
        let newer = try cli.ok([
            "submission", "import", cli.path("worksheet-later.csv"), "--kind", "report", "--files", Self.zip,
        ])
        XCTAssertTrue(newer.stdout.contains("0 new, 1 new version, 16 unchanged"), newer.stdout)
        let all = try cli.json(["submission", "list", "--all", "--format", "json"]).filter {
            $0["student"] as? String == "03754410"
        }
        XCTAssertEqual(all.map { $0["version"] as? String }, ["replaced", "latest"])
        XCTAssertEqual(all.map { $0["submitted"] as? String }, ["2025-01-12 09:15", "2025-01-14 20:05"])
        // The same bytes twice: one file kept.
        XCTAssertEqual(try CLI.sqlite(cli.db, "SELECT COUNT(*) FROM stored_file"), "17\n")
        try cli.ok(["submission", "get", "03754410", "report", "--version", "1", "-o", cli.path("v1.pdf")])
        XCTAssertEqual(try sha256(ofFile: cli.path("v1.pdf")), all[0]["sha256"] as? String)
    }

    func testAWorksheetAloneRecordsTimesAndTheZipLaterAddsTheFiles() throws {
        let cli = try seminar()
        let times = try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report"])
        XCTAssertTrue(
            times.stdout.contains("Report hand-ins: 17 on time, 2 late, 1 missing, 0 without a PDF."), times.stdout)
        XCTAssertEqual(try CLI.sqlite(cli.db, "SELECT COUNT(*) FROM submission WHERE sha256 IS NULL"), "19\n")
        let files = try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.zip])
        XCTAssertTrue(files.stdout.contains("17 given their file"), files.stdout)
        XCTAssertTrue(
            files.stderr.contains(
                "11874203 (Sofía García López) has a report recorded at 2025-01-13 14:05 without a file (from a worksheet imported alone)"
            ), files.stderr)
        XCTAssertTrue(times.stdout.contains("11745862 (Tomáš Novák) left a draft in Moodle"), times.stdout)
        XCTAssertEqual(try CLI.sqlite(cli.db, "SELECT COUNT(*) FROM submission WHERE sha256 IS NOT NULL"), "17\n")
    }

    func testEntriesThatAreNoHandInAreLeftOutAndSaid() throws {
        let cli = try seminar()
        let zip = cli.path("with-metadata.zip")
        try FileManager.default.copyItem(atPath: Self.zip, toPath: zip)
        try CLI.tool(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'a') as z:\n"
                    + "    z.writestr('__MACOSX/._report.pdf', b'\\x00\\x05\\x16\\x07')\n"
                    + "    z.writestr('notes.txt', b'from the coordinator')\n",
                zip,
            ])
        let r = try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report", "--files", zip])
        XCTAssertTrue(
            r.stdout.contains("Decided: left out the zip entry __MACOSX/._report.pdf: macOS metadata"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains("Decided: left out the zip entry notes.txt: not named the way Moodle"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Recorded 17 hand-ins: 17 new"), r.stdout)
    }

    func testADryRunRecordsNothing() throws {
        let cli = try seminar()
        let before = try cli.dump()
        let r = try cli.ok([
            "submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.zip, "--dry-run",
        ])
        XCTAssertTrue(r.stdout.contains("Would record 17 hand-ins"), r.stdout)
        XCTAssertEqual(try cli.dump(), before)
    }

    func testHostileAndBrokenInputsAreRefusedAndNothingIsWritten() throws {
        let cli = try seminar()
        try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.zip])
        let before = try cli.dump()
        let listing = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).sorted()
        let cases: [(String, String)] = [
            ("escape-dotdot.zip", "'..' component"), ("absolute.zip", "absolute path"),
            ("symlink.zip", "symbolic link"), ("backslash.zip", "backslash"),
            ("truncated.zip", "damaged ZIP"), ("not-a-zip.zip", "not a ZIP file"),
        ]
        for (zip, words) in cases {
            let r = try cli.run([
                "submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.hostile(zip),
            ])
            XCTAssertEqual(r.status, 65, zip)
            XCTAssertTrue(r.stderr.contains(words), "\(zip): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("nothing was changed"), r.stderr)
            XCTAssertEqual(try cli.dump(), before, zip)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/evil.pdf"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).sorted(), listing)

        let unknown = try cli.run(["submission", "import", Self.hostile("worksheet-unknown.csv"), "--kind", "report"])
        XCTAssertEqual(unknown.status, 65)
        XCTAssertTrue(
            unknown.stderr.contains("no participant of the worksheet is a student of this seminar"), unknown.stderr)

        // A byte changed inside an entry's data: the entry fails to inflate or its CRC-32 check.
        var damaged = try Data(contentsOf: URL(fileURLWithPath: Self.zip))
        damaged[200] ^= 0x55
        try damaged.write(to: URL(fileURLWithPath: cli.path("damaged.zip")))
        let bad = try cli.run([
            "submission", "import", Self.worksheetEN, "--kind", "report", "--files", cli.path("damaged.zip"),
        ])
        XCTAssertEqual(bad.status, 65, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("damaged ZIP"), bad.stderr)
        XCTAssertEqual(try cli.dump(), before)
        XCTAssertEqual(try cli.run(["submission", "import", Self.worksheetEN, "--kind", "presentation"]).status, 65)
    }

    func testExportWritesTheFilesBackByteForByte() throws {
        let cli = try seminar()
        try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.zip])
        try cli.ok(["assignment", "set", "03705521", "implicit-bias-soudry18"])
        let r = try cli.ok(["submission", "export", cli.path("graded"), "--kind", "report"])
        XCTAssertTrue(r.stdout.contains("Wrote 17 files"), r.stdout)
        let names = try FileManager.default.contentsOfDirectory(atPath: cli.path("graded")).sorted()
        XCTAssertEqual(names.count, 17)
        XCTAssertTrue(names.contains("03705521-implicit-bias-soudry18-report.pdf"), "\(names)")
        let kept = Set(try pdfHashes(Self.zip).values)
        for name in names {
            XCTAssertTrue(kept.contains(try sha256(ofFile: cli.path("graded/\(name)"))), name)
            let mode = try FileManager.default.attributesOfItem(atPath: cli.path("graded/\(name)"))[.posixPermissions]
            XCTAssertEqual(mode as? Int, 0o600)
        }
        let show = try cli.ok(["student", "show", "03705521"]).stdout
        XCTAssertTrue(show.contains("(kept: seminar submission get 03705521 report -o FILE)"), show)
        let get = try cli.ok(["submission", "get", "03705521", "report", "-o", cli.path("linnea.pdf")])
        XCTAssertTrue(get.stdout.contains("version 1 of 1"), get.stdout)
        XCTAssertEqual(
            try sha256(ofFile: cli.path("linnea.pdf")),
            try sha256(ofFile: cli.path("graded/03705521-implicit-bias-soudry18-report.pdf")))
        XCTAssertEqual(try cli.run(["submission", "get", "11916675", "report", "-o", cli.path("x.pdf")]).status, 65)
        XCTAssertEqual(
            try cli.run(["submission", "get", "03705521", "report", "--version", "2", "-o", cli.path("x.pdf")]).status,
            65)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("x.pdf")))
    }

    func testSubmitKeepsALargeFileAndABackupHoldsIt() throws {
        let cli = try seminar()
        // 3.5 MB: four chunks, the last one short.
        var pdf = Data("%PDF-1.7\n".utf8)
        var generator = SystemRandomNumberGenerator()
        pdf.append(Data((0..<(3_500_000)).map { _ in UInt8.random(in: 0...255, using: &generator) }))
        pdf.append(Data("\n%%EOF\n".utf8))
        try pdf.write(to: URL(fileURLWithPath: cli.path("big.pdf")))
        try cli.ok(["submit", "03705521", "report", "--at", "2025-01-10T10:00", "--file", cli.path("big.pdf")])
        XCTAssertEqual(
            try CLI.sqlite(cli.db, "SELECT COUNT(*), MAX(length(data)) FROM stored_file_chunk"), "4|1048576\n")
        try cli.ok(["submission", "get", "03705521", "report", "-o", cli.path("back.pdf")])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: cli.path("back.pdf"))), pdf)

        try cli.ok(["backup", cli.path("backup.db")])
        var restored = cli
        restored.environment["SEMINAR_DB"] = cli.path("backup.db")
        try restored.ok(["submission", "get", "03705521", "report", "-o", cli.path("from-backup.pdf")])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: cli.path("from-backup.pdf"))), pdf)

        // A kept file whose bytes were changed behind the tool's back is not written out as if whole.
        try CLI.sqlite(cli.db, "UPDATE stored_file_chunk SET data = zeroblob(length(data)) WHERE seq = 1")
        let damaged = try cli.run(["submission", "get", "03705521", "report", "-o", cli.path("damaged.pdf")])
        XCTAssertNotEqual(damaged.status, 0)
        XCTAssertTrue(damaged.stderr.contains("no longer match their SHA-256"), damaged.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("damaged.pdf")))
    }

    func testRemovingAStudentErasesTheirFilesFromTheSeminarFile() throws {
        let cli = try seminar()
        try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.zip])
        try cli.ok(["submission", "get", "03705521", "report", "-o", cli.path("linnea.pdf")])
        let pdf = try Data(contentsOf: URL(fileURLWithPath: cli.path("linnea.pdf")))
        // A piece of her PDF that no other PDF holds: the line naming her.
        let marker = try XCTUnwrap(pdf.range(of: Data("Bergstr".utf8)))
        let piece = pdf.subdata(in: marker.lowerBound..<min(pdf.count, marker.lowerBound + 24))
        func inSeminarFile() throws -> Bool {
            var bytes = try Data(contentsOf: URL(fileURLWithPath: cli.db))
            if let wal = try? Data(contentsOf: URL(fileURLWithPath: cli.db + "-wal")) { bytes.append(wal) }
            return bytes.range(of: piece) != nil
        }
        XCTAssertTrue(try inSeminarFile())
        let r = try cli.ok(["student", "remove", "03705521"])
        XCTAssertTrue(r.stdout.contains("stored_file"), r.stdout)
        XCTAssertEqual(try CLI.sqlite(cli.db, "SELECT COUNT(*) FROM stored_file"), "16\n")
        XCTAssertFalse(try inSeminarFile())
    }

    func testAnExtensionTurnsALateHandInOnTime() throws {
        let cli = try seminar()
        try cli.ok([
            "deadline", "extend", "11902567", "report", "--until", "2025-01-20T12:00", "--reason",
            "medical certificate",
        ])
        let r = try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.zip])
        XCTAssertTrue(r.stdout.contains("Report hand-ins: 16 on time, 1 late,"), r.stdout)
        XCTAssertTrue(
            r.stdout.contains("on time:       11902567 Étienne Dubois, by their extension to 2025-01-20 12:00"),
            r.stdout)
        try cli.ok(["deadline", "unextend", "11902567", "report"])
        let rows = try cli.json(["submission", "list", "--format", "json"])
        XCTAssertEqual(rows.first { $0["student"] as? String == "11902567" }?["late"] as? Bool, true)
    }

    func testWhatAUserGetsWrongIsSaidAndChangesNothing() throws {
        let cli = try seminar()
        let before = try cli.dump()
        // A file that is not there: the worksheet, or the zip.
        let noSheet = try cli.run(["submission", "import", cli.path("worksheet.csv"), "--kind", "report"])
        XCTAssertEqual(noSheet.status, 66, noSheet.stderr)
        XCTAssertTrue(noSheet.stderr.contains("worksheet.csv"), noSheet.stderr)
        let noZip = try cli.run([
            "submission", "import", Self.worksheetEN, "--kind", "report", "--files", cli.path("submissions.zip"),
        ])
        XCTAssertEqual(noZip.status, 66, noZip.stderr)
        XCTAssertTrue(noZip.stderr.contains("submissions.zip"), noZip.stderr)
        // The roster given as the worksheet: no Moodle columns.
        let roster = try cli.run(["submission", "import", CLI.fixture("roster.csv"), "--kind", "report"])
        XCTAssertEqual(roster.status, 65, roster.stderr)
        // A date cell edited by hand: named by line and column.
        var sheet = try String(contentsOfFile: Self.worksheetEN, encoding: .utf8)
        sheet = sheet.replacingOccurrences(
            of: "\"Sunday, 12 January 2025, 9:15 AM\"", with: "\"Sunday, 12 Janvier 2025, 9:15 AM\"")
        try sheet.write(toFile: cli.path("edited.csv"), atomically: true, encoding: .utf8)
        let edited = try cli.run(["submission", "import", cli.path("edited.csv"), "--kind", "report"])
        XCTAssertEqual(edited.status, 65, edited.stderr)
        XCTAssertTrue(edited.stderr.contains("edited.csv:4:"), edited.stderr)
        XCTAssertEqual(try cli.dump(), before)

        // Writing out: a folder that is a file, a file in a folder that does not exist, a
        // hand-in recorded without its file.
        try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report"])
        try Data("x".utf8).write(to: URL(fileURLWithPath: cli.path("taken")))
        let notFolder = try cli.run(["submission", "export", cli.path("taken")])
        XCTAssertNotEqual(notFolder.status, 0)
        XCTAssertTrue(notFolder.stderr.contains("not a folder"), notFolder.stderr)
        let timeOnly = try cli.run(["submission", "get", "03705521", "report", "-o", cli.path("x.pdf")])
        XCTAssertEqual(timeOnly.status, 65, timeOnly.stderr)
        XCTAssertTrue(timeOnly.stderr.contains("was recorded without a file"), timeOnly.stderr)
        try cli.ok(["submission", "import", Self.worksheetEN, "--kind", "report", "--files", Self.zip])
        let noFolder = try cli.run(["submission", "get", "03705521", "report", "-o", cli.path("nowhere/x.pdf")])
        XCTAssertNotEqual(noFolder.status, 0)
        XCTAssertTrue(noFolder.stderr.contains("does not exist"), noFolder.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("x.pdf")))
    }
}
