import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// How a run is shown: the histogram picture, JSON, and the explanation.
struct AssignReport {
    let outcome: AssignmentOutcome
    let style: TerminalStyle

    var input: AssignmentInput { outcome.input }
    var result: MatchingResult { outcome.result }
    var options: Assigner.Options { outcome.options }
    var problem: MatchingProblem { input.problem }
    var k: Int { problem.maxChoices }
    var objective: String { outcome.objective }

    func json(dryRun: Bool) -> String {
        var out = "{\n"
        func field(_ key: String, _ value: String) { out += "  " + JSON.string(key) + ": " + value + ",\n" }
        field("method", JSON.string(options.method.rawValue))
        field("seed", String(options.seed))
        field("cost_model", JSON.string(options.cost.rawValue))
        field("run_id", outcome.runID.map { String($0) } ?? "null")
        field("dry_run", dryRun ? "true" : "false")
        field("students", String(problem.studentCount))
        field("places", String(outcome.places))
        field("max_choices", String(k))
        field("unranked_cost", String(options.cost.unranked(k: k)))
        field("total_cost", String(result.totalCost))
        field("objective", JSON.string(objective))
        field("worst_rank", result.worstRank == 0 ? "null" : String(result.worstRank))
        field("histogram", outcome.histogramJSON)
        field("pinned", String(result.pinned))
        field("changed", String(outcome.changed))
        field("solve_seconds", String(format: "%.6f", result.solveSeconds))
        out += "  \"assignments\": [\n"
        var lines: [String] = []
        lines.reserveCapacity(problem.studentCount)
        for s in 0..<problem.studentCount {
            let p = Int(result.paper[s])
            let paper = p >= 0 ? JSON.string(input.paperIDs[p]) : "null"
            let rank = result.rank[s] > 0 ? String(result.rank[s]) : "null"
            lines.append(
                "    {\"student\": \(JSON.string(input.studentIDs[s])), \"paper\": \(paper), \"rank\": \(rank), "
                    + "\"pinned\": \(problem.pinned[s] >= 0), \"no_form\": \(!problem.hasForm(s))}")
        }
        out += lines.joined(separator: ",\n") + "\n  ]\n}\n"
        return out
    }

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    func names(_ students: [Int], limit: Int = 8) -> String {
        let shown = students.prefix(limit).map { "\(input.studentIDs[$0]) \(input.studentNames[$0])" }
        return shown.joined(separator: ", ") + (students.count > limit ? ", … (\(students.count - limit) more)" : "")
    }

    func text(dryRun: Bool, width: Int) -> String {
        let n = problem.studentCount
        // Places kept by dropped students pinned by hand count, as in the JSON and in status.
        let places = outcome.places
        var out = style.bold("\(options.method.rawValue)") + " (seed \(options.seed)"
        if options.method == .optimal || options.method == .fair { out += "; \(options.cost.formula), k = \(k)" }
        out += "): \(n) students, \(places) places.\n\n"
        var bars: [(String, Int, String)] = (1...max(k, 1)).map { r in
            ("\(Self.ordinal(r)) choice", r <= k ? result.histogram[r] : 0, "")
        }
        let none = (0..<n).filter { result.paper[$0] >= 0 && problem.hasForm($0) && result.rank[$0] == 0 }
        let noForm = (0..<n).filter { result.paper[$0] >= 0 && !problem.hasForm($0) }
        let unassigned = (0..<n).filter { result.paper[$0] < 0 }
        bars.append(("none of theirs", none.count, none.isEmpty ? "" : names(none)))
        bars.append(("no form", noForm.count, noForm.isEmpty ? "" : "flagged: " + names(noForm)))
        if !unassigned.isEmpty { bars.append(("no place", unassigned.count, names(unassigned))) }
        let labelWidth = bars.map(\.0.count).max()!
        let maxCount = max(1, bars.map(\.1).max()!)
        let barWidth = max(10, min(40, width - labelWidth - 12))
        for (i, (label, count, note)) in bars.enumerated() {
            let cells = count == 0 ? 0 : max(1, Int((Double(count) / Double(maxCount) * Double(barWidth)).rounded()))
            var bar = String(repeating: "█", count: cells)
            if i >= k {
                bar = i == k && count > 0 ? style.red(bar) : style.yellow(bar)
            } else if i == 0 {
                bar = style.green(bar)
            }
            let pad = String(repeating: " ", count: labelWidth - label.count)
            out +=
                "  \(label)\(pad)  \(bar)\(String(repeating: " ", count: barWidth - cells)) \(String(count).leftPadded(5))"
            if !note.isEmpty { out += "  " + style.dim(note) }
            out += "\n"
        }
        out += "\n"
        var facts = [objective.prefix(1).uppercased() + objective.dropFirst()]
        if options.method != .optimal && options.method != .fair { facts.append("total cost \(result.totalCost)") }
        if result.pinned > 0 { facts.append("\(result.pinned) pinned kept") }
        facts.append("\(outcome.changed) changed")
        facts.append(String(format: "solved in %.3f s", result.solveSeconds))
        out += facts.joined(separator: "; ") + ".\n"
        if !unassigned.isEmpty {
            out +=
                style.red(
                    "Not enough places: \(unassigned.count) students have no paper; add papers or raise capacities.")
                + "\n"
        }
        if dryRun {
            out += "Dry run: nothing was saved.\n"
        } else if let runID = outcome.runID {
            out += "Saved as run \(runID): seminar assignment list\n"
        }
        return out
    }

    func paperLabel(_ p: Int) -> String { "\(input.paperIDs[p]) \"\(input.paperTitles[p])\"" }

