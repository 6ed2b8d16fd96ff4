import Foundation
import FuzzSupport
import SeminarCore

// Preference files in the long format (`student,paper,rank`), against the fixtures' roster
// and catalog: any file is read or refused, and what is read names only known students and
// papers, each paper once per student.
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let table = table(input(start, count)) else { return 0 }
    checkForms(PreferenceFormParser.parse(table, directory: Fixture.directory, time: Fixture.time))
    return 0
}
