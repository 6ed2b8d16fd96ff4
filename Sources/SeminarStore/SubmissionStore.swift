import Foundation
import GRDB
import SeminarCore

public struct SubmissionRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "submission"
    public var id: Int64?
    public var studentID: String
    public var kind: String
    public var submittedAt: String
    public var recordedAt: String
    public var fileName: String?
    public var fileSize: Int?
    public var sha256: String?
    public var pdfVersion: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, sha256
        case studentID = "student_id"
        case submittedAt = "submitted_at"
        case recordedAt = "recorded_at"
        case fileName = "file_name"
        case fileSize = "file_size"
        case pdfVersion = "pdf_version"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The file of a submission, already checked to be a PDF.
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
    public var submittedAt: Date
    public var deadline: Deadline?
    /// How late, in seconds; nil when on time or when there is no deadline.
    public var lateBy: TimeInterval?
    /// A later submission of the same kind replaced this one.
    public var superseded: Bool
    /// Another student handed in a file with the same SHA-256.
    public var sameFileAs: [String] = []
}

/// An enrolled student who has not handed in something.
public struct MissingEntry: Sendable {
    public var id: String
    public var name: String
    public var email: String
    public var paperID: String?
}

extension AppDatabase {
    /// Records a submission. Returns it with whether it is late and whether it replaces an
    /// earlier one.
    public func submit(student: String, kind: DeadlineKind, at: Date, file: SubmittedFile?, now: Date = Date())
        throws(SeminarError)
        -> (entry: SubmissionEntry, replaced: Int, dropped: Bool)
    {
        guard kind.isSubmittable else {
            throw .invalidValue(
                "students hand in \(DeadlineKind.submittable.map(\.rawValue).joined(separator: " or ")), not '\(kind.rawValue)'"
            )
        }
        return try write { db in
            let s = try Self.requireStudent(db, student)
            let replaced =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM submission WHERE student_id = ? AND kind = ?",
                    arguments: [student, kind.rawValue]) ?? 0
            var record = SubmissionRecord(
                id: nil, studentID: s.id, kind: kind.rawValue, submittedAt: SeminarTime.storageString(at),
                recordedAt: SeminarTime.storageString(now), fileName: file?.name, fileSize: file?.size,
                sha256: file?.sha256, pdfVersion: file?.pdfVersion)
            try record.insert(db)
            let deadline = try Self.governingDeadline(db, kind: kind)
            let late = deadline.flatMap { $0.lateness(of: at) }
            var entry = SubmissionEntry(
                record: record, studentName: s.name, submittedAt: at, deadline: deadline, lateBy: late,
                superseded: false)
            if let hash = file?.sha256 {
                entry.sameFileAs = try String.fetchAll(
                    db,
                    sql:
                        "SELECT DISTINCT student_id FROM submission WHERE sha256 = ? AND student_id <> ? ORDER BY student_id",
                    arguments: [hash, s.id])
            }
            return (entry, replaced, s.status == .dropped)
        }
    }

    /// Every submission, oldest first, each measured against the current deadline of its kind.
    public func submissions(kind: DeadlineKind? = nil) throws(SeminarError) -> [SubmissionEntry] {
        try read { db in
            var deadlines: [DeadlineKind: Deadline] = [:]
            for k in DeadlineKind.submittable { deadlines[k] = try Self.governingDeadline(db, kind: k) }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT sub.*, s.name AS student_name,
                           (SELECT COUNT(*) FROM submission later WHERE later.student_id = sub.student_id AND later.kind = sub.kind
                              AND (later.submitted_at > sub.submitted_at OR (later.submitted_at = sub.submitted_at AND later.id > sub.id))) AS newer,
                           (SELECT group_concat(other.student_id, ' ') FROM submission other
                              WHERE sub.sha256 IS NOT NULL AND other.sha256 = sub.sha256 AND other.student_id <> sub.student_id) AS same_file
                    FROM submission sub JOIN student s ON s.id = sub.student_id
                    WHERE (? IS NULL OR sub.kind = ?)
                    ORDER BY sub.submitted_at, sub.id
                    """, arguments: [kind?.rawValue, kind?.rawValue])
            return rows.compactMap { row -> SubmissionEntry? in
                let record = try? SubmissionRecord(row: row)
                guard let record, let at = SeminarTime.fromStorage(record.submittedAt),
                    let k = DeadlineKind(rawValue: record.kind)
                else { return nil }
                let d = deadlines[k] ?? nil
                let late = d.flatMap { $0.lateness(of: at) }
                let same: String? = row["same_file"]
                return SubmissionEntry(
                    record: record, studentName: row["student_name"], submittedAt: at, deadline: d, lateBy: late,
                    superseded: (row["newer"] as Int? ?? 0) > 0,
                    sameFileAs: same.map { Array(Set($0.split(separator: " ").map(String.init))).sorted() } ?? [])
            }
        }
    }

    /// Enrolled students with no submission of `kind`, by id.
    public func missingSubmissions(kind: DeadlineKind) throws(SeminarError) -> [MissingEntry] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.name, s.email, a.paper_id FROM student s LEFT JOIN assignment a ON a.student_id = s.id
                    WHERE s.status = 'enrolled' AND NOT EXISTS (SELECT 1 FROM submission sub WHERE sub.student_id = s.id AND sub.kind = ?)
                    ORDER BY s.id
                    """, arguments: [kind.rawValue]
            ).map {
                MissingEntry(id: $0["id"], name: $0["name"], email: $0["email"], paperID: $0["paper_id"])
            }
        }
    }

    /// Removes a student's submissions of a kind (one entered by mistake).
    public func removeSubmissions(student: String, kind: DeadlineKind) throws(SeminarError) -> Int {
        try write { db in
            _ = try Self.requireStudent(db, student)
            try db.execute(
                sql: "DELETE FROM submission WHERE student_id = ? AND kind = ?", arguments: [student, kind.rawValue])
            return db.changesCount
        }
    }
}
