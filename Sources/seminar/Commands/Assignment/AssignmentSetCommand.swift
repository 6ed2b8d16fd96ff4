import ArgumentParser
import SeminarApp

struct AssignmentSetCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Give a student a paper by hand and pin it.",
        discussion:
            "`seminar assign` keeps pinned pairs. If the paper is full, a student who holds it unpinned loses it and gets a new paper at the next assign."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "The paper's id.") var paper: String

    func execute(in context: CommandContext) throws {
        let outcome = try AssignmentEdit.pin(student: student, paper: paper, in: context.database(), now: context.now)
        var message = "Pinned \(student) to \(paper)"
        if let previous = outcome.previousPaper { message += " (was \(previous))" }
        Terminal.line(message + ".")
        if !outcome.displaced.isEmpty {
            Terminal.line(
                "To make room, \(outcome.displaced.joined(separator: ", ")) lost \(paper): "
                    + "run `seminar assign` to give them another paper.")
        }
    }
}
