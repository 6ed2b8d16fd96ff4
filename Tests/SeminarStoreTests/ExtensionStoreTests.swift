import Foundation
import SeminarCore
import XCTest

@testable import SeminarApp
@testable import SeminarStore

/// `deadline extend`: one student's own due date, and everything that follows it.
final class ExtensionStoreTests: XCTestCase {
    var db: AppDatabase!
    let time = SeminarTime(identifier: "Europe/Berlin")!
    func at(_ s: String) -> Date { time.parse(s)!.date }
    func owner(_ n: Int32) -> ClaimOwner { ClaimOwner(host: "test-host", pid: n, token: "t\(n)") }

    override func setUpWithError() throws {
        db = try AppDatabase.inMemory()
        try db.initialize(title: "TADL", term: "Winter 2024/25", timezone: "Europe/Berlin")
        for (id, name) in [("1", "Ana"), ("2", "Ben"), ("3", "Cem")] {
            try RosterEdit.add(StudentInput(id: id, name: name, email: "\(name.lowercased())@example.org"), in: db)
        }
        _ = try db.addDeadline(kind: .report, due: at("2025-01-15"), title: nil)
        var s = ReminderSettings()
        s.from = MailAddress(name: "TADL", address: "tadl@example.org")
        s.kinds = [.report]
        try db.saveReminderSettings(s)
    }

    @discardableResult
    func extend(_ student: String, _ kind: DeadlineKind = .report, to date: String, reason: String? = nil) throws
        -> ExtensionGrant
    {
        try DeadlineExtensions.grant(
            student: student, kind: kind, until: at(date), reason: reason, in: db, time: time, now: at("2025-01-14"))
    }

    func testAnExtensionTurnsALateHandInOnTimeAndTakingItBackRestoresTheFlag() throws {
        _ = try db.submit(student: "1", kind: .report, at: at("2025-01-18T10:00"), file: nil)
        _ = try db.submit(student: "2", kind: .report, at: at("2025-01-18T10:00"), file: nil)
        XCTAssertEqual(try db.submissions().map { $0.lateBy != nil }, [true, true])

        let grant = try extend("1", to: "2025-01-20", reason: "medical certificate")
        XCTAssertEqual(grant.deadline.due, at("2025-01-15"))
        XCTAssertNil(grant.replaced)
        let entries = try db.submissions()
        XCTAssertEqual(entries.map { $0.lateBy != nil }, [false, true], "Ana's own date is the 20th; Ben's the 15th")
        XCTAssertEqual(entries[0].deadline?.due, at("2025-01-20"))
        XCTAssertEqual(entries[0].deadline?.extendedFrom, at("2025-01-15"))
        XCTAssertEqual(
            HandInLines.lines(try db.handIns(student: "1"), time: time).map(\.1),
            ["handed in 2025-01-18 10:00\nextension to 2025-01-20 23:59 (medical certificate)"])
        let again = try db.submit(student: "1", kind: .report, at: at("2025-01-19T10:00"), file: nil)
        XCTAssertNil(again.entry.lateBy)
        XCTAssertEqual(again.entry.deadline?.isExtended, true)

        let (_, removed) = try DeadlineExtensions.revoke(student: "1", kind: .report, in: db)
        XCTAssertEqual(removed?.due, at("2025-01-20"))
        XCTAssertEqual(try db.submissions().map { $0.lateBy != nil }, [true, true, true])
        XCTAssertEqual(
            HandInLines.lines(try db.handIns(student: "1"), time: time).map(\.1),
            ["handed in 2025-01-19 10:00, late by 3 days 10 hours"])
        XCTAssertNil(try DeadlineExtensions.revoke(student: "1", kind: .report, in: db).removed, "nothing to take back")
    }

