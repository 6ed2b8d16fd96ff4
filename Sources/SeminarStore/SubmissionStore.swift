import Foundation
import GRDB
import SeminarCore

public struct SubmissionRecord: StoredRecord, Sendable, Equatable, MutablePersistableRecord {
    public static let databaseTableName = "submission"
    public var id: Int64?
    public var studentID: String
    public var kind: DeadlineKind
    public var submittedAt: Date
    public var recordedAt: Date
    public var fileName: String?
    public var fileSize: Int?
    public var sha256: String?
    public var pdfVersion: String?
    /// Where an import found it (`moodle participant 4711`); nil when typed with `submit`.
    public var source: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, kind, sha256, source
        case studentID = "student_id"
        case submittedAt = "submitted_at"
        case recordedAt = "recorded_at"
        case fileName = "file_name"
        case fileSize = "file_size"
        case pdfVersion = "pdf_version"
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let studentID = Column(CodingKeys.studentID)
        static let kind = Column(CodingKeys.kind)
        static let submittedAt = Column(CodingKeys.submittedAt)
        static let sha256 = Column(CodingKeys.sha256)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The file of a submission by its fingerprint alone (how hand-ins were recorded before
/// their files were kept).
public struct SubmittedFile: Sendable {
    public var name: String
    public var size: Int
    public var sha256: String
    public var pdfVersion: String?

    public init(name: String, size: Int, sha256: String, pdfVersion: String?) {
        self.name = name
        self.size = size
        self.sha256 = sha256
        self.pdfVersion = pdfVersion
    }
}

/// A submission with who handed it in and how it stands against the deadline.
public struct SubmissionEntry: Sendable {
    public var record: SubmissionRecord
    public var studentName: String
    public var submittedAt: Date { record.submittedAt }
    /// The deadline as it applies to the student: due at their extension's date when they have one.
    public var deadline: Deadline?
    /// How late, in seconds; nil when on time or when there is no deadline.
    public var lateBy: TimeInterval?
    /// A later submission of the same kind replaced this one.
    public var superseded: Bool
    /// Another student handed in a file with the same SHA-256.
    public var sameFileAs: [String] = []
    /// The file's bytes are kept in the seminar (`submission get` writes them out).
    public var kept = false
}

/// An enrolled student who has not handed in something.
public struct MissingEntry: Sendable, StoredRecord {
    public var id: String
    public var name: String
    public var email: String
    public var paperID: String?
    /// The student's own due date: their extension's, else the deadline's (nil: no deadline).
    public var due: Date?
    /// Whether `due` is an extension.
    public var extended: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, email, due, extended
        case paperID = "paper_id"
    }
}

/// What `student show` tells about a student's hand-ins and reminders.
public struct StudentHandIns: Sendable {
    /// The latest hand-in of each kind, in `DeadlineKind.submittable` order, with the
    /// deadline it is measured against (as it applies to the student: their extension).
    public var latest: [(record: SubmissionRecord, deadline: Deadline?)] = []
    /// The student's extensions, in `DeadlineKind.submittable` order.
    public var extensions: [DeadlineExtension] = []
    /// The fingerprints of the latest hand-ins whose bytes are kept.
    public var kept: Set<String> = []
    /// Reminders sent to the student.
    public var remindersSent = 0
}

extension AppDatabase {
    /// Records a submission of a submittable kind (report or slides) and keeps its file,
    /// streamed in (its size and SHA-256 are those of the bytes kept). Returns it with whether
    /// it is late and whether it replaces an earlier one.
    public func submit(student: String, kind: DeadlineKind, at: Date, keeping file: KeptFile, now: Date = Date())
        throws(SeminarError) -> (entry: SubmissionEntry, replaced: Int, dropped: Bool)
    {
        try write { db in
            let kept = try Self.storeFile(db, now: now, produce: file.contents)
            return try Self.recordSubmission(
                db, student: student, kind: kind, at: at,
                file: SubmittedFile(name: file.name, size: kept.size, sha256: kept.sha256, pdfVersion: file.pdfVersion),
                now: now)
        }
    }

    /// Records a submission with its file's fingerprint at most (or none: handed in on paper).
    public func submit(student: String, kind: DeadlineKind, at: Date, file: SubmittedFile?, now: Date = Date())
        throws(SeminarError) -> (entry: SubmissionEntry, replaced: Int, dropped: Bool)
    {
        try write { db in try Self.recordSubmission(db, student: student, kind: kind, at: at, file: file, now: now) }
    }

