import Foundation

/// One student as the grading sees them: roster data, paper, component grades and what
/// the rules make of them.
public struct GradedStudent: Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    public var paper: String?
    public var grades: [String: Tenths]
    public var outcome: GradeOutcome

    public init(
        id: String, name: String, email: String, paper: String?, grades: [String: Tenths], outcome: GradeOutcome
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.paper = paper
        self.grades = grades
        self.outcome = outcome
    }

    /// Graded: has a final grade or a component grade, or left the course. A student with
    /// no grade at all who is merely incomplete is not on the grade sheet (unless asked).
    public var isGraded: Bool { outcome.final != nil || !grades.isEmpty || outcome.status == .withdrawn }
}

/// The grade sheet as CSV for spreadsheets: `id,name,email,paper,<components>,final,status,note`
/// (the note says why: a failed component, what is missing, talks missed without excuse).
public struct GradeSheet: Sendable {
    public var policy: GradingPolicy
    public var students: [GradedStudent]

    public init(policy: GradingPolicy, students: [GradedStudent]) {
        self.policy = policy
        self.students = students
    }

    public var header: [String] {
        ["id", "name", "email", "paper"] + policy.components.map(\.name) + ["final", "status", "note"]
    }

    public func rows(decimalComma: Bool = false) -> [[String]] {
        students.map { s in
            [s.id, s.name, s.email, s.paper ?? ""]
                + policy.components.map { c in
                    s.grades[c.name].map { policy.scale.format($0, decimalComma: decimalComma) } ?? ""
                }
                + [
                    s.outcome.final.map { policy.scale.format($0, decimalComma: decimalComma) } ?? "",
                    s.outcome.status.rawValue, s.outcome.reason ?? "",
                ]
        }
    }

    /// The CSV text. Every cell that a spreadsheet would evaluate as a formula is
    /// neutralised (a name such as `=HYPERLINK(...)` becomes `'=HYPERLINK(...)`); grades are
    /// plain numbers and stay as they are.
    public func csv(delimiter: Character = ",", byteOrderMark: Bool = false, decimalComma: Bool = false) -> String {
        let writer = CSVWriter(delimiter: delimiter, lineEnding: "\r\n")
        var out = byteOrderMark ? "\u{FEFF}" : ""
        out += writer.row(header.map(CSVWriter.neutralizeFormula))
        for r in rows(decimalComma: decimalComma) { out += writer.row(r.map(CSVWriter.neutralizeFormula)) }
        return out
    }
}

/// The distribution of final grades.
public struct GradeStats: Sendable, Equatable {
    public var counts: [GradeStatus: Int]
    /// Final grades of passed and failed students, sorted best first.
    public var finals: [Tenths]
    public var scale: GradeScale
    /// Students with no final grade for want of attendance alone (rule `required`).
    public var heldBackByAttendance = 0
    /// Students with talks missed without excuse, whatever the rule made of it.
    public var missedAttendance = 0

    public init(students: [GradedStudent], scale: GradeScale) {
        self.scale = scale
        var counts: [GradeStatus: Int] = [:]
        for s in students {
            counts[s.outcome.status, default: 0] += 1
            if s.outcome.missedAttendance != nil { missedAttendance += 1 }
            if s.outcome.isHeldBackByAttendance { heldBackByAttendance += 1 }
        }
        self.counts = counts
        finals = students.filter { $0.outcome.status == .passed || $0.outcome.status == .failed }
            .compactMap(\.outcome.final)
            .sorted { scale.isBetter($0, than: $1) }
    }

    public var graded: Int { finals.count }
    public var passed: Int { counts[.passed] ?? 0 }

    /// The mean of the final grades, exact.
    public var mean: ExactMean? {
        finals.isEmpty ? nil : ExactMean(numerator: finals.reduce(0, +), denominator: finals.count)
    }

    /// The median of the final grades (the mean of the two middle ones for an even count).
    public var median: ExactMean? {
        guard !finals.isEmpty else { return nil }
        let sorted = finals.sorted()
        let mid = sorted.count / 2
        if sorted.count % 2 == 1 { return ExactMean(numerator: sorted[mid], denominator: 1) }
        return ExactMean(numerator: sorted[mid - 1] + sorted[mid], denominator: 2)
    }

    /// Passed among passed and failed, in percent with one decimal (e.g. `93.8`).
    public var passRate: String? {
        guard graded > 0 else { return nil }
        let tenths = (passed * 2000 + graded) / (2 * graded)
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The histogram's rows: label and count. German: every step of the scale (1.0 … 5.0),
    /// plus any other final (truncate mode gives e.g. 2.2). Points: ten bins.
    public var bins: [(label: String, count: Int)] {
        switch scale {
        case .german:
            let values = Set(GradeScale.germanSteps).union(finals).sorted()
            return values.map { v in (scale.format(v), finals.filter { $0 == v }.count) }
        case .points(let max, _):
            let width = Swift.max(10, (max + 9) / 10)  // tenths per bin, max/10 rounded up
            var result: [(String, Int)] = []
            var low = 0
            while low <= max {
                let isLast = low + width >= max
                let upper = isLast ? max : low + width - 1
                let label = "\(GradeScale.plain(low))–\(GradeScale.plain(isLast ? max : low + width))"
                result.append((label, finals.filter { $0 >= low && $0 <= upper }.count))
                if isLast { break }
                low += width
            }
            return result
        }
    }

    /// A bar chart for the terminal: one row per grade, bars scaled to `width` columns.
    public func histogram(width: Int = 40, style: TerminalStyle = .plain) -> [String] {
        let rows = bins
        let top = rows.map(\.count).max() ?? 0
        let labelWidth = rows.map(\.label.count).max() ?? 0
        return rows.map { row in
            let length = top == 0 ? 0 : (row.count * width + top - 1) / top
            var bar = String(repeating: "█", count: length)
            if scale.isGerman, let v = GradeScale.parseTenths(row.label), !scale.isPassing(v) { bar = style.red(bar) }
            let pad = String(repeating: " ", count: labelWidth - row.label.count)
            return "\(pad)\(row.label) │\(bar)\(row.count > 0 ? " \(row.count)" : "")"
        }
    }
}
