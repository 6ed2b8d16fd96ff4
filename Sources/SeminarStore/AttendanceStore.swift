import Foundation
import GRDB
import SeminarCore

/// An `attendance` row: one signature.
struct AttendanceRecord: StoredRecord, PersistableRecord {
    static let databaseTableName = "attendance"
    var studentID: String
    var day: DayDate
    var source: String
    var recordedAt: Date

    enum CodingKeys: String, CodingKey {
        case day, source
        case studentID = "student_id"
        case recordedAt = "recorded_at"
    }

    enum Columns {
        static let studentID = Column(CodingKeys.studentID)
        static let day = Column(CodingKeys.day)
    }
}

/// An `attendance_excuse` row: an excused absence of a day or of one talk.
struct AttendanceExcuseRecord: StoredRecord, PersistableRecord {
    static let databaseTableName = "attendance_excuse"
    var id: Int64?
    var studentID: String
    var day: DayDate?
    var speakerID: String?
    var reason: String
    var excusedAt: Date
    var excusedBy: String

    enum CodingKeys: String, CodingKey {
        case id, day, reason
        case studentID = "student_id"
        case speakerID = "speaker_id"
        case excusedAt = "excused_at"
        case excusedBy = "excused_by"
    }

    enum Columns {
        static let studentID = Column(CodingKeys.studentID)
        static let day = Column(CodingKeys.day)
        static let speakerID = Column(CodingKeys.speakerID)
    }

    var excuse: AttendanceExcuse {
        AttendanceExcuse(
            studentID: studentID, scope: day.map { .day($0) } ?? .talk(speaker: speakerID ?? ""), reason: reason)
    }

    static func matching(_ student: String, _ scope: AttendanceExcuse.Scope) -> QueryInterfaceRequest<Self> {
        let mine = AttendanceExcuseRecord.filter(Columns.studentID == student)
        switch scope {
        case .day(let d): return mine.filter(Columns.day == d)
        case .talk(let speaker): return mine.filter(Columns.speakerID == speaker)
        }
    }
}

/// What `attend excuse` changed.
public enum ExcuseChange: Sendable, Equatable {
    case added
    /// The same absence was excused before, for another reason (given).
    case reasonChanged(from: String)
    case unchanged
}

/// What the attendance rule of the grading is applied to: the days and talks of the block
/// seminar, who signed in on which days, and the excused absences.
public struct AttendanceFacts: Sendable {
    public var days: [DayDate]
    /// In time order.
    public var talks: [HeardTalk]
    public var signed: SignedDays
    public var excuses: [AttendanceExcuse]
}

extension AppDatabase {
    /// Records signatures; returns how many were new (a sheet imported twice adds nothing).
    public func recordAttendance(_ entries: [AttendanceEntry], source: String, now: Date = Date()) throws(SeminarError)
        -> Int
    {
        try write { db in
            var added = 0
            for e in entries {
                _ = try Self.requireStudent(db, e.studentID)
                try db.execute(
                    literal: """
                        INSERT INTO attendance (student_id, day, source, recorded_at)
                        VALUES (\(e.studentID), \(e.day), \(source), \(StoredDate(now)))
                        ON CONFLICT (student_id, day) DO NOTHING
                        """)
                added += db.changesCount
            }
            return added
        }
    }

    /// Takes a signature back (entered for the wrong student). Returns whether there was one.
    public func removeAttendance(student: String, day: DayDate) throws(SeminarError) -> Bool {
        try write { db in
            _ = try Self.requireStudent(db, student)
            return try AttendanceRecord.deleteOne(db, key: ["student_id": student, "day": day])
        }
    }

    /// The days one student signed in on (one index range, not every signature).
    public func signedDays(of student: String) throws(SeminarError) -> Set<DayDate> {
        try read { db in
            Set(
                try DayDate.fetchAll(
                    db,
                    AttendanceRecord.select(AttendanceRecord.Columns.day).filter(
                        AttendanceRecord.Columns.studentID == student)))
        }
    }

    /// Who signed in on which days.
    public func signedDays() throws(SeminarError) -> SignedDays {
        try read { db in try Self.signedDays(db) }
    }

