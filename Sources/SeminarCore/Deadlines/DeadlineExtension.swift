import Foundation

/// A student's own due date for one kind of hand-in (a medical certificate), granted with
/// `deadline extend`: late flags, the missing list, status and reminders follow it instead of
/// the deadline of that kind.
public struct DeadlineExtension: Sendable, Equatable {
    public var studentID: String
    /// report or slides (`DeadlineKind.submittable`).
    public var kind: DeadlineKind
    public var due: Date
    public var reason: String?
    public var grantedAt: Date

    public init(studentID: String, kind: DeadlineKind, due: Date, reason: String?, grantedAt: Date) {
        self.studentID = studentID
        self.kind = kind
        self.due = due
        self.reason = reason
        self.grantedAt = grantedAt
    }

    /// Whether it gives more time than `deadline`: an extension the deadline was later moved
    /// past gives none, and the deadline counts.
    public func extends(_ deadline: Deadline) -> Bool {
        kind == deadline.kind && due > deadline.due
    }
}

extension Deadline {
    /// The deadline as it applies to one student: due at their extension's date when they
    /// have one for its kind that is later than the deadline, else the deadline itself. An
    /// extension never shortens the time a student has.
    public func due(for ext: DeadlineExtension?) -> Deadline {
        guard let ext, ext.extends(self) else { return self }
        return extended(to: ext.due)
    }

    /// The deadline with a student's own date `until`, when that is later (else unchanged).
    public func extended(to until: Date?) -> Deadline {
        guard let until, until > due, extendedFrom == nil else { return self }
        var d = self
        d.extendedFrom = due
        d.due = until
        return d
    }

    /// The deadline of `kind` hand-ins are measured against: the latest of that kind (by
    /// date, then id), as the store's `governingDeadline` picks it.
    public static func governing(_ kind: DeadlineKind, in deadlines: [Deadline]) -> Deadline? {
        deadlines.filter { $0.kind == kind }.max { ($0.due, $0.id) < ($1.due, $1.id) }
    }
}
