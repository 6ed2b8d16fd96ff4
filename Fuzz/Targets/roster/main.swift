import Foundation
import FuzzSupport
import SeminarCore

// Rosters (TUMonline, Moodle, HISinOne, Stud.IP exports): any file is read or refused with a
// SeminarError. What is read has valid, distinct ids and valid e-mail addresses, whether bad
// rows reject the file or are skipped.
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let table = table(input(start, count)) else { return 0 }
    for skipInvalid in [false, true] {
        guard let roster = try? RosterParser.read(table, skipInvalid: skipInvalid) else { continue }
        var seen = Set<String>()
        for s in roster.students {
            if !Validation.isValidID(s.id) { finding("invalid id \(s.id) accepted") }
            if !Validation.isValidEmail(s.email) { finding("invalid e-mail \(s.email) accepted") }
            if !seen.insert(s.id).inserted { finding("id \(s.id) accepted twice") }
        }
    }
    return 0
}
