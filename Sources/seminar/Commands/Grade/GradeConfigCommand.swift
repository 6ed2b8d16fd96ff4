import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct GradeConfigCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change the grading rules: components and weights, scale, rounding, attendance.",
        discussion: """
            --component NAME:WEIGHT[:optional], repeatable: the components replace the current ones, and their \
            weights (whole percent) must add up to 100, e.g. --component report:30 --component presentation:60 \
            --component participation:10. An optional component that is missing is left out of the mean. \
            --scale german (default), percentage (0–100, pass mark 50 unless --pass-mark) or points (--max, \
            --pass-mark). --rounding nearest (default: the nearest grade, ties to the better one) or truncate \
            (digits after the first decimal dropped). --attendance required (default: a talk missed without \
            an excuse leaves the student incomplete, with no final grade, and fails them when the term is \
            closed), warn (the grade stands; every grade output flags the missed talks) or off. Only days \
            with attendance recorded are judged; seminar attend excuse excuses an absence. Changes are \
            recorded in the history; a change that would orphan recorded grades is refused.
            """)

    enum ScaleName: String, ExpressibleByArgument { case german, percentage, points }

    @OptionGroup var global: GlobalOptions
    @Option(
        help: ArgumentHelp(
            "A component and its weight in percent, e.g. report:40 (repeatable).", valueName: "name:weight"))
    var component: [String] = []
    @Option(help: "The scale: german, percentage or points.") var scale: ScaleName?
    @Option(help: ArgumentHelp("Points scale: the highest score, e.g. 60.", valueName: "points")) var max: String?
    @Option(help: ArgumentHelp("Points/percentage scale: the lowest passing score.", valueName: "points")) var passMark:
        String?
    @Option(help: "How the mean becomes the final grade.") var rounding: RoundingRule?
    @Option(help: "What a talk missed without excuse does: required, warn or off.") var attendance: AttendanceRule?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let current = try db.gradingPolicy()
        var policy = current
        if !component.isEmpty { policy.components = try GradingPolicy.parseComponents(component) }
        if let rounding { policy.rounding = rounding }
        if let attendance { policy.attendance = attendance }
        policy.scale = try newScale(current: current.scale)
        if policy != current {
            try GradingRules.change(db, to: policy, by: context.user, now: context.now)
            Terminal.line("Grading rules changed.")
        }
        Terminal.line(
            "components  "
                + policy.components.map { "\($0.name) \($0.weight) %" + ($0.required ? "" : " (optional)") }.joined(
                    separator: ", "))
        Terminal.line("scale       \(policy.scale.name)")
        Terminal.line("rounding    \(policy.rounding.rawValue)")
        Terminal.line("attendance  \(policy.attendance.rawValue) (\(policy.attendance.explanation))")
        let closed = try db.gradingClosedAt().map { "closed " + (try db.seminarInfo().time.formatLocal($0)) }
        Terminal.line("term        " + (closed ?? "open"))
    }

    /// The scale the options ask for: `current` unless --scale, --max or --pass-mark change it.
    func newScale(current: GradeScale) throws(SeminarError) -> GradeScale {
        let maxPoints = try points(max, "--max")
        let pass = try points(passMark, "--pass-mark")
        let scale: GradeScale
        switch self.scale {
        case .german:
            if maxPoints != nil || pass != nil {
                throw .usage("--max and --pass-mark are for the points and percentage scales")
            }
            scale = .german
        case .percentage:
            if maxPoints != nil {
                throw .usage("a percentage goes up to 100; use --scale points --max N for another maximum")
            }
            scale = .points(max: 1000, pass: pass ?? 500)
        case .points:
            var currentMax: Tenths?
            if case .points(let m, _) = current { currentMax = m }
            guard let m = maxPoints ?? currentMax else {
                throw .usage("--scale points needs --max, e.g. --max 60")
            }
            scale = .points(max: m, pass: pass ?? m / 2)
        case nil:
            if case .points(let m, let p) = current, maxPoints != nil || pass != nil {
                scale = .points(max: maxPoints ?? m, pass: pass ?? p)
            } else if maxPoints != nil || pass != nil {
                throw .usage("--max and --pass-mark need --scale points or percentage")
            } else {
                scale = current
            }
        }
        if case .points(let m, let p) = scale {
            if m == 0 { throw .invalidValue("--max must be more than 0 points") }
            if p > m {
                throw .invalidValue(
                    "the pass mark must be between 0 and the maximum (\(GradeScale.plain(m)))")
            }
        }
        return scale
    }

    func points(_ raw: String?, _ what: String) throws(SeminarError) -> Tenths? {
        guard let raw else { return nil }
        guard let t = GradeScale.parseTenths(raw) else {
            throw .invalidValue("\(what) '\(shown: raw)' is not a number of points (at most one decimal)")
        }
        return t
    }
}
