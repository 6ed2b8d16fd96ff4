import XCTest

/// Times that do not exist (year 0000, a leap second, 24:00, the spring-forward gap) or happen
/// twice (the autumn night) are refused with what to write instead.
final class ImpossibleTimesCLITests: XCTestCase {
    func testADeadlineInTheYear0000IsRefused() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let before = try cli.dump()
        let r = try cli.run(["deadline", "add", "report", "0000-01-15T12:00"])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(r.stderr.contains("the year 0000 is out of range"), r.stderr)
        XCTAssertTrue(r.stderr.contains("write a year from 1900 to 2200"), r.stderr)
        XCTAssertEqual(try cli.dump(), before)
    }

    func testALeapSecondIsRefusedWithWhatToWrite() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        try cli.ok(["deadline", "add", "report", "2025-01-15"])
        let before = try cli.dump()
        let r = try cli.run(["submit", "03705521", "report", "--at", "2025-01-15T23:59:60"])
        XCTAssertEqual(r.status, 65, r.stdout)
        XCTAssertTrue(r.stderr.contains("23:59:60 is a leap second"), r.stderr)
        XCTAssertTrue(r.stderr.contains("write 23:59:59 or the next minute"), r.stderr)
        let midnight = try cli.run(["submit", "03705521", "report", "--at", "2025-01-15T24:00"])
        XCTAssertEqual(midnight.status, 65)
        XCTAssertTrue(midnight.stderr.contains("24:00 is not a time of day"), midnight.stderr)
        XCTAssertEqual(try cli.dump(), before)
    }

    func testATimeTheClocksSkipOrPassTwiceIsRefused() throws {
        let cli = try CLI()
        try cli.initFixtureSeminar()
        let before = try cli.dump()
        let gap = try cli.run(["deadline", "add", "report", "2025-03-30T02:30"])
        XCTAssertEqual(gap.status, 65, gap.stdout)
        XCTAssertTrue(
            gap.stderr.contains(
                "02:30 does not exist on 2025-03-30 in Europe/Berlin: clocks jump from 02:00 to 03:00; write 03:30 or 01:30"
            ), gap.stderr)
        let twice = try cli.run(["deadline", "add", "report", "2025-10-26T02:30"])
        XCTAssertEqual(twice.status, 65, twice.stdout)
        XCTAssertTrue(twice.stderr.contains("02:30 happens twice on 2025-10-26 in Europe/Berlin"), twice.stderr)
        XCTAssertTrue(
            twice.stderr.contains("2025-10-26T02:30+02:00 (the first) or 2025-10-26T02:30+01:00 (the second)"),
            twice.stderr)
        XCTAssertEqual(try cli.dump(), before)
        try cli.ok(["deadline", "add", "report", "2025-10-26T02:30+01:00"])
        let list = try cli.json(["deadline", "list", "--format", "json"])
        XCTAssertEqual(list.first?["due_utc"] as? String, "2025-10-26T01:30:00Z", "\(list)")
    }
}
