import Foundation

/// One signature: the student was there that day.
public struct AttendanceEntry: Sendable, Equatable, Hashable {
    public var studentID: String
    public var day: DayDate
    /// The sheet's line (0 when typed on the command line).
    public var line: Int

    public init(studentID: String, day: DayDate, line: Int = 0) {
        self.studentID = studentID
        self.day = day
        self.line = line
    }
}

/// A sign-in sheet: one row per signature, a student id and a day.
public enum SignInSheetParser {
    public static let idColumns = RosterParser.idColumns
    /// `Zeitstempel` is the timestamp column of a Google Forms sign-in in a German locale.
    public static let dayColumns = ["day", "date", "Datum", "Tag", "signed_at", "timestamp", "Zeitstempel"]

    /// Every row is checked against the roster and the seminar's days; any bad row rejects
    /// the whole sheet. A day may carry a time (`2025-02-13T09:05`) or be German (`13.02.2025`).
    public static func parse(_ table: CSVTable, students: Set<String>, days: Set<DayDate>) throws(SeminarError)
        -> [AttendanceEntry]
    {
        var notes: [String] = []
        return try parse(table, students: students, days: days, notes: &notes)
    }

    /// As `parse`, and `notes` says what was decided (two columns for one role that agree).
    public static func parse(
        _ table: CSVTable, students: Set<String>, days: Set<DayDate>, notes: inout [String]
    ) throws(SeminarError) -> [AttendanceEntry] {
        let idCol: Int?
        let dayCol: Int?
        do throws(InputError) {
            idCol = try table.roleColumn("id", idColumns, notes: &notes)
            dayCol = try table.roleColumn("day", dayColumns, notes: &notes) { day(of: $0)?.description }
        } catch {
            throw .invalidInput([error])
        }
        var errors: [InputError] = []
        if idCol == nil { errors.append(table.missingColumn("id", accepted: ["id", "Matrikelnummer", "student_id"])) }
        if dayCol == nil { errors.append(table.missingColumn("day", accepted: ["day", "date", "Datum"])) }
        if !errors.isEmpty { throw .invalidInput(errors) }
        if table.rows.isEmpty {
            throw .invalidInput([
                InputError(
                    file: table.file, line: table.header.line + 1, message: "the sheet has a header but no signatures")
            ])
        }
        let dayList = days.sorted().map(\.description).joined(separator: ", ")
        var entries: [AttendanceEntry] = []
        var seen = Set<AttendanceEntry>()
        for row in table.rows {
            let id = table.value(row, idCol)
            let rawDay = table.value(row, dayCol)
            var ok = true
            if id.isEmpty {
                errors.append(table.error(row, idCol, "the id is empty"))
                ok = false
            } else if !students.contains(id) {
                errors.append(
                    table.error(
                        row, idCol, "no student with id \(shown: id)",
                        hint: Validation.leadingZeroSuggestion(id, known: students) ?? "see `seminar student list`"))
                ok = false
            }
            let day = Self.day(of: rawDay)
            if rawDay.isEmpty {
                errors.append(table.error(row, dayCol, "the day is empty"))
                ok = false
            } else if day == nil {
                errors.append(
                    table.error(row, dayCol, "'\(shown: rawDay)' is not a day", hint: "write 2025-02-13 or 13.02.2025"))
                ok = false
            } else if !days.contains(day!) {
                errors.append(
                    table.error(row, dayCol, "\(day!) is not a day of the block seminar", hint: "days: \(dayList)"))
                ok = false
            }
            if ok, let day {
                let entry = AttendanceEntry(studentID: id, day: day, line: row.line)
                // The same signature twice (a sheet passed round twice) counts once.
                if seen.insert(AttendanceEntry(studentID: id, day: day)).inserted { entries.append(entry) }
            }
        }
        if !errors.isEmpty { throw .invalidInput(errors) }
        return entries
    }

    /// The day a cell names, with or without a time (`2025-02-13T09:05`, `13.02.2025`).
    static func day(of cell: String) -> DayDate? {
        DayDate(String(cell.prefix { $0 != "T" && $0 != " " }))
    }
}

/// Who signed in on which days. Students who signed on the same days share one list: over
/// a block seminar most students sign every day, so 10,000 students make a handful of lists,
/// and the report works once per list rather than once per signature.
public struct SignedDays: Sendable, Equatable {
    /// Each distinct set of days, sorted.
    public private(set) var lists: [[DayDate]] = []
    /// The student's index into `lists`; a student without any signature has none.
    private var listOf: [String: Int] = [:]
    private var indexOf: [[DayDate]: Int] = [:]

    public init() {}

