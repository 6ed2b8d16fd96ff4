import ArgumentParser
import SeminarCore
import SeminarStore

extension OutboxState: ExpressibleByArgument {}

struct RemindLogCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Every reminder recorded: sent, failed (to be retried), cancelled.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Option(help: "Only rows in this state.") var state: OutboxState?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: [
            "id", "kind", "student", "name", "deadline", "window", "recipient", "state", "attempts", "sent", "error",
            "message_id",
        ])
        for e in try db.outbox(state: state) {
            let deadline = e.deadlineKind.map { k in
                e.deadlineDue.map { "\(k.rawValue) \(time.formatDay($0))" } ?? k.rawValue
            }
            rows.append([
                .int(Int(e.id)), .text(e.kind.rawValue), e.studentID.cell, e.studentName.cell, deadline.cell,
                e.window.cell, .text(e.recipient), .text(e.state.rawValue), .int(e.attempts),
                e.sentAt.map { time.formatLocal($0) }.cell, e.lastError.cell, .text(e.messageID),
            ])
        }
        output.print(rows)
    }
}
