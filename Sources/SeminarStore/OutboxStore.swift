import Foundation
import GRDB
import SeminarCore

/// What an outbox row is: a reminder to a student, or the coordinator's digest of a run.
public enum OutboxKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case reminder, digest
}

/// Where an outbox row stands: claimed by a run (with a lease), sent, failed (the next run
/// claims it again) or cancelled (no longer due).
public enum OutboxState: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case claimed, sent, failed, cancelled
}

/// One row of `outbox`: every mail `remind` decided to send.
struct OutboxRecord: StoredRecord, MutablePersistableRecord {
    static let databaseTableName = "outbox"
    var id: Int64?
    var dedupeKey: String
    var kind: OutboxKind
    var studentID: String?
    var deadlineID: Int64?
    var reminderWindow: String?
    var recipient: String
    var messageID: String
    var subject: String?
    var body: String?
    var state: OutboxState
    var claimedBy: String?
    var leaseUntil: Date?
    var attempts: Int
    var lastError: String?
    var createdAt: Date
    var updatedAt: Date
    var sentAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, kind, recipient, subject, body, state, attempts
        case dedupeKey = "dedupe_key"
        case studentID = "student_id"
        case deadlineID = "deadline_id"
        case reminderWindow = "reminder_window"
        case messageID = "message_id"
        case claimedBy = "claimed_by"
        case leaseUntil = "lease_until"
        case lastError = "last_error"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case sentAt = "sent_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let kind = Column(CodingKeys.kind)
        static let state = Column(CodingKeys.state)
        static let deadlineID = Column(CodingKeys.deadlineID)
        static let studentID = Column(CodingKeys.studentID)
        static let reminderWindow = Column(CodingKeys.reminderWindow)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func isTakeable(at clock: Date, isDead: (String) -> Bool) -> Bool {
        OutboxState.isTakeable(state, leaseUntil: leaseUntil, claimedBy: claimedBy, at: clock, isDead: isDead)
    }
}

/// The columns of an outbox row that planning a claim reads: tens of thousands of rows
/// are read at 10,000 students, and decoding all eighteen columns was most of a dry run.
private struct ClaimCandidate: StoredRecord, TableRecord {
    static let databaseTableName = "outbox"
    var id: Int64
    var dedupeKey: String
    var messageID: String
    var state: OutboxState
    var claimedBy: String?
    var leaseUntil: Date?
    var attempts: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, state, attempts
        case dedupeKey = "dedupe_key"
        case messageID = "message_id"
        case claimedBy = "claimed_by"
        case leaseUntil = "lease_until"
    }

    static var databaseSelection: [any SQLSelectable] { CodingKeys.allCases.map { Column($0) } }

    func isTakeable(at clock: Date, isDead: (String) -> Bool) -> Bool {
        OutboxState.isTakeable(state, leaseUntil: leaseUntil, claimedBy: claimedBy, at: clock, isDead: isDead)
    }
}

extension OutboxState {
    /// Whether a run may claim a row at `clock`: it failed before, or its claim's lease has
    /// run out or its run is gone.
    static func isTakeable(
        _ state: OutboxState, leaseUntil: Date?, claimedBy: String?, at clock: Date, isDead: (String) -> Bool
    ) -> Bool {
        switch state {
        case .failed: return true
        case .claimed:
            guard let leaseUntil, let claimedBy else { return true }
            return leaseUntil <= clock || isDead(claimedBy)
        case .sent, .cancelled: return false
        }
    }
}

/// One row of the outbox, for `remind log`.
public struct OutboxEntry: StoredRecord, Sendable {
    public var id: Int64
    public var kind: OutboxKind
    public var studentID: String?
    public var studentName: String?
    public var deadlineKind: DeadlineKind?
    /// The deadline's date; for a reminder before a student's own date (an extension), that date.
    public var deadlineDue: Date?
    public var window: String?
    public var recipient: String
    public var messageID: String
    public var state: OutboxState
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date?
    public var sentAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, kind, recipient, state, attempts
        case studentID = "student_id"
        case studentName = "student_name"
        case deadlineKind = "deadline_kind"
        case deadlineDue = "deadline_due"
        case window = "reminder_window"
        case messageID = "message_id"
        case lastError = "last_error"
        case createdAt = "created_at"
        case sentAt = "sent_at"
    }
}

