import Foundation
import SeminarCore
import SeminarStore

/// Changing the grading rules, and closing or reopening the term.
public enum GradingRules {
    /// Changes the rules. Refused, with every reason, when a recorded grade would not fit
    /// them (a component that would disappear, a grade not on the new scale): grades are
    /// never dropped or reinterpreted silently.
    public static func change(_ db: AppDatabase, to new: GradingPolicy, by user: String, now: Date)
        throws(SeminarError)
    {
        try GradingPolicy.validate(new.components)
        try db.replaceGradingPolicy(with: new, by: user, at: now) { old, recorded throws(SeminarError) in
            let conflicts = old.conflicts(changingTo: new, recorded: recorded)
            if !conflicts.isEmpty { throw .conflict(conflicts.map(explain).joined(separator: "; ")) }
        }
    }

    /// Why a change is refused, and what to do about it.
    static func explain(_ conflict: GradingConflict) -> String {
        func recorded(_ n: Int) -> String { "\(n) grade\(n == 1 ? " is" : "s are") recorded" }
        switch conflict {
        case .componentInUse(let component, let n):
            return
                "\(n) \(component) grade\(n == 1 ? " is" : "s are") recorded; clear them first (seminar grade set STUDENT --grade \(component)=none) or keep the component"
        case .scaleKindChange(let n, let old, let new):
            return
                "\(recorded(n)) on \(old.name); a grade means something else on \(new.name), so change the scale before grading (or clear the grades first)"
        case .maximumChange(let n, let oldMax, let newMax):
            return
                "\(recorded(n)) as points out of \(GradeScale.plain(oldMax)); a different maximum (\(GradeScale.plain(newMax))) would change what they mean, so set the maximum before grading (or clear the grades first); the pass mark alone may change"
        case .offScale(let n, let examples, let old, let new):
            let quoted = examples.map { "\($0.studentID) \($0.component) \(old.format($0.value))" }
            return
                "\(n) recorded grade\(n == 1 ? " is" : "s are") not on \(new.allowedDescription) (e.g. \(quoted.joined(separator: ", ")))"
        }
    }

    /// What closing the term did.
    public struct Closing: Sendable, Equatable {
        /// The students who were incomplete and now fail, by id.
        public var failedNow: [String]
        public var alreadyClosed: Bool
    }

    /// Closes the term: from now on a missing component counts as failed. Each student that
    /// fails gets a line in their own history.
    public static func close(_ db: AppDatabase, by user: String, now: Date) throws(SeminarError) -> Closing {
        let incomplete = try incompleteWhileOpen(db)
        let changed = try db.setGradingTerm(
            closed: true, students: incomplete, from: .incomplete, to: .failed, by: user, at: now)
        return changed
            ? Closing(failedNow: incomplete, alreadyClosed: false) : Closing(failedNow: [], alreadyClosed: true)
    }

    /// Opens a closed term again (a late grade arrived): the students closing failed are
    /// incomplete again. Returns false when the term was not closed.
    public static func reopen(_ db: AppDatabase, by user: String, now: Date) throws(SeminarError) -> Bool {
        try db.setGradingTerm(
            closed: false, students: try incompleteWhileOpen(db), from: .failed, to: .incomplete, by: user, at: now)
    }

    /// The students a closed term fails for a missing component: those incomplete while it is open.
    static func incompleteWhileOpen(_ db: AppDatabase) throws(SeminarError) -> [String] {
        try Gradebook(db, term: .open).students.filter { $0.outcome.status == .incomplete }.map(\.id)
    }
}
