import Foundation
import SeminarCore
import SeminarStore

/// The roster changed by hand: `student add`, `drop`, `undrop`.
public enum RosterEdit {
    /// Adds one student, refusing an id, a number (leading zeros aside) or an address that is taken.
    public static func add(_ s: StudentInput, in db: AppDatabase, now: Date = Date()) throws(SeminarError) {
        try db.changeRoster { saved in
            if saved.contains(where: { $0.id == s.id }) {
                throw SeminarError.conflict(
                    "student \(s.id) is already on the roster (see `seminar student show \(s.id)`)")
            }
            let number = Validation.numberKey(s.id)
            if let same = saved.first(where: { Validation.numberKey($0.id) == number }) {
                throw SeminarError.conflict(
                    "\(Validation.leadingZeroMessage(s.id, existing: same.id)), who is already on the roster "
                        + "(see `seminar student show \(same.id)`)")
            }
            let email = s.email.lowercased()
            if let other = saved.first(where: { $0.email.lowercased() == email }) {
                throw SeminarError.conflict(
                    "e-mail \(shown: s.email) already belongs to student \(other.id) (\(shown: other.name))")
            }
            return (StudentChanges(inserted: [StudentRecord(s, at: now)]), ())
        }
    }

    /// What `student drop` did, and what it means for the grade.
    public struct Drop: Sendable {
        public var student: StudentRecord
        public var at: Date
        /// The de-registration deadline, if the seminar has one.
        public var deadline: Date?
        /// Before the deadline the student is withdrawn (no grade); after it the course counts as failed.
        public var withdrawn: Bool? { deadline.map { at <= $0 } }
    }

    /// Records a de-registration at `at` (dropping again corrects the date).
    public static func drop(_ id: String, at: Date, in db: AppDatabase, now: Date = Date()) throws(SeminarError)
        -> Drop
    {
        let s = try db.dropStudent(id, at: at, now: now)
        return Drop(student: s, at: at, deadline: try db.deregistrationDeadline())
    }

    /// Undoes a drop entered by mistake.
    public static func undrop(_ id: String, in db: AppDatabase, now: Date = Date()) throws(SeminarError)
        -> StudentRecord
    {
        guard let s = try db.reenrollStudent(id, now: now) else {
            throw SeminarError.conflict("student \(id) is not dropped")
        }
        return s
    }
}
