import Foundation

/// How the coordinator wants the block seminar laid out (`schedule generate`).
public struct SchedulePlan: Sendable, Equatable, Codable {
    public enum TopicOrder: String, Sendable, CaseIterable, Codable {
        /// Topics in the order their first paper appears in the catalog.
        case catalog
        case alphabetical
    }

    public enum Fill: String, Sendable, CaseIterable, Codable {
        /// Spread the talks over the days in proportion to their room, cutting between topics.
        case balanced
        /// Fill each day before starting the next.
        case packed
    }

    public var days: [ScheduleDay]
    public var talkMinutes: Int
    /// Questions after each talk; part of the talk's slot.
    public var discussionMinutes: Int
    /// A coffee break after every N talks (counted since the last pause), or none.
    public var breakEvery: Int?
    /// A coffee break after about this many minutes of talks (the default day's 90), as a
    /// number of talks of this plan's length; `breakEvery` wins when both are set.
    public var breakAfterMinutes: Int?
    public var breakMinutes: Int
    /// Coffee breaks at fixed times, each `breakMinutes` long.
    public var breaksAt: [ClockTime]
    public var lunch: ClockTime?
    /// Lunch at the talk boundary nearest this time, on each day with room for a talk before
    /// it and for lunch and a talk after it (the default day's lunch). `lunch` wins when both are set.
    public var lunchNear: ClockTime?
    public var lunchMinutes: Int
    public var topicOrder: TopicOrder
    public var fill: Fill

    public init(
        days: [ScheduleDay], talkMinutes: Int = 30, discussionMinutes: Int = 0, breakEvery: Int? = nil,
        breakMinutes: Int = 15, breaksAt: [ClockTime] = [], lunch: ClockTime? = nil, lunchNear: ClockTime? = nil,
        lunchMinutes: Int = 60, topicOrder: TopicOrder = .catalog, fill: Fill = .balanced
    ) {
        self.days = days
        self.talkMinutes = talkMinutes
        self.discussionMinutes = discussionMinutes
        self.breakEvery = breakEvery
        self.breakMinutes = breakMinutes
        self.breaksAt = breaksAt
        self.lunch = lunch
        self.lunchNear = lunchNear
        self.lunchMinutes = lunchMinutes
        self.topicOrder = topicOrder
        self.fill = fill
    }

    public var slotMinutes: Int { talkMinutes + discussionMinutes }

    /// The number of talks between coffee breaks: `breakEvery`, or `breakAfterMinutes` of talks
    /// rounded to whole talks (at least one).
    public var effectiveBreakEvery: Int? {
        if let breakEvery { return breakEvery }
        guard let minutes = breakAfterMinutes, slotMinutes > 0 else { return nil }
        return max(1, Int((Double(minutes) / Double(slotMinutes)).rounded()))
    }

    /// When lunch is, if nothing else is said.
    public static let defaultLunchNear = ClockTime(hour: 12, minute: 30)
    /// How many minutes of talks, about, come between two coffee breaks if nothing else is said.
    public static let defaultTalkRun = 90

    /// The default day's pauses for whatever the coordinator did not set: lunch at the talk
    /// boundary nearest 12:30 unless `lunchGiven`, a coffee break after about every 90 minutes
    /// of talks unless `breaksGiven`. Returns what was decided, for the coordinator to read.
    public mutating func addDefaultPauses(lunchGiven: Bool, breaksGiven: Bool) -> [String] {
        var decided: [String] = []
        if !breaksGiven && slotMinutes > 0 {
            breakAfterMinutes = Self.defaultTalkRun
            let n = effectiveBreakEvery ?? 1
            decided.append(
                "a \(breakMinutes)-minute coffee break after every \(n) talk\(n == 1 ? "" : "s") "
                    + "(every \(n * slotMinutes) minutes of talks)")
        }
        if !lunchGiven {
            lunchNear = Self.defaultLunchNear
            decided.append(
                "\(lunchMinutes) minutes of lunch at the talk boundary nearest \(Self.defaultLunchNear) "
                    + "on days that span midday")
        }
        return decided
    }

