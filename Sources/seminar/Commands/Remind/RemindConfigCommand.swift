import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarMail
import SeminarStore

/// A setting given on the command line: a value, or an empty text to remove the setting.
enum SettingChange<Value: ExpressibleByArgument>: ExpressibleByArgument {
    case remove
    case set(Value)

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            self = .remove
        } else if let value = Value(argument: text) {
            self = .set(value)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { Value.allValueStrings }

    /// The new value of the setting: nil when it is removed.
    func map<T>(_ transform: (Value) throws -> T) rethrows -> T? {
        switch self {
        case .remove: return nil
        case .set(let value): return try transform(value)
        }
    }
}

struct RemindConfigCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show or change who reminders come from, when they go out, and how.",
        discussion: """
            Without options, shows the settings. They are stored in the seminar database, so the crontab line \
            can be just `seminar remind`. An empty value (--coordinator "") removes a setting. The SMTP password \
            is never stored: set $SEMINAR_SMTP_PASSWORD or point --smtp-password-file at a file only you can read.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("When to remind before a deadline, e.g. 7d,1d or 3d,12h.", valueName: "list"))
    var windows: SettingChange<String>?
    @Option(
        help: ArgumentHelp(
            "Which deadline kinds get reminders (default: preferences,report,slides,presentation).", valueName: "list"))
    var kinds: SettingChange<String>?
    @Option(help: ArgumentHelp("The sender, e.g. 'TADL Seminar <tadl@example.org>'.", valueName: "address")) var from:
        SettingChange<String>?
    @Option(
        help: ArgumentHelp(
            "The coordinator: Reply-To of the reminders, and receives a digest of each run.", valueName: "address"))
    var coordinator: SettingChange<String>?
    @Option(help: "Default transport.") var transport: SettingChange<MailTransportKind>?
    @Option(help: ArgumentHelp("Default sendmail-compatible command.", valueName: "command")) var sendmailCommand:
        SettingChange<String>?
    @Option(help: ArgumentHelp("Default SMTP server, smtp://HOST:PORT or smtps://HOST:PORT.", valueName: "url"))
    var smtpURL: SettingChange<String>?
    @Option(help: ArgumentHelp("Default SMTP login name.", valueName: "user")) var smtpUser: SettingChange<String>?
    @Option(help: ArgumentHelp("A file holding the SMTP password.", valueName: "path"), completion: .file())
    var smtpPasswordFile: SettingChange<String>?
    @Option(help: ArgumentHelp("Default STARTTLS mode on smtp://.", valueName: "mode")) var smtpTLS:
        SettingChange<SMTPTLSMode>?
    @Option(
        help: ArgumentHelp("CA certificates (PEM) to trust for the SMTP server.", valueName: "path"),
        completion: .file(extensions: ["pem", "crt"]))
    var smtpCAFile: SettingChange<String>?
    @Option(help: ArgumentHelp("Default Maildir folder.", valueName: "dir"), completion: .directory) var maildir:
        SettingChange<String>?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        var settings = try db.reminderSettings()
        let changed = try apply(to: &settings)
        if changed {
            try db.saveReminderSettings(settings)
            Terminal.line("Saved. Reminders are now configured as:")
        }
        for (k, v) in Self.describe(settings) {
            Terminal.line("  " + k.padding(toLength: 14, withPad: " ", startingAt: 0) + v)
        }
    }

    /// Applies the options given; true when any was.
    private func apply(to s: inout ReminderSettings) throws -> Bool {
        if let windows {
            guard let w = windows.map({ $0 }) else {
                throw SeminarError.invalidValue("give at least one reminder window, e.g. --windows 7d,1d")
            }
            s.windows = try ReminderWindow.parseList(w).get()
        }
        if let kinds { s.kinds = try kinds.map(Self.kinds) ?? [] }
        if let from { s.from = try from.map { try Self.address($0, "--from") } }
        if let coordinator { s.coordinator = try coordinator.map { try Self.address($0, "--coordinator") } }
        if let transport { s.transport = transport.map { $0 } }
        if let sendmailCommand { s.sendmailCommand = sendmailCommand.map { $0 } }
        if let smtpURL {
            s.smtpURL = try smtpURL.map { url in
                if let problem = SMTPTransport.validate(url: url) { throw SeminarError.invalidValue(problem) }
                return url
            }
        }
        if let smtpUser { s.smtpUser = smtpUser.map { $0 } }
        // cron runs elsewhere: files and folders are kept as absolute paths.
        if let smtpPasswordFile { s.smtpPasswordFile = smtpPasswordFile.map(UserFile.absolute) }
        if let smtpTLS { s.smtpTLS = smtpTLS.map { $0 } }
        if let smtpCAFile { s.smtpCAFile = smtpCAFile.map(UserFile.absolute) }
        if let maildir { s.maildir = maildir.map(UserFile.absolute) }
        let given: [Any?] = [
            windows, kinds, from, coordinator, transport, sendmailCommand, smtpURL, smtpUser, smtpPasswordFile,
            smtpTLS, smtpCAFile, maildir,
        ]
        return given.contains { $0 != nil }
    }

    private static func kinds(_ list: String) throws -> [DeadlineKind] {
        var kinds: [DeadlineKind] = []
        for part in list.split(separator: ",") {
            guard let kind = DeadlineKind.parse(String(part)) else {
                throw SeminarError.invalidValue("'\(shown: part)' is not a deadline kind: use \(DeadlineKind.list)")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }

    private static func address(_ value: String, _ what: String) throws -> MailAddress {
        guard let a = MailAddress.parse(value) else {
            throw SeminarError.invalidValue(
                "\(what) '\(shown: value)' is not an e-mail address: write name@example.org or 'Name <name@example.org>'"
            )
        }
        return a
    }

    /// The settings as `remind config` shows them, with what an unset one means.
    static func describe(_ s: ReminderSettings) -> [(String, String)] {
        let passwordFromEnvironment = ProcessInfo.processInfo.environment["SEMINAR_SMTP_PASSWORD"] != nil
        return [
            (
                "windows",
                s.windows.map(\.description).joined(separator: ",") + "  ("
                    + s.windows.map(\.spelledOut).joined(separator: " and ") + " before)"
            ),
            ("kinds", s.kinds.map(\.rawValue).joined(separator: ",")),
            ("from", s.from?.description ?? "(not set: reminders cannot be sent)"),
            ("coordinator", s.coordinator?.description ?? "(not set: no Reply-To, no digest)"),
            ("transport", s.transport?.rawValue ?? "sendmail (default)"),
            ("sendmail", s.sendmailCommand ?? "sendmail -t -i (default)"),
            ("smtp url", s.smtpURL ?? "-"),
            ("smtp user", s.smtpUser ?? "-"),
            (
                "smtp password",
                passwordFromEnvironment
                    ? "from $SEMINAR_SMTP_PASSWORD" : s.smtpPasswordFile.map { "from the file \($0)" } ?? "none"
            ),
            ("smtp tls", s.smtpTLS?.rawValue ?? "auto"),
            ("smtp ca file", s.smtpCAFile ?? "system CA certificates"),
            ("maildir", s.maildir ?? "-"),
        ]
    }
}
