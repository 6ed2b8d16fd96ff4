import Foundation

/// A registration list exported by the campus system (CAMPUSonline/TUMonline style: `;`,
/// every field quoted, Windows-1252, CRLF, blank lines), read so that one column can be
/// filled in while every other byte stays exactly as it was.
///
/// The file is parsed as bytes, not as decoded text: in UTF-8 and in the single-byte
/// encodings campus systems use, `"`, `;`, `,`, CR and LF are single ASCII bytes that
/// never occur inside another character, so each field's byte range is exact and a
/// splice cannot disturb the encoding, the quoting, the line endings or a byte-order mark.
public struct RegistrationList: Sendable {
    public struct Field: Sendable, Equatable {
        /// Byte range of the whole field in the file, quotes included.
        public var start: Int
        public var end: Int
        public var quoted: Bool
        public var value: String
    }

    public struct Record: Sendable {
        public var line: Int
        public var fields: [Field]
        /// An empty line, or a row of empty fields (`;;;;` or `"";""`, as spreadsheets leave them).
        public var isBlank: Bool { fields.allSatisfy { $0.value.trimmingCharacters(in: .whitespaces).isEmpty } }

        /// The trimmed value of column `c`; empty when the row is too short or there is no such column.
        func cell(_ c: Int?) -> String {
            guard let c, c < fields.count else { return "" }
            return fields[c].value.trimmingCharacters(in: .whitespaces)
        }
    }

    public let file: String
    public let bytes: [UInt8]
    public let encoding: TextEncoding
    public let delimiter: UInt8
    public let records: [Record]
    public let headerIndex: Int

    public var header: Record { records[headerIndex] }
    public var columnNames: [String] { header.fields.map { $0.value.trimmingCharacters(in: .whitespaces) } }

    public init(data: Data, file: String) throws(InputError) {
        self.file = file
        let bytes = [UInt8](data)
        self.bytes = bytes
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw InputError(
                file: file, line: 1,
                message:
                    "the list is UTF-16; only UTF-8 and single-byte encodings (Windows-1252, Latin-1) can be filled in byte for byte",
                hint: "export the list again as CSV in UTF-8 or Windows-1252")
        }
        let decoded = try TextDecoding.decode(data, file: file)
        encoding = decoded.encoding
        let text = decoded.text.drop(while: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" })
        let detected = CSVReader.detectDelimiter(in: String(text))
        delimiter = detected.asciiValue ?? 0x2C
        records = try Self.parse(bytes, delimiter: delimiter, encoding: encoding, file: file)
        guard let h = records.firstIndex(where: { !$0.isBlank }) else {
            throw InputError(
                file: file, line: 1, message: "the registration list is empty",
                hint: "expected a header row with the id and grade columns")
        }
        headerIndex = h
    }

