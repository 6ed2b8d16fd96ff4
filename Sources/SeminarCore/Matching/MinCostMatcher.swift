import Foundation

/// An exact cost the solver can add, subtract and compare: `Int64` for the cost models,
/// `WideCost` when rank-maximal's lexicographic weights need more than 63 bits.
public protocol MatchingCost: AdditiveArithmetic, Comparable, Sendable {
    /// Larger than any distance a search can meet.
    static var infinity: Self { get }
    init(_ value: Int64)
    /// The value as a bucket index for Dial's queue, when it is a small non-negative integer.
    var bucket: Int { get }
}

extension Int64: MatchingCost {
    public static var infinity: Int64 { Int64.max / 4 }
    @inline(__always) public var bucket: Int { Int(truncatingIfNeeded: self) }
}

/// A signed 128-bit integer, two's complement over (hi, lo). Only what the solver needs;
/// overflow traps like Swift's own integers.
public struct WideCost: MatchingCost, CustomStringConvertible {
    public var hi: Int64
    public var lo: UInt64

    public init(hi: Int64, lo: UInt64) {
        self.hi = hi
        self.lo = lo
    }
    public init(_ value: Int64) {
        hi = value < 0 ? -1 : 0
        lo = UInt64(bitPattern: value)
    }
    public init(integerLiteral value: Int64) { self.init(value) }
    public var bucket: Int { hi == 0 && lo < UInt64(Int.max) ? Int(lo) : Int.max }

    public static var zero: WideCost { WideCost(hi: 0, lo: 0) }
    public static var infinity: WideCost { WideCost(hi: Int64.max / 4, lo: 0) }

    public static func + (a: WideCost, b: WideCost) -> WideCost {
        let (lo, carry) = a.lo.addingReportingOverflow(b.lo)
        return WideCost(hi: a.hi + b.hi + (carry ? 1 : 0), lo: lo)
    }

    public static func - (a: WideCost, b: WideCost) -> WideCost {
        let (lo, borrow) = a.lo.subtractingReportingOverflow(b.lo)
        return WideCost(hi: a.hi - b.hi - (borrow ? 1 : 0), lo: lo)
    }

    public static func < (a: WideCost, b: WideCost) -> Bool {
        a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo
    }

    /// a · b for small non-negative b, trapping on overflow.
    public func times(_ b: Int64) -> WideCost {
        precondition(b >= 0 && hi >= 0)
        let (high, low) = lo.multipliedFullWidth(by: UInt64(b))
        return WideCost(hi: hi * b + Int64(high), lo: low)
    }

    public var description: String {
        if hi == 0 { return String(lo) }
        return "(\(hi) << 64) + \(lo)"
    }
}

/// Minimum-cost assignment of students to papers with capacities, on the sparse graph:
/// each student has at most k ranked edges plus one "outside" option, "any free place, not
/// on my list", whose cost is the same for every paper. Because that option costs the same
/// everywhere it needs no edges at all: as long as the places suffice, a student taking it
/// can be given any place left over at the end (`Assigner` fills them). The graph is then
/// students + papers + one sink, with about n·k edges.
///
/// The algorithm is successive shortest paths (the Hungarian method on a sparse graph):
/// students are added one at a time; each addition is a Dijkstra search from the new student
/// over reduced costs (Johnson potentials keep them non-negative) that stops as soon as the
/// sink is settled, i.e. at the cheapest free place or outside option. Every intermediate
/// matching is minimum-cost for the students added so far, so the final one is optimal.
/// Costs are integers, distances exact. All arrays are allocated once per solve.
final class MinCostMatcher<C: MatchingCost> {
    static var unprocessed: Int32 { -1 }
    static var outside: Int32 { -2 }

    let n: Int
    let m: Int
    let choiceStart: UnsafeMutablePointer<Int32>
    let choices: UnsafeMutablePointer<Int32>
    /// Edge costs by rank (index 0 unused).
    let rankCost: [C]
    /// Ranks above this are not edges (fair's feasibility rounds).
    let rankLimit: Int32
    /// The outside option's cost for a student with a form.
    let outsideCost: C
    /// A paper per student whose edge is `keepBonus` cheaper (-1: none): with costs scaled so
    /// that all bonuses together weigh less than one unit of real cost, this picks, among
    /// the optimal matchings, one that keeps the most of these pairs.
    let keep: UnsafeMutablePointer<Int32>?
    let keepBonus: C

