import Foundation

/// One field of a CSV record, with where it started in the file (1-based), so that
/// errors can point at it like a compiler does.
public struct CSVField: Sendable, Equatable {
    public var value: String
    public var line: Int
    public var column: Int
}

/// One record (row) of a CSV file. `line` is the line the record starts on.
public struct CSVRecord: Sendable, Equatable {
    public var fields: [CSVField]
    public var line: Int

    public var values: [String] { fields.map(\.value) }
    public var isBlank: Bool { fields.allSatisfy { $0.value.trimmingCharacters(in: .whitespaces).isEmpty } }
}

/// A small RFC 4180 reader: `""` escapes, quoted delimiters and newlines, CRLF / LF / CR,
/// a byte-order mark, `,` `;` or tab. Unlike the CSV libraries available here it reports
/// line and column, and refuses an unterminated quote instead of swallowing the rest of
/// the file.
public struct CSVReader: Sendable {
    public var delimiter: Character

    public init(delimiter: Character) {
        self.delimiter = delimiter
    }

    /// Guesses the delimiter from the header line: the most frequent of `;`, `,` and tab
    /// outside quotes. Campus systems write `;`, spreadsheets and form tools write `,`.
    public static func detectDelimiter(in text: String) -> Character {
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var inQuotes = false
        for ch in text {
            if ch == "\"" {
                inQuotes.toggle()
                continue
            }
            if !inQuotes && (ch == "\n" || ch == "\r" || ch == "\r\n") { break }
            if !inQuotes, counts[ch] != nil { counts[ch]! += 1 }
        }
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key == "," }!
        return best.value == 0 ? "," : best.key
    }

    /// Parses the whole text. Blank lines are kept as blank records (callers skip them),
    /// so that line numbers stay right. Works on Unicode scalars, not grapheme clusters:
    /// several times faster, and a CSV's structure is all ASCII.
    public func parse(_ input: String, file: String) throws(InputError) -> [CSVRecord] {
        var scalars = Substring(input).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var scanner = CSVScanner(scalars, delimiter: delimiter.unicodeScalars.first!, file: file)
        return try scanner.run()
    }
}

/// The state of one pass over a CSV text: the record and field being read, where they
/// started, and whether a quoted field is open.
struct CSVScanner {
    let delimiter: Unicode.Scalar
    let file: String
    var iterator: Substring.UnicodeScalarView.Iterator
    /// A scalar read ahead (after a quote or a CR) and not used yet.
    var pending: Unicode.Scalar? = nil
    var records: [CSVRecord] = []
    var fields: [CSVField] = []
    var field = String.UnicodeScalarView()
    var line = 1
    var column = 1
    var fieldLine = 1
    var fieldColumn = 1
    var recordLine = 1
    var inQuotes = false
    var quoteLine = 0
    var quoteColumn = 0
    var afterClosingQuote = false
    var sawAnything = false

    init(_ scalars: Substring.UnicodeScalarView, delimiter: Unicode.Scalar, file: String) {
        self.iterator = scalars.makeIterator()
        self.delimiter = delimiter
        self.file = file
    }

    mutating func next() -> Unicode.Scalar? {
        if let ch = pending {
            pending = nil
            return ch
        }
        return iterator.next()
    }

    mutating func run() throws(InputError) -> [CSVRecord] {
        while let ch = next() {
            if inQuotes {
                quoted(ch)
            } else if ch == delimiter {
                endField()
                sawAnything = true
                column += 1
                fieldLine = line
                fieldColumn = column
            } else if ch == "\n" || ch == "\r" {
                endRecord(ch)
            } else {
                try unquoted(ch)
            }
        }
        if inQuotes {
            throw InputError(
                file: file, line: quoteLine, column: quoteColumn,
                message: "a quoted field starts here and is never closed",
                hint: "close the quote, or check whether the file was cut off")
        }
        if sawAnything || !field.isEmpty || !fields.isEmpty || afterClosingQuote {
            endField()
            records.append(CSVRecord(fields: fields, line: recordLine))
        }
        return records
    }

    mutating func endField() {
        fields.append(CSVField(value: String(field), line: fieldLine, column: fieldColumn))
        field = String.UnicodeScalarView()
        afterClosingQuote = false
    }

