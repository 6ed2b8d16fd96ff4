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
    public var line: Int

    public init(
        id: String, title: String, authors: String? = nil, venue: String? = nil, year: Int? = nil,
        url: String? = nil, arxiv: String? = nil, topic: String? = nil, capacity: Int = 1,
        abstract: String? = nil, line: Int = 0
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

    public static func parseYear(_ s: String) -> Int? {
        guard s.count == 4, let n = Int(s), (1900...2100).contains(n) else { return nil }
        return n
    }
}

public enum PaperParser {
    public static func parse(_ table: CSVTable) throws(SeminarError) -> [PaperInput] {
        let map = table.map
        let idCol = map.column(["id", "paper", "paper_id", "key"])
        let titleCol = map.column(["title", "Titel", "paper title"])
        var errors: [InputError] = []
        if idCol == nil { errors.append(table.missingColumn("id", accepted: ["id"])) }
        if titleCol == nil { errors.append(table.missingColumn("title", accepted: ["title"])) }
        if !errors.isEmpty { throw .invalidInput(errors) }
        if table.rows.isEmpty {
            throw .invalidInput([
                InputError(
                    file: table.file, line: table.header.line + 1, message: "the paper list has a header but no papers")
            ])
        }
        let authorsCol = map.column(["authors", "author", "Autoren"])
        let venueCol = map.column(["venue", "conference", "journal"])
        let yearCol = map.column(["year", "Jahr"])
        let urlCol = map.column(["url", "link"])
        let arxivCol = map.column(["arxiv", "arxiv_id"])
        let topicCol = map.column(["topic", "Thema", "area"])
        let capacityCol = map.column(["capacity", "places", "slots", "Plätze"])
        let abstractCol = map.column(["abstract", "summary"])

        var papers: [PaperInput] = []
        var seen: [String: Int] = [:]
        var seenTitles: [String: Int] = [:]
        for row in table.rows {
            var ok = true
            let id = table.value(row, idCol)
            let title = table.value(row, titleCol)
            func optional(_ col: Int?) -> String? {
                let v = table.value(row, col)
                return v.isEmpty ? nil : v
            }
            if id.isEmpty {
                errors.append(table.error(row, idCol, "the id is empty"))
                ok = false
            } else if !Validation.isValidID(id) {
                errors.append(
                    table.error(
                        row, idCol, "'\(id)' is not a valid paper id", hint: "ids are letters, digits, '.', '_' or '-'")
                )
                ok = false
            } else if let first = seen[id] {
                errors.append(table.error(row, idCol, "paper id \(id) appears twice (first on line \(first))"))
                ok = false
            } else {
                seen[id] = row.line
            }
            if title.isEmpty {
                errors.append(table.error(row, titleCol, "the title is empty"))
                ok = false
            } else if !Validation.isValidName(title) {
                errors.append(table.error(row, titleCol, "the title contains control characters"))
                ok = false
            } else if let first = seenTitles[title.lowercased()] {
                errors.append(
                    table.error(
                        row, titleCol,
                        "the title appears twice (first on line \(first)); preference forms name papers by title",
                        hint: "make the titles distinct"))
                ok = false
            }
            var capacity = 1
            if let raw = optional(capacityCol) {
                if let n = PaperFields.parseCapacity(raw) {
                    capacity = n
                } else {
                    errors.append(
                        table.error(
                            row, capacityCol, "capacity '\(raw)' is not a whole number of places",
                            hint: "write 1, 2, ... (or leave it empty for 1)"))
                    ok = false
                }
            }
            var year: Int?
            if let raw = optional(yearCol) {
                if let y = PaperFields.parseYear(raw) {
                    year = y
                } else {
                    errors.append(table.error(row, yearCol, "year '\(raw)' is not a year"))
                    ok = false
                }
            }
            let url = optional(urlCol)
            if let url, !PaperFields.isValidURL(url) {
                errors.append(table.error(row, urlCol, "'\(url)' is not an http(s) URL"))
                ok = false
            }
            var arxiv: String?
            if let raw = optional(arxivCol) {
                if let a = PaperFields.normalizeArxiv(raw) {
                    arxiv = a
                } else {
                    errors.append(
                        table.error(row, arxivCol, "'\(raw)' is not an arXiv id", hint: "for example 1806.07572"))
                    ok = false
                }
            }
            for (col, label, multiline) in [
                (authorsCol, "authors", false), (venueCol, "venue", false), (topicCol, "topic", false),
                (abstractCol, "abstract", true),
            ] {
                if let text = optional(col), !Validation.isValidText(text, multiline: multiline) {
                    errors.append(
                        table.error(
                            row, col, "the \(label) field contains control characters",
                            hint: "remove them; only plain text is shown"))
                    ok = false
                }
            }
            if ok {
                seenTitles[title.lowercased()] = row.line
                papers.append(
                    PaperInput(
                        id: id, title: title, authors: optional(authorsCol), venue: optional(venueCol), year: year,
                        url: url, arxiv: arxiv, topic: optional(topicCol), capacity: capacity,
                        abstract: optional(abstractCol), line: row.line))
            }
        }
        if !errors.isEmpty { throw .invalidInput(errors) }
        return papers
    }
}
