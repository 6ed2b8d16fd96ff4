import Foundation
import SeminarCore
import SeminarStore

/// `seminar prefs set`: one student's ranked list by hand.
public enum PreferenceEdit {
    /// Sets the list (papers by id or exact title, most wanted first) and returns the ids.
    public static func set(student: String, papers: [String], in db: AppDatabase, now: Date = Date())
        throws(SeminarError) -> [String]
    {
        guard !papers.isEmpty else { throw SeminarError.usage("name at least one paper") }
        let directory = try db.preferenceDirectory()
        var ids: [String] = []
        for p in papers {
            guard let id = directory.paper(p.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping)
            else {
                throw SeminarError.invalidValue(
                    "no paper with the id or title \"\(shown: p)\" (see `seminar paper list`)")
            }
            if ids.contains(id) {
                throw SeminarError.invalidValue("paper \(id) is named twice; each paper may appear once")
            }
            ids.append(id)
        }
        try db.saveForm(FormWrite(studentID: student, papers: ids, submittedAt: now, source: "prefs set"))
        return ids
    }
}
