import ArgumentParser
import SeminarStore

struct PaperShowCommand: SeminarCommand {
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
        let pages = [p.pages.map { "\($0) (conference version)" }, p.arxivPages.map { "\($0) (arXiv version)" }]
            .compactMap { $0 }
        if !pages.isEmpty { lines.append(("pages", pages.joined(separator: ", "))) }
        if let abs = p.abstract { lines.append(("abstract", abs)) }
        let ranks = interest.rankCounts.sorted { $0.key < $1.key }.map { "\($0.value)× rank \($0.key)" }
        lines.append(("wanted by", ranks.isEmpty ? "nobody yet" : ranks.joined(separator: ", ")))
        let presenters = interest.assignedTo.map { "\($0.id) (\($0.name))" }
        lines.append(("assigned to", presenters.isEmpty ? "nobody" : presenters.joined(separator: ", ")))
        Terminal.fields(lines)
    }
}
