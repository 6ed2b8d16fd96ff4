import Foundation

/// The paper catalog as a web page (`paper list --format html`), the page students read
/// before the preference form: papers grouped by topic (topics in catalog order), each with
/// its authors, venue and year, both links, the places left, the abstract and, if asked,
/// who presents it.
public struct CatalogPage: Sendable {
    /// A paper and how it is taken.
    public struct Entry: Sendable {
        public var paper: PaperInput
        public var assigned: Int
        /// The names of the students who present it (shown with `--with-assignments`).
        public var presenters: [String]

        public init(paper: PaperInput, assigned: Int, presenters: [String] = []) {
            self.paper = paper
            self.assigned = assigned
            self.presenters = presenters
        }

        /// Places nobody has yet.
        public var placesLeft: Int { max(0, paper.capacity - assigned) }
    }

    public var title: String
    public var term: String
    public var withAssignments: Bool
    public var intro: String?

    public init(title: String, term: String, withAssignments: Bool = false, intro: String? = nil) {
        self.title = title
        self.term = term
        self.withAssignments = withAssignments
        self.intro = intro
    }

    /// The entries in catalog order.
    public func html(_ entries: [Entry]) -> String {
        var order: [String?] = []
        var byTopic: [String?: [Entry]] = [:]
        for e in entries {
            let topic = PageRenderer.topic(e.paper.topic)
            if byTopic[topic] == nil { order.append(topic) }
            byTopic[topic, default: []].append(e)
        }
        // Papers without a topic come last, as in the programme.
        order = order.filter { $0 != nil } + order.filter { $0 == nil }
        let places = entries.reduce(0) { $0 + $1.paper.capacity }
        let left = entries.reduce(0) { $0 + $1.placesLeft }
        var topics: [[String: Any]] = []
        var contents: [(id: String, label: String)] = []
        for (n, topic) in order.enumerated() {
            let papers = byTopic[topic] ?? []
            let id = "topic-\(n + 1)"
            let label = topic ?? "Other papers"
            contents.append((id, label))
            let topicLeft = papers.reduce(0) { $0 + $1.placesLeft }
            topics.append([
                "id": id, "topic": label,
                "facts": "\(Self.count(papers.count, "paper")) · \(Self.count(topicLeft, "place")) left",
                "papers": papers.map(card),
            ])
        }
        var facts = [term, Self.count(entries.count, "paper"), "\(Self.count(places, "place")), \(left) left"]
        if withAssignments {
            let presented = entries.filter { !$0.presenters.isEmpty }.count
            facts.append("\(presented) presented")
        }
        var context: [String: Any] = ["topics": topics]
        if let intro { context["intro"] = IntroMarkdown.html(intro) }
        let page = PageRenderer.Page(
            title: title, kicker: "Paper catalog", facts: facts,
            contents: contents, contentsLabel: "Topics",
            footer:
                "Paper catalog of \(title), \(term). Name papers by their id or title on the preference form.")
        return PageRenderer.document(page, template: "catalog", context: context)
    }

    func card(_ e: Entry) -> [String: Any] {
        let p = e.paper
        var card = Self.paperFields(
            title: p.title, authors: p.authors, venue: p.venue, year: p.year, url: p.url, arxiv: p.arxiv,
            abstract: p.abstract, pages: p.pages, arxivPages: p.arxivPages)
        card["id"] = p.id
        card["anchor"] = PageRenderer.anchor("paper", p.id)
        let left = e.placesLeft
        if p.capacity == 0 {
            card["places"] = "Not offered this term"
            card["full"] = true
        } else if left == 0 {
            card["places"] = p.capacity == 1 ? "Taken" : "All \(p.capacity) places taken"
            card["full"] = true
        } else {
            card["places"] = p.capacity == 1 ? "1 place left" : "\(left) of \(p.capacity) places left"
        }
        if withAssignments, !e.presenters.isEmpty {
            card["presenters"] = Self.list(e.presenters)
        }
        return card
    }

    /// Title, authors, `venue year`, links and abstract paragraphs as the templates read them.
    static func paperFields(
        title: String, authors: String?, venue: String?, year: Int?, url: String?, arxiv: String?, abstract: String?,
        pages: Int? = nil, arxivPages: Int? = nil
    ) -> [String: Any] {
        var fields: [String: Any] = ["title": title]
        fields["authors"] = authors
        let published = [venue, year.map(String.init)].compactMap { $0 }.joined(separator: " ")
        fields["published"] = published
        fields["source"] = [authors, published.isEmpty ? nil : published].compactMap { $0 }.joined(separator: " · ")
        // The link labels: `Conference version (NeurIPS, 12 pages)`, `arXiv version (1905.03684, 36 pages)`.
        fields["urlLabel"] = [venue, pages.map { "\($0) pages" }].compactMap { $0 }.joined(separator: ", ")
        // A catalog that gives the arXiv page as the paper's url has one version to link, not two.
        var conference = url
        var arxiv = arxiv
        if let url, let id = PaperFields.normalizeArxiv(url) {
            conference = nil
            arxiv = arxiv ?? id
        }
        fields["url"] = conference
        // Pages of a conference version without a link of its own are said in words.
        if conference == nil, let pages {
            fields["unlinkedPages"] = "\(venue ?? "Conference") version: \(pages) pages"
        }
        if let arxiv {
            fields["arxiv"] = arxiv
            fields["arxivLabel"] = [arxiv, arxivPages.map { "\($0) pages" }].compactMap { $0 }.joined(separator: ", ")
            fields["arxivURL"] = PaperFields.arxivURL(arxiv)
        }
        fields["hasLinks"] = conference != nil || arxiv != nil || fields["unlinkedPages"] != nil
        if let abstract {
            let paragraphs = PageRenderer.paragraphs(abstract)
            fields["abstract"] = paragraphs
            fields["hasAbstract"] = !paragraphs.isEmpty
        }
        return fields
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// `A`, `A and B`, `A, B and C`.
    static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
