import Foundation

/// Why a message was not sent, and what the run should do about it.
public enum TransportError: Error, Sendable, Equatable {
    /// The server cannot be reached now: stop, keep the rest for the next run (exit 75).
    case unreachable(String)
    /// This message was refused (a bad recipient...): record it, go on with the others.
    case rejected(String)
    /// The transport is misconfigured (no such command, login refused): stop.
    case misconfigured(String)

    public var message: String {
        switch self {
        case .unreachable(let m), .rejected(let m), .misconfigured(let m): return m
        }
    }
}

/// Hands a finished message to the outside world.
public protocol MailTransport: Sendable {
    /// A short description for messages: `smtp://127.0.0.1:8025`, `sendmail -t -i`, `maildir ./out`.
    var label: String { get }
    func send(_ message: MailMessage, timeZone: TimeZone) throws(TransportError)
}

/// The ways a mail can leave, as `--transport` and `remind config` name them.
public enum MailTransportKind: String, Sendable, CaseIterable, Codable {
    case sendmail, smtp, maildir
}

/// STARTTLS on `smtp://` URLs (`--smtp-tls`).
public enum SMTPTLSMode: String, Sendable, CaseIterable, Codable {
    /// STARTTLS when offered; required when logging in.
    case auto
    /// Fail unless the connection is encrypted.
    case required
    /// Never STARTTLS (a local relay on loopback).
    case off
}
