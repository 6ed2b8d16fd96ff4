import XCTest

@testable import SeminarCore

/// Form exports as the tools write them: timestamps, near-miss titles, and the three layouts.
final class FormLayoutTests: XCTestCase {
    let berlin = SeminarTime(identifier: "Europe/Berlin")!
    let directory = PreferenceDirectory(
        students: [
            ("03712845", "jonas.mueller@tum.de"), ("03754410", "lena.fischer@tum.de"),
            ("11763390", "hannah.krueger@tum.de"),
        ],
        papers: [
            ("ntk-jacot18", "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"),
            ("cot-merrill24", "The Expressive Power of Transformers with Chain of Thought"),
            (
                "bias-variance-belkin19",
                "Reconciling modern machine-learning practice and the classical bias–variance trade-off"
            ),
        ],
        names: ["03712845": "Jonas Müller", "03754410": "Lena Fischer", "11763390": "Hannah Krüger"])
    let ntk = "Neural Tangent Kernel: Convergence and Generalization in Neural Networks"
    let cot = "The Expressive Power of Transformers with Chain of Thought"

    func utc(_ s: String) -> Date { SeminarTime.fromStorage(s)! }
    func table(_ text: String) throws -> CSVTable { try CSVTable.parse(text: text, file: "form.csv") }
    func parse(_ text: String, _ names: FormColumnNames = FormColumnNames()) throws -> ParsedForms {
        PreferenceFormParser.parse(try table(text), directory: directory, time: berlin, columns: names)
    }

    // MARK: Timestamps

    func testTimestampsAsFormToolsWriteThem() {
        let parse = { FormTimestamp.parse($0, time: self.berlin) }
        // Google Forms' own download: the offset is honoured, not the seminar's zone.
        XCTAssertEqual(parse("2024/08/03 10:15:22 AM GMT+2"), utc("2024-08-03T08:15:22Z"))
        XCTAssertEqual(parse("2024/08/03 10:15:22 PM GMT-7"), utc("2024-08-04T05:15:22Z"))
        XCTAssertEqual(parse("2024/08/03 12:05:00 AM GMT+5:30"), utc("2024-08-02T18:35:00Z"))
        XCTAssertEqual(parse("2024/08/03 10:15:22 AM"), utc("2024-08-03T08:15:22Z"))
        // Excel's display in German (no seconds, one-digit hour) and LimeSurvey's ISO form.
        XCTAssertEqual(parse("03.08.2024 9:05"), utc("2024-08-03T07:05:00Z"))
        XCTAssertEqual(parse("2024-08-03 10:15:22"), utc("2024-08-03T08:15:22Z"))
        XCTAssertEqual(parse("2024-08-03T10:15:22.5+02:00"), utc("2024-08-03T08:15:22Z"))
        XCTAssertEqual(parse("8/3/24 10:15 a.m."), utc("2024-08-03T08:15:00Z"))
        for bad in [
            "2024/08/03 13:15:22 PM", "2024/08/03 10:15:22 AM GMT+25", "03.08.2024", "31.06.2024 10:00",
            "8/3/2024 10:15:22 tomorrow",
        ] {
            XCTAssertNil(parse(bad), bad)
        }
    }

    func testDayOrderIsDecidedByTheColumn() throws {
        let dayFirst = try parse(
            "Timestamp,Email Address,1st choice\n13/8/2024 10:00:00,jonas.mueller@tum.de,ntk-jacot18\n3/8/2024 9:00:00,lena.fischer@tum.de,ntk-jacot18\n"
        )
        XCTAssertEqual(dayFirst.forms.map(\.submittedAt), [utc("2024-08-13T08:00:00Z"), utc("2024-08-03T07:00:00Z")])
        XCTAssertTrue(dayFirst.decisions.contains { $0.contains("day/month/year") }, "\(dayFirst.decisions)")
        let undecided = try parse(
            "Timestamp,Email Address,1st choice\n8/3/2024 10:00:00,jonas.mueller@tum.de,ntk-jacot18\n")
        XCTAssertEqual(undecided.forms.first?.submittedAt, utc("2024-08-03T08:00:00Z"))
        XCTAssertTrue(undecided.decisions.contains { $0.contains("read as month/day/year") }, "\(undecided.decisions)")
        let named = try parse(
            "Timestamp,Email Address,1st choice\n8/3/2024 10:00:00,jonas.mueller@tum.de,ntk-jacot18\n",
            FormColumnNames(dayOrder: .dayFirst))
        XCTAssertEqual(named.forms.first?.submittedAt, utc("2024-03-08T09:00:00Z"))
    }