    static func recordSubmission(
        _ db: Database, student: String, kind: DeadlineKind, at: Date, file: SubmittedFile?, now: Date
    ) throws -> (entry: SubmissionEntry, replaced: Int, dropped: Bool) {
        let s = try Self.requireStudent(db, student)
        let replaced = try SubmissionRecord.filter(
            SubmissionRecord.Columns.studentID == s.id && SubmissionRecord.Columns.kind == kind
        ).fetchCount(db)
        var record = SubmissionRecord(
            id: nil, studentID: s.id, kind: kind, submittedAt: at, recordedAt: now, fileName: file?.name,
            fileSize: file?.size, sha256: file?.sha256, pdfVersion: file?.pdfVersion)
        try record.insert(db)
        let deadline = try Self.governingDeadline(db, kind: kind)?.due(
            for: try Self.studentExtension(db, student: s.id, kind: kind))
        var entry = SubmissionEntry(
            record: record, studentName: s.name, deadline: deadline, lateBy: deadline?.lateness(of: at),
            superseded: false)
        if let hash = file?.sha256 {
            entry.sameFileAs = try String.fetchAll(
                db,
                SubmissionRecord.filter(
                    SubmissionRecord.Columns.sha256 == hash && SubmissionRecord.Columns.studentID != s.id
                ).select(SubmissionRecord.Columns.studentID).distinct().order(SubmissionRecord.Columns.studentID))
        }
        return (entry, replaced, s.status == .dropped)
    }

    /// Every submission, oldest first, each measured against the current deadline of its
    /// kind. Which ones are superseded and which files were handed in twice is worked out
    /// in memory, in one pass: a correlated subquery per row made this quadratic.
    public func submissions(kind: DeadlineKind? = nil) throws(SeminarError) -> [SubmissionEntry] {
        try read { db in
            var deadlines: [DeadlineKind: Deadline] = [:]
            for k in DeadlineKind.submittable { deadlines[k] = try Self.governingDeadline(db, kind: k) }
            let extensions = try Self.extensionsByStudent(db)
            let names = Dictionary(
                try SQLRequest<StudentName>("SELECT id, name FROM student").fetchAll(db).map { ($0.id, $0.name) },
                uniquingKeysWith: { a, _ in a })
            let all = try SubmissionRecord.order(SubmissionRecord.Columns.submittedAt, SubmissionRecord.Columns.id)
                .fetchAll(db)
            let kept = try Self.keptFingerprints(db)
            // Ordered by time then id, so the last one seen per student and kind is the latest.
            var latest: [String: Int64] = [:]
            var byHash: [String: Set<String>] = [:]
            for r in all {
                latest["\(r.studentID)\u{0}\(r.kind.rawValue)"] = r.id
                if let hash = r.sha256 { byHash[hash, default: []].insert(r.studentID) }
            }
            return all.compactMap { r -> SubmissionEntry? in
                guard kind == nil || r.kind == kind, let name = names[r.studentID] else { return nil }
                let d = (deadlines[r.kind] ?? nil)?.due(for: extensions[r.studentID]?[r.kind])
                let same = r.sha256.flatMap { byHash[$0] }.map { $0.subtracting([r.studentID]).sorted() } ?? []
                return SubmissionEntry(
                    record: r, studentName: name, deadline: d, lateBy: d?.lateness(of: r.submittedAt),
                    superseded: latest["\(r.studentID)\u{0}\(r.kind.rawValue)"] != r.id, sameFileAs: same,
                    kept: r.sha256.map(kept.contains) ?? false)
            }
        }
    }

    /// Enrolled students with no submission of `kind`, by id, each with their own due date.
    public func missingSubmissions(kind: DeadlineKind) throws(SeminarError) -> [MissingEntry] {
        try read { db in
            let deadline = try Self.governingDeadline(db, kind: kind)
            return try SQLRequest<MissingEntry>(
                literal: """
                    SELECT s.id, s.name, s.email, a.paper_id, e.due_at AS due, e.due_at IS NOT NULL AS extended
                    FROM student s LEFT JOIN assignment a ON a.student_id = s.id
                    LEFT JOIN extension e ON e.student_id = s.id AND e.kind = \(kind)
                    WHERE s.status = \(StudentStatus.enrolled)
                      AND NOT EXISTS (SELECT 1 FROM submission sub WHERE sub.student_id = s.id AND sub.kind = \(kind))
                    ORDER BY s.id
                    """
            ).fetchAll(db).map { m in
                guard let deadline else { return m }
                // An extension the deadline was moved past gives no more time: the deadline counts.
                let own = deadline.extended(to: m.due)
                var m = m
                (m.due, m.extended) = (own.due, own.isExtended)
                return m
            }
        }
    }

    /// How many enrolled students have no submission of `kind`.
    static func missingSubmissionCount(_ db: Database, kind: DeadlineKind) throws -> Int {
        try SQLRequest<Int>(
            literal: """
                SELECT COUNT(*) FROM student s WHERE s.status = \(StudentStatus.enrolled)
                AND NOT EXISTS (SELECT 1 FROM submission sub WHERE sub.student_id = s.id AND sub.kind = \(kind))
                """
        ).fetchOne(db) ?? 0
    }

