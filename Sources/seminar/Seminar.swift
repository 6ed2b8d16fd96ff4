import ArgumentParser
import Foundation
import SeminarCore

@main
struct Seminar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seminar",
        abstract: "Run a university seminar course from one SQLite file.",
        discussion: """
            The database is --db PATH, else $SEMINAR_DB, else ./seminar.db.
            Exit status: 0 success, 64 bad usage, 65 bad input data, 66 input file or \
            database cannot be opened, 74 a write failed (disk full), 75 temporary failure (try again), \
            77 the database is read-only for you, 1 anything else.
            """,
        version: SeminarCoreVersion.version,
        subcommands: [
            InitCommand.self, StatusCommand.self, BackupCommand.self,
            StudentCommand.self, PaperCommand.self, PrefsCommand.self, AssignCommand.self, AssignmentCommand.self,
            DeadlineCommand.self, SubmitCommand.self, SubmissionCommand.self, RemindCommand.self,
            ScheduleCommand.self, AttendCommand.self, AttendanceCommand.self,
            GradeCommand.self,
            ReferenceCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    static func main() {
        // Everything the tool writes holds personal data: owner-only by default.
        umask(0o077)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // --help and --version print as they are; a usage error repeats what was typed,
            // so it is shown as `Shown.text` shows every message.
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((Shown.text(message) + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }
}
