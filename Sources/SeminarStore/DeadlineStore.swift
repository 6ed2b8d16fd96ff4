import Foundation
import GRDB
import SeminarCore

public struct DeadlineRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "deadline"
    public var id: Int64?
    public var kind: String
    public var dueAt: String
    public var title: String?
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id, kind, title
        case dueAt = "due_at"
        case createdAt = "created_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var deadline: Deadline? {
        guard let id, let kind = DeadlineKind(rawValue: kind), let due = SeminarTime.fromStorage(dueAt) else {
            return nil
        }
        return Deadline(id: id, kind: kind, due: due, title: title)
    }
}

/// What `deadline template` did: added, and kept because a deadline of that kind existed.
public struct TimelineResult: Sendable {
    public var added: [Deadline] = []
    public var kept: [Deadline] = []
}

extension AppDatabase {
    public func addDeadline(kind: DeadlineKind, due: Date, title: String?, now: Date = Date()) throws(SeminarError)
        -> Deadline
    {
        try write { db in try Self.insertDeadline(db, kind: kind, due: due, title: title, now: now) }
    }

    static func insertDeadline(_ db: Database, kind: DeadlineKind, due: Date, title: String?, now: Date) throws
        -> Deadline
    {
        let stamp = SeminarTime.storageString(due)
        if let same = try DeadlineRecord.filter(sql: "kind = ? AND due_at = ?", arguments: [kind.rawValue, stamp])
            .fetchOne(db),
            let id = same.id
        {
            throw SeminarError.conflict(
                "there already is a \(kind.rawValue) deadline at that time (deadline \(id)); see `seminar deadline list`"
            )
        }
        var record = DeadlineRecord(
            id: nil, kind: kind.rawValue, dueAt: stamp, title: title, createdAt: SeminarTime.storageString(now))
        try record.insert(db)
        return record.deadline!
    }

    /// Adds the entries whose kind has no deadline yet, in one transaction.
    public func addTimeline(_ entries: [(DeadlineKind, Date)], dryRun: Bool, now: Date = Date()) throws(SeminarError)
        -> TimelineResult
    {
        try write(dryRun: dryRun) { db in
            var result = TimelineResult()
            for (kind, due) in entries {
                if let existing = try DeadlineRecord.filter(sql: "kind = ?", arguments: [kind.rawValue]).order(
                    sql: "due_at"
                ).fetchOne(db),
                    let d = existing.deadline
                {
                    result.kept.append(d)
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
        try DeadlineRecord.order(sql: "due_at, id").fetchAll(db).compactMap(\.deadline)
    }

    /// Removes a deadline and the reminder records about it. Submissions stay: they
    /// belong to the student, not to the date.
    public func removeDeadline(id: Int64) throws(SeminarError) -> (deadline: Deadline, reminders: Int) {
        try write { db in
            guard let record = try DeadlineRecord.fetchOne(db, key: id), let d = record.deadline else {
                throw SeminarError.invalidValue("no deadline with id \(id) (see `seminar deadline list`)")
            }
            let reminders =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE deadline_id = ?", arguments: [id]) ?? 0
            _ = try DeadlineRecord.deleteOne(db, key: id)
            return (d, reminders)
        }
    }

    /// The deadline a submission of `kind` is measured against: the latest of that kind.
    static func governingDeadline(_ db: Database, kind: DeadlineKind) throws -> Deadline? {
        try DeadlineRecord.filter(sql: "kind = ?", arguments: [kind.rawValue]).order(sql: "due_at DESC").fetchOne(db)?
            .deadline
    }
}
