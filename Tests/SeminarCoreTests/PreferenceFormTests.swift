import XCTest

@testable import SeminarCore

final class PreferenceFormTests: XCTestCase {
    let berlin = SeminarTime(identifier: "Europe/Berlin")!
    let directory = PreferenceDirectory(
        students: [
            ("03712845", "jonas.mueller@tum.de"), ("03754410", "lena.fischer@tum.de"),
            ("11763390", "hannah.krueger@tum.de"),
        ],
        papers: [
            ("ntk-jacot18", "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"),
            ("cot-merrill24", "The Expressive Power of Transformers with Chain of Thought"),
            ("bugs-features-ilyas19", "Adversarial Examples Are Not Bugs, They Are Features"),
        ])

    func utc(_ s: String) -> Date { SeminarTime.fromStorage(s)! }

    func testChoiceColumnNames() {
        XCTAssertEqual(PreferenceFormParser.choiceNumber("1st choice"), 1)
        XCTAssertEqual(PreferenceFormParser.choiceNumber("Choice 2"), 2)
        XCTAssertEqual(PreferenceFormParser.choiceNumber("Preference 3"), 3)
        XCTAssertEqual(PreferenceFormParser.choiceNumber("Second choice"), 2)
        XCTAssertEqual(PreferenceFormParser.choiceNumber("Wunsch 4"), 4)
        XCTAssertEqual(PreferenceFormParser.choiceNumber("Rank your papers [Choice 10]"), 10)
        // The ordinal in the middle of a question, as form tools write grid questions: these
        // columns were not recognised (a form with only such headers had "no choice column").
        XCTAssertEqual(PreferenceFormParser.choiceNumber("Your first choice"), 1)
        XCTAssertEqual(PreferenceFormParser.choiceNumber("Paper preferences [Third choice]"), 3)
        XCTAssertEqual(PreferenceFormParser.choiceNumber("Mein zweiter Wunsch"), 2)
        XCTAssertNil(PreferenceFormParser.choiceNumber("First name"))
        XCTAssertNil(PreferenceFormParser.choiceNumber("Timestamp"))
        XCTAssertNil(PreferenceFormParser.choiceNumber("Email Address"))
        XCTAssertNil(PreferenceFormParser.choiceNumber("Matrikelnummer"))
    }

    func testTimestamps() {
        let parse = { PreferenceFormParser.parseTimestamp($0, time: self.berlin) }
        XCTAssertEqual(parse("8/14/2024 10:23:45"), utc("2024-08-14T08:23:45Z"))  // CEST = UTC+2
        XCTAssertEqual(parse("8/14/2024 1:05:00 PM"), utc("2024-08-14T11:05:00Z"))
        // A form export opened and saved again in a spreadsheet: two-digit years.
        XCTAssertEqual(parse("8/14/24 10:23"), utc("2024-08-14T08:23:00Z"))
        XCTAssertEqual(parse("14.08.24 10:23:45"), utc("2024-08-14T08:23:45Z"))
        XCTAssertEqual(parse("12/1/2024 12:30 AM"), utc("2024-11-30T23:30:00Z"))  // CET = UTC+1
        XCTAssertEqual(parse("2024-08-14 10:23:45"), utc("2024-08-14T08:23:45Z"))
        XCTAssertEqual(parse("2024-08-14T10:23:45Z"), utc("2024-08-14T10:23:45Z"))
        XCTAssertEqual(parse("14.08.2024 10:23:45"), utc("2024-08-14T08:23:45Z"))
        XCTAssertEqual(parse("2024/08/14 10:23"), utc("2024-08-14T08:23:00Z"))
        for bad in ["yesterday", "13/45/2024 9:00:00", "2/30/2024 10:00:00", "8/14/2024", "8/14/2024 25:00:00", ""] {
            XCTAssertNil(parse(bad), bad)
        }
    }

    func table(_ text: String) throws -> CSVTable { try CSVTable.parse(text: text, file: "form.csv") }

    func testLatestSubmissionWinsEvenWhenRowsAreOutOfOrder() throws {
        let t = try table(
            """
            Timestamp,Email Address,Choice 1,Choice 2
            8/27/2024 21:07:12,jonas.mueller@tum.de,cot-merrill24,ntk-jacot18
            8/3/2024 16:05:51,Jonas.Mueller@TUM.de,ntk-jacot18,
            8/4/2024 9:00:00,11763390,"Adversarial Examples Are Not Bugs, They Are Features",
            """)
        let r = PreferenceFormParser.parse(t, directory: directory, time: berlin)
        XCTAssertEqual(r.layout, .columns)
        XCTAssertEqual(r.errors.count, 1, "11763390 is an id in the e-mail column: \(r.errors)")
        XCTAssertEqual(r.forms.map(\.studentID), ["03712845"])
        XCTAssertEqual(r.forms[0].papers, ["cot-merrill24", "ntk-jacot18"])
        XCTAssertEqual(
            r.resubmissions,
            [Resubmission(studentID: "03712845", keptLine: 2, droppedLines: [3], keptTimestamp: "8/27/2024 21:07:12")])
    }

