import Foundation
import XCTest

@testable import SeminarCore

/// Values from a hostile file, as messages show them on the coordinator's terminal.
final class ShownTests: XCTestCase {
    func testControlCharactersAreEscaped() {
        XCTAssertEqual(Shown.value("a\u{1b}[2Jb"), "a\\x1b[2Jb")
        XCTAssertEqual(Shown.value("bell\u{7}"), "bell\\x07")
        XCTAssertEqual(Shown.value("over\rwrite"), "over\\x0dwrite")
        XCTAssertEqual(Shown.value("two\nlines\ttab"), "two\\x0alines\\x09tab")
        XCTAssertEqual(Shown.value("\r\n"), "\\x0d\\x0a", "CR LF is one character, both shown")
        XCTAssertEqual(Shown.value("del\u{7f} csi\u{9b}"), "del\\x7f csi\\x9b")
        XCTAssertEqual(Shown.value("line\u{2028}sep"), "line\\u{2028}sep")
    }

    func testAnOSC8LinkIsShownAsText() {
        let link = "\u{1b}]8;;http://evil\u{7}click\u{1b}]8;;\u{7}"
        XCTAssertEqual(Shown.value(link), "\\x1b]8;;http://evil\\x07click\\x1b]8;;\\x07")
    }

    func testDirectionControlsAreEscaped() {
        XCTAssertEqual(Shown.value("Mallory \u{202E}gnp.exe"), "Mallory \\u{202E}gnp.exe")
        for v: UInt32 in [
            0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
        ] {
            let s = Unicode.Scalar(v)!
            XCTAssertTrue(Shown.isDirectionControl(s), String(v, radix: 16))
            XCTAssertEqual(Shown.value(String(s)), "\\u{" + String(v, radix: 16).uppercased() + "}")
        }
    }

    func testPlainTextIsUnchanged() {
        for text in ["Jonas Müller", "Núñez", "東京大学", "C:\\Users\\anna", "🇩🇪 team", "a'b\"c", ""] {
            XCTAssertEqual(Shown.value(text), text)
        }
    }

    func testEscapingTwiceChangesNothing() {
        let once = Shown.value("\u{1b}[8mhidden\u{202E}")
        XCTAssertEqual(Shown.value(once), once)
        XCTAssertEqual(Shown.text(once), once)
    }

    func testALongValueIsCutAtAbout80Characters() {
        let huge = String(repeating: "x", count: 10_000_000)
        let shown = Shown.value(huge)
        XCTAssertEqual(shown.count, 80)
        XCTAssertTrue(shown.hasSuffix("…"))
        XCTAssertEqual(Shown.value(String(repeating: "y", count: 80)), String(repeating: "y", count: 80), "80 fit")
        XCTAssertEqual(Shown.value(String(repeating: "y", count: 81)).count, 80)
        let escapes = String(repeating: "\u{1b}", count: 1_000)
        XCTAssertLessThanOrEqual(Shown.value(escapes).count, 80, "escapes count as what is shown")
        XCTAssertFalse(Shown.value(escapes).dropLast().hasSuffix("\\x1"), "an escape is never split")
    }

    func testACutNeverSplitsACharacter() {
        let text = String(repeating: "ä", count: 50) + String(repeating: "🇩🇪", count: 50) + "e\u{301}"
        let shown = Shown.value(text)
        XCTAssertTrue(shown.hasSuffix("…"))
        XCTAssertTrue(text.hasPrefix(shown.dropLast()), "a prefix of whole characters")
        XCTAssertEqual(shown.dropLast().suffix(1), "🇩🇪", "the flag is whole")
        // One character with a million combining marks is not a million scalars long.
        let zalgo = "a" + String(repeating: "\u{301}", count: 1_000_000)
        XCTAssertLessThan(Shown.value(zalgo).unicodeScalars.count, 100)
    }

    func testAMessageKeepsItsLinesAndIsBounded() {
        XCTAssertEqual(Shown.text("one\ntwo \u{1b}[2J"), "one\ntwo \\x1b[2J")
        let ids = (1...10_000).map { String(format: "%08d", $0) }.joined(separator: ", ")
        XCTAssertEqual(Shown.text(ids), ids, "a long list of ids is kept")
        let long = Shown.text("a" + String(repeating: "x", count: 10_000_000) + "\nnext", lineLimit: Shown.lineLimit)
        XCTAssertLessThan(long.utf8.count, 2_100)
        XCTAssertTrue(long.hasSuffix("…\nnext"))
        let e = InputError(file: "f.csv", line: 1, column: 1, message: String(repeating: "x", count: 10_000_000))
        XCTAssertLessThan(e.description.utf8.count, 2_100, "an error about one cell is one bounded line")
    }

    func testTheInterpolation() {
        let id = "\u{1b}[2J"
        XCTAssertEqual("no student with id \(shown: id)", "no student with id \\x1b[2J")
    }

    func testAnInputErrorAndASeminarErrorAreSafeAsAWhole() {
        let e = InputError(file: "a\u{1b}.csv", line: 2, column: 3, message: "raw \u{7}", sheet: nil)
        XCTAssertEqual(e.description, "a\\x1b.csv:2:3: error: raw \\x07")
        XCTAssertEqual(SeminarError.notFound(.student, id: "\u{1b}x").description.contains("\\x1bx"), true)
        XCTAssertFalse(SeminarError.invalidValue("bad \u{1b}").description.contains("\u{1b}"))
    }
}
