import Foundation

/// A paper of the catalog, as the coordinator lists it.
public struct PaperInput: Sendable, Equatable {
    public var id: String
    public var title: String
    public var authors: String?
    public var venue: String?
    public var year: Int?
    /// The conference version.
    public var url: String?
    /// The long version on arXiv, as a bare id (`1806.07572`).
    public var arxiv: String?
    public var topic: String?
    /// How many students can take the paper (default 1).
    public var capacity: Int
    public var abstract: String?
    /// The page counts of the conference and the arXiv version, as the seed course's paper
    /// cards give them ("NeurIPS version (12 pages)", "arXiv version (36 pages)").
    public var pages: Int?
    public var arxivPages: Int?
    public var line: Int

    public init(
        id: String, title: String, authors: String? = nil, venue: String? = nil, year: Int? = nil,
        url: String? = nil, arxiv: String? = nil, topic: String? = nil, capacity: Int = 1,
        abstract: String? = nil, pages: Int? = nil, arxivPages: Int? = nil, line: Int = 0
    ) {
        self.id = id
        self.title = title
        self.authors = authors
        self.venue = venue
        self.year = year
        self.url = url
        self.arxiv = arxiv
        self.topic = topic
        self.capacity = capacity
        self.abstract = abstract
        self.pages = pages
        self.arxivPages = arxivPages
        self.line = line
    }
}

