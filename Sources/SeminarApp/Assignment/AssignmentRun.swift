import Foundation
import SeminarCore
import SeminarStore

/// `seminar assign`: read the matching problem, solve it, and save the result with a record
/// of the run (unless it is a dry run).
public enum AssignmentRun {
    /// Solves the seminar's matching problem and, unless `dryRun`, saves it as a new run.
    public static func run(
        in db: AppDatabase, options: Assigner.Options, dryRun: Bool = false, now: Date = Date()
    ) throws(SeminarError) -> AssignmentOutcome {
        let outcome = try solve(in: db, options: options)
        guard !dryRun else { return outcome }
        let run = AssignmentRunRecord(
            method: options.method, seed: Int64(bitPattern: options.seed), costModel: options.cost, ranAt: now,
            objective: outcome.objective, totalCost: outcome.result.totalCost, histogram: outcome.histogramJSON,
            students: outcome.problem.studentCount, result: outcome.resultCSV,
            solveSeconds: outcome.result.solveSeconds)
        var saved = outcome
        saved.runID = try db.saveAssignment(outcome.input, outcome.result, run: run)
        return saved
    }

    /// Why the student gets their paper under these options; saves nothing.
    public static func explain(student: String, in db: AppDatabase, options: Assigner.Options)
        throws(SeminarError) -> (AssignmentOutcome, Explanation)
    {
        let outcome = try solve(in: db, options: options)
        guard let s = outcome.input.studentIndex(student) else {
            throw .invalidValue("no enrolled student with id \(shown: student) (see `seminar student list`)")
        }
        return (outcome, try Explanation.explain(outcome.problem, outcome.result, student: s, options))
    }

    static func solve(in db: AppDatabase, options: Assigner.Options) throws(SeminarError) -> AssignmentOutcome {
        let input = try db.assignmentInput()
        guard input.problem.studentCount > 0 else {
            let dropped = try db.students().count
            if dropped > 0 {
                throw .conflict(
                    "there are no enrolled students to assign: all \(dropped) students have dropped "
                        + "(seminar student undrop ID, or seminar student import ROSTER.csv)")
            }
            throw .conflict("there are no enrolled students to assign (seminar student import ROSTER.csv)")
        }
        guard input.problem.paperCount > 0 else {
            throw .conflict("there are no papers to assign (seminar paper import PAPERS.csv)")
        }
        return AssignmentOutcome(input: input, result: try Assigner.solve(input.problem, options), options: options)
    }
}

/// A solved matching with what it is called by: the objective, the histogram and the pairs as
/// a run records them, and how many students it moves.
public struct AssignmentOutcome: Sendable {
    public let input: AssignmentInput
    public let result: MatchingResult
    public let options: Assigner.Options
    /// The saved run, nil in a dry run.
    public var runID: Int64?

    public init(input: AssignmentInput, result: MatchingResult, options: Assigner.Options, runID: Int64? = nil) {
        self.input = input
        self.result = result
        self.options = options
        self.runID = runID
    }

    public var problem: MatchingProblem { input.problem }
    /// The most choices on any form.
    public var k: Int { problem.maxChoices }

    /// The method's objective, readable: "total cost 63", "rank signature 12,4,2,1,0", ...
    public var objective: String {
        switch options.method {
        case .optimal: return "total cost \(result.totalCost)"
        case .rankMaximal:
            return "rank signature \(result.histogram.dropFirst().map(String.init).joined(separator: ","))"
        case .fair:
            let worst = result.worstRank > k ? "none of their choices" : String(result.worstRank)
            return "worst rank \(worst), total cost \(result.totalCost)"
        case .serialDictatorship: return "priority order from seed \(options.seed)"
        }
    }

    /// `{"1": n1, ..., "k": nk, "unranked": n, "no_form": n, "unassigned": n}`.
    public var histogramJSON: String {
        var pairs: [(String, String)] = (1...max(k, 1)).map { (String($0), String($0 <= k ? result.histogram[$0] : 0)) }
        pairs += [
            ("unranked", String(result.histogram[0])), ("no_form", String(result.noForm)),
            ("unassigned", String(result.unassigned)),
        ]
        return "{" + pairs.map { JSON.string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    /// One "student,paper" line per student with a paper, under a header.
    public var resultCSV: String {
        var s = "student,paper\n"
        for i in 0..<problem.studentCount where result.paper[i] >= 0 {
            s += input.studentIDs[i] + "," + input.paperIDs[Int(result.paper[i])] + "\n"
        }
        return s
    }

    /// Students whose paper the run changes.
    public var changed: Int {
        (0..<problem.studentCount).filter { input.current[$0] != result.paper[$0] }.count
    }

    /// Places, those kept by dropped students pinned by hand included.
    public var places: Int { problem.capacities.reduce(0, +) + input.droppedPinned }
}
