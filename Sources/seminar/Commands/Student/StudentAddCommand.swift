import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore

struct StudentAddCommand: SeminarCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add one student.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id (matriculation number; leading zeros are kept).") var id: String
    @Option(help: "Full name.") var name: String
    @Option(help: "E-mail address.") var email: String
    @Option(help: "Degree program.") var program: String?

    func execute(in context: CommandContext) throws {
        guard Validation.isValidID(id) else {
            throw SeminarError.invalidValue("'\(shown: id)' is not a valid id: use letters, digits, '.', '_' or '-'")
        }
        let name = name.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
        if let problem = Validation.nameProblem(name, what: "the name") {
            throw SeminarError.invalidValue(problem)
        }
        if let program, let problem = Validation.textProblem(program, what: "the program", multiline: true) {
            throw SeminarError.invalidValue(problem)
        }
        let email = email.trimmingCharacters(in: .whitespaces)
        guard Validation.isValidEmail(email) else {
            throw SeminarError.invalidValue(
                "'\(shown: email)' is not an e-mail address (\(Validation.emailHint(email)))")
        }
        try RosterEdit.add(
            StudentInput(id: id, name: name, email: email, program: program), in: context.database(), now: context.now)
        Terminal.line("Added student \(id): \(name) <\(email)>.")
    }
}