    /// Problems with the plan itself, before any talk is placed.
    public func problems() -> [String] {
        var p: [String] = []
        if days.isEmpty { p.append("no days: give at least one --day DATE") }
        if talkMinutes < 1 || talkMinutes > 600 { p.append("the talk length must be 1 to 600 minutes") }
        if discussionMinutes < 0 || discussionMinutes > 600 { p.append("the discussion must be 0 to 600 minutes") }
        if let n = breakEvery, n < 1 { p.append("--break-every must be at least 1 talk") }
        if breakMinutes < 1 || breakMinutes > 600 { p.append("a break must be 1 to 600 minutes") }
        if lunchMinutes < 1 || lunchMinutes > 600 { p.append("lunch must be 1 to 600 minutes") }
        var seen = Set<DayDate>()
        for d in days {
            if !seen.insert(d.day).inserted { p.append("\(d.day) is given twice") }
            if d.end <= d.start { p.append("\(d.day): the day ends (\(d.end)) before it starts (\(d.start))") }
            if d.room.trimmingCharacters(in: .whitespaces).isEmpty { p.append("\(d.day): no room") }
        }
        // A fixed pause that falls on no day's hours would be dropped without a trace.
        func onSomeDay(_ t: ClockTime) -> Bool { days.contains { $0.start <= t && t < $0.end } }
        let hours = days.map { "\($0.start)–\($0.end)" }.uniqued().joined(separator: ", ")
        if let lunch, !days.isEmpty, !onSomeDay(lunch) {
            p.append(
                "lunch at \(lunch) is outside the hours of every day (\(hours)); give a time within them, e.g. --lunch 12:30"
            )
        }
        for b in breaksAt where !days.isEmpty && !onSomeDay(b) {
            p.append("the coffee break at \(b) is outside the hours of every day (\(hours))")
        }
        return p
    }
}

/// Lays talks out over the days of a block seminar. Pure: value types in, an agenda out.
///
/// Each day gets a template first (talk slots, a coffee break after every N talks, fixed
/// breaks, lunch), which depends only on the plan. The talks, ordered by topic, then fill
/// the slots in order; a talk whose speaker is unavailable waits for the first slot where
/// they are free, and a talk of the current topic is preferred so that topics stay together.
public enum AgendaPlanner {
    /// A talk slot or a pause of a day's template, in minutes after midnight.
    public struct TemplateEntry: Sendable, Equatable {
        public var kind: AgendaKind
        public var start: Int
        public var end: Int
    }

    /// The talks in agenda order: grouped by topic (papers without one last), topics in
    /// catalog or alphabetical order, papers within a topic in catalog order, two students
    /// on one paper next to each other.
    public static func order(_ talks: [TalkRequest], by topicOrder: SchedulePlan.TopicOrder) -> [TalkRequest] {
        var firstSeen: [String: Int] = [:]
        for t in talks {
            let key = t.topic ?? ""
            firstSeen[key] = min(firstSeen[key] ?? Int.max, t.catalogOrder)
        }
        func topicRank(_ t: TalkRequest) -> (Int, Int, String) {
            guard let topic = t.topic else { return (1, 0, "") }
            switch topicOrder {
            case .catalog: return (0, firstSeen[topic] ?? 0, topic)
            case .alphabetical: return (0, 0, topic.lowercased())
            }
        }
        return talks.sorted { a, b in
            let ra = topicRank(a)
            let rb = topicRank(b)
            if ra != rb { return ra < rb }
            if a.catalogOrder != b.catalogOrder { return a.catalogOrder < b.catalogOrder }
            if a.paperID != b.paperID { return a.paperID < b.paperID }
            return a.studentID < b.studentID
        }
    }

