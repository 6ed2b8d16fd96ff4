import Foundation

/// A Moodle assignment's grading worksheet ("Download grading worksheet", the offline grading
/// feedback plugin), read for its hand-ins: who each participant is and when they last
/// changed their submission. Grades are `GradeFileParser`'s business.
///
/// Moodle writes the worksheet in the downloading user's language, through its CSV data
/// format (UTF-8 with a BOM, `,`, PHP quoting, LF). The columns, from
/// `mod/assign/gradingtable.php`: `Identifier` (`Participant 4711`; German `ID`,
/// `Teilnehmer/in4711`), `Full name`, the identity fields the site shows (`ID number`,
/// `Email address`), `Status` (lines joined by ` - `: `Submitted for grading - 3 hours late`),
/// `Grade`, `Maximum Grade`, `Grade can be changed`, `Last modified (submission)` (`userdate`:
/// `Tuesday, 14 January 2025, 9:12 PM`, German `Dienstag, 14. Januar 2025, 21:12`, `-` for
/// none), one column per submission plugin's text (`Online text`), `Last modified (grade)`,
/// `Feedback comments`. `Fixtures/moodle/README.md` gives the sources.
///
/// Times carry no zone: Moodle writes them in the time zone of the user who downloaded the
/// file, and they are read in the seminar's (a decision says so). A time the clocks skip
/// there is an error; one they pass twice is the first, and a decision says so.
public struct MoodleWorksheet: Sendable {
    /// The language of the worksheet's headers (and so of its dates and status texts).
    public enum Language: String, Sendable {
        case english, german
    }

    /// What the first part of a row's status says about the submission.
    public enum SubmissionState: String, Sendable {
        /// `Submitted for grading` / `Zur Bewertung abgegeben`.
        case submitted
        /// `Draft (not submitted)` / `Entwurf (nicht abgegeben)`: uploaded, never submitted.
        case draft
        /// `No submission` / `Keine Abgabe`.
        case none
        /// `Reopened` / `Erneut geöffnet`: a new attempt was allowed.
        case reopened
        /// A status text this reader does not know (another language, a plugin's).
        case unknown
    }

    /// One participant's row.
    public struct Row: Sendable, Equatable {
        /// The number in `Participant 4711`: Moodle's id for the participant in this
        /// assignment, also in the submissions zip's names. Not the campus id.
        public var participant: Int
        public var fullName: String
        /// The `ID number` cell (the campus id where the site fills it), nil when empty.
        public var idNumber: String?
        /// The `Email address` cell, nil when empty or when the column is missing.
        public var email: String?
        /// The status cell as written (`Submitted for grading - 3 hours late`).
        public var status: String
        /// When the submission was last modified, nil for `-` (no submission).
        public var submittedAt: Date?
        /// Whether the online text cell holds text.
        public var onlineText: Bool
        /// The line the row starts on (1-based).
        public var line: Int

        public init(
            participant: Int, fullName: String, idNumber: String?, email: String?, status: String,
            submittedAt: Date?, onlineText: Bool, line: Int
        ) {
            self.participant = participant
            self.fullName = fullName
            self.idNumber = idNumber
            self.email = email
            self.status = status
            self.submittedAt = submittedAt
            self.onlineText = onlineText
            self.line = line
        }

        /// The submission's state, from the status text's first part.
        public var state: SubmissionState { MoodleWorksheet.state(of: status) }
    }

    public var rows: [Row]
    public var language: Language
    /// What the reader decided and the user should know: the zone times were read in, a time
    /// the clocks passed twice.
    public var decisions: [String]

    public init(rows: [Row], language: Language, decisions: [String]) {
        self.rows = rows
        self.language = language
        self.decisions = decisions
    }

    // MARK: Headers

    static let identifierHeaders = ["Identifier", "ID"]
    static let fullNameHeaders = ["Full name", "Vollständiger Name"]
    static let idNumberHeaders = ["ID number", "ID-Nummer", "Matrikelnummer"]
    static let emailHeaders = ["Email address", "E-Mail-Adresse", "Email", "E-Mail"]
    static let statusHeaders = ["Status"]
    static let submittedHeaders = ["Last modified (submission)", "Zuletzt geändert (Abgabe)"]
    static let onlineTextHeaders = ["Online text", "Texteingabe online", "Online-Texteingabe"]
    /// Headers only a German worksheet has.
    static let germanHeaders = [
        "ID", "Vollständiger Name", "ID-Nummer", "E-Mail-Adresse", "Zuletzt geändert (Abgabe)", "Texteingabe online",
        "Bewertung", "Bestwertung",
    ]

