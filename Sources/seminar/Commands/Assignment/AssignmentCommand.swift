import ArgumentParser
import Foundation
import SeminarCore
import SeminarStore

struct AssignmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assignment",
        abstract: "The matching of students to papers: list, set (pin), unset.",
        subcommands: [AssignmentList.self, AssignmentSet.self, AssignmentUnset.self])
}

struct AssignmentList: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List who has which paper.",
        discussion: "rank is the paper's place on the student's form, empty when it was not on it.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute() throws {
        let db = try global.open()
        var rows = RowSet(columns: ["student", "name", "paper", "title", "rank", "pinned", "no_form"])
        for a in try db.assignmentViews() {
            rows.append([.text(a.studentID), .text(a.studentName), .text(a.paperID), .text(a.paperTitle), Cell(a.rank),
                         .bool(a.pinned), .bool(a.noForm)])
        }
        output.print(rows)
    }
}

struct AssignmentSet: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Give a student a paper by hand and pin it.",
        discussion: "`seminar assign` keeps pinned pairs. If the paper is full, a student who holds it unpinned loses it and gets a new paper at the next assign.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "The paper's id.") var paper: String

    func execute() throws {
        let outcome = try global.open().pin(student: student, paper: paper)
        var message = "Pinned \(student) to \(paper)"
        if let previous = outcome.previousPaper { message += " (was \(previous))" }
        Terminal.line(message + ".")
        if !outcome.displaced.isEmpty {
            Terminal.line("To make room, \(outcome.displaced.joined(separator: ", ")) lost \(paper): run `seminar assign` to give them another paper.")
        }
    }
}

struct AssignmentUnset: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "unset", abstract: "Take a student's paper away (and its pin).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String

    func execute() throws {
        let paper = try global.open().unassign(student: student)
        Terminal.line("\(student) no longer has \(paper).")
    }
}
