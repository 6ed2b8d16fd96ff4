import GRDB

extension Schema {
    /// `v3-forms`: a form's submission time may be unknown. A file without a time column
    /// (the long format, a form export without timestamps) used to store the import's own
    /// time, which later made an older export look newer than a student's real latest form.
    static func forms(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE preference_form_v3 (
                    student_id TEXT PRIMARY KEY NOT NULL REFERENCES student(id) ON DELETE CASCADE,
                    -- NULL: the file gave no time (its row order decided between two submissions).
                    submitted_at TEXT,
                    source TEXT NOT NULL
                );
                INSERT INTO preference_form_v3(student_id, submitted_at, source)
                    SELECT student_id, submitted_at, source FROM preference_form;
                DROP TABLE preference_form;
                ALTER TABLE preference_form_v3 RENAME TO preference_form;
                """)
    }
}
