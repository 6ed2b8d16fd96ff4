import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore

struct GradeCloseCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close the term: students still missing a component fail.",
        discussion:
            "A missing component then counts as the worst grade (5.0, or 0 points). Recorded in the history; --reopen undoes it."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Open the term again.") var reopen = false

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        if reopen {
            Terminal.line(
                try GradingRules.reopen(db, by: context.user, now: context.now)
                    ? "The term is open again: missing components leave students incomplete."
                    : "The term is not closed.")
            return
        }
        let r = try GradingRules.close(db, by: context.user, now: context.now)
        if r.alreadyClosed {
            Terminal.line("The term is already closed.")
            return
        }
        Terminal.line(
            "Closed the term."
                + (r.failedNow.isEmpty
                    ? " Nobody was incomplete."
                    : " Failed for a missing component: \(r.failedNow.joined(separator: ", ")) (\(r.failedNow.count)).")
        )
    }
}
