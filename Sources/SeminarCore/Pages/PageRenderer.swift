import Foundation
import Mustache

/// The web pages (`schedule show --format html`, `paper list --format html`): Mustache
/// templates filled from plain dictionaries, one page layout with the stylesheet inlined.
///
/// Every value from the data is inserted with `{{name}}`, which escapes `& < > " '`. Only
/// three slots are inserted as they are, and each holds HTML this module wrote itself: the
/// page body (a rendered template), the stylesheet (a constant) and the intro (built by
/// `IntroMarkdown`, which escapes every character it takes from the file).
public enum PageRenderer {
    /// A page of the tool: its title, a line above it, facts below it, an optional list of
    /// places on the page, and the body.
    public struct Page {
        public var title: String
        public var kicker: String
        public var facts: [String]
        public var contents: [(id: String, label: String)]
        public var contentsLabel: String
        public var footer: String

        public init(
            title: String, kicker: String, facts: [String], contents: [(id: String, label: String)] = [],
            contentsLabel: String = "Contents", footer: String
        ) {
            self.title = title
            self.kicker = kicker
            self.facts = facts
            self.contents = contents
            self.contentsLabel = contentsLabel
            self.footer = footer
        }
    }

    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, source) in PageTemplates.all {
            // The templates are constants of this module; a mistake in one is a programming error.
            do { try library.register(source, named: name) } catch { fatalError("page template \(name): \(error)") }
        }
        return library
    }()

    /// The whole document: the layout around `template` rendered with `context`.
    public static func document(_ page: Page, template: String, context: [String: Any]) -> String {
        let body = render(template, context)
        var layout: [String: Any] = [
            "pageTitle": page.kicker.isEmpty ? page.title : "\(page.title) — \(page.kicker)",
            "title": page.title, "kicker": page.kicker, "facts": page.facts.joined(separator: " · "),
            "style": PageStyle.css, "body": body, "footer": page.footer,
        ]
        if !page.contents.isEmpty {
            layout["nav"] = [
                "label": page.contentsLabel, "entries": page.contents.map { ["id": $0.id, "label": $0.label] },
            ]
        }
        return render("layout", layout)
    }

    static func render(_ template: String, _ context: [String: Any]) -> String {
        guard let text = library.render(pruned(context), withTemplate: template) else {
            fatalError("no page template \(template)")
        }
        return text
    }

    /// The context without empty strings, empty lists and nils: Mustache treats an empty
    /// string as true, and `{{#abstract}}` must skip a paper without one.
    static func pruned(_ value: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (key, v) in value {
            if let p = prunedValue(v) { out[key] = p }
        }
        return out
    }

    private static func prunedValue(_ v: Any) -> Any? {
        switch v {
        case let s as String: return s.isEmpty ? nil : printable(s)
        case let d as [String: Any]:
            let p = pruned(d)
            return p.isEmpty ? nil : p
        case let list as [[String: Any]]:
            return list.isEmpty ? nil : list.map(pruned)
        case let list as [String]:
            let kept = list.filter { !$0.isEmpty }
            return kept.isEmpty ? nil : kept
        case let b as Bool: return b ? true : nil
        default: return v
        }
    }

    /// The text without the code points HTML forbids (controls other than tab and line
    /// breaks, noncharacters), each replaced by U+FFFD: a title with a stray control
    /// character still makes a valid page.
    static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isForbidden) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars { out.append(isForbidden(scalar) ? "\u{FFFD}" : scalar) }
        return String(out)
    }

    static func isForbidden(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x20 { return v != 0x09 && v != 0x0A && v != 0x0C && v != 0x0D }
        if (0x7F...0x9F).contains(v) { return true }
        return (0xFDD0...0xFDEF).contains(v) || v & 0xFFFE == 0xFFFE
    }

    /// Paragraphs of a text: split at empty lines, each paragraph's lines joined by a space.
    public static func paragraphs(_ text: String) -> [String] {
        var out: [String] = []
        var current: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !current.isEmpty { out.append(current.joined(separator: " ")) }
                current = []
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { out.append(current.joined(separator: " ")) }
        return out
    }

    /// The value of an `id` attribute from a prefix and a value: the value's ASCII letters,
    /// digits, `-`, `_` and `.` as they are (paper ids are made of these, so two papers never
    /// share an anchor), anything else as `~` and its code point in hex.
    public static func anchor(_ prefix: String, _ value: String) -> String {
        var out = prefix + "-"
        for scalar in value.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "~" + String(scalar.value, radix: 16)
            }
        }
        return out
    }

    /// A topic as the pages group by it: nil for none or a blank one.
    static func topic(_ topic: String?) -> String? {
        guard let t = topic?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }
}
