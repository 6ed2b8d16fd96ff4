import ArgumentParser
import SeminarApp
import SeminarCore

struct PaperImportCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import the paper catalog from CSV.",
        discussion:
            "Columns: id and title required; authors, venue, year, url, arxiv, topic, capacity (default 1), abstract, pages, arxiv_pages (page counts of the two versions) optional. Papers are matched by id: re-importing updates them."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encoding: EncodingOption
    @Argument(help: "The paper CSV file.", completion: .file(extensions: ["csv", "tsv", "txt", "xlsx"])) var file:
        String

    func execute(in context: CommandContext) throws {
        let db = try context.database()
        var decisions: [String] = []
        let papers = try PaperParser.parse(try encoding.load(file), notes: &decisions)
        let summary = try CatalogImport.run(papers, file: file, in: db, now: context.now)
        for note in decisions { Terminal.say("Decided: \(note).") }
        Terminal.say("Imported \(Shown.path(file)): \(summary.description).")
    }
}
