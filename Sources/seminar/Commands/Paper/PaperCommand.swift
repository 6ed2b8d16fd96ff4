import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

struct PaperCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paper",
        abstract: "The paper catalog: import, add, list, show.",
        subcommands: [PaperImport.self, PaperAdd.self, PaperList.self, PaperShow.self])
}

struct PaperImport: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import the paper catalog from CSV.",
        discussion:
            "Columns: id and title required; authors, venue, year, url, arxiv, topic, capacity (default 1), abstract optional. Papers are matched by id: re-importing updates them."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @Argument(help: "The paper CSV file.") var file: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let table = try encoding.load(file)
        let papers = try PaperParser.parse(table)
        let summary = try db.importPapers(papers, file: file)
        Terminal.line("Imported \(file): \(summary.description).")
    }
}

struct PaperAdd: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add one paper.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A short id, e.g. ntk-jacot18.") var id: String
    @Option(help: "The title.") var title: String
    @Option(help: "The authors.") var authors: String?
    @Option(help: "Where it appeared, e.g. NeurIPS.") var venue: String?
    @Option(help: "The year.") var year: Int?
    @Option(help: "Link to the conference version.") var url: String?
    @Option(help: "arXiv id of the long version.") var arxiv: String?
    @Option(help: "The topic it belongs to.") var topic: String?
    @Option(help: "How many students can take it.") var capacity: Int = 1
    @Option(help: "A short abstract.") var abstract: String?

    func execute(in context: CommandContext) throws {
        guard Validation.isValidID(id) else {
            throw SeminarError.invalidValue("'\(id)' is not a valid paper id: use letters, digits, '.', '_' or '-'")
        }
        guard Validation.isValidName(title) else {
            throw SeminarError.invalidValue("the title must not be empty or contain control characters")
        }
        for (label, text, multiline) in [
            ("--authors", authors, false), ("--venue", venue, false), ("--topic", topic, false),
            ("--abstract", abstract, true),
        ] {
            if let text, !Validation.isValidText(text, multiline: multiline) {
                throw SeminarError.invalidValue("\(label) must not contain control characters")
            }
        }
        guard capacity >= 0, capacity <= PaperFields.maxCapacity else {
            throw SeminarError.invalidValue("--capacity must be between 0 and \(PaperFields.maxCapacity)")
        }
        if let url, !PaperFields.isValidURL(url) { throw SeminarError.invalidValue("'\(url)' is not an http(s) URL") }
        var arxivID: String?
        if let arxiv {
            guard let a = PaperFields.normalizeArxiv(arxiv) else {
                throw SeminarError.invalidValue("'\(arxiv)' is not an arXiv id (e.g. 1806.07572)")
            }
            arxivID = a
        }
        if let year, PaperFields.parseYear(String(year)) == nil {
            throw SeminarError.invalidValue("\(year) is not a year")
        }
        let db = try context.database()
        try db.addPaper(
            PaperInput(
                id: id, title: title, authors: authors, venue: venue, year: year, url: url, arxiv: arxivID,
                topic: topic, capacity: capacity, abstract: abstract))
        Terminal.line("Added paper \(id): \(title).")
    }
}

struct PaperList: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the catalog.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let taken = try db.assignedCounts()
        var rows = RowSet(columns: [
            "id", "title", "authors", "venue", "year", "topic", "capacity", "assigned", "url", "arxiv",
        ])
        for p in try db.papers() {
            rows.append([
                .text(p.id), .text(p.title), p.authors.cell, p.venue.cell, Cell(p.year), p.topic.cell,
                .int(p.capacity), .int(taken[p.id] ?? 0), p.url.cell, p.arxiv.cell,
            ])
        }
        if output.format == .table {
            // The terminal has no room for links and long author lists; csv/json keep everything.
            rows = RowSet(
                columns: ["id", "title", "topic", "capacity", "assigned"],
                rows: rows.rows.map { [$0[0], $0[1], $0[5], $0[6], $0[7]] })
        }
        output.print(rows)
    }
}

struct PaperShow: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one paper, with who wants it and who has it.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The paper's id.") var id: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let p = try db.paper(id)
        let interest = try db.paperInterest(id)
        var lines: [(String, String)] = [("id", p.id), ("title", p.title)]
        if let a = p.authors { lines.append(("authors", a)) }
        let venue = [p.venue, p.year.map(String.init)].compactMap { $0 }.joined(separator: " ")
        if !venue.isEmpty { lines.append(("venue", venue)) }
        if let t = p.topic { lines.append(("topic", t)) }
        lines.append(("capacity", String(p.capacity)))
        if let u = p.url { lines.append(("url", u)) }
        if let a = p.arxivURL { lines.append(("arxiv", a)) }
        if let abs = p.abstract { lines.append(("abstract", abs)) }
        let ranks = interest.rankCounts.sorted { $0.key < $1.key }.map { "\($0.value)× rank \($0.key)" }.joined(
            separator: ", ")
        lines.append(("wanted by", ranks.isEmpty ? "nobody yet" : ranks))
        lines.append(
            ("assigned to", interest.assignedTo.isEmpty ? "nobody" : interest.assignedTo.joined(separator: ", ")))
        Terminal.fields(lines)
    }
}
