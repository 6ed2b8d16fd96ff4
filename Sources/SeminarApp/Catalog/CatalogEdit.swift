import Foundation
import SeminarCore
import SeminarStore

/// The catalog changed by hand: `paper add`.
public enum CatalogEdit {
    /// Adds one paper, refusing an id or a title (any case) that is taken.
    public static func add(_ p: PaperInput, in db: AppDatabase, now: Date = Date()) throws(SeminarError) {
        try db.changeCatalog { saved in
            if saved.papers.contains(where: { $0.id == p.id }) {
                throw SeminarError.conflict(
                    "paper \(p.id) is already in the catalog (see `seminar paper show \(p.id)`)")
            }
            let title = p.title.lowercased()
            if let other = saved.papers.first(where: { $0.title.lowercased() == title }) {
                throw SeminarError.conflict("paper \(other.id) already has the title \"\(shown: p.title)\"")
            }
            return (PaperChanges(inserted: [PaperRecord(p, addedAt: now, updatedAt: now)]), ())
        }
    }
}
