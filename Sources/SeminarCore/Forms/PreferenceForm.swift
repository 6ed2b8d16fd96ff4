import Foundation

/// The roster and catalog as the form reader needs them: who is who, which paper is which.
public struct PreferenceDirectory: Sendable {
    var studentIDs: Set<String>
    var studentByEmail: [String: String]
    var paperIDs: Set<String>
    var paperByTitle: [String: String]
    var paperByLooseTitle: [String: String]
    var titles: [(title: String, id: String)]
    var studentByNumber: [String: String]

    public init(students: [(id: String, email: String)], papers: [(id: String, title: String)]) {
        studentIDs = Set(students.map(\.id))
        studentByNumber = Dictionary(students.map { (Validation.numberKey($0.id), $0.id) }, uniquingKeysWith: { a, _ in a })
        studentByEmail = Dictionary(students.map { ($0.email.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        paperIDs = Set(papers.map(\.id))
        paperByTitle = Dictionary(papers.map { ($0.title.precomposedStringWithCanonicalMapping, $0.id) }, uniquingKeysWith: { a, _ in a })
        paperByLooseTitle = Dictionary(papers.map { (Self.loose($0.title), $0.id) }, uniquingKeysWith: { a, _ in a })
        titles = papers.map { ($0.title.precomposedStringWithCanonicalMapping, $0.id) }.sorted { $0.0 < $1.0 }
    }

    /// Case and runs of white space do not matter; everything else does.
    static func loose(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    public var isEmpty: (students: Bool, papers: Bool) { (studentIDs.isEmpty, paperIDs.isEmpty) }

    /// What to say about an id that is not on the roster: the student it is with other leading zeros.
    func unknownIDHint(_ id: String) -> String {
        if let same = studentByNumber[Validation.numberKey(id)], same != id {
            return "\(Validation.leadingZeroMessage(id, existing: same)); \(Validation.leadingZeroHint)"
        }
        return "import the roster first (seminar student import), or correct the id"
    }

    /// A paper named by its id or by its title.
    public func paper(_ cell: String) -> String? {
        if paperIDs.contains(cell) { return cell }
        return paperByTitle[cell] ?? paperByLooseTitle[Self.loose(cell)]
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

public struct FormImport: Sendable {
    public enum Layout: String, Sendable { case long, wide }
    public var layout: Layout
    public var forms: [FormSubmission] = []
    public var resubmissions: [Resubmission] = []
    /// Problems in rows; the rows they name are left out of `forms`.
    public var errors: [InputError] = []
    /// Problems with the file as a whole (a missing column): nothing can be imported.
    public var fatal: [InputError] = []
    public var badLines: Set<Int> = []
}

/// Reads a preference file: the long format `student,paper,rank`, or a form export (Google
/// Forms, Microsoft Forms, LimeSurvey) with a timestamp column, an e-mail (or id) column and
/// one column per choice. The layout is detected from the header.
public enum PreferenceFormParser {
    public static let studentColumns = ["student", "student_id", "student id", "id", "matriculation", "matriculation number",
                                        "Matrikelnummer", "Matrikelnr", "MatrNr", "student number"]
    public static let emailColumns = ["email address", "email", "e-mail", "mail", "e-mail address", "E-Mail-Adresse", "username",
                                      "respondent email", "Email Adresse"]
    public static let timestampColumns = ["timestamp", "completion time", "submitdate", "date submitted", "submitted at",
                                          "submitted", "Zeitstempel", "Abgabezeitpunkt", "time", "date"]
    static let choiceWords = ["choice", "preference", "pref", "wish", "priority", "wahl", "wunsch", "praferenz", "präferenz", "option", "prio"]
    static let ordinals = ["first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                           "ninth": 9, "tenth": 10, "erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "funft": 5]

    /// The rank a header names ("1st choice", "Choice 2", "Preference 3", "Second choice"), or nil.
    public static func choiceNumber(_ header: String) -> Int? {
        let key = HeaderMap.normalize(header)
        guard choiceWords.contains(where: { key.contains($0) }) else { return nil }
        let digits = key.filter(\.isNumber)
        if !digits.isEmpty, let n = Int(digits), n >= 1, n <= 99 { return n }
        // Anywhere in the header ("Your first choice", "Preferences [Third choice]"); the longest
        // ordinal that occurs wins, so the answer does not depend on dictionary order.
        let found = ordinals.filter { key.contains($0.key) }.max { a, b in
            a.key.count != b.key.count ? a.key.count < b.key.count : a.key > b.key
        }
        return found?.value
    }

    public static func parse(_ table: CSVTable, directory: PreferenceDirectory, time: SeminarTime) -> FormImport {
        // Nothing can match yet: one error that says what to import, not one per cell.
        var missing: [InputError] = []
        if directory.studentIDs.isEmpty {
            missing.append(InputError(file: table.file, message: "the roster is empty, so no form can be matched to a student",
                                      hint: "import the roster first: seminar student import ROSTER.csv"))
        }
        if directory.paperIDs.isEmpty {
            missing.append(InputError(file: table.file, message: "the paper catalog is empty, so no choice can be matched to a paper",
                                      hint: "import the papers first: seminar paper import PAPERS.csv"))
        }
        if !missing.isEmpty {
            var result = FormImport(layout: .wide)
            result.fatal = missing
            return result
        }
        let map = table.map
        let paperCol = map.column(["paper", "paper_id", "paper id", "topic"])
        let rankCol = map.column(["rank", "priority"])
        if paperCol != nil && rankCol != nil {
            return parseLong(table, directory: directory, paperCol: paperCol!, rankCol: rankCol!)
        }
        return parseWide(table, directory: directory, time: time)
    }

    // MARK: Wide (form export)

    static func parseWide(_ table: CSVTable, directory: PreferenceDirectory, time: SeminarTime) -> FormImport {
        var result = FormImport(layout: .wide)
        let map = table.map
        var choiceCols: [(rank: Int, col: Int)] = []
        // Further columns for a rank already seen: an edited form question leaves its old
        // column behind, old answers in one, new ones in the other. Merged per row below.
        var extraCols: [Int: [Int]] = [:]
        for (i, name) in map.names.enumerated() {
            guard let r = choiceNumber(name) else { continue }
            if choiceCols.contains(where: { $0.rank == r }) { extraCols[r, default: []].append(i) } else { choiceCols.append((r, i)) }
        }
        choiceCols.sort { $0.rank < $1.rank }
        let emailCol = map.column(emailColumns)
        // Microsoft Forms' "ID" is the response number, not the student's: a bare "id"
        // column names the student only when there is no e-mail column.
        let idCol = map.column(studentColumns.filter { $0 != "id" }) ?? (emailCol == nil ? map.column(["id"]) : nil)
        let timeCol = map.column(timestampColumns)
        if choiceCols.isEmpty {
            result.fatal.append(table.missingColumn("choice", accepted: ["1st choice", "Choice 2", "Preference 3", "… (a form export)",
                                                                          "or student,paper,rank (long format)"]))
        }
        if idCol == nil && emailCol == nil {
            result.fatal.append(table.missingColumn("student (e-mail or id)", accepted: ["Email Address", "email", "Matrikelnummer", "student"]))
        }
        guard result.fatal.isEmpty else { return result }

        var candidates: [(form: FormSubmission, stamp: String?)] = []
        for row in table.rows {
            var errors: [InputError] = []
            let student = resolveStudent(table, row, idCol: idCol, emailCol: emailCol, directory: directory, errors: &errors)
            var submitted: Date? = nil
            var rawStamp: String? = nil
            if let timeCol {
                let raw = table.value(row, timeCol)
                rawStamp = raw
                if raw.isEmpty {
                    errors.append(table.error(row, timeCol, "the timestamp is empty", hint: "the latest submission counts, so each needs its time"))
                } else if let d = parseTimestamp(raw, time: time) {
                    submitted = d
                } else {
                    errors.append(table.error(row, timeCol, "'\(raw)' is not a timestamp",
                                              hint: "write 8/14/2024 10:23:45, 2024-08-14 10:23:45 or 14.08.2024 10:23:45"))
                }
            }
            var papers: [String] = []
            var firstColumn: [String: Int] = [:]
            for (rank, first) in choiceCols {
                var col = first
                var cell = table.value(row, col)
                for other in extraCols[rank] ?? [] {
                    let value = table.value(row, other)
                    if value.isEmpty || value == cell { continue }
                    if cell.isEmpty { cell = value; col = other; continue }
                    let pos = table.position(row, col)
                    errors.append(table.error(row, other, "two \(map.names[other]) columns are filled in (\"\(cell)\" at \(pos.line):\(pos.column), \"\(value)\" here)",
                                              hint: "an edited form question leaves its old column behind: keep one answer"))
                }
                if cell.isEmpty { continue }
                guard let id = directory.paper(cell) else {
                    errors.append(unknownPaper(table, row, col, cell, directory))
                    continue
                }
                if let earlier = firstColumn[id] {
                    let pos = table.position(row, earlier)
                    errors.append(table.error(row, col, "\(map.names[col]) names paper \(id) again (already \(map.names[earlier]) at \(pos.line):\(pos.column))",
                                              hint: "each paper may appear once in a form"))
                    continue
                }
                firstColumn[id] = col
                papers.append(id)
            }
            if papers.isEmpty && errors.isEmpty {
                errors.append(table.error(row, choiceCols[0].col, "the form names no paper", hint: "fill in at least the 1st choice, or delete the row"))
            }
            if !errors.isEmpty || student == nil {
                result.errors += errors
                result.badLines.insert(row.line)
                continue
            }
            candidates.append((FormSubmission(studentID: student!, papers: papers, submittedAt: submitted, line: row.line), rawStamp))
        }
        // The latest submission per student counts; on equal times, the later line.
        var byStudent: [String: [(form: FormSubmission, stamp: String?)]] = [:]
        var order: [String] = []
        for c in candidates {
            if byStudent[c.form.studentID] == nil { order.append(c.form.studentID) }
            byStudent[c.form.studentID, default: []].append(c)
        }
        for id in order {
            let all = byStudent[id]!
            let winner = all.max { a, b in
                let ta = a.form.submittedAt ?? .distantPast, tb = b.form.submittedAt ?? .distantPast
                return ta != tb ? ta < tb : a.form.line < b.form.line
            }!
            result.forms.append(winner.form)
            if all.count > 1 {
                result.resubmissions.append(Resubmission(studentID: id, keptLine: winner.form.line,
                                                         droppedLines: all.map(\.form.line).filter { $0 != winner.form.line }.sorted(),
                                                         keptTimestamp: winner.stamp))
            }
        }
        return result
    }

    static func resolveStudent(_ table: CSVTable, _ row: CSVRecord, idCol: Int?, emailCol: Int?, directory: PreferenceDirectory,
                               errors: inout [InputError]) -> String? {
        let id = table.value(row, idCol)
        let email = table.value(row, emailCol)
        let byID = id.isEmpty ? nil : (directory.studentIDs.contains(id) ? id : nil)
        let byEmail = email.isEmpty ? nil : directory.studentByEmail[email.lowercased()]
        if id.isEmpty && email.isEmpty {
            errors.append(table.error(row, idCol ?? emailCol, "no student: the id and e-mail are empty"))
            return nil
        }
        if !id.isEmpty && byID == nil {
            if !email.isEmpty && byEmail == nil {
                errors.append(table.error(row, emailCol, "no student with e-mail \(email) or id \(id) on the roster",
                                          hint: "import the roster first (seminar student import), or correct the address"))
                return nil
            }
            let also = byEmail.map { " (the e-mail \(email) belongs to \($0))" } ?? ""
            errors.append(table.error(row, idCol, "no student with id \(id) on the roster\(also)",
                                      hint: directory.unknownIDHint(id)))
            return nil
        }
        if !email.isEmpty && byEmail == nil && byID == nil {
            errors.append(table.error(row, emailCol, "no student with e-mail \(email) on the roster",
                                      hint: "import the roster first (seminar student import), or correct the address"))
            return nil
        }
        if let byID, let byEmail, byID != byEmail {
            errors.append(table.error(row, emailCol, "the e-mail \(email) belongs to student \(byEmail), but the id is \(byID)",
                                      hint: "correct one of them"))
            return nil
        }
        return byID ?? byEmail
    }

    static func unknownPaper(_ table: CSVTable, _ row: CSVRecord, _ col: Int, _ cell: String, _ directory: PreferenceDirectory) -> InputError {
        var message = "no paper with the id or title \"\(cell)\""
        var hint = "name a paper by its id or its exact title (see `seminar paper list`)"
        if let close = directory.closestTitle(cell) {
            let start = table.position(row, col)
            // The cell's text starts one column later when it is quoted.
            let raw = row.fields[col].value
            let leading = raw.prefix { $0.isWhitespace }.count
            let quoted = table.header.fields.isEmpty ? 0 : (rawQuoted(row, col) ? 1 : 0)
            message += "; it differs from the title of \(close.id) at \(start.line):\(start.column + quoted + leading + close.common)"
            hint = "did you mean \"\(close.title)\" (\(close.id))?"
        }
        return table.error(row, col, message, hint: hint)
    }

    /// Whether the field was written in quotes: its next field (or the line's end) starts
    /// further away than its text is long.
    static func rawQuoted(_ row: CSVRecord, _ col: Int) -> Bool {
        let f = row.fields[col]
        if col + 1 < row.fields.count, row.fields[col + 1].line == f.line {
            return row.fields[col + 1].column - f.column - 1 > f.value.count
        }
        return false
    }

    // MARK: Long

    static func parseLong(_ table: CSVTable, directory: PreferenceDirectory, paperCol: Int, rankCol: Int) -> FormImport {
        var result = FormImport(layout: .long)
        let map = table.map
        guard let studentCol = map.column(studentColumns) ?? map.column(emailColumns) else {
            result.fatal.append(table.missingColumn("student", accepted: ["student", "Matrikelnummer", "email"]))
            return result
        }
        var lists: [String: [(rank: Int, paper: String, row: CSVRecord)]] = [:]
        var order: [String] = []
        var badStudents: Set<String> = []
        for row in table.rows {
            let who = table.value(row, studentCol)
            let student = directory.studentIDs.contains(who) ? who : directory.studentByEmail[who.lowercased()]
            let paperCell = table.value(row, paperCol)
            let rankCell = table.value(row, rankCol)
            var bad = false
            if who.isEmpty {
                result.errors.append(table.error(row, studentCol, "the student is empty")); bad = true
            } else if student == nil {
                result.errors.append(table.error(row, studentCol, "no student \(who) on the roster",
                                                 hint: directory.unknownIDHint(who))); bad = true
            }
            let paper = directory.paper(paperCell)
            if paperCell.isEmpty {
                result.errors.append(table.error(row, paperCol, "the paper is empty")); bad = true
            } else if paper == nil {
                result.errors.append(unknownPaper(table, row, paperCol, paperCell, directory)); bad = true
            }
            let rank = Int(rankCell)
            if rank == nil || rank! < 1 {
                result.errors.append(table.error(row, rankCol, "'\(rankCell)' is not a rank", hint: "1 is the most wanted paper, then 2, 3, …"))
                bad = true
            }
            if bad {
                result.badLines.insert(row.line)
                if let student { badStudents.insert(student) }
                continue
            }
            if lists[student!] == nil { order.append(student!) }
            lists[student!, default: []].append((rank!, paper!, row))
        }
        for id in order {
            let list = lists[id]!.sorted { $0.rank < $1.rank }
            var ok = true
            var seenPaper: [String: CSVRecord] = [:]
            var seenRank: [Int: CSVRecord] = [:]
            for entry in lists[id]! {
                if let other = seenRank[entry.rank] {
                    result.errors.append(table.error(entry.row, rankCol, "student \(id) has rank \(entry.rank) twice (also line \(other.line))"))
                    result.badLines.insert(entry.row.line); ok = false
                }
                if let other = seenPaper[entry.paper] {
                    result.errors.append(table.error(entry.row, paperCol, "student \(id) ranks paper \(entry.paper) twice (also line \(other.line))"))
                    result.badLines.insert(entry.row.line); ok = false
                }
                seenRank[entry.rank] = entry.row
                seenPaper[entry.paper] = entry.row
            }
            if ok, let gap = (1...list.count).first(where: { seenRank[$0] == nil }) {
                result.errors.append(table.error(list[0].row, rankCol, "student \(id) has ranks \(list.map { String($0.rank) }.joined(separator: ", ")): rank \(gap) is missing",
                                                 hint: "ranks run 1, 2, 3, … without gaps"))
                result.badLines.insert(list[0].row.line); ok = false
            }
            // A student with any bad row is left out whole: their list would be incomplete.
            if !ok || badStudents.contains(id) { continue }
            result.forms.append(FormSubmission(studentID: id, papers: list.map(\.paper), submittedAt: nil, line: list[0].row.line))
        }
        return result
    }

    // MARK: Timestamps

    /// Form tools' timestamps, read in the seminar's time zone: `8/14/2024 10:23:45` (Google
    /// Forms, US; also with AM/PM), `2024-08-14 10:23:45` / `2024-08-14T10:23:45Z` (ISO 8601),
    /// `14.08.2024 10:23:45` (German), `2024/08/14 10:23:45`. Seconds are optional.
    public static func parseTimestamp(_ raw: String, time: SeminarTime) -> Date? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.range(of: #"^\d{4}-\d{2}-\d{2}[T ]"#, options: .regularExpression) != nil, let (d, _) = time.parse(s) { return d }
        let patterns: [(String, (Int, Int, Int))] = [
            (#"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?$"#, (3, 1, 2)),  // M/d/yyyy
            (#"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?()$"#, (3, 2, 1)),                    // dd.MM.yyyy
            (#"^(\d{4})/(\d{1,2})/(\d{1,2})[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?()$"#, (1, 2, 3)),                      // yyyy/MM/dd
        ]
        for (pattern, (yi, mi, di)) in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let m = regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { continue }
            func group(_ i: Int) -> String? {
                guard let r = Range(m.range(at: i), in: s), !r.isEmpty else { return nil }
                return String(s[r])
            }
            guard var y = group(yi).flatMap(Int.init), let mo = group(mi).flatMap(Int.init), let d = group(di).flatMap(Int.init),
                  var h = group(4).flatMap(Int.init), let mi2 = group(5).flatMap(Int.init) else { return nil }
            if y < 100 { y += 2000 }  // "8/14/24": a spreadsheet saved the export again
            let sec = group(6).flatMap(Int.init) ?? 0
            if let ampm = group(7)?.lowercased() {
                guard (1...12).contains(h) else { return nil }
                if ampm == "am" && h == 12 { h = 0 } else if ampm == "pm" && h != 12 { h += 12 }
            }
            guard (1...12).contains(mo), (1...31).contains(d), (0...23).contains(h), (0...59).contains(mi2), (0...60).contains(sec) else { return nil }
            let calendar = time.calendarInZone
            let comps = DateComponents(year: y, month: mo, day: d, hour: h, minute: mi2, second: sec)
            guard let date = calendar.date(from: comps), calendar.component(.day, from: date) == d else { return nil }
            return date
        }
        return nil
    }
}
