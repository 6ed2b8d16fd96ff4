import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grades: set, import, list, history, export, stats, config, close.",
        discussion: """
            By default the final grade is 0.4 × report + 0.6 × presentation on the German scale, computed \
            exactly and rounded to the nearest step (a tie goes to the better grade). A component worse than \
            4.0 fails the course (5.0); a missing one leaves the student incomplete until `grade close`. \
            See docs/grading.md.
            """,
        subcommands: [
            GradeSet.self, GradeImport.self, GradeList.self, GradeHistory.self, GradeExport.self,
            GradeStatsCommand.self, GradeConfig.self, GradeClose.self,
        ])
}

/// Reads a grade typed on the command line; `none` clears it.
func parseGradeArgument(_ raw: String, component: String, scale: GradeScale) throws(SeminarError) -> Tenths? {
    let trimmed = raw.trimmingCharacters(in: .whitespaces)
    // An empty value is far more often an unset shell variable than a wish to delete a
    // grade (and an empty cell of an import leaves a grade as it is), so clearing is explicit.
    if trimmed.isEmpty {
        throw .usage("the \(component) grade is empty: give a grade, or `none` to clear it")
    }
    if ["none", "-"].contains(trimmed.lowercased()) { return nil }
    guard let g = scale.parse(trimmed) else {
        throw .invalidValue("\(component) grade '\(raw)' is not on \(scale.allowedDescription)")
    }
    return g
}

/// A grade changed after `grade close`: the coordinator may have exported the closed term
/// already, and a missing component still counts as failed.
func warnIfClosed(_ db: AppDatabase) throws {
    guard let closed = try db.gradingClosedAt() else { return }
    Terminal.warn(
        "note: the term was closed on \(try db.seminarInfo().time.formatLocal(closed)), so a missing component still counts as failed; "
            + "export the grades again if you already did (seminar grade close --reopen if more grades are coming)")
}

/// `1.7 (passed)`, `– (incomplete: presentation missing)`: one student's outcome in words.
func describeOutcome(_ o: GradeOutcome, scale: GradeScale) -> String {
    var s = (o.final.map { scale.format($0) } ?? "–") + " (\(o.status.rawValue)"
    if let r = o.reason { s += ": \(r)" }
    return s + ")"
}

struct GradeSet: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set one student's component grades by hand.",
        discussion:
            "Every change is kept in the history (seminar grade history STUDENT). Write `none` to clear a grade. Other components than report and presentation: --grade NAME=GRADE."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Option(help: ArgumentHelp("The report's grade, e.g. 1.7 (or none).", valueName: "grade")) var report: String?
    @Option(help: ArgumentHelp("The presentation's grade, e.g. 2.0 (or none).", valueName: "grade")) var presentation:
        String?
    @Option(
        name: .customLong("grade"),
        help: ArgumentHelp("Any component's grade, e.g. participation=1.3 (repeatable).", valueName: "name=grade"))
    var others: [String] = []

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let policy = try db.gradingPolicy()
        var raw: [(String, String)] = []
        if let report { raw.append(("report", report)) }
        if let presentation { raw.append(("presentation", presentation)) }
        for item in others {
            guard let eq = item.firstIndex(of: "=") else {
                throw SeminarError.usage("--grade takes NAME=GRADE, e.g. --grade participation=1.3 (got '\(item)')")
            }
            raw.append(
                (
                    String(item[..<eq]).lowercased().trimmingCharacters(in: .whitespaces),
                    String(item[item.index(after: eq)...])
                ))
        }
        guard !raw.isEmpty else {
            throw SeminarError.usage(
                "give at least one grade: --report GRADE, --presentation GRADE or --grade NAME=GRADE")
        }
        var grades: [String: Tenths?] = [:]
        for (name, value) in raw {
            if grades[name] != nil { throw SeminarError.usage("\(name) is given twice") }
            grades[name] = .some(try parseGradeArgument(value, component: name, scale: policy.scale))
        }
        let summary = try db.setGrades(student: student, grades, by: context.user)
        for c in summary.changes {
            Terminal.line("\(student) \(c.component): \(c.old ?? "–") → \(c.new ?? "–")")
        }
        if summary.changes.isEmpty { Terminal.line("\(student): nothing changed.") }
        if let s = try db.gradedStudents().first(where: { $0.id == student }) {
            Terminal.line("Final: " + describeOutcome(s.outcome, scale: policy.scale))
        }
        if !summary.changes.isEmpty { try warnIfClosed(db) }
    }
}

