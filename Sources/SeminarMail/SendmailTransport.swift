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
        let child = try spawn()
        let output = OutputReader(fd: child.output)
        // Written from another thread too: a command that neither reads nor exits must not block us.
        Self.writeInBackground([UInt8](message.renderedUnix(timeZone: timeZone).utf8), to: child.input)
        guard let status = wait(for: child.pid) else {
            Self.stop(child.pid)
            _ = output.finished(within: 2)
            throw .unreachable(
                "'\(command)' did not finish within \(timeoutSeconds) s and was stopped (the mail is retried on the next run)"
            )
        }
        // A child the command left running may hold its output open: do not wait for it long.
        // If it times out, the reader thread ends with that child.
        try check(status: status, output: output.finished(within: 2))
    }

    /// The running command: its process id, the pipe to its stdin, the pipe from its stdout and stderr.
    private struct Child {
        var pid: pid_t
        var input: Int32
        var output: Int32
    }

    /// Starts `/bin/sh -c command` with posix_spawn rather than Foundation's Process: the
    /// command gets its own process group (so a hung one is stopped with everything it
    /// started) and its exit is seen at once.
    private func spawn() throws(TransportError) -> Child {
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
        return Child(pid: pid, input: inPipe[1], output: outPipe[0])
    }

    /// Writes the message into the command's stdin on another thread, then closes it.
    private static func writeInBackground(_ data: [UInt8], to fd: Int32) {
        DispatchQueue.global().async {
            var offset = 0
            while offset < data.count {
                let n = data[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { break }
            }
            close(fd)
        }
    }

    /// The command's wait status, or nil when it did not exit within the time limit.
    private func wait(for pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) { return status }
            usleep(10_000)
        }
        return nil
    }

    /// Stops a hung command and everything it started: SIGTERM to its process group, then
    /// SIGKILL after a grace of 2 s.
    private static func stop(_ pid: pid_t) {
        var status: Int32 = 0
        kill(-pid, SIGTERM)
        let grace = Date().addingTimeInterval(2)
        while Date() < grace && waitpid(pid, &status, WNOHANG) == 0 { usleep(10_000) }
        kill(-pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
    }

    /// Maps the command's wait status to the outcome: 0 is sent; sysexits say whether to
    /// retry (75, 69, 74), fix the set-up (126, 127, 78) or give up on this message.
    private func check(status: Int32, output: Data) throws(TransportError) {
        let signalled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        let code = signalled ? status & 0x7f : (status >> 8) & 0xff
        if !signalled && code == 0 { return }
        let detail = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
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

/// Reads a command's output on another thread until the pipe closes.
private final class OutputReader: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(fd: Int32) {
        DispatchQueue.global().async { [self] in
            var collected = Data()
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(fd, &chunk, chunk.count)
                if n > 0 {
                    collected.append(contentsOf: chunk[0..<n])
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(fd)
            lock.lock()
            data = collected
            lock.unlock()
            done.signal()
        }
    }

    /// What was read, waiting at most `seconds` for the pipe to close (empty if it did not).
    func finished(within seconds: Double) -> Data {
        _ = done.wait(timeout: .now() + seconds)
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
