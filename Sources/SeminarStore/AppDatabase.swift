import Foundation
import GRDB
import SeminarCore
import SeminarFiles

/// The seminar's one SQLite file. Every write method is one transaction: it either
/// happens whole or leaves the file exactly as it was.
public struct AppDatabase: Sendable {
    private let writer: DatabaseQueue
    public let path: String

    /// Opens an existing seminar, migrating a database written by an earlier version. A file
    /// that is not a seminar's (empty, another program's SQLite database) is left untouched.
    public static func open(path: String) throws(SeminarError) -> AppDatabase {
        switch try inspect(path: path) {
        case .missing, .empty, .unfinished: throw .noSeminar(path: path)
        case .foreign: throw .cannotOpen(path: path, reason: foreignReason)
        case .seminar: break
        }
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
    /// grades and e-mail addresses. An empty file (`touch seminar.db`) or a database whose
    /// `init` was cut off before the seminar was saved is taken over; anything else is not.
    public static func create(path: String) throws(SeminarError) -> AppDatabase {
        switch try inspect(path: path) {
        case .missing:
            try UserFile.createNew(path)
            do {
                let db = try connect(path: path)
                try db.migrate()
                return db
            } catch {
                UserFile.removeUnfinished(path)
                throw error
            }
        case .empty, .unfinished:
            if chmod(path, 0o600) != 0 { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
            let db = try connect(path: path)
            try db.migrate()
            return db
        case .foreign:
            throw .conflict("\(path): \(foreignReason); choose another path with --db")
        case .seminar:
            throw .conflict("\(path) already exists; choose another path with --db, or keep working in it")
        }
    }

    /// The tables the migrations create.
    static let ownTables: Set<String> = {
        guard let db = try? inMemory(),
            let names = try? db.writer.read({
                try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            })
        else { return ["grdb_migrations", "seminar"] }
        return Set(names.filter { !$0.hasPrefix("sqlite_") })
    }()

    static let foreignReason = "it is not a seminar database but another program's SQLite file; seminar leaves it alone"

    /// What is at a path, found without writing to it (not even the journal mode).
    enum FileState { case missing, empty, unfinished, foreign, seminar }

    static func inspect(path: String) throws(SeminarError) -> FileState {
        switch UserFile.kind(at: path) {
        case .missing: return .missing
        case .regular: break
        case .directory: throw .cannotOpen(path: path, reason: "it is a directory, not a seminar database")
        default: throw .cannotOpen(path: path, reason: "\(UserFile.problem(at: path)), not a seminar database")
        }
        guard UserFile.isReadable(path) else {
            throw .cannotOpen(path: path, reason: "permission denied (you need to be able to read and write it)")
        }
        let size = UserFile.size(of: path)
        if size == 0 { return .empty }
        do {
            var config = Configuration()
            config.readonly = true
            config.label = "seminar-inspect"
            // A cron run may be writing: wait like every other connection does.
            config.busyMode = .timeout(10)
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            return try queue.read { db -> FileState in
                let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
                if tables.isEmpty { return .empty }
                guard tables.contains("grdb_migrations") else { return .foreign }
                guard tables.contains("seminar") else {
                    // Our migrator's table and nothing else of ours: a create cut off halfway.
                    return tables.subtracting(["grdb_migrations"]).isEmpty ? .unfinished : .foreign
                }
                let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM seminar") ?? 0
                if rows > 0 { return .seminar }
                // No seminar yet: ours only if every table is one our migrations make.
                let sqliteOwn = tables.filter { $0.hasPrefix("sqlite_") }
                return tables.subtracting(sqliteOwn).isSubset(of: ownTables) ? .unfinished : .foreign
            }
        } catch let error as SeminarError {
            throw error
        } catch {
            throw openError(path: path, error)
        }
    }

    /// Why SQLite could not open the file, in words about the file.
    static func openError(path: String, _ error: any Error) -> SeminarError {
        guard let e = error as? DatabaseError else { return .cannotOpen(path: path, reason: "\(error)") }
        switch e.resultCode {
        case .SQLITE_NOTADB:
            return .cannotOpen(path: path, reason: "it is not a seminar database (not an SQLite file)")
        case .SQLITE_CORRUPT:
            return .cannotOpen(
                path: path,
                reason: "the database is damaged (cut off or overwritten); restore a backup (seminar backup)")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return .cannotOpen(
                path: path,
                reason:
                    "permission denied: you need to be able to read and write the file and its folder (SQLite keeps -wal and -shm files next to it)"
            )
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .temporary("\(path) is busy (another seminar command is writing)")
        default:
            return .cannotOpen(path: path, reason: e.message ?? "\(e.resultCode)")
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
                // What is deleted (a removed student's hand-ins) is overwritten, not left
                // readable in the file's free pages.
                try db.execute(sql: "PRAGMA secure_delete = ON")
            }
            let queue = try DatabaseQueue(path: path, configuration: config)
            return AppDatabase(writer: queue, path: path)
        } catch {
            throw openError(path: path, error)
        }
    }

    func migrate() throws(SeminarError) {
        do {
            let migrator = Schema.migrator
            let superseded = try writer.read { try migrator.hasBeenSuperseded($0) }
            if superseded {
                throw SeminarError.other(
                    "\(path) was written by a newer version of seminar; upgrade seminar to open it")
            }
            try migrator.migrate(writer)
        } catch let error as SeminarError {
            throw error
        } catch let error as DatabaseError
            where [.SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_CANTOPEN].contains(error.resultCode)
        {
            throw Self.openError(path: path, error)
        } catch {
            throw StoreError.translate(error)
        }
    }

    /// Runs `body` in one write transaction and turns SQLite's errors into the tool's.
    func write<T>(_ body: (Database) throws -> T) throws(SeminarError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.translate(error)
        }
    }

    /// Like `write`, but with `dryRun` the transaction is rolled back: the caller sees
    /// what would happen and the file stays as it was.
    func write<T>(dryRun: Bool, _ body: (Database) throws -> T) throws(SeminarError) -> T {
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

    /// Copies the write-ahead log into the file and empties it, so that what a write
    /// overwrote (with secure_delete) is gone from both.
    func checkpoint() throws(SeminarError) {
        do {
            _ = try writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        } catch {
            throw StoreError.translate(error)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(SeminarError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.translate(error)
        }
    }

    /// A consistent copy through SQLite's online backup, safe while another command writes.
    public func backup(to destination: String) throws(SeminarError) {
        if UserFile.exists(destination) {
            throw .conflict("\(destination) already exists; choose a new file name for the backup")
        }
        try UserFile.createNew(destination)
        do {
            let target = try DatabaseQueue(path: destination)
            try writer.backup(to: target)
            try target.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
        } catch {
            UserFile.removeUnfinished(destination)
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
                return .notPermitted(
                    "the seminar database is read-only for you: nothing was changed (check the file's owner and permissions, or ask its owner)"
                )
            case .SQLITE_FULL:
                return .ioFailure("the disk is full; nothing was changed")
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return .other(
                    "the seminar database is damaged or not a seminar database; restore a backup (seminar backup)")
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
        if m.contains("FOREIGN KEY") {
            return
                "that change would leave a record pointing at nothing (a student or paper that does not exist, or is still in use)"
        }
        if m.contains("UNIQUE") {
            return "that already exists (\(m.replacingOccurrences(of: "UNIQUE constraint failed: ", with: "")))"
        }
        return "the change breaks a rule of the seminar's data (\(m))"
    }
}
