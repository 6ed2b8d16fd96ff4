import ArgumentParser

/// `seminar assignment …`: the current matching.
struct AssignmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assignment",
        abstract: "The matching of students to papers: list, set (pin), unset, runs.",
        subcommands: [
            AssignmentListCommand.self, AssignmentSetCommand.self, AssignmentUnsetCommand.self,
            AssignmentRunsCommand.self,
        ])
}
