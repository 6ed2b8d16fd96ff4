import Foundation
import GRDB
import SeminarCore

/// One hand-in an import found: who, when, and the file (streamed when it is recorded).
public struct ImportedHandIn {
    public var studentID: String
    public var submittedAt: Date
    public var source: String
    /// The file, streamed in when it is recorded; nil when only the time is known (a
    /// worksheet imported without the submissions download).
    public var file: KeptFile?

    public init(studentID: String, submittedAt: Date, source: String, file: KeptFile?) {
        self.studentID = studentID
        self.submittedAt = submittedAt
        self.source = source
        self.file = file
    }
}

/// What recording one imported hand-in did.
public struct ImportedHandInResult: Sendable {
    public enum Change: Sendable, Equatable {
        /// The first hand-in of the kind, or a newer version (its number).
        case recorded(version: Int)
        /// The same hand-in (time and file) was recorded before.
        case unchanged
        /// The hand-in was recorded before by its time alone; now its file is kept too.
        case fileAdded
        /// An older upload than the one recorded: kept in the history, not counting.
        case older(version: Int)
    }
    public var studentID: String
    public var change: Change
    public var submittedAt: Date
    public var due: Date?
    /// `due` is the student's extension.
    public var extended: Bool
    public var lateBy: TimeInterval?
    public var file: StoredFileInfo?
}

extension AppDatabase {
    /// Records the hand-ins an import found, in one transaction (rolled back with `dryRun`):
    /// each file streamed in and kept once per content. A hand-in recorded before with the
    /// same time and file changes nothing; a different time or file is a new version.
    public func importHandIns(_ handIns: [ImportedHandIn], kind: DeadlineKind, dryRun: Bool, now: Date = Date())
        throws(SeminarError) -> [ImportedHandInResult]
    {
        try write(dryRun: dryRun) { db in
            let deadline = try Self.governingDeadline(db, kind: kind)
            let extensions = try Self.extensionsByStudent(db)
            var results: [ImportedHandInResult] = []
            for h in handIns {
                _ = try Self.requireStudent(db, h.studentID)
                let file = try h.file.map { try Self.storeFile(db, now: now, produce: $0.contents) }
                let earlier = try SubmissionRecord.filter(
                    SubmissionRecord.Columns.studentID == h.studentID && SubmissionRecord.Columns.kind == kind
                ).order(SubmissionRecord.Columns.submittedAt, SubmissionRecord.Columns.id).fetchAll(db)
                let change: ImportedHandInResult.Change
                if earlier.contains(where: { $0.submittedAt == h.submittedAt && $0.sha256 == file?.sha256 }) {
                    change = .unchanged
                } else if var timeOnly = earlier.first(where: { $0.submittedAt == h.submittedAt && $0.sha256 == nil }),
                    let file
                {
                    timeOnly.fileName = h.file?.name
                    timeOnly.fileSize = file.size
                    timeOnly.sha256 = file.sha256
                    timeOnly.pdfVersion = h.file?.pdfVersion
                    timeOnly.source = h.source
                    try timeOnly.update(db)
                    change = .fileAdded
                } else {
                    var record = SubmissionRecord(
                        id: nil, studentID: h.studentID, kind: kind, submittedAt: h.submittedAt, recordedAt: now,
                        fileName: h.file?.name, fileSize: file?.size, sha256: file?.sha256,
                        pdfVersion: h.file?.pdfVersion, source: h.source)
                    try record.insert(db)
                    let version = earlier.filter { $0.submittedAt <= h.submittedAt }.count + 1
                    let newest = earlier.allSatisfy { $0.submittedAt <= h.submittedAt }
                    change = newest ? .recorded(version: version) : .older(version: version)
                }
                // Measured against the student's own date: their extension, else the deadline.
                let due = deadline?.due(for: extensions[h.studentID]?[kind])
                results.append(
                    ImportedHandInResult(
                        studentID: h.studentID, change: change, submittedAt: h.submittedAt, due: due?.due,
                        extended: due?.extendedFrom != nil, lateBy: due?.lateness(of: h.submittedAt), file: file))
            }
            return results
        }
    }
}