    /// The day's slots and pauses. Fixed pauses (lunch, breaks at a time) are never moved:
    /// a talk that would run into one waits until after it. A break after every N talks is
    /// left out when the day ends or a fixed pause comes before another talk could.
    public static func template(for day: ScheduleDay, plan: SchedulePlan) -> [TemplateEntry] {
        let slot = plan.slotMinutes
        guard slot > 0 else { return [] }
        var fixed: [TemplateEntry] = plan.breaksAt.map {
            TemplateEntry(kind: .break, start: $0.minutes, end: $0.minutes + plan.breakMinutes)
        }
        if let lunch = plan.lunch {
            fixed.append(TemplateEntry(kind: .lunch, start: lunch.minutes, end: lunch.minutes + plan.lunchMinutes))
        }
        fixed = fixed.filter { $0.start >= day.start.minutes && $0.start < day.end.minutes }
            .map { TemplateEntry(kind: $0.kind, start: $0.start, end: min($0.end, day.end.minutes)) }
            .sorted { $0.start < $1.start }
        // The default lunch: at the boundary between two talks nearest the time, on a day with
        // room for a talk before that time and for lunch and a talk after it.
        var lunchNear = plan.lunch == nil ? plan.lunchNear?.minutes : nil
        if let near = lunchNear, day.start.minutes + slot > near || day.end.minutes < near + plan.lunchMinutes + slot {
            lunchNear = nil
        }
        var entries: [TemplateEntry] = []
        var t = day.start.minutes
        var sincePause = 0
        var next = 0
        while true {
            if next < fixed.count, fixed[next].start < t + slot {
                let p = fixed[next]
                next += 1
                if p.end <= t { continue }
                entries.append(TemplateEntry(kind: p.kind, start: max(p.start, t), end: p.end))
                t = p.end
                sincePause = 0
                continue
            }
            if t + slot > day.end.minutes { break }
            entries.append(TemplateEntry(kind: .talk, start: t, end: t + slot))
            t += slot
            sincePause += 1
            // Lunch now if this boundary is at least as near the time as the next one would be,
            // or the last one after which lunch and a talk still fit; never over a fixed pause
            // (lunch then comes at the next boundary after it).
            if let near = lunchNear {
                let lunchEnd = t + plan.lunchMinutes
                let nextFixed = next < fixed.count ? fixed[next].start : Int.max
                if lunchEnd + slot > day.end.minutes {
                    lunchNear = nil  // no room for lunch and a talk after it any more
                } else if nextFixed >= lunchEnd,
                    abs(t - near) <= abs(t + slot - near) || lunchEnd + 2 * slot > day.end.minutes
                {
                    lunchNear = nil
                    entries.append(TemplateEntry(kind: .lunch, start: t, end: lunchEnd))
                    t = lunchEnd
                    sincePause = 0
                    continue
                }
            }
            if let n = plan.effectiveBreakEvery, sincePause >= n {
                sincePause = 0
                let breakEnd = t + plan.breakMinutes
                let nextFixed = next < fixed.count ? fixed[next].start : Int.max
                // No coffee break just before the default lunch (due within half a run of talks).
                let lunchSoon = lunchNear.map { $0 - t <= SchedulePlan.defaultTalkRun / 2 } ?? false
                if breakEnd + slot <= day.end.minutes && nextFixed >= breakEnd + slot && !lunchSoon {
                    entries.append(TemplateEntry(kind: .break, start: t, end: breakEnd))
                    t = breakEnd
                }
            }
        }
        return entries
    }

    /// How many talks each day has room for.
    public static func capacity(_ plan: SchedulePlan) -> [Int] {
        plan.days.map { day in template(for: day, plan: plan).filter { $0.kind == .talk }.count }
    }

