import Foundation

/// The agenda as an iCalendar file (RFC 5545): one VEVENT per talk, times in the seminar's
/// zone with its VTIMEZONE, CRLF line ends, lines folded at 75 octets.
public struct AgendaCalendar: Sendable {
    public var title: String
    public var time: SeminarTime
    /// Makes UIDs unique to this seminar, so two seminars' talks never collide in a calendar.
    public var uidToken: String
    /// DTSTAMP: when the schedule last changed, so that printing it twice gives the same file.
    public var stamp: Date

    public init(title: String, time: SeminarTime, uidToken: String, stamp: Date) {
        self.title = title
        self.time = time
        self.uidToken = uidToken
        self.stamp = stamp
    }

    public func document(_ agenda: Agenda) -> String {
        let tzid = time.timeZone.identifier
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//seminar//Block seminar schedule//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Self.escape("\(title) — block seminar"),
            "X-WR-TIMEZONE:" + tzid,
        ]
        let talks = agenda.talks
        if let first = agenda.items.map(\.start).min(), let last = agenda.items.map(\.end).max() {
            lines += Self.timeZoneComponent(time.timeZone, from: first, to: last)
        }
        for item in talks {
            guard let t = item.talk else { continue }
            var description = "Speaker: \(t.speaker)\nPaper: \(t.title)"
            if let a = t.authors { description += "\nAuthors: \(a)" }
            if let topic = t.topic { description += "\nTopic: \(topic)" }
            if let u = t.url { description += "\n\(u)" }
            if let abstract = t.abstract { description += "\n\n\(abstract)" }
            lines += [
                "BEGIN:VEVENT",
                "UID:talk-\(Self.uidSafe(t.studentID))-\(Self.uidSafe(uidToken))@seminar",
                "DTSTAMP:" + Self.utc(stamp),
                "SEQUENCE:\(item.revision)",
                "DTSTART;TZID=\(tzid):" + local(item.start),
                "DTEND;TZID=\(tzid):" + local(item.end),
                "SUMMARY:" + Self.escape("\(t.speaker): \(t.title)"),
                "LOCATION:" + Self.escape(item.room),
                "DESCRIPTION:" + Self.escape(description),
            ]
            if let topic = t.topic { lines.append("CATEGORIES:" + Self.escape(topic)) }
            if let u = t.url, !u.contains(where: { $0 == "\r" || $0 == "\n" }) { lines.append("URL:" + u) }
            lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20250213T090000`, the wall-clock time in the seminar's zone.
    func local(_ date: Date) -> String {
        let c = time.calendarInZone.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func utc(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func uidSafe(_ s: String) -> String {
        String(s.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
            .map(Character.init))
    }

    /// TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11).
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.replacingOccurrences(of: "\r\n", with: "\n") {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r": out += "\\n"
            default:
                // Other control characters are not allowed in TEXT.
                if ch.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) || ch == "\t" { out.append(ch) }
            }
        }
        return out
    }

    /// Splits a content line into lines of at most 75 octets, continuation lines starting
    /// with a space (RFC 5545 3.1), never inside a UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var octets = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let n = String(scalar).utf8.count
            if octets + n > limit {
                parts.append(current)
                current = ""
                octets = 0
                limit = 74  // the leading space counts
            }
            current.unicodeScalars.append(scalar)
            octets += n
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }

    /// A VTIMEZONE with the zone's real offsets: every transition from the one before the
    /// first event to the one after the last, or one fixed offset for zones without any.
    static func timeZoneComponent(_ tz: TimeZone, from first: Date, to last: Date) -> [String] {
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + tz.identifier]
        var transitions: [Date] = []
        var cursor = first.addingTimeInterval(-400 * 86_400)
        while let t = tz.nextDaylightSavingTimeTransition(after: cursor), t <= last.addingTimeInterval(400 * 86_400) {
            transitions.append(t)
            cursor = t
            if t > last { break }
        }
        // Keep the last transition at or before the first event and everything after it.
        if let before = transitions.lastIndex(where: { $0 <= first }) { transitions.removeFirst(before) }
        func offset(_ seconds: Int) -> String {
            let sign = seconds < 0 ? "-" : "+"
            let a = abs(seconds)
            return String(format: "%@%02d%02d", sign, a / 3600, (a % 3600) / 60)
        }
        if transitions.isEmpty {
            let o = offset(tz.secondsFromGMT(for: first))
            lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:\(o)", "TZOFFSETTO:\(o)", "END:STANDARD"]
        } else {
            for t in transitions {
                let from = tz.secondsFromGMT(for: t.addingTimeInterval(-1)), to = tz.secondsFromGMT(for: t)
                // DTSTART is the onset in the wall-clock time in force before it.
                var cal = Calendar(identifier: .gregorian)
                cal.timeZone = TimeZone(secondsFromGMT: from)!
                let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: t)
                let onset = String(format: "%04d%02d%02dT%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
                let kind = tz.isDaylightSavingTime(for: t) ? "DAYLIGHT" : "STANDARD"
                lines += ["BEGIN:\(kind)", "DTSTART:\(onset)", "TZOFFSETFROM:\(offset(from))", "TZOFFSETTO:\(offset(to))", "END:\(kind)"]
            }
        }
        lines.append("END:VTIMEZONE")
        return lines
    }
}
