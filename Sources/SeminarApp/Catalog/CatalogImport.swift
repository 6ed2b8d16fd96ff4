import Foundation
import SeminarCore
import SeminarStore

/// `seminar paper import`: the catalog file's papers merged into the saved catalog by id, in
/// one transaction. Titles stay distinct (forms name papers by title), and a capacity never
/// drops below the students pinned to the paper.
public enum CatalogImport {
    public static func run(_ papers: [PaperInput], file: String, in db: AppDatabase, now: Date = Date())
        throws(SeminarError) -> ImportSummary
    {
        try db.changeCatalog { saved in try plan(papers, saved: saved, file: file, now: now) }
    }

    static func plan(_ papers: [PaperInput], saved: SavedCatalog, file: String, now: Date) throws -> (
        PaperChanges, ImportSummary
    ) {
        let existing = Dictionary(saved.papers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let errors =
            titleClashes(papers, existing: existing, file: file)
            + capacityClashes(papers, existing: existing, pinned: saved.pinned, file: file)
        if !errors.isEmpty { throw SeminarError.invalidInput(errors) }
        var summary = ImportSummary()
        var changes = PaperChanges()
        for p in papers {
            if let old = existing[p.id] {
                if old.sameContent(as: p) {
                    summary.unchanged.append(p.id)
                } else {
                    changes.updated.append(PaperRecord(p, addedAt: old.addedAt, updatedAt: now))
                    summary.updated.append(p.id)
                }
            } else {
                changes.inserted.append(PaperRecord(p, addedAt: now, updatedAt: now))
                summary.added.append(p.id)
            }
        }
        return (changes, summary)
    }

    /// Rows whose title another paper has (or will have), any case.
    static func titleClashes(_ papers: [PaperInput], existing: [String: PaperRecord], file: String) -> [InputError] {
        var titleOwner: [String: String] = [:]
        for p in existing.values { titleOwner[p.title.lowercased()] = p.id }
        for p in papers { if let old = existing[p.id] { titleOwner.removeValue(forKey: old.title.lowercased()) } }
        var errors: [InputError] = []
        for p in papers {
            if let other = titleOwner[p.title.lowercased()], other != p.id {
                errors.append(
                    InputError(
                        file: file, line: p.line, message: "paper \(other) already has the title \"\(shown: p.title)\"",
                        hint: "titles must be distinct: preference forms name papers by title"))
            }
            titleOwner[p.title.lowercased()] = p.id
        }
        return errors
    }

    /// A capacity below the students pinned to the paper would overfill it: `assign` keeps
    /// pins. The same rule as `assignment set` on a full paper.
    static func capacityClashes(
        _ papers: [PaperInput], existing: [String: PaperRecord], pinned: [String: [String]], file: String
    ) -> [InputError] {
        papers.compactMap { p in
            let students = pinned[p.id] ?? []
            guard existing[p.id] != nil, students.count > p.capacity else { return nil }
            return InputError(
                file: file, line: p.line,
                message:
                    "capacity \(p.capacity) of \(p.id) is too small: \(students.count) students are pinned to it "
                    + "(\(students.joined(separator: ", ")))",
                hint: "keep the capacity at \(students.count) or more, or unpin first: seminar assignment unset STUDENT"
            )
        }
    }
}
