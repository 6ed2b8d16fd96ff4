import XCTest

@testable import SeminarCore

/// Property-based tests: random instances from a seeded generator, each method checked
/// against brute force on small ones and against invariants (and an independent
/// min-cost-flow) on large ones. A failure prints the generator seed.
final class MatchingTests: XCTestCase {
    // MARK: Instances

    struct Instance {
        var problem: MatchingProblem
        var description: String
    }

    /// n students, m papers with capacities 1...maxCap, lists of 0...k distinct papers
    /// with a skew towards low paper indices (popular papers), some pins.
    static func random(
        _ rng: inout SeededGenerator, n: Int, m: Int, k: Int, maxCap: Int, pins: Bool, enoughPlaces: Bool = true,
        tight: Bool = false
    ) -> MatchingProblem {
        var caps = (0..<m).map { _ in 1 + rng.below(maxCap) }
        if tight {  // exactly as many places as students: the hardest case for the search
            caps = Array(repeating: 0, count: m)
            for _ in 0..<n { caps[rng.below(m)] += 1 }
        }
        if enoughPlaces {
            while caps.reduce(0, +) < n { caps[rng.below(m)] += 1 }
        }
        var lists: [[Int]] = []
        for _ in 0..<n {
            let len = rng.below(6) == 0 ? 0 : 1 + rng.below(min(k, m))
            var list: [Int] = []
            while list.count < len {
                // Skewed: the minimum of two draws favours small indices.
                let p = min(rng.below(m), rng.below(m))
                if !list.contains(p) { list.append(p) }
            }
            lists.append(list)
        }
        var pinned: [Int?] = Array(repeating: nil, count: n)
        if pins {
            var left = caps
            for s in 0..<n where rng.below(7) == 0 {
                let p = rng.below(m)
                if left[p] > 0 {
                    pinned[s] = p
                    left[p] -= 1
                }
            }
        }
        return MatchingProblem(capacities: caps, lists: lists, pinned: pinned)
    }

    // MARK: Brute force

    /// Every complete assignment (every student a paper, capacities kept, pins kept) when
    /// the places suffice; calls `visit` with the paper per student.
    static func enumerate(_ problem: MatchingProblem, _ visit: ([Int32]) -> Void) {
        let n = problem.studentCount
        let m = problem.paperCount
        var left = problem.capacities
        var paper = [Int32](repeating: -1, count: n)
        for s in 0..<n where problem.pinned[s] >= 0 {
            paper[s] = problem.pinned[s]
            left[Int(problem.pinned[s])] -= 1
        }
        func go(_ s: Int) {
            if s == n {
                visit(paper)
                return
            }
            if problem.pinned[s] >= 0 {
                go(s + 1)
                return
            }
            for p in 0..<m where left[p] > 0 {
                left[p] -= 1
                paper[s] = Int32(p)
                go(s + 1)
                left[p] += 1
            }
            paper[s] = -1
        }
        go(0)
    }

    static func summary(_ problem: MatchingProblem, _ paper: [Int32]) -> MatchingResult {
        Assigner.summarise(problem, paper: paper, options: .init())
    }

    // MARK: Small instances against brute force

