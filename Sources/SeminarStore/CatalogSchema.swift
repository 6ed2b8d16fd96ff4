import GRDB

extension Schema {
    /// `v7-paper-pages`: the page counts of a paper's conference and arXiv versions, which the
    /// catalog page shows next to each link (optional, as in the catalog file).
    static func paperPages(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE paper ADD COLUMN pages INTEGER CHECK (pages BETWEEN 1 AND 10000);
                ALTER TABLE paper ADD COLUMN arxiv_pages INTEGER CHECK (arxiv_pages BETWEEN 1 AND 10000);
                """)
    }
}
