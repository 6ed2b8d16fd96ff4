import GRDB
import SeminarCore
import XCTest

@testable import SeminarStore

/// What SQLite's failures become for the user: words about their data and an exit status a
/// script can act on. A full disk cannot be made in a test without mounting a file system, so
/// the translation is checked here; the read-only database runs end to end in the CLI tests.
final class StoreErrorTests: XCTestCase {
    func translated(_ code: ResultCode, _ message: String = "") -> SeminarError {
        StoreError.translate(DatabaseError(resultCode: code, message: message))
    }

    func testEachFailureHasItsExitStatusAndSaysNothingChanged() {
        XCTAssertEqual(translated(.SQLITE_FULL, "database or disk is full").exitStatus, .ioError)
        XCTAssertTrue(translated(.SQLITE_FULL).description.contains("the disk is full; nothing was changed"))
        XCTAssertEqual(translated(.SQLITE_READONLY, "attempt to write a readonly database").exitStatus, .noPermission)
        XCTAssertTrue(translated(.SQLITE_READONLY).description.contains("read-only for you: nothing was changed"))
        XCTAssertEqual(translated(.SQLITE_BUSY).exitStatus, .tempFailure)
        XCTAssertTrue(translated(.SQLITE_CORRUPT).description.contains("restore a backup"))
        XCTAssertFalse(translated(.SQLITE_NOTADB).description.contains("SQLite"))
    }
}
