import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarFiles
import SeminarMail
import SeminarStore

struct RemindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "Mail students who still owe something due soon (for cron), configure reminders and their text.",
        discussion: """
            `seminar remind` alone runs the reminders: made for cron, it prints nothing when there is nothing \
            to do. Exit status 0 all sent, 75 the mail server could not be reached (the next run retries), \
            1 a mail was refused or the transport is misconfigured, 64 reminders are due but no sender is set.
            """,
        subcommands: [RemindRun.self, RemindConfig.self, RemindTemplate.self, RemindLog.self],
        defaultSubcommand: RemindRun.self)
}

/// How mails leave: chosen on the command line, else in `remind config`, else sendmail.
struct TransportOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable { case sendmail, smtp, maildir }

    @Option(help: "sendmail, smtp or maildir (default: as configured, else sendmail).") var transport: Kind?
    @Option(
        help: ArgumentHelp(
            "The sendmail-compatible command the message is piped to (default: sendmail -t -i).", valueName: "command"))
    var sendmailCommand: String?
    @Option(
        help: ArgumentHelp(
            "smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT (TLS); a user may be given as smtp://USER@HOST:PORT.",
            valueName: "url"))
    var smtpURL: String?
    @Option(
        help: ArgumentHelp(
            "SMTP login name (the password comes from $SEMINAR_SMTP_PASSWORD or --smtp-password-file).",
            valueName: "user"))
    var smtpUser: String?
    @Option(
        help: ArgumentHelp("A file holding the SMTP password (instead of $SEMINAR_SMTP_PASSWORD).", valueName: "path"))
    var smtpPasswordFile: String?
    @Option(
        help: ArgumentHelp(
            "STARTTLS on smtp://: auto (when offered; required with a password), required, off.", valueName: "mode"))
    var smtpTLS: String?
    @Option(
        help: ArgumentHelp(
            "Trust the CA certificates in this PEM file instead of the system's (a relay with a private CA).",
            valueName: "path"))
    var smtpCAFile: String?
    @Option(help: ArgumentHelp("Write the mails into this Maildir folder instead of sending them.", valueName: "dir"))
    var maildir: String?

    func make(_ settings: ReminderSettings) throws(SeminarError) -> any MailTransport {
        let chosen: Kind
        if let transport {
            chosen = transport
        } else if maildir != nil {
            chosen = .maildir
        } else if smtpURL != nil {
            chosen = .smtp
        } else if sendmailCommand != nil {
            chosen = .sendmail
        } else if let configured = settings.transport {
            guard let k = Kind(rawValue: configured) else {
                throw .usage(
                    "the configured transport '\(configured)' is unknown: seminar remind config --transport sendmail|smtp|maildir"
                )
            }
            chosen = k
        } else {
            chosen = .sendmail
        }
        switch chosen {
        case .sendmail:
            let command = (sendmailCommand ?? settings.sendmailCommand ?? "sendmail -t -i").trimmingCharacters(
                in: .whitespaces)
            // `sh -c ""` exits 0: the reminders would be recorded as sent and go nowhere.
            guard !command.isEmpty else {
                throw .usage(
                    "--sendmail-command is empty: give the command the message is piped to, e.g. 'sendmail -t -i' or 'msmtp -t'"
                )
            }
            return SendmailTransport(command: command)
        case .maildir:
            guard let dir = (maildir ?? settings.maildir)?.trimmingCharacters(in: .whitespaces), !dir.isEmpty else {
                throw .usage(
                    "--transport maildir needs a folder: --maildir DIR (or seminar remind config --maildir DIR)")
            }
            return MaildirTransport(directory: dir)
        case .smtp:
            guard let url = smtpURL ?? settings.smtpURL else {
                throw .usage(
                    "--transport smtp needs --smtp-url smtp://HOST:PORT (or seminar remind config --smtp-url ...)")
            }
            if let problem = SMTPTransport.validate(url: url) { throw .usage(problem) }
            let tlsText = smtpTLS ?? settings.smtpTLS ?? "auto"
            guard let tls = SMTPTransport.TLSMode(rawValue: tlsText) else {
                throw .usage("--smtp-tls is auto, required or off, not '\(tlsText)'")
            }
            var user = smtpUser ?? settings.smtpUser
            if user == nil, let u = URLComponents(string: url)?.user, !u.isEmpty {
                user = u.removingPercentEncoding ?? u
            }
            let password = try Self.password(file: smtpPasswordFile ?? settings.smtpPasswordFile)
            if password != nil && user == nil {
                throw .usage("an SMTP password is set but no user: give --smtp-user or smtp://USER@HOST:PORT")
            }
            var clean = URLComponents(string: url)!
            clean.user = nil
            let caFile = smtpCAFile ?? settings.smtpCAFile
            if let caFile { _ = try UserFile.read(caFile) }
            return SMTPTransport(
                url: clean.string ?? url, username: user, password: password, tls: tls,
                envelopeFrom: settings.from?.address ?? "", caFile: caFile)
        }
    }

    /// From $SEMINAR_SMTP_PASSWORD, else the password file (first line); never from argv.
    static func password(file: String?) throws(SeminarError) -> String? {
        if let env = ProcessInfo.processInfo.environment["SEMINAR_SMTP_PASSWORD"], !env.isEmpty { return env }
        guard let file else { return nil }
        let data = try UserFile.read(file)
        let text = String(decoding: data, as: UTF8.self)
        // An emptied file is a mistake, not "no password" (which would also drop the STARTTLS requirement).
        guard
            let first = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(
                String.init),
            !first.isEmpty
        else {
            throw .invalidInput([
                InputError(
                    file: file, line: 1, message: "the SMTP password file is empty",
                    hint: "put the password on its first line, or remove --smtp-password-file")
            ])
        }
        return first
    }
}

