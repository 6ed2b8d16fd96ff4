import Foundation
import GRDB
import SeminarCore

/// What the database holds about the term, counted, for `seminar status`.
public struct StatusFacts: Sendable, Equatable {
    public var enrolled = 0
    public var dropped = 0
    public var papers = 0
    /// The papers' capacities, added up.
    public var places = 0
    /// Enrolled students with a preference form.
    public var forms = 0
    /// Enrolled students with a paper.
    public var assigned = 0
    public var pinned = 0
    /// Places taken, by anyone (dropped students included).
    public var placesTaken = 0
    /// Dropped students who still hold a paper that is not pinned.
    public var droppedHolders = 0
    /// Papers with more students than places (a capacity lowered after the assignment).
    public var overfullPapers: [String] = []
    public var hasSchedule = false

    public init() {}
}

/// What `student show` adds beyond the roster row.
public struct StudentDetails: Sendable {
    /// Whether a preference form arrived, and when (nil: the file gave no time).
    public var form: FormReceipt?
    /// The papers on the form, in rank order.
    public var preferences: [PaperTitle] = []
    public var assignment: AssignedPaper?
}

/// A preference form as `student show` tells it: when it was submitted, if the file said.
public struct FormReceipt: Sendable, Equatable {
    public var submittedAt: Date?
}

/// A paper's id and title.
public struct PaperTitle: Sendable, Equatable, Decodable, FetchableRecord {
    public var id: String
    public var title: String
}

public struct PaperInterest: Sendable {
    public var rankCounts: [Int: Int] = [:]
    /// The students who present the paper, by id.
    public var assignedTo: [StudentName] = []
}

/// A student's id and name.
public struct StudentName: Sendable, Equatable, Decodable, FetchableRecord {
    public var id: String
    public var name: String
}

/// A count per key, from `SELECT … AS key, COUNT(*) AS n … GROUP BY …`.
struct Tally<Key: Decodable & Hashable>: Decodable, FetchableRecord {
    var key: Key
    var n: Int
}

/// The paper a student holds, for `student show`.
/// The paper a student is assigned.
public struct AssignedPaper: Sendable, Equatable, Decodable, FetchableRecord {
    public var id: String
    public var title: String
    public var pinned: Bool
    /// Its rank on the student's form; nil when it is not on it.
    public var rank: Int?
}

extension AppDatabase {
    public func statusFacts() throws(SeminarError) -> StatusFacts {
        try read { db in
            func count(_ request: SQLRequest<Int>) throws -> Int { try request.fetchOne(db) ?? 0 }
            let enrolled = StudentStatus.enrolled
            var f = StatusFacts()
            f.enrolled = try count("SELECT COUNT(*) FROM student WHERE status = \(enrolled)")
            f.dropped = try count("SELECT COUNT(*) FROM student WHERE status = \(StudentStatus.dropped)")
            f.papers = try count("SELECT COUNT(*) FROM paper")
            f.places = try count("SELECT COALESCE(SUM(capacity), 0) FROM paper")
            f.forms = try count(
                """
                SELECT COUNT(*) FROM student s
                WHERE s.status = \(enrolled) AND EXISTS (SELECT 1 FROM preference p WHERE p.student_id = s.id)
                """)
            f.assigned = try count(
                "SELECT COUNT(*) FROM assignment a JOIN student s ON s.id = a.student_id WHERE s.status = \(enrolled)")
            f.pinned = try count("SELECT COUNT(*) FROM assignment WHERE pinned = \(true)")
            f.placesTaken = try count("SELECT COUNT(*) FROM assignment")
            f.droppedHolders = try count(
                """
                SELECT COUNT(*) FROM assignment a JOIN student s ON s.id = a.student_id
                WHERE s.status = \(StudentStatus.dropped) AND a.pinned = \(false)
                """)
            let overfull: SQLRequest<String> = """
                SELECT p.id FROM paper p JOIN assignment a ON a.paper_id = p.id
                GROUP BY p.id HAVING COUNT(*) > p.capacity ORDER BY p.id
                """
            f.overfullPapers = try overfull.fetchAll(db)
            f.hasSchedule = try ScheduleRecord.fetchCount(db) > 0
            return f
        }
    }

    public func studentDetails(_ id: String) throws(SeminarError) -> StudentDetails {
        try read { db in
            var d = StudentDetails()
            // A NULL time is a form the file gave no time for: still received.
            let form: SQLRequest<Row> = "SELECT submitted_at FROM preference_form WHERE student_id = \(id)"
            if let row = try form.fetchOne(db) {
                d.form = FormReceipt(submittedAt: StoredDate.fromDatabaseValue(row[0])?.date)
            }
            let choices: SQLRequest<PaperTitle> = """
                SELECT p.id, p.title FROM preference r JOIN paper p ON p.id = r.paper_id
                WHERE r.student_id = \(id) ORDER BY r.rank
                """
            d.preferences = try choices.fetchAll(db)
            let assigned: SQLRequest<AssignedPaper> = """
                SELECT p.id, p.title, a.pinned,
                       (SELECT rank FROM preference r WHERE r.student_id = a.student_id AND r.paper_id = a.paper_id) AS rank
                FROM assignment a JOIN paper p ON p.id = a.paper_id WHERE a.student_id = \(id)
                """
            d.assignment = try assigned.fetchOne(db)
            return d
        }
    }

    public func assignedCounts() throws(SeminarError) -> [String: Int] {
        try read { db in
            let request: SQLRequest<Tally<String>> =
                "SELECT paper_id AS key, COUNT(*) AS n FROM assignment GROUP BY paper_id"
            return Dictionary(uniqueKeysWithValues: try request.fetchAll(db).map { ($0.key, $0.n) })
        }
    }

    public func paperInterest(_ id: String) throws(SeminarError) -> PaperInterest {
        try read { db in
            var i = PaperInterest()
            let ranks: SQLRequest<Tally<Int>> =
                "SELECT rank AS key, COUNT(*) AS n FROM preference WHERE paper_id = \(id) GROUP BY rank"
            for t in try ranks.fetchAll(db) { i.rankCounts[t.key] = t.n }
            let presenters: SQLRequest<StudentName> = """
                SELECT s.id, s.name FROM assignment a JOIN student s ON s.id = a.student_id
                WHERE a.paper_id = \(id) ORDER BY s.id
                """
            i.assignedTo = try presenters.fetchAll(db)
            return i
        }
    }

    /// The de-registration deadline, if one is set (the latest, should there be several).
    public func deregistrationDeadline() throws(SeminarError) -> Date? {
        try read { db in
            let request: SQLRequest<StoredDate> = """
                SELECT due_at FROM deadline WHERE kind = \(DeadlineKind.deregistration.rawValue)
                ORDER BY due_at DESC LIMIT 1
                """
            return try request.fetchOne(db)?.date
        }
    }
}
