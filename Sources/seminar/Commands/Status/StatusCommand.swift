import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `seminar status`: where the term stands and what is missing.
struct StatusCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show where the term stands and what is missing.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: text or json.") var format: Format = .text

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let today = DayDate(context.now, calendar: try db.seminarInfo().time.calendarInZone)
        let status = try SeminarStatus.gather(
            db, now: context.now, grading: try GradingToDo.items(db, today: today).map(\.description))
        switch format {
        case .json: Terminal.line(json(status, database: db.path))
        case .text: printText(status, database: db.path, now: context.now)
        }
    }

    func json(_ s: SeminarStatus, database: String) -> String {
        let f = s.facts
        var next = "null"
        if let d = s.nextDeadline {
            next = JSON.object(
                [
                    ("kind", JSON.string(d.kind.rawValue)), ("title", d.title.map(JSON.string) ?? "null"),
                    ("due", JSON.string(SeminarTime.storageString(d.due))),
                    ("due_local", JSON.string(s.info.time.formatLocal(d.due))),
                ], indent: "  ")
        }
        return JSON.object([
            ("title", JSON.string(s.info.title)), ("term", JSON.string(s.info.term)),
            ("timezone", JSON.string(s.info.timezone)), ("database", JSON.string(database)),
            ("students", String(f.enrolled)), ("dropped", String(f.dropped)),
            ("papers", String(f.papers)), ("places", String(f.places)),
            ("forms", String(f.forms)), ("assigned", String(f.assigned)), ("pinned", String(f.pinned)),
            ("deadlines", String(s.deadlines)), ("next_deadline", next),
            ("todo", JSON.array(s.todo.map { JSON.string($0.description) }, indent: "  ")),
        ])
    }

    func printText(_ s: SeminarStatus, database: String, now: Date) {
        let f = s.facts
        let time = s.info.time
        let st = Terminal.style
        Terminal.line(st.bold("\(s.info.title)") + " — \(s.info.term)")
        Terminal.line(st.dim("\(database), dates in \(s.info.timezone)"))
        Terminal.line()
        func row(_ label: String, _ value: String) {
            Terminal.line("  " + label.padding(toLength: 14, withPad: " ", startingAt: 0) + value)
        }
        row("students", "\(f.enrolled) enrolled" + (f.dropped > 0 ? ", \(f.dropped) dropped" : ""))
        row("papers", "\(f.papers) (\(f.places) places)")
        row("forms", "\(f.forms) of \(f.enrolled) received")
        row("assigned", "\(f.assigned) of \(f.enrolled)" + (f.pinned > 0 ? " (\(f.pinned) pinned)" : ""))
        if let d = s.nextDeadline {
            let left = SeminarTime.describeInterval(d.due.timeIntervalSince(now))
            row("next deadline", "\(d.title ?? d.kind.rawValue) — \(time.formatLocal(d.due)) (in \(left))")
        } else {
            row("next deadline", s.deadlines == 0 ? "none set" : "none ahead")
        }
        if !s.todo.isEmpty {
            Terminal.line()
            Terminal.line(st.bold("To do"))
            for t in s.todo { Terminal.line("  • \(t)") }
        }
    }
}
