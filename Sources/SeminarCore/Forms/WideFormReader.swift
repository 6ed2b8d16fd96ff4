import Foundation

/// Reads a form export once `FormLayout` has placed its columns: who answered, when, and
/// which papers in which order; the latest submission per student counts.
struct WideFormReader {
    let table: CSVTable
    let directory: PreferenceDirectory
    let time: SeminarTime
    var lookup: PaperLookup
    var nearMisses = NearMissLog()
    var decisions: [String] = []
    /// Grid cells repeat a handful of texts (`1st choice`...): read each once.
    var rankCache: [String: Int?] = [:]

    init(table: CSVTable, directory: PreferenceDirectory, time: SeminarTime) {
        self.table = table
        self.directory = directory
        self.time = time
        lookup = directory.papers
    }

    mutating func read(_ names: FormColumnNames) -> ParsedForms {
        var result = ParsedForms(layout: .columns)
        let layout: FormLayout
        switch FormLayout.detect(table, directory: directory, lookup: &lookup, names: names) {
        case .failure(let e):
            result.fatal = e.errors
            return result
        case .success(let l): layout = l
        }
        result.layout = layout.layout
        result.roles = roles(layout)
        decisions += layout.notes
        let times: TimeColumn
        switch readTimes(layout.time, order: names.dayOrder) {
        case .failure(let e):
            result.fatal = e.errors
            return result
        case .success(let t): times = t
        }
        if layout.time == nil {
            decisions.append(
                "the file has no time column: when a student answered twice, the later row counts (name one with --timestamp-column)"
            )
        }
        let responseCol = table.map.column(FormLayout.responseIDHeaders)
        var candidates: [(form: FormSubmission, stamp: String?)] = []
        for (index, row) in table.rows.enumerated() {
            if times.isSubmitDate, let col = layout.time, table.value(row, col).isEmpty {
                let response =
                    responseCol.map { table.value(row, $0) }.flatMap { $0.isEmpty ? nil : "response \(shown: $0)" }
                    ?? "a response"
                result.skipped.append(
                    "\(response) (\(table.place(row))) is incomplete: no \(shown: table.map.names[col]); skipped")
                continue
            }
            var errors: [InputError] = []
            let student = resolveStudent(row, layout, errors: &errors)
            var submitted: Date? = nil
            if let col = layout.time {
                submitted = times.dates[index]
                let raw = table.value(row, col)
                if raw.isEmpty {
                    errors.append(
                        table.error(
                            row, col, "the time is empty", hint: "the latest submission counts, so each needs its time")
                    )
                } else if submitted == nil {
                    errors.append(
                        table.error(
                            row, col, "'\(shown: raw)' in \(table.describeColumn(col)) is not a time",
                            hint: "the column's other cells look like \"\(shown: times.sample)\""))
                }
            }
            let papers = choices(row, layout, errors: &errors)
            if !errors.isEmpty || student == nil {
                result.errors += errors
                result.badLines.insert(row.line)
                continue
            }
            let stamp = layout.time.map { table.value(row, $0) }
            candidates.append(
                (FormSubmission(studentID: student!, papers: papers, submittedAt: submitted, line: row.line), stamp))
        }
        if let note = times.note { decisions.append(note) }
        if let note = times.twice { decisions.append(note) }
        result.decisions = decisions + nearMisses.lines
        keepLatest(candidates, into: &result)
        return result
    }

    func roles(_ layout: FormLayout) -> [String] {
        var lines: [String] = []
        if let c = layout.email { lines.append("student e-mail: \(table.describeColumn(c))") }
        if let c = layout.id { lines.append("student id: \(table.describeColumn(c))") }
        if let c = layout.name, layout.email == nil && layout.id == nil {
            lines.append("student name: \(table.describeColumn(c))")
        }
        if let c = layout.time { lines.append("submitted at: \(table.describeColumn(c))") }
        switch layout.layout {
        case .columns:
            let cols = layout.choices.map { table.describeColumn($0.column) }
            lines.append("choices (\(layout.choiceNote)): " + cols.joined(separator: ", "))
            for (rank, extra) in layout.extra.sorted(by: { $0.key < $1.key }) {
                lines.append(
                    "also choice \(rank) (an older copy of the question): "
                        + extra.map { table.describeColumn($0) }.joined(separator: ", "))
            }
        case .ranking:
            lines.append("choices (\(layout.choiceNote)): \(table.describeColumn(layout.ranking!))")
        case .grid:
            lines.append("choices (\(layout.choiceNote)), \(layout.grid.count) columns:")
            for (col, paper) in layout.grid {
                lines.append(
                    "  \(table.describeColumn(col)) → \(paper.id)\(paper.kind == .title || paper.kind == .id ? "" : " (\(paper.kind.reason))")"
                )
            }
        case .long:
            break
        }
        return lines
    }

