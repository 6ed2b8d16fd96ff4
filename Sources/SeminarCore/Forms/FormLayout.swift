import Foundation

/// Which column of a form export holds what. Headers are recognised in the wordings of
/// Google Forms and Sheets, Microsoft Forms, LimeSurvey and Moodle, in English and German;
/// the choices are found by content: a column whose cells name papers, a column whose header
/// names a paper and whose cells name a rank, or a cell with a `;`-separated ranking.
public struct FormLayout: Sendable {
    public var email: Int?
    public var id: Int?
    public var name: Int?
    public var time: Int?
    public var layout: ParsedForms.Layout
    /// `.columns`: the choice columns, most wanted first; further columns for a rank already
    /// taken (an edited form question leaves its old column behind) are in `extra`.
    public var choices: [(rank: Int, column: Int)] = []
    public var extra: [Int: [Int]] = [:]
    /// `.grid`: each column and the paper its header names.
    public var grid: [(column: Int, paper: PaperMatch)] = []
    /// `.ranking`: the column of `;`-separated lists.
    public var ranking: Int?
    /// How the choice columns were found, for the report.
    public var choiceNote = ""
    /// Two columns for one role that agree, and which one is used.
    public var notes: [String] = []

    // MARK: Header names

    /// A student's id, as forms ask for it. A bare `id` is not here: in Microsoft Forms and
    /// LimeSurvey it is the response number.
    static let studentIDHeaders = [
        "student_id", "student id", "matriculation", "matriculation number", "Matrikelnummer",
        "Matrikelnr", "MatrNr", "Matr.-Nr.", "student number", "ID number", "ID-Nummer",
        "registration number", "Matrikel",
    ]
    static let emailHeaders = [
        "email address", "email", "e-mail", "mail", "e-mail address", "E-Mail-Adresse", "Email Adresse",
        "Username", "Benutzername", "respondent email", "Responder", "Antwortende Person", "Emailadresse",
    ]
    static let nameHeaders = ["name", "full name", "Vollständiger Name", "Your name", "Ihr Name", "Name, Vorname"]
    /// In order of preference: the moment the form was sent beats the moment it was opened.
    static let timestampHeaders = [
        "Timestamp", "Zeitstempel", "Marca temporal", "Horodateur", "Completion time",
        "Fertigstellungszeit", "submitdate", "Date submitted", "Datum Abgeschickt", "Submitted at",
        "submitted", "Abgabezeitpunkt", "Last modified time", "Letzte Änderungszeit",
        "Start time", "Startzeit", "datestamp", "Date last action", "Datum der letzten Aktivität",
        "startdate", "Date started", "Startdatum", "time", "date", "Datum", "Zeit",
    ]
    /// Columns that say a LimeSurvey response was sent: empty means it is incomplete.
    static let submitDateHeaders = ["submitdate", "Date submitted", "Datum Abgeschickt"]
    /// The response number (never a student's id unless named so).
    static let responseIDHeaders = ["id", "Response ID", "Antwort ID", "Antwort-ID", "ID der Antwort"]

