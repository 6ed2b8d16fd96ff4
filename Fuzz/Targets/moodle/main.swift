import Foundation
import FuzzSupport
import SeminarCore

// Moodle's assignment downloads, both files of `seminar submission import WORKSHEET --files ZIP`:
//
// 1. The bytes as a grading worksheet (unless they look like a ZIP, which the import would
//    read as an .xlsx workbook: the xlsx target's), read as the import reads it
//    (`CSVTable.load`), then `MoodleWorksheet.read` in Europe/Berlin. Every error points at a
//    line of the text and a column inside it; every row read starts on a line of the text, at
//    a row of the table, once per participant, with a name and an ID number or e-mail; a
//    submission time comes from a cell that holds one (not empty, not `-`), and is that
//    cell's day, year, hour and minute in Berlin.
// 2. The bytes as the submissions zip: `ZIPDirectory(source: ZIPData(_))` refuses them as
//    `Damaged` or lists entries. Each entry's name, taken apart by `MoodleSubmissionPath`:
//    a link is hostile; a name that is not hostile, and a hand-in's file name, stay inside
//    the folder (no `..` or `.` component, not absolute, no backslash, no NUL: judged on the
//    Unicode scalars, as a file system sees them);
//    `safeLocalName` of every name is one safe path component. Each entry streamed with its
//    CRC-32 checked gives exactly its directory size or throws (at most 8 MB in all).
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = input(start, count)
    if !XLSXReader.looksLikeZip(data) { worksheet(data) }
    submissions(data)
    return 0
}

// MARK: The worksheet

let submittedHeaders = ["Last modified (submission)", "Zuletzt geändert (Abgabe)"]
let berlin: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = Fixture.time.timeZone
    return calendar
}()

