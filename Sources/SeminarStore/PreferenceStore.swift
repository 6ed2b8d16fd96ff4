import Foundation
import GRDB
import SeminarCore

/// When and how a student's form arrived (the latest submission counts).
public struct PreferenceFormRecord: StoredRecord, Sendable, Equatable, PersistableRecord {
    public static let databaseTableName = "preference_form"
    public var studentID: String
    /// Nil when the file that brought the form gave no time.
    public var submittedAt: Date?
    public var source: String

    enum CodingKeys: String, CodingKey {
        case studentID = "student_id"
        case submittedAt = "submitted_at"
        case source
    }
}

/// One place on a student's ranked list: rank 1 is the most wanted paper.
struct PreferenceRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "preference"
    var studentID: String
    var paperID: String
    var rank: Int

    enum CodingKeys: String, CodingKey {
        case studentID = "student_id"
        case paperID = "paper_id"
        case rank
    }

    enum Columns {
        static let studentID = Column(CodingKeys.studentID)
        static let paperID = Column(CodingKeys.paperID)
        static let rank = Column(CodingKeys.rank)
    }
}

/// A student's saved form, as a form import compares against it.
public struct SavedForm: Sendable, Equatable {
    public var submittedAt: Date?
    /// Paper ids, most wanted first.
    public var papers: [String]
}

/// A form to save: it replaces the student's list and the form's time and source.
public struct FormWrite: Sendable, Equatable {
    public var studentID: String
    public var papers: [String]
    public var submittedAt: Date?
    public var source: String

    public init(studentID: String, papers: [String], submittedAt: Date?, source: String) {
        self.studentID = studentID
        self.papers = papers
        self.submittedAt = submittedAt
        self.source = source
    }
}

/// One row of `prefs list`: a student's choice at one rank.
public struct PreferenceRow: StoredRecord, Sendable, Equatable {
    public var studentID: String
    public var name: String
    public var rank: Int
    public var paperID: String
    public var title: String
    /// Nil when the file that brought the form gave no time.
    public var submittedAt: Date?

    enum CodingKeys: String, CodingKey {
        case studentID = "student_id"
        case name, rank
        case paperID = "paper_id"
        case title
        case submittedAt = "submitted_at"
    }
}

/// The seminar setting that lists e-mail domain aliases: `mytum.de=tum.de,in.tum.de=tum.de`.
enum FormSetting {
    static let domainAliases = "email_domain_aliases"
}

extension AppDatabase {
    /// Who is who and which paper is which, for reading forms.
    public func preferenceDirectory() throws(SeminarError) -> PreferenceDirectory {
        struct Person: Decodable, FetchableRecord {
            var id: String
            var email: String
            var name: String
        }
        struct Paper: Decodable, FetchableRecord {
            var id: String
            var title: String
        }
        return try read { db in
            let people = try Person.fetchAll(db, StudentRecord.select(Column("id"), Column("email"), Column("name")))
            let papers = try Paper.fetchAll(db, PaperRecord.select(Column("id"), Column("title")))
            return PreferenceDirectory(
                students: people.map { (id: $0.id, email: $0.email) },
                papers: papers.map { (id: $0.id, title: $0.title) },
                names: Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
                domainAliases: try Self.domainAliases(db))
        }
    }

    /// Reads the saved forms, lets `decide` say which forms to write, and writes them, in one
    /// transaction; then counts the enrolled students still without a form. With `dryRun`
    /// the transaction is rolled back (the count is what the import would leave).
    public func changeForms<T>(
        dryRun: Bool = false, _ decide: ([String: SavedForm]) throws -> ([FormWrite], T)
    ) throws(SeminarError) -> (result: T, withoutForm: Int) {
        try write(dryRun: dryRun) { db in
            let (writes, result) = try decide(try Self.savedForms(db))
            try Self.save(writes, db)
            return (result, try Self.studentsWithoutFormRequest.fetchCount(db))
        }
    }