/// A reminder this run owns: send it, then mark it.
public struct ClaimedMail: Sendable {
    public var outboxID: Int64
    public var messageID: String
    public var attempts: Int
    /// A student reminder, or nil for a digest (whose text is stored).
    public var reminder: DueReminder?
    public var recipient: String
    public var subject: String?
    public var body: String?
}

/// What a claim found.
public struct ClaimResult: Sendable {
    public var claimed: [ClaimedMail] = []
    /// Due, but another run that is still alive holds the claim.
    public var heldElsewhere = 0
    /// Failed or abandoned earlier, no longer due (submitted, dropped, deadline passed...).
    public var cancelled = 0
    /// Already sent.
    public var alreadySent = 0
}

/// What a claim will write: decided first (in the claiming transaction), written after,
/// so that a dry run decides the same without writing.
private struct ClaimPlan {
    var result = ClaimResult()
    /// Existing rows to claim, with the recipient to record (nil: keep it, for digests).
    var reclaim: [(id: Int64, recipient: String?)] = []
    /// New reminder rows: their index in `result.claimed` and their key (the row itself is
    /// only built when written, not for a dry run).
    var inserts: [(index: Int, key: String)] = []
    /// Rows no longer due.
    var cancel: [Int64] = []
}

/// How a claim is made: by whom, when, for how long.
public struct ClaimTerms: Sendable {
    public let owner: ClaimOwner
    /// The real time, for leases.
    public let clock: Date
    public let leaseSeconds: TimeInterval

    /// `owner.text` and the lease's end, worked out once for every row of a claim.
    let ownerText: String
    let leaseUntil: Date

    public init(owner: ClaimOwner, clock: Date, leaseSeconds: TimeInterval) {
        self.owner = owner
        self.clock = clock
        self.leaseSeconds = leaseSeconds
        ownerText = owner.text
        leaseUntil = clock.addingTimeInterval(leaseSeconds)
    }
}

extension AppDatabase {
    // MARK: - Claiming

    /// Decides what to send and claims it, in one write transaction (BEGIN IMMEDIATE): two
    /// runs at the same time are serialised by SQLite's write lock, so a reminder is claimed
    /// by at most one of them. `asOf` is the moment the windows are measured at (`--now`);
    /// `clock` the real time, for leases.
    ///
    /// A row is claimed when it is new, failed before, or claimed by a run whose lease has
    /// expired or whose process is gone (`isDead`). Failed or abandoned rows that are no
    /// longer due are cancelled. With `dryRun` the same is decided and nothing is written.
    public func claimReminders(
        asOf: Date, clock: Date, owner: ClaimOwner, leaseSeconds: TimeInterval, messageDomain: String,
        dryRun: Bool = false, isDead: @escaping @Sendable (String) -> Bool
    ) throws(SeminarError) -> ClaimResult {
        let terms = ClaimTerms(owner: owner, clock: clock, leaseSeconds: leaseSeconds)
        if dryRun {
            return try read { db in
                try Self.planClaims(db, asOf: asOf, terms: terms, messageDomain: messageDomain, isDead: isDead).result
            }
        }
        return try write { db in
            let plan = try Self.planClaims(db, asOf: asOf, terms: terms, messageDomain: messageDomain, isDead: isDead)
            return try Self.apply(plan, db, terms: terms)
        }
    }

