import Foundation
import SeminarCore
import SeminarStore

/// The to-do lines `seminar status` shows about reminders and hand-ins, each with the
/// command that does something about it.
public enum ReminderTodo {
    public static func items(_ facts: ReminderStatusFacts, time: SeminarTime) -> [String] {
        var todo: [String] = []
        if facts.upcomingRemindedDeadlines > 0 && !facts.senderSet {
            todo.append(
                "Reminders cannot go out, no sender is set: seminar remind config --from ADDRESS --coordinator ADDRESS")
        }
        let failed = facts.failedMails
        if failed > 0 {
            todo.append(
                "\(failed) reminder\(failed == 1 ? "" : "s") could not be sent yet (retried on the next run): "
                    + "seminar remind log --state failed")
        }
        for (d, missing, extended) in facts.missingHandIns {
            let kind = d.kind.rawValue
            todo.append(
                "\(missing) student\(missing == 1 ? " has" : "s have") not handed in the \(kind), "
                    + "due \(time.formatDay(d.due))\(extensionClause(extended, missing: missing, time: time)): "
                    + "seminar submission list --missing \(kind)")
        }
        return todo
    }

    /// ", 1 of them with an extension to 2025-01-20": who of the missing have their own, later
    /// date (still running, or passed too).
    static func extensionClause(_ dates: [Date], missing: Int, time: SeminarTime) -> String {
        guard let first = dates.first, let last = dates.last else { return "" }
        let (from, to) = (time.formatDay(first), time.formatDay(last))
        if missing == 1 { return ", with an extension to \(to)" }
        if from == to { return ", \(dates.count) of them with an extension to \(to)" }
        return ", \(dates.count) of them with extensions (\(from) to \(to))"
    }
}
