import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `schedule swap A B`: two talks exchanged.
struct ScheduleSwapCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "swap",
        abstract: "Exchange the times (and rooms) of two students' talks.",
        discussion:
            "Refused (exit 65, nothing changed) when either student is unavailable at the other's time or a talk would no longer fit its new slot."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "One student's id.") var first: String
    @Argument(help: "The other student's id.") var second: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let time = info.time
        let talks = try ScheduleEditing.swap(db, first, second, time: time, now: context.now)
        let f = AgendaFormatter(title: info.title, term: info.term, time: time)
        for t in talks {
            let id = t.talk!.studentID
            Terminal.line("\(id) (\(t.talk!.speaker)): \(time.formatDayShort(t.day)) \(f.span(t)) in \(t.room)")
        }
    }
}
