import Foundation
import XCTest

@testable import SeminarCore

final class MoodleWorksheetTests: XCTestCase {
    let berlin = SeminarTime(identifier: "Europe/Berlin")!

    static func fixture(_ name: String) -> Data {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return FileManager.default.contents(atPath: url.appendingPathComponent(name).path)!
    }

    func read(_ path: String) throws -> MoodleWorksheet {
        let table = try CSVTable.load(data: Self.fixture(path), file: path)
        return try MoodleWorksheet.read(table, file: path, time: berlin)
    }

    static let header =
        "Identifier,\"Full name\",\"ID number\",\"Email address\",Status,\"Last modified (submission)\",\"Online text\""

    func sheet(_ rows: [String], header: String = header) throws -> MoodleWorksheet {
        let table = try CSVTable.parse(text: ([header] + rows).joined(separator: "\n") + "\n", file: "w.csv")
        return try MoodleWorksheet.read(table, file: "w.csv", time: berlin)
    }

    func errors(_ rows: [String], header: String = header) -> [InputError] {
        do {
            _ = try sheet(rows, header: header)
            XCTFail("expected the worksheet to be refused")
            return []
        } catch let SeminarError.invalidInput(errors) {
            return errors
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }

    func utc(_ s: String) -> Date { SeminarTime.fromStorage(s)! }

    // MARK: The fixtures

    func testEnglishFixture() throws {
        let w = try read("Fixtures/moodle/worksheet-en.csv")
        XCTAssertEqual(w.language, .english)
        XCTAssertEqual(w.rows.count, 20)
        XCTAssertEqual(w.rows.map(\.participant), Array(4711...4730))
        let first = w.rows[0]
        XCTAssertEqual(first.fullName, "Linnea Bergström")
        XCTAssertEqual(first.idNumber, "03705521")
        XCTAssertEqual(first.email, "linnea.bergstroem@tum.de")
        XCTAssertEqual(first.status, "Submitted for grading")
        XCTAssertEqual(first.state, .submitted)
        XCTAssertEqual(first.submittedAt, utc("2025-01-08T16:42:00Z"))
        XCTAssertEqual(first.line, 2)
        let byID = Dictionary(uniqueKeysWithValues: w.rows.compactMap { r in r.idNumber.map { ($0, r) } })
        XCTAssertEqual(byID["03689957"]?.submittedAt, utc("2025-01-16T01:59:00Z"), "late by hours, 2:59 AM")
        XCTAssertEqual(byID["03689957"]?.status, "Submitted for grading - 3 hours late")
        XCTAssertEqual(byID["11902567"]?.submittedAt, utc("2025-01-18T10:59:00Z"), "late by days, 11:59 AM")
        XCTAssertEqual(byID["11977254"]?.submittedAt, utc("2025-01-09T23:15:00Z"), "12:15 AM is just after midnight")
        XCTAssertEqual(byID["11958014"]?.submittedAt, utc("2025-01-11T11:30:00Z"), "12:30 PM is just after noon")
        XCTAssertEqual(byID["11916675"]?.submittedAt, nil, "no submission: -")
        XCTAssertEqual(byID["11916675"]?.state, MoodleWorksheet.SubmissionState.none)
        XCTAssertEqual(byID["11745862"]?.state, .draft)
        XCTAssertEqual(w.rows.filter(\.onlineText).map(\.idNumber), ["11964388"])
        let soendergaard = try XCTUnwrap(w.rows.first { $0.participant == 4727 })
        XCTAssertNil(soendergaard.idNumber, "the one row without an ID number")
        XCTAssertEqual(soendergaard.email, "mads.soendergaard@tum.de")
        XCTAssertEqual(w.rows.filter { $0.idNumber == nil }.count, 1)
        XCTAssertTrue(w.decisions.contains { $0.contains("Europe/Berlin") }, "\(w.decisions)")
    }

    func testGermanFixtureSaysWhatTheEnglishOneSays() throws {
        let en = try read("Fixtures/moodle/worksheet-en.csv")
        let de = try read("Fixtures/moodle/worksheet-de.csv")
        XCTAssertEqual(de.language, .german)
        XCTAssertEqual(de.rows.count, 20)
        for (a, b) in zip(en.rows, de.rows) {
            XCTAssertEqual(a.participant, b.participant)
            XCTAssertEqual(a.fullName, b.fullName)
            XCTAssertEqual(a.idNumber, b.idNumber)
            XCTAssertEqual(a.email, b.email)
            XCTAssertEqual(a.submittedAt, b.submittedAt, "line \(b.line)")
            XCTAssertEqual(a.onlineText, b.onlineText)
            XCTAssertEqual(a.state, b.state, b.status)
        }
        XCTAssertEqual(de.rows.first { $0.participant == 4715 }?.status, "Zur Bewertung abgegeben - 3 Stunden zu spät")
    }

    func testAWorksheetOfStrangersIsReadAsItIs() throws {
        // Matching against the roster is the importer's job: the reader only reads.
        let w = try read("Tests/Fixtures/moodle/worksheet-unknown.csv")
        XCTAssertEqual(w.rows.map(\.participant), [9001, 9002, 9003])
        XCTAssertEqual(w.rows[1].idNumber, nil)
    }

    // MARK: Dates

    func moment(_ raw: String) -> Date? {
        if case .moment(let date, _) = MoodleWorksheet.readDate(raw, time: berlin) { return date }
        return nil
    }

    func testEveryDateStyle() {
        XCTAssertEqual(moment("Tuesday, 14 January 2025, 9:12 PM"), utc("2025-01-14T20:12:00Z"))
        XCTAssertEqual(moment("Tuesday, 14 January 2025, 09:12 PM"), utc("2025-01-14T20:12:00Z"), "a leading zero")
        XCTAssertEqual(moment("Tuesday, 14 January 2025, 9:12 pm"), utc("2025-01-14T20:12:00Z"))
        XCTAssertEqual(moment("Tuesday, 14 January 2025, 12:00 PM"), utc("2025-01-14T11:00:00Z"), "noon")
        XCTAssertEqual(moment("Tuesday, 14 January 2025, 12:00 AM"), utc("2025-01-13T23:00:00Z"), "midnight")
        XCTAssertEqual(moment("Friday, 4 July 2025, 9:05 AM"), utc("2025-07-04T07:05:00Z"), "summer time")
        XCTAssertEqual(moment("Dienstag, 14. Januar 2025, 21:12"), utc("2025-01-14T20:12:00Z"))
        XCTAssertEqual(moment("Donnerstag, 16. Januar 2025, 02:59"), utc("2025-01-16T01:59:00Z"))
        XCTAssertEqual(moment("Montag, 3. März 2025, 8:00"), utc("2025-03-03T07:00:00Z"), "März, no leading zero")
        XCTAssertEqual(MoodleWorksheet.readDate("-", time: berlin), MoodleWorksheet.DateReading.none)
        XCTAssertEqual(MoodleWorksheet.readDate("", time: berlin), MoodleWorksheet.DateReading.none)
        XCTAssertEqual(MoodleWorksheet.readDate(" - ", time: berlin), MoodleWorksheet.DateReading.none)
    }

    func testTheSameMomentInAnotherZone() {
        let tokyo = SeminarTime(identifier: "Asia/Tokyo")!
        guard case .moment(let date, _) = MoodleWorksheet.readDate("Tuesday, 14 January 2025, 9:12 PM", time: tokyo)
        else { return XCTFail("not read") }
        XCTAssertEqual(date, utc("2025-01-14T12:12:00Z"))
    }

    func refusal(_ raw: String) -> String? {
        if case .refused(let message, _) = MoodleWorksheet.readDate(raw, time: berlin) { return message }
        return nil
    }

    func testDatesThatAreNotMoodles() {
        for raw in [
            "14.01.2025 21:12", "2025-01-14T21:12", "Tuesday, 14 January 2025", "Tuesday, 14 Janvier 2025, 9:12 PM",
            "Tuesday 14 January 2025 9:12 PM", "Tues, 14 January 2025, 9:12 PM",
        ] {
            XCTAssertEqual(refusal(raw).map { $0.contains("is not a Moodle date") }, true, raw)
        }
        XCTAssertEqual(refusal("Tuesday, 14 January 2025, 13:12 PM")?.contains("12-hour"), true)
        XCTAssertEqual(refusal("Tuesday, 14 January 2025, 0:12 AM")?.contains("12-hour"), true)
        XCTAssertEqual(refusal("Tuesday, 14 January 2025, 24:00")?.contains("not a time of day"), true)
        XCTAssertEqual(refusal("Friday, 30 February 2025, 9:12 PM")?.contains("has no day 30"), true)
        XCTAssertEqual(refusal("Monday, 14 January 0025, 9:12 PM")?.contains("out of range"), true)
    }

    func testAWeekdayThatDisagreesWithTheDateIsAnError() throws {
        XCTAssertEqual(
            refusal("Monday, 14 January 2025, 9:12 PM"),
            "'Monday, 14 January 2025, 9:12 PM': 14 January 2025 is a Tuesday, not a Monday")
        XCTAssertEqual(
            refusal("Montag, 14. Januar 2025, 21:12"),
            "'Montag, 14. Januar 2025, 21:12': 14 January 2025 is a Tuesday, not a Monday")
        // A year typed over: 14 January 2024 was a Sunday.
        XCTAssertNotNil(refusal("Tuesday, 14 January 2024, 9:12 PM"))
        let row =
            "Participant 1,Ann Example,123,ann@example.org,Submitted for grading,\"Monday, 14 January 2025, 9:12 PM\","
        let errors = errors([row])
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors.first?.line, 2)
        let column = "Participant 1,Ann Example,123,ann@example.org,Submitted for grading,".count + 1
        XCTAssertEqual(errors.first?.column, column)
        XCTAssertEqual(errors.first?.file, "w.csv")
        XCTAssertTrue(errors.first?.hint?.contains("year") ?? false)
    }

