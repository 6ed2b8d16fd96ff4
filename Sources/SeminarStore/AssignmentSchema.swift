import GRDB

extension Schema {
    /// `v2-assignment`: every `seminar assign` run, with what it decided, so a coordinator
    /// can say later which method and seed produced the matching (assignment.run_id).
    static func assignment(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE assignment_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    method TEXT NOT NULL,
                    seed INTEGER NOT NULL,
                    cost_model TEXT NOT NULL,
                    ran_at TEXT NOT NULL,
                    -- The method's objective, readable: "total cost 63", "signature 12,4,2,1,0", ...
                    objective TEXT NOT NULL,
                    total_cost INTEGER NOT NULL,
                    -- JSON object: {"1": n1, ..., "k": nk, "unranked": n, "no_form": n, "unassigned": n}
                    histogram TEXT NOT NULL,
                    students INTEGER NOT NULL,
                    -- The result, one "student,paper" line per student with a paper.
                    result TEXT NOT NULL,
                    solve_seconds REAL NOT NULL
                );
                """)
    }
}
