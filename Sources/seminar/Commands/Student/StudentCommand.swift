import ArgumentParser
import Foundation
import SeminarCore
import SeminarStore

extension StudentStatus: ExpressibleByArgument {}

struct StudentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "student",
        abstract: "The roster: import, add, list, show, drop, remove.",
        subcommands: [StudentImport.self, StudentAdd.self, StudentList.self, StudentShow.self,
                      StudentDrop.self, StudentUndrop.self, StudentRemove.self])
}

/// `--encoding`, for files whose encoding cannot be detected.
struct EncodingOption: ParsableArguments {
    @Option(help: ArgumentHelp("The file's encoding: utf-8, windows-1252, latin-1, utf-16 (default: detected).", valueName: "name"))
    var encoding: String?

    func resolved() throws -> TextEncoding? {
        guard let encoding else { return nil }
        guard let e = TextEncoding(name: encoding) else {
            throw ValidationError("unknown encoding '\(encoding)': use utf-8, windows-1252, latin-1 or utf-16")
        }
        return e
    }
}

struct StudentImport: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the roster from a CSV export of the campus system.",
        discussion: """
            Columns are found by name, in any order: id (id, matriculation, Matrikelnummer, student_id), \
            name (name, or first_name/Vorname and last_name/Nachname), e-mail (email, e-mail, mail), and \
            optionally program (Studiengang). `,` or `;`, UTF-8 with or without BOM, or Windows-1252. \
            Students are matched by id: re-importing updates them. A file with any bad row changes nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @Flag(help: "Check the file and show what would change, without saving.") var dryRun = false
    @Argument(help: "The roster CSV file.") var file: String

    func execute() throws {
        let db = try global.open()
        let table = try CSVTable.load(path: file, encoding: try encoding.resolved())
        let students = try RosterParser.parse(table)
        let summary = try db.importStudents(students, file: file, dryRun: dryRun)
        let prefix = dryRun ? "Would import" : "Imported"
        Terminal.line("\(prefix) \(file) (\(table.encoding.rawValue)): \(summary.description).")
        if !summary.updated.isEmpty && summary.updated.count <= 20 {
            Terminal.line("Updated: \(summary.updated.joined(separator: ", "))")
        }
    }
}

struct StudentAdd: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add one student.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id (matriculation number; leading zeros are kept).") var id: String
    @Option(help: "Full name.") var name: String
    @Option(help: "E-mail address.") var email: String
    @Option(help: "Degree program.") var program: String?

    func execute() throws {
        guard Validation.isValidID(id) else { throw SeminarError.invalidValue("'\(id)' is not a valid id: use letters, digits, '.', '_' or '-'") }
        let name = name.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
        guard Validation.isValidName(name) else { throw SeminarError.invalidValue("the name must not be empty or contain control characters") }
        let email = email.trimmingCharacters(in: .whitespaces)
        guard Validation.isValidEmail(email) else {
            throw SeminarError.invalidValue("'\(email)' is not an e-mail address (\(Validation.emailHint(email)))")
        }
        let db = try global.open()
        try db.addStudent(StudentInput(id: id, name: name, email: email, program: program))
        Terminal.line("Added student \(id): \(name) <\(email)>.")
    }
}

struct StudentList: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the roster.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Option(help: "Only students with this status: enrolled or dropped.") var status: StudentStatus?

    func execute() throws {
        let db = try global.open()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: ["id", "name", "email", "program", "status", "dropped_on"])
        for s in try db.students() where status == nil || s.status == status {
            let dropped = s.droppedAt.flatMap(SeminarTime.fromStorage).map { time.formatDay($0) }
            rows.append([.text(s.id), .text(s.name), .text(s.email), s.program.cell, .text(s.status.rawValue), dropped.cell])
        }
        output.print(rows)
    }
}

struct StudentShow: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show everything recorded about one student.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String

    func execute() throws {
        let db = try global.open()
        let time = try db.seminarInfo().time
        let s = try db.student(id)
        let details = try db.studentDetails(id)
        var lines: [(String, String)] = [("id", s.id), ("name", s.name), ("email", s.email)]
        if let p = s.program { lines.append(("program", p)) }
        var status = s.status.rawValue
        if let d = s.droppedAt.flatMap(SeminarTime.fromStorage) { status += " on \(time.formatLocal(d))" }
        lines.append(("status", status))
        lines.append(("form", details.formSubmittedAt.flatMap(SeminarTime.fromStorage).map { "received \(time.formatLocal($0))" } ?? "none received"))
        if !details.preferences.isEmpty {
            lines.append(("choices", details.preferences.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")))
        }
        if let a = details.assignment {
            lines.append(("paper", a))
        }
        for (label, value) in details.extra { lines.append((label, value)) }
        lines += try db.gradeSummary(student: id)
        Terminal.fields(lines)
    }
}

struct StudentDrop: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop", abstract: "Record a de-registration.",
        discussion: "Before the de-registration deadline the student is withdrawn (no grade); after it the course counts as failed.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String
    @Option(help: "When the student de-registered (default: now), e.g. 2024-10-28.") var on: String?

    func execute() throws {
        let db = try global.open()
        let time = try db.seminarInfo().time
        let when = try on.map { raw throws(SeminarError) in try parseDate(raw, in: time, what: "--on") } ?? Date()
        let s = try db.dropStudent(id, at: when)
        Terminal.line("Dropped \(s.id) (\(s.name)) on \(time.formatLocal(when)).")
        if let deadline = try db.deregistrationDeadline() {
            let verdict = when <= deadline ? "before the de-registration deadline: withdrawn, no grade" : "after the de-registration deadline (\(time.formatLocal(deadline))): counts as failed (5.0)"
            Terminal.line("That is \(verdict).")
        }
    }
}

struct StudentUndrop: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "undrop", abstract: "Undo a de-registration entered by mistake.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String

    func execute() throws {
        let s = try global.open().reenrollStudent(id)
        Terminal.line("\(s.id) (\(s.name)) is enrolled again.")
    }
}

struct StudentRemove: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Erase a student and all their data.",
        discussion: "Deletes the student with their forms, assignment, submissions, grades and mail records. This cannot be undone: take a `seminar backup` first if in doubt.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String

    func execute() throws {
        let removed = try global.open().removeStudent(id)
        let detail = removed.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        Terminal.line("Erased student \(id)" + (detail.isEmpty ? "." : " and their records (\(detail))."))
    }
}