    // MARK: Times

    struct TimeColumn {
        var dates: [Date?] = []
        var isSubmitDate = false
        var sample = ""
        var note: String?
        /// A time the clocks passed twice, read as the first.
        var twice: String?
    }

    /// Reads the whole time column first: the day order of `8/3/2024` is decided once for the
    /// column, by its values, and a column of which nothing can be read is an error.
    func readTimes(_ col: Int?, order named: DayOrder?) -> Result<TimeColumn, FormLayoutError> {
        var column = TimeColumn(dates: Array(repeating: nil, count: table.rows.count))
        guard let col else { return .success(column) }
        let header = table.map.names[col]
        column.isSubmitDate = FormLayout.submitDateHeaders.contains {
            HeaderMap.normalize($0) == HeaderMap.normalize(header)
        }
        let raws = table.rows.map { table.value($0, col) }
        let parts = raws.map { $0.isEmpty ? nil : FormTimestamp.parts($0) }
        column.sample = raws.first { !$0.isEmpty } ?? ""
        let filled = raws.filter { !$0.isEmpty }.count
        if filled > 0 && parts.allSatisfy({ $0 == nil }) {
            return .failure(
                FormLayoutError(errors: [
                    table.headerError(
                        "no time in \(table.describeColumn(col)) can be read (e.g. \"\(shown: column.sample)\")",
                        hint: "name the column that holds the submission time with --timestamp-column")
                ]))
        }
        let decided = FormTimestamp.dayOrder(of: parts.compactMap { $0 })
        if decided.conflict && named == nil {
            func sample(_ evidence: (TimestampParts) -> Bool) -> String {
                zip(raws, parts).first { $0.1.map { $0.isAmbiguousSlashed && evidence($0) } ?? false }?.0 ?? ""
            }
            let dayFirst = sample { $0.a > 12 && $0.b <= 12 }
            let monthFirst = sample { $0.b > 12 && $0.a <= 12 }
            return .failure(
                FormLayoutError(errors: [
                    table.headerError(
                        "\(table.describeColumn(col)) mixes day/month (\"\(shown: dayFirst)\") and month/day (\"\(shown: monthFirst)\") dates",
                        hint: "export the file again in one locale, or say which with --date-order dmy|mdy")
                ]))
        }
        let order = named ?? decided.order ?? .monthFirst
        if named == nil, decided.order == nil, parts.contains(where: { $0?.isAmbiguousSlashed ?? false }) {
            column.note =
                "times such as \"\(shown: column.sample)\" are read as \(order.rawValue) (US, as English form exports write them): "
                + "no day in \(table.describeColumn(col)) is above 12 to tell; say --date-order dmy if they are day/month"
        } else if named == nil, let o = decided.order, parts.contains(where: { $0?.isAmbiguousSlashed ?? false }) {
            column.note = "times in \(table.describeColumn(col)) are read as \(o.rawValue)"
        }
        column.dates = parts.map { $0.flatMap { FormTimestamp.date($0, order: order, time: time) } }
        if let twice = zip(raws, parts).first(where: {
            $0.1.map { FormTimestamp.isTwice($0, order: order, time: time) } ?? false
        }) {
            column.twice =
                "times such as \"\(twice.0)\" in \(table.describeColumn(col)), which happen twice the night summer time "
                + "ends in \(time.timeZone.identifier), are read as the first (summer time)"
        }
        return .success(column)
    }

    // MARK: Students

