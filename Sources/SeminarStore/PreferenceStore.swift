import Foundation
import GRDB
import SeminarCore

/// What a preference import did.
public struct FormImportSummary: Sendable, Equatable {
    public var added: [String] = []
    public var replaced: [String] = []
    public var unchanged: [String] = []
    /// Students whose form in the database is newer than the one in the file: kept.
    public var keptNewer: [String] = []
    /// Enrolled students without a form once the import is done (or would be, in a dry run).
    public var withoutForm = 0

    /// Students whose saved form had a time while the file has none: the file's form counts.
    public var replacedWithoutTime: [String] = []

    public var description: String {
        var s = "\(added.count) new, \(replaced.count) replaced, \(unchanged.count) unchanged"
        if !keptNewer.isEmpty { s += ", \(keptNewer.count) kept (the saved form is newer)" }
        return s
    }
}

/// One row of `prefs list`.
public struct PreferenceRow: Sendable, Equatable {
    public var studentID: String
    public var name: String
    public var rank: Int
    public var paperID: String
    public var title: String
    /// Empty when the file that brought the form gave no time.
    public var submittedAt: String
}

/// The seminar setting that lists e-mail domain aliases: `mytum.de=tum.de,in.tum.de=tum.de`.
enum FormSetting {
    static let domainAliases = "email_domain_aliases"
}

