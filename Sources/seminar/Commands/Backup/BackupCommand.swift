import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

/// `seminar backup PATH`: a consistent copy of the database.
struct BackupCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database.",
        discussion: "Uses SQLite's online backup, so it is safe while another command writes. The copy is owner-only.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Where to write the copy (must not exist).", completion: .file(extensions: ["db"]))
    var path: String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        try db.backup(to: path)
        let size = UserFile.size(of: path)
        Terminal.line("Backed up \(db.path) to \(path) (\(size / 1024) KiB).")
    }
}
