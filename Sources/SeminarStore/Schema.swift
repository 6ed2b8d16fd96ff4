import GRDB

/// Every schema change of the seminar file, in order. A migration is never edited once
/// it has shipped: a later change is a new migration appended at the end, so that a
/// database written by any earlier version opens and is brought up to date.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation", migrate: foundation)
        migrator.registerMigration("v2-grading", migrate: grading)
        migrator.registerMigration("v2-schedule", migrate: schedule)
        migrator.registerMigration("v2-reminders", migrate: reminders)
        migrator.registerMigration("v2-assignment", migrate: assignment)
        migrator.registerMigration("v3-forms", migrate: forms)
        migrator.registerMigration("v4-attendance-days", migrate: attendanceDays)
        migrator.registerMigration("v5-hand-ins", migrate: handIns)
        migrator.registerMigration("v6-attendance-excuses", migrate: attendanceExcuses)
        migrator.registerMigration("v7-paper-pages", migrate: paperPages)
        return migrator
    }

    /// Seminar, roster, catalog, preference forms, assignments and deadlines: the tables
    /// every area of the tool reads.
    static func foundation(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE seminar (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    title TEXT NOT NULL,
                    term TEXT NOT NULL,
                    timezone TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                -- Seminar-wide settings (grading weights, reminder windows...), as text.
                CREATE TABLE setting (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE student (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    email TEXT NOT NULL,
                    program TEXT,
                    status TEXT NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'dropped')),
                    dropped_at TEXT,
                    added_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    CHECK ((status = 'dropped') = (dropped_at IS NOT NULL))
                );
                CREATE UNIQUE INDEX student_email ON student(email COLLATE NOCASE);
                CREATE TABLE paper (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL,
                    authors TEXT,
                    venue TEXT,
                    year INTEGER,
                    url TEXT,
                    arxiv TEXT,
                    topic TEXT,
                    capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity >= 0),
                    abstract TEXT,
                    added_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE UNIQUE INDEX paper_title ON paper(title COLLATE NOCASE);
                -- A student's ranked list: rank 1 is the most wanted paper.
                CREATE TABLE preference (
                    student_id TEXT NOT NULL REFERENCES student(id) ON DELETE CASCADE,
                    paper_id TEXT NOT NULL REFERENCES paper(id) ON DELETE CASCADE,
                    rank INTEGER NOT NULL CHECK (rank >= 1),
                    PRIMARY KEY (student_id, rank),
                    UNIQUE (student_id, paper_id)
                );
                CREATE INDEX preference_paper ON preference(paper_id);
                -- When and how a student's form arrived (the latest submission counts).
                CREATE TABLE preference_form (
                    student_id TEXT PRIMARY KEY NOT NULL REFERENCES student(id) ON DELETE CASCADE,
                    submitted_at TEXT NOT NULL,
                    source TEXT NOT NULL
                );
                -- The current matching: one paper per student. Pinned pairs survive `assign`.
                CREATE TABLE assignment (
                    student_id TEXT PRIMARY KEY NOT NULL REFERENCES student(id) ON DELETE CASCADE,
                    paper_id TEXT NOT NULL REFERENCES paper(id) ON DELETE RESTRICT,
                    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
                    run_id INTEGER,
                    assigned_at TEXT NOT NULL
                );
                CREATE INDEX assignment_paper ON assignment(paper_id);
                CREATE TABLE deadline (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL CHECK (kind IN ('preferences', 'deregistration', 'report', 'slides', 'presentation', 'other')),
                    due_at TEXT NOT NULL,
                    title TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX deadline_due ON deadline(due_at);
                """)
    }
}
