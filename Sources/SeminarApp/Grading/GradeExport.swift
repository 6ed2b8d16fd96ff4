import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

/// `grade export`: the grade sheet as CSV, or the campus system's registration list filled
/// in. The file is made as if the term were closed when it is to be closed, and the term is
/// closed only once the file is written: a list that cannot be read or an output that cannot
/// be written changes nothing.
public enum GradeExport {
    /// Where the file goes.
    public enum Destination: Sendable, Equatable {
        /// Printed: the caller's `print` writes the bytes.
        case standardOutput
        case file(String)
    }

    /// How the grade sheet is written.
    public struct SheetFormat: Sendable, Equatable {
        public var delimiter: Character
        public var byteOrderMark: Bool
        public var decimalComma: Bool

        public init(delimiter: Character = ",", byteOrderMark: Bool = false, decimalComma: Bool = false) {
            self.delimiter = delimiter
            self.byteOrderMark = byteOrderMark
            self.decimalComma = decimalComma
        }
    }

    /// Which registration list to fill, and how.
    public struct RegistrationRequest: Sendable, Equatable {
        /// The list the campus system exported.
        public var list: String
        public var idColumn: String
        public var gradeColumn: String
        /// Decimal comma (true) or point (false); nil: as the list's grades, else its Maximum
        /// grade column, else its delimiter, say.
        public var decimalComma: Bool?
        /// The component whose grade is written (`report`); nil: the final grade.
        public var component: String?

        public init(
            list: String, idColumn: String, gradeColumn: String, decimalComma: Bool?, component: String? = nil
        ) {
            self.list = list
            self.idColumn = idColumn
            self.gradeColumn = gradeColumn
            self.decimalComma = decimalComma
            self.component = component
        }
    }

    /// A filled registration list and what the coordinator should check before uploading it.
    public struct RegistrationFill: Sendable {
        public var list: RegistrationList
        public var gradeColumn: Int
        public var decimalComma: Bool
        /// How the grades were written (separator, decimals), in words.
        public var style: String
        /// What was written: `final grade`, `report grade`.
        public var what: String
        /// What the command decided on the user's behalf, one sentence each (`Decided: …`).
        public var decisions: [String]
        public var data: Data
        public var report: RegistrationFillReport
        /// What each of the seminar's students got (a grade, or nothing and why), by id.
        public var entries: [String: RegistrationEntry]
        /// The students' names, by id.
        public var names: [String: String]
        /// Students given a final grade although they missed talks without excuse (attendance
        /// rule `warn`), by id, with what they missed.
        public var missedAttendance: [(id: String, missed: MissedAttendance)] = []

        /// The list's rows that are not blank.
        public var rows: Int { list.dataRecords.filter { !$0.isBlank }.count }
        /// Rows that got a grade.
        public var filled: Int { report.filled.count + report.replaced.count }
        /// Rows of people who are not students of this seminar, left as they were.
        public var notInSeminar: Int { report.unmatchedRows.count }
    }

    /// The grade sheet: the CSV text and how many students it lists.
    public static func sheet(
        _ db: AppDatabase, format: SheetFormat, includeUngraded: Bool, term: Gradebook.Term = .asRecorded
    ) throws(SeminarError) -> (text: String, students: Int) {
        let book = try Gradebook(db, term: term)
        let students = book.students.filter { includeUngraded || $0.isGraded }
        let text = GradeSheet(policy: book.policy, students: students).csv(
            delimiter: format.delimiter, byteOrderMark: format.byteOrderMark, decimalComma: format.decimalComma)
        return (text, students.count)
    }

