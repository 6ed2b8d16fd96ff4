import ArgumentParser
import SeminarCore
import SeminarStore

struct RemindTemplateListCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Which kinds use the built-in text and which the coordinator's.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        let custom = try context.database().customTemplates()
        var rows = RowSet(columns: ["kind", "template", "subject"])
        for kind in DeadlineKind.allCases {
            let source = custom[kind] ?? ReminderTemplate.defaultSource(for: kind)
            let subject =
                source.split(separator: "\n").first.map {
                    String($0.dropFirst("Subject:".count)).trimmingCharacters(in: .whitespaces)
                } ?? ""
            rows.append([.text(kind.rawValue), .text(custom[kind] == nil ? "built-in" : "custom"), .text(subject)])
        }
        output.print(rows)
    }
}
