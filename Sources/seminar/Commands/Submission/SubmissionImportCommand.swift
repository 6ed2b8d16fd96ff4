import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct SubmissionImportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a Moodle assignment's hand-ins: its grading worksheet, and with --files its submissions zip.",
        discussion: """
            WORKSHEET is the assignment's "Download grading worksheet" CSV (English or German, as Moodle writes \
            it); its 'Last modified (submission)' time is when each student handed in, read in the seminar's \
            time zone. Students are matched by ID number, else by e-mail address (said). With --files, the \
            "Download all submissions" zip (in folders or flat) gives the files: each student's PDF is kept in \
            the seminar file (once per content, streamed), with its size and SHA-256. Online text and files \
            that are not PDFs are reported, not recorded as the hand-in; of several PDFs one is taken and the \
            choice said. Importing the same files again changes nothing; a newer upload becomes a new version. \
            A damaged zip, an entry whose name could leave a folder (../, an absolute path, a link), or a \
            worksheet naming no student of the seminar is refused (exit 65) and nothing is recorded.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @Argument(help: "Moodle's grading worksheet (CSV).", completion: .file(extensions: ["csv"])) var worksheet: String
    @Option(help: "What the Moodle assignment collected: report or slides.") var kind: DeadlineKind
    @Option(
        help: ArgumentHelp("Moodle's \"Download all submissions\" zip.", valueName: "zip"),
        completion: .file(extensions: ["zip"])) var files: String?
    @Flag(help: "Check the files and show what would be recorded, without saving.") var dryRun = false

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        let table = try encoding.load(worksheet)
        let report = try MoodleHandInImport.run(
            db: db, worksheet: table, worksheetFile: worksheet, zipPath: files, kind: kind, dryRun: dryRun,
            now: context.now)
        Terminal.reading(
            worksheet, table,
            layout: "Moodle grading worksheet, \(report.language == .german ? "German" : "English")",
            roles: ["\(report.participants) participant\(report.participants == 1 ? "" : "s")"]
                + (files.map { ["\(Shown.path($0)): \(report.zipFiles ?? 0) uploaded files"] } ?? []),
            decisions: report.decisions)
        for w in report.warnings { Terminal.warn("warning: " + w) }

        let recorded = report.recorded
        let onTime = recorded.filter { $0.result.lateBy == nil }
        let late = recorded.filter { $0.result.lateBy != nil }
        let kind = report.kind.rawValue
        Terminal.say(
            "\(kind.capitalized) hand-ins: \(onTime.count) on time, \(late.count) late, \(report.missing.count) missing, \(report.withoutPDF.count) without a PDF."
        )
        let extended = onTime.filter { $0.result.extended }
        for (who, r) in extended {
            Terminal.say(
                "  on time:       \(who.studentID) \(who.name), by their extension to \(r.due.map { time.formatLocal($0) } ?? "?")"
            )
        }
        for (who, r) in late {
            let due = r.due.map { " (due \(time.formatLocal($0))\(r.extended ? ", their extension" : ""))" } ?? ""
            Terminal.say(
                "  late:          \(who.studentID) \(who.name), by \(SeminarTime.describeInterval(r.lateBy ?? 0))\(due)"
            )
        }
        for w in report.withoutPDF {
            Terminal.say("  without a PDF: \(w.who.studentID) \(w.who.name): \(w.what.joined(separator: ", "))")
        }
        for who in report.missing { Terminal.say("  missing:       \(who.studentID) \(who.name)") }
        if !report.notInWorksheet.isEmpty {
            Terminal.say(
                "Not in the worksheet (not in the Moodle course?): "
                    + report.notInWorksheet.map { "\($0.id) \($0.name)" }.joined(separator: ", "))
        }
        if !report.unknownRows.isEmpty {
            Terminal.say(
                "Not students of this seminar, left out: "
                    + report.unknownRows.map { "Participant \($0.participant) (\($0.fullName), line \($0.line))" }
                    .joined(separator: ", "))
        }
        var new = 0
        var versions = 0
        var unchanged = 0
        var filesAdded = 0
        var older = 0
        for (_, r) in recorded {
            switch r.change {
            case .recorded(let v): if v == 1 { new += 1 } else { versions += 1 }
            case .unchanged: unchanged += 1
            case .fileAdded: filesAdded += 1
            case .older: older += 1
            }
        }
        let kept = recorded.compactMap(\.result.file).filter { !$0.existed }
        let bytes = kept.reduce(0) { $0 + $1.size }
        var parts = ["\(new) new", "\(versions) new version\(versions == 1 ? "" : "s")", "\(unchanged) unchanged"]
        if filesAdded > 0 { parts.append("\(filesAdded) given their file") }
        if older > 0 { parts.append("\(older) older than the version recorded (kept in the history)") }
        Terminal.say(
            "\(dryRun ? "Would record" : "Recorded") \(recorded.count) hand-in\(recorded.count == 1 ? "" : "s"): \(parts.joined(separator: ", ")); \(kept.count) new file\(kept.count == 1 ? "" : "s") kept (\(bytes) bytes)."
        )
        if dryRun { Terminal.say("Dry run: nothing was saved.") }
    }
}
