import Foundation
import FuzzSupport
import SeminarCore

// Sign-in sheets against the roster and three seminar days: any sheet is read or refused
// with a SeminarError; what is read is students of the roster on days of the seminar.
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let table = table(input(start, count)),
        let entries = try? SignInSheetParser.parse(table, students: Fixture.studentIDs, days: Fixture.days)
    else { return 0 }
    for e in entries {
        if !Fixture.studentIDs.contains(e.studentID) { finding("signature of unknown \(e.studentID)") }
        if !Fixture.days.contains(e.day) { finding("signature on \(e.day), not a seminar day") }
    }
    return 0
}
