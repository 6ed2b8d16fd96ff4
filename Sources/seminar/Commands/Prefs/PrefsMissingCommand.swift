import ArgumentParser
import SeminarCore
import SeminarStore

struct PrefsMissingCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "missing", abstract: "List enrolled students who have not handed in a form, with e-mails.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        var rows = RowSet(columns: ["id", "name", "email"])
        for s in try context.database().studentsWithoutForm() {
            rows.append([.text(s.id), .text(s.name), .text(s.email)])
        }
        output.print(rows)
    }
}
