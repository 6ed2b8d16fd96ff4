import Foundation
import SeminarCore
import SeminarStore

/// `attend excuse` and `attend unexcuse`: an absence excused for the attendance rule (a
/// medical certificate), or the excuse withdrawn, with what it does to the student's grade.
public enum AttendanceExcusing {
    /// What was excused or withdrawn, and what it means.
    public struct Result: Sendable {
        public var student: String
        public var name: String
        public var scope: AttendanceExcuse.Scope
        /// The day or talk in words: `2025-02-14 (8 talks of others)`, `the talk of Ada
        /// Lovelace (ridgeless-hastie22) on 2025-02-14`.
        public var what: String
        /// As the grade history names it: `2025-02-14`, `talk on ridgeless-hastie22`.
        public var label: String
        /// For `excuse`: what changed. For `unexcuse`: nil.
        public var change: ExcuseChange?
        /// For `unexcuse`: the reason the withdrawn excuse had (nil: there was none).
        public var withdrawnReason: String?
        /// The student signed in on that day: the excuse changes nothing while the signature stands.
        public var signedIn: Bool
        /// The grade before and after (nil when the student has no grading outcome to show).
        public var before: GradeOutcome?
        public var after: GradeOutcome?
        public var rule: AttendanceRule
        public var scale: GradeScale
    }

    public static func excuse(
        _ db: AppDatabase, student: String, dayOrTalk: String, reason: String, by user: String, now: Date
    ) throws(SeminarError) -> Result {
        let trimmed = reason.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, Validation.isValidName(trimmed) else {
            throw .invalidValue(
                "--reason must be one line of text, e.g. --reason \"medical certificate of 14 Feb\"")
        }
        var result = try resolve(db, student: student, dayOrTalk: dayOrTalk)
        let before = try Gradebook(db).student(student)?.outcome
        result.change = try db.excuseAbsence(
            AttendanceExcuse(studentID: student, scope: result.scope, reason: trimmed), label: result.label, by: user,
            now: now)
        result.before = before
        result.after = try Gradebook(db).student(student)?.outcome
        return result
    }

    public static func withdraw(
        _ db: AppDatabase, student: String, dayOrTalk: String, by user: String, now: Date
    ) throws(SeminarError) -> Result {
        var result = try resolve(db, student: student, dayOrTalk: dayOrTalk)
        let before = try Gradebook(db).student(student)?.outcome
        result.withdrawnReason = try db.withdrawExcuse(
            student: student, result.scope, label: result.label, by: user, now: now)
        result.before = before
        result.after = try Gradebook(db).student(student)?.outcome
        return result
    }

    /// The day or talk the argument names, checked against the agenda and the student.
    static func resolve(_ db: AppDatabase, student: String, dayOrTalk raw: String) throws(SeminarError) -> Result {
        let record = try db.student(student)
        guard let schedule = try db.storedSchedule() else {
            throw .conflict(
                "there is no schedule yet: an absence is excused for a day or talk of the block seminar (seminar schedule generate)"
            )
        }
        let agenda = schedule.agenda
        let days = agenda.days.map(\.day)
        let signed = try db.signedDays(of: student)
        let policy = try db.gradingPolicy()
        func result(_ scope: AttendanceExcuse.Scope, _ what: String, _ label: String, day: DayDate) -> Result {
            Result(
                student: student, name: record.name, scope: scope, what: what, label: label, change: nil,
                withdrawnReason: nil,
                signedIn: signed.contains(day), before: nil, after: nil, rule: policy.attendance,
                scale: policy.scale)
        }
        if let day = DayDate(raw) {
            guard days.contains(day) else {
                throw .invalidValue(
                    "\(day) is not a day of the block seminar (days: \(days.map(\.description).joined(separator: ", ")))"
                )
            }
            let others = agenda.talks.filter { $0.day == day && $0.talk?.studentID != student }.count
            return result(
                .day(day), "\(day) (\(others) talk\(others == 1 ? "" : "s") of others)", day.description, day: day)
        }
        // A talk: by its speaker's id, or by the paper presented.
        var talks = agenda.talks.filter { $0.talk?.studentID == raw }
        if talks.isEmpty { talks = agenda.talks.filter { $0.talk?.paperID.lowercased() == raw.lowercased() } }
        guard let talk = talks.first, let given = talk.talk else {
            throw .invalidValue(
                "'\(shown: raw)' is neither a day of the block seminar (\(days.map(\.description).joined(separator: ", "))) "
                    + "nor a talk (a speaker's id or a paper id, see seminar schedule show)")
        }
        if talks.count > 1 {
            let speakers = talks.compactMap { $0.talk.map { "\($0.studentID) \($0.speaker)" } }
            throw .invalidValue(
                "\(given.paperID) is presented in \(talks.count) talks (\(speakers.joined(separator: ", "))): name the talk by its speaker's id"
            )
        }
        if given.studentID == student {
            throw .invalidValue(
                "\(student) gives that talk: a student is excused from others' talks, not from their own (their presentation grade says what happened)"
            )
        }
        return result(
            .talk(speaker: given.studentID), "the talk of \(given.speaker) (\(given.paperID)) on \(talk.day)",
            "talk on \(given.paperID)", day: talk.day)
    }
}
