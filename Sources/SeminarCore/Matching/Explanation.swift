import Foundation

/// Why a student got their paper: for every paper they ranked higher, who holds it, and
/// what giving it to them instead would do to the others (a re-solve with that pair pinned).
public struct Explanation: Sendable {
    public struct Holder: Sendable, Equatable {
        public var student: Int
        /// Their rank for the paper (0: not on their list).
        public var rank: Int
        public var pinned: Bool
        /// Serial dictatorship: their place in the priority order (0 for pinned students).
        public var position: Int
    }

    public struct Alternative: Sendable {
        public var paper: Int
        public var rank: Int
        public var capacity: Int
        public var holders: [Holder]
        /// The best matching that gives the student this paper; nil when impossible.
        public var forced: MatchingResult?
        /// Why it is impossible, when it is.
        public var impossible: String?
        /// Students whose paper changes in `forced` (student, from, to).
        public var moved: [(student: Int, from: Int, to: Int)]
    }

    public var student: Int
    public var paper: Int
    public var rank: Int
    public var pinned: Bool
    public var noForm: Bool
    public var position: Int
    public var result: MatchingResult
    public var alternatives: [Alternative]

    public static func explain(
        _ problem: MatchingProblem, _ result: MatchingResult, student s: Int,
        _ options: Assigner.Options
    ) throws(SeminarError) -> Explanation {
        let positions = Assigner.priorityPositions(problem, seed: options.seed)
        let p = Int(result.paper[s])
        let rank = Int(result.rank[s])
        var e = Explanation(
            student: s, paper: p, rank: rank, pinned: problem.pinned[s] >= 0, noForm: !problem.hasForm(s),
            position: positions[s], result: result, alternatives: [])
        guard !e.pinned else { return e }
        let better = rank == 0 ? Array(problem.list(s)) : Array(problem.list(s).prefix(rank - 1))
        for (i, q32) in better.enumerated() {
            let q = Int(q32)
            let holders = (0..<problem.studentCount).filter { result.paper[$0] == q32 }.map {
                Holder(
                    student: $0, rank: Int(result.rank[$0]), pinned: problem.pinned[$0] >= 0, position: positions[$0])
            }
            var alt = Alternative(
                paper: q, rank: i + 1, capacity: problem.capacities[q], holders: holders, forced: nil, impossible: nil,
                moved: [])
            if problem.capacities[q] == 0 {
                alt.impossible = "it has no places"
            } else if holders.count >= problem.capacities[q] && holders.allSatisfy(\.pinned) {
                alt.impossible = "every place is pinned by hand"
            } else {
                var forcedProblem = problem
                forcedProblem.pinned[s] = q32
                var closest = options
                closest.keep = result.paper
                let forced = try Assigner.solve(forcedProblem, closest)
                alt.forced = forced
                // Only those for whom it matters: a different rank (moving between two papers that
                // are both not on someone's form costs them nothing).
                for t in 0..<problem.studentCount
                where t != s && forced.paper[t] != result.paper[t]
                    && (forced.rank[t] != result.rank[t] || forced.paper[t] < 0 || result.paper[t] < 0)
                {
                    alt.moved.append((t, Int(result.paper[t]), Int(forced.paper[t])))
                }
            }
            e.alternatives.append(alt)
        }
        return e
    }
}