    static let choiceWords = [
        "choice", "preference", "pref", "wish", "priority", "wahl", "wunsch", "praferenz", "präferenz",
        "option", "prio", "rank", "rang", "platz", "favorit",
    ]
    static let ordinals = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10, "erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "funft": 5,
        "sechst": 6, "siebt": 7, "acht": 8, "neunt": 9, "zehnt": 10,
    ]

    /// The order a header or a cell names: `[2]` (LimeSurvey's subquestion code) first, then an
    /// ordinal word (`Second`, `Zweitwunsch`), then the first number (`1st`, `Choice 2`, `2. Wahl`).
    public static func orderNumber(_ text: String) -> Int? {
        if let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]"),
            let n = Int(text[text.index(after: open)..<close]), (1...99).contains(n)
        {
            return n
        }
        let key = HeaderMap.normalize(text)
        let found = ordinals.filter { key.contains($0.key) }.max { a, b in
            a.key.count != b.key.count ? a.key.count < b.key.count : a.key > b.key
        }
        if let found { return found.value }
        let digits = text.unicodeScalars.drop { !("0"..."9").contains($0) }.prefix { ("0"..."9").contains($0) }
        if let n = Int(String(String.UnicodeScalarView(digits))), (1...99).contains(n) { return n }
        return nil
    }

    /// The rank a grid cell names: `1st choice`, `1. Wahl`, `Rank 1`, `Rang 1`, `Erste Wahl`, `1`.
    public static func rankValue(_ cell: String) -> Int? {
        if let n = Int(cell), (1...99).contains(n) { return n }
        let key = HeaderMap.normalize(cell)
        guard !key.isEmpty, key.count <= 30 else { return nil }
        let hasWord =
            choiceWords.contains { key.contains($0) } || ordinals.keys.contains { key.hasPrefix($0) }
            || ["", "st", "nd", "rd", "th", "er", "e", "ter", "te"].contains(
                String(key.drop { $0.isASCII && $0.isNumber }))
        return hasWord ? orderNumber(cell) : nil
    }

    // MARK: Finding the columns

    /// Places the columns of `table`: named ones first, then by header, then by content.
    /// Returns the layout, or the errors that say why it cannot be placed.
    static func detect(
        _ table: CSVTable, directory: PreferenceDirectory, lookup: inout PaperLookup,
        names: FormColumnNames
    ) -> Result<FormLayout, FormLayoutError> {
        var errors: [InputError] = []
        func named(_ value: String?, _ option: String) -> Int? {
            guard let value else { return nil }
            do { return try table.column(named: value, option: option) } catch {
                errors.append(error)
                return nil
            }
        }
        let map = table.map
        let profile = ColumnProfile.all(table, directory: directory, lookup: &lookup)
        var layout = FormLayout(layout: .columns)
        // Two columns for one role must agree. The time headers are a list of preference
        // (sent beats opened), not of synonyms: there only the same header twice counts.
        var notes: [String] = []
        func found(_ role: String, _ aliases: [String], key: (String) -> String? = { $0 }) -> Int? {
            do throws(InputError) { return try table.roleColumn(role, aliases, notes: &notes, key: key) } catch {
                errors.append(error)
                return nil
            }
        }
        layout.email = named(names.email, "--email-column") ?? found("e-mail", emailHeaders) { $0.lowercased() }
        layout.id = named(names.id, "--id-column") ?? found("student id", studentIDHeaders)
        layout.name = named(names.name, "--name-column") ?? found("name", nameHeaders)
        layout.time = named(names.timestamp, "--timestamp-column")
        if names.timestamp == nil, let time = map.column(timestampHeaders) {
            layout.time = time
            let same = map.columns([map.names[time]]).filter { $0 != time }
            do throws(InputError) {
                try table.requireAgreement("time", time, same, notes: &notes)
            } catch {
                errors.append(error)
            }
        }
        layout.notes = notes
        let namedChoices = names.choices.compactMap { named($0, "--choice-column") }
        if !errors.isEmpty { return .failure(FormLayoutError(errors: errors)) }
        let taken = Set([layout.email, layout.id, layout.name, layout.time].compactMap { $0 })
        // By content, when no header said it: the column of roster ids or addresses.
        if layout.id == nil && names.id == nil {
            layout.id =
                profile.first { !taken.contains($0.column) && !$0.isResponseNumber && $0.studentIDShare >= 0.6 }?.column
        }
        if layout.email == nil && names.email == nil {
            layout.email = profile.first { !taken.contains($0.column) && $0.emailShare >= 0.6 }?.column
        }
        if layout.time == nil && names.timestamp == nil {
            layout.time =
                profile.first { !taken.contains($0.column) && $0.nonEmpty > 0 && $0.timestampShare == 1 }?.column
        }
        let used = Set([layout.email, layout.id, layout.name, layout.time].compactMap { $0 })
        if !namedChoices.isEmpty {
            layout.place(named: namedChoices, profile: profile)
        } else if !layout.placeColumns(profile, used: used), !layout.placeRanking(profile, used: used),
            !layout.placeGrid(table, profile, used: used, lookup: &lookup)
        {
            let lines = profile.map { "  \(table.describeColumn($0.column)): \($0.summary)" }
            errors.append(
                table.headerError(
                    "no choice column: cannot tell which columns hold the choices; the columns look like this:\n"
                        + lines.joined(separator: "\n"),
                    hint:
                        "choices are cells naming papers under headers such as '1st choice', a grid of 'Rank the papers [Title]' columns, "
                        + "or a 'Title A;Title B;' ranking cell; or name them with --choice-column, most wanted first"))
        }
        if layout.id == nil && layout.email == nil && layout.name == nil {
            errors.append(
                table.missingColumn(
                    "student (e-mail or id)",
                    accepted: [
                        "Email Address", "E-Mail", "Matrikelnummer", "student_id",
                        "or --id-column / --email-column",
                    ]))
        }
        return errors.isEmpty ? .success(layout) : .failure(FormLayoutError(errors: errors))
    }

    /// Choice columns the user named: one column of `;` lists is a ranking cell.
    mutating func place(named columns: [Int], profile: [ColumnProfile]) {
        if columns.count == 1, profile[columns[0]].rankingShare >= 0.5 {
            layout = .ranking
            ranking = columns[0]
            choiceNote = "named with --choice-column"
            return
        }
        choices = columns.enumerated().map { ($0.offset + 1, $0.element) }
        choiceNote = "named with --choice-column, in that order"
    }

    /// One column per choice: a header with an order whose cells name papers.
    mutating func placeColumns(_ profile: [ColumnProfile], used: Set<Int>) -> Bool {
        for p in profile where !used.contains(p.column) {
            guard let rank = p.order else { continue }
            // Cells that name papers; or a header that says "choice" and cells that are neither
            // ranks nor rankings, so that titles the catalog lacks get an error each, with the
            // closest title, rather than "no choice column".
            let holdsPapers = p.paperShare >= 0.5 || (p.hasChoiceWord && p.rankShare < 0.5 && p.rankingShare < 0.5)
            guard holdsPapers else { continue }
            if choices.contains(where: { $0.rank == rank }) {
                extra[rank, default: []].append(p.column)
            } else {
                choices.append((rank, p.column))
            }
        }
        choices.sort { $0.rank < $1.rank }
        guard choices.contains(where: { profile[$0.column].nonEmpty > 0 }) else {
            choices = []
            extra = [:]
            return false
        }
        layout = .columns
        choiceNote = "the cells name papers; the headers give the order"
        return true
    }

    /// A Microsoft Forms ranking question: one cell `Title A;Title B;Title C;`.
    mutating func placeRanking(_ profile: [ColumnProfile], used: Set<Int>) -> Bool {
        guard let p = profile.first(where: { !used.contains($0.column) && $0.nonEmpty > 0 && $0.rankingShare >= 0.5 })
        else { return false }
        layout = .ranking
        ranking = p.column
        choiceNote = "each cell is a ranking, most wanted first, separated by ';'"
        return true
    }

    /// A multiple-choice grid: one column per paper (`Rank the papers [Title]`) with ranks in the cells.
    mutating func placeGrid(_ table: CSVTable, _ profile: [ColumnProfile], used: Set<Int>, lookup: inout PaperLookup)
        -> Bool
    {
        for p in profile where !used.contains(p.column) && p.nonEmpty > 0 && p.rankShare >= 0.5 {
            if let paper = Self.paperInHeader(table.map.names[p.column], lookup: &lookup) {
                grid.append((p.column, paper))
            }
        }
        guard !grid.isEmpty else { return false }
        layout = .grid
        choiceNote = "each header names a paper; the cells give its rank"
        return true
    }

    /// The paper a grid column's header names: the text in its last `[...]`, or the whole header.
    static func paperInHeader(_ header: String, lookup: inout PaperLookup) -> PaperMatch? {
        let text = TextCleaning.clean(header)
        if let close = text.lastIndex(of: "]"), let open = text[..<close].lastIndex(of: "[") {
            let inside = TextCleaning.clean(String(text[text.index(after: open)..<close]))
            if let m = lookup.match(inside) { return m }
        }
        return lookup.match(text)
    }
}

