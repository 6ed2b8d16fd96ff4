import Foundation
import SeminarCore

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
