import Foundation

/// Where a student stands in the course.
public enum StudentStatus: String, Sendable, Codable, CaseIterable {
    case enrolled
    /// De-registered: before the de-registration deadline this withdraws the student,
    /// after it the course counts as failed (see Grading).
    case dropped
}

/// A student as the roster gives them.
public struct StudentInput: Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    public var program: String?
    /// The line of the roster the student came from (0 when typed on the command line).
    public var line: Int

    public init(id: String, name: String, email: String, program: String? = nil, line: Int = 0) {
        self.id = id
        self.name = name
        self.email = email
        self.program = program
        self.line = line
    }
}

public enum Validation {
    /// Ids are text: a matriculation number keeps its leading zeros.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E
                    || b == 0x5F || b == 0x2D
            }
    }

    /// A matriculation number as a number: `03705521` and `3705521` are the same student, the
    /// second one saved through a spreadsheet that dropped the leading zero.
    public static func numberKey(_ id: String) -> String {
        let trimmed = id.drop { $0 == "0" }
        return trimmed.isEmpty ? (id.isEmpty ? "" : "0") : String(trimmed)
    }

    /// Why `id` and `existing` (same number, other leading zeros) are one student, in words.
    public static func leadingZeroMessage(_ id: String, existing: String) -> String {
        existing.count > id.count
            ? "\(shown: id) is \(shown: existing) without its leading zero"
            : "\(shown: id) is \(shown: existing) with extra leading zeros"
    }

    /// What an importer decided about an id whose leading zero was lost, confirmed by the e-mail.
    public static func leadingZeroDecision(_ id: String, student: String, email: String) -> String {
        "id \(shown: id) is taken as \(shown: student): \(leadingZeroMessage(id, existing: student)), and the e-mail \(shown: email) names that student"
    }

    public static let leadingZeroHint =
        "a spreadsheet drops leading zeros: export the list again, or format the id column as text before saving"

    /// For an id that is not on the roster: "did you mean 03705521? ..." when exactly one
    /// known id is the same number with other leading zeros, else nil.
    public static func leadingZeroSuggestion(_ id: String, known: Set<String>) -> String? {
        let key = numberKey(id)
        let matches = known.filter { $0 != id && numberKey($0) == key }
        guard matches.count == 1, let match = matches.first else { return nil }
        return "did you mean \(shown: match)? \(leadingZeroMessage(id, existing: match)); \(leadingZeroHint)"
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }

    private static let forbiddenInEmail: Set<Unicode.Scalar> = [
        " ", ",", ";", "<", ">", "(", ")", "[", "]", "\\", "\"", "'", "`", ":",
    ]

    /// A deliberately simple address check: one @, a local part, a dotted domain, nothing a
    /// mail header could be broken with (spaces, commas, angle brackets, quotes, controls).
    public static func isValidEmail(_ email: String) -> Bool {
        // Mail headers are 7-bit: an address with ä or ă cannot be written into To: as it
        // is, and university mail systems hand out ASCII addresses anyway.
        guard email.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64, parts[1].utf8.count <= 253 else {
            return false
        }
        guard
            email.unicodeScalars.allSatisfy({
                !isControl($0) && !$0.properties.isWhitespace && !forbiddenInEmail.contains($0)
            })
        else { return false }
        let domainLabels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard domainLabels.count >= 2,
            domainLabels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") })
        else { return false }
        return !parts[0].hasPrefix(".") && !parts[0].hasSuffix(".") && !parts[0].contains("..")
    }

    /// Free text that is shown in terminals and files (authors, venue, topic, abstract): no
    /// control characters (an escape sequence would reach the terminal) and no direction
    /// controls; an abstract may keep its line breaks and tabs.
    public static func isValidText(_ text: String, multiline: Bool = false) -> Bool {
        textProblem(text, what: "", multiline: multiline) == nil
    }

    /// The longest name or title, in bytes of UTF-8: 800 letters of the Latin alphabet, 400
    /// of most others. Names go into mail headers, tables and grade sheets.
    public static let maxNameBytes = 800

    /// What is wrong with a name or title, in words (`what`: "the name", "the title"), or nil
    /// when it is fine: empty, longer than `maxNameBytes`, or holding a character `textProblem`
    /// refuses.
    public static func nameProblem(_ name: String, what: String) -> String? {
        if name.isEmpty { return "\(what) is empty" }
        let bytes = name.utf8.count
        if bytes > maxNameBytes {
            return "\(what) is too long: \(grouped(bytes)) bytes in UTF-8; at most \(maxNameBytes) are allowed"
        }
        return textProblem(name, what: what)
    }

    /// What is wrong with free text, in words, or nil: a control character (line breaks and
    /// tabs are fine in `multiline` text), or an invisible direction control (U+202E shows
    /// `Mallory \u{202E}gnp.exe` as `Mallory exe.png`). The message shows the text and the
    /// character escaped (`Shown`) and says at which character it is.
    public static func textProblem(_ text: String, what: String, multiline: Bool = false) -> String? {
        let scalars = text.unicodeScalars
        guard
            let at = scalars.firstIndex(where: { s in
                Shown.needsEscape(s) && !(multiline && (s == "\n" || s == "\t"))
            })
        else { return nil }
        let bad = scalars[at]
        let position = text.unicodeScalars[..<at].count + 1
        let found = "\(what) '\(shown: text)' contains"
        if Shown.isDirectionControl(bad) {
            return "\(found) the invisible direction control \(Shown.escape(bad)) (character \(position)), which shows "
                + "the text around it reordered; direction controls are not allowed"
        }
        return "\(found) the control character \(Shown.escape(bad)) (character \(position)); control characters "
            + "are not allowed"
    }

    /// `1204` as `1,204`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }

    /// What to do about an address `isValidEmail` refused.
    public static func emailHint(_ email: String) -> String {
        email.utf8.allSatisfy({ $0 < 0x80 })
            ? "expected name@example.org"
            : "addresses with non-ASCII letters cannot be mailed reliably; use the ASCII address (e.g. ae for ä)"
    }

    /// Names go into mail headers and terminals: not empty, at most `maxNameBytes`, no control
    /// characters, line breaks or direction controls (`nameProblem` says which).
    public static func isValidName(_ name: String) -> Bool {
        nameProblem(name, what: "") == nil
    }
}