    func testATimeTheClocksSkipIsAnErrorAtItsCell() {
        XCTAssertEqual(
            refusal("Sunday, 30 March 2025, 2:30 AM"),
            "'Sunday, 30 March 2025, 2:30 AM': 02:30 does not exist on 2025-03-30 in Europe/Berlin: clocks jump from 02:00 to 03:00"
        )
        let errors = errors([
            "Participant 1,Ann Example,123,ann@example.org,Submitted for grading,\"Sonntag, 30. März 2025, 02:15\","
        ])
        XCTAssertEqual(errors.map(\.line), [2])
        XCTAssertTrue(errors.first?.message.contains("does not exist") ?? false)
        XCTAssertTrue(errors.first?.hint?.contains("time zone") ?? false)
    }

    func testATimeTheClocksPassTwiceIsTheFirstAndSaidSo() throws {
        guard
            case .moment(let date, let twice) = MoodleWorksheet.readDate(
                "Sunday, 26 October 2025, 2:30 AM", time: berlin)
        else { return XCTFail("not read") }
        XCTAssertEqual(date, utc("2025-10-26T00:30:00Z"), "the first 02:30 is summer time, UTC+2")
        XCTAssertTrue(twice)
        let w = try sheet([
            "Participant 1,Ann Example,123,ann@example.org,Submitted for grading,\"Sunday, 26 October 2025, 2:30 AM\",",
            "Participant 2,Bo Example,124,bo@example.org,Submitted for grading,\"Sunday, 26 October 2025, 1:30 AM\",",
        ])
        XCTAssertEqual(w.rows[0].submittedAt, utc("2025-10-26T00:30:00Z"))
        XCTAssertEqual(w.rows[1].submittedAt, utc("2025-10-25T23:30:00Z"))
        let note = try XCTUnwrap(w.decisions.first { $0.contains("twice") })
        XCTAssertTrue(note.contains("Sunday, 26 October 2025, 2:30 AM"), note)
        XCTAssertTrue(note.contains("the first"), note)
    }

