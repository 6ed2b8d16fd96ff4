import ArgumentParser
import SeminarCore
import SeminarStore

struct DeadlineRemoveCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a deadline.",
        discussion: "Its reminder records go with it; submissions stay.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deadline's id (see `seminar deadline list`).") var id: Int64

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        guard let (d, reminders) = try db.removeDeadline(id: id) else {
            throw SeminarError.invalidValue("no deadline with id \(id) (see `seminar deadline list`)")
        }
        Terminal.line(
            "Removed deadline \(d.id): \(d.displayTitle), \(time.formatLocal(d.due))"
                + (reminders > 0 ? " (and \(reminders) reminder records)." : "."))
    }
}
