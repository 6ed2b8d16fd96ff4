import Foundation

/// Which of two numbers comes first in a slashed date such as `8/3/2024`.
public enum DayOrder: String, Sendable {
    /// `8/3/2024` is 3 August: Google Forms, Sheets and Excel in US English.
    case monthFirst = "month/day/year"
    /// `8/3/2024` is 8 March: Sheets and Excel in British, French, Spanish... locales.
    case dayFirst = "day/month/year"
}

/// A form tool's timestamp taken apart, before it is placed in a time zone.
public struct TimestampParts: Sendable, Equatable {
    var a: Int, b: Int, c: Int
    var firstDigits: Int
    /// How many digits the last number has: `24` in `8/14/24` is 2024, `0024` is no year.
    var lastDigits = 4
    var separator: UInt8
    var hour: Int?, minute: Int, second: Int
    var meridiem: UInt8?  // "a" or "p"
    var offsetSeconds: Int?

    /// Whether the date is written with slashes and a short first part (`8/3/2024`), where
    /// the order of day and month depends on the locale.
    var isAmbiguousSlashed: Bool { separator == UInt8(ascii: "/") && firstDigits < 3 }
}

/// The timestamps form tools write, read in the seminar's time zone unless they carry an offset:
/// Google Forms' download `2024/08/03 10:15:22 AM GMT+2`; Sheets `8/14/2024 10:23:45` (US) or
/// `14.08.2024 10:23:45` (German); Excel's display `03.08.2024 9:05` or `8/3/24 10:15 AM`;
/// ISO 8601 `2024-08-03T10:15:22+02:00`; LimeSurvey `2024-08-03 10:15:22`; a spreadsheet's
/// date cell (read as `2024-08-03 10:15:22`).
public enum FormTimestamp {
    public static func parts(_ raw: String) -> TimestampParts? {
        var s = Scanner(Array(raw.utf8))
        s.skipSpaces()
        guard let (a, aDigits) = s.number() else { return nil }
        guard let sep = s.peek, sep == UInt8(ascii: "/") || sep == UInt8(ascii: ".") || sep == UInt8(ascii: "-") else {
            return nil
        }
        s.advance()
        guard let (b, _) = s.number(), s.peek == sep else { return nil }
        s.advance()
        guard let (c, cDigits) = s.number() else { return nil }
        var p = TimestampParts(
            a: a, b: b, c: c, firstDigits: aDigits, separator: sep, hour: nil, minute: 0, second: 0,
            meridiem: nil, offsetSeconds: nil)
        p.lastDigits = cDigits
        if aDigits != 4 && cDigits != 4 && cDigits != 2 { return nil }
        // "03.08.2024." never, but "3.8.24." does occur.
        if s.peek == UInt8(ascii: ".") && sep == UInt8(ascii: ".") { s.advance() }
        if s.peek == UInt8(ascii: "T") {
            s.advance()
        } else {
            s.skip(UInt8(ascii: ","))
            s.skipSpaces()
        }
        if s.atEnd { return nil }  // a form's timestamp always has a time of day
        guard let (h, _) = s.number(), s.peek == UInt8(ascii: ":") else { return nil }
        s.advance()
        guard let (m, mDigits) = s.number(), mDigits == 2 else { return nil }
        p.hour = h
        p.minute = m
        if s.peek == UInt8(ascii: ":") {
            s.advance()
            guard let (sec, secDigits) = s.number(), secDigits == 2 else { return nil }
            p.second = sec
            if s.peek == UInt8(ascii: ".") || s.peek == UInt8(ascii: ",") {
                s.advance()
                guard let (_, fracDigits) = s.number(), fracDigits > 0 else { return nil }
            }
        }
        s.skipSpaces()
        p.meridiem = s.meridiem()
        s.skipSpaces()
        if !s.atEnd {
            guard let offset = s.zone() else { return nil }
            p.offsetSeconds = offset
        }
        s.skipSpaces()
        return s.atEnd ? p : nil
    }

    /// The day order a column of timestamps implies: a first number above 12 means day first,
    /// a second one above 12 month first. Nil with `decided == false` when no value decides.
    public static func dayOrder(of values: [TimestampParts]) -> (order: DayOrder?, conflict: Bool) {
        var dayFirst = false
        var monthFirst = false
        // A value impossible in both orders (13/45/2024) is an error of its own, not evidence.
        for p in values where p.isAmbiguousSlashed {
            if p.a > 12 && p.a <= 31 && p.b <= 12 { dayFirst = true }
            if p.b > 12 && p.b <= 31 && p.a <= 12 { monthFirst = true }
        }
        if dayFirst && monthFirst { return (nil, true) }
        return (dayFirst ? .dayFirst : (monthFirst ? .monthFirst : nil), false)
    }

