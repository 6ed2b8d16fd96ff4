import Foundation
import GRDB
import SeminarCore

/// The stored agenda and how it was made.
public struct StoredSchedule: Sendable {
    public var agenda: Agenda
    public var talkMinutes: Int
    public var discussionMinutes: Int
    /// The plan the agenda was generated from; nil for a schedule an earlier version saved
    /// (it kept the flags as text).
    public var plan: SchedulePlan?
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

/// What `saveSchedule` did.
public enum ScheduleSaveOutcome: Sendable, Equatable {
    /// Saved; `replaced` when there was an agenda before, `discardedEdits` the manual moves
    /// and swaps the new agenda overwrote.
    case saved(replaced: Bool, discardedEdits: Int)
    /// Not saved: the current agenda has talks moved by hand, and `replace` was not set.
    case refused(manualEdits: Int)
}

/// Talks of the agenda that no longer match the assignments (`scheduleDrift`).
public struct ScheduleDriftFacts: Sendable, Equatable {
    /// Enrolled students with a paper but no talk, by id.
    public var unscheduled: [String]
    /// Talks whose student dropped, has no paper any more, or has another paper now.
    public var mismatched: [TalkAssignment]
}

/// A talk beside the student's current state.
public struct TalkAssignment: Sendable, Equatable, Decodable, FetchableRecord {
    public var studentID: String
    /// The paper the talk is on.
    public var talkPaperID: String
    /// The student's paper now, if any.
    public var currentPaperID: String?
    public var status: StudentStatus

    enum CodingKeys: String, CodingKey {
        case studentID = "student_id"
        case talkPaperID = "talk_paper_id"
        case currentPaperID = "current_paper_id"
        case status
    }
}

// MARK: - Records

/// The `schedule` row: how the current agenda was generated (one row, or none).
struct ScheduleRecord: StoredRecord, PersistableRecord {
    static let databaseTableName = "schedule"
    var id = 1
    var talkMinutes: Int
    var discussionMinutes: Int
    /// The plan as JSON (flags as text in schedules saved by earlier versions).
    var parameters: String
    var generatedAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, parameters
        case talkMinutes = "talk_minutes"
        case discussionMinutes = "discussion_minutes"
        case generatedAt = "generated_at"
        case updatedAt = "updated_at"
    }
}

/// A `schedule_day` row.
struct ScheduleDayRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "schedule_day"
    var day: DayDate
    var starts: ClockTime
    var ends: ClockTime
    var room: String

    init(_ d: ScheduleDay) { (day, starts, ends, room) = (d.day, d.start, d.end, d.room) }

    var scheduleDay: ScheduleDay { ScheduleDay(day: day, start: starts, end: ends, room: room) }
}

/// A `schedule_item` row: a talk, a coffee break or lunch.
struct ScheduleItemRecord: StoredRecord, PersistableRecord {
    static let databaseTableName = "schedule_item"
    var id: Int64?
    var day: DayDate
    var kind: AgendaKind
    var startsAt: Date
    var endsAt: Date
    var room: String
    var studentID: String?
    var paperID: String?
    var manual: Bool
    var revision: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, day, kind
        case startsAt = "starts_at"
        case endsAt = "ends_at"
        case room
        case studentID = "student_id"
        case paperID = "paper_id"
        case manual, revision
    }

    enum Columns {
        static let kind = Column(CodingKeys.kind)
        static let studentID = Column(CodingKeys.studentID)
        static let startsAt = Column(CodingKeys.startsAt)
        static let manual = Column(CodingKeys.manual)
    }

    /// Every fetch selects the columns in this order, and `init(row:)` reads them by position:
    /// through Codable (a lookup by name per column), a 10,000-talk agenda took 50 ms to read.
    static var databaseSelection: [any SQLSelectable] { CodingKeys.allCases.map { Column($0) } }

    init(row: Row) throws {
        id = try row.decode(atIndex: 0)
        day = try row.decode(atIndex: 1)
        kind = try row.decode(atIndex: 2)
        startsAt = try row.decode(StoredDate.self, atIndex: 3).date
        endsAt = try row.decode(StoredDate.self, atIndex: 4).date
        room = try row.decode(atIndex: 5)
        studentID = try row.decode(atIndex: 6)
        paperID = try row.decode(atIndex: 7)
        manual = try row.decode(atIndex: 8)
        revision = try row.decode(atIndex: 9)
    }

    init(_ item: AgendaItem) {
        (day, kind, startsAt, endsAt, room) = (item.day, item.kind, item.start, item.end, item.room)
        (studentID, paperID, manual, revision) = (item.talk?.studentID, item.talk?.paperID, item.manual, item.revision)
    }

    var slot: TalkSlot { TalkSlot(start: startsAt, end: endsAt, room: room) }

    /// The talks' rows.
    static var talks: QueryInterfaceRequest<Self> { filter(Columns.kind == AgendaKind.talk) }
}

