import Foundation

/// The agenda for people (terminal, Markdown) and for scripts (rows).
public struct AgendaFormatter: Sendable {
    public var title: String
    public var term: String
    public var time: SeminarTime

    public init(title: String, term: String, time: SeminarTime) {
        self.title = title
        self.term = term
        self.time = time
    }

    public func hm(_ d: Date) -> String { time.formatClock(d) }

    public func span(_ item: AgendaItem) -> String { "\(hm(item.start))–\(hm(item.end))" }

    /// The rooms a day uses, the day's own first.
    func rooms(_ day: ScheduleDay, _ items: [AgendaItem]) -> [String] {
        var rooms = [day.room]
        for i in items where i.kind == .talk && !rooms.contains(i.room) { rooms.append(i.room) }
        return rooms
    }

    static func markdownCell(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: "")
    }

    /// `22 talks of 30 minutes` (the length only when every talk has it), as a programme's
    /// header says it.
    public static func talkCount(_ talks: [AgendaItem]) -> String {
        var count = "\(talks.count) talk\(talks.count == 1 ? "" : "s")"
        if let slot = talks.first?.minutes, talks.allSatisfy({ $0.minutes == slot }) { count += " of \(slot) minutes" }
        return count
    }

    /// An agenda like a workshop programme: a heading per day with its room, one table row
    /// per talk, break and lunch, then the abstracts.
    public func markdown(_ agenda: Agenda, abstracts: Bool = true) -> String {
        var out = "# \(Self.markdownCell(title)) — block seminar\n\n"
        let talks = agenda.talks
        let facts = [Self.markdownCell(term), Self.talkCount(talks), "times in \(time.timeZone.identifier)"]
        out += facts.joined(separator: " · ") + "\n"
        let byDay = agenda.itemsByDay
        for day in agenda.days {
            let items = byDay[day.day] ?? []
            out +=
                "\n## \(time.formatDayLong(day.day)) — \(Self.markdownCell(rooms(day, items).joined(separator: ", ")))\n\n"
            guard !items.isEmpty else {
                out += "No talks on this day.\n"
                continue
            }
            let multiRoom = rooms(day, items).count > 1
            out +=
                multiRoom
                ? "| Time | Speaker | Talk | Session | Room |\n| --- | --- | --- | --- | --- |\n"
                : "| Time | Speaker | Talk | Session |\n| --- | --- | --- | --- |\n"
            // The session (topic) is named where it begins, as a programme does.
            var session: String??
            for item in items {
                var cells: [String]
                if let t = item.talk {
                    let opens = session == nil || session! != t.topic
                    session = .some(t.topic)
                    cells = [
                        span(item), Self.markdownCell(t.speaker), Self.markdownCell(t.title),
                        opens ? Self.markdownCell(t.topic ?? "other") : "",
                    ]
                } else {
                    cells = [span(item), "*\(item.kind.label)*", "", ""]
                }
                if multiRoom { cells.append(item.kind == .talk ? Self.markdownCell(item.room) : "") }
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
        }
        let withAbstracts = talks.filter { $0.talk?.abstract != nil }
        if abstracts && !withAbstracts.isEmpty {
            out += "\n## Abstracts\n"
            var firstSpeaker: [String: String] = [:]
            for item in talks {
                guard let t = item.talk else { continue }
                if let earlier = firstSpeaker[t.paperID] {
                    out += "\n**\(Self.markdownCell(t.speaker)) — \(Self.markdownCell(t.title))**"
                    out +=
                        " (\(time.formatDayShort(item.day)), \(span(item))): the paper of \(Self.markdownCell(earlier))'s talk, see above.\n"
                    continue
                }
                firstSpeaker[t.paperID] = t.speaker
                out += "\n**\(Self.markdownCell(t.speaker)) — \(Self.markdownCell(t.title))**"
                out += " (\(time.formatDayShort(item.day)), \(span(item)))\n"
                var source: [String] = []
                if let a = t.authors { source.append(a) }
                if let u = t.link { source.append("<\(u)>") }
                if !source.isEmpty { out += "\n" + source.map(Self.markdownCell).joined(separator: " · ") + "\n" }
                if let abstract = t.abstract { out += "\n" + abstract + "\n" }
            }
        }
        return out
    }

    /// The agenda in the terminal: each row with a bar as long as it lasts (one block per
    /// five minutes), so the shape of each day can be seen at a glance.
    public func text(_ agenda: Agenda, style: TerminalStyle = .plain, width: Int? = nil) -> String {
        var out = style.bold("\(title) — block seminar") + "\n"
        out += style.dim("\(term), times in \(time.timeZone.identifier)") + "\n"
        let longest = agenda.items.map(\.minutes).max() ?? 30
        let barWidth = min(24, max(1, (longest + 4) / 5))
        let byDay = agenda.itemsByDay
        for day in agenda.days {
            let items = byDay[day.day] ?? []
            let talks = items.filter { $0.kind == .talk }
            out +=
                "\n" + style.bold("\(time.formatDayLong(day.day))")
                + " · \(rooms(day, items).joined(separator: ", "))"
            if let first = items.first, let last = items.last {
                out += " · \(hm(first.start))–\(hm(last.end)), \(talks.count) talk\(talks.count == 1 ? "" : "s")"
            } else {
                out += " · no talks"
            }
            out += "\n"
            var topic: String??
            for item in items {
                let blocks = min(barWidth, max(1, (item.minutes + 4) / 5))
                let prefix = "  " + span(item) + "  "
                let pad = String(repeating: " ", count: barWidth - blocks) + "  "
                // Only the description is cut to the terminal's width; colour codes take no room.
                func fit(_ s: String) -> String {
                    guard let width else { return s }
                    let room = max(10, width - prefix.count - barWidth - 2)
                    return s.count <= room ? s : String(s.prefix(room - 1)) + "…"
                }
                var line = prefix
                switch item.kind {
                case .talk:
                    let t = item.talk!
                    if topic == nil || topic! != t.topic {
                        out += "  " + style.dim("— \(t.topic ?? "other") —") + "\n"
                        topic = .some(t.topic)
                    }
                    var what = "\(t.speaker) — \(t.title)"
                    if item.room != day.room { what += " [\(item.room)]" }
                    let moved = item.manual ? " (moved)" : ""
                    let shown = fit(what + moved)
                    line += style.green(String(repeating: "█", count: blocks)) + pad
                    line +=
                        shown.hasSuffix(moved) && !moved.isEmpty
                        ? String(shown.dropLast(moved.count)) + style.dim(moved) : shown
                case .break, .lunch:
                    let shade = item.kind == .lunch ? "▒" : "░"
                    line +=
                        style.yellow(String(repeating: shade, count: blocks)) + pad
                        + style.dim(item.kind.label.lowercased())
                }
                out += line + "\n"
            }
        }
        return out
    }

    /// One row per agenda row, for CSV and JSON.
    public func rows(_ agenda: Agenda) -> RowSet {
        var rows = RowSet(columns: [
            "day", "start", "end", "kind", "room", "student", "name", "paper", "title", "topic", "manual",
        ])
        for item in agenda.items {
            let t = item.talk
            rows.append([
                .text(item.day.description), .text(hm(item.start)), .text(hm(item.end)), .text(item.kind.rawValue),
                .text(item.room), Cell(t?.studentID), Cell(t?.speaker), Cell(t?.paperID),
                Cell(t?.title ?? (item.kind == .talk ? nil : item.kind.label)), Cell(t?.topic), .bool(item.manual),
            ])
        }
        return rows
    }
}
