import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

/// Writing kept hand-ins back out, byte for byte, streamed from the seminar file.
public enum SubmissionFiles {
    /// One file `export` wrote.
    public struct Exported: Sendable {
        public var version: SubmissionVersion
        public var fileName: String
    }

    /// What `export` did: the files written and the hand-ins that have no kept file.
    public struct ExportResult: Sendable {
        public var written: [Exported] = []
        public var notKept: [SubmissionVersion] = []
    }

    /// The name graders sort by: student id, paper, kind (`03712845-implicit-bias-soudry18-report.pdf`).
    /// Only letters, digits, `.`, `_` and `-` (ids are made of these already; the rule holds
    /// whatever is stored), and never a leading dot: the name stays inside the folder.
    public static func fileName(_ v: SubmissionVersion) -> String {
        let parts = [v.record.studentID, v.paperID, v.record.kind.rawValue].compactMap { $0 }
        var name = parts.joined(separator: "-").map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-") ? c : "_"
        }
        if name.first == "." { name[0] = "_" }
        return String(name) + ".pdf"
    }

    /// Writes one kept hand-in to `path` (whole or not at all).
    public static func write(_ v: SubmissionVersion, from db: AppDatabase, to path: String) throws {
        guard let sha256 = v.record.sha256 else {
            throw SeminarError.invalidValue(
                "the \(v.record.kind.rawValue) of \(v.record.studentID) (version \(v.version)) was recorded without a file"
            )
        }
        guard v.kept else {
            throw SeminarError.invalidValue(
                "only the SHA-256 of the \(v.record.kind.rawValue) of \(v.record.studentID) (version \(v.version)) is recorded, not the file: it was handed in before seminar kept files"
            )
        }
        try UserFile.write(to: path) { consume in
            guard try db.readFile(sha256: sha256, into: consume) else {
                throw SeminarError.other("the file \(sha256) is no longer kept")
            }
        }
    }

    /// Writes the latest hand-in of every student (of one kind, or both) into `folder`,
    /// which is made (owner-only) if it does not exist.
    public static func export(from db: AppDatabase, kind: DeadlineKind?, into folder: String) throws -> ExportResult {
        switch UserFile.kind(at: folder) {
        case .directory: break
        case .missing:
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw SeminarError.cannotOpen(
                    path: folder, reason: "cannot make the folder (\(error.localizedDescription))")
            }
        default: throw SeminarError.cannotOpen(path: folder, reason: "it is not a folder")
        }
        var result = ExportResult()
        for v in try db.latestSubmissions(kind: kind) {
            guard v.kept else {
                result.notKept.append(v)
                continue
            }
            let name = fileName(v)
            try write(v, from: db, to: (folder as NSString).appendingPathComponent(name))
            result.written.append(Exported(version: v, fileName: name))
        }
        return result
    }
}