    static func parse(_ bytes: [UInt8], delimiter: UInt8, encoding: TextEncoding, file: String) throws(InputError)
        -> [Record]
    {
        let quote: UInt8 = 0x22
        let cr: UInt8 = 0x0D
        let lf: UInt8 = 0x0A
        var records: [Record] = []
        var fields: [Field] = []
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var recordLine = 1
        let n = bytes.count
        if i >= n { return [] }
        while true {
            // One field starting at i.
            let start = i
            var content: [UInt8] = []
            var quoted = false
            if i < n && bytes[i] == quote {
                quoted = true
                let openLine = line
                i += 1
                var closed = false
                while i < n {
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < n && bytes[i + 1] == quote {
                            content.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if b == lf || (b == cr && (i + 1 >= n || bytes[i + 1] != lf)) { line += 1 }
                    content.append(b)
                    i += 1
                }
                if !closed {
                    throw InputError(
                        file: file, line: openLine, message: "a quoted field starts on this line and is never closed",
                        hint: "the file was cut off or damaged; export it again")
                }
                // Anything between the closing quote and the delimiter is kept as it is.
                while i < n && bytes[i] != delimiter && bytes[i] != cr && bytes[i] != lf {
                    content.append(bytes[i])
                    i += 1
                }
            } else {
                while i < n && bytes[i] != delimiter && bytes[i] != cr && bytes[i] != lf {
                    content.append(bytes[i])
                    i += 1
                }
            }
            fields.append(Field(start: start, end: i, quoted: quoted, value: Self.decode(content, encoding)))
            if i < n && bytes[i] == delimiter {
                i += 1
                continue
            }
            // End of record: CRLF, LF, CR or the end of the file.
            records.append(Record(line: recordLine, fields: fields))
            fields = []
            if i >= n { break }
            if bytes[i] == cr && i + 1 < n && bytes[i + 1] == lf { i += 2 } else { i += 1 }
            line += 1
            recordLine = line
            if i >= n { break }
        }
        return records
    }

    static func decode(_ bytes: [UInt8], _ encoding: TextEncoding) -> String {
        switch encoding {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            return String(data: Data(bytes), encoding: .windowsCP1252)
                ?? String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
        case .latin1, .utf16: return String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
        }
    }

    static func encode(_ text: String, _ encoding: TextEncoding) -> [UInt8]? {
        switch encoding {
        case .utf8: return Array(text.utf8)
        default: return TextDecoding.encode(text, as: encoding).map { [UInt8]($0) }
        }
    }

    /// The column with that name (case, spaces, dashes and underscores ignored).
    public func column(named name: String) -> Int? {
        let key = HeaderMap.normalize(name)
        return columnNames.firstIndex { HeaderMap.normalize($0) == key }
    }

    /// The column with that name, when the header has it once. The same name twice is
    /// refused, naming both columns: a column that is only read (`toFill: false`, the ids)
    /// passes when the two agree on every row; a column to fill is always refused, since
    /// which of the two the campus system reads cannot be told.
    public func column(named name: String, toFill: Bool) throws(InputError) -> Int? {
        let key = HeaderMap.normalize(name)
        let all = columnNames.indices.filter { HeaderMap.normalize(columnNames[$0]) == key }
        guard let first = all.first else { return nil }
        func describe(_ c: Int) -> String { "'\(Shown.header(columnNames[c]))' (\(InputError.columnLetters(c + 1)))" }
        let hint = "remove or rename one of the two columns, so that the list has one \(shown: name) column"
        for other in all.dropFirst() {
            if toFill {
                throw InputError(
                    file: file, line: header.line, column: position(header, other),
                    message: "two columns are named \(shown: name), \(describe(first)) and \(describe(other)): "
                        + "which one to fill cannot be told",
                    hint: hint)
            }
            for r in dataRecords where !r.isBlank && r.cell(first) != r.cell(other) {
                throw InputError(
                    file: file, line: r.line, column: position(r, other),
                    message: CSVTable.disagreement(
                        Shown.value(name), describe(first), describe(other), at: "line \(r.line)", r.cell(first),
                        r.cell(other)),
                    hint: hint)
            }
        }
        return first
    }

    /// The character column where field `c` of a record starts (the record's start when
    /// it is short), for `file:line:column`.
    func position(_ record: Record, _ c: Int) -> Int? {
        guard c < record.fields.count else { return 1 }
        let start = record.fields[c].start
        var i = start
        while i > 0, bytes[i - 1] != 0x0A, bytes[i - 1] != 0x0D { i -= 1 }
        // UTF-8 continuation bytes are not characters of their own.
        let characters = bytes[i..<start].filter { encoding != .utf8 || $0 & 0xC0 != 0x80 }.count
        return characters + 1
    }

    /// Data rows: every non-blank record after the header.
    public var dataRecords: ArraySlice<Record> {
        records[(headerIndex + 1)...]
    }

    /// Whether the grades already in `column` use a decimal comma (`2,3`) or point (`2.3`);
    /// nil when the column holds no grades yet.
    public func decimalCommaInUse(column: Int) -> Bool? {
        for r in dataRecords where column < r.fields.count {
            let v = r.fields[column].value
            if v.contains(",") { return true }
            if v.contains(".") { return false }
        }
        return nil
    }
}

/// What to write for one of the seminar's students: a grade, or nothing and why.
public struct RegistrationEntry: Sendable, Equatable {
    public var value: String?
    public var reason: String?
    /// The grade written as `value`, for checks against the list's own maximum.
    public var tenths: Tenths?

