import ArgumentParser

/// `seminar paper …`: the paper catalog.
struct PaperCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paper",
        abstract: "The paper catalog: import, add, list, show.",
        subcommands: [
            PaperImportCommand.self, PaperAddCommand.self, PaperListCommand.self, PaperShowCommand.self,
        ])
}
