import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarMail
import SeminarStore

extension MailTransportKind: ExpressibleByArgument {}
extension SMTPTLSMode: ExpressibleByArgument {}

/// How mails leave: chosen on the command line, else in `remind config`, else sendmail.
struct RemindTransportOptions: ParsableArguments {
    @Option(help: "sendmail, smtp or maildir (default: as configured, else sendmail).") var transport:
        MailTransportKind?
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
        help: ArgumentHelp("A file holding the SMTP password (instead of $SEMINAR_SMTP_PASSWORD).", valueName: "path"),
        completion: .file())
    var smtpPasswordFile: String?
    @Option(
        help: ArgumentHelp(
            "STARTTLS on smtp://; auto: when offered, and required with a password.", valueName: "mode"))
    var smtpTLS: SMTPTLSMode?
    @Option(
        help: ArgumentHelp(
            "Trust the CA certificates in this PEM file instead of the system's (a relay with a private CA).",
            valueName: "path"),
        completion: .file(extensions: ["pem", "crt"]))
    var smtpCAFile: String?
    @Option(
        help: ArgumentHelp("Write the mails into this Maildir folder instead of sending them.", valueName: "dir"),
        completion: .directory)
    var maildir: String?

    /// The transport the options and the stored settings choose.
    func make(_ settings: ReminderSettings) throws(SeminarError) -> any MailTransport {
        switch chosenKind(settings) {
        case .sendmail:
            let command = (sendmailCommand ?? settings.sendmailCommand ?? "sendmail -t -i").trimmingCharacters(
                in: .whitespaces)
            // `sh -c ""` exits 0: the reminders would be recorded as sent and go nowhere.
            guard !command.isEmpty else {
                throw .usage(
                    "--sendmail-command is empty: give the command the message is piped to, "
                        + "e.g. 'sendmail -t -i' or 'msmtp -t'")
            }
            return SendmailTransport(command: command)
        case .maildir:
            guard let dir = (maildir ?? settings.maildir)?.trimmingCharacters(in: .whitespaces), !dir.isEmpty else {
                throw .usage(
                    "--transport maildir needs a folder: --maildir DIR (or seminar remind config --maildir DIR)")
            }
            return MaildirTransport(directory: dir)
        case .smtp:
            return try smtp(settings)
        }
    }

    private func chosenKind(_ settings: ReminderSettings) -> MailTransportKind {
        if let transport { return transport }
        if maildir != nil { return .maildir }
        if smtpURL != nil { return .smtp }
        if sendmailCommand != nil { return .sendmail }
        return settings.transport ?? .sendmail
    }

    private func smtp(_ settings: ReminderSettings) throws(SeminarError) -> SMTPTransport {
        guard let url = smtpURL ?? settings.smtpURL else {
            throw .usage("--transport smtp needs --smtp-url smtp://HOST:PORT (or seminar remind config --smtp-url ...)")
        }
        if let problem = SMTPTransport.validate(url: url) { throw .usage(problem) }
        var user = smtpUser ?? settings.smtpUser
        if user == nil, let u = URLComponents(string: url)?.user, !u.isEmpty {
            user = u.removingPercentEncoding ?? u
        }
        let password = try Self.password(file: smtpPasswordFile ?? settings.smtpPasswordFile)
        if password != nil && user == nil {
            throw .usage("an SMTP password is set but no user: give --smtp-user or smtp://USER@HOST:PORT")
        }
        var clean = URLComponents(string: url)
        clean?.user = nil
        let caFile = smtpCAFile ?? settings.smtpCAFile
        if let caFile { _ = try UserFile.read(caFile) }
        return SMTPTransport(
            url: clean?.string ?? url, username: user, password: password, tls: smtpTLS ?? settings.smtpTLS ?? .auto,
            envelopeFrom: settings.from?.address ?? "", caFile: caFile)
    }

    /// From $SEMINAR_SMTP_PASSWORD, else the password file (first line); never from argv.
    static func password(file: String?) throws(SeminarError) -> String? {
        if let env = ProcessInfo.processInfo.environment["SEMINAR_SMTP_PASSWORD"], !env.isEmpty { return env }
        guard let file else { return nil }
        let text = String(decoding: try UserFile.read(file), as: UTF8.self)
        // An emptied file is a mistake, not "no password" (which would also drop the STARTTLS requirement).
        let first = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init)
        guard let first, !first.isEmpty else {
            throw .invalidInput([
                InputError(
                    file: file, line: 1, message: "the SMTP password file is empty",
                    hint: "put the password on its first line, or remove --smtp-password-file")
            ])
        }
        return first
    }
}
