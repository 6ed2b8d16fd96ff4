import SeminarCore
import SeminarStore

/// The lines `student show` prints about a student's hand-ins: each latest hand-in with its
/// lateness and fingerprint, then the reminders sent.
public enum HandInLines {
    public static func lines(_ handIns: StudentHandIns, time: SeminarTime) -> [(String, String)] {
        var out: [(String, String)] = []
        for (r, deadline) in handIns.latest {
            var text = "handed in \(time.formatLocal(r.submittedAt))"
            if let late = deadline?.lateness(of: r.submittedAt) {
                text += ", late by \(SeminarTime.describeInterval(late))"
            }
            if let name = r.fileName, let hash = r.sha256 {
                text += "\n\(name), \(r.fileSize ?? 0) bytes, SHA-256 \(hash)"
            }
            out.append((r.kind.rawValue, text))
        }
        if handIns.remindersSent > 0 { out.append(("reminders", "\(handIns.remindersSent) sent (seminar remind log)")) }
        return out
    }
}
