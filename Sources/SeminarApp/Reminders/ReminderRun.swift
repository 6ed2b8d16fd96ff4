import Foundation
import SeminarCore
import SeminarMail
import SeminarStore

/// One `seminar remind` run: claim what is due, send each mail, record the outcome, then
/// tell the coordinator. Every step that changes the outbox is its own short transaction,
/// so a run killed at any point leaves rows another run can finish.
public struct ReminderRun: Sendable {
    public struct Report: Sendable {
        public var sent: [ClaimedMail] = []
        public var rejected: [(ClaimedMail, String)] = []
        /// The transport stopped the run: unreachable server (exit 75) or misconfiguration.
        public var stopped: TransportError?
        /// Claims left for the next run because the run stopped.
        public var deferred = 0
        public var digestSent = false
        public var lostClaims = 0
        public var heldElsewhere = 0
        public var cancelled = 0
        public var nothingDue: Bool { sent.isEmpty && rejected.isEmpty && stopped == nil && lostClaims == 0 }
    }

    public var db: AppDatabase
    public var transport: any MailTransport
    /// The moment the windows are measured at and the mails are dated (`--now`).
    public var asOf: Date
    public var owner: ClaimOwner
    public var leaseSeconds: TimeInterval
    public var clock: @Sendable () -> Date

    public init(
        db: AppDatabase, transport: any MailTransport, asOf: Date, owner: ClaimOwner = .current(),
        leaseSeconds: TimeInterval = 15 * 60, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.db = db
        self.transport = transport
        self.asOf = asOf
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.clock = clock
    }

    static let noSender = SeminarError.usage(
        "reminders are due but no sender is set: seminar remind config --from 'Seminar <seminar@example.org>' [--coordinator ADDRESS]"
    )

    /// What would be sent at `asOf`, without claiming anything.
    public static func preview(db: AppDatabase, asOf: Date, clock: Date = Date()) throws(SeminarError)
        -> [(DueReminder, MailMessage)]
    {
        var out: [(DueReminder, MailMessage)] = []
        try preview(db: db, asOf: asOf, clock: clock) { _, _, r, message in out.append((r, message)) }
        return out
    }

    /// The same, one mail at a time: `each` gets its position (from 0), how many there are,
    /// the reminder and the mail, so that thousands of them need not be held at once.
    public static func preview(
        db: AppDatabase, asOf: Date, clock: Date = Date(),
        each: (_ index: Int, _ count: Int, DueReminder, MailMessage) -> Void
    ) throws(SeminarError) {
        let composer = try Composer(db: db, asOf: asOf)
        let domain = composer.settings.from?.domain ?? "seminar.invalid"
        let claim = try db.claimReminders(
            asOf: asOf, clock: clock, owner: .current(), leaseSeconds: 60,
            messageDomain: domain, dryRun: true, isDead: ClaimOwner.isCertainlyDead)
        if !claim.claimed.isEmpty && composer.settings.from == nil { throw noSender }
        let count = claim.claimed.count { $0.reminder != nil }
        var index = 0
        for c in claim.claimed {
            guard let r = c.reminder else { continue }
            each(index, count, r, try composer.message(for: r, messageID: c.messageID))
            index += 1
        }
    }

    public func run() throws(SeminarError) -> Report {
        let composer = try Composer(db: db, asOf: asOf)
        guard let from = composer.settings.from else {
            // Quiet on a half-configured seminar until something is actually due.
            if try db.dueReminders(asOf: asOf).isEmpty { return Report() }
            throw Self.noSender
        }
        let claim = try db.claimReminders(
            asOf: asOf, clock: clock(), owner: owner, leaseSeconds: leaseSeconds, messageDomain: from.domain,
            isDead: ClaimOwner.isCertainlyDead)
        var report = Report()
        report.heldElsewhere = claim.heldElsewhere
        report.cancelled = claim.cancelled
        try sendClaimed(claim.claimed, from: from, composer: composer, into: &report)
        // A digest when something was sent or failed for the first time: a refused address is
        // retried every run (and said on stderr each time), but the coordinator hears of it once.
        let newFailures = report.rejected.contains { $0.0.attempts == 0 }
        if report.stopped == nil, let coordinator = composer.settings.coordinator, !report.sent.isEmpty || newFailures {
            try sendDigest(to: coordinator, from: from, info: composer.info, report: &report)
        }
        return report
    }

