import Foundation
import GRDB
import SeminarCore

public struct StudentRecord: StoredRecord, Sendable, Equatable, PersistableRecord {
    public static let databaseTableName = "student"
    public var id: String
    public var name: String
    public var email: String
    public var program: String?
    public var status: StudentStatus
    public var droppedAt: Date?
    public var addedAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, email, program, status
        case droppedAt = "dropped_at"
        case addedAt = "added_at"
        case updatedAt = "updated_at"
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let email = Column(CodingKeys.email)
    }
}

extension StudentStatus: DatabaseValueConvertible {}

/// What a roster import did.
public struct ImportSummary: Sendable, Equatable {
    public var added: [String] = []
    public var updated: [String] = []
    public var unchanged: [String] = []
    /// What changed for each updated student: `e-mail a@x → b@x`.
    public var changes: [String: [String]] = [:]
    /// Enrolled students the file does not list (kept: an export may be partial).
    public var notListed: [String] = []
    /// Rows left out with --skip-invalid because they clash with the saved roster.
    public var refused: [InputError] = []

    public var description: String {
        "\(added.count) added, \(updated.count) updated, \(unchanged.count) unchanged"
    }
}

extension AppDatabase {
    /// Upserts the roster by id in one transaction. Students not in the file are kept
    /// (a roster export may be partial); their de-registration status is never reset.
    /// With `skipInvalid`, a row that clashes with the saved roster (an address of another
    /// student, an id without its leading zero) is left out and listed instead of failing all.
    public func importStudents(
        _ students: [StudentInput], file: String, dryRun: Bool = false, skipInvalid: Bool = false,
        now: Date = Date()
    ) throws(SeminarError) -> ImportSummary {
        let stamp = now
        return try write(dryRun: dryRun) { db in
            var students = students
            var existing: [String: StudentRecord] = [:]
            for s in try StudentRecord.fetchAll(db) { existing[s.id] = s }
            // The final roster must not give one address to two students.
            var owner: [String: String] = [:]
            for s in existing.values { owner[s.email.lowercased()] = s.id }
            for s in students { if let old = existing[s.id] { owner.removeValue(forKey: old.email.lowercased()) } }
            var errors: [InputError] = []
            var refusedIDs: Set<String> = []
            var byNumber: [String: String] = [:]
            for id in existing.keys { byNumber[Validation.numberKey(id)] = id }
            for s in students {
                if existing[s.id] == nil, let same = byNumber[Validation.numberKey(s.id)], same != s.id {
                    errors.append(
                        InputError(
                            file: file, line: s.line,
                            message:
                                "id \(Validation.leadingZeroMessage(s.id, existing: same)) (already on the roster)",
                            hint: Validation.leadingZeroHint))
                    refusedIDs.insert(s.id)
                    continue
                }
                if let other = owner[s.email.lowercased()], other != s.id {
                    errors.append(
                        InputError(
                            file: file, line: s.line, message: "e-mail \(s.email) already belongs to student \(other)",
                            hint: "fix the address, or update student \(other) first"))
                    refusedIDs.insert(s.id)
                    continue
                }
                owner[s.email.lowercased()] = s.id
            }
            if !errors.isEmpty && !skipInvalid { throw SeminarError.invalidInput(errors) }
            students.removeAll { refusedIDs.contains($0.id) }

            var summary = ImportSummary()
            summary.refused = errors
            let listed = Set(students.map(\.id)).union(refusedIDs)
            summary.notListed = existing.values.filter { $0.status == .enrolled && !listed.contains($0.id) }.map(\.id)
                .sorted()
            var changed: [StudentRecord] = []
            for s in students {
                if var old = existing[s.id] {
                    if old.name == s.name && old.email == s.email && old.program == s.program {
                        summary.unchanged.append(s.id)
                        continue
                    }
                    var what: [String] = []
                    if old.name != s.name { what.append("name \(old.name) → \(s.name)") }
                    if old.email != s.email { what.append("e-mail \(old.email) → \(s.email)") }
                    if old.program != s.program { what.append("program \(old.program ?? "–") → \(s.program ?? "–")") }
                    summary.changes[s.id] = what
                    old.name = s.name
                    old.email = s.email
                    old.program = s.program
                    old.updatedAt = stamp
                    changed.append(old)
                    summary.updated.append(s.id)
                } else {
                    changed.append(
                        StudentRecord(
                            id: s.id, name: s.name, email: s.email, program: s.program, status: .enrolled,
                            droppedAt: nil, addedAt: stamp, updatedAt: stamp))
                    summary.added.append(s.id)
                }
            }
            // Two students may swap addresses in one import: park the changed addresses first.
            for s in changed where existing[s.id] != nil {
                try db.execute(sql: "UPDATE student SET email = ? WHERE id = ?", arguments: ["\u{1}" + s.id, s.id])
            }
            for s in changed {
                if existing[s.id] == nil { try s.insert(db) } else { try s.update(db) }
            }
            return summary
        }
    }

