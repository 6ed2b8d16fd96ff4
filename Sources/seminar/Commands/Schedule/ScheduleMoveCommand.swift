import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `schedule move STUDENT DATETIME`: a talk moved by hand.
struct ScheduleMoveCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move a student's talk to another time (and room).",
        discussion:
            "Refused (exit 65, nothing changed) when the talk would overlap another talk, run into a break or lunch, leave its day's hours, double-book a room, or fall at a time the student is unavailable."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(
        help: ArgumentHelp("The new start, e.g. 2025-02-14T11:00 (the seminar's time zone).", valueName: "datetime"))
    var datetime: String
    @Option(help: "The room (default: the day's room).") var room: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let time = info.time
        if case .refused(let reason, let hint) = time.read(datetime) {
            throw SeminarError.invalidValue("'\(shown: datetime)': \(reason); \(hint)")
        }
        guard let (start, precision) = time.parse(datetime), precision == .minute else {
            throw SeminarError.invalidValue(
                "'\(shown: datetime)' is not a start time: write 2025-02-14T11:00 (\(time.timeZone.identifier))")
        }
        if let room, !Validation.isValidName(room) {
            throw SeminarError.invalidValue("the room name must not be empty")
        }
        let talk = try ScheduleEditing.move(db, student: student, to: start, room: room, time: time, now: context.now)
        let f = AgendaFormatter(title: info.title, term: info.term, time: time)
        Terminal.line(
            "Moved \(student)'s talk (\(talk.talk!.speaker)) to \(time.formatDayShort(talk.day)) \(f.span(talk)) in \(talk.room)."
        )
    }
}
