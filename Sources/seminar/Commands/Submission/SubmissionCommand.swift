import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

struct Submit: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Record that a student handed in their report or slides.",
        discussion: """
            With --file the file must be a PDF (it starts with %PDF-); its size and SHA-256 are kept, so \
            the exact version graded can be proven later. A submission after the deadline is marked late. \
            Submitting again records a new version; the latest counts.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "report or slides.") var kind: DeadlineKind
    @Option(help: "When it was handed in (default: now), e.g. 2025-01-16T08:30.") var at: String?
    @Option(help: "The PDF that was handed in.") var file: String?

    func execute(in context: CommandContext) throws {
        guard kind.isSubmittable else {
            throw SeminarError.invalidValue("students hand in report or slides, not '\(kind.rawValue)'")
        }
        let db = try context.database()
        let time = try db.seminarInfo().time
        let when = try at.map { raw throws(SeminarError) in try parseDate(raw, in: time, what: "--at") } ?? Date()
        var submitted: SubmittedFile?
        if let file {
            let (verdict, _) = try PDFCheck.check(path: file)
            switch verdict {
            case .notPDF(let looksLike):
                throw SeminarError.invalidInput([
                    InputError(
                        file: file, line: nil, message: "not a PDF" + (looksLike.map { ": it looks like \($0)" } ?? ""),
                        hint: "ask the student for a PDF export")
                ])
            case .pdf(let version, let complete):
                let (hex, size) = try SHA256.file(atPath: file)
                if !complete {
                    Terminal.warn(
                        "warning: \(file) does not end with %%EOF: it may be truncated (an interrupted upload?)")
                }
                submitted = SubmittedFile(
                    name: (file as NSString).lastPathComponent, size: size, sha256: hex,
                    pdfVersion: version.isEmpty ? nil : version)
            }
        }
        let (entry, replaced, dropped) = try db.submit(student: student, kind: kind, at: when, file: submitted)
        var line = "Recorded \(kind.rawValue) of \(student) (\(entry.studentName)) at \(time.formatLocal(when))"
        if let late = entry.lateBy {
            line +=
                ": LATE by \(SeminarTime.describeInterval(late)) (deadline \(time.formatLocal(entry.deadline!.due)))"
        } else if entry.deadline != nil {
            line += ", on time"
        }
        Terminal.line(line + ".")
        if let f = submitted {
            Terminal.line("File \(f.name): \(f.size) bytes, PDF \(f.pdfVersion ?? "?"), SHA-256 \(f.sha256)")
        }
        if replaced > 0 { Terminal.line("This is version \(replaced + 1); the latest counts.") }
        if dropped { Terminal.warn("warning: student \(student) has dropped the seminar") }
        if when.timeIntervalSinceNow > 60 {
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
}

struct SubmissionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submission", abstract: "What students handed in, and who is missing.",
        subcommands: [SubmissionList.self, SubmissionRemove.self])
}

struct SubmissionList: SeminarCommand {
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
        let time = try db.seminarInfo().time
        if let missing {
            guard missing.isSubmittable else {
                throw SeminarError.invalidValue(
                    "--missing takes report or slides (for preference forms: seminar prefs missing)")
            }
            var rows = RowSet(columns: ["id", "name", "email", "paper"])
            for m in try db.missingSubmissions(kind: missing) {
                rows.append([.text(m.id), .text(m.name), .text(m.email), m.paperID.cell])
            }
            output.print(rows)
            return
        }
        var rows = RowSet(columns: [
            "student", "name", "kind", "submitted", "late", "late_by", "file", "size", "sha256", "version",
        ])
        for e in try db.submissions(kind: kind) where all || !e.superseded {
            let r = e.record
            rows.append([
                .text(r.studentID), .text(e.studentName), .text(r.kind), .text(time.formatLocal(e.submittedAt)),
                .bool(e.lateBy != nil), e.lateBy.map { SeminarTime.describeInterval($0) }.cell,
                r.fileName.cell, Cell(r.fileSize), r.sha256.cell, .text(e.superseded ? "replaced" : "latest"),
            ])
        }
        output.print(rows)
    }
}

struct SubmissionRemove: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a student's submissions of a kind (recorded by mistake).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "report or slides.") var kind: DeadlineKind

    func execute(in context: CommandContext) throws {
        let n = try context.database().removeSubmissions(student: student, kind: kind)
        if n == 0 { throw SeminarError.invalidValue("student \(student) has no \(kind.rawValue) submission") }
        Terminal.line("Removed \(n) \(kind.rawValue) submission\(n == 1 ? "" : "s") of \(student).")
    }
}
