import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads Excel workbooks (.xlsx, Office Open XML SpreadsheetML) into the same records the
/// CSV reader produces, so that every importer can take either.
///
/// The package is opened from memory and only the parts needed are inflated: the workbook,
/// its relationships, the shared strings, the styles (to tell dates from numbers) and the one
/// worksheet asked for. Every part goes through a streaming (SAX) parser; no DOM is built.
///
/// Values come out as the text a person would type into a CSV file:
/// - strings as they are (rich-text runs joined, phonetic guides dropped);
/// - numbers in their shortest form, at most 15 significant digits as Excel shows them
///   (`3705521`, `1.3`, never `1.3000000000000003`);
/// - booleans as `TRUE` / `FALSE`, errors as their text (`#N/A`);
/// - formulas as their cached result;
/// - numbers in a date or time format as `yyyy-MM-dd HH:mm:ss` wall time (no zone), a
///   date-only format holding a whole day as `yyyy-MM-dd`, a time-only format holding a time
///   of day as `HH:mm:ss`, and an elapsed-time format (`[h]:mm`) as hours `h:mm:ss`.
public enum XLSXReader {
    /// The largest part (uncompressed) the reader inflates: a guard against ZIP bombs.
    static let maximumPartSize = 200 * 1024 * 1024
    /// The largest sheet, in cells (rows × used columns), turned into records.
    static let maximumCells = 10_000_000

    /// True when the bytes are a ZIP (`PK\u{3}\u{4}`), i.e. probably an .xlsx.
    public static func looksLikeZip(_ data: Data) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    /// The worksheet names in workbook order (hidden sheets included).
    public static func sheetNames(_ data: Data, file: String) throws(InputError) -> [String] {
        let package = try XLSXPackage(data: data, file: file)
        return try XLSXWorkbook(package: package).sheets.map(\.name)
    }

    /// Reads one worksheet (the first in workbook order when `sheet` is nil) as records.
    ///
    /// - `record.line` is the sheet's row number (1-based, as Excel shows it); `field.column`
    ///   is the column number (A = 1) and `field.line` the row number.
    /// - Every record has fields for columns 1...lastUsedColumn of the sheet, where the last
    ///   used column is the last one holding a value; empty cells are `""`.
    /// - Rows that do not exist in the XML are left out (blank rows need no record). Rows that
    ///   exist but hold no value become blank records, as blank lines do in a CSV file.
    /// - Merged cells: the top-left value is repeated into every cell of the range, so that a
    ///   header merged across several columns names each of them. A merged range that reaches
    ///   into rows missing from the XML adds records for them (they do hold that value).
    /// - `sheet` matches a sheet name exactly, or else ignoring case, as Excel does.
    /// - Dates are returned as the wall time they show, which the caller reads in the seminar's zone.
    public static func read(_ data: Data, file: String, sheet: String?)
        throws(InputError) -> (sheet: String, records: [CSVRecord])
    {
        let package = try XLSXPackage(data: data, file: file)
        let workbook = try XLSXWorkbook(package: package)
        let chosen = try workbook.sheet(named: sheet, file: file)
        let path: String
        switch chosen.part {
        case .worksheet(let worksheet):
            path = worksheet
        case .other:
            throw InputError(
                file: file, message: "sheet \"\(shown: chosen.name)\" is a chart or dialog sheet, not a worksheet",
                hint: "choose a sheet that holds a table")
        case .missing:
            throw InputError(
                file: file, message: "the file is not a valid .xlsx: sheet \"\(shown: chosen.name)\" has no part",
                hint: "save it again from Excel, or export as CSV")
        }
        var strings: [String] = []
        if let path = workbook.sharedStringsPath, let data = try package.part(path) {
            strings = try SharedStringsHandler.parse(data, part: path, file: file)
        }
        var styles = XLSXStyles(dateKinds: [])
        if let path = workbook.stylesPath, let data = try package.part(path) {
            styles = try StylesHandler.parse(data, part: path, file: file)
        }
        let sheetData = try package.requiredPart(path)
        let handler = SheetHandler(
            strings: strings, styles: styles, date1904: workbook.date1904, file: file, part: path)
        try handler.run(sheetData, part: path, file: file)
        return (chosen.name, try handler.makeRecords())
    }

    /// The A1-style name of a cell: `"C7"` for column 3, row 7.
    public static func cellName(column: Int, row: Int) -> String {
        columnName(column) + String(row)
    }

    /// `A` for 1, `Z` for 26, `AA` for 27 (bijective base 26).
    static func columnName(_ column: Int) -> String {
        var n = column
        var letters: [Character] = []
        while n > 0 {
            let digit = (n - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + digit))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// Parses an A1-style reference (`"C7"`, `"$C$7"`) into column and row numbers.
    static func parseCellReference<S: StringProtocol>(_ reference: S) -> (column: Int, row: Int)? {
        var column = 0
        var row = 0
        var sawDigit = false
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "$"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where !sawDigit:
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where !sawDigit:
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where column > 0:
                sawDigit = true
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
            default:
                return nil
            }
            if column > maximumColumn || row > maximumRow { return nil }
        }
        return sawDigit && row > 0 ? (column, row) : nil
    }

    static let maximumColumn = 16_384
    static let maximumRow = 1_048_576

    static func damagedZip(_ file: String) -> InputError {
        InputError(
            file: file, message: "the file is not a valid .xlsx (a damaged ZIP)",
            hint: "save it again from Excel, or export as CSV")
    }
}

