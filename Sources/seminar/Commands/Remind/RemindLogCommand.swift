import ArgumentParser
import Foundation
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
        // Thousands of rows share a deadline and a minute: each text is formatted once.
        var days: [Date: String] = [:]
        var minutes: [Int: String] = [:]
        func day(_ due: Date) -> String {
            if let text = days[due] { return text }
            let text = time.formatDay(due)
            days[due] = text
            return text
        }
        func minute(_ at: Date) -> String {
            let key = Int((at.timeIntervalSince1970 / 60).rounded(.down))
            if let text = minutes[key] { return text }
            let text = time.formatLocal(at)
            minutes[key] = text
            return text
        }
        for e in try db.outbox(state: state) {
            let deadline = e.deadlineKind.map { kind in
                e.deadlineDue.map { "\(kind.rawValue) \(day($0))" } ?? kind.rawValue
            }
            let sent = e.sentAt.map(minute)
            rows.append([
                .int(Int(e.id)), .text(e.kind.rawValue), e.studentID.cell, e.studentName.cell, deadline.cell,
                e.window.cell, .text(e.recipient), .text(e.state.rawValue), .int(e.attempts), sent.cell,
                e.lastError.cell, .text(e.messageID),
            ])
        }
        output.print(rows)
    }
}
