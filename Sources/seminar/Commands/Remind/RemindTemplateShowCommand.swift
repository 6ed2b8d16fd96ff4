import ArgumentParser
import SeminarCore
import SeminarStore

struct RemindTemplateShowCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a kind's template (a good start for your own).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deadline kind.") var kind: DeadlineKind
    @Flag(name: .customLong("default"), help: "The built-in template even when a custom one is set.") var builtIn =
        false

    func execute(in context: CommandContext) throws {
        let custom = builtIn ? nil : try context.database().customTemplate(kind)
        Terminal.write(custom ?? ReminderTemplate.defaultSource(for: kind))
    }
}