    /// The agenda, or an error saying how much is missing. Nothing is half-placed.
    public static func plan(
        _ talks: [TalkRequest], _ plan: SchedulePlan, unavailability: [Unavailability] = [],
        calendar: Calendar
    ) throws(SeminarError) -> Agenda {
        let problems = plan.problems()
        if !problems.isEmpty { throw .invalidValue(problems.joined(separator: "; ")) }
        // The template is laid out in wall-clock minutes; across a daylight-saving change
        // those are not elapsed minutes (talks would overlap in spring, last 90 minutes in
        // autumn), so such hours are refused.
        let shifted = plan.days.filter { d in
            d.day.at(d.end, calendar: calendar).timeIntervalSince(d.day.at(d.start, calendar: calendar)) != Double(
                d.end.minutes - d.start.minutes) * 60
        }
        if !shifted.isEmpty {
            throw .invalidValue(
                shifted.map {
                    "\($0.day) \($0.start)–\($0.end) contains the daylight-saving change of \(calendar.timeZone.identifier)"
                }
                .joined(separator: "; ") + "; start the day after the change (e.g. --day \(shifted[0].day)=09:00-17:00)"
            )
        }
        var ids = Set<String>()
        for t in talks where !ids.insert(t.studentID).inserted {
            throw .invalidValue("student \(t.studentID) has two talks")
        }
        let ordered = order(talks, by: plan.topicOrder)
        let capacity = capacity(plan)
        func attempt(_ ordered: [TalkRequest]) -> (agenda: Agenda, left: [TalkRequest]) {
            var attempts: [[Int]] = []
            if plan.fill == .balanced { attempts.append(balancedQuotas(ordered, capacity: capacity)) }
            attempts.append(capacity)
            var best: (agenda: Agenda, left: [TalkRequest])?
            for quotas in attempts {
                let result = fill(ordered, plan, quotas: quotas, unavailability: unavailability, calendar: calendar)
                if result.left.isEmpty { return result }
                if best == nil || result.left.count < best!.left.count { best = result }
            }
            return best!
        }
        var result = attempt(ordered)
        // Unavailability can force a talk away from its topic. Then moving one topic to
        // another place in the order often keeps every topic together: try each such move
        // and keep the layout with the fewest split topics (the usual order wins ties).
        if !unavailability.isEmpty {
            var bestSplits = result.left.isEmpty ? splitTopics(result.agenda) : Int.max
            let topics = ordered.reduce(into: [String?]()) { if $0.last != .some($1.topic) { $0.append($1.topic) } }
            if bestSplits > 0 && topics.count > 1 && topics.count <= 16 {
                for from in topics.indices {
                    for to in topics.indices where to != from {
                        var order = topics
                        order.insert(order.remove(at: from), at: to)
                        let rank = Dictionary(
                            order.enumerated().map { ($0.element ?? "\u{0}", $0.offset) }, uniquingKeysWith: min)
                        let reordered = ordered.enumerated().sorted {
                            (rank[$0.element.topic ?? "\u{0}"]!, $0.offset) < (
                                rank[$1.element.topic ?? "\u{0}"]!, $1.offset
                            )
                        }.map(\.element)
                        let candidate = attempt(reordered)
                        guard candidate.left.isEmpty else { continue }
                        let splits = splitTopics(candidate.agenda)
                        if splits < bestSplits {
                            result = candidate
                            bestSplits = splits
                        }
                        if bestSplits == 0 { break }
                    }
                    if bestSplits == 0 { break }
                }
            }
        }
        if result.left.isEmpty { return result.agenda }
        throw .invalidValue(
            overflowMessage(
                talks: ordered, left: result.left, plan: plan, capacity: capacity,
                unavailability: unavailability, calendar: calendar))
    }

    /// How many more runs of talks there are than topics: 0 when every topic is in one piece.
    static func splitTopics(_ agenda: Agenda) -> Int {
        let topics = agenda.talks.map { $0.talk?.topic }
        var runs = 0
        for i in topics.indices where i == 0 || topics[i] != topics[i - 1] { runs += 1 }
        return runs - Set(topics.map { $0 ?? "\u{0}" }).count
    }

    /// Talks per day in proportion to each day's room (largest remainders), each cut moved
    /// to a nearby change of topic when one is within two talks.
    static func balancedQuotas(_ ordered: [TalkRequest], capacity: [Int]) -> [Int] {
        let total = ordered.count
        let room = capacity.reduce(0, +)
        guard room > 0, total <= room, capacity.count > 1 else { return capacity }
        var quotas = capacity.map { total * $0 / room }
        var rest = total - quotas.reduce(0, +)
        let byRemainder = capacity.indices.sorted { (total * capacity[$0]) % room > (total * capacity[$1]) % room }
        for i in byRemainder where rest > 0 && quotas[i] < capacity[i] {
            quotas[i] += 1
            rest -= 1
        }
        // Topic boundaries: index k means talks[k-1] and talks[k] differ in topic.
        let boundaries = Set((1..<max(1, total)).filter { ordered[$0 - 1].topic != ordered[$0].topic })
        var cut = 0
        var cuts: [Int] = []
        for i in 0..<(capacity.count - 1) {
            cut += quotas[i]
            cuts.append(cut)
        }
        var previous = 0
        for (i, c) in cuts.enumerated() {
            let roomAfter = capacity[(i + 1)...].reduce(0, +)
            let roomBefore = capacity[...i].reduce(0, +)
            let candidates = (max(previous, c - 2)...min(total, c + 2))
                .filter {
                    boundaries.contains($0) && $0 - previous <= capacity[i] && $0 <= roomBefore
                        && total - $0 <= roomAfter
                }
                .sorted { abs($0 - c) < abs($1 - c) }
            cuts[i] = candidates.first ?? c
            previous = cuts[i]
        }
        var result: [Int] = []
        previous = 0
        for c in cuts {
            result.append(c - previous)
            previous = c
        }
        result.append(total - previous)
        return result
    }