    public init(value: String?, reason: String? = nil, tenths: Tenths? = nil) {
        self.value = value
        self.reason = reason
        self.tenths = tenths
    }
}

/// What filling a registration list did, for the coordinator to check before uploading.
public struct RegistrationFillReport: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var line: Int
        public var id: String
        public var name: String
        public var detail: String
    }
    /// Rows that got a grade (or already had exactly that grade).
    public var filled: [Line] = []
    /// Rows whose cell held another value, now replaced.
    public var replaced: [Line] = []
    /// Rows of students the seminar knows but has no grade for (incomplete, withdrawn): left as they were.
    public var leftEmpty: [Line] = []
    /// Rows whose id is not one of the seminar's students: left as they were.
    public var unmatchedRows: [Line] = []
    /// Rows too short to have the grade column: left as they were.
    public var shortRows: [Line] = []
    /// Graded students of the seminar who are not on the list.
    public var notOnList: [String] = []
    /// Rows whose id matched a student only once leading zeros were ignored (a spreadsheet
    /// stripped them): filled, but worth a look.
    public var matchedIgnoringZeros: [Line] = []
    /// Second and later rows of a student already on an earlier row (filled all the same).
    public var duplicateRows: [Line] = []
    /// Rows without an id, matched by their e-mail address (a decision, said as one).
    public var matchedByEmail: [Line] = []
    /// The grade each filled row holds now (written, or already there), by line.
    public var gradesByLine: [Int: Tenths] = [:]
}

extension RegistrationList {
    /// Fills `gradeColumn` for every row whose `idColumn` is one of `entries`' ids.
    /// Returns the new file (identical to the old one outside the grade cells) and a report.
    ///
    /// A row whose id cell is empty is matched by its e-mail address (`emails`: lower-cased
    /// address → id) when the list has an e-mail column (Moodle's worksheet leaves `ID number`
    /// empty for an account without one), and reported in `matchedByEmail`.
    public func fill(
        idColumn: Int, gradeColumn: Int, entries: [String: RegistrationEntry],
        names: [String: String] = [:], emails: [String: String] = [:]
    ) -> (data: Data, report: RegistrationFillReport) {
        var report = RegistrationFillReport()
        var splices: [(Field, [UInt8])] = []
        var seen: [String: Int] = [:]
        // Spreadsheets drop leading zeros of ids (03705521 → 3705521): match those too, when unambiguous.
        var byStripped: [String: [String]] = [:]
        for id in entries.keys { byStripped[Validation.numberKey(id), default: []].append(id) }
        let lastNameCol =
            column(named: "Nachname") ?? column(named: "last name") ?? column(named: "full name")
            ?? column(named: "Vollständiger Name") ?? column(named: "name")
        let firstNameCol = column(named: "Vorname") ?? column(named: "first name")
        let emailCol = emails.isEmpty ? nil : emailColumn

        for record in dataRecords where !record.isBlank {
            let rawID = record.cell(idColumn)
            let listName = [record.cell(firstNameCol), record.cell(lastNameCol)].filter { !$0.isEmpty }
                .joined(separator: " ")
            var id = rawID
            var note = ""
            if rawID.isEmpty, let emailCol, case let address = record.cell(emailCol), !address.isEmpty,
                let byMail = emails[address.lowercased()]
            {
                id = byMail
                let detail =
                    "no \(shown: columnNames[idColumn]); matched by \(shown: columnNames[emailCol]) \(shown: address)"
                note = " (\(detail))"
                report.matchedByEmail.append(.init(line: record.line, id: id, name: names[id] ?? "", detail: detail))
            } else if entries[id] == nil, let candidates = byStripped[Validation.numberKey(rawID)],
                candidates.count == 1,
                !rawID.isEmpty
            {
                id = candidates[0]
                note = " (matched \(shown: rawID) as \(id), ignoring leading zeros)"
            }
            let name = listName.isEmpty ? (names[id] ?? "") : listName
            guard let entry = entries[id] else {
                let shownID = rawID.isEmpty ? emailCol.map { record.cell($0) } ?? "" : rawID
                report.unmatchedRows.append(
                    .init(
                        line: record.line, id: shownID, name: name,
                        detail: rawID.isEmpty
                            ? "no \(shown: columnNames[idColumn]), and no student of this seminar has this e-mail"
                            : "not a student of this seminar"))
                continue
            }
            if let first = seen[id] {
                report.duplicateRows.append(
                    .init(line: record.line, id: id, name: name, detail: "also on line \(first)"))
            } else {
                seen[id] = record.line
            }
            if !rawID.isEmpty && id != rawID {
                report.matchedIgnoringZeros.append(
                    .init(line: record.line, id: id, name: name, detail: "the list has \(shown: rawID)"))
            }
            let row = RowOfList(record: record, rawID: rawID, id: id, name: name, note: note)
            if let splice = fillCell(row, gradeColumn: gradeColumn, entry: entry, report: &report) {
                splices.append(splice)
            }
        }
        report.notOnList = entries.filter { $0.value.value != nil && seen[$0.key] == nil }.map(\.key).sorted()
        return (spliced(splices), report)
    }

