import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct Status: SeminarCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show where the term stands and what is missing.")

    enum Format: String, ExpressibleByArgument { case text, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: text or json.") var format: Format = .text

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let now = context.now
        var s = try db.status(now: now)
        s.todo += ReminderTodo.items(try db.reminderStatus(now: now), time: s.info.time)
        s.todo += try GradingToDo.items(db).map(\.description)
        s.todo += try db.scheduleTodo()
        let time = s.info.time
        switch format {
        case .json:
            var next = "null"
            if let d = s.nextDeadline {
                next = JSON.object(
                    [
                        ("kind", JSON.string(d.kind)), ("title", d.title.map(JSON.string) ?? "null"),
                        ("due", JSON.string(SeminarTime.storageString(d.due))),
                        ("due_local", JSON.string(time.formatLocal(d.due))),
                    ], indent: "  ")
            }
            let pairs: [(String, String)] = [
                ("title", JSON.string(s.info.title)), ("term", JSON.string(s.info.term)),
                ("timezone", JSON.string(s.info.timezone)), ("database", JSON.string(db.path)),
                ("students", String(s.enrolled)), ("dropped", String(s.dropped)),
                ("papers", String(s.papers)), ("places", String(s.places)),
                ("forms", String(s.forms)), ("assigned", String(s.assigned)), ("pinned", String(s.pinned)),
                ("deadlines", String(s.deadlines)), ("next_deadline", next),
                ("todo", JSON.array(s.todo.map(JSON.string), indent: "  ")),
            ]
            Terminal.line(JSON.object(pairs))
        case .text:
            let st = Terminal.style
            Terminal.line(st.bold("\(s.info.title)") + " — \(s.info.term)")
            Terminal.line(st.dim("\(db.path), dates in \(s.info.timezone)"))
            Terminal.line()
            func row(_ label: String, _ value: String) {
                Terminal.line("  " + label.padding(toLength: 14, withPad: " ", startingAt: 0) + value)
            }
            row("students", "\(s.enrolled) enrolled" + (s.dropped > 0 ? ", \(s.dropped) dropped" : ""))
            row("papers", "\(s.papers) (\(s.places) places)")
            row("forms", "\(s.forms) of \(s.enrolled) received")
            row("assigned", "\(s.assigned) of \(s.enrolled)" + (s.pinned > 0 ? " (\(s.pinned) pinned)" : ""))
            if let d = s.nextDeadline {
                let left = SeminarTime.describeInterval(d.due.timeIntervalSince(now))
                row("next deadline", "\(d.title ?? d.kind) — \(time.formatLocal(d.due)) (in \(left))")
            } else {
                row("next deadline", s.deadlines == 0 ? "none set" : "none ahead")
            }
            if !s.todo.isEmpty {
                Terminal.line()
                Terminal.line(st.bold("To do"))
                for t in s.todo { Terminal.line("  • " + t) }
            }
        }
    }
}
