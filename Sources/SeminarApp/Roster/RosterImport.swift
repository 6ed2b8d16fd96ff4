import Foundation
import SeminarCore
import SeminarStore

/// `seminar student import`: the roster file's students merged into the saved roster by id,
/// in one transaction. Students the file does not list are kept (a roster export may be
/// partial); a de-registration is never reset. A row that clashes with the saved roster (an
/// address of another student, an id without its leading zero) fails the whole import, or,
/// with `skipInvalid`, is left out and listed.
public enum RosterImport {
    public static func run(
        _ students: [StudentInput], file: String, in db: AppDatabase, dryRun: Bool = false,
        skipInvalid: Bool = false, now: Date = Date()
    ) throws(SeminarError) -> ImportSummary {
        try db.changeRoster(dryRun: dryRun) { saved in
            try plan(students, saved: saved, file: file, skipInvalid: skipInvalid, now: now)
        }
    }

    /// What the import writes, and what it tells, decided from the saved roster.
    static func plan(
        _ incoming: [StudentInput], saved: [StudentRecord], file: String, skipInvalid: Bool, now: Date
    ) throws -> (StudentChanges, ImportSummary) {
        let existing = Dictionary(saved.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let refused = clashes(incoming, existing: existing, file: file)
        if !refused.errors.isEmpty && !skipInvalid { throw SeminarError.invalidInput(refused.errors) }
        let students = incoming.filter { !refused.ids.contains($0.id) }

        var summary = ImportSummary()
        summary.refused = refused.errors
        let listed = Set(students.map(\.id)).union(refused.ids)
        summary.notListed = saved.filter { $0.status == .enrolled && !listed.contains($0.id) }.map(\.id).sorted()
        var changes = StudentChanges()
        for s in students {
            guard var old = existing[s.id] else {
                changes.inserted.append(StudentRecord(s, at: now))
                summary.added.append(s.id)
                continue
            }
            let what = fieldChanges(from: old, to: s)
            if what.isEmpty {
                summary.unchanged.append(s.id)
                continue
            }
            summary.changes[s.id] = what
            old.name = s.name
            old.email = s.email
            old.program = s.program
            old.updatedAt = now
            changes.updated.append(old)
            summary.updated.append(s.id)
        }
        return (changes, summary)
    }

    /// Rows that would give one address to two students, or that are a saved student
    /// whose id lost (or gained) leading zeros.
    static func clashes(
        _ students: [StudentInput], existing: [String: StudentRecord], file: String
    ) -> (errors: [InputError], ids: Set<String>) {
        // The final roster must not give one address to two students.
        var owner: [String: String] = [:]
        for s in existing.values { owner[s.email.lowercased()] = s.id }
        for s in students { if let old = existing[s.id] { owner.removeValue(forKey: old.email.lowercased()) } }
        var byNumber: [String: String] = [:]
        for id in existing.keys { byNumber[Validation.numberKey(id)] = id }
        var errors: [InputError] = []
        var ids: Set<String> = []
        for s in students {
            if existing[s.id] == nil, let same = byNumber[Validation.numberKey(s.id)], same != s.id {
                errors.append(
                    InputError(
                        file: file, line: s.line,
                        message: "id \(Validation.leadingZeroMessage(s.id, existing: same)) (already on the roster)",
                        hint: Validation.leadingZeroHint))
                ids.insert(s.id)
            } else if let other = owner[s.email.lowercased()], other != s.id {
                errors.append(
                    InputError(
                        file: file, line: s.line,
                        message: "e-mail \(shown: s.email) already belongs to student \(other)",
                        hint: "fix the address, or update student \(other) first"))
                ids.insert(s.id)
            } else {
                owner[s.email.lowercased()] = s.id
            }
        }
        return (errors, ids)
    }

    static func fieldChanges(from old: StudentRecord, to s: StudentInput) -> [FieldChange] {
        var what: [FieldChange] = []
        if old.name != s.name { what.append(FieldChange(field: "name", old: old.name, new: s.name)) }
        if old.email != s.email { what.append(FieldChange(field: "e-mail", old: old.email, new: s.email)) }
        if old.program != s.program { what.append(FieldChange(field: "program", old: old.program, new: s.program)) }
        return what
    }
}