    // MARK: Headers and cells

    func testGermanHeadersAndIdentifiers() throws {
        let header =
            "ID,\"Vollständiger Name\",ID-Nummer,E-Mail-Adresse,Status,Bewertung,Bestwertung,"
            + "\"Zuletzt geändert (Abgabe)\",\"Texteingabe online\""
        let w = try sheet(
            [
                "Teilnehmer/in4711,\"Linnea Bergström\",03705521,linnea.bergstroem@tum.de,\"Zur Bewertung abgegeben\",,\"5,00\",\"Mittwoch, 8. Januar 2025, 17:42\",",
                "\"Teilnehmer*in 4712\",\"Étienne Dubois\",,etienne.dubois@tum.de,\"Keine Abgabe\",,\"5,00\",-,<p>Hallo</p>",
            ], header: header)
        XCTAssertEqual(w.language, .german)
        XCTAssertEqual(w.rows.map(\.participant), [4711, 4712])
        XCTAssertEqual(w.rows[0].submittedAt, utc("2025-01-08T16:42:00Z"))
        XCTAssertEqual(w.rows[1].idNumber, nil)
        XCTAssertEqual(w.rows[1].state, MoodleWorksheet.SubmissionState.none)
        XCTAssertTrue(w.rows[1].onlineText)
    }

