import ArgumentParser
import SeminarCore
import SeminarStore

struct RemindTemplateResetCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Go back to the built-in text for KIND.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deadline kind.") var kind: DeadlineKind

    func execute(in context: CommandContext) throws {
        try context.database().setCustomTemplate(kind, source: nil)
        Terminal.line("Reminders about \(kind.rawValue) use the built-in text again.")
    }
}
