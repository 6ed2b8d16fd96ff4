import ArgumentParser
import Foundation
import SeminarCore
import SeminarStore

struct GradeHistoryCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Every change to a student's grades: old, new, when, by whom.",
        discussion:
            "Changes to the grading rules (grade config, grade close) are listed too. Without STUDENT: the whole history."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Argument(help: "The student's id (default: everyone).") var student: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: ["time", "student", "component", "old", "new", "by", "source"])
        for e in try db.gradeHistory(student: student) {
            rows.append([
                .text(time.formatLocal(e.changedAt, seconds: true)), e.studentID.cell, .text(e.subject.description),
                e.oldValue.cell, e.newValue.cell, .text(e.changedBy), .text(e.source.description),
            ])
        }
        output.print(rows)
    }
}
