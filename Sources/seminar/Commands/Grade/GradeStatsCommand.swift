import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct GradeStatsCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "The distribution of final grades: histogram, mean, median, pass rate.",
        discussion:
            "Students held back by the attendance rule have no final grade and count as incomplete; attendance says how many missed talks without excuse."
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: text or json.") var format: Format = .text

    func execute(in context: CommandContext) throws {
        let book = try Gradebook(try context.database())
        let stats = GradeStats(students: book.students, scale: book.policy.scale)
        switch format {
        case .json: printJSON(stats, students: book.students.count)
        case .text: printText(stats, policy: book.policy)
        }
    }

    func printJSON(_ stats: GradeStats, students: Int) {
        let count: (GradeStatus) -> Int = { stats.counts[$0] ?? 0 }
        let bins = stats.bins.map { "{\"grade\": \(JSON.string($0.label)), \"count\": \($0.count)}" }
        Terminal.line(
            JSON.object([
                ("students", String(students)),
                ("passed", String(count(.passed))), ("failed", String(count(.failed))),
                ("incomplete", String(count(.incomplete))), ("withdrawn", String(count(.withdrawn))),
                ("mean", stats.mean?.tenthsDescription ?? "null"),
                ("median", stats.median?.tenthsDescription ?? "null"),
                ("pass_rate", stats.passRate ?? "null"),
                ("missed_attendance", String(stats.missedAttendance)),
                ("held_back_by_attendance", String(stats.heldBackByAttendance)),
                ("histogram", JSON.array(bins, indent: "  ")),
            ]))
    }

    func printText(_ stats: GradeStats, policy: GradingPolicy) {
        let count: (GradeStatus) -> Int = { stats.counts[$0] ?? 0 }
        let st = Terminal.style
        Terminal.line(
            st.bold("Final grades") + " (\(policy.scale.name), \(policy.rounding.rawValue); "
                + policy.components.map { "\($0.name) \($0.weight) %" }.joined(separator: ", ") + ")")
        Terminal.line()
        let width = max(10, min(50, (Terminal.width ?? 80) - 20))
        for line in stats.histogram(width: width, style: st) { Terminal.line("  " + line) }
        Terminal.line()
        Terminal.line("  graded      \(stats.graded) (\(count(.passed)) passed, \(count(.failed)) failed)")
        if let m = stats.mean { Terminal.line("  mean        \(m.tenthsDescription)") }
        if let m = stats.median { Terminal.line("  median      \(m.tenthsDescription)") }
        if let p = stats.passRate { Terminal.line("  pass rate   \(p) %") }
        if count(.incomplete) > 0 {
            Terminal.line(
                "  incomplete  \(count(.incomplete)) (no final grade yet: seminar grade list --status incomplete)")
        }
        if count(.withdrawn) > 0 { Terminal.line("  withdrawn   \(count(.withdrawn))") }
        if stats.missedAttendance > 0 {
            let held = stats.heldBackByAttendance
            Terminal.line(
                "  attendance  \(stats.missedAttendance) missed talks without excuse"
                    + (policy.attendance == .warn
                        ? " (graded all the same: attendance rule warn)"
                        : held > 0
                            ? " (\(held) of them held back by the attendance rule alone: seminar grade list)" : ""))
        }
    }
}

extension ExactMean {
    /// A mean of grades in tenths, as a grade with two decimals (`2.14`), rounded half up.
    var tenthsDescription: String {
        let hundredths = (numerator * 20 + denominator) / (2 * denominator)
        let frac = String(hundredths % 100)
        return "\(hundredths / 100)." + String(repeating: "0", count: 2 - frac.count) + frac
    }
}