struct RemindRun: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Send the reminders that are due (the default: `seminar remind`).",
        discussion: """
            Mails each enrolled student who has not handed in what a deadline inside a reminder window asks \
            for (default windows 7 days and 1 day before), once per student, deadline and window, then the \
            coordinator a digest. Safe to run from cron as often as you like and in parallel: see docs/cron.md.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var transportOptions: TransportOptions
    @Option(
        help: "Run as of this moment instead of now, e.g. 2025-01-09T08:00 (windows, time left and the Date header).")
    var now: String?
    @Flag(help: "Print the mails that would be sent; send nothing, record nothing.") var dryRun = false

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let info = try db.seminarInfo()
        let time = info.time
        let asOf = try now.map { raw throws(SeminarError) in try parseDate(raw, in: time, what: "--now") } ?? Date()
        if dryRun {
            let mails = try ReminderRun.preview(db: db, asOf: asOf)
            for (i, (r, message)) in mails.enumerated() {
                Terminal.line(
                    "----- \(i + 1) of \(mails.count): \(r.student.id), \(r.deadline.kind.rawValue), \(r.window.spelledOut) before -----"
                )
                Terminal.write(message.preview(timeZone: time.timeZone))
            }
            return
        }
        let settings = try db.reminderSettings()
        let transport = try transportOptions.make(settings)
        if let maildir = transport as? MaildirTransport {
            do throws(TransportError) { try maildir.prepare() } catch {
                throw SeminarError.cannotOpen(path: maildir.directory, reason: error.message)
            }
        }
        let report = try ReminderRun(db: db, transport: transport, asOf: asOf).run()
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
                "Sent \(report.sent.count) reminder\(report.sent.count == 1 ? "" : "s") via \(transport.label) ("
                    + counts.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + ")"
                    + (report.digestSent ? " and the digest to the coordinator." : "."))
        } else if report.digestSent && !report.rejected.isEmpty {
            Terminal.line(
                "\(report.rejected.count) reminder\(report.rejected.count == 1 ? "" : "s") not delivered; the digest to the coordinator says which."
            )
        } else if report.digestSent {
            Terminal.line("Sent the coordinator's digest left over from an earlier run.")
        }
        // Reminders another run is sending right now are that run's business: stay quiet (cron).
        for (m, error) in report.rejected {
            Terminal.warn("error: reminder to \(m.recipient) not delivered: \(error) (retried on the next run)")
        }
        if let stopped = report.stopped {
            switch stopped {
            case .unreachable(let text):
                Terminal.warn(
                    "error: the mail server cannot be reached: \(text); \(report.deferred) mail\(report.deferred == 1 ? "" : "s") left for the next run (temporary: try again later)"
                )
                throw ExitCode(ExitStatus.tempFailure.rawValue)
            case .misconfigured(let text), .rejected(let text):
                Terminal.warn(
                    "error: \(text); \(report.deferred) mail\(report.deferred == 1 ? "" : "s") left for the next run")
                throw ExitCode(ExitStatus.failure.rawValue)
            }
        }
        if !report.rejected.isEmpty { throw ExitCode(ExitStatus.failure.rawValue) }
    }
}

struct RemindConfig: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show or change who reminders come from, when they go out, and how.",
        discussion: """
            Without options, shows the settings. They are stored in the seminar database, so the crontab line \
            can be just `seminar remind`. An empty value (--coordinator "") removes a setting. The SMTP password \
            is never stored: set $SEMINAR_SMTP_PASSWORD or point --smtp-password-file at a file only you can read.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("When to remind before a deadline, e.g. 7d,1d or 3d,12h.", valueName: "list"))
    var windows: String?
    @Option(
        help: ArgumentHelp(
            "Which deadline kinds get reminders (default: preferences,report,slides,presentation).", valueName: "list"))
    var kinds: String?
    @Option(help: ArgumentHelp("The sender, e.g. 'TADL Seminar <tadl@example.org>'.", valueName: "address")) var from:
        String?
    @Option(
        help: ArgumentHelp(
            "The coordinator: Reply-To of the reminders, and receives a digest of each run.", valueName: "address"))
    var coordinator: String?
    @Option(help: "Default transport: sendmail, smtp or maildir.") var transport: String?
    @Option(help: ArgumentHelp("Default sendmail-compatible command.", valueName: "command")) var sendmailCommand:
        String?
    @Option(help: ArgumentHelp("Default SMTP server, smtp://HOST:PORT or smtps://HOST:PORT.", valueName: "url"))
    var smtpURL: String?
    @Option(help: ArgumentHelp("Default SMTP login name.", valueName: "user")) var smtpUser: String?
    @Option(help: ArgumentHelp("A file holding the SMTP password.", valueName: "path")) var smtpPasswordFile: String?
    @Option(help: ArgumentHelp("STARTTLS: auto, required or off.", valueName: "mode")) var smtpTLS: String?
    @Option(help: ArgumentHelp("CA certificates (PEM) to trust for the SMTP server.", valueName: "path"))
    var smtpCAFile: String?
    @Option(help: ArgumentHelp("Default Maildir folder.", valueName: "dir")) var maildir: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        var s = try db.reminderSettings()
        var changed = false
        func clean(_ v: String?) -> String?? {
            guard let v else { return .none }
            let t = v.trimmingCharacters(in: .whitespaces)
            return .some(t.isEmpty ? nil : t)
        }
        if let w = clean(windows) {
            guard let w else {
                throw SeminarError.invalidValue("give at least one reminder window, e.g. --windows 7d,1d")
            }
            switch ReminderWindow.parseList(w) {
            case .success(let list): s.windows = list
            case .failure(let e): throw e
            }
            changed = true
        }
        if let k = clean(kinds) {
            var list: [DeadlineKind] = []
            for part in (k ?? "").split(separator: ",") {
                guard let kind = DeadlineKind.parse(String(part)) else {
                    throw SeminarError.invalidValue("'\(part)' is not a deadline kind: use \(DeadlineKind.list)")
                }
                if !list.contains(kind) { list.append(kind) }
            }
            s.kinds = list
            changed = true
        }
        func address(_ raw: String??, _ what: String) throws -> MailAddress?? {
            guard let raw else { return .none }
            guard let value = raw else { return .some(nil) }
            guard let a = MailAddress.parse(value) else {
                throw SeminarError.invalidValue(
                    "\(what) '\(value)' is not an e-mail address: write name@example.org or 'Name <name@example.org>'")
            }
            return .some(a)
        }
        if let a = try address(clean(from), "--from") {
            s.from = a
            changed = true
        }
        if let a = try address(clean(coordinator), "--coordinator") {
            s.coordinator = a
            changed = true
        }
        if let t = clean(transport) {
            if let t, TransportOptions.Kind(rawValue: t) == nil {
                throw SeminarError.invalidValue("--transport is sendmail, smtp or maildir, not '\(t)'")
            }
            s.transport = t
            changed = true
        }
        if let v = clean(sendmailCommand) {
            s.sendmailCommand = v
            changed = true
        }
        if let v = clean(smtpURL) {
            if let v, let problem = SMTPTransport.validate(url: v) { throw SeminarError.invalidValue(problem) }
            s.smtpURL = v
            changed = true
        }
        if let v = clean(smtpUser) {
            s.smtpUser = v
            changed = true
        }
        if let v = clean(smtpPasswordFile) {
            if let v {
                s.smtpPasswordFile =
                    (v as NSString).standardizingPath.hasPrefix("/")
                    ? v : FileManager.default.currentDirectoryPath + "/" + v
            } else {
                s.smtpPasswordFile = nil
            }
            changed = true
        }
        if let v = clean(smtpTLS) {
            if let v, SMTPTransport.TLSMode(rawValue: v) == nil {
                throw SeminarError.invalidValue("--smtp-tls is auto, required or off, not '\(v)'")
            }
            s.smtpTLS = v
            changed = true
        }
        if let v = clean(smtpCAFile) {
            if let v {
                s.smtpCAFile = UserFile.absolute(v)
            } else {
                s.smtpCAFile = nil
            }
            changed = true
        }
        if let v = clean(maildir) {
            // cron runs elsewhere: keep an absolute path.
            if let v {
                s.maildir = UserFile.absolute(v)
            } else {
                s.maildir = nil
            }
            changed = true
        }
        if changed { try db.saveReminderSettings(s) }
        let rows: [(String, String)] = [
            (
                "windows",
                s.windows.map(\.description).joined(separator: ",") + "  ("
                    + s.windows.map(\.spelledOut).joined(separator: " and ") + " before)"
            ),
            ("kinds", s.kinds.map(\.rawValue).joined(separator: ",")),
            ("from", s.from?.description ?? "(not set: reminders cannot be sent)"),
            ("coordinator", s.coordinator?.description ?? "(not set: no Reply-To, no digest)"),
            ("transport", s.transport ?? "sendmail (default)"),
            ("sendmail", s.sendmailCommand ?? "sendmail -t -i (default)"),
            ("smtp url", s.smtpURL ?? "-"),
            ("smtp user", s.smtpUser ?? "-"),
            (
                "smtp password",
                ProcessInfo.processInfo.environment["SEMINAR_SMTP_PASSWORD"].map { _ in "from $SEMINAR_SMTP_PASSWORD" }
                    ?? s.smtpPasswordFile.map { "from the file \($0)" } ?? "none"
            ),
            ("smtp tls", s.smtpTLS ?? "auto"),
            ("smtp ca file", s.smtpCAFile ?? "system CA certificates"),
            ("maildir", s.maildir ?? "-"),
        ]
        if changed { Terminal.line("Saved. Reminders are now configured as:") }
        for (k, v) in rows { Terminal.line("  " + k.padding(toLength: 14, withPad: " ", startingAt: 0) + v) }
    }
}