public enum PaperFields {
    /// `arXiv:1806.07572v2`, `https://arxiv.org/abs/1806.07572` and `1806.07572` are one id.
    public static func normalizeArxiv(_ raw: String) -> String? {
        var s = raw.trimmingCharacters(in: .whitespaces)
        for prefix in [
            "https://arxiv.org/abs/", "http://arxiv.org/abs/", "https://arxiv.org/pdf/", "arxiv.org/abs/", "arXiv:",
            "arxiv:",
        ]
        where s.lowercased().hasPrefix(prefix.lowercased()) {
            s = String(s.dropFirst(prefix.count))
        }
        if s.hasSuffix(".pdf") { s = String(s.dropLast(4)) }
        let modern = s.range(of: #"^[0-9]{4}\.[0-9]{4,5}(v[0-9]+)?$"#, options: .regularExpression) != nil
        let legacy = s.range(of: #"^[a-z\-]+(\.[A-Z]{2})?/[0-9]{7}(v[0-9]+)?$"#, options: .regularExpression) != nil
        return modern || legacy ? s : nil
    }

    /// The abstract page of an arXiv id.
    public static func arxivURL(_ id: String) -> String { "https://arxiv.org/abs/\(id)" }

    public static func isValidURL(_ s: String) -> Bool {
        guard let url = URL(string: s), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host?.isEmpty == false
        else { return false }
        return true
    }

    /// The most places one paper (or topic) can have.
    public static let maxCapacity = 10_000

    public static func parseCapacity(_ s: String) -> Int? {
        guard let n = Int(s), n >= 0, n <= maxCapacity else { return nil }
        return n
    }

    /// A page count: 1 to 10,000.
    public static func parsePages(_ s: String) -> Int? {
        guard let n = Int(s), (1...10_000).contains(n) else { return nil }
        return n
    }

    public static func parseYear(_ s: String) -> Int? {
        guard s.count == 4, let n = Int(s), (1900...2100).contains(n) else { return nil }
        return n
    }
}

public enum PaperParser {
    public static func parse(_ table: CSVTable) throws(SeminarError) -> [PaperInput] {
        var notes: [String] = []
        return try parse(table, notes: &notes)
    }

    /// As `parse`, and `notes` says what was decided (two columns for one role that agree).
    public static func parse(_ table: CSVTable, notes: inout [String]) throws(SeminarError) -> [PaperInput] {
        var reader = try PaperRowReader(table)
        notes += reader.notes
        let papers = table.rows.compactMap { reader.read($0) }
        if !reader.errors.isEmpty { throw .invalidInput(reader.errors) }
        return papers
    }
}

/// Reads the catalog row by row, collecting every problem: the columns found by name, the ids
/// and titles seen so far.
struct PaperRowReader {
    let table: CSVTable
    let idCol, titleCol: Int?
    let authorsCol, venueCol, yearCol, urlCol, arxivCol, topicCol, capacityCol, abstractCol: Int?
    let pagesCol, arxivPagesCol: Int?
    var errors: [InputError] = []
    /// Two columns for one role that agree, and which one is used.
    var notes: [String] = []
    var seen: [String: Int] = [:]
    var seenTitles: [String: Int] = [:]

    init(_ table: CSVTable) throws(SeminarError) {
        self.table = table
        var notes: [String] = []
        var errors: [InputError] = []
        func pick(_ role: String, _ aliases: [String]) -> Int? {
            do throws(InputError) { return try table.roleColumn(role, aliases, notes: &notes) } catch {
                errors.append(error)
                return nil
            }
        }
        idCol = pick("id", ["id", "paper", "paper_id", "key"])
        titleCol = pick("title", ["title", "Titel", "paper title"])
        authorsCol = pick("authors", ["authors", "author", "Autoren"])
        venueCol = pick("venue", ["venue", "conference", "journal"])
        yearCol = pick("year", ["year", "Jahr"])
        urlCol = pick("url", ["url", "link"])
        arxivCol = pick("arXiv id", ["arxiv", "arxiv_id"])
        topicCol = pick("topic", ["topic", "Thema", "area"])
        capacityCol = pick("capacity", ["capacity", "places", "slots", "Plätze"])
        abstractCol = pick("abstract", ["abstract", "summary"])
        pagesCol = pick("pages", ["pages", "page_count", "Seiten"])
        arxivPagesCol = pick("arXiv pages", ["arxiv_pages", "arxiv pages"])
        self.notes = notes
        if !errors.isEmpty { throw .invalidInput(errors) }
        if idCol == nil { errors.append(table.missingColumn("id", accepted: ["id"])) }
        if titleCol == nil { errors.append(table.missingColumn("title", accepted: ["title"])) }
        if !errors.isEmpty { throw .invalidInput(errors) }
        if table.rows.isEmpty {
            throw .invalidInput([
                InputError(
                    file: table.file, line: table.header.line + 1, message: "the paper list has a header but no papers")
            ])
        }
    }

    func optional(_ row: CSVRecord, _ col: Int?) -> String? {
        let v = table.value(row, col)
        return v.isEmpty ? nil : v
    }

    /// The paper on the row, or nil with its problems added to `errors`.
    mutating func read(_ row: CSVRecord) -> PaperInput? {
        let before = errors.count
        let id = readID(row)
        let title = readTitle(row)
        let capacity = readOptional(row, capacityCol, PaperFields.parseCapacity) { raw in
            ("capacity '\(shown: raw)' is not a whole number of places", "write 1, 2, ... (or leave it empty for 1)")
        }
        let year = readOptional(row, yearCol, PaperFields.parseYear) { raw in
            ("year '\(shown: raw)' is not a year", nil)
        }
        let url = optional(row, urlCol)
        if let url, !PaperFields.isValidURL(url) {
            errors.append(table.error(row, urlCol, "'\(shown: url)' is not an http(s) URL"))
        }
        let arxiv = readOptional(row, arxivCol, PaperFields.normalizeArxiv) { raw in
            ("'\(shown: raw)' is not an arXiv id", "for example 1806.07572")
        }
        func pageCount(_ col: Int?) -> Int? {
            readOptional(row, col, PaperFields.parsePages) { raw in
                ("'\(shown: raw)' is not a number of pages", "write a whole number, e.g. 12, or leave it empty")
            }
        }
        let pages = pageCount(pagesCol)
        let arxivPages = pageCount(arxivPagesCol)
        checkText(row)
        guard errors.count == before else { return nil }
        seenTitles[title.lowercased()] = row.line
        return PaperInput(
            id: id, title: title, authors: optional(row, authorsCol), venue: optional(row, venueCol), year: year,
            url: url, arxiv: arxiv, topic: optional(row, topicCol), capacity: capacity ?? 1,
            abstract: optional(row, abstractCol), pages: pages, arxivPages: arxivPages, line: row.line)
    }

    mutating func readID(_ row: CSVRecord) -> String {
        let id = table.value(row, idCol)
        if id.isEmpty {
            errors.append(table.error(row, idCol, "the id is empty"))
        } else if !Validation.isValidID(id) {
            errors.append(
                table.error(
                    row, idCol, "'\(shown: id)' is not a valid paper id",
                    hint: "ids are letters, digits, '.', '_' or '-'"))
        } else if let first = seen[id] {
            errors.append(table.error(row, idCol, "paper id \(shown: id) appears twice (first on line \(first))"))
        } else {
            seen[id] = row.line
        }
        return id
    }

    mutating func readTitle(_ row: CSVRecord) -> String {
        let title = table.value(row, titleCol)
        if let problem = Validation.nameProblem(title, what: "the title") {
            errors.append(table.error(row, titleCol, problem))
        } else if let first = seenTitles[title.lowercased()] {
            errors.append(
                table.error(
                    row, titleCol,
                    "the title appears twice (first on line \(first)); preference forms name papers by title",
                    hint: "make the titles distinct"))
        }
        return title
    }

    /// An optional field read by `parse`: nil when empty, or when it does not read (then the
    /// error's message and hint say why).
    mutating func readOptional<T>(
        _ row: CSVRecord, _ col: Int?, _ parse: (String) -> T?, error: (String) -> (String, hint: String?)
    ) -> T? {
        guard let raw = optional(row, col) else { return nil }
        guard let value = parse(raw) else {
            let (message, hint) = error(raw)
            errors.append(table.error(row, col, message, hint: hint))
            return nil
        }
        return value
    }

    mutating func checkText(_ row: CSVRecord) {
        for (col, label, multiline) in [
            (authorsCol, "authors", false), (venueCol, "venue", false), (topicCol, "topic", false),
            (abstractCol, "abstract", true),
        ] {
            if let text = optional(row, col),
                let problem = Validation.textProblem(text, what: "the \(label) field", multiline: multiline)
            {
                errors.append(table.error(row, col, problem, hint: "remove it; only plain text is shown"))
            }
        }
    }
}