// MARK: - The ZIP package

/// The parts of an .xlsx package, read from memory.
struct XLSXPackage {
    private let zip: ZIPDirectory
    /// Entries by lowercased path: part names in a package are case-insensitive.
    private let entries: [String: ZIPDirectory.Entry]
    let file: String

    init(data: Data, file: String) throws(InputError) {
        self.file = file
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw InputError(
                file: file, message: "the file is password-protected or an old .xls",
                hint: "save it as .xlsx without a password, or as CSV")
        }
        guard XLSXReader.looksLikeZip(data) else { throw XLSXReader.damagedZip(file) }
        do {
            zip = try ZIPDirectory(data: data)
        } catch {
            throw XLSXReader.damagedZip(file)
        }
        var entries: [String: ZIPDirectory.Entry] = [:]
        for entry in zip.entries where !entry.path.hasSuffix("/") {
            let key = entry.path.lowercased()
            if entries[key] == nil { entries[key] = entry }
        }
        self.entries = entries
    }

    /// The bytes of a part, or nil when the package has no such part. A part larger than
    /// `limit` uncompressed is refused, by its declared size and by what comes out.
    func part(_ path: String, limit: Int = XLSXReader.maximumPartSize) throws(InputError) -> Data? {
        guard let entry = entries[path.lowercased()] else { return nil }
        guard entry.uncompressedSize <= limit else { throw tooLarge(path) }
        do {
            return try zip.contents(of: entry, limit: limit)
        } catch is ZIPDirectory.TooLarge {
            throw tooLarge(path)
        } catch {
            throw XLSXReader.damagedZip(file)
        }
    }

    /// The bytes of a part the workbook cannot do without.
    func requiredPart(_ path: String) throws(InputError) -> Data {
        guard let data = try part(path) else {
            throw InputError(
                file: file, message: "the file is not a valid .xlsx: the part \(shown: path) is missing",
                hint: "save it again from Excel, or export as CSV")
        }
        return data
    }

    private func tooLarge(_ path: String) -> InputError {
        InputError(
            file: file,
            message:
                "the part \(shown: path) is larger than \(XLSXReader.maximumPartSize >> 20) MB uncompressed; refusing to read it",
            hint: "a damaged or malicious file? export the sheet as CSV")
    }
}

// MARK: - The workbook

/// What the workbook part and its relationships say: the sheets, where their parts are, the
/// date system, and where the shared strings and styles are.
struct XLSXWorkbook {
    struct Sheet {
        enum Part {
            /// The path of a worksheet part.
            case worksheet(String)
            /// A chart sheet, dialog sheet or macro sheet.
            case other
            /// No relationship for the sheet's `r:id`.
            case missing
        }

        var name: String
        var part: Part
    }

    var sheets: [Sheet]
    var date1904: Bool
    var sharedStringsPath: String?
    var stylesPath: String?

