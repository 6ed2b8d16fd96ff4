import Foundation

/// Runs one of the four methods on a problem, fills the places of students who get none of
/// their choices, and summarises the outcome. Pure: arrays in, arrays out.
public enum Assigner {
    public struct Options: Sendable {
        public var method: MatchingMethod
        public var seed: UInt64
        public var cost: CostModel
        /// Papers to keep where that costs nothing (optimal and fair): among the equally good
        /// matchings, the one closest to these. `explain` uses it so that a what-if shows the
        /// moves it needs, not a reshuffle between ties.
        public var keep: [Int32]?

        public init(
            method: MatchingMethod = .optimal, seed: UInt64 = 1, cost: CostModel = .quadratic, keep: [Int32]? = nil
        ) {
            self.method = method
            self.seed = seed
            self.cost = cost
            self.keep = keep
        }
    }

    public static func solve(_ problem: MatchingProblem, _ options: Options = Options()) throws(SeminarError)
        -> MatchingResult
    {
        try problem.validate()
        let started = DispatchTime.now().uptimeNanoseconds
        var rng = SeededGenerator(seed: options.seed)
        let run = Run(problem, options, rng: &rng)
        var paper: [Int32]
        switch options.method {
        case .optimal: paper = run.optimal()
        case .rankMaximal: paper = try run.rankMaximal()
        case .fair: paper = try run.fair()
        case .serialDictatorship: paper = run.serialDictatorship()
        }
        let paperOrder = rng.permutation(problem.paperCount)
        fill(problem, &paper, capacities: problem.capacities, order: run.order, paperOrder: paperOrder)
        var result = summarise(problem, paper: paper, options: options)
        result.solveSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return result
    }

    /// One solve: the places left once the pins are taken out, the seed's order of the
    /// students, the costs, and the four methods on them.
    struct Run {
        let problem: MatchingProblem
        let options: Options
        /// Places left once the pinned pairs are taken out.
        let free: [Int]
        /// The unpinned students in the seed's order, which breaks ties between equally good
        /// matchings (and is the priority order of serial dictatorship).
        let order: [Int32]
        let formStudents: Int
        /// The pinned papers; -1 for everyone else.
        let pinned: [Int32]
        let rankCost: [Int64]
        let unranked: Int64
        let bonus: Int64
        var k: Int { problem.maxChoices }

        init(_ problem: MatchingProblem, _ options: Options, rng: inout SeededGenerator) {
            self.problem = problem
            self.options = options
            let n = problem.studentCount
            var free = problem.capacities
            for s in 0..<n where problem.pinned[s] >= 0 { free[Int(problem.pinned[s])] -= 1 }
            for p in free.indices where free[p] < 0 { free[p] = 0 }  // over-pinned: nobody else gets it
            self.free = free
            order = rng.permutation(n).filter { problem.pinned[Int($0)] < 0 }
            formStudents = order.reduce(0) { $0 + (problem.hasForm(Int($1)) ? 1 : 0) }
            pinned = (0..<n).map { problem.pinned[$0] >= 0 ? problem.pinned[$0] : -1 }
            // With papers to keep, every cost is scaled by n + 1 and a kept pair is 1 cheaper:
            // all bonuses together (at most n) weigh less than one unit of real cost.
            let scale: Int64 = options.keep == nil ? 1 : Int64(n + 1)
            bonus = options.keep == nil ? 0 : 1
            let k = problem.maxChoices
            rankCost = (0...max(k, 1)).map { $0 == 0 ? Int64(0) : options.cost.cost(rank: $0) * scale }
            unranked = options.cost.unranked(k: k) * scale
        }

        /// A min-cost matching over the choices of rank ≤ `rankLimit`, the outside option at `outside`.
        func minCost(rankLimit: Int, outside: Int64) -> [Int32] {
            let matcher = MinCostMatcher<Int64>(
                problem: problem, capacities: free, rankCost: rankCost, rankLimit: rankLimit, outsideCost: outside,
                keep: options.keep, keepBonus: bonus)
            matcher.solve(order: order)
            var paper = pinned
            copy(matcher, into: &paper, order: order)
            return paper
        }

