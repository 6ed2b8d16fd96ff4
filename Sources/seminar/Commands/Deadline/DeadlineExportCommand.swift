import ArgumentParser
import Foundation
import SeminarApp
import SeminarCore
import SeminarFiles
import SeminarStore

struct DeadlineExportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the deadlines as an iCalendar (.ics) file.",
        discussion:
            "Calendar programs (Thunderbird, Outlook, Google Calendar, Apple Calendar) import it; each deadline has a stable UID, so importing again updates rather than duplicates."
    )

    @OptionGroup var global: GlobalOptions
    @Option(
        name: .shortAndLong, help: "Write to this file (default: standard output).",
        completion: .file(extensions: ["ics"]))
    var output: String?

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        let deadlines = try db.deadlines()
        let text = DeadlineCalendarExport.document(deadlines, info: try db.seminarInfo(), stamp: context.now)
        guard let output else {
            Terminal.write(text)
            return
        }
        try UserFile.write(Data(text.utf8), to: output)
        Terminal.line("Wrote \(output) (\(deadlines.count) deadlines).")
    }
}
