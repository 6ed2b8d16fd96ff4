import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

struct DeadlineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadline",
        abstract: "The term's deadlines: add, list, remove, fill in the usual timeline, export to a calendar.",
        subcommands: [
            DeadlineAdd.self, DeadlineList.self, DeadlineRemove.self, DeadlineTemplate.self, DeadlineExport.self,
        ])
}

extension DeadlineKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct DeadlineAdd: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a deadline.",
        discussion: """
            KIND is preferences, deregistration, report, slides, presentation or other. DATE is read in the \
            seminar's time zone: 2025-01-15 means the end of that day (23:59), 2025-02-13T09:00 that minute. \
            It is stored as a UTC instant, so a daylight-saving change before it does not move it.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "preferences, deregistration, report, slides, presentation or other.") var kind: DeadlineKind
    @Argument(help: "When it is due, e.g. 2025-01-15 or 2025-02-13T09:00.") var date: String
    @Option(help: "A title for calendars and mails (default: one for the kind).") var title: String?

    func execute(in context: CommandContext) throws {
        let title = self.title?.trimmingCharacters(in: .whitespaces)
        if let title {
            if title.isEmpty {
                throw SeminarError.invalidValue(
                    "the title is blank: give a title, or leave out --title for the kind's own")
            }
            if title.utf8.count > 800 {
                throw SeminarError.invalidValue(
                    "the title is too long (\(title.utf8.count) bytes; at most 800): shorten it")
            }
            if !Validation.isValidName(title) {
                throw SeminarError.invalidValue("the title must not contain control characters or line breaks")
            }
        }
        let db = try context.database()
        let time = try db.seminarInfo().time
        let due = try parseDate(date, in: time, what: "the date")
        let d = try db.addDeadline(kind: kind, due: due, title: title)
        Terminal.line("Added deadline \(d.id): \(d.displayTitle), due \(time.formatLong(d.due)).")
        if due < context.now { Terminal.warn("warning: that date is in the past") }
    }
}

struct DeadlineList: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the deadlines, or write them as iCalendar.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, ics }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: table, csv, json or ics (iCalendar, for calendar programs).") var format: Format =
        .table

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let deadlines = try db.deadlines()
        if format == .ics {
            Terminal.write(DeadlineExport.calendar(deadlines, info: info))
            return
        }
        let time = info.time
        let now = context.now
        var rows = RowSet(columns: ["id", "kind", "title", "due", "due_utc", "left"])
        for d in deadlines {
            let left = d.due > now ? SeminarTime.describeInterval(d.due.timeIntervalSince(now)) : "passed"
            rows.append([
                .int(Int(d.id)), .text(d.kind.rawValue), .text(d.displayTitle), .text(time.formatLocal(d.due)),
                .text(SeminarTime.storageString(d.due)), .text(left),
            ])
        }
        switch format {
        case .csv: Terminal.write(rows.csv())
        case .json: Terminal.write(rows.json())
        case .table, .ics: Terminal.write(rows.table(width: Terminal.width, style: Terminal.style))
        }
    }
}

struct DeadlineRemove: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a deadline.",
        discussion: "Its reminder records go with it; submissions stay.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deadline's id (see `seminar deadline list`).") var id: Int64

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        let (d, reminders) = try db.removeDeadline(id: id)
        Terminal.line(
            "Removed deadline \(d.id): \(d.displayTitle), \(time.formatLocal(d.due))"
                + (reminders > 0 ? " (and \(reminders) reminder records)." : "."))
    }
}

struct DeadlineTemplate: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "template", abstract: "Fill in the seminar's usual timeline for a winter term.",
        discussion: """
            As the seminar runs it: preference form due 31 August, de-registration 1 November, report and \
            slides 15 January, final presentations on the Thursday on or before 15 February from 09:00. \
            Kinds that already have a deadline are kept. Override any date with its option.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The term, e.g. \"Winter 2024/25\" (default: the seminar's term).") var term: String?
    @Option(help: "Preference form deadline.") var preferences: String?
    @Option(help: "De-registration deadline.") var deregistration: String?
    @Option(help: "Report deadline.") var report: String?
    @Option(help: "Slides deadline.") var slides: String?
    @Option(help: "Presentation day and time.") var presentation: String?
    @Flag(help: "Show the timeline without saving it.") var dryRun = false

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let time = info.time
        let termName = term ?? info.term
        var entries: [TermTimeline.Entry]
        if let year = TermTimeline.winterStartYear(termName) {
            entries = TermTimeline.winter(startYear: year)
        } else {
            guard [preferences, deregistration, report, slides, presentation].allSatisfy({ $0 != nil }) else {
                throw SeminarError.invalidValue(
                    "'\(termName)' is not a winter term (like \"Winter 2024/25\"): the usual timeline is for winter terms; give every date (--preferences, --deregistration, --report, --slides, --presentation) or use `seminar deadline add`"
                )
            }
            entries = []
        }
        let overrides: [(DeadlineKind, String?)] = [
            (.preferences, preferences), (.deregistration, deregistration), (.report, report),
            (.slides, slides), (.presentation, presentation),
        ]
        for (kind, value) in overrides {
            guard let value else { continue }
            entries.removeAll { $0.kind == kind }
            entries.append(.init(kind: kind, date: value))
        }
        var parsed: [(DeadlineKind, Date)] = []
        for e in entries {
            parsed.append((e.kind, try parseDate(e.date, in: time, what: "the \(e.kind.rawValue) date")))
        }
        parsed.sort { $0.1 < $1.1 }
        let result = try db.addTimeline(parsed, dryRun: dryRun)
        let verb = dryRun ? "Would add" : "Added"
        for d in result.added {
            Terminal.line(
                "\(verb) \(d.kind.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(time.formatLong(d.due))"
            )
        }
        for d in result.kept {
            Terminal.line(
                "Kept  \(d.kind.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(time.formatLong(d.due)) (already set; change it with deadline remove/add)"
            )
        }
    }
}

struct DeadlineExport: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the deadlines as an iCalendar (.ics) file.",
        discussion:
            "Calendar programs (Thunderbird, Outlook, Google Calendar, Apple Calendar) import it; each deadline has a stable UID, so importing again updates rather than duplicates."
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .shortAndLong, help: "Write to this file (default: standard output).") var output: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let deadlines = try db.deadlines()
        let text = Self.calendar(deadlines, info: info)
        guard let output else {
            Terminal.write(text)
            return
        }
        try UserFile.write(Data(text.utf8), to: output)
        Terminal.line("Wrote \(output) (\(deadlines.count) deadlines).")
    }

    static func calendar(_ deadlines: [Deadline], info: SeminarInfo) -> String {
        let writer = ICalendarWriter(
            calendarName: "\(info.title) (\(info.term))", timeZone: info.time.timeZone, stamp: Date())
        // UIDs stay the same across exports: the seminar's identity plus the deadline id.
        let seminarID = String(
            SHA256.hex(Data("\(info.title)\n\(info.term)\n\(SeminarTime.storageString(info.createdAt))".utf8)).prefix(
                16))
        let events = deadlines.map { d in
            ICalendarWriter.Event(
                uid: "deadline-\(d.id)-\(seminarID)@seminar", start: d.due,
                summary: "\(d.displayTitle) — \(info.title)",
                description:
                    "\(info.title), \(info.term): \(d.displayTitle) (\(d.kind.rawValue)), due \(info.time.formatLong(d.due)).",
                category: d.kind.rawValue, alarmMinutesBefore: 24 * 60)
        }
        return writer.document(events)
    }
}
