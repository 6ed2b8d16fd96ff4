import ArgumentParser
import SeminarCore

struct RemindTemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "The text of the reminders: show, replace or reset the template of a deadline kind.",
        discussion: """
            A template is Mustache text whose first line is `Subject: ...`, then an empty line, then the body. \
            Variables: \(ReminderTemplate.variables.map { "{{\($0)}}" }.joined(separator: " ")). \
            {{#paper_title}}...{{/paper_title}} shows its content only when the student has a paper. \
            `slot` is the student's presentation slot once the schedule assigns one.
            """,
        subcommands: [
            RemindTemplateListCommand.self, RemindTemplateShowCommand.self, RemindTemplateSetCommand.self,
            RemindTemplateResetCommand.self, RemindTemplatePreviewCommand.self,
        ])
}
