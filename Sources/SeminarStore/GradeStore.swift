import Foundation
import GRDB
import SeminarCore

/// A component grade as the `grade` table holds it.
struct GradeRecord: StoredRecord, PersistableRecord {
    static let databaseTableName = "grade"
    var studentID: String
    var component: String
    var value: Tenths
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case component, value
        case studentID = "student_id"
        case updatedAt = "updated_at"
    }

    enum Columns {
        static let studentID = Column(CodingKeys.studentID)
        static let component = Column(CodingKeys.component)
        static let value = Column(CodingKeys.value)
    }
}

/// A grade without its time: what the rules need, read fast for every student.
struct GradeValue: FetchableRecord, Decodable {
    var studentID: String
    var component: String
    var value: Tenths

    enum CodingKeys: String, CodingKey {
        case component, value
        case studentID = "student_id"
    }
}

/// One line of `grade history`: a grade of a student, or (student nil) a change of the rules.
/// Values are text as they were shown (a grade `1.3`, a rule `report:40,presentation:60`).
public struct GradeHistoryEntry: StoredRecord, PersistableRecord, Sendable, Equatable {
    public static let databaseTableName = "grade_history"
    public var id: Int64?
    public var studentID: String?
    public var subject: GradeHistorySubject
    public var oldValue: String?
    public var newValue: String?
    public var changedAt: Date
    public var changedBy: String
    public var source: GradeChangeSource

    enum CodingKeys: String, CodingKey {
        case id, source
        case studentID = "student_id"
        case subject = "component"
        case oldValue = "old_value"
        case newValue = "new_value"
        case changedAt = "changed_at"
        case changedBy = "changed_by"
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let studentID = Column(CodingKeys.studentID)
    }

    init(
        studentID: String?, subject: GradeHistorySubject, oldValue: String?, newValue: String?, changedAt: Date,
        changedBy: String, source: GradeChangeSource
    ) {
        self.studentID = studentID
        self.subject = subject
        self.oldValue = oldValue
        self.newValue = newValue
        self.changedAt = changedAt
        self.changedBy = changedBy
        self.source = source
    }
}

extension GradeHistorySubject: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Self? {
        String.fromDatabaseValue(dbValue).map(Self.init)
    }
}

extension GradeChangeSource: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Self? {
        String.fromDatabaseValue(dbValue).map(Self.init)
    }
}

/// One student as the grading needs them: roster data and the assigned paper.
public struct GradingStudent: StoredRecord, Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    public var droppedAt: Date?
    public var paperID: String?

    enum CodingKeys: String, CodingKey {
        case id, name, email
        case droppedAt = "dropped_at"
        case paperID = "paper_id"
    }
}

/// Everything the grading rules are applied to, read in one transaction.
public struct GradingFacts: Sendable {
    public var policy: GradingPolicy
    /// When the term was closed, or nil while it is open.
    public var closedAt: Date?
    /// The de-registration deadline (the latest, should there be several), if one is set.
    public var deregistrationDeadline: Date?
    /// Every student on the roster, by id.
    public var students: [GradingStudent]
    /// Student id → component → grade.
    public var grades: [String: [String: Tenths]]
    /// What the attendance rule is applied to; nil when the rule is off or there is no
    /// schedule yet.
    public var attendance: AttendanceFacts?
}

/// The setting keys of the grading rules.
enum GradingSetting {
    static let components = "grading.components"
    static let scale = "grading.scale"
    static let rounding = "grading.rounding"
    static let attendance = "grading.attendance"
    static let closedAt = "grading.closed_at"
}

extension AppDatabase {
    // MARK: Rules

    /// The seminar's grading rules; the standard ones (report 40 %, presentation 60 %,
    /// German scale, nearest step) until `grade config` changes them.
    public func gradingPolicy() throws(SeminarError) -> GradingPolicy {
        try read { db in try Self.gradingPolicy(db) }
    }

    static func gradingPolicy(_ db: Database) throws -> GradingPolicy {
        var policy = GradingPolicy.standard
        if let spec = try setting(db, GradingSetting.components) {
            policy.components = try GradingPolicy.parseComponents([spec])
        }
        if let raw = try setting(db, GradingSetting.scale) {
            guard let scale = GradeScale(storage: raw) else {
                throw SeminarError.other("the stored grading scale '\(raw)' is not understood")
            }
            policy.scale = scale
        }
        if let raw = try setting(db, GradingSetting.rounding) {
            guard let rule = RoundingRule(rawValue: raw) else {
                throw SeminarError.other("the stored rounding rule '\(raw)' is not understood")
            }
            policy.rounding = rule
        }
        if let raw = try setting(db, GradingSetting.attendance) {
            guard let rule = AttendanceRule(rawValue: raw) else {
                throw SeminarError.other("the stored attendance rule '\(raw)' is not understood")
            }
            policy.attendance = rule
        }
        return policy
    }

