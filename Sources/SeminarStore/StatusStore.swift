import Foundation
import GRDB
import SeminarCore

/// Where the term stands, for `seminar status`.
public struct SeminarStatus: Sendable {
    public struct Deadline: Sendable {
        public var kind: String
        public var title: String?
        public var due: Date
    }
    public var info: SeminarInfo
    public var enrolled = 0
    public var dropped = 0
    public var papers = 0
    public var places = 0
    public var forms = 0
    public var assigned = 0
    public var pinned = 0
    public var nextDeadline: Deadline?
    public var deadlines = 0
    /// What still needs doing, as sentences with the command that does it.
    public var todo: [String] = []
}

/// What `student show` adds beyond the roster row.
public struct StudentDetails: Sendable {
    public var formSubmittedAt: String?
    public var preferences: [String] = []
    public var assignment: String?
    /// Lines other areas contribute (submissions, grades...), label and value.
    public var extra: [(String, String)] = []
}

public struct PaperInterest: Sendable {
    public var rankCounts: [Int: Int] = [:]
    public var assignedTo: [String] = []
}

extension AppDatabase {
    public func status(now: Date = Date()) throws(SeminarError) -> SeminarStatus {
        try read { db in
            guard let info = try SeminarInfo.fetchOne(db) else { throw SeminarError.noSeminar(path: path) }
            var s = SeminarStatus(info: info)
            s.enrolled = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM student WHERE status = 'enrolled'") ?? 0
            s.dropped = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM student WHERE status = 'dropped'") ?? 0
            s.papers = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM paper") ?? 0
            s.places = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(capacity), 0) FROM paper") ?? 0
            s.forms =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(DISTINCT p.student_id) FROM preference p JOIN student s ON s.id = p.student_id WHERE s.status = 'enrolled'
                        """) ?? 0
            s.assigned =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM assignment a JOIN student s ON s.id = a.student_id WHERE s.status = 'enrolled'
                        """) ?? 0
            s.pinned = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assignment WHERE pinned = 1") ?? 0
            s.deadlines = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM deadline") ?? 0
            if let row = try Row.fetchOne(
                db, sql: "SELECT kind, title, due_at FROM deadline WHERE due_at > ? ORDER BY due_at LIMIT 1",
                arguments: [SeminarTime.storageString(now)]),
                let due = SeminarTime.fromStorage(row["due_at"])
            {
                s.nextDeadline = .init(kind: row["kind"], title: row["title"], due: due)
            }
            if s.enrolled == 0 && s.dropped == 0 { s.todo.append("No students yet: seminar student import ROSTER.csv") }
            if s.enrolled == 0 && s.dropped > 0 {
                s.todo.append(
                    "No enrolled students: all \(s.dropped) have dropped (seminar student import ROSTER.csv, or seminar student undrop ID)"
                )
            }
            if s.papers == 0 { s.todo.append("No papers yet: seminar paper import PAPERS.csv") }
            if s.places < s.enrolled {
                s.todo.append(
                    "Not enough places: \(s.enrolled) students, \(s.places) places (add papers or raise capacities)")
            }
            if s.enrolled > 0 && s.forms < s.enrolled {
                s.todo.append(
                    "\(s.enrolled - s.forms) of \(s.enrolled) students have not handed in a preference form: seminar prefs missing"
                )
            }
            if s.enrolled > 0 && s.papers > 0 && s.assigned < s.enrolled {
                let without = s.enrolled - s.assigned
                // When every place is taken, assign cannot help: "Not enough places" says what can.
                let placesTaken = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assignment") ?? 0
                if placesTaken < s.places {
                    s.todo.append(
                        without == 1
                            ? "1 student has no paper: seminar assign"
                            : "\(without) students have no paper: seminar assign")
                }
            }
            // `assignment list` and `paper list` still show their papers until the next assign.
            let droppedHolders =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM assignment a JOIN student s ON s.id = a.student_id WHERE s.status = 'dropped' AND a.pinned = 0
                        """) ?? 0
            // A capacity lowered after the assignment: `paper list` shows more students than places.
            let overfull = try String.fetchAll(
                db,
                sql: """
                    SELECT p.id FROM paper p JOIN assignment a ON a.paper_id = p.id
                    GROUP BY p.id HAVING COUNT(*) > p.capacity ORDER BY p.id
                    """)
            if !overfull.isEmpty {
                let shown = overfull.prefix(5).joined(separator: ", ") + (overfull.count > 5 ? ", …" : "")
                s.todo.append(
                    "\(overfull.count) paper\(overfull.count == 1 ? " has" : "s have") more students than places (\(shown)): seminar assign"
                )
            }
            if droppedHolders > 0 && s.enrolled > 0 {
                s.todo.append(
                    droppedHolders == 1
                        ? "1 dropped student still holds a paper: seminar assign frees it"
                        : "\(droppedHolders) dropped students still hold a paper: seminar assign frees them")
            }
            if s.deadlines == 0 { s.todo.append("No deadlines set: seminar deadline add KIND DATE") }
            return s
        }
    }

    public func studentDetails(_ id: String) throws(SeminarError) -> StudentDetails {
        try read { db in
            var d = StudentDetails()
            // "" when a form arrived without a time (a file without a time column).
            d.formSubmittedAt = try String.fetchOne(
                db, sql: "SELECT COALESCE(submitted_at, '') FROM preference_form WHERE student_id = ?", arguments: [id])
            d.preferences = try String.fetchAll(
                db,
                sql: """
                    SELECT p.id || ': ' || p.title FROM preference r JOIN paper p ON p.id = r.paper_id WHERE r.student_id = ? ORDER BY r.rank
                    """, arguments: [id])
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT p.id, p.title, a.pinned, (SELECT rank FROM preference r WHERE r.student_id = a.student_id AND r.paper_id = a.paper_id) AS rank
                    FROM assignment a JOIN paper p ON p.id = a.paper_id WHERE a.student_id = ?
                    """, arguments: [id])
            {
                let rank: Int? = row["rank"]
                let pinned: Bool = row["pinned"]
                d.assignment =
                    "\(row["id"] as String): \(row["title"] as String)"
                    + (rank.map { " (choice \($0))" } ?? " (not on their form)") + (pinned ? ", pinned" : "")
            }
            return d
        }
    }

    public func assignedCounts() throws(SeminarError) -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT paper_id, COUNT(*) AS n FROM assignment GROUP BY paper_id") {
                counts[row["paper_id"]] = row["n"]
            }
            return counts
        }
    }

    public func paperInterest(_ id: String) throws(SeminarError) -> PaperInterest {
        try read { db in
            var i = PaperInterest()
            for row in try Row.fetchAll(
                db, sql: "SELECT rank, COUNT(*) AS n FROM preference WHERE paper_id = ? GROUP BY rank", arguments: [id])
            {
                i.rankCounts[row["rank"]] = row["n"]
            }
            i.assignedTo = try String.fetchAll(
                db,
                sql: """
                    SELECT s.id || ' (' || s.name || ')' FROM assignment a JOIN student s ON s.id = a.student_id WHERE a.paper_id = ? ORDER BY s.id
                    """, arguments: [id])
            return i
        }
    }

    /// The de-registration deadline, if one is set (the latest, should there be several).
    public func deregistrationDeadline() throws(SeminarError) -> Date? {
        try read { db in
            try String.fetchOne(
                db, sql: "SELECT due_at FROM deadline WHERE kind = 'deregistration' ORDER BY due_at DESC LIMIT 1"
            )
            .flatMap(SeminarTime.fromStorage)
        }
    }
}
