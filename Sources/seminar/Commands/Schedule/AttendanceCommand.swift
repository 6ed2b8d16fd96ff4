import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

/// `attend STUDENT DAY` and `attend import FILE`: who was at the block seminar.
struct AttendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attend",
        abstract: "Record that a student attended a day of the block seminar (or import a sign-in sheet).",
        discussion: "seminar attend STUDENT DAY is short for seminar attend record STUDENT DAY.",
        subcommands: [AttendRecord.self, AttendImport.self],
        defaultSubcommand: AttendRecord.self)
}

/// The days of the stored schedule, or an error saying there is none.
private func scheduleDays(_ db: AppDatabase) throws -> [DayDate] {
    guard let schedule = try db.storedSchedule() else {
        throw SeminarError.conflict(
            "there is no schedule yet: attendance is recorded per day of the block seminar (seminar schedule generate)")
    }
    return schedule.agenda.days.map(\.day)
}

struct AttendRecord: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record that a student attended a day: seminar attend STUDENT DAY.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: ArgumentHelp("The day, e.g. 2025-02-13.", valueName: "day")) var day: String
    @Flag(help: "Take the signature back (recorded for the wrong student or day).") var remove = false

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let days = try scheduleDays(db)
        guard let d = DayDate(day) else { throw SeminarError.invalidValue("'\(day)' is not a day: write 2025-02-13") }
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
        let added = try db.recordAttendance([AttendanceEntry(studentID: student, day: d)], source: "command line")
        Terminal.line(added > 0 ? "\(student) attended on \(d)." : "Already recorded: \(student) attended on \(d).")
    }
}

struct AttendImport: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a sign-in sheet: a CSV with a student id and a day per signature.",
        discussion: """
            Columns by name: id (id, Matrikelnummer, student_id) and day (day, date, Datum; 2025-02-13, \
            13.02.2025, or a timestamp whose date counts). Other columns (name, signature) are ignored. \
            A sheet with any bad row changes nothing; importing it twice adds nothing the second time.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @Argument(help: "The sign-in sheet CSV.") var file: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let days = try scheduleDays(db)
        let table = try encoding.load(file)
        let students = Set(try db.students().map(\.id))
        let entries = try SignInSheetParser.parse(table, students: students, days: Set(days))
        let added = try db.recordAttendance(entries, source: URL(fileURLWithPath: file).lastPathComponent)
        Terminal.line(
            "Imported \(file): \(entries.count) signature\(entries.count == 1 ? "" : "s"), \(added) new, \(entries.count - added) already recorded."
        )
    }
}

struct AttendanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attendance",
        abstract: "Who attended the block seminar, and who missed which talks.",
        subcommands: [AttendanceReportCommand.self])
}

struct AttendanceReportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Who missed which talks (attending every talk is a requirement).",
        discussion: """
            One row per enrolled student: the days they signed in, the days they missed, how many talks \
            (and whose) they missed, and whether they attended everything. Days nobody signed in on are \
            not judged yet, unless --all-days. Columns/keys: student, name, attended, missed_days, \
            missed_talks, missed_speakers, own_talk_day_missed, complete.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Flag(help: "Judge every day of the schedule, also days without any signature.") var allDays = false

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        guard let schedule = try db.storedSchedule() else {
            throw SeminarError.conflict("there is no schedule yet: run `seminar schedule generate --day DATE` first")
        }
        let students = try db.students().filter { $0.status == .enrolled }.map { (id: $0.id, name: $0.name) }
        let report = AttendanceReport(
            agenda: schedule.agenda, students: students, attendance: try db.attendanceEntries(), allDays: allDays)
        var rows = RowSet(columns: [
            "student", "name", "attended", "missed_days", "missed_talks", "missed_speakers",
            "own_talk_day_missed", "complete",
        ])
        for l in report.lines {
            rows.append([
                .text(l.studentID), .text(l.name), .text(l.attended.map(\.description).joined(separator: " ")),
                .text(l.missedDays.map(\.description).joined(separator: " ")), .int(l.missedTalks.count),
                .text(l.missedTalks.compactMap { $0.talk?.speaker }.joined(separator: "; ")),
                .bool(l.missedOwnTalkDay), .bool(l.complete),
            ])
        }
        output.print(rows)
        if output.format == .table {
            let missing = report.lines.filter { !$0.complete }
            if report.days.isEmpty {
                Terminal.warn(
                    "No attendance recorded yet (seminar attend STUDENT DAY, or seminar attend import SHEET.csv).")
            } else {
                Terminal.warn(
                    "\(missing.count) of \(report.lines.count) students missed talks on the days judged (\(report.days.map(\.description).joined(separator: ", ")))."
                )
            }
        }
    }
}
