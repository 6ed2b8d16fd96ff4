import Foundation
import SeminarCore
import SeminarStore

/// Grades coming in: typed by hand (`grade set`) or imported from a file (`grade import`).
public enum GradeEntry {
    /// What setting or importing grades did.
    public struct Result: Sendable {
        public var summary: GradeChangeSummary
        /// The rules the grades were read and saved with.
        public var policy: GradingPolicy
        /// When the term was closed, if it is: a change then may need a new export.
        public var closedAt: Date?
    }

    /// Sets (nil: clears) some component grades of one student.
    public static func set(
        _ db: AppDatabase, student: String, grades: [String: Tenths?], by user: String, now: Date
    ) throws(SeminarError) -> Result {
        let policy = try db.gradingPolicy()
        for name in grades.keys.sorted() where policy.component(name) == nil {
            throw .invalidValue(
                "the seminar has no component \(shown: name) (components: \(policy.components.map(\.name).joined(separator: ", ")); see seminar grade config)"
            )
        }
        let summary = try db.setGrades(student: student, grades, scale: policy.scale, by: user, now: now)
        return Result(summary: summary, policy: policy, closedAt: try db.gradingClosedAt())
    }

    /// What a grade file gave and what importing it did (or, dry, would do).
    public struct Import: Sendable {
        public var file: GradeFileImport
        public var result: Result
    }

    /// Reads a grade file against the roster (ids, else e-mail addresses) and the rules, then
    /// saves every grade in one transaction; with `dryRun`, only says what would change.
    public static func importFile(
        _ db: AppDatabase, table: CSVTable, idColumn: String?, component: String?, dryRun: Bool, by user: String,
        now: Date
    ) throws(SeminarError) -> Import {
        let book = try Gradebook(db)
        let known = Set(book.students.map(\.id))
        let emails = Dictionary(
            book.students.map { ($0.email.lowercased(), $0.id) }, uniquingKeysWith: { first, _ in first })
        let read = try GradeFileParser.read(
            table, policy: book.policy, knownStudents: known, emails: emails, idColumn: idColumn,
            component: component)
        let summary: GradeChangeSummary
        if dryRun {
            summary = preview(read.rows, against: book)
        } else {
            summary = try db.importGrades(read.rows, file: table.file, scale: book.policy.scale, by: user, now: now)
        }
        return Import(file: read, result: Result(summary: summary, policy: book.policy, closedAt: book.closedAt))
    }

    /// What importing `rows` would change, by the same rule the import applies.
    public static func preview(_ rows: [GradeRow], against book: Gradebook) -> GradeChangeSummary {
        var current: [String: [String: Tenths]] = [:]
        for s in book.students { current[s.id] = s.grades }
        var summary = GradeChangeSummary()
        for row in rows {
            for (name, value) in row.grades.sorted(by: { $0.key < $1.key }) {
                summary.record(student: row.studentID, component: name, old: current[row.studentID]?[name], new: value)
            }
        }
        return summary
    }
}
