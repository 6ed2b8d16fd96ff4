import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "The block-seminar agenda: generate, show, move, swap; students' unavailable times.",
        subcommands: [
            ScheduleGenerate.self, ScheduleShow.self, ScheduleMove.self, ScheduleSwap.self,
            ScheduleBlock.self, ScheduleUnblock.self, ScheduleBlocks.self,
        ])
}

extension SchedulePlan.TopicOrder: ExpressibleByArgument {}
extension SchedulePlan.Fill: ExpressibleByArgument {}

struct ScheduleGenerate: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Lay the talks of the assigned papers out over the days of the block seminar.",
        discussion: """
            Every enrolled student with a paper gets one talk. Talks are grouped by topic (topics in \
            catalog order, or alphabetical), papers within a topic in catalog order. A talk's slot is \
            --talk plus --discussion minutes. Coffee breaks come after every --break-every talks and/or \
            at fixed --break-at times; lunch is at --lunch. No talk runs into a break, lunch or past the \
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
    @Option(help: "Order of the topics: catalog (first paper's place in the catalog) or alphabetical.")
    var topicOrder: SchedulePlan.TopicOrder = .catalog
    @Option(help: "balanced: spread talks over the days, cutting between topics; packed: fill each day first.")
    var fill: SchedulePlan.Fill = .balanced
    @Flag(help: "Show the agenda without saving it.") var dryRun = false
    @Flag(help: "Replace a schedule that has talks moved by hand.") var replace = false

    func validate() throws {
        if days.isEmpty { throw ValidationError("give at least one --day DATE, e.g. --day 2025-02-13") }
        if ClockTime(start) == nil {
            throw ValidationError("--start '\(start)' is not a time: write HH:MM, e.g. 09:00")
        }
        if ClockTime(end) == nil { throw ValidationError("--end '\(end)' is not a time: write HH:MM, e.g. 17:00") }
        if let lunch, ClockTime(lunch) == nil {
            throw ValidationError("--lunch '\(lunch)' is not a time: write HH:MM, e.g. 12:30")
        }
        for b in breaksAt where ClockTime(b) == nil {
            throw ValidationError("--break-at '\(b)' is not a time: write HH:MM, e.g. 10:30")
        }
    }

    /// Builds the plan from the flags; every mistake is reported at once.
    func makePlan() throws(SeminarError) -> SchedulePlan {
        var problems: [String] = []
        var defaultRoom: String?
        var dayRooms: [DayDate: String] = [:]
        for r in rooms {
            let trimmed = r.trimmingCharacters(in: .whitespaces)
            if let eq = trimmed.firstIndex(of: "="), let d = DayDate(String(trimmed[..<eq])) {
                let room = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                if room.isEmpty || !Validation.isValidName(room) {
                    problems.append("--room \(r): the room name is empty")
                }
                dayRooms[d] = room
            } else if trimmed.isEmpty || !Validation.isValidName(trimmed) {
                problems.append("--room '\(r)' is not a room name")
            } else {
                if defaultRoom != nil {
                    problems.append("--room is given twice for every day (use DATE=ROOM for one day)")
                }
                defaultRoom = trimmed
            }
        }
        let dayStart = ClockTime(start)!
        let dayEnd = ClockTime(end)!
        var specs: [ScheduleDay] = []
        for raw in days {
            let parts = raw.split(separator: "=", maxSplits: 1).map(String.init)
            guard let d = DayDate(parts[0]), parts[0].contains("-") else {
                problems.append("--day '\(raw)' is not a date: write 2025-02-13 (or 2025-02-13=09:00-13:00)")
                continue
            }
            var s = dayStart
            var e = dayEnd
            if parts.count == 2 {
                let hours = parts[1].split(separator: "-").map(String.init)
                guard hours.count == 2, let hs = ClockTime(hours[0]), let he = ClockTime(hours[1]) else {
                    problems.append("--day '\(raw)': the hours must read HH:MM-HH:MM, e.g. 09:00-13:00")
                    continue
                }
                (s, e) = (hs, he)
            }
            specs.append(ScheduleDay(day: d, start: s, end: e, room: dayRooms[d] ?? defaultRoom ?? "TBA"))
        }
        specs.sort { $0.day < $1.day }
        for d in dayRooms.keys where !specs.contains(where: { $0.day == d }) {
            problems.append("--room \(d)=...: \(d) is not one of the --day dates")
        }
        let plan = SchedulePlan(
            days: specs, talkMinutes: talk, discussionMinutes: discussion, breakEvery: breakEvery,
            breakMinutes: breakMinutes, breaksAt: breaksAt.compactMap(ClockTime.init),
            lunch: lunch.flatMap(ClockTime.init),
            lunchMinutes: lunchMinutes, topicOrder: topicOrder, fill: fill)
        problems += plan.problems()
        if !problems.isEmpty { throw .invalidValue(problems.joined(separator: "; ")) }
        return plan
    }

    /// The flags as given, kept with the schedule for the record.
    var parameters: String {
        var p = days.map { "--day \($0)" } + ["--start \(start)", "--end \(end)", "--talk \(talk)"]
        if discussion > 0 { p.append("--discussion \(discussion)") }
        p += rooms.map { "--room \"\($0)\"" }
        if let breakEvery { p.append("--break-every \(breakEvery) --break-minutes \(breakMinutes)") }
        p += breaksAt.map { "--break-at \($0)" }
        if let lunch { p.append("--lunch \(lunch) --lunch-minutes \(lunchMinutes)") }
        p.append("--topic-order \(topicOrder.rawValue) --fill \(fill.rawValue)")
        return p.joined(separator: " ")
    }

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let plan = try makePlan()
        let (talks, unavailability) = try db.scheduleInputs()
        if talks.isEmpty {
            throw SeminarError.conflict(
                "nobody has a paper yet: run `seminar assign` (or `seminar assignment set STUDENT PAPER`) first")
        }
        let calendar = info.time.calendarInZone
        let agenda = try AgendaPlanner.plan(talks, plan, unavailability: unavailability, calendar: calendar)
        let formatter = AgendaFormatter(title: info.title, term: info.term, time: info.time)
        if dryRun {
            Terminal.write(formatter.text(agenda, style: Terminal.style, width: Terminal.width))
            Terminal.line()
            Terminal.line("Dry run: nothing was saved.")
            return
        }
        let outcome = try db.saveSchedule(agenda, plan: plan, parameters: parameters, replace: replace)
        let perDay = agenda.days.map { day -> String in
            let items = agenda.items(on: day.day)
            let n = items.filter { $0.kind == .talk }.count
            guard let first = items.first, let last = items.last else {
                return "\(day.day.short(calendar: calendar)): no talks"
            }
            return
                "\(day.day.short(calendar: calendar)) \(formatter.hm(first.start))–\(formatter.hm(last.end)), \(n) talk\(n == 1 ? "" : "s")"
        }
        Terminal.line(
            "Scheduled \(talks.count) talk\(talks.count == 1 ? "" : "s") on \(agenda.days.count) day\(agenda.days.count == 1 ? "" : "s"): "
                + perDay.joined(separator: "; ") + ".")
        if outcome.replaced {
            Terminal.line(
                "This replaces the previous schedule"
                    + (outcome.discardedEdits > 0
                        ? " and its \(outcome.discardedEdits) manual change\(outcome.discardedEdits == 1 ? "" : "s")."
                        : "."))
        }
        for day in agenda.days where agenda.items(on: day.day).isEmpty {
            Terminal.warn("warning: \(day.day) has no talks")
        }
        Terminal.line("See it with: seminar schedule show --format markdown")
    }
}

struct ScheduleShow: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the agenda: text, Markdown, CSV, JSON or iCalendar.",
        discussion: """
            text draws each day with a bar per talk and pause; markdown is a programme with a table per \
            day and the abstracts; csv and json have one row per talk, break and lunch (day, start, end, \
            kind, room, student, name, paper, title, topic, manual); ics is an RFC 5545 calendar with one \
            event per talk (room, speaker, paper and abstract), times in the seminar's time zone.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, csv, json, ics }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: text, markdown, csv, json or ics.") var format: Format = .text
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path")) var output: String?
    @Flag(inversion: .prefixedNo, help: "markdown: end with the talks' abstracts.") var abstracts = true

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        guard let schedule = try db.storedSchedule() else {
            throw SeminarError.conflict("there is no schedule yet: run `seminar schedule generate --day DATE` first")
        }
        for note in try db.scheduleDrift() { Terminal.warn("warning: " + note) }
        let formatter = AgendaFormatter(title: info.title, term: info.term, time: info.time)
        let text: String
        switch format {
        case .text:
            text = formatter.text(
                schedule.agenda, style: output == nil ? Terminal.style : .plain,
                width: output == nil ? Terminal.width : nil)
        case .markdown: text = formatter.markdown(schedule.agenda, abstracts: abstracts)
        case .csv: text = formatter.rows(schedule.agenda).csv()
        case .json: text = formatter.rows(schedule.agenda).json()
        case .ics:
            let token = SeminarTime.storageString(info.createdAt).filter { $0.isNumber }
            text = AgendaCalendar(title: info.title, time: info.time, uidToken: token, stamp: schedule.updatedAt)
                .document(schedule.agenda)
        }
        guard let output else {
            Terminal.write(text)
            return
        }
        try UserFile.write(Data(text.utf8), to: output)
        Terminal.line("Wrote \(output) (\(schedule.agenda.talks.count) talks, \(format.rawValue)).")
    }
}

