import XCTest

@testable import SeminarCore

/// Names and titles are shown in lists, mails and grade sheets: what is refused, and what the
/// refusal says.
final class NameValidationTests: XCTestCase {
    func testANameOrTitleProblemSaysWhatAndWhere() {
        XCTAssertEqual(
            Validation.nameProblem("Mallory \u{202E}gnp.exe", what: "the name"),
            "the name 'Mallory \\u{202E}gnp.exe' contains the invisible direction control \\u{202E} (character 9), "
                + "which shows the text around it reordered; direction controls are not allowed")
        XCTAssertEqual(
            Validation.nameProblem("Eve\u{1b}[2J", what: "the title"),
            "the title 'Eve\\x1b[2J' contains the control character \\x1b (character 4); control characters are not allowed"
        )
        XCTAssertEqual(
            Validation.nameProblem(String(repeating: "a", count: 1_204), what: "the name"),
            "the name is too long: 1,204 bytes in UTF-8; at most 800 are allowed")
        XCTAssertEqual(Validation.nameProblem("", what: "the name"), "the name is empty")
        XCTAssertNil(Validation.nameProblem(String(repeating: "ü", count: 400), what: "the name"), "800 bytes")
        XCTAssertNil(Validation.nameProblem("Jonas Müller", what: "the name"))
        XCTAssertFalse(Validation.isValidName("Attention \u{2067}is\u{2069} all"))
        XCTAssertFalse(Validation.isValidText("Ada \u{200F}Lovelace"))
        XCTAssertTrue(Validation.isValidText("two\nlines", multiline: true))
        XCTAssertFalse(Validation.isValidText("two\u{202B}lines", multiline: true))
    }
}
