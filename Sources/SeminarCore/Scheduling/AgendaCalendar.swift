import Foundation

/// The agenda as an iCalendar file (RFC 5545, see `ICalendar`): one VEVENT per talk, with
/// room, speaker, paper and abstract, and a SEQUENCE that counts manual changes.
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
        let tz = time.timeZone
        let tzid = tz.identifier
        let calendar = time.calendarInZone
        let dtstamp = "DTSTAMP:" + ICalendar.utc(stamp)
        let uidSuffix = "-\(Self.uidSafe(uidToken))@seminar"
        var events: [[String]] = []
        for item in agenda.talks {
            guard let t = item.talk else { continue }
            var description = "Speaker: \(t.speaker)\nPaper: \(t.title)"
            if let a = t.authors { description += "\nAuthors: \(a)" }
            if let topic = t.topic { description += "\nTopic: \(topic)" }
            if let u = t.link { description += "\n\(u)" }
            if let abstract = t.abstract { description += "\n\n\(abstract)" }
            var lines = [
                "UID:talk-\(Self.uidSafe(t.studentID))" + uidSuffix,
                dtstamp,
                "SEQUENCE:\(item.revision)",
                "DTSTART;TZID=\(tzid):" + ICalendar.local(item.start, calendar: calendar),
                "DTEND;TZID=\(tzid):" + ICalendar.local(item.end, calendar: calendar),
                "SUMMARY:" + ICalendar.escape("\(t.speaker): \(t.title)"),
                "LOCATION:" + ICalendar.escape(item.room),
                "DESCRIPTION:" + ICalendar.escape(description),
            ]
            if let topic = t.topic { lines.append("CATEGORIES:" + ICalendar.escape(topic)) }
            if let u = t.link, !u.contains(where: { $0 == "\r" || $0 == "\n" }) { lines.append("URL:" + u) }
            lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE"]
            events.append(lines)
        }
        return ICalendar.document(
            name: "\(title) — block seminar", timeZone: tz,
            covering: agenda.items.flatMap { [$0.start, $0.end] }, stamp: stamp, events: events)
    }

    static func uidSafe(_ s: String) -> String {
        String(
            s.unicodeScalars.filter {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
            }
            .map(Character.init))
    }
}
