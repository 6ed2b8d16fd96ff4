import ArgumentParser
import SeminarApp
import SeminarCore
import SeminarStore

struct StudentShowCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show everything recorded about one student.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        let s = try db.student(id)
        let details = try db.studentDetails(id)
        var lines: [(String, String)] = [("id", s.id), ("name", s.name), ("email", s.email)]
        if let p = s.program { lines.append(("program", p)) }
        var status = s.status.rawValue
        if let d = s.droppedAt { status += " on \(time.formatLocal(d))" }
        lines.append(("status", status))
        let form = details.form.map { receipt in
            receipt.submittedAt.map { "received \(time.formatLocal($0))" } ?? "received (the file gave no time)"
        }
        lines.append(("form", form ?? "none received"))
        if !details.preferences.isEmpty {
            let choices = details.preferences.enumerated().map {
                "\($0.offset + 1). \($0.element.id): \($0.element.title)"
            }
            lines.append(("choices", choices.joined(separator: "\n")))
        }
        if let a = details.assignment {
            let rank = a.rank.map { " (choice \($0))" } ?? " (not on their form)"
            lines.append(("paper", "\(a.id): \(a.title)" + rank + (a.pinned ? ", pinned" : "")))
        }
        lines += HandInLines.lines(try db.handIns(student: id), time: time)
        lines += try gradeFields(db, student: id)
        Terminal.fields(lines)
    }
}
