import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarFiles
import SeminarStore

extension StudentStatus: ExpressibleByArgument {}

struct StudentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "student",
        abstract: "The roster: import, add, list, show, drop, remove.",
        subcommands: [
            StudentImport.self, StudentAdd.self, StudentList.self, StudentShow.self,
            StudentDrop.self, StudentUndrop.self, StudentRemove.self, StudentDomainAlias.self,
        ])
}

struct StudentImport: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the roster from the campus system's or Moodle's export (CSV or .xlsx).",
        discussion: """
            Columns are found by name, in any order, in the wordings of TUMonline / CAMPUSonline (also the exam \
            registration list: REGISTRATION_NUMBER, FAMILY_NAME_OF_STUDENT, ...), HISinOne, Stud.IP and Moodle's \
            participants download: id (Matrikelnummer, ID number, student_id, ...), name (or first and last name), \
            e-mail, and optionally program (Studiengang, Studiengänge, STUDY_PROGRAMME). Name unusual columns with \
            --id-column and friends (a header or a letter). Moodle rows whose roles include no student role \
            (a Teacher) are skipped and counted. `,`, `;` or tab, UTF-8 with or without BOM, Windows-1252, or an \
            .xlsx workbook. Students are matched by id: re-importing updates them and says what changed; \
            enrolled students the file no longer lists are named, not dropped. A file with any bad row changes \
            nothing unless --skip-invalid is given.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @OptionGroup var columns: StudentColumnOptions
    @Option(help: ArgumentHelp("The column with the first name.", valueName: "column")) var firstNameColumn: String?
    @Option(help: ArgumentHelp("The column with the last name.", valueName: "column")) var lastNameColumn: String?
    @Option(help: ArgumentHelp("The column with the degree program.", valueName: "column")) var programColumn: String?
    @Flag(help: "Import the good rows and name the bad ones instead of rejecting the file.") var skipInvalid = false
    @Flag(help: "Check the file and show what would change, without saving.") var dryRun = false
    @Argument(help: "The roster file (CSV or .xlsx).") var file: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let table = try encoding.load(file)
        let names = RosterColumnNames(
            id: columns.idColumn, email: columns.emailColumn, name: columns.nameColumn, firstName: firstNameColumn,
            lastName: lastNameColumn, program: programColumn)
        let roster = try RosterParser.read(table, names: names, skipInvalid: skipInvalid)
        let summary = try db.importStudents(roster.students, file: file, dryRun: dryRun, skipInvalid: skipInvalid)
        Terminal.reading(file, table, roles: roster.roles)
        if !roster.notStudents.isEmpty {
            Terminal.line(
                "Skipped \(roster.notStudents.count) row\(roster.notStudents.count == 1 ? "" : "s") of people who are not students: "
                    + roster.notStudents.joined(separator: "; ") + ".")
        }
        let refused = roster.invalid + summary.refused
        Terminal.skippedRows(refused, rows: Set(refused.compactMap(\.line)).count)
        Terminal.line("\(dryRun ? "Would import" : "Imported") \(summary.description).")
        for id in summary.updated {
            Terminal.line("  updated \(id): \(summary.changes[id, default: []].joined(separator: "; "))")
        }
        if !summary.notListed.isEmpty {
            let n = summary.notListed.count
            Terminal.line(
                "\(n) enrolled student\(n == 1 ? " is" : "s are") not in this file (kept; `seminar student drop ID` if they left): "
                    + summary.notListed.joined(separator: ", "))
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

    func execute(in context: CommandContext) throws {
        guard Validation.isValidID(id) else {
            throw SeminarError.invalidValue("'\(id)' is not a valid id: use letters, digits, '.', '_' or '-'")
        }
        let name = name.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
        guard Validation.isValidName(name) else {
            throw SeminarError.invalidValue("the name must not be empty or contain control characters")
        }
        let email = email.trimmingCharacters(in: .whitespaces)
        guard Validation.isValidEmail(email) else {
            throw SeminarError.invalidValue("'\(email)' is not an e-mail address (\(Validation.emailHint(email)))")
        }
        let db = try context.database()
        try db.addStudent(StudentInput(id: id, name: name, email: email, program: program))
        Terminal.line("Added student \(id): \(name) <\(email)>.")
    }
}

struct StudentList: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the roster.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Option(help: "Only students with this status: enrolled or dropped.") var status: StudentStatus?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: ["id", "name", "email", "program", "status", "dropped_on"])
        for s in try db.students() where status == nil || s.status == status {
            let dropped = s.droppedAt.map { time.formatDay($0) }
            rows.append([
                .text(s.id), .text(s.name), .text(s.email), s.program.cell, .text(s.status.rawValue), dropped.cell,
            ])
        }
        output.print(rows)
    }
}

struct StudentShow: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show everything recorded about one student.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        let s = try db.student(id)
        let details = try db.studentDetails(id)
        var lines: [(String, String)] = [("id", s.id), ("name", s.name), ("email", s.email)]
        if let p = s.program { lines.append(("program", p)) }
        var status = s.status.rawValue
        if let d = s.droppedAt { status += " on \(time.formatLocal(d))" }
        lines.append(("status", status))
        let form = details.formSubmittedAt.map { raw in
            SeminarTime.fromStorage(raw).map { "received \(time.formatLocal($0))" }
                ?? "received (the file gave no time)"
        }
        lines.append(("form", form ?? "none received"))
        if !details.preferences.isEmpty {
            lines.append(
                (
                    "choices",
                    details.preferences.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
                ))
        }
        if let a = details.assignment {
            lines.append(("paper", a))
        }
        for (label, value) in details.extra { lines.append((label, value)) }
        lines += HandInLines.lines(try db.handIns(student: id), time: time)
        lines += try gradeFields(db, student: id)
        Terminal.fields(lines)
    }
}

struct StudentDrop: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop", abstract: "Record a de-registration.",
        discussion:
            "Before the de-registration deadline the student is withdrawn (no grade); after it the course counts as failed."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String
    @Option(help: "When the student de-registered (default: now), e.g. 2024-10-28.") var on: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        let when = try on.map { raw throws(SeminarError) in try parseDate(raw, in: time, what: "--on") } ?? Date()
        let s = try db.dropStudent(id, at: when)
        Terminal.line("Dropped \(s.id) (\(s.name)) on \(time.formatLocal(when)).")
        if let deadline = try db.deregistrationDeadline() {
            let verdict =
                when <= deadline
                ? "before the de-registration deadline: withdrawn, no grade"
                : "after the de-registration deadline (\(time.formatLocal(deadline))): counts as failed (5.0)"
            Terminal.line("That is \(verdict).")
        }
    }
}

struct StudentUndrop: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "undrop", abstract: "Undo a de-registration entered by mistake.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String

    func execute(in context: CommandContext) throws {
        let s = try context.database().reenrollStudent(id)
        Terminal.line("\(s.id) (\(s.name)) is enrolled again.")
    }
}

struct StudentRemove: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Erase a student and all their data.",
        discussion:
            "Deletes the student with their forms, assignment, submissions, grades and mail records. This cannot be undone: take a `seminar backup` first if in doubt."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String

    func execute(in context: CommandContext) throws {
        let removed = try context.database().removeStudent(id)
        let detail = removed.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        Terminal.line("Erased student \(id)" + (detail.isEmpty ? "." : " and their records (\(detail))."))
    }
}

struct StudentDomainAlias: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "domain-alias",
        abstract: "E-mail domains that name a roster domain in forms (mytum.de for tum.de).",
        discussion: """
            Students often type another address of their university in a form: `mytum.de` where the roster \
            says `tum.de`. With `seminar student domain-alias mytum.de tum.de`, `prefs import` takes \
            `name@mytum.de` as `name@tum.de` and says so for each row. Without arguments it lists the \
            aliases; --remove ALIAS removes one.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Remove this alias.", valueName: "domain")) var remove: String?
    @Argument(help: "The domain students type (e.g. mytum.de).") var alias: String?
    @Argument(help: "The roster's domain it stands for (e.g. tum.de).") var canonical: String?

    func validate() throws {
        if remove != nil && alias != nil { throw ValidationError("give either --remove DOMAIN or ALIAS CANONICAL") }
        if alias != nil && canonical == nil {
            throw ValidationError("name the roster's domain too: seminar student domain-alias ALIAS CANONICAL")
        }
        for domain in [alias, canonical, remove].compactMap({ $0 }) {
            guard Validation.isValidEmail("x@" + domain) else {
                throw ValidationError("'\(domain)' is not an e-mail domain (expected e.g. tum.de)")
            }
        }
        if let alias, alias.lowercased() == canonical?.lowercased() {
            throw ValidationError("a domain cannot be an alias of itself")
        }
    }

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        var aliases: [String: String]
        if let remove {
            aliases = try db.setDomainAlias(remove, canonical: nil)
            Terminal.line("Removed the e-mail domain alias \(remove.lowercased()).")
        } else if let alias, let canonical {
            aliases = try db.setDomainAlias(alias, canonical: canonical)
            Terminal.line("Forms may write \(alias.lowercased()) for \(canonical.lowercased()).")
        } else {
            aliases = try db.domainAliases()
        }
        if aliases.isEmpty { Terminal.line("No e-mail domain aliases.") }
        for (a, c) in aliases.sorted(by: { $0.key < $1.key }) { Terminal.line("\(a) = \(c)") }
    }
}
