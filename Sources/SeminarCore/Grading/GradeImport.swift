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

public enum GradeFileParser {
    /// Other names a column of a standard component goes by (German campus exports).
    public static let aliases: [String: [String]] = [
        "report": ["report", "written report", "Ausarbeitung", "Bericht", "Hausarbeit"],
        "presentation": ["presentation", "talk", "Vortrag", "Präsentation", "Referat"],
        "participation": ["participation", "Mitarbeit", "Beteiligung"],
    ]

    /// Reads a grade CSV: an id column (as in the roster) and one column per component of
    /// the policy, found by name. Every bad cell is reported; nothing is returned unless
    /// the whole file is good. `knownStudents` are the ids on the roster.
    public static func parse(_ table: CSVTable, policy: GradingPolicy, knownStudents: Set<String>) throws(SeminarError) -> [GradeRow] {
        let map = table.map
        guard let idCol = map.column(RosterParser.idColumns) else {
            throw .invalidInput([table.missingColumn("student id", accepted: ["id", "Matrikelnummer", "student_id", "matriculation"])])
        }
        var columns: [(GradeComponent, Int)] = []
        for c in policy.components {
            if let i = map.column(aliases[c.name] ?? [c.name]) ?? map.column([c.name]) { columns.append((c, i)) }
        }
        guard !columns.isEmpty else {
            throw .invalidInput([table.missingColumn("grade", accepted: policy.components.map(\.name))])
        }
        var errors: [InputError] = []
        var rows: [GradeRow] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let id = table.value(row, idCol)
            var ok = true
            if id.isEmpty {
                errors.append(table.error(row, idCol, "the student id is empty")); ok = false
            } else if !knownStudents.contains(id) {
                errors.append(table.error(row, idCol, "no student with id \(id) on the roster",
                                          hint: Validation.leadingZeroSuggestion(id, known: knownStudents)
                                            ?? "check the id, or add the student first (seminar student add)")); ok = false
            } else if let first = seen[id] {
                errors.append(table.error(row, idCol, "student \(id) appears twice (first on line \(first))")); ok = false
            }
            var grades: [String: Tenths] = [:]
            for (component, col) in columns {
                let raw = table.value(row, col)
                if raw.isEmpty { continue }
                if let g = policy.scale.parse(raw) {
                    grades[component.name] = g
                } else {
                    errors.append(table.error(row, col, "\(component.name) grade '\(raw)' is not on \(policy.scale.allowedDescription)"))
                    ok = false
                }
            }
            if ok {
                seen[id] = row.line
                rows.append(GradeRow(studentID: id, grades: grades, line: row.line))
            }
        }
        if !errors.isEmpty { throw .invalidInput(errors) }
        if rows.isEmpty {
            throw .invalidInput([InputError(file: table.file, line: table.header.line + 1, message: "the file has a header but no grades")])
        }
        return rows
    }
}

