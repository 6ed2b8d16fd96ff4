import Foundation

/// One student's row of a grade file: the grades it gives (empty cells give none).
public struct GradeRow: Sendable, Equatable {
    public var studentID: String
    public var grades: [String: Tenths]
    public var line: Int

    public init(studentID: String, grades: [String: Tenths], line: Int) {
        self.studentID = studentID
        self.grades = grades
        self.line = line
    }
}

/// What a grade file gives: the rows, which column was used for what, and what was decided.
public struct GradeFileImport: Sendable {
    public var rows: [GradeRow] = []
    public var roles: [String] = []
    public var decisions: [String] = []
    /// Rows without any grade (a Moodle worksheet lists everyone), left out.
    public var ungraded = 0
}

public enum GradeFileParser {
    /// Other names a column of a standard component goes by (German campus exports).
    public static let aliases: [String: [String]] = [
        "report": ["report", "written report", "Ausarbeitung", "Bericht", "Hausarbeit", "Seminararbeit", "paper"],
        "presentation": ["presentation", "talk", "Vortrag", "Präsentation", "Referat", "slides"],
        "participation": ["participation", "Mitarbeit", "Beteiligung"],
    ]
    /// A file's one grade column, when it does not say which component it is (Moodle's
    /// grading worksheet): `--component` names it.
    public static let singleGradeColumns = [
        "grade", "Bewertung", "Note", "final grade", "Endnote", "Punkte", "points", "score",
    ]
    /// Words around a component's name: `Note Vortrag`, `Grade: Report`.
    static let decorationWords = ["note", "noten", "grade", "grades", "bewertung", "mark"]

    /// Reads a grade CSV: an id column (as in the roster) and one column per component of
    /// the policy, found by name. Every bad cell is reported; nothing is returned unless
    /// the whole file is good. `knownStudents` are the ids on the roster.
    public static func parse(_ table: CSVTable, policy: GradingPolicy, knownStudents: Set<String>) throws(SeminarError)
        -> [GradeRow]
    {
        try read(table, policy: policy, knownStudents: knownStudents).rows
    }

