import Foundation
import SeminarCore

extension ClaimOwner {
    /// This process, with a fresh token.
    public static func current() -> ClaimOwner {
        ClaimOwner(
            host: ProcessInfo.processInfo.hostName, pid: getpid(),
            token: String(UInt64.random(in: 0...UInt64.max), radix: 36))
    }

    /// Whether the process holding a claim is certainly gone: same host and no such process.
    /// A claim from another host is only taken over when its lease expires.
    public static func isCertainlyDead(_ claimedBy: String) -> Bool {
        guard let owner = parse(claimedBy), owner.host == ProcessInfo.processInfo.hostName else { return false }
        if owner.pid == getpid() { return false }
        return kill(owner.pid, 0) != 0 && errno == ESRCH
    }
}
