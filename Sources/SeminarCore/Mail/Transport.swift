import CCurlShim
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

/// Pipes the message to a sendmail-compatible command (`sendmail -t -i`, `msmtp -t`),
/// which reads the recipients from the headers. Exit status 75 (EX_TEMPFAIL) and 69
/// (EX_UNAVAILABLE) from the command mean "try again later".
public struct SendmailTransport: MailTransport {
    public var command: String
    /// How long the command may take before it is stopped and the mail left for the next
    /// run (a hung sendmail must not keep every later cron run waiting on its lease).
    public var timeoutSeconds: Int

    public init(command: String = "sendmail -t -i", timeoutSeconds: Int = 60) {
        self.command = command
        self.timeoutSeconds = timeoutSeconds
    }

    public var label: String { command }

    public func send(_ message: MailMessage, timeZone: TimeZone) throws(TransportError) {
        // posix_spawn rather than Foundation's Process: the command gets its own process group
        // (so a hung one is stopped with everything it started) and its exit is seen at once.
        var inPipe: [Int32] = [0, 0]
        var outPipe: [Int32] = [0, 0]
        guard pipe(&inPipe) == 0 else {
            throw .misconfigured("cannot run '\(command)': no pipe (\(String(cString: strerror(errno))))")
        }
        guard pipe(&outPipe) == 0 else {
            close(inPipe[0])
            close(inPipe[1])
            throw .misconfigured("cannot run '\(command)': no pipe (\(String(cString: strerror(errno))))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 2)
        for fd in inPipe + outPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
        // A command that exits early closes the pipe; ignore SIGPIPE so that shows as a status.
        signal(SIGPIPE, SIG_IGN)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ)
        close(inPipe[0])
        close(outPipe[1])
        guard spawned == 0 else {
            close(inPipe[1])
            close(outPipe[0])
            throw .misconfigured("cannot run /bin/sh for '\(command)': \(String(cString: strerror(spawned)))")
        }
        let box = DataBox()
        let outputRead = DispatchSemaphore(value: 0)
        let readFD = outPipe[0]
        DispatchQueue.global().async {
            var collected = Data()
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(readFD, &chunk, chunk.count)
                if n > 0 {
                    collected.append(contentsOf: chunk[0..<n])
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            box.data = collected
            outputRead.signal()
        }
        // Written from another thread too: a command that neither reads nor exits must not block us.
        let data = [UInt8](message.renderedUnix(timeZone: timeZone).utf8)
        let writeFD = inPipe[1]
        DispatchQueue.global().async {
            var offset = 0
            while offset < data.count {
                let n = data[offset...].withUnsafeBytes { write(writeFD, $0.baseAddress, $0.count) }
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { break }
            }
            close(writeFD)
        }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
        var exited = false
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) {
                exited = true
                break
            }
            usleep(10_000)
        }
        if !exited {
            kill(-pid, SIGTERM)
            let grace = Date().addingTimeInterval(2)
            while Date() < grace && waitpid(pid, &status, WNOHANG) == 0 { usleep(10_000) }
            kill(-pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            _ = outputRead.wait(timeout: .now() + 2)
            throw .unreachable(
                "'\(command)' did not finish within \(timeoutSeconds) s and was stopped (the mail is retried on the next run)"
            )
        }
        // A child the command left running may hold its output open: do not wait for it long.
        // If it times out, the reader thread ends with that child.
        _ = outputRead.wait(timeout: .now() + 2)
        let errorText = box.data
        let signalled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        let code = signalled ? status & 0x7f : (status >> 8) & 0xff
        if !signalled && code == 0 { return }
        let detail = String(decoding: errorText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: "\n").suffix(3).joined(separator: "; ")
        let what = signalled ? "was killed by signal \(code)" : "exited with status \(code)"
        let text = "'\(command)' \(what)" + (detail.isEmpty ? "" : ": \(detail)")
        if signalled { throw .rejected(text) }
        switch code {
        case 75, 69, 74: throw .unreachable(text)  // EX_TEMPFAIL, EX_UNAVAILABLE, EX_IOERR
        case 126, 127:
            throw .misconfigured(
                text + " (set the command with --sendmail-command or `seminar remind config --sendmail-command`)")
        case 78: throw .misconfigured(text)  // EX_CONFIG
        default: throw .rejected(text)
        }
    }
}

/// Written by the reader thread before it signals; read only after the signal (or never).
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _data = Data()
    var data: Data {
        get {
            lock.lock()
            defer { lock.unlock() }
            return _data
        }
        set {
            lock.lock()
            _data = newValue
            lock.unlock()
        }
    }
}

