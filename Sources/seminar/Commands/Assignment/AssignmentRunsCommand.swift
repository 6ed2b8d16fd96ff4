import ArgumentParser
import Foundation
import SeminarCore
import SeminarStore

struct AssignmentRunsCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List every recorded `seminar assign` run: method, seed, objective.",
        discussion: "The pairs each run decided are in the database (table assignment_run, column result).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: [
            "run", "ran_at", "method", "seed", "cost_model", "objective", "total_cost", "students", "solve_seconds",
        ])
        for r in try db.assignmentRuns() {
            rows.append([
                Cell(r.id.map(Int.init)), .text(time.formatLocal(r.ranAt, seconds: true)), .text(r.method.rawValue),
                .decimal(String(UInt64(bitPattern: r.seed))), .text(r.costModel.rawValue), .text(r.objective),
                .int(Int(r.totalCost)), .int(r.students), .decimal(String(format: "%.6f", r.solveSeconds)),
            ])
        }
        output.print(rows)
    }
}
