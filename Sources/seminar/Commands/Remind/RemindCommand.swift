import ArgumentParser

struct RemindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "Mail students who still owe something due soon (for cron), configure reminders and their text.",
        discussion: """
            `seminar remind` alone runs the reminders: made for cron, it prints nothing when there is nothing \
            to do. Exit status 0 all sent, 75 the mail server could not be reached (the next run retries), \
            1 a mail was refused or the transport is misconfigured, 64 reminders are due but no sender is set.
            """,
        subcommands: [
            RemindRunCommand.self, RemindConfigCommand.self, RemindTemplateCommand.self, RemindLogCommand.self,
        ],
        defaultSubcommand: RemindRunCommand.self)
}
