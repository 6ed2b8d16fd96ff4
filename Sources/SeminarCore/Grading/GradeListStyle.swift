import Foundation

/// How grades are written into a list's grade cells: the decimal separator, and at least how
/// many decimals (Moodle writes every number with two: `1.30`).
public struct GradeNumberStyle: Sendable, Equatable {
    public var decimalComma: Bool
    /// Digits after the separator, at least; nil: the scale's own (`1.7`, `87.5`, `87`).
    public var decimals: Int?

    public init(decimalComma: Bool, decimals: Int? = nil) {
        self.decimalComma = decimalComma
        self.decimals = decimals
    }

    /// `1.7` → `1.70` with two decimals, `1,70` with the comma; a tenth is never dropped
    /// (`87.5` stays `87.5` with no decimals asked for).
    public func format(_ t: Tenths, on scale: GradeScale) -> String {
        guard let decimals else { return scale.format(t, decimalComma: decimalComma) }
        let digits = max(decimals, t % 10 == 0 ? 0 : 1)
        var s = "\(t / 10)"
        if digits > 0 { s += (decimalComma ? "," : ".") + "\(t % 10)" + String(repeating: "0", count: digits - 1) }
        return s
    }

    /// `decimal point`, `decimal comma, two decimals (1,30)`: for the report.
    public func describe(on scale: GradeScale) -> String {
        let example = format(scale.isGerman ? 13 : 875, on: scale)
        return "decimal \(decimalComma ? "comma" : "point")"
            + (decimals.map { $0 > 1 ? ", \($0) decimals (\(example))" : " (\(example))" } ?? " (\(example))")
    }
}

/// A number as a cell writes it: `5.00`, `5,00`, `100`.
public struct CellNumber: Sendable, Equatable {
    /// The digits without the separator: `5.00` → 500.
    public var units: Int
    /// Digits after the separator: `5.00` → 2.
    public var decimals: Int
    /// The separator, when there is one.
    public var comma: Bool?

    /// Digits with at most one `.` or `,`; nil for anything else (`-`, empty, `1.000,5`).
    public init?(_ raw: String) {
        let s = raw.trimmingCharacters(in: .whitespaces)
        let separators = s.filter { $0 == "." || $0 == "," }
        guard separators.count <= 1, s.count <= 12 else { return nil }
        let parts = s.split(whereSeparator: { $0 == "." || $0 == "," }).map(String.init)
        guard !s.isEmpty, !s.hasPrefix("."), !s.hasPrefix(","), !s.hasSuffix("."), !s.hasSuffix(","),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let units = Int(parts.joined())
        else { return nil }
        self.units = units
        decimals = parts.count == 2 ? parts[1].count : 0
        comma = separators.first.map { $0 == "," }
    }

    /// Compares with a number of tenths, exactly: -1, 0 or 1.
    public func compare(tenths t: Tenths) -> Int {
        // units / 10^decimals against t / 10, both scaled to 10^(decimals + 1).
        var p = 1
        for _ in 0..<decimals { p *= 10 }
        let mine = units * 10
        let other = t * p
        return mine < other ? -1 : mine > other ? 1 : 0
    }
}

extension GradeScale {
    /// The number a grading system's maximum must hold for its grades to mean what the
    /// seminar's do: 5.0 on the German scale (the worst grade is the largest number), the
    /// scale's maximum on a points scale.
    public var largestGrade: Tenths {
        switch self {
        case .german: return 50
        case .points(let max, _): return max
        }
    }
}

extension RegistrationList {
    /// Moodle's "Maximum grade" column of an assignment's grading worksheet. The English
    /// language file defines the string twice (`Maximum grade`, then `Maximum Grade`,
    /// which PHP keeps); German packs say `Bestwertung`.
    public static let maximumGradeHeaders = ["Maximum grade", "Bestwertung", "Höchste Bewertung", "Höchstbewertung"]
    /// The e-mail column a row without an id is matched by.
    public static let emailHeaders = [
        "Email address", "E-Mail-Adresse", "Email", "E-Mail", "E-Mail address", "Emailadresse", "Email Adresse",
    ]

    public var maximumGradeColumn: Int? { Self.maximumGradeHeaders.lazy.compactMap { column(named: $0) }.first }
    public var emailColumn: Int? { Self.emailHeaders.lazy.compactMap { column(named: $0) }.first }

    /// The first number with a separator in `column`, and its line: what the column's style is.
    func firstDecimal(in column: Int) -> (number: CellNumber, text: String, line: Int)? {
        for r in dataRecords where !r.isBlank {
            let text = r.cell(column)
            if let n = CellNumber(text), n.comma != nil { return (n, text, r.line) }
        }
        return nil
    }

