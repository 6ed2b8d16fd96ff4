import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct DeadlineListCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the deadlines, or write them as iCalendar.",
        discussion: """
            Each student's extension (deadline extend) is a row below the deadline it extends, with the \
            student's id and the reason; the deadline rows leave those columns empty and extension rows the id. \
            The iCalendar output has the deadlines only: extensions are personal.
            """)

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
        var extensions = try db.extensions()
        var rows = RowSet(columns: ["id", "kind", "title", "due", "due_utc", "left", "student", "reason"])
        func left(_ due: Date) -> String {
            due > now ? SeminarTime.describeInterval(due.timeIntervalSince(now)) : "passed"
        }
        func append(_ e: ExtensionEntry, extending d: Deadline?) {
            let gives = d.map { e.value.extends($0) } ?? true
            rows.append([
                .null, .text(e.value.kind.rawValue), .text("extension for \(e.studentName)"),
                .text(time.formatLocal(e.value.due)), .text(SeminarTime.storageString(e.value.due)),
                .text(gives ? left(e.value.due) : "none: the deadline is later"), .text(e.value.studentID),
                e.value.reason.cell,
            ])
        }
        for d in deadlines {
            rows.append([
                .int(Int(d.id)), .text(d.kind.rawValue), .text(d.displayTitle), .text(time.formatLocal(d.due)),
                .text(SeminarTime.storageString(d.due)), .text(left(d.due)), .null, .null,
            ])
            // Extensions below the deadline they extend: the latest of their kind.
            guard Deadline.governing(d.kind, in: deadlines)?.id == d.id else { continue }
            for e in extensions where e.value.kind == d.kind { append(e, extending: d) }
            extensions.removeAll { $0.value.kind == d.kind }
        }
        // Extensions whose deadline was removed: they count again once one is added.
        for e in extensions { append(e, extending: nil) }
        switch format {
        case .csv: Terminal.write(rows.csv())
        case .json: Terminal.write(rows.json())
        case .table, .ics: Terminal.write(rows.table(width: Terminal.width, style: Terminal.style))
        }
    }
}
