import ArgumentParser
import SeminarCore

extension StudentStatus: ExpressibleByArgument {}

/// `seminar student …`: the roster.
struct StudentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "student",
        abstract: "The roster: import, add, list, show, drop, remove.",
        subcommands: [
            StudentImportCommand.self, StudentAddCommand.self, StudentListCommand.self, StudentShowCommand.self,
            StudentDropCommand.self, StudentUndropCommand.self, StudentRemoveCommand.self,
            StudentDomainAliasCommand.self,
        ])
}
