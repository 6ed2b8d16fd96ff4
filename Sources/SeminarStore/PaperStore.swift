import Foundation
import GRDB
import SeminarCore

public struct PaperRecord: StoredRecord, Sendable, Equatable, PersistableRecord {
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
    public var pages: Int?
    public var arxivPages: Int?
    public var addedAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, title, authors, venue, year, url, arxiv, topic, capacity, abstract, pages
        case arxivPages = "arxiv_pages"
        case addedAt = "added_at"
        case updatedAt = "updated_at"
    }

    public enum Columns {
        static let id = Column(CodingKeys.id)
    }

    public init(_ p: PaperInput, addedAt: Date, updatedAt: Date) {
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
        pages = p.pages
        arxivPages = p.arxivPages
        self.addedAt = addedAt
        self.updatedAt = updatedAt
    }

    /// Whether the input says what the record says (the times aside).
    public func sameContent(as p: PaperInput) -> Bool {
        title == p.title && authors == p.authors && venue == p.venue && year == p.year && url == p.url
            && arxiv == p.arxiv && topic == p.topic && capacity == p.capacity && abstract == p.abstract
            && pages == p.pages && arxivPages == p.arxivPages
    }

    /// The paper as the catalog's input type (line 0: it comes from the database).
    public var input: PaperInput {
        PaperInput(
            id: id, title: title, authors: authors, venue: venue, year: year, url: url, arxiv: arxiv, topic: topic,
            capacity: capacity, abstract: abstract, pages: pages, arxivPages: arxivPages)
    }

    /// "arXiv 1806.07572" as a link.
    public var arxivURL: String? { arxiv.map(PaperFields.arxivURL) }
}

/// The saved catalog as a change of it sees it: the papers, and who is pinned to each.
public struct SavedCatalog: Sendable {
    public var papers: [PaperRecord]
    /// Paper id → the students pinned to it, by id.
    public var pinned: [String: [String]]
}

/// What a change of the catalog writes.
public typealias PaperChanges = RecordChanges<PaperRecord>

extension AppDatabase {
    /// Reads the saved catalog, lets `decide` say what changes, and writes that, in one
    /// transaction. An error thrown by `decide` changes nothing.
    public func changeCatalog<T>(_ decide: (SavedCatalog) throws -> (PaperChanges, T)) throws(SeminarError) -> T {
        try write { db in
            var pinned: [String: [String]] = [:]
            let pins = try AssignmentRecord.filter(AssignmentRecord.Columns.pinned == true)
                .order(AssignmentRecord.Columns.studentId).fetchAll(db)
            for pin in pins { pinned[pin.paperId, default: []].append(pin.studentId) }
            let saved = SavedCatalog(papers: try PaperRecord.fetchAll(db), pinned: pinned)
            let (changes, result) = try decide(saved)
            // Two papers may swap titles in one change: park the changed titles first.
            for p in changes.updated {
                try PaperRecord.filter(key: p.id).updateAll(
                    db, Column(PaperRecord.CodingKeys.title).set(to: "\u{1}" + p.id))
            }
            for p in changes.updated { try p.update(db) }
            for p in changes.inserted { try p.insert(db) }
            return result
        }
    }

    /// The papers by id, or in catalog order (the order they were imported or added in).
    public func papers(inCatalogOrder: Bool = false) throws(SeminarError) -> [PaperRecord] {
        try read { db in
            inCatalogOrder
                ? try PaperRecord.order(Column.rowID).fetchAll(db)
                : try PaperRecord.order(PaperRecord.Columns.id).fetchAll(db)
        }
    }

    public func paper(_ id: String) throws(SeminarError) -> PaperRecord {
        try read { db in try Self.requirePaper(db, id) }
    }

    public static func requirePaper(_ db: Database, _ id: String) throws -> PaperRecord {
        guard let p = try PaperRecord.fetchOne(db, key: id) else {
            throw SeminarError.notFound(.paper, id: id)
        }
        return p
    }
}