    /// Grouped from single signatures (a sheet, a test).
    public init(_ entries: [AttendanceEntry]) {
        var days: [String: Set<DayDate>] = [:]
        for e in entries { days[e.studentID, default: []].insert(e.day) }
        for (student, set) in days { record(student, list: add(list: set.sorted())) }
    }

    /// The index of `days` (sorted, distinct), added once.
    public mutating func add(list days: [DayDate]) -> Int {
        if let i = indexOf[days] { return i }
        lists.append(days)
        indexOf[days] = lists.count - 1
        return lists.count - 1
    }

    /// `student` signed on the days of list `index`.
    public mutating func record(_ student: String, list index: Int) { listOf[student] = index }

    /// The list index of the student's days; nil when they never signed.
    public func list(of student: String) -> Int? { listOf[student] }

    /// The days the student signed in on.
    public func days(of student: String) -> [DayDate] { listOf[student].map { lists[$0] } ?? [] }

    /// Every day with at least one signature.
    public var recordedDays: Set<DayDate> { Set(lists.joined()) }
}

/// An absence excused for the attendance rule (a medical certificate): a whole day, or one
/// talk, named by its speaker (a talk keeps its speaker when it is moved).
public struct AttendanceExcuse: Sendable, Equatable {
    public enum Scope: Sendable, Hashable, CustomStringConvertible {
        case day(DayDate)
        /// The talk the speaker gives.
        case talk(speaker: String)

        /// `2025-02-14`, `talk of 03705521`: as the history and the report write it.
        public var description: String {
            switch self {
            case .day(let d): return d.description
            case .talk(let speaker): return "talk of \(speaker)"
            }
        }
    }

    public var studentID: String
    public var scope: Scope
    public var reason: String

    public init(studentID: String, scope: Scope, reason: String) {
        self.studentID = studentID
        self.scope = scope
        self.reason = reason
    }
}

/// Talks a student missed on days they did not sign in, without an excuse: what the
/// attendance rule of the grading holds against them.
public struct MissedAttendance: Sendable, Equatable, CustomStringConvertible {
    /// A day missed without an excuse, with the speakers (names) of the talks missed on it;
    /// none on a day of only the student's own talk.
    public struct Day: Sendable, Equatable {
        public var day: DayDate
        public var speakers: [String]

        public init(day: DayDate, speakers: [String]) {
            self.day = day
            self.speakers = speakers
        }
    }

    public var days: [Day]

    public init(days: [Day]) { self.days = days }

    public var talks: Int { days.reduce(0) { $0 + $1.speakers.count } }

    /// Speakers named per day; more are counted (`attendance report` lists every one).
    public static let namedSpeakers = 10

    /// `9 talks missed without excuse (2025-02-14: Ada Lovelace, Alan Turing, …)`; a day of
    /// only their own talk reads `2025-02-14: the day of their own talk`; past ten speakers a
    /// day, `… and 134 more`.
    public var description: String {
        let n = talks
        let parts = days.map { d in
            let named = d.speakers.prefix(Self.namedSpeakers).joined(separator: ", ")
            let more = d.speakers.count - Self.namedSpeakers
            return "\(d.day): "
                + (d.speakers.isEmpty ? "the day of their own talk" : named + (more > 0 ? " and \(more) more" : ""))
        }
        let what = n == 0 ? "a day missed" : n == 1 ? "1 talk missed" : "\(n) talks missed"
        return what + " without excuse (" + parts.joined(separator: "; ") + ")"
    }
}

/// A talk as attendance sees it: the day it is given and who gives it.
public struct HeardTalk: Sendable, Equatable {
    public var day: DayDate
    public var speakerID: String
    /// The speaker's name.
    public var speaker: String

    public init(day: DayDate, speakerID: String, speaker: String) {
        self.day = day
        self.speakerID = speakerID
        self.speaker = speaker
    }
}

extension Agenda {
    /// The talks in time order, as attendance sees them.
    public var heardTalks: [HeardTalk] {
        talks.compactMap { t in t.talk.map { HeardTalk(day: t.day, speakerID: $0.studentID, speaker: $0.speaker) } }
    }
}

/// Who missed which talks: attending every talk is a requirement of the seminar.
public struct AttendanceReport: Sendable {
    public struct Line: Sendable, Equatable {
        public var studentID: String
        public var name: String
        public var attended: [DayDate]
        public var missedDays: [DayDate]
        /// The talks given on the days the student was not there, their own and the excused
        /// ones excepted.
        public var missedTalks: [HeardTalk]
        /// Absent on the day of their own talk: the talk was probably not given.
        public var missedOwnTalkDay: Bool
        /// The excuses that cover a missed day or talk, in the order of the days.
        public var excuses: [AttendanceExcuse] = []
        /// How many of the talks on missed days are excused.
        public var excusedTalks: Int = 0
        /// Missed days with neither a day's excuse nor an excuse for each talk of others.
        public var unexcusedDays: [DayDate] = []

