import ArgumentParser

/// `attend STUDENT DAY` and `attend import FILE`: who was at the block seminar.
struct AttendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attend",
        abstract: "Record that a student attended a day of the block seminar (or import a sign-in sheet).",
        discussion: "seminar attend STUDENT DAY is short for seminar attend record STUDENT DAY.",
        subcommands: [AttendRecordCommand.self, AttendImportCommand.self],
        defaultSubcommand: AttendRecordCommand.self)
}