    func testATimeTheAutumnNightPassesTwiceIsTheFirstAndSaysSo() throws {
        // 02:30 on 2025-10-26 happens twice in Berlin: the form's row is read as the first
        // (summer time, 00:30 UTC), and the import says so rather than choosing silently.
        let r = try parse(
            "Timestamp,Email Address,1st choice\n2025-10-26 02:30:00,jonas.mueller@tum.de,ntk-jacot18\n")
        XCTAssertEqual(r.forms.first?.submittedAt, utc("2025-10-26T00:30:00Z"))
        XCTAssertTrue(
            r.decisions.contains {
                $0.contains("\"2025-10-26 02:30:00\"") && $0.contains("read as the first (summer time)")
            },
            "\(r.decisions)")
    }

    func testATimeColumnOfWhichNothingCanBeReadIsFatal() throws {
        let r = try parse("Completion time,Email,1st choice\nsoon,jonas.mueller@tum.de,ntk-jacot18\n")
        XCTAssertEqual(r.fatal.count, 1)
        XCTAssertTrue(
            r.fatal[0].description.contains("'Completion time' (A)") && r.fatal[0].description.contains("\"soon\""),
            r.fatal[0].description)
    }

    // MARK: Papers

    func testNearMissTitlesAreMatchedAndSaySo() {
        var lookup = PaperLookup(papers: [
            ("ntk-jacot18", ntk),
            (
                "bias-variance-belkin19",
                "Reconciling modern machine-learning practice and the classical bias–variance trade-off"
            ),
        ])
        XCTAssertEqual(lookup.match(ntk), PaperMatch(id: "ntk-jacot18", kind: .title))
        XCTAssertEqual(lookup.match("ntk-jacot18"), PaperMatch(id: "ntk-jacot18", kind: .id))
        XCTAssertEqual(lookup.match("“\(ntk)”")?.kind, .typography)
        XCTAssertEqual(
            lookup.match("neural tangent kernel:\u{00A0}convergence and generalization in neural networks.")?.kind,
            .typography)
        XCTAssertEqual(
            lookup.match("Reconciling modern machine—learning practice and the classical bias-variance trade-off")?.id,
            "bias-variance-belkin19")
        XCTAssertEqual(
            lookup.match("[ntk-jacot18] Something else entirely"), PaperMatch(id: "ntk-jacot18", kind: .idLabel))
        XCTAssertEqual(lookup.match("Jacot et al. 2018 – \(ntk)"), PaperMatch(id: "ntk-jacot18", kind: .authorLabel))
        XCTAssertEqual(lookup.match("Jacot, Gabriel, Hongler (2018): \(ntk)")?.id, "ntk-jacot18")
        XCTAssertNil(lookup.match("Neural Tangent Kernel"))
        XCTAssertNil(lookup.match("[unknown] Neural Tangent Kernel"))
    }

    func testOrdersAndRanksInHeadersAndCells() {
        XCTAssertEqual(FormLayout.orderNumber("rank[3]"), 3)
        XCTAssertEqual(FormLayout.orderNumber("rank[1]. Please rank the papers [Rank 1]"), 1)
        XCTAssertEqual(FormLayout.orderNumber("2. Wahl"), 2)
        XCTAssertEqual(FormLayout.orderNumber("Zweitwunsch"), 2)
        XCTAssertEqual(FormLayout.orderNumber("Rang 4"), 4)
        for (cell, rank) in [
            ("1st choice", 1), ("1. Wahl", 1), ("Rank 2", 2), ("Rang 3", 3), ("Erste Wahl", 1), ("5", 5), ("3rd", 3),
        ] {
            XCTAssertEqual(FormLayout.rankValue(cell), rank, cell)
        }
        for cell in ["Informatik", "03712845", "yes", ""] { XCTAssertNil(FormLayout.rankValue(cell), cell) }
    }

    // MARK: Layouts

