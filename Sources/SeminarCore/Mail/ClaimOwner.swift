/// Who holds a claim on an outbox row: host, process id and a random token
/// (`host:1234:ab12cd`).
public struct ClaimOwner: Sendable, Equatable {
    public var host: String
    public var pid: Int32
    public var token: String

    public init(host: String, pid: Int32, token: String) {
        self.host = host
        self.pid = pid
        self.token = token
    }

    public var text: String { "\(host):\(pid):\(token)" }

    public static func parse(_ s: String) -> ClaimOwner? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { return nil }
        return ClaimOwner(
            host: parts.dropLast(2).joined(separator: ":"), pid: pid, token: String(parts[parts.count - 1]))
    }
}
