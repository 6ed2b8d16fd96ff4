import ArgumentParser
import SeminarApp
import SeminarCore
import SeminarStore

struct DeadlineListCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the deadlines, or write them as iCalendar.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, ics }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table, csv, json or ics (iCalendar, for calendar programs).") var format: Format =
        .table

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let deadlines = try db.deadlines()
        if format == .ics {
            Terminal.write(DeadlineCalendarExport.document(deadlines, info: info, stamp: context.now))
            return
        }
        let time = info.time
        let now = context.now
        var rows = RowSet(columns: ["id", "kind", "title", "due", "due_utc", "left"])
        for d in deadlines {
            let left = d.due > now ? SeminarTime.describeInterval(d.due.timeIntervalSince(now)) : "passed"
            rows.append([
                .int(Int(d.id)), .text(d.kind.rawValue), .text(d.displayTitle), .text(time.formatLocal(d.due)),
                .text(SeminarTime.storageString(d.due)), .text(left),
            ])
        }
        switch format {
        case .csv: Terminal.write(rows.csv())
        case .json: Terminal.write(rows.json())
        case .table, .ics: Terminal.write(rows.table(width: Terminal.width, style: Terminal.style))
        }
    }
}
