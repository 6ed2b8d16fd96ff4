import ArgumentParser
import SeminarCore
import SeminarStore

struct SubmissionListCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List submissions, or with --missing the enrolled students who have not handed in.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Option(help: "List enrolled students with no submission of this kind (report or slides).") var missing:
        DeadlineKind?
    @Option(help: "Only submissions of this kind.") var kind: DeadlineKind?
    @Flag(help: "Include earlier versions replaced by a later submission.") var all = false

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        if let missing {
            guard missing.isSubmittable else {
                throw SeminarError.invalidValue(
                    "--missing takes report or slides (for preference forms: seminar prefs missing)")
            }
            // Each student's own due date: who has an extension still has time.
            let time = try db.seminarInfo().time
            var rows = RowSet(columns: ["id", "name", "email", "paper", "due", "extended"])
            for m in try db.missingSubmissions(kind: missing) {
                rows.append([
                    .text(m.id), .text(m.name), .text(m.email), m.paperID.cell, m.due.map { time.formatLocal($0) }.cell,
                    .bool(m.extended),
                ])
            }
            output.print(rows)
            return
        }
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: [
            "student", "name", "kind", "submitted", "late", "late_by", "file", "size", "sha256", "kept", "version",
        ])
        for e in try db.submissions(kind: kind) where all || !e.superseded {
            let r = e.record
            rows.append([
                .text(r.studentID), .text(e.studentName), .text(r.kind.rawValue),
                .text(time.formatLocal(e.submittedAt)), .bool(e.lateBy != nil),
                e.lateBy.map { SeminarTime.describeInterval($0) }.cell, r.fileName.cell, Cell(r.fileSize),
                r.sha256.cell, .bool(e.kept), .text(e.superseded ? "replaced" : "latest"),
            ])
        }
        output.print(rows)
    }
}