struct GradeImport: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import grades from CSV, by student id.",
        discussion: """
            Header-driven: an id column (id, Matrikelnummer, ID number, student_id; or the e-mail address when \
            the id is empty) and one column per component (report, presentation, ...; also as Moodle's \
            gradebook writes them, Assignment: Report (Real), and German lists, Note Vortrag), in any order; \
            other columns are ignored. A file with one grade column (Moodle's grading worksheet: Grade) \
            needs --component to say which component it is. An empty cell or - leaves that grade as it is. \
            `1,3`, `1.3` and `1.30` are the same. A file with any bad row (unknown \
            student, grade off the scale, id twice) changes nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @Option(help: ArgumentHelp("The column with the student's id (header or letter).", valueName: "column"))
    var idColumn: String?
    @Option(
        help: ArgumentHelp(
            "The component the file's one grade column is (Moodle's grading worksheet: Grade).",
            valueName: "name")) var component: String?
    @Flag(help: "Check the file and show what would change, without saving.") var dryRun = false
    @Argument(help: "The grade file (CSV or .xlsx).") var file: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let policy = try db.gradingPolicy()
        let table = try encoding.load(file)
        let students = try db.students()
        let known = Set(students.map(\.id))
        let emails = Dictionary(students.map { ($0.email.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        let read = try GradeFileParser.read(
            table, policy: policy, knownStudents: known, emails: emails,
            idColumn: idColumn, component: component)
        let rows = read.rows
        Terminal.reading(file, table, roles: read.roles, decisions: read.decisions)
        if read.ungraded > 0 {
            Terminal.line(
                "\(read.ungraded) row\(read.ungraded == 1 ? " has" : "s have") no grade (empty or -): left as they are."
            )
        }
        let summary: GradeChangeSummary
        if dryRun {
            summary = try db.previewGradeImport(rows, file: file)
        } else {
            summary = try db.importGrades(rows, file: file, by: context.user)
        }
        Terminal.line(
            "\(dryRun ? "Would import" : "Imported") \(file): \(rows.count) students, \(summary.description).")
        if summary.changed > 0 {
            for c in summary.changes where c.old != nil {
                Terminal.line("  \(c.student) \(c.component): \(c.old!) → \(c.new ?? "–")")
            }
        }
        if !dryRun && !summary.changes.isEmpty { try warnIfClosed(db) }
    }
}

struct GradeList: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every student's grades, final grade and status.",
        discussion:
            "mean is the exact weighted mean before rounding; status is passed, failed, incomplete or withdrawn; note says why."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Option(help: "Only students with this status: passed, failed, incomplete or withdrawn.") var status: String?

    func execute(in context: CommandContext) throws {
        if let status, GradeStatus(rawValue: status) == nil {
            throw ValidationError("unknown status '\(status)': use passed, failed, incomplete or withdrawn")
        }
        let db = try context.database()
        let policy = try db.gradingPolicy()
        var rows = RowSet(
            columns: ["id", "name", "paper"] + policy.components.map(\.name) + ["mean", "final", "status", "note"])
        for s in try db.gradedStudents() where status == nil || s.outcome.status.rawValue == status {
            let grades = policy.components.map { c in
                s.grades[c.name].map { Cell.decimal(policy.scale.format($0)) } ?? .null
            }
            rows.append(
                [.text(s.id), .text(s.name), s.paper.cell] + grades
                    + [
                        s.outcome.mean.map { .text($0.description) } ?? .null,
                        s.outcome.final.map { .decimal(policy.scale.format($0)) } ?? .null,
                        .text(s.outcome.status.rawValue), s.outcome.reason.cell,
                    ])
        }
        output.print(rows)
        if output.format == .table, try db.deregistrationDeadline() == nil,
            try db.students().contains(where: { $0.status == .dropped })
        {
            Terminal.warn(
                "note: no de-registration deadline is set, so dropped students count as withdrawn (seminar deadline add deregistration DATE)"
            )
        }
    }
}

struct GradeHistory: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Every change to a student's grades: old, new, when, by whom.",
        discussion:
            "Changes to the grading rules (grade config, grade close) are listed too. Without STUDENT: the whole history."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Argument(help: "The student's id (default: everyone).") var student: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: ["time", "student", "component", "old", "new", "by", "source"])
        for e in try db.gradeHistory(student: student) {
            let when = SeminarTime.fromStorage(e.changedAt).map { time.formatLocal($0, seconds: true) } ?? e.changedAt
            rows.append([
                .text(when), e.studentID.cell, .text(e.component), e.oldValue.cell, e.newValue.cell,
                .text(e.changedBy), .text(e.source),
            ])
        }
        output.print(rows)
    }
}
