import ArgumentParser
import SeminarCore
import SeminarStore

struct RemindTemplatePreviewCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Show a reminder about KIND filled in with example values.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deadline kind.") var kind: DeadlineKind

    func execute(in context: CommandContext) throws {
        let source = try context.database().customTemplate(kind) ?? ReminderTemplate.defaultSource(for: kind)
        let template = try ReminderTemplate(source: source)
        var context = ReminderTemplate.sampleContext
        context["deadline_kind"] = kind.rawValue
        context["deadline_title"] = kind.defaultTitle
        guard let (subject, body) = template.message(context) else { return }
        Terminal.write("Subject: \(subject)\n\n\(body)")
    }
}
