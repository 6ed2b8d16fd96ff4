import Foundation

/// Writes deadlines as an iCalendar file (RFC 5545, see `ICalendar`) that calendar programs
/// import: a stable UID per deadline, DTSTAMP, times in the seminar's zone, an optional alarm.
public struct ICalendarWriter: Sendable {
    public struct Event: Sendable {
        public var uid: String
        public var start: Date
        public var summary: String
        public var description: String?
        public var category: String?
        /// Minutes before the start at which calendar programs should remind; nil for none.
        public var alarmMinutesBefore: Int?

        public init(
            uid: String, start: Date, summary: String, description: String? = nil, category: String? = nil,
            alarmMinutesBefore: Int? = nil
        ) {
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
        let tzid = timeZone.identifier
        let bodies = events.map { e -> [String] in
            var lines = [
                "UID:" + ICalendar.escape(e.uid),
                "DTSTAMP:" + ICalendar.utc(stamp),
                "DTSTART;TZID=\(tzid):" + ICalendar.local(e.start, in: timeZone),
                "SUMMARY:" + ICalendar.escape(e.summary),
            ]
            if let d = e.description { lines.append("DESCRIPTION:" + ICalendar.escape(d)) }
            if let c = e.category { lines.append("CATEGORIES:" + ICalendar.escape(c.uppercased())) }
            lines.append("TRANSP:TRANSPARENT")
            if let minutes = e.alarmMinutesBefore {
                lines += [
                    "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + ICalendar.escape(e.summary),
                    "TRIGGER:-" + ICalendar.duration(minutes: minutes), "END:VALARM",
                ]
            }
            return lines
        }
        return ICalendar.document(
            name: calendarName, timeZone: timeZone, covering: events.map(\.start), stamp: stamp,
            events: bodies)
    }
}
