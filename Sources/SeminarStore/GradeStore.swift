import Foundation
import GRDB
import SeminarCore

/// One line of `grade history`.
public struct GradeHistoryEntry: Sendable, Equatable {
    public var studentID: String?
    public var component: String
    public var oldValue: String?
    public var newValue: String?
    public var changedAt: String
    public var changedBy: String
    public var source: String
}

/// What a grade import or `grade set` did, counted per component grade.
public struct GradeChangeSummary: Sendable, Equatable {
    /// Grades that were not there before.
    public var added = 0
    /// Grades that replaced another value.
    public var changed = 0
    /// Grades that were already exactly so.
    public var unchanged = 0
    /// Grades cleared (`none`).
    public var cleared = 0
    /// The changes, for printing: student, component, old, new.
    public var changes: [(student: String, component: String, old: String?, new: String?)] = []

    public var description: String {
        var parts = ["\(added) added", "\(changed) changed", "\(unchanged) unchanged"]
        if cleared > 0 { parts.append("\(cleared) cleared") }
        return parts.joined(separator: ", ")
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.added == b.added && a.changed == b.changed && a.unchanged == b.unchanged && a.cleared == b.cleared
    }
}

/// The setting keys of the grading rules.
enum GradingSetting {
    static let components = "grading.components"
    static let scale = "grading.scale"
    static let rounding = "grading.rounding"
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
        return policy
    }

    static func setting(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
    }

    static func putSetting(_ db: Database, _ key: String, _ value: String?) throws {
        if let value {
            try db.execute(
                sql:
                    "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
        }
    }

    /// When the term was closed (missing components then count as failed), or nil.
    public func gradingClosedAt() throws(SeminarError) -> Date? {
        try read { db in try Self.setting(db, GradingSetting.closedAt).flatMap(SeminarTime.fromStorage) }
    }

    /// Changes the rules. Refused when a recorded grade would not fit them (a component
    /// that would disappear, a grade not on the new scale): grades are never dropped silently.
    @discardableResult
    public func configureGrading(_ new: GradingPolicy, by user: String, now: Date = Date()) throws(SeminarError)
        -> GradingPolicy
    {
        try GradingPolicy.validate(new.components)
        let stamp = SeminarTime.storageString(now)
        return try write { db in
            let old = try Self.gradingPolicy(db)
            var problems: [String] = []
            for row in try Row.fetchAll(
                db, sql: "SELECT component, COUNT(*) AS n FROM grade GROUP BY component ORDER BY component")
            {
                let component: String = row["component"]
                let n: Int = row["n"]
                if new.component(component) == nil {
                    problems.append(
                        "\(n) \(component) grade\(n == 1 ? " is" : "s are") recorded; clear them first (seminar grade set STUDENT --grade \(component)=none) or keep the component"
                    )
                }
            }
            let recorded = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grade") ?? 0
            if new.scale.isGerman != old.scale.isGerman && recorded > 0 {
                // 1.3 on the German scale is not 1.3 points: grades cannot move between kinds of scale.
                problems.append(
                    "\(recorded) grade\(recorded == 1 ? " is" : "s are") recorded on \(old.scale.name); a grade means something else on \(new.scale.name), so change the scale before grading (or clear the grades first)"
                )
            } else if case .points(let oldMax, _) = old.scale, case .points(let newMax, _) = new.scale,
                oldMax != newMax, recorded > 0
            {
                // 30 of 60 points is not 30 of 100: the recorded points would change their meaning.
                problems.append(
                    "\(recorded) grade\(recorded == 1 ? " is" : "s are") recorded as points out of \(GradeScale.plain(oldMax)); a different maximum (\(GradeScale.plain(newMax))) would change what they mean, so set the maximum before grading (or clear the grades first); the pass mark alone may change"
                )
            } else if new.scale != old.scale {
                let values = try Row.fetchAll(
                    db, sql: "SELECT student_id, component, value FROM grade ORDER BY student_id")
                let off = values.filter { new.scale.parse(old.scale.format($0["value"])) == nil }
                if !off.isEmpty {
                    let examples = off.prefix(3).map {
                        "\($0["student_id"] as String) \($0["component"] as String) \(old.scale.format($0["value"]))"
                    }
                    problems.append(
                        "\(off.count) recorded grade\(off.count == 1 ? " is" : "s are") not on \(new.scale.allowedDescription) (e.g. \(examples.joined(separator: ", ")))"
                    )
                }
            }
            if !problems.isEmpty { throw SeminarError.conflict(problems.joined(separator: "; ")) }
            func log(_ what: String, _ before: String, _ after: String) throws {
                guard before != after else { return }
                try db.execute(
                    sql: """
                        INSERT INTO grade_history(student_id, component, old_value, new_value, changed_at, changed_by, source)
                        VALUES (NULL, 'config', ?, ?, ?, ?, ?)
                        """, arguments: ["\(what) \(before)", "\(what) \(after)", stamp, user, "grade config"])
            }
            try log("components", old.componentsSpecification, new.componentsSpecification)
            try log("scale", old.scale.name, new.scale.name)
            try log("rounding", old.rounding.rawValue, new.rounding.rawValue)
            try Self.putSetting(db, GradingSetting.components, new.componentsSpecification)
            try Self.putSetting(db, GradingSetting.scale, new.scale.storageString)
            try Self.putSetting(db, GradingSetting.rounding, new.rounding.rawValue)
            return new
        }
    }

    /// Closes the term: from now on a missing component counts as failed. Returns how many
    /// students that fails, and whether the term was already closed.
    public func closeGrading(by user: String, now: Date = Date()) throws(SeminarError) -> (
        failedNow: [String], alreadyClosed: Bool
    ) {
        let incomplete = try gradedStudents().filter { $0.outcome.status == .incomplete }.map(\.id)
        let stamp = SeminarTime.storageString(now)
        return try write { db in
            if try Self.setting(db, GradingSetting.closedAt) != nil { return ([], true) }
            try Self.putSetting(db, GradingSetting.closedAt, stamp)
            try db.execute(
                sql: """
                    INSERT INTO grade_history(student_id, component, old_value, new_value, changed_at, changed_by, source)
                    VALUES (NULL, 'close', 'open', 'closed', ?, ?, 'grade close')
                    """, arguments: [stamp, user])
            // Each student it fails gets a line in their own history too.
            for id in incomplete {
                try db.execute(
                    sql: """
                        INSERT INTO grade_history(student_id, component, old_value, new_value, changed_at, changed_by, source)
                        VALUES (?, 'status', 'incomplete', 'failed', ?, ?, 'grade close')
                        """, arguments: [id, stamp, user])
            }
            return (incomplete, false)
        }
    }

    /// Opens a closed term again (a late grade arrived).
    public func reopenGrading(by user: String, now: Date = Date()) throws(SeminarError) -> Bool {
        let stamp = SeminarTime.storageString(now)
        let failedByClosing = try gradedStudents().filter { $0.outcome.reason?.hasPrefix("term closed") == true }.map(
            \.id)
        return try write { db in
            guard try Self.setting(db, GradingSetting.closedAt) != nil else { return false }
            try Self.putSetting(db, GradingSetting.closedAt, nil)
            try db.execute(
                sql: """
                    INSERT INTO grade_history(student_id, component, old_value, new_value, changed_at, changed_by, source)
                    VALUES (NULL, 'close', 'closed', 'open', ?, ?, 'grade close --reopen')
                    """, arguments: [stamp, user])
            for id in failedByClosing {
                try db.execute(
                    sql: """
                        INSERT INTO grade_history(student_id, component, old_value, new_value, changed_at, changed_by, source)
                        VALUES (?, 'status', 'failed', 'incomplete', ?, ?, 'grade close --reopen')
                        """, arguments: [id, stamp, user])
            }
            return true
        }
    }

    // MARK: Grades

    /// Sets (or, with nil, clears) component grades of one student, each change recorded.
    public func setGrades(
        student: String, _ grades: [String: Tenths?], by user: String, source: String = "grade set",
        now: Date = Date()
    ) throws(SeminarError) -> GradeChangeSummary {
        try write { db in
            _ = try Self.requireStudent(db, student)
            let policy = try Self.gradingPolicy(db)
            var summary = GradeChangeSummary()
            for name in grades.keys.sorted() {
                guard policy.component(name) != nil else {
                    throw SeminarError.invalidValue(
                        "the seminar has no component \(name) (components: \(policy.components.map(\.name).joined(separator: ", ")); see seminar grade config)"
                    )
                }
                try Self.apply(
                    db, student: student, component: name, value: grades[name]!, policy: policy, user: user,
                    source: source, now: now, summary: &summary)
            }
            return summary
        }
    }

    /// Imports a whole grade file in one transaction: a cell that is empty leaves that grade
    /// as it was, so importing the same file twice changes nothing the second time.
    public func importGrades(_ rows: [GradeRow], file: String, by user: String, now: Date = Date()) throws(SeminarError)
        -> GradeChangeSummary
    {
        try write { db in
            let policy = try Self.gradingPolicy(db)
            var errors: [InputError] = []
            for row in rows {
                guard try StudentRecord.fetchOne(db, key: row.studentID) == nil else { continue }
                errors.append(
                    InputError(
                        file: file, line: row.line, column: 1,
                        message: "no student with id \(row.studentID) on the roster"))
            }
            if !errors.isEmpty { throw SeminarError.invalidInput(errors) }
            var summary = GradeChangeSummary()
            let source = "grade import \((file as NSString).lastPathComponent)"
            for row in rows {
                for name in row.grades.keys.sorted() {
                    try Self.apply(
                        db, student: row.studentID, component: name, value: row.grades[name]!, policy: policy,
                        user: user, source: source, now: now, summary: &summary)
                }
            }
            return summary
        }
    }

    static func apply(
        _ db: Database, student: String, component: String, value: Tenths?, policy: GradingPolicy, user: String,
        source: String, now: Date, summary: inout GradeChangeSummary
    ) throws {
        let stamp = SeminarTime.storageString(now)
        let old = try Int.fetchOne(
            db, sql: "SELECT value FROM grade WHERE student_id = ? AND component = ?", arguments: [student, component])
        if old == value {
            if value != nil { summary.unchanged += 1 }
            return
        }
        if let value {
            try db.execute(
                sql: """
                    INSERT INTO grade(student_id, component, value, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(student_id, component) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """, arguments: [student, component, value, stamp])
            if old == nil { summary.added += 1 } else { summary.changed += 1 }
        } else {
            try db.execute(
                sql: "DELETE FROM grade WHERE student_id = ? AND component = ?", arguments: [student, component])
            summary.cleared += 1
        }
        let oldText = old.map { policy.scale.format($0) }
        let newText = value.map { policy.scale.format($0) }
        try db.execute(
            sql: """
                INSERT INTO grade_history(student_id, component, old_value, new_value, changed_at, changed_by, source)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [student, component, oldText, newText, stamp, user, source])
        summary.changes.append((student, component, oldText, newText))
    }

    /// Every student on the roster with their grades and what the rules make of them, by id.
    /// `assumeClosed`: as if the term were closed (for an export that closes it only once
    /// the file is written).
    public func gradedStudents(assumeClosed: Bool = false) throws(SeminarError) -> [GradedStudent] {
        try read { db in
            let policy = try Self.gradingPolicy(db)
            let closed = try assumeClosed || Self.setting(db, GradingSetting.closedAt) != nil
            let deadline = try String.fetchOne(
                db, sql: "SELECT due_at FROM deadline WHERE kind = 'deregistration' ORDER BY due_at DESC LIMIT 1"
            )
            .flatMap(SeminarTime.fromStorage)
            var grades: [String: [String: Tenths]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT student_id, component, value FROM grade") {
                grades[row["student_id"], default: [:]][row["component"]] = row["value"]
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.name, s.email, s.dropped_at, a.paper_id
                    FROM student s LEFT JOIN assignment a ON a.student_id = s.id
                    ORDER BY s.id
                    """
            ).map { row in
                let id: String = row["id"]
                let g = grades[id] ?? [:]
                let dropped = (row["dropped_at"] as String?).flatMap(SeminarTime.fromStorage)
                return GradedStudent(
                    id: id, name: row["name"], email: row["email"], paper: row["paper_id"], grades: g,
                    outcome: policy.evaluate(grades: g, droppedAt: dropped, deadline: deadline, closed: closed))
            }
        }
    }

    /// The history of one student's grades (and the rule changes), oldest first; all of it
    /// when `student` is nil.
    public func gradeHistory(student: String?) throws(SeminarError) -> [GradeHistoryEntry] {
        try read { db in
            if let student { _ = try Self.requireStudent(db, student) }
            let sql =
                student == nil
                ? "SELECT * FROM grade_history ORDER BY id"
                : "SELECT * FROM grade_history WHERE student_id = ? OR student_id IS NULL ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: student.map { [$0] } ?? []).map { row in
                GradeHistoryEntry(
                    studentID: row["student_id"], component: row["component"], oldValue: row["old_value"],
                    newValue: row["new_value"], changedAt: row["changed_at"], changedBy: row["changed_by"],
                    source: row["source"])
            }
        }
    }

    /// Lines for `student show`: the grades and the outcome.
    public func gradeSummary(student: String) throws(SeminarError) -> [(String, String)] {
        let policy = try gradingPolicy()
        guard let s = try gradedStudents().first(where: { $0.id == student }) else { return [] }
        let parts = policy.components.map { c in
            "\(c.name) " + (s.grades[c.name].map { policy.scale.format($0) } ?? "–")
        }
        var outcome = s.outcome.status.rawValue
        if let f = s.outcome.final { outcome = "\(policy.scale.format(f)) (\(outcome))" }
        if let r = s.outcome.reason { outcome += ", \(r)" }
        return [("grades", parts.joined(separator: ", ")), ("final", outcome)]
    }
}