    /// `Participant ` and its translations (`get_string('hiddenuser', 'assign')`): German
    /// `Teilnehmer/in` (no space follows), the gender-neutral pack's `Teilnehmer*in`.
    static let participantWords = [
        "participant", "teilnehmer/in", "teilnehmer*in", "teilnehmer:in", "teilnehmer_in", "teilnehmerin",
        "teilnehmer",
    ]

    // MARK: Reading

    /// Reads a worksheet. Every bad cell is an error at its line and column; all are reported
    /// together, and the file is refused when there is any.
    public static func read(_ table: CSVTable, file: String, time: SeminarTime) throws(SeminarError) -> MoodleWorksheet
    {
        func headerError(_ message: String, hint: String) -> InputError {
            InputError(
                file: file, line: table.header.line, column: table.sheet == nil ? 1 : nil, message: message, hint: hint,
                sheet: table.sheet)
        }
        let map = table.map
        let identifierCol = map.column(identifierHeaders)
        let nameCol = map.column(fullNameHeaders)
        var notes: [String] = []
        let idCol: Int?
        let emailCol: Int?
        do throws(InputError) {
            idCol = try table.roleColumn("ID number", idNumberHeaders, notes: &notes)
            emailCol = try table.roleColumn("e-mail", emailHeaders, notes: &notes) { $0.lowercased() }
        } catch {
            throw SeminarError.invalidInput([
                InputError(
                    file: file, line: error.line, column: error.column, message: error.message, hint: error.hint,
                    sheet: error.sheet)
            ])
        }
        let statusCol = map.column(statusHeaders)
        let submittedCol = map.column(submittedHeaders)
        let onlineCol = map.column(onlineTextHeaders)

        var missing: [InputError] = []
        if identifierCol == nil {
            missing.append(
                headerError(
                    "no Identifier column in the header (\(table.shownNames))",
                    hint: "this is not a Moodle grading worksheet: download it from the assignment's "
                        + "\"View all submissions\" page, \"Download grading worksheet\""))
        }
        if nameCol == nil && idCol == nil && emailCol == nil {
            missing.append(
                headerError(
                    "the worksheet names nobody: no Full name, ID number or Email address column (\(table.shownNames))",
                    hint: "with anonymous submissions (blind marking) Moodle leaves names out until the identities "
                        + "are revealed; reveal them, or show ID number and e-mail (\"Show user identity\"), "
                        + "and download the worksheet again"))
        } else {
            if nameCol == nil {
                missing.append(
                    headerError(
                        "no Full name column in the header (\(table.shownNames))",
                        hint: "name it one of: \(fullNameHeaders.joined(separator: ", "))"))
            }
            if idCol == nil && emailCol == nil {
                missing.append(
                    headerError(
                        "neither an ID number nor an Email address column in the header (\(table.shownNames))",
                        hint: "let Moodle show them (site administration, \"Show user identity\": ID number, "
                            + "Email address) and download the worksheet again"))
            }
        }
        guard missing.isEmpty, let identifierCol, let nameCol else { throw SeminarError.invalidInput(missing) }

        let german = map.names.contains { name in
            germanHeaders.contains { HeaderMap.normalize($0) == HeaderMap.normalize(name) }
        }
        var result = MoodleWorksheet(rows: [], language: german ? .german : .english, decisions: notes)
        var errors: [InputError] = []
        var seen: [Int: Int] = [:]
        var twice: String?
        var anyDate = false

        func error(_ row: CSVRecord, _ col: Int?, _ message: String, hint: String? = nil) -> InputError {
            let p = table.position(row, col)
            return InputError(
                file: file, line: p.line, column: p.column, message: message, hint: hint, sheet: table.sheet)
        }

        for row in table.rows {
            var bad = false
            let identifier = table.value(row, identifierCol)
            let participant = participantNumber(identifier)
            if participant == nil {
                bad = true
                errors.append(
                    error(
                        row, identifierCol,
                        identifier.isEmpty
                            ? "the Identifier is empty"
                            : "'\(shown: identifier)' is not a Moodle participant identifier",
                        hint: "Moodle writes \"Participant 4711\" (German \"Teilnehmer/in4711\")"))
            } else if let other = seen[participant!] {
                bad = true
                errors.append(
                    error(
                        row, identifierCol,
                        "participant \(participant!) appears twice (also line \(other))",
                        hint: "download the worksheet again: Moodle writes each participant once"))
            }
            let name = table.value(row, nameCol)
            if name.isEmpty {
                bad = true
                errors.append(error(row, nameCol, "the full name is empty"))
            }
            let idNumber = idCol.map { table.value(row, $0) } ?? ""
            let email = emailCol.map { table.value(row, $0) } ?? ""
            if idNumber.isEmpty && email.isEmpty && !name.isEmpty {
                bad = true
                errors.append(
                    error(
                        row, idCol ?? emailCol,
                        "\(shown: name) has neither an ID number nor an e-mail address, so no student can be matched",
                        hint: "fill in the ID number (the matriculation number) or the e-mail address"))
            }
            var submittedAt: Date? = nil
            if let submittedCol {
                let raw = table.value(row, submittedCol)
                switch readDate(raw, time: time) {
                case .none:
                    break
                case .moment(let date, let happensTwice):
                    submittedAt = date
                    anyDate = true
                    if happensTwice && twice == nil { twice = raw }
                case .refused(let message, let hint):
                    bad = true
                    errors.append(error(row, submittedCol, message, hint: hint))
                }
            }
            if bad { continue }
            seen[participant!] = row.line
            result.rows.append(
                Row(
                    participant: participant!, fullName: name, idNumber: idNumber.isEmpty ? nil : idNumber,
                    email: email.isEmpty ? nil : email, status: statusCol.map { table.value(row, $0) } ?? "",
                    submittedAt: submittedAt, onlineText: onlineCol.map { !table.value(row, $0).isEmpty } ?? false,
                    line: row.line))
        }
        guard errors.isEmpty else { throw SeminarError.invalidInput(errors) }
        if let submittedCol {
            if anyDate {
                result.decisions.append(
                    "read \(table.describeColumn(submittedCol)) times as \(time.timeZone.identifier): Moodle writes them "
                        + "in the time zone of the user who downloaded the worksheet, without saying which")
            }
        } else {
            result.decisions.append(
                "the worksheet has no 'Last modified (submission)' column: no submission has a time")
        }
        if let twice, let submittedCol {
            result.decisions.append(
                "times such as \"\(shown: twice)\" in \(table.describeColumn(submittedCol)), which happen twice the night "
                    + "summer time ends in \(time.timeZone.identifier), are read as the first (summer time)")
        }
        return result
    }

