import Foundation
import SeminarCore
import SeminarStore

/// What `assignment set` did.
public struct PinOutcome: Sendable, Equatable {
    public var previousPaper: String?
    /// Students who held the paper unpinned and lost it to make room.
    public var displaced: [String]
}

/// The matching changed by hand: `assignment set` and `unset`.
public enum AssignmentEdit {
    /// Gives the student that paper and pins it: `assign` keeps pinned pairs. When the paper
    /// is full, an unpinned holder makes room (they get a new paper at the next `assign`);
    /// when every holder is pinned, nothing changes and the error says who holds it.
    public static func pin(student: String, paper: String, in db: AppDatabase, now: Date = Date())
        throws(SeminarError) -> PinOutcome
    {
        try db.pin(student: student, paper: paper, at: now) { state in
            let displaced = try makeRoom(state)
            let previous = state.previous?.paperId == paper ? nil : state.previous?.paperId
            return (displaced, PinOutcome(previousPaper: previous, displaced: displaced))
        }
    }

    /// The unpinned holders who lose the paper so that the student fits, or why nobody can.
    static func makeRoom(_ state: PinState) throws(SeminarError) -> [String] {
        let (student, paper, holders) = (state.student.id, state.paper, state.holders)
        guard state.student.status == .enrolled else {
            throw .conflict(
                "student \(shown: student) has dropped the seminar; `seminar student undrop \(shown: student)` first")
        }
        if paper.capacity == 0 {
            throw .conflict(
                "paper \(paper.id) has no places (capacity 0): raise its capacity in the catalog "
                    + "(seminar paper import) first")
        }
        guard holders.count >= paper.capacity else { return [] }
        let movable = holders.filter { !$0.pinned }.map(\.studentId).sorted()
        let excess = holders.count - paper.capacity + 1
        guard movable.count >= excess else {
            let pinned = holders.map(\.studentId).sorted().joined(separator: ", ")
            throw .conflict(
                "paper \(paper.id) is full (capacity \(paper.capacity), pinned to \(pinned)): "
                    + "unset one of them or raise the capacity")
        }
        return Array(movable.prefix(excess))
    }

    /// Takes the student's paper away (and the pin). Returns the paper they had.
    public static func unset(student: String, in db: AppDatabase) throws(SeminarError) -> String {
        guard let paper = try db.unassign(student: student) else {
            throw .conflict("student \(shown: student) has no paper")
        }
        return paper
    }
}