    static func signedDays(_ db: Database) throws -> SignedDays {
        // A term of 10,000 students over many days holds hundreds of thousands of signatures,
        // and most students signed on every day with any signature. So: those days, one index
        // seek each; a count per student, which SQLite takes from the primary key; and the
        // days themselves only of the students who signed on fewer.
        let daysRequest: SQLRequest<DayDate> = """
            WITH RECURSIVE signed(day) AS (
                SELECT min(day) FROM attendance
                UNION ALL
                SELECT (SELECT min(day) FROM attendance WHERE day > signed.day) FROM signed
                WHERE signed.day IS NOT NULL)
            SELECT day FROM signed WHERE day IS NOT NULL
            """
        let days = try daysRequest.fetchAll(db)
        var signed = SignedDays()
        let everyDay = signed.add(list: days)
        var fewer: [String] = []
        let counts = try SQLRequest<Row>("SELECT student_id, count(*) FROM attendance GROUP BY student_id")
            .fetchCursor(db)
        while let row = try counts.next() {
            let student: String = row[0]
            if row[1] == days.count { signed.record(student, list: everyDay) } else { fewer.append(student) }
        }
        var daysOf: [String: [DayDate]] = [:]
        let request = AttendanceRecord.select(AttendanceRecord.Columns.studentID, AttendanceRecord.Columns.day)
            .filter(fewer.contains(AttendanceRecord.Columns.studentID)).asRequest(of: Row.self)
        for row in try request.fetchAll(db) { daysOf[row[0], default: []].append(try row.decode(atIndex: 1)) }
        for (student, days) in daysOf { signed.record(student, list: signed.add(list: days.sorted())) }
        return signed
    }

    /// Every excused absence, by student and then day or talk.
    public func attendanceExcuses() throws(SeminarError) -> [AttendanceExcuse] {
        try read { db in try Self.attendanceExcuses(db) }
    }

    static func attendanceExcuses(_ db: Database) throws -> [AttendanceExcuse] {
        try AttendanceExcuseRecord.order(Column("student_id"), Column("day"), Column("speaker_id")).fetchAll(db)
            .map(\.excuse)
    }

    /// The days, talks, signatures and excuses, read together; nil before the first
    /// `schedule generate`. Only the talks' days and speakers: every grading command reads
    /// this, and a 70-day agenda of 10,000 talks read whole (papers, times, rooms) took longer
    /// than the rest of `grade list`.
    static func attendanceFacts(_ db: Database) throws -> AttendanceFacts? {
        let days = try DayDate.fetchAll(db, sql: "SELECT day FROM schedule_day ORDER BY day")
        guard !days.isEmpty else { return nil }
        var talks: [HeardTalk] = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT i.day, i.student_id, s.name FROM schedule_item i JOIN student s ON s.id = i.student_id
                WHERE i.kind = 'talk' ORDER BY i.starts_at
                """)
        while let row = try rows.next() {
            talks.append(HeardTalk(day: try row.decode(atIndex: 0), speakerID: row[1], speaker: row[2]))
        }
        return AttendanceFacts(days: days, talks: talks, signed: try signedDays(db), excuses: try attendanceExcuses(db))
    }

    /// Excuses an absence, with a line in the student's grade history that names it as
    /// `label` (`2025-02-14`, `talk on ntk-jacot18`: the paper, not the speaker, so that no
    /// other student's id is written into this student's history). Excusing it again for
    /// another reason replaces the reason (and says so in the history); for the same reason it
    /// changes nothing.
    public func excuseAbsence(_ excuse: AttendanceExcuse, label: String, by user: String, now: Date)
        throws(SeminarError) -> ExcuseChange
    {
        try write { db in
            _ = try Self.requireStudent(db, excuse.studentID)
            if case .talk(let speaker) = excuse.scope { _ = try Self.requireStudent(db, speaker) }
            var record =
                try AttendanceExcuseRecord.matching(excuse.studentID, excuse.scope).fetchOne(db)
                ?? AttendanceExcuseRecord(
                    id: nil, studentID: excuse.studentID, day: nil, speakerID: nil, reason: "", excusedAt: now,
                    excusedBy: user)
            let old = record.id == nil ? nil : record.reason
            if old == excuse.reason { return .unchanged }
            if case .day(let d) = excuse.scope { record.day = d }
            if case .talk(let speaker) = excuse.scope { record.speakerID = speaker }
            record.reason = excuse.reason
            record.excusedAt = now
            record.excusedBy = user
            try record.save(db)
            try GradeHistoryEntry(
                studentID: excuse.studentID, subject: .excuse, oldValue: old.map { "\(label): \($0)" },
                newValue: "\(label): \(excuse.reason)", changedAt: now, changedBy: user, source: .attendExcuse
            ).insert(db)
            return old.map { .reasonChanged(from: $0) } ?? .added
        }
    }

    /// Withdraws an excuse, with a line in the student's grade history (naming it as
    /// `label`). Returns the reason it had, or nil (changing nothing) when there was none.
    public func withdrawExcuse(
        student: String, _ scope: AttendanceExcuse.Scope, label: String, by user: String, now: Date
    ) throws(SeminarError) -> String? {
        try write { db in
            _ = try Self.requireStudent(db, student)
            guard let record = try AttendanceExcuseRecord.matching(student, scope).fetchOne(db) else { return nil }
            try record.delete(db)
            try GradeHistoryEntry(
                studentID: student, subject: .excuse, oldValue: "\(label): \(record.reason)", newValue: nil,
                changedAt: now, changedBy: user, source: .attendUnexcuse
            ).insert(db)
            return record.reason
        }
    }
}
