import ArgumentParser
import Foundation
import SeminarCore
import SeminarStore

struct PrefsListCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every choice: one row per student and rank.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: ["student", "name", "rank", "paper", "title", "submitted_at"])
        // A student's choices share one time: format it once, not once per rank.
        var formatted: (date: Date, text: String)?
        for r in try db.preferenceRows() {
            var at: String?
            if let date = r.submittedAt {
                if formatted?.date != date { formatted = (date, time.formatLocal(date, seconds: true)) }
                at = formatted?.text
            }
            rows.append([.text(r.studentID), .text(r.name), .int(r.rank), .text(r.paperID), .text(r.title), at.cell])
        }
        output.print(rows)
    }
}
