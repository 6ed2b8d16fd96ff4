import Foundation
import FuzzSupport

@testable import SeminarCore

// The registration-list filler. Any list is read or refused with an InputError. Filled with
// grades (quotes, delimiters, line breaks and characters outside Latin-1 among them) for the
// ids on the list, the new file differs from the old only inside grade cells: cut out the
// grade cells of both and the rest is the same bytes; read again, it has the same records
// and the grades written. (Never an empty value: the filler is given formatted grades only,
// and an empty one written into a last line that holds only that cell would end the file
// one record early.)
let values: [String?] = ["1,3", "2.0", "5,0", "1;0", "1,0\"", "a\r\nb", "ä", "€", "\u{1F600}", " 3,7 ", nil]

@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = input(start, count)
    guard let list = try? RegistrationList(data: data, file: "fuzz.csv") else { return 0 }
    let idColumn = list.column(named: "Matrikelnummer") ?? 0
    let gradeColumn = list.column(named: "Note") ?? max(list.header.fields.count - 1, 0)
    guard gradeColumn < list.header.fields.count, idColumn < list.header.fields.count else { return 0 }
    var entries: [String: RegistrationEntry] = [:]
    for (i, record) in list.dataRecords.enumerated() where idColumn < record.fields.count {
        let id = record.fields[idColumn].value.trimmingCharacters(in: .whitespaces)
        let value = values[(i + count) % values.count]
        entries[id] = RegistrationEntry(value: value, reason: value == nil ? "incomplete" : nil)
    }
    let (out, _) = list.fill(idColumn: idColumn, gradeColumn: gradeColumn, entries: entries)
    let again: [RegistrationList.Record]
    do {
        again = try RegistrationList.parse(
            [UInt8](out), delimiter: list.delimiter, encoding: list.encoding, file: "filled.csv")
    } catch {
        finding("the filled list cannot be read again: \(error)")
    }
    if again.count != list.records.count {
        finding("\(list.records.count) records became \(again.count)")
    }
    let before = outsideGrades(list.bytes, list.records, gradeColumn: gradeColumn, header: list.headerIndex)
    let after = outsideGrades([UInt8](out), again, gradeColumn: gradeColumn, header: list.headerIndex)
    if before != after { finding("bytes outside the grade cells changed") }
    for (old, new) in zip(list.records, again) {
        if old.fields.count != new.fields.count {
            finding("line \(old.line): fields \(old.fields.count) → \(new.fields.count)")
        }
        for (c, (a, b)) in zip(old.fields, new.fields).enumerated() where c != gradeColumn && a.value != b.value {
            finding("line \(old.line): cell \(c + 1) changed from \(a.value) to \(b.value)")
        }
    }
    return 0
}

/// The file cut at the grade cells of the data records: the pieces between them.
func outsideGrades(_ bytes: [UInt8], _ records: [RegistrationList.Record], gradeColumn: Int, header: Int) -> [[UInt8]] {
    var pieces: [[UInt8]] = []
    var position = 0
    for record in records.dropFirst(header + 1) where gradeColumn < record.fields.count {
        let field = record.fields[gradeColumn]
        pieces.append(Array(bytes[position..<field.start]))
        position = field.end
    }
    pieces.append(Array(bytes[position...]))
    return pieces
}