    /// When the term was closed (missing components then count as failed), or nil.
    public func gradingClosedAt() throws(SeminarError) -> Date? {
        try read { db in try Self.setting(db, GradingSetting.closedAt, as: StoredDate.self)?.date }
    }

    /// Replaces the grading rules in one transaction and logs what changed. `check` sees the
    /// old rules and every recorded grade (by student and component) inside the transaction,
    /// and refuses the change by throwing.
    public func replaceGradingPolicy(
        with new: GradingPolicy, by user: String, at now: Date,
        check: (_ old: GradingPolicy, _ recorded: [RecordedGrade]) throws(SeminarError) -> Void
    ) throws(SeminarError) {
        try write { db in
            let old = try Self.gradingPolicy(db)
            let recorded = try GradeValue.fetchAll(
                db, GradeRecord.order(GradeRecord.Columns.studentID, GradeRecord.Columns.component))
            try check(
                old, recorded.map { RecordedGrade(studentID: $0.studentID, component: $0.component, value: $0.value) })
            func log(_ what: String, _ before: String, _ after: String) throws {
                guard before != after else { return }
                try GradeHistoryEntry(
                    studentID: nil, subject: .rules, oldValue: "\(what) \(before)", newValue: "\(what) \(after)",
                    changedAt: now, changedBy: user, source: .gradeConfig
                ).insert(db)
            }
            try log("components", old.componentsSpecification, new.componentsSpecification)
            try log("scale", old.scale.name, new.scale.name)
            try log("rounding", old.rounding.rawValue, new.rounding.rawValue)
            try log("attendance", old.attendance.rawValue, new.attendance.rawValue)
            try Self.putSetting(db, GradingSetting.components, new.componentsSpecification)
            try Self.putSetting(db, GradingSetting.scale, new.scale.storageString)
            try Self.putSetting(db, GradingSetting.rounding, new.rounding.rawValue)
            try Self.putSetting(db, GradingSetting.attendance, new.attendance.rawValue)
        }
    }

    /// Records the term as closed (`closed`) or open again, with the status change of each of
    /// `students` in their own history. Returns false, changing nothing, when the term already
    /// was so.
    public func setGradingTerm(
        closed: Bool, students: [String], from oldStatus: GradeStatus, to newStatus: GradeStatus, by user: String,
        at now: Date
    ) throws(SeminarError) -> Bool {
        try write { db in
            let wasClosed = try Self.setting(db, GradingSetting.closedAt) != nil
            guard wasClosed != closed else { return false }
            try Self.putSetting(db, GradingSetting.closedAt, closed ? StoredDate(now) : nil)
            let source: GradeChangeSource = closed ? .gradeClose : .gradeReopen
            let (before, after) = closed ? ("open", "closed") : ("closed", "open")
            try GradeHistoryEntry(
                studentID: nil, subject: .term, oldValue: before, newValue: after, changedAt: now, changedBy: user,
                source: source
            ).insert(db)
            for id in students {
                try GradeHistoryEntry(
                    studentID: id, subject: .status, oldValue: oldStatus.rawValue, newValue: newStatus.rawValue,
                    changedAt: now, changedBy: user, source: source
                ).insert(db)
            }
            return true
        }
    }

    // MARK: Grades

    /// Sets (or, with nil, clears) component grades of one student, each change recorded in
    /// the history with its value as `scale` shows it.
    public func setGrades(
        student: String, _ grades: [String: Tenths?], scale: GradeScale, by user: String,
        source: GradeChangeSource = .gradeSet, now: Date
    ) throws(SeminarError) -> GradeChangeSummary {
        try write { db in
            _ = try Self.requireStudent(db, student)
            let current = try Self.grades(db, of: student)[student] ?? [:]
            var summary = GradeChangeSummary()
            for name in grades.keys.sorted() {
                try Self.apply(
                    db, student: student, component: name, old: current[name], new: grades[name]!, scale: scale,
                    user: user, source: source, now: now, summary: &summary)
            }
            return summary
        }
    }

