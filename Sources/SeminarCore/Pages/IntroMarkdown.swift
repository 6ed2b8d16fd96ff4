/// The intro above a page (`--intro FILE.md`): a small part of Markdown as HTML. Paragraphs
/// (separated by empty lines), `-`/`*` lists, `#` headings (shown as the page's second level),
/// `**strong**`, `*emphasis*`, `` `code` `` and links `[text](https://…)` or `<https://…>`.
/// Every character from the file is escaped; a link's address must be http(s) or mailto,
/// anything else is shown as written.
public enum IntroMarkdown {
    public static func html(_ markdown: String) -> String {
        var blocks: [String] = []
        var paragraph: [String] = []
        var list: [String] = []
        func flush() {
            if !paragraph.isEmpty { blocks.append("<p>" + inline(paragraph.joined(separator: " ")) + "</p>") }
            if !list.isEmpty {
                blocks.append("<ul>\n" + list.map { "<li>\(inline($0))</li>" }.joined(separator: "\n") + "\n</ul>")
            }
            paragraph = []
            list = []
        }
        let text = markdown.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flush()
            } else if let item = listItem(line) {
                if !paragraph.isEmpty { flush() }
                list.append(item)
            } else if line.hasPrefix("#") {
                flush()
                let heading = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
                if !heading.isEmpty { blocks.append("<h2>" + inline(heading) + "</h2>") }
            } else if !list.isEmpty {
                // A continuation line of the last item.
                list[list.count - 1] += " " + line
            } else {
                paragraph.append(line)
            }
        }
        flush()
        return blocks.joined(separator: "\n")
    }

    static func listItem(_ line: String) -> String? {
        for marker in ["- ", "* ", "+ "] where line.hasPrefix(marker) {
            return String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// One line of text with its inline marks; inside a link's text, no further links (an
    /// `<a>` may not hold another).
    static func inline(_ s: String, links: Bool = true) -> String {
        let chars = Array(s)
        var out = ""
        var i = 0
        func find(_ target: String, from start: Int) -> Int? {
            let t = Array(target)
            var j = start
            while j + t.count <= chars.count {
                if Array(chars[j..<(j + t.count)]) == t { return j }
                j += 1
            }
            return nil
        }
        /// The `)` that closes the `(` before `start`, counting the pairs in between (a
        /// Wikipedia or DOI address holds parentheses).
        func closingParenthesis(from start: Int) -> Int? {
            var depth = 0
            var j = start
            while j < chars.count {
                if chars[j] == "(" { depth += 1 }
                if chars[j] == ")" {
                    if depth == 0 { return j }
                    depth -= 1
                }
                j += 1
            }
            return nil
        }
        while i < chars.count {
            let c = chars[i]
            if c == "`", let end = find("`", from: i + 1), end > i + 1 {
                out += "<code>" + escape(String(chars[(i + 1)..<end])) + "</code>"
                i = end + 1
            } else if c == "*", i + 1 < chars.count, chars[i + 1] == "*", let end = find("**", from: i + 2), end > i + 2
            {
                out += "<strong>" + inline(String(chars[(i + 2)..<end]), links: links) + "</strong>"
                i = end + 2
            } else if c == "*" || c == "_", let end = find(String(c), from: i + 1), end > i + 1,
                !chars[i + 1].isWhitespace, c == "*" || i == 0 || !chars[i - 1].isLetter
            {
                out += "<em>" + inline(String(chars[(i + 1)..<end]), links: links) + "</em>"
                i = end + 1
            } else if links, c == "[", let close = find("](", from: i + 1),
                let end = closingParenthesis(from: close + 2),
                isSafeLink(String(chars[(close + 2)..<end]))
            {
                let href = String(chars[(close + 2)..<end])
                out +=
                    "<a href=\"" + escape(href) + "\">" + inline(String(chars[(i + 1)..<close]), links: false) + "</a>"
                i = end + 1
            } else if links, c == "<", let end = find(">", from: i + 1), isSafeLink(String(chars[(i + 1)..<end])) {
                let href = String(chars[(i + 1)..<end])
                out += "<a class=\"auto\" href=\"" + escape(href) + "\">" + escape(href) + "</a>"
                i = end + 1
            } else {
                out += escape(String(c))
                i += 1
            }
        }
        return out
    }

    /// http(s) and mailto addresses without spaces or quotes.
    static func isSafeLink(_ href: String) -> Bool {
        let lower = href.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") else {
            return false
        }
        return !href.contains {
            $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "<" || $0 == ">"
                || $0.asciiValue.map { $0 < 32 } == true
        }
    }

    /// `& < > " '` as character references.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
