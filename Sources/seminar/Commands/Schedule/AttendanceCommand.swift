import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `attendance report`: who missed which talks.
struct AttendanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attendance",
        abstract: "Who attended the block seminar, and who missed which talks.",
        subcommands: [AttendanceReportCommand.self])
}

struct AttendanceReportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Who missed which talks (attending every talk is a requirement).",
        discussion: """
            One row per enrolled student: the days they signed in, the days they missed, how many talks \
            (and whose) they missed without an excuse, the excused absences (seminar attend excuse) with \
            their reasons, and whether they attended everything or are excused. Days nobody signed in on \
            are not judged yet, unless --all-days. Columns/keys: student, name, attended, missed_days, \
            missed_talks, missed_speakers, excused_talks, excused, own_talk_day_missed, complete.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Flag(help: "Judge every day of the schedule, also days without any signature.") var allDays = false

    func execute(in context: CommandContext) throws {
        let report = try AttendanceTaking.report(try context.database(), allDays: allDays)
        var rows = RowSet(columns: [
            "student", "name", "attended", "missed_days", "missed_talks", "missed_speakers", "excused_talks",
            "excused", "own_talk_day_missed", "complete",
        ])
        // The days as text, once per set of missed days: 10,000 students who attended a 70-day
        // seminar would otherwise format 700,000 dates.
        var daysText: [[DayDate]: (attended: String, missed: String)] = [:]
        for l in report.lines {
            if daysText[l.missedDays] == nil {
                daysText[l.missedDays] = (
                    l.attended.map(\.description).joined(separator: " "),
                    l.missedDays.map(\.description).joined(separator: " ")
                )
            }
            let text = daysText[l.missedDays]!
            rows.append([
                .text(l.studentID), .text(l.name), .text(text.attended), .text(text.missed), .int(l.missedTalks.count),
                .text(l.missedTalks.map(\.speaker).joined(separator: "; ")), .int(l.excusedTalks),
                .text(l.excuses.map { "\($0.scope) (\($0.reason))" }.joined(separator: "; ")),
                .bool(l.missedOwnTalkDay), .bool(l.complete),
            ])
        }
        output.print(rows)
        if output.format == .table {
            let missing = report.lines.filter { !$0.complete }
            if report.days.isEmpty {
                Terminal.warn(
                    "No attendance recorded yet (seminar attend STUDENT DAY, or seminar attend import SHEET.csv).")
            } else {
                let excused = report.lines.filter { !$0.excuses.isEmpty }.count
                Terminal.warn(
                    "\(missing.count) of \(report.lines.count) students missed talks without an excuse on the days judged (\(report.days.map(\.description).joined(separator: ", ")))"
                        + (excused > 0 ? "; \(excused) with an excused absence." : ".")
                )
            }
        }
    }
}
