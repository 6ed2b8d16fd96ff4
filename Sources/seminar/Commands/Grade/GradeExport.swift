import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

struct GradeExport: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the grade sheet, or fill the campus system's registration list.",
        discussion: """
            Without --into: the grade sheet as CSV (id, name, email, paper, one column per component, final, \
            status), one row per graded student (--all: everyone). Cells a spreadsheet would run as a formula \
            are neutralised with a leading '. For German spreadsheet programs: --delimiter ';' --bom, and \
            --decimal-comma if grades should read 1,7.

            With --into REGISTRATION.csv: fills the grade column of the registration list the campus system \
            exported (columns found by name), keeping every other byte as it was, writes it back in place \
            (or to --output, '-' for stdout), and lists the rows it could not match. The decimal separator \
            follows the grades already in the column, else the file: ';' lists get 1,7, ',' lists get 1.7; \
            --decimal-comma or --decimal-point decide instead. Students without a grade (incomplete, \
            withdrawn) are left empty.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file instead of stdout (with --into: instead of the list itself; - for stdout).",
            valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("The field separator: , or ; (grade sheet only).", valueName: "char")) var delimiter:
        String = ","
    @Flag(help: "Start the file with a UTF-8 byte-order mark, so that spreadsheet programs read it as UTF-8.") var bom =
        false
    @Flag(help: "Write grades with a decimal comma (1,7).") var decimalComma = false
    @Flag(help: "Write grades with a decimal point (1.7); with --into, overrides the detected style.")
    var decimalPoint = false
    @Flag(help: "Include students without any grade yet.") var all = false
    @Flag(help: "Close the term first (as `grade close`): incomplete students fail.") var close = false
    @Option(
        help: ArgumentHelp("Fill the grade column of this registration list from the campus system.", valueName: "file")
    )
    var into: String?
    @Option(help: ArgumentHelp("With --into: the list's student id column.", valueName: "name")) var idColumn: String =
        "Matrikelnummer"
    @Option(help: ArgumentHelp("With --into: the list's grade column.", valueName: "name")) var gradeColumn: String =
        "Note"

    func validate() throws {
        guard [",", ";"].contains(delimiter) else {
            throw ValidationError("--delimiter must be , or ; (got '\(delimiter)')")
        }
        if decimalComma && decimalPoint { throw ValidationError("give --decimal-comma or --decimal-point, not both") }
        if into != nil && (bom || delimiter != ",") {
            throw ValidationError(
                "--into keeps the list's own delimiter and encoding; --bom and --delimiter are for the grade sheet")
        }
        if into != nil && all { throw ValidationError("--all is for the grade sheet, not --into") }
    }

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        // The file is made as if the term were closed, and the term is closed only once the
        // file is written: a list that cannot be read or an output that cannot be written
        // changes nothing.
        if let into { try fill(db, into) } else { try sheet(db) }
        if close {
            let r = try db.closeGrading(by: context.user)
            if !r.alreadyClosed {
                Terminal.warn(
                    "Closed the term"
                        + (r.failedNow.isEmpty
                            ? "."
                            : ": \(r.failedNow.count) incomplete student\(r.failedNow.count == 1 ? "" : "s") now failed (\(r.failedNow.joined(separator: ", "))).")
                )
            }
        }
    }

    func sheet(_ db: AppDatabase) throws {
        let policy = try db.gradingPolicy()
        let students = try db.gradedStudents(assumeClosed: close).filter { all || $0.isGraded }
        let text = GradeSheet(policy: policy, students: students)
            .csv(delimiter: Character(delimiter), byteOrderMark: bom, decimalComma: decimalComma)
        if let output, output != "-" {
            try UserFile.write(Data(text.utf8), to: output)
            Terminal.line("Wrote the grade sheet of \(students.count) students to \(output).")
        } else {
            Terminal.write(text)
        }
    }

    func fill(_ db: AppDatabase, _ path: String) throws {
        let data = try UserFile.read(path)
        let list = try RegistrationList(data: data, file: path)
        guard let idCol = list.column(named: idColumn) else {
            throw SeminarError.invalidInput([
                InputError(
                    file: path, line: list.header.line, column: 1,
                    message: "no column '\(idColumn)' in the header (\(list.columnNames.joined(separator: ", ")))",
                    hint: "name the student id column with --id-column")
            ])
        }
        guard let gradeCol = list.column(named: gradeColumn) else {
            throw SeminarError.invalidInput([
                InputError(
                    file: path, line: list.header.line, column: 1,
                    message: "no column '\(gradeColumn)' in the header (\(list.columnNames.joined(separator: ", ")))",
                    hint: "name the grade column with --grade-column")
            ])
        }
        let comma =
            decimalComma
            ? true
            : decimalPoint
                ? false
                : list.decimalCommaInUse(column: gradeCol) ?? (list.delimiter == UInt8(ascii: ";"))
        let policy = try db.gradingPolicy()
        var entries: [String: RegistrationEntry] = [:]
        var names: [String: String] = [:]
        for s in try db.gradedStudents(assumeClosed: close) {
            names[s.id] = s.name
            // Raw values as the campus system expects them: no formula neutralising here.
            if let f = s.outcome.final {
                entries[s.id] = RegistrationEntry(value: policy.scale.format(f, decimalComma: comma))
            } else {
                entries[s.id] = RegistrationEntry(
                    value: nil, reason: s.outcome.status.rawValue + (s.outcome.reason.map { ": \($0)" } ?? ""))
            }
        }
        let (filled, report) = list.fill(idColumn: idCol, gradeColumn: gradeCol, entries: entries, names: names)
        let toStdout = output == "-"
        let target = toStdout ? nil : (output ?? path)
        if let target {
            try UserFile.write(filled, to: target, privacy: .likeFile(path))
        } else {
            FileHandle.standardOutput.write(filled)
        }
        // With the list on stdout, the report goes to stderr.
        let say: (String) -> Void = { toStdout ? Terminal.warn($0) : Terminal.line($0) }
        let style = toStdout ? TerminalStyle.plain : Terminal.style
        say(
            "Filled \(list.columnNames[gradeCol]) for \(report.filled.count + report.replaced.count) of \(list.dataRecords.filter { !$0.isBlank }.count) rows"
                + " (\(list.encoding.rawValue), '\(Character(UnicodeScalar(list.delimiter)))', decimal \(comma ? "comma" : "point"))"
                + (target.map { " → \($0)" } ?? "") + ".")
        func section(_ title: String, _ lines: [RegistrationFillReport.Line]) {
            guard !lines.isEmpty else { return }
            say(style.bold(title))
            for l in lines { say("  line \(l.line): \(l.id) \(l.name) — \(l.detail)") }
        }
        section("Replaced (the cell held another value):", report.replaced)
        section("Matched ignoring leading zeros (check the id):", report.matchedIgnoringZeros)
        section("On the list twice (every row was filled):", report.duplicateRows)
        section("Not matched (not a student of this seminar; left as it was):", report.unmatchedRows)
        section("No grade (left empty):", report.leftEmpty)
        section("Rows without a grade cell (left as they were):", report.shortRows)
        if !report.notOnList.isEmpty {
            say(style.bold("Graded students missing from the list (register them in the campus system):"))
            for id in report.notOnList {
                let grade = entries[id]?.value ?? ""
                say("  \(id) \(names[id] ?? "") — \(grade)")
            }
        }
    }
}

struct GradeStatsCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "The distribution of final grades: histogram, mean, median, pass rate.")

    enum Format: String, ExpressibleByArgument { case text, json }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: text or json.") var format: Format = .text

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let policy = try db.gradingPolicy()
        let students = try db.gradedStudents()
        let stats = GradeStats(students: students, scale: policy.scale)
        let count: (GradeStatus) -> Int = { stats.counts[$0] ?? 0 }
        switch format {
        case .json:
            let bins = stats.bins.map { "{\"grade\": \(JSON.string($0.label)), \"count\": \($0.count)}" }
            Terminal.line(
                JSON.object([
                    ("students", String(students.count)),
                    ("passed", String(count(.passed))), ("failed", String(count(.failed))),
                    ("incomplete", String(count(.incomplete))), ("withdrawn", String(count(.withdrawn))),
                    ("mean", stats.mean?.tenthsDescription ?? "null"),
                    ("median", stats.median?.tenthsDescription ?? "null"),
                    ("pass_rate", stats.passRate ?? "null"),
                    ("histogram", JSON.array(bins, indent: "  ")),
                ]))
        case .text:
            let st = Terminal.style
            Terminal.line(
                st.bold("Final grades") + " (\(policy.scale.name), \(policy.rounding.rawValue); "
                    + policy.components.map { "\($0.name) \($0.weight) %" }.joined(separator: ", ") + ")")
            Terminal.line()
            let width = max(10, min(50, (Terminal.width ?? 80) - 20))
            for line in stats.histogram(width: width, style: st) { Terminal.line("  " + line) }
            Terminal.line()
            Terminal.line("  graded      \(stats.graded) (\(count(.passed)) passed, \(count(.failed)) failed)")
            if let m = stats.mean { Terminal.line("  mean        \(m.tenthsDescription)") }
            if let m = stats.median { Terminal.line("  median      \(m.tenthsDescription)") }
            if let p = stats.passRate { Terminal.line("  pass rate   \(p) %") }
            if count(.incomplete) > 0 {
                Terminal.line(
                    "  incomplete  \(count(.incomplete)) (no final grade yet: seminar grade list --status incomplete)")
            }
            if count(.withdrawn) > 0 { Terminal.line("  withdrawn   \(count(.withdrawn))") }
        }
    }
}

extension ExactMean {
    /// A mean of grades in tenths, as a grade with two decimals (`2.14`), rounded half up.
    var tenthsDescription: String {
        let hundredths = (numerator * 20 + denominator) / (2 * denominator)
        let frac = String(hundredths % 100)
        return "\(hundredths / 100)." + String(repeating: "0", count: 2 - frac.count) + frac
    }
}

struct GradeConfig: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show or change the grading rules: components and weights, scale, rounding.",
        discussion: """
            --component NAME:WEIGHT[:optional], repeatable: the components replace the current ones, and their \
            weights (whole percent) must add up to 100, e.g. --component report:30 --component presentation:60 \
            --component participation:10. An optional component that is missing is left out of the mean. \
            --scale german (default), percentage (0–100, pass mark 50 unless --pass-mark) or points (--max, \
            --pass-mark). --rounding nearest (default: the nearest grade, ties to the better one) or truncate \
            (digits after the first decimal dropped). Changes are recorded in the history; a change that \
            would orphan recorded grades is refused.
            """)

    enum ScaleName: String, ExpressibleByArgument { case german, percentage, points }

    @OptionGroup var global: GlobalOptions
    @Option(
        help: ArgumentHelp(
            "A component and its weight in percent, e.g. report:40 (repeatable).", valueName: "name:weight"))
    var component: [String] = []
    @Option(help: "The scale: german, percentage or points.") var scale: ScaleName?
    @Option(help: ArgumentHelp("Points scale: the highest score, e.g. 60.", valueName: "points")) var max: String?
    @Option(help: ArgumentHelp("Points/percentage scale: the lowest passing score.", valueName: "points")) var passMark:
        String?
    @Option(help: "How the mean becomes the final grade: nearest or truncate.") var rounding: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let current = try db.gradingPolicy()
        var policy = current
        if !component.isEmpty { policy.components = try GradingPolicy.parseComponents(component) }
        if let rounding {
            guard let rule = RoundingRule(rawValue: rounding) else {
                throw ValidationError("--rounding must be nearest or truncate")
            }
            policy.rounding = rule
        }
        func points(_ raw: String?, _ what: String) throws -> Tenths? {
            guard let raw else { return nil }
            guard let t = GradeScale.parseTenths(raw) else {
                throw SeminarError.invalidValue("\(what) '\(raw)' is not a number of points (at most one decimal)")
            }
            return t
        }
        let maxPoints = try points(max, "--max")
        let pass = try points(passMark, "--pass-mark")
        switch scale {
        case .german:
            if maxPoints != nil || pass != nil {
                throw ValidationError("--max and --pass-mark are for the points and percentage scales")
            }
            policy.scale = .german
        case .percentage:
            if maxPoints != nil {
                throw ValidationError("a percentage goes up to 100; use --scale points --max N for another maximum")
            }
            policy.scale = .points(max: 1000, pass: pass ?? 500)
        case .points:
            guard let m = maxPoints ?? { if case .points(let m, _) = current.scale { return m } else { return nil } }()
            else {
                throw ValidationError("--scale points needs --max, e.g. --max 60")
            }
            policy.scale = .points(max: m, pass: pass ?? m / 2)
        case nil:
            if case .points(let m, let p) = current.scale, maxPoints != nil || pass != nil {
                policy.scale = .points(max: maxPoints ?? m, pass: pass ?? p)
            } else if maxPoints != nil || pass != nil {
                throw ValidationError("--max and --pass-mark need --scale points or percentage")
            }
        }
        if case .points(let m, _) = policy.scale, m == 0 {
            throw SeminarError.invalidValue("--max must be more than 0 points")
        }
        if case .points(let m, let p) = policy.scale, p > m {
            throw SeminarError.invalidValue("the pass mark must be between 0 and the maximum (\(GradeScale.plain(m)))")
        }
        if policy != current {
            try db.configureGrading(policy, by: context.user)
            Terminal.line("Grading rules changed.")
        }
        Terminal.line(
            "components  "
                + policy.components.map { "\($0.name) \($0.weight) %" + ($0.required ? "" : " (optional)") }.joined(
                    separator: ", "))
        Terminal.line("scale       \(policy.scale.name)")
        Terminal.line("rounding    \(policy.rounding.rawValue)")
        let closed = try db.gradingClosedAt()
        Terminal.line(
            "term        " + (closed.map { "closed \(try! db.seminarInfo().time.formatLocal($0))" } ?? "open"))
    }
}

struct GradeClose: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close the term: students still missing a component fail.",
        discussion:
            "A missing component then counts as the worst grade (5.0, or 0 points). Recorded in the history; --reopen undoes it."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Open the term again.") var reopen = false

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        if reopen {
            Terminal.line(
                try db.reopenGrading(by: context.user)
                    ? "The term is open again: missing components leave students incomplete."
                    : "The term is not closed.")
            return
        }
        let r = try db.closeGrading(by: context.user)
        if r.alreadyClosed {
            Terminal.line("The term is already closed.")
            return
        }
        Terminal.line(
            "Closed the term."
                + (r.failedNow.isEmpty
                    ? " Nobody was incomplete."
                    : " Failed for a missing component: \(r.failedNow.joined(separator: ", ")) (\(r.failedNow.count)).")
        )
    }
}
