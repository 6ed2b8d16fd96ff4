import Foundation
import GRDB
import SeminarCore

/// One row of `extension`: a student's own due date for a kind of hand-in.
struct ExtensionRecord: StoredRecord, PersistableRecord {
    static let databaseTableName = "extension"
    var studentID: String
    var kind: DeadlineKind
    var dueAt: Date
    var reason: String?
    var grantedAt: Date

    enum CodingKeys: String, CodingKey {
        case kind, reason
        case studentID = "student_id"
        case dueAt = "due_at"
        case grantedAt = "granted_at"
    }

    enum Columns {
        static let studentID = Column(CodingKeys.studentID)
        static let kind = Column(CodingKeys.kind)
        static let dueAt = Column(CodingKeys.dueAt)
    }

    init(_ e: DeadlineExtension) {
        (studentID, kind, dueAt, reason, grantedAt) = (e.studentID, e.kind, e.due, e.reason, e.grantedAt)
    }

    var value: DeadlineExtension {
        DeadlineExtension(studentID: studentID, kind: kind, due: dueAt, reason: reason, grantedAt: grantedAt)
    }
}

/// What granting an extension wrote.
public struct ExtensionGrant: Sendable {
    public var student: StudentRecord
    /// The deadline of the kind it extends (the governing one).
    public var deadline: Deadline
    public var granted: DeadlineExtension
    /// The extension it replaced, if the student had one for that kind.
    public var replaced: DeadlineExtension?
}

/// An extension with the student's name, for `deadline list`.
public struct ExtensionEntry: Sendable {
    public var value: DeadlineExtension
    public var studentName: String
}

extension AppDatabase {
    /// Grants (or replaces) a student's extension for `ext.kind`, in one transaction: `check`
    /// gets the student and the governing deadline of the kind (nil when there is none), and
    /// returns the deadline the extension extends or throws to refuse; nothing is written
    /// then. Unknown students are refused here.
    public func grantExtension(
        _ ext: DeadlineExtension, check: (StudentRecord, Deadline?) throws -> Deadline
    ) throws(SeminarError) -> ExtensionGrant {
        try write { db in
            let s = try Self.requireStudent(db, ext.studentID)
            let deadline = try check(s, try Self.governingDeadline(db, kind: ext.kind))
            let replaced = try Self.studentExtension(db, student: s.id, kind: ext.kind)
            try ExtensionRecord(ext).save(db)
            return ExtensionGrant(student: s, deadline: deadline, granted: ext, replaced: replaced)
        }
    }

    /// Takes a student's extension for `kind` back. Returns the student and the extension
    /// removed (nil when there was none). Unknown students are refused.
    public func revokeExtension(student: String, kind: DeadlineKind) throws(SeminarError)
        -> (student: StudentRecord, removed: DeadlineExtension?)
    {
        try write { db in
            let s = try Self.requireStudent(db, student)
            let old = try Self.studentExtension(db, student: s.id, kind: kind)
            if old != nil {
                _ = try ExtensionRecord.filter(
                    ExtensionRecord.Columns.studentID == s.id && ExtensionRecord.Columns.kind == kind
                ).deleteAll(db)
            }
            return (s, old)
        }
    }

    /// Every extension with the student's name, by kind, date and student id.
    public func extensions() throws(SeminarError) -> [ExtensionEntry] {
        try read { db in
            let names = Dictionary(
                try StudentRecord.fetchAll(db).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            return try ExtensionRecord.order(
                ExtensionRecord.Columns.kind, ExtensionRecord.Columns.dueAt, ExtensionRecord.Columns.studentID
            ).fetchAll(db).map { ExtensionEntry(value: $0.value, studentName: names[$0.studentID] ?? "") }
        }
    }

    /// A student's extension for `kind`, if any.
    static func studentExtension(_ db: Database, student: String, kind: DeadlineKind) throws -> DeadlineExtension? {
        try ExtensionRecord.filter(ExtensionRecord.Columns.studentID == student && ExtensionRecord.Columns.kind == kind)
            .fetchOne(db)?.value
    }

    /// Every extension, by student id and kind.
    static func extensionsByStudent(_ db: Database) throws -> [String: [DeadlineKind: DeadlineExtension]] {
        var out: [String: [DeadlineKind: DeadlineExtension]] = [:]
        for r in try ExtensionRecord.fetchAll(db) { out[r.studentID, default: [:]][r.kind] = r.value }
        return out
    }
}
