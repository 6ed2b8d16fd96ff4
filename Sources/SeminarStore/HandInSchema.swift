import GRDB

extension Schema {
    /// `v5-hand-ins`: the files students hand in are kept in the seminar file, and a student
    /// can be given more time than the deadline.
    static func handIns(_ db: Database) throws {
        try db.execute(
            sql: """
                -- A handed-in file's bytes, once per distinct content (two submissions of the same
                -- bytes share one). Kept in chunks of at most 1 MiB, so that a large file is
                -- streamed in and out and never held in memory whole. A file no submission
                -- names any more is deleted with its last submission.
                -- No AUTOINCREMENT: a copy stored and deleted again (the same bytes were kept
                -- already) leaves the file exactly as it was.
                CREATE TABLE stored_file (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
                    size INTEGER NOT NULL CHECK (size >= 0),
                    created_at TEXT NOT NULL
                );
                CREATE TABLE stored_file_chunk (
                    file_id INTEGER NOT NULL REFERENCES stored_file(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL CHECK (seq >= 0),
                    data BLOB NOT NULL,
                    PRIMARY KEY (file_id, seq)
                );
                CREATE INDEX submission_sha256 ON submission(sha256);

                -- Where a submission came from, when an import recorded it: the Moodle
                -- participant number, so that a re-import recognises what it recorded before.
                ALTER TABLE submission ADD COLUMN source TEXT;

                -- A student's own due date for a kind of hand-in (a medical certificate): late
                -- flags, the missing list, status and reminders follow it instead of the deadline.
                CREATE TABLE extension (
                    student_id TEXT NOT NULL REFERENCES student(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('report', 'slides')),
                    due_at TEXT NOT NULL,
                    reason TEXT,
                    granted_at TEXT NOT NULL,
                    PRIMARY KEY (student_id, kind)
                );
                """)
    }
}
