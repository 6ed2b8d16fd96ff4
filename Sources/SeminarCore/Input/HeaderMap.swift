import Foundation

/// Finds columns by name, case-insensitively and ignoring spaces, dashes and underscores,
/// so that `E-Mail`, `email` and `e_mail` are one column. Extra columns are ignored.
public struct HeaderMap: Sendable {
    public let names: [String]
    private let index: [String: Int]

    public init(header: CSVRecord) {
        names = header.values
        var index: [String: Int] = [:]
        for (i, name) in header.values.enumerated() {
            let key = HeaderMap.normalize(name)
            if index[key] == nil { index[key] = i }
        }
        self.index = index
    }

    public static func normalize(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The position of the first column whose name is one of `aliases`.
    public func column(_ aliases: [String]) -> Int? {
        for alias in aliases {
            if let i = index[HeaderMap.normalize(alias)] { return i }
        }
        return nil
    }

    /// The position of every column whose name is one of `aliases`, in the header's order.
    public func columns(_ aliases: [String]) -> [Int] {
        let keys = Set(aliases.map(HeaderMap.normalize))
        return names.indices.filter { keys.contains(HeaderMap.normalize(names[$0])) }
    }

    /// The position of every column whose normalized name satisfies `predicate`.
    public func columns(where predicate: (String) -> Bool) -> [Int] {
        names.indices.filter { predicate(HeaderMap.normalize(names[$0])) }
    }
}

/// A parsed table — a CSV file or one worksheet of an .xlsx — : its header and its non-blank
/// data rows. For a worksheet, a record's line is the sheet's row and a field's column the
/// sheet's column, so that errors name the cell (`form.xlsx:Sheet1!C7`).
public struct CSVTable: Sendable {
    public var file: String
    public var header: CSVRecord
    public var rows: [CSVRecord]
    public var map: HeaderMap
    public var encoding: TextEncoding
    /// The worksheet's name when the file is a spreadsheet, nil for CSV.
    public var sheet: String? = nil

    /// What the file is, for messages: `windows-1252`, `xlsx, sheet Sheet1`.
    public var formatDescription: String {
        sheet.map { "xlsx, sheet \(shown: $0)" } ?? encoding.rawValue
    }

    /// Reads a CSV file's bytes (decoded, delimiter detected from the header) or an .xlsx
    /// workbook's (recognised by its content, not its name; the first worksheet unless `sheet`
    /// names one). `file` is the name errors give.
    public static func load(data: Data, file path: String, encoding: TextEncoding? = nil, sheet: String? = nil)
        throws(SeminarError) -> CSVTable
    {
        do throws(InputError) {
            if XLSXReader.looksLikeZip(data) {
                return try parseWorkbook(data: data, file: path, sheet: sheet)
            }
            if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
                throw InputError(
                    file: path, message: "the file is an old Excel workbook (.xls) or a password-protected one",
                    hint: "save it as .xlsx without a password, or as CSV")
            }
            if let sheet {
                throw InputError(
                    file: path,
                    message:
                        "--sheet \(shown: sheet) names a worksheet, but the file is CSV text, not an .xlsx workbook",
                    hint: "leave out --sheet for a CSV file")
            }
            return try parse(data: data, file: path, encoding: encoding)
        } catch {
            throw SeminarError.invalidInput([error])
        }
    }

    /// One worksheet of an .xlsx workbook as a table: the first non-blank row is the header.
    public static func parseWorkbook(data: Data, file: String, sheet: String?) throws(InputError) -> CSVTable {
        let (name, records) = try XLSXReader.read(data, file: file, sheet: sheet)
        guard let headerIndex = records.firstIndex(where: { !$0.isBlank }) else {
            throw InputError(
                file: file, message: "the worksheet is empty", hint: "expected a header row and at least one data row",
                sheet: name)
        }
        let header = records[headerIndex]
        let rows = records[(headerIndex + 1)...].filter { !$0.isBlank }
        return CSVTable(
            file: file, header: header, rows: Array(rows), map: HeaderMap(header: header), encoding: .utf8, sheet: name)
    }

