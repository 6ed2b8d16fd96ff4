import ArgumentParser
import SeminarCore

struct DeadlineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadline",
        abstract:
            "The term's deadlines: add, list, remove, fill in the usual timeline, export to a calendar, extend for one student.",
        subcommands: [
            DeadlineAddCommand.self, DeadlineListCommand.self, DeadlineRemoveCommand.self,
            DeadlineTemplateCommand.self, DeadlineExportCommand.self, DeadlineExtendCommand.self,
            DeadlineUnextendCommand.self,
        ])
}

extension DeadlineKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