    /// Fills the grade column of a registration list, keeping every other byte as it was.
    public static func fill(_ db: AppDatabase, _ request: RegistrationRequest, term: Gradebook.Term = .asRecorded)
        throws(SeminarError) -> RegistrationFill
    {
        let path = request.list
        let bytes = try UserFile.read(path)
        let list: RegistrationList
        do { list = try RegistrationList(data: bytes, file: path) } catch { throw .invalidInput([error]) }
        let idColumn = try column(
            request.idColumn, of: list, toFill: false, hint: "name the student id column with --id-column")
        let gradeColumn = try column(
            request.gradeColumn, of: list, toFill: true, hint: "name the grade column with --grade-column")
        let book = try Gradebook(db, term: term)
        var component: String?
        if let name = request.component {
            let key = name.lowercased()
            guard book.policy.component(key) != nil else {
                throw .usage(
                    "--component \(shown: name): the seminar grades "
                        + book.policy.components.map(\.name).joined(separator: ", ")
                        + "; give one of them, or final (the default)")
            }
            component = key
        }
        let (style, styleDecision) = list.gradeStyle(gradeColumn: gradeColumn, explicitComma: request.decimalComma)
        let scale = book.policy.scale
        var entries: [String: RegistrationEntry] = [:]
        var names: [String: String] = [:]
        var emails: [String: String] = [:]
        for s in book.students {
            names[s.id] = s.name
            if !s.email.isEmpty { emails[s.email.lowercased()] = s.id }
            // Raw values as the campus system expects them: no formula neutralising here.
            let grade: Tenths?
            let reason: String
            if let component {
                // A student who withdrew gets nothing, as for the final grade.
                grade = s.outcome.status == .withdrawn ? nil : s.grades[component]
                reason =
                    s.outcome.status == .withdrawn
                    ? s.outcome.status.rawValue + (s.outcome.reason.map { ": \($0)" } ?? "") : "no \(component) grade"
            } else {
                grade = s.outcome.final
                reason = s.outcome.status.rawValue + (s.outcome.reason.map { ": \($0)" } ?? "")
            }
            if let grade {
                entries[s.id] = RegistrationEntry(value: style.format(grade, on: scale), tenths: grade)
            } else {
                entries[s.id] = RegistrationEntry(value: nil, reason: reason)
            }
        }
        let (data, report) = list.fill(
            idColumn: idColumn, gradeColumn: gradeColumn, entries: entries, names: names, emails: emails)
        let what = "\(component ?? "final") grade"
        // A Moodle worksheet says out of how much each grade is: refuse numbers that would mean something else there.
        if let maximum = list.maximumGradeColumn {
            let mismatches = list.maximumGradeMismatches(
                column: maximum, scale: scale, grades: report.gradesByLine, what: component ?? "final")
            if !mismatches.isEmpty { throw .invalidInput(mismatches) }
        }
        var decisions: [String] = []
        if let styleDecision, !report.gradesByLine.isEmpty { decisions.append(styleDecision) }
        for l in report.matchedByEmail {
            decisions.append("line \(l.line): \(l.detail) → \(l.id) \(l.name)")
        }
        var flagged: [(id: String, missed: MissedAttendance)] = []
        if component == nil {
            for s in book.students where s.outcome.final != nil {
                if let missed = s.outcome.missedAttendance { flagged.append((s.id, missed)) }
            }
        }
        return RegistrationFill(
            list: list, gradeColumn: gradeColumn, decimalComma: style.decimalComma, style: style.describe(on: scale),
            what: what, decisions: decisions, data: data, report: report, entries: entries, names: names,
            missedAttendance: flagged)
    }

    static func column(_ name: String, of list: RegistrationList, toFill: Bool, hint: String) throws(SeminarError)
        -> Int
    {
        let found: Int?
        do { found = try list.column(named: name, toFill: toFill) } catch { throw .invalidInput([error]) }
        guard let column = found else {
            throw .invalidInput([
                InputError(
                    file: list.file, line: list.header.line, column: 1,
                    message:
                        "no column '\(shown: name)' in the header (\(list.columnNames.map { Shown.value($0) }.joined(separator: ", ")))",
                    hint: hint)
            ])
        }
        return column
    }

    /// What an export did.
    public struct Outcome: Sendable {
        /// The grade sheet's students, when the sheet was exported.
        public var sheetStudents: Int?
        /// The filled list, when a registration list was filled.
        public var registration: RegistrationFill?
        /// What closing the term did, when asked to.
        public var closing: GradingRules.Closing?
    }

    /// Exports the sheet (`registration` nil) or fills the list, writes it to `destination`
    /// (`print` for standard output), and then, with `close`, closes the term.
    public static func run(
        _ db: AppDatabase, sheet format: SheetFormat, includeUngraded: Bool, registration: RegistrationRequest?,
        to destination: Destination, close: Bool, by user: String, now: Date, print: (Data) -> Void
    ) throws(SeminarError) -> Outcome {
        let term: Gradebook.Term = close ? .closed : .asRecorded
        var outcome = Outcome()
        let data: Data
        if let registration {
            let fill = try fill(db, registration, term: term)
            outcome.registration = fill
            data = fill.data
        } else {
            let sheet = try sheet(db, format: format, includeUngraded: includeUngraded, term: term)
            outcome.sheetStudents = sheet.students
            data = Data(sheet.text.utf8)
        }
        switch destination {
        case .standardOutput: print(data)
        case .file(let path):
            // Filled in place, the list keeps its own mode; any file written over keeps its mode.
            // A new file (a sheet, a filled copy) holds grades: owner-only (0600).
            try UserFile.write(data, to: path)
        }
        if close { outcome.closing = try GradingRules.close(db, by: user, now: now) }
        return outcome
    }
}
