import Foundation
import SeminarCore

/// Moodle's "Download all submissions" zip on disk: which participant uploaded which files,
/// read from the central directory; the files themselves streamed out only when recorded.
public enum MoodleSubmissions {
    /// One uploaded file: its entry and its name as uploaded.
    public struct File: Sendable {
        public var entry: ZIPDirectory.Entry
        public var name: String
    }

    /// What one participant uploaded.
    public struct Participant: Sendable {
        public var files: [File] = []
        public var onlineText = false
        public init() {}
    }

    public struct Found: Sendable {
        public var participants: [Int: Participant] = [:]
        public var fileCount = 0
        /// Entries that are not hand-ins (`__MACOSX`, an unknown name), with why.
        public var ignored: [(name: String, reason: String)] = []
    }

    /// Opens the zip and sorts its entries by participant. A damaged zip, or any entry whose
    /// name could leave the folder it is extracted into (`..`, an absolute path, a link), is
    /// refused with every such entry named: nothing is recorded from such a download.
    public static func read(zipPath: String) throws(SeminarError) -> (ZIPDirectory, Found) {
        let file = try ZIPFile(path: zipPath)
        let head = (try? file.bytes(at: 0, count: min(1024, file.count))) ?? Data()
        guard head.starts(with: [0x50, 0x4B]) else {
            let looksLike: String? =
                head.starts(with: Array("%PDF-".utf8)) ? "a PDF" : PDFCheck.sniff(Array(head))
            throw SeminarError.invalidInput([
                InputError(
                    file: zipPath, line: nil,
                    message: "not a ZIP file" + (looksLike.map { " (it looks like \($0))" } ?? ""),
                    hint: "give --files the zip from the assignment's \"Download all submissions\"")
            ])
        }
        let zip: ZIPDirectory
        do {
            zip = try ZIPDirectory(source: file)
        } catch {
            throw damaged(zipPath, error.reason)
        }
        var found = Found()
        var hostile: [InputError] = []
        for entry in zip.entries {
            switch MoodleSubmissionPath.parse(entry.path, isSymlink: entry.isSymlink) {
            case .hostile(let reason):
                hostile.append(
                    InputError(
                        file: zipPath, line: nil, message: "the entry \(shown: entry.path) is refused: \(reason)",
                        hint:
                            "Moodle does not write such names: nothing was recorded from this zip; download it again from the assignment"
                    ))
            case .file(let participant, _, let name):
                found.participants[participant, default: Participant()].files.append(File(entry: entry, name: name))
                found.fileCount += 1
            case .onlineText(let participant, _):
                found.participants[participant, default: Participant()].onlineText = true
                found.fileCount += 1
            case .directory:
                continue
            case .other(let reason):
                found.ignored.append((entry.path, reason))
            }
        }
        if !hostile.isEmpty { throw .invalidInput(hostile) }
        return (zip, found)
    }

    /// Whether an entry is a PDF, from its first KiB (and its last, for a stored entry,
    /// is not needed: completeness is checked when it is recorded).
    public static func sniff(_ entry: ZIPDirectory.Entry, in zip: ZIPDirectory, zipPath: String) throws(SeminarError)
        -> PDFCheck.Verdict
    {
        var head: [UInt8] = []
        struct Enough: Error {}
        do {
            try zip.stream(entry, checkCRC: false) { chunk in
                head += chunk.prefix(1024 - head.count)
                if head.count >= 1024 { throw Enough() }
            }
        } catch is Enough {
        } catch let error as ZIPDirectory.Damaged {
            throw damaged(zipPath, error.reason, entry: entry.path)
        } catch {
            throw damaged(zipPath, "\(error)", entry: entry.path)
        }
        return PDFCheck.check(head: head, tail: [])
    }

    /// Streams an entry's bytes, checked against its size and CRC-32, into `consume`; a
    /// damaged entry is an input error (the whole import is refused).
    public static func stream(
        _ entry: ZIPDirectory.Entry, in zip: ZIPDirectory, zipPath: String, into consume: (Data) throws -> Void
    ) throws {
        do {
            try zip.stream(entry, checkCRC: true, consumer: consume)
        } catch let error as ZIPDirectory.Damaged {
            throw damaged(zipPath, error.reason, entry: entry.path)
        }
    }

    static func damaged(_ zipPath: String, _ reason: String, entry: String? = nil) -> SeminarError {
        .invalidInput([
            InputError(
                file: zipPath, line: nil,
                message: "a damaged ZIP" + (entry.map { " (entry \(shown: $0))" } ?? "") + ": \(reason)",
                hint: "download the submissions again from Moodle (Download all submissions); nothing was recorded")
        ])
    }
}
