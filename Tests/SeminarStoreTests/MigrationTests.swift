import Foundation
import GRDB
import SeminarApp
import SeminarCore
import XCTest

@testable import SeminarStore

/// Migrations are append-only (docs/design.md): a seminar file written by the first release
/// opens with today's code, migrated forward with its data intact. The old file is a real one,
/// written by the first release's binary (Tests/Fixtures/databases/README.md), so editing a
/// shipped migration, instead of appending a new one, breaks these tests.
final class MigrationTests: XCTestCase {
    /// Every migration that has shipped, in order. A new migration is appended here when it
    /// ships; none is ever renamed, reordered or removed.
    static let shipped = [
        "v1-foundation", "v2-grading", "v2-schedule", "v2-reminders", "v2-assignment", "v3-forms", "v4-attendance-days",
        "v5-hand-ins", "v6-attendance-excuses", "v7-paper-pages",
    ]

    static let databases: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<2 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures/databases")
    }()

    /// A copy of a committed database in a fresh directory (opening migrates it in place).
    func copy(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("old-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Self.databases.appendingPathComponent(name), to: target)
        return target.path
    }

    func instant(_ s: String) throws -> Date { try XCTUnwrap(SeminarTime.fromStorage(s)) }

    func testTheShippedMigrationsComeFirstInOrder() {
        XCTAssertEqual(Array(Schema.migrator.migrations.prefix(Self.shipped.count)), Self.shipped)
    }

    func testTheOldDatabaseIsWhatTheFirstReleaseWrote() throws {
        let path = try copy("v1-foundation.db")
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let applied = try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        XCTAssertEqual(applied, ["v1-foundation"])
    }

    func testAnOldDatabaseIsMigrated() throws {
        let db = try AppDatabase.open(path: try copy("v1-foundation.db"))
        let applied = try db.read { try Schema.migrator.appliedIdentifiers($0) }
        XCTAssertEqual(applied, Set(Schema.migrator.migrations))
        XCTAssertTrue(try db.read { try Schema.migrator.hasCompletedMigrations($0) })

        let info = try db.seminarInfo()
        XCTAssertEqual(info.title, "Theoretical Advances in Deep Learning")
        XCTAssertEqual(info.term, "Winter 2024/25")
        XCTAssertEqual(info.timezone, "Europe/Berlin")

        // The roster (Fixtures/roster.csv) and one de-registration.
        let students = try db.students()
        XCTAssertEqual(students.count, 20)
        let linnea = try db.student("03705521")
        XCTAssertEqual(linnea.name, "Linnea Bergström")
        XCTAssertEqual(linnea.email, "linnea.bergstroem@tum.de")
        XCTAssertEqual(linnea.program, "Mathematics in Data Science (Master)")
        XCTAssertEqual(linnea.status, .enrolled)
        let dropped = try db.student("11734589")
        XCTAssertEqual(dropped.status, .dropped)
        XCTAssertNotNil(dropped.droppedAt)
        XCTAssertEqual(students.filter { $0.status == .dropped }.map(\.id), ["11734589"])

        // The catalog (Fixtures/papers.csv): 24 papers, 26 places.
        let papers = try db.papers()
        XCTAssertEqual(papers.count, 24)
        XCTAssertEqual(papers.map(\.capacity).reduce(0, +), 26)
        let ntk = try db.paper("ntk-jacot18")
        XCTAssertEqual(ntk.title, "Neural Tangent Kernel: Convergence and Generalization in Neural Networks")
        XCTAssertEqual(ntk.capacity, 2)

        // Three forms, their times kept through v3-forms' rebuild of preference_form.
        let preferences = try db.preferenceRows()
        XCTAssertEqual(preferences.count, 8)
        XCTAssertEqual(
            preferences.filter { $0.studentID == "03705521" }.map(\.paperID),
            ["ntk-jacot18", "eos-cohen21", "lipschitz-wei19"])
        XCTAssertEqual(
            Dictionary(preferences.map { ($0.studentID, $0.submittedAt) }, uniquingKeysWith: { a, _ in a }),
            [
                "03705521": try instant("2024-10-21T08:15:00Z"), "11902567": try instant("2024-10-22T17:40:00Z"),
                "03754410": try instant("2024-10-23T09:05:00Z"),
            ])
        XCTAssertEqual(try db.studentsWithoutForm().count, 16)

        // The matching: one pinned, one not, both first choices.
        let assigned = try db.assignmentViews()
        XCTAssertEqual(assigned.map(\.studentID), ["03705521", "11902567"])
        XCTAssertEqual(assigned.map(\.paperID), ["ntk-jacot18", "eos-cohen21"])
        XCTAssertEqual(assigned.map(\.pinned), [true, false])
        XCTAssertEqual(assigned.map(\.rank), [1, 1])

        // Deadlines, as UTC instants.
        let deadlines = try db.deadlines()
        XCTAssertEqual(deadlines.map(\.kind), [.report, .presentation])
        XCTAssertEqual(
            deadlines.map(\.due), [try instant("2025-01-15T22:59:00Z"), try instant("2025-02-13T08:00:00Z")])
        XCTAssertEqual(deadlines.map(\.title), ["Written report", nil])

        let status = try SeminarStatus.gather(db, now: try instant("2025-01-01T00:00:00Z"), grading: [])
        XCTAssertEqual(status.facts.enrolled, 19)
        XCTAssertEqual(status.facts.dropped, 1)
        XCTAssertEqual(status.facts.papers, 24)
        XCTAssertEqual(status.facts.forms, 3)
        XCTAssertEqual(status.facts.assigned, 2)
        XCTAssertEqual(status.facts.pinned, 1)
        XCTAssertEqual(status.deadlines, 2)
        XCTAssertEqual(status.nextDeadline?.kind, .report)

        // The areas later migrations added work on the migrated file, and it still takes writes.
        XCTAssertNil(try db.storedSchedule())
        XCTAssertEqual(try db.outbox().count, 0)
        XCTAssertEqual(try db.gradeHistory(student: nil).count, 0)
        _ = try AssignmentEdit.pin(student: "03754410", paper: "cot-merrill24", in: db)
        XCTAssertEqual(try db.assignmentViews().count, 3)
    }
}
