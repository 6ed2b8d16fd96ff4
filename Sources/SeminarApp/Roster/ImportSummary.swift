import SeminarCore

/// What an import of the roster or the catalog did (or, in a dry run, would do), by id.
public struct ImportSummary: Sendable, Equatable {
    public var added: [String] = []
    public var updated: [String] = []
    public var unchanged: [String] = []
    /// What changed for each updated record, field by field.
    public var changes: [String: [FieldChange]] = [:]
    /// Enrolled students the file does not list (kept: an export may be partial).
    public var notListed: [String] = []
    /// Rows left out with --skip-invalid because they clash with the saved data.
    public var refused: [InputError] = []

    public init() {}

    public var description: String {
        "\(added.count) added, \(updated.count) updated, \(unchanged.count) unchanged"
    }
}

/// One field an import changed: `e-mail a@x → b@x`.
public struct FieldChange: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var old: String?
    public var new: String?

    public init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }

    public var description: String { "\(field) \(shown: old ?? "–") → \(shown: new ?? "–")" }
}
