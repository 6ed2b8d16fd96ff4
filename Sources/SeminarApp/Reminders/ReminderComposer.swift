import Foundation
import SeminarCore
import SeminarStore

extension ReminderRun {
    /// Writes the reminders: everything a reminder's text may use, and the templates. What
    /// all students reminded of one deadline in one window share (the deadline's dates, the
    /// time left, the seminar, the coordinator) is put together once; each template renders
    /// through a `TemplateFiller`, so Mustache runs once per group, not once per student.
    public struct Composer: Sendable {
        public var info: SeminarInfo
        public var settings: ReminderSettings
        public var templates: [DeadlineKind: ReminderTemplate]
        public var asOf: Date
        private var fillers: [DeadlineKind: TemplateFiller] = [:]
        /// The talks' slots, read once and only when a reminder's template shows one.
        private let slots: SlotTexts
        /// The kinds whose template uses `slot`.
        private var showsSlot: Set<DeadlineKind> = []
        /// By deadline id and window (in seconds): the mails with the same shared values.
        private var groups: [Int64: [Int: TemplateFiller.Group]] = [:]

        /// The variables that differ from student to student, in the order `values(_:)` gives them.
        static let perStudent = [
            "student_name", "student_id", "student_email", "paper_title", "paper_id", "paper_authors", "slot",
        ]

        public init(db: AppDatabase, asOf: Date) throws(SeminarError) {
            info = try db.seminarInfo()
            settings = try db.reminderSettings()
            var t: [DeadlineKind: ReminderTemplate] = [:]
            let custom = try db.customTemplates()
            for kind in DeadlineKind.allCases {
                if let source = custom[kind] {
                    t[kind] = try ReminderTemplate(
                        source: source,
                        name: "the \(kind.rawValue) template (seminar remind template show \(kind.rawValue))")
                } else {
                    t[kind] = ReminderTemplate.standard(for: kind)
                }
            }
            templates = t
            self.asOf = asOf
            for (kind, template) in t { fillers[kind] = TemplateFiller(template, perRecipient: Self.perStudent) }
            showsSlot = Set(t.filter { $0.value.source.contains("slot") }.keys)
            slots = SlotTexts { () throws(SeminarError) in try db.reminderSlotTexts() }
            for d in try db.deadlines() {
                for w in settings.windows { groups[d.id, default: [:]][w.seconds] = group(d, w) }
            }
        }

        /// The values about the deadline and the seminar.
        private func shared(_ d: Deadline) -> [String: String] {
            let time = info.time
            return [
                "deadline_kind": d.kind.rawValue, "deadline_title": d.displayTitle,
                "due_local": time.formatLong(d.due), "due_date": time.formatDay(d.due),
                "due_time": String(time.formatLocal(d.due).suffix(5)),
                "time_left": SeminarTime.describeInterval(d.due.timeIntervalSince(asOf)),
                "seminar_title": info.title, "term": info.term,
                "coordinator_name": settings.coordinator?.name ?? settings.from?.name ?? "",
                "coordinator_email": settings.coordinator?.address ?? "",
            ]
        }

        private func shared(_ d: Deadline, _ window: ReminderWindow) -> [String: String] {
            var values = shared(d)
            values["window"] = window.spelledOut
            return values
        }

        private func filler(_ kind: DeadlineKind) -> TemplateFiller {
            fillers[kind] ?? TemplateFiller(ReminderTemplate.standard(for: kind), perRecipient: Self.perStudent)
        }

        private func group(_ d: Deadline, _ window: ReminderWindow) -> TemplateFiller.Group {
            filler(d.kind).group(shared: shared(d, window))
        }

        private func values(_ r: DueReminder) throws(SeminarError) -> [String] {
            let s = r.student
            var slot = s.slot ?? ""
            if slot.isEmpty && showsSlot.contains(r.deadline.kind) { slot = try slots.get()[s.id] ?? "" }
            return [s.name, s.id, s.email, s.paperTitle ?? "", s.paperID ?? "", s.paperAuthors ?? "", slot]
        }

        /// Every variable of a reminder with its value.
        public func context(_ r: DueReminder) throws(SeminarError) -> [String: String] {
            var context = shared(r.deadline, r.window)
            for (key, value) in zip(Self.perStudent, try values(r)) { context[key] = value }
            return context
        }

        public func message(for r: DueReminder, messageID: String) throws(SeminarError) -> MailMessage {
            guard let from = settings.from else { throw ReminderRun.noSender }
            let kind = r.deadline.kind
            // A student's own date (an extension) is not what the deadline's group shares.
            let shared = r.deadline.isExtended ? nil : groups[r.deadline.id]?[r.window.seconds]
            let group = shared ?? group(r.deadline, r.window)
            guard let (subject, body) = filler(kind).message(in: group, values: try values(r)) else {
                throw .invalidValue(
                    "the \(kind.rawValue) template gives no 'Subject:' line; fix it with seminar remind template set")
            }
            return MailMessage(
                from: from, to: [MailAddress(name: r.student.name, address: r.student.email)],
                replyTo: settings.coordinator, subject: subject, body: body, date: asOf, messageID: messageID,
                extraHeaders: [("Auto-Submitted", "auto-generated"), ("X-Seminar-Reminder", r.key)])
        }
    }
}

/// The slot texts, read on first use and kept (under a lock: the Composer is Sendable).
final class SlotTexts: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [String: String]?
    private let load: @Sendable () throws(SeminarError) -> [String: String]

    init(_ load: @escaping @Sendable () throws(SeminarError) -> [String: String]) { self.load = load }

    func get() throws(SeminarError) -> [String: String] {
        lock.lock()
        defer { lock.unlock() }
        if let texts { return texts }
        let loaded = try load()
        texts = loaded
        return loaded
    }
}