    public static func parse(data: Data, file: String, encoding: TextEncoding? = nil) throws(InputError) -> CSVTable {
        let decoded = try TextDecoding.decode(data, file: file, encoding: encoding)
        return try parse(text: decoded.text, file: file, encoding: decoded.encoding)
    }

    public static func parse(text: String, file: String, encoding: TextEncoding = .utf8) throws(InputError) -> CSVTable
    {
        // Excel's `sep=;` line, written first by exports meant for Excel, names the delimiter.
        let firstLine = text.unicodeScalars.drop { $0 == "\u{FEFF}" }.prefix { $0 != "\n" && $0 != "\r" }
        var sepLine: Character? = nil
        if firstLine.count == 5, String(String.UnicodeScalarView(firstLine.prefix(4))).lowercased() == "sep=",
            let d = firstLine.last, [",", ";", "\t", "|"].contains(d)
        {
            sepLine = Character(d)
        }
        let reader = CSVReader(delimiter: sepLine ?? CSVReader.detectDelimiter(in: text))
        var records = try reader.parse(text, file: file)
        if sepLine != nil, !records.isEmpty { records.removeFirst() }
        guard let headerIndex = records.firstIndex(where: { !$0.isBlank }) else {
            throw InputError(
                file: file, line: 1, message: "the file is empty",
                hint: "expected a header row and at least one data row")
        }
        let header = records[headerIndex]
        let rows = records[(headerIndex + 1)...].filter { !$0.isBlank }
        return CSVTable(
            file: file, header: header, rows: Array(rows), map: HeaderMap(header: header), encoding: encoding)
    }

    /// The trimmed, NFC-normalized value of a column in a row ("" when the row is short).
    public func value(_ row: CSVRecord, _ column: Int?) -> String {
        guard let column, column < row.fields.count else { return "" }
        return TextCleaning.clean(row.fields[column].value)
    }

    /// Where a cell is, for error messages (the row's start when the row is short).
    public func position(_ row: CSVRecord, _ column: Int?) -> (line: Int, column: Int) {
        guard let column, column < row.fields.count else { return (row.line, 1) }
        return (row.fields[column].line, row.fields[column].column)
    }

    public func error(_ row: CSVRecord, _ column: Int?, _ message: String, hint: String? = nil) -> InputError {
        let p = position(row, column)
        return InputError(file: file, line: p.line, column: p.column, message: message, hint: hint, sheet: sheet)
    }

    /// An error about the file as a whole, at the header row.
    public func headerError(_ message: String, hint: String? = nil) -> InputError {
        InputError(
            file: file, line: header.line, column: sheet == nil ? 1 : nil, message: message, hint: hint, sheet: sheet)
    }

