import Foundation
import XCTest

@testable import SeminarCore

final class DeadlineExtensionTests: XCTestCase {
    let time = SeminarTime(identifier: "Europe/Berlin")!
    func at(_ s: String) -> Date { time.parse(s)!.date }
    var report: Deadline { Deadline(id: 1, kind: .report, due: at("2025-01-15"), title: nil) }

    func testADeadlineAppliesToAStudentWithTheirOwnLaterDate() {
        let ext = DeadlineExtension(
            studentID: "1", kind: .report, due: at("2025-01-20"), reason: nil, grantedAt: Date())
        let own = report.due(for: ext)
        XCTAssertEqual(own.due, at("2025-01-20"))
        XCTAssertEqual(own.extendedFrom, at("2025-01-15"))
        XCTAssertNil(
            own.lateness(of: at("2025-01-18T10:00")), "late against the deadline, on time against the student's date")
        XCTAssertNotNil(report.lateness(of: at("2025-01-18T10:00")))
        // Another kind's extension, or one the deadline was moved past, gives nothing.
        XCTAssertEqual(
            report.due(
                for: DeadlineExtension(
                    studentID: "1", kind: .slides, due: at("2025-01-20"), reason: nil, grantedAt: Date())), report)
        var moved = report
        moved.due = at("2025-01-31")
        XCTAssertEqual(moved.due(for: ext), moved, "an extension never shortens the time")
        XCTAssertEqual(report.due(for: nil), report)
    }

    func testTheGoverningDeadlineIsTheLatestOfItsKind() {
        let a = Deadline(id: 1, kind: .report, due: at("2025-01-15"), title: nil)
        let b = Deadline(id: 2, kind: .report, due: at("2025-01-31"), title: nil)
        let c = Deadline(id: 3, kind: .report, due: at("2025-01-31"), title: nil)
        let s = Deadline(id: 4, kind: .slides, due: at("2025-02-28"), title: nil)
        XCTAssertEqual(Deadline.governing(.report, in: [c, a, s, b])?.id, 3, "the later id of two at the same time")
        XCTAssertNil(Deadline.governing(.presentation, in: [a, b]))
    }

    func testAStudentWithAnExtensionIsRemindedBeforeTheirOwnDateOnly() {
        let students = [
            ReminderStudent(id: "1", name: "Ana", email: "ana@example.org", extensions: [.report: at("2025-01-25")]),
            ReminderStudent(id: "2", name: "Ben", email: "ben@example.org"),
        ]
        let windows = [ReminderWindow(seconds: 7 * 86400), ReminderWindow(seconds: 86400)]
        func due(_ now: String, _ deadlines: [Deadline]? = nil) -> [DueReminder] {
            ReminderPlanner.due(
                deadlines: deadlines ?? [report], students: students, windows: windows, kinds: [.report], now: at(now))
        }
        XCTAssertEqual(due("2025-01-09T08:00").map(\.student.id), ["2"], "Ana's windows have not opened")
        XCTAssertEqual(due("2025-01-15T08:00").map(\.window.description), ["1d"])
        XCTAssertEqual(due("2025-01-19T08:00").map(\.student.id), ["1"], "Ana's 7-day window, after the deadline")
        let ana = due("2025-01-25T08:00")
        XCTAssertEqual(ana.map(\.window.description), ["1d"])
        XCTAssertEqual(ana.first?.deadline.due, at("2025-01-25"))
        XCTAssertEqual(ana.first?.deadline.extendedFrom, at("2025-01-15"))
        XCTAssertEqual(ana.first?.key, "reminder:1:1:1d:until:2025-01-25T22:59:00Z")
        XCTAssertEqual(due("2025-01-15T08:00").first?.key, "reminder:2:1:1d", "keys without an extension are unchanged")
        XCTAssertTrue(due("2025-01-26T08:00").isEmpty, "no reminder after the student's own date")
        // An earlier deadline of the same kind is not Ana's any more; one moved past her date is.
        let draft = Deadline(id: 2, kind: .report, due: at("2025-01-10"), title: "Draft")
        XCTAssertEqual(
            due("2025-01-09T08:00", [draft, report]).map { "\($0.student.id) \($0.deadline.id)" }, ["2 2", "2 1"])
        let later = Deadline(id: 3, kind: .report, due: at("2025-01-31"), title: nil)
        XCTAssertEqual(due("2025-01-31T08:00", [later]).map(\.student.id), ["1", "2"])
        XCTAssertEqual(due("2025-01-31T08:00", [later]).first?.key, "reminder:1:3:1d")
    }
}
