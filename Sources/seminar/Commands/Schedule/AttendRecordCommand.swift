import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `attend STUDENT DAY`: one signature, typed in (or taken back).
struct AttendRecordCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record that a student attended a day: seminar attend STUDENT DAY.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: ArgumentHelp("The day, e.g. 2025-02-13.", valueName: "day")) var day: String
    @Flag(help: "Take the signature back (recorded for the wrong student or day).") var remove = false

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let days = try AttendanceTaking.days(db)
        guard let d = DayDate(day) else {
            throw SeminarError.invalidValue("'\(shown: day)' is not a day: write 2025-02-13")
        }
        guard days.contains(d) else {
            throw SeminarError.invalidValue(
                "\(d) is not a day of the block seminar (days: \(days.map(\.description).joined(separator: ", ")))")
        }
        if remove {
            let had = try db.removeAttendance(student: student, day: d)
            Terminal.line(
                had
                    ? "Removed \(student)'s attendance on \(d)."
                    : "\(student) had no attendance on \(d); nothing changed.")
            return
        }
        let added = try db.recordAttendance(
            [AttendanceEntry(studentID: student, day: d)], source: "command line", now: context.now)
        Terminal.line(added > 0 ? "\(student) attended on \(d)." : "Already recorded: \(student) attended on \(d).")
    }
}
