import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarMail
import SeminarStore

struct RemindRunCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Send the reminders that are due (the default: `seminar remind`).",
        discussion: """
            Mails each enrolled student who has not handed in what a deadline inside a reminder window asks \
            for (default windows 7 days and 1 day before), once per student, deadline and window, then the \
            coordinator a digest. Safe to run from cron as often as you like and in parallel: see docs/cron.md.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var transportOptions: RemindTransportOptions
    @Option(
        help: "Run as of this moment instead of now, e.g. 2025-01-09T08:00 (windows, time left and the Date header).")
    var now: String?
    @Flag(help: "Print the mails that would be sent; send nothing, record nothing.") var dryRun = false

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let time = try db.seminarInfo().time
        let asOf =
            try now.map { raw throws(SeminarError) in try parseDate(raw, in: time, what: "--now") } ?? context.now
        if dryRun {
            try preview(db, asOf: asOf, clock: context.now, time: time)
            return
        }
        let transport = try transportOptions.make(try db.reminderSettings())
        if let maildir = transport as? MaildirTransport {
            do throws(TransportError) { try maildir.prepare() } catch {
                throw SeminarError.cannotOpen(path: maildir.directory, reason: error.message)
            }
        }
        let report = try ReminderRun(db: db, transport: transport, asOf: asOf).run()
        Self.print(report, via: transport.label)
        if report.exitStatus != .success { throw ExitCode(report.exitStatus.rawValue) }
    }

    /// Prints the mails a run would send, in chunks: at 10,000 students they are 13 MB.
    private func preview(_ db: AppDatabase, asOf: Date, clock: Date, time: SeminarTime) throws {
        var text = ""
        text.reserveCapacity(1 << 20)
        try ReminderRun.preview(db: db, asOf: asOf, clock: clock) { i, count, r, message in
            text += "----- \(i + 1) of \(count): \(r.student.id), \(r.deadline.kind.rawValue), "
            if r.deadline.isExtended { text += "extended to \(time.formatLocal(r.deadline.due)), " }
            text += "\(r.window.spelledOut) before -----\n"
            text += message.preview(timeZone: time.timeZone)
            if text.utf8.count >= 1 << 20 {
                Terminal.write(text)
                text.removeAll(keepingCapacity: true)
            }
        }
        Terminal.write(text)
    }

    /// What the run did: a summary line on stdout, each problem on stderr. Reminders another
    /// run is sending right now are that run's business: stay quiet (cron).
    static func print(_ report: ReminderRun.Report, via label: String) {
        if !report.sent.isEmpty {
            var counts: [(String, Int)] = []
            for m in report.sent {
                guard let r = m.reminder else { continue }
                let label = "\(r.deadline.kind.rawValue) \(r.window)"
                if let i = counts.firstIndex(where: { $0.0 == label }) {
                    counts[i].1 += 1
                } else {
                    counts.append((label, 1))
                }
            }
            Terminal.line(
                "Sent \(report.sent.count) reminder\(report.sent.count == 1 ? "" : "s") via \(label) ("
                    + counts.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + ")"
                    + (report.digestSent ? " and the digest to the coordinator." : "."))
        } else if report.digestSent && !report.rejected.isEmpty {
            Terminal.line(
                "\(report.rejected.count) reminder\(report.rejected.count == 1 ? "" : "s") not delivered; "
                    + "the digest to the coordinator says which.")
        } else if report.digestSent {
            Terminal.line("Sent the coordinator's digest left over from an earlier run.")
        }
        for (m, error) in report.rejected {
            Terminal.warn("error: reminder to \(m.recipient) not delivered: \(error) (retried on the next run)")
        }
        guard let stopped = report.stopped else { return }
        let left = "\(report.deferred) mail\(report.deferred == 1 ? "" : "s") left for the next run"
        switch stopped {
        case .unreachable(let text):
            Terminal.warn("error: the mail server cannot be reached: \(text); \(left) (temporary: try again later)")
        case .misconfigured(let text), .rejected(let text):
            Terminal.warn("error: \(text); \(left)")
        }
    }
}
