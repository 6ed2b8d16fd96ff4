import Foundation
import FuzzSupport
import SeminarCore

// The .xlsx reader. The first byte chooses what the rest is: 0 a whole file; otherwise one
// part of a real workbook (Fixtures/forms/msforms-ranking.xlsx) to put in a package in place
// of the original part, so that the XML handlers are reached past the ZIP layer. Any bytes
// are read or refused with an InputError; the records name real cells in order.
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let mode = Int(start.load(as: UInt8.self)) % (XLSXTemplate.parts.count + 1)
    let rest = Data(bytes: start + 1, count: count - 1)
    let data = mode == 0 ? rest : XLSXTemplate.package(replacing: mode - 1, with: rest)
    if let names = try? XLSXReader.sheetNames(data, file: "fuzz.xlsx") {
        for name in names.dropFirst().prefix(2) {
            if let (sheet, records) = try? XLSXReader.read(data, file: "fuzz.xlsx", sheet: name) {
                if sheet != name { finding("asked for sheet \(name), read \(sheet)") }
                checkSheetRecords(records)
            }
        }
    }
    // The first sheet, as the import commands read it. Bytes that are no ZIP are read as CSV
    // text, whose records may rightly span lines (a quoted line break): the csv target's.
    if XLSXReader.looksLikeZip(data), let table = try? CSVTable.load(data: data, file: "fuzz.xlsx") {
        checkSheetRecords([table.header] + table.rows)
    }
    return 0
}