    private static func planClaims(
        _ db: Database, asOf: Date, terms: ClaimTerms, messageDomain: String, isDead: (String) -> Bool
    ) throws -> ClaimPlan {
        let due = try planReminders(db, asOf: asOf)
        var plan = ClaimPlan()
        var existing: [String: ClaimCandidate] = [:]
        // The rows these reminders may have already: same deadlines, same windows (a run after
        // the 7-day reminders went out reads none of those to plan the 1-day ones).
        let deadlineIDs = Array(Set(due.map(\.deadline.id)))
        let windows = Array(Set(due.map(\.window.description)))
        let candidates = ClaimCandidate.filter(deadlineIDs.contains(OutboxRecord.Columns.deadlineID))
            .filter(windows.contains(OutboxRecord.Columns.reminderWindow))
        for row in try candidates.fetchAll(db) { existing[row.dedupeKey] = row }
        // The key is built once per reminder: it is text, and there are tens of thousands.
        let keys = due.map(\.key)
        let run = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        for (item, key) in zip(due, keys) {
            guard let row = existing[key] else {
                plan.inserts.append((plan.result.claimed.count, key))
                plan.result.claimed.append(
                    ClaimedMail(
                        outboxID: 0, messageID: newMessageID(item, run: run, domain: messageDomain), attempts: 0,
                        reminder: item, recipient: item.student.email))
                continue
            }
            if row.state == .sent {
                plan.result.alreadySent += 1
            } else if row.state == .cancelled || row.isTakeable(at: terms.clock, isDead: isDead) {
                plan.reclaim.append((row.id, item.student.email))
                plan.result.claimed.append(
                    ClaimedMail(
                        outboxID: row.id, messageID: row.messageID, attempts: row.attempts, reminder: item,
                        recipient: item.student.email))
            } else {
                plan.result.heldElsewhere += 1
            }
        }
        let dueKeys = Set(keys)
        let open = try OutboxRecord.filter([OutboxState.failed, .claimed].contains(OutboxRecord.Columns.state))
            .order(OutboxRecord.Columns.id).fetchAll(db)
        for row in open where row.isTakeable(at: terms.clock, isDead: isDead) {
            guard let id = row.id else { continue }
            switch row.kind {
            case .reminder:
                // Reminders that failed or were abandoned and are no longer due are not sent late.
                if dueKeys.contains(row.dedupeKey) { continue }
                plan.cancel.append(id)
                plan.result.cancelled += 1
            case .digest:
                // Digests that could not be sent before go out with this run.
                plan.reclaim.append((id, nil))
                plan.result.claimed.append(
                    ClaimedMail(
                        outboxID: id, messageID: row.messageID, attempts: row.attempts, reminder: nil,
                        recipient: row.recipient, subject: row.subject, body: row.body))
            }
        }
        return plan
    }

    /// A new reminder's Message-ID: the reminder's own key parts, unique within a run, and
    /// the run's random token, unique across runs (one random number per run, not one
    /// system call per mail).
    private static func newMessageID(_ item: DueReminder, run: String, domain: String) -> String {
        let token = "reminder.\(item.deadline.id).\(item.student.id).\(item.window.description).\(run)"
        return MailMessage.makeID(token: token, domain: domain)
    }

    private static func newReminder(_ mail: ClaimedMail, _ item: DueReminder, key: String, terms: ClaimTerms)
        -> OutboxRecord
    {
        OutboxRecord(
            dedupeKey: key, kind: .reminder, studentID: item.student.id, deadlineID: item.deadline.id,
            reminderWindow: item.window.description, recipient: item.student.email, messageID: mail.messageID,
            state: .claimed, claimedBy: terms.ownerText, leaseUntil: terms.leaseUntil, attempts: 0,
            createdAt: terms.clock, updatedAt: terms.clock)
    }

    private static func apply(_ plan: ClaimPlan, _ db: Database, terms: ClaimTerms) throws -> ClaimResult {
        var result = plan.result
        let owner = terms.ownerText
        let now = StoredDate(terms.clock)
        let lease = StoredDate(terms.leaseUntil)
        for (id, recipient) in plan.reclaim {
            try db.execute(
                literal: """
                    UPDATE outbox SET state = \(OutboxState.claimed), claimed_by = \(owner), lease_until = \(lease),
                        recipient = COALESCE(\(recipient), recipient), updated_at = \(now)
                    WHERE id = \(id)
                    """)
        }
        for (index, key) in plan.inserts {
            guard let item = result.claimed[index].reminder else { continue }
            var record = newReminder(result.claimed[index], item, key: key, terms: terms)
            try record.insert(db)
            result.claimed[index].outboxID = record.id ?? db.lastInsertedRowID
        }
        for id in plan.cancel {
            try db.execute(
                literal: """
                    UPDATE outbox SET state = \(OutboxState.cancelled), claimed_by = NULL, lease_until = NULL,
                        updated_at = \(now), last_error = COALESCE(last_error || '; ', '') || \("no longer due")
                    WHERE id = \(id)
                    """)
        }
        return result
    }