    func testGrantingAgainReplacesAndARefusalWritesNothing() throws {
        try extend("1", to: "2025-01-20", reason: "medical certificate")
        let second = try extend("1", to: "2025-01-25")
        XCTAssertEqual(second.replaced?.due, at("2025-01-20"))
        XCTAssertEqual(second.replaced?.reason, "medical certificate")
        XCTAssertEqual(try db.extensions().map(\.value.due), [at("2025-01-25")])
        XCTAssertEqual(try db.extensions().map(\.studentName), ["Ana"])

        func refused(_ body: () throws -> Void) {
            XCTAssertThrowsError(try body())
            XCTAssertEqual(try db.extensions().map(\.value.due), [at("2025-01-25")], "nothing changed")
        }
        refused { try extend("9", to: "2025-01-20") }
        refused { try extend("2", to: "2025-01-10") }
        refused { try extend("2", to: "2025-01-15") }
        refused { try extend("2", .slides, to: "2025-01-20") }
        refused { try extend("2", .presentation, to: "2025-01-20") }
        refused { try extend("2", to: "2025-01-20", reason: "  ") }
        refused { try extend("2", to: "2025-01-20", reason: "sick\u{202E}") }
        refused { try extend("1", to: "2025-01-10") }
        XCTAssertThrowsError(try extend("2", to: "2025-01-10")) { error in
            XCTAssertTrue(
                (error as? SeminarError)?.description.contains("is not after the report deadline") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try extend("2", .slides, to: "2025-01-20")) { error in
            XCTAssertTrue(
                (error as? SeminarError)?.description.contains("seminar deadline add slides") ?? false, "\(error)")
        }
        XCTAssertEqual(try db.removeStudent("1")["extension"], 1, "the receipt counts the extension")
        XCTAssertTrue(try db.extensions().isEmpty)
    }

    func testTheMissingListAndStatusTellWhoHasAnExtension() throws {
        try extend("3", to: "2025-01-20")
        _ = try db.submit(student: "2", kind: .report, at: at("2025-01-14"), file: nil)
        let missing = try db.missingSubmissions(kind: .report)
        XCTAssertEqual(missing.map(\.id), ["1", "3"])
        XCTAssertEqual(missing.map(\.due), [at("2025-01-15"), at("2025-01-20")])
        XCTAssertEqual(missing.map(\.extended), [false, true])
        let facts = try db.reminderStatus(now: at("2025-01-16"))
        XCTAssertEqual(facts.missingHandIns.map(\.extended), [[at("2025-01-20")]])
        XCTAssertEqual(
            ReminderTodo.items(facts, time: time).last,
            "2 students have not handed in the report, due 2025-01-15, 1 of them with an extension to 2025-01-20: "
                + "seminar submission list --missing report")
        try extend("1", to: "2025-01-22")
        XCTAssertEqual(
            ReminderTodo.items(try db.reminderStatus(now: at("2025-01-16")), time: time).last,
            "2 students have not handed in the report, due 2025-01-15, 2 of them with extensions "
                + "(2025-01-20 to 2025-01-22): seminar submission list --missing report")
    }

    func testRemindersWaitForTheWindowsBeforeTheStudentsOwnDate() throws {
        try extend("1", to: "2025-01-25")
        let t = FakeTransport()
        let early = try ReminderRun(db: db, transport: t, asOf: at("2025-01-09T08:00"), owner: owner(1)).run()
        XCTAssertEqual(early.sent.compactMap(\.reminder?.student.id), ["2", "3"], "Ana's windows have not opened")
        _ = try ReminderRun(db: db, transport: t, asOf: at("2025-01-15T08:00"), owner: owner(2)).run()
        XCTAssertEqual(t.sent.count, 4)
        XCTAssertTrue(
            try ReminderRun(db: db, transport: t, asOf: at("2025-01-18T08:00"), owner: owner(3)).run().nothingDue)
        let own = try ReminderRun(db: db, transport: t, asOf: at("2025-01-19T08:00"), owner: owner(4)).run()
        XCTAssertEqual(own.sent.compactMap(\.reminder?.student.id), ["1"])
        XCTAssertTrue(t.sent.last?.body.contains("Sat 25 Jan 2025, 23:59 CET") ?? false, t.sent.last?.body ?? "")
        let log = try db.outbox().filter { $0.studentID == "1" }
        XCTAssertEqual(log.map(\.deadlineDue), [at("2025-01-25")], "the log says the student's date")
    }

    func testAReminderSentBeforeTheExtensionDoesNotHoldBackTheNewWindows() throws {
        let t = FakeTransport()
        _ = try ReminderRun(db: db, transport: t, asOf: at("2025-01-15T08:00"), owner: owner(1)).run()
        XCTAssertEqual(t.sent.count, 3, "everyone's 1-day reminder")
        try extend("1", to: "2025-01-17")
        // The same window before the new date is a new reminder: it is sent, once.
        let new = try ReminderRun(db: db, transport: t, asOf: at("2025-01-17T08:00"), owner: owner(2)).run()
        XCTAssertEqual(new.sent.map { $0.reminder?.key }, ["reminder:1:1:1d:until:2025-01-17T22:59:00Z"])
        XCTAssertTrue(
            try ReminderRun(db: db, transport: t, asOf: at("2025-01-17T09:00"), owner: owner(3)).run().nothingDue)
        // Taken back and given again with the same date: already sent, not again.
        _ = try DeadlineExtensions.revoke(student: "1", kind: .report, in: db)
        try extend("1", to: "2025-01-17")
        XCTAssertTrue(
            try ReminderRun(db: db, transport: t, asOf: at("2025-01-17T10:00"), owner: owner(4)).run().nothingDue)
        XCTAssertEqual(t.sent.count, 4)
    }
}
