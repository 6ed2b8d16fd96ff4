import Foundation

/// Renders one template for many recipients quickly. A reminder run renders the same
/// template for thousands of students whose mails differ only in their own values (name,
/// id, paper, slot). The filler renders the template once for each combination of the
/// shared values and of which per-recipient values are empty (sections test exactly that),
/// with a marker in place of each per-recipient value, and then fills the markers in per
/// recipient. Mustache and the subject/body split run once per group instead of once per
/// mail; the result is the same as `ReminderTemplate.message`.
///
/// The shortcut is taken only where it cannot change the result: the template uses plain
/// variables and sections (no transforms like `uppercased(name)`, no delimiter changes),
/// and a value has no line break and no leading or trailing space (which the split would
/// treat differently once filled in). Anything else is rendered in full.
public final class TemplateFiller: @unchecked Sendable {
    public let template: ReminderTemplate
    /// The context keys that differ per recipient.
    public let perRecipient: [String]
    private let eligible: Bool
    private let lock = NSLock()
    private var groups: [[String: String]: Group] = [:]

    /// A rendered subject and body, as pieces of text and markers.
    fileprivate struct Filled {
        var subject: [Piece]
        var body: [Piece]
    }

    fileprivate enum Piece {
        case text(String)
        case value(Int)
    }

    private static let open: Character = "\u{F8FE}"
    private static let close: Character = "\u{F8FF}"

    public init(_ template: ReminderTemplate, perRecipient: [String]) {
        self.template = template
        self.perRecipient = perRecipient
        let source = template.source
        eligible =
            !source.contains(Self.open) && !source.contains(Self.close) && !source.contains("{{=")
            && !Self.hasTransform(source)
    }

    /// Subject and body for `context`, as `template.message(context)` gives them.
    public func message(_ context: [String: String]) -> (subject: String, body: String)? {
        var shared = context
        for key in perRecipient { shared.removeValue(forKey: key) }
        return message(shared: shared, values: perRecipient.map { context[$0] ?? "" })
    }

    /// Subject and body for the shared context plus the per-recipient `values` (in the order
    /// of `perRecipient`).
    public func message(shared: [String: String], values: [String]) -> (subject: String, body: String)? {
        message(in: group(shared: shared), values: values)
    }

    /// The mails that share `shared`: ask once, then fill in many (`message(in:values:)`).
    public func group(shared: [String: String]) -> Group {
        lock.lock()
        defer { lock.unlock() }
        if let group = groups[shared] { return group }
        let group = Group(shared: shared)
        groups[shared] = group
        return group
    }

    /// Subject and body for one recipient of a group.
    public func message(in group: Group, values: [String]) -> (subject: String, body: String)? {
        guard eligible, values.allSatisfy(Self.fillsInSafely) else {
            var context = group.shared
            for (key, value) in zip(perRecipient, values) { context[key] = value }
            return template.message(context)
        }
        var present = 0
        for (i, value) in values.enumerated() where !value.isEmpty { present |= 1 << i }
        guard let filled = group.filled(present: present, render: render) else { return nil }
        return (Self.fill(filled.subject, values), Self.fill(filled.body, values))
    }

    /// Mails with the same shared values; one rendering for each set of non-empty values.
    public final class Group: @unchecked Sendable {
        let shared: [String: String]
        private let lock = NSLock()
        private var byPresence: [Int: Filled?] = [:]

        init(shared: [String: String]) { self.shared = shared }

        fileprivate func filled(present: Int, render: ([String: String], Int) -> Filled?) -> Filled? {
            lock.lock()
            defer { lock.unlock() }
            if let cached = byPresence[present] { return cached }
            let filled = render(shared, present)
            byPresence[present] = filled
            return filled
        }
    }

    /// Renders the template with a marker for each per-recipient value present.
    private func render(_ shared: [String: String], present: Int) -> Filled? {
        var marked = shared
        for (i, name) in perRecipient.enumerated() where present & (1 << i) != 0 {
            marked[name] = "\(Self.open)\(i)\(Self.close)"
        }
        return template.message(marked).map { Filled(subject: Self.pieces($0.subject), body: Self.pieces($0.body)) }
    }

    /// Whether a value filled in after the split gives what rendering it would have given:
    /// no line break (`Character.isNewline`), no marker character, no space at either end.
    /// Checked over the bytes: this runs for every value of every mail.
    private static func fillsInSafely(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return true }
        // A Character is white space when its first scalar is; an ASCII scalar at the end is a
        // Character of its own (line breaks, the one exception, are refused below anyway).
        if first.properties.isWhitespace { return false }
        if last.isASCII ? last.properties.isWhitespace : value.last?.isWhitespace == true { return false }
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for b in value.utf8 {
            if (10...13).contains(b) { return false }  // LF, VT, FF, CR
            if previous == 0xC2 && b == 0x85 { return false }  // NEL
            if beforePrevious == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9) { return false }  // U+2028/9
            if beforePrevious == 0xEF && previous == 0xA3 && (b == 0xBE || b == 0xBF) { return false }  // markers
            beforePrevious = previous
            previous = b
        }
        return true
    }

    /// A tag with a transform, `{{ uppercased(name) }}`: its result depends on the value itself.
    private static func hasTransform(_ source: String) -> Bool {
        var rest = source[...]
        while let start = rest.range(of: "{{") {
            guard let end = rest[start.upperBound...].range(of: "}}") else { return false }
            if rest[start.upperBound..<end.lowerBound].contains("(") { return true }
            rest = rest[end.upperBound...]
        }
        return false
    }

    private static func pieces(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = text[...]
        while let start = rest.firstIndex(of: open), let end = rest[start...].firstIndex(of: close),
            let index = Int(rest[rest.index(after: start)..<end])
        {
            if start > rest.startIndex { pieces.append(.text(String(rest[..<start]))) }
            pieces.append(.value(index))
            rest = rest[rest.index(after: end)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }

    private static func fill(_ pieces: [Piece], _ values: [String]) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .value(let i): out += values[i]
            }
        }
        return out
    }
}
