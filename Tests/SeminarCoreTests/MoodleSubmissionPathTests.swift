import Foundation
import XCTest

@testable import SeminarCore

final class MoodleSubmissionPathTests: XCTestCase {
    func names(_ path: String) throws -> [String] {
        try ZIPDirectory(data: MoodleWorksheetTests.fixture(path)).entries.map(\.path)
    }

    func parse(_ name: String, symlink: Bool = false) -> MoodleSubmissionPath {
        MoodleSubmissionPath.parse(name, isSymlink: symlink)
    }

    func isHostile(_ name: String, symlink: Bool = false) -> Bool {
        if case .hostile = parse(name, symlink: symlink) { return true }
        return false
    }

    // MARK: The fixtures

    /// What both layouts of the fixture hold: participant → (full name, files).
    func handIns(_ path: String) throws -> [Int: (name: String, files: [String])] {
        var out: [Int: (name: String, files: [String])] = [:]
        for name in try names(path) {
            switch parse(name) {
            case .file(let participant, let fullName, let fileName):
                out[participant, default: (fullName, [])].files.append(fileName)
                XCTAssertEqual(out[participant]?.name, fullName)
            case .onlineText(let participant, let fullName):
                out[participant, default: (fullName, [])].files.append("(online text)")
            default:
                XCTFail("\(name): \(parse(name))")
            }
        }
        return out
    }

    func testBothFixtureLayoutsNameTheSameHandIns() throws {
        let folders = try handIns("Fixtures/moodle/submissions.zip")
        let flat = try handIns("Fixtures/moodle/submissions-flat.zip")
        XCTAssertEqual(folders.count, 19, "20 students, Okafor (4721) handed in nothing")
        XCTAssertNil(folders[4721])
        XCTAssertEqual(Set(folders.keys), Set(flat.keys))
        for (participant, handIn) in folders {
            XCTAssertEqual(handIn.name, flat[participant]?.name)
            XCTAssertEqual(handIn.files.sorted(), flat[participant]?.files.sorted())
        }
        XCTAssertEqual(folders[4711]?.name, "Linnea Bergström")
        XCTAssertEqual(folders[4711]?.files.sorted(), ["Appendix A - Proofs.pdf", "TADL Report Bergström.pdf"])
        XCTAssertEqual(folders[4714]?.files, ["Ausarbeitung García López.docx"])
        XCTAssertEqual(folders[4730]?.files, ["(online text)"])
        XCTAssertEqual(folders[4725]?.files, ["Schröder_Ausarbeitung.pdf"], "an underscore in the file name")
    }

    func testTheHostileFixturesAreRefused() throws {
        for path in ["escape-dotdot.zip", "absolute.zip", "backslash.zip"] {
            let entries = try names("Tests/Fixtures/moodle/" + path)
            XCTAssertFalse(entries.isEmpty)
            for name in entries {
                XCTAssertTrue(isHostile(name), "\(path): \(name) → \(parse(name))")
            }
        }
        // The zip reader sees the link in the external attributes and says so.
        let link = try names("Tests/Fixtures/moodle/symlink.zip")
        XCTAssertEqual(link.count, 1)
        XCTAssertTrue(isHostile(link[0], symlink: true))
        XCTAssertEqual(parse(link[0]), .file(participant: 4711, fullName: "Linnea Bergström", fileName: "report.pdf"))
    }

    // MARK: Layouts

    func testFolderLayouts() {
        XCTAssertEqual(
            parse("Linnea Bergström_4711_assignsubmission_file/Report.pdf"),
            .file(participant: 4711, fullName: "Linnea Bergström", fileName: "Report.pdf"))
        XCTAssertEqual(
            parse("Linnea Bergström_4711_assignsubmission_file_/Report.pdf"),
            .file(participant: 4711, fullName: "Linnea Bergström", fileName: "Report.pdf"), "Moodle 3.1–4.0")
        XCTAssertEqual(
            parse("Ann Example_12_assignsubmission_file/code/main.py"),
            .file(participant: 12, fullName: "Ann Example", fileName: "code/main.py"), "a student's subfolder")
        XCTAssertEqual(
            parse("Yutong Zhang_4730_assignsubmission_onlinetext/onlinetext.html"),
            .onlineText(participant: 4730, fullName: "Yutong Zhang"))
        XCTAssertEqual(
            parse("Yutong Zhang_4730_assignsubmission_onlinetext_/onlinetext.html"),
            .onlineText(participant: 4730, fullName: "Yutong Zhang"))
        XCTAssertEqual(parse("Linnea Bergström_4711_assignsubmission_file/"), .directory)
    }

