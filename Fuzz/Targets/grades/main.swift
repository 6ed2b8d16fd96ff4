import Foundation
import FuzzSupport
import SeminarCore

// Grade files (a column per component, Moodle's worksheet and gradebook, German lists) under
// the standard policy and a percentage one, as they are and with one `Grade` column taken as
// the report: any file is read or refused with a SeminarError; what is read is grades on the
// scale, of the policy's components, for students of the roster.
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let table = table(input(start, count)) else { return 0 }
    let percentage = GradingPolicy(
        components: GradingPolicy.standard.components, scale: .percentage, rounding: .truncate)
    for policy in [GradingPolicy.standard, percentage] {
        for component in [nil, "report"] {
            guard
                let read = try? GradeFileParser.read(
                    table, policy: policy, knownStudents: Fixture.studentIDs, emails: Fixture.emails,
                    component: component)
            else { continue }
            for row in read.rows {
                if !Fixture.studentIDs.contains(row.studentID) { finding("grade for unknown \(row.studentID)") }
                for (name, value) in row.grades {
                    if policy.component(name) == nil { finding("grade for unknown component \(name)") }
                    if policy.scale.parse(policy.scale.format(value)) != value {
                        finding("grade \(value) of \(name) is not on the scale")
                    }
                }
            }
        }
    }
    return 0
}