struct RemindTemplate: ParsableCommand {
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
            RemindTemplateList.self, RemindTemplateShow.self, RemindTemplateSet.self, RemindTemplateReset.self,
            RemindTemplatePreview.self,
        ])
}

struct RemindTemplateList: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Which kinds use the built-in text and which the coordinator's.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions

    func execute(in context: CommandContext) throws {
        let custom = try context.database().customTemplates()
        var rows = RowSet(columns: ["kind", "template", "subject"])
        for kind in DeadlineKind.allCases {
            let source = custom[kind] ?? ReminderTemplate.defaultSource(for: kind)
            let subject =
                source.split(separator: "\n").first.map {
                    String($0.dropFirst("Subject:".count)).trimmingCharacters(in: .whitespaces)
                } ?? ""
            rows.append([.text(kind.rawValue), .text(custom[kind] == nil ? "built-in" : "custom"), .text(subject)])
        }
        output.print(rows)
    }
}

struct RemindTemplateShow: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a kind's template (a good start for your own).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deadline kind.") var kind: DeadlineKind
    @Flag(name: .customLong("default"), help: "The built-in template even when a custom one is set.") var builtIn =
        false

    func execute(in context: CommandContext) throws {
        let custom = builtIn ? nil : try context.database().customTemplate(kind)
        Terminal.write(custom ?? ReminderTemplate.defaultSource(for: kind))
    }
}

