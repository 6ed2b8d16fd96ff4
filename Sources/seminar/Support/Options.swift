import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

/// `--db PATH`: shared by every command, accepted before or after the command name.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The seminar database (default: $SEMINAR_DB, else ./seminar.db).", valueName: "path"))
    var db: String?

    var databasePath: String {
        if let db, !db.isEmpty { return db }
        if let env = ProcessInfo.processInfo.environment["SEMINAR_DB"], !env.isEmpty { return env }
        return "seminar.db"
    }
}

/// `--encoding` and `--sheet`: how to read an input file. CSV text in any encoding, or an
/// .xlsx workbook (recognised by its content), on every importer.
struct EncodingOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The file's encoding: utf-8, windows-1252, latin-1, utf-16 (default: detected).", valueName: "name"))
    var encoding: String?

    @Option(help: ArgumentHelp("The worksheet of an .xlsx workbook (default: the first).", valueName: "name"))
    var sheet: String?

    func resolved() throws -> TextEncoding? {
        guard let encoding else { return nil }
        guard let e = TextEncoding(name: encoding) else {
            throw ValidationError("unknown encoding '\(shown: encoding)': use utf-8, windows-1252, latin-1 or utf-16")
        }
        return e
    }

    /// Reads FILE as a table: CSV, or the chosen worksheet of an .xlsx workbook.
    func load(_ file: String) throws -> CSVTable {
        try CSVTable.load(path: file, encoding: try resolved(), sheet: sheet)
    }
}

/// `--id-column`, `--email-column`, `--name-column`: the columns that say who a row is, when
/// the header names them in words no importer knows. A header or a spreadsheet letter.
struct StudentColumnOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The column with the student's id (header or letter).", valueName: "column"))
    var idColumn: String?
    @Option(help: ArgumentHelp("The column with the student's e-mail address.", valueName: "column")) var emailColumn:
        String?
    @Option(help: ArgumentHelp("The column with the student's full name.", valueName: "column")) var nameColumn: String?
}

enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// `--format table|csv|json`, on every list command.
struct ListFormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: ListFormat = .table

    func print(_ rows: RowSet) {
        switch format {
        case .table: Terminal.write(rows.table(width: Terminal.width, style: Terminal.style))
        case .csv: Terminal.write(rows.csv())
        case .json: Terminal.write(rows.json())
        }
    }
}

enum Terminal {
    static let isTTY = isatty(STDOUT_FILENO) == 1

    /// Colour only for a person at a terminal: not in pipes, not with NO_COLOR, not on a dumb terminal.
    static let style: TerminalStyle = {
        let env = ProcessInfo.processInfo.environment
        let noColor = env["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(enabled: isTTY && !noColor && env["TERM"] != "dumb")
    }()

    /// The terminal's width, or nil when stdout is not a terminal (no truncation in pipes).
    static var width: Int? {
        guard isTTY else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let cols = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) { return cols }
        return 80
    }

