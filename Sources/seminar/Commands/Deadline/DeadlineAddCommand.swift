import ArgumentParser
import Foundation
import SeminarCore
import SeminarStore

struct DeadlineAddCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a deadline.",
        discussion: """
            KIND is preferences, deregistration, report, slides, presentation or other. DATE is read in the \
            seminar's time zone: 2025-01-15 means the end of that day (23:59), 2025-02-13T09:00 that minute. \
            It is stored as a UTC instant, so a daylight-saving change before it does not move it.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "preferences, deregistration, report, slides, presentation or other.") var kind: DeadlineKind
    @Argument(help: "When it is due, e.g. 2025-01-15 or 2025-02-13T09:00.") var date: String
    @Option(help: "A title for calendars and mails (default: one for the kind).") var title: String?

    func execute(in context: CommandContext) throws {
        let title = try checkedTitle()
        let db = try context.database()
        let time = try db.seminarInfo().time
        let due = try parseDate(date, in: time, what: "the date")
        switch try db.addDeadline(kind: kind, due: due, title: title, now: context.now) {
        case .duplicate(let id):
            throw SeminarError.conflict(
                "there already is a \(kind.rawValue) deadline at that time (deadline \(id)); see `seminar deadline list`"
            )
        case .added(let d):
            Terminal.line("Added deadline \(d.id): \(d.displayTitle), due \(time.formatLong(d.due)).")
        }
        if due < context.now { Terminal.warn("warning: that date is in the past") }
    }

    /// The title trimmed, or nil for the kind's own; refused when blank, too long or not one line.
    private func checkedTitle() throws(SeminarError) -> String? {
        guard let title = self.title?.trimmingCharacters(in: .whitespaces) else { return nil }
        if title.isEmpty {
            throw .invalidValue("the title is blank: give a title, or leave out --title for the kind's own")
        }
        if let problem = Validation.nameProblem(title, what: "the title") {
            throw .invalidValue(problem)
        }
        return title
    }
}
