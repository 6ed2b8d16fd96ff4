import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grades: set, import, list, history, export, stats, config, close.",
        discussion: """
            By default the final grade is 0.4 × report + 0.6 × presentation on the German scale, computed \
            exactly and rounded to the nearest step (a tie goes to the better grade). A component worse than \
            4.0 fails the course (5.0); a missing one leaves the student incomplete until `grade close`. \
            See docs/grading.md.
            """,
        subcommands: [
            GradeSetCommand.self, GradeImportCommand.self, GradeListCommand.self, GradeHistoryCommand.self,
            GradeExportCommand.self, GradeStatsCommand.self, GradeConfigCommand.self, GradeCloseCommand.self,
        ])
}

extension GradeStatus: ExpressibleByArgument {}
extension RoundingRule: ExpressibleByArgument {}
extension AttendanceRule: ExpressibleByArgument {}

/// A grade changed after `grade close`: the coordinator may have exported the closed term
/// already, and a missing component still counts as failed.
func warnIfClosed(_ closedAt: Date?, _ db: AppDatabase) throws {
    guard let closedAt else { return }
    Terminal.warn(
        "note: the term was closed on \(try db.seminarInfo().time.formatLocal(closedAt)), so a missing component still counts as failed; "
            + "export the grades again if you already did (seminar grade close --reopen if more grades are coming)")
}

/// `1.7 (passed)`, `– (incomplete: presentation missing)`: one student's outcome in words.
func describeOutcome(_ o: GradeOutcome, scale: GradeScale) -> String {
    var s = (o.final.map { scale.format($0) } ?? "–") + " (\(o.status.rawValue)"
    if let r = o.reason { s += ": \(r)" }
    return s + ")"
}

/// The `grades` and `final` lines of `student show`.
func gradeFields(_ db: AppDatabase, student id: String) throws -> [(String, String)] {
    let book = try Gradebook(db)
    guard let s = book.student(id) else { return [] }
    let scale = book.policy.scale
    let parts = book.policy.components.map { c in "\(c.name) " + (s.grades[c.name].map { scale.format($0) } ?? "–") }
    var outcome = s.outcome.status.rawValue
    if let f = s.outcome.final { outcome = "\(scale.format(f)) (\(outcome))" }
    if let r = s.outcome.reason { outcome += ", \(r)" }
    return [("grades", parts.joined(separator: ", ")), ("final", outcome)]
}
