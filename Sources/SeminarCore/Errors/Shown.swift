/// How a value from the user — a CSV cell, a header, a file name, an argument — is shown
/// inside a message on a terminal: never as the bytes it holds. A cell may carry an escape
/// sequence (`ESC[2J` clears the screen, `ESC]8;;…` makes a link, `ESC[8m` hides text), a
/// bell, a carriage return that overwrites the line, or a bidi control that shows the rest
/// of the line reversed; and it may be ten megabytes long.
///
/// - Control characters (C0, DEL, C1), the line and paragraph separators (U+2028, U+2029)
///   and the invisible direction controls (U+061C, U+200E, U+200F, U+202A–U+202E,
///   U+2066–U+2069) are written as escapes: `\x1b` for a code point below U+0100 (two hex
///   digits), `\u{202E}` above. Everything else, backslashes included, is shown as it is,
///   so escaping twice changes nothing.
/// - A value longer than `limit` characters (80) is cut on a character boundary and ends
///   with `…`; the count is of what is shown, escapes included.
public enum Shown {
    /// How many characters of a value a message shows.
    public static let limit = 80
    /// How many characters one line of a file's error (`InputError`) may have, at most: the
    /// net under values that were not passed through `value(_:)`.
    public static let lineLimit = 2_000

    /// A value from the user, safe to put into a message: escaped and cut at `limit`.
    public static func value(_ value: some StringProtocol, limit: Int = Shown.limit) -> String {
        var out = ""
        var count = 0
        var i = value.startIndex
        while i < value.endIndex {
            let next = value.index(after: i)
            let piece = shown(value[i])
            if count + piece.count > limit - 1 {
                // The last character may still fit: cut only when something is left out.
                if next == value.endIndex && count + piece.count <= limit { return out + piece }
                return out + "…"
            }
            out += piece
            count += piece.count
            i = next
        }
        return out
    }

    /// A file name the user typed, in a message: escaped like a value, but a long path is
    /// kept whole up to 1,000 characters.
    public static func path(_ path: some StringProtocol) -> String { value(path, limit: 1_000) }

    /// A column's header, in a message: escaped like a value, but kept whole up to 300
    /// characters, because an importer must say which column it used and a grid form's
    /// header holds a paper's whole title (`Rank the papers [Neural Tangent Kernel: …]`).
    public static func header(_ header: some StringProtocol) -> String { value(header, limit: 300) }

    /// A whole message, line by line: every character `value(_:)` escapes is escaped and line
    /// breaks are kept; with `lineLimit`, a longer line is cut with `…`. Text that went
    /// through `value(_:)` comes out unchanged. Lists of ids may make a message long: only
    /// the error about one place in a file (`InputError`) is cut.
    public static func text(_ text: String, lineLimit: Int? = nil) -> String {
        let long = lineLimit.map { text.utf8.count > $0 } ?? false
        guard long || text.unicodeScalars.contains(where: needsEscape) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in value(line, limit: lineLimit ?? Int.max) }
            .joined(separator: "\n")
    }

    /// Whether a message shows `scalar` escaped.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        Validation.isControl(scalar) || isDirectionControl(scalar)
    }

    /// The invisible controls that change the direction text is shown in: a name with U+202E
    /// (right-to-left override) shows `Mallory exe.png` as `Mallory gnp.exe`.
    public static func isDirectionControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// One scalar as a message writes it: `\x1b`, `\u{202E}`.
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value < 0x100 { return "\\x" + (hex.count < 2 ? "0" + hex : hex) }
        return "\\u{" + hex.uppercased() + "}"
    }

    /// A character as shown. A character with hundreds of combining marks shows its first few.
    static func shown(_ character: Character) -> String {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let s = scalars.first, !needsEscape(s) { return String(character) }
        var out = ""
        for s in scalars.prefix(8) {
            out += needsEscape(s) ? escape(s) : String(s)
        }
        return out
    }
}

extension DefaultStringInterpolation {
    /// `"no student with id \(shown: id)"`: the value escaped and cut, as `Shown.value` says.
    public mutating func appendInterpolation(shown value: some StringProtocol) {
        appendLiteral(Shown.value(value))
    }
}
