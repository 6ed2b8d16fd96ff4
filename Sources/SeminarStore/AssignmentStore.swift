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
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.student_id, s.name, a.paper_id, p.title, p.topic, a.pinned,
                           (SELECT r.rank FROM preference r WHERE r.student_id = a.student_id AND r.paper_id = a.paper_id) AS rank,
                           NOT EXISTS (SELECT 1 FROM preference r WHERE r.student_id = a.student_id) AS no_form
                    FROM assignment a JOIN student s ON s.id = a.student_id JOIN paper p ON p.id = a.paper_id
                    ORDER BY a.student_id
                    """
            ).map { row in
                AssignmentView(
                    studentID: row["student_id"], studentName: row["name"], paperID: row["paper_id"],
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
                throw SeminarError.conflict(
                    "student \(student) has dropped the seminar; `seminar student undrop \(student)` first")
            }
            let p = try Self.requirePaper(db, paper)
            let previous = try AssignmentRecord.fetchOne(db, key: student)
            let holders = try AssignmentRecord.filter(
                sql: "paper_id = ? AND student_id != ?", arguments: [paper, student]
            ).fetchAll(db)
            var displaced: [String] = []
            if p.capacity == 0 {
                throw SeminarError.conflict(
                    "paper \(paper) has no places (capacity 0): raise its capacity in the catalog (seminar paper import) first"
                )
            }
            if holders.count >= p.capacity {
                let movable = holders.filter { !$0.pinned }.map(\.studentId).sorted()
                let excess = holders.count - p.capacity + 1
                guard movable.count >= excess else {
                    throw SeminarError.conflict(
                        "paper \(paper) is full (capacity \(p.capacity), pinned to \(holders.map(\.studentId).sorted().joined(separator: ", "))): unset one of them or raise the capacity"
                    )
                }
                displaced = Array(movable.prefix(excess))
                for d in displaced { _ = try AssignmentRecord.deleteOne(db, key: d) }
            }
            try AssignmentRecord(
                studentId: student, paperId: paper, pinned: true, runId: nil,
                assignedAt: SeminarTime.storageString(now)
            ).save(db)
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

/// Everything `seminar assign` needs, as indices: the enrolled students (by id), the papers
/// (by id), their ranked lists and pins.
public struct AssignmentInput: Sendable {
    public var studentIDs: [String]
    public var studentNames: [String]
    public var paperIDs: [String]
    public var paperTitles: [String]
    public var problem: MatchingProblem
    /// The paper each student has now (-1: none), to tell what a run changes.
    public var current: [Int32]
    /// Places taken by dropped students who are pinned (they keep them).
    public var droppedPinned: Int

    public func studentIndex(_ id: String) -> Int? { studentIDs.firstIndex(of: id) }
}

/// A recorded `assign` run.
public struct AssignmentRunRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "assignment_run"
    public var id: Int64?
    public var method: String
    public var seed: Int64
    public var costModel: String
    public var ranAt: String
    public var objective: String
    public var totalCost: Int64
    public var histogram: String
    public var students: Int
    public var result: String
    public var solveSeconds: Double

    enum CodingKeys: String, CodingKey {
        case id, method, seed, objective, histogram, students, result
        case costModel = "cost_model"
        case ranAt = "ran_at"
        case totalCost = "total_cost"
        case solveSeconds = "solve_seconds"
    }

    public init(
        id: Int64? = nil, method: String, seed: Int64, costModel: String, ranAt: String, objective: String,
        totalCost: Int64,
        histogram: String, students: Int, result: String, solveSeconds: Double
    ) {
        self.id = id
        self.method = method
        self.seed = seed
        self.costModel = costModel
        self.ranAt = ranAt
        self.objective = objective
        self.totalCost = totalCost
        self.histogram = histogram
        self.students = students
        self.result = result
        self.solveSeconds = solveSeconds
    }

}

extension AppDatabase {
    /// Reads the matching problem in a few straight queries (a department's 10,000 students
    /// and 50,000 choices load in well under 0.1 s).
    public func assignmentInput() throws(SeminarError) -> AssignmentInput {
        try read { db in
            var studentIDs: [String] = []
            var names: [String] = []
            var studentIndex: [String: Int32] = [:]
            let students = try Row.fetchCursor(
                db, sql: "SELECT id, name FROM student WHERE status = 'enrolled' ORDER BY id")
            while let row = try students.next() {
                let id: String = row[0]
                studentIndex[id] = Int32(studentIDs.count)
                studentIDs.append(id)
                names.append(row[1])
            }
            var paperIDs: [String] = []
            var titles: [String] = []
            var capacities: [Int] = []
            var paperIndex: [String: Int32] = [:]
            let papers = try Row.fetchCursor(db, sql: "SELECT id, title, capacity FROM paper ORDER BY id")
            while let row = try papers.next() {
                let id: String = row[0]
                paperIndex[id] = Int32(paperIDs.count)
                paperIDs.append(id)
                titles.append(row[1])
                capacities.append(row[2])
            }
            let n = studentIDs.count
            var lists = [[Int32]](repeating: [], count: n)
            let prefs = try Row.fetchCursor(
                db, sql: "SELECT student_id, paper_id FROM preference ORDER BY student_id, rank")
            while let row = try prefs.next() {
                guard let s = studentIndex[row[0] as String], let p = paperIndex[row[1] as String] else { continue }
                lists[Int(s)].append(p)
            }
            var choiceStart: [Int32] = [0]
            choiceStart.reserveCapacity(n + 1)
            var choices: [Int32] = []
            for l in lists {
                choices.append(contentsOf: l)
                choiceStart.append(Int32(choices.count))
            }
            var pinned = [Int32](repeating: -1, count: n)
            var current = [Int32](repeating: -1, count: n)
            var droppedPinned = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT student_id, paper_id, pinned FROM assignment")
            while let row = try rows.next() {
                guard let p = paperIndex[row[1] as String] else { continue }
                let isPinned: Bool = row[2]
                if let s = studentIndex[row[0] as String] {
                    current[Int(s)] = p
                    if isPinned { pinned[Int(s)] = p }
                } else if isPinned {
                    // A dropped student pinned by hand keeps the place.
                    capacities[Int(p)] -= 1
                    droppedPinned += 1
                }
            }
            for p in capacities.indices where capacities[p] < 0 { capacities[p] = 0 }
            let problem = MatchingProblem(
                capacities: capacities, choiceStart: choiceStart, choices: choices, pinned: pinned)
            return AssignmentInput(
                studentIDs: studentIDs, studentNames: names, paperIDs: paperIDs, paperTitles: titles,
                problem: problem, current: current, droppedPinned: droppedPinned)
        }
    }

    /// Replaces every unpinned assignment with the result and records the run, in one
    /// transaction. Dropped students lose unpinned papers. Returns the run's id.
    public func saveAssignment(
        _ input: AssignmentInput, _ result: MatchingResult, run: AssignmentRunRecord,
        now: Date = Date()
    ) throws(SeminarError) -> Int64 {
        let stamp = SeminarTime.storageString(now)
        return try write { db in
            try run.insert(db)
            let runID = db.lastInsertedRowID
            try db.execute(sql: "DELETE FROM assignment WHERE pinned = 0")
            let insert = try db.makeStatement(
                sql: "INSERT INTO assignment(student_id, paper_id, pinned, run_id, assigned_at) VALUES (?, ?, 0, ?, ?)")
            for s in 0..<input.studentIDs.count where input.problem.pinned[s] < 0 && result.paper[s] >= 0 {
                try insert.execute(arguments: [input.studentIDs[s], input.paperIDs[Int(result.paper[s])], runID, stamp])
            }
            return runID
        }
    }

    public func assignmentRuns() throws(SeminarError) -> [AssignmentRunRecord] {
        try read { try AssignmentRunRecord.order(Column("id")).fetchAll($0) }
    }
}
