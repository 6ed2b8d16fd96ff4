import GRDB

extension Schema {
    /// Submissions, the reminder outbox and the coordinator's template overrides.
    /// Reminder settings live in `setting` under `remind.*` keys.
    static func reminders(_ db: Database) throws {
        try db.execute(
            sql: """
                -- A hand-in. Several per student and kind are kept (a new version replaces nothing);
                -- the latest counts. Whether it was late is computed against the current deadline.
                CREATE TABLE submission (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    student_id TEXT NOT NULL REFERENCES student(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('report', 'slides')),
                    submitted_at TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    file_name TEXT,
                    file_size INTEGER CHECK (file_size IS NULL OR file_size >= 0),
                    sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
                    pdf_version TEXT,
                    CHECK ((file_name IS NULL) = (sha256 IS NULL))
                );
                CREATE INDEX submission_student ON submission(student_id, kind);

                -- Every mail `remind` decided to send, keyed so that each (student, deadline,
                -- window) exists once. A run claims rows (state 'claimed' with a lease) in a write
                -- transaction, sends, then marks them 'sent'; a failed send becomes 'failed' and is
                -- claimed again by the next run; a claim whose run died is taken over when its
                -- lease has expired or its process is gone.
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    dedupe_key TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('reminder', 'digest')),
                    student_id TEXT REFERENCES student(id) ON DELETE CASCADE,
                    deadline_id INTEGER REFERENCES deadline(id) ON DELETE CASCADE,
                    reminder_window TEXT,
                    recipient TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    -- Digests keep their text until sent, so that a retry sends the same summary.
                    subject TEXT,
                    body TEXT,
                    state TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'cancelled')),
                    claimed_by TEXT,
                    lease_until TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    last_error TEXT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    sent_at TEXT,
                    CHECK ((state = 'claimed') = (claimed_by IS NOT NULL AND lease_until IS NOT NULL)),
                    CHECK ((state = 'sent') = (sent_at IS NOT NULL)),
                    CHECK (kind = 'digest' OR (student_id IS NOT NULL AND deadline_id IS NOT NULL AND reminder_window IS NOT NULL))
                );
                CREATE INDEX outbox_state ON outbox(state);
                CREATE INDEX outbox_student ON outbox(student_id);

                -- The coordinator's own reminder text for a deadline kind (else the built-in one).
                CREATE TABLE mail_template (
                    kind TEXT PRIMARY KEY NOT NULL
                        CHECK (kind IN ('preferences', 'deregistration', 'report', 'slides', 'presentation', 'other')),
                    source TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                """)
    }
}
