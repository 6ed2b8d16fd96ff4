import ArgumentParser
import Foundation
import SeminarCore
import SeminarStore

struct AssignmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assignment",
        abstract: "The matching of students to papers: list, set (pin), unset, runs.",
        subcommands: [AssignmentList.self, AssignmentSet.self, AssignmentUnset.self, AssignmentRuns.self])
}

struct AssignmentList: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List who has which paper.",
        discussion: "rank is the paper's place on the student's form, empty when it was not on it.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        var rows = RowSet(columns: ["student", "name", "paper", "title", "rank", "pinned", "no_form"])
        for a in try db.assignmentViews() {
            rows.append([
                .text(a.studentID), .text(a.studentName), .text(a.paperID), .text(a.paperTitle), Cell(a.rank),
                .bool(a.pinned), .bool(a.noForm),
            ])
        }
        output.print(rows)
    }
}

struct AssignmentSet: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Give a student a paper by hand and pin it.",
        discussion:
            "`seminar assign` keeps pinned pairs. If the paper is full, a student who holds it unpinned loses it and gets a new paper at the next assign."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "The paper's id.") var paper: String

    func execute(in context: CommandContext) throws {
        let outcome = try context.database().pin(student: student, paper: paper)
        var message = "Pinned \(student) to \(paper)"
        if let previous = outcome.previousPaper { message += " (was \(previous))" }
        Terminal.line(message + ".")
        if !outcome.displaced.isEmpty {
            Terminal.line(
                "To make room, \(outcome.displaced.joined(separator: ", ")) lost \(paper): run `seminar assign` to give them another paper."
            )
        }
    }
}

struct AssignmentUnset: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "unset", abstract: "Take a student's paper away (and its pin).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String

    func execute(in context: CommandContext) throws {
        let paper = try context.database().unassign(student: student)
        Terminal.line("\(student) no longer has \(paper).")
    }
}

struct AssignmentRuns: SeminarCommand {
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
            let at = SeminarTime.fromStorage(r.ranAt).map { time.formatLocal($0, seconds: true) } ?? r.ranAt
            rows.append([
                Cell(r.id.map(Int.init)), .text(at), .text(r.method), .decimal(String(UInt64(bitPattern: r.seed))),
                .text(r.costModel),
                .text(r.objective), .int(Int(r.totalCost)), .int(r.students),
                .decimal(String(format: "%.6f", r.solveSeconds)),
            ])
        }
        output.print(rows)
    }
}