    /// Reads a grade file as campus systems and Moodle write it: the grading worksheet (one
    /// `Grade` column, named with `component`), the gradebook (`Assignment: Report (Real)`),
    /// German lists (`Note Vortrag`, `1,3`). `-` and empty cells are no grade. Students are
    /// matched by id, else by e-mail (`emails`: address → id).
    public static func read(
        _ table: CSVTable, policy: GradingPolicy, knownStudents: Set<String>, emails: [String: String] = [:],
        idColumn: String? = nil, component: String? = nil
    ) throws(SeminarError) -> GradeFileImport {
        let map = table.map
        var result = GradeFileImport()
        var idCol: Int?
        let emailCol: Int?
        do throws(InputError) {
            if let idColumn {
                idCol = try table.column(named: idColumn, option: "--id-column")
            } else {
                idCol = try table.roleColumn("student id", RosterParser.idColumns, notes: &result.decisions)
            }
            emailCol = try table.roleColumn(
                "student e-mail", RosterParser.emailColumns, notes: &result.decisions, key: { $0.lowercased() })
        } catch {
            throw .invalidInput([error])
        }
        guard idCol != nil || emailCol != nil else {
            throw .invalidInput([
                table.missingColumn(
                    "student id", accepted: ["id", "Matrikelnummer", "ID number", "Email address", "or --id-column"])
            ])
        }
        let columns = try gradeColumns(table, policy: policy, component: component)
        do throws(InputError) {
            for (c, col) in columns {
                let same = map.names.indices.filter { $0 != col && key(map.names[$0], matches: c) }
                try table.requireAgreement(
                    "\(c.name) grade", col, same, notes: &result.decisions,
                    key: { ["", "-", "–"].contains($0) ? "" : policy.scale.parse($0).map { String($0) } })
            }
        } catch {
            throw .invalidInput([error])
        }
        if let idCol { result.roles.append("student id: \(table.describeColumn(idCol))") }
        if let emailCol {
            result.roles.append(
                "student e-mail\(idCol == nil ? "" : " (when the id is empty)"): \(table.describeColumn(emailCol))")
        }
        for (c, col) in columns { result.roles.append("\(c.name): \(table.describeColumn(col))") }
        var errors: [InputError] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            var grades: [String: Tenths] = [:]
            var ok = true
            for (component, col) in columns {
                let raw = table.value(row, col)
                if raw.isEmpty || raw == "-" || raw == "–" { continue }
                if let g = policy.scale.parse(raw) {
                    grades[component.name] = g
                } else {
                    errors.append(
                        table.error(
                            row, col,
                            "\(component.name) grade '\(shown: raw)' is not on \(policy.scale.allowedDescription)"))
                    ok = false
                }
            }
            if ok && grades.isEmpty {
                result.ungraded += 1
                continue
            }
            guard
                let id = student(
                    row, table, idCol: idCol, emailCol: emailCol, known: knownStudents, emails: emails,
                    errors: &errors, decisions: &result.decisions)
            else { continue }
            if let first = seen[id] {
                errors.append(
                    table.error(row, idCol ?? emailCol, "student \(shown: id) appears twice (first on line \(first))"))
                ok = false
            }
            if ok {
                seen[id] = row.line
                result.rows.append(GradeRow(studentID: id, grades: grades, line: row.line))
            }
        }
        if !errors.isEmpty { throw .invalidInput(errors) }
        if result.rows.isEmpty {
            throw .invalidInput([
                InputError(
                    file: table.file, line: table.header.line + 1, message: "the file has a header but no grades",
                    sheet: table.sheet)
            ])
        }
        return result
    }

    /// The column of each component: its own name (or an alias, inside Moodle's or German
    /// decoration), or — with `component` — the file's one grade column.
    static func gradeColumns(_ table: CSVTable, policy: GradingPolicy, component: String?) throws(SeminarError) -> [(
        GradeComponent, Int
    )] {
        let map = table.map
        func own(_ c: GradeComponent) -> Int? {
            map.names.indices.first { key(map.names[$0], matches: c) }
        }
        if let component {
            guard let c = policy.components.first(where: { $0.name == component }) else {
                throw .usage(
                    "--component \(shown: component) is not a grading component (\(policy.components.map(\.name).joined(separator: ", ")))"
                )
            }
            guard let col = own(c) ?? map.column(singleGradeColumns) else {
                throw .invalidInput([table.missingColumn("grade", accepted: [c.name] + singleGradeColumns)])
            }
            return [(c, col)]
        }
        let columns = policy.components.compactMap { c in own(c).map { (c, $0) } }
        if columns.isEmpty, let single = map.column(singleGradeColumns) {
            throw .invalidInput([
                table.headerError(
                    "the file has one grade column, \(table.describeColumn(single)), and does not say which component it is",
                    hint: "say it with --component \(policy.components.map(\.name).joined(separator: "|"))")
            ])
        }
        guard !columns.isEmpty else {
            throw .invalidInput([table.missingColumn("grade", accepted: policy.components.map(\.name))])
        }
        return columns
    }

    /// Whether a header names component `c`, by its name or an alias, decorated or not.
    static func key(_ header: String, matches c: GradeComponent) -> Bool {
        let keys = Set((aliases[c.name] ?? [c.name]).map(HeaderMap.normalize) + [HeaderMap.normalize(c.name)])
        return keys.contains(componentKey(header))
    }

    /// A header as a component's name: `Assignment: Report (Real)` → `report`, `Note Vortrag` → `vortrag`.
    static func componentKey(_ header: String) -> String {
        var text = Substring(header)
        if let colon = text.firstIndex(of: ":") { text = text[text.index(after: colon)...] }
        if text.hasSuffix(")"), let open = text.lastIndex(of: "(") { text = text[..<open] }
        var words = text.split(whereSeparator: { $0 == " " || $0 == "_" || $0 == "-" }).map { $0.lowercased() }
        while words.count > 1, let first = words.first, decorationWords.contains(first) { words.removeFirst() }
        while words.count > 1, let last = words.last, decorationWords.contains(last) { words.removeLast() }
        return HeaderMap.normalize(words.joined(separator: " "))
    }

    /// The student a row names: by id, by e-mail when the id is empty or lost its leading zero.
    static func student(
        _ row: CSVRecord, _ table: CSVTable, idCol: Int?, emailCol: Int?, known: Set<String>, emails: [String: String],
        errors: inout [InputError], decisions: inout [String]
    ) -> String? {
        let id = table.value(row, idCol)
        let email = table.value(row, emailCol)
        let byEmail = email.isEmpty ? nil : emails[email.lowercased()]
        if !id.isEmpty && known.contains(id) { return id }
        if !id.isEmpty, let byEmail, Validation.numberKey(id) == Validation.numberKey(byEmail) {
            decisions.append(
                "\(table.place(row)): \(Validation.leadingZeroDecision(id, student: byEmail, email: email))")
            return byEmail
        }
        if id.isEmpty, let byEmail { return byEmail }
        if id.isEmpty {
            errors.append(
                table.error(
                    row, idCol ?? emailCol,
                    email.isEmpty
                        ? "the student id is empty" : "no student with id or e-mail \(shown: email) on the roster"))
        } else {
            errors.append(
                table.error(
                    row, idCol, "no student with id \(shown: id) on the roster",
                    hint: Validation.leadingZeroSuggestion(id, known: known)
                        ?? "check the id, or add the student first (seminar student add)"))
        }
        return nil
    }
}
