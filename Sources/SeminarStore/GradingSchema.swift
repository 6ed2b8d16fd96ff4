import GRDB

extension Schema {
    /// Grades per student and component, and the history of every change to them.
    /// The grading rules (components, weights, scale, rounding, closed) live in `setting`.
    static func grading(_ db: Database) throws {
        try db.execute(
            sql: """
                -- The current grade of one component: tenths, so 1.3 is 13 and 87.5 points is 875.
                CREATE TABLE grade (
                    student_id TEXT NOT NULL REFERENCES student(id) ON DELETE CASCADE,
                    component TEXT NOT NULL,
                    value INTEGER NOT NULL CHECK (value >= 0),
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (student_id, component)
                );
                -- Every change, never edited: grades (student_id set) and the seminar's grading
                -- rules (student_id NULL: component is 'config' or 'close'). Values are text as
                -- shown to the user (a grade '1.3', a rule 'report:40,presentation:60').
                CREATE TABLE grade_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    student_id TEXT REFERENCES student(id) ON DELETE CASCADE,
                    component TEXT NOT NULL,
                    old_value TEXT,
                    new_value TEXT,
                    changed_at TEXT NOT NULL,
                    changed_by TEXT NOT NULL,
                    source TEXT NOT NULL
                );
                CREATE INDEX grade_history_student ON grade_history(student_id, id);
                """)
    }
}