        func optimal() -> [Int32] { minCost(rankLimit: k, outside: unranked) }

        /// Gains B^(k-r) for rank r, with B = (students with a form) + 1 > any count of a
        /// rank, so Σ gains orders matchings exactly by (n1, n2, ..., nk), lexicographically.
        /// As costs: c(r) = B^(k-1) − B^(k-r), the outside option B^(k-1).
        func rankMaximal() throws(SeminarError) -> [Int32] {
            let base = Int64(formStudents + 1)
            var paper = pinned
            if let weights = int64LexWeights(base: base, k: k) {
                let matcher = MinCostMatcher<Int64>(
                    problem: problem, capacities: free, rankCost: weights.costs, rankLimit: k,
                    outsideCost: weights.outside)
                matcher.solve(order: order)
                copy(matcher, into: &paper, order: order)
            } else if let weights = wideLexWeights(base: base, k: k) {
                let matcher = MinCostMatcher<WideCost>(
                    problem: problem, capacities: free, rankCost: weights.costs, rankLimit: k,
                    outsideCost: weights.outside)
                matcher.solve(order: order)
                copy(matcher, into: &paper, order: order)
            } else {
                throw .usage(
                    "rank-maximal needs weights of (\(formStudents) + 1)^\(k - 1), more than 125 bits: "
                        + "use --method optimal or fair")
            }
            return paper
        }

        /// The smallest r such that every student with a form can get one of their first r
        /// choices; each round is a min-cost solve over the edges of rank <= r in which the
        /// outside option costs more than any other total (so it is used only when there
        /// is no way around it), which also gives the minimum cost at that r.
        func fair() throws(SeminarError) -> [Int32] {
            let (big, overflow) = unranked.multipliedReportingOverflow(by: Int64(formStudents + 1))
            if overflow { throw .usage("fair: the cost model's numbers are too large for this many students") }
            func attempt(_ r: Int) -> (paper: [Int32], complete: Bool) {
                let result = minCost(rankLimit: r, outside: big)
                let complete = order.allSatisfy { !problem.hasForm(Int($0)) || result[Int($0)] >= 0 }
                return (result, complete)
            }
            // A pinned student's rank counts too: below it there is nothing to gain.
            var pinnedWorst = 0
            for s in 0..<problem.studentCount where problem.pinned[s] >= 0 && problem.hasForm(s) {
                pinnedWorst = max(pinnedWorst, problem.rank(of: Int(problem.pinned[s]), for: s) ?? k + 1)
            }
            var best: (paper: [Int32], complete: Bool) = k >= 1 && pinnedWorst <= k ? attempt(k) : ([], false)
            // Someone gets none of their choices whatever we do: the worst rank is
            // "unranked", and the cheapest matching with that worst rank is the optimal one.
            guard best.complete else { return optimal() }
            // Feasibility only grows with r: binary search for the smallest feasible r.
            var lo = max(1, pinnedWorst)
            var hi = k
            while lo < hi {
                let mid = (lo + hi) / 2
                let a = attempt(mid)
                if a.complete {
                    best = a
                    hi = mid
                } else {
                    lo = mid + 1
                }
            }
            return best.paper
        }

        /// Each student in the seed's order takes their best paper still free.
        func serialDictatorship() -> [Int32] {
            var paper = pinned
            var left = free
            for s32 in order {
                let s = Int(s32)
                for p in problem.list(s) where left[Int(p)] > 0 {
                    paper[s] = p
                    left[Int(p)] -= 1
                    break
                }
            }
            return paper
        }
    }

    /// Costs for rank-maximal in 63 bits, if B^(k-1) leaves room for sums of a few distances.
    static func int64LexWeights(base: Int64, k: Int) -> (costs: [Int64], outside: Int64)? {
        guard k >= 1 else { return ([0, 0], 1) }
        var powers: [Int64] = [1]  // powers[i] = B^i
        for _ in 0..<(k - 1) {
            let (next, overflow) = powers.last!.multipliedReportingOverflow(by: base)
            if overflow || next > Int64.max / 16 { return nil }
            powers.append(next)
        }
        let top = powers[k - 1]
        let costs = (0...k).map { r in r == 0 ? Int64(0) : top - powers[k - r] }
        return (costs, top)
    }