        /// Every missed day excused, or every talk of others on it.
        public var complete: Bool { unexcusedDays.isEmpty }

        /// What the attendance rule holds against the student; nil when complete.
        public var shortfall: MissedAttendance? {
            guard !complete else { return nil }
            return MissedAttendance(
                days: unexcusedDays.map { day in
                    MissedAttendance.Day(
                        day: day, speakers: missedTalks.filter { $0.day == day }.map(\.speaker))
                })
        }
    }

    public var lines: [Line]
    /// The days the report judges.
    public var days: [DayDate]

    /// `students`: who must attend (id, name), in report order. Unless `allDays`, a day
    /// without a single signature counts as not yet recorded, so that a report during the
    /// block seminar does not call everyone absent from tomorrow. `excuses`: every excused
    /// absence, of any student.
    public init(
        agenda: Agenda, students: [(id: String, name: String)], signed: SignedDays, excuses: [AttendanceExcuse] = [],
        allDays: Bool = false
    ) {
        self.init(
            days: agenda.days.map(\.day), talks: agenda.heardTalks, students: students, signed: signed,
            excuses: excuses, allDays: allDays)
    }

    /// As `init(agenda:…)`, from the days of the block seminar and its talks in time order:
    /// the grading reads only these, not the whole agenda.
    public init(
        days allDaysOfSeminar: [DayDate], talks: [HeardTalk], students: [(id: String, name: String)],
        signed: SignedDays, excuses: [AttendanceExcuse] = [], allDays: Bool = false
    ) {
        let recordedDays = signed.recordedDays
        let days = allDaysOfSeminar.filter { allDays || recordedDays.contains($0) }
        // Talks by day and each student's own, looked up once: 10,000 students must not
        // each walk the whole agenda.
        var talksOn: [DayDate: [HeardTalk]] = [:]
        var ownDay: [String: DayDate] = [:]
        ownDay.reserveCapacity(talks.count)
        for t in talks {
            talksOn[t.day, default: []].append(t)
            if ownDay[t.speakerID] == nil { ownDay[t.speakerID] = t.day }
        }
        let excusesOf = Dictionary(grouping: excuses, by: \.studentID)
        // What each list of days (and no signature at all) means for the judged days, worked
        // out once: the lines share the arrays.
        typealias Judged = (attended: [DayDate], missed: [DayDate], talks: [HeardTalk])
        func judge(_ signed: [DayDate]) -> Judged {
            let set = Set(signed)
            let missed = days.filter { !set.contains($0) }
            return (days.filter(set.contains), missed, missed.flatMap { talksOn[$0] ?? [] })
        }
        let judged = signed.lists.map(judge)
        let unsigned = judge([])
        self.days = days
        lines = students.map { s in
            let j = signed.list(of: s.id).map { judged[$0] } ?? unsigned
            var talks = j.talks
            // Their own talk is not one they missed (checked only for those who missed a day).
            if !talks.isEmpty && talks.contains(where: { $0.speakerID == s.id }) {
                talks.removeAll { $0.speakerID == s.id }
            }
            var line = Line(
                studentID: s.id, name: s.name, attended: j.attended, missedDays: j.missed, missedTalks: talks,
                missedOwnTalkDay: ownDay[s.id].map { j.missed.contains($0) } ?? false, unexcusedDays: j.missed)
            if let mine = excusesOf[s.id], !j.missed.isEmpty { line.excuse(mine, dayOfTalk: ownDay) }
            return line
        }
    }
}

extension AttendanceReport.Line {
    /// Takes the excused days and talks out of what was missed, and keeps the excuses that
    /// covered something.
    mutating func excuse(_ excuses: [AttendanceExcuse], dayOfTalk: [String: DayDate]) {
        var days = Set<DayDate>()
        var speakers = Set<String>()
        for e in excuses {
            switch e.scope {
            case .day(let d): days.insert(d)
            case .talk(let speaker): speakers.insert(speaker)
            }
        }
        let before = missedTalks.count
        let othersOn = Set(missedTalks.map(\.day))
        missedTalks.removeAll { days.contains($0.day) || speakers.contains($0.speakerID) }
        excusedTalks = before - missedTalks.count
        let missed = Set(missedDays)
        let stillMissing = Set(missedTalks.map(\.day))
        unexcusedDays = missedDays.filter { d in
            // A day of only the student's own talk (no one else's to miss) needs the day's excuse.
            !days.contains(d) && (stillMissing.contains(d) || !othersOn.contains(d))
        }
        self.excuses = excuses.filter { e in
            switch e.scope {
            case .day(let d): return missed.contains(d)
            case .talk(let speaker): return dayOfTalk[speaker].map(missed.contains) ?? false
            }
        }
    }
}
