import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarStore

/// `attend import SHEET.csv`: a sign-in sheet.
struct AttendImportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a sign-in sheet: a CSV with a student id and a day per signature.",
        discussion: """
            Columns by name: id (id, Matrikelnummer, student_id) and day (day, date, Datum; 2025-02-13, \
            13.02.2025, or a timestamp whose date counts). Other columns (name, signature) are ignored. \
            A sheet with any bad row changes nothing; importing it twice adds nothing the second time.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @Argument(help: "The sign-in sheet CSV.", completion: .file(extensions: ["csv", "xlsx"])) var file: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let days = try AttendanceTaking.days(db)
        let table = try encoding.load(file)
        let students = Set(try db.students().map(\.id))
        var decisions: [String] = []
        let entries = try SignInSheetParser.parse(table, students: students, days: Set(days), notes: &decisions)
        let added = try db.recordAttendance(
            entries, source: URL(fileURLWithPath: file).lastPathComponent, now: context.now)
        for note in decisions { Terminal.say("Decided: \(note).") }
        Terminal.say(
            "Imported \(Shown.path(file)): \(entries.count) signature\(entries.count == 1 ? "" : "s"), \(added) new, \(entries.count - added) already recorded."
        )
    }
}
