import ArgumentParser

/// `attend STUDENT DAY`, `attend import FILE` and `attend excuse`: who was at the block
/// seminar, and whose absence is excused.
struct AttendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attend",
        abstract:
            "Record that a student attended a day of the block seminar, import a sign-in sheet, or excuse an absence.",
        discussion: "seminar attend STUDENT DAY is short for seminar attend record STUDENT DAY.",
        subcommands: [
            AttendRecordCommand.self, AttendImportCommand.self, AttendExcuseCommand.self, AttendUnexcuseCommand.self,
        ],
        defaultSubcommand: AttendRecordCommand.self)
}