    func testFlatLayouts() {
        XCTAssertEqual(
            parse("Linnea Bergström_4711_assignsubmission_file_Report.pdf"),
            .file(participant: 4711, fullName: "Linnea Bergström", fileName: "Report.pdf"))
        XCTAssertEqual(
            parse("Yutong Zhang_4730_assignsubmission_onlinetext_onlinetext.html"),
            .onlineText(participant: 4730, fullName: "Yutong Zhang"))
        XCTAssertEqual(
            parse("Tomáš Novák_4719_assignsubmission_file_report_4719_assignsubmission_file_x.pdf"),
            .file(participant: 4719, fullName: "Tomáš Novák", fileName: "report_4719_assignsubmission_file_x.pdf"),
            "the first marker splits the name")
    }

    func testNamesWithUnderscoresAndNonASCII() {
        // Before 4.1 Moodle kept underscores in names.
        XCTAssertEqual(
            parse("Anna_Lena Schröder_4725_assignsubmission_file_Ausarbeitung_v2.pdf"),
            .file(participant: 4725, fullName: "Anna_Lena Schröder", fileName: "Ausarbeitung_v2.pdf"))
        XCTAssertEqual(
            parse("Mads_2024_Søndergaard_4727_assignsubmission_file/Søndergaard report.pdf"),
            .file(participant: 4727, fullName: "Mads_2024_Søndergaard", fileName: "Søndergaard report.pdf"))
        XCTAssertEqual(
            parse("Ελένη Παπαδοπούλου_4723_assignsubmission_file/Αναφορά.pdf"),
            .file(participant: 4723, fullName: "Ελένη Παπαδοπούλου", fileName: "Αναφορά.pdf"))
        // Blind marking: the name is the word Participant.
        XCTAssertEqual(
            parse("Participant_4711_assignsubmission_file/Report.pdf"),
            .file(participant: 4711, fullName: "Participant", fileName: "Report.pdf"))
    }

    func testOtherEntries() {
        for name in [
            "README.txt", "Report.pdf", "Ann_assignsubmission_file/Report.pdf", "_4711_assignsubmission_file/x.pdf",
            "Ann_4711_assignsubmission_/x.pdf", "Ann_4711_assignsubmission_file", "Ann_4711_assignsubmission_file_",
            "Ann_4711_assignsubmission_fileX/x.pdf", "__MACOSX/Ann_4711_assignsubmission_file/._x.pdf",
            "Ann_4711_assignsubmission_onlinetext/image.png", "Ann_4711_assignsubmission_comments_comments.txt",
        ] {
            guard case .other(let reason) = parse(name) else {
                XCTFail("\(name) → \(parse(name))")
                continue
            }
            XCTAssertFalse(reason.isEmpty)
        }
    }

    // MARK: Hostile names

    func testNamesThatEscapeAreHostile() {
        for name in [
            "../../evil.pdf", "Ann_4711_assignsubmission_file_/../../x.pdf", "Ann_4711_assignsubmission_file/..",
            "Ann_4711_assignsubmission_file/../x.pdf", "..", "/tmp/evil.pdf", "/", "C:\\evil.pdf", "C:/evil.pdf",
            "c:evil.pdf", "\\\\server\\share\\x.pdf", "..\\..\\evil.pdf", "Ann_4711_assignsubmission_file\\x.pdf",
            "Ann_4711_assignsubmission_file//x.pdf", "./x.pdf", "Ann_4711_assignsubmission_file/./x.pdf",
            "Ann_4711_assignsubmission_file/x\u{0}.pdf", "Ann_4711_assignsubmission_file/x\n.pdf",
            "Ann_4711_assignsubmission_file/x\u{1B}[2J.pdf", "Ann_4711_assignsubmission_file/x\u{85}.pdf", "",
        ] {
            XCTAssertTrue(isHostile(name), "\(name.debugDescription) → \(parse(name))")
        }
        XCTAssertTrue(isHostile("Ann_4711_assignsubmission_file/Report.pdf", symlink: true))
        XCTAssertFalse(isHostile("Ann_4711_assignsubmission_file/Report..final.pdf"), "dots inside a name are fine")
        XCTAssertFalse(isHostile("Ann_4711_assignsubmission_file/...pdf"))
    }

