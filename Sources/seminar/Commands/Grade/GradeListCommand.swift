import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct GradeListCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every student's grades, final grade and status.",
        discussion:
            "mean is the exact weighted mean before rounding; status is passed, failed, incomplete or withdrawn; note says why, including talks missed without excuse (the attendance rule, see grade config --attendance)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Option(help: "Only students with this status.") var status: GradeStatus?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let book = try Gradebook(db)
        let policy = book.policy
        var rows = RowSet(
            columns: ["id", "name", "paper"] + policy.components.map(\.name) + ["mean", "final", "status", "note"])
        for s in book.students where status == nil || s.outcome.status == status {
            let grades = policy.components.map { c in
                s.grades[c.name].map { Cell.decimal(policy.scale.format($0)) } ?? .null
            }
            rows.append(
                [.text(s.id), .text(s.name), s.paper.cell] + grades
                    + [
                        s.outcome.mean.map { .text($0.description) } ?? .null,
                        s.outcome.final.map { .decimal(policy.scale.format($0)) } ?? .null,
                        .text(s.outcome.status.rawValue), s.outcome.reason.cell,
                    ])
        }
        output.print(rows)
        if output.format == .table { for line in book.attendanceSummary { Terminal.warn(line) } }
        // Without a deadline every dropped student is withdrawn.
        if output.format == .table, book.deregistrationDeadline == nil,
            book.students.contains(where: { $0.outcome.status == .withdrawn })
        {
            Terminal.warn(
                "note: no de-registration deadline is set, so dropped students count as withdrawn (seminar deadline add deregistration DATE)"
            )
        }
    }
}
