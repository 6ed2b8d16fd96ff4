import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct GradeExportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the grade sheet, or fill the campus system's registration list.",
        discussion: """
            Without --into: the grade sheet as CSV (id, name, email, paper, one column per component, final, \
            status, note: why, e.g. talks missed without excuse), one row per graded student (--all: everyone). Cells a spreadsheet would run as a formula \
            are neutralised with a leading '. For German spreadsheet programs: --delimiter ';' --bom, and \
            --decimal-comma if grades should read 1,7.

            With --into REGISTRATION.csv: fills the grade column of the registration list the campus system \
            exported (columns found by name), keeping every other byte as it was, writes it back in place \
            (or to --output, '-' for stdout), and lists the rows it could not match. The decimal separator \
            follows the grades already in the column, else the file: ';' lists get 1,7, ',' lists get 1.7; \
            --decimal-comma or --decimal-point decide instead. Students without a grade (incomplete, \
            withdrawn, or held back by the attendance rule: see grade config --attendance) are left empty \
            and listed with the reason; with the rule at warn, students graded although they missed talks \
            are listed too.

            Moodle: --into also fills an assignment's grading worksheet (Download grading worksheet; \
            --id-column 'ID number' --grade-column Grade) or a gradebook import file (e.g. 'ID number,Report'). \
            --component report writes the report grade instead of the final one. In a worksheet the style \
            follows the Maximum grade column (5.00: 1.30, 5,00: 1,30) while the grades are empty, a row \
            without an ID number is matched by its Email address, and a Maximum grade that does not fit the \
            seminar's scale (an assignment out of 100 for grades 1.0-5.0) is refused: nothing is written.
            """)

    /// The grade sheet's field separator.
    enum Delimiter: String, ExpressibleByArgument {
        case comma = ","
        case semicolon = ";"
    }

    @OptionGroup var global: GlobalOptions
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file instead of stdout (with --into: instead of the list itself; - for stdout).",
            valueName: "file"),
        completion: .file(extensions: ["csv"]))
    var output: String?
    @Option(help: ArgumentHelp("The field separator: , or ; (grade sheet only).", valueName: "char")) var delimiter:
        Delimiter =
            .comma
    @Flag(help: "Start the file with a UTF-8 byte-order mark, so that spreadsheet programs read it as UTF-8.") var bom =
        false
    @Flag(help: "Write grades with a decimal comma (1,7).") var decimalComma = false
    @Flag(help: "Write grades with a decimal point (1.7); with --into, overrides the detected style.")
    var decimalPoint = false
    @Flag(help: "Include students without any grade yet.") var all = false
    @Flag(help: "Close the term first (as `grade close`): incomplete students fail.") var close = false
    @Option(
        help: ArgumentHelp(
            "Fill the grade column of this registration list from the campus system.", valueName: "file"),
        completion: .file(extensions: ["csv"]))
    var into: String?
    @Option(help: ArgumentHelp("With --into: the list's student id column.", valueName: "name")) var idColumn: String =
        "Matrikelnummer"
    @Option(help: ArgumentHelp("With --into: the list's grade column.", valueName: "name")) var gradeColumn: String =
        "Note"
    @Option(
        help: ArgumentHelp(
            "With --into: which grade to write: final, or a component of the seminar (report, presentation, ...).",
            valueName: "name"))
    var component: String = "final"

    func validate() throws {
        if decimalComma && decimalPoint { throw ValidationError("give --decimal-comma or --decimal-point, not both") }
        if into != nil && (bom || delimiter != .comma) {
            throw ValidationError(
                "--into keeps the list's own delimiter and encoding; --bom and --delimiter are for the grade sheet")
        }
        if into != nil && all { throw ValidationError("--all is for the grade sheet, not --into") }
        if into == nil && component.lowercased() != "final" {
            throw ValidationError(
                "--component is for --into; the grade sheet always has a column for every component")
        }
    }

    /// The list is filled in place unless --output says otherwise; the sheet goes to stdout.
    var destination: GradeExport.Destination {
        switch output {
        case "-": return .standardOutput
        case let path?: return .file(path)
        case nil: return into.map { .file($0) } ?? .standardOutput
        }
    }

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let registration = into.map {
            GradeExport.RegistrationRequest(
                list: $0, idColumn: idColumn, gradeColumn: gradeColumn,
                decimalComma: decimalComma ? true : decimalPoint ? false : nil,
                component: component.lowercased() == "final" ? nil : component)
        }
        let outcome = try GradeExport.run(
            db, sheet: .init(delimiter: Character(delimiter.rawValue), byteOrderMark: bom, decimalComma: decimalComma),
            includeUngraded: all, registration: registration, to: destination, close: close, by: context.user,
            now: context.now, print: { FileHandle.standardOutput.write($0) })
        if let fill = outcome.registration {
            printReport(fill)
        } else if case .file(let path) = destination, let students = outcome.sheetStudents {
            Terminal.say("Wrote the grade sheet of \(students) students to \(Shown.path(path)).")
        }
        if let closing = outcome.closing, !closing.alreadyClosed {
            let failed = closing.failedNow
            Terminal.warn(
                "Closed the term"
                    + (failed.isEmpty
                        ? "."
                        : ": \(failed.count) incomplete student\(failed.count == 1 ? "" : "s") now failed (\(failed.joined(separator: ", "))).")
            )
        }
    }

    /// What was filled and what the coordinator should check; on stderr when the list went to stdout.
    func printReport(_ fill: GradeExport.RegistrationFill) {
        let toStdout = destination == .standardOutput
        let say: (String) -> Void = { toStdout ? Terminal.warn($0) : Terminal.say($0) }
        let heading: (String) -> Void = { toStdout ? Terminal.warn($0) : Terminal.line(Terminal.style.bold($0)) }
        let list = fill.list
        var target = ""
        if case .file(let path) = destination { target = " → \(Shown.path(path))" }
        for note in fill.decisions { say("Decided: \(note).") }
        let others = fill.notInSeminar
        say(
            "Filled \(shown: list.columnNames[fill.gradeColumn]) with the \(fill.what) for \(fill.filled) of \(fill.rows) rows"
                + " (\(list.encoding.rawValue), '\(Character(UnicodeScalar(list.delimiter)))', \(fill.style))"
                + target + "; "
                + (others == 0
                    ? "every row is a student of this seminar."
                    : "\(others) row\(others == 1 ? "" : "s") of people not in this seminar left as \(others == 1 ? "it was" : "they were").")
        )
        let report = fill.report
        func section(_ title: String, _ lines: [RegistrationFillReport.Line]) {
            guard !lines.isEmpty else { return }
            heading(title)
            for l in lines { say("  line \(l.line): \(shown: l.id) \(shown: l.name) — \(l.detail)") }
        }
        section("Replaced (the cell held another value):", report.replaced)
        section("Matched ignoring leading zeros (check the id):", report.matchedIgnoringZeros)
        section("On the list twice (every row was filled):", report.duplicateRows)
        section("Not matched (not a student of this seminar; left as it was):", report.unmatchedRows)
        section("No grade (left empty):", report.leftEmpty)
        if !fill.missedAttendance.isEmpty {
            heading("Graded although they missed talks without excuse (check before uploading):")
            for f in fill.missedAttendance { say("  \(f.id) \(shown: fill.names[f.id] ?? "") — \(f.missed)") }
        }
        section("Rows without a grade cell (left as they were):", report.shortRows)
        if !report.notOnList.isEmpty {
            heading("Graded students missing from the list (register them in the campus system):")
            for id in report.notOnList {
                say("  \(id) \(fill.names[id] ?? "") — \(fill.entries[id]?.value ?? "")")
            }
        }
    }
}
