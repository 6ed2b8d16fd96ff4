import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `attend excuse STUDENT DAY|TALK --reason TEXT`: an excused absence.
struct AttendExcuseCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "excuse",
        abstract: "Excuse a student's absence from a day or a talk (e.g. a medical certificate).",
        discussion: """
            An excused absence counts as attended for the grading's attendance rule (grade config \
            --attendance) and shows as excused in attendance report. DAY|TALK is a day of the block \
            seminar (2025-02-14: every talk of that day) or one talk, named by its speaker's id or its paper's \
            id. Excusing the same absence again replaces the reason. Every excuse is kept in the student's \
            grade history; seminar attend unexcuse withdraws one.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(
        help: ArgumentHelp(
            "The day (2025-02-14), or the talk: its speaker's id or its paper's id.", valueName: "day|talk"))
    var dayOrTalk: String
    @Option(help: ArgumentHelp("Why, for the record (e.g. \"medical certificate\").", valueName: "text"))
    var reason: String

    func execute(in context: CommandContext) throws {
        let r = try AttendanceExcusing.excuse(
            try context.database(), student: student, dayOrTalk: dayOrTalk, reason: reason, by: context.user,
            now: context.now)
        let who = "\(r.student) \(shown: r.name)"
        switch r.change {
        case .unchanged?: Terminal.line("Already excused: \(who), \(r.what); nothing changed.")
        case .reasonChanged(let old)?:
            Terminal.line("Excused \(who), \(r.what): \(shown: reason) (the reason was: \(shown: old)).")
        default: Terminal.line("Excused \(who), \(r.what): \(shown: reason).")
        }
        AttendExcuseCommand.explain(r)
    }

    /// What the change means: a signature that makes it moot, the rule, the grade.
    static func explain(_ r: AttendanceExcusing.Result) {
        if r.signedIn {
            Terminal.say(
                "Note: \(r.student) signed in on that day, so the excuse changes nothing unless the signature is taken back."
            )
        }
        guard r.rule != .off else {
            Terminal.say(
                "Note: the attendance rule is off (seminar grade config --attendance), so grades do not change.")
            return
        }
        guard let after = r.after, after.status != .withdrawn else { return }
        if r.before != after {
            Terminal.say(
                "Final: " + describeOutcome(after, scale: r.scale)
                    + (r.before.map { ", was " + describeOutcome($0, scale: r.scale) } ?? "") + ".")
        }
    }
}

/// `attend unexcuse STUDENT DAY|TALK`: an excuse withdrawn (given for the wrong day or student).
struct AttendUnexcuseCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "unexcuse",
        abstract: "Withdraw an excuse given with seminar attend excuse.",
        discussion: "The withdrawal is kept in the student's grade history, with the reason the excuse had.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The student's id.") var student: String
    @Argument(
        help: ArgumentHelp("The day or talk the excuse was given for, as with attend excuse.", valueName: "day|talk"))
    var dayOrTalk: String

    func execute(in context: CommandContext) throws {
        let r = try AttendanceExcusing.withdraw(
            try context.database(), student: student, dayOrTalk: dayOrTalk, by: context.user, now: context.now)
        let who = "\(r.student) \(shown: r.name)"
        guard let old = r.withdrawnReason else {
            Terminal.line("\(who) has no excuse for \(r.what); nothing changed.")
            return
        }
        Terminal.line("Withdrew the excuse of \(who) for \(r.what) (\(shown: old)).")
        AttendExcuseCommand.explain(r)
    }
}