    /// The student a row names: by id, by e-mail (through a domain alias if need be), or by
    /// name when the form asked for nothing else. Every decision beyond an exact match is noted.
    mutating func resolveStudent(_ row: CSVRecord, _ layout: FormLayout, errors: inout [InputError]) -> String? {
        let id = table.value(row, layout.id)
        var email = table.value(row, layout.email)
        if email.lowercased() == "anonymous" || email.lowercased() == "anonym" { email = "" }
        let byEmail = email.isEmpty ? nil : directory.student(email: email)
        if let alias = byEmail?.alias {
            decisions.append(
                "\(table.place(row)): \(shown: email) is taken as \(shown: alias) (student \(byEmail!.id); e-mail domain alias)"
            )
        }
        var byID = id.isEmpty ? nil : (directory.studentIDs.contains(id) ? id : nil)
        if !id.isEmpty, byID == nil, let same = directory.studentByNumber[Validation.numberKey(id)], same == byEmail?.id
        {
            decisions.append("\(table.place(row)): \(Validation.leadingZeroDecision(id, student: same, email: email))")
            byID = same
        }
        if id.isEmpty && email.isEmpty {
            if let nameCol = layout.name, case let name = table.value(row, nameCol), !name.isEmpty {
                let matches = directory.studentByName[PaperLookup.typographyKey(name)] ?? []
                if matches.count == 1 {
                    decisions.append(
                        "\(table.place(row)): the name \(shown: name) is taken as student \(matches[0]) (the row has no id or e-mail)"
                    )
                    return matches[0]
                }
                errors.append(
                    table.error(
                        row, nameCol,
                        matches.isEmpty
                            ? "no student named \(shown: name) on the roster, and the row has no id or e-mail"
                            : "\(matches.count) students are named \(shown: name); the row has no id or e-mail"))
                return nil
            }
            errors.append(table.error(row, layout.id ?? layout.email, "no student: the id and e-mail are empty"))
            return nil
        }
        if !id.isEmpty && byID == nil {
            if !email.isEmpty && byEmail == nil {
                errors.append(
                    table.error(
                        row, layout.email, "no student with e-mail \(shown: email) or id \(shown: id) on the roster",
                        hint: "import the roster first (seminar student import), or correct the address"))
                return nil
            }
            let also = byEmail.map { " (the e-mail \(shown: email) belongs to \($0.id))" } ?? ""
            errors.append(
                table.error(
                    row, layout.id, "no student with id \(shown: id) on the roster\(also)",
                    hint: directory.unknownIDHint(id)))
            return nil
        }
        if !email.isEmpty && byEmail == nil && byID == nil {
            errors.append(
                table.error(
                    row, layout.email, "no student with e-mail \(shown: email) on the roster",
                    hint: "import the roster first (seminar student import), or correct the address"))
            return nil
        }
        if let byID, !email.isEmpty, byEmail == nil {
            let rosterEmail = directory.emailByStudent[byID] ?? ""
            let domain = String(email.split(separator: "@").last ?? "")
            let rosterDomain = String(rosterEmail.split(separator: "@").last ?? "")
            let hint =
                domain.lowercased() != rosterDomain.lowercased() && !rosterDomain.isEmpty
                ? "; if \(shown: domain) is another name of \(rosterDomain): seminar student domain-alias \(shown: domain) \(rosterDomain)"
                : ""
            decisions.append(
                "\(table.place(row)): the e-mail \(shown: email) is not on the roster; the id \(byID) names the student, whose address is \(rosterEmail)\(hint)"
            )
        }
        if let byID, let byEmail, byID != byEmail.id {
            errors.append(
                table.error(
                    row, layout.email,
                    "the e-mail \(shown: email) belongs to student \(byEmail.id), but the id is \(byID)",
                    hint: "correct one of them"))
            return nil
        }
        return byID ?? byEmail?.id
    }

    // MARK: Choices

    mutating func choices(_ row: CSVRecord, _ layout: FormLayout, errors: inout [InputError]) -> [String] {
        var ranked: [(paper: String, column: Int)]
        switch layout.layout {
        case .columns, .long: ranked = columnChoices(row, layout, errors: &errors)
        case .ranking: ranked = rankingChoices(row, layout.ranking!, errors: &errors)
        case .grid: ranked = gridChoices(row, layout, errors: &errors)
        }
        var first: [String: Int] = [:]
        var papers: [String] = []
        for (id, col) in ranked {
            if let earlier = first[id] {
                errors.append(
                    table.error(
                        row, col,
                        "\(shown: table.map.names[col]) names paper \(id) again (already \(shown: table.map.names[earlier]) at \(table.place(row, earlier)))",
                        hint: "each paper may appear once in a form"))
                continue
            }
            first[id] = col
            papers.append(id)
        }
        if papers.isEmpty && errors.isEmpty {
            let col = layout.choices.first?.column ?? layout.ranking ?? layout.grid.first?.column
            errors.append(
                table.error(
                    row, col, "the form names no paper", hint: "fill in at least the 1st choice, or delete the row"))
        }
        return papers
    }

