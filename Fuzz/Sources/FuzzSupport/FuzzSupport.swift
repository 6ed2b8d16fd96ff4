import Foundation
import SeminarCore
import ZIPFoundation

/// What the fuzz targets share: the fixtures' roster and catalog (so that the parsers get past
/// "unknown student" and into their deeper paths), and the invariant checks. A failed check
/// stops the process with `finding`, which libFuzzer reports as a crash and saves the input of.
public enum Fixture {
    /// The repository's root, from this file's place in it (Fuzz/Sources/FuzzSupport/).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func table(_ name: String) -> CSVTable {
        let url = root.appendingPathComponent("Fixtures").appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url), let table = try? CSVTable.load(data: data, file: name) else {
            fatalError("cannot read the fixture \(url.path)")
        }
        return table
    }

    /// The 20 students of Fixtures/roster.csv and the 2 of roster-late.csv.
    public static let students: [StudentInput] = {
        guard let a = try? RosterParser.parse(table("roster.csv")),
            let b = try? RosterParser.parse(table("roster-late.csv"))
        else { fatalError("the fixture rosters do not parse") }
        return a + b
    }()

    /// The 24 papers of Fixtures/papers.csv.
    public static let papers: [PaperInput] = {
        guard let papers = try? PaperParser.parse(table("papers.csv")) else {
            fatalError("the fixture catalog does not parse")
        }
        return papers
    }()

    public static let studentIDs = Set(students.map(\.id))

    public static let emails: [String: String] = Dictionary(
        students.map { ($0.email.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })

    public static let directory = PreferenceDirectory(
        students: students.map { ($0.id, $0.email) }, papers: papers.map { ($0.id, $0.title) },
        names: Dictionary(students.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
        domainAliases: ["mytum.de": "tum.de"])

    public static let time = SeminarTime(identifier: "Europe/Berlin")!

    /// The days of the block seminar in the tests (13, 14 and 20 February 2025).
    public static let days: Set<DayDate> = [
        DayDate(year: 2025, month: 2, day: 13), DayDate(year: 2025, month: 2, day: 14),
        DayDate(year: 2025, month: 2, day: 20),
    ]
}

/// The input as `Data`.
public func input(_ start: UnsafeRawPointer, _ count: Int) -> Data {
    Data(bytes: start, count: count)
}

/// An invariant does not hold: libFuzzer saves the input as `crash-<sha1>`.
public func finding(_ message: @autoclosure () -> String) -> Never {
    fatalError("fuzz finding: \(message())")
}

/// The lines of a text as the CSV reader counts them (LF, CR and CR LF each end one; a
/// leading byte-order mark is not part of the text), each as its count of Unicode scalars.
public func lineLengths(_ text: String) -> [Int] {
    var scalars = Substring(text).unicodeScalars[...]
    if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
    var lengths: [Int] = []
    var current = 0
    var afterCR = false
    for s in scalars {
        if s == "\n" && afterCR {
            afterCR = false
            continue
        }
        afterCR = false
        if s == "\n" || s == "\r" {
            lengths.append(current)
            current = 0
            afterCR = s == "\r"
        } else {
            current += 1
        }
    }
    lengths.append(current)
    return lengths
}

/// `line:column` lies inside the text: an existing line, at most one column past its end
/// (where an empty last field starts, or where an unclosed quote is noticed).
public func isInside(line: Int, column: Int, _ lengths: [Int]) -> Bool {
    line >= 1 && line <= lengths.count && column >= 1 && column <= lengths[line - 1] + 1
}

/// Every InputError of a thrown error points inside the file (when it names a line and column).
public func checkErrorPlaces(_ error: any Error, _ lengths: [Int], what: String) {
    let errors: [InputError]
    switch error {
    case let e as InputError: errors = [e]
    case SeminarError.invalidInput(let list): errors = list
    default: return
    }
    for e in errors {
        if let line = e.line, line > 0, let column = e.column, !isInside(line: line, column: column, lengths) {
            finding("\(what): the error \(e.description) points outside the text (lines \(lengths))")
        }
    }
}

/// Every field of a worksheet's records names a real cell: row and column from 1, columns
/// increasing within a row, rows increasing.
public func checkSheetRecords(_ records: [CSVRecord]) {
    var lastLine = 0
    for record in records {
        if record.line <= lastLine { finding("worksheet rows out of order: \(record.line) after \(lastLine)") }
        lastLine = record.line
        var lastColumn = 0
        for field in record.fields {
            if field.line != record.line || field.column <= lastColumn {
                finding("cell \(field.line):\(field.column) out of place in row \(record.line)")
            }
            lastColumn = field.column
        }
    }
}

/// The parts of Fixtures/forms/msforms-ranking.xlsx, a real Microsoft Forms export, in a
/// fixed order: the .xlsx target swaps one of them for the fuzzed bytes.
public enum XLSXTemplate {
    public static let parts: [(path: String, data: Data)] = {
        let url = Fixture.root.appendingPathComponent("Fixtures/forms/msforms-ranking.xlsx")
        guard let data = try? Data(contentsOf: url), let archive = try? Archive(data: data, accessMode: .read) else {
            fatalError("cannot read \(url.path)")
        }
        var parts: [(String, Data)] = []
        for entry in archive where entry.type == .file {
            var bytes = Data()
            _ = try? archive.extract(entry) { bytes.append($0) }
            parts.append((entry.path, bytes))
        }
        return parts.sorted { $0.0 < $1.0 }
    }()

    /// The package with part `index` replaced by `data` (stored, not deflated: cheaper).
    public static func package(replacing index: Int, with data: Data) -> Data {
        guard let archive = try? Archive(data: Data(), accessMode: .create) else { fatalError("no archive") }
        for (i, part) in parts.enumerated() {
            let bytes = i == index ? data : part.data
            do {
                try archive.addEntry(
                    with: part.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .none
                ) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            } catch {
                fatalError("cannot build the package: \(error)")
            }
        }
        return archive.data!
    }
}

/// The bytes as the import commands read a file: CSV in any encoding, or an .xlsx workbook.
public func table(_ data: Data) -> CSVTable? {
    return try? CSVTable.load(data: data, file: "fuzz.csv")
}

/// What a preference reader returned names only students of the roster and papers of the
/// catalog, each paper at most once per form.
public func checkForms(_ parsed: ParsedForms) {
    let paperIDs = Set(Fixture.papers.map(\.id))
    for form in parsed.forms {
        if !Fixture.studentIDs.contains(form.studentID) { finding("form of unknown student \(form.studentID)") }
        for paper in form.papers where !paperIDs.contains(paper) { finding("form names unknown paper \(paper)") }
        if Set(form.papers).count != form.papers.count { finding("form names a paper twice: \(form.papers)") }
    }
}