/// An `unavailability` row (`schedule block`).
struct UnavailabilityRecord: StoredRecord, PersistableRecord {
    static let databaseTableName = "unavailability"
    var id: Int64?
    var studentID: String
    var startsAt: Date
    var endsAt: Date
    var reason: String?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, reason
        case studentID = "student_id"
        case startsAt = "starts_at"
        case endsAt = "ends_at"
        case createdAt = "created_at"
    }

    var unavailability: Unavailability {
        Unavailability(studentID: studentID, start: startsAt, end: endsAt, reason: reason)
    }
}

/// An unavailable time with the student's name (`schedule blocks`).
struct UnavailabilityRow: StoredRecord {
    var id: Int64
    var studentID: String
    var name: String
    var startsAt: Date
    var endsAt: Date
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case id, name, reason
        case studentID = "student_id"
        case startsAt = "starts_at"
        case endsAt = "ends_at"
    }
}

/// A talk with its speaker and paper: the planner's input, and the talks of a stored agenda.
struct TalkRow: FetchableRecord {
    var studentID: String
    var name: String
    var paperID: String
    var title: String
    var topic: String?
    var authors: String?
    var url: String?
    var arxiv: String?
    var abstract: String?
    var catalogOrder: Int
    var venue: String?
    var year: Int?

    /// Read by position, in the order both queries select (student_id, name, paper_id, title,
    /// topic, authors, url, arxiv, abstract, catalog_order, venue, year): through Codable,
    /// 10,000 talks took 40 ms to read.
    init(row: Row) throws {
        studentID = try row.decode(atIndex: 0)
        name = try row.decode(atIndex: 1)
        paperID = try row.decode(atIndex: 2)
        title = try row.decode(atIndex: 3)
        topic = try row.decode(atIndex: 4)
        authors = try row.decode(atIndex: 5)
        url = try row.decode(atIndex: 6)
        arxiv = try row.decode(atIndex: 7)
        abstract = try row.decode(atIndex: 8)
        catalogOrder = try row.decode(atIndex: 9)
        venue = try row.decode(atIndex: 10)
        year = try row.decode(atIndex: 11)
    }

    var request: TalkRequest {
        TalkRequest(
            studentID: studentID, speaker: name, paperID: paperID, title: title, topic: topic, authors: authors,
            venue: venue, year: year, url: url, arxiv: arxiv, abstract: abstract, catalogOrder: catalogOrder)
    }
}

/// Days and clock times are stored as they are written: `2025-02-13`, `09:00`.
extension DatabaseValueConvertible where Self: TextCodable {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Self? {
        String.fromDatabaseValue(dbValue).flatMap { Self($0) }
    }
}

extension DayDate: DatabaseValueConvertible {}
extension ClockTime: DatabaseValueConvertible {}

extension AgendaKind: DatabaseValueConvertible {}

// MARK: - Agenda

extension AppDatabase {
    /// The talks to schedule: every enrolled student with a paper, with the paper's place
    /// in the catalog (its import order), and every unavailability.
    public func scheduleInputs() throws(SeminarError) -> (talks: [TalkRequest], unavailability: [Unavailability]) {
        try read { db in
            let request: SQLRequest<TalkRow> = """
                SELECT a.student_id, s.name, p.id AS paper_id, p.title, p.topic, p.authors, p.url, p.arxiv,
                       p.abstract, p.rowid AS catalog_order, p.venue, p.year
                FROM assignment a JOIN student s ON s.id = a.student_id JOIN paper p ON p.id = a.paper_id
                WHERE s.status = \(StudentStatus.enrolled)
                ORDER BY a.student_id
                """
            return (try request.fetchAll(db).map(\.request), try Self.unavailability(db))
        }
    }

    static func unavailability(_ db: Database) throws -> [Unavailability] {
        try UnavailabilityRecord.order(Column("starts_at"), Column("student_id")).fetchAll(db).map(\.unavailability)
    }

    /// Whether there is an agenda (`schedule generate` has run).
    public func hasSchedule() throws(SeminarError) -> Bool {
        try read { try ScheduleRecord.fetchCount($0) > 0 }
    }