func worksheet(_ data: Data) {
    guard let decoded = try? TextDecoding.decode(data, file: "worksheet.csv") else { return }
    let lengths = lineLengths(decoded.text)
    let table: CSVTable
    do { table = try CSVTable.load(data: data, file: "worksheet.csv") } catch {
        checkErrorPlaces(error, lengths, what: "CSVTable.load")
        return
    }
    let sheet: MoodleWorksheet
    do { sheet = try MoodleWorksheet.read(table, file: "worksheet.csv", time: Fixture.time) } catch {
        guard case .invalidInput(let errors) = error, !errors.isEmpty else {
            finding("MoodleWorksheet.read threw \(error), not a list of input errors")
        }
        for e in errors {
            guard let line = e.line, let column = e.column else {
                finding("the error \(e.description) names no line and column")
            }
            if !isInside(line: line, column: column, lengths) {
                finding("the error \(e.description) points outside the text (lines \(lengths))")
            }
        }
        return
    }
    let rowsByLine = Dictionary(table.rows.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
    let submittedCol = table.map.column(submittedHeaders)
    var participants = Set<Int>()
    var lastLine = table.header.line
    for row in sheet.rows {
        guard row.line >= 1, row.line <= lengths.count else {
            finding("row of participant \(row.participant) at line \(row.line), outside the text")
        }
        guard let record = rowsByLine[row.line] else { finding("row at line \(row.line) is no row of the table") }
        if row.line <= lastLine { finding("row at line \(row.line) after line \(lastLine)") }
        lastLine = row.line
        if !participants.insert(row.participant).inserted { finding("participant \(row.participant) read twice") }
        if row.fullName.isEmpty { finding("participant \(row.participant) without a name") }
        if row.idNumber == nil && row.email == nil { finding("participant \(row.participant) without id or e-mail") }
        guard let at = row.submittedAt else { continue }
        guard let submittedCol else { finding("a submission time without a Last modified column") }
        let cell = table.value(record, submittedCol)
        if cell.isEmpty || cell == "-" { finding("submission time \(at) from the cell \(cell.debugDescription)") }
        checkTime(at, cell)
    }
}

/// The instant is the cell's wall-clock time in Berlin: its numbers are, in order, the day,
/// the year, the hour (on a 12-hour clock when the cell says AM or PM) and the minute.
func checkTime(_ at: Date, _ cell: String) {
    let numbers = cell.unicodeScalars.split { !("0"..."9").contains($0) }.compactMap { Int(String($0)) }
    guard numbers.count == 4 else { finding("the time \(at) from \(cell.debugDescription), not four numbers") }
    let c = berlin.dateComponents([.year, .month, .day, .hour, .minute], from: at)
    let twelveHour = cell.range(of: #"[ap]\.?\s*m\.?$"#, options: [.regularExpression, .caseInsensitive]) != nil
    let hourMatches = twelveHour ? c.hour! % 12 == numbers[2] % 12 : c.hour! == numbers[2]
    if c.day != numbers[0] || c.year != numbers[1] || !hourMatches || c.minute != numbers[3] {
        finding("\(cell.debugDescription) read as \(at), which is \(c) in Berlin")
    }
}

// MARK: The submissions zip

struct Enough: Error {}

/// What a file system makes of a name: its components at every `/` scalar.
func components(_ name: String) -> [Substring.UnicodeScalarView] {
    name.unicodeScalars[...].split(separator: "/", omittingEmptySubsequences: false)
}

/// A name stays inside the folder it is extracted into.
func checkStaysInside(_ name: String, _ what: String) {
    let scalars = name.unicodeScalars
    if scalars.first == "/" { finding("\(what) \(name.debugDescription) is absolute") }
    if scalars.contains("\\") { finding("\(what) \(name.debugDescription) holds a backslash") }
    if scalars.contains("\0") { finding("\(what) \(name.debugDescription) holds a NUL") }
    for c in components(name) where c.elementsEqual("..".unicodeScalars) || c.elementsEqual(".".unicodeScalars) {
        finding("\(what) \(name.debugDescription) has a '\(String(c))' component")
    }
}

/// `safeLocalName` gives one path component a file can have on any system, as its comment
/// promises: not empty, `.` or `..`; no separator, NUL or other C0 control; no leading dot or
/// space, no trailing one; at most 200 UTF-8 bytes.
func checkLocalName(_ name: String) {
    let safe = MoodleSubmissionPath.safeLocalName(name, fallback: "submission")
    let scalars = safe.unicodeScalars
    if scalars.isEmpty || scalars.elementsEqual(".".unicodeScalars) || scalars.elementsEqual("..".unicodeScalars)
        || scalars.contains(where: { $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F })
    {
        finding("safeLocalName(\(name.debugDescription)) = \(safe.debugDescription), not one safe component")
    }
    if scalars.first == "." || scalars.first == " " || scalars.last == "." || scalars.last == " "
        || safe.utf8.count > 200
    {
        finding(
            "safeLocalName(\(name.debugDescription)) = \(safe.debugDescription): a dot or space at an end, or too long")
    }
}

func submissions(_ data: Data) {
    let zip: ZIPDirectory
    do { zip = try ZIPDirectory(source: ZIPData(data)) } catch { return }  // typed: only `Damaged`
    var total = 0
    let cap = 8 << 20
    for entry in zip.entries {
        let parsed = MoodleSubmissionPath.parse(entry.path, isSymlink: entry.isSymlink)
        checkLocalName(entry.path)
        switch parsed {
        case .hostile:
            break
        case .file(_, let fullName, let fileName):
            checkStaysInside(fileName, "the file name")
            checkLocalName(fileName)
            checkLocalName(fullName)
            fallthrough
        default:
            if entry.isSymlink { finding("the link \(entry.path.debugDescription) read as \(parsed)") }
            checkStaysInside(entry.path, "the entry")
        }
        guard total <= cap else { continue }
        // As the import sniffs a file: its first KiB, unchecked.
        var head = 0
        do {
            try zip.stream(entry, checkCRC: false) { chunk in
                head += chunk.count
                total += chunk.count
                if head >= 1024 || total > cap { throw Enough() }
            }
        } catch {}
        var produced = 0
        do {
            try zip.stream(entry, checkCRC: true) { chunk in
                produced += chunk.count
                total += chunk.count
                if total > cap { throw Enough() }
            }
        } catch {
            continue
        }
        if produced != entry.uncompressedSize {
            finding(
                "\(entry.path.debugDescription) streamed \(produced) bytes, the directory says \(entry.uncompressedSize)"
            )
        }
    }
}
