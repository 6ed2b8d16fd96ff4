import ArgumentParser
import Foundation
import SeminarCore
import SeminarFiles

/// `--intro FILE.md` of the web pages: paragraphs shown above the programme or the catalog.
struct PageOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "html: a Markdown file whose paragraphs are shown above the page's content.", valueName: "file.md"),
        completion: .file(extensions: ["md", "txt"]))
    var intro: String?

    /// The intro's text; a file that is not text is refused.
    func introText() throws -> String? {
        guard let intro else { return nil }
        do {
            let decoded = try TextDecoding.decode(try UserFile.read(intro), file: intro)
            if decoded.encoding != .utf8 {
                Terminal.say("Decided: \(intro) read as \(decoded.encoding.rawValue) (it is not UTF-8).")
            }
            return decoded.text
        } catch let error as InputError {
            throw SeminarError.invalidInput([error])
        }
    }

    /// Refuses `--intro` with a format that has no place for it.
    func check(isHTML: Bool) throws {
        if intro != nil && !isHTML { throw ValidationError("--intro is only for --format html") }
    }
}
