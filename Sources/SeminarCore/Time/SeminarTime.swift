import Foundation

/// Dates as the coordinator types them, read in the seminar's time zone.
///
/// `2025-01-15` means the end of that day (23:59), `2025-01-15T09:00` (or with a space)
/// that minute; an explicit offset (`Z`, `+01:00`) is honoured. Instants are stored as
/// UTC ISO 8601, so a daylight-saving change between now and a deadline cannot shift it.
public struct SeminarTime: Sendable {
    public let timeZone: TimeZone
    private let calendar: Calendar

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    public init?(identifier: String) {
        guard let tz = TimeZone(identifier: identifier) else { return nil }
        self.init(timeZone: tz)
    }

    /// Whether the text was a bare date (end of day) or a moment.
    public enum Precision: Sendable { case day, minute }

    public func parse(_ raw: String) -> (date: Date, precision: Precision)? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let m = regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { return nil }
        func group(_ i: Int) -> String? {
            guard let r = Range(m.range(at: i), in: s) else { return nil }
            return String(s[r])
        }
        guard let y = Int(group(1)!), let mo = Int(group(2)!), let d = Int(group(3)!),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var comps = DateComponents(year: y, month: mo, day: d)
        // Reject 2025-02-30 rather than letting the calendar roll it into March.
        guard let dayStart = calendar.date(from: comps),
              calendar.component(.day, from: dayStart) == d, calendar.component(.month, from: dayStart) == mo else { return nil }
        guard let hs = group(4), let h = Int(hs), let mi = Int(group(5)!) else {
            comps.hour = 23
            comps.minute = 59
            return calendar.date(from: comps).map { ($0, .day) }
        }
        let sec = group(6).flatMap(Int.init) ?? 0
        guard (0...23).contains(h), (0...59).contains(mi), (0...60).contains(sec) else { return nil }
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
                      let tz = TimeZone(secondsFromGMT: sign * (hh * 3600 + mm * 60)) else { return nil }
                cal.timeZone = tz
            }
            return cal.date(from: comps).map { ($0, .minute) }
        }
        return calendar.date(from: comps).map { ($0, .minute) }
    }

    /// `2025-01-15 23:59` in the seminar's zone.
    public func formatLocal(_ date: Date, seconds: Bool = false) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        var s = String(format: "%04d-%02d-%02d %02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
        if seconds { s += String(format: ":%02d", c.second!) }
        return s
    }

    /// `2025-01-15` in the seminar's zone.
    public func formatDay(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// `Wed 15 Jan 2025, 23:59 CET`, for people.
    public func formatLong(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = timeZone
        f.dateFormat = "EEE d MMM yyyy, HH:mm zzz"
        return f.string(from: date)
    }

    public var calendarInZone: Calendar { calendar }

    /// The instant as stored: UTC, ISO 8601, second precision (`2025-01-15T22:59:00Z`).
    public static func storageString(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")!
        return f.string(from: date)
    }

    public static func fromStorage(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }

    /// "3 days 4 hours", "45 minutes": how long is left until a deadline.
    public static func describeInterval(_ seconds: TimeInterval) -> String {
        let total = Int(abs(seconds)) / 60
        let days = total / 1440, hours = (total % 1440) / 60, minutes = total % 60
        func unit(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        if days > 0 { return hours > 0 ? "\(unit(days, "day")) \(unit(hours, "hour"))" : unit(days, "day") }
        if hours > 0 { return minutes > 0 ? "\(unit(hours, "hour")) \(unit(minutes, "minute"))" : unit(hours, "hour") }
        return unit(minutes, "minute")
    }
}