    /// Swift compares `Character`s, and `/` or `\\` followed by a combining mark is one
    /// `Character`, not `/`; a file system splits at the byte. Found while writing the moodle
    /// fuzz target (docs/security.md): `/`+U+0301 hid a `..` component and an absolute path.
    func testASeparatorFollowedByACombiningMarkIsStillASeparator() {
        for name in [
            "Ann_4711_assignsubmission_file/../\u{301}x.pdf", "/\u{301}etc/passwd",
            "Ann_4711_assignsubmission_file/x\\\u{301}.pdf", "Ann_4711_assignsubmission_file/./\u{301}x.pdf",
            "Ann_4711_assignsubmission_file//\u{301}x.pdf", "../\u{301}",
        ] {
            XCTAssertTrue(isHostile(name), "\(name.debugDescription) → \(parse(name))")
        }
        XCTAssertEqual(
            parse("Ann_4711_assignsubmission_file/code/\u{301}x.pdf"),
            .file(participant: 4711, fullName: "Ann", fileName: "code/\u{301}x.pdf"))
    }

    func testAHostileReasonNamesNoRawControlCharacter() {
        guard case .hostile(let reason) = parse("x\u{1B}y") else { return XCTFail() }
        XCTAssertEqual(reason, "a name with the control character \\x1b")
    }

    // MARK: Local names

    func testSafeLocalNames() {
        let safe = MoodleSubmissionPath.safeLocalName
        XCTAssertEqual(safe("Report.pdf", "submission"), "Report.pdf")
        XCTAssertEqual(safe("code/main.py", "submission"), "main.py")
        XCTAssertEqual(safe("../../evil.pdf", "submission"), "evil.pdf")
        XCTAssertEqual(safe("..", "submission"), "submission")
        XCTAssertEqual(safe("", "submission"), "submission")
        XCTAssertEqual(safe(".hidden", "submission"), "hidden")
        XCTAssertEqual(safe("a:b*c?.pdf ", "submission"), "a_b_c_.pdf")
        XCTAssertEqual(safe("x\u{0}y\u{202E}fdp.exe", "submission"), "x_y_fdp.exe")
        XCTAssertEqual(safe("C:\\Users\\x.pdf", "submission"), "x.pdf")
        let decomposed = "Mu\u{0308}ller.pdf"
        XCTAssertEqual(safe(decomposed, "submission"), "Müller.pdf")
        XCTAssertEqual(safe(decomposed, "submission").unicodeScalars.count, "Müller.pdf".unicodeScalars.count)
        let long = String(repeating: "ä", count: 300) + ".pdf"
        let cut = safe(long, "submission")
        XCTAssertLessThanOrEqual(cut.utf8.count, 200)
        XCTAssertTrue(cut.hasSuffix(".pdf"))
        for name in ["../../evil.pdf", "a/b", "..", "\u{0}", "x\\y"] {
            let s = safe(name, "f")
            XCTAssertFalse(s.contains("/") || s.contains("\\") || s == ".." || s == "." || s.isEmpty, s)
        }
    }

    /// Cut to 200 bytes, a stem can end in a space or a dot, or - one grapheme cluster longer
    /// than the room - vanish and leave the extension's dot first: what the comment promises
    /// no local name has (found while writing the moodle fuzz target, which checks it).
    func testACutLocalNameHasNoDotOrSpaceAtEitherEnd() {
        let safe = MoodleSubmissionPath.safeLocalName
        let spaced = safe(String(repeating: "a", count: 199) + " " + String(repeating: "b", count: 10), "f")
        XCTAssertEqual(spaced, String(repeating: "a", count: 199))
        let dotted = safe(String(repeating: "a", count: 199) + "." + String(repeating: "b", count: 30), "f")
        XCTAssertEqual(dotted, String(repeating: "a", count: 199))
        let cluster = safe("a" + String(repeating: "\u{301}", count: 150) + ".pdf", "f")
        XCTAssertFalse(cluster.hasPrefix(".") || cluster.isEmpty, cluster.debugDescription)
        XCTAssertLessThanOrEqual(cluster.utf8.count, 200)
    }

    /// A dot followed by a combining mark is one `Character`, not `.`: the leading-dot trim
    /// missed it and `.\u{301}x.pdf` stayed a hidden file (found by `make fuzz`, target moodle).
    func testADotFollowedByACombiningMarkIsStillALeadingDot() {
        let safe = MoodleSubmissionPath.safeLocalName
        XCTAssertEqual(Array(safe(".\u{301}x.pdf", "f").unicodeScalars), Array("\u{301}x.pdf".unicodeScalars))
        XCTAssertEqual(Array(safe("code/.\u{301}x.pdf", "f").unicodeScalars), Array("\u{301}x.pdf".unicodeScalars))
    }
}
