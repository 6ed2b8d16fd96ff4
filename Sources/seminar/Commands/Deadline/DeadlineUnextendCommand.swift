import ArgumentParser
import SeminarApp
import SeminarCore

/// `deadline unextend STUDENT KIND`: an extension taken back.
struct DeadlineUnextendCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "unextend", abstract: "Take back a student's extension (entered by mistake).",
        discussion: "The student is measured against the deadline again: late flags, the missing list and reminders.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "report or slides.") var kind: DeadlineKind

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        let (s, removed) = try DeadlineExtensions.revoke(student: student, kind: kind, in: db)
        guard let removed else {
            Terminal.line("\(s.id) (\(s.name)) had no extension for the \(kind.rawValue); nothing changed.")
            return
        }
        Terminal.line(
            "Took back the extension of \(s.id) (\(s.name)) for the \(kind.rawValue) to \(time.formatLong(removed.due)); "
                + "the \(kind.rawValue) deadline counts again.")
    }
}
