import XCTest

@testable import SeminarCore

final class SeminarTimeTests: XCTestCase {
    let berlin = SeminarTime(identifier: "Europe/Berlin")!

    func iso(_ d: Date) -> String { SeminarTime.storageString(d) }

    func testADateAloneMeansTheEndOfThatDay() {
        let (d, precision) = berlin.parse("2025-01-15")!
        XCTAssertEqual(iso(d), "2025-01-15T22:59:00Z")  // CET is UTC+1
        XCTAssertEqual(precision, .day)
    }

    func testSummerTimeIsApplied() {
        XCTAssertEqual(iso(berlin.parse("2024-08-31")!.date), "2024-08-31T21:59:00Z")  // CEST is UTC+2
        XCTAssertEqual(iso(berlin.parse("2025-01-15T09:00")!.date), "2025-01-15T08:00:00Z")
        XCTAssertEqual(iso(berlin.parse("2025-01-15 09:00:30")!.date), "2025-01-15T08:00:30Z")
    }

    func testExplicitOffsetsWin() {
        XCTAssertEqual(iso(berlin.parse("2025-01-15T09:00Z")!.date), "2025-01-15T09:00:00Z")
        XCTAssertEqual(iso(berlin.parse("2025-01-15T09:00+05:30")!.date), "2025-01-15T03:30:00Z")
    }

    func refusal(_ time: SeminarTime, _ raw: String) -> String? {
        guard case .refused(let reason, let hint) = time.read(raw) else { return nil }
        return "\(reason); \(hint)"
    }

    func testATimeTheClocksSkipIsRefusedWithWhatToWrite() {
        // 02:30 does not exist on 2025-03-30 in Berlin: Foundation would move it to 03:30.
        XCTAssertNil(berlin.parse("2025-03-30T02:30"))
        XCTAssertEqual(
            refusal(berlin, "2025-03-30T02:30"),
            "02:30 does not exist on 2025-03-30 in Europe/Berlin: clocks jump from 02:00 to 03:00; write 03:30 or 01:30"
        )
        XCTAssertEqual(iso(berlin.parse("2025-03-30T03:00")!.date), "2025-03-30T01:00:00Z")
        XCTAssertEqual(iso(berlin.parse("2025-03-30T01:59")!.date), "2025-03-30T00:59:00Z")
        let newYork = SeminarTime(identifier: "America/New_York")!
        XCTAssertEqual(
            refusal(newYork, "2025-03-09 02:15"),
            "02:15 does not exist on 2025-03-09 in America/New_York: clocks jump from 02:00 to 03:00; "
                + "write 03:15 or 01:15")
        // With an offset the moment is exact.
        XCTAssertEqual(iso(berlin.parse("2025-03-30T02:30+01:00")!.date), "2025-03-30T01:30:00Z")
    }

    func testATimeTheClocksPassTwiceIsRefusedUnlessItsOffsetIsGiven() {
        XCTAssertNil(berlin.parse("2025-10-26T02:30"))
        XCTAssertEqual(
            refusal(berlin, "2025-10-26T02:30"),
            "02:30 happens twice on 2025-10-26 in Europe/Berlin: the clocks are put back that night; say which with "
                + "its offset: 2025-10-26T02:30+02:00 (the first) or 2025-10-26T02:30+01:00 (the second)")
        XCTAssertEqual(iso(berlin.parse("2025-10-26T02:30+02:00")!.date), "2025-10-26T00:30:00Z")
        XCTAssertEqual(iso(berlin.parse("2025-10-26T03:00")!.date), "2025-10-26T02:00:00Z")
        XCTAssertEqual(iso(berlin.parse("2025-10-26T01:59")!.date), "2025-10-25T23:59:00Z")
    }

    func testYearZeroLeapSecondsAnd2400AreRefusedWithWhatToWrite() {
        XCTAssertNil(berlin.parse("0000-01-15T12:00"))
        XCTAssertEqual(refusal(berlin, "0000-01-15"), "the year 0000 is out of range; write a year from 1900 to 2200")
        XCTAssertEqual(refusal(berlin, "0001-01-15"), "the year 0001 is out of range; write a year from 1900 to 2200")
        XCTAssertEqual(refusal(berlin, "2201-01-01"), "the year 2201 is out of range; write a year from 1900 to 2200")
        XCTAssertNotNil(berlin.parse("2200-12-31"))
        XCTAssertNil(berlin.parse("2025-01-15T23:59:60"))
        XCTAssertEqual(
            refusal(berlin, "2025-01-15T23:59:60"),
            "23:59:60 is a leap second, which the seminar's clock does not count; write 23:59:59 or the next minute")
        XCTAssertEqual(
            refusal(berlin, "2025-01-15T24:00"),
            "24:00 is not a time of day; write 2025-01-15T23:59 or the next day's 00:00")
        if case .notADate = berlin.read("2025-01-15T25:00") {} else { XCTFail("25:00 is no date at all") }
    }

