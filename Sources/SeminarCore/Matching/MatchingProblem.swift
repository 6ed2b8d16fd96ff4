import Foundation

/// A matching instance as plain arrays: students, papers with capacities, each student's
/// ranked list (best first) and the pairs pinned by hand. Indices, not ids: the store maps
/// ids to positions, the solver never sees a string.
public struct MatchingProblem: Sendable, Equatable {
    /// Places per paper.
    public var capacities: [Int]
    /// CSR layout of the ranked lists: student `s` ranked `choices[choiceStart[s] ..< choiceStart[s + 1]]`,
    /// best first, so position `i` in that slice is rank `i + 1`.
    public var choiceStart: [Int32]
    public var choices: [Int32]
    /// The paper a student is pinned to, or -1.
    public var pinned: [Int32]
    /// k: the most choices any form of the seminar has. The unranked cost depends on it.
    public var maxChoices: Int

    public var studentCount: Int { choiceStart.count - 1 }
    public var paperCount: Int { capacities.count }

    public init(
        capacities: [Int], choiceStart: [Int32], choices: [Int32], pinned: [Int32]? = nil, maxChoices: Int? = nil
    ) {
        self.capacities = capacities
        self.choiceStart = choiceStart
        self.choices = choices
        let n = choiceStart.count - 1
        self.pinned = pinned ?? [Int32](repeating: -1, count: n)
        var k = 0
        for s in 0..<n { k = max(k, Int(choiceStart[s + 1] - choiceStart[s])) }
        self.maxChoices = maxChoices ?? k
    }

    /// Builds the CSR layout from one list per student (convenient in tests).
    public init(capacities: [Int], lists: [[Int]], pinned: [Int?]? = nil, maxChoices: Int? = nil) {
        var start: [Int32] = [0]
        var flat: [Int32] = []
        for list in lists {
            flat.append(contentsOf: list.map(Int32.init))
            start.append(Int32(flat.count))
        }
        self.init(
            capacities: capacities, choiceStart: start, choices: flat,
            pinned: pinned.map { $0.map { Int32($0 ?? -1) } }, maxChoices: maxChoices)
    }

    public func list(_ s: Int) -> ArraySlice<Int32> { choices[Int(choiceStart[s])..<Int(choiceStart[s + 1])] }
    public func hasForm(_ s: Int) -> Bool { choiceStart[s + 1] > choiceStart[s] }

    /// The 1-based rank of paper `p` on student `s`'s list, or nil.
    public func rank(of p: Int, for s: Int) -> Int? {
        let lo = Int(choiceStart[s])
        let hi = Int(choiceStart[s + 1])
        for i in lo..<hi where Int(choices[i]) == p { return i - lo + 1 }
        return nil
    }

    /// Checks indices and lists; the store builds valid problems, this guards the solver.
    public func validate() throws(SeminarError) {
        let n = studentCount
        let m = paperCount
        guard pinned.count == n, choiceStart.first == 0, Int(choiceStart.last ?? 0) == choices.count else {
            throw .other("malformed matching problem")
        }
        if capacities.contains(where: { $0 < 0 }) { throw .other("negative capacity") }
        var seen = [Int32](repeating: -1, count: m)
        for s in 0..<n {
            if pinned[s] >= m { throw .other("pin to an unknown paper") }
            for p in list(s) {
                guard p >= 0 && Int(p) < m else { throw .other("choice of an unknown paper") }
                guard seen[Int(p)] != Int32(s) else { throw .other("a paper twice on one list") }
                seen[Int(p)] = Int32(s)
            }
        }
    }
}

/// How `seminar assign` weighs the outcomes.
public enum MatchingMethod: String, CaseIterable, Codable, Sendable {
    /// Minimum total cost (see `CostModel`).
    case optimal
    /// Lexicographically most first choices, then second choices, ...
    case rankMaximal = "rank-maximal"
    /// The worst rank any student with a form gets is as good as possible; then minimum cost.
    case fair
    /// Random priority order from the seed; each student takes their best paper still free.
    case serialDictatorship = "serial-dictatorship"
}

/// The cost of giving a student the paper at rank r; a paper not on their list (or any paper,
/// for a student without a form) costs `unranked`. Costs rise with the rank.
public enum CostModel: String, CaseIterable, Codable, Sendable {
    /// r², unranked 4·(k+1)² (144 for k = 5): missing every choice is much worse than a low one.
    case quadratic
    /// r, unranked 4·(k+1).
    case linear
    /// 2^(r-1), unranked 2^(k+1).
    case exponential

    public func cost(rank r: Int) -> Int64 {
        switch self {
        case .quadratic: return Int64(r * r)
        case .linear: return Int64(r)
        case .exponential: return Int64(1) << Int64(min(r - 1, 60))
        }
    }

    public func unranked(k: Int) -> Int64 {
        switch self {
        case .quadratic: return Int64(4 * (k + 1) * (k + 1))
        case .linear: return Int64(4 * (k + 1))
        case .exponential: return Int64(1) << Int64(min(k + 1, 61))
        }
    }

    public var formula: String {
        switch self {
        case .quadratic: return "rank r costs r², unranked 4·(k+1)²"
        case .linear: return "rank r costs r, unranked 4·(k+1)"
        case .exponential: return "rank r costs 2^(r-1), unranked 2^(k+1)"
        }
    }
}

/// What a solve produced.
public struct MatchingResult: Sendable, Equatable {
    /// The paper per student, or -1 when there was no place left.
    public var paper: [Int32]
    /// The rank of that paper on the student's list; 0 when it is not on it (or no paper).
    public var rank: [Int32]
    /// Total cost under the cost model, over every student with a paper (pinned ones too).
    public var totalCost: Int64
    /// `histogram[r]` students got their r-th choice (1...k); `histogram[0]` none of theirs
    /// (students with a form whose paper is not on it; no-form students are counted apart).
    public var histogram: [Int]
    public var noForm: Int
    public var unassigned: Int
    public var pinned: Int
    /// The worst rank among students with a form (k+1 when someone got none of theirs).
    public var worstRank: Int
    /// Seconds spent in the solver itself.
    public var solveSeconds: Double = 0

    public static func == (a: MatchingResult, b: MatchingResult) -> Bool {
        a.paper == b.paper && a.rank == b.rank && a.totalCost == b.totalCost
    }
}

/// SplitMix64: a tiny, well-mixed generator whose output depends only on the seed, on every
/// platform and Swift version (the standard library's generators do not promise that).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly random integer in 0..<n without modulo bias.
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while true {
            let x = next()
            if x >= threshold { return Int(x % bound) }
        }
    }

    /// A permutation of 0..<n (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int32] {
        var a = (0..<n).map(Int32.init)
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) }
        }
        return a
    }
}