struct RemindTemplateSet: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Use the text in FILE for reminders about KIND.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deadline kind.") var kind: DeadlineKind
    @Argument(help: "The template file (UTF-8).") var file: String

    func execute(in context: CommandContext) throws {
        let data = try UserFile.read(file)
        guard let source = String(data: data, encoding: .utf8) else {
            throw SeminarError.invalidInput([InputError(file: file, message: "the template is not UTF-8 text")])
        }
        let template = try ReminderTemplate(source: source, name: file)
        let unknown = Self.unknownVariables(source)
        if !unknown.isEmpty {
            throw SeminarError.invalidInput([
                InputError(
                    file: file,
                    message:
                        "unknown variable\(unknown.count == 1 ? "" : "s") \(unknown.map { "{{\($0)}}" }.joined(separator: ", "))",
                    hint: "known: \(ReminderTemplate.variables.joined(separator: ", "))")
            ])
        }
        try context.database().setCustomTemplate(kind, source: template.source)
        Terminal.line(
            "Reminders about \(kind.rawValue) now use \(file). Preview: seminar remind template preview \(kind.rawValue)"
        )
    }

    /// Names used in `{{...}}` tags that no reminder provides (typos would render as nothing);
    /// partials (`{{> name}}`) too, as there are none to include.
    static func unknownVariables(_ source: String) -> [String] {
        guard
            let regex = try? NSRegularExpression(pattern: #"\{\{\{?\s*[#^/&>]?\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}?\}\}"#)
        else { return [] }
        var out: [String] = []
        for m in regex.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
            guard let r = Range(m.range(at: 1), in: source) else { continue }
            let name = String(source[r])
            if !ReminderTemplate.variables.contains(name) && !out.contains(name) { out.append(name) }
        }
        return out
    }
}