/// Writes each message as a file into a Maildir (`DIR/new`), for review before sending
/// for real or for a mail client to open. The file appears atomically (written in `tmp`,
/// then renamed).
public struct MaildirTransport: MailTransport {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    public var label: String { "maildir \(directory)" }

    public func prepare() throws(TransportError) {
        for sub in ["tmp", "new", "cur"] {
            do {
                try FileManager.default.createDirectory(
                    atPath: (directory as NSString).appendingPathComponent(sub),
                    withIntermediateDirectories: true)
            } catch {
                throw .misconfigured("cannot create the maildir \(directory): \(error.localizedDescription)")
            }
        }
    }

    public func send(_ message: MailMessage, timeZone: TimeZone) throws(TransportError) {
        try prepare()
        let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: ":", with: "_")
        let now = Date().timeIntervalSince1970
        let unique =
            "\(Int(now)).M\(Int((now - floor(now)) * 1_000_000))P\(getpid())R\(UInt32.random(in: 0...UInt32.max)).\(host)"
        let tmp = (directory as NSString).appendingPathComponent("tmp/\(unique)")
        let new = (directory as NSString).appendingPathComponent("new/\(unique)")
        let data = Data(message.renderedUnix(timeZone: timeZone).utf8)
        guard FileManager.default.createFile(atPath: tmp, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw .misconfigured("cannot write \(tmp)")
        }
        if rename(tmp, new) != 0 {
            throw .misconfigured("cannot move the message into \(new): \(String(cString: strerror(errno)))")
        }
    }
}

/// Sends through an SMTP server with libcurl: STARTTLS, SMTPS and login are libcurl's
/// well-tested code, not ours. The password comes from the environment or a file, never
/// from the command line (where `ps` would show it).
public struct SMTPTransport: MailTransport {
    public enum TLSMode: String, Sendable, CaseIterable {
        /// STARTTLS when offered; required when logging in.
        case auto
        /// Fail unless the connection is encrypted.
        case required
        /// Never STARTTLS (a local relay on loopback).
        case off
    }

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
        let error = withUnsafeBytes(of: result.error) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let reply = result.response_code > 0 ? " (server replied \(result.response_code))" : ""
        let text2 = "\(url): \(error)\(reply)"
        if ccurl_is_tls_error(result.curl_code) != 0 {
            throw .misconfigured(
                text2
                    + " — TLS failed (the server offers no STARTTLS, or its certificate is not trusted: --smtp-ca-file); for a local relay without TLS use --smtp-tls off"
            )
        }
        // 67 = CURLE_LOGIN_DENIED.
        if result.curl_code == 67 { throw .misconfigured(text2 + " — check the user name and $SEMINAR_SMTP_PASSWORD") }
        // The server's reply decides before libcurl's error code: a 550 to RCPT TO comes back
        // as CURLE_SEND_ERROR, which would otherwise read as "cannot reach the server" and
        // stop the run at that one address. 5xx is permanent for this message; 4xx replies
        // are temporary by definition (RFC 5321 4.2.1).
        if (500..<600).contains(result.response_code) { throw .rejected(text2) }
        if (400..<500).contains(result.response_code) { throw .unreachable(text2) }
        if ccurl_is_unreachable(result.curl_code) != 0 { throw .unreachable(text2) }
        throw .rejected(text2)
    }
}

private func withArrayOfCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { for pointer in copies { free(pointer) } }
    let pointers = copies.map { UnsafePointer<CChar>($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
