import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles
import SeminarStore

struct RemindTemplateSetCommand: SeminarCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Use the text in FILE for reminders about KIND.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deadline kind.") var kind: DeadlineKind
    @Argument(help: "The template file (UTF-8).", completion: .file(extensions: ["mustache", "txt"])) var file: String

    func execute(in context: CommandContext) throws {
        let data = try UserFile.read(file)
        guard let source = String(data: data, encoding: .utf8) else {
            throw SeminarError.invalidInput([InputError(file: file, message: "the template is not UTF-8 text")])
        }
        let template = try ReminderTemplate(source: source, name: file)
        let unknown = Self.unknownVariables(source)
        if !unknown.isEmpty {
            throw SeminarError.invalidInput([
                InputError(
                    file: file,
                    message:
                        "unknown variable\(unknown.count == 1 ? "" : "s") \(unknown.map { "{{\($0)}}" }.joined(separator: ", "))",
                    hint: "known: \(ReminderTemplate.variables.joined(separator: ", "))")
            ])
        }
        try context.database().setCustomTemplate(kind, source: template.source, now: context.now)
        Terminal.line(
            "Reminders about \(kind.rawValue) now use \(file). Preview: seminar remind template preview \(kind.rawValue)"
        )
    }

    /// Names used in `{{...}}` tags that no reminder provides (typos would render as nothing);
    /// partials (`{{> name}}`) too, as there are none to include.
    static func unknownVariables(_ source: String) -> [String] {
        guard
            let regex = try? NSRegularExpression(pattern: #"\{\{\{?\s*[#^/&>]?\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}?\}\}"#)
        else { return [] }
        var out: [String] = []
        for m in regex.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
            guard let r = Range(m.range(at: 1), in: source) else { continue }
            let name = String(source[r])
            if !ReminderTemplate.variables.contains(name) && !out.contains(name) { out.append(name) }
        }
        return out
    }
}