    /// `Participant 4711`, `Teilnehmer/in4711`, `Teilnehmer*in 4711` → 4711.
    static func participantNumber(_ raw: String) -> Int? {
        let lowered = raw.lowercased()
        guard let word = participantWords.first(where: { lowered.hasPrefix($0) }) else { return nil }
        let rest = lowered.dropFirst(word.count).drop { $0 == " " || $0 == "\u{A0}" }
        guard (1...18).contains(rest.count), rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(rest)
    }

    static func state(of status: String) -> SubmissionState {
        let first = status.components(separatedBy: " - ").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        switch first {
        case "submitted for grading", "zur bewertung abgegeben": return .submitted
        case "draft (not submitted)", "entwurf (nicht abgegeben)": return .draft
        case "no submission", "keine abgabe": return .none
        case "reopened", "erneut geöffnet": return .reopened
        default: return .unknown
        }
    }

    // MARK: Dates

    /// What a `Last modified` cell holds.
    enum DateReading: Equatable {
        /// `-` or empty.
        case none
        /// The instant; `happensTwice` when the clocks passed that time twice (the first is taken).
        case moment(Date, happensTwice: Bool)
        /// Not a time this reader can take, with the message and hint for the error.
        case refused(String, hint: String)
    }

    static let englishDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let germanDays = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
    static let englishMonths = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]
    static let germanMonths = [
        "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
        "dezember",
    ]

    static let datePattern = try! NSRegularExpression(
        pattern: #"^(\p{L}+),\s*(\d{1,2})\.?\s+(\p{L}+)\s+(\d{4}),\s*(\d{1,2}):(\d{2})(?:\s*([AaPp])\.?\s*[Mm]\.?)?$"#)

    static let dateHint =
        "Moodle writes \"Tuesday, 14 January 2025, 9:12 PM\" (German \"Dienstag, 14. Januar 2025, 21:12\"), "
        + "and - for no submission"

    /// Reads `Tuesday, 14 January 2025, 9:12 PM` or `Dienstag, 14. Januar 2025, 21:12` in the
    /// seminar's zone; `-` and empty are no time.
    static func readDate(_ raw: String, time: SeminarTime) -> DateReading {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.isEmpty || s == "-" { return .none }
        let notADate = DateReading.refused("'\(Shown.value(s))' is not a Moodle date", hint: dateHint)
        guard let m = datePattern.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { return notADate }
        func group(_ i: Int) -> String? {
            Range(m.range(at: i), in: s).map { String(s[$0]) }
        }
        let dayName = group(1)!.lowercased()
        let monthName = group(3)!.lowercased()
        guard let day = Int(group(2)!), let year = Int(group(4)!), var hour = Int(group(5)!),
            let minute = Int(group(6)!),
            let month = (englishMonths.firstIndex(of: monthName) ?? germanMonths.firstIndex(of: monthName))
                .map({ $0 + 1 }),
            let weekday = englishDays.firstIndex(of: dayName) ?? germanDays.firstIndex(of: dayName)
        else { return notADate }
        guard SeminarTime.years.contains(year) else {
            return .refused(
                "'\(Shown.value(s))': the year \(year) is out of range",
                hint: "a year from \(SeminarTime.years.lowerBound) to \(SeminarTime.years.upperBound)")
        }
        guard (1...DayDate.daysIn(month: month, year: year)).contains(day) else {
            return .refused(
                "'\(Shown.value(s))' is not a date: \(englishMonths[month - 1].capitalized) \(year) has no day \(day)",
                hint: dateHint)
        }
        if let meridiem = group(7)?.lowercased() {
            guard (1...12).contains(hour) else {
                return .refused("'\(Shown.value(s))': \(hour) is not an hour on a 12-hour clock", hint: dateHint)
            }
            if meridiem == "a" && hour == 12 {
                hour = 0
            } else if meridiem == "p" && hour != 12 {
                hour += 12
            }
        }
        guard (0...23).contains(hour), (0...59).contains(minute) else {
            return .refused("'\(Shown.value(s))' is not a time of day", hint: dateHint)
        }
        let days = SeminarTime.daysFromCivil(year, month, day)
        let actual = ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday; Monday is 0
        if actual != weekday {
            let dateText = "\(day) \(englishMonths[month - 1].capitalized) \(year)"
            return .refused(
                "'\(Shown.value(s))': \(dateText) is a \(englishDays[actual].capitalized), not a \(englishDays[weekday].capitalized)",
                hint: "the date is not one Moodle wrote: check the year and the language of the worksheet, "
                    + "or download it again")
        }
        let iso = "\(zeroPadded(year, 4))-\(zeroPadded(month, 2))-\(zeroPadded(day, 2))"
        let wall = "\(zeroPadded(hour, 2)):\(zeroPadded(minute, 2))"
        switch time.localInstants(year: year, month: month, day: day, hour: hour, minute: minute, second: 0) {
        case .one(let date):
            return .moment(date, happensTwice: false)
        case .twice(let first, _):
            return .moment(first.date, happensTwice: true)
        case .gap(let from, let to, _):
            return .refused(
                "'\(Shown.value(s))': \(wall) does not exist on \(iso) in \(time.timeZone.identifier): "
                    + "clocks jump from \(from) to \(to)",
                hint: "Moodle writes times in the zone of the user who downloaded the worksheet: "
                    + "was it not \(time.timeZone.identifier)? Set that user's time zone and download the worksheet again"
            )
        }
    }
}
