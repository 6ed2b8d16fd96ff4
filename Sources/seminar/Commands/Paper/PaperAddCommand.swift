import ArgumentParser
import SeminarApp
import SeminarCore

struct PaperAddCommand: SeminarCommand {
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
    @Option(help: "Pages of the conference version.") var pages: Int?
    @Option(help: "Pages of the arXiv version.") var arxivPages: Int?

    func execute(in context: CommandContext) throws {
        let paper = try validated()
        try CatalogEdit.add(paper, in: context.database(), now: context.now)
        Terminal.line("Added paper \(id): \(title).")
    }

    /// The paper as typed, every field checked as an import checks it.
    func validated() throws(SeminarError) -> PaperInput {
        guard Validation.isValidID(id) else {
            throw .invalidValue("'\(shown: id)' is not a valid paper id: use letters, digits, '.', '_' or '-'")
        }
        if let problem = Validation.nameProblem(title, what: "the title") {
            throw .invalidValue(problem)
        }
        for (label, text, multiline) in [
            ("--authors", authors, false), ("--venue", venue, false), ("--topic", topic, false),
            ("--abstract", abstract, true),
        ] {
            if let text, let problem = Validation.textProblem(text, what: label, multiline: multiline) {
                throw .invalidValue(problem)
            }
        }
        guard capacity >= 0, capacity <= PaperFields.maxCapacity else {
            throw .invalidValue("--capacity must be between 0 and \(PaperFields.maxCapacity)")
        }
        if let url, !PaperFields.isValidURL(url) { throw .invalidValue("'\(shown: url)' is not an http(s) URL") }
        var arxivID: String?
        if let arxiv {
            guard let a = PaperFields.normalizeArxiv(arxiv) else {
                throw .invalidValue("'\(shown: arxiv)' is not an arXiv id (e.g. 1806.07572)")
            }
            arxivID = a
        }
        if let year, PaperFields.parseYear(String(year)) == nil {
            throw .invalidValue("\(year) is not a year")
        }
        for (label, n) in [("--pages", pages), ("--arxiv-pages", arxivPages)] {
            if let n, PaperFields.parsePages(String(n)) == nil {
                throw .invalidValue("\(label) \(n) is not a number of pages (1 to 10000)")
            }
        }
        return PaperInput(
            id: id, title: title, authors: authors, venue: venue, year: year, url: url, arxiv: arxivID,
            topic: topic, capacity: capacity, abstract: abstract, pages: pages, arxivPages: arxivPages)
    }
}
