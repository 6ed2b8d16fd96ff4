import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct GradeSetCommand: SeminarCommand {
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
        let scale = try db.gradingPolicy().scale
        var grades: [String: Tenths?] = [:]
        for (name, value) in try typedGrades() {
            if grades[name] != nil { throw SeminarError.usage("\(shown: name) is given twice") }
            grades[name] = .some(try Self.parse(value, component: name, scale: scale))
        }
        let result = try GradeEntry.set(db, student: student, grades: grades, by: context.user, now: context.now)
        for c in result.summary.changes {
            Terminal.line("\(student) \(c.component): \(format(c.old, scale)) → \(format(c.new, scale))")
        }
        if result.summary.changes.isEmpty { Terminal.line("\(student): nothing changed.") }
        if let s = try Gradebook(db).student(student) {
            Terminal.line("Final: " + describeOutcome(s.outcome, scale: scale))
        }
        if !result.summary.changes.isEmpty { try warnIfClosed(result.closedAt, db) }
    }

    func format(_ grade: Tenths?, _ scale: GradeScale) -> String { grade.map { scale.format($0) } ?? "–" }

    /// The grades as typed: component name and raw value, in the order given.
    func typedGrades() throws(SeminarError) -> [(String, String)] {
        var raw: [(String, String)] = []
        if let report { raw.append(("report", report)) }
        if let presentation { raw.append(("presentation", presentation)) }
        for item in others {
            guard let eq = item.firstIndex(of: "=") else {
                throw .usage("--grade takes NAME=GRADE, e.g. --grade participation=1.3 (got '\(shown: item)')")
            }
            let name = String(item[..<eq]).lowercased().trimmingCharacters(in: .whitespaces)
            raw.append((name, String(item[item.index(after: eq)...])))
        }
        guard !raw.isEmpty else {
            throw .usage("give at least one grade: --report GRADE, --presentation GRADE or --grade NAME=GRADE")
        }
        return raw
    }

    /// Reads a grade typed on the command line; `none` clears it.
    static func parse(_ raw: String, component: String, scale: GradeScale) throws(SeminarError) -> Tenths? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        // An empty value is far more often an unset shell variable than a wish to delete a
        // grade (and an empty cell of an import leaves a grade as it is), so clearing is explicit.
        if trimmed.isEmpty {
            throw .usage("the \(shown: component) grade is empty: give a grade, or `none` to clear it")
        }
        if ["none", "-"].contains(trimmed.lowercased()) { return nil }
        guard let g = scale.parse(trimmed) else {
            throw .invalidValue("\(shown: component) grade '\(shown: raw)' is not on \(scale.allowedDescription)")
        }
        return g
    }
}
