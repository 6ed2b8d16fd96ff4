import Foundation

/// A time of day as the coordinator writes it (`09:00`), in minutes after midnight.
/// A value written as text (`09:00`, `2025-02-13`) and encoded as that text.
public protocol TextCodable: Codable, CustomStringConvertible {
    /// Reads the text; nil when it is not a value of the type.
    init?(_ text: String)
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(shown: text)' is not a \(Self.self)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

public struct ClockTime: Sendable, Hashable, Comparable, TextCodable {
    public var minutes: Int

    public init(minutes: Int) { self.minutes = minutes }
    public init(hour: Int, minute: Int) { minutes = hour * 60 + minute }

    /// `9:00`, `09:00`, `17:30`; `24:00` is the end of the day.
    public init?(_ raw: String) {
        let parts = raw.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m),
            h < 24 || m == 0
        else { return nil }
        minutes = h * 60 + m
    }

    public var description: String { zeroPadded(minutes / 60, 2) + ":" + zeroPadded(minutes % 60, 2) }
    public static func < (a: ClockTime, b: ClockTime) -> Bool { a.minutes < b.minutes }
}

/// A calendar day (`2025-02-13`), without a time zone: the zone comes with the seminar.
public struct DayDate: Sendable, Hashable, Comparable, TextCodable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2025-02-13`, or `13.02.2025` as German sign-in sheets write it. Rejects 2025-02-30.
    public init?(_ raw: String) {
        if let iso = Self.iso(raw.utf8) {
            self = iso
            return
        }
        let s = raw.trimmingCharacters(in: .whitespaces)
        let iso = s.split(separator: "-", omittingEmptySubsequences: false)
        let german = s.split(separator: ".", omittingEmptySubsequences: false)
        var y = 0
        var m = 0
        var d = 0
        if iso.count == 3, iso[0].count == 4, iso[1].count == 2, iso[2].count == 2,
            let yy = Int(iso[0]), let mm = Int(iso[1]), let dd = Int(iso[2])
        {
            (y, m, d) = (yy, mm, dd)
        } else if german.count == 3, german[2].count == 4, (1...2).contains(german[0].count),
            (1...2).contains(german[1].count),
            let dd = Int(german[0]), let mm = Int(german[1]), let yy = Int(german[2])
        {
            (y, m, d) = (yy, mm, dd)
        } else {
            return nil
        }
        guard (1...12).contains(m), (1...31).contains(d), (1900...2200).contains(y), d <= Self.daysIn(month: m, year: y)
        else { return nil }
        (year, month, day) = (y, m, d)
    }

    /// `2025-02-13` exactly, read without Foundation: agendas and sign-in sheets hold
    /// thousands of days.
    static func iso(_ b: String.UTF8View) -> DayDate? {
        guard b.count == 10 else { return nil }
        var fields = [0, 0, 0]
        var field = 0
        for (i, c) in b.enumerated() {
            if i == 4 || i == 7 {
                guard c == UInt8(ascii: "-") else { return nil }
                field += 1
            } else {
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                fields[field] = fields[field] * 10 + Int(c - UInt8(ascii: "0"))
            }
        }
        let (y, m, d) = (fields[0], fields[1], fields[2])
        guard (1...12).contains(m), (1...31).contains(d), (1900...2200).contains(y), d <= daysIn(month: m, year: y)
        else { return nil }
        return DayDate(year: y, month: m, day: d)
    }

    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The day an instant falls on in the calendar's zone.
    public init(_ date: Date, calendar: Calendar) {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        (year, month, day) = (c.year!, c.month!, c.day!)
    }

    public var description: String { zeroPadded(year, 4) + "-" + zeroPadded(month, 2) + "-" + zeroPadded(day, 2) }

    public static func < (a: DayDate, b: DayDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// The instant of a wall-clock time on this day. A time skipped by a daylight-saving
    /// change moves forward, as the calendar does it.
    public func at(_ time: ClockTime, calendar: Calendar) -> Date {
        let comps = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0)
        let midnight = calendar.date(from: comps)!
        if time.minutes == 0 { return midnight }
        let local = DateComponents(
            year: year, month: month, day: day, hour: time.minutes / 60, minute: time.minutes % 60)
        if time.minutes >= 24 * 60 { return calendar.date(byAdding: .day, value: 1, to: midnight)! }
        return calendar.date(from: local)!
    }

    public func next(calendar: Calendar) -> DayDate {
        DayDate(
            calendar.date(byAdding: .day, value: 1, to: at(ClockTime(hour: 12, minute: 0), calendar: calendar))!,
            calendar: calendar)
    }
}

/// One day of the block seminar: when it starts and ends, and where.
public struct ScheduleDay: Sendable, Equatable, Codable {
    public var day: DayDate
    public var start: ClockTime
    public var end: ClockTime
    public var room: String

    public init(day: DayDate, start: ClockTime, end: ClockTime, room: String) {
        self.day = day
        self.start = start
        self.end = end
        self.room = room
    }
}

/// A talk to place: a student presenting their assigned paper.
public struct TalkRequest: Sendable, Equatable {
    public var studentID: String
    public var speaker: String
    public var paperID: String
    public var title: String
    public var topic: String?
    public var authors: String?
    public var venue: String?
    public var year: Int?
    /// The conference version.
    public var url: String?
    /// The long version on arXiv, as a bare id.
    public var arxiv: String?
    public var abstract: String?
    /// The paper's place in the catalog (the order the papers were imported in).
    public var catalogOrder: Int

    public init(
        studentID: String, speaker: String, paperID: String, title: String, topic: String? = nil,
        authors: String? = nil, venue: String? = nil, year: Int? = nil, url: String? = nil, arxiv: String? = nil,
        abstract: String? = nil, catalogOrder: Int = 0
    ) {
        self.studentID = studentID
        self.speaker = speaker
        self.paperID = paperID
        self.title = title
        self.topic = topic
        self.authors = authors
        self.venue = venue
        self.year = year
        self.url = url
        self.arxiv = arxiv
        self.abstract = abstract
        self.catalogOrder = catalogOrder
    }

    /// One link to the paper: the conference version, else the arXiv version.
    public var link: String? { url ?? arxiv.map(PaperFields.arxivURL) }
}

/// A time a student cannot present (`schedule block`), as instants.
public struct Unavailability: Sendable, Equatable {
    public var studentID: String
    public var start: Date
    public var end: Date
    public var reason: String?

    public init(studentID: String, start: Date, end: Date, reason: String? = nil) {
        self.studentID = studentID
        self.start = start
        self.end = end
        self.reason = reason
    }

    public func overlaps(_ s: Date, _ e: Date) -> Bool { start < e && s < end }

    /// `on 2025-02-13`, `2025-02-13 09:00–12:00`, `from 2025-02-13 to 2025-02-14`.
    public func describe(calendar: Calendar) -> String {
        func hm(_ d: Date) -> (Int, String) {
            let c = calendar.dateComponents([.hour, .minute], from: d)
            return (c.hour! * 60 + c.minute!, String(format: "%02d:%02d", c.hour!, c.minute!))
        }
        let first = DayDate(start, calendar: calendar)
        let last = DayDate(end.addingTimeInterval(-1), calendar: calendar)
        let (s, sText) = hm(start)
        let (e, eText) = hm(end)
        if s == 0 && e == 0 {
            return first == last ? "on \(first)" : "from \(first) to \(last)"
        }
        if first == last { return "\(first) \(sText)–\(eText)" }
        return "from \(first) \(sText) to \(DayDate(end, calendar: calendar)) \(eText)"
    }

    /// Reads `2025-02-13` (the whole day), `2025-02-13/2025-02-14` (whole days),
    /// `2025-02-13T09:00/2025-02-13T12:00` or `2025-02-13T09:00/12:00` in the seminar's zone.
    public static func parseRange(_ raw: String, time: SeminarTime) -> (start: Date, end: Date)? {
        let cal = time.calendarInZone
        let parts = raw.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
            .map(String.init)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        func dayRange(_ s: String) -> (Date, Date)? {
            guard let d = DayDate(s), s.contains("-") else { return nil }
            return (
                d.at(ClockTime(minutes: 0), calendar: cal),
                d.next(calendar: cal).at(ClockTime(minutes: 0), calendar: cal)
            )
        }
        if parts.count == 1 {
            if let r = dayRange(parts[0]) { return r }
            return nil
        }
        if let a = dayRange(parts[0]), let b = dayRange(parts[1]) {
            return a.0 < b.1 ? (a.0, b.1) : nil
        }
        guard let (start, p1) = time.parse(parts[0]), p1 == .minute else { return nil }
        let end: Date
        if let clock = ClockTime(parts[1]) {
            end = DayDate(start, calendar: cal).at(clock, calendar: cal)
        } else if let (e, p2) = time.parse(parts[1]), p2 == .minute {
            end = e
        } else {
            return nil
        }
        if end <= start { return nil }
        return (start, end)
    }
}

/// When and where a student presents: what reminder mails and `schedule block` need.
public struct TalkSlot: Sendable, Equatable {
    public var start: Date
    public var end: Date
    public var room: String

    public init(start: Date, end: Date, room: String) {
        self.start = start
        self.end = end
        self.room = room
    }
}

/// What a row of the agenda is.
public enum AgendaKind: String, Sendable, Codable, CaseIterable {
    case talk
    case `break`
    case lunch

    public var label: String {
        switch self {
        case .talk: return "Talk"
        case .break: return "Coffee break"
        case .lunch: return "Lunch"
        }
    }
}

/// One row of the agenda: a talk, a coffee break or lunch, at instants in a room.
public struct AgendaItem: Sendable, Equatable {
    public var kind: AgendaKind
    public var day: DayDate
    public var start: Date
    public var end: Date
    public var room: String
    /// The talk, for `.talk` rows.
    public var talk: TalkRequest?
    /// Placed or changed by hand (`schedule move`/`swap`).
    public var manual: Bool
    /// How often the talk was changed by hand (the iCalendar SEQUENCE).
    public var revision: Int

    public init(
        kind: AgendaKind, day: DayDate, start: Date, end: Date, room: String, talk: TalkRequest? = nil,
        manual: Bool = false, revision: Int = 0
    ) {
        self.kind = kind
        self.day = day
        self.start = start
        self.end = end
        self.room = room
        self.talk = talk
        self.manual = manual
        self.revision = revision
    }

    public var minutes: Int { Int((end.timeIntervalSince(start) / 60).rounded()) }
}

/// The block seminar: its days and the rows of each day, in time order.
public struct Agenda: Sendable, Equatable {
    public var days: [ScheduleDay]
    public var items: [AgendaItem]

    public init(days: [ScheduleDay], items: [AgendaItem]) {
        self.days = days
        self.items = items.sorted { ($0.start, $0.kind != .talk ? 1 : 0) < ($1.start, $1.kind != .talk ? 1 : 0) }
    }

    public var talks: [AgendaItem] { items.filter { $0.kind == .talk } }

    public func items(on day: DayDate) -> [AgendaItem] { items.filter { $0.day == day } }

    /// Every day's rows, in one pass (a hundred days of a long agenda would each walk it).
    public var itemsByDay: [DayDate: [AgendaItem]] { Dictionary(grouping: items, by: \.day) }

    public func talk(of student: String) -> AgendaItem? {
        items.first { $0.kind == .talk && $0.talk?.studentID == student }
    }
}
