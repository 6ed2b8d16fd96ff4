import Foundation
import SeminarCore
import XCTest

@testable import SeminarApp
@testable import SeminarStore

/// Records every message instead of sending; can be told to fail.
final class FakeTransport: MailTransport, @unchecked Sendable {
    var sent: [MailMessage] = []
    var failWith: TransportError?
    var failFor: Set<String> = []
    var label: String { "fake" }

    func send(_ message: MailMessage, timeZone: TimeZone) throws(TransportError) {
        if let failWith { throw failWith }
        if failFor.contains(message.to[0].address) { throw .rejected("550 no such user") }
        sent.append(message)
    }
}

final class ReminderStoreTests: XCTestCase {
    var db: AppDatabase!
    let time = SeminarTime(identifier: "Europe/Berlin")!
    var asOf: Date { time.parse("2025-01-09T08:00")!.date }

    override func setUpWithError() throws {
        db = try AppDatabase.inMemory()
        try db.initialize(title: "TADL", term: "Winter 2024/25", timezone: "Europe/Berlin")
        for (id, name) in [("1", "Ana"), ("2", "Ben"), ("3", "Cem"), ("4", "Dora")] {
            try RosterEdit.add(StudentInput(id: id, name: name, email: "\(name.lowercased())@example.org"), in: db)
        }
        _ = try db.addDeadline(kind: .report, due: time.parse("2025-01-15")!.date, title: nil)
        var s = ReminderSettings()
        s.from = MailAddress(name: "TADL", address: "tadl@example.org")
        s.kinds = [.report]
        try db.saveReminderSettings(s)
        _ = try db.submit(student: "2", kind: .report, at: time.parse("2025-01-08")!.date, file: nil)
        _ = try db.dropStudent("4", at: time.parse("2024-10-01")!.date)
    }

    func owner(_ n: Int32) -> ClaimOwner { ClaimOwner(host: "test-host", pid: n, token: "t\(n)") }

    func testAClaimIsExclusiveUntilItsLeaseExpires() throws {
        let clock = Date()
        let a = try db.claimReminders(
            asOf: asOf, clock: clock, owner: owner(1), leaseSeconds: 600, messageDomain: "example.org",
            isDead: { _ in false })
        XCTAssertEqual(
            a.claimed.compactMap(\.reminder?.student.id), ["1", "3"], "not the one who submitted, not the dropped one")
        let b = try db.claimReminders(
            asOf: asOf, clock: clock.addingTimeInterval(60), owner: owner(2), leaseSeconds: 600,
            messageDomain: "example.org", isDead: { _ in false })
        XCTAssertTrue(b.claimed.isEmpty)
        XCTAssertEqual(b.heldElsewhere, 2)
        // After the lease, a live-looking owner's claims are taken over, with the same Message-ID.
        let c = try db.claimReminders(
            asOf: asOf, clock: clock.addingTimeInterval(601), owner: owner(2), leaseSeconds: 600,
            messageDomain: "example.org", isDead: { _ in false })
        XCTAssertEqual(c.claimed.map(\.messageID), a.claimed.map(\.messageID))
        // The first owner lost them: it must not send.
        XCTAssertFalse(
            try db.renewClaim(
                a.claimed[0].outboxID, owner: owner(1), clock: clock.addingTimeInterval(602), leaseSeconds: 600))
        XCTAssertTrue(
            try db.renewClaim(
                c.claimed[0].outboxID, owner: owner(2), clock: clock.addingTimeInterval(602), leaseSeconds: 600))
    }

    func testADeadOwnersClaimsAreTakenOverAtOnce() throws {
        let clock = Date()
        _ = try db.claimReminders(
            asOf: asOf, clock: clock, owner: owner(1), leaseSeconds: 600, messageDomain: "example.org",
            isDead: { _ in false })
        let b = try db.claimReminders(
            asOf: asOf, clock: clock, owner: owner(2), leaseSeconds: 600, messageDomain: "example.org",
            isDead: { $0.hasPrefix("test-host:1:") })
        XCTAssertEqual(b.claimed.count, 2)
    }

