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
        let form = details.formSubmittedAt.map { raw in
            SeminarTime.fromStorage(raw).map { "received \(time.formatLocal($0))" }
                ?? "received (the file gave no time)"
        }
        lines.append(("form", form ?? "none received"))
        if !details.preferences.isEmpty {
            let choices = details.preferences.enumerated().map { "\($0.offset + 1). \($0.element)" }
            lines.append(("choices", choices.joined(separator: "\n")))
        }
        if let a = details.assignment {
            lines.append(("paper", a))
        }
        for (label, value) in details.extra { lines.append((label, value)) }
        lines += HandInLines.lines(try db.handIns(student: id), time: time)
        lines += try gradeFields(db, student: id)
        Terminal.fields(lines)
    }
}