    func testEveryMethodAgainstBruteForce() throws {
        var rng = SeededGenerator(seed: 20_240_814)
        for trial in 0..<600 {
            let n = 1 + rng.below(7)
            let m = 1 + rng.below(5)
            let k = 1 + rng.below(4)
            let problem = Self.random(&rng, n: n, m: m, k: k, maxCap: 2, pins: trial % 3 == 0, tight: trial % 2 == 1)
            var bestCost = Int64.max
            var bestSignature: [Int] = []
            var bestFair: (Int, Int64) = (Int.max, Int64.max)
            Self.enumerate(problem) { paper in
                let r = Self.summary(problem, paper)
                bestCost = min(bestCost, r.totalCost)
                let signature = Array(r.histogram.dropFirst())
                if bestSignature.isEmpty || signature.lexicographicallyPrecedes(bestSignature, by: >) {
                    bestSignature = signature
                }
                if (r.worstRank, r.totalCost) < bestFair { bestFair = (r.worstRank, r.totalCost) }
            }
            let context = "trial \(trial): \(problem)"
            for seed: UInt64 in [1, 7] {
                let optimal = try Assigner.solve(problem, .init(method: .optimal, seed: seed))
                try Self.checkInvariants(problem, optimal, context)
                XCTAssertEqual(optimal.totalCost, bestCost, "optimal, " + context)

                let rankMaximal = try Assigner.solve(problem, .init(method: .rankMaximal, seed: seed))
                try Self.checkInvariants(problem, rankMaximal, context)
                XCTAssertEqual(Array(rankMaximal.histogram.dropFirst()), bestSignature, "rank-maximal, " + context)

                let fair = try Assigner.solve(problem, .init(method: .fair, seed: seed))
                try Self.checkInvariants(problem, fair, context)
                XCTAssertEqual(fair.worstRank, bestFair.0, "fair worst rank, " + context)
                XCTAssertEqual(fair.totalCost, bestFair.1, "fair cost, " + context)

                let sd = try Assigner.solve(problem, .init(method: .serialDictatorship, seed: seed))
                try Self.checkInvariants(problem, sd, context)
                Self.checkSerialDictatorship(problem, sd, seed: seed, context)
            }
        }
    }

    /// Serial dictatorship by its definition: every paper a student ranked above the one they
    /// got is full of pinned students or of students earlier in the seed's order.
    static func checkSerialDictatorship(
        _ problem: MatchingProblem, _ r: MatchingResult, seed: UInt64, _ context: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let position = Assigner.priorityPositions(problem, seed: seed)
        for s in 0..<problem.studentCount where problem.pinned[s] < 0 && problem.hasForm(s) {
            let got = r.rank[s] == 0 ? Int.max : Int(r.rank[s])
            for (i, p) in problem.list(s).enumerated() where i + 1 < got {
                let holders = (0..<problem.studentCount).filter { r.paper[$0] == p }
                XCTAssertEqual(
                    holders.count, problem.capacities[Int(p)], "SD: \(s) could have had \(p), " + context, file: file,
                    line: line)
                for h in holders {
                    XCTAssertTrue(
                        problem.pinned[h] >= 0 || position[h] < position[s],
                        "SD: \(h) took \(p) after \(s), " + context,
                        file: file, line: line)
                }
            }
        }
    }

    static func checkInvariants(
        _ problem: MatchingProblem, _ r: MatchingResult, _ context: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let n = problem.studentCount
        var load = [Int](repeating: 0, count: problem.paperCount)
        for s in 0..<n where r.paper[s] >= 0 { load[Int(r.paper[s])] += 1 }
        for p in 0..<problem.paperCount {
            XCTAssertLessThanOrEqual(
                load[p], problem.capacities[p], "capacity of \(p), " + context, file: file, line: line)
        }
        for s in 0..<n where problem.pinned[s] >= 0 {
            XCTAssertEqual(r.paper[s], problem.pinned[s], "pin of \(s), " + context, file: file, line: line)
        }
        let places = problem.capacities.reduce(0, +)
        let assigned = r.paper.filter { $0 >= 0 }.count
        XCTAssertEqual(
            assigned, min(n, places), "everyone assigned while places last, " + context, file: file, line: line)
        XCTAssertEqual(r.unassigned, n - assigned, file: file, line: line)
        for s in 0..<n where r.paper[s] >= 0 {
            XCTAssertEqual(Int(r.rank[s]), problem.rank(of: Int(r.paper[s]), for: s) ?? 0, file: file, line: line)
        }
    }

    // MARK: Large instances