    func testSentIsNeverClaimedAgainAndFailedIsRetried() throws {
        let t = FakeTransport()
        t.failFor = ["cem@example.org"]
        let first = try ReminderRun(db: db, transport: t, asOf: asOf, owner: owner(1)).run()
        XCTAssertEqual(t.sent.map { $0.to[0].address }, ["ana@example.org"])
        XCTAssertEqual(first.rejected.count, 1)
        t.failFor = []
        let second = try ReminderRun(db: db, transport: t, asOf: asOf, owner: owner(2)).run()
        XCTAssertEqual(second.sent.compactMap(\.reminder?.student.id), ["3"])
        XCTAssertEqual(t.sent.map { $0.to[0].address }, ["ana@example.org", "cem@example.org"])
        let third = try ReminderRun(db: db, transport: t, asOf: asOf, owner: owner(3)).run()
        XCTAssertTrue(third.nothingDue)
        let log = try db.outbox()
        XCTAssertEqual(log.first { $0.studentID == "3" }?.attempts, 2)
    }

    func testUnreachableStopsTheRunAndLeavesEverythingForTheNext() throws {
        let t = FakeTransport()
        t.failWith = .unreachable("connection refused")
        let r = try ReminderRun(db: db, transport: t, asOf: asOf, owner: owner(1)).run()
        XCTAssertEqual(r.stopped, .unreachable("connection refused"))
        XCTAssertEqual(r.deferred, 2)
        XCTAssertEqual(Set(try db.outbox().map(\.state)), [.failed])
        t.failWith = nil
        _ = try ReminderRun(db: db, transport: t, asOf: asOf, owner: owner(2)).run()
        XCTAssertEqual(t.sent.count, 2)
    }

    func testAFailedReminderNoLongerDueIsCancelled() throws {
        let t = FakeTransport()
        t.failFor = ["cem@example.org"]
        _ = try ReminderRun(db: db, transport: t, asOf: asOf, owner: owner(1)).run()
        _ = try db.submit(student: "3", kind: .report, at: asOf, file: nil)
        t.failFor = []
        let r = try ReminderRun(db: db, transport: t, asOf: asOf, owner: owner(2)).run()
        XCTAssertEqual(r.cancelled, 1)
        XCTAssertEqual(t.sent.count, 1, "Cem handed in meanwhile: no late reminder")
    }

    func testTheNarrowestWindowSupersedesAMissedWiderOne() throws {
        let t = FakeTransport()
        _ = try ReminderRun(db: db, transport: t, asOf: time.parse("2025-01-15T08:00")!.date, owner: owner(1)).run()
        XCTAssertEqual(Set(try db.outbox().compactMap(\.window)), ["1d"])
        _ = try ReminderRun(db: db, transport: t, asOf: time.parse("2025-01-15T09:00")!.date, owner: owner(2)).run()
        XCTAssertEqual(t.sent.count, 2)
    }

    func testDigestGoesToTheCoordinator() throws {
        var s = try db.reminderSettings()
        s.coordinator = MailAddress(name: "Ioana Crăciun", address: "coord@example.org")
        try db.saveReminderSettings(s)
        let t = FakeTransport()
        let r = try ReminderRun(db: db, transport: t, asOf: asOf, owner: owner(1)).run()
        XCTAssertTrue(r.digestSent)
        let digest = try XCTUnwrap(t.sent.last)
        XCTAssertEqual(digest.to[0].address, "coord@example.org")
        XCTAssertTrue(digest.body.contains("sent 2 reminders"))
        XCTAssertTrue(digest.body.contains("1  Ana <ana@example.org>"))
        XCTAssertEqual(t.sent.dropLast().first?.replyTo?.address, "coord@example.org")
    }

    func testNoSenderIsQuietWhenNothingIsDueAndAnErrorWhenSomethingIs() throws {
        try db.saveReminderSettings(ReminderSettings())
        let t = FakeTransport()
        XCTAssertTrue(try ReminderRun(db: db, transport: t, asOf: time.parse("2024-12-01")!.date).run().nothingDue)
        XCTAssertThrowsError(try ReminderRun(db: db, transport: t, asOf: asOf).run()) { error in
            XCTAssertEqual((error as? SeminarError)?.exitStatus, .usage)
        }
    }

