import Foundation

/// Exit statuses from sysexits(3), so that cron and scripts can tell failures apart.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case failure = 1
    case usage = 64  // EX_USAGE: bad command line
    case dataError = 65  // EX_DATAERR: bad input data (a file or a value)
    case noInput = 66  // EX_NOINPUT: an input file cannot be opened
    case ioError = 74  // EX_IOERR: a write failed (the disk is full)
    case tempFailure = 75  // EX_TEMPFAIL: try again later (mail server unreachable)
    case noPermission = 77  // EX_NOPERM: not allowed (the database is read-only for this user)
}

/// One problem at one place in one input file, printed like a compiler diagnostic:
/// `roster.csv:4:27: error: ... (hint)`. A message names cell values through
/// `\(shown: value)`; the description escapes whatever control character is left (`Shown.text`).
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public var hint: String?
    /// The worksheet, for a spreadsheet (.xlsx): the place is then `file:Sheet1!C7`.
    public var sheet: String?

    public init(
        file: String, line: Int? = nil, column: Int? = nil, message: String, hint: String? = nil, sheet: String? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        self.sheet = sheet
    }

    public var location: String {
        var s = file
        if let sheet {
            s += ":\(shown: sheet)"
            if let line, line > 0 { s += "!" + (column.map { InputError.columnLetters($0) } ?? "") + "\(line)" }
            return s
        }
        if let line { s += ":\(line)" }
        if let line, line > 0, let column { s += ":\(column)" }
        return s
    }

    /// Spreadsheet column letters: 1 → A, 27 → AA.
    public static func columnLetters(_ column: Int) -> String {
        var n = max(column, 1)
        var letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    public var description: String {
        var s = "\(location): error: \(message)"
        if let hint { s += " (\(hint))" }
        return Shown.text(s, lineLimit: Shown.lineLimit)
    }
}

/// Every error the tool reports, each with its message and exit status in one place. The
/// description is safe for a terminal: values are named through `\(shown: value)`, and any
/// control character left is escaped (`Shown.text`).
public enum SeminarError: Error, Sendable, CustomStringConvertible {
    /// Bad rows in an input file; the whole file was rejected.
    case invalidInput([InputError])
    /// An input file that cannot be opened or read.
    case cannotOpen(path: String, reason: String)
    /// A value on the command line that is wrong for the data (unknown id, bad date...).
    case invalidValue(String)
    /// No record of that kind with that id: what the store says, the words are said here.
    case notFound(RecordKind, id: String)
    /// The command line is wrong in a way the argument parser cannot see.
    case usage(String)
    /// No seminar database at the path.
    case noSeminar(path: String)
    /// The operation conflicts with the current state of the seminar.
    case conflict(String)
    /// Try again later (mail server unreachable, database locked for too long).
    case temporary(String)
    /// The user may not do this here (the database is read-only for them).
    case notPermitted(String)
    /// A write failed for a reason outside the data (the disk is full).
    case ioFailure(String)
    /// Something else went wrong.
    case other(String)

    public var exitStatus: ExitStatus {
        switch self {
        case .invalidInput, .invalidValue, .notFound, .conflict: return .dataError
        case .cannotOpen, .noSeminar: return .noInput
        case .usage: return .usage
        case .temporary: return .tempFailure
        case .notPermitted: return .noPermission
        case .ioFailure: return .ioError
        case .other: return .failure
        }
    }

    public var description: String { Shown.text(text) }

    private var text: String {
        switch self {
        case .invalidInput(let errors):
            let shown = errors.prefix(50).map(\.description)
            var lines = shown
            if errors.count > shown.count { lines.append("... and \(errors.count - shown.count) more") }
            if errors.count > 1 {
                lines.append("\(errors.count) problems; nothing was changed")
            } else {
                lines.append("nothing was changed")
            }
            return lines.joined(separator: "\n")
        case .cannotOpen(let path, let reason):
            return "error: cannot open \(Shown.path(path)): \(reason)"
        case .invalidValue(let message), .conflict(let message):
            return "error: \(message)"
        case .notFound(let kind, let id):
            return "error: no \(kind.rawValue) with id \(shown: id) (see `seminar \(kind.rawValue) list`)"
        case .usage(let message):
            return "error: \(message)"
        case .noSeminar(let path):
            return
                "error: no seminar at \(Shown.path(path)) (create one with `seminar init --title TITLE --term TERM`, or point --db or $SEMINAR_DB at an existing one)"
        case .temporary(let message):
            return "error: \(message) (temporary: try again later)"
        case .other(let message), .notPermitted(let message), .ioFailure(let message):
            return "error: \(message)"
        }
    }
}

/// The kinds of record an id names, as the user calls them.
public enum RecordKind: String, Sendable {
    case student, paper
}