    // Matching state.
    let matched: UnsafeMutablePointer<Int32>
    let matchedRank: UnsafeMutablePointer<Int32>
    let matchedCost: UnsafeMutablePointer<C>
    let slotOf: UnsafeMutablePointer<Int32>
    let slotStart: UnsafeMutablePointer<Int32>
    let slots: UnsafeMutablePointer<Int32>
    let load: UnsafeMutablePointer<Int32>
    let cap: UnsafeMutablePointer<Int32>
    // Search state, nodes 0..<n are students, n..<n+m papers.
    let pot: UnsafeMutablePointer<C>
    let dist: UnsafeMutablePointer<C>
    let seen: UnsafeMutablePointer<UInt32>
    let done: UnsafeMutablePointer<UInt32>
    let pred: UnsafeMutablePointer<Int32>
    let predRank: UnsafeMutablePointer<Int32>
    let finalized: UnsafeMutablePointer<Int32>
    /// The search's queue; its storage is allocated once, each search copies it to a local.
    let queue: SearchQueue<C>
    var stamp: UInt32 = 0
    var slotCount = 0

    /// `capacities` are the places left after pins; `active[s]` says whether student s
    /// takes part (not pinned).
    init(
        problem: MatchingProblem, capacities: [Int], rankCost: [C], rankLimit: Int, outsideCost: C,
        keep: [Int32]? = nil, keepBonus: C = .zero
    ) {
        n = problem.studentCount
        m = problem.paperCount
        self.rankCost = rankCost
        self.rankLimit = Int32(rankLimit)
        self.outsideCost = outsideCost
        self.keepBonus = keepBonus
        if let keep {
            let k = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, keep.count))
            k.initialize(from: keep, count: keep.count)
            self.keep = k
        } else {
            self.keep = nil
        }
        choiceStart = .allocate(capacity: n + 1)
        choiceStart.initialize(from: problem.choiceStart, count: n + 1)
        choices = .allocate(capacity: max(1, problem.choices.count))
        choices.initialize(from: problem.choices, count: problem.choices.count)
        matched = .allocate(capacity: n)
        matched.initialize(repeating: Self.unprocessed, count: n)
        matchedRank = .allocate(capacity: n)
        matchedRank.initialize(repeating: 0, count: n)
        matchedCost = .allocate(capacity: n)
        matchedCost.initialize(repeating: .zero, count: n)
        slotOf = .allocate(capacity: n)
        slotOf.initialize(repeating: -1, count: n)
        slotStart = .allocate(capacity: m + 1)
        load = .allocate(capacity: max(1, m))
        load.initialize(repeating: 0, count: m)
        cap = .allocate(capacity: max(1, m))
        var total = 0
        for p in 0..<m {
            slotStart[p] = Int32(total)
            let c = min(max(0, capacities[p]), n)
            cap[p] = Int32(c)
            total += c
        }
        slotStart[m] = Int32(total)
        slotCount = total
        slots = .allocate(capacity: max(1, total))
        slots.initialize(repeating: -1, count: max(1, total))
        pot = .allocate(capacity: n + m)
        pot.initialize(repeating: .zero, count: n + m)
        dist = .allocate(capacity: n + m)
        dist.initialize(repeating: .zero, count: n + m)
        seen = .allocate(capacity: n + m)
        seen.initialize(repeating: 0, count: n + m)
        done = .allocate(capacity: n + m)
        done.initialize(repeating: 0, count: n + m)
        pred = .allocate(capacity: max(1, m))
        pred.initialize(repeating: -1, count: m)
        predRank = .allocate(capacity: max(1, m))
        predRank.initialize(repeating: 0, count: m)
        finalized = .allocate(capacity: n + m)
        // Every key pushed is below the outside option's cost (a search never goes further),
        // and each edge is relaxed at most once per search: at most k·n + n pushes.
        let limit = outsideCost.bucket
        queue = SearchQueue(
            bucketCount: C.zero < outsideCost && limit <= 1 << 16 ? limit + 1 : 0,
            capacity: problem.choices.count + n + 2)
    }

    deinit {
        choiceStart.deallocate()
        choices.deallocate()
        matched.deallocate()
        matchedRank.deallocate()
        matchedCost.deallocate()
        keep?.deallocate()
        finalized.deallocate()
        queue.deallocate()
        slotOf.deallocate()
        slotStart.deallocate()
        slots.deallocate()
        load.deallocate()
        cap.deallocate()
        pot.deallocate()
        dist.deallocate()
        seen.deallocate()
        done.deallocate()
        pred.deallocate()
        predRank.deallocate()
    }

    /// The cost of the edge from s to the paper at list position i (rank i - start + 1).
    @inline(__always) func edgeCost(_ s: Int, _ p: Int, rank: Int) -> C {
        if let keep, keep[s] == Int32(p) { return rankCost[rank] - keepBonus }
        return rankCost[rank]
    }

    @inline(__always) func listEnd(_ s: Int) -> Int {
        let lo = Int(choiceStart[s])
        return min(Int(choiceStart[s + 1]), lo + Int(rankLimit))
    }

    /// Solves for the students in `order` (each exactly once, none pinned). Afterwards
    /// `matched[s]` is a paper, or `outside` for "a place not on their list".
    func solve(order: [Int32]) {
        // A first matching that is optimal for its size: everyone whose first choice is
        // still free gets it (rank 1 is each student's cheapest edge). Potentials: papers 0,
        // matched students -cost(1), so every reduced cost is >= 0 and matched edges are 0.
        if rankLimit >= 1 {
            for s32 in order {
                let s = Int(s32)
                let lo = Int(choiceStart[s])
                guard listEnd(s) > lo else { continue }
                let p = Int(choices[lo])
                if load[p] < cap[p] {
                    place(s, paper: p, rank: 1, slot: Int(slotStart[p] + load[p]))
                    load[p] += 1
                    pot[s] = .zero - matchedCost[s]
                }
            }
        }
        for s in order where matched[Int(s)] == Self.unprocessed {
            if listEnd(Int(s)) == Int(choiceStart[Int(s)]) {
                matched[Int(s)] = Self.outside  // no usable list: any place costs the same
            } else {
                augment(from: Int(s))
            }
        }
    }

    @inline(__always) func place(_ s: Int, paper p: Int, rank: Int32, slot: Int) {
        slots[slot] = Int32(s)
        slotOf[s] = Int32(slot)
        matched[s] = Int32(p)
        matchedRank[s] = rank
        matchedCost[s] = edgeCost(s, p, rank: Int(rank))
    }

    /// One Dijkstra search from the unmatched student s0 to the sink, then the augmentation.
    ///
    /// Long on purpose (about 110 lines): it is the matcher's hot loop, run once per student
    /// over every edge, and it keeps the queue, the stamp and the arrays in locals so that the
    /// optimiser sees no exclusivity checks, reference counting or calls inside it. Split into
    /// methods it measured slower on the 10,000-student benchmark.
    func augment(from s0: Int) {
        stamp &+= 1
        if stamp == 0 {  // wrapped: clear the marks once
            seen.update(repeating: 0, count: n + m)
            done.update(repeating: 0, count: n + m)
            queue.clearStamps()
            stamp = 1
        }
        // Locals, not properties: no exclusivity checks or reference counting in the loop.
        let stamp = self.stamp
        var queue = self.queue
        queue.reset(stamp: stamp)
        var finalizedCount = 0

        var best = C.infinity
        var endNode = -1
        dist[s0] = .zero
        seen[s0] = stamp
        best = outsideCost + pot[s0]  // the sink's potential is always 0
        endNode = s0
        queue.push(.zero, Int32(s0))

        while let (d, v32) = queue.next(below: best) {
            let v = Int(v32)
            if done[v] == stamp || dist[v] < d { continue }
            done[v] = stamp
            finalized[finalizedCount] = v32
            finalizedCount += 1
            if v < n {
                let s = v
                let lo = Int(choiceStart[s])
                let hi = listEnd(s)
                let current = matched[s]
                let ps = pot[s]
                for i in lo..<hi {
                    let p = Int(choices[i])
                    if Int32(p) == current { continue }
                    let node = n + p
                    if done[node] == stamp { continue }
                    let nd = d + edgeCost(s, p, rank: i - lo + 1) + ps - pot[node]
                    if !(nd < best) { continue }
                    if seen[node] != stamp || nd < dist[node] {
                        seen[node] = stamp
                        dist[node] = nd
                        pred[p] = Int32(s)
                        predRank[p] = Int32(i - lo + 1)
                        if load[p] < cap[p] {
                            let end = nd + pot[node]
                            if end < best {
                                best = end
                                endNode = node
                            }
                        }
                        queue.push(nd, Int32(node))
                    }
                }
            } else {
                let p = v - n
                let pp = pot[v]
                let first = Int(slotStart[p])
                let last = first + Int(load[p])
                for slot in first..<last {
                    let t = Int(slots[slot])
                    if done[t] == stamp { continue }
                    let nd = d - matchedCost[t] + pp - pot[t]
                    if !(nd < best) { continue }
                    if seen[t] != stamp || nd < dist[t] {
                        seen[t] = stamp
                        dist[t] = nd
                        let end = nd + outsideCost + pot[t]
                        if end < best {
                            best = end
                            endNode = t
                        }
                        queue.push(nd, Int32(t))
                    }
                }
            }
        }

        // New potentials: π(v) += d(v) − D for every node settled closer than the sink.
        for i in 0..<finalizedCount {
            let v = Int(finalized[i])
            pot[v] = pot[v] + dist[v] - best
        }

        // Augment along the path, from the sink end back to s0.
        var p: Int
        var slot: Int
        if endNode < n {
            let t = endNode
            let previous = Int(matched[t])
            let previousSlot = Int(slotOf[t])
            matched[t] = Self.outside
            slotOf[t] = -1
            if t == s0 { return }
            p = previous
            slot = previousSlot
        } else {
            p = endNode - n
            slot = Int(slotStart[p] + load[p])
            load[p] += 1
        }
        while true {
            let s = Int(pred[p])
            let oldPaper = Int(matched[s])
            let oldSlot = Int(slotOf[s])
            place(s, paper: p, rank: predRank[p], slot: slot)
            if s == s0 { break }
            p = oldPaper
            slot = oldSlot
        }
    }
}

