import Foundation

/// How long before a deadline a reminder goes out: `7d`, `1d`, `12h`, `30m`, `2w`.
public struct ReminderWindow: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    public static func parse(_ raw: String) -> ReminderWindow? {
        let s = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = s.last, let n = Int(s.dropLast()), n > 0, n <= 366 * 24 * 60 else { return nil }
        switch unit {
        case "w": return ReminderWindow(seconds: n * 7 * 86400)
        case "d": return ReminderWindow(seconds: n * 86400)
        case "h": return ReminderWindow(seconds: n * 3600)
        case "m": return ReminderWindow(seconds: n * 60)
        default: return nil
        }
    }

    /// `7d,1d` → the windows, widest first; nil with a reason when any part is bad.
    public static func parseList(_ raw: String) -> Result<[ReminderWindow], SeminarError> {
        var windows: [ReminderWindow] = []
        for part in raw.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let w = parse(part) else {
                return .failure(
                    .invalidValue(
                        "'\(shown: part)' is not a reminder window: write a number and a unit, e.g. 7d, 1d, 12h, 30m, 2w"
                    ))
            }
            if !windows.contains(w) { windows.append(w) }
        }
        if windows.isEmpty { return .failure(.invalidValue("give at least one reminder window, e.g. --windows 7d,1d")) }
        return .success(windows.sorted(by: >))
    }

    public static let defaults = [ReminderWindow(seconds: 7 * 86400), ReminderWindow(seconds: 86400)]

    /// The stable key stored in the outbox: `7d`, `12h`, `30m`.
    public var description: String {
        if seconds % 86400 == 0 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        return "\(seconds / 60)m"
    }

    /// "7 days", "1 day", "12 hours", for people.
    public var spelledOut: String { SeminarTime.describeInterval(TimeInterval(seconds)) }

    public static func < (a: ReminderWindow, b: ReminderWindow) -> Bool { a.seconds < b.seconds }
}

/// A student as the reminder planner sees them: enrolled, with what they handed in.
public struct ReminderStudent: Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    public var paperID: String?
    public var paperTitle: String?
    public var paperAuthors: String?
    /// Kinds the student has handed in (report, slides).
    public var submitted: Set<DeadlineKind>
    public var hasPreferenceForm: Bool
    /// The student's own due dates (`deadline extend`), by kind: their reminders for that kind
    /// are measured against this date instead of the deadline's.
    public var extensions: [DeadlineKind: Date]
    /// The student's presentation slot, e.g. "Thu 13 Feb 2025, 10:30–11:00 CET, 00.08.038";
    /// the planner does not need it, so it is usually nil here and looked up by the reminder
    /// run only for templates that show it.
    public var slot: String?

    public init(
        id: String, name: String, email: String, paperID: String? = nil, paperTitle: String? = nil,
        paperAuthors: String? = nil, submitted: Set<DeadlineKind> = [], hasPreferenceForm: Bool = false,
        extensions: [DeadlineKind: Date] = [:], slot: String? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.paperID = paperID
        self.paperTitle = paperTitle
        self.paperAuthors = paperAuthors
        self.submitted = submitted
        self.hasPreferenceForm = hasPreferenceForm
        self.extensions = extensions
        self.slot = slot
    }

    /// Whether the student still owes what the deadline is about. Deadlines with nothing to
    /// hand in (presentation, de-registration, other) concern every enrolled student.
    public func owes(_ kind: DeadlineKind) -> Bool {
        switch kind {
        case .preferences: return !hasPreferenceForm
        case .report, .slides: return !submitted.contains(kind)
        case .presentation, .deregistration, .other: return true
        }
    }
}

/// One reminder that is due: this student, this deadline, this window.
public struct DueReminder: Sendable, Equatable {
    public var student: ReminderStudent
    /// The deadline as it applies to the student: with an extension, due at their own date
    /// (`Deadline.isExtended`).
    public var deadline: Deadline
    public var window: ReminderWindow

    /// The outbox key: each (student, deadline, window) is mailed at most once. A reminder
    /// before a student's own date carries that date too (`…:1d:until:2025-01-25T22:59:00Z`):
    /// an extension starts the windows anew before the new date, each of them mailed once per
    /// date, while the reminders sent before it was granted stay sent. Keys without an
    /// extension are what they always were.
    public var key: String {
        let base = "reminder:\(student.id):\(deadline.id):\(window)"
        return deadline.isExtended ? base + ":until:" + SeminarTime.storageString(deadline.due) : base
    }
}

public enum ReminderPlanner {
    /// The kinds reminded by default: the ones a student has to act on, and the talk itself.
    public static let defaultKinds: [DeadlineKind] = [.preferences, .report, .slides, .presentation]

    /// The narrowest window that is open at `now` (due − window ≤ now < due), if any. A run
    /// that finds both the 7-day and the 1-day window open sends only the 1-day reminder.
    public static func openWindow(for deadline: Deadline, windows: [ReminderWindow], now: Date) -> ReminderWindow? {
        guard now < deadline.due else { return nil }
        return windows.filter { deadline.due.addingTimeInterval(-TimeInterval($0.seconds)) <= now }.min()
    }

    /// Every reminder due at `now`, ordered by deadline then student id. `students` are the
    /// enrolled students only: dropped students are never reminded.
    ///
    /// A student with an extension for a kind is reminded of the governing deadline of that
    /// kind (`Deadline.governing`) in the windows before their own date, and of no other
    /// deadline of that kind: nothing before the windows of the new date open.
    public static func due(
        deadlines: [Deadline], students: [ReminderStudent], windows: [ReminderWindow],
        kinds: Set<DeadlineKind>, now: Date
    ) -> [DueReminder] {
        var out: [DueReminder] = []
        let students = students.sorted(by: { $0.id < $1.id })
        let extendedKinds = Set(students.flatMap(\.extensions.keys))
        for d in deadlines.sorted(by: { ($0.due, $0.id) < ($1.due, $1.id) }) where kinds.contains(d.kind) {
            let w = openWindow(for: d, windows: windows, now: now)
            let governing = extendedKinds.contains(d.kind) ? Deadline.governing(d.kind, in: deadlines) : nil
            guard w != nil || governing != nil else { continue }
            for s in students where s.owes(d.kind) {
                if let g = governing, let until = s.extensions[d.kind], until > g.due {
                    // The student's one date for this kind is their own.
                    let own = g.extended(to: until)
                    guard g.id == d.id, let ow = openWindow(for: own, windows: windows, now: now) else { continue }
                    out.append(DueReminder(student: s, deadline: own, window: ow))
                } else if let w {
                    out.append(DueReminder(student: s, deadline: d, window: w))
                }
            }
        }
        return out
    }
}