    func testAGridHasOneColumnPerPaper() throws {
        let r = try parse(
            """
            Timestamp,Email Address,Rank the papers [\(ntk)],Rank the papers [\(cot)],Rank the papers [bias-variance-belkin19]
            8/14/2024 10:23:45,jonas.mueller@tum.de,2nd choice,1st choice,
            8/14/2024 11:00:00,lena.fischer@tum.de,1st choice,1st choice,2nd choice
            """)
        XCTAssertEqual(r.layout, .grid)
        XCTAssertEqual(r.forms.map(\.papers), [["cot-merrill24", "ntk-jacot18"]])
        XCTAssertEqual(r.errors.count, 1)
        XCTAssertTrue(r.errors[0].description.contains("rank 1 is given to two papers"), r.errors[0].description)
        XCTAssertTrue(r.roles.contains { $0.contains("→ ntk-jacot18") }, "\(r.roles)")
    }

    func testAGermanGrid() throws {
        let r = try parse(
            "Zeitstempel;E-Mail-Adresse;Ordnen Sie die Paper [\(ntk)];Ordnen Sie die Paper [\(cot)]\n14.08.2024 10:23:45;jonas.mueller@tum.de;2. Wahl;1. Wahl\n"
        )
        XCTAssertEqual(r.forms.map(\.papers), [["cot-merrill24", "ntk-jacot18"]])
        XCTAssertEqual(r.forms.first?.submittedAt, utc("2024-08-14T08:23:45Z"))
    }

    func testAMicrosoftFormsRankingCell() throws {
        let r = try parse(
            "ID,Start time,Completion time,Email,Name,Rank the papers\n1,8/3/24 10:10:00,8/3/24 10:15:22,jonas.mueller@tum.de,Jonas Müller,\"\(cot);\(ntk);\"\n"
        )
        XCTAssertEqual(r.layout, .ranking)
        XCTAssertEqual(r.forms.map(\.papers), [["cot-merrill24", "ntk-jacot18"]])
        XCTAssertEqual(
            r.forms.first?.submittedAt, utc("2024-08-03T08:15:22Z"), "the completion time, not the start time")
    }

    func testLimeSurveyCodesSkipIncompleteResponsesAndTheResponseIDIsNoStudent() throws {
        let r = try parse(
            """
            id,submitdate,lastpage,startlanguage,matrnr,rank[1],rank[2]
            1,2024-08-03 10:15:22,2,en,03712845,\(ntk),\(cot)
            2,,1,en,03754410,,
            3,2024-08-04 09:00:00,2,en,11763390,cot-merrill24,
            """)
        XCTAssertEqual(r.fatal, [])
        XCTAssertEqual(r.forms.map(\.studentID), ["03712845", "11763390"])
        XCTAssertEqual(r.skipped.count, 1)
        XCTAssertTrue(r.skipped[0].contains("response 2") && r.skipped[0].contains("incomplete"), r.skipped[0])
        XCTAssertTrue(r.roles.contains("student id: 'matrnr' (E)"), "\(r.roles)")
    }

    func testABareIDColumnIsNeverTheStudent() throws {
        let r = try parse("ID,Completion time,1st choice\n3712845,8/3/24 10:15:22,ntk-jacot18\n")
        XCTAssertFalse(r.fatal.isEmpty, "the response number must not be taken for a Matrikelnummer")
        let named = try parse(
            "ID,Completion time,1st choice\n03712845,8/3/24 10:15:22,ntk-jacot18\n", FormColumnNames(id: "ID"))
        XCTAssertEqual(named.forms.map(\.studentID), ["03712845"])
    }

    func testChoiceColumnsWhoseTitlesAreAllUnknownGetAnErrorPerCell() throws {
        let r = try parse(
            "Timestamp,Email Address,1st choice,2nd choice\n8/1/2024 10:00:00,jonas.mueller@tum.de,Neural Tangent Kernels: Convergence,Chain of Thought\n"
        )
        XCTAssertEqual(r.fatal, [])
        XCTAssertEqual(r.errors.count, 2)
        XCTAssertTrue(r.errors[0].description.contains("did you mean"), r.errors[0].description)
    }

