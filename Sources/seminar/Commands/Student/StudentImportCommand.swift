import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

struct StudentImportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the roster from the campus system's or Moodle's export (CSV or .xlsx).",
        discussion: """
            Columns are found by name, in any order, in the wordings of TUMonline / CAMPUSonline (also the exam \
            registration list: REGISTRATION_NUMBER, FAMILY_NAME_OF_STUDENT, ...), HISinOne, Stud.IP and Moodle's \
            participants download: id (Matrikelnummer, ID number, student_id, ...), name (or first and last name), \
            e-mail, and optionally program (Studiengang, Studiengänge, STUDY_PROGRAMME). Name unusual columns with \
            --id-column and friends (a header or a letter). Moodle rows whose roles include no student role \
            (a Teacher) are skipped and counted. `,`, `;` or tab, UTF-8 with or without BOM, Windows-1252, or an \
            .xlsx workbook. Students are matched by id: re-importing updates them and says what changed; \
            enrolled students the file no longer lists are named, not dropped. A file with any bad row changes \
            nothing unless --skip-invalid is given.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @OptionGroup var columns: StudentColumnOptions
    @Option(help: ArgumentHelp("The column with the first name.", valueName: "column")) var firstNameColumn: String?
    @Option(help: ArgumentHelp("The column with the last name.", valueName: "column")) var lastNameColumn: String?
    @Option(help: ArgumentHelp("The column with the degree program.", valueName: "column")) var programColumn: String?
    @Flag(help: "Import the good rows and name the bad ones instead of rejecting the file.") var skipInvalid = false
    @Flag(help: "Check the file and show what would change, without saving.") var dryRun = false
    @Argument(help: "The roster file (CSV or .xlsx).", completion: .file(extensions: ["csv", "tsv", "txt", "xlsx"]))
    var file: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let table = try encoding.load(file)
        let names = RosterColumnNames(
            id: columns.idColumn, email: columns.emailColumn, name: columns.nameColumn, firstName: firstNameColumn,
            lastName: lastNameColumn, program: programColumn)
        let roster = try RosterParser.read(table, names: names, skipInvalid: skipInvalid)
        let summary = try RosterImport.run(
            roster.students, file: file, in: db, dryRun: dryRun, skipInvalid: skipInvalid, now: context.now)
        Terminal.reading(file, table, roles: roster.roles, decisions: roster.decisions)
        if !roster.notStudents.isEmpty {
            let n = roster.notStudents.count
            Terminal.say(
                "Skipped \(n) row\(n == 1 ? "" : "s") of people who are not students: "
                    + roster.notStudents.joined(separator: "; ") + ".")
        }
        let refused = roster.invalid + summary.refused
        Terminal.skippedRows(refused, rows: Set(refused.compactMap(\.line)).count)
        Terminal.say("\(dryRun ? "Would import" : "Imported") \(summary.description).")
        for id in summary.updated {
            Terminal.say(
                "  updated \(id): \(summary.changes[id, default: []].map(\.description).joined(separator: "; "))")
        }
        if !summary.notListed.isEmpty {
            let n = summary.notListed.count
            Terminal.say(
                "\(n) enrolled student\(n == 1 ? " is" : "s are") not in this file "
                    + "(kept; `seminar student drop ID` if they left): " + summary.notListed.joined(separator: ", "))
        }
    }
}
