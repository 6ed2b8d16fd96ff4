import Foundation

/// What one line of the grade history is about, as its `component` column says.
public enum GradeHistorySubject: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A component grade of one student (`report`).
    case component(String)
    /// A student's status, changed by closing or reopening the term (`status`).
    case status
    /// The grading rules, changed by `grade config` (`config`).
    case rules
    /// The term closed or opened again (`close`).
    case term
    /// An excused absence granted or withdrawn (`attendance excuse`; a space, so that no
    /// component can have that name): the value is `2025-02-14: medical certificate`.
    case excuse

    /// The stored word: `status`, `config`, `close` and `attendance excuse` are the history's
    /// own, anything else is a component's name.
    public init(_ text: String) {
        switch text {
        case "status": self = .status
        case "config": self = .rules
        case "close": self = .term
        case "attendance excuse": self = .excuse
        default: self = .component(text)
        }
    }

    public var description: String {
        switch self {
        case .component(let name): return name
        case .status: return "status"
        case .rules: return "config"
        case .term: return "close"
        case .excuse: return "attendance excuse"
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Which command made a change of the grade history.
public enum GradeChangeSource: Sendable, Hashable, Codable, CustomStringConvertible {
    case gradeSet
    /// `grade import FILE`, with the file's name (not its path).
    case gradeImport(file: String)
    case gradeConfig
    case gradeClose
    case gradeReopen
    case attendExcuse
    case attendUnexcuse
    /// Anything else an older version wrote.
    case other(String)

    static let importPrefix = "grade import "

    public init(_ text: String) {
        switch text {
        case "grade set": self = .gradeSet
        case "grade config": self = .gradeConfig
        case "grade close": self = .gradeClose
        case "grade close --reopen": self = .gradeReopen
        case "attend excuse": self = .attendExcuse
        case "attend unexcuse": self = .attendUnexcuse
        case _ where text.hasPrefix(Self.importPrefix):
            self = .gradeImport(file: String(text.dropFirst(Self.importPrefix.count)))
        default: self = .other(text)
        }
    }

    /// As stored and shown: the command line that made the change.
    public var description: String {
        switch self {
        case .gradeSet: return "grade set"
        case .gradeImport(let file): return Self.importPrefix + file
        case .gradeConfig: return "grade config"
        case .gradeClose: return "grade close"
        case .gradeReopen: return "grade close --reopen"
        case .attendExcuse: return "attend excuse"
        case .attendUnexcuse: return "attend unexcuse"
        case .other(let text): return text
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
