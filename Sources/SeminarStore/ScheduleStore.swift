import Foundation
import GRDB
import SeminarCore

/// The stored agenda and how it was made.
public struct StoredSchedule: Sendable {
    public var agenda: Agenda
    public var talkMinutes: Int
    public var discussionMinutes: Int
    public var parameters: String
    public var generatedAt: Date
    /// The last change (generate, move, swap): the iCalendar DTSTAMP.
    public var updatedAt: Date
}

/// A time a student cannot present, as stored.
public struct UnavailabilityView: Sendable {
    public var id: Int64
    public var studentName: String
    public var unavailability: Unavailability
}

/// What `schedule generate` changed.
public struct ScheduleSaveOutcome: Sendable {
    public var replaced: Bool
    /// Manual moves and swaps the new agenda overwrote.
    public var discardedEdits: Int
}

extension AppDatabase {
    /// The talks to schedule: every enrolled student with a paper, with the paper's place
    /// in the catalog (its import order), and every unavailability.
    public func scheduleInputs() throws(SeminarError) -> (talks: [TalkRequest], unavailability: [Unavailability]) {
        try read { db in
            let talks = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.student_id, s.name, p.id AS paper_id, p.title, p.topic, p.authors, p.url, p.arxiv, p.abstract,
                           p.rowid AS catalog_order
                    FROM assignment a JOIN student s ON s.id = a.student_id JOIN paper p ON p.id = a.paper_id
                    WHERE s.status = 'enrolled'
                    ORDER BY a.student_id
                    """
            ).map(Self.talkRequest)
            return (talks, try Self.unavailability(db))
        }
    }

    static func talkRequest(_ row: Row) -> TalkRequest {
        let arxiv: String? = row["arxiv"]
        let url: String? = row["url"] ?? arxiv.map { "https://arxiv.org/abs/\($0)" }
        return TalkRequest(
            studentID: row["student_id"], speaker: row["name"], paperID: row["paper_id"], title: row["title"],
            topic: row["topic"], authors: row["authors"], url: url, abstract: row["abstract"],
            catalogOrder: row["catalog_order"])
    }

    static func unavailability(_ db: Database) throws -> [Unavailability] {
        try Row.fetchAll(
            db, sql: "SELECT student_id, starts_at, ends_at, reason FROM unavailability ORDER BY starts_at, student_id"
        )
        .compactMap { row in
            guard let s = SeminarTime.fromStorage(row["starts_at"]), let e = SeminarTime.fromStorage(row["ends_at"])
            else { return nil }
            return Unavailability(studentID: row["student_id"], start: s, end: e, reason: row["reason"])
        }
    }

    /// Saves a generated agenda in place of the current one. A schedule with manual changes
    /// is only replaced when `replace` is set, so that `generate` cannot silently undo them.
    public func saveSchedule(
        _ agenda: Agenda, plan: SchedulePlan, parameters: String, replace: Bool,
        now: Date = Date()
    ) throws(SeminarError) -> ScheduleSaveOutcome {
        try write { db in
            let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM schedule") ?? 0
            let edits = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM schedule_item WHERE manual = 1") ?? 0
            if edits > 0 && !replace {
                throw SeminarError.conflict(
                    "the current schedule has \(edits) talk\(edits == 1 ? "" : "s") moved by hand; "
                        + "generating again would undo that: add --replace to do it anyway")
            }
            // A talk's revision is its iCalendar SEQUENCE: calendar clients ignore an update
            // with a lower one, so a regenerated talk keeps its revision, one up if it moved.
            var previous: [String: (start: String, end: String, room: String, revision: Int)] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT student_id, starts_at, ends_at, room, revision FROM schedule_item WHERE kind = 'talk'")
            {
                guard let student: String = row["student_id"] else { continue }
                previous[student] = (row["starts_at"], row["ends_at"], row["room"], row["revision"])
            }
            let items = agenda.items.map { item -> AgendaItem in
                guard item.kind == .talk, let student = item.talk?.studentID, let old = previous[student] else {
                    return item
                }
                var item = item
                let same =
                    old.start == SeminarTime.storageString(item.start) && old.end == SeminarTime.storageString(item.end)
                    && old.room == item.room
                item.revision = old.revision + (same ? 0 : 1)
                return item
            }
            try db.execute(sql: "DELETE FROM schedule_item")
            try db.execute(sql: "DELETE FROM schedule_day")
            try db.execute(sql: "DELETE FROM schedule")
            let stamp = SeminarTime.storageString(now)
            try db.execute(
                sql: """
                    INSERT INTO schedule (id, talk_minutes, discussion_minutes, parameters, generated_at, updated_at)
                    VALUES (1, ?, ?, ?, ?, ?)
                    """, arguments: [plan.talkMinutes, plan.discussionMinutes, parameters, stamp, stamp])
            for d in agenda.days {
                try db.execute(
                    sql: "INSERT INTO schedule_day (day, starts, ends, room) VALUES (?, ?, ?, ?)",
                    arguments: [d.day.description, d.start.description, d.end.description, d.room])
            }
            try Self.insertItems(db, items)
            return ScheduleSaveOutcome(replaced: existing > 0, discardedEdits: edits)
        }
    }

    static func insertItems(_ db: Database, _ items: [AgendaItem]) throws {
        for item in items {
            try db.execute(
                sql: """
                    INSERT INTO schedule_item (day, kind, starts_at, ends_at, room, student_id, paper_id, manual, revision)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    item.day.description, item.kind.rawValue, SeminarTime.storageString(item.start),
                    SeminarTime.storageString(item.end), item.room, item.talk?.studentID, item.talk?.paperID,
                    item.manual, item.revision,
                ])
        }
    }

    /// The current agenda, with the papers' and students' current titles and names; nil
    /// before the first `schedule generate`.
    public func storedSchedule() throws(SeminarError) -> StoredSchedule? {
        try read { db in try Self.storedSchedule(db) }
    }

    static func storedSchedule(_ db: Database) throws -> StoredSchedule? {
        guard let meta = try Row.fetchOne(db, sql: "SELECT * FROM schedule WHERE id = 1") else { return nil }
        let days = try Row.fetchAll(db, sql: "SELECT day, starts, ends, room FROM schedule_day ORDER BY day").compactMap
        { row -> ScheduleDay? in
            guard let d = DayDate(row["day"] as String), let s = ClockTime(row["starts"] as String),
                let e = ClockTime(row["ends"] as String)
            else { return nil }
            return ScheduleDay(day: d, start: s, end: e, room: row["room"])
        }
        let items = try Row.fetchAll(
            db,
            sql: """
                SELECT i.day, i.kind, i.starts_at, i.ends_at, i.room, i.manual, i.revision,
                       i.student_id, s.name, p.id AS paper_id, p.title, p.topic, p.authors, p.url, p.arxiv, p.abstract,
                       p.rowid AS catalog_order
                FROM schedule_item i LEFT JOIN student s ON s.id = i.student_id LEFT JOIN paper p ON p.id = i.paper_id
                ORDER BY i.starts_at, i.kind != 'talk'
                """
        ).compactMap { row -> AgendaItem? in
            guard let day = DayDate(row["day"] as String), let kind = AgendaKind(rawValue: row["kind"]),
                let start = SeminarTime.fromStorage(row["starts_at"]), let end = SeminarTime.fromStorage(row["ends_at"])
            else { return nil }
            let talk: TalkRequest? = kind == .talk ? talkRequest(row) : nil
            return AgendaItem(
                kind: kind, day: day, start: start, end: end, room: row["room"], talk: talk,
                manual: row["manual"], revision: row["revision"])
        }
        return StoredSchedule(
            agenda: Agenda(days: days, items: items), talkMinutes: meta["talk_minutes"],
            discussionMinutes: meta["discussion_minutes"], parameters: meta["parameters"],
            generatedAt: SeminarTime.fromStorage(meta["generated_at"]) ?? Date(),
            updatedAt: SeminarTime.fromStorage(meta["updated_at"]) ?? Date())
    }

    /// Reads the agenda and the unavailability, lets `edit` change the agenda (it throws to
    /// refuse), and saves the talks' new times, all in one transaction.
    public func editSchedule(now: Date = Date(), _ edit: (Agenda, [Unavailability]) throws -> Agenda)
        throws(SeminarError) -> Agenda
    {
        try write { db in
            guard let current = try Self.storedSchedule(db) else {
                throw SeminarError.conflict(
                    "there is no schedule yet: run `seminar schedule generate --day DATE` first")
            }
            let edited = try edit(current.agenda, try Self.unavailability(db))
            for item in edited.talks {
                guard let student = item.talk?.studentID,
                    let old = current.agenda.talk(of: student), old != item
                else { continue }
                try db.execute(
                    sql: """
                        UPDATE schedule_item SET day = ?, starts_at = ?, ends_at = ?, room = ?, manual = ?, revision = ?
                        WHERE kind = 'talk' AND student_id = ?
                        """,
                    arguments: [
                        item.day.description, SeminarTime.storageString(item.start),
                        SeminarTime.storageString(item.end),
                        item.room, item.manual, item.revision, student,
                    ])
            }
            try db.execute(
                sql: "UPDATE schedule SET updated_at = ? WHERE id = 1", arguments: [SeminarTime.storageString(now)])
            return edited
        }
    }

    /// Where the differences between the agenda and the current assignments are: students
    /// with a paper but no talk, talks of students who dropped or have another paper now.
    public func scheduleDrift() throws(SeminarError) -> [String] {
        try read { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM schedule") ?? 0 > 0 else { return [] }
            var notes: [String] = []
            let unscheduled = try String.fetchAll(
                db,
                sql: """
                    SELECT a.student_id FROM assignment a JOIN student s ON s.id = a.student_id
                    WHERE s.status = 'enrolled' AND NOT EXISTS (SELECT 1 FROM schedule_item i WHERE i.student_id = a.student_id)
                    ORDER BY a.student_id
                    """)
            if !unscheduled.isEmpty {
                notes.append(
                    "\(unscheduled.count) student\(unscheduled.count == 1 ? " has" : "s have") a paper but no talk: \(unscheduled.joined(separator: ", ")) (generate again, or `seminar schedule move`)"
                )
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT i.student_id, i.paper_id, a.paper_id AS now_paper, s.status
                    FROM schedule_item i JOIN student s ON s.id = i.student_id LEFT JOIN assignment a ON a.student_id = i.student_id
                    WHERE i.kind = 'talk' ORDER BY i.starts_at
                    """)
            {
                let id: String = row["student_id"]
                let paper: String = row["paper_id"]
                let now: String? = row["now_paper"]
                let status: String = row["status"]
                if status != "enrolled" {
                    notes.append("\(id) has dropped the seminar but still has a talk")
                } else if now == nil {
                    notes.append("\(id) has no paper any more but still has a talk on \(paper)")
                } else if now != paper {
                    notes.append("\(id)'s talk is on \(paper), but their paper is now \(now!): generate again")
                }
            }
            return notes
        }
    }

    /// What `seminar status` should add for the block seminar: a to-do when students have
    /// papers but there is no agenda, and the drift between agenda and assignments.
    public func scheduleTodo() throws(SeminarError) -> [String] {
        let hasSchedule = try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM schedule") ?? 0 > 0 }
        if !hasSchedule {
            let assigned = try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM assignment") ?? 0 }
            return assigned > 0
                ? ["No block-seminar schedule yet: seminar schedule generate --day DATE [--day DATE ...]"] : []
        }
        return try scheduleDrift().map { "Schedule: " + $0 }
    }

    /// The student's talk: when and where. For reminder e-mails; nil without a schedule or talk.
    public func presentationSlot(student: String) throws(SeminarError) -> (start: Date, end: Date, room: String)? {
        try read { db in try Self.presentationSlot(db, student: student) }
    }

    /// The same inside a transaction the caller already holds (the reminder planner's).
    public static func presentationSlot(_ db: Database, student: String) throws -> (
        start: Date, end: Date, room: String
    )? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT starts_at, ends_at, room FROM schedule_item WHERE kind = 'talk' AND student_id = ?
                    """, arguments: [student]),
            let start = SeminarTime.fromStorage(row["starts_at"]), let end = SeminarTime.fromStorage(row["ends_at"])
        else { return nil }
        return (start, end, row["room"])
    }

    /// The slot as a mail says it, in the seminar's zone: `Thu 13 Feb 2025, 09:00–09:30 CET, MI 02.09.023`.
    public static func presentationSlotText(_ db: Database, student: String) throws -> String? {
        try presentationSlotTexts(db, students: [student])[student]
    }

    /// Every talk's slot as a mail says it, by student, in one query (reminder runs need
    /// all of them); `students` narrows it down.
    public static func presentationSlotTexts(_ db: Database, students: [String]? = nil) throws -> [String: String] {
        guard let info = try SeminarInfo.fetchOne(db) else { return [:] }
        var sql =
            "SELECT student_id, starts_at, ends_at, room FROM schedule_item WHERE kind = 'talk' AND student_id IS NOT NULL"
        var arguments: StatementArguments = []
        if let students {
            sql += " AND student_id IN (\(databaseQuestionMarks(count: students.count)))"
            arguments = StatementArguments(students)
        }
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_GB")
        day.timeZone = info.time.timeZone
        day.dateFormat = "EEE d MMM yyyy, HH:mm"
        let end = DateFormatter()
        end.locale = day.locale
        end.timeZone = day.timeZone
        end.dateFormat = "HH:mm zzz"
        var texts: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            guard let start = SeminarTime.fromStorage(row["starts_at"]),
                let stop = SeminarTime.fromStorage(row["ends_at"])
            else { continue }
            texts[row["student_id"]] = "\(day.string(from: start))–\(end.string(from: stop)), \(row["room"] as String)"
        }
        return texts
    }

    // MARK: Unavailability

    /// Records a time the student cannot present. Returns false when it was already recorded.
    @discardableResult
    public func addUnavailability(_ u: Unavailability, now: Date = Date()) throws(SeminarError) -> Bool {
        try write { db in
            _ = try Self.requireStudent(db, u.studentID)
            try db.execute(
                sql: """
                    INSERT INTO unavailability (student_id, starts_at, ends_at, reason, created_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (student_id, starts_at, ends_at) DO NOTHING
                    """,
                arguments: [
                    u.studentID, SeminarTime.storageString(u.start), SeminarTime.storageString(u.end), u.reason,
                    SeminarTime.storageString(now),
                ])
            return db.changesCount > 0
        }
    }

    public func unavailabilityList() throws(SeminarError) -> [UnavailabilityView] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT u.id, u.student_id, s.name, u.starts_at, u.ends_at, u.reason
                    FROM unavailability u JOIN student s ON s.id = u.student_id ORDER BY u.starts_at, u.student_id
                    """
            ).compactMap { row in
                guard let st = SeminarTime.fromStorage(row["starts_at"]),
                    let e = SeminarTime.fromStorage(row["ends_at"])
                else { return nil }
                return UnavailabilityView(
                    id: row["id"], studentName: row["name"],
                    unavailability: Unavailability(
                        studentID: row["student_id"], start: st, end: e, reason: row["reason"]))
            }
        }
    }

    /// Removes the student's unavailable times: the one overlapping `range`, or all. Returns how many.
    public func removeUnavailability(student: String, overlapping range: (start: Date, end: Date)?) throws(SeminarError)
        -> Int
    {
        try write { db in
            _ = try Self.requireStudent(db, student)
            if let range {
                try db.execute(
                    sql: "DELETE FROM unavailability WHERE student_id = ? AND starts_at < ? AND ends_at > ?",
                    arguments: [student, SeminarTime.storageString(range.end), SeminarTime.storageString(range.start)])
            } else {
                try db.execute(sql: "DELETE FROM unavailability WHERE student_id = ?", arguments: [student])
            }
            return db.changesCount
        }
    }

    // MARK: Attendance

    /// Records signatures; returns how many were new (a sheet imported twice adds nothing).
    public func recordAttendance(_ entries: [AttendanceEntry], source: String, now: Date = Date()) throws(SeminarError)
        -> Int
    {
        try write { db in
            var added = 0
            for e in entries {
                _ = try Self.requireStudent(db, e.studentID)
                try db.execute(
                    sql: """
                        INSERT INTO attendance (student_id, day, source, recorded_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (student_id, day) DO NOTHING
                        """, arguments: [e.studentID, e.day.description, source, SeminarTime.storageString(now)])
                added += db.changesCount
            }
            return added
        }
    }

    /// Takes a signature back (entered for the wrong student). Returns whether there was one.
    public func removeAttendance(student: String, day: DayDate) throws(SeminarError) -> Bool {
        try write { db in
            _ = try Self.requireStudent(db, student)
            try db.execute(
                sql: "DELETE FROM attendance WHERE student_id = ? AND day = ?", arguments: [student, day.description])
            return db.changesCount > 0
        }
    }

    public func attendanceEntries() throws(SeminarError) -> [AttendanceEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT student_id, day FROM attendance ORDER BY day, student_id").compactMap {
                row in
                DayDate(row["day"] as String).map { AttendanceEntry(studentID: row["student_id"], day: $0) }
            }
        }
    }
}