    func testLargeInstancesKeepInvariantsAndAreDeterministic() throws {
        var rng = SeededGenerator(seed: 99)
        for trial in 0..<6 {
            let n = 500 + rng.below(1500)
            let m = n * (trial % 2 == 0 ? 6 : 4) / 5 + 1  // every other one is short of places
            let problem = Self.random(&rng, n: n, m: m, k: 5, maxCap: 3, pins: true, enoughPlaces: trial % 2 == 0)
            for method in MatchingMethod.allCases {
                let a = try Assigner.solve(problem, .init(method: method, seed: 42))
                try Self.checkInvariants(problem, a, "trial \(trial) \(method)")
                let b = try Assigner.solve(problem, .init(method: method, seed: 42))
                XCTAssertEqual(a.paper, b.paper, "same seed, same result: \(method)")
                let c = try Assigner.solve(problem, .init(method: method, seed: 43))
                try Self.checkInvariants(problem, c, "trial \(trial) \(method) seed 43")
                if method == .optimal { XCTAssertEqual(a.totalCost, c.totalCost, "any seed gives the optimum") }
                if method == .serialDictatorship {
                    Self.checkSerialDictatorship(problem, a, seed: 42, "trial \(trial)")
                }
            }
        }
    }

    /// The optimal method against an independent textbook min-cost flow (Bellman–Ford
    /// successive shortest paths on the explicit graph with a hub node and every paper).
    func testOptimalAgainstReferenceMinCostFlow() throws {
        var rng = SeededGenerator(seed: 5)
        for trial in 0..<20 {
            let n = 20 + rng.below(60)
            let m = n * 6 / 5 + 1
            let problem = Self.random(&rng, n: n, m: m, k: 5, maxCap: 2, pins: false, tight: trial % 2 == 1)
            let ours = try Assigner.solve(problem, .init(method: .optimal, seed: UInt64(trial)))
            XCTAssertEqual(ours.totalCost, Self.referenceCost(problem), "trial \(trial)")
        }
    }

    /// With `keep` set to an optimal matching, another seed must return the same ranked
    /// pairs (keeping all of them is optimal and keeps the most), at the same cost.
    func testKeepReturnsTheClosestOptimalMatching() throws {
        var rng = SeededGenerator(seed: 77)
        for trial in 0..<10 {
            let n = 300 + rng.below(300)
            let problem = Self.random(&rng, n: n, m: n * 6 / 5, k: 5, maxCap: 2, pins: true)
            for method in [MatchingMethod.optimal, .fair] {
                let a = try Assigner.solve(problem, .init(method: method, seed: 1))
                let b = try Assigner.solve(problem, .init(method: method, seed: 2, keep: a.paper))
                XCTAssertEqual(a.totalCost, b.totalCost, "trial \(trial) \(method)")
                for s in 0..<n where a.rank[s] > 0 {
                    XCTAssertEqual(b.paper[s], a.paper[s], "trial \(trial) \(method): student \(s) moved")
                }
            }
        }
    }

    func testRankMaximalUsesWideWeightsWhenNeeded() throws {
        // 8 choices and 1,000 students: 1001^7 ≈ 1e21 does not fit in 63 bits.
        XCTAssertNil(Assigner.int64LexWeights(base: 1001, k: 8))
        XCTAssertNotNil(Assigner.wideLexWeights(base: 1001, k: 8))
        var rng = SeededGenerator(seed: 11)
        let n = 1000
        let m = 1100
        var lists: [[Int]] = []
        for _ in 0..<n {
            var l: [Int] = []
            while l.count < 8 {
                let p = min(rng.below(m), rng.below(m))
                if !l.contains(p) { l.append(p) }
            }
            lists.append(l)
        }
        let problem = MatchingProblem(capacities: Array(repeating: 1, count: m), lists: lists)
        let r = try Assigner.solve(problem, .init(method: .rankMaximal, seed: 3))
        try Self.checkInvariants(problem, r, "wide")
        // No other method may have more first choices, and optimal must not beat its signature.
        let o = try Assigner.solve(problem, .init(method: .optimal, seed: 3))
        XCTAssertFalse(Array(o.histogram.dropFirst()).lexicographicallyPrecedes(Array(r.histogram.dropFirst()), by: >))
        let sd = try Assigner.solve(problem, .init(method: .serialDictatorship, seed: 3))
        XCTAssertFalse(Array(sd.histogram.dropFirst()).lexicographicallyPrecedes(Array(r.histogram.dropFirst()), by: >))
    }