    /// Places the talks in order into the plan's slots, each day up to its quota; returns
    /// the agenda and the talks that found no slot.
    static func fill(
        _ ordered: [TalkRequest], _ plan: SchedulePlan, quotas: [Int], unavailability: [Unavailability],
        calendar: Calendar
    ) -> (agenda: Agenda, left: [TalkRequest]) {
        let speakers = Speakers(plan, unavailability: unavailability, calendar: calendar)
        let free = speakers.free
        // Each talk's last chance, once; the talks with one (their speaker is blocked
        // sometime) that are still to place.
        let chance = ordered.map(speakers.lastChance)
        var limited = ordered.indices.filter { chance[$0] != Int.max }
        // The talks still to place are those not taken, in order; `open` is the first of
        // them. (Removing each placed talk from an array moved 10,000 talks per slot.)
        var taken = [Bool](repeating: false, count: ordered.count)
        var open = 0
        var left = ordered.count
        func remaining() -> LazyFilterSequence<Range<Int>> { (open..<ordered.count).lazy.filter { !taken[$0] } }
        var items: [AgendaItem] = []
        var slotIndex = 0
        // The topic of the last talk placed (.none before the first; .some(nil) for "no topic").
        var currentTopic: String?? = .none
        for (d, day) in plan.days.enumerated() {
            var dayItems: [AgendaItem] = []
            var placed = 0
            for entry in template(for: day, plan: plan) {
                let s = day.day.at(ClockTime(minutes: entry.start), calendar: calendar)
                let e = day.day.at(ClockTime(minutes: entry.end), calendar: calendar)
                guard entry.kind == .talk else {
                    dayItems.append(AgendaItem(kind: entry.kind, day: day.day, start: s, end: e, room: day.room))
                    continue
                }
                let index = slotIndex
                slotIndex += 1
                // The last day takes whatever is left, up to its room.
                if (d < plan.days.count - 1 && placed >= quotas[d]) || left == 0 { break }
                func isFree(_ i: Int) -> Bool { free(ordered[i], s, e) }
                guard let firstFree = remaining().first(where: isFree) else {
                    continue  // nobody can speak now: the slot stays empty
                }
                var pick = firstFree
                if let topic = currentTopic,
                    let same = remaining().first(where: { ordered[$0].topic == topic && isFree($0) })
                {
                    pick = same
                }
                // Earliest deadline first where it matters: if placing `pick` would leave
                // speakers with limited availability more talks than slots before their last
                // chance, the one whose last chance comes first speaks now instead.
                let deadlines = limited.filter { $0 != pick }.map { chance[$0] }
                if deadlines.contains(where: { d in deadlines.filter { $0 <= d }.count > d - index }),
                    let urgent = limited.filter(isFree).min(by: { chance[$0] < chance[$1] })
                {
                    pick = urgent
                }
                if chance[pick] != Int.max { limited.removeAll { $0 == pick } }
                taken[pick] = true
                left -= 1
                while open < ordered.count && taken[open] { open += 1 }
                let talk = ordered[pick]
                currentTopic = .some(talk.topic)
                dayItems.append(AgendaItem(kind: .talk, day: day.day, start: s, end: e, room: day.room, talk: talk))
                placed += 1
            }
            // No pause after the day's last talk.
            while let last = dayItems.last, last.kind != .talk { dayItems.removeLast() }
            items += dayItems
        }
        return (Agenda(days: plan.days, items: items), ordered.indices.filter { !taken[$0] }.map { ordered[$0] })
    }

    /// When speakers can talk: their unavailable times and, for those who have any, the
    /// last slot of the plan they are free for.
    struct Speakers {
        var blocked: [String: [Unavailability]] = [:]
        /// Every talk slot of the plan, in order.
        var slots: [(Date, Date)] = []

