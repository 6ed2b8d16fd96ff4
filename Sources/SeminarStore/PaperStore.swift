import Foundation
import GRDB
import SeminarCore

public struct PaperRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "paper"
    public var id: String
    public var title: String
    public var authors: String?
    public var venue: String?
    public var year: Int?
    public var url: String?
    public var arxiv: String?
    public var topic: String?
    public var capacity: Int
    public var abstract: String?
    public var addedAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, title, authors, venue, year, url, arxiv, topic, capacity, abstract
        case addedAt = "added_at"
        case updatedAt = "updated_at"
    }

    init(_ p: PaperInput, addedAt: String, updatedAt: String) {
        id = p.id
        title = p.title
        authors = p.authors
        venue = p.venue
        year = p.year
        url = p.url
        arxiv = p.arxiv
        topic = p.topic
        capacity = p.capacity
        abstract = p.abstract
        self.addedAt = addedAt
        self.updatedAt = updatedAt
    }

    func sameContent(as p: PaperInput) -> Bool {
        title == p.title && authors == p.authors && venue == p.venue && year == p.year && url == p.url
            && arxiv == p.arxiv && topic == p.topic && capacity == p.capacity && abstract == p.abstract
    }

    /// "arXiv 1806.07572" as a link.
    public var arxivURL: String? { arxiv.map { "https://arxiv.org/abs/\($0)" } }
}

extension AppDatabase {
    /// Upserts the catalog by id in one transaction.
    public func importPapers(_ papers: [PaperInput], file: String, now: Date = Date()) throws(SeminarError)
        -> ImportSummary
    {
        let stamp = SeminarTime.storageString(now)
        return try write { db in
            var existing: [String: PaperRecord] = [:]
            for p in try PaperRecord.fetchAll(db) { existing[p.id] = p }
            var titleOwner: [String: String] = [:]
            for p in existing.values { titleOwner[p.title.lowercased()] = p.id }
            for p in papers { if let old = existing[p.id] { titleOwner.removeValue(forKey: old.title.lowercased()) } }
            var errors: [InputError] = []
            for p in papers {
                if let other = titleOwner[p.title.lowercased()], other != p.id {
                    errors.append(
                        InputError(
                            file: file, line: p.line, message: "paper \(other) already has the title \"\(p.title)\"",
                            hint: "titles must be distinct: preference forms name papers by title"))
                }
                titleOwner[p.title.lowercased()] = p.id
            }
            // A capacity below the students pinned to the paper would overfill it: `assign`
            // keeps pins. The same rule as `assignment set` on a full paper.
            var pinnedTo: [String: [String]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT paper_id, student_id FROM assignment WHERE pinned = 1 ORDER BY student_id")
            {
                pinnedTo[row[0], default: []].append(row[1])
            }
            for p in papers where existing[p.id] != nil {
                let pinned = pinnedTo[p.id] ?? []
                if pinned.count > p.capacity {
                    errors.append(
                        InputError(
                            file: file, line: p.line,
                            message:
                                "capacity \(p.capacity) of \(p.id) is too small: \(pinned.count) students are pinned to it (\(pinned.joined(separator: ", ")))",
                            hint:
                                "keep the capacity at \(pinned.count) or more, or unpin first: seminar assignment unset STUDENT"
                        ))
                }
            }
            if !errors.isEmpty { throw SeminarError.invalidInput(errors) }
            var summary = ImportSummary()
            var changed: [PaperRecord] = []
            for p in papers {
                if let old = existing[p.id] {
                    if old.sameContent(as: p) {
                        summary.unchanged.append(p.id)
                        continue
                    }
                    changed.append(PaperRecord(p, addedAt: old.addedAt, updatedAt: stamp))
                    summary.updated.append(p.id)
                } else {
                    changed.append(PaperRecord(p, addedAt: stamp, updatedAt: stamp))
                    summary.added.append(p.id)
                }
            }
            for p in changed where existing[p.id] != nil {
                try db.execute(sql: "UPDATE paper SET title = ? WHERE id = ?", arguments: ["\u{1}" + p.id, p.id])
            }
            for p in changed {
                if existing[p.id] == nil { try p.insert(db) } else { try p.update(db) }
            }
            return summary
        }
    }

    public func addPaper(_ p: PaperInput, now: Date = Date()) throws(SeminarError) {
        let stamp = SeminarTime.storageString(now)
        try write { db in
            if try PaperRecord.fetchOne(db, key: p.id) != nil {
                throw SeminarError.conflict(
                    "paper \(p.id) is already in the catalog (see `seminar paper show \(p.id)`)")
            }
            if let other = try PaperRecord.filter(sql: "title = ? COLLATE NOCASE", arguments: [p.title]).fetchOne(db) {
                throw SeminarError.conflict("paper \(other.id) already has the title \"\(p.title)\"")
            }
            try PaperRecord(p, addedAt: stamp, updatedAt: stamp).insert(db)
        }
    }

    public func papers() throws(SeminarError) -> [PaperRecord] {
        try read { try PaperRecord.order(Column("id")).fetchAll($0) }
    }

    public func paper(_ id: String) throws(SeminarError) -> PaperRecord {
        try read { db in try Self.requirePaper(db, id) }
    }

    public static func requirePaper(_ db: Database, _ id: String) throws -> PaperRecord {
        guard let p = try PaperRecord.fetchOne(db, key: id) else {
            throw SeminarError.invalidValue("no paper with id \(id) (see `seminar paper list`)")
        }
        return p
    }
}