    static func savedForms(_ db: Database) throws -> [String: SavedForm] {
        var saved: [String: SavedForm] = [:]
        for form in try PreferenceFormRecord.fetchAll(db) {
            saved[form.studentID] = SavedForm(submittedAt: form.submittedAt, papers: [])
        }
        let choices = try PreferenceRecord.order(PreferenceRecord.Columns.studentID, PreferenceRecord.Columns.rank)
            .fetchCursor(db)
        while let choice = try choices.next() {
            saved[choice.studentID, default: SavedForm(submittedAt: nil, papers: [])].papers.append(choice.paperID)
        }
        return saved
    }

    /// Writes each form: its list replaces the student's, its time and source the form's.
    /// Three prepared statements, reused for every form: a 10,000-form import stays fast.
    static func save(_ forms: [FormWrite], _ db: Database) throws {
        let deleteChoices = try db.makeStatement(sql: "DELETE FROM preference WHERE student_id = ?")
        let insertChoice = try db.makeStatement(
            sql: "INSERT INTO preference(student_id, paper_id, rank) VALUES (?, ?, ?)")
        let upsertForm = try db.makeStatement(
            sql: """
                INSERT INTO preference_form(student_id, submitted_at, source) VALUES (?, ?, ?)
                ON CONFLICT(student_id) DO UPDATE SET submitted_at = excluded.submitted_at, source = excluded.source
                """)
        for form in forms {
            try deleteChoices.execute(arguments: [form.studentID])
            for (i, paper) in form.papers.enumerated() {
                try insertChoice.execute(arguments: [form.studentID, paper, i + 1])
            }
            try upsertForm.execute(arguments: [form.studentID, form.submittedAt.map(StoredDate.init), form.source])
        }
    }

    /// Replaces one student's form, refusing an unknown student.
    public func saveForm(_ form: FormWrite) throws(SeminarError) {
        try write { db in
            _ = try Self.requireStudent(db, form.studentID)
            try Self.save([form], db)
        }
    }

    /// E-mail domains that forms may use for a roster domain (`mytum.de` for `tum.de`).
    public func domainAliases() throws(SeminarError) -> [String: String] {
        try read { db in try Self.domainAliases(db) }
    }

    /// Adds (or, with `canonical` nil, removes) an e-mail domain alias. Returns all aliases,
    /// or nil, changing nothing, when there is no such alias to remove.
    public func setDomainAlias(_ alias: String, canonical: String?) throws(SeminarError) -> [String: String]? {
        try write { db in
            var aliases = try Self.domainAliases(db)
            let key = alias.lowercased()
            if let canonical {
                aliases[key] = canonical.lowercased()
            } else if aliases.removeValue(forKey: key) == nil {
                return nil
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

    /// Every choice, by student and rank.
    public func preferenceRows() throws(SeminarError) -> [PreferenceRow] {
        try read { db in
            try SQLRequest<PreferenceRow>(
                """
                SELECT r.student_id, s.name, r.rank, r.paper_id, p.title, f.submitted_at
                FROM preference r JOIN student s ON s.id = r.student_id JOIN paper p ON p.id = r.paper_id
                LEFT JOIN preference_form f ON f.student_id = r.student_id
                ORDER BY r.student_id, r.rank
                """
            ).fetchAll(db)
        }
    }

    static var studentsWithoutFormRequest: SQLRequest<StudentRecord> {
        """
        SELECT * FROM student s WHERE s.status = \(StudentStatus.enrolled)
        AND NOT EXISTS (SELECT 1 FROM preference r WHERE r.student_id = s.id) ORDER BY s.id
        """
    }

    /// Enrolled students who have not handed in a form.
    public func studentsWithoutForm() throws(SeminarError) -> [StudentRecord] {
        try read { db in try Self.studentsWithoutFormRequest.fetchAll(db) }
    }
}
