import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

struct PaperListCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the catalog, or write it as a web page.",
        discussion: """
            table shows id, title, topic, capacity and how many students have the paper; csv and json add \
            authors, venue, year, both links, the abstract and the page counts; html is the catalog as one self-contained web \
            page for students to read before the preference form (papers by topic, with authors, venue, \
            both links, the abstract and the places left), --with-assignments adds who presents each paper.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, html }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table, csv, json or html.") var format: Format = .table
    @Option(
        help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"),
        completion: .file(extensions: ["html", "csv", "json", "txt"]))
    var output: String?
    @Flag(help: "html: name the students who present each paper.") var withAssignments = false
    @OptionGroup var page: PageOptions

    func validate() throws {
        try page.check(isHTML: format == .html)
        if withAssignments && format != .html {
            throw ValidationError("--with-assignments is only for --format html (the table has an assigned column)")
        }
    }

    func execute(in context: CommandContext) throws {
        // The intro first: a file that cannot be read stops the command before any query.
        let intro = format == .html ? try page.introText() : nil
        let db = try context.database()
        let taken = try db.assignedCounts()
        // The page lists papers as the catalog has them; the lists by id.
        let papers = try db.papers(inCatalogOrder: format == .html)
        let text: String
        switch format {
        case .table:
            // The terminal has no room for links and long author lists; csv/json keep everything.
            var rows = RowSet(columns: ["id", "title", "topic", "capacity", "assigned"])
            for p in papers {
                rows.append([.text(p.id), .text(p.title), p.topic.cell, .int(p.capacity), .int(taken[p.id] ?? 0)])
            }
            text = rows.table(
                width: output == nil ? Terminal.width : nil, style: output == nil ? Terminal.style : .plain)
        case .csv, .json:
            var rows = RowSet(columns: [
                "id", "title", "authors", "venue", "year", "topic", "capacity", "assigned", "url", "arxiv", "abstract",
                "pages", "arxiv_pages",
            ])
            for p in papers {
                rows.append([
                    .text(p.id), .text(p.title), p.authors.cell, p.venue.cell, Cell(p.year), p.topic.cell,
                    .int(p.capacity), .int(taken[p.id] ?? 0), p.url.cell, p.arxiv.cell, p.abstract.cell,
                    Cell(p.pages), Cell(p.arxivPages),
                ])
            }
            text = format == .csv ? rows.csv() : rows.json()
        case .html:
            let info = try db.seminarInfo()
            var presenters: [String: [String]] = [:]
            if withAssignments {
                // Who presents: a student who dropped keeps their assignment but gives no talk.
                let enrolled = Set(try db.students(status: .enrolled).map(\.id))
                for a in try db.assignmentViews() where enrolled.contains(a.studentID) {
                    presenters[a.paperID, default: []].append(a.studentName)
                }
            }
            let entries = papers.map {
                CatalogPage.Entry(
                    paper: $0.input, assigned: taken[$0.id] ?? 0, presenters: (presenters[$0.id] ?? []).sorted())
            }
            text = CatalogPage(
                title: info.title, term: info.term, withAssignments: withAssignments, intro: intro
            ).html(entries)
        }
        guard let output else {
            Terminal.write(text)
            return
        }
        try UserFile.write(Data(text.utf8), to: output)
        Terminal.line("Wrote \(output) (\(papers.count) paper\(papers.count == 1 ? "" : "s"), \(format.rawValue)).")
    }
}