    init(package: XLSXPackage) throws(InputError) {
        let file = package.file
        // The package relationships name the workbook part; it is xl/workbook.xml in practice.
        var workbookPath = "xl/workbook.xml"
        if let rootRels = try package.part("_rels/.rels") {
            let rels = try RelationshipsHandler.parse(rootRels, part: "_rels/.rels", file: file, base: "")
            if let main = rels.first(where: { $0.type.hasSuffix("/officeDocument") }) { workbookPath = main.target }
        }
        let directory = XLSXWorkbook.directory(of: workbookPath)
        let fileName = workbookPath.split(separator: "/").last.map(String.init) ?? workbookPath
        let relsPath = XLSXWorkbook.resolve("_rels/\(fileName).rels", base: directory)

        let workbook = try WorkbookHandler.parse(try package.requiredPart(workbookPath), part: workbookPath, file: file)
        let rels = try RelationshipsHandler.parse(
            try package.requiredPart(relsPath), part: relsPath, file: file, base: directory)
        let byID = Dictionary(rels.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        sheets = workbook.sheets.map { sheet in
            guard let rel = byID[sheet.relationshipID] else { return Sheet(name: sheet.name, part: .missing) }
            return Sheet(name: sheet.name, part: rel.type.hasSuffix("/worksheet") ? .worksheet(rel.target) : .other)
        }
        date1904 = workbook.date1904
        sharedStringsPath = rels.first { $0.type.hasSuffix("/sharedStrings") }?.target
        stylesPath = rels.first { $0.type.hasSuffix("/styles") }?.target
    }

    /// The sheet asked for: the first when `name` is nil, else by exact name, else ignoring case.
    func sheet(named name: String?, file: String) throws(InputError) -> Sheet {
        guard let first = sheets.first else {
            throw InputError(
                file: file, message: "the workbook has no sheets", hint: "save it again from Excel, or export as CSV")
        }
        guard let name else { return first }
        if let exact = sheets.first(where: { $0.name == name }) { return exact }
        if let loose = sheets.first(where: { $0.name.lowercased() == name.lowercased() }) { return loose }
        let available = sheets.map { "\"\(shown: $0.name)\"" }.joined(separator: ", ")
        throw InputError(
            file: file, message: "the workbook has no sheet named \"\(shown: name)\"; its sheets are \(available)",
            hint: "choose one of the sheets listed")
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// A relationship target as a part path: relative to `base` unless it starts with `/`,
    /// with `.` and `..` segments resolved and %-escapes decoded.
    static func resolve(_ target: String, base: String) -> String {
        let decoded = target.removingPercentEncoding ?? target
        let joined = decoded.hasPrefix("/") ? decoded : base + "/" + decoded
        var segments: [Substring] = []
        for segment in joined.split(separator: "/") {
            if segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }
}

// MARK: - Streaming XML

/// The base of the SAX handlers: hands element names without their namespace prefix
/// (`x:c` → `c`; some writers prefix SpreadsheetML) and stops the parser on a failure.
class XLSXHandler: NSObject, XMLParserDelegate {
    /// Set by a subclass to stop parsing with this error.
    var failure: InputError? {
        didSet { failed = failure != nil }
    }
    /// `failure != nil`, cheaper to test once per element.
    private var failed = false
    /// The line of the first XML error. (On Linux, `parse()` can return true after one.)
    private var errorLine: Int?
    /// Open elements: not zero at the end means the part was cut short.
    private var depth = 0
    private var sawRoot = false

    func start(_ name: String, _ attributes: [String: String]) {}
    func end(_ name: String) {}
    func text(_ string: String) {}

    /// Runs the parser over one part; malformed XML names the part.
    func run(_ data: Data, part: String, file: String) throws(InputError) {
        var data = data
        switch XLSXHandler.partText(data) {
        case .utf8: break
        case .converted(let utf8): data = utf8
        case .refused(let why):
            throw InputError(
                file: file, message: "the part \(shown: part) \(why)",
                hint: "save it again from Excel, or export as CSV")
        }
        if XLSXHandler.hasEmptyProcessingInstruction(data) {
            throw InputError(
                file: file,
                message:
                    "the part \(shown: part) holds a processing instruction without data (<?name?>), which cannot be read",
                hint: "save it again from Excel, or export as CSV")
        }
        // From a stream, not `XMLParser(data:)`: on Linux that hands libxml2 the whole part at
        // once, which fails ("huge input lookup") on parts over 10 MB.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.delegate = self
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let failure { throw failure }
        if !ok || errorLine != nil || depth != 0 || !sawRoot {
            let line = max(errorLine ?? parser.lineNumber, 1)
            throw InputError(
                file: file, message: "malformed XML in the part \(shown: part) at line \(line)",
                hint: "save it again from Excel, or export as CSV")
        }
    }

    final func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        depth += 1
        sawRoot = true
        start(XLSXHandler.localName(elementName), attributeDict)
        if failed { parser.abortParsing() }
    }

    final func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        depth -= 1
        end(XLSXHandler.localName(elementName))
        if failed { parser.abortParsing() }
    }

    final func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard errorLine == nil else { return }
        errorLine = parser.lineNumber
        parser.abortParsing()
    }

    final func parser(_ parser: XMLParser, foundCharacters string: String) {
        text(string)
    }