struct ScheduleMove: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move a student's talk to another time (and room).",
        discussion:
            "Refused (exit 65, nothing changed) when the talk would overlap another talk, run into a break or lunch, leave its day's hours, double-book a room, or fall at a time the student is unavailable."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(
        help: ArgumentHelp("The new start, e.g. 2025-02-14T11:00 (the seminar's time zone).", valueName: "datetime"))
    var datetime: String
    @Option(help: "The room (default: the day's room).") var room: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let time = info.time
        guard let (start, precision) = time.parse(datetime), precision == .minute else {
            throw SeminarError.invalidValue(
                "'\(datetime)' is not a start time: write 2025-02-14T11:00 (\(time.timeZone.identifier))")
        }
        if let room, !Validation.isValidName(room) {
            throw SeminarError.invalidValue("the room name must not be empty")
        }
        let calendar = time.calendarInZone
        let agenda = try db.editSchedule { agenda, unavailability in
            try AgendaEditor.move(
                agenda, student: student, to: start, room: room, unavailability: unavailability, calendar: calendar)
        }
        let talk = agenda.talk(of: student)!
        let f = AgendaFormatter(title: info.title, term: info.term, time: time)
        Terminal.line(
            "Moved \(student)'s talk (\(talk.talk!.speaker)) to \(talk.day.short(calendar: calendar)) \(f.span(talk)) in \(talk.room)."
        )
    }
}

