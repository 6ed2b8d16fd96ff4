import Foundation
import GRDB
import SeminarCore

public struct AssignmentRecord: StoredRecord, Sendable, Equatable, PersistableRecord {
    public static let databaseTableName = "assignment"
    public var studentId: String
    public var paperId: String
    public var pinned: Bool
    public var runId: Int64?
    public var assignedAt: Date

    public init(studentId: String, paperId: String, pinned: Bool, runId: Int64?, assignedAt: Date) {
        self.studentId = studentId
        self.paperId = paperId
        self.pinned = pinned
        self.runId = runId
        self.assignedAt = assignedAt
    }

    enum CodingKeys: String, CodingKey {
        case studentId = "student_id"
        case paperId = "paper_id"
        case pinned
        case runId = "run_id"
        case assignedAt = "assigned_at"
    }

    public enum Columns {
        static let studentId = Column(CodingKeys.studentId)
        static let paperId = Column(CodingKeys.paperId)
        static let pinned = Column(CodingKeys.pinned)
    }
}

/// One row of `assignment list`: who has which paper, and where it was on their form.
public struct AssignmentView: FetchableRecord, Decodable, Sendable, Equatable {
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

    enum CodingKeys: String, CodingKey {
        case studentID = "student_id"
        case studentName = "student_name"
        case paperID = "paper_id"
        case paperTitle = "paper_title"
        case topic, rank, pinned
        case noForm = "no_form"
    }
}

/// What `assignment set` finds, inside its transaction: the student, the paper, the paper
/// the student has now, and who else holds it.
public struct PinState: Sendable {
    public var student: StudentRecord
    public var paper: PaperRecord
    public var previous: AssignmentRecord?
    public var holders: [AssignmentRecord]
}

extension AppDatabase {
    /// The current matching, by student id.
    public func assignmentViews() throws(SeminarError) -> [AssignmentView] {
        try read { db in
            try SQLRequest<AssignmentView>(
                """
                SELECT a.student_id, s.name AS student_name, a.paper_id, p.title AS paper_title, p.topic, a.pinned,
                       r.rank,
                       NOT EXISTS (SELECT 1 FROM preference f WHERE f.student_id = a.student_id) AS no_form
                FROM assignment a JOIN student s ON s.id = a.student_id JOIN paper p ON p.id = a.paper_id
                LEFT JOIN preference r ON r.student_id = a.student_id AND r.paper_id = a.paper_id
                ORDER BY a.student_id
                """
            ).fetchAll(db)
        }
    }

    /// Gives the student that paper, pinned, in one transaction: `decide` sees the state and
    /// names the students who lose the paper to make room (or throws, changing nothing).
    public func pin<T>(
        student: String, paper: String, at now: Date, _ decide: (PinState) throws -> (displaced: [String], T)
    ) throws(SeminarError) -> T {
        try write { db in
            let state = PinState(
                student: try Self.requireStudent(db, student), paper: try Self.requirePaper(db, paper),
                previous: try AssignmentRecord.fetchOne(db, key: student),
                holders: try AssignmentRecord.filter(
                    AssignmentRecord.Columns.paperId == paper && AssignmentRecord.Columns.studentId != student
                ).fetchAll(db))
            let (displaced, result) = try decide(state)
            _ = try AssignmentRecord.deleteAll(db, keys: displaced)
            try AssignmentRecord(studentId: student, paperId: paper, pinned: true, runId: nil, assignedAt: now).save(db)
            return result
        }
    }

