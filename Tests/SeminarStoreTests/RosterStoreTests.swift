import GRDB
import SeminarApp
import XCTest

@testable import SeminarCore
@testable import SeminarStore

final class RosterStoreTests: XCTestCase {
    func makeDB() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.initialize(title: "T", term: "W24", timezone: "Europe/Berlin")
        return db
    }

    func student(_ id: String, _ name: String, _ email: String, line: Int = 0) -> StudentInput {
        StudentInput(id: id, name: name, email: email, line: line)
    }

    func testImportUpsertsAndCounts() throws {
        let db = try makeDB()
        let first = try RosterImport.run(
            [student("01", "A", "a@x.de"), student("02", "B", "b@x.de")], file: "r.csv", in: db)
        XCTAssertEqual(first.added, ["01", "02"])
        let again = try RosterImport.run(
            [student("01", "A", "a@x.de"), student("02", "B B", "b@x.de")], file: "r.csv", in: db)
        XCTAssertEqual(again.unchanged, ["01"])
        XCTAssertEqual(again.updated, ["02"])
        XCTAssertEqual(try db.student("02").name, "B B")
        XCTAssertEqual(try db.student("01").id, "01", "leading zeros are kept")
    }

    func testTwoStudentsCanSwapAddressesInOneImport() throws {
        let db = try makeDB()
        _ = try RosterImport.run([student("1", "A", "a@x.de"), student("2", "B", "b@x.de")], file: "r.csv", in: db)
        let s = try RosterImport.run([student("1", "A", "b@x.de"), student("2", "B", "a@x.de")], file: "r.csv", in: db)
        XCTAssertEqual(s.updated.count, 2)
        XCTAssertEqual(try db.student("1").email, "b@x.de")
    }

    func testAnAddressOfAnotherStudentIsRefusedAndNothingChanges() throws {
        let db = try makeDB()
        _ = try RosterImport.run([student("1", "A", "a@x.de")], file: "r.csv", in: db)
        XCTAssertThrowsError(
            try RosterImport.run(
                [student("3", "C", "c@x.de"), student("2", "B", "A@x.de", line: 3)], file: "r.csv", in: db)
        ) { error in
            guard case SeminarError.invalidInput(let e) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(e.first?.line, 3)
        }
        XCTAssertEqual(try db.students().count, 1)
    }

    func testDryRunChangesNothing() throws {
        let db = try makeDB()
        let s = try RosterImport.run([student("1", "A", "a@x.de")], file: "r.csv", in: db, dryRun: true)
        XCTAssertEqual(s.added, ["1"])
        XCTAssertEqual(try db.students().count, 0)
    }

    func testDropAndRemove() throws {
        let db = try makeDB()
        try RosterEdit.add(student("1", "A", "a@x.de"), in: db)
        _ = try CatalogImport.run([PaperInput(id: "p", title: "P")], file: "p.csv", in: db)
        _ = try AssignmentEdit.pin(student: "1", paper: "p", in: db)
        let dropped = try db.dropStudent("1", at: Date(timeIntervalSince1970: 0))
        XCTAssertEqual(dropped.status, .dropped)
        XCTAssertEqual(dropped.droppedAt, Date(timeIntervalSince1970: 0))
        let removed = try db.removeStudent("1")
        XCTAssertEqual(removed["assignment"], 1)
        XCTAssertThrowsError(try db.student("1"))
        XCTAssertEqual(try db.assignmentViews().count, 0, "erasing a student erases their records")
    }

    func testAddRefusesDuplicatesWithReadableMessages() throws {
        let db = try makeDB()
        try RosterEdit.add(student("1", "A", "a@x.de"), in: db)
        XCTAssertThrowsError(try RosterEdit.add(student("1", "Z", "z@x.de"), in: db)) {
            XCTAssertTrue("\($0)".contains("already on the roster"))
        }
        XCTAssertThrowsError(try RosterEdit.add(student("2", "Z", "A@X.DE"), in: db)) {
            XCTAssertTrue("\($0)".contains("already belongs to student 1"))
        }
    }

    func testPinRespectsCapacity() throws {
        let db = try makeDB()
        for i in 1...3 { try RosterEdit.add(student("\(i)", "S\(i)", "s\(i)@x.de"), in: db) }
        _ = try CatalogImport.run([PaperInput(id: "p", title: "P", capacity: 1)], file: "p.csv", in: db)
        _ = try AssignmentEdit.pin(student: "1", paper: "p", in: db)
        XCTAssertThrowsError(try AssignmentEdit.pin(student: "2", paper: "p", in: db)) {
            XCTAssertTrue("\($0)".contains("full"))
        }
        try db.write { try $0.execute(sql: "UPDATE assignment SET pinned = 0") }
        let outcome = try AssignmentEdit.pin(student: "2", paper: "p", in: db)
        XCTAssertEqual(outcome.displaced, ["1"])
    }

    func testFileDatabaseIsOwnerOnlyMigratedAndBackedUp() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.db").path
        let db = try AppDatabase.create(path: path)
        try db.initialize(title: "T", term: "W", timezone: "UTC")
        try RosterEdit.add(student("1", "A", "a@x.de"), in: db)
        let perms = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int
        XCTAssertEqual(perms & 0o077, 0, "nobody but the owner may read grades and addresses")
        let mode = try db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        XCTAssertEqual(mode, "wal")
        let copy = dir.appendingPathComponent("copy.db").path
        try db.backup(to: copy)
        XCTAssertEqual(try AppDatabase.open(path: copy).students().count, 1)
        XCTAssertThrowsError(try db.backup(to: copy), "a backup never overwrites")
        XCTAssertThrowsError(try AppDatabase.create(path: path), "init never overwrites")
        XCTAssertThrowsError(try AppDatabase.open(path: dir.appendingPathComponent("none.db").path)) { error in
            guard case SeminarError.noSeminar = error else { return XCTFail("\(error)") }
        }
    }

    func testANewerDatabaseIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("new.db").path
        let db = try AppDatabase.create(path: path)
        try db.initialize(title: "T", term: "W", timezone: "UTC")
        try db.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-future')") }
        XCTAssertThrowsError(try AppDatabase.open(path: path)) { XCTAssertTrue("\($0)".contains("newer version")) }
    }
}
