import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `schedule blocks`: the times students cannot present.
struct ScheduleBlocksCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocks", abstract: "List the times students cannot present.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: ["student", "name", "from", "until", "when", "reason"])
        for v in try db.unavailabilityList() {
            let u = v.unavailability
            rows.append([
                .text(u.studentID), .text(v.studentName), .text(time.formatLocal(u.start)),
                .text(time.formatLocal(u.end)),
                .text(u.describe(calendar: time.calendarInZone)), Cell(u.reason),
            ])
        }
        output.print(rows)
    }
}