    /// Editing a form question leaves its old column behind: two "1st choice" columns, old answers
    /// in the first, new ones in the second. The second column was ignored, so a new answer's
    /// 2nd choice silently became its 1st.
    func testTwoColumnsForOneRankAreMerged() throws {
        let t = try table(
            """
            Timestamp,Email Address,1st choice,2nd choice,1st choice
            8/1/2024 10:00:00,jonas.mueller@tum.de,ntk-jacot18,cot-merrill24,
            8/2/2024 10:00:00,lena.fischer@tum.de,,cot-merrill24,bugs-features-ilyas19
            8/3/2024 10:00:00,hannah.krueger@tum.de,ntk-jacot18,cot-merrill24,bugs-features-ilyas19

            """)
        let r = PreferenceFormParser.parse(t, directory: directory, time: berlin)
        XCTAssertEqual(
            r.forms.map(\.papers), [["ntk-jacot18", "cot-merrill24"], ["bugs-features-ilyas19", "cot-merrill24"]])
        XCTAssertEqual(r.errors.count, 1)
        XCTAssertEqual(r.errors.first?.line, 4)
        XCTAssertTrue(r.errors.first?.message.contains("1st choice") ?? false, "\(r.errors)")
    }

    func testMicrosoftFormsExport() throws {
        // "ID" is the response number; "Completion time" counts, not "Start time".
        let t = try table(
            """
            ID,Start time,Completion time,Email,Name,Preference 1,Preference 2
            1,8/14/2024 10:00:00,8/14/2024 10:05:00,lena.fischer@tum.de,Lena,cot-merrill24,ntk-jacot18
            2,8/15/2024 10:00:00,8/13/2024 10:05:00,lena.fischer@tum.de,Lena,ntk-jacot18,
            """)
        let r = PreferenceFormParser.parse(t, directory: directory, time: berlin)
        XCTAssertEqual(r.errors, [])
        XCTAssertEqual(r.forms.map(\.papers), [["cot-merrill24", "ntk-jacot18"]])
        XCTAssertEqual(r.resubmissions.first?.keptLine, 2)
    }

    func testTitlesForgiveCaseAndSpacesButNotSpelling() throws {
        XCTAssertEqual(
            directory.paper("neural tangent kernel:  convergence and generalization in neural networks"), "ntk-jacot18")
        XCTAssertNil(directory.paper("Neural Tangent Kernel: Convergence and Generalisation in Neural Networks"))
        XCTAssertEqual(directory.paper("cot-merrill24"), "cot-merrill24")
    }

    func testLongFormatChecksRanks() throws {
        let t = try table(
            """
            student,paper,rank
            03712845,ntk-jacot18,1
            03712845,cot-merrill24,3
            03754410,ntk-jacot18,1
            03754410,ntk-jacot18,2
            11763390,bugs-features-ilyas19,1
            11763390,The Expressive Power of Transformers with Chain of Thought,2
            lena.fischer@tum.de,cot-merrill24,x
            """)
        let r = PreferenceFormParser.parse(t, directory: directory, time: berlin)
        XCTAssertEqual(r.layout, .long)
        XCTAssertEqual(r.forms.map(\.studentID), ["11763390"])
        XCTAssertEqual(r.forms[0].papers, ["bugs-features-ilyas19", "cot-merrill24"])
        let messages = r.errors.map(\.description).joined(separator: "\n")
        XCTAssertTrue(messages.contains("form.csv:8:35: error: 'x' is not a rank"), messages)
        XCTAssertTrue(messages.contains("rank 2 is missing"), messages)
        XCTAssertTrue(
            messages.contains("form.csv:5:10: error: student 03754410 ranks paper ntk-jacot18 twice"), messages)
    }

    func testNoChoiceColumnIsFatal() throws {
        let r = PreferenceFormParser.parse(
            try table("Timestamp,Email Address,Comment\n8/1/2024 10:00:00,jonas.mueller@tum.de,hi\n"),
            directory: directory, time: berlin)
        XCTAssertEqual(r.fatal.count, 1)
        XCTAssertTrue(r.fatal[0].description.contains("no choice column"), r.fatal[0].description)
    }
}
