import Foundation
import SeminarCore
import SeminarStore

/// Attendance is recorded per day of the block seminar: it needs an agenda.
public enum AttendanceTaking {
    /// The days of the stored agenda; a conflict error when there is none yet.
    public static func days(_ db: AppDatabase) throws(SeminarError) -> [DayDate] {
        guard let schedule = try db.storedSchedule() else {
            throw .conflict(
                "there is no schedule yet: attendance is recorded per day of the block seminar (seminar schedule generate)"
            )
        }
        return schedule.agenda.days.map(\.day)
    }

    /// Who missed which talks, and which absences are excused: every enrolled student, judged
    /// on the days with signatures (every day with `allDays`).
    public static func report(_ db: AppDatabase, allDays: Bool) throws(SeminarError) -> AttendanceReport {
        let schedule = try ScheduleOverview.current(db)
        let students = try db.studentNames(status: .enrolled).map { (id: $0.id, name: $0.name) }
        return AttendanceReport(
            agenda: schedule.agenda, students: students, signed: try db.signedDays(),
            excuses: try db.attendanceExcuses(), allDays: allDays)
    }
}