    mutating func paper(_ cell: String, _ row: CSVRecord, _ col: Int, errors: inout [InputError], what: String = "")
        -> String?
    {
        guard let m = lookup.match(cell) else {
            errors.append(PreferenceFormParser.unknownPaper(table, row, col, cell, directory, what: what))
            return nil
        }
        nearMisses.note(cell, m, at: table.place(row, col))
        return m.id
    }

    mutating func columnChoices(_ row: CSVRecord, _ layout: FormLayout, errors: inout [InputError]) -> [(
        paper: String, column: Int
    )] {
        var ranked: [(paper: String, column: Int)] = []
        for (rank, first) in layout.choices {
            var col = first
            var cell = table.value(row, col)
            for other in layout.extra[rank] ?? [] {
                let value = table.value(row, other)
                if value.isEmpty || value == cell { continue }
                if cell.isEmpty {
                    cell = value
                    col = other
                    continue
                }
                errors.append(
                    table.error(
                        row, other,
                        "two \(shown: table.map.names[other]) columns are filled in (\"\(shown: cell)\" at \(table.place(row, col)), \"\(shown: value)\" here)",
                        hint: "an edited form question leaves its old column behind: keep one answer"))
            }
            if cell.isEmpty { continue }
            if let id = paper(cell, row, col, errors: &errors) { ranked.append((id, col)) }
        }
        return ranked
    }

    mutating func rankingChoices(_ row: CSVRecord, _ col: Int, errors: inout [InputError]) -> [(
        paper: String, column: Int
    )] {
        let parts = FormLayout.rankingParts(table.value(row, col))
        var ranked: [(paper: String, column: Int)] = []
        for (i, part) in parts.enumerated() {
            if let id = paper(part, row, col, errors: &errors, what: " (item \(i + 1) of the ranking)") {
                ranked.append((id, col))
            }
        }
        return ranked
    }

    mutating func gridChoices(_ row: CSVRecord, _ layout: FormLayout, errors: inout [InputError]) -> [(
        paper: String, column: Int
    )] {
        var byRank: [Int: (paper: String, column: Int)] = [:]
        for (col, match) in layout.grid {
            let cell = table.value(row, col)
            if cell.isEmpty { continue }
            let rank: Int?
            if let cached = rankCache[cell] {
                rank = cached
            } else {
                rank = FormLayout.rankValue(cell)
                rankCache[cell] = rank
            }
            guard let rank else {
                errors.append(
                    table.error(
                        row, col, "'\(shown: cell)' is not a rank",
                        hint: "grid cells say 1st choice, 2nd choice, … (or 1. Wahl, Rank 1, 1)"))
                continue
            }
            if let other = byRank[rank] {
                errors.append(
                    table.error(
                        row, col, "rank \(rank) is given to two papers (\(other.paper) and \(match.id))",
                        hint: "each rank may be given once: ask the student, or fix the row"))
                continue
            }
            byRank[rank] = (match.id, col)
        }
        return byRank.sorted { $0.key < $1.key }.map(\.value)
    }

    // MARK: Latest wins

    /// The latest submission per student counts; on equal times (or none), the later line.
    func keepLatest(_ candidates: [(form: FormSubmission, stamp: String?)], into result: inout ParsedForms) {
        var byStudent: [String: [(form: FormSubmission, stamp: String?)]] = [:]
        var order: [String] = []
        for c in candidates {
            if byStudent[c.form.studentID] == nil { order.append(c.form.studentID) }
            byStudent[c.form.studentID, default: []].append(c)
        }
        for id in order {
            let all = byStudent[id]!
            let winner = all.max { a, b in
                let ta = a.form.submittedAt ?? .distantPast
                let tb = b.form.submittedAt ?? .distantPast
                return ta != tb ? ta < tb : a.form.line < b.form.line
            }!
            result.forms.append(winner.form)
            if all.count > 1 {
                result.resubmissions.append(
                    Resubmission(
                        studentID: id, keptLine: winner.form.line,
                        droppedLines: all.map(\.form.line).filter { $0 != winner.form.line }.sorted(),
                        keptTimestamp: winner.stamp))
            }
        }
    }
}
