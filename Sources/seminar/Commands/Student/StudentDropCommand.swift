import ArgumentParser
import SeminarApp
import SeminarCore

struct StudentDropCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop", abstract: "Record a de-registration.",
        discussion:
            "Before the de-registration deadline the student is withdrawn (no grade); after it the course counts as failed."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String
    @Option(help: "When the student de-registered (default: now), e.g. 2024-10-28.") var on: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        let when = try on.map { raw throws(SeminarError) in try parseDate(raw, in: time, what: "--on") } ?? context.now
        let drop = try RosterEdit.drop(id, at: when, in: db, now: context.now)
        Terminal.line("Dropped \(drop.student.id) (\(drop.student.name)) on \(time.formatLocal(when)).")
        if let deadline = drop.deadline, let withdrawn = drop.withdrawn {
            let verdict =
                withdrawn
                ? "before the de-registration deadline: withdrawn, no grade"
                : "after the de-registration deadline (\(time.formatLocal(deadline))): counts as failed (5.0)"
            Terminal.line("That is \(verdict).")
        }
    }
}
