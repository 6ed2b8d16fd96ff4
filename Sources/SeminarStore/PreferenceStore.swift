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
    public var submittedAt: String
}

extension AppDatabase {
    /// Who is who and which paper is which, for reading forms.
    public func preferenceDirectory() throws(SeminarError) -> PreferenceDirectory {
        try read { db in
            let students = try Row.fetchAll(db, sql: "SELECT id, email FROM student").map { (id: $0[0] as String, email: $0[1] as String) }
            let papers = try Row.fetchAll(db, sql: "SELECT id, title FROM paper").map { (id: $0[0] as String, title: $0[1] as String) }
            return PreferenceDirectory(students: students, papers: papers)
        }
    }

    /// Saves the forms in one transaction. A form replaces the student's list unless the
    /// saved one is newer; the same list again changes nothing (so re-importing a file is a no-op).
    public func importForms(_ forms: [FormSubmission], source: String, dryRun: Bool = false, now: Date = Date()) throws(SeminarError) -> FormImportSummary {
        let nowStamp = SeminarTime.storageString(now)
        return try write(dryRun: dryRun) { db in
            var saved: [String: (at: String, papers: [String])] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT student_id, submitted_at FROM preference_form") {
                saved[row[0]] = (row[1], [])
            }
            for row in try Row.fetchAll(db, sql: "SELECT student_id, paper_id FROM preference ORDER BY student_id, rank") {
                let id: String = row[0]
                saved[id, default: ("", [])].papers.append(row[1])
            }
            var summary = FormImportSummary()
            let deletePrefs = try db.makeStatement(sql: "DELETE FROM preference WHERE student_id = ?")
            let insertPref = try db.makeStatement(sql: "INSERT INTO preference(student_id, paper_id, rank) VALUES (?, ?, ?)")
            let upsertForm = try db.makeStatement(sql: """
                INSERT INTO preference_form(student_id, submitted_at, source) VALUES (?, ?, ?)
                ON CONFLICT(student_id) DO UPDATE SET submitted_at = excluded.submitted_at, source = excluded.source
                """)
            for form in forms {
                let stamp = form.submittedAt.map(SeminarTime.storageString) ?? nowStamp
                if let old = saved[form.studentID] {
                    if old.papers == form.papers { summary.unchanged.append(form.studentID); continue }
                    if let oldDate = SeminarTime.fromStorage(old.at), let newDate = SeminarTime.fromStorage(stamp), oldDate > newDate {
                        summary.keptNewer.append(form.studentID); continue
                    }
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
            summary.withoutForm = try Int.fetchOne(db, sql: """
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
            guard let id = directory.paper(p.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping) else {
                throw SeminarError.invalidValue("no paper with the id or title \"\(p)\" (see `seminar paper list`)")
            }
            if ids.contains(id) { throw SeminarError.invalidValue("paper \(id) is named twice; each paper may appear once") }
            ids.append(id)
        }
        guard !ids.isEmpty else { throw SeminarError.usage("name at least one paper") }
        try write { db in
            _ = try Self.requireStudent(db, student)
            try db.execute(sql: "DELETE FROM preference WHERE student_id = ?", arguments: [student])
            for (i, id) in ids.enumerated() {
                try db.execute(sql: "INSERT INTO preference(student_id, paper_id, rank) VALUES (?, ?, ?)", arguments: [student, id, i + 1])
            }
            try db.execute(sql: """
                INSERT INTO preference_form(student_id, submitted_at, source) VALUES (?, ?, 'prefs set')
                ON CONFLICT(student_id) DO UPDATE SET submitted_at = excluded.submitted_at, source = excluded.source
                """, arguments: [student, SeminarTime.storageString(now)])
        }
        return ids
    }

    public func preferenceRows() throws(SeminarError) -> [PreferenceRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.student_id, s.name, r.rank, r.paper_id, p.title, COALESCE(f.submitted_at, '') AS submitted_at
                FROM preference r JOIN student s ON s.id = r.student_id JOIN paper p ON p.id = r.paper_id
                LEFT JOIN preference_form f ON f.student_id = r.student_id
                ORDER BY r.student_id, r.rank
                """).map {
                PreferenceRow(studentID: $0[0], name: $0[1], rank: $0[2], paperID: $0[3], title: $0[4], submittedAt: $0[5])
            }
        }
    }

    /// Enrolled students who have not handed in a form.
    public func studentsWithoutForm() throws(SeminarError) -> [StudentRecord] {
        try read { db in
            try StudentRecord.fetchAll(db, sql: """
                SELECT * FROM student s WHERE s.status = 'enrolled'
                AND NOT EXISTS (SELECT 1 FROM preference r WHERE r.student_id = s.id) ORDER BY s.id
                """)
        }
    }
}