    /// A scalar inside a quoted field: `""` is a quote, `"` closes the field, line breaks count.
    mutating func quoted(_ ch: Unicode.Scalar) {
        if ch == "\"" {
            let next = iterator.next()
            if next == "\"" {
                field.append("\"")
                column += 2
                return
            }
            inQuotes = false
            afterClosingQuote = true
            column += 1
            pending = next
            return
        }
        field.append(ch)
        if ch == "\n" {
            line += 1
            column = 1
        } else if ch == "\r" {
            // CR LF inside a quoted field is one line break.
            let next = iterator.next()
            if next == "\n" { field.append("\n") } else { pending = next }
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    /// A line break outside quotes (LF, CR or CR LF) ends the record.
    mutating func endRecord(_ ch: Unicode.Scalar) {
        if ch == "\r" {
            let next = iterator.next()
            if next != "\n" { pending = next }
        }
        endField()
        records.append(CSVRecord(fields: fields, line: recordLine))
        fields = []
        sawAnything = false
        line += 1
        column = 1
        fieldLine = line
        fieldColumn = 1
        recordLine = line
    }

    /// Any other scalar outside quotes: an opening quote at a field's start, or text.
    mutating func unquoted(_ ch: Unicode.Scalar) throws(InputError) {
        if ch == "\"" && field.isEmpty && !afterClosingQuote {
            inQuotes = true
            quoteLine = line
            quoteColumn = column
            column += 1
            return
        }
        if afterClosingQuote {
            throw InputError(
                file: file, line: line, column: column,
                message: "unexpected character after a closing quote",
                hint: "a quote inside a quoted field is written twice (\"\")")
        }
        if ch == "\0" {
            throw InputError(
                file: file, line: line, column: column,
                message: "the file contains a NUL byte: this is not a text CSV file",
                hint: "export the list as CSV (comma or semicolon separated values)")
        }
        field.append(ch)
        sawAnything = true
        column += 1
    }
}

/// Writes RFC 4180 CSV: quotes a field only when it has to.
public struct CSVWriter: Sendable {
    public var delimiter: Character
    public var lineEnding: String

    public init(delimiter: Character = ",", lineEnding: String = "\n") {
        self.delimiter = delimiter
        self.lineEnding = lineEnding
    }

    public func field(_ value: String) -> String {
        guard needsQuotes(value) else { return value }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for ch in value.unicodeScalars {
            if ch == "\"" { quoted.append(ch) }
            quoted.append(ch)
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// A delimiter, a quote, a line break or a NUL inside, a space at either end, or a
    /// byte-order mark at the start: what the reader would otherwise not give back as written
    /// (it refuses a NUL outside quotes and drops a leading U+FEFF). One pass over the bytes
    /// (`String.contains` went through NSString and cost most of a 50,000-row list); every
    /// delimiter the tool writes is ASCII, so no byte of another character can match it.
    func needsQuotes(_ value: String) -> Bool {
        let utf8 = value.utf8
        if utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ") { return true }
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { return true }
        guard let d = delimiter.asciiValue else {
            let delimiters = delimiter.unicodeScalars
            return value.unicodeScalars.contains {
                $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\0" || delimiters.contains($0)
            }
        }
        func special(_ b: UInt8) -> Bool { b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D || b == 0 || b == d }
        return utf8.withContiguousStorageIfAvailable { $0.contains(where: special) } ?? utf8.contains(where: special)
    }

    public func row(_ values: [String]) -> String {
        values.map(field).joined(separator: String(delimiter)) + lineEnding
    }

    public func document(header: [String], rows: [[String]]) -> String {
        var out = row(header)
        for r in rows { out += row(r) }
        return out
    }

    /// A cell that a spreadsheet would evaluate (=, +, -, @, tab, carriage return or line
    /// feed at the start) gets a leading apostrophe, the convention spreadsheets themselves
    /// use for "this is text". Plain decimal numbers such as `-1` or `+2.5` are left alone;
    /// anything else `Double` would accept (`-inf`, `-0x1p3`, `+1e5`) is not a number to a
    /// spreadsheet and is neutralised too.
    public static func neutralizeFormula(_ value: String) -> String {
        // Every text cell of a list CSV comes through here: one look at the first byte.
        switch value.utf8.first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D, 0x0A: return "'" + value
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return isPlainSignedDecimal(value) ? value : "'" + value
        default: return value
        }
    }

    /// `-1`, `+2.5`, `-0,5`: a sign, digits, at most one decimal separator and more digits.
    static func isPlainSignedDecimal(_ value: String) -> Bool {
        var scalars = value.unicodeScalars[...]
        guard let sign = scalars.first, sign == "-" || sign == "+" else { return false }
        scalars = scalars.dropFirst()
        let parts = String(scalars).split(separator: ".", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
    }
}
