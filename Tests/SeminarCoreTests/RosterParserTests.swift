import XCTest

@testable import SeminarCore

final class RosterParserTests: XCTestCase {
    func roster(_ text: String) throws -> [StudentInput] {
        try RosterParser.parse(try CSVTable.parse(text: text, file: "roster.csv"))
    }

    func errors(_ text: String) -> [InputError] {
        do {
            _ = try roster(text)
            XCTFail("expected the roster to be rejected")
            return []
        } catch let SeminarError.invalidInput(errors) {
            return errors
        } catch {
            XCTFail("unexpected \(error)")
            return []
        }
    }

    func testTwoColumnsForOneRoleMustAgreeOnEveryRow() throws {
        let table = try CSVTable.parse(
            text: "Mail,id,E-Mail,Matrikelnummer\na@x.de,1,A@x.de,1\nb@x.de,2,b@x.de,3\n", file: "r.csv")
        var notes: [String] = []
        XCTAssertEqual(try table.roleColumn("e-mail", RosterParser.emailColumns, notes: &notes) { $0.lowercased() }, 2)
        XCTAssertEqual(
            notes, ["'E-Mail' (C) and 'Mail' (A) both give the e-mail and agree on every row; used 'E-Mail' (C)"])
        XCTAssertThrowsError(try table.roleColumn("id", RosterParser.idColumns, notes: &notes)) { error in
            let e = error as! InputError
            XCTAssertEqual(
                e.description,
                "r.csv:3:17: error: two columns for the id, 'id' (B) and 'Matrikelnummer' (D), differ in line 3: "
                    + "'2' and '3' (remove or rename one of the two columns, so that the file says the id once)")
        }
        // Without a way to read them the same, only equal cells agree.
        XCTAssertThrowsError(try table.roleColumn("e-mail", RosterParser.emailColumns, notes: &notes))
        // One column for a role is no question.
        var none: [String] = []
        XCTAssertEqual(try table.roleColumn("name", RosterParser.nameColumns, notes: &none), nil)
        XCTAssertEqual(none, [])
    }

    func testGermanCampusExport() throws {
        let s = try roster(
            "\u{FEFF}Matrikelnummer;Nachname;Vorname;E-Mail;Studiengang\r\n03712845;Müller;Jonas;jonas.mueller@tum.de;Informatik (Master)\r\n"
        )
        XCTAssertEqual(
            s,
            [
                StudentInput(
                    id: "03712845", name: "Jonas Müller", email: "jonas.mueller@tum.de", program: "Informatik (Master)",
                    line: 2)
            ])
    }

    /// HISinOne / Stud.IP style: `Name` is the family name next to `Vorname`. The first name
    /// was silently dropped ("Bergström" instead of "Linnea Bergström").
    func testNameNextToAFirstNameColumnIsTheFamilyName() throws {
        let s = try roster("Name;Vorname;Matrikelnummer;E-Mail\nBergström;Linnea;03705521;linnea@tum.de\n")
        XCTAssertEqual(s.map(\.name), ["Linnea Bergström"])
        // A full name next to a first name stays as it is.
        let full = try roster("Name,First name,id,email\nLinnea Bergström,Linnea,03705521,linnea@tum.de\n")
        XCTAssertEqual(full.map(\.name), ["Linnea Bergström"])
        let surnameFirst = try roster("Name,First name,id,email\n\"Bergström, Linnea\",Linnea,03705521,linnea@tum.de\n")
        XCTAssertEqual(surnameFirst.map(\.name), ["Bergström, Linnea"])
    }

    /// Moodle's participants export names the matriculation number "ID number": it was refused
    /// with "no id column".
    func testMoodleExport() throws {
        let s = try roster(
            "First name,Surname,ID number,Institution,Department,Email address\nLinnea,Bergström,03705521,TUM,CIT,linnea@tum.de\n"
        )
        XCTAssertEqual(s, [StudentInput(id: "03705521", name: "Linnea Bergström", email: "linnea@tum.de", line: 2)])
    }

