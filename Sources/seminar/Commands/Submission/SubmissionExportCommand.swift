import ArgumentParser
import SeminarApp
import SeminarCore
import SeminarStore

struct SubmissionExportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write every student's latest kept hand-in into a folder, for grading.",
        discussion: """
            Files are named student-paper-kind.pdf (03712845-implicit-bias-soudry18-report.pdf), so that \
            they sort by student; the folder is made if it does not exist, and a file of the same name \
            in it is replaced. Each file's bytes are checked against its recorded SHA-256.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The folder to write into.", valueName: "dir")) var folder: String
    @Option(help: "Only hand-ins of this kind (report or slides).") var kind: DeadlineKind?

    func execute(in context: CommandContext) throws {
        if let kind, !kind.isSubmittable {
            throw SeminarError.invalidValue("students hand in report or slides, not '\(kind.rawValue)'")
        }
        let db = try context.database()
        let result = try SubmissionFiles.export(from: db, kind: kind, into: folder)
        let bytes = result.written.reduce(0) { $0 + ($1.version.record.fileSize ?? 0) }
        Terminal.say(
            "Wrote \(result.written.count) file\(result.written.count == 1 ? "" : "s") (\(bytes) bytes) into \(folder)."
        )
        if !result.notKept.isEmpty {
            let names = result.notKept.map { "\($0.record.studentID) (\($0.record.kind.rawValue))" }
            Terminal.say(
                "Not kept, so not written: \(names.joined(separator: ", ")) — recorded without a file, or before seminar kept files."
            )
        }
    }
}
