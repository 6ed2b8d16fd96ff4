import ArgumentParser
import SeminarCore
import SeminarStore

struct SubmissionRemoveCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a student's submissions of a kind (recorded by mistake).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "report or slides.") var kind: DeadlineKind

    func execute(in context: CommandContext) throws {
        let n = try context.database().removeSubmissions(student: student, kind: kind)
        if n == 0 { throw SeminarError.invalidValue("student \(shown: student) has no \(kind.rawValue) submission") }
        Terminal.line("Removed \(n) \(kind.rawValue) submission\(n == 1 ? "" : "s") of \(student).")
    }
}
