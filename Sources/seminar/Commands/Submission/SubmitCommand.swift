import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

struct SubmitCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Record that a student handed in their report or slides.",
        discussion: """
            With --file the file must be a PDF (it starts with %PDF-); it is kept in the seminar file \
            with its size and SHA-256, so the exact version graded can be shown and proven later \
            (seminar submission get). A submission after the deadline is marked late. \
            Submitting again records a new version; the latest counts.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "report or slides.") var kind: DeadlineKind
    @Option(help: "When it was handed in (default: now), e.g. 2025-01-16T08:30.") var at: String?
    @Option(help: "The PDF that was handed in.", completion: .file(extensions: ["pdf"])) var file: String?

    func execute(in context: CommandContext) throws {
        guard kind.isSubmittable else {
            throw SeminarError.invalidValue("students hand in report or slides, not '\(kind.rawValue)'")
        }
        let db = try context.database()
        let time = try db.seminarInfo().time
        let when = try at.map { raw throws(SeminarError) in try parseDate(raw, in: time, what: "--at") } ?? context.now
        let (entry, replaced, dropped) =
            if let file {
                try db.submit(student: student, kind: kind, at: when, keeping: Self.checkedPDF(file), now: context.now)
            } else {
                try db.submit(student: student, kind: kind, at: when, file: nil, now: context.now)
            }
        var line = "Recorded \(kind.rawValue) of \(student) (\(entry.studentName)) at \(time.formatLocal(when))"
        if let late = entry.lateBy, let deadline = entry.deadline {
            let own = deadline.isExtended ? "extension to" : "deadline"
            line += ": LATE by \(SeminarTime.describeInterval(late)) (\(own) \(time.formatLocal(deadline.due)))"
        } else if let deadline = entry.deadline {
            line += deadline.isExtended ? ", on time (extension to \(time.formatLocal(deadline.due)))" : ", on time"
        }
        Terminal.line(line + ".")
        if let name = entry.record.fileName, let hash = entry.record.sha256 {
            Terminal.line(
                "File \(name): \(entry.record.fileSize ?? 0) bytes, PDF \(entry.record.pdfVersion ?? "?"), SHA-256 \(hash), kept"
            )
        }
        if replaced > 0 { Terminal.line("This is version \(replaced + 1); the latest counts.") }
        if dropped { Terminal.warn("warning: student \(student) has dropped the seminar") }
        if when.timeIntervalSince(context.now) > 60 {
            Terminal.warn(
                "warning: --at \(time.formatLocal(when)) is in the future: the hand-in counts only from then (reminders still go out until that moment); a typo in the year?"
            )
        }
        if !entry.sameFileAs.isEmpty {
            Terminal.warn(
                "warning: the same file (identical SHA-256) was handed in by \(entry.sameFileAs.joined(separator: ", "))"
            )
        }
    }

    /// The hand-in file, checked to be a PDF, to keep (read as it is kept, once).
    static func checkedPDF(_ file: String) throws -> KeptFile {
        let (verdict, _) = try PDFCheck.check(path: file)
        switch verdict {
        case .notPDF(let looksLike):
            throw SeminarError.invalidInput([
                InputError(
                    file: file, line: nil, message: "not a PDF" + (looksLike.map { ": it looks like \($0)" } ?? ""),
                    hint: "ask the student for a PDF export")
            ])
        case .pdf(let version, let complete):
            if !complete {
                Terminal.warn("warning: \(file) does not end with %%EOF: it may be truncated (an interrupted upload?)")
            }
            return KeptFile(
                name: (file as NSString).lastPathComponent, pdfVersion: version.isEmpty ? nil : version,
                contents: { consume in try UserFile.stream(file, into: consume) })
        }
    }
}