    static func write(_ s: String) {
        if s.utf8.count > 1 << 16 { widenPipe }
        var s = s
        // The bytes where they are: a 30 MB table is not copied into a Data first.
        s.withUTF8 { bytes in
            guard let start = bytes.baseAddress else { return }
            FileHandle.standardOutput.write(
                Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: start), count: bytes.count, deallocator: .none))
        }
    }

    /// A large output into a pipe (`| less`, a script reading it) goes through in 1 MiB
    /// pieces rather than the kernel's default 64 KiB: a 30 MB report otherwise waits on the
    /// reader some 500 times. Best effort; nothing changes for files and terminals.
    static let widenPipe: Void = {
        var info = stat()
        guard fstat(STDOUT_FILENO, &info) == 0, info.st_mode & S_IFMT == S_IFIFO else { return }
        #if os(Linux)
            let setPipeSize: Int32 = 1024 + 7  // F_SETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7), not imported
            _ = fcntl(STDOUT_FILENO, setPipeSize, 1 << 20)
        #endif
    }()

    static func line(_ s: String = "") { write(s + "\n") }

    /// A message line on stdout (what an import read, decided and did): safe for a terminal,
    /// whatever values it names (`Shown.text`). Data — lists, exports — goes through `line`.
    static func say(_ s: String) { line(Shown.text(s)) }

    /// `label  value` lines with the values aligned, as `show` commands print them; a value's
    /// control and direction characters shown escaped (`Shown`), its line breaks kept.
    static func fields(_ lines: [(String, String)]) {
        let width = lines.map(\.0.count).max() ?? 0
        for (label, value) in lines {
            let pad = String(repeating: " ", count: width - label.count)
            let indented = Shown.text(value).replacingOccurrences(
                of: "\n", with: "\n" + String(repeating: " ", count: width + 2))
            line(style.bold(label) + pad + "  " + indented)
        }
    }

    /// How an importer read a file: its format, one indented line per column role, then what
    /// it decided on the user's behalf.
    static func reading(
        _ file: String, _ table: CSVTable, layout: String? = nil, roles: [String], decisions: [String] = []
    ) {
        say("Reading \(Shown.path(file)) (\(table.formatDescription)\(layout.map { ", \($0)" } ?? "")):")
        for role in roles { say("  \(role)") }
        for note in decisions { say("Decided: \(note).") }
    }

    /// Bad rows left out with --skip-invalid, each named on stderr.
    static func skippedRows(_ errors: [InputError], rows: Int) {
        guard !errors.isEmpty else { return }
        warn(errors.map(\.description).joined(separator: "\n"))
        warn("skipped \(rows) bad row\(rows == 1 ? "" : "s") (--skip-invalid)")
    }

    /// A message on stderr, safe for a terminal (`Shown.text`): a bad cell's escape sequence
    /// is shown as `\x1b`, never run.
    static func warn(_ s: String) {
        FileHandle.standardError.write(Data((Shown.text(s) + "\n").utf8))
    }
}

/// What every command is handed: the database (opened when first asked for), the clock
/// (one instant for the whole command), the user who runs it (for the grade history) and the
/// terminal for output and diagnostics.
struct CommandContext {
    let options: GlobalOptions
    /// The moment the command started.
    let now: Date

    var databasePath: String { options.databasePath }

    /// The seminar in --db, migrated forward if an older version wrote it.
    func database() throws(SeminarError) -> AppDatabase {
        try AppDatabase.open(path: databasePath)
    }

    /// The login name that `grade history` records.
    var user: String { OSUser.current }
}

/// Commands implement `execute(in:)`; `run()` hands them their context and maps the tool's
/// errors to messages on stderr and sysexits statuses, so each command only says what is
/// its own. A usage error, found while parsing (`validate()`) or later (`SeminarError.usage`),
/// takes one path: ArgumentParser's, which prints it with the command's usage line (exit 64).
protocol SeminarCommand: ParsableCommand {
    var global: GlobalOptions { get }
    func execute(in context: CommandContext) throws
}

extension SeminarCommand {
    func run() throws {
        do {
            try execute(in: CommandContext(options: global, now: Date()))
        } catch SeminarError.usage(let message) {
            throw ValidationError(Shown.text(message))
        } catch let error as SeminarError {
            Terminal.warn(error.description)
            throw ExitCode(error.exitStatus.rawValue)
        } catch let error as InputError {
            Terminal.warn(SeminarError.invalidInput([error]).description)
            throw ExitCode(ExitStatus.dataError.rawValue)
        }
    }
}

extension Optional where Wrapped == String {
    var cell: Cell { Cell(self) }
}

/// Reads a date as the seminar's time zone says, or fails with a usable message.
func parseDate(_ raw: String, in time: SeminarTime, what: String) throws(SeminarError) -> Date {
    switch time.read(raw) {
    case .moment(let date, _):
        return date
    case .refused(let reason, let hint):
        throw .invalidValue("\(what) '\(shown: raw)': \(reason); \(hint)")
    case .notADate:
        throw .invalidValue(
            "\(what) '\(shown: raw)' is not a date: write 2025-01-15 (end of that day) or 2025-01-15T09:00 (\(time.timeZone.identifier))"
        )
    }
}
