import ArgumentParser

struct StudentRemoveCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Erase a student and all their data.",
        discussion:
            "Deletes the student with their forms, assignment, submissions and the files they handed in, extensions, grades and mail records; the freed space in the seminar file is overwritten. This cannot be undone: take a `seminar backup` first if in doubt."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var id: String

    func execute(in context: CommandContext) throws {
        let removed = try context.database().removeStudent(id)
        let detail = removed.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        Terminal.line("Erased student \(id)" + (detail.isEmpty ? "." : " and their records (\(detail))."))
    }
}
