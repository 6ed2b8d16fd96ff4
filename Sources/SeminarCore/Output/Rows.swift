import Foundation

/// A value in a list command's output. JSON keeps the type; CSV and tables print text.
public enum Cell: Sendable, Equatable {
    case text(String)
    case int(Int)
    case decimal(String)  // an exact decimal already formatted, e.g. a grade "1.7"
    case bool(Bool)
    case null

    public init(_ s: String?) { self = s.map { .text($0) } ?? .null }
    public init(_ n: Int?) { self = n.map { .int($0) } ?? .null }

    public var plain: String {
        switch self {
        case .text(let s): return s
        case .int(let n): return String(n)
        case .decimal(let s): return s
        case .bool(let b): return b ? "yes" : "no"
        case .null: return ""
        }
    }
}

/// What every list command prints: named columns (stable snake_case keys) and rows.
public struct RowSet: Sendable {
    public var columns: [String]
    public var rows: [[Cell]]

    public init(columns: [String], rows: [[Cell]] = []) {
        self.columns = columns
        self.rows = rows
    }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "row has \(row.count) cells, expected \(columns.count)")
        rows.append(row)
    }

    /// Coordinators open list CSVs in a spreadsheet: text that a spreadsheet would run as a
    /// formula (a student named `=HYPERLINK(…)`) gets a leading apostrophe, as in the grade
    /// sheet. Numbers, decimals and yes/no are never touched; `--format json` keeps every value
    /// as it is, for scripts.
    public func csv(delimiter: Character = ",") -> String {
        CSVWriter(delimiter: delimiter).document(
            header: columns,
            rows: rows.map { row in
                row.map { cell in
                    if case .text(let text) = cell { return CSVWriter.neutralizeFormula(text) }
                    return cell.plain
                }
            })
    }

    /// An array of objects, keys in column order, one object per line for readable diffs.
    public func json() -> String {
        if rows.isEmpty { return "[]\n" }
        let keys = columns.map { JSON.string($0) + ": " }
        let objects = rows.map { row in
            "  {" + zip(keys, row).map { $0 + JSON.value($1) }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// A table that fits `width` columns: the widest column is shortened with "…" first.
    public func table(width: Int?, style: TerminalStyle = .plain) -> String {
        // Each cell on one line, and its width in characters, counted once per cell.
        let measured = rows.map { $0.map { Self.oneLine($0.plain) } }
        let cells = measured.map { $0.map(\.text) }
        let counts = measured.map { $0.map(\.width) }
        let headers = columns.map { $0.replacingOccurrences(of: "_", with: " ") }
        var widths = headers.indices.map { i in max(headers[i].count, counts.map { $0[i] }.max() ?? 0) }
        let gap = 2  // spaces between columns
        if let width, width > 20 {
            while widths.reduce(0, +) + gap * (widths.count - 1) > width {
                guard let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 8 else {
                    break
                }
                widths[widest] -= 1
            }
        }
        // Written as bytes into one buffer, padding only before a value that follows it (so a
        // line ends without trailing spaces): a wide column pads every one of 10,000 rows, and
        // building each line as a String, then trimming it, took 0.2 s on a 30 MB table.
        var out: [UInt8] = []
        out.reserveCapacity((widths.reduce(0, +) / 2 + 2 * widths.count) * (rows.count + 1))
        func line(_ values: [String], _ counts: [Int]) {
            let start = out.count
            var pad = 0
            for i in values.indices {
                if i > 0 { pad += gap }
                if values[i].isEmpty {
                    pad += widths[i]
                    continue
                }
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: pad))
                if counts[i] <= widths[i] {
                    out.append(contentsOf: values[i].utf8)
                    pad = widths[i] - counts[i]
                } else {
                    out.append(contentsOf: values[i].prefix(max(0, widths[i] - 1)).utf8)
                    out.append(contentsOf: "…".utf8)
                    pad = 0
                }
            }
            while out.count > start, out[out.count - 1] == UInt8(ascii: " ") { out.removeLast() }
            out.append(UInt8(ascii: "\n"))
        }
        line(headers, headers.map(\.count))
        let header = style.bold(String(decoding: out.dropLast(), as: UTF8.self))
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: header.utf8)
        out.append(UInt8(ascii: "\n"))
        for (row, rowCounts) in zip(cells, counts) { line(row, rowCounts) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A cell on one table line, and its width in characters: line breaks become spaces, and
    /// other control characters and direction controls are shown escaped (`Shown`), so that a
    /// stored value cannot move the cursor, clear the screen or reverse the line. Printable
    /// ASCII (most cells) is measured in one pass over its bytes: counting characters and
    /// searching the view took 30 ms of a 10,000-row attendance table.
    static func oneLine(_ s: String) -> (text: String, width: Int) {
        let printableASCII = s.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 >= 0x7F || $0 < 0x20 }
        }
        if printableASCII == true { return (s, s.utf8.count) }
        let oneLine =
            s.utf8.contains(UInt8(ascii: "\n"))
            ? s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ") : s
        let text = Shown.text(oneLine)
        return (text, text.count)
    }
}

/// ANSI styling, used only when stdout is a terminal and NO_COLOR is not set.
public struct TerminalStyle: Sendable {
    public var enabled: Bool
    public static let plain = TerminalStyle(enabled: false)

    public init(enabled: Bool) { self.enabled = enabled }

    private func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
}

/// A minimal JSON writer that keeps key order (JSONSerialization does not).
public enum JSON {
    public static func string(_ s: String) -> String {
        // Most text needs no escape: one pass over the bytes, then one copy.
        let plain = s.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        if plain { return "\"" + s + "\"" }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    public static func value(_ cell: Cell) -> String {
        switch cell {
        case .text(let s): return string(s)
        case .int(let n): return String(n)
        case .decimal(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }

    /// An object from ordered pairs whose values are already JSON.
    public static func object(_ pairs: [(String, String)], indent: String = "") -> String {
        if pairs.isEmpty { return "{}" }
        let inner = indent + "  "
        return "{\n" + pairs.map { inner + string($0.0) + ": " + $0.1 }.joined(separator: ",\n") + "\n" + indent + "}"
    }

    public static func array(_ items: [String], indent: String = "") -> String {
        if items.isEmpty { return "[]" }
        let inner = indent + "  "
        return "[\n" + items.map { inner + $0 }.joined(separator: ",\n") + "\n" + indent + "]"
    }
}
