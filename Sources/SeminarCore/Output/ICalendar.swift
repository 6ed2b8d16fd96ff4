import Foundation

/// The RFC 5545 pieces every calendar the tool writes (deadlines, the block-seminar agenda)
/// is made of: a VCALENDAR with the seminar's VTIMEZONE, TEXT escaping, CRLF line ends and
/// lines folded at 75 octets.
public enum ICalendar {
    /// A whole calendar: `events` are the content lines of each VEVENT (without BEGIN/END);
    /// the VTIMEZONE covers `covering` with a year's margin on each side.
    public static func document(
        name: String, timeZone: TimeZone, covering dates: [Date], stamp: Date,
        events: [[String]]
    ) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//seminar//seminar \(SeminarCoreVersion.version)//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
            "X-WR-TIMEZONE:" + timeZone.identifier,
        ]
        lines += timeZoneComponent(timeZone, from: dates.min() ?? stamp, to: dates.max() ?? stamp)
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines += event
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// The bytes of text `escape` changes, beside control characters (DEL is dropped).
    static let escapedBytes: Set<UInt8> = [UInt8(ascii: "\\"), UInt8(ascii: ";"), UInt8(ascii: ","), 0x7F]

    /// TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11);
    /// other control characters, which TEXT does not allow, are dropped.
    public static func escape(_ s: String) -> String {
        // Most names, titles and rooms have nothing to escape: returned as they are.
        if !s.utf8.contains(where: { $0 < 0x20 || escapedBytes.contains($0) }) { return s }
        var out = ""
        for ch in s.replacingOccurrences(of: "\r\n", with: "\n") {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r": out += "\\n"
            default:
                if ch == "\t" || ch.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
                    out.append(ch)
                }
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

    /// `20250115T225900Z`.
    public static func utc(_ date: Date) -> String {
        local(date, in: TimeZone(identifier: "UTC")!) + "Z"
    }

    /// `20250115T235900`, the wall-clock time in `timeZone` (for `DTSTART;TZID=...`).
    public static func local(_ date: Date, in timeZone: TimeZone) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        return local(date, calendar: cal)
    }

    /// The same with a calendar in the zone, built once by a caller that writes many events.
    public static func local(_ date: Date, calendar: Calendar) -> String {
        format(calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date))
    }

    /// `PT15M`, `PT2H`, `P1D`.
    public static func duration(minutes: Int) -> String {
        if minutes % 1440 == 0 { return "P\(minutes / 1440)D" }
        if minutes % 60 == 0 { return "PT\(minutes / 60)H" }
        return "PT\(minutes)M"
    }

    static func format(_ c: DateComponents) -> String {
        zeroPadded(c.year!, 4) + zeroPadded(c.month!, 2) + zeroPadded(c.day!, 2) + "T" + zeroPadded(c.hour!, 2)
            + zeroPadded(c.minute!, 2) + zeroPadded(c.second!, 2)
    }

    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let a = abs(seconds)
        return String(format: "%@%02d%02d", sign, a / 3600, (a % 3600) / 60)
    }

    /// `CET`, `CEST`: the short name calendar programs show (Foundation's own abbreviation
    /// on Linux is `GMT+1`).
    static func zoneName(_ tz: TimeZone, at instant: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = tz
        f.dateFormat = "zzz"
        let name = f.string(from: instant)
        return name.isEmpty ? offset(tz.secondsFromGMT(for: instant)) : name
    }

    /// The zone's offsets and every daylight-saving transition from a year before `first` to
    /// a year after `last`, each as its own observance (explicit DTSTART rather than an
    /// RRULE: correct even for zones whose rules changed), or one fixed offset for zones
    /// without transitions.
    public static func timeZoneComponent(_ tz: TimeZone, from first: Date, to last: Date) -> [String] {
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + tz.identifier]
        let start = first.addingTimeInterval(-366 * 86400)
        let end = last.addingTimeInterval(366 * 86400)
        var transitions: [Date] = []
        var cursor = start
        while let next = tz.nextDaylightSavingTimeTransition(after: cursor), next <= end, transitions.count < 200 {
            transitions.append(next)
            cursor = next
        }
        func observance(kind: String, onset: Date, from: Int, to: Int, name: String) -> [String] {
            // DTSTART is the onset in the wall-clock time in force before it.
            [
                "BEGIN:\(kind)", "DTSTART:" + local(onset, in: TimeZone(secondsFromGMT: from)!),
                "TZOFFSETFROM:" + offset(from), "TZOFFSETTO:" + offset(to), "TZNAME:" + escape(name), "END:\(kind)",
            ]
        }
        if transitions.isEmpty {
            let o = tz.secondsFromGMT(for: start)
            lines += [
                "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:" + offset(o), "TZOFFSETTO:" + offset(o),
                "TZNAME:" + escape(zoneName(tz, at: start)), "END:STANDARD",
            ]
        } else {
            // The offset in force before the first transition in range, so early events are covered.
            let justBefore = transitions[0].addingTimeInterval(-1)
            let before = tz.secondsFromGMT(for: justBefore)
            lines += observance(
                kind: tz.isDaylightSavingTime(for: justBefore) ? "DAYLIGHT" : "STANDARD", onset: start,
                from: before, to: before, name: zoneName(tz, at: justBefore))
            for t in transitions {
                lines += observance(
                    kind: tz.isDaylightSavingTime(for: t) ? "DAYLIGHT" : "STANDARD", onset: t,
                    from: tz.secondsFromGMT(for: t.addingTimeInterval(-1)), to: tz.secondsFromGMT(for: t),
                    name: zoneName(tz, at: t))
            }
        }
        lines.append("END:VTIMEZONE")
        return lines
    }
}