    final func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        text(whitespaceString)
    }

    /// What libxml2 is given for a part.
    enum PartText: Equatable {
        /// UTF-8 (or ASCII) already: the part as it is.
        case utf8
        /// The part converted to UTF-8, its XML declaration left out.
        case converted(Data)
        /// Not to be parsed, and why ("is not valid UTF-16").
        case refused(String)
    }

    /// libxml2 (2.9, Debian 12) crashed inside Foundation's XMLParser whenever it converted a
    /// part from another encoding and met bytes invalid in it: UTF-16, UTF-7, windows-1252,
    /// UTF-32, ISO-2022-JP (found by the fuzz target, docs/security.md). So it is given UTF-8
    /// only. An .xlsx part is UTF-8 or UTF-16 (ECMA-376 part 2): UTF-16, told by its
    /// byte-order mark or its NUL bytes, is converted here, and so is a part declared Latin-1;
    /// a part declaring any other encoding is refused.
    static func partText(_ data: Data) -> PartText {
        let head = [UInt8](data.prefix(4))
        var utf16: String.Encoding?
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            utf16 = .utf16
        } else if head.count >= 2 && head[0] == 0 {
            utf16 = .utf16BigEndian
        } else if head.count >= 2 && head[1] == 0 {
            utf16 = .utf16LittleEndian
        }
        if let utf16 {
            guard let text = String(data: data, encoding: utf16) else { return .refused("is not valid UTF-16") }
            return .converted(Data(withoutDeclaration(text).utf8))
        }
        if head == [0x4C, 0x6F, 0xA7, 0x94] { return .refused("is in EBCDIC; an .xlsx part is UTF-8 or UTF-16") }
        switch declaredEncoding(data) {
        case nil, "utf-8", "utf8", "us-ascii", "ascii":
            return .utf8
        case "iso-8859-1", "latin1", "latin-1":
            return .converted(Data(withoutDeclaration(String(decoding: data.map { UInt16($0) }, as: UTF16.self)).utf8))
        case "utf-16", "utf-16le", "utf-16be":
            // Declared UTF-16 but written in single bytes: read as the UTF-8 it is.
            guard let text = String(validating: data, as: UTF8.self) else {
                return .refused("declares UTF-16 but is written in neither UTF-16 nor UTF-8")
            }
            return .converted(Data(withoutDeclaration(text).utf8))
        case let other?:
            return .refused("declares the encoding \(other); an .xlsx part is UTF-8 or UTF-16")
        }
    }

    /// Whether the part holds a processing instruction without data (`<?name?>`, `<?name ?>`):
    /// Foundation's XMLParser hands its null data to strlen and crashes (SIGSEGV; found by the
    /// fuzz target, docs/security.md). One pass over the bytes; the part is UTF-8 by now.
    static func hasEmptyProcessingInstruction(_ data: Data) -> Bool {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i + 1 < b.count {
                guard b[i] == UInt8(ascii: "<") && b[i + 1] == UInt8(ascii: "?") else {
                    i += 1
                    continue
                }
                var j = i + 2
                while j < b.count && !isSpace(b[j]) && b[j] != UInt8(ascii: "?") { j += 1 }  // the target
                while j < b.count && isSpace(b[j]) { j += 1 }
                if j + 1 < b.count && b[j] == UInt8(ascii: "?") && b[j + 1] == UInt8(ascii: ">") { return true }
                i = j
            }
            return false
        }
    }

    /// The text without a leading byte-order mark and XML declaration (`<?xml ... ?>`), which
    /// would name the encoding the text is no longer in. The line break after it stays, so
    /// that line numbers in errors stay right.
    static func withoutDeclaration(_ text: String) -> Substring {
        var rest = Substring(text)
        if rest.unicodeScalars.first == "\u{FEFF}" { rest = Substring(rest.unicodeScalars.dropFirst()) }
        guard rest.hasPrefix("<?xml"), let end = rest.range(of: "?>") else { return rest }
        return rest[end.upperBound...]
    }

    /// The encoding the XML declaration at the start of a part names, lowercased; nil when
    /// there is no declaration or it names none. UTF-16 is read by its ASCII bytes (the NULs
    /// left out). A declaration that cannot be read gives "unreadable", which is refused.
    static func declaredEncoding(_ data: Data) -> String? {
        var head = Array(data.prefix(1024).filter { $0 != 0 })
        for mark: [UInt8] in [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF]] where head.starts(with: mark) {
            head.removeFirst(mark.count)
        }
        guard head.starts(with: Array("<?xml".utf8)) else { return nil }
        guard
            let end = head.indices.first(where: {
                head[$0] == UInt8(ascii: "?") && $0 + 1 < head.count && head[$0 + 1] == UInt8(ascii: ">")
            })
        else {
            return "unreadable"
        }
        let declaration = String(decoding: head[..<end], as: UTF8.self).lowercased()
        guard let name = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[name.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard rest.first == "=" else { return "unreadable" }
        let value = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let quote = value.first, quote == "\"" || quote == "'" else { return "unreadable" }
        let encoding = value.dropFirst().prefix { $0 != quote }
        guard encoding.count < 40,
            encoding.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
        else { return "unreadable" }
        return String(encoding)
    }

    static func localName(_ name: String) -> String {
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// The value of a namespaced attribute such as `r:id`, whatever its prefix.
    static func prefixedAttribute(_ local: String, in attributes: [String: String]) -> String? {
        attributes.first { $0.key.hasSuffix(":" + local) }?.value
    }

    /// Decodes the `_xHHHH_` escapes SpreadsheetML uses for characters XML cannot hold
    /// (`_x000D_` is a carriage return, `_x005F_` an underscore), then makes CR LF a newline.
    static func unescape(_ string: String) -> String {
        guard string.utf8.contains(UInt8(ascii: "_")) else { return string }
        let scalars = Array(string.unicodeScalars)
        var result = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
                scalars[(i + 2)...(i + 5)].allSatisfy(\.properties.isASCIIHexDigit),
                let code = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)...(i + 5)])), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                result.append(scalar)
                i += 7
            } else {
                result.append(scalars[i])
                i += 1
            }
        }
        let text = String(result)
        return text.utf8.contains(13) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }
}

/// `_rels/*.rels`: relationship id → target part and type.
final class RelationshipsHandler: XLSXHandler {
    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    private let base: String
    private var relationships: [Relationship] = []

    private init(base: String) { self.base = base }

    static func parse(_ data: Data, part: String, file: String, base: String) throws(InputError) -> [Relationship] {
        let handler = RelationshipsHandler(base: base)
        try handler.run(data, part: part, file: file)
        return handler.relationships
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"],
            attributes["TargetMode"] != "External"
        else { return }
        relationships.append(
            Relationship(
                id: id, type: attributes["Type"] ?? "",
                target: XLSXWorkbook.resolve(target, base: base)))
    }
}