    /// The instant, or nil when the parts are not a real time (31 June, 25:00, 13 PM, year
    /// 0000, a leap second, a time the clocks skipped in the seminar's zone). A time the
    /// clocks passed twice (the night summer time ends) is the first (see `isTwice`).
    public static func date(_ p: TimestampParts, order: DayOrder, time: SeminarTime) -> Date? {
        guard let (year, month, day, hour) = civil(p, order: order) else { return nil }
        var calendar = time.calendarInZone
        if let offset = p.offsetSeconds {
            guard let zone = TimeZone(secondsFromGMT: offset) else { return nil }
            calendar.timeZone = zone
            let comps = DateComponents(
                year: year, month: month, day: day, hour: hour, minute: p.minute, second: p.second)
            guard let date = calendar.date(from: comps), calendar.component(.day, from: date) == day else {
                return nil
            }
            return date
        }
        switch time.localInstants(year: year, month: month, day: day, hour: hour, minute: p.minute, second: p.second) {
        case .one(let date): return date
        case .gap: return nil
        case .twice(let first, _): return first.date
        }
    }

    /// Whether a timestamp without an offset names a time the seminar's zone passed twice:
    /// `date` takes the first, and the import says so.
    public static func isTwice(_ p: TimestampParts, order: DayOrder, time: SeminarTime) -> Bool {
        guard p.offsetSeconds == nil, let (year, month, day, hour) = civil(p, order: order) else { return false }
        if case .twice = time.localInstants(
            year: year, month: month, day: day, hour: hour, minute: p.minute, second: p.second)
        {
            return true
        }
        return false
    }

    /// Year, month, day and 24-hour hour, when they are a real date and time of day.
    static func civil(_ p: TimestampParts, order: DayOrder) -> (Int, Int, Int, Int)? {
        var year: Int
        var month: Int
        var day: Int
        if p.firstDigits == 4 {
            (year, month, day) = (p.a, p.b, p.c)
        } else if p.separator == UInt8(ascii: "/") && order == .monthFirst {
            (year, month, day) = (p.c, p.a, p.b)
        } else {
            (year, month, day) = (p.c, p.b, p.a)
        }
        // "8/14/24": a spreadsheet saved the export again.
        if p.firstDigits != 4 && p.lastDigits == 2 { year += 2000 }
        var hour = p.hour ?? 0
        if let m = p.meridiem {
            guard (1...12).contains(hour) else { return nil }
            if m == UInt8(ascii: "a") && hour == 12 {
                hour = 0
            } else if m == UInt8(ascii: "p") && hour != 12 {
                hour += 12
            }
        }
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(p.minute),
            (0...59).contains(p.second), SeminarTime.years.contains(year),
            day <= DayDate.daysIn(month: month, year: year)
        else { return nil }
        return (year, month, day, hour)
    }

    /// One timestamp on its own (US order for slashed dates), as tests and one-off values need.
    public static func parse(_ raw: String, time: SeminarTime, order: DayOrder = .monthFirst) -> Date? {
        parts(raw).flatMap { date($0, order: order, time: time) }
    }

    /// A small byte scanner: timestamps are ASCII.
    struct Scanner {
        let bytes: [UInt8]
        var i = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { i >= bytes.count }
        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }
        mutating func advance() { i += 1 }
        mutating func skip(_ b: UInt8) { if peek == b { i += 1 } }
        mutating func skipSpaces() {
            while let b = peek, b == 0x20 || b == 0x09 || b == 0xC2 || b == 0xA0 { i += 1 }  // NBSP as UTF-8
        }

        mutating func number() -> (Int, Int)? {
            var value = 0
            var digits = 0
            while let b = peek, b >= 0x30, b <= 0x39, digits < 9 {
                value = value * 10 + Int(b - 0x30)
                digits += 1
                i += 1
            }
            return digits == 0 ? nil : (value, digits)
        }

        /// `AM`, `pm`, `a.m.`: returns "a" or "p".
        mutating func meridiem() -> UInt8? {
            guard let b = peek.map({ $0 | 0x20 }), b == UInt8(ascii: "a") || b == UInt8(ascii: "p") else { return nil }
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: ".") { j += 1 }
            guard j < bytes.count, bytes[j] | 0x20 == UInt8(ascii: "m") else { return nil }
            j += 1
            if j < bytes.count, bytes[j] == UInt8(ascii: ".") { j += 1 }
            i = j
            return b
        }

        /// `Z`, `GMT`, `UTC`, `GMT+2`, `GMT-07:00`, `+02:00`, `+0200`: seconds east of UTC.
        mutating func zone() -> Int? {
            let rest = String(decoding: bytes[i...], as: UTF8.self).uppercased()
            var text = Substring(rest)
            if text == "Z" {
                i = bytes.count
                return 0
            }
            for name in ["GMT", "UTC"] where text.hasPrefix(name) {
                text = text.dropFirst(name.count)
                if text.isEmpty {
                    i = bytes.count
                    return 0
                }
            }
            guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
            let digits = text.dropFirst()
            let parts = digits.split(separator: ":", omittingEmptySubsequences: false)
            var hours = 0
            var minutes = 0
            if parts.count == 2 {
                guard let h = Int(parts[0]), let m = Int(parts[1]), parts[1].count == 2 else { return nil }
                (hours, minutes) = (h, m)
            } else if digits.count == 4, let v = Int(digits) {
                (hours, minutes) = (v / 100, v % 100)
            } else if (1...2).contains(digits.count), let h = Int(digits) {
                hours = h
            } else {
                return nil
            }
            guard hours <= 14, minutes < 60, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") }) else {
                return nil
            }
            i = bytes.count
            return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
    }
}