extension AppDatabase {
    /// Who is who and which paper is which, for reading forms.
    public func preferenceDirectory() throws(SeminarError) -> PreferenceDirectory {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, email, name FROM student")
            let students = rows.map { (id: $0[0] as String, email: $0[1] as String) }
            let names = Dictionary(rows.map { ($0[0] as String, $0[2] as String) }, uniquingKeysWith: { a, _ in a })
            let papers = try Row.fetchAll(db, sql: "SELECT id, title FROM paper").map {
                (id: $0[0] as String, title: $0[1] as String)
            }
            return PreferenceDirectory(
                students: students, papers: papers, names: names, domainAliases: try Self.domainAliases(db))
        }
    }

    /// Saves the forms in one transaction. A form replaces the student's list unless the
    /// saved one is newer; the same list again changes nothing (so re-importing a file is a no-op).
    /// A form without a time (the file had none) is never given the import's time: it is
    /// stored without one, and it replaces a saved form (the coordinator imported it now).
    public func importForms(_ forms: [FormSubmission], source: String, dryRun: Bool = false) throws(SeminarError)
        -> FormImportSummary
    {
        try write(dryRun: dryRun) { db in
            var saved: [String: (at: String?, papers: [String])] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT student_id, submitted_at FROM preference_form") {
                saved[row[0]] = (row[1], [])
            }
            for row in try Row.fetchAll(
                db, sql: "SELECT student_id, paper_id FROM preference ORDER BY student_id, rank")
            {
                let id: String = row[0]
                saved[id, default: (nil, [])].papers.append(row[1])
            }
            var summary = FormImportSummary()
            let deletePrefs = try db.makeStatement(sql: "DELETE FROM preference WHERE student_id = ?")
            let insertPref = try db.makeStatement(
                sql: "INSERT INTO preference(student_id, paper_id, rank) VALUES (?, ?, ?)")
            let upsertForm = try db.makeStatement(
                sql: """
                    INSERT INTO preference_form(student_id, submitted_at, source) VALUES (?, ?, ?)
                    ON CONFLICT(student_id) DO UPDATE SET submitted_at = excluded.submitted_at, source = excluded.source
                    """)
            for form in forms {
                let stamp = form.submittedAt.map(SeminarTime.storageString)
                if let old = saved[form.studentID] {
                    if old.papers == form.papers {
                        summary.unchanged.append(form.studentID)
                        continue
                    }
                    let oldDate = old.at.flatMap(SeminarTime.fromStorage)
                    if let oldDate, let newDate = form.submittedAt, oldDate > newDate {
                        summary.keptNewer.append(form.studentID)
                        continue
                    }
                    if oldDate != nil && form.submittedAt == nil { summary.replacedWithoutTime.append(form.studentID) }
                    summary.replaced.append(form.studentID)
                } else {
                    summary.added.append(form.studentID)
                }
                try deletePrefs.execute(arguments: [form.studentID])
                for (i, paper) in form.papers.enumerated() {
                    try insertPref.execute(arguments: [form.studentID, paper, i + 1])
                }
                try upsertForm.execute(arguments: [form.studentID, stamp, source])
            }
            summary.withoutForm =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM student s WHERE s.status = 'enrolled'
                        AND NOT EXISTS (SELECT 1 FROM preference r WHERE r.student_id = s.id)
                        """) ?? 0
            return summary
        }
    }

    /// Sets one student's ranked list by hand (papers by id or exact title). Returns the ids.
    public func setPreferences(student: String, papers: [String], now: Date = Date()) throws(SeminarError) -> [String] {
        let directory = try preferenceDirectory()
        var ids: [String] = []
        for p in papers {
            guard let id = directory.paper(p.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping)
            else {
                throw SeminarError.invalidValue("no paper with the id or title \"\(p)\" (see `seminar paper list`)")
            }
            if ids.contains(id) {
                throw SeminarError.invalidValue("paper \(id) is named twice; each paper may appear once")
            }
            ids.append(id)
        }
        guard !ids.isEmpty else { throw SeminarError.usage("name at least one paper") }
        try write { db in
            _ = try Self.requireStudent(db, student)
            try db.execute(sql: "DELETE FROM preference WHERE student_id = ?", arguments: [student])
            for (i, id) in ids.enumerated() {
                try db.execute(
                    sql: "INSERT INTO preference(student_id, paper_id, rank) VALUES (?, ?, ?)",
                    arguments: [student, id, i + 1])
            }
            try db.execute(
                sql: """
                    INSERT INTO preference_form(student_id, submitted_at, source) VALUES (?, ?, 'prefs set')
                    ON CONFLICT(student_id) DO UPDATE SET submitted_at = excluded.submitted_at, source = excluded.source
                    """, arguments: [student, SeminarTime.storageString(now)])
        }
        return ids
    }

    /// E-mail domains that forms may use for a roster domain (`mytum.de` for `tum.de`).
    public func domainAliases() throws(SeminarError) -> [String: String] {
        try read { db in try Self.domainAliases(db) }
    }

    /// Adds (or, with `canonical` nil, removes) an e-mail domain alias. Returns all aliases.
    public func setDomainAlias(_ alias: String, canonical: String?) throws(SeminarError) -> [String: String] {
        try write { db in
            var aliases = try Self.domainAliases(db)
            let key = alias.lowercased()
            if let canonical {
                aliases[key] = canonical.lowercased()
            } else if aliases.removeValue(forKey: key) == nil {
                throw SeminarError.invalidValue(
                    "\(alias) is not an e-mail domain alias (see `seminar student domain-alias`)")
            }
            let value = aliases.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            try Self.putSetting(db, FormSetting.domainAliases, aliases.isEmpty ? nil : value)
            return aliases
        }
    }

    /// The aliases as the setting stores them: `mytum.de=tum.de,in.tum.de=tum.de`.
    static func domainAliases(_ db: Database) throws -> [String: String] {
        var aliases: [String: String] = [:]
        for pair in (try setting(db, FormSetting.domainAliases) ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=")
            if parts.count == 2 { aliases[String(parts[0])] = String(parts[1]) }
        }
        return aliases
    }

    public func preferenceRows() throws(SeminarError) -> [PreferenceRow] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.student_id, s.name, r.rank, r.paper_id, p.title, COALESCE(f.submitted_at, '') AS submitted_at
                    FROM preference r JOIN student s ON s.id = r.student_id JOIN paper p ON p.id = r.paper_id
                    LEFT JOIN preference_form f ON f.student_id = r.student_id
                    ORDER BY r.student_id, r.rank
                    """
            ).map {
                PreferenceRow(
                    studentID: $0[0], name: $0[1], rank: $0[2], paperID: $0[3], title: $0[4], submittedAt: $0[5])
            }
        }
    }

    /// Enrolled students who have not handed in a form.
    public func studentsWithoutForm() throws(SeminarError) -> [StudentRecord] {
        try read { db in
            try StudentRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM student s WHERE s.status = 'enrolled'
                    AND NOT EXISTS (SELECT 1 FROM preference r WHERE r.student_id = s.id) ORDER BY s.id
                    """)
        }
    }
}
