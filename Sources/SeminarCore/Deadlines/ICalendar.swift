import Foundation

/// Writes deadlines as an iCalendar file (RFC 5545) that calendar programs import:
/// CRLF line endings, lines folded at 75 octets, a stable UID per deadline, DTSTAMP, and
/// times in the seminar's zone with a VTIMEZONE describing it.
public struct ICalendarWriter: Sendable {
    public struct Event: Sendable {
        public var uid: String
        public var start: Date
        public var summary: String
        public var description: String?
        public var category: String?
        /// Minutes before the start at which calendar programs should remind; nil for none.
        public var alarmMinutesBefore: Int?

        public init(uid: String, start: Date, summary: String, description: String? = nil, category: String? = nil,
                    alarmMinutesBefore: Int? = nil) {
            self.uid = uid
            self.start = start
            self.summary = summary
            self.description = description
            self.category = category
            self.alarmMinutesBefore = alarmMinutesBefore
        }
    }

    public var calendarName: String
    public var timeZone: TimeZone
    public var stamp: Date

    public init(calendarName: String, timeZone: TimeZone, stamp: Date) {
        self.calendarName = calendarName
        self.timeZone = timeZone
        self.stamp = stamp
    }

    public func document(_ events: [Event]) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//seminar//seminar \(SeminarCoreVersion.version)//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Self.escape(calendarName),
            "X-WR-TIMEZONE:" + timeZone.identifier,
        ]
        lines += timeZoneComponent(covering: events.map(\.start))
        let tzid = timeZone.identifier
        for e in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + Self.escape(e.uid))
            lines.append("DTSTAMP:" + Self.utc(stamp))
            lines.append("DTSTART;TZID=\(tzid):" + local(e.start))
            lines.append("SUMMARY:" + Self.escape(e.summary))
            if let d = e.description { lines.append("DESCRIPTION:" + Self.escape(d)) }
            if let c = e.category { lines.append("CATEGORIES:" + Self.escape(c.uppercased())) }
            lines.append("TRANSP:TRANSPARENT")
            if let minutes = e.alarmMinutesBefore {
                lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + Self.escape(e.summary),
                          "TRIGGER:-" + Self.duration(minutes: minutes), "END:VALARM"]
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    // MARK: - Values

    /// TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11).
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default:
                if ch.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) { out.append(ch) }
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on the next line after a space, never
    /// splitting a UTF-8 sequence (RFC 5545 3.1).
    public static func fold(_ line: String) -> String {
        let bytes = Array(line.utf8)
        if bytes.count <= 75 { return line }
        var parts: [String] = []
        var start = 0
        var limit = 75
        while start < bytes.count {
            var end = min(start + limit, bytes.count)
            // Back off to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
            while end < bytes.count && end > start && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            parts.append(String(decoding: bytes[start..<end], as: UTF8.self))
            start = end
            limit = 74  // the leading space counts
        }
        return parts.joined(separator: "\r\n ")
    }

    static func utc(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        return format(cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)) + "Z"
    }

    func local(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        return Self.format(cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date))
    }

    static func format(_ c: DateComponents) -> String {
        String(format: "%04d%02d%02dT%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func duration(minutes: Int) -> String {
        if minutes % 1440 == 0 { return "P\(minutes / 1440)D" }
        if minutes % 60 == 0 { return "PT\(minutes / 60)H" }
        return "PT\(minutes)M"
    }

    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let a = abs(seconds)
        return String(format: "%@%02d%02d", sign, a / 3600, (a % 3600) / 60)
    }

    // MARK: - VTIMEZONE

    /// `CET`, `CEST`: the short name calendar programs show (Foundation's own abbreviation
    /// on Linux is `GMT+1`).
    func zoneName(at instant: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = timeZone
        f.dateFormat = "zzz"
        let name = f.string(from: instant)
        return name.isEmpty ? Self.offset(timeZone.secondsFromGMT(for: instant)) : name
    }

    /// The zone's offsets and every daylight-saving transition from a year before the first
    /// event to a year after the last, each as its own observance (explicit DTSTART rather
    /// than an RRULE: correct even for zones whose rules changed).
    func timeZoneComponent(covering dates: [Date]) -> [String] {
        let tz = timeZone
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + tz.identifier]
        let first = (dates.min() ?? stamp).addingTimeInterval(-366 * 86400)
        let last = (dates.max() ?? stamp).addingTimeInterval(366 * 86400)
        var transitions: [Date] = []
        var cursor = first
        while let next = tz.nextDaylightSavingTimeTransition(after: cursor), next <= last, transitions.count < 200 {
            transitions.append(next)
            cursor = next
        }
        func observance(at instant: Date, from: Int, to: Int) -> [String] {
            let isDaylight = tz.isDaylightSavingTime(for: instant)
            let name = zoneName(at: instant)
            // DTSTART is the local time just before the change, in the old offset.
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = TimeZone(secondsFromGMT: from)!
            let startLocal = Self.format(cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant))
            let kind = isDaylight ? "DAYLIGHT" : "STANDARD"
            return ["BEGIN:\(kind)", "DTSTART:" + startLocal, "TZOFFSETFROM:" + Self.offset(from),
                    "TZOFFSETTO:" + Self.offset(to), "TZNAME:" + Self.escape(name), "END:\(kind)"]
        }
        if transitions.isEmpty {
            let o = tz.secondsFromGMT(for: first)
            lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:" + Self.offset(o),
                      "TZOFFSETTO:" + Self.offset(o), "TZNAME:" + Self.escape(zoneName(at: first)),
                      "END:STANDARD"]
        } else {
            // The offset in force before the first transition in range, so early events are covered.
            let before = tz.secondsFromGMT(for: transitions[0].addingTimeInterval(-1))
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = TimeZone(secondsFromGMT: before)!
            let kind = tz.isDaylightSavingTime(for: transitions[0].addingTimeInterval(-1)) ? "DAYLIGHT" : "STANDARD"
            lines += ["BEGIN:\(kind)", "DTSTART:" + Self.format(cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: first)),
                      "TZOFFSETFROM:" + Self.offset(before), "TZOFFSETTO:" + Self.offset(before),
                      "TZNAME:" + Self.escape(zoneName(at: transitions[0].addingTimeInterval(-1))),
                      "END:\(kind)"]
            for t in transitions {
                lines += observance(at: t, from: tz.secondsFromGMT(for: t.addingTimeInterval(-1)), to: tz.secondsFromGMT(for: t))
            }
        }
        lines.append("END:VTIMEZONE")
        return lines
    }
}
