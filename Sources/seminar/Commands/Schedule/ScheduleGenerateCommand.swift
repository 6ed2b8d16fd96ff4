import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `schedule generate`: the talks laid out over the days of the block seminar.
struct ScheduleGenerateCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Lay the talks of the assigned papers out over the days of the block seminar.",
        discussion: """
            Every enrolled student with a paper gets one talk. Talks are grouped by topic (topics in \
            catalog order, or alphabetical), papers within a topic in catalog order. A talk's slot is \
            --talk plus --discussion minutes. Unless told otherwise, a day gets a 15-minute coffee break \
            after about every 90 minutes of talks and, when it spans midday, 60 minutes of lunch at the \
            boundary between two talks nearest 12:30 (the output says what it decided). --break-every N \
            and/or --break-at HH:MM replace the default coffee breaks, --lunch HH:MM the default lunch; \
            --no-breaks leaves out every pause not asked for by those flags. No talk runs into a break, lunch or past the \
            end of its day, and no talk is placed at a time its speaker is unavailable (schedule block). \
            If the talks do not fit, nothing is saved and the error says how much is missing (exit 65). \
            A schedule with talks moved by hand is only replaced with --replace.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(
        name: .customLong("day"),
        help: ArgumentHelp(
            "A day of the block seminar (repeat for more days); DATE=HH:MM-HH:MM gives that day its own hours.",
            valueName: "date"))
    var days: [String] = []
    @Option(help: ArgumentHelp("When each day starts.", valueName: "hh:mm")) var start: String = "09:00"
    @Option(help: ArgumentHelp("When each day ends at the latest.", valueName: "hh:mm")) var end: String = "17:00"
    @Option(help: ArgumentHelp("Minutes per talk.", valueName: "minutes")) var talk: Int = 30
    @Option(help: ArgumentHelp("Minutes of questions after each talk.", valueName: "minutes")) var discussion: Int = 0
    @Option(
        name: .customLong("room"),
        help: ArgumentHelp("The room (for every day), or DATE=ROOM for one day. Repeatable.", valueName: "room"))
    var rooms: [String] = []
    @Option(help: ArgumentHelp("A coffee break after every N talks.", valueName: "n")) var breakEvery: Int?
    @Option(help: ArgumentHelp("Length of a coffee break.", valueName: "minutes")) var breakMinutes: Int = 15
    @Option(
        name: .customLong("break-at"),
        help: ArgumentHelp("A coffee break at a fixed time (repeatable).", valueName: "hh:mm"))
    var breaksAt: [String] = []
    @Option(help: ArgumentHelp("When lunch starts.", valueName: "hh:mm")) var lunch: String?
    @Option(help: ArgumentHelp("Length of lunch.", valueName: "minutes")) var lunchMinutes: Int = 60
    @Flag(help: "No default lunch and coffee breaks: only those --lunch, --break-every and --break-at ask for.")
    var noBreaks = false
    @Option(help: "Order of the topics: catalog (first paper's place in the catalog) or alphabetical.")
    var topicOrder: SchedulePlan.TopicOrder = .catalog
    @Option(help: "balanced: spread talks over the days, cutting between topics; packed: fill each day first.")
    var fill: SchedulePlan.Fill = .balanced
    @Flag(help: "Show the agenda without saving it.") var dryRun = false
    @Flag(help: "Replace a schedule that has talks moved by hand.") var replace = false

    func validate() throws {
        if days.isEmpty { throw ValidationError("give at least one --day DATE, e.g. --day 2025-02-13") }
        if ClockTime(start) == nil {
            throw ValidationError("--start '\(shown: start)' is not a time: write HH:MM, e.g. 09:00")
        }
        if ClockTime(end) == nil {
            throw ValidationError("--end '\(shown: end)' is not a time: write HH:MM, e.g. 17:00")
        }
        if let lunch, ClockTime(lunch) == nil {
            throw ValidationError("--lunch '\(shown: lunch)' is not a time: write HH:MM, e.g. 12:30")
        }
        for b in breaksAt where ClockTime(b) == nil {
            throw ValidationError("--break-at '\(shown: b)' is not a time: write HH:MM, e.g. 10:30")
        }
    }

    /// The plan the flags describe, with the default pauses for what they leave open, and
    /// what was decided; every mistake is reported at once.
    func makePlan() throws(SeminarError) -> (plan: SchedulePlan, decided: [String]) {
        let flags = ScheduleFlags(days: days, rooms: rooms, start: ClockTime(start)!, end: ClockTime(end)!)
        var plan = SchedulePlan(
            days: [], talkMinutes: talk, discussionMinutes: discussion, breakEvery: breakEvery,
            breakMinutes: breakMinutes, breaksAt: breaksAt.compactMap(ClockTime.init),
            lunch: lunch.flatMap(ClockTime.init), lunchMinutes: lunchMinutes, topicOrder: topicOrder, fill: fill)
        let decided = plan.addDefaultPauses(
            lunchGiven: noBreaks || lunch != nil, breaksGiven: noBreaks || breakEvery != nil || !breaksAt.isEmpty)
        return (try flags.plan(plan), decided)
    }

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let time = info.time
        let (plan, decided) = try makePlan()
        if !decided.isEmpty {
            Terminal.say(
                "Decided: " + decided.joined(separator: "; ")
                    + " (--break-every, --break-at, --lunch or --no-breaks say otherwise).")
        }
        let result = try ScheduleGeneration.generate(
            db, plan: plan, time: time, replace: replace, dryRun: dryRun, now: context.now)
        let agenda = result.agenda
        let formatter = AgendaFormatter(title: info.title, term: info.term, time: time)
        guard let saved = result.saved else {
            Terminal.write(formatter.text(agenda, style: Terminal.style, width: Terminal.width))
            Terminal.line()
            Terminal.line("Dry run: nothing was saved.")
            return
        }
        let byDay = agenda.itemsByDay
        let perDay = agenda.days.map { day -> String in
            let items = byDay[day.day] ?? []
            let n = items.filter { $0.kind == .talk }.count
            guard let first = items.first, let last = items.last else {
                return "\(time.formatDayShort(day.day)): no talks"
            }
            return
                "\(time.formatDayShort(day.day)) \(formatter.hm(first.start))–\(formatter.hm(last.end)), \(n) talk\(n == 1 ? "" : "s")"
        }
        let talks = agenda.talks.count
        Terminal.line(
            "Scheduled \(talks) talk\(talks == 1 ? "" : "s") on \(agenda.days.count) day\(agenda.days.count == 1 ? "" : "s"): "
                + perDay.joined(separator: "; ") + ".")
        if saved.replaced {
            let n = saved.discardedEdits
            Terminal.line(
                "This replaces the previous schedule"
                    + (n > 0 ? " and its \(n) manual change\(n == 1 ? "" : "s")." : "."))
        }
        for day in agenda.days where byDay[day.day] == nil {
            Terminal.warn("warning: \(day.day) has no talks")
        }
        Terminal.line("See it with: seminar schedule show --format markdown")
    }
}