struct RemindTemplateReset: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset", abstract: "Go back to the built-in text for KIND.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deadline kind.") var kind: DeadlineKind

    func execute(in context: CommandContext) throws {
        try context.database().setCustomTemplate(kind, source: nil)
        Terminal.line("Reminders about \(kind.rawValue) use the built-in text again.")
    }
}

struct RemindTemplatePreview: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview", abstract: "Show a reminder about KIND filled in with example values.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deadline kind.") var kind: DeadlineKind

    func execute(in context: CommandContext) throws {
        let source = try context.database().customTemplate(kind) ?? ReminderTemplate.defaultSource(for: kind)
        let template = try ReminderTemplate(source: source)
        var context = ReminderTemplate.sampleContext
        context["deadline_kind"] = kind.rawValue
        context["deadline_title"] = kind.defaultTitle
        guard let (subject, body) = template.message(context) else { return }
        Terminal.write("Subject: \(subject)\n\n\(body)")
    }
}

struct RemindLog: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Every reminder recorded: sent, failed (to be retried), cancelled.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: ListFormatOptions
    @Option(help: "Only rows in this state: claimed, sent, failed, cancelled.") var state: String?

    func execute(in context: CommandContext) throws {
        if let state, !["claimed", "sent", "failed", "cancelled"].contains(state) {
            throw SeminarError.usage("--state is claimed, sent, failed or cancelled, not '\(state)'")
        }
        let db = try context.database()
        let time = try db.seminarInfo().time
        var rows = RowSet(columns: [
            "id", "kind", "student", "name", "deadline", "window", "recipient", "state", "attempts", "sent", "error",
            "message_id",
        ])
        for e in try db.outbox(state: state) {
            rows.append([
                .int(Int(e.id)), .text(e.kind), e.studentID.cell, e.studentName.cell,
                e.deadlineKind.map { k in e.deadlineDue.map { "\(k) \(time.formatDay($0))" } ?? k }.cell,
                e.window.cell, .text(e.recipient), .text(e.state), .int(e.attempts),
                e.sentAt.map { time.formatLocal($0) }.cell, e.lastError.cell, .text(e.messageID),
            ])
        }
        output.print(rows)
    }
}