    static func wideLexWeights(base: Int64, k: Int) -> (costs: [WideCost], outside: WideCost)? {
        var powers: [WideCost] = [WideCost(1)]
        for _ in 0..<(k - 1) {
            let last = powers.last!
            // Stay below 2^123 so that sums of several distances cannot reach 2^127.
            if last.hi > (Int64.max >> 5) / base { return nil }
            powers.append(last.times(base))
        }
        let top = powers[k - 1]
        let costs = (0...k).map { r in r == 0 ? WideCost.zero : top - powers[k - r] }
        return (costs, top)
    }

    static func copy<C>(_ matcher: MinCostMatcher<C>, into paper: inout [Int32], order: [Int32]) {
        for s in order {
            let p = matcher.matched[Int(s)]
            paper[Int(s)] = p >= 0 ? p : -1
        }
    }

    /// Gives every student still without a paper a place: first the best of their choices
    /// that is free (only serial dictatorship and an infeasible fair round leave such a
    /// case), then any free place, papers in the seed's order. Students with a form come
    /// first, so when places run short it is students without one who are left out.
    static func fill(
        _ problem: MatchingProblem, _ paper: inout [Int32], capacities: [Int], order: [Int32], paperOrder: [Int32]
    ) {
        var left = capacities
        for p in paper where p >= 0 { left[Int(p)] -= 1 }
        let waiting = order.filter { paper[Int($0)] < 0 }
        for s32 in waiting {
            let s = Int(s32)
            for p in problem.list(s) where left[Int(p)] > 0 {
                paper[s] = p
                left[Int(p)] -= 1
                break
            }
        }
        var cursor = 0
        let queue =
            waiting.filter { paper[Int($0)] < 0 && problem.hasForm(Int($0)) }
            + waiting.filter { paper[Int($0)] < 0 && !problem.hasForm(Int($0)) }
        for s32 in queue {
            while cursor < paperOrder.count && left[Int(paperOrder[cursor])] <= 0 { cursor += 1 }
            guard cursor < paperOrder.count else { break }
            let p = Int(paperOrder[cursor])
            paper[Int(s32)] = Int32(p)
            left[p] -= 1
        }
    }

    public static func summarise(_ problem: MatchingProblem, paper: [Int32], options: Options) -> MatchingResult {
        let n = problem.studentCount
        let k = problem.maxChoices
        var rank = [Int32](repeating: 0, count: n)
        var histogram = [Int](repeating: 0, count: k + 1)
        var total: Int64 = 0
        var noForm = 0
        var unassigned = 0
        var pinned = 0
        var worst = 0
        let unrankedCost = options.cost.unranked(k: k)
        for s in 0..<n {
            if problem.pinned[s] >= 0 { pinned += 1 }
            let p = Int(paper[s])
            guard p >= 0 else {
                unassigned += 1
                continue
            }
            let r = problem.rank(of: p, for: s) ?? 0
            rank[s] = Int32(r)
            total += r > 0 ? options.cost.cost(rank: r) : unrankedCost
            if !problem.hasForm(s) {
                noForm += 1
                continue
            }
            histogram[r] += 1
            worst = max(worst, r == 0 ? k + 1 : r)
        }
        return MatchingResult(
            paper: paper, rank: rank, totalCost: total, histogram: histogram, noForm: noForm,
            unassigned: unassigned, pinned: pinned, worstRank: worst)
    }

    /// The seed's priority order (serial dictatorship) as positions: `position[s]` is 1 for
    /// the student who chose first. Pinned students have none (0).
    public static func priorityPositions(_ problem: MatchingProblem, seed: UInt64) -> [Int] {
        var rng = SeededGenerator(seed: seed)
        let order = rng.permutation(problem.studentCount).filter { problem.pinned[Int($0)] < 0 }
        var position = [Int](repeating: 0, count: problem.studentCount)
        for (i, s) in order.enumerated() { position[Int(s)] = i + 1 }
        return position
    }
}