/// `xl/workbook.xml`: the sheets in order and the date system.
final class WorkbookHandler: XLSXHandler {
    struct SheetEntry {
        var name: String
        var relationshipID: String
    }

    private(set) var sheets: [SheetEntry] = []
    private(set) var date1904 = false

    static func parse(_ data: Data, part: String, file: String) throws(InputError) -> WorkbookHandler {
        let handler = WorkbookHandler()
        try handler.run(data, part: part, file: file)
        return handler
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "workbookPr":
            let value = attributes["date1904"]?.lowercased()
            date1904 = value == "1" || value == "true"
        case "sheet":
            guard let sheetName = attributes["name"] else { return }
            let id = XLSXHandler.prefixedAttribute("id", in: attributes) ?? attributes["id"] ?? ""
            sheets.append(SheetEntry(name: sheetName, relationshipID: id))
        default:
            break
        }
    }
}

/// `xl/sharedStrings.xml`: one string per `<si>`, rich-text runs joined, phonetic runs
/// (`<rPh>`) left out. Text is kept exactly as written (`xml:space` only tells Excel so).
final class SharedStringsHandler: XLSXHandler {
    private var strings: [String] = []
    private var current = ""
    private var capturing = false
    private var inPhonetic = false

    static func parse(_ data: Data, part: String, file: String) throws(InputError) -> [String] {
        let handler = SharedStringsHandler()
        try handler.run(data, part: part, file: file)
        return handler.strings
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "sst": strings.reserveCapacity(attributes["uniqueCount"].flatMap { Int($0) }.map { min($0, 1 << 20) } ?? 0)
        case "si": current = ""
        case "rPh": inPhonetic = true
        case "t": capturing = !inPhonetic
        default: break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "t": capturing = false
        case "rPh": inPhonetic = false
        case "si": strings.append(XLSXHandler.unescape(current))
        default: break
        }
    }

    override func text(_ string: String) {
        if capturing { current += string }
    }
}

/// `xl/styles.xml`: the number format of each cell style (`<cellXfs>`), with the custom
/// formats of `<numFmts>`, reduced to what the reader needs: which styles show dates.
final class StylesHandler: XLSXHandler {
    private var customFormats: [Int: String] = [:]
    private var styleFormats: [Int] = []
    private var inNumFmts = false
    private var inCellXfs = false

    static func parse(_ data: Data, part: String, file: String) throws(InputError) -> XLSXStyles {
        let handler = StylesHandler()
        try handler.run(data, part: part, file: file)
        let kinds = handler.styleFormats.map { id in
            XLSXNumberFormat.dateKind(formatID: id, customCode: handler.customFormats[id])
        }
        return XLSXStyles(dateKinds: kinds)
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "numFmts": inNumFmts = true
        case "cellXfs": inCellXfs = true
        case "numFmt" where inNumFmts:
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
                customFormats[id] = code
            }
        case "xf" where inCellXfs:
            styleFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "numFmts": inNumFmts = false
        case "cellXfs": inCellXfs = false
        default: break
        }
    }
}

/// Which cell styles show their number as a date or time.
struct XLSXStyles {
    var dateKinds: [XLSXNumberFormat.DateKind?]

    func dateKind(style: Int) -> XLSXNumberFormat.DateKind? {
        dateKinds.indices.contains(style) ? dateKinds[style] : nil
    }
}

// MARK: - The worksheet

/// A worksheet part: the cells of `<sheetData>` and the `<mergeCells>` ranges.
final class SheetHandler: XLSXHandler {
    struct Row {
        var number: Int
        var cells: [(column: Int, value: String)]
    }

    struct Range {
        var first: (column: Int, row: Int)
        var last: (column: Int, row: Int)
    }

    private let strings: [String]
    private let styles: XLSXStyles
    private let date1904: Bool
    private let file: String
    private let part: String

    /// The `t` attribute of a cell.
    enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate

        init(_ t: String) {
            switch t {
            case "s": self = .sharedString
            case "inlineStr": self = .inlineString
            case "str": self = .formulaString
            case "b": self = .boolean
            case "e": self = .error
            case "d": self = .isoDate
            default: self = .number
            }
        }
    }

    private var rows: [Row] = []
    private var cells: [(column: Int, value: String)] = []
    private var merges: [Range] = []
    private var maxRowSeen = 0
    private var maxColumnSeen = 0

    // The row and cell being read.
    private var inRow = false
    private var rowNumber = 0
    private var column = 0
    private var cellType = CellType.number
    private var cellStyle = 0
    private var value: String?
    private var inlineText = ""
    private var inInline = false
    private var inPhonetic = false
    private var capturing = false
    private var buffer = ""

    init(strings: [String], styles: XLSXStyles, date1904: Bool, file: String, part: String) {
        self.strings = strings
        self.styles = styles
        self.date1904 = date1904
        self.file = file
        self.part = part
    }

    override func start(_ name: String, _ attributes: [String: String]) {
        switch name {
        case "c": startCell(attributes)
        case "v":
            capturing = true
            buffer = ""
        case "is": inInline = true
        case "rPh": inPhonetic = true
        case "t":
            if inInline && !inPhonetic {
                capturing = true
                buffer = ""
            }
        case "row":
            finishRow()
            startRow(attributes)
        case "mergeCell": if let range = attributes["ref"].flatMap(SheetHandler.parseRange) { merges.append(range) }
        default: break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "v":
            value = buffer
            capturing = false
        case "t":
            if capturing {
                inlineText += buffer
                capturing = false
            }
        case "rPh": inPhonetic = false
        case "is": inInline = false
        case "c": finishCell()
        case "row", "sheetData": finishRow()
        default: break
        }
    }

    override func text(_ string: String) {
        guard capturing else { return }
        if buffer.isEmpty { buffer = string } else { buffer += string }
    }

    private func startRow(_ attributes: [String: String]) {
        if let r = attributes["r"] {
            guard let number = Int(r), (1...XLSXReader.maximumRow).contains(number) else {
                return fail("row number \"\(shown: r)\" is not valid")
            }
            rowNumber = number
        } else {
            rowNumber += 1  // Rows without `r` follow the one before.
        }
        column = 0
        maxRowSeen = max(maxRowSeen, rowNumber)
        inRow = true
    }

    private func finishRow() {
        guard inRow else { return }
        rows.append(Row(number: rowNumber, cells: cells))
        cells.removeAll(keepingCapacity: true)
        inRow = false
    }

    private func startCell(_ attributes: [String: String]) {
        var reference: String?
        cellType = .number
        cellStyle = 0
        // One pass: cheaper than three dictionary lookups, for hundreds of thousands of cells.
        for (key, value) in attributes {
            switch key {
            case "r": reference = value
            case "t": cellType = CellType(value)
            case "s": cellStyle = Int(value) ?? 0
            default: break
            }
        }
        if let reference {
            guard let parsed = XLSXReader.parseCellReference(reference) else {
                return fail("cell reference \"\(shown: reference)\" is not valid")
            }
            column = parsed.column
        } else {
            column += 1  // Cells without `r` follow the one before.
        }
        maxColumnSeen = max(maxColumnSeen, column)
        value = nil
        inlineText = ""
    }

    private func finishCell() {
        guard inRow, column <= XLSXReader.maximumColumn else { return }
        let text = cellText()
        if !text.isEmpty { cells.append((column, text)) }
    }

    /// The text of the cell just read, by its type.
    private func cellText() -> String {
        switch cellType {
        case .sharedString:
            guard let value else { return "" }
            guard let index = Int(value), strings.indices.contains(index) else {
                fail(
                    "cell \(XLSXReader.cellName(column: column, row: rowNumber)) refers to shared string \(value), but there are only \(strings.count)",
                    line: rowNumber, column: column)
                return ""
            }
            return strings[index]
        case .inlineString: return XLSXHandler.unescape(value ?? inlineText)
        case .formulaString: return XLSXHandler.unescape(value ?? "")
        case .boolean: return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value ?? ""
        case .error: return value ?? ""
        case .isoDate: return value.map(XLSXNumberFormat.isoDateText) ?? ""
        case .number:
            guard let value, !value.isEmpty else { return "" }
            if let kind = styles.dateKind(style: cellStyle) {
                guard let serial = Double(value) else { return value }
                return XLSXNumberFormat.dateText(serial: serial, kind: kind, date1904: date1904)
                    ?? XLSXNumberFormat.numberText(serial)
            }
            return XLSXNumberFormat.numberText(value)
        }
    }

    private func fail(_ message: String, line: Int? = nil, column: Int? = nil) {
        guard failure == nil else { return }
        failure = InputError(
            file: file, line: line, column: column, message: "\(shown: part): \(message)",
            hint: "save it again from Excel, or export as CSV")
    }

    /// `"A1:C3"` (or a single cell `"B2"`) as its corners.
    static func parseRange(_ reference: String) -> Range? {
        let parts = reference.split(separator: ":")
        guard parts.count == 1 || parts.count == 2,
            let first = XLSXReader.parseCellReference(parts[0]),
            let last = XLSXReader.parseCellReference(parts[parts.count - 1])
        else { return nil }
        return Range(
            first: (min(first.column, last.column), min(first.row, last.row)),
            last: (max(first.column, last.column), max(first.row, last.row)))
    }
}

// MARK: Rows into records

extension SheetHandler {
    /// The sheet as records: rows in order, merged values filled in, every record as wide as
    /// the last column holding a value.
    func makeRecords() throws(InputError) -> [CSVRecord] {
        var grid = makeGrid()
        fillMerges(&grid)
        let width = grid.reduce(0) { width, row in
            max(width, (row.values.lastIndex { !$0.isEmpty } ?? -1) + 1)
        }
        let cells = grid.count.multipliedReportingOverflow(by: width)
        guard !cells.overflow, cells.partialValue <= XLSXReader.maximumCells else {
            throw InputError(
                file: file, message: "the sheet is too large to import (\(grid.count) rows × \(width) columns)",
                hint: "delete unused rows and columns, or export the sheet as CSV")
        }
        return grid.map { row in
            let fields = (0..<width).map { i in
                CSVField(value: i < row.values.count ? row.values[i] : "", line: row.number, column: i + 1)
            }
            return CSVRecord(fields: fields, line: row.number)
        }
    }