    func testAFormTimestampTheClocksSkipIsNoTimeAndOnePassedTwiceIsTheFirst() {
        XCTAssertNil(FormTimestamp.parse("2025-03-30 02:30:00", time: berlin))
        XCTAssertNil(FormTimestamp.parse("2025-01-15 23:59:60", time: berlin))
        XCTAssertNil(FormTimestamp.parse("0000-01-15 10:00:00", time: berlin))
        XCTAssertEqual(iso(FormTimestamp.parse("2025-10-26 02:30:00", time: berlin)!), "2025-10-26T00:30:00Z")
        XCTAssertTrue(
            FormTimestamp.isTwice(FormTimestamp.parts("2025-10-26 02:30:00")!, order: .monthFirst, time: berlin))
        XCTAssertFalse(
            FormTimestamp.isTwice(FormTimestamp.parts("2025-10-26 03:30:00")!, order: .monthFirst, time: berlin))
        XCTAssertEqual(iso(FormTimestamp.parse("2025-03-30 02:30:00 GMT+1", time: berlin)!), "2025-03-30T01:30:00Z")
    }

    func testInvalidDatesAreRefused() {
        for bad in ["2025-02-30", "2025-13-01", "15.01.2025", "2025-01-15T25:00", "tomorrow", ""] {
            XCTAssertNil(berlin.parse(bad), bad)
        }
    }

    func testFormattingRoundTrips() {
        let d = berlin.parse("2025-02-13T09:30")!.date
        XCTAssertEqual(berlin.formatLocal(d), "2025-02-13 09:30")
        XCTAssertEqual(berlin.formatDay(d), "2025-02-13")
        XCTAssertEqual(SeminarTime.fromStorage(iso(d)), d)
        XCTAssertEqual(berlin.formatLong(d), "Thu 13 Feb 2025, 09:30 CET")
    }

    func testSlotsAndDayNamesForPeople() {
        let start = berlin.parse("2025-02-13T09:00")!.date
        let end = berlin.parse("2025-02-13T09:30")!.date
        XCTAssertEqual(
            berlin.formatSlot(start: start, end: end, room: "MI 02.09.023"),
            "Thu 13 Feb 2025, 09:00–09:30 CET, MI 02.09.023")
        let day = DayDate(year: 2025, month: 2, day: 13)
        XCTAssertEqual(berlin.formatDayLong(day), "Thursday, 13 February 2025")
        XCTAssertEqual(berlin.formatDayShort(day), "Thu 13 Feb")
        XCTAssertEqual(berlin.formatClock(end), "09:30")
        // The same SeminarTime answers again from its kept formatters, and other zones keep theirs.
        let summer = berlin.parse("2025-07-01T12:00")!.date
        XCTAssertEqual(berlin.formatLong(summer), "Tue 1 Jul 2025, 12:00 CEST")
        XCTAssertTrue(SeminarTime(identifier: "UTC")!.formatLong(summer).hasPrefix("Tue 1 Jul 2025, 10:00 "))
    }

    func testFormattersAreSharedSafelyAcrossThreads() {
        let d = berlin.parse("2025-02-13T09:30")!.date
        let time = berlin
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            XCTAssertEqual(
                time.formatLong(d.addingTimeInterval(Double(i % 2) * 60)),
                i % 2 == 0
                    ? "Thu 13 Feb 2025, 09:30 CET" : "Thu 13 Feb 2025, 09:31 CET")
        }
    }

    func testIntervals() {
        XCTAssertEqual(SeminarTime.describeInterval(3 * 86400 + 4 * 3600), "3 days 4 hours")
        XCTAssertEqual(SeminarTime.describeInterval(3600), "1 hour")
        XCTAssertEqual(SeminarTime.describeInterval(45 * 60), "45 minutes")
    }
}

