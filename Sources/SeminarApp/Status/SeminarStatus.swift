import Foundation
import SeminarCore
import SeminarStore

/// Where the term stands, for `seminar status`.
public struct SeminarStatus: Sendable {
    public var info: SeminarInfo
    public var facts: StatusFacts
    public var deadlines: Int
    /// The first deadline after now.
    public var nextDeadline: Deadline?
    /// What still needs doing, each with the command that does it.
    public var todo: [StatusTodo]

    /// Gathers the facts and decides what is missing. `grading` are the grading area's own
    /// to-do lines, placed after the reminders' and before the schedule's.
    public static func gather(_ db: AppDatabase, now: Date, grading: [String]) throws(SeminarError) -> SeminarStatus {
        let info = try db.seminarInfo()
        let facts = try db.statusFacts()
        let deadlines = try db.deadlines()
        var todo = StatusTodo.rules(facts, deadlines: deadlines.count)
        todo += ReminderTodo.items(try db.reminderStatus(now: now), time: info.time).map(StatusTodo.note)
        todo += grading.map(StatusTodo.note)
        if facts.hasSchedule {
            todo += try ScheduleOverview.drift(db).map(StatusTodo.schedule)
        } else if facts.placesTaken > 0 {
            todo.append(.noSchedule)
        }
        return SeminarStatus(
            info: info, facts: facts, deadlines: deadlines.count, nextDeadline: deadlines.first { $0.due > now },
            todo: todo)
    }
}

/// One line of the to-do list, with the command that does it.
public enum StatusTodo: Sendable, Equatable, CustomStringConvertible {
    case noStudents
    case allDropped(Int)
    case noPapers
    case notEnoughPlaces(students: Int, places: Int)
    case formsMissing(missing: Int, enrolled: Int)
    case withoutPaper(Int)
    case overfull([String])
    case droppedHolders(Int)
    case noDeadlines
    case noSchedule
    case schedule(ScheduleDriftNote)
    /// A line another area words itself (reminders, grading).
    case note(String)

    /// What the roster, catalog, forms, assignment and deadlines still lack.
    public static func rules(_ f: StatusFacts, deadlines: Int) -> [StatusTodo] {
        var todo: [StatusTodo] = []
        if f.enrolled == 0 && f.dropped == 0 { todo.append(.noStudents) }
        if f.enrolled == 0 && f.dropped > 0 { todo.append(.allDropped(f.dropped)) }
        if f.papers == 0 { todo.append(.noPapers) }
        if f.places < f.enrolled { todo.append(.notEnoughPlaces(students: f.enrolled, places: f.places)) }
        if f.enrolled > 0 && f.forms < f.enrolled {
            todo.append(.formsMissing(missing: f.enrolled - f.forms, enrolled: f.enrolled))
        }
        // When every place is taken, assign cannot help: "Not enough places" says what can.
        if f.enrolled > 0 && f.papers > 0 && f.assigned < f.enrolled && f.placesTaken < f.places {
            todo.append(.withoutPaper(f.enrolled - f.assigned))
        }
        // A capacity lowered after the assignment: `paper list` shows more students than places.
        if !f.overfullPapers.isEmpty { todo.append(.overfull(f.overfullPapers)) }
        // `assignment list` and `paper list` still show their papers until the next assign.
        if f.droppedHolders > 0 && f.enrolled > 0 { todo.append(.droppedHolders(f.droppedHolders)) }
        if deadlines == 0 { todo.append(.noDeadlines) }
        return todo
    }

    public var description: String {
        switch self {
        case .noStudents: return "No students yet: seminar student import ROSTER.csv"
        case .allDropped(let n):
            return
                "No enrolled students: all \(n) have dropped (seminar student import ROSTER.csv, or seminar student undrop ID)"
        case .noPapers: return "No papers yet: seminar paper import PAPERS.csv"
        case .notEnoughPlaces(let students, let places):
            return "Not enough places: \(students) students, \(places) places (add papers or raise capacities)"
        case .formsMissing(let missing, let enrolled):
            return "\(missing) of \(enrolled) students have not handed in a preference form: seminar prefs missing"
        case .withoutPaper(let n):
            return n == 1 ? "1 student has no paper: seminar assign" : "\(n) students have no paper: seminar assign"
        case .overfull(let papers):
            let shown = papers.prefix(5).joined(separator: ", ") + (papers.count > 5 ? ", …" : "")
            let have = papers.count == 1 ? "1 paper has" : "\(papers.count) papers have"
            return "\(have) more students than places (\(shown)): seminar assign"
        case .droppedHolders(let n):
            return n == 1
                ? "1 dropped student still holds a paper: seminar assign frees it"
                : "\(n) dropped students still hold a paper: seminar assign frees them"
        case .noDeadlines: return "No deadlines set: seminar deadline add KIND DATE"
        case .noSchedule: return "No block-seminar schedule yet: seminar schedule generate --day DATE [--day DATE ...]"
        case .schedule(let note): return "Schedule: \(note)"
        case .note(let line): return line
        }
    }
}