/// The priority queue of one search: Dial's buckets when every key is a small integer (all
/// keys are below the outside option's cost), else a lazy binary heap (stale entries are
/// skipped by the caller). Fixed storage, allocated once per solve.
struct SearchQueue<C: MatchingCost> {
    let bucketCount: Int
    let bucketHead: UnsafeMutablePointer<Int32>
    let bucketStamp: UnsafeMutablePointer<UInt32>
    let entryNode: UnsafeMutablePointer<Int32>
    let entryNext: UnsafeMutablePointer<Int32>
    let heapKeys: UnsafeMutablePointer<C>
    let heapNodes: UnsafeMutablePointer<Int32>
    var count = 0
    var cursor = 0
    var stamp: UInt32 = 0

    init(bucketCount: Int, capacity: Int) {
        self.bucketCount = bucketCount
        bucketHead = .allocate(capacity: max(1, bucketCount))
        bucketStamp = .allocate(capacity: max(1, bucketCount))
        bucketStamp.initialize(repeating: 0, count: max(1, bucketCount))
        let c = bucketCount > 0 ? capacity : 1
        let h = bucketCount > 0 ? 1 : capacity
        entryNode = .allocate(capacity: c)
        entryNext = .allocate(capacity: c)
        heapKeys = .allocate(capacity: h)
        heapNodes = .allocate(capacity: h)
    }

