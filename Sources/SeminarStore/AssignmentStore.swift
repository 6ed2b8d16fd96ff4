import Foundation
import GRDB
import SeminarCore

public struct AssignmentRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "assignment"
    public var studentId: String
    public var paperId: String
    public var pinned: Bool
    public var runId: Int64?
    public var assignedAt: String

    enum CodingKeys: String, CodingKey {
        case studentId = "student_id"
        case paperId = "paper_id"
        case pinned
        case runId = "run_id"
        case assignedAt = "assigned_at"
    }
}

/// One row of `assignment list`: who has which paper, and where it was on their form.
public struct AssignmentView: Sendable, Equatable {
    public var studentID: String
    public var studentName: String
    public var paperID: String
    public var paperTitle: String
    public var topic: String?
    /// The paper's rank on the student's form; nil when it was not on it.
    public var rank: Int?
    public var pinned: Bool
    /// The student handed in no form.
    public var noForm: Bool
}

/// What `assignment set` did.
public struct PinOutcome: Sendable {
    public var previousPaper: String?
    /// Students who held the paper unpinned and lost it to make room.
    public var displaced: [String]
}

extension AppDatabase {
    /// The current matching, by student id.
    public func assignmentViews() throws(SeminarError) -> [AssignmentView] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.student_id, s.name, a.paper_id, p.title, p.topic, a.pinned,
                       (SELECT r.rank FROM preference r WHERE r.student_id = a.student_id AND r.paper_id = a.paper_id) AS rank,
                       NOT EXISTS (SELECT 1 FROM preference r WHERE r.student_id = a.student_id) AS no_form
                FROM assignment a JOIN student s ON s.id = a.student_id JOIN paper p ON p.id = a.paper_id
                ORDER BY a.student_id
                """).map { row in
                AssignmentView(studentID: row["student_id"], studentName: row["name"], paperID: row["paper_id"],
                               paperTitle: row["title"], topic: row["topic"], rank: row["rank"], pinned: row["pinned"],
                               noForm: row["no_form"])
            }
        }
    }

    /// Gives the student that paper and pins it: `assign` keeps pinned pairs. When the paper
    /// is full, an unpinned holder makes room (they get a new paper at the next `assign`);
    /// when every holder is pinned, nothing changes and the error says who holds it.
    public func pin(student: String, paper: String, now: Date = Date()) throws(SeminarError) -> PinOutcome {
        try write { db in
            let s = try Self.requireStudent(db, student)
            guard s.status == .enrolled else {
                throw SeminarError.conflict("student \(student) has dropped the seminar; `seminar student undrop \(student)` first")
            }
            let p = try Self.requirePaper(db, paper)
            let previous = try AssignmentRecord.fetchOne(db, key: student)
            let holders = try AssignmentRecord.filter(sql: "paper_id = ? AND student_id != ?", arguments: [paper, student]).fetchAll(db)
            var displaced: [String] = []
            if holders.count >= p.capacity {
                let movable = holders.filter { !$0.pinned }.map(\.studentId).sorted()
                let excess = holders.count - p.capacity + 1
                guard movable.count >= excess else {
                    throw SeminarError.conflict("paper \(paper) is full (capacity \(p.capacity), pinned to \(holders.map(\.studentId).sorted().joined(separator: ", "))): unset one of them or raise the capacity")
                }
                displaced = Array(movable.prefix(excess))
                for d in displaced { _ = try AssignmentRecord.deleteOne(db, key: d) }
            }
            try AssignmentRecord(studentId: student, paperId: paper, pinned: true, runId: nil,
                                 assignedAt: SeminarTime.storageString(now)).save(db)
            return PinOutcome(previousPaper: previous?.paperId == paper ? nil : previous?.paperId, displaced: displaced)
        }
    }

    /// Takes the student's paper away (and the pin). Returns the paper they had.
    public func unassign(student: String) throws(SeminarError) -> String {
        try write { db in
            _ = try Self.requireStudent(db, student)
            guard let a = try AssignmentRecord.fetchOne(db, key: student) else {
                throw SeminarError.conflict("student \(student) has no paper")
            }
            try a.delete(db)
            return a.paperId
        }
    }
}
