import Foundation

/// The roster and catalog as the form reader needs them: who is who, which paper is which.
public struct PreferenceDirectory: Sendable {
    var studentIDs: Set<String>
    var studentByEmail: [String: String]
    var emailByStudent: [String: String]
    var studentByNumber: [String: String]
    var studentByName: [String: [String]]
    /// E-mail domains that are another name of a roster domain: `mytum.de` → `tum.de`.
    var domainAliases: [String: String]
    var papers: PaperLookup
    var titles: [(title: String, id: String)]

    public init(
        students: [(id: String, email: String)], papers: [(id: String, title: String)],
        names: [String: String] = [:], domainAliases: [String: String] = [:]
    ) {
        studentIDs = Set(students.map(\.id))
        studentByNumber = Dictionary(
            students.map { (Validation.numberKey($0.id), $0.id) }, uniquingKeysWith: { a, _ in a })
        studentByEmail = Dictionary(students.map { ($0.email.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        emailByStudent = Dictionary(students.map { ($0.id, $0.email) }, uniquingKeysWith: { a, _ in a })
        studentByName = Dictionary(grouping: names.keys, by: { PaperLookup.typographyKey(names[$0]!) })
        self.domainAliases = Dictionary(
            domainAliases.map { ($0.key.lowercased(), $0.value.lowercased()) }, uniquingKeysWith: { a, _ in a })
        self.papers = PaperLookup(papers: papers)
        titles = papers.map { ($0.title.precomposedStringWithCanonicalMapping, $0.id) }.sorted { $0.0 < $1.0 }
    }

    public var isEmpty: (students: Bool, papers: Bool) { (studentIDs.isEmpty, papers.isEmpty) }

    /// What to say about an id that is not on the roster: the student it is with other leading zeros.
    func unknownIDHint(_ id: String) -> String {
        if let same = studentByNumber[Validation.numberKey(id)], same != id {
            return "\(Validation.leadingZeroMessage(id, existing: same)); \(Validation.leadingZeroHint)"
        }
        return "import the roster first (seminar student import), or correct the id"
    }

    /// A paper named by its id, its title, or a near miss of the title.
    public func paper(_ cell: String) -> String? {
        papers.matchOnce(cell)?.id
    }

    /// The student with this address, directly or through a domain alias (`mytum.de` = `tum.de`).
    func student(email: String) -> (id: String, alias: String?)? {
        let lower = email.lowercased()
        if let id = studentByEmail[lower] { return (id, nil) }
        guard let at = lower.lastIndex(of: "@"), let canonical = domainAliases[String(lower[lower.index(after: at)...])]
        else { return nil }
        let rewritten = lower[..<at] + "@" + canonical
        return studentByEmail[rewritten].map { ($0, rewritten) }
    }

    /// The title sharing the longest beginning with `cell`, and where they part (in characters).
    func closestTitle(_ cell: String) -> (title: String, id: String, common: Int)? {
        var best: (String, String, Int)? = nil
        for (title, id) in titles {
            let common = zip(cell, title).prefix { $0 == $1 }.count
            if common > (best?.2 ?? 0) { best = (title, id, common) }
        }
        guard let best, best.2 >= 12 || best.2 * 2 >= cell.count else { return nil }
        return best
    }
}

/// One student's ranked list as the file gives it: the latest submission per student.
public struct FormSubmission: Sendable, Equatable {
    public var studentID: String
    /// Paper ids, most wanted first.
    public var papers: [String]
    /// When the form was submitted (nil when the file has no timestamps).
    public var submittedAt: Date?
    public var line: Int

    public init(studentID: String, papers: [String], submittedAt: Date?, line: Int) {
        self.studentID = studentID
        self.papers = papers
        self.submittedAt = submittedAt
        self.line = line
    }
}

/// A student who submitted more than once: which line counts.
public struct Resubmission: Sendable, Equatable {
    public var studentID: String
    public var keptLine: Int
    public var droppedLines: [Int]
    public var keptTimestamp: String?
}

/// The columns a user names when the header is unusual (`--id-column` and friends).
public struct FormColumnNames: Sendable, Equatable {
    public var id: String?
    public var email: String?
    public var name: String?
    public var timestamp: String?
    /// Choice columns in rank order; one column of `;`-separated lists is a ranking cell.
    public var choices: [String]
    /// How to read `8/3/2024`; nil: decided by the file's values, else US month/day.
    public var dayOrder: DayOrder?

    public init(
        id: String? = nil, email: String? = nil, name: String? = nil, timestamp: String? = nil,
        choices: [String] = [], dayOrder: DayOrder? = nil
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.timestamp = timestamp
        self.choices = choices
        self.dayOrder = dayOrder
    }
}

/// A preference file as read: the forms, and what the reader decided, skipped and refused.
public struct ParsedForms: Sendable {
    public enum Layout: String, Sendable {
        case long = "long format"
        case columns = "one column per choice"
        case grid = "a grid, one column per paper"
        case ranking = "a ranking cell"
    }
    public var layout: Layout
    public var forms: [FormSubmission] = []
    public var resubmissions: [Resubmission] = []
    /// Which column was used for what, one line per role (`submitted at: 'Timestamp' (A)`).
    public var roles: [String] = []
    /// What the tool decided on the user's behalf: near-miss titles, addresses, ids, times.
    public var decisions: [String] = []
    /// Rows left out on purpose (incomplete responses, people who are not students), named.
    public var skipped: [String] = []
    /// Problems in rows; the rows they name are left out of `forms`.
    public var errors: [InputError] = []
    /// Problems with the file as a whole (a missing column): nothing can be imported.
    public var fatal: [InputError] = []
    public var badLines: Set<Int> = []
}

/// Reads a preference file: the long format `student,paper,rank`, or a form export in any of
/// the layouts form tools write (Google Forms, Microsoft Forms, LimeSurvey, Sheets): one
/// column per choice, a grid with one column per paper, or one ranking cell. Columns are
/// recognised by what they hold, not only by their names (see `FormLayout`).
public enum PreferenceFormParser {
    public static func parse(
        _ table: CSVTable, directory: PreferenceDirectory, time: SeminarTime,
        columns: FormColumnNames = FormColumnNames()
    ) -> ParsedForms {
        // Nothing can match yet: one error that says what to import, not one per cell.
        var missing: [InputError] = []
        if directory.studentIDs.isEmpty {
            missing.append(
                InputError(
                    file: table.file, message: "the roster is empty, so no form can be matched to a student",
                    hint: "import the roster first: seminar student import ROSTER.csv"))
        }
        if directory.papers.isEmpty {
            missing.append(
                InputError(
                    file: table.file, message: "the paper catalog is empty, so no choice can be matched to a paper",
                    hint: "import the papers first: seminar paper import PAPERS.csv"))
        }
        if !missing.isEmpty {
            var result = ParsedForms(layout: .columns)
            result.fatal = missing
            return result
        }
        let map = table.map
        if columns.choices.isEmpty, columns.timestamp == nil,
            let paperCol = map.column(paperHeaders),
            let rankCol = map.column(rankHeaders)
        {
            return LongFormReader(
                table: table, directory: directory, paperCol: paperCol, rankCol: rankCol, names: columns
            ).read()
        }
        var reader = WideFormReader(table: table, directory: directory, time: time)
        return reader.read(columns)
    }

    /// A long form's columns: one row per student and paper, with its rank.
    static let paperHeaders = ["paper", "paper_id", "paper id", "topic"]
    static let rankHeaders = ["rank", "priority"]

    /// The rank a header names ("1st choice", "Choice 2", "Preference 3", "Second choice",
    /// "rank[2]", "2. Wahl"), or nil when it names none or has no word of choosing.
    public static func choiceNumber(_ header: String) -> Int? {
        let key = HeaderMap.normalize(header)
        guard FormLayout.choiceWords.contains(where: { key.contains($0) }) else { return nil }
        return FormLayout.orderNumber(header)
    }

    /// One timestamp on its own, US order for `8/3/2024` (as Google Forms writes in English).
    public static func parseTimestamp(_ raw: String, time: SeminarTime) -> Date? {
        FormTimestamp.parse(raw, time: time)
    }

    static func unknownPaper(
        _ table: CSVTable, _ row: CSVRecord, _ col: Int, _ cell: String, _ directory: PreferenceDirectory,
        what: String = ""
    ) -> InputError {
        var message = "no paper with the id or title \"\(shown: cell)\"\(what)"
        var hint = "name a paper by its id or its exact title (see `seminar paper list`)"
        if let close = directory.closestTitle(cell) {
            let start = table.position(row, col)
            // The cell's text starts one column later when it is quoted.
            let raw = col < row.fields.count ? row.fields[col].value : ""
            let leading = raw.prefix { $0.isWhitespace }.count
            let quoted = table.sheet == nil && rawQuoted(row, col) ? 1 : 0
            if table.sheet == nil {
                message +=
                    "; it differs from the title of \(close.id) at \(start.line):\(start.column + quoted + leading + close.common)"
            } else {
                message += "; it differs from the title of \(close.id) after \(close.common) characters"
            }
            hint = "did you mean \"\(close.title)\" (\(close.id))?"
        }
        return table.error(row, col, message, hint: hint)
    }

    /// Whether the field was written in quotes: its next field (or the line's end) starts
    /// further away than its text is long.
    static func rawQuoted(_ row: CSVRecord, _ col: Int) -> Bool {
        guard col < row.fields.count else { return false }
        let f = row.fields[col]
        if col + 1 < row.fields.count, row.fields[col + 1].line == f.line {
            return row.fields[col + 1].column - f.column - 1 > f.value.count
        }
        return false
    }
}

/// Notes on near-miss paper names, one per distinct text however often it occurs.
struct NearMissLog {
    private var seen: [String: (id: String, kind: PaperMatchKind, count: Int, first: String)] = [:]
    private var order: [String] = []

    mutating func note(_ text: String, _ match: PaperMatch, at place: String) {
        guard match.kind != .id && match.kind != .title else { return }
        if seen[text] == nil {
            order.append(text)
            seen[text] = (match.id, match.kind, 0, place)
        }
        seen[text]!.count += 1
    }

    var lines: [String] {
        order.map { text in
            let s = seen[text]!
            let times = s.count == 1 ? "at \(s.first)" : "\(s.count) times, first at \(s.first)"
            return "\"\(shown: text)\" is taken as paper \(s.id) (\(s.kind.reason); \(times))"
        }
    }
}

// MARK: Long format

/// `student,paper,rank`: one row per choice.
struct LongFormReader {
    let table: CSVTable
    let directory: PreferenceDirectory
    let paperCol: Int
    let rankCol: Int
    let names: FormColumnNames

    /// The column that says who a row is: named with --id-column or --email-column, else found
    /// by its header. Nil, with a fatal error, when there is none.
    func studentColumn(_ result: inout ParsedForms) -> Int? {
        do {
            if let id = names.id { return try table.column(named: id, option: "--id-column") }
            if let email = names.email { return try table.column(named: email, option: "--email-column") }
        } catch {
            result.fatal.append(error)
            return nil
        }
        do throws(InputError) {
            var column = try table.roleColumn(
                "student", FormLayout.studentIDHeaders + ["student", "id"], notes: &result.decisions)
            if column == nil {
                column = try table.roleColumn(
                    "student", FormLayout.emailHeaders, notes: &result.decisions, key: { $0.lowercased() })
            }
            guard let column else {
                result.fatal.append(table.missingColumn("student", accepted: ["student", "Matrikelnummer", "email"]))
                return nil
            }
            return column
        } catch {
            result.fatal.append(error)
            return nil
        }
    }

    /// Two columns for the paper or the rank must agree (see `CSVTable.roleColumn`).
    func checkPaperAndRank(_ result: inout ParsedForms) -> Bool {
        do throws(InputError) {
            let map = table.map
            try table.requireAgreement(
                "paper", paperCol, map.columns(PreferenceFormParser.paperHeaders).filter { $0 != paperCol },
                notes: &result.decisions)
            try table.requireAgreement(
                "rank", rankCol, map.columns(PreferenceFormParser.rankHeaders).filter { $0 != rankCol },
                notes: &result.decisions, key: { Int($0).map(String.init) })
            return true
        } catch {
            result.fatal.append(error)
            return false
        }
    }

    func read() -> ParsedForms {
        var result = ParsedForms(layout: .long)
        guard let studentCol = studentColumn(&result), checkPaperAndRank(&result) else { return result }
        let agreed = result.decisions
        result.roles = [
            "student: \(table.describeColumn(studentCol))", "paper: \(table.describeColumn(paperCol))",
            "rank: \(table.describeColumn(rankCol))",
        ]
        var lookup = directory.papers
        var nearMisses = NearMissLog()
        var lists: [String: [(rank: Int, paper: String, row: CSVRecord)]] = [:]
        var order: [String] = []
        var badStudents: Set<String> = []
        for row in table.rows {
            let who = table.value(row, studentCol)
            let student = directory.studentIDs.contains(who) ? who : directory.student(email: who)?.id
            let paperCell = table.value(row, paperCol)
            let rankCell = table.value(row, rankCol)
            var bad = false
            if who.isEmpty {
                result.errors.append(table.error(row, studentCol, "the student is empty"))
                bad = true
            } else if student == nil {
                result.errors.append(
                    table.error(
                        row, studentCol, "no student \(shown: who) on the roster",
                        hint: directory.unknownIDHint(who)))
                bad = true
            }
            let paper = lookup.match(paperCell)
            if paperCell.isEmpty {
                result.errors.append(table.error(row, paperCol, "the paper is empty"))
                bad = true
            } else if let paper {
                nearMisses.note(paperCell, paper, at: "line \(row.line)")
            } else {
                result.errors.append(PreferenceFormParser.unknownPaper(table, row, paperCol, paperCell, directory))
                bad = true
            }
            let rank = Int(rankCell)
            if rank == nil || rank! < 1 {
                result.errors.append(
                    table.error(
                        row, rankCol, "'\(shown: rankCell)' is not a rank",
                        hint: "1 is the most wanted paper, then 2, 3, …"))
                bad = true
            }
            if bad {
                result.badLines.insert(row.line)
                if let student { badStudents.insert(student) }
                continue
            }
            if lists[student!] == nil { order.append(student!) }
            lists[student!, default: []].append((rank!, paper!.id, row))
        }
        result.decisions = agreed + nearMisses.lines
        for id in order {
            if let form = checkedList(id, lists[id]!, into: &result), !badStudents.contains(id) {
                result.forms.append(form)
            }
        }
        return result
    }

    /// One student's rows as a list, or nil (with errors) when ranks or papers repeat or skip.
    func checkedList(
        _ id: String, _ entries: [(rank: Int, paper: String, row: CSVRecord)], into result: inout ParsedForms
    ) -> FormSubmission? {
        let list = entries.sorted { $0.rank < $1.rank }
        var ok = true
        var seenPaper: [String: CSVRecord] = [:]
        var seenRank: [Int: CSVRecord] = [:]
        for entry in entries {
            if let other = seenRank[entry.rank] {
                result.errors.append(
                    table.error(
                        entry.row, rankCol, "student \(id) has rank \(entry.rank) twice (also line \(other.line))"))
                result.badLines.insert(entry.row.line)
                ok = false
            }
            if let other = seenPaper[entry.paper] {
                result.errors.append(
                    table.error(
                        entry.row, paperCol, "student \(id) ranks paper \(entry.paper) twice (also line \(other.line))")
                )
                result.badLines.insert(entry.row.line)
                ok = false
            }
            seenRank[entry.rank] = entry.row
            seenPaper[entry.paper] = entry.row
        }
        if ok, let gap = (1...list.count).first(where: { seenRank[$0] == nil }) {
            result.errors.append(
                table.error(
                    list[0].row, rankCol,
                    "student \(id) has ranks \(list.map { String($0.rank) }.joined(separator: ", ")): rank \(gap) is missing",
                    hint: "ranks run 1, 2, 3, … without gaps"))
            result.badLines.insert(list[0].row.line)
            ok = false
        }
        // A student with any bad row is left out whole: their list would be incomplete.
        return ok
            ? FormSubmission(studentID: id, papers: list.map(\.paper), submittedAt: nil, line: list[0].row.line) : nil
    }
}
