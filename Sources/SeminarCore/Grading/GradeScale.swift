import Foundation

/// A grade as an exact number of tenths: 1.3 is 13, 87.5 points is 875. Binary floating
/// point gets real cases wrong (0.4 × 1.0 + 0.6 × 3.0 is 2.1999… in a Double), so grades
/// never pass through one.
public typealias Tenths = Int

/// A non-negative fraction `numerator / denominator` of tenths: the exact weighted mean.
public struct ExactMean: Sendable, Equatable {
    public var numerator: Int
    public var denominator: Int

    public init(numerator: Int, denominator: Int) {
        precondition(denominator > 0)
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The value in thousandths when it is exactly that, e.g. 1.72 → 1720.
    public var exactThousandths: Int? {
        let scaled = numerator * 100
        return scaled % denominator == 0 ? scaled / denominator : nil
    }

    /// `1.72`, `2.20`, `4.00`: at least two decimals, up to four when exact; otherwise
    /// rounded to three decimals and marked with `…`.
    public var description: String {
        let n = numerator * 1000
        let d = denominator  // value in ten-thousandths: n / d
        if n % d == 0 {
            var digits = n / d
            var decimals = 4
            while decimals > 2 && digits % 10 == 0 {
                digits /= 10
                decimals -= 1
            }
            return Self.decimal(digits, decimals: decimals)
        }
        let thousandths = (numerator * 200 + denominator) / (2 * denominator)
        return Self.decimal(thousandths, decimals: 3) + "…"
    }

    static func decimal(_ value: Int, decimals: Int) -> String {
        var p = 1
        for _ in 0..<decimals { p *= 10 }
        let frac = String(value % p)
        return "\(value / p)." + String(repeating: "0", count: decimals - frac.count) + frac
    }
}

/// How grades are written and which are allowed.
public enum GradeScale: Sendable, Equatable {
    /// The German scale 1.0 1.3 1.7 2.0 2.3 2.7 3.0 3.3 3.7 4.0 5.0: lower is better,
    /// 4.0 is the worst pass.
    case german
    /// Points from 0 to `max` (tenths allowed, e.g. 87.5): higher is better, a component
    /// or final below `pass` fails. A percentage is points with max 100.
    case points(max: Tenths, pass: Tenths)

    public static let germanSteps: [Tenths] = [10, 13, 17, 20, 23, 27, 30, 33, 37, 40, 50]
    public static let percentage = GradeScale.points(max: 1000, pass: 500)

    public var isGerman: Bool { if case .german = self { return true } else { return false } }

    /// The worst grade, which a failed course gets on the German scale and a missing
    /// component counts as once the term is closed.
    public var worst: Tenths {
        switch self {
        case .german: return 50
        case .points: return 0
        }
    }

    /// Whether `a` is a better grade than `b`.
    public func isBetter(_ a: Tenths, than b: Tenths) -> Bool {
        isGerman ? a < b : a > b
    }

    public func isPassing(_ g: Tenths) -> Bool {
        switch self {
        case .german: return g <= 40
        case .points(_, let pass): return g >= pass
        }
    }

    public var name: String {
        switch self {
        case .german: return "german"
        case .points(let max, let pass):
            return max == 1000 && pass == 500
                ? "percentage" : "points (0–\(Self.plain(max)), pass mark \(Self.plain(pass)))"
        }
    }

    /// How it is stored in the `setting` table: `german` or `points:MAX:PASS` in tenths.
    public var storageString: String {
        switch self {
        case .german: return "german"
        case .points(let max, let pass): return "points:\(max):\(pass)"
        }
    }

    public init?(storage: String) {
        if storage == "german" {
            self = .german
            return
        }
        let parts = storage.split(separator: ":")
        guard parts.count == 3, parts[0] == "points", let max = Int(parts[1]), let pass = Int(parts[2]),
            max > 0, pass >= 0, pass <= max
        else { return nil }
        self = .points(max: max, pass: pass)
    }

    /// What the scale allows, for error messages.
    public var allowedDescription: String {
        switch self {
        case .german:
            return "the German scale (" + Self.germanSteps.map { GradeScale.german.format($0) }.joined(separator: " ")
                + ")"
        case .points(let max, _): return "points from 0 to \(Self.plain(max)), at most one decimal"
        }
    }

    /// Reads a component grade: `1.3`, `1,3` (German decimal comma) and `1` (= 1.0) are
    /// the same; a value that is not on the scale is nil.
    public func parse(_ raw: String) -> Tenths? {
        guard let t = Self.parseTenths(raw) else { return nil }
        switch self {
        case .german: return Self.germanSteps.contains(t) ? t : nil
        case .points(let max, _): return (0...max).contains(t) ? t : nil
        }
    }

    /// A decimal number with at most one significant decimal, as tenths: `2.30` → 23,
    /// `2.35` → nil (not a whole number of tenths), `-1` → nil.
    public static func parseTenths(_ raw: String) -> Tenths? {
        let s = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 6,
            parts[0].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var tenths = Int(parts[0])! * 10
        if parts.count == 2 {
            let frac = parts[1]
            guard !frac.isEmpty, frac.count <= 4, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            guard frac.dropFirst().allSatisfy({ $0 == "0" }) else { return nil }
            tenths += Int(String(frac.first!))!
        }
        return tenths
    }

    /// `1.7`, `87.5`; with `decimalComma` `1,7`. German grades always show one decimal.
    public func format(_ t: Tenths, decimalComma: Bool = false) -> String {
        let s: String
        switch self {
        case .german: s = "\(t / 10).\(t % 10)"
        case .points: s = Self.plain(t)
        }
        return decimalComma ? s.replacingOccurrences(of: ".", with: ",") : s
    }

    /// Tenths without a needless `.0`: 870 → `87`, 875 → `87.5`.
    public static func plain(_ t: Tenths) -> String {
        t % 10 == 0 ? "\(t / 10)" : "\(t / 10).\(t % 10)"
    }
}

/// How the exact weighted mean becomes the final grade.
public enum RoundingRule: String, Sendable, CaseIterable {
    /// The nearest grade of the scale (German: the nearest step; points: the nearest whole
    /// point). A mean exactly between two grades gets the better one.
    case nearest
    /// Digits after the first decimal are dropped without rounding (German examination
    /// regulations such as TUM's APSO: 1.72 → 1.7, 2.20 → 2.2, 3.88 → 3.8); on a points
    /// scale the fraction of a point is dropped (72.9 → 72).
    case truncate

    /// The final grade for an exact mean (in tenths) on `scale`.
    public func apply(_ mean: ExactMean, on scale: GradeScale) -> Tenths {
        let n = mean.numerator
        let d = mean.denominator
        switch (self, scale) {
        case (.nearest, .german):
            // |n/d - s| compared as |n - s·d|: no division, no rounding error.
            var best = GradeScale.germanSteps[0]
            var bestDistance = abs(n - best * d)
            for s in GradeScale.germanSteps.dropFirst() {
                let distance = abs(n - s * d)
                if distance < bestDistance {
                    best = s
                    bestDistance = distance
                }  // ties keep the better (lower) step
            }
            return best
        case (.truncate, .german):
            return n / d
        case (.nearest, .points):
            // Whole points: floor(n / d / 10 + 1/2), ties up (the better grade).
            return ((2 * n + 10 * d) / (20 * d)) * 10
        case (.truncate, .points):
            return (n / (10 * d)) * 10
        }
    }
}
