import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `schedule unblock STUDENT [WHEN]`: unavailable times removed.
struct ScheduleUnblockCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "unblock",
        abstract: "Remove a student's unavailable times (those overlapping WHEN, or all).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: ArgumentHelp("Only times overlapping this day or range.", valueName: "when")) var when: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var range: (start: Date, end: Date)?
        if let when {
            guard let r = Unavailability.parseRange(when, time: time) else {
                throw SeminarError.invalidValue(
                    "'\(shown: when)' is not a day or range: write 2025-02-13 or 2025-02-13T09:00/12:00")
            }
            range = r
        }
        let n = try db.removeUnavailability(student: student, overlapping: range)
        Terminal.line(
            n == 0
                ? "\(student) had no unavailable time\(when == nil ? "" : " then"); nothing changed."
                : "Removed \(n) unavailable time\(n == 1 ? "" : "s") of \(student).")
    }
}
