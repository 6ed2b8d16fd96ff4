import Foundation

/// Who is making a change, for the grade history: the operating-system account running
/// the command (not something the user types, so the history cannot be signed by anyone).
public enum OSUser {
    public static var current: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name {
            let s = String(cString: name)
            if !s.isEmpty { return s }
        }
        let env = ProcessInfo.processInfo.environment
        return env["USER"] ?? env["LOGNAME"] ?? "uid \(geteuid())"
    }
}