    /// Removes a student's submissions of a kind (one entered by mistake).
    public func removeSubmissions(student: String, kind: DeadlineKind) throws(SeminarError) -> Int {
        try write { db in
            _ = try Self.requireStudent(db, student)
            let n = try SubmissionRecord.filter(
                SubmissionRecord.Columns.studentID == student && SubmissionRecord.Columns.kind == kind
            ).deleteAll(db)
            try Self.deleteUnusedFiles(db)
            return n
        }
    }

    /// A student's latest hand-in of each kind and the reminders they were sent.
    public func handIns(student: String) throws(SeminarError) -> StudentHandIns {
        try read { db in
            var out = StudentHandIns()
            for kind in DeadlineKind.submittable {
                guard
                    let r = try SubmissionRecord.filter(
                        SubmissionRecord.Columns.studentID == student && SubmissionRecord.Columns.kind == kind
                    ).order(SubmissionRecord.Columns.submittedAt.desc, SubmissionRecord.Columns.id.desc).fetchOne(db)
                else { continue }
                let ext = try Self.studentExtension(db, student: student, kind: kind)
                out.latest.append((r, try Self.governingDeadline(db, kind: kind)?.due(for: ext)))
                if let hash = r.sha256, try Self.isKept(db, hash) { out.kept.insert(hash) }
            }
            for kind in DeadlineKind.submittable {
                if let e = try Self.studentExtension(db, student: student, kind: kind) { out.extensions.append(e) }
            }
            out.remindersSent = try Self.remindersSent(db, studentID: student)
            return out
        }
    }
}

/// One version of a student's hand-in, with what names it for graders.
public struct SubmissionVersion: Sendable {
    public var record: SubmissionRecord
    /// 1 for the first hand-in of the kind, counting up; the highest is the one that counts.
    public var version: Int
    public var versions: Int
    public var paperID: String?
    /// Whether the file's bytes are in the seminar (hand-ins recorded before files were
    /// kept, or without --file, have at most a fingerprint).
    public var kept: Bool
}

extension AppDatabase {
    /// A student's hand-ins of a kind, oldest first, numbered.
    public func submissionVersions(student: String, kind: DeadlineKind) throws(SeminarError) -> [SubmissionVersion] {
        try read { db in
            _ = try Self.requireStudent(db, student)
            let records = try SubmissionRecord.filter(
                SubmissionRecord.Columns.studentID == student && SubmissionRecord.Columns.kind == kind
            ).order(SubmissionRecord.Columns.submittedAt, SubmissionRecord.Columns.id).fetchAll(db)
            let paper = try String.fetchOne(
                db, sql: "SELECT paper_id FROM assignment WHERE student_id = ?", arguments: [student])
            return try records.enumerated().map { i, r in
                SubmissionVersion(
                    record: r, version: i + 1, versions: records.count, paperID: paper,
                    kept: try Self.isKept(db, r.sha256))
            }
        }
    }

    /// The hand-in that counts (the latest) of every student, of one kind or both, by
    /// student id then kind.
    public func latestSubmissions(kind: DeadlineKind? = nil) throws(SeminarError) -> [SubmissionVersion] {
        try read { db in
            let all = try SubmissionRecord.order(
                SubmissionRecord.Columns.studentID, SubmissionRecord.Columns.kind, SubmissionRecord.Columns.submittedAt,
                SubmissionRecord.Columns.id
            ).fetchAll(db)
            let papers = Dictionary(
                try Row.fetchAll(db, sql: "SELECT student_id, paper_id FROM assignment").map {
                    ($0["student_id"] as String, $0["paper_id"] as String)
                }, uniquingKeysWith: { a, _ in a })
            let kept = try Self.keptFingerprints(db)
            var out: [SubmissionVersion] = []
            var count = 0
            for (i, r) in all.enumerated() where kind == nil || r.kind == kind {
                count += 1
                let next = i + 1 < all.count ? all[i + 1] : nil
                guard next?.studentID != r.studentID || next?.kind != r.kind else { continue }
                out.append(
                    SubmissionVersion(
                        record: r, version: count, versions: count, paperID: papers[r.studentID],
                        kept: r.sha256.map(kept.contains) ?? false))
                count = 0
            }
            return out
        }
    }

    static func isKept(_ db: Database, _ sha256: String?) throws -> Bool {
        guard let sha256 else { return false }
        return try StoredFileRecord.filter(StoredFileRecord.Columns.sha256 == sha256).fetchCount(db) > 0
    }
}
