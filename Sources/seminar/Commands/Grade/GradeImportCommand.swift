import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct GradeImportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import grades from CSV, by student id.",
        discussion: """
            Header-driven: an id column (id, Matrikelnummer, ID number, student_id; or the e-mail address when \
            the id is empty) and one column per component (report, presentation, ...; also as Moodle's \
            gradebook writes them, Assignment: Report (Real), and German lists, Note Vortrag), in any order; \
            other columns are ignored. A file with one grade column (Moodle's grading worksheet: Grade) \
            needs --component to say which component it is. An empty cell or - leaves that grade as it is. \
            `1,3`, `1.3` and `1.30` are the same. A file with any bad row (unknown \
            student, grade off the scale, id twice) changes nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @Option(help: ArgumentHelp("The column with the student's id (header or letter).", valueName: "column"))
    var idColumn: String?
    @Option(
        help: ArgumentHelp(
            "The component the file's one grade column is (Moodle's grading worksheet: Grade).",
            valueName: "name")) var component: String?
    @Flag(help: "Check the file and show what would change, without saving.") var dryRun = false
    @Argument(help: "The grade file (CSV or .xlsx).", completion: .file(extensions: ["csv", "xlsx"])) var file: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let table = try encoding.load(file)
        let imported = try GradeEntry.importFile(
            db, table: table, idColumn: idColumn, component: component, dryRun: dryRun, by: context.user,
            now: context.now)
        let read = imported.file
        let summary = imported.result.summary
        let scale = imported.result.policy.scale
        Terminal.reading(file, table, roles: read.roles, decisions: read.decisions)
        if read.ungraded > 0 {
            Terminal.say(
                "\(read.ungraded) row\(read.ungraded == 1 ? " has" : "s have") no grade (empty or -): left as they are."
            )
        }
        Terminal.say(
            "\(dryRun ? "Would import" : "Imported") \(Shown.path(file)): \(read.rows.count) students, \(summary.description)."
        )
        for c in summary.changes {
            guard let old = c.old else { continue }
            Terminal.say(
                "  \(c.studentID) \(c.component): \(scale.format(old)) → \(c.new.map { scale.format($0) } ?? "–")")
        }
        if !dryRun && !summary.changes.isEmpty { try warnIfClosed(imported.result.closedAt, db) }
    }
}