    func rankLabel(_ r: Int, noForm: Bool = false) -> String {
        noForm ? "no form" : r == 0 ? "not on their form" : "their \(Self.ordinal(r)) choice"
    }

    func explanationJSON(_ e: Explanation) -> String {
        func id(_ p: Int) -> String { p >= 0 ? JSON.string(input.paperIDs[p]) : "null" }
        func rank(_ r: Int) -> String { r > 0 ? String(r) : "null" }
        let alternatives = e.alternatives.map { alt -> String in
            let holders = alt.holders.map { h in
                "{\"student\": \(JSON.string(input.studentIDs[h.student])), \"rank\": \(rank(h.rank)), \"pinned\": \(h.pinned)"
                    + (options.method == .serialDictatorship && !h.pinned ? ", \"position\": \(h.position)" : "") + "}"
            }
            var pairs: [(String, String)] = [
                ("paper", id(alt.paper)), ("rank", String(alt.rank)), ("capacity", String(alt.capacity)),
                ("holders", "[" + holders.joined(separator: ", ") + "]"),
                ("possible", alt.forced == nil ? "false" : "true"),
            ]
            if let reason = alt.impossible { pairs.append(("reason", JSON.string(reason))) }
            if let forced = alt.forced {
                pairs.append(("total_cost_after", String(forced.totalCost)))
                pairs.append(("cost_increase", String(forced.totalCost - result.totalCost)))
                pairs.append(("worst_rank_after", String(forced.worstRank)))
                pairs.append(
                    (
                        "moves",
                        "["
                            + alt.moved.map { m in
                                "{\"student\": \(JSON.string(input.studentIDs[m.student])), \"from\": \(id(m.from)), \"to\": \(id(m.to))}"
                            }.joined(separator: ", ") + "]"
                    ))
            }
            return JSON.object(pairs, indent: "    ")
        }
        let pairs: [(String, String)] = [
            ("student", JSON.string(input.studentIDs[e.student])), ("method", JSON.string(options.method.rawValue)),
            ("seed", String(options.seed)), ("paper", id(e.paper)), ("rank", rank(e.rank)),
            ("pinned", String(e.pinned)),
            ("no_form", String(e.noForm)), ("total_cost", String(result.totalCost)),
            ("position", options.method == .serialDictatorship && !e.pinned ? String(e.position) : "null"),
            ("alternatives", JSON.array(alternatives, indent: "  ")),
        ]
        return JSON.object(pairs) + "\n"
    }

    func explanation(_ e: Explanation) -> String {
        let s = e.student
        var out = style.bold("\(input.studentIDs[s]) \(input.studentNames[s])")
        guard e.paper >= 0 else {
            return out + " gets no paper: there are fewer places than students.\n"
        }
        out +=
            " gets \(paperLabel(e.paper)) (\(rankLabel(e.rank, noForm: e.noForm))) under \(options.method.rawValue), seed \(options.seed).\n"
        if e.pinned {
            return out
                + "It is pinned by hand (seminar assignment set); assign keeps it. Unpin with: seminar assignment unset \(input.studentIDs[s])\n"
        }
        if e.noForm {
            return out
                + "They handed in no form, so every paper costs them the same; they got a place left free by the others.\n"
        }
        if e.rank == 1 { return out + "That is their first choice: nothing to improve.\n" }
        if options.method == .serialDictatorship {
            out +=
                "Priority order from seed \(options.seed): they choose \(Self.ordinal(e.position)) of \(problem.studentCount - result.pinned).\n"
        }
        out += "Papers they ranked higher:\n"
        for alt in e.alternatives {
            out += "  \(alt.rank). \(paperLabel(alt.paper)), \(alt.capacity) place\(alt.capacity == 1 ? "" : "s"): "
            if alt.holders.isEmpty {
                out += "free.\n"
            } else {
                out +=
                    "held by "
                    + alt.holders.map { h in
                        var t =
                            "\(input.studentIDs[h.student]) \(input.studentNames[h.student]) (\(rankLabel(h.rank, noForm: !problem.hasForm(h.student)))"
                        if h.pinned {
                            t += ", pinned"
                        } else if options.method == .serialDictatorship {
                            t += ", chose \(Self.ordinal(h.position))"
                        }
                        return t + ")"
                    }.joined(separator: ", ") + ".\n"
            }
            if let reason = alt.impossible {
                out += "     It cannot be theirs: \(reason).\n"
                continue
            }
            guard let forced = alt.forced else { continue }
            let delta = forced.totalCost - result.totalCost
            var line =
                "     Giving it to them: total cost \(result.totalCost) → \(forced.totalCost) (\(delta >= 0 ? "+" : "")\(delta))"
            switch options.method {
            case .rankMaximal:
                line +=
                    ", rank signature \(result.histogram.dropFirst().map(String.init).joined(separator: ",")) → \(forced.histogram.dropFirst().map(String.init).joined(separator: ","))"
            case .fair:
                line += ", worst rank \(result.worstRank) → \(forced.worstRank)"
            default: break
            }
            out += line + ".\n"
            for m in alt.moved.prefix(6) {
                let from =
                    m.from >= 0
                    ? "\(input.paperIDs[m.from]) (\(rankLabel(problem.rank(of: m.from, for: m.student) ?? 0)))"
                    : "no paper"
                let to =
                    m.to >= 0
                    ? "\(input.paperIDs[m.to]) (\(rankLabel(problem.rank(of: m.to, for: m.student) ?? 0)))" : "no paper"
                out += "       \(input.studentIDs[m.student]) \(input.studentNames[m.student]): \(from) → \(to)\n"
            }
            if alt.moved.count > 6 { out += "       … and \(alt.moved.count - 6) more move\n" }
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
