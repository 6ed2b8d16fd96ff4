import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `deadline extend STUDENT KIND --until DATE`: one student's own due date for a hand-in.
struct DeadlineExtendCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend", abstract: "Give one student more time for their report or slides.",
        discussion: """
            For a medical certificate and the like. From then on the student's own date counts instead of the \
            deadline: late flags (submit, submission list, student show), submission list --missing, status and \
            reminders (the reminder windows are measured from the student's date). DATE is read like \
            `deadline add` reads it (2025-01-25 is the end of that day) and must be after the deadline of that \
            kind. Extending again replaces the earlier extension; `deadline unextend` takes it back.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "report or slides.") var kind: DeadlineKind
    @Option(help: ArgumentHelp("The student's own due date, e.g. 2025-01-25 or 2025-01-25T12:00.", valueName: "date"))
    var until: String
    @Option(help: "Why, for the record (e.g. \"medical certificate\").") var reason: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        let due = try parseDate(until, in: time, what: "--until")
        let grant = try DeadlineExtensions.grant(
            student: student, kind: kind, until: due, reason: reason, in: db, time: time, now: context.now)
        let s = grant.student
        Terminal.line(
            "\(s.id) (\(s.name)) has until \(time.formatLong(due)) for the \(kind.rawValue) "
                + "(the deadline is \(time.formatLong(grant.deadline.due))).")
        if let old = grant.replaced {
            Terminal.line(
                "This replaces the earlier extension to \(time.formatLong(old.due))"
                    + (old.reason.map { " (\(shown: $0))" } ?? "") + ".")
        }
        if s.status == .dropped { Terminal.warn("warning: student \(s.id) has dropped the seminar") }
        if due < context.now { Terminal.warn("warning: that date is in the past") }
    }
}