struct FormLayoutError: Error {
    var errors: [InputError]
}

/// What one column of a form export holds, judged from its cells.
struct ColumnProfile {
    var column: Int
    var header: String
    var nonEmpty = 0
    var paperShare = 0.0
    var rankShare = 0.0
    var rankingShare = 0.0
    var studentIDShare = 0.0
    var emailShare = 0.0
    var timestampShare = 0.0
    var sample = ""
    var order: Int?
    var hasChoiceWord = false
    var isResponseNumber = false

    /// Looks at up to 200 non-empty cells of every column.
    static func all(_ table: CSVTable, directory: PreferenceDirectory, lookup: inout PaperLookup) -> [ColumnProfile] {
        var result: [ColumnProfile] = []
        for (i, header) in table.map.names.enumerated() {
            var p = ColumnProfile(column: i, header: header)
            p.order = FormLayout.orderNumber(header)
            let key = HeaderMap.normalize(header)
            p.hasChoiceWord = FormLayout.choiceWords.contains { key.contains($0) }
            p.isResponseNumber = FormLayout.responseIDHeaders.contains { HeaderMap.normalize($0) == key }
            var papers = 0
            var ranks = 0
            var rankings = 0
            var ids = 0
            var emails = 0
            var times = 0
            for row in table.rows {
                let cell = table.value(row, i)
                if cell.isEmpty { continue }
                p.nonEmpty += 1
                if p.sample.isEmpty { p.sample = cell }
                if p.nonEmpty > 200 { continue }
                if lookup.match(cell) != nil { papers += 1 }
                if FormLayout.rankValue(cell) != nil { ranks += 1 }
                if cell.contains(";"), isRanking(cell, lookup: &lookup) { rankings += 1 }
                // A roster id, or a number that is one without its leading zeros.
                if directory.studentIDs.contains(cell)
                    || (cell.allSatisfy(\.isNumber) && directory.studentByNumber[Validation.numberKey(cell)] != nil)
                {
                    ids += 1
                }
                if cell.contains("@") && !cell.contains(" ") { emails += 1 }
                if FormTimestamp.parts(cell) != nil { times += 1 }
            }
            let n = Double(min(p.nonEmpty, 200))
            if n > 0 {
                (p.paperShare, p.rankShare, p.rankingShare) = (
                    Double(papers) / n, Double(ranks) / n, Double(rankings) / n
                )
                (p.studentIDShare, p.emailShare, p.timestampShare) = (
                    Double(ids) / n, Double(emails) / n, Double(times) / n
                )
            }
            result.append(p)
        }
        return result
    }

