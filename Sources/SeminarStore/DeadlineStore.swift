import Foundation
import GRDB
import SeminarCore

extension DeadlineKind: DatabaseValueConvertible {}

public struct DeadlineRecord: StoredRecord, Sendable, Equatable, MutablePersistableRecord {
    public static let databaseTableName = "deadline"
    public var id: Int64?
    public var kind: DeadlineKind
    public var dueAt: Date
    public var title: String?
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, title
        case dueAt = "due_at"
        case createdAt = "created_at"
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let kind = Column(CodingKeys.kind)
        static let dueAt = Column(CodingKeys.dueAt)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The deadline, once the record is saved (it has an id).
    public var deadline: Deadline? {
        id.map { Deadline(id: $0, kind: kind, due: dueAt, title: title) }
    }
}

/// What `deadline template` did: added, and kept because a deadline of that kind existed.
public struct TimelineResult: Sendable {
    public var added: [Deadline] = []
    public var kept: [Deadline] = []
}

/// What `addDeadline` did.
public enum DeadlineAddition: Sendable, Equatable {
    case added(Deadline)
    /// A deadline of that kind at that very time exists already (its id): nothing was added.
    case duplicate(of: Int64)
}

extension AppDatabase {
    public func addDeadline(kind: DeadlineKind, due: Date, title: String?, now: Date = Date()) throws(SeminarError)
        -> DeadlineAddition
    {
        try write { db in
            if let same = try DeadlineRecord.filter(
                DeadlineRecord.Columns.kind == kind && DeadlineRecord.Columns.dueAt == StoredDate(due)
            ).fetchOne(db), let id = same.id {
                return .duplicate(of: id)
            }
            return .added(try Self.insertDeadline(db, kind: kind, due: due, title: title, now: now))
        }
    }

    static func insertDeadline(_ db: Database, kind: DeadlineKind, due: Date, title: String?, now: Date) throws
        -> Deadline
    {
        var record = DeadlineRecord(id: nil, kind: kind, dueAt: due, title: title, createdAt: now)
        try record.insert(db)
        return Deadline(id: record.id ?? db.lastInsertedRowID, kind: kind, due: due, title: title)
    }

    /// Adds the entries whose kind has no deadline yet, in one transaction.
    public func addTimeline(_ entries: [(DeadlineKind, Date)], dryRun: Bool, now: Date = Date()) throws(SeminarError)
        -> TimelineResult
    {
        try write(dryRun: dryRun) { db in
            var result = TimelineResult()
            for (kind, due) in entries {
                if let existing = try DeadlineRecord.filter(DeadlineRecord.Columns.kind == kind)
                    .order(DeadlineRecord.Columns.dueAt).fetchOne(db)?.deadline
                {
                    result.kept.append(existing)
                    continue
                }
                result.added.append(try Self.insertDeadline(db, kind: kind, due: due, title: nil, now: now))
            }
            return result
        }
    }

    public func deadlines() throws(SeminarError) -> [Deadline] {
        try read { db in try Self.fetchDeadlines(db) }
    }

    static func fetchDeadlines(_ db: Database) throws -> [Deadline] {
        try DeadlineRecord.order(DeadlineRecord.Columns.dueAt, DeadlineRecord.Columns.id).fetchAll(db)
            .compactMap(\.deadline)
    }

    /// Removes a deadline and the reminder records about it; nil when there is no such
    /// deadline. Submissions stay: they belong to the student, not to the date.
    public func removeDeadline(id: Int64) throws(SeminarError) -> (deadline: Deadline, reminders: Int)? {
        try write { db in
            guard let d = try DeadlineRecord.fetchOne(db, key: id)?.deadline else { return nil }
            let reminders = try OutboxRecord.filter(OutboxRecord.Columns.deadlineID == id).fetchCount(db)
            _ = try DeadlineRecord.deleteOne(db, key: id)
            return (d, reminders)
        }
    }

    /// The deadline a submission of `kind` is measured against: the latest of that kind (the
    /// last added of two at the same time, like `Deadline.governing`).
    static func governingDeadline(_ db: Database, kind: DeadlineKind) throws -> Deadline? {
        try DeadlineRecord.filter(DeadlineRecord.Columns.kind == kind)
            .order(DeadlineRecord.Columns.dueAt.desc, DeadlineRecord.Columns.id.desc).fetchOne(db)?.deadline
    }

    /// How many deadlines of these kinds are still ahead at `now`.
    static func upcomingDeadlines(_ db: Database, kinds: [DeadlineKind], after now: Date) throws -> Int {
        try DeadlineRecord.filter(kinds.contains(DeadlineRecord.Columns.kind))
            .filter(DeadlineRecord.Columns.dueAt > StoredDate(now)).fetchCount(db)
    }
}
