import ArgumentParser
import SeminarApp

struct PrefsSetCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set one student's ranked list by hand (first = most wanted).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(help: "Papers by id or exact title, most wanted first.") var papers: [String]

    func execute(in context: CommandContext) throws {
        let ids = try PreferenceEdit.set(student: student, papers: papers, in: context.database(), now: context.now)
        let list = ids.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: ", ")
        Terminal.line("Preferences of \(student): \(list).")
    }
}
