import ArgumentParser
import SeminarCore
import SeminarStore

struct AssignmentListCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List who has which paper.",
        discussion: "rank is the paper's place on the student's form, empty when it was not on it.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        var rows = RowSet(columns: ["student", "name", "paper", "title", "rank", "pinned", "no_form"])
        for a in try db.assignmentViews() {
            rows.append([
                .text(a.studentID), .text(a.studentName), .text(a.paperID), .text(a.paperTitle), Cell(a.rank),
                .bool(a.pinned), .bool(a.noForm),
            ])
        }
        output.print(rows)
    }
}
