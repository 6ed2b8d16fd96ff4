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
    /// The days of the block seminar the attendance rule does not judge yet: nobody signed in
    /// on them. Empty when the rule is off or there is no schedule.
    public var unjudgedDays: [DayDate] = []

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
        var missed: [String: MissedAttendance] = [:]
        if let attendance = facts.attendance {
            // Everyone still enrolled must attend; a day nobody signed in on is not judged.
            let report = AttendanceReport(
                days: attendance.days, talks: attendance.talks,
                students: facts.students.filter { $0.droppedAt == nil }.map { ($0.id, $0.name) },
                signed: attendance.signed, excuses: attendance.excuses)
            for line in report.lines where !line.complete { missed[line.studentID] = line.shortfall }
            let judged = Set(report.days)
            unjudgedDays = attendance.days.filter { !judged.contains($0) }
        }
        students = facts.students.map { s in
            let grades = facts.grades[s.id] ?? [:]
            return GradedStudent(
                id: s.id, name: s.name, email: s.email, paper: s.paperID, grades: grades,
                outcome: facts.policy.evaluate(
                    grades: grades, droppedAt: s.droppedAt, deadline: facts.deregistrationDeadline, closed: closed,
                    missed: missed[s.id]))
        }
    }

    public func student(_ id: String) -> GradedStudent? { students.first { $0.id == id } }

    /// What the attendance rule did, in a sentence or two for the foot of a grade output;
    /// nothing when nobody missed a talk without excuse.
    public var attendanceSummary: [String] {
        let missed = students.filter { $0.outcome.missedAttendance != nil }
        guard !missed.isEmpty else { return [] }
        let held = missed.filter(\.outcome.isHeldBackByAttendance).count
        let n = missed.count
        var line = "Attendance: \(n) student\(n == 1 ? "" : "s") missed talks without excuse (see note)"
        switch policy.attendance {
        case .required:
            line +=
                held > 0
                ? "; \(held) of them held back by the attendance rule alone, with no final grade until excused (seminar attend excuse STUDENT DAY|TALK --reason TEXT)."
                : "."
        case .warn: line += "; the grades stand (attendance rule: warn)."
        case .off: line += "."
        }
        return [line]
    }

    /// Whether grading has begun: a grade has been recorded for someone.
    public var hasGrades: Bool { students.contains { !$0.grades.isEmpty } }
}

/// What `seminar status` lists for the grading.
public enum GradingToDo: Sendable, Equatable, CustomStringConvertible {
    /// Students still missing a required component while the term is open (once grading has begun).
    case missingGrades(students: Int)
    /// A student who missed talks without excuse: no final grade (rule `required`) or a
    /// flagged one (`warn`).
    case missedTalks(student: String, name: String, missed: MissedAttendance, rule: AttendanceRule)
    /// More students than `namedStudents` missed talks: how many more.
    case moreMissedTalks(Int)
    /// Days of the block seminar, today or past, without any sign-in: the attendance rule
    /// does not judge them.
    case unjudgedDays([DayDate])

    /// How many students who missed talks `status` names one by one.
    public static let namedStudents = 10

    /// The to-do items of the grading: missing grades once grading has begun, and what the
    /// attendance rule finds. `today`: the day in the seminar's zone.
    public static func items(_ db: AppDatabase, today: DayDate) throws(SeminarError) -> [GradingToDo] {
        let book = try Gradebook(db)
        var items: [GradingToDo] = []
        let incomplete = book.students.filter { $0.outcome.status == .incomplete }.count
        if book.hasGrades && incomplete > 0 { items.append(.missingGrades(students: incomplete)) }
        // Each student by name, up to a screenful; the rest counted.
        let missing = book.students.filter { $0.outcome.missedAttendance != nil }
        for s in missing.prefix(namedStudents) {
            items.append(
                .missedTalks(
                    student: s.id, name: s.name, missed: s.outcome.missedAttendance!, rule: book.policy.attendance))
        }
        if missing.count > namedStudents { items.append(.moreMissedTalks(missing.count - namedStudents)) }
        let unjudged = book.unjudgedDays.filter { $0 <= today }
        if !unjudged.isEmpty { items.append(.unjudgedDays(unjudged)) }
        return items
    }

    public var description: String {
        switch self {
        case .missingGrades(let n):
            return
                "\(n) student\(n == 1 ? " is" : "s are") missing a grade: seminar grade list --status incomplete (or seminar grade close at the end of term)"
        case .missedTalks(let id, let name, let missed, let rule):
            let day = missed.days.count == 1 ? missed.days[0].day.description : "DAY"
            let excuse = "seminar attend excuse \(id) \(day) --reason TEXT"
            return "Attendance: \(id) \(Shown.value(name)), \(missed) — "
                + (rule == .warn
                    ? "the grade stands (attendance rule: warn)"
                    : "no final grade until excused: \(excuse)")
        case .moreMissedTalks(let n):
            return
                "Attendance: \(n) more student\(n == 1 ? "" : "s") missed talks without excuse: seminar grade list, seminar attendance report"
        case .unjudgedDays(let days):
            let list = days.map(\.description).joined(separator: ", ")
            return
                "Attendance: no sign-ins recorded for \(list) yet, so the attendance rule does not judge \(days.count == 1 ? "that day" : "those days"): seminar attend import SHEET.csv"
        }
    }
}
