import ArgumentParser
import SeminarApp
import SeminarCore
import SeminarStore

struct SubmissionGetCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Write a student's kept hand-in to a file, byte for byte.",
        discussion: """
            The latest version unless --version says which (seminar submission list --all numbers them). \
            The bytes are checked against the SHA-256 recorded when the file was handed in.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "report or slides.") var kind: DeadlineKind
    @Option(help: "Which version (1 is the first hand-in).") var version: Int?
    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write.", valueName: "file")) var output: String

    func execute(in context: CommandContext) throws {
        guard kind.isSubmittable else {
            throw SeminarError.invalidValue("students hand in report or slides, not '\(kind.rawValue)'")
        }
        let db = try context.database()
        let versions = try db.submissionVersions(student: student, kind: kind)
        guard let last = versions.last else {
            throw SeminarError.invalidValue("student \(shown: student) has no \(kind.rawValue) submission")
        }
        let chosen: SubmissionVersion
        if let version {
            guard versions.indices.contains(version - 1) else {
                throw SeminarError.invalidValue(
                    "student \(shown: student) has \(versions.count) \(kind.rawValue) version\(versions.count == 1 ? "" : "s"); --version \(version) does not exist"
                )
            }
            chosen = versions[version - 1]
        } else {
            chosen = last
        }
        try SubmissionFiles.write(chosen, from: db, to: output)
        let time = try db.seminarInfo().time
        Terminal.line(
            "Wrote \(output): the \(kind.rawValue) of \(student), version \(chosen.version) of \(chosen.versions), handed in \(time.formatLocal(chosen.record.submittedAt)), \(chosen.record.fileSize ?? 0) bytes, SHA-256 \(chosen.record.sha256 ?? "")."
        )
    }
}
