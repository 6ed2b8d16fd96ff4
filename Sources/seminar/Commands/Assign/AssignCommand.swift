import ArgumentParser
import SeminarApp
import SeminarCore

extension MatchingMethod: ExpressibleByArgument {}
extension CostModel: ExpressibleByArgument {}

/// `--format` of `assign`: the histogram picture or every pair as JSON.
enum AssignFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

struct AssignCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Match every enrolled student to a paper: optimal, explainable, reproducible.",
        discussion: """
            Methods: optimal (default: minimum total cost, rank r costs r², a paper not on the form \
            4·(k+1)², k = most choices on any form), rank-maximal (most 1st choices, then most 2nd, ...), \
            fair (the worst rank anyone gets as good as possible, then minimum cost), serial-dictatorship \
            (random priority order from --seed; each student takes their best paper still free). \
            Pinned pairs (assignment set) are kept; students without a form get a paper too and are flagged. \
            The same inputs and --seed give the same result. Every run is recorded; --dry-run saves nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "optimal, rank-maximal, fair or serial-dictatorship.") var method: MatchingMethod = .optimal
    @Option(help: "Breaks ties between equally good matchings (and orders serial dictatorship).") var seed: UInt64 = 1
    @Option(
        help: ArgumentHelp("Cost model for optimal and fair: quadratic, linear or exponential.", valueName: "model"))
    var cost: CostModel = .quadratic
    @Flag(help: "Show the result without saving it.") var dryRun = false
    @Option(help: "Output: text (with the rank histogram) or json (every pair).") var format: AssignFormat = .text
    @Option(help: ArgumentHelp("Explain why this student gets their paper (saves nothing).", valueName: "student"))
    var explain: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let options = Assigner.Options(method: method, seed: seed, cost: cost)
        if let explain {
            let (outcome, e) = try AssignmentRun.explain(student: explain, in: db, options: options)
            let report = AssignReport(outcome: outcome, style: Terminal.style)
            Terminal.write(format == .json ? report.explanationJSON(e) : report.explanation(e))
            return
        }
        let outcome = try AssignmentRun.run(in: db, options: options, dryRun: dryRun, now: context.now)
        let report = AssignReport(outcome: outcome, style: Terminal.style)
        switch format {
        case .json: Terminal.write(report.json(dryRun: dryRun))
        case .text: Terminal.write(report.text(dryRun: dryRun, width: Terminal.width ?? 80))
        }
    }
}
