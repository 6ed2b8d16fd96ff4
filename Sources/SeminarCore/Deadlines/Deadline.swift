import Foundation

/// What a deadline is for. The raw values are what the database and the command line use.
public enum DeadlineKind: String, Sendable, CaseIterable, Codable {
    case preferences, deregistration, report, slides, presentation, other

    /// The kinds a student hands something in for with `seminar submit`.
    public static let submittable: [DeadlineKind] = [.report, .slides]

    public var isSubmittable: Bool { Self.submittable.contains(self) }

    /// The title a deadline gets when the coordinator gives none.
    public var defaultTitle: String {
        switch self {
        case .preferences: return "Preference form"
        case .deregistration: return "De-registration deadline"
        case .report: return "Report (PDF)"
        case .slides: return "First version of the slides (PDF)"
        case .presentation: return "Final presentations (block seminar)"
        case .other: return "Deadline"
        }
    }

    public static func parse(_ raw: String) -> DeadlineKind? {
        DeadlineKind(rawValue: raw.lowercased().trimmingCharacters(in: .whitespaces))
    }

    public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A deadline as the store hands it out.
public struct Deadline: Sendable, Equatable {
    /// How late a hand-in at `at` is, or nil when it is on time. Deadlines are given to the
    /// minute (`2025-01-15` is 23:59), so anything within the due minute is on time: a
    /// report handed in at 23:59:30 on the last day is not "late by 0 minutes".
    public func lateness(of at: Date) -> TimeInterval? {
        at.timeIntervalSince(due) >= 60 ? at.timeIntervalSince(due) : nil
    }

    public var id: Int64
    public var kind: DeadlineKind
    /// When it is due; for a deadline as it applies to one student (`due(for:)`), their own date.
    public var due: Date
    public var title: String?
    /// The deadline's own date when `due` is a student's extension; nil for the deadline itself.
    public var extendedFrom: Date?

    public init(id: Int64, kind: DeadlineKind, due: Date, title: String?, extendedFrom: Date? = nil) {
        self.id = id
        self.kind = kind
        self.due = due
        self.title = title
        self.extendedFrom = extendedFrom
    }

    /// Whether `due` is a student's extension rather than the deadline's own date.
    public var isExtended: Bool { extendedFrom != nil }

    public var displayTitle: String { title ?? kind.defaultTitle }
}

/// The seminar's usual timeline, as the seed describes a winter term: the preference form
/// in August, de-registration on 1 November, report and slides in mid-January, the block
/// seminar in mid-February.
public enum TermTimeline {
    public struct Entry: Sendable, Equatable {
        public var kind: DeadlineKind
        /// As the coordinator would type it: `2024-08-31` or `2025-02-13T09:00`.
        public var date: String

        public init(kind: DeadlineKind, date: String) {
            self.kind = kind
            self.date = date
        }
    }

    /// The first calendar year of a winter term named like `Winter 2024/25`, `WS 2024/25`,
    /// `WiSe 2024`, `Wintersemester 2024/2025` or `winter-2024`; nil for anything else.
    public static func winterStartYear(_ term: String) -> Int? {
        let lower = term.lowercased()
        let isWinter =
            lower.contains("winter") || lower.hasPrefix("ws") || lower.contains("wise") || lower.contains(" ws")
        guard isWinter else { return nil }
        guard let regex = try? NSRegularExpression(pattern: #"(\d{4})"#),
            let m = regex.firstMatch(in: term, range: NSRange(term.startIndex..., in: term)),
            let r = Range(m.range(at: 1), in: term), let year = Int(term[r]), (1900...9999).contains(year)
        else { return nil }
        return year
    }

    /// The timeline for `term` with the coordinator's dates in place of the usual ones; nil
    /// when `term` is not a winter term and not every date is given.
    public static func entries(term: String, overrides: [(DeadlineKind, String?)]) -> [Entry]? {
        var entries: [Entry] = []
        if let year = winterStartYear(term) {
            entries = winter(startYear: year)
        } else if overrides.contains(where: { $0.1 == nil }) {
            return nil
        }
        for (kind, value) in overrides {
            guard let value else { continue }
            entries.removeAll { $0.kind == kind }
            entries.append(Entry(kind: kind, date: value))
        }
        return entries
    }

    /// The timeline for the winter term starting in `year`: preferences due 31 August,
    /// de-registration 1 November, report and slides 15 January, and the block seminar on
    /// the Thursday on or before 15 February, from 09:00.
    public static func winter(startYear year: Int) -> [Entry] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let feb15 = calendar.date(from: DateComponents(year: year + 1, month: 2, day: 15))!
        let weekday = calendar.component(.weekday, from: feb15)  // 1 = Sunday ... 5 = Thursday
        let back = (weekday - 5 + 7) % 7
        let day = 15 - back
        return [
            Entry(kind: .preferences, date: String(format: "%04d-08-31", year)),
            Entry(kind: .deregistration, date: String(format: "%04d-11-01", year)),
            Entry(kind: .report, date: String(format: "%04d-01-15", year + 1)),
            Entry(kind: .slides, date: String(format: "%04d-01-15", year + 1)),
            Entry(kind: .presentation, date: String(format: "%04d-02-%02dT09:00", year + 1, day)),
        ]
    }
}

/// Checks that a file handed in as a submission is a PDF.
public enum PDFCheck {
    public enum Verdict: Equatable, Sendable {
        case pdf(version: String, complete: Bool)
        case notPDF(looksLike: String?)
    }

    /// A PDF starts with `%PDF-1.x` (readers accept it within the first 1024 bytes) and a
    /// complete one ends with `%%EOF` (within the last 1024 bytes).
    public static func check(head: [UInt8], tail: [UInt8]) -> Verdict {
        let magic = Array("%PDF-".utf8)
        let window = head.prefix(1024)
        if let start = (0...max(0, window.count - magic.count)).first(where: { i in
            i + magic.count <= window.count && Array(window[i..<i + magic.count]) == magic
        }) {
            let versionBytes = head.dropFirst(start + magic.count).prefix(while: {
                ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E
            })
            let eof = Array("%%EOF".utf8)
            let complete =
                tail.count >= eof.count
                && (0...(tail.count - eof.count)).contains { Array(tail[$0..<$0 + eof.count]) == eof }
            return .pdf(version: String(decoding: versionBytes, as: UTF8.self), complete: complete)
        }
        return .notPDF(looksLike: sniff(head))
    }

    /// What a file that is not a PDF probably is, to make the error message useful.
    public static func sniff(_ head: [UInt8]) -> String? {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return "a ZIP archive (a Word .docx, PowerPoint .pptx or similar)"
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return "an old Microsoft Office file (.doc, .ppt)" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "a PNG image" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "a JPEG image" }
        if head.starts(with: Array("{\\rtf".utf8)) { return "an RTF document" }
        if head.isEmpty { return "an empty file" }
        if head.starts(with: Array("%!PS".utf8)) { return "a PostScript file" }
        if !head.contains(0), String(bytes: head, encoding: .utf8) != nil { return "a text file" }
        return nil
    }
}
