import ArgumentParser
import SeminarApp

struct AssignmentUnsetCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "unset", abstract: "Take a student's paper away (and its pin).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String

    func execute(in context: CommandContext) throws {
        let paper = try AssignmentEdit.unset(student: student, in: context.database())
        Terminal.line("\(student) no longer has \(paper).")
    }
}
