import Foundation

/// What attending every talk of the block seminar means for the grade (`grade config --attendance`).
public enum AttendanceRule: String, Sendable, CaseIterable {
    /// Attendance is a requirement, as the seed course's rule says ("everyone needs to attend
    /// all talks"): a talk missed without an excuse leaves the student incomplete, with no
    /// final grade, and fails them when the term is closed.
    case required
    /// The grade stands; every grade output flags the missed talks.
    case warn
    /// Attendance is not part of the grading.
    case off

    /// In a few words, for `grade config`.
    public var explanation: String {
        switch self {
        case .required: return "every talk, or an excuse; else no final grade, and failed once the term is closed"
        case .warn: return "missed talks are flagged; the grade stands"
        case .off: return "not part of the grading"
        }
    }
}
