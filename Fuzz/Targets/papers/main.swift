import Foundation
import FuzzSupport
import SeminarCore

// Paper catalogs: any file is read or refused with a SeminarError. What is read has distinct
// ids and capacities within the limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard let table = table(input(start, count)), let papers = try? PaperParser.parse(table) else { return 0 }
    var seen = Set<String>()
    for p in papers {
        if !seen.insert(p.id).inserted { finding("paper id \(p.id) accepted twice") }
        if !(0...PaperFields.maxCapacity).contains(p.capacity) { finding("capacity \(p.capacity) accepted") }
    }
    return 0
}
