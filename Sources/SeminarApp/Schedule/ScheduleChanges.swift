import Foundation
import SeminarCore
import SeminarStore

/// `schedule generate`: the talks of the assigned papers laid out and saved.
public enum ScheduleGeneration {
    public struct Result: Sendable {
        public var agenda: Agenda
        /// Nil for a dry run.
        public var saved: (replaced: Bool, discardedEdits: Int)?
    }

    /// Plans the agenda; unless `dryRun`, saves it in place of the current one, which is
    /// only replaced with `replace` when it has talks moved by hand.
    public static func generate(
        _ db: AppDatabase, plan: SchedulePlan, time: SeminarTime, replace: Bool, dryRun: Bool, now: Date
    ) throws(SeminarError) -> Result {
        let (talks, unavailability) = try db.scheduleInputs()
        if talks.isEmpty {
            throw .conflict(
                "nobody has a paper yet: run `seminar assign` (or `seminar assignment set STUDENT PAPER`) first")
        }
        let agenda = try AgendaPlanner.plan(talks, plan, unavailability: unavailability, calendar: time.calendarInZone)
        if dryRun { return Result(agenda: agenda, saved: nil) }
        switch try db.saveSchedule(agenda, plan: plan, replace: replace, now: now) {
        case .refused(let edits):
            throw .conflict(
                "the current schedule has \(edits) talk\(edits == 1 ? "" : "s") moved by hand; "
                    + "generating again would undo that: add --replace to do it anyway")
        case .saved(let replaced, let discardedEdits):
            return Result(agenda: agenda, saved: (replaced, discardedEdits))
        }
    }
}

/// `schedule move` and `schedule swap`: a change by hand, checked and saved in one transaction.
public enum ScheduleEditing {
    /// Moves the student's talk to start at `start`, in `room` or the day's room.
    public static func move(
        _ db: AppDatabase, student: String, to start: Date, room: String?, time: SeminarTime, now: Date
    ) throws(SeminarError) -> AgendaItem {
        let calendar = time.calendarInZone
        let agenda = try edit(db, now: now) { agenda, unavailability in
            try AgendaEditor.move(
                agenda, student: student, to: start, room: room, unavailability: unavailability, calendar: calendar)
        }
        return agenda.talk(of: student)!
    }

    /// Exchanges the times and rooms of two students' talks; returns both, in that order.
    public static func swap(_ db: AppDatabase, _ first: String, _ second: String, time: SeminarTime, now: Date)
        throws(SeminarError) -> [AgendaItem]
    {
        let calendar = time.calendarInZone
        let agenda = try edit(db, now: now) { agenda, unavailability in
            try AgendaEditor.swap(agenda, first, second, unavailability: unavailability, calendar: calendar)
        }
        return [agenda.talk(of: first)!, agenda.talk(of: second)!]
    }

    static func edit(_ db: AppDatabase, now: Date, _ change: (Agenda, [Unavailability]) throws -> Agenda)
        throws(SeminarError) -> Agenda
    {
        guard let agenda = try db.editSchedule(now: now, change) else { throw ScheduleOverview.noSchedule }
        return agenda
    }
}
