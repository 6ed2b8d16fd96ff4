import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct PrefsImportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import preference forms: a form export in any layout (CSV or .xlsx), or the long format.",
        discussion: """
            Reads what Google Forms (download and Sheets, English and German), Microsoft Forms (.xlsx, or CSV \
            saved by Excel), LimeSurvey (question codes or full text) and Moodle write, unedited. The choices \
            are found by what the cells hold: one column per choice (cells name papers, the header gives the \
            order: 1st choice, Choice 2, rank[3], 2. Wahl), a grid with one column per paper (Rank the papers \
            [Title], cells 1st choice / 1. Wahl / Rank 1), or one ranking cell (Title A;Title B;). Long format: \
            student,paper,rank. Students are matched by id or e-mail (any case, or through an e-mail domain \
            alias); papers by id, title, or a near miss of the title (quotes, dashes, case, an [id] or \
            Author et al. YEAR label) that is reported. The command prints which column it used for what. \
            The submission time comes from the file (Timestamp, Zeitstempel, Completion time, submitdate, ...), \
            read in the seminar's time zone unless it carries an offset; when a student submitted twice, the \
            latest counts, here and against forms imported before. A file without a time column uses row \
            order, and says so. Incomplete LimeSurvey responses are skipped and named. A file with any bad \
            row changes nothing unless --skip-invalid is given.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @OptionGroup var columns: StudentColumnOptions
    @Option(help: ArgumentHelp("The column with the submission time.", valueName: "column")) var timestampColumn:
        String?
    @Option(
        help: ArgumentHelp(
            "A choice column, most wanted first (repeat it); one column of 'A;B;C' rankings also works.",
            valueName: "column")) var choiceColumn: [String] = []
    @Option(
        help: ArgumentHelp(
            "How to read 8/3/2024: mdy (US) or dmy (default: decided by the file's dates, else mdy, said).",
            valueName: "order")) var dateOrder: DayOrder?
    @Flag(help: "Import the good rows and report the bad ones instead of rejecting the file.") var skipInvalid = false
    @Flag(help: "Check the file and show what would change, without saving.") var dryRun = false
    @Argument(help: "The CSV or .xlsx file.", completion: .file(extensions: ["csv", "tsv", "txt", "xlsx"]))
    var file: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        let table = try encoding.load(file)
        let names = FormColumnNames(
            id: columns.idColumn, email: columns.emailColumn, name: columns.nameColumn, timestamp: timestampColumn,
            choices: choiceColumn, dayOrder: dateOrder)
        let parsed = PreferenceFormParser.parse(
            table, directory: try db.preferenceDirectory(), time: time, columns: names)
        if !parsed.fatal.isEmpty { throw SeminarError.invalidInput(parsed.fatal) }
        Terminal.reading(file, table, layout: parsed.layout.rawValue, roles: parsed.roles, decisions: parsed.decisions)
        for skipped in parsed.skipped { Terminal.say("Skipped: \(skipped).") }
        if !parsed.errors.isEmpty && !skipInvalid { throw SeminarError.invalidInput(parsed.errors) }
        if parsed.forms.isEmpty {
            throw SeminarError.invalidInput(parsed.errors + [table.headerError("no usable form in the file")])
        }
        let source = (file as NSString).lastPathComponent
        let summary = try FormImport.run(parsed.forms, source: source, in: db, dryRun: dryRun)
        report(summary, parsed: parsed, table: table)
    }

    func report(_ summary: FormImportSummary, parsed: ParsedForms, table: CSVTable) {
        let count = parsed.forms.count
        Terminal.say(
            "\(dryRun ? "Would import" : "Imported") \(count) form\(count == 1 ? "" : "s"): \(summary.description).")
        let word = table.sheet == nil ? "line" : "row"
        for r in parsed.resubmissions {
            let when = r.keptTimestamp.map { " of \($0)" } ?? ""
            let lines = r.droppedLines.map(String.init).joined(separator: ", ")
            let ignored = r.droppedLines.count == 1 ? "\(word) \(lines) is" : "\(word)s \(lines) are"
            Terminal.say(
                "\(r.studentID) submitted \(r.droppedLines.count + 1) times: the latest form\(when) "
                    + "(\(word) \(r.keptLine)) counts, \(ignored) ignored.")
        }
        if !summary.keptNewer.isEmpty {
            Terminal.say("Kept the saved, newer form of: \(summary.keptNewer.joined(separator: ", ")).")
        }
        if !summary.replacedWithoutTime.isEmpty {
            Terminal.say(
                "Replaced the saved form of \(summary.replacedWithoutTime.joined(separator: ", ")) although the "
                    + "file gives no time: a file imported now counts as the latest.")
        }
        Terminal.skippedRows(parsed.errors, rows: parsed.badLines.count)
        let missing = summary.withoutForm
        if missing > 0 {
            Terminal.say(
                "\(missing) enrolled student\(missing == 1 ? " has" : "s have") no form: seminar prefs missing")
        }
    }
}
