import Foundation
import GRDB
import SeminarCore

/// A file kept in the seminar: its fingerprint and size. Its bytes are in `stored_file_chunk`.
public struct StoredFileRecord: StoredRecord, Sendable, Equatable, MutablePersistableRecord {
    public static let databaseTableName = "stored_file"
    public var id: Int64?
    public var sha256: String
    public var size: Int
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, sha256, size
        case createdAt = "created_at"
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let sha256 = Column(CodingKeys.sha256)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// What storing a file gave: its fingerprint, its size, the first and last KiB (to check
/// what kind of file it is) and whether the same bytes were kept already.
public struct StoredFileInfo: Sendable {
    public var sha256: String
    public var size: Int
    public var head: [UInt8]
    public var tail: [UInt8]
    /// The same bytes were in the seminar before: nothing new was kept.
    public var existed: Bool
}

/// Hands a file's bytes, piece by piece and in order, to the consumer it is given.
public typealias FileProducer = (_ consume: (Data) throws -> Void) throws -> Void

/// A handed-in file to keep: its name as handed in, its PDF version, and its bytes. Its size
/// and SHA-256 are those of the bytes, worked out as they are kept.
public struct KeptFile {
    public var name: String
    public var pdfVersion: String?
    public var contents: FileProducer

    public init(name: String, pdfVersion: String?, contents: @escaping FileProducer) {
        self.name = name
        self.pdfVersion = pdfVersion
        self.contents = contents
    }
}

extension AppDatabase {
    /// The size of the pieces a file is kept in.
    static let chunkSize = 1 << 20

    /// Keeps a file's bytes, streamed from `produce`, inside the caller's transaction: never
    /// more than one chunk in memory. The bytes go in under a placeholder fingerprint, which
    /// is known only at the end; if the same bytes were kept before, the new copy is deleted
    /// and the old one serves (files are kept once per content).
    static func storeFile(_ db: Database, now: Date, produce: FileProducer) throws -> StoredFileInfo {
        let placeholder = String(repeating: "-", count: 64)
        var record = StoredFileRecord(id: nil, sha256: placeholder, size: 0, createdAt: now)
        try record.insert(db)
        let fileID = record.id ?? db.lastInsertedRowID
        let insert = try db.makeStatement(
            sql: "INSERT INTO stored_file_chunk (file_id, seq, data) VALUES (?, ?, ?)")
        var hasher = SHA256()
        var buffer = Data()
        var seq = 0
        var size = 0
        var head: [UInt8] = []
        var tail: [UInt8] = []
        func flush() throws {
            guard !buffer.isEmpty else { return }
            try insert.execute(arguments: [fileID, seq, buffer])
            seq += 1
            buffer.removeAll(keepingCapacity: true)
        }
        try produce { piece in
            hasher.update(piece)
            size += piece.count
            if head.count < 1024 { head += piece.prefix(1024 - head.count) }
            tail = Array((tail + piece.suffix(1024)).suffix(1024))
            var rest = piece[...]
            while !rest.isEmpty {
                let take = min(chunkSize - buffer.count, rest.count)
                buffer.append(rest.prefix(take))
                rest = rest.dropFirst(take)
                if buffer.count == chunkSize { try flush() }
            }
        }
        try flush()
        let hex = hasher.finalizeHex()
        if try StoredFileRecord.filter(StoredFileRecord.Columns.sha256 == hex).fetchCount(db) > 0 {
            _ = try StoredFileRecord.deleteOne(db, key: fileID)
            return StoredFileInfo(sha256: hex, size: size, head: head, tail: tail, existed: true)
        }
        record.sha256 = hex
        record.size = size
        try record.update(db)
        return StoredFileInfo(sha256: hex, size: size, head: head, tail: tail, existed: false)
    }

    /// Deletes the kept files no submission names any more (after a submission or a
    /// student was removed). Returns how many went.
    @discardableResult
    static func deleteUnusedFiles(_ db: Database) throws -> Int {
        try db.execute(
            sql: """
                DELETE FROM stored_file WHERE NOT EXISTS
                    (SELECT 1 FROM submission s WHERE s.sha256 = stored_file.sha256)
                """)
        return db.changesCount
    }

    /// The fingerprints of every kept file.
    static func keptFingerprints(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT sha256 FROM stored_file"))
    }

    /// Hands the kept file's bytes to `consume`, chunk by chunk and in order. Returns false
    /// when no file with this fingerprint is kept.
    public func readFile(sha256: String, into consume: (Data) throws -> Void) throws(SeminarError) -> Bool {
        try read { db in
            guard
                let file = try StoredFileRecord.filter(StoredFileRecord.Columns.sha256 == sha256).fetchOne(db),
                let id = file.id
            else { return false }
            let chunks = try Data.fetchCursor(
                db, sql: "SELECT data FROM stored_file_chunk WHERE file_id = ? ORDER BY seq", arguments: [id])
            var hasher = SHA256()
            var size = 0
            while let chunk = try chunks.next() {
                hasher.update(chunk)
                size += chunk.count
                try consume(chunk)
            }
            // What comes out is what went in, or the tool says so.
            guard size == file.size, hasher.finalizeHex() == sha256 else {
                throw SeminarError.other(
                    "the kept file \(sha256) is damaged in \(path) (its bytes no longer match their SHA-256); restore a backup"
                )
            }
            return true
        }
    }
}
