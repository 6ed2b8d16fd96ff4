import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

struct Init: SeminarCommand {
    static let configuration = CommandConfiguration(
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
            throw ValidationError("unknown time zone '\(timezone)': use an IANA name such as Europe/Berlin")
        }
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty, Validation.isValidName(title) else {
            throw ValidationError("the title must not be empty or contain control characters")
        }
        guard !term.trimmingCharacters(in: .whitespaces).isEmpty, Validation.isValidName(term) else {
            throw ValidationError("the term must not be empty or contain control characters")
        }
    }

    func execute(in context: CommandContext) throws {
        let path = context.databasePath
        let db = try AppDatabase.create(path: path)
        try db.initialize(title: title, term: term, timezone: timezone)
        Terminal.line("Created \(path): \(title), \(term) (dates in \(timezone)).")
        Terminal.line("Next: seminar student import ROSTER.csv, seminar paper import PAPERS.csv")
    }
}

struct Backup: SeminarCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database.",
        discussion: "Uses SQLite's online backup, so it is safe while another command writes. The copy is owner-only.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Where to write the copy (must not exist).")
    var path: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        try db.backup(to: path)
        let size = UserFile.size(of: path)
        Terminal.line("Backed up \(db.path) to \(path) (\(size / 1024) KiB).")
    }
}