    func testParticipantIdentifiers() {
        for (raw, number) in [
            ("Participant 4711", 4711), ("Participant4711", 4711), ("participant 12", 12), ("Teilnehmer/in4711", 4711),
            ("Teilnehmer/in 4711", 4711), ("Teilnehmer*in4711", 4711), ("Teilnehmerin 4711", 4711),
        ] {
            XCTAssertEqual(MoodleWorksheet.participantNumber(raw), number, raw)
        }
        for raw in [
            "Student 4711", "4711", "Participant", "Participant 47a1", "Participant -4711",
            "Participant 99999999999999999999",
        ] {
            XCTAssertNil(MoodleWorksheet.participantNumber(raw), raw)
        }
    }

    func testHeadersAreMatchedWithoutCaseOrSpacesAndTheBOMIsIgnored() throws {
        let header = "\u{FEFF}identifier, FULL NAME ,email address,status"
        let w = try sheet(["Participant 7,Ann Example,ann@example.org,Submitted for grading"], header: header)
        XCTAssertEqual(w.rows.map(\.participant), [7])
        XCTAssertEqual(w.rows[0].idNumber, nil)
        XCTAssertEqual(w.rows[0].submittedAt, nil)
        XCTAssertTrue(w.decisions.contains { $0.contains("no 'Last modified (submission)' column") }, "\(w.decisions)")
    }

    func testRequiredColumns() {
        let noIdentifier = errors(["Ann Example,123"], header: "\"Full name\",\"ID number\"")
        XCTAssertEqual(noIdentifier.count, 1)
        XCTAssertTrue(noIdentifier[0].message.contains("no Identifier column"), noIdentifier[0].message)
        XCTAssertEqual(noIdentifier[0].line, 1)
        let noIDs = errors(["Participant 1,Ann Example,Submitted"], header: "Identifier,\"Full name\",Status")
        XCTAssertEqual(noIDs.count, 1)
        XCTAssertTrue(noIDs[0].message.contains("neither an ID number nor an Email address"), noIDs[0].message)
        let noName = errors(["Participant 1,123"], header: "Identifier,\"ID number\"")
        XCTAssertEqual(noName.map { $0.message.contains("no Full name column") }, [true])
        let both = errors(["x"], header: "Grade")
        XCTAssertEqual(both.count, 2, "every missing column at once: \(both)")
    }

    func testABlindMarkingWorksheetSaysWhy() {
        let errors = errors(["Participant 1,Submitted for grading"], header: "Identifier,Status")
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors[0].hint?.contains("blind marking") ?? false, "\(errors)")
    }

    func testEveryBadCellIsReportedWithItsPlace() {
        let errors = errors([
            "Participant 1,Ann Example,123,ann@example.org,Submitted for grading,\"Tuesday, 14 January 2025, 9:12 PM\",",
            "Student 2,Bo Example,124,bo@example.org,Submitted for grading,yesterday,",
            "Participant 1,Cy Example,125,cy@example.org,Submitted for grading,-,",
            "Participant 4,,,,No submission,-,",
            "Participant 5,Di Example,,,No submission,-,",
        ])
        XCTAssertEqual(errors.map(\.line), [3, 3, 4, 5, 6], "\(errors)")
        XCTAssertEqual(errors.map(\.column), [1, 63, 1, 15, 26])
        XCTAssertTrue(errors[0].message.contains("'Student 2' is not a Moodle participant identifier"))
        XCTAssertTrue(errors[1].message.contains("'yesterday' is not a Moodle date"))
        XCTAssertTrue(errors[2].message.contains("participant 1 appears twice (also line 2)"))
        XCTAssertEqual(errors[3].message, "the full name is empty")
        XCTAssertTrue(errors[4].message.contains("neither an ID number nor an e-mail address"))
        XCTAssertTrue(errors.allSatisfy { $0.hint != nil || $0.message == "the full name is empty" })
    }

    func testAMessageShowsACellEscaped() {
        let errors = errors(["\"Participant \u{1B}[2J1\",Ann,1,a@example.org,Submitted,-,"])
        XCTAssertEqual(errors.count, 1)
        XCTAssertFalse(errors[0].description.contains("\u{1B}"))
        XCTAssertTrue(errors[0].message.contains("\\x1b"), errors[0].message)
    }
}
