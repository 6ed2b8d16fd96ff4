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

/// Who missed which talks: attending every talk is a requirement of the seminar.
public struct AttendanceReport: Sendable {
    public struct Line: Sendable, Equatable {
        public var studentID: String
        public var name: String
        public var attended: [DayDate]
        public var missedDays: [DayDate]
        /// The talks given on the days the student was not there (their own excepted).
        public var missedTalks: [AgendaItem]
        /// Absent on the day of their own talk: the talk was probably not given.
        public var missedOwnTalkDay: Bool

        public var complete: Bool { missedDays.isEmpty }
    }

    public var lines: [Line]
    /// The days the report judges.
    public var days: [DayDate]

    /// `students`: who must attend (id, name), in report order. Unless `allDays`, a day
    /// without a single signature counts as not yet recorded, so that a report during the
    /// block seminar does not call everyone absent from tomorrow.
    public init(agenda: Agenda, students: [(id: String, name: String)], signed: SignedDays, allDays: Bool = false) {
        let recordedDays = signed.recordedDays
        let days = agenda.days.map(\.day).filter { allDays || recordedDays.contains($0) }
        // Talks by day and each student's own, looked up once: 10,000 students must not
        // each walk the whole agenda.
        var talksOn: [DayDate: [AgendaItem]] = [:]
        var ownDay: [String: DayDate] = [:]
        var ownDays: [String: Set<DayDate>] = [:]
        for t in agenda.talks {
            talksOn[t.day, default: []].append(t)
            guard let id = t.talk?.studentID else { continue }
            if ownDay[id] == nil { ownDay[id] = t.day }
            ownDays[id, default: []].insert(t.day)
        }
        // What each list of days (and no signature at all) means for the judged days, worked
        // out once: the lines share the arrays.
        typealias Judged = (attended: [DayDate], missed: [DayDate], talks: [AgendaItem])
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
            if let own = ownDays[s.id], j.missed.contains(where: own.contains) {
                talks.removeAll { $0.talk?.studentID == s.id }
            }
            return Line(
                studentID: s.id, name: s.name, attended: j.attended, missedDays: j.missed, missedTalks: talks,
                missedOwnTalkDay: ownDay[s.id].map { j.missed.contains($0) } ?? false)
        }
    }
}