    func deallocate() {
        bucketHead.deallocate()
        bucketStamp.deallocate()
        entryNode.deallocate()
        entryNext.deallocate()
        heapKeys.deallocate()
        heapNodes.deallocate()
    }

    func clearStamps() { bucketStamp.update(repeating: 0, count: max(1, bucketCount)) }

    @inline(__always) mutating func reset(stamp: UInt32) {
        self.stamp = stamp
        count = 0
        cursor = 0
    }

    @inline(__always) mutating func push(_ key: C, _ node: Int32) {
        if bucketCount > 0 {
            let b = key.bucket
            if bucketStamp[b] != stamp {
                bucketStamp[b] = stamp
                bucketHead[b] = -1
            }
            entryNext[count] = bucketHead[b]
            entryNode[count] = node
            bucketHead[b] = Int32(count)
            count += 1
            return
        }
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if !(key < heapKeys[parent]) { break }
            heapKeys[i] = heapKeys[parent]
            heapNodes[i] = heapNodes[parent]
            i = parent
        }
        heapKeys[i] = key
        heapNodes[i] = node
    }

    /// The smallest (key, node) with key below `limit`, or nil.
    @inline(__always) mutating func next(below limit: C) -> (C, Int32)? {
        if bucketCount > 0 {
            let end = min(limit.bucket, bucketCount)
            while cursor < end {
                if bucketStamp[cursor] == stamp {
                    let e = Int(bucketHead[cursor])
                    if e >= 0 {
                        bucketHead[cursor] = entryNext[e]
                        return (C(Int64(cursor)), entryNode[e])
                    }
                }
                cursor += 1
            }
            return nil
        }
        guard count > 0, heapKeys[0] < limit else { return nil }
        let top = (heapKeys[0], heapNodes[0])
        count -= 1
        let lastKey = heapKeys[count]
        let lastNode = heapNodes[count]
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= count { break }
            if child + 1 < count && heapKeys[child + 1] < heapKeys[child] { child += 1 }
            if !(heapKeys[child] < lastKey) { break }
            heapKeys[i] = heapKeys[child]
            heapNodes[i] = heapNodes[child]
            i = child
        }
        heapKeys[i] = lastKey
        heapNodes[i] = lastNode
        return top
    }
}
