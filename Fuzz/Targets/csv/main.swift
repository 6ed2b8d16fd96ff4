import Foundation
import FuzzSupport
import SeminarCore

// The CSV reader: any text either parses or is refused with a place inside the text. Every
// field's line:column lies inside the text, and what was read, written by CSVWriter with the
// same delimiter and read again, is the same cells.
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let lengths = lineLengths(text)
    for delimiter: Character in [",", ";", "\t"] {
        let reader = CSVReader(delimiter: delimiter)
        let records: [CSVRecord]
        do { records = try reader.parse(text, file: "fuzz.csv") } catch {
            checkErrorPlaces(error, lengths, what: "CSVReader")
            continue
        }
        for record in records {
            guard let first = record.fields.first, first.line == record.line else {
                finding("record at line \(record.line) does not start with its first field")
            }
            for field in record.fields where !isInside(line: field.line, column: field.column, lengths) {
                finding("field at \(field.line):\(field.column) lies outside the text (lines \(lengths))")
            }
        }
        let writer = CSVWriter(delimiter: delimiter)
        let written = records.map { writer.row($0.values) }.joined()
        do {
            let again = try reader.parse(written, file: "again.csv")
            if again.map(\.values) != records.map(\.values) {
                finding("written and read again: \(again.map(\.values)) instead of \(records.map(\.values))")
            }
        } catch {
            finding("CSVWriter wrote what CSVReader refuses: \(error) for \(records.map(\.values))")
        }
    }
    // The table as the import commands read it (a `sep=` line, the delimiter detected).
    do { _ = try CSVTable.parse(text: text, file: "fuzz.csv") } catch {
        checkErrorPlaces(error, lengths, what: "CSVTable")
    }
    return 0
}
