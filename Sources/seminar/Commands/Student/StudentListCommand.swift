import ArgumentParser
import SeminarCore
import SeminarStore

struct StudentListCommand: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the roster.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Option(help: "Only students with this status: enrolled or dropped.") var status: StudentStatus?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: ["id", "name", "email", "program", "status", "dropped_on"])
        for s in try db.students(status: status) {
            let dropped = s.droppedAt.map { time.formatDay($0) }
            rows.append([
                .text(s.id), .text(s.name), .text(s.email), s.program.cell, .text(s.status.rawValue), dropped.cell,
            ])
        }
        output.print(rows)
    }
}
