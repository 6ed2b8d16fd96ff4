import Foundation
import GRDB
import SeminarCore

/// The coordinator's reminder configuration, kept in the `setting` table under `remind.*`.
public struct ReminderSettings: Sendable, Equatable {
    public var windows: [ReminderWindow] = ReminderWindow.defaults
    public var kinds: [DeadlineKind] = ReminderPlanner.defaultKinds
    public var from: MailAddress?
    public var coordinator: MailAddress?
    public var transport: String?
    public var sendmailCommand: String?
    public var smtpURL: String?
    public var smtpUser: String?
    public var smtpPasswordFile: String?
    public var smtpTLS: String?
    public var smtpCAFile: String?
    public var maildir: String?

    public init() {}

    public static let keys: [String] = [
        "remind.windows", "remind.kinds", "remind.from", "remind.coordinator", "remind.transport",
        "remind.sendmail_command", "remind.smtp_url", "remind.smtp_user", "remind.smtp_password_file",
        "remind.smtp_tls", "remind.smtp_ca_file", "remind.maildir",
    ]

    /// The settings as stored (key, text); unset keys are left out.
    public var stored: [(String, String?)] {
        [
            ("remind.windows", windows.map(\.description).joined(separator: ",")),
            ("remind.kinds", kinds.map(\.rawValue).joined(separator: ",")),
            ("remind.from", from?.description), ("remind.coordinator", coordinator?.description),
            ("remind.transport", transport), ("remind.sendmail_command", sendmailCommand),
            ("remind.smtp_url", smtpURL), ("remind.smtp_user", smtpUser),
            ("remind.smtp_password_file", smtpPasswordFile), ("remind.smtp_tls", smtpTLS),
            ("remind.smtp_ca_file", smtpCAFile),
            ("remind.maildir", maildir),
        ]
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

/// One row of the outbox, for `remind log`.
public struct OutboxEntry: Sendable {
    public var id: Int64
    public var kind: String
    public var studentID: String?
    public var studentName: String?
    public var deadlineKind: String?
    public var deadlineDue: Date?
    public var window: String?
    public var recipient: String
    public var messageID: String
    public var state: String
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date?
    public var sentAt: Date?
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

/// Who holds a claim: host, process id and a random token (`host:1234:ab12cd`).
public struct ClaimOwner: Sendable, Equatable {
    public var host: String
    public var pid: Int32
    public var token: String

    public init(host: String, pid: Int32, token: String) {
        self.host = host
        self.pid = pid
        self.token = token
    }

    public static func current() -> ClaimOwner {
        ClaimOwner(
            host: ProcessInfo.processInfo.hostName, pid: getpid(),
            token: String(UInt64.random(in: 0...UInt64.max), radix: 36))
    }

    public var text: String { "\(host):\(pid):\(token)" }

    public static func parse(_ s: String) -> ClaimOwner? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { return nil }
        return ClaimOwner(
            host: parts.dropLast(2).joined(separator: ":"), pid: pid, token: String(parts[parts.count - 1]))
    }

    /// Whether the process holding a claim is certainly gone: same host and no such process.
    /// A claim from another host is only taken over when its lease expires.
    public static func isCertainlyDead(_ claimedBy: String) -> Bool {
        guard let owner = parse(claimedBy), owner.host == ProcessInfo.processInfo.hostName else { return false }
        if owner.pid == getpid() { return false }
        return kill(owner.pid, 0) != 0 && errno == ESRCH
    }
}

extension AppDatabase {
    // MARK: - Settings

    public func reminderSettings() throws(SeminarError) -> ReminderSettings {
        try read { db in try Self.loadReminderSettings(db) }
    }

    static func loadReminderSettings(_ db: Database) throws -> ReminderSettings {
        var values: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM setting WHERE key LIKE 'remind.%'") {
            values[row["key"]] = row["value"]
        }
        var s = ReminderSettings()
        if let w = values["remind.windows"], case .success(let windows) = ReminderWindow.parseList(w) {
            s.windows = windows
        }
        if let k = values["remind.kinds"] {
            s.kinds = k.split(separator: ",").compactMap { DeadlineKind.parse(String($0)) }
        }
        s.from = values["remind.from"].flatMap(MailAddress.parse)
        s.coordinator = values["remind.coordinator"].flatMap(MailAddress.parse)
        s.transport = values["remind.transport"]
        s.sendmailCommand = values["remind.sendmail_command"]
        s.smtpURL = values["remind.smtp_url"]
        s.smtpUser = values["remind.smtp_user"]
        s.smtpPasswordFile = values["remind.smtp_password_file"]
        s.smtpTLS = values["remind.smtp_tls"]
        s.smtpCAFile = values["remind.smtp_ca_file"]
        s.maildir = values["remind.maildir"]
        return s
    }

    public func saveReminderSettings(_ settings: ReminderSettings) throws(SeminarError) {
        try write { db in
            for (key, value) in settings.stored {
                if let value, !value.isEmpty {
                    try db.execute(
                        sql:
                            "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        arguments: [key, value])
                } else {
                    try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
                }
            }
        }
    }

    // MARK: - Templates

    /// The coordinator's template for a kind, or nil when the built-in one is used.
    public func customTemplate(_ kind: DeadlineKind) throws(SeminarError) -> String? {
        try read {
            try String.fetchOne($0, sql: "SELECT source FROM mail_template WHERE kind = ?", arguments: [kind.rawValue])
        }
    }

    public func customTemplates() throws(SeminarError) -> [DeadlineKind: String] {
        try read { db in
            var out: [DeadlineKind: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, source FROM mail_template") {
                if let k = DeadlineKind(rawValue: row["kind"]) { out[k] = row["source"] }
            }
            return out
        }
    }

    public func setCustomTemplate(_ kind: DeadlineKind, source: String?, now: Date = Date()) throws(SeminarError) {
        try write { db in
            if let source {
                try db.execute(
                    sql: """
                        INSERT INTO mail_template(kind, source, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT(kind) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at
                        """, arguments: [kind.rawValue, source, SeminarTime.storageString(now)])
            } else {
                try db.execute(sql: "DELETE FROM mail_template WHERE kind = ?", arguments: [kind.rawValue])
            }
        }
    }

    // MARK: - Planning

    /// Enrolled students with their paper, hand-ins and preference form. Hand-ins count
    /// from the moment they were made, so a run `--now` in the past sees the past.
    static func reminderStudents(_ db: Database, asOf: Date) throws -> [ReminderStudent] {
        var submitted: [String: Set<DeadlineKind>] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT DISTINCT student_id, kind FROM submission WHERE submitted_at <= ?",
            arguments: [SeminarTime.storageString(asOf)])
        {
            if let k = DeadlineKind(rawValue: row["kind"]) { submitted[row["student_id"], default: []].insert(k) }
        }
        let time = try SeminarInfo.fetchOne(db)?.time ?? SeminarTime(timeZone: .current)
        let slots = try presentationSlots(db).mapValues { time.formatSlot(start: $0.start, end: $0.end, room: $0.room) }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, s.name, s.email, p.id AS paper_id, p.title AS paper_title, p.authors AS paper_authors,
                       (EXISTS (SELECT 1 FROM preference_form f WHERE f.student_id = s.id)
                        OR EXISTS (SELECT 1 FROM preference r WHERE r.student_id = s.id)) AS has_form
                FROM student s LEFT JOIN assignment a ON a.student_id = s.id LEFT JOIN paper p ON p.id = a.paper_id
                WHERE s.status = 'enrolled'
                ORDER BY s.id
                """
        ).map { row in
            let id: String = row["id"]
            return ReminderStudent(
                id: id, name: row["name"], email: row["email"], paperID: row["paper_id"],
                paperTitle: row["paper_title"], paperAuthors: row["paper_authors"],
                submitted: submitted[id] ?? [], hasPreferenceForm: row["has_form"],
                slot: slots[id])
        }
    }

    /// What is due at `asOf`, as the planner sees it (read-only: for dry runs and status).
    public func dueReminders(asOf: Date) throws(SeminarError) -> [DueReminder] {
        try read { db in
            let settings = try Self.loadReminderSettings(db)
            return ReminderPlanner.due(
                deadlines: try Self.fetchDeadlines(db), students: try Self.reminderStudents(db, asOf: asOf),
                windows: settings.windows, kinds: Set(settings.kinds), now: asOf)
        }
    }

    // MARK: - Claiming

    /// Decides what to send and claims it, in one write transaction (BEGIN IMMEDIATE): two
    /// runs at the same time are serialised by SQLite's write lock, so a reminder is claimed
    /// by at most one of them. `asOf` is the moment the windows are measured at (`--now`);
    /// `clock` the real time, for leases.
    ///
    /// A row is claimed when it is new, failed before, or claimed by a run whose lease has
    /// expired or whose process is gone. Failed or abandoned rows that are no longer due are
    /// cancelled. With `dryRun` nothing is written.
    public func claimReminders(
        asOf: Date, clock: Date, owner: ClaimOwner, leaseSeconds: TimeInterval, messageDomain: String,
        dryRun: Bool = false, isDead: @escaping @Sendable (String) -> Bool = ClaimOwner.isCertainlyDead
    )
        throws(SeminarError) -> ClaimResult
    {
        let nowStamp = SeminarTime.storageString(clock)
        let lease = SeminarTime.storageString(clock.addingTimeInterval(leaseSeconds))
        let ownerText = owner.text
        return try write(dryRun: dryRun) { db in
            let settings = try Self.loadReminderSettings(db)
            let due = ReminderPlanner.due(
                deadlines: try Self.fetchDeadlines(db), students: try Self.reminderStudents(db, asOf: asOf),
                windows: settings.windows, kinds: Set(settings.kinds), now: asOf)
            var result = ClaimResult()
            var dueKeys = Set<String>()
            func takeable(_ row: Row) -> Bool {
                let state: String = row["state"]
                if state == "failed" { return true }
                guard state == "claimed" else { return false }
                let leaseUntil: String = row["lease_until"]
                let by: String = row["claimed_by"]
                return leaseUntil <= nowStamp || isDead(by)
            }
            for item in due {
                dueKeys.insert(item.key)
                if let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM outbox WHERE dedupe_key = ?", arguments: [item.key])
                {
                    let state: String = row["state"]
                    if state == "sent" {
                        result.alreadySent += 1
                        continue
                    }
                    if state == "cancelled" || takeable(row) {
                        let id: Int64 = row["id"]
                        try db.execute(
                            sql: """
                                UPDATE outbox SET state = 'claimed', claimed_by = ?, lease_until = ?, recipient = ?, updated_at = ? WHERE id = ?
                                """, arguments: [ownerText, lease, item.student.email, nowStamp, id])
                        result.claimed.append(
                            ClaimedMail(
                                outboxID: id, messageID: row["message_id"], attempts: row["attempts"],
                                reminder: item, recipient: item.student.email))
                    } else {
                        result.heldElsewhere += 1
                    }
                    continue
                }
                let token =
                    "reminder.\(item.deadline.id).\(item.student.id).\(item.window).\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
                let messageID = MailMessage.makeID(token: token, domain: messageDomain)
                try db.execute(
                    sql: """
                        INSERT INTO outbox(dedupe_key, kind, student_id, deadline_id, reminder_window, recipient, message_id, state,
                                           claimed_by, lease_until, created_at, updated_at)
                        VALUES (?, 'reminder', ?, ?, ?, ?, ?, 'claimed', ?, ?, ?, ?)
                        """,
                    arguments: [
                        item.key, item.student.id, item.deadline.id, item.window.description, item.student.email,
                        messageID, ownerText, lease, nowStamp, nowStamp,
                    ])
                result.claimed.append(
                    ClaimedMail(
                        outboxID: db.lastInsertedRowID, messageID: messageID, attempts: 0,
                        reminder: item, recipient: item.student.email))
            }
            // Reminders that failed or were abandoned and are no longer due are not sent late.
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE kind = 'reminder' AND state IN ('failed', 'claimed')")
            where !dueKeys.contains(row["dedupe_key"]) && takeable(row) {
                try db.execute(
                    sql: """
                        UPDATE outbox SET state = 'cancelled', claimed_by = NULL, lease_until = NULL, updated_at = ?,
                            last_error = COALESCE(last_error || '; ', '') || 'no longer due' WHERE id = ?
                        """, arguments: [nowStamp, row["id"] as Int64])
                result.cancelled += 1
            }
            // Digests that could not be sent before go out with this run.
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE kind = 'digest' AND state IN ('failed', 'claimed') ORDER BY id")
            where takeable(row) {
                let id: Int64 = row["id"]
                try db.execute(
                    sql:
                        "UPDATE outbox SET state = 'claimed', claimed_by = ?, lease_until = ?, updated_at = ? WHERE id = ?",
                    arguments: [ownerText, lease, nowStamp, id])
                result.claimed.append(
                    ClaimedMail(
                        outboxID: id, messageID: row["message_id"], attempts: row["attempts"], reminder: nil,
                        recipient: row["recipient"], subject: row["subject"], body: row["body"]))
            }
            return result
        }
    }

    /// Records a digest for the coordinator, claimed by this run.
    public func claimDigest(
        owner: ClaimOwner, clock: Date, leaseSeconds: TimeInterval, recipient: String, subject: String,
        body: String, messageID: String
    ) throws(SeminarError) -> ClaimedMail {
        let nowStamp = SeminarTime.storageString(clock)
        let lease = SeminarTime.storageString(clock.addingTimeInterval(leaseSeconds))
        let key = "digest:\(owner.text):\(nowStamp)"
        return try write { db in
            try db.execute(
                sql: """
                    INSERT INTO outbox(dedupe_key, kind, recipient, message_id, subject, body, state, claimed_by, lease_until, created_at, updated_at)
                    VALUES (?, 'digest', ?, ?, ?, ?, 'claimed', ?, ?, ?, ?)
                    """, arguments: [key, recipient, messageID, subject, body, owner.text, lease, nowStamp, nowStamp])
            return ClaimedMail(
                outboxID: db.lastInsertedRowID, messageID: messageID, attempts: 0, reminder: nil,
                recipient: recipient, subject: subject, body: body)
        }
    }

    /// Renews this run's claim just before sending; false when it is no longer ours (the
    /// lease ran out and another run took it over), in which case the mail is not sent.
    public func renewClaim(_ id: Int64, owner: ClaimOwner, clock: Date, leaseSeconds: TimeInterval) throws(SeminarError)
        -> Bool
    {
        try write { db in
            try db.execute(
                sql: "UPDATE outbox SET lease_until = ? WHERE id = ? AND state = 'claimed' AND claimed_by = ?",
                arguments: [SeminarTime.storageString(clock.addingTimeInterval(leaseSeconds)), id, owner.text])
            return db.changesCount == 1
        }
    }

    /// The server accepted the message. Digest text is dropped once sent (it names students).
    public func markSent(_ id: Int64, owner: ClaimOwner, clock: Date) throws(SeminarError) {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'sent', sent_at = ?, updated_at = ?, attempts = attempts + 1, last_error = NULL,
                        claimed_by = NULL, lease_until = NULL, body = CASE kind WHEN 'digest' THEN NULL ELSE body END
                    WHERE id = ? AND claimed_by = ?
                    """,
                arguments: [SeminarTime.storageString(clock), SeminarTime.storageString(clock), id, owner.text])
        }
    }

    /// The send failed (or was not attempted): the next run claims it again.
    public func markFailed(_ ids: [Int64], owner: ClaimOwner, clock: Date, error: String, attempted: Bool)
        throws(SeminarError)
    {
        guard !ids.isEmpty else { return }
        try write { db in
            for id in ids {
                try db.execute(
                    sql: """
                        UPDATE outbox SET state = 'failed', last_error = ?, updated_at = ?, attempts = attempts + ?,
                            claimed_by = NULL, lease_until = NULL
                        WHERE id = ? AND claimed_by = ?
                        """, arguments: [error, SeminarTime.storageString(clock), attempted ? 1 : 0, id, owner.text])
            }
        }
    }

    // MARK: - Status

    /// What `seminar status` should tell the coordinator about hand-ins and reminders.
    static func reminderTodo(_ db: Database, now: Date) throws -> [String] {
        var todo: [String] = []
        let time = try SeminarInfo.fetchOne(db)?.time ?? SeminarTime(timeZone: .current)
        let settings = try loadReminderSettings(db)
        let nowStamp = SeminarTime.storageString(now)
        let upcoming =
            try Int.fetchOne(
                db,
                sql:
                    "SELECT COUNT(*) FROM deadline WHERE due_at > ? AND kind IN (\(settings.kinds.map { "'\($0.rawValue)'" }.joined(separator: ",").nonEmpty ?? "''"))",
                arguments: [nowStamp]) ?? 0
        if upcoming > 0 && settings.from == nil {
            todo.append(
                "Reminders cannot go out, no sender is set: seminar remind config --from ADDRESS --coordinator ADDRESS")
        }
        let failed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'failed'") ?? 0
        if failed > 0 {
            todo.append(
                "\(failed) reminder\(failed == 1 ? "" : "s") could not be sent yet (retried on the next run): seminar remind log --state failed"
            )
        }
        for kind in DeadlineKind.submittable {
            guard let d = try governingDeadline(db, kind: kind), d.due <= now else { continue }
            let missing =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM student s WHERE s.status = 'enrolled'
                        AND NOT EXISTS (SELECT 1 FROM submission sub WHERE sub.student_id = s.id AND sub.kind = ?)
                        """, arguments: [kind.rawValue]) ?? 0
            if missing > 0 {
                todo.append(
                    "\(missing) student\(missing == 1 ? " has" : "s have") not handed in the \(kind.rawValue), due \(time.formatDay(d.due)): seminar submission list --missing \(kind.rawValue)"
                )
            }
        }
        return todo
    }

    /// Lines for `student show`: each latest hand-in, with lateness and fingerprint.
    static func submissionDetails(_ db: Database, studentID: String) throws -> [(String, String)] {
        let time = try SeminarInfo.fetchOne(db)?.time ?? SeminarTime(timeZone: .current)
        var out: [(String, String)] = []
        for kind in DeadlineKind.submittable {
            guard
                let r = try SubmissionRecord.filter(
                    sql: "student_id = ? AND kind = ?", arguments: [studentID, kind.rawValue]
                )
                .order(sql: "submitted_at DESC, id DESC").fetchOne(db), let at = SeminarTime.fromStorage(r.submittedAt)
            else { continue }
            var text = "handed in \(time.formatLocal(at))"
            if let d = try governingDeadline(db, kind: kind), let late = d.lateness(of: at) {
                text += ", late by \(SeminarTime.describeInterval(late))"
            }
            if let name = r.fileName, let hash = r.sha256 {
                text += "\n\(name), \(r.fileSize ?? 0) bytes, SHA-256 \(hash)"
            }
            out.append((kind.rawValue, text))
        }
        let sent =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM outbox WHERE student_id = ? AND state = 'sent'", arguments: [studentID])
            ?? 0
        if sent > 0 { out.append(("reminders", "\(sent) sent (seminar remind log)")) }
        return out
    }

    // MARK: - Log

    public func outbox(state: String? = nil) throws(SeminarError) -> [OutboxEntry] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.*, s.name AS student_name, d.kind AS deadline_kind, d.due_at AS deadline_due
                    FROM outbox o LEFT JOIN student s ON s.id = o.student_id LEFT JOIN deadline d ON d.id = o.deadline_id
                    WHERE (? IS NULL OR o.state = ?)
                    ORDER BY o.id
                    """, arguments: [state, state]
            ).map { row in
                OutboxEntry(
                    id: row["id"], kind: row["kind"], studentID: row["student_id"], studentName: row["student_name"],
                    deadlineKind: row["deadline_kind"],
                    deadlineDue: (row["deadline_due"] as String?).flatMap(SeminarTime.fromStorage),
                    window: row["reminder_window"], recipient: row["recipient"], messageID: row["message_id"],
                    state: row["state"], attempts: row["attempts"], lastError: row["last_error"],
                    createdAt: (row["created_at"] as String?).flatMap(SeminarTime.fromStorage),
                    sentAt: (row["sent_at"] as String?).flatMap(SeminarTime.fromStorage))
            }
        }
    }

    /// Counts per outbox state, for `seminar status`.
    public func outboxCounts() throws(SeminarError) -> [String: Int] {
        try read { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                out[row["state"]] = row["n"]
            }
            return out
        }
    }
}
