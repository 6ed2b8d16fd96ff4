import Foundation

/// How a cell was taken for a paper. Everything but an exact id or title is a decision the
/// tool made for the user, and is reported.
public enum PaperMatchKind: Sendable, Equatable {
    /// The paper's id, exactly.
    case id
    /// The paper's title, exactly (composed Unicode).
    case title
    /// The title, once case, quotes, dashes, spaces and trailing punctuation are set aside.
    case typography
    /// A leading `[id]` label, as in `[deep-dd-nakkiran20] Deep Double Descent`.
    case idLabel
    /// An `Author et al. YEAR –` label before the title.
    case authorLabel

    /// Why the cell is that paper, for the report.
    public var reason: String {
        switch self {
        case .id, .title: return "exact"
        case .typography: return "the title, up to case, quotes, dashes, spaces or punctuation"
        case .idLabel: return "by the [id] label"
        case .authorLabel: return "the title after an author-and-year label"
        }
    }
}

public struct PaperMatch: Sendable, Equatable {
    public var id: String
    public var kind: PaperMatchKind
}

/// Finds the paper a form's cell names: by id, exact title, or a near miss that a coordinator
/// meets every term (curly quotes, an en dash, `[id] Title`, `Jacot et al. 2018 – Title`).
/// Results are cached per text: a grid or a ranking column repeats the same few texts.
public struct PaperLookup: Sendable {
    let ids: Set<String>
    let byTitle: [String: String]
    let byTypography: [String: String]
    private var cache: [String: PaperMatch?] = [:]

    public init(papers: [(id: String, title: String)]) {
        ids = Set(papers.map(\.id))
        byTitle = Dictionary(
            papers.map { ($0.title.precomposedStringWithCanonicalMapping, $0.id) }, uniquingKeysWith: { a, _ in a })
        byTypography = Dictionary(papers.map { (Self.typographyKey($0.title), $0.id) }, uniquingKeysWith: { a, _ in a })
    }

    public var isEmpty: Bool { ids.isEmpty }

    public mutating func match(_ cell: String) -> PaperMatch? {
        if let cached = cache[cell] { return cached }
        let found = Self.find(cell, ids: ids, byTitle: byTitle, byTypography: byTypography)
        cache[cell] = found
        return found
    }

    /// The same lookup without the cache, for one-off cells.
    public func matchOnce(_ cell: String) -> PaperMatch? {
        Self.find(cell, ids: ids, byTitle: byTitle, byTypography: byTypography)
    }

    static func find(_ cell: String, ids: Set<String>, byTitle: [String: String], byTypography: [String: String])
        -> PaperMatch?
    {
        if ids.contains(cell) { return PaperMatch(id: cell, kind: .id) }
        if let id = byTitle[cell] { return PaperMatch(id: id, kind: .title) }
        let key = typographyKey(cell)
        if key.isEmpty { return nil }
        if let id = byTypography[key] { return PaperMatch(id: id, kind: .typography) }
        if let (label, rest) = bracketLabel(cell) {
            if ids.contains(label) { return PaperMatch(id: label, kind: .idLabel) }
            if let id = byTypography[typographyKey(rest)] { return PaperMatch(id: id, kind: .idLabel) }
        }
        if let rest = afterAuthorLabel(cell), let id = byTypography[typographyKey(rest)] {
            return PaperMatch(id: id, kind: .authorLabel)
        }
        return nil
    }

    /// Lower case, straight quotes, one kind of dash, single spaces, no trailing punctuation
    /// and no surrounding quotes: what two spellings of one title still share.
    public static func typographyKey(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            let mapped: Unicode.Scalar
            switch scalar.value {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x00B4, 0x0060: mapped = "'"
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: mapped = "\""
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: mapped = "-"
            default: mapped = scalar
            }
            if mapped.properties.isWhitespace || mapped.value == 0x200B {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(mapped)
        }
        var result = String(out)
        let strip: Set<Character> = [".", ",", ";", ":", "!", "?", "\"", "'", " "]
        while let last = result.last, strip.contains(last) { result.removeLast() }
        while let first = result.first, first == "\"" || first == "'" { result.removeFirst() }
        return result
    }

    /// `[deep-dd-nakkiran20] Deep Double Descent` → ("deep-dd-nakkiran20", "Deep Double Descent").
    static func bracketLabel(_ cell: String) -> (String, String)? {
        guard cell.hasPrefix("["), let close = cell.firstIndex(of: "]") else { return nil }
        let label = cell[cell.index(after: cell.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        let rest = cell[cell.index(after: close)...].trimmingCharacters(in: .whitespaces)
        return label.isEmpty ? nil : (label, rest)
    }

    /// The text after `Jacot et al. 2018 – `, `Nakkiran et al. (2020): ` or `Belkin 2019 - `:
    /// a short label ending in a year, then a dash or colon.
    static func afterAuthorLabel(_ cell: String) -> String? {
        let scalars = Array(cell.unicodeScalars)
        var i = 0
        while i + 4 <= scalars.count, i <= 120 {
            let window = scalars[i..<(i + 4)]
            let isYear =
                window.allSatisfy { ("0"..."9").contains($0) }
                && (i == 0 || !("0"..."9").contains(scalars[i - 1]))
                && (i + 4 == scalars.count || !("0"..."9").contains(scalars[i + 4]))
            if isYear, let first = window.first, first == "1" || first == "2", i > 0 {
                var j = i + 4
                if j < scalars.count, ("a"..."z").contains(scalars[j]) { j += 1 }  // 2019a
                if j < scalars.count, scalars[j] == ")" { j += 1 }
                while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 }
                if j < scalars.count, [":", "-", "\u{2013}", "\u{2014}", ","].contains(scalars[j]) {
                    j += 1
                    while j < scalars.count, scalars[j].properties.isWhitespace { j += 1 }
                    if j < scalars.count { return String(String.UnicodeScalarView(scalars[j...])) }
                }
            }
            i += 1
        }
        return nil
    }
}
