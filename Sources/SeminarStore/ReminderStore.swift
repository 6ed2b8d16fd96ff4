import Foundation
import GRDB
import SeminarCore

/// The coordinator's reminder configuration, kept in the `setting` table under `remind.*`.
public struct ReminderSettings: Sendable, Equatable {
    public var windows: [ReminderWindow] = ReminderWindow.defaults
    public var kinds: [DeadlineKind] = ReminderPlanner.defaultKinds
    public var from: MailAddress?
    public var coordinator: MailAddress?
    public var transport: MailTransportKind?
    public var sendmailCommand: String?
    public var smtpURL: String?
    public var smtpUser: String?
    public var smtpPasswordFile: String?
    public var smtpTLS: SMTPTLSMode?
    public var smtpCAFile: String?
    public var maildir: String?

    public init() {}

    /// The settings as stored (key, text); unset keys are nil.
    var stored: [(String, String?)] {
        [
            ("remind.windows", windows.map(\.description).joined(separator: ",")),
            ("remind.kinds", kinds.map(\.rawValue).joined(separator: ",")),
            ("remind.from", from?.description), ("remind.coordinator", coordinator?.description),
            ("remind.transport", transport?.rawValue), ("remind.sendmail_command", sendmailCommand),
            ("remind.smtp_url", smtpURL), ("remind.smtp_user", smtpUser),
            ("remind.smtp_password_file", smtpPasswordFile), ("remind.smtp_tls", smtpTLS?.rawValue),
            ("remind.smtp_ca_file", smtpCAFile),
            ("remind.maildir", maildir),
        ]
    }

    /// Reads the stored `remind.*` values; a value that does not parse keeps the default.
    init(stored values: [String: String]) {
        if let w = values["remind.windows"], case .success(let windows) = ReminderWindow.parseList(w) {
            self.windows = windows
        }
        if let k = values["remind.kinds"] {
            kinds = k.split(separator: ",").compactMap { DeadlineKind.parse(String($0)) }
        }
        from = values["remind.from"].flatMap(MailAddress.parse)
        coordinator = values["remind.coordinator"].flatMap(MailAddress.parse)
        transport = values["remind.transport"].flatMap(MailTransportKind.init(rawValue:))
        sendmailCommand = values["remind.sendmail_command"]
        smtpURL = values["remind.smtp_url"]
        smtpUser = values["remind.smtp_user"]
        smtpPasswordFile = values["remind.smtp_password_file"]
        smtpTLS = values["remind.smtp_tls"].flatMap(SMTPTLSMode.init(rawValue:))
        smtpCAFile = values["remind.smtp_ca_file"]
        maildir = values["remind.maildir"]
    }
}

/// One row of the `setting` table.
private struct SettingRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "setting"
    var key: String
    var value: String

    enum Columns {
        static let key = Column(CodingKeys.key)
    }
}

/// The coordinator's text for a deadline kind (`mail_template`).
struct MailTemplateRecord: StoredRecord, PersistableRecord {
    static let databaseTableName = "mail_template"
    var kind: DeadlineKind
    var source: String
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case kind, source
        case updatedAt = "updated_at"
    }
}

extension AppDatabase {
    // MARK: - Settings

    public func reminderSettings() throws(SeminarError) -> ReminderSettings {
        try read { db in try Self.loadReminderSettings(db) }
    }