    /// One entry per row number, in order, its values by column (index 0 = column A).
    private func makeGrid() -> [(number: Int, values: [String])] {
        var sorted = rows
        if !zip(sorted, sorted.dropFirst()).allSatisfy({ $0.number < $1.number }) {
            sorted.sort { $0.number < $1.number }  // Stable: a repeated row keeps its order.
        }
        var grid: [(number: Int, values: [String])] = []
        grid.reserveCapacity(sorted.count)
        for row in sorted {
            if grid.last?.number != row.number { grid.append((row.number, [])) }
            let width = row.cells.reduce(0) { max($0, $1.column) }
            var values = grid[grid.count - 1].values
            if values.count < width { values.append(contentsOf: repeatElement("", count: width - values.count)) }
            for cell in row.cells { values[cell.column - 1] = cell.value }
            grid[grid.count - 1].values = values
        }
        return grid
    }

    /// Repeats the top-left value of each merged range into its other cells, within the part
    /// of the sheet the XML covers (a damaged range of a million rows adds nothing beyond it).
    private func fillMerges(_ grid: inout [(number: Int, values: [String])]) {
        guard !merges.isEmpty else { return }
        var index = Dictionary(grid.enumerated().map { ($1.number, $0) }, uniquingKeysWith: { a, _ in a })
        var added = false
        for range in merges {
            guard let top = index[range.first.row],
                range.first.column <= grid[top].values.count
            else { continue }
            let value = grid[top].values[range.first.column - 1]
            let lastColumn = min(range.last.column, maxColumnSeen)
            let lastRow = min(range.last.row, maxRowSeen)
            guard !value.isEmpty, lastColumn >= range.first.column, lastRow >= range.first.row else { continue }
            for rowNumber in range.first.row...lastRow {
                if index[rowNumber] == nil {
                    index[rowNumber] = grid.count
                    grid.append((rowNumber, []))
                    added = true
                }
                let i = index[rowNumber]!
                if grid[i].values.count < lastColumn {
                    grid[i].values.append(contentsOf: repeatElement("", count: lastColumn - grid[i].values.count))
                }
                for column in range.first.column...lastColumn { grid[i].values[column - 1] = value }
            }
        }
        if added { grid.sort { $0.number < $1.number } }
    }
}

// MARK: - Numbers and dates

/// How a number in a cell is shown: as a number, or (for date and time formats) as a date.
enum XLSXNumberFormat {
    enum DateKind: Equatable {
        /// Date only: a whole day prints as `yyyy-MM-dd`, anything else with its time.
        case date
        /// Date and time: always `yyyy-MM-dd HH:mm:ss`.
        case dateTime
        /// Time of day only: a value below one day prints as `HH:mm:ss`.
        case time
        /// Elapsed time (`[h]:mm`): total hours, `h:mm:ss`.
        case elapsed
    }

    /// The date kind of a format: the custom code when the workbook defines one for the id,
    /// else the built-in formats (ECMA-376 Part 1, 18.8.30 numFmt). 27–36 and 50–58 are the
    /// East Asian locale formats, all dates or date-times.
    static func dateKind(formatID: Int, customCode: String?) -> DateKind? {
        if let customCode { return dateKind(code: customCode) }
        switch formatID {
        case 14...17, 27...36, 50...58: return .date
        case 18...21, 45, 47: return .time
        case 22: return .dateTime
        case 46: return .elapsed
        default: return nil
        }
    }

    /// Reads the date and time tokens of a format code (its first section): `y`, `m`, `d`,
    /// `h`, `s`, `AM/PM`, `[h]`..., ignoring quoted text, `\x` escapes, `_x` and `*x`, and
    /// other brackets (`[Red]`, `[$€-407]`, `[>=100]`). Nil for a number format.
    static func dateKind(code: String) -> DateKind? {
        var tokens: [Character] = []  // One per run of a letter: "yyyy" → y.
        var elapsed = false
        var chars = Array(code.lowercased())[...]
        while let c = chars.popFirst() {
            switch c {
            case ";": chars = []
            case "\"": chars = chars.drop { $0 != "\"" }.dropFirst()
            case "\\", "_", "*": chars = chars.dropFirst()
            case "[":
                let inside = chars.prefix { $0 != "]" }
                chars = chars.dropFirst(inside.count + 1)
                if let first = inside.first, "hms".contains(first), inside.allSatisfy({ $0 == first }) {
                    elapsed = true
                    tokens.append(first)
                }
            case "a" where chars.starts(with: "m/pm") || chars.starts(with: "/p"):
                chars = chars.dropFirst(chars.starts(with: "m/pm") ? 4 : 2)
                tokens.append("a")
            case "y", "m", "d", "h", "s":
                tokens.append(c)
                while chars.first == c { chars = chars.dropFirst() }
            default: break
            }
        }
        return classify(tokens, elapsed: elapsed)
    }

