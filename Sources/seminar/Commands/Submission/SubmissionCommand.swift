import ArgumentParser

struct SubmissionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submission", abstract: "What students handed in, and who is missing.",
        subcommands: [
            SubmissionListCommand.self, SubmissionImportCommand.self, SubmissionGetCommand.self,
            SubmissionExportCommand.self, SubmissionRemoveCommand.self,
        ])
}
