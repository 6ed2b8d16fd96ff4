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

    public init(
        id: String, name: String, email: String, program: String?, status: StudentStatus, droppedAt: Date?,
        addedAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.program = program
        self.status = status
        self.droppedAt = droppedAt
        self.addedAt = addedAt
        self.updatedAt = updatedAt
    }

    /// A new, enrolled student.
    public init(_ s: StudentInput, at now: Date) {
        self.init(
            id: s.id, name: s.name, email: s.email, program: s.program, status: .enrolled, droppedAt: nil,
            addedAt: now, updatedAt: now)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, email, program, status
        case droppedAt = "dropped_at"
        case addedAt = "added_at"
        case updatedAt = "updated_at"
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let email = Column(CodingKeys.email)
        static let status = Column(CodingKeys.status)
    }
}

extension StudentStatus: DatabaseValueConvertible {}

/// What a change of a table writes: new records, and changed ones matched by id.
public struct RecordChanges<Record: Sendable>: Sendable {
    public var inserted: [Record] = []
    public var updated: [Record] = []

    public init(inserted: [Record] = [], updated: [Record] = []) {
        self.inserted = inserted
        self.updated = updated
    }
}

/// What a change of the roster writes.
public typealias StudentChanges = RecordChanges<StudentRecord>

extension AppDatabase {
    /// Reads the saved roster, lets `decide` say what changes, and writes that, in one
    /// transaction: nobody changes the roster between the decision and the write. With
    /// `dryRun` the transaction is rolled back. An error thrown by `decide` changes nothing.
    public func changeRoster<T>(
        dryRun: Bool = false, _ decide: ([StudentRecord]) throws -> (StudentChanges, T)
    ) throws(SeminarError) -> T {
        try write(dryRun: dryRun) { db in
            let (changes, result) = try decide(try StudentRecord.fetchAll(db))
            // Two students may swap addresses in one change: park the changed addresses first.
            for s in changes.updated {
                try StudentRecord.filter(key: s.id).updateAll(db, StudentRecord.Columns.email.set(to: "\u{1}" + s.id))
            }
            for s in changes.updated { try s.update(db) }
            for s in changes.inserted { try s.insert(db) }
            return result
        }
    }

    /// The roster by id, or only the students with that status.
    public func students(status: StudentStatus? = nil) throws(SeminarError) -> [StudentRecord] {
        try read { db in
            var request = StudentRecord.order(StudentRecord.Columns.id)
            if let status { request = request.filter(StudentRecord.Columns.status == status) }
            return try request.fetchAll(db)
        }
    }

    /// Ids and names only, by id: for reports over every student.
    public func studentNames(status: StudentStatus) throws(SeminarError) -> [StudentName] {
        try read { db in
            try StudentRecord.select(StudentRecord.Columns.id, StudentRecord.Columns.name)
                .filter(StudentRecord.Columns.status == status).order(StudentRecord.Columns.id)
                .asRequest(of: StudentName.self).fetchAll(db)
        }
    }

    public func student(_ id: String) throws(SeminarError) -> StudentRecord {
        try read { db in try Self.requireStudent(db, id) }
    }

    /// The student with that id, or a clear error naming it.
    public static func requireStudent(_ db: Database, _ id: String) throws -> StudentRecord {
        guard let s = try StudentRecord.fetchOne(db, key: id) else {
            throw SeminarError.notFound(.student, id: id)
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

    /// Undoes a drop entered by mistake. Returns the student, or nil when they were not dropped.
    public func reenrollStudent(_ id: String, now: Date) throws(SeminarError) -> StudentRecord? {
        try write { db in
            var s = try Self.requireStudent(db, id)
            guard s.status == .dropped else { return nil }
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
        let counts = try removeStudentRows(id)
        // The old pages (a hand-in's bytes among them) also sit in the write-ahead log until
        // a checkpoint copies the overwritten ones back: do it now, and empty the log.
        try checkpoint()
        return counts
    }

    private func removeStudentRows(_ id: String) throws(SeminarError) -> [String: Int] {
        try write { db in
            _ = try Self.requireStudent(db, id)
            var counts: [String: Int] = [:]
            // Count what the cascade will take, for the user's receipt.
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master
                    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                    """)
            for table in tables where table != StudentRecord.databaseTableName {
                guard try db.columns(in: table).contains(where: { $0.name == "student_id" }) else { continue }
                let n =
                    try SQLRequest<Int>("SELECT COUNT(*) FROM \(identifier: table) WHERE student_id = \(id)")
                    .fetchOne(db) ?? 0
                if n > 0 { counts[table] = n }
            }
            _ = try StudentRecord.deleteOne(db, key: id)
            // Their handed-in files go with their submissions, unless another student handed
            // in the very same bytes.
            let files = try Self.deleteUnusedFiles(db)
            if files > 0 { counts[StoredFileRecord.databaseTableName] = files }
            // A recorded run keeps its result as text ("student,paper" lines), out of the
            // cascade's reach: the student's line goes too, the run's other lines stay.
            let prefix = id + ","
            var runs = 0
            for var run in try AssignmentRunRecord.fetchAll(db) {
                let lines = run.result.split(separator: "\n", omittingEmptySubsequences: false)
                let kept = lines.filter { !$0.hasPrefix(prefix) }
                guard kept.count != lines.count else { continue }
                run.result = kept.joined(separator: "\n")
                try run.update(db)
                runs += 1
            }
            if runs > 0 { counts[AssignmentRunRecord.databaseTableName] = runs }
            return counts
        }
    }
}