    /// `m` is minutes right after hours or right before seconds, months otherwise.
    private static func classify(_ tokens: [Character], elapsed: Bool) -> DateKind? {
        var hasDate = false
        var hasTime = false
        for (i, token) in tokens.enumerated() {
            switch token {
            case "y", "d": hasDate = true
            case "h", "s", "a": hasTime = true
            case "m":
                let minute = (i > 0 && tokens[i - 1] == "h") || (i + 1 < tokens.count && tokens[i + 1] == "s")
                if minute { hasTime = true } else { hasDate = true }
            default: break
            }
        }
        if elapsed && !hasDate { return .elapsed }
        if hasDate { return hasTime ? .dateTime : .date }
        return hasTime ? .time : nil
    }

    /// A number as Excel's General format would keep it: integers (below 10^15) exactly,
    /// anything else in its shortest form with at most 15 significant digits, so that the
    /// binary noise of 1.3000000000000003 goes.
    static func numberText(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        let shortest = number.description
        if significantDigits(shortest) <= 15 { return shortest }
        return String(format: "%.15g", number)
    }

    /// The text of a number cell (`<v>`) as `numberText(_: Double)` would print it; text that
    /// already is in that form (`42`, `1.3`, most cells) is kept as it is, without a round trip.
    static func numberText(_ text: String) -> String {
        if isPlainDecimal(text) { return text }
        guard let number = Double(text) else { return text }
        return numberText(number)
    }

    /// `-?digits(.digits)?` as Swift would print the number: no exponent, no leading zero
    /// (but `0.5`), no trailing zero after the point, not `-0`, at most 15 significant digits.
    private static func isPlainDecimal(_ text: String) -> Bool {
        var negative = false
        var leadingZero = false
        var inFraction = false
        var integerDigits = 0
        var fractionDigits = 0
        var last: UInt8 = 0
        for (n, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where n == 0:
                negative = true
            case UInt8(ascii: ".") where !inFraction && integerDigits > 0:
                inFraction = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inFraction {
                    fractionDigits += 1
                } else {
                    if leadingZero { return false }  // "00", "01"
                    if integerDigits == 0, byte == UInt8(ascii: "0") { leadingZero = true }
                    integerDigits += 1
                }
            default:
                return false
            }
            last = byte
        }
        guard integerDigits > 0, !inFraction || (fractionDigits > 0 && last != UInt8(ascii: "0")) else { return false }
        if negative, leadingZero, !inFraction { return false }  // "-0"
        return significantDigits(text) <= 15
    }

    /// Digits of a number's text from the first non-zero one, before any exponent.
    private static func significantDigits(_ text: String) -> Int {
        var count = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { continue }
            if count > 0 || byte != UInt8(ascii: "0") { count += 1 }
        }
        return count
    }

    /// A serial date as text, or nil when the number is no date Excel can show
    /// (negative, or after 9999-12-31).
    static func dateText(serial: Double, kind: DateKind, date1904: Bool) -> String? {
        let totalSeconds = (serial * 86_400).rounded()
        if kind == .elapsed, abs(totalSeconds) < 1e15 { return elapsedText(Int64(totalSeconds)) }
        guard totalSeconds >= 0, totalSeconds < 2_958_466 * 86_400 else { return nil }
        let seconds = Int(totalSeconds)
        var days = seconds / 86_400
        let timeOfDay = seconds % 86_400
        // Excel counts the fictitious 1900-02-29 (serial 60): before it, serials are a day ahead.
        if !date1904, days >= 1, days < 60 { days += 1 }
        let time = twoDigits(timeOfDay / 3600) + ":" + twoDigits(timeOfDay / 60 % 60) + ":" + twoDigits(timeOfDay % 60)
        switch kind {
        case .time where days == 0: return time
        case .date where timeOfDay == 0: return civilDate(days: days, date1904: date1904)
        default: return civilDate(days: days, date1904: date1904) + " " + time
        }
    }

    /// `yyyy-MM-dd` for a day count from the epoch: 1899-12-30, or 1904-01-01 in the 1904 system.
    private static func civilDate(days: Int, date1904: Bool) -> String {
        let (year, month, day) = SeminarTime.civilDate(fromDays: days + (date1904 ? -24_107 : -25_569))
        return String(year) + "-" + twoDigits(month) + "-" + twoDigits(day)
    }

    private static func elapsedText(_ seconds: Int64) -> String {
        let magnitude = seconds.magnitude
        let text =
            String(magnitude / 3600) + ":" + twoDigits(Int(magnitude / 60 % 60)) + ":" + twoDigits(Int(magnitude % 60))
        return seconds < 0 ? "-" + text : text
    }

    private static func twoDigits(_ n: Int) -> String {
        n < 10 ? "0" + String(n) : String(n)
    }

    /// A `t="d"` cell (ISO 8601, written by some tools but not Excel) in the same form as a
    /// serial date: `2024-08-03T10:15:22.000Z` → `2024-08-03 10:15:22`.
    static func isoDateText(_ value: String) -> String {
        value.prefix(19).replacingOccurrences(of: "T", with: " ")
    }
}