    func testWideCostArithmetic() {
        let a = WideCost(Int64.max).times(4)
        XCTAssertEqual((a - a), .zero)
        XCTAssertTrue(WideCost(-1) < WideCost(0))
        XCTAssertTrue(WideCost(Int64.max) < a)
        XCTAssertEqual(WideCost(5) + WideCost(-7), WideCost(-2))
        XCTAssertEqual(a - WideCost(Int64.max).times(3), WideCost(Int64.max))
    }

    func testSeededGeneratorIsStable() {
        var g = SeededGenerator(seed: 1)
        // SplitMix64's published first output for seed 1.
        XCTAssertEqual(g.next(), 0x910A_2DEC_8902_5CC1)
        var h = SeededGenerator(seed: 3)
        let p = h.permutation(50)
        XCTAssertEqual(Set(p), Set(0..<50))
    }

    func testNoFormsAndShortage() throws {
        // Three students, one place: the one with a form gets it.
        let problem = MatchingProblem(capacities: [1, 0], lists: [[], [0], []])
        let r = try Assigner.solve(problem, .init())
        XCTAssertEqual(r.paper, [-1, 0, -1])
        XCTAssertEqual(r.unassigned, 2)
        // Nobody has a form: everyone still gets a place.
        let q = MatchingProblem(capacities: [2, 1], lists: [[], [], []])
        for method in MatchingMethod.allCases {
            let a = try Assigner.solve(q, .init(method: method))
            XCTAssertEqual(a.unassigned, 0)
            XCTAssertEqual(a.noForm, 3)
            XCTAssertEqual(a.totalCost, 3 * 4)  // k = 0: unranked costs 4·1²
        }
    }

    // MARK: Reference solver

    static func referenceCost(_ problem: MatchingProblem) -> Int64 {
        let n = problem.studentCount
        let m = problem.paperCount
        let k = problem.maxChoices
        let unranked = CostModel.quadratic.unranked(k: k)
        // Nodes: source, students, hub, papers, sink.
        let source = 0
        let hub = n + 1
        let sink = n + 2 + m
        var to: [Int] = []
        var cap: [Int] = []
        var cost: [Int64] = []
        var head = [[Int]](repeating: [], count: sink + 1)
        func edge(_ u: Int, _ v: Int, _ c: Int, _ w: Int64) {
            head[u].append(to.count)
            to.append(v)
            cap.append(c)
            cost.append(w)
            head[v].append(to.count)
            to.append(u)
            cap.append(0)
            cost.append(-w)
        }
        for s in 0..<n {
            edge(source, 1 + s, 1, 0)
            for (i, p) in problem.list(s).enumerated() { edge(1 + s, n + 2 + Int(p), 1, Int64((i + 1) * (i + 1))) }
            edge(1 + s, hub, 1, unranked)
        }
        for p in 0..<m {
            edge(hub, n + 2 + p, n, 0)
            edge(n + 2 + p, sink, problem.capacities[p], 0)
        }
        var total: Int64 = 0
        while true {
            var dist = [Int64](repeating: .max, count: sink + 1)
            var via = [Int](repeating: -1, count: sink + 1)
            dist[source] = 0
            var changed = true
            while changed {
                changed = false
                for u in 0...sink where dist[u] != .max {
                    for e in head[u] where cap[e] > 0 && dist[u] + cost[e] < dist[to[e]] {
                        dist[to[e]] = dist[u] + cost[e]
                        via[to[e]] = e
                        changed = true
                    }
                }
            }
            if dist[sink] == .max { break }
            var v = sink
            while v != source {
                let e = via[v]
                cap[e] -= 1
                cap[e ^ 1] += 1
                v = to[e ^ 1]
            }
            total += dist[sink]
        }
        return total
    }
}
