import ArgumentParser
import Foundation
import SeminarCore
import SeminarStore

struct DeadlineTemplateCommand: SeminarCommand {
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
        let overrides: [(DeadlineKind, String?)] = [
            (.preferences, preferences), (.deregistration, deregistration), (.report, report),
            (.slides, slides), (.presentation, presentation),
        ]
        guard let entries = TermTimeline.entries(term: termName, overrides: overrides) else {
            throw SeminarError.invalidValue(
                "'\(shown: termName)' is not a winter term (like \"Winter 2024/25\"): the usual timeline is for winter terms; give every date (--preferences, --deregistration, --report, --slides, --presentation) or use `seminar deadline add`"
            )
        }
        var parsed: [(DeadlineKind, Date)] = []
        for e in entries {
            parsed.append((e.kind, try parseDate(e.date, in: time, what: "the \(e.kind.rawValue) date")))
        }
        parsed.sort { $0.1 < $1.1 }
        let result = try db.addTimeline(parsed, dryRun: dryRun, now: context.now)
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