    func testRemovingAStudentErasesTheirReminders() throws {
        _ = try ReminderRun(db: db, transport: FakeTransport(), asOf: asOf, owner: owner(1)).run()
        let removed = try db.removeStudent("1")
        XCTAssertEqual(removed["outbox"], 1)
        XCTAssertFalse(try db.outbox().contains { $0.recipient == "ana@example.org" })
    }

    func testStatusSaysWhatIsMissingWithTheCommandThatHelps() throws {
        try db.saveReminderSettings(ReminderSettings())
        let before = try db.reminderStatus(now: time.parse("2025-01-01")!.date)
        XCTAssertEqual(before.upcomingRemindedDeadlines, 1)
        XCTAssertEqual(
            ReminderTodo.items(before, time: time),
            [
                "Reminders cannot go out, no sender is set: seminar remind config --from ADDRESS --coordinator ADDRESS"
            ])
        let after = try db.reminderStatus(now: time.parse("2025-01-16")!.date)
        XCTAssertEqual(after.missingHandIns.map(\.missing), [2], "Ana and Cem; Ben handed in, Dora dropped")
        XCTAssertEqual(
            ReminderTodo.items(after, time: time),
            ["2 students have not handed in the report, due 2025-01-15: seminar submission list --missing report"])
    }

    func testAFailedMailIsATodoAndFailsTheRun() throws {
        let t = FakeTransport()
        t.failFor = ["cem@example.org"]
        let report = try ReminderRun(db: db, transport: t, asOf: asOf, owner: owner(1)).run()
        XCTAssertEqual(report.exitStatus, .failure)
        let facts = try db.reminderStatus(now: asOf)
        XCTAssertEqual(facts.failedMails, 1)
        XCTAssertTrue(
            ReminderTodo.items(facts, time: time).contains {
                $0.hasPrefix("1 reminder could not be sent yet") && $0.hasSuffix("seminar remind log --state failed")
            })
        t.failWith = .unreachable("connection refused")
        XCTAssertEqual(
            try ReminderRun(db: db, transport: t, asOf: asOf, owner: owner(2)).run().exitStatus, .tempFailure)
        XCTAssertEqual(ReminderRun.Report().exitStatus, .success)
    }

    func testStudentShowTellsTheLatestHandInAndItsLateness() throws {
        let file = SubmittedFile(
            name: "ana.pdf", size: 1234, sha256: String(repeating: "a", count: 64), pdfVersion: "1.7")
        _ = try db.submit(student: "1", kind: .report, at: time.parse("2025-01-14T10:00")!.date, file: nil)
        _ = try db.submit(student: "1", kind: .report, at: time.parse("2025-01-16T00:59")!.date, file: file)
        _ = try ReminderRun(db: db, transport: FakeTransport(), asOf: asOf, owner: owner(1)).run()
        let lines = HandInLines.lines(try db.handIns(student: "1"), time: time)
        XCTAssertEqual(lines.map(\.0), ["report", "reminders"])
        XCTAssertEqual(
            lines[0].1,
            "handed in 2025-01-16 00:59, late by 1 hour\nana.pdf, 1234 bytes, SHA-256 \(String(repeating: "a", count: 64))"
        )
        XCTAssertEqual(lines[1].1, "1 sent (seminar remind log)")
    }

    func testSubmissionsKnowTheLatestVersionAndSharedFiles() throws {
        let hash = String(repeating: "b", count: 64)
        let file = SubmittedFile(name: "x.pdf", size: 1, sha256: hash, pdfVersion: nil)
        _ = try db.submit(student: "1", kind: .report, at: time.parse("2025-01-10")!.date, file: file)
        let second = try db.submit(student: "3", kind: .report, at: time.parse("2025-01-11")!.date, file: file)
        XCTAssertEqual(second.entry.sameFileAs, ["1"])
        _ = try db.submit(student: "1", kind: .report, at: time.parse("2025-01-12")!.date, file: nil)
        let all = try db.submissions(kind: .report)
        XCTAssertEqual(all.map(\.record.studentID), ["2", "1", "3", "1"])
        XCTAssertEqual(all.map(\.superseded), [false, true, false, false])
        XCTAssertEqual(all[1].sameFileAs, ["3"])
        XCTAssertEqual(all[2].sameFileAs, ["1"])
        XCTAssertEqual(try db.submissions(kind: .slides).count, 0)
    }
}