    func testAStudentFoundByNameOnlyIsReported() throws {
        let r = try parse("Completion time,Name,1st choice\n8/3/24 10:15:22,Jonas Müller,ntk-jacot18\n")
        XCTAssertEqual(r.forms.map(\.studentID), ["03712845"])
        XCTAssertTrue(
            r.decisions.contains { $0.contains("the name Jonas Müller is taken as student 03712845") }, "\(r.decisions)"
        )
    }
}

/// Rosters and grade files from campus systems and Moodle.
final class CampusExportTests: XCTestCase {
    func table(_ text: String) throws -> CSVTable { try CSVTable.parse(text: text, file: "list.csv") }

    func testTUMonlineExamListHeaders() throws {
        let r = try RosterParser.read(
            try table(
                """
                "REGISTRATION_NUMBER";"FAMILY_NAME_OF_STUDENT";"FIRST_NAME_OF_STUDENT";"EMAIL_ADDRESS";"STUDY_PROGRAMME"
                "03712845";"Müller";"Jonas";"jonas.mueller@tum.de";"Informatik (Master)"
                """))
        XCTAssertEqual(
            r.students,
            [
                StudentInput(
                    id: "03712845", name: "Jonas Müller", email: "jonas.mueller@tum.de", program: "Informatik (Master)",
                    line: 2)
            ])
    }

    func testMoodleRolesOtherThanStudentAreSkippedAndEmptyIDsNeedSkipInvalid() throws {
        let text = """
            First name,Last name,ID number,Email address,Roles,Groups
            Maria,Lehrer,,maria.lehrer@tum.de,Teacher,
            Jonas,Müller,03712845,jonas.mueller@tum.de,Student,Group A
            Lena,Fischer,,lena.fischer@tum.de,"Student, Tutor",
            """
        XCTAssertThrowsError(try RosterParser.read(try table(text)))
        let r = try RosterParser.read(try table(text), skipInvalid: true)
        XCTAssertEqual(r.students.map(\.id), ["03712845"])
        XCTAssertEqual(r.notStudents.count, 1)
        XCTAssertTrue(r.notStudents[0].contains("Teacher"), r.notStudents[0])
        XCTAssertEqual(r.invalid.count, 1)
        XCTAssertEqual(r.invalid[0].line, 4)
    }

    func testColumnsNamedByTheUser() throws {
        let r = try RosterParser.read(
            try table("Kennung,Wer,Adresse\nab12cde,Jonas Müller,jonas.mueller@tum.de\n"),
            names: RosterColumnNames(id: "Kennung", email: "C", name: "Wer"))
        XCTAssertEqual(r.students.first?.email, "jonas.mueller@tum.de")
        XCTAssertTrue(r.roles.contains("e-mail: 'Adresse' (C)"), "\(r.roles)")
    }

    func testGradeHeadersAsMoodleAndGermanListsWriteThem() {
        XCTAssertEqual(GradeFileParser.componentKey("Assignment: Report (Real)"), "report")
        XCTAssertEqual(GradeFileParser.componentKey("Note Vortrag"), "vortrag")
        XCTAssertEqual(GradeFileParser.componentKey("Note"), "note")
        XCTAssertEqual(GradeFileParser.componentKey("Course total (Real)"), "coursetotal")
    }

    func testAOneColumnGradeFileNeedsItsComponent() throws {
        let t = try table(
            "Identifier,Full name,ID number,Email address,Status,Grade\nParticipant 1,Jonas Müller,,jonas.mueller@tum.de,Submitted,\"1,30\"\nParticipant 2,Lena Fischer,03754410,lena.fischer@tum.de,No submission,-\n"
        )
        let known: Set<String> = ["03712845", "03754410"]
        let emails = ["jonas.mueller@tum.de": "03712845", "lena.fischer@tum.de": "03754410"]
        XCTAssertThrowsError(try GradeFileParser.read(t, policy: .standard, knownStudents: known, emails: emails)) {
            error in
            XCTAssertTrue("\(error)".contains("--component"), "\(error)")
        }
        let r = try GradeFileParser.read(
            t, policy: .standard, knownStudents: known, emails: emails, component: "report")
        XCTAssertEqual(r.rows, [GradeRow(studentID: "03712845", grades: ["report": 13], line: 2)])
        XCTAssertEqual(r.ungraded, 1)
    }
}
