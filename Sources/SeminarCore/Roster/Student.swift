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
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D
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
            ? "\(id) is \(existing) without its leading zero"
            : "\(id) is \(existing) with extra leading zeros"
    }

    public static let leadingZeroHint = "a spreadsheet drops leading zeros: export the list again, or format the id column as text before saving"

    /// For an id that is not on the roster: "did you mean 03705521? ..." when exactly one
    /// known id is the same number with other leading zeros, else nil.
    public static func leadingZeroSuggestion(_ id: String, known: Set<String>) -> String? {
        let key = numberKey(id)
        let matches = known.filter { $0 != id && numberKey($0) == key }
        guard matches.count == 1, let match = matches.first else { return nil }
        return "did you mean \(match)? \(leadingZeroMessage(id, existing: match)); \(leadingZeroHint)"
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
    }

    private static let forbiddenInEmail: Set<Unicode.Scalar> = [" ", ",", ";", "<", ">", "(", ")", "[", "]", "\\", "\"", "'", "`", ":"]

    /// A deliberately simple address check: one @, a local part, a dotted domain, nothing a
    /// mail header could be broken with (spaces, commas, angle brackets, quotes, controls).
    public static func isValidEmail(_ email: String) -> Bool {
        // Mail headers are 7-bit: an address with ä or ă cannot be written into To: as it
        // is, and university mail systems hand out ASCII addresses anyway.
        guard email.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64, parts[1].utf8.count <= 253 else { return false }
        guard email.unicodeScalars.allSatisfy({ !isControl($0) && !$0.properties.isWhitespace && !forbiddenInEmail.contains($0) })
        else { return false }
        let domainLabels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard domainLabels.count >= 2, domainLabels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") })
        else { return false }
        return !parts[0].hasPrefix(".") && !parts[0].hasSuffix(".") && !parts[0].contains("..")
    }

    /// Free text that is shown in terminals and files (authors, venue, topic, abstract): no
    /// control characters (an escape sequence would reach the terminal); an abstract may keep
    /// its line breaks and tabs.
    public static func isValidText(_ text: String, multiline: Bool = false) -> Bool {
        text.unicodeScalars.allSatisfy { !isControl($0) || (multiline && ($0 == "\n" || $0 == "\t")) }
    }

    /// What to do about an address `isValidEmail` refused.
    public static func emailHint(_ email: String) -> String {
        email.utf8.allSatisfy({ $0 < 0x80 })
            ? "expected name@example.org"
            : "addresses with non-ASCII letters cannot be mailed reliably; use the ASCII address (e.g. ae for ä)"
    }

    /// Names go into mail headers and terminals: no control characters or line breaks.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 800 && name.unicodeScalars.allSatisfy { !isControl($0) }
    }
}

public enum RosterParser {
    public static let idColumns = ["id", "matriculation", "matriculation number", "Matrikelnummer", "Matrikelnr", "MatrNr", "student_id", "student id", "student number",
                                          "id number"]
    public static let nameColumns = ["name", "full name", "full_name", "student name", "Name, Vorname"]
    public static let firstNameColumns = ["first_name", "first name", "firstname", "Vorname", "given name", "given_name"]
    public static let lastNameColumns = ["last_name", "last name", "lastname", "Nachname", "family name", "surname", "Familienname"]
    public static let emailColumns = ["email", "e-mail", "mail", "email address", "E-Mail-Adresse", "e-mail address"]
    public static let programColumns = ["program", "programme", "Studiengang", "degree program", "study program", "Studium"]

    /// Reads a roster: header-driven, every bad row reported, nothing returned unless all are good.
    public static func parse(_ table: CSVTable) throws(SeminarError) -> [StudentInput] {
        let map = table.map
        var errors: [InputError] = []
        let idCol = map.column(idColumns)
        let nameCol = map.column(nameColumns)
        let firstCol = map.column(firstNameColumns)
        let lastCol = map.column(lastNameColumns)
        let emailCol = map.column(emailColumns)
        let programCol = map.column(programColumns)
        if idCol == nil { errors.append(table.missingColumn("id", accepted: ["id", "matriculation", "Matrikelnummer", "student_id"])) }
        if nameCol == nil && firstCol == nil && lastCol == nil {
            errors.append(table.missingColumn("name", accepted: ["name", "first_name + last_name", "Vorname + Nachname"]))
        }
        if emailCol == nil { errors.append(table.missingColumn("e-mail", accepted: ["email", "e-mail", "mail"])) }
        if !errors.isEmpty { throw .invalidInput(errors) }
        if table.rows.isEmpty {
            throw .invalidInput([InputError(file: table.file, line: table.header.line + 1, message: "the roster has a header but no students")])
        }

        var students: [StudentInput] = []
        var seenIDs: [String: Int] = [:]
        var seenEmails: [String: Int] = [:]
        for row in table.rows {
            let id = table.value(row, idCol)
            var name = table.value(row, nameCol)
            // `Name` next to `Vorname` and no `Nachname` (HISinOne, Stud.IP): it is the family
            // name, unless the cell already holds the first name (a full name).
            if !name.isEmpty, lastCol == nil, case let first = table.value(row, firstCol), !first.isEmpty,
               !name.split(whereSeparator: { $0 == " " || $0 == "," }).contains(where: { $0 == first }) {
                name = first + " " + name
            }
            if name.isEmpty {
                name = [table.value(row, firstCol), table.value(row, lastCol)].filter { !$0.isEmpty }.joined(separator: " ")
            }
            let email = table.value(row, emailCol)
            let program = table.value(row, programCol)
            var rowOK = true
            if id.isEmpty {
                errors.append(table.error(row, idCol, "the id is empty")); rowOK = false
            } else if !Validation.isValidID(id) {
                errors.append(table.error(row, idCol, "'\(id)' is not a valid id", hint: "ids are letters, digits, '.', '_' or '-'")); rowOK = false
            } else if let first = seenIDs[id] {
                errors.append(table.error(row, idCol, "id \(id) appears twice (first on line \(first))")); rowOK = false
            } else {
                seenIDs[id] = row.line
            }
            if !Validation.isValidName(name) {
                errors.append(table.error(row, nameCol ?? lastCol ?? firstCol, name.isEmpty ? "the name is empty" : "the name contains control characters")); rowOK = false
            }
            if email.isEmpty {
                errors.append(table.error(row, emailCol, "the e-mail address is empty")); rowOK = false
            } else if !Validation.isValidEmail(email) {
                errors.append(table.error(row, emailCol, "'\(email)' is not an e-mail address", hint: Validation.emailHint(email))); rowOK = false
            } else if let first = seenEmails[email.lowercased()] {
                errors.append(table.error(row, emailCol, "e-mail \(email) appears twice (first on line \(first))")); rowOK = false
            }
            if rowOK {
                seenEmails[email.lowercased()] = row.line
                students.append(StudentInput(id: id, name: name, email: email, program: program.isEmpty ? nil : program, line: row.line))
            }
        }
        if !errors.isEmpty { throw .invalidInput(errors) }
        return students
    }
}