    func testEnglishHeadersInAnyOrderWithExtraColumns() throws {
        let s = try roster("email,Shoe size,Name,student_id\nx@uni.de,44,Ada Lovelace,42\n")
        XCTAssertEqual(s.first?.id, "42")
        XCTAssertEqual(s.first?.name, "Ada Lovelace")
        XCTAssertNil(s.first?.program)
    }

    func testDecomposedNamesAreStoredComposed() throws {
        let s = try roster("id,name,email\n1,Mu\u{0308}ller,m@x.de\n")
        XCTAssertEqual(s.first?.name.unicodeScalars.count, "Müller".unicodeScalars.count)
    }

    func testEveryBadRowIsReportedWithItsPosition() {
        let e = errors("id,name,email\n1,A,a@x.de\n1,B,b@x.de\n3,,c@x.de\n4,D,d(at)x.de\n5,E,A@X.DE\n")
        XCTAssertEqual(e.count, 4)
        XCTAssertEqual(e.map(\.line), [3, 4, 5, 6])
        XCTAssertTrue(e[0].message.contains("appears twice (first on line 2)"))
        XCTAssertEqual(e[2].column, 5)
        XCTAssertTrue(e[3].message.contains("appears twice"), "e-mails are compared case-insensitively")
    }

    func testMissingColumnsAreNamed() {
        let e = errors("Matrikelnummer;Nachname\n1;X\n")
        XCTAssertEqual(e.count, 1)
        XCTAssertTrue(e[0].message.contains("e-mail"))
    }

    func testHeaderOnlyIsAnError() {
        XCTAssertEqual(errors("id,name,email\n").count, 1)
    }

    func testValidation() {
        XCTAssertTrue(Validation.isValidEmail("a.b-c@sub.tum.de"))
        XCTAssertFalse(Validation.isValidEmail("ioana.crăciun@tum.de"), "To: headers are 7-bit")
        XCTAssertTrue(Validation.emailHint("ioana.crăciun@tum.de").contains("non-ASCII"))
        for bad in ["a@b", "a b@c.de", "a@b..de", "@x.de", "a@x.de\nBcc: y@z.de", "a,b@x.de", "a@-x.de"] {
            XCTAssertFalse(Validation.isValidEmail(bad), bad)
        }
        XCTAssertTrue(Validation.isValidID("03712845"))
        XCTAssertFalse(Validation.isValidID("12 34"))
        XCTAssertFalse(Validation.isValidName("Eve\r\nBcc: x@y.de"))
    }
}

final class PaperParserTests: XCTestCase {
    func papers(_ text: String) throws -> [PaperInput] {
        try PaperParser.parse(try CSVTable.parse(text: text, file: "papers.csv"))
    }

    func testOptionalColumnsAndDefaults() throws {
        let p = try papers(
            "id,title,arxiv,capacity,year\nntk,Neural Tangent Kernel,arXiv:1806.07572v3,,2018\ndd,Deep Double Descent,,2,\n"
        )
        XCTAssertEqual(p[0].arxiv, "1806.07572v3")
        XCTAssertEqual(p[0].capacity, 1)
        XCTAssertEqual(p[0].year, 2018)
        XCTAssertEqual(p[1].capacity, 2)
        XCTAssertNil(p[1].arxiv)
    }

    func testBadValuesAreReported() {
        XCTAssertThrowsError(
            try papers("id,title,capacity,url,arxiv\na,A,two,,\nb,B,1,ftp://x,\nc,C,1,,not-an-id\na,D,1,,\n")
        ) { error in
            guard case SeminarError.invalidInput(let e) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(e.map(\.line), [2, 3, 4, 5])
        }
    }

    func testDuplicateTitlesAreRefusedBecauseFormsNameTitles() {
        XCTAssertThrowsError(try papers("id,title\na,Same Title\nb,same title\n"))
    }
}
