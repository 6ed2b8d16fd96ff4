import Foundation
import GRDB
import SeminarCore

/// The seminar's one SQLite file. Every write method is one transaction: it either
/// happens whole or leaves the file exactly as it was.
public struct AppDatabase: Sendable {
    public let writer: DatabaseQueue
    public let path: String

    /// Opens an existing seminar, migrating a database written by an earlier version.
    public static func open(path: String) throws(SeminarError) -> AppDatabase {
        guard FileManager.default.fileExists(atPath: path) else { throw .noSeminar(path: path) }
        let db = try connect(path: path)
        try db.migrate()
        do {
            let hasSeminar = try db.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM seminar") ?? 0 } > 0
            if !hasSeminar { throw SeminarError.noSeminar(path: path) }
        } catch let error as SeminarError {
            throw error
        } catch {
            throw StoreError.translate(error)
        }
        return db
    }

    /// Creates a new database file, readable and writable by its owner only: it holds
    /// grades and e-mail addresses.
    public static func create(path: String) throws(SeminarError) -> AppDatabase {
        if FileManager.default.fileExists(atPath: path) {
            throw .conflict("\(path) already exists; choose another path with --db, or keep working in it")
        }
        let fd = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        close(fd)
        do {
            let db = try connect(path: path)
            try db.migrate()
            return db
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    /// An in-memory database for tests.
    public static func inMemory() throws -> AppDatabase {
        let queue = try DatabaseQueue(configuration: configuration())
        let db = AppDatabase(writer: queue, path: ":memory:")
        try db.migrate()
        return db
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // cron's `remind` and the coordinator's commands may overlap: wait, don't fail.
        config.busyMode = .timeout(10)
        config.label = "seminar"
        return config
    }

    static func connect(path: String) throws(SeminarError) -> AppDatabase {
        do {
            var config = configuration()
            config.prepareDatabase { db in
                // WAL lets a reader (status, list) run while another command writes.
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let queue = try DatabaseQueue(path: path, configuration: config)
            return AppDatabase(writer: queue, path: path)
        } catch {
            if let dbError = error as? DatabaseError, dbError.resultCode == .SQLITE_NOTADB {
                throw .cannotOpen(path: path, reason: "it is not a seminar database (not an SQLite file)")
            }
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }

    func migrate() throws(SeminarError) {
        do {
            let migrator = Schema.migrator
            let superseded = try writer.read { try migrator.hasBeenSuperseded($0) }
            if superseded {
                throw SeminarError.other("\(path) was written by a newer version of seminar; upgrade seminar to open it")
            }
            try migrator.migrate(writer)
        } catch let error as SeminarError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw .cannotOpen(path: path, reason: "it is not a seminar database (not an SQLite file)")
        } catch {
            throw StoreError.translate(error)
        }
    }

    /// Runs `body` in one write transaction and turns SQLite's errors into the tool's.
    public func write<T>(_ body: (Database) throws -> T) throws(SeminarError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.translate(error)
        }
    }

    /// Like `write`, but with `dryRun` the transaction is rolled back: the caller sees
    /// what would happen and the file stays as it was.
    public func write<T>(dryRun: Bool, _ body: (Database) throws -> T) throws(SeminarError) -> T {
        guard dryRun else { return try write(body) }
        do {
            var result: T?
            try writer.inTransaction { db in
                result = try body(db)
                return .rollback
            }
            return result!
        } catch {
            throw StoreError.translate(error)
        }
    }

    public func read<T>(_ body: (Database) throws -> T) throws(SeminarError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.translate(error)
        }
    }

    /// A consistent copy through SQLite's online backup, safe while another command writes.
    public func backup(to destination: String) throws(SeminarError) {
        if FileManager.default.fileExists(atPath: destination) {
            throw .conflict("\(destination) already exists; choose a new file name for the backup")
        }
        let fd = Foundation.open(destination, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 { throw .cannotOpen(path: destination, reason: String(cString: strerror(errno))) }
        close(fd)
        do {
            let target = try DatabaseQueue(path: destination)
            try writer.backup(to: target)
            try target.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw StoreError.translate(error)
        }
    }
}

/// Turns SQLite's messages into ones about the user's data.
public enum StoreError {
    public static func translate(_ error: any Error) -> SeminarError {
        if let e = error as? SeminarError { return e }
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .temporary("the seminar database is busy (another seminar command is writing)")
            case .SQLITE_READONLY:
                return .other("the seminar database is read-only here: check the file's permissions")
            case .SQLITE_FULL:
                return .other("the disk is full; nothing was changed")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return .other("the seminar database is damaged or not a seminar database; restore a backup (seminar backup)")
            case .SQLITE_CONSTRAINT:
                return .conflict(constraintMessage(e))
            default:
                return .other("database error: \(e.message ?? e.description)")
            }
        }
        return .other("\(error)")
    }

    static func constraintMessage(_ e: DatabaseError) -> String {
        let m = e.message ?? ""
        if m.contains("student.email") { return "another student already has that e-mail address" }
        if m.contains("FOREIGN KEY") { return "that change would leave a record pointing at nothing (a student or paper that does not exist, or is still in use)" }
        if m.contains("UNIQUE") { return "that already exists (\(m.replacingOccurrences(of: "UNIQUE constraint failed: ", with: "")))" }
        return "the change breaks a rule of the seminar's data (\(m))"
    }
}
