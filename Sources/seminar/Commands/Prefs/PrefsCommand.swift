import ArgumentParser
import Foundation
import SeminarCore
import SeminarStore

struct PrefsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefs",
        abstract: "The students' preference forms: import, set, list, missing.",
        subcommands: [PrefsImport.self, PrefsSet.self, PrefsList.self, PrefsMissing.self])
}

struct PrefsImport: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import preference forms: long format or a form export (detected from the header).",
        discussion: """
            Long format: student,paper,rank (student by id or e-mail, paper by id or title). \
            Form export (Google Forms, Microsoft Forms, LimeSurvey): a timestamp column, an e-mail and/or \
            id column, and one column per choice (1st choice, Choice 2, Preference 3, ...). A choice names \
            a paper by id or exact title; students are matched by id or e-mail (any case). When a student \
            submitted twice, the latest timestamp counts. Timestamps: 8/14/2024 10:23:45, \
            2024-08-14 10:23:45, 14.08.2024 10:23:45, read in the seminar's time zone. \
            A file with any bad row changes nothing unless --skip-invalid is given.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @Flag(help: "Import the good rows and report the bad ones instead of rejecting the file.") var skipInvalid = false
    @Flag(help: "Check the file and show what would change, without saving.") var dryRun = false
    @Argument(help: "The CSV file.") var file: String

    func execute() throws {
        let db = try global.open()
        let time = try db.seminarInfo().time
        let table = try CSVTable.load(path: file, encoding: try encoding.resolved())
        let parsed = PreferenceFormParser.parse(table, directory: try db.preferenceDirectory(), time: time)
        if !parsed.fatal.isEmpty { throw SeminarError.invalidInput(parsed.fatal) }
        if !parsed.errors.isEmpty && !skipInvalid { throw SeminarError.invalidInput(parsed.errors) }
        if parsed.forms.isEmpty {
            throw SeminarError.invalidInput(parsed.errors + [InputError(file: file, line: table.header.line, message: "no usable form in the file")])
        }
        let summary = try db.importForms(parsed.forms, source: (file as NSString).lastPathComponent, dryRun: dryRun)
        let layout = parsed.layout == .wide ? "form export" : "long format"
        Terminal.line("\(dryRun ? "Would import" : "Imported") \(file) (\(layout), \(parsed.forms.count) student\(parsed.forms.count == 1 ? "" : "s")): \(summary.description).")
        for r in parsed.resubmissions {
            let when = r.keptTimestamp.map { " of \($0)" } ?? ""
            let lines = r.droppedLines.map(String.init).joined(separator: ", ")
            Terminal.line("\(r.studentID) submitted \(r.droppedLines.count + 1) times: the latest form\(when) (line \(r.keptLine)) counts, \(r.droppedLines.count == 1 ? "line \(lines) is" : "lines \(lines) are") ignored.")
        }
        if !summary.keptNewer.isEmpty {
            Terminal.line("Kept the saved, newer form of: \(summary.keptNewer.joined(separator: ", ")).")
        }
        if !parsed.errors.isEmpty {
            Terminal.warn(parsed.errors.map(\.description).joined(separator: "\n"))
            Terminal.warn("skipped \(parsed.badLines.count) bad row\(parsed.badLines.count == 1 ? "" : "s") (--skip-invalid)")
        }
        let missing = summary.withoutForm
        if missing > 0 {
            Terminal.line("\(missing) enrolled student\(missing == 1 ? " has" : "s have") no form: seminar prefs missing")
        }
    }
}

struct PrefsSet: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set one student's ranked list by hand (first = most wanted).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "Papers by id or exact title, most wanted first.") var papers: [String]

    func execute() throws {
        let ids = try global.open().setPreferences(student: student, papers: papers)
        Terminal.line("Preferences of \(student): \(ids.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: ", ")).")
    }
}

struct PrefsList: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every choice: one row per student and rank.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute() throws {
        let db = try global.open()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: ["student", "name", "rank", "paper", "title", "submitted_at"])
        for r in try db.preferenceRows() {
            let at = SeminarTime.fromStorage(r.submittedAt).map { time.formatLocal($0, seconds: true) }
            rows.append([.text(r.studentID), .text(r.name), .int(r.rank), .text(r.paperID), .text(r.title), at.cell])
        }
        output.print(rows)
    }
}

struct PrefsMissing: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "missing", abstract: "List enrolled students who have not handed in a form, with e-mails.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute() throws {
        var rows = RowSet(columns: ["id", "name", "email"])
        for s in try global.open().studentsWithoutForm() { rows.append([.text(s.id), .text(s.name), .text(s.email)]) }
        output.print(rows)
    }
}
