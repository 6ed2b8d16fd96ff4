import Foundation
import XCTest

/// What `--db` may point at, and what the tool then says and does.
final class DatabaseFileCLITests: XCTestCase {
    /// `seminar --db other.sqlite status` must not write twenty tables into somebody else's database.
    func testAForeignSQLiteDatabaseIsNotTouched() throws {
        let cli = try CLI()
        let foreign = cli.path("places.sqlite")
        try CLI.sqlite(foreign, "CREATE TABLE bookmark(url TEXT); INSERT INTO bookmark VALUES ('https://example.org');")
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        for args in [["status"], ["student", "list"], ["init", "--title", "T", "--term", "W"]] {
            let r = try cli.run(["--db", foreign] + args)
            XCTAssertNotEqual(r.status, 0, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains("not a seminar database"), r.stderr)
        }
        XCTAssertEqual(try CLI.sqlite(foreign, ".tables").trimmingCharacters(in: .whitespacesAndNewlines), "bookmark")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: foreign)), before)
    }

    /// A named pipe where a file belongs, as `--db` or as an input: named as such (exit 66), never
    /// waited on for a writer, and left as it was (init used to chmod it before failing).
    func testANamedPipeIsNamedAndLeftAlone() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let fifo = cli.path("pipe")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        for args in [["--db", fifo, "init", "--title", "T", "--term", "W"], ["--db", fifo, "status"]] {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 66, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains("named pipe (FIFO)"), r.stderr)
        }
        let mode = try FileManager.default.attributesOfItem(atPath: fifo)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o644, "init changed the pipe's mode")
        for args in [
            ["student", "import", fifo], ["prefs", "import", fifo], ["submit", "03705521", "report", "--file", fifo],
        ] {
            let r = try cli.run(args)
            XCTAssertEqual(r.status, 66, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains("named pipe (FIFO)"), r.stderr)
        }
    }

    /// A database the user may read but not write: a write is refused with exit 77 (EX_NOPERM,
    /// it was 1) and a message that says so, and the database is unchanged; reading works.
    func testAWriteToAReadOnlyDatabaseExits77AndChangesNothing() throws {
        var cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        let before = try cli.dump()
        if geteuid() == 0 {
            // Root writes any file: run as nobody, in a folder they may write (for SQLite's
            // -wal and -shm files), on a database they may only read.
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                throw XCTSkip("needs setpriv to run as another user")
            }
            chmod(cli.directory.path, 0o777)
            chmod(cli.db, 0o644)
            cli.wrapper = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        } else {
            chmod(cli.db, 0o444)
        }
        let r = try cli.run(["student", "add", "1", "--name", "X", "--email", "x@example.org"])
        XCTAssertEqual(r.status, 77, r.stderr)
        XCTAssertTrue(r.stderr.contains("read-only for you"), r.stderr)
        XCTAssertEqual(try cli.run(["student", "list"]).status, 0)
        cli.wrapper = []
        XCTAssertEqual(try cli.dump(), before)
    }

    /// A procfs file as a hand-in (stat says 0 bytes, and it cannot seek to its end): judged by
    /// its content like any file. It said "NSCocoaErrorDomain error 256", then "cannot be read
    /// (Invalid argument)".
    func testAProcfsFileHandedInIsJudgedByItsContent() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        try cli.ok(["student", "import", CLI.fixture("roster.csv")])
        let r = try cli.run(["submit", "03705521", "report", "--file", "/proc/self/status"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("/proc/self/status: error: not a PDF"), r.stderr)
    }

    /// `touch seminar.db` (or an init cut off before it wrote anything): status does not turn the
    /// empty file into a half database, and init can still create the seminar there.
    func testAnEmptyFileIsNoSeminarAndInitCanUseIt() throws {
        let cli = try CLI()
        XCTAssertTrue(FileManager.default.createFile(atPath: cli.db, contents: Data()))
        let status = try cli.run(["status"])
        XCTAssertEqual(status.status, 66)
        XCTAssertTrue(status.stderr.contains("no seminar at"), status.stderr)
        XCTAssertEqual(
            try FileManager.default.attributesOfItem(atPath: cli.db)[.size] as? Int, 0,
            "status wrote into the empty file")
        try cli.ok(["init", "--title", "T", "--term", "W"])
        XCTAssertTrue(try cli.ok(["status"]).stdout.contains("T — W"))
        let mode = try FileManager.default.attributesOfItem(atPath: cli.db)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600, "the database holds grades: owner only")
    }

    /// A database whose init was interrupted after the schema but before the seminar row.
    func testInitCompletesAHalfCreatedSeminar() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        try CLI.sqlite(cli.db, "DELETE FROM seminar;")
        XCTAssertEqual(try cli.run(["status"]).status, 66)
        try cli.ok(["init", "--title", "T2", "--term", "W"])
        XCTAssertTrue(try cli.ok(["status"]).stdout.contains("T2 — W"))
    }

    func testADirectoryOrADamagedFileIsNamedPlainly() throws {
        let cli = try CLI()
        let dir = try cli.run(["--db", cli.directory.path, "status"])
        XCTAssertEqual(dir.status, 66)
        XCTAssertTrue(dir.stderr.contains("is a directory"), dir.stderr)
        XCTAssertFalse(dir.stderr.contains("SQLite error"), dir.stderr)

        try cli.ok(["init", "--title", "T", "--term", "W"])
        try cli.ok(["student", "import", CLI.fixture("roster.csv")])
        let whole = try Data(contentsOf: URL(fileURLWithPath: cli.db))
        try whole.prefix(5000).write(to: URL(fileURLWithPath: cli.path("cut.db")))
        let cut = try cli.run(["--db", cli.path("cut.db"), "status"])
        XCTAssertNotEqual(cut.status, 0)
        XCTAssertFalse(cut.stderr.contains("SQLite error"), cut.stderr)
        XCTAssertTrue(cut.stderr.contains("damaged"), cut.stderr)
        XCTAssertTrue(cut.stderr.contains("backup"), cut.stderr)
    }
}

extension DatabaseFileCLITests {
    /// A foreign database that an earlier version already filled with the seminar's tables is
    /// still not taken over by init: it has a table that is not ours.
    func testInitDoesNotTakeOverAForeignDatabaseWithOurTablesInIt() throws {
        let cli = try CLI()
        try cli.ok(["init", "--title", "T", "--term", "W"])
        try CLI.sqlite(cli.db, "DELETE FROM seminar; CREATE TABLE bookmark(url TEXT);")
        let r = try cli.run(["init", "--title", "T2", "--term", "W"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("not a seminar database"), r.stderr)
    }
}
