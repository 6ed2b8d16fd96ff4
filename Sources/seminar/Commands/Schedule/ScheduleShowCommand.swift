import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarFiles
import SeminarStore

/// `schedule show`: the agenda as text, Markdown, CSV, JSON, iCalendar or a web page.
struct ScheduleShowCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the agenda: text, Markdown, CSV, JSON, iCalendar or a web page.",
        discussion: """
            text draws each day with a bar per talk and pause; markdown is a programme with a table per \
            day and the abstracts; csv and json have one row per talk, break and lunch (day, start, end, \
            kind, room, student, name, paper, title, topic, manual); ics is an RFC 5545 calendar with one \
            event per talk (room, speaker, paper and abstract), times in the seminar's time zone; html is \
            the programme as one self-contained web page for the chair's website (each day with its \
            sessions by topic, pauses, and each talk with speaker, paper, authors, venue, links and the \
            abstract folded; prints on A4), with --intro FILE.md above it.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, markdown, csv, json, ics, html }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Output format: text, markdown, csv, json, ics or html.") var format: Format = .text
    @Option(
        help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"),
        completion: .file(extensions: ["md", "csv", "json", "ics", "txt", "html"]))
    var output: String?
    @Flag(inversion: .prefixedNo, help: "markdown: end with the talks' abstracts.") var abstracts = true
    @OptionGroup var page: PageOptions

    func validate() throws { try page.check(isHTML: format == .html) }

    func execute(in context: CommandContext) throws {
        let intro = format == .html ? try page.introText() : nil
        let db = try context.database()
        let info = try db.seminarInfo()
        let schedule = try ScheduleOverview.current(db)
        for note in try ScheduleOverview.drift(db) { Terminal.warn("warning: \(note)") }
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
        case .html:
            text = ProgrammePage(title: info.title, term: info.term, time: info.time, intro: intro)
                .html(schedule.agenda)
        }
        guard let output else {
            Terminal.write(text)
            return
        }
        try UserFile.write(Data(text.utf8), to: output)
        Terminal.line("Wrote \(output) (\(schedule.agenda.talks.count) talks, \(format.rawValue)).")
    }
}