struct ScheduleSwap: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "swap",
        abstract: "Exchange the times (and rooms) of two students' talks.",
        discussion:
            "Refused (exit 65, nothing changed) when either student is unavailable at the other's time or a talk would no longer fit its new slot."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "One student's id.") var first: String
    @Argument(help: "The other student's id.") var second: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let calendar = info.time.calendarInZone
        let agenda = try db.editSchedule { agenda, unavailability in
            try AgendaEditor.swap(agenda, first, second, unavailability: unavailability, calendar: calendar)
        }
        let f = AgendaFormatter(title: info.title, term: info.term, time: info.time)
        for id in [first, second] {
            let t = agenda.talk(of: id)!
            Terminal.line("\(id) (\(t.talk!.speaker)): \(t.day.short(calendar: calendar)) \(f.span(t)) in \(t.room)")
        }
    }
}

struct ScheduleBlock: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "block",
        abstract: "Record a time a student cannot present; generate and move respect it.",
        discussion: """
            WHEN is a day (2025-02-13, the whole day), days (2025-02-13/2025-02-14), or a range of times \
            (2025-02-13T09:00/2025-02-13T12:00, or 2025-02-13T09:00/12:00), in the seminar's time zone.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: ArgumentHelp("The day or range of times.", valueName: "when")) var when: String
    @Option(help: "Why, for the record (e.g. \"exam\").") var reason: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let time = info.time
        guard let range = Unavailability.parseRange(when, time: time) else {
            throw SeminarError.invalidValue(
                "'\(when)' is not a day or range: write 2025-02-13, 2025-02-13/2025-02-14 or 2025-02-13T09:00/12:00 (\(time.timeZone.identifier))"
            )
        }
        if let reason, !Validation.isValidName(reason) {
            throw SeminarError.invalidValue("the reason must be one line of text")
        }
        let u = Unavailability(studentID: student, start: range.start, end: range.end, reason: reason)
        let calendar = time.calendarInZone
        let added = try db.addUnavailability(u)
        let name = try db.student(student).name
        Terminal.line(
            added
                ? "\(student) (\(name)) is unavailable \(u.describe(calendar: calendar))."
                : "Already recorded: \(student) is unavailable \(u.describe(calendar: calendar)).")
        if let slot = try db.presentationSlot(student: student), u.overlaps(slot.start, slot.end) {
            Terminal.warn(
                "warning: \(student)'s talk (\(time.formatLocal(slot.start))) is at that time: "
                    + "move it (seminar schedule move \(student) DATETIME) or generate the schedule again")
        }
    }
}

struct ScheduleUnblock: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "unblock",
        abstract: "Remove a student's unavailable times (those overlapping WHEN, or all).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: ArgumentHelp("Only times overlapping this day or range.", valueName: "when")) var when: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var range: (start: Date, end: Date)?
        if let when {
            guard let r = Unavailability.parseRange(when, time: time) else {
                throw SeminarError.invalidValue(
                    "'\(when)' is not a day or range: write 2025-02-13 or 2025-02-13T09:00/12:00")
            }
            range = r
        }
        let n = try db.removeUnavailability(student: student, overlapping: range)
        Terminal.line(
            n == 0
                ? "\(student) had no unavailable time\(when == nil ? "" : " then"); nothing changed."
                : "Removed \(n) unavailable time\(n == 1 ? "" : "s") of \(student).")
    }
}

struct ScheduleBlocks: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "blocks", abstract: "List the times students cannot present.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: ["student", "name", "from", "until", "when", "reason"])
        for v in try db.unavailabilityList() {
            let u = v.unavailability
            rows.append([
                .text(u.studentID), .text(v.studentName), .text(time.formatLocal(u.start)),
                .text(time.formatLocal(u.end)),
                .text(u.describe(calendar: time.calendarInZone)), Cell(u.reason),
            ])
        }
        output.print(rows)
    }
}
