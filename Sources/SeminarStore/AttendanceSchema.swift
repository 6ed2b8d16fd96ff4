import GRDB

extension Schema {
    /// `v6-attendance-excuses`: excused absences, which the grading's attendance rule counts
    /// as attended. The reason is often medical: it goes with the student (ON DELETE CASCADE)
    /// and is never exported.
    static func attendanceExcuses(_ db: Database) throws {
        try db.execute(
            sql: """
                -- An excused absence of a whole day, or of one talk (named by its speaker, so that
                -- the excuse follows the talk when it is moved).
                CREATE TABLE attendance_excuse (
                    id INTEGER PRIMARY KEY,
                    student_id TEXT NOT NULL REFERENCES student(id) ON DELETE CASCADE,
                    day TEXT,
                    speaker_id TEXT REFERENCES student(id) ON DELETE CASCADE,
                    reason TEXT NOT NULL CHECK (length(reason) > 0),
                    excused_at TEXT NOT NULL,
                    excused_by TEXT NOT NULL,
                    CHECK ((day IS NULL) <> (speaker_id IS NULL)),
                    CHECK (speaker_id IS NULL OR speaker_id <> student_id)
                );
                CREATE UNIQUE INDEX attendance_excuse_day ON attendance_excuse(student_id, day) WHERE day IS NOT NULL;
                CREATE UNIQUE INDEX attendance_excuse_talk ON attendance_excuse(student_id, speaker_id)
                    WHERE speaker_id IS NOT NULL;
                CREATE INDEX attendance_excuse_speaker ON attendance_excuse(speaker_id) WHERE speaker_id IS NOT NULL;
                """)
    }
}
