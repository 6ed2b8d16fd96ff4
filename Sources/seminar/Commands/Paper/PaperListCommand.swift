import ArgumentParser
import SeminarCore
import SeminarStore

struct PaperListCommand: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the catalog.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let taken = try db.assignedCounts()
        let papers = try db.papers()
        var rows: RowSet
        if output.format == .table {
            // The terminal has no room for links and long author lists; csv/json keep everything.
            rows = RowSet(columns: ["id", "title", "topic", "capacity", "assigned"])
            for p in papers {
                rows.append([.text(p.id), .text(p.title), p.topic.cell, .int(p.capacity), .int(taken[p.id] ?? 0)])
            }
        } else {
            rows = RowSet(columns: [
                "id", "title", "authors", "venue", "year", "topic", "capacity", "assigned", "url", "arxiv",
            ])
            for p in papers {
                rows.append([
                    .text(p.id), .text(p.title), p.authors.cell, p.venue.cell, Cell(p.year), p.topic.cell,
                    .int(p.capacity), .int(taken[p.id] ?? 0), p.url.cell, p.arxiv.cell,
                ])
            }
        }
        output.print(rows)
    }
}
