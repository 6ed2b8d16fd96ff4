import ArgumentParser
import SeminarApp

struct StudentUndropCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "undrop", abstract: "Undo a de-registration entered by mistake.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String

    func execute(in context: CommandContext) throws {
        let s = try RosterEdit.undrop(id, in: context.database(), now: context.now)
        Terminal.line("\(s.id) (\(s.name)) is enrolled again.")
    }
}