    /// Imports a whole grade file in one transaction: a cell that is empty leaves that grade
    /// as it was, so importing the same file twice changes nothing the second time.
    public func importGrades(
        _ rows: [GradeRow], file: String, scale: GradeScale, by user: String, now: Date
    ) throws(SeminarError) -> GradeChangeSummary {
        try write { db in
            let known = try Set(String.fetchAll(db, StudentRecord.select(StudentRecord.Columns.id)))
            let unknown = rows.filter { !known.contains($0.studentID) }
            if !unknown.isEmpty {
                throw SeminarError.invalidInput(
                    unknown.map {
                        InputError(
                            file: file, line: $0.line, column: 1,
                            message: "no student with id \(shown: $0.studentID) on the roster")
                    })
            }
            let current = try Self.grades(db)
            var summary = GradeChangeSummary()
            let source = GradeChangeSource.gradeImport(file: (file as NSString).lastPathComponent)
            for row in rows {
                for name in row.grades.keys.sorted() {
                    try Self.apply(
                        db, student: row.studentID, component: name, old: current[row.studentID]?[name],
                        new: row.grades[name]!, scale: scale, user: user, source: source, now: now, summary: &summary)
                }
            }
            return summary
        }
    }

    /// Saves one component grade going from `old` (as recorded) to `new`, with its line of history.
    static func apply(
        _ db: Database, student: String, component: String, old: Tenths?, new value: Tenths?, scale: GradeScale,
        user: String, source: GradeChangeSource, now: Date, summary: inout GradeChangeSummary
    ) throws {
        guard let change = summary.record(student: student, component: component, old: old, new: value) else { return }
        if let value {
            try db.execute(
                literal: """
                    INSERT INTO grade(student_id, component, value, updated_at)
                    VALUES (\(student), \(component), \(value), \(StoredDate(now)))
                    ON CONFLICT(student_id, component)
                    DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """)
        } else {
            _ = try GradeRecord.deleteOne(db, key: ["student_id": student, "component": component])
        }
        try GradeHistoryEntry(
            studentID: student, subject: .component(component), oldValue: change.old.map { scale.format($0) },
            newValue: change.new.map { scale.format($0) }, changedAt: now, changedBy: user, source: source
        ).insert(db)
    }

    /// The grading rules, the term, the de-registration deadline, every student and their
    /// grades, and (unless the attendance rule is off) the agenda, signatures and excuses: a
    /// few queries whatever the number of students.
    public func gradingFacts() throws(SeminarError) -> GradingFacts {
        try read { db in
            let deadline = try SQLRequest<StoredDate>(
                """
                SELECT due_at FROM deadline WHERE kind = \(DeadlineKind.deregistration.rawValue)
                ORDER BY due_at DESC LIMIT 1
                """
            ).fetchOne(db)
            let grades = try Self.grades(db)
            let students = try SQLRequest<GradingStudent>(
                """
                SELECT s.id, s.name, s.email, s.dropped_at, a.paper_id
                FROM student s LEFT JOIN assignment a ON a.student_id = s.id
                ORDER BY s.id
                """
            ).fetchAll(db)
            let policy = try Self.gradingPolicy(db)
            return GradingFacts(
                policy: policy, closedAt: try Self.setting(db, GradingSetting.closedAt, as: StoredDate.self)?.date,
                deregistrationDeadline: deadline?.date, students: students, grades: grades,
                attendance: policy.attendance == .off ? nil : try Self.attendanceFacts(db))
        }
    }

    /// Student id → component → grade, of everyone or of one student, in one query.
    static func grades(_ db: Database, of student: String? = nil) throws -> [String: [String: Tenths]] {
        var request = GradeRecord.all()
        if let student { request = request.filter(GradeRecord.Columns.studentID == student) }
        var grades: [String: [String: Tenths]] = [:]
        for g in try GradeValue.fetchAll(db, request) { grades[g.studentID, default: [:]][g.component] = g.value }
        return grades
    }

    /// The history of one student's grades (and the rule changes), oldest first; all of it
    /// when `student` is nil.
    public func gradeHistory(student: String?) throws(SeminarError) -> [GradeHistoryEntry] {
        try read { db in
            var request = GradeHistoryEntry.order(GradeHistoryEntry.Columns.id)
            if let student {
                _ = try Self.requireStudent(db, student)
                let column = GradeHistoryEntry.Columns.studentID
                request = request.filter(column == student || column == nil)
            }
            return try request.fetchAll(db)
        }
    }
}