    /// Takes the student's paper away (and the pin). Returns the paper they had, nil when none.
    public func unassign(student: String) throws(SeminarError) -> String? {
        try write { db in
            _ = try Self.requireStudent(db, student)
            guard let a = try AssignmentRecord.fetchOne(db, key: student) else { return nil }
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

extension MatchingMethod: DatabaseValueConvertible {}
extension CostModel: DatabaseValueConvertible {}

/// A recorded `assign` run.
public struct AssignmentRunRecord: StoredRecord, Sendable, PersistableRecord {
    public static let databaseTableName = "assignment_run"
    public var id: Int64?
    public var method: MatchingMethod
    public var seed: Int64
    public var costModel: CostModel
    public var ranAt: Date
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
        id: Int64? = nil, method: MatchingMethod, seed: Int64, costModel: CostModel, ranAt: Date, objective: String,
        totalCost: Int64, histogram: String, students: Int, result: String, solveSeconds: Double
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
        // The whole roster, catalog and matching, read for every run: decoded by hand from the
        // columns selected below (Codable took as long as the solver at 10,000 students).
        struct Student: FetchableRecord {
            var id: String
            var name: String
            init(row: Row) { (id, name) = (row[0], row[1]) }
        }
        struct Paper: FetchableRecord {
            var id: String
            var title: String
            var capacity: Int
            init(row: Row) { (id, title, capacity) = (row[0], row[1], row[2]) }
        }
        struct Holding: FetchableRecord {
            var studentId: String
            var paperId: String
            var pinned: Bool
            init(row: Row) { (studentId, paperId, pinned) = (row[0], row[1], row[2]) }
        }
        return try read { db in
            let students = try Student.fetchAll(
                db,
                StudentRecord.select(Column("id"), Column("name"))
                    .filter(StudentRecord.Columns.status == StudentStatus.enrolled).order(StudentRecord.Columns.id))
            let papers = try Paper.fetchAll(
                db, PaperRecord.select(Column("id"), Column("title"), Column("capacity")).order(PaperRecord.Columns.id))
            var input = AssignmentInput(
                studentIDs: students.map(\.id), studentNames: students.map(\.name), paperIDs: papers.map(\.id),
                paperTitles: papers.map(\.title),
                problem: MatchingProblem(capacities: [], choiceStart: [0], choices: [], pinned: []),
                current: [], droppedPinned: 0)
            let studentIndex = Dictionary(
                students.enumerated().map { ($0.element.id, Int32($0.offset)) }, uniquingKeysWith: { a, _ in a })
            let paperIndex = Dictionary(
                papers.enumerated().map { ($0.element.id, Int32($0.offset)) }, uniquingKeysWith: { a, _ in a })
            let (choiceStart, choices) = try Self.rankedLists(db, studentIndex: studentIndex, paperIndex: paperIndex)
            var capacities = papers.map(\.capacity)
            var pinned = [Int32](repeating: -1, count: students.count)
            input.current = [Int32](repeating: -1, count: students.count)
            let holdings = AssignmentRecord.select(
                AssignmentRecord.Columns.studentId, AssignmentRecord.Columns.paperId, AssignmentRecord.Columns.pinned)
            for a in try Holding.fetchAll(db, holdings) {
                guard let p = paperIndex[a.paperId] else { continue }
                if let s = studentIndex[a.studentId] {
                    input.current[Int(s)] = p
                    if a.pinned { pinned[Int(s)] = p }
                } else if a.pinned {
                    // A dropped student pinned by hand keeps the place.
                    capacities[Int(p)] -= 1
                    input.droppedPinned += 1
                }
            }
            for p in capacities.indices where capacities[p] < 0 { capacities[p] = 0 }
            input.problem = MatchingProblem(
                capacities: capacities, choiceStart: choiceStart, choices: choices, pinned: pinned)
            return input
        }
    }

    /// The enrolled students' ranked lists as the matcher holds them: student s's choices are
    /// `choices[choiceStart[s]..<choiceStart[s + 1]]`, most wanted first.
    static func rankedLists(_ db: Database, studentIndex: [String: Int32], paperIndex: [String: Int32]) throws -> (
        [Int32], [Int32]
    ) {
        var lists = [[Int32]](repeating: [], count: studentIndex.count)
        let prefs = try RankedChoice.fetchCursor(db, RankedChoice.request)
        while let choice = try prefs.next() {
            guard let s = studentIndex[choice.studentID], let p = paperIndex[choice.paperID] else { continue }
            lists[Int(s)].append(p)
        }
        var choiceStart: [Int32] = [0]
        choiceStart.reserveCapacity(lists.count + 1)
        var choices: [Int32] = []
        for l in lists {
            choices.append(contentsOf: l)
            choiceStart.append(Int32(choices.count))
        }
        return (choiceStart, choices)
    }

    /// Replaces every unpinned assignment with the result and records the run, in one
    /// transaction. Dropped students lose unpinned papers. Returns the run's id.
    public func saveAssignment(_ input: AssignmentInput, _ result: MatchingResult, run: AssignmentRunRecord)
        throws(SeminarError) -> Int64
    {
        try write { db in
            var run = run
            try run.insert(db)
            let runID = db.lastInsertedRowID
            run.id = runID
            _ = try AssignmentRecord.filter(AssignmentRecord.Columns.pinned == false).deleteAll(db)
            // One prepared statement for 10,000 rows: a record's insert would encode each one anew.
            let insert = try db.makeStatement(
                sql: "INSERT INTO assignment(student_id, paper_id, pinned, run_id, assigned_at) VALUES (?, ?, 0, ?, ?)")
            let at = StoredDate(run.ranAt).databaseValue
            for s in 0..<input.studentIDs.count where input.problem.pinned[s] < 0 && result.paper[s] >= 0 {
                try insert.execute(arguments: [input.studentIDs[s], input.paperIDs[Int(result.paper[s])], runID, at])
            }
            return runID
        }
    }

    public func assignmentRuns() throws(SeminarError) -> [AssignmentRunRecord] {
        try read { try AssignmentRunRecord.order(Column("id")).fetchAll($0) }
    }
}

/// One choice as `assign` loads it: who, and which paper, in rank order. Decoded from its two
/// selected columns by hand rather than by Codable: at 10,000 students the 50,000 choices cost
/// Codable about 40 ms, as long as the solver itself takes.
private struct RankedChoice: FetchableRecord {
    var studentID: String
    var paperID: String

    init(row: Row) {
        studentID = row[0]
        paperID = row[1]
    }

    static let request =
        PreferenceRecord
        .select(PreferenceRecord.Columns.studentID, PreferenceRecord.Columns.paperID)
        .order(PreferenceRecord.Columns.studentID, PreferenceRecord.Columns.rank)
        .asRequest(of: RankedChoice.self)
}
