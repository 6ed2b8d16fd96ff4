import Foundation
import SeminarCore
import SeminarStore

/// A difference between the agenda and the current assignments, as `schedule show` warns
/// about it and `status` lists it.
public enum ScheduleDriftNote: Sendable, Equatable, CustomStringConvertible {
    /// Enrolled students with a paper but no talk.
    case unscheduled([String])
    /// The speaker dropped the seminar.
    case dropped(student: String)
    /// The speaker has no paper any more.
    case noPaper(student: String, talkPaper: String)
    /// The speaker has another paper now.
    case otherPaper(student: String, talkPaper: String, currentPaper: String)

    /// The notes, unscheduled students first, then the talks in agenda order.
    public static func notes(_ facts: ScheduleDriftFacts) -> [ScheduleDriftNote] {
        var notes: [ScheduleDriftNote] = facts.unscheduled.isEmpty ? [] : [.unscheduled(facts.unscheduled)]
        for t in facts.mismatched {
            if t.status != .enrolled {
                notes.append(.dropped(student: t.studentID))
            } else if let current = t.currentPaperID {
                if current != t.talkPaperID {
                    notes.append(.otherPaper(student: t.studentID, talkPaper: t.talkPaperID, currentPaper: current))
                }
            } else {
                notes.append(.noPaper(student: t.studentID, talkPaper: t.talkPaperID))
            }
        }
        return notes
    }

    public var description: String {
        switch self {
        case .unscheduled(let ids):
            let have = ids.count == 1 ? "1 student has" : "\(ids.count) students have"
            return
                "\(have) a paper but no talk: \(ids.joined(separator: ", ")) (generate again, or `seminar schedule move`)"
        case .dropped(let student):
            return "\(student) has dropped the seminar but still has a talk"
        case .noPaper(let student, let paper):
            return "\(student) has no paper any more but still has a talk on \(paper)"
        case .otherPaper(let student, let paper, let current):
            return "\(student)'s talk is on \(paper), but their paper is now \(current): generate again"
        }
    }
}

/// Reading the agenda, with the words for when there is none.
public enum ScheduleOverview {
    /// What a command that needs an agenda says before the first `schedule generate`.
    public static let noSchedule = SeminarError.conflict(
        "there is no schedule yet: run `seminar schedule generate --day DATE` first")

    /// The current agenda; a conflict error when there is none yet.
    public static func current(_ db: AppDatabase) throws(SeminarError) -> StoredSchedule {
        guard let schedule = try db.storedSchedule() else { throw noSchedule }
        return schedule
    }

    /// Where the agenda and the assignments differ; nothing without an agenda.
    public static func drift(_ db: AppDatabase) throws(SeminarError) -> [ScheduleDriftNote] {
        try db.scheduleDrift().map(ScheduleDriftNote.notes) ?? []
    }
}
