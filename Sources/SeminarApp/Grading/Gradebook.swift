import Foundation
import SeminarCore
import SeminarStore

/// Every student with their grades and what the seminar's rules make of them.
public struct Gradebook: Sendable {
    /// Whether the rules are applied to the term as it stands, or as if it were open or closed.
    public enum Term: Sendable {
        case asRecorded
        /// As if the term were closed: an export with `--close` shows what closing will do.
        case closed
        /// As if the term were open: who is incomplete, whom closing fails.
        case open
    }

    public var policy: GradingPolicy
    /// When the term was closed, or nil while it is open.
    public var closedAt: Date?
    /// The de-registration deadline; without one a drop counts as withdrawn.
    public var deregistrationDeadline: Date?
    /// Every student on the roster, by id.
    public var students: [GradedStudent]

    public init(_ db: AppDatabase, term: Term = .asRecorded) throws(SeminarError) {
        let facts = try db.gradingFacts()
        let closed: Bool
        switch term {
        case .asRecorded: closed = facts.closedAt != nil
        case .closed: closed = true
        case .open: closed = false
        }
        policy = facts.policy
        closedAt = facts.closedAt
        deregistrationDeadline = facts.deregistrationDeadline
        students = facts.students.map { s in
            let grades = facts.grades[s.id] ?? [:]
            return GradedStudent(
                id: s.id, name: s.name, email: s.email, paper: s.paperID, grades: grades,
                outcome: facts.policy.evaluate(
                    grades: grades, droppedAt: s.droppedAt, deadline: facts.deregistrationDeadline, closed: closed))
        }
    }

    public func student(_ id: String) -> GradedStudent? { students.first { $0.id == id } }

    /// Whether grading has begun: a grade has been recorded for someone.
    public var hasGrades: Bool { students.contains { !$0.grades.isEmpty } }
}

/// What `seminar status` lists for the grading, once it has begun.
public enum GradingToDo: Sendable, Equatable, CustomStringConvertible {
    /// Students still missing a required component while the term is open.
    case missingGrades(students: Int)

    /// The to-do items of the grading; nothing before the first grade.
    public static func items(_ db: AppDatabase) throws(SeminarError) -> [GradingToDo] {
        let book = try Gradebook(db)
        guard book.hasGrades else { return [] }
        let incomplete = book.students.filter { $0.outcome.status == .incomplete }.count
        return incomplete > 0 ? [.missingGrades(students: incomplete)] : []
    }

    public var description: String {
        switch self {
        case .missingGrades(let n):
            return
                "\(n) student\(n == 1 ? " is" : "s are") missing a grade: seminar grade list --status incomplete (or seminar grade close at the end of term)"
        }
    }
}
