import SeminarCore
import SeminarStore

/// The lines `student show` prints about a student's hand-ins: each latest hand-in with its
/// lateness (against the student's own date when they have an extension) and fingerprint, the
/// extensions, then the reminders sent.
public enum HandInLines {
    public static func lines(_ handIns: StudentHandIns, time: SeminarTime) -> [(String, String)] {
        var out: [(String, String)] = []
        for kind in DeadlineKind.submittable {
            var text: [String] = []
            if let (r, deadline) = handIns.latest.first(where: { $0.record.kind == kind }) {
                var line = "handed in \(time.formatLocal(r.submittedAt))"
                if let late = deadline?.lateness(of: r.submittedAt) {
                    line += ", late by \(SeminarTime.describeInterval(late))"
                }
                text.append(line)
                if let name = r.fileName, let hash = r.sha256 {
                    let kept =
                        handIns.kept.contains(hash)
                        ? " (kept: seminar submission get \(r.studentID) \(kind.rawValue) -o FILE)" : ""
                    text.append("\(name), \(r.fileSize ?? 0) bytes, SHA-256 \(hash)\(kept)")
                }
            }
            if let e = handIns.extensions.first(where: { $0.kind == kind }) {
                text.append("extension to \(time.formatLocal(e.due))" + (e.reason.map { " (\($0))" } ?? ""))
            }
            if !text.isEmpty { out.append((kind.rawValue, text.joined(separator: "\n"))) }
        }
        if handIns.remindersSent > 0 { out.append(("reminders", "\(handIns.remindersSent) sent (seminar remind log)")) }
        return out
    }
}
