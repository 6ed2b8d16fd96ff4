import Foundation
import FuzzSupport
import SeminarCore

// Form exports (Google Forms, Microsoft Forms, LimeSurvey, Sheets: choice columns, a grid, a
// ranking cell), against the fixtures' roster and catalog, read as detected, with day-first
// dates, and with the last column named as the choice column. What is read names only known
// students and papers, each paper once per student.
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let table = table(input(start, count)) else { return 0 }
    let directory = Fixture.directory
    checkForms(PreferenceFormParser.parse(table, directory: directory, time: Fixture.time))
    checkForms(
        PreferenceFormParser.parse(
            table, directory: directory, time: Fixture.time, columns: FormColumnNames(dayOrder: .dayFirst)))
    if table.header.fields.count > 1, let last = table.header.values.last, !last.isEmpty {
        checkForms(
            PreferenceFormParser.parse(
                table, directory: directory, time: Fixture.time, columns: FormColumnNames(choices: [last])))
    }
    return 0
}
