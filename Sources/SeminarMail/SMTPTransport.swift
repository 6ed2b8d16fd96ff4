import CCurlShim
import Foundation
import SeminarCore

/// Sends through an SMTP server with libcurl: STARTTLS, SMTPS and login are libcurl's
/// well-tested code, not ours. The password comes from the environment or a file, never
/// from the command line (where `ps` would show it).
public struct SMTPTransport: MailTransport {
    public typealias TLSMode = SMTPTLSMode

    public var url: String
    public var username: String?
    public var password: String?
    public var tls: TLSMode
    public var envelopeFrom: String
    public var timeoutSeconds: Int
    /// CA certificates (PEM) to trust instead of the system's, for a relay with a private CA.
    public var caFile: String?

    public init(
        url: String, username: String?, password: String?, tls: TLSMode, envelopeFrom: String, timeoutSeconds: Int = 60,
        caFile: String? = nil
    ) {
        self.caFile = caFile
        self.url = url
        self.username = username
        self.password = password
        self.tls = tls
        self.envelopeFrom = envelopeFrom
        self.timeoutSeconds = timeoutSeconds
    }

    public var label: String { url }

    /// Checks `smtp://host:port` or `smtps://host:port`; returns an error message or nil.
    public static func validate(url: String) -> String? {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(),
            ["smtp", "smtps"].contains(scheme),
            let host = c.host, !host.isEmpty
        else {
            return "'\(url)' is not an SMTP URL: write smtp://HOST:PORT (STARTTLS) or smtps://HOST:PORT (TLS)"
        }
        if c.password != nil {
            return "do not put the password in the URL: set $SEMINAR_SMTP_PASSWORD or use --smtp-password-file"
        }
        return nil
    }

    public func send(_ message: MailMessage, timeZone: TimeZone) throws(TransportError) {
        let text = message.rendered(timeZone: timeZone)
        let recipients = message.to.map { "<\($0.address)>" }
        let mode: ccurl_tls_mode
        switch tls {
        case .off: mode = CCURL_TLS_NONE
        case .required: mode = CCURL_TLS_REQUIRED
        case .auto: mode = (password ?? "").isEmpty ? CCURL_TLS_TRY : CCURL_TLS_REQUIRED
        }
        let verbose = ProcessInfo.processInfo.environment["SEMINAR_SMTP_DEBUG"] == "1" ? Int32(1) : 0
        let result: ccurl_result = withArrayOfCStrings(recipients) { rcpt in
            text.withCString { body in
                ccurl_smtp_send(
                    url, username, password, mode, caFile, "<\(envelopeFrom)>", rcpt, recipients.count,
                    body, strlen(body), 15, timeoutSeconds, verbose)
            }
        }
        if result.curl_code == 0 { return }
        throw classify(result)
    }

    /// Why libcurl failed, as the run should treat it.
    private func classify(_ result: ccurl_result) -> TransportError {
        let error = withUnsafeBytes(of: result.error) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let reply = result.response_code > 0 ? " (server replied \(result.response_code))" : ""
        let text = "\(url): \(error)\(reply)"
        if ccurl_is_tls_error(result.curl_code) != 0 {
            return .misconfigured(
                text
                    + " — TLS failed (the server offers no STARTTLS, or its certificate is not trusted: --smtp-ca-file); for a local relay without TLS use --smtp-tls off"
            )
        }
        // 67 = CURLE_LOGIN_DENIED.
        if result.curl_code == 67 { return .misconfigured(text + " — check the user name and $SEMINAR_SMTP_PASSWORD") }
        // The server's reply decides before libcurl's error code: a 550 to RCPT TO comes back
        // as CURLE_SEND_ERROR, which would otherwise read as "cannot reach the server" and
        // stop the run at that one address. 5xx is permanent for this message; 4xx replies
        // are temporary by definition (RFC 5321 4.2.1).
        if (500..<600).contains(result.response_code) { return .rejected(text) }
        if (400..<500).contains(result.response_code) { return .unreachable(text) }
        if ccurl_is_unreachable(result.curl_code) != 0 { return .unreachable(text) }
        return .rejected(text)
    }
}

private func withArrayOfCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { for pointer in copies { free(pointer) } }
    let pointers = copies.map { UnsafePointer<CChar>($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