extension AppDatabase {
    /// What an import would do, without saving.
    public func previewGradeImport(_ rows: [GradeRow], file: String) throws(SeminarError) -> GradeChangeSummary {
        let current = try gradedStudents()
        var byID: [String: [String: Tenths]] = [:]
        for s in current { byID[s.id] = s.grades }
        var summary = GradeChangeSummary()
        let policy = try gradingPolicy()
        for row in rows {
            for (name, value) in row.grades.sorted(by: { $0.key < $1.key }) {
                let old = byID[row.studentID]?[name]
                if old == value {
                    summary.unchanged += 1
                    continue
                }
                if old == nil { summary.added += 1 } else { summary.changed += 1 }
                summary.changes.append(
                    (row.studentID, name, old.map { policy.scale.format($0) }, policy.scale.format(value)))
            }
        }
        return summary
    }
}

extension AppDatabase {
    /// To-do lines for `seminar status` once grading has begun (nothing before the first grade).
    public func gradingTodo() throws(SeminarError) -> [String] {
        let students = try gradedStudents()
        guard students.contains(where: { !$0.grades.isEmpty }) else { return [] }
        let incomplete = students.filter { $0.outcome.status == .incomplete }.count
        var todo: [String] = []
        if incomplete > 0 {
            todo.append(
                "\(incomplete) student\(incomplete == 1 ? " is" : "s are") missing a grade: seminar grade list --status incomplete (or seminar grade close at the end of term)"
            )
        }
        return todo
    }
}