/// The columns a user names when the roster's header is unusual (`--id-column` and friends).
public struct RosterColumnNames: Sendable, Equatable {
    public var id: String?
    public var email: String?
    public var name: String?
    public var firstName: String?
    public var lastName: String?
    public var program: String?

    public init(
        id: String? = nil, email: String? = nil, name: String? = nil, firstName: String? = nil,
        lastName: String? = nil, program: String? = nil
    ) {
        (self.id, self.email, self.name, self.firstName, self.lastName, self.program) = (
            id, email, name, firstName, lastName, program
        )
    }
}

/// What a roster file gives: the students, which column was used for what, and the rows left out.
public struct ParsedRoster: Sendable {
    public var students: [StudentInput] = []
    /// One line per role: `id: 'REGISTRATION_NUMBER' (A)`.
    public var roles: [String] = []
    /// What was decided on the user's behalf: two columns for one role that agree.
    public var decisions: [String] = []
    /// Rows of people who are not students (a Moodle Teacher), named.
    public var notStudents: [String] = []
    /// Bad rows left out because of --skip-invalid.
    public var invalid: [InputError] = []
}

/// Reads a roster as campus systems and Moodle export it: TUMonline / CAMPUSonline, HISinOne,
/// Stud.IP, Moodle participants, or any header-driven CSV or .xlsx.
public enum RosterParser {
    public static let idColumns = [
        "id", "matriculation", "matriculation number", "Matrikelnummer", "Matrikelnr", "MatrNr", "student_id",
        "student id", "student number", "id number", "ID-Nummer", "registration number", "Matrikel",
        "Matrikel-Nr", "Kennung Matrikelnummer",
    ]
    public static let nameColumns = [
        "name", "full name", "full_name", "student name", "Name, Vorname", "Vollständiger Name",
    ]
    public static let firstNameColumns = [
        "first_name", "first name", "firstname", "Vorname", "given name", "given_name",
        "FIRST_NAME_OF_STUDENT",
    ]
    public static let lastNameColumns = [
        "last_name", "last name", "lastname", "Nachname", "family name", "surname", "Familienname",
        "FAMILY_NAME_OF_STUDENT", "Familien- oder Nachname",
    ]
    public static let emailColumns = [
        "email", "e-mail", "mail", "email address", "E-Mail-Adresse", "e-mail address", "Emailadresse",
        "EMAIL_ADDRESS", "E-Mail (Uni)", "Primäre E-Mail",
    ]
    public static let programColumns = [
        "program", "programme", "Studiengang", "Studiengänge", "degree program", "degree programme",
        "study program", "study programme", "STUDY_PROGRAMME", "Studium", "Studienfach", "Fach",
        "Studiengang/Fach",
    ]
    /// Moodle's participants download: rows whose roles do not include a student role are skipped.
    public static let roleColumns = ["roles", "role", "Rollen", "Rolle"]
    /// Stud.IP's groups of staff (dozent, tutor), as its export names them.
    static let staffSections: Set<String> = [
        "lehrende", "dozenten", "dozentinnen", "dozierende", "tutorinnen", "tutoren", "tutor",
        "tutorinnen", "lecturers", "teachers", "tutors",
    ]
    static let studentRoles = [
        "student", "students", "studierende", "studierender", "studentin", "teilnehmerin", "teilnehmer", "teilnehmende",
    ]

