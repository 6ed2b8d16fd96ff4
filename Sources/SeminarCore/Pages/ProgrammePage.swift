import Foundation

/// The programme of the block seminar as a web page (`schedule show --format html`): each
/// day with its sessions (runs of talks on one topic), the pauses between them, and each talk
/// with its time, speaker, paper, authors, venue, links and abstract.
public struct ProgrammePage: Sendable {
    public var title: String
    public var term: String
    public var time: SeminarTime
    /// The paragraph(s) above the programme, as Markdown (`--intro`).
    public var intro: String?

    public init(title: String, term: String, time: SeminarTime, intro: String? = nil) {
        self.title = title
        self.term = term
        self.time = time
        self.intro = intro
    }

    public func html(_ agenda: Agenda) -> String {
        let byDay = agenda.itemsByDay
        let talks = agenda.talks
        var rooms: [String] = []
        for room in agenda.days.map(\.room) + talks.map(\.room) where !rooms.contains(room) { rooms.append(room) }
        var facts: [String] = []
        if let first = agenda.days.first, let last = agenda.days.last {
            facts.append(
                first.day == last.day
                    ? time.formatDayLong(first.day)
                    : "\(time.formatDayLong(first.day)) to \(time.formatDayLong(last.day))")
        }
        facts.append(AgendaFormatter.talkCount(talks))
        if !rooms.isEmpty { facts.append("\(rooms.count == 1 ? "Room" : "Rooms") \(rooms.joined(separator: ", "))") }
        facts.append("times in \(time.timeZone.identifier)")

        var seenTopics = Set<String>()
        var sessionNumber = 0
        var talkNumber = 0
        var days: [[String: Any]] = []
        var contents: [(id: String, label: String)] = []
        for day in agenda.days {
            let items = byDay[day.day] ?? []
            let id = PageRenderer.anchor("day", day.day.description)
            let label = time.formatDayLong(day.day)
            contents.append((id, label))
            var blocks: [[String: Any]] = []
            var session: [String: Any]?
            var sessionTalks: [[String: Any]] = []
            var sessionTopic: String??
            func closeSession() {
                guard var s = session else { return }
                s["talks"] = sessionTalks
                blocks.append(["session": s])
                session = nil
                sessionTalks = []
                sessionTopic = .none
            }
            for item in items {
                guard item.kind == .talk, let t = item.talk else {
                    closeSession()
                    blocks.append(["pause": clock(item) + ["kind": item.kind.rawValue, "label": item.kind.label]])
                    continue
                }
                let talkTopic = PageRenderer.topic(t.topic)
                if sessionTopic == nil || sessionTopic! != talkTopic {
                    closeSession()
                    sessionNumber += 1
                    let topic = talkTopic ?? "Other talks"
                    session = [
                        "id": "session-\(sessionNumber)", "topic": topic,
                        "continued": !seenTopics.insert(topic).inserted,
                    ]
                    sessionTopic = .some(talkTopic)
                }
                talkNumber += 1
                var row = clock(item) + Self.paper(t)
                row["id"] = "talk-\(talkNumber)"
                row["speaker"] = t.speaker
                if item.room != day.room { row["room"] = item.room }
                sessionTalks.append(row)
            }
            closeSession()
            var dayFacts: [String] = [day.room]
            let dayTalks = items.filter { $0.kind == .talk }.count
            if let first = items.first, let last = items.last {
                dayFacts.append("\(time.formatClock(first.start))–\(time.formatClock(last.end))")
                dayFacts.append("\(dayTalks) talk\(dayTalks == 1 ? "" : "s")")
            }
            days.append([
                "id": id, "label": label, "facts": dayFacts.joined(separator: " · "),
                "blocks": blocks,
            ])
        }
        var context: [String: Any] = ["days": days]
        if let intro { context["intro"] = IntroMarkdown.html(intro) }
        let page = PageRenderer.Page(
            title: title, kicker: "Block seminar · \(term)", facts: facts,
            contents: contents, contentsLabel: "Days",
            footer: "Programme of \(title), \(term). Abstracts are folded: select one to read it.")
        return PageRenderer.document(page, template: "programme", context: context)
    }

    /// The item's start and end, as shown and as `datetime` values.
    func clock(_ item: AgendaItem) -> [String: Any] {
        let start = time.formatClock(item.start)
        let end = time.formatClock(item.end)
        let endDay = DayDate(item.end, calendar: time.calendarInZone)
        return [
            "start": start, "end": end, "startISO": "\(item.day)T\(start)", "endISO": "\(endDay)T\(end)",
        ]
    }

    /// The paper's fields a talk and a catalog card show.
    static func paper(_ t: TalkRequest) -> [String: Any] {
        CatalogPage.paperFields(
            title: t.title, authors: t.authors, venue: t.venue, year: t.year, url: t.url, arxiv: t.arxiv,
            abstract: t.abstract)
    }
}

extension Dictionary where Key == String, Value == Any {
    static func + (a: [String: Any], b: [String: Any]) -> [String: Any] { a.merging(b) { _, new in new } }
}
