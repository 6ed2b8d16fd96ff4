import Foundation
import SeminarCore
import SeminarStore

/// `deadline extend` and `deadline unextend`: a student's own due date for a hand-in (a
/// medical certificate), given and taken back.
public enum DeadlineExtensions {
    /// Grants `student` time for `kind` until `until`, or replaces the extension they have.
    /// Refused, with nothing written: an unknown student, a kind nobody hands in, a kind with
    /// no deadline yet, a date not after the deadline (it would not be an extension), a reason
    /// that is blank, too long or not one line of text.
    public static func grant(
        student: String, kind: DeadlineKind, until: Date, reason: String?, in db: AppDatabase, time: SeminarTime,
        now: Date = Date()
    ) throws(SeminarError) -> ExtensionGrant {
        try requireHandIn(kind)
        let reason = try checkedReason(reason)
        let ext = DeadlineExtension(studentID: student, kind: kind, due: until, reason: reason, grantedAt: now)
        return try db.grantExtension(ext) { _, deadline in
            guard let deadline else {
                throw SeminarError.invalidValue(
                    "there is no \(kind.rawValue) deadline to extend: add it first (seminar deadline add \(kind.rawValue) DATE)"
                )
            }
            guard ext.extends(deadline) else {
                throw SeminarError.invalidValue(
                    "\(time.formatLong(until)) is not after the \(kind.rawValue) deadline, "
                        + "\(time.formatLong(deadline.due)): an extension gives more time; give a later date")
            }
            return deadline
        }
    }

    /// Takes `student`'s extension for `kind` back: they are measured against the deadline
    /// again. Returns the extension removed, nil when there was none (nothing changed).
    public static func revoke(student: String, kind: DeadlineKind, in db: AppDatabase) throws(SeminarError)
        -> (student: StudentRecord, removed: DeadlineExtension?)
    {
        try requireHandIn(kind)
        return try db.revokeExtension(student: student, kind: kind)
    }

    /// Extensions are for what students hand in.
    static func requireHandIn(_ kind: DeadlineKind) throws(SeminarError) {
        guard kind.isSubmittable else {
            throw .invalidValue(
                "extensions are for hand-ins: report or slides, not '\(kind.rawValue)' "
                    + "(to move a deadline for everyone: seminar deadline remove, then deadline add)")
        }
    }

    /// The reason trimmed, or nil when none is given; refused when blank, longer than a name
    /// may be, or holding a control character or direction control (`Validation.nameProblem`).
    public static func checkedReason(_ raw: String?) throws(SeminarError) -> String? {
        guard let reason = raw?.trimmingCharacters(in: .whitespaces) else { return nil }
        if reason.isEmpty {
            throw .invalidValue("the reason is blank: give a reason, or leave out --reason")
        }
        if let problem = Validation.nameProblem(reason, what: "the reason") { throw .invalidValue(problem) }
        return reason
    }
}
