import ArgumentParser
import SeminarCore

/// `seminar prefs …`: the students' preference forms.
struct PrefsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefs",
        abstract: "The students' preference forms: import, set, list, missing.",
        subcommands: [
            PrefsImportCommand.self, PrefsSetCommand.self, PrefsListCommand.self, PrefsMissingCommand.self,
        ])
}

extension DayOrder: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument.lowercased() {
        case "mdy", "us", "month-first": self = .monthFirst
        case "dmy", "day-first": self = .dayFirst
        default: return nil
        }
    }

    public static var allValueStrings: [String] { ["mdy", "dmy"] }
}
