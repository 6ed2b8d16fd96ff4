import Foundation

/// Dates as the coordinator types them, read in the seminar's time zone.
///
/// `2025-01-15` means the end of that day (23:59), `2025-01-15T09:00` (or with a space)
/// that minute; an explicit offset (`Z`, `+01:00`) is honoured. Instants are stored as
/// UTC ISO 8601, so a daylight-saving change between now and a deadline cannot shift it.
public struct SeminarTime: Sendable {
    public let timeZone: TimeZone
    private let calendar: Calendar
    /// The formatters of this zone, each built once when first used: a list of 10,000 rows
    /// must not build 10,000 formatters.
    private let formats: Formats

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        formats = Formats(timeZone: timeZone)
    }

    public init?(identifier: String) {
        guard let tz = TimeZone(identifier: identifier) else { return nil }
        self.init(timeZone: tz)
    }

    /// Whether the text was a bare date (end of day) or a moment.
    public enum Precision: Sendable { case day, minute }

    /// The years a typed or imported date may have: the range `DayDate` accepts.
    public static let years = 1900...2200

    /// What a typed date is: a moment, a date refused for a reason (`reason` and `hint`: year
    /// 0000, a leap second, 24:00, a clock time that does not exist or happens twice that
    /// day in the seminar's zone), or no date at all.
    public enum Reading: Sendable {
        case moment(Date, Precision)
        case refused(reason: String, hint: String)
        case notADate
    }

    public func parse(_ raw: String) -> (date: Date, precision: Precision)? {
        guard case .moment(let date, let precision) = read(raw) else { return nil }
        return (date, precision)
    }

    /// Reads a typed date, saying why one that looks like a date is refused.
    public func read(_ raw: String) -> Reading {
        let s = raw.trimmingCharacters(in: .whitespaces)
        guard let m = Self.datePattern.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else {
            return .notADate
        }
        func group(_ i: Int) -> String? {
            guard let r = Range(m.range(at: i), in: s) else { return nil }
            return String(s[r])
        }
        guard let y = Int(group(1)!), let mo = Int(group(2)!), let d = Int(group(3)!),
            (1...12).contains(mo), (1...31).contains(d)
        else { return .notADate }
        guard Self.years.contains(y) else {
            return .refused(
                reason: "the year \(group(1)!) is out of range",
                hint: "write a year from \(Self.years.lowerBound) to \(Self.years.upperBound)")
        }
        var comps = DateComponents(year: y, month: mo, day: d)
        // Reject 2025-02-30 rather than letting the calendar roll it into March.
        guard let dayStart = calendar.date(from: comps),
            calendar.component(.day, from: dayStart) == d, calendar.component(.month, from: dayStart) == mo
        else { return .notADate }
        let day = "\(group(1)!)-\(group(2)!)-\(group(3)!)"
        guard let hs = group(4), let h = Int(hs), let mi = Int(group(5)!) else {
            comps.hour = 23
            comps.minute = 59
            return calendar.date(from: comps).map { .moment($0, .day) } ?? .notADate
        }
        let sec = group(6).flatMap(Int.init) ?? 0
        let clock = "\(hs):\(group(5)!)\(group(6).map { ":" + $0 } ?? "")"
        if h == 24 && mi == 0 && sec == 0 {
            return .refused(
                reason: "\(clock) is not a time of day", hint: "write \(day)T23:59 or the next day's 00:00")
        }
        if (0...23).contains(h), (0...59).contains(mi), sec == 60 {
            return .refused(
                reason: "\(clock) is a leap second, which the seminar's clock does not count",
                hint: "write \(hs):\(group(5)!):59 or the next minute")
        }
        guard (0...23).contains(h), (0...59).contains(mi), (0...59).contains(sec) else { return .notADate }
        comps.hour = h
        comps.minute = mi
        comps.second = sec
        if let zone = group(7) {
            var cal = Calendar(identifier: .gregorian)
            if zone == "Z" {
                cal.timeZone = TimeZone(identifier: "UTC")!
            } else {
                let sign = zone.hasPrefix("-") ? -1 : 1
                let digits = zone.dropFirst().replacingOccurrences(of: ":", with: "")
                guard let hh = Int(digits.prefix(2)), let mm = Int(digits.suffix(2)),
                    let tz = TimeZone(secondsFromGMT: sign * (hh * 3600 + mm * 60))
                else { return .notADate }
                cal.timeZone = tz
            }
            return cal.date(from: comps).map { .moment($0, .minute) } ?? .notADate
        }
        let wall = "\(hs):\(group(5)!)"
        switch localInstants(year: y, month: mo, day: d, hour: h, minute: mi, second: sec) {
        case .one(let date):
            return .moment(date, .minute)
        case .gap(let from, let to, let length):
            return .refused(
                reason: "\(wall) does not exist on \(day) in \(timeZone.identifier): clocks jump from \(from) to \(to)",
                hint: "write \(shifted(h, mi, by: length)) or \(shifted(h, mi, by: -length))")
        case .twice(let first, let second):
            return .refused(
                reason: "\(wall) happens twice on \(day) in \(timeZone.identifier): the clocks are put back that night",
                hint: "say which with its offset: \(day)T\(wall)\(Self.offset(first.offset)) (the first) or "
                    + "\(day)T\(wall)\(Self.offset(second.offset)) (the second)")
        }
    }

    /// The instants a wall-clock time names in this zone: one, none (a gap: the clock jumped
    /// from `from` to `to`, by `length` seconds) or two (the clock went back).
    enum LocalInstants {
        case one(Date)
        case gap(from: String, to: String, length: Int)
        case twice((date: Date, offset: Int), (date: Date, offset: Int))
    }

    func localInstants(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> LocalInstants {
        let wall = Self.daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
        let asUTC = Date(timeIntervalSince1970: TimeInterval(wall))
        // The offsets in force a day either side: a wall time is valid under an offset that
        // is in force at the instant it gives.
        let offsets = Set([-2, -1, 0, 1, 2].map { timeZone.secondsFromGMT(for: asUTC + TimeInterval($0 * 43200)) })
        let valid = offsets.compactMap { offset -> (date: Date, offset: Int)? in
            let instant = Date(timeIntervalSince1970: TimeInterval(wall - offset))
            return timeZone.secondsFromGMT(for: instant) == offset ? (instant, offset) : nil
        }.sorted { $0.date < $1.date }
        if valid.count >= 2 { return .twice(valid[0], valid[valid.count - 1]) }
        if let one = valid.first { return .one(one.date) }
        // A gap: the transition is the first moment after the earliest candidate instant.
        let earliest = Date(timeIntervalSince1970: TimeInterval(wall - (offsets.max() ?? 0)))
        guard let jump = timeZone.nextDaylightSavingTimeTransition(after: earliest - 1) else {
            return .one(asUTC - TimeInterval(timeZone.secondsFromGMT(for: asUTC)))
        }
        let before = timeZone.secondsFromGMT(for: jump - 1)
        let after = timeZone.secondsFromGMT(for: jump)
        func clock(_ offset: Int) -> String {
            let t = Int(jump.timeIntervalSince1970.rounded(.down)) + offset
            let rest = ((t % 86400) + 86400) % 86400
            return zeroPadded(rest / 3600, 2) + ":" + zeroPadded(rest / 60 % 60, 2)
        }
        return .gap(from: clock(before), to: clock(after), length: after - before)
    }

    /// `+02:00`: an offset as a typed date carries it.
    static func offset(_ seconds: Int) -> String {
        let a = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + zeroPadded(a / 60, 2) + ":" + zeroPadded(a % 60, 2)
    }

    /// `03:30`: a wall-clock time moved by `seconds`, around the clock.
    func shifted(_ hour: Int, _ minute: Int, by seconds: Int) -> String {
        let m = (((hour * 60 + minute + seconds / 60) % 1440) + 1440) % 1440
        return zeroPadded(m / 60, 2) + ":" + zeroPadded(m % 60, 2)
    }

    /// `2025-01-15 23:59` in the seminar's zone.
    public func formatLocal(_ date: Date, seconds: Bool = false) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        var s = "\(zeroPadded(c.year!, 4))-\(zeroPadded(c.month!, 2))-\(zeroPadded(c.day!, 2))"
        s += " \(zeroPadded(c.hour!, 2)):\(zeroPadded(c.minute!, 2))"
        if seconds { s += ":" + zeroPadded(c.second!, 2) }
        return s
    }

    /// `2025-01-15` in the seminar's zone.
    public func formatDay(_ date: Date) -> String {
        DayDate(date, calendar: calendar).description
    }

    /// `Wed 15 Jan 2025, 23:59 CET`, for people.
    public func formatLong(_ date: Date) -> String {
        formats.string(date, .long)
    }

    /// A talk's slot as a mail says it: `Thu 13 Feb 2025, 09:00–09:30 CET, MI 02.09.023`.
    public func formatSlot(start: Date, end: Date, room: String) -> String {
        "\(formats.string(start, .slotStart))–\(formats.string(end, .slotEnd)), \(room)"
    }

    /// `Thursday, 13 February 2025`.
    public func formatDayLong(_ day: DayDate) -> String {
        formats.string(day.at(ClockTime(hour: 12, minute: 0), calendar: calendar), .dayLong)
    }

    /// `Thu 13 Feb`.
    public func formatDayShort(_ day: DayDate) -> String {
        formats.string(day.at(ClockTime(hour: 12, minute: 0), calendar: calendar), .dayShort)
    }

    /// `09:30` in the seminar's zone.
    public func formatClock(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return ClockTime(hour: c.hour!, minute: c.minute!).description
    }

    public var calendarInZone: Calendar { calendar }

    /// The instant as stored: UTC, ISO 8601, second precision (`2025-01-15T22:59:00Z`).
    /// Written by hand: a formatter per call cost half of a 10,000-form import.
    public static func storageString(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400)
        let (y, m, d) = civilDate(fromDays: days)
        // Before 1583 Foundation counts in the Julian calendar: leave those to it, to agree.
        guard (1583...9999).contains(y) else {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            f.timeZone = TimeZone(identifier: "UTC")!
            return f.string(from: date)
        }
        let rest = seconds - days * 86400
        return zeroPadded(y, 4) + "-" + zeroPadded(m, 2) + "-" + zeroPadded(d, 2) + "T" + zeroPadded(rest / 3600, 2)
            + ":" + zeroPadded(rest / 60 % 60, 2) + ":" + zeroPadded(rest % 60, 2) + "Z"
    }

    /// Reads what `storageString` writes (and, slower, any internet date-time).
    public static func fromStorage(_ s: String) -> Date? {
        let b = Array(s.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        if b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A,
            let y = num(0, 4), let m = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let sec = num(17, 2),
            y >= 1583, (1...12).contains(m), (1...31).contains(d), h < 24, mi < 60, sec < 60
        {
            let days = daysFromCivil(y, m, d)
            return Date(timeIntervalSince1970: TimeInterval(days * 86400 + h * 3600 + mi * 60 + sec))
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }

    /// The text `parse` reads; compiled once.
    private static let datePattern = try! NSRegularExpression(
        pattern: #"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$"#)

    /// Days since 1970-01-01 → proleptic Gregorian (year, month, day); H. Hinnant's algorithm.
    static func civilDate(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// "3 days 4 hours", "45 minutes": how long is left until a deadline.
    public static func describeInterval(_ seconds: TimeInterval) -> String {
        let total = Int(abs(seconds)) / 60
        let days = total / 1440
        let hours = (total % 1440) / 60
        let minutes = total % 60
        func unit(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        if days > 0 { return hours > 0 ? "\(unit(days, "day")) \(unit(hours, "hour"))" : unit(days, "day") }
        if hours > 0 { return minutes > 0 ? "\(unit(hours, "hour")) \(unit(minutes, "minute"))" : unit(hours, "hour") }
        return unit(minutes, "minute")
    }
}

extension SeminarTime {
    /// The date formats people read, in English (`en_GB`: day before month).
    enum Format: String, CaseIterable {
        case long = "EEE d MMM yyyy, HH:mm zzz"
        case slotStart = "EEE d MMM yyyy, HH:mm"
        case slotEnd = "HH:mm zzz"
        case dayLong = "EEEE, d MMMM yyyy"
        case dayShort = "EEE d MMM"
    }

    /// One zone's formatters, built when first asked for and then kept. A `DateFormatter` may
    /// not be used by two threads at once: the lock makes a shared `SeminarTime` safe.
    final class Formats: @unchecked Sendable {
        private let timeZone: TimeZone
        private let lock = NSLock()
        private var built: [Format: DateFormatter] = [:]

        init(timeZone: TimeZone) { self.timeZone = timeZone }

        func string(_ date: Date, _ format: Format) -> String {
            lock.lock()
            defer { lock.unlock() }
            if let f = built[format] { return f.string(from: date) }
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_GB")
            f.timeZone = timeZone
            f.dateFormat = format.rawValue
            built[format] = f
            return f.string(from: date)
        }
    }
}

/// `n` in decimal with leading zeros to `width` digits (`zeroPadded(7, 2)` is `07`): what
/// `String(format: "%02d")` does, without its cost on every row of a long list.
func zeroPadded(_ n: Int, _ width: Int) -> String {
    let digits = String(n)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