    static func loadReminderSettings(_ db: Database) throws -> ReminderSettings {
        let rows = try SettingRow.filter(SettingRow.Columns.key.like("remind.%")).fetchAll(db)
        return ReminderSettings(stored: Dictionary(rows.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    public func saveReminderSettings(_ settings: ReminderSettings) throws(SeminarError) {
        try write { db in
            for (key, value) in settings.stored {
                if let value, !value.isEmpty {
                    try SettingRow(key: key, value: value).upsert(db)
                } else {
                    _ = try SettingRow.deleteOne(db, key: key)
                }
            }
        }
    }

    // MARK: - Templates

    /// The coordinator's template for a kind, or nil when the built-in one is used.
    public func customTemplate(_ kind: DeadlineKind) throws(SeminarError) -> String? {
        try read { db in try MailTemplateRecord.fetchOne(db, key: kind)?.source }
    }

    public func customTemplates() throws(SeminarError) -> [DeadlineKind: String] {
        try read { db in
            Dictionary(
                try MailTemplateRecord.fetchAll(db).map { ($0.kind, $0.source) }, uniquingKeysWith: { a, _ in a })
        }
    }

    public func setCustomTemplate(_ kind: DeadlineKind, source: String?, now: Date = Date()) throws(SeminarError) {
        try write { db in
            if let source {
                try MailTemplateRecord(kind: kind, source: source, updatedAt: now).upsert(db)
            } else {
                _ = try MailTemplateRecord.deleteOne(db, key: kind)
            }
        }
    }
}

/// An enrolled student as the reminder planner needs them (a join of student, assignment,
/// paper and preference forms).
private struct ReminderStudentRow: FetchableRecord, Decodable {
    var id: String
    var name: String
    var email: String
    var paperID: String?
    var paperTitle: String?
    var paperAuthors: String?
    var hasForm: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, email
        case paperID = "paper_id"
        case paperTitle = "paper_title"
        case paperAuthors = "paper_authors"
        case hasForm = "has_form"
    }
}

/// A kind a student has handed in.
private struct HandedIn: FetchableRecord, Decodable {
    var studentID: String
    var kind: DeadlineKind

    enum CodingKeys: String, CodingKey {
        case kind
        case studentID = "student_id"
    }
}

extension AppDatabase {
    // MARK: - Planning

    /// What is due at `asOf`, as the planner sees it (read-only: for dry runs and status).
    public func dueReminders(asOf: Date) throws(SeminarError) -> [DueReminder] {
        try read { db in try Self.planReminders(db, asOf: asOf) }
    }

    /// The reminders due at `asOf` under the stored settings.
    static func planReminders(_ db: Database, asOf: Date) throws -> [DueReminder] {
        let settings = try loadReminderSettings(db)
        return ReminderPlanner.due(
            deadlines: try fetchDeadlines(db), students: try reminderStudents(db, asOf: asOf),
            windows: settings.windows, kinds: Set(settings.kinds), now: asOf)
    }

    /// Every talk's slot as a reminder says it, by student id. Not part of the planning
    /// (nobody owes a slot): the reminders that show one ask for them.
    public func reminderSlotTexts() throws(SeminarError) -> [String: String] {
        try read { db in
            let time = try SeminarInfo.fetchOne(db)?.time ?? SeminarTime(timeZone: .current)
            return try Self.presentationSlots(db).mapValues {
                time.formatSlot(start: $0.start, end: $0.end, room: $0.room)
            }
        }
    }

    /// Enrolled students with their paper, hand-ins and preference form (not their slot:
    /// see `reminderSlotTexts`). Hand-ins count from the moment they were made, so a run
    /// `--now` in the past sees the past.
    static func reminderStudents(_ db: Database, asOf: Date) throws -> [ReminderStudent] {
        var submitted: [String: Set<DeadlineKind>] = [:]
        let handedIn = try SQLRequest<HandedIn>(
            literal: "SELECT DISTINCT student_id, kind FROM submission WHERE submitted_at <= \(StoredDate(asOf))"
        ).fetchAll(db)
        for h in handedIn { submitted[h.studentID, default: []].insert(h.kind) }
        let rows = try SQLRequest<ReminderStudentRow>(
            literal: """
                SELECT s.id, s.name, s.email, p.id AS paper_id, p.title AS paper_title, p.authors AS paper_authors,
                       (EXISTS (SELECT 1 FROM preference_form f WHERE f.student_id = s.id)
                        OR EXISTS (SELECT 1 FROM preference r WHERE r.student_id = s.id)) AS has_form
                FROM student s LEFT JOIN assignment a ON a.student_id = s.id LEFT JOIN paper p ON p.id = a.paper_id
                WHERE s.status = \(StudentStatus.enrolled)
                ORDER BY s.id
                """
        ).fetchAll(db)
        let extensions = try extensionsByStudent(db)
        return rows.map { row in
            ReminderStudent(
                id: row.id, name: row.name, email: row.email, paperID: row.paperID, paperTitle: row.paperTitle,
                paperAuthors: row.paperAuthors, submitted: submitted[row.id] ?? [], hasPreferenceForm: row.hasForm,
                extensions: extensions[row.id]?.mapValues(\.due) ?? [:])
        }
    }
}

/// What `seminar status` needs to know about reminders and hand-ins.
public struct ReminderStatusFacts: Sendable {
    /// Deadlines still ahead whose kind gets reminders.
    public var upcomingRemindedDeadlines = 0
    /// Whether a sender (`remind config --from`) is set.
    public var senderSet = false
    /// Mails that failed and wait for the next run.
    public var failedMails = 0
    /// Each hand-in kind whose deadline has passed, with how many enrolled students have not
    /// handed in (only kinds where someone is missing), and the own due dates of those of them
    /// who have an extension (earliest first).
    public var missingHandIns: [(deadline: Deadline, missing: Int, extended: [Date])] = []
}

extension AppDatabase {
    public func reminderStatus(now: Date) throws(SeminarError) -> ReminderStatusFacts {
        try read { db in
            let settings = try Self.loadReminderSettings(db)
            var facts = ReminderStatusFacts()
            facts.upcomingRemindedDeadlines = try Self.upcomingDeadlines(db, kinds: settings.kinds, after: now)
            facts.senderSet = settings.from != nil
            facts.failedMails = try Self.failedMails(db)
            for kind in DeadlineKind.submittable {
                guard let d = try Self.governingDeadline(db, kind: kind), d.due <= now else { continue }
                let missing = try Self.missingSubmissionCount(db, kind: kind)
                guard missing > 0 else { continue }
                let extended = try SQLRequest<StoredDate>(
                    literal: """
                        SELECT e.due_at FROM extension e JOIN student s ON s.id = e.student_id
                        WHERE e.kind = \(kind) AND e.due_at > \(StoredDate(d.due)) AND s.status = \(StudentStatus.enrolled)
                        AND NOT EXISTS (SELECT 1 FROM submission sub WHERE sub.student_id = s.id AND sub.kind = \(kind))
                        ORDER BY e.due_at
                        """
                ).fetchAll(db).map(\.date)
                facts.missingHandIns.append((d, missing, extended))
            }
            return facts
        }
    }
}