        init(_ plan: SchedulePlan, unavailability: [Unavailability], calendar: Calendar) {
            for u in unavailability { blocked[u.studentID, default: []].append(u) }
            for day in plan.days {
                for entry in template(for: day, plan: plan) where entry.kind == .talk {
                    slots.append(
                        (
                            day.day.at(ClockTime(minutes: entry.start), calendar: calendar),
                            day.day.at(ClockTime(minutes: entry.end), calendar: calendar)
                        ))
                }
            }
        }

        func free(_ t: TalkRequest, _ s: Date, _ e: Date) -> Bool {
            !(blocked[t.studentID] ?? []).contains { $0.overlaps(s, e) }
        }

        /// The index of the last slot the speaker is free for; Int.max for a speaker who is
        /// never blocked, -1 for one free in no slot.
        func lastChance(_ t: TalkRequest) -> Int {
            guard blocked[t.studentID] != nil else { return Int.max }
            return slots.lastIndex { free(t, $0.0, $0.1) } ?? -1
        }
    }

    static func overflowMessage(
        talks: [TalkRequest], left: [TalkRequest], plan: SchedulePlan, capacity: [Int],
        unavailability: [Unavailability], calendar: Calendar
    ) -> String {
        let room = capacity.reduce(0, +)
        let dayWord = plan.days.count == 1 ? "day has" : "\(plan.days.count) days have"
        let slot = plan.slotMinutes
        let length =
            plan.discussionMinutes > 0
            ? "talks of \(plan.talkMinutes)+\(plan.discussionMinutes) minutes" : "talks of \(slot) minutes"
        if talks.count > room {
            let missing = talks.count - room
            var message =
                "\(talks.count) talks do not fit: the \(dayWord) room for \(room) \(length), "
                + "so \(missing) talk\(missing == 1 ? "" : "s") (\(missing * slot) minutes of talk time) \(missing == 1 ? "is" : "are") missing; nothing was saved"
            // More days of the same kind only help if a day has room for a talk at all.
            var hints: [String] = room > 0 ? ["add a day"] : []
            if let end = laterEnd(talks, plan, calendar: calendar) { hints.append("end at \(end) (--end \(end))") }
            if let shorter = shorterTalk(talks, plan, calendar: calendar) {
                hints.append("shorten talks to \(shorter) minutes (--talk \(shorter))")
            }
            message += " (" + hints.joined(separator: ", or ") + ")"
            return message
        }
        let names = left.map { t -> String in
            let blocks = unavailability.filter { $0.studentID == t.studentID }.count
            return
                "\(t.studentID) (\(t.speaker)\(blocks > 0 ? ", \(blocks) unavailable time\(blocks == 1 ? "" : "s")" : ""))"
        }
        return "\(left.count) talk\(left.count == 1 ? "" : "s") (\(left.count * slot) minutes) cannot be placed: "
            + "the days have room for \(room) talks, but no free slot is left at a time "
            + "\(left.count == 1 ? "this speaker is" : "these speakers are") available: \(names.joined(separator: ", ")); "
            + "nothing was saved (add a day, or remove an unavailability with `seminar schedule unblock`)"
    }

    /// The earliest end of day (in 5-minute steps, up to midnight) at which the talks fit.
    static func laterEnd(_ talks: [TalkRequest], _ plan: SchedulePlan, calendar: Calendar) -> ClockTime? {
        let latest = plan.days.map(\.end.minutes).max() ?? 0
        var minutes = (latest / 5 + 1) * 5
        while minutes <= 24 * 60 {
            var p = plan
            p.days = plan.days.map {
                var d = $0
                d.end = ClockTime(minutes: max(d.end.minutes, minutes))
                return d
            }
            if talks.count <= capacity(p).reduce(0, +) { return ClockTime(minutes: minutes) }
            minutes += 5
        }
        return nil
    }

    /// The longest talk (whole minutes, discussion kept) with which the talks fit.
    static func shorterTalk(_ talks: [TalkRequest], _ plan: SchedulePlan, calendar: Calendar) -> Int? {
        var minutes = plan.talkMinutes - 1
        while minutes >= 5 {
            var p = plan
            p.talkMinutes = minutes
            if talks.count <= capacity(p).reduce(0, +) { return minutes }
            minutes -= 1
        }
        return nil
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
