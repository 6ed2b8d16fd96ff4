import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `schedule block STUDENT WHEN`: a time a student cannot present.
struct ScheduleBlockCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "block",
        abstract: "Record a time a student cannot present; generate and move respect it.",
        discussion: """
            WHEN is a day (2025-02-13, the whole day), days (2025-02-13/2025-02-14), or a range of times \
            (2025-02-13T09:00/2025-02-13T12:00, or 2025-02-13T09:00/12:00), in the seminar's time zone.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: ArgumentHelp("The day or range of times.", valueName: "when")) var when: String
    @Option(help: "Why, for the record (e.g. \"exam\").") var reason: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let time = info.time
        guard let range = Unavailability.parseRange(when, time: time) else {
            throw SeminarError.invalidValue(
                "'\(shown: when)' is not a day or range: write 2025-02-13, 2025-02-13/2025-02-14 or 2025-02-13T09:00/12:00 (\(time.timeZone.identifier))"
            )
        }
        if let reason, !Validation.isValidName(reason) {
            throw SeminarError.invalidValue("the reason must be one line of text")
        }
        let u = Unavailability(studentID: student, start: range.start, end: range.end, reason: reason)
        let calendar = time.calendarInZone
        let added = try db.addUnavailability(u, now: context.now)
        let name = try db.student(student).name
        Terminal.line(
            added
                ? "\(student) (\(name)) is unavailable \(u.describe(calendar: calendar))."
                : "Already recorded: \(student) is unavailable \(u.describe(calendar: calendar)).")
        if let slot = try db.presentationSlot(student: student), u.overlaps(slot.start, slot.end) {
            Terminal.warn(
                "warning: \(student)'s talk (\(time.formatLocal(slot.start))) is at that time: "
                    + "move it (seminar schedule move \(student) DATETIME) or generate the schedule again")
        }
    }
}