final class RowSetTests: XCTestCase {
    let rows = RowSet(
        columns: ["id", "name", "rank"],
        rows: [
            [.text("03712845"), .text("Jonas \"J\" Müller"), .int(1)],
            [.text("2"), .text("Ana, Lee"), .null],
        ])

    func testJSONKeepsTypesAndKeyOrder() throws {
        let json = rows.json()
        XCTAssertTrue(json.contains(#"{"id": "03712845", "name": "Jonas \"J\" Müller", "rank": 1}"#))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
        XCTAssertEqual(parsed.count, 2)
        XCTAssertTrue(parsed[1]["rank"] is NSNull)
        XCTAssertEqual(RowSet(columns: ["a"]).json(), "[]\n")
    }

    func testCSVHasAHeaderAndQuotes() {
        XCTAssertEqual(rows.csv(), "id,name,rank\n03712845,\"Jonas \"\"J\"\" Müller\",1\n2,\"Ana, Lee\",\n")
    }

    /// A list CSV opened in a spreadsheet must not run a student's name as a formula (list
    /// CSVs passed `=HYPERLINK(…)` through; only the grade sheet neutralised it).
    func testCSVNeutralisesFormulaShapedTextButNotNumbers() {
        let hostile = RowSet(
            columns: ["name", "n", "grade", "note"],
            rows: [
                [.text("=HYPERLINK(\"http://evil.example\")"), .int(-1), .decimal("-0.3"), .text("@SUM(A1)")],
                [.text("-1"), .int(2), .null, .text("+inf")],
            ])
        XCTAssertEqual(
            hostile.csv(),
            "name,n,grade,note\n\"'=HYPERLINK(\"\"http://evil.example\"\")\",-1,-0.3,'@SUM(A1)\n-1,2,,'+inf\n")
        XCTAssertTrue(hostile.json().contains(#""name": "=HYPERLINK(\"http://evil.example\")""#), "JSON keeps values")
    }

    func testTableColumnsArePaddedAndLinesEndWithoutSpaces() {
        let table = RowSet(
            columns: ["id", "long_name", "x"],
            rows: [[.text("1"), .text(""), .text("a")], [.text("22"), .text("Müller"), .text("")]])
        XCTAssertEqual(table.table(width: nil), "id  long name  x\n1              a\n22  Müller\n")
        XCTAssertEqual(
            table.table(width: nil, style: TerminalStyle(enabled: true)).split(separator: "\n").first,
            "\u{1B}[1mid  long name  x\u{1B}[0m")
    }

    func testTableFitsTheWidth() {
        let wide = RowSet(
            columns: ["id", "title"], rows: [[.text("x"), .text(String(repeating: "long ", count: 30))]])
        let table = wide.table(width: 40)
        for line in table.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 40) }
        XCTAssertTrue(table.contains("…"))
        XCTAssertFalse(wide.table(width: nil).contains("…"))
        XCTAssertFalse(
            wide.table(width: nil).split(separator: "\n").contains { $0.hasSuffix(" ") }, "no trailing spaces")
        XCTAssertFalse(table.contains("\u{1B}"), "plain style has no escape codes")
    }
}

/// The storage form is written by hand (a formatter per call was too slow): it must agree
/// with Foundation's ISO 8601 formatter everywhere.
final class StorageStringTests: XCTestCase {
    func testAgreesWithFoundationsFormatter() {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")!
        var rng = SystemRandomNumberGenerator()
        let fixed: [TimeInterval] = [
            0, -1, 86399, 86400, 951_782_400, 1_709_164_800, 4_102_444_799, -2_208_988_800, 1_736_981_940.75,
        ]
        let random = (0..<2000).map { _ in TimeInterval(Int.random(in: -60_000_000_000...250_000_000_000, using: &rng))
        }
        for t in fixed + random {
            let date = Date(timeIntervalSince1970: t)
            let expected = f.string(from: Date(timeIntervalSince1970: t.rounded(.down)))
            XCTAssertEqual(SeminarTime.storageString(date), expected, "\(t)")
            XCTAssertEqual(SeminarTime.fromStorage(expected), Date(timeIntervalSince1970: t.rounded(.down)), expected)
        }
        XCTAssertNil(SeminarTime.fromStorage("2025-13-01T00:00:00Z"))
        XCTAssertEqual(
            SeminarTime.fromStorage("2025-01-15T23:59:00+01:00"), SeminarTime.fromStorage("2025-01-15T22:59:00Z"))
    }
}