    /// Records a digest for the coordinator, claimed by this run.
    public func claimDigest(
        owner: ClaimOwner, clock: Date, leaseSeconds: TimeInterval, recipient: String, subject: String,
        body: String, messageID: String
    ) throws(SeminarError) -> ClaimedMail {
        let terms = ClaimTerms(owner: owner, clock: clock, leaseSeconds: leaseSeconds)
        var record = OutboxRecord(
            dedupeKey: "digest:\(owner.text):\(SeminarTime.storageString(clock))", kind: .digest, recipient: recipient,
            messageID: messageID, subject: subject, body: body, state: .claimed, claimedBy: owner.text,
            leaseUntil: terms.leaseUntil, attempts: 0, createdAt: clock, updatedAt: clock)
        return try write { db in
            try record.insert(db)
            return ClaimedMail(
                outboxID: record.id ?? db.lastInsertedRowID, messageID: messageID, attempts: 0, reminder: nil,
                recipient: recipient, subject: subject, body: body)
        }
    }

    /// Renews this run's claim just before sending; false when it is no longer ours (the
    /// lease ran out and another run took it over), in which case the mail is not sent.
    public func renewClaim(_ id: Int64, owner: ClaimOwner, clock: Date, leaseSeconds: TimeInterval) throws(SeminarError)
        -> Bool
    {
        let lease = StoredDate(clock.addingTimeInterval(leaseSeconds))
        return try write { db in
            try db.execute(
                literal: """
                    UPDATE outbox SET lease_until = \(lease)
                    WHERE id = \(id) AND state = \(OutboxState.claimed) AND claimed_by = \(owner.text)
                    """)
            return db.changesCount == 1
        }
    }

    /// The server accepted the message. Digest text is dropped once sent (it names students).
    public func markSent(_ id: Int64, owner: ClaimOwner, clock: Date) throws(SeminarError) {
        let now = StoredDate(clock)
        try write { db in
            try db.execute(
                literal: """
                    UPDATE outbox SET state = \(OutboxState.sent), sent_at = \(now), updated_at = \(now),
                        attempts = attempts + 1, last_error = NULL, claimed_by = NULL, lease_until = NULL,
                        body = CASE kind WHEN \(OutboxKind.digest) THEN NULL ELSE body END
                    WHERE id = \(id) AND claimed_by = \(owner.text)
                    """)
        }
    }

    /// The send failed (or was not attempted): the next run claims it again.
    public func markFailed(_ ids: [Int64], owner: ClaimOwner, clock: Date, error: String, attempted: Bool)
        throws(SeminarError)
    {
        guard !ids.isEmpty else { return }
        let now = StoredDate(clock)
        let increment = attempted ? 1 : 0
        try write { db in
            for id in ids {
                try db.execute(
                    literal: """
                        UPDATE outbox SET state = \(OutboxState.failed), last_error = \(error), updated_at = \(now),
                            attempts = attempts + \(increment), claimed_by = NULL, lease_until = NULL
                        WHERE id = \(id) AND claimed_by = \(owner.text)
                        """)
            }
        }
    }

    // MARK: - Log

    /// Every outbox row, oldest first; only those in `state` when given.
    public func outbox(state: OutboxState? = nil) throws(SeminarError) -> [OutboxEntry] {
        let filter: SQL = state.map { (state) -> SQL in "WHERE o.state = \(state)" } ?? ""
        return try read { db in
            try SQLRequest<OutboxEntry>(
                literal: """
                    SELECT o.id, o.kind, o.student_id, s.name AS student_name, d.kind AS deadline_kind,
                           -- A reminder before a student's own date (an extension) ends its key with it.
                           CASE WHEN substr(o.dedupe_key, -27, 7) = ':until:' THEN substr(o.dedupe_key, -20)
                                ELSE d.due_at END AS deadline_due, o.reminder_window, o.recipient, o.message_id, o.state,
                           o.attempts, o.last_error, o.created_at, o.sent_at
                    FROM outbox o LEFT JOIN student s ON s.id = o.student_id LEFT JOIN deadline d ON d.id = o.deadline_id
                    \(filter)
                    ORDER BY o.id
                    """
            ).fetchAll(db)
        }
    }

    /// How many reminders were sent to a student.
    static func remindersSent(_ db: Database, studentID: String) throws -> Int {
        try OutboxRecord.filter(
            OutboxRecord.Columns.studentID == studentID && OutboxRecord.Columns.state == OutboxState.sent
        )
        .fetchCount(db)
    }

    /// How many mails failed and wait for the next run.
    static func failedMails(_ db: Database) throws -> Int {
        try OutboxRecord.filter(OutboxRecord.Columns.state == OutboxState.failed).fetchCount(db)
    }
}