    /// Reads a roster: header-driven, every bad row reported, nothing returned unless all are good.
    public static func parse(_ table: CSVTable) throws(SeminarError) -> [StudentInput] {
        try read(table).students
    }

    /// Reads a roster. Bad rows fail the whole file, or are left out and listed with `skipInvalid`.
    public static func read(
        _ table: CSVTable, names: RosterColumnNames = RosterColumnNames(),
        skipInvalid: Bool = false
    ) throws(SeminarError) -> ParsedRoster {
        var result = ParsedRoster()
        let columns = try RosterColumns(table, names: names)
        result.roles = columns.roles
        result.decisions = columns.decisions
        if table.rows.isEmpty {
            throw .invalidInput([
                InputError(
                    file: table.file, line: table.header.line + 1, message: "the roster has a header but no students",
                    sheet: table.sheet)
            ])
        }
        var errors: [InputError] = []
        var seenIDs: [String: Int] = [:]
        var seenEmails: [String: Int] = [:]
        var section: String? = nil
        for row in table.rows {
            // Stud.IP writes a line holding only a group's name (Lehrende, Studierende) before
            // its members: a section marker, not a person. Staff sections are not students.
            if row.fields.count == 1 && table.map.names.count > 1 {
                section = TextCleaning.clean(row.fields[0].value)
                continue
            }
            if let section, staffSections.contains(HeaderMap.normalize(section)) {
                result.notStudents.append(columns.notAStudent(row, table, because: section))
                continue
            }
            if let roleCol = columns.role, case let roles = table.value(row, roleCol), !isStudentRole(roles) {
                result.notStudents.append(columns.notAStudent(row, table, because: roles.isEmpty ? "no role" : roles))
                continue
            }
            var rowErrors: [InputError] = []
            let student = columns.student(row, table, seenIDs: seenIDs, seenEmails: seenEmails, errors: &rowErrors)
            if let student, rowErrors.isEmpty {
                seenIDs[student.id] = row.line
                seenEmails[student.email.lowercased()] = row.line
                result.students.append(student)
            } else {
                errors += rowErrors
            }
        }
        if !errors.isEmpty {
            guard skipInvalid else { throw .invalidInput(errors) }
            result.invalid = errors
        }
        if result.students.isEmpty {
            throw .invalidInput(
                errors + [
                    table.headerError(
                        "no student in the file"
                            + (result.notStudents.isEmpty ? "" : " (\(result.notStudents.count) rows of other roles)"))
                ])
        }
        return result
    }

    /// `Student`, `Student, Tutor`, `Teilnehmer/in`: a student role among the row's roles.
    static func isStudentRole(_ roles: String) -> Bool {
        roles.split(whereSeparator: { $0 == "," || $0 == ";" }).contains { role in
            studentRoles.contains(HeaderMap.normalize(String(role)))
        }
    }
}

/// The columns of a roster, placed by the user's names or by the header.
struct RosterColumns {
    var id: Int?, name: Int?, first: Int?, last: Int?, email: Int?, program: Int?, role: Int?
    var roles: [String] = []
    /// Columns that said the same thing twice, and which one was used.
    var decisions: [String] = []

