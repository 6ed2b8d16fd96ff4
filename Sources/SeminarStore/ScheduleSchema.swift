import GRDB

extension Schema {
    /// The block seminar: its days, the agenda rows, students' unavailable times and the
    /// attendance sign-ins.
    static func schedule(_ db: Database) throws {
        try db.execute(
            sql: """
                -- How the current agenda was generated (one row, or none before the first generate).
                CREATE TABLE schedule (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    talk_minutes INTEGER NOT NULL CHECK (talk_minutes > 0),
                    discussion_minutes INTEGER NOT NULL CHECK (discussion_minutes >= 0),
                    parameters TEXT NOT NULL,
                    generated_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                -- A day of the block seminar: a date in the seminar's zone, wall-clock start and end.
                CREATE TABLE schedule_day (
                    day TEXT PRIMARY KEY NOT NULL,
                    starts TEXT NOT NULL,
                    ends TEXT NOT NULL,
                    room TEXT NOT NULL,
                    CHECK (ends > starts)
                );
                -- One row of the agenda: a talk, a coffee break or lunch. Instants in UTC.
                CREATE TABLE schedule_item (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    day TEXT NOT NULL REFERENCES schedule_day(day) ON DELETE CASCADE,
                    kind TEXT NOT NULL CHECK (kind IN ('talk', 'break', 'lunch')),
                    starts_at TEXT NOT NULL,
                    ends_at TEXT NOT NULL,
                    room TEXT NOT NULL,
                    student_id TEXT REFERENCES student(id) ON DELETE CASCADE,
                    paper_id TEXT REFERENCES paper(id) ON DELETE CASCADE,
                    manual INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
                    revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
                    CHECK ((kind = 'talk') = (student_id IS NOT NULL AND paper_id IS NOT NULL)),
                    CHECK (ends_at > starts_at)
                );
                CREATE UNIQUE INDEX schedule_item_student ON schedule_item(student_id) WHERE student_id IS NOT NULL;
                CREATE INDEX schedule_item_start ON schedule_item(starts_at);
                -- Times a student cannot present (`schedule block`).
                CREATE TABLE unavailability (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    student_id TEXT NOT NULL REFERENCES student(id) ON DELETE CASCADE,
                    starts_at TEXT NOT NULL,
                    ends_at TEXT NOT NULL,
                    reason TEXT,
                    created_at TEXT NOT NULL,
                    CHECK (ends_at > starts_at),
                    UNIQUE (student_id, starts_at, ends_at)
                );
                -- Who signed in on which day of the block seminar.
                CREATE TABLE attendance (
                    student_id TEXT NOT NULL REFERENCES student(id) ON DELETE CASCADE,
                    day TEXT NOT NULL,
                    source TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    PRIMARY KEY (student_id, day)
                );
                """)
    }

    /// `v4-attendance-days`: signatures by day too, so that the days with any signature are
    /// found with one index seek each (the attendance report judges only those days) rather
    /// than by reading every signature.
    static func attendanceDays(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX attendance_day ON attendance(day)")
    }
}