    /// Sends each claimed mail in turn; a transport that stops (unreachable, misconfigured)
    /// leaves the rest marked failed, not attempted, for the next run.
    private func sendClaimed(
        _ claimed: [ClaimedMail], from: MailAddress, composer: Composer, into report: inout Report
    ) throws(SeminarError) {
        var pending = claimed[...]
        while let mail = pending.popFirst() {
            // Still ours? (A run that hung past its lease may have been taken over.)
            guard try db.renewClaim(mail.outboxID, owner: owner, clock: clock(), leaseSeconds: leaseSeconds) else {
                report.lostClaims += 1
                continue
            }
            let message: MailMessage
            if let r = mail.reminder {
                message = try composer.message(for: r, messageID: mail.messageID)
            } else {
                message = MailMessage(
                    from: from, to: [MailAddress(address: mail.recipient)],
                    subject: mail.subject ?? "seminar reminders",
                    body: mail.body ?? "", date: asOf, messageID: mail.messageID,
                    extraHeaders: [("Auto-Submitted", "auto-generated")])
            }
            switch send(message, timeZone: composer.info.time.timeZone) {
            case .success:
                try db.markSent(mail.outboxID, owner: owner, clock: clock())
                if mail.reminder != nil { report.sent.append(mail) } else { report.digestSent = true }
            case .failure(.rejected(let text)):
                try db.markFailed([mail.outboxID], owner: owner, clock: clock(), error: text, attempted: true)
                report.rejected.append((mail, text))
            case .failure(let error):
                try db.markFailed([mail.outboxID], owner: owner, clock: clock(), error: error.message, attempted: true)
                try db.markFailed(
                    pending.map(\.outboxID), owner: owner, clock: clock(),
                    error: "not attempted: \(error.message)", attempted: false)
                report.deferred = pending.count + 1
                report.stopped = error
                return
            }
        }
    }

    /// Records the coordinator's digest of this run (so that a failed one is retried), then sends it.
    private func sendDigest(
        to coordinator: MailAddress, from: MailAddress, info: SeminarInfo, report: inout Report
    ) throws(SeminarError) {
        let (subject, body) = digest(report, info: info)
        let id = MailMessage.makeID(
            token: "digest.\(String(UInt64.random(in: 0...UInt64.max), radix: 36))", domain: from.domain)
        let mail = try db.claimDigest(
            owner: owner, clock: clock(), leaseSeconds: leaseSeconds, recipient: coordinator.address,
            subject: subject, body: body, messageID: id)
        let message = MailMessage(
            from: from, to: [coordinator], subject: subject, body: body, date: asOf, messageID: id,
            extraHeaders: [("Auto-Submitted", "auto-generated")])
        switch send(message, timeZone: info.time.timeZone) {
        case .success:
            try db.markSent(mail.outboxID, owner: owner, clock: clock())
            report.digestSent = true
        case .failure(let error):
            try db.markFailed([mail.outboxID], owner: owner, clock: clock(), error: error.message, attempted: true)
            if case .rejected = error {} else { report.stopped = error }
        }
    }

    func send(_ message: MailMessage, timeZone: TimeZone) -> Result<Void, TransportError> {
        do throws(TransportError) {
            try transport.send(message, timeZone: timeZone)
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// The coordinator's summary of one run.
    func digest(_ report: Report, info: SeminarInfo) -> (subject: String, body: String) {
        let time = info.time
        var lines = [
            "seminar remind ran as of \(time.formatLong(asOf)) and sent \(report.sent.count) reminder\(report.sent.count == 1 ? "" : "s").",
            "",
        ]
        var groups: [(String, [ClaimedMail])] = []
        for mail in report.sent {
            guard let r = mail.reminder else { continue }
            let due = r.deadline.isExtended ? "extended to" : "due"
            let label =
                "\(r.deadline.displayTitle), \(due) \(time.formatLong(r.deadline.due)) (\(r.window.spelledOut) before):"
            if let i = groups.firstIndex(where: { $0.0 == label }) {
                groups[i].1.append(mail)
            } else {
                groups.append((label, [mail]))
            }
        }
        for (label, mails) in groups {
            lines.append(label)
            for m in mails {
                if let r = m.reminder { lines.append("  \(r.student.id)  \(r.student.name) <\(r.student.email)>") }
            }
            lines.append("")
        }
        if !report.rejected.isEmpty {
            lines.append("Not delivered (retried on the next run):")
            for (m, error) in report.rejected {
                let who = m.reminder.map { "\($0.student.id)  \($0.student.name)" } ?? m.recipient
                lines.append("  \(who): \(error)")
            }
            lines.append("")
        }
        lines.append("See every reminder with: seminar remind log")
        let subject =
            "\(info.title): \(report.sent.count) reminder\(report.sent.count == 1 ? "" : "s") sent"
            + (report.rejected.isEmpty ? "" : ", \(report.rejected.count) failed")
        return (subject, lines.joined(separator: "\n") + "\n")
    }
}

extension ReminderRun.Report {
    /// How the run ended, for cron: 75 when the mail server could not be reached (the next
    /// run retries), 1 when a mail was refused or the transport is misconfigured, else 0.
    public var exitStatus: ExitStatus {
        switch stopped {
        case .unreachable: return .tempFailure
        case .misconfigured, .rejected: return .failure
        case nil: return rejected.isEmpty ? .success : .failure
        }
    }
}