    /// The column a user named (`--id-column Wer`): its exact header, then its header up to
    /// case and punctuation, then a spreadsheet letter (`C`).
    public func column(named name: String) -> Int? {
        let names = map.names
        if let i = names.firstIndex(where: { TextCleaning.clean($0) == TextCleaning.clean(name) }) { return i }
        if let i = map.column([name]) { return i }
        let letters = name.uppercased()
        if (1...3).contains(letters.count), letters.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) {
            let index = letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
            if index < names.count { return index }
        }
        return nil
    }

    /// The column `option` names, or the error that says the header has no such column.
    public func column(named name: String, option: String) throws(InputError) -> Int {
        guard let i = column(named: name) else {
            throw headerError(
                "\(option) \(shown: name): no such column in the header (\(shownNames))",
                hint: "name a column by its header or its letter")
        }
        return i
    }

    /// Where a row is, in words: `line 7`, or `Sheet1 row 7` in a workbook.
    public func place(_ row: CSVRecord) -> String {
        sheet.map { "\(shown: $0) row \(row.line)" } ?? "line \(row.line)"
    }

    /// Where a cell is, short: `7:12`, or `Sheet1!C7` in a workbook.
    public func place(_ row: CSVRecord, _ column: Int) -> String {
        let p = position(row, column)
        return sheet.map { "\(shown: $0)!\(InputError.columnLetters(column + 1))\(p.line)" } ?? "\(p.line):\(p.column)"
    }

    /// A column's name as the user sees it: `'Email Address' (B)`, with its spreadsheet letter.
    public func describeColumn(_ column: Int) -> String {
        let name = column < map.names.count ? map.names[column] : ""
        return "'\(Shown.header(name))' (\(InputError.columnLetters(column + 1)))"
    }

    /// The one column for a role (`id`, `e-mail`): the first of `aliases` the header has, as
    /// `HeaderMap.column` finds it. When more headers name the role (`id` next to
    /// `Matrikelnummer`, `E-Mail` twice), they must agree on every row — compared after
    /// `key`, the importer's own reading of a cell (trimmed; nil for a cell it cannot read,
    /// compared as written) — or the file is refused, naming both columns and the first row
    /// where they differ. When they agree, the first is used and `notes` says so.
    public func roleColumn(
        _ role: String, _ aliases: [String], notes: inout [String], key: (String) -> String? = { $0 }
    ) throws(InputError) -> Int? {
        guard let chosen = map.column(aliases) else { return nil }
        try requireAgreement(role, chosen, map.columns(aliases).filter { $0 != chosen }, notes: &notes, key: key)
        return chosen
    }

    /// Refuses the file unless every column of `others` holds what `chosen` holds on every
    /// row (see `roleColumn`); when they agree, `notes` says which column was used.
    public func requireAgreement(
        _ role: String, _ chosen: Int, _ others: [Int], notes: inout [String], key: (String) -> String? = { $0 }
    ) throws(InputError) {
        guard !others.isEmpty else { return }
        for other in others {
            for row in rows {
                let a = value(row, chosen)
                let b = value(row, other)
                if a == b || (key(a) ?? a) == (key(b) ?? b) { continue }
                throw error(
                    row, other,
                    Self.disagreement(role, describeColumn(chosen), describeColumn(other), at: place(row), a, b),
                    hint: "remove or rename one of the two columns, so that the file says the \(role) once")
            }
        }
        notes.append(
            "\(([chosen] + others).map(describeColumn).joined(separator: " and ")) \(others.count == 1 ? "both" : "all") give the \(role) "
                + "and agree on every row; used \(describeColumn(chosen))")
    }

    /// Two columns for one role holding different values in one row, in words.
    static func disagreement(
        _ role: String, _ first: String, _ other: String, at place: String, _ a: String, _ b: String
    ) -> String {
        let shown = { (v: String) in v.isEmpty ? "empty" : "'\(Shown.value(v))'" }
        return "two columns for the \(role), \(first) and \(other), differ in \(place): \(shown(a)) and \(shown(b))"
    }

    /// The header's names as a message lists them, each escaped and cut (`Shown`).
    public var shownNames: String { map.names.map { Shown.value($0) }.joined(separator: ", ") }

    public func missingColumn(_ what: String, accepted: [String]) -> InputError {
        headerError(
            "no \(what) column in the header (\(shownNames))",
            hint: "name it one of: \(accepted.joined(separator: ", "))")
    }
}

public enum TextCleaning {
    /// Trims white space and stores text composed (NFC): a name typed on macOS (decomposed
    /// ü) and one from a campus export must compare equal. ASCII, the common case, skips
    /// Foundation's slower paths.
    public static func clean(_ value: String) -> String {
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        let trimmed = String(scalars[first...last])
        return trimmed.utf8.allSatisfy({ $0 < 0x80 }) ? trimmed : trimmed.precomposedStringWithCanonicalMapping
    }
}