    /// One row of the list as matched: the id as written and as the seminar knows it.
    struct RowOfList {
        var record: Record
        var rawID: String
        var id: String
        var name: String
        /// How the id was matched, when not as written.
        var note: String
    }

    /// Decides one row's grade cell and reports it; returns the bytes to write there, or nil
    /// when the cell stays as it is.
    func fillCell(_ row: RowOfList, gradeColumn: Int, entry: RegistrationEntry, report: inout RegistrationFillReport)
        -> (Field, [UInt8])?
    {
        let (line, id, name, note) = (row.record.line, row.id, row.name, row.note)
        guard gradeColumn < row.record.fields.count else {
            report.shortRows.append(
                .init(
                    line: line, id: row.rawID, name: name,
                    detail: "the row has no \(shown: columnNames[gradeColumn]) cell"))
            return nil
        }
        let field = row.record.fields[gradeColumn]
        let old = field.value.trimmingCharacters(in: .whitespaces)
        guard let value = entry.value else {
            report.leftEmpty.append(.init(line: line, id: id, name: name, detail: (entry.reason ?? "no grade") + note))
            return nil
        }
        if let t = entry.tenths { report.gradesByLine[line] = t }
        if old == value {
            report.filled.append(.init(line: line, id: id, name: name, detail: value + note))
            return nil
        }
        guard let encoded = Self.encode(value, encoding) else {
            report.shortRows.append(
                .init(
                    line: line, id: id, name: name,
                    detail: "'\(shown: value)' cannot be written in \(encoding.rawValue)"))
            return nil
        }
        var raw = encoded
        if field.quoted || needsQuoting(value) {
            raw = [0x22] + encoded.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22]
        }
        if old.isEmpty {
            report.filled.append(.init(line: line, id: id, name: name, detail: value + note))
        } else {
            report.replaced.append(
                .init(line: line, id: id, name: name, detail: "\(shown: old) → \(shown: value)" + note))
        }
        return (field, raw)
    }

    /// The file's bytes with each field replaced by its new bytes, every other byte as it was.
    func spliced(_ splices: [(Field, [UInt8])]) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + splices.count * 4)
        var position = 0
        for (field, raw) in splices.sorted(by: { $0.0.start < $1.0.start }) {
            out.append(contentsOf: bytes[position..<field.start])
            out.append(contentsOf: raw)
            position = field.end
        }
        out.append(contentsOf: bytes[position...])
        return Data(out)
    }

    func needsQuoting(_ value: String) -> Bool {
        value.utf8.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }
    }
}