    public func addStudent(_ s: StudentInput, now: Date = Date()) throws(SeminarError) {
        let stamp = now
        try write { db in
            if try StudentRecord.fetchOne(db, key: s.id) != nil {
                throw SeminarError.conflict(
                    "student \(s.id) is already on the roster (see `seminar student show \(s.id)`)")
            }
            let number = Validation.numberKey(s.id)
            for id in try String.fetchAll(db, sql: "SELECT id FROM student") where Validation.numberKey(id) == number {
                throw SeminarError.conflict(
                    "\(Validation.leadingZeroMessage(s.id, existing: id)), who is already on the roster (see `seminar student show \(id)`)"
                )
            }
            if let other = try StudentRecord.filter(sql: "email = ? COLLATE NOCASE", arguments: [s.email]).fetchOne(db)
            {
                throw SeminarError.conflict("e-mail \(s.email) already belongs to student \(other.id) (\(other.name))")
            }
            try StudentRecord(
                id: s.id, name: s.name, email: s.email, program: s.program, status: .enrolled, droppedAt: nil,
                addedAt: stamp, updatedAt: stamp
            ).insert(db)
        }
    }

    public func students() throws(SeminarError) -> [StudentRecord] {
        try read { try StudentRecord.order(StudentRecord.Columns.id).fetchAll($0) }
    }

    public func student(_ id: String) throws(SeminarError) -> StudentRecord {
        try read { db in try Self.requireStudent(db, id) }
    }

    /// The student with that id, or a clear error naming it.
    public static func requireStudent(_ db: Database, _ id: String) throws -> StudentRecord {
        guard let s = try StudentRecord.fetchOne(db, key: id) else {
            throw SeminarError.invalidValue("no student with id \(id) (see `seminar student list`)")
        }
        return s
    }

    /// Records a de-registration. Dropping again corrects the date.
    public func dropStudent(_ id: String, at: Date, now: Date = Date()) throws(SeminarError) -> StudentRecord {
        try write { db in
            var s = try Self.requireStudent(db, id)
            s.status = .dropped
            s.droppedAt = at
            s.updatedAt = now
            try s.update(db)
            return s
        }
    }

    /// Undoes a drop entered by mistake.
    public func reenrollStudent(_ id: String, now: Date = Date()) throws(SeminarError) -> StudentRecord {
        try write { db in
            var s = try Self.requireStudent(db, id)
            guard s.status == .dropped else { throw SeminarError.conflict("student \(id) is not dropped") }
            s.status = .enrolled
            s.droppedAt = nil
            s.updatedAt = now
            try s.update(db)
            return s
        }
    }

    /// Erases the student and everything recorded about them (forms, assignment,
    /// submissions, grades, mails): the right to erasure. Returns what was removed, per table.
    public func removeStudent(_ id: String) throws(SeminarError) -> [String: Int] {
        try write { db in
            _ = try Self.requireStudent(db, id)
            var counts: [String: Int] = [:]
            // Count what the cascade will take, for the user's receipt.
            let tables = try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'"
            )
            for table in tables where table != "student" {
                let columns = try db.columns(in: table).map(\.name)
                if columns.contains("student_id") {
                    let n =
                        try Int.fetchOne(
                            db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier) WHERE student_id = ?",
                            arguments: [id]) ?? 0
                    if n > 0 { counts[table] = n }
                }
            }
            try db.execute(sql: "DELETE FROM student WHERE id = ?", arguments: [id])
            return counts
        }
    }
}