    /// Saves a generated agenda in place of the current one. A schedule with manual changes
    /// is only replaced when `replace` is set, so that `generate` cannot silently undo them.
    public func saveSchedule(_ agenda: Agenda, plan: SchedulePlan, replace: Bool, now: Date = Date())
        throws(SeminarError) -> ScheduleSaveOutcome
    {
        try write { db in
            let existing = try ScheduleRecord.fetchCount(db)
            let edits = try ScheduleItemRecord.filter(ScheduleItemRecord.Columns.manual == true).fetchCount(db)
            if edits > 0 && !replace { return .refused(manualEdits: edits) }
            let items = try Self.keepingRevisions(db, agenda.items)
            try ScheduleItemRecord.deleteAll(db)
            try ScheduleDayRecord.deleteAll(db)
            try ScheduleRecord.deleteAll(db)
            try ScheduleRecord(
                talkMinutes: plan.talkMinutes, discussionMinutes: plan.discussionMinutes,
                parameters: Self.encode(plan), generatedAt: now, updatedAt: now
            ).insert(db)
            for d in agenda.days { try ScheduleDayRecord(d).insert(db) }
            for item in items { try ScheduleItemRecord(item).insert(db) }
            return .saved(replaced: existing > 0, discardedEdits: edits)
        }
    }

    /// A talk's revision is its iCalendar SEQUENCE: calendar clients ignore an update with a
    /// lower one, so a regenerated talk keeps its revision, one up if it moved.
    static func keepingRevisions(_ db: Database, _ items: [AgendaItem]) throws -> [AgendaItem] {
        var previous: [String: ScheduleItemRecord] = [:]
        for old in try ScheduleItemRecord.talks.fetchAll(db) {
            if let student = old.studentID { previous[student] = old }
        }
        return items.map { item in
            guard item.kind == .talk, let student = item.talk?.studentID, let old = previous[student] else {
                return item
            }
            var item = item
            // Compared as stored: to the second.
            func stored(_ d: Date) -> DatabaseValue { StoredDate(d).databaseValue }
            let same =
                stored(old.startsAt) == stored(item.start) && stored(old.endsAt) == stored(item.end)
                && old.room == item.room
            item.revision = old.revision + (same ? 0 : 1)
            return item
        }
    }