    /// How the grades are to be written, and, when the list decided it, why (for a
    /// `Decided:` line). `explicitComma` is the user's --decimal-comma (true) or
    /// --decimal-point (false).
    ///
    /// Separator: the user's choice; else the grades already in the column; else, for a
    /// Moodle worksheet (a Maximum grade column), the Maximum grade's (`5.00` or `5,00`, as
    /// Moodle writes numbers in the user's language); else the list's delimiter (`;` lists
    /// get the comma). Decimals, for a worksheet only: as the column's grades, else as the
    /// Maximum grade (two: Moodle's `format_float(…, 2)`). Plain lists keep the scale's own
    /// notation (`1,7`).
    public func gradeStyle(gradeColumn: Int, explicitComma: Bool?) -> (style: GradeNumberStyle, decision: String?) {
        let gradeName = Shown.value(columnNames[gradeColumn])
        let existing = firstDecimal(in: gradeColumn)
        let maximum = maximumGradeColumn
        let fromMaximum = maximum.flatMap { firstDecimal(in: $0) }
        var decimals: Int?
        if maximum != nil { decimals = existing?.number.decimals ?? fromMaximum?.number.decimals }
        if let explicitComma { return (GradeNumberStyle(decimalComma: explicitComma, decimals: decimals), nil) }
        if let legacy = decimalCommaInUse(column: gradeColumn) {
            return (GradeNumberStyle(decimalComma: legacy, decimals: decimals), nil)
        }
        if let maximum, let (number, text, line) = fromMaximum {
            let style = GradeNumberStyle(decimalComma: number.comma ?? false, decimals: number.decimals)
            let digits =
                number.decimals == 2 ? "two decimals" : "\(number.decimals) decimal\(number.decimals == 1 ? "" : "s")"
            return (
                style,
                "decimal \(style.decimalComma ? "comma" : "point") with \(digits), as the \(Shown.value(columnNames[maximum])) "
                    + "column writes \(text) (line \(line)); the \(gradeName) column holds no grades yet to follow "
                    + "(--decimal-comma or --decimal-point decide otherwise)"
            )
        }
        let comma = delimiter == UInt8(ascii: ";")
        return (
            GradeNumberStyle(decimalComma: comma, decimals: decimals),
            "decimal \(comma ? "comma" : "point"), as in a '\(Character(UnicodeScalar(delimiter)))'-separated list; "
                + "the \(gradeName) column holds no grades yet to follow "
                + "(--decimal-comma or --decimal-point decide otherwise)"
        )
    }

    /// The Maximum grade column against the seminar's scale. Moodle reads a grade as a number
    /// out of the assignment's maximum: with the German scale (1.0–5.0) the maximum must be
    /// 5, with points the scale's maximum; otherwise the numbers would mean something else
    /// there (1.3 out of 100), and a grade above the maximum is skipped by the upload without
    /// a word (`process_import_grades`: "Out of range"). One error per distinct maximum, on the
    /// first row that has it; nothing when every row agrees with the scale.
    public func maximumGradeMismatches(
        column: Int, scale: GradeScale, grades: [Int: Tenths], what: String
    ) -> [InputError] {
        var seen: Set<String> = []
        var errors: [InputError] = []
        let top = scale.largestGrade
        let scaleText =
            scale.isGerman
            ? "on the German scale, 1.0 to 5.0"
            : "in points, 0 to \(GradeScale.plain(top))"
        let hint =
            "set the assignment's Maximum grade to \(GradeScale.plain(top)) in Moodle, under Settings → Grade, "
            + "then download the worksheet again and fill that one"
        for r in dataRecords where !r.isBlank && grades[r.line] != nil {
            let text = r.cell(column)
            guard !seen.contains(text) else { continue }
            seen.insert(text)
            let header = Shown.value(columnNames[column])
            guard let max = CellNumber(text) else {
                errors.append(
                    InputError(
                        file: file, line: r.line, column: position(r, column),
                        message: "the \(header) is \(text.isEmpty ? "empty" : "'\(Shown.value(text))'"), not a number: "
                            + "the assignment does not grade in points (a Moodle scale?), so the \(what) grades, "
                            + "\(scaleText), cannot be written there",
                        hint: hint))
                continue
            }
            guard max.compare(tenths: top) != 0 else { continue }
            let example = grades.values.min() ?? top
            let above = grades.values.filter { max.compare(tenths: $0) < 0 }
            var message =
                "the \(header) is \(text), but the \(what) grades are \(scaleText): Moodle would read them "
                + "as points out of \(text) (a \(scale.format(example)) would count as \(scale.format(example)) of \(text) points)"
            if let worst = above.max() {
                message +=
                    ", and its upload skips a grade above the maximum without a word: \(above.count) of the "
                    + "\(grades.count) grades here (up to \(scale.format(worst)))"
            }
            errors.append(
                InputError(
                    file: file, line: r.line, column: position(r, column), message: "scale mismatch: " + message,
                    hint: hint))
        }
        return errors
    }
}