    init(_ table: CSVTable, names: RosterColumnNames) throws(SeminarError) {
        var errors: [InputError] = []
        var notes: [String] = []
        func pick(
            _ named: String?, _ option: String, _ role: String, _ aliases: [String],
            key: (String) -> String? = { $0 }
        ) -> Int? {
            do throws(InputError) {
                guard let named else { return try table.roleColumn(role, aliases, notes: &notes, key: key) }
                return try table.column(named: named, option: option)
            } catch {
                errors.append(error)
                return nil
            }
        }
        id = pick(names.id, "--id-column", "id", RosterParser.idColumns)
        name = pick(names.name, "--name-column", "name", RosterParser.nameColumns)
        first = pick(names.firstName, "--first-name-column", "first name", RosterParser.firstNameColumns)
        last = pick(names.lastName, "--last-name-column", "last name", RosterParser.lastNameColumns)
        email = pick(names.email, "--email-column", "e-mail", RosterParser.emailColumns) { $0.lowercased() }
        program = pick(names.program, "--program-column", "program", RosterParser.programColumns)
        role = pick(nil, "", "roles", RosterParser.roleColumns)
        decisions = notes
        if !errors.isEmpty { throw .invalidInput(errors) }
        if id == nil {
            errors.append(
                table.missingColumn(
                    "id", accepted: ["id", "Matrikelnummer", "ID number", "REGISTRATION_NUMBER", "or --id-column"]))
        }
        if name == nil && first == nil && last == nil {
            errors.append(
                table.missingColumn(
                    "name", accepted: ["name", "first_name + last_name", "Vorname + Nachname", "or --name-column"]))
        }
        if email == nil {
            errors.append(
                table.missingColumn("e-mail", accepted: ["email", "e-mail", "Email address", "or --email-column"]))
        }
        if !errors.isEmpty { throw .invalidInput(errors) }
        for (label, col) in [
            ("id", id), ("name", name), ("first name", first), ("last name", last), ("e-mail", email),
            ("program", program), ("roles (only students are imported)", role),
        ] {
            if let col { roles.append("\(label): \(table.describeColumn(col))") }
        }
    }

    func name(_ row: CSVRecord, _ table: CSVTable) -> String {
        var name = table.value(row, self.name)
        // `Name` next to `Vorname` and no `Nachname` (HISinOne, Stud.IP): it is the family
        // name, unless the cell already holds the first name (a full name).
        if !name.isEmpty, last == nil, case let firstName = table.value(row, first), !firstName.isEmpty,
            !name.split(whereSeparator: { $0 == " " || $0 == "," }).contains(where: { $0 == firstName })
        {
            name = firstName + " " + name
        }
        if name.isEmpty {
            name = [table.value(row, first), table.value(row, last)].filter { !$0.isEmpty }.joined(separator: " ")
        }
        return name
    }

    /// `line 3 (Katrin Lehmann): Lehrende`: a row left out because it is not a student.
    func notAStudent(_ row: CSVRecord, _ table: CSVTable, because reason: String) -> String {
        let who = name(row, table)
        return "\(table.place(row)) (\(who.isEmpty ? "no name" : Shown.value(who))): \(shown: reason)"
    }

    func student(
        _ row: CSVRecord, _ table: CSVTable, seenIDs: [String: Int], seenEmails: [String: Int],
        errors: inout [InputError]
    ) -> StudentInput? {
        let id = table.value(row, self.id)
        let name = name(row, table)
        let email = table.value(row, self.email)
        let program = table.value(row, self.program)
        if id.isEmpty {
            errors.append(
                table.error(
                    row, self.id, "the id is empty", hint: "fill it in, or leave the row out with --skip-invalid"))
        } else if !Validation.isValidID(id) {
            errors.append(
                table.error(
                    row, self.id, "'\(shown: id)' is not a valid id", hint: "ids are letters, digits, '.', '_' or '-'")
            )
        } else if let first = seenIDs[id] {
            errors.append(table.error(row, self.id, "id \(shown: id) appears twice (first on line \(first))"))
        }
        if let problem = Validation.nameProblem(name, what: "the name") {
            errors.append(table.error(row, self.name ?? last ?? first, problem))
        }
        if !program.isEmpty, let problem = Validation.textProblem(program, what: "the program", multiline: true) {
            errors.append(table.error(row, self.program, problem))
        }
        if email.isEmpty {
            errors.append(table.error(row, self.email, "the e-mail address is empty"))
        } else if !Validation.isValidEmail(email) {
            errors.append(
                table.error(
                    row, self.email, "'\(shown: email)' is not an e-mail address", hint: Validation.emailHint(email)))
        } else if let first = seenEmails[email.lowercased()] {
            errors.append(table.error(row, self.email, "e-mail \(shown: email) appears twice (first on line \(first))"))
        }
        return errors.isEmpty
            ? StudentInput(id: id, name: name, email: email, program: program.isEmpty ? nil : program, line: row.line)
            : nil
    }
}