    static func encode(_ plan: SchedulePlan) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(plan), as: UTF8.self)
    }

    /// The current agenda, with the papers' and students' current titles and names; nil
    /// before the first `schedule generate`.
    public func storedSchedule() throws(SeminarError) -> StoredSchedule? {
        try read { db in try Self.storedSchedule(db) }
    }

    static func storedSchedule(_ db: Database) throws -> StoredSchedule? {
        guard let meta = try ScheduleRecord.fetchOne(db) else { return nil }
        let days = try ScheduleDayRecord.order(Column("day")).fetchAll(db).map(\.scheduleDay)
        let talksRequest: SQLRequest<TalkRow> = """
            SELECT i.student_id, s.name, p.id AS paper_id, p.title, p.topic, p.authors, p.url, p.arxiv, p.abstract,
                   p.rowid AS catalog_order, p.venue, p.year
            FROM schedule_item i JOIN student s ON s.id = i.student_id JOIN paper p ON p.id = i.paper_id
            WHERE i.kind = \(AgendaKind.talk)
            """
        var talks: [String: TalkRequest] = [:]
        for t in try talksRequest.fetchAll(db) { talks[t.studentID] = t.request }
        let items = try ScheduleItemRecord.order(ScheduleItemRecord.Columns.startsAt).fetchAll(db).map { r in
            AgendaItem(
                kind: r.kind, day: r.day, start: r.startsAt, end: r.endsAt, room: r.room,
                talk: r.kind == .talk ? r.studentID.flatMap { talks[$0] } : nil, manual: r.manual,
                revision: r.revision)
        }
        return StoredSchedule(
            agenda: Agenda(days: days, items: items), talkMinutes: meta.talkMinutes,
            discussionMinutes: meta.discussionMinutes,
            plan: try? JSONDecoder().decode(SchedulePlan.self, from: Data(meta.parameters.utf8)),
            generatedAt: meta.generatedAt, updatedAt: meta.updatedAt)
    }

    /// Reads the agenda and the unavailability, lets `edit` change the agenda (it throws to
    /// refuse), and saves the talks' new times, all in one transaction. Nil when there is no
    /// agenda to edit.
    public func editSchedule(now: Date = Date(), _ edit: (Agenda, [Unavailability]) throws -> Agenda)
        throws(SeminarError) -> Agenda?
    {
        try write { db in
            guard let current = try Self.storedSchedule(db) else { return nil }
            let edited = try edit(current.agenda, try Self.unavailability(db))
            for item in edited.talks {
                guard let student = item.talk?.studentID,
                    let old = current.agenda.talk(of: student), old != item
                else { continue }
                try db.execute(
                    literal: """
                        UPDATE schedule_item
                        SET day = \(item.day), starts_at = \(StoredDate(item.start)), ends_at = \(StoredDate(item.end)),
                            room = \(item.room), manual = \(item.manual), revision = \(item.revision)
                        WHERE kind = \(AgendaKind.talk) AND student_id = \(student)
                        """)
            }
            try db.execute(literal: "UPDATE schedule SET updated_at = \(StoredDate(now))")
            return edited
        }
    }

    /// Where the agenda and the current assignments differ: students with a paper but no
    /// talk, talks of students who dropped or have no or another paper now. Nil without an
    /// agenda.
    public func scheduleDrift() throws(SeminarError) -> ScheduleDriftFacts? {
        try read { db in
            guard try ScheduleRecord.fetchCount(db) > 0 else { return nil }
            let unscheduled: SQLRequest<String> = """
                SELECT a.student_id FROM assignment a JOIN student s ON s.id = a.student_id
                WHERE s.status = \(StudentStatus.enrolled)
                  AND NOT EXISTS (SELECT 1 FROM schedule_item i WHERE i.student_id = a.student_id)
                ORDER BY a.student_id
                """
            let mismatched: SQLRequest<TalkAssignment> = """
                SELECT i.student_id, i.paper_id AS talk_paper_id, a.paper_id AS current_paper_id, s.status
                FROM schedule_item i JOIN student s ON s.id = i.student_id
                     LEFT JOIN assignment a ON a.student_id = i.student_id
                WHERE i.kind = \(AgendaKind.talk)
                  AND (s.status != \(StudentStatus.enrolled) OR a.paper_id IS NULL OR a.paper_id != i.paper_id)
                ORDER BY i.starts_at
                """
            return ScheduleDriftFacts(
                unscheduled: try unscheduled.fetchAll(db), mismatched: try mismatched.fetchAll(db))
        }
    }

    /// The student's talk: when and where; nil without a schedule or talk.
    public func presentationSlot(student: String) throws(SeminarError) -> TalkSlot? {
        try read { db in
            try ScheduleItemRecord.talks.filter(ScheduleItemRecord.Columns.studentID == student).fetchOne(db)?.slot
        }
    }

    /// Every talk's slot, by student, in one query (reminder runs need all of them); inside
    /// a transaction the caller already holds.
    public static func presentationSlots(_ db: Database) throws -> [String: TalkSlot] {
        var slots: [String: TalkSlot] = [:]
        for talk in try ScheduleItemRecord.talks.fetchAll(db) {
            if let student = talk.studentID { slots[student] = talk.slot }
        }
        return slots
    }

    // MARK: Unavailability

    /// Records a time the student cannot present. Returns false when it was already recorded.
    @discardableResult
    public func addUnavailability(_ u: Unavailability, now: Date = Date()) throws(SeminarError) -> Bool {
        try write { db in
            _ = try Self.requireStudent(db, u.studentID)
            try db.execute(
                literal: """
                    INSERT INTO unavailability (student_id, starts_at, ends_at, reason, created_at)
                    VALUES (\(u.studentID), \(StoredDate(u.start)), \(StoredDate(u.end)), \(u.reason), \(StoredDate(now)))
                    ON CONFLICT (student_id, starts_at, ends_at) DO NOTHING
                    """)
            return db.changesCount > 0
        }
    }

    public func unavailabilityList() throws(SeminarError) -> [UnavailabilityView] {
        try read { db in
            let request: SQLRequest<UnavailabilityRow> = """
                SELECT u.id, u.student_id, s.name, u.starts_at, u.ends_at, u.reason
                FROM unavailability u JOIN student s ON s.id = u.student_id ORDER BY u.starts_at, u.student_id
                """
            return try request.fetchAll(db).map { row in
                UnavailabilityView(
                    id: row.id, studentName: row.name,
                    unavailability: Unavailability(
                        studentID: row.studentID, start: row.startsAt, end: row.endsAt, reason: row.reason))
            }
        }
    }

    /// Removes the student's unavailable times: the one overlapping `range`, or all. Returns how many.
    public func removeUnavailability(student: String, overlapping range: (start: Date, end: Date)?) throws(SeminarError)
        -> Int
    {
        try write { db in
            _ = try Self.requireStudent(db, student)
            var request = UnavailabilityRecord.filter(Column("student_id") == student)
            if let range {
                request = request.filter(
                    Column("starts_at") < StoredDate(range.end) && Column("ends_at") > StoredDate(range.start))
            }
            return try request.deleteAll(db)
        }
    }
}
