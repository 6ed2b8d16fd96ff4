import Foundation
import SeminarCore

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
