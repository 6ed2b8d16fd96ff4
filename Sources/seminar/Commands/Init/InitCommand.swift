import ArgumentParser
import Foundation
import SeminarCore
import SeminarStore

/// `seminar init`: a new seminar database.
struct InitCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new seminar database.",
        discussion: "The file is created readable by its owner only. Dates are read in --timezone.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The seminar's title, e.g. \"Theoretical Advances in Deep Learning\".")
    var title: String

    @Option(help: "The term, e.g. \"Winter 2024/25\".")
    var term: String

    @Option(help: "The IANA time zone dates are read in.")
    var timezone: String = "Europe/Berlin"

    func validate() throws {
        guard TimeZone(identifier: timezone) != nil else {
            throw ValidationError("unknown time zone '\(shown: timezone)': use an IANA name such as Europe/Berlin")
        }
        for (what, text) in [("the title", title), ("the term", term)] {
            if text.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("\(what) must not be empty") }
            if let problem = Validation.nameProblem(text, what: what) { throw ValidationError(problem) }
        }
    }

    func execute(in context: CommandContext) throws {
        let path = context.databasePath
        let db = try AppDatabase.create(path: path)
        try db.initialize(title: title, term: term, timezone: timezone, now: context.now)
        Terminal.line("Created \(path): \(title), \(term) (dates in \(timezone)).")
        Terminal.line("Next: seminar student import ROSTER.csv, seminar paper import PAPERS.csv")
    }
}