    /// `A;B;C;`: at least one part and most parts name papers.
    static func isRanking(_ cell: String, lookup: inout PaperLookup) -> Bool {
        let parts = FormLayout.rankingParts(cell)
        guard !parts.isEmpty else { return false }
        let named = parts.filter { lookup.match($0) != nil }.count
        return named * 2 >= parts.count && named > 0
    }

    /// What the column looks like, for the error that cannot place the columns.
    var summary: String {
        if nonEmpty == 0 { return "empty" }
        let example = Shown.value(sample, limit: 40)
        var kinds: [String] = []
        if timestampShare >= 0.5 { kinds.append("timestamps") }
        if emailShare >= 0.5 { kinds.append("e-mail addresses") }
        if studentIDShare >= 0.5 { kinds.append("student ids") }
        if paperShare >= 0.5 {
            kinds.append(order == nil ? "paper names, but the header gives no order" : "paper names")
        }
        if rankingShare >= 0.5 { kinds.append("rankings") }
        if rankShare >= 0.5 { kinds.append("ranks, but the header names no paper") }
        if kinds.isEmpty { kinds.append("text naming no paper") }
        return kinds.joined(separator: ", ") + " (e.g. \"\(example)\")"
    }
}

extension FormLayout {
    /// The items of a ranking cell, in order: `A;B;C;` → [A, B, C].
    static func rankingParts(_ cell: String) -> [String] {
        cell.split(separator: ";").map { TextCleaning.clean(String($0)) }.filter { !$0.isEmpty }
    }
}
