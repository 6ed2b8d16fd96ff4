import ArgumentParser
import SeminarCore

/// `seminar schedule …`: the block-seminar agenda and students' unavailable times.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "The block-seminar agenda: generate, show, move, swap; students' unavailable times.",
        subcommands: [
            ScheduleGenerateCommand.self, ScheduleShowCommand.self, ScheduleMoveCommand.self,
            ScheduleSwapCommand.self, ScheduleBlockCommand.self, ScheduleUnblockCommand.self,
            ScheduleBlocksCommand.self,
        ])
}

extension SchedulePlan.TopicOrder: ExpressibleByArgument {}
extension SchedulePlan.Fill: ExpressibleByArgument {}
