import Foundation
import SeminarCore
import SeminarStore

/// The seminar's deadlines as an iCalendar document, for `deadline list --format ics` and
/// `deadline export`.
public enum DeadlineCalendarExport {
    public static func document(_ deadlines: [Deadline], info: SeminarInfo, stamp: Date) -> String {
        let writer = ICalendarWriter(
            calendarName: "\(info.title) (\(info.term))", timeZone: info.time.timeZone, stamp: stamp)
        // UIDs stay the same across exports: the seminar's identity plus the deadline id.
        let identity = "\(info.title)\n\(info.term)\n\(SeminarTime.storageString(info.createdAt))"
        let seminarID = String(SHA256.hex(Data(identity.utf8)).prefix(16))
        let events = deadlines.map { d in
            ICalendarWriter.Event(
                uid: "deadline-\(d.id)-\(seminarID)@seminar", start: d.due,
                summary: "\(d.displayTitle) — \(info.title)",
                description:
                    "\(info.title), \(info.term): \(d.displayTitle) (\(d.kind.rawValue)), due \(info.time.formatLong(d.due)).",
                category: d.kind.rawValue, alarmMinutesBefore: 24 * 60)
        }
        return writer.document(events)
    }
}
