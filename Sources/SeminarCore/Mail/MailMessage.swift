import Foundation

/// A mailbox: a display name (any Unicode) and an address.
public struct MailAddress: Sendable, Equatable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Parses `Name <addr@example.org>` or a bare address, as the coordinator types it.
    public static func parse(_ raw: String) -> MailAddress? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if let open = s.lastIndex(of: "<"), s.hasSuffix(">") {
            let address = String(s[s.index(after: open)..<s.index(before: s.endIndex)]).trimmingCharacters(
                in: .whitespaces)
            var name = String(s[..<open]).trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 {
                name = String(name.dropFirst().dropLast())
            }
            guard Validation.isValidEmail(address), Validation.isValidName(name) || name.isEmpty else { return nil }
            return MailAddress(name: name.isEmpty ? nil : name, address: address)
        }
        guard Validation.isValidEmail(s) else { return nil }
        return MailAddress(address: s)
    }

    public var domain: String { address.split(separator: "@").last.map(String.init) ?? "localhost" }

    /// The header form: `=?UTF-8?B?...?= <addr>` for non-ASCII names, a quoted string for
    /// names with specials, the bare name otherwise.
    public var header: String {
        guard let raw = name.map(MailMessage.sanitize), !raw.isEmpty else { return address }
        return MailMessage.encodePhrase(raw) + " <\(address)>"
    }

    public var description: String { name.map { "\($0) <\(address)>" } ?? address }
}

/// An RFC 5322 message with one UTF-8 text/plain body, quoted-printable encoded.
///
/// Every header value passes through `sanitize`, so a student's name or a deadline title
/// containing CR or LF cannot add a header (no header injection).
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var replyTo: MailAddress?
    public var subject: String
    public var body: String
    public var date: Date
    public var messageID: String
    /// Extra headers (name, value), e.g. `Auto-Submitted`.
    public var extraHeaders: [(String, String)]

    public init(
        from: MailAddress, to: [MailAddress], replyTo: MailAddress? = nil, subject: String, body: String,
        date: Date, messageID: String, extraHeaders: [(String, String)] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
        self.extraHeaders = extraHeaders
    }

    /// A globally unique Message-ID: `<token@domain>`.
    public static func makeID(token: String, domain: String) -> String {
        // ASCII letters and digits (what CharacterSet.alphanumerics holds below 128) and the
        // punctuation given; bytes of other characters are all 128 or more, so none is kept.
        func keep(_ text: String, _ punctuation: String) -> String {
            let extra = Array(punctuation.utf8)
            return String(
                decoding: text.utf8.filter {
                    (97...122).contains($0) || (65...90).contains($0) || (48...57).contains($0) || extra.contains($0)
                }, as: UTF8.self)
        }
        let safeDomain = keep(domain, ".-")
        return "<\(keep(token, ".-_"))@\(safeDomain.isEmpty ? "seminar.invalid" : safeDomain)>"
    }

    /// The whole message with CRLF line endings, as SMTP wants it.
    public func rendered(timeZone: TimeZone) -> String {
        var headers: [(String, String)] = [
            ("Date", Self.rfc5322Date(date, timeZone: timeZone)),
            ("From", from.header),
            ("To", to.map(\.header).joined(separator: ", ")),
        ]
        if let replyTo { headers.append(("Reply-To", replyTo.header)) }
        headers.append(("Subject", Self.encodeUnstructured(Self.sanitize(subject))))
        headers.append(("Message-ID", messageID))
        headers.append(("MIME-Version", "1.0"))
        headers.append(("Content-Type", "text/plain; charset=UTF-8"))
        headers.append(("Content-Transfer-Encoding", "quoted-printable"))
        for (name, value) in extraHeaders {
            let cleanName = name.filter { $0.isASCII && $0.isLetter || $0.isNumber || $0 == "-" }
            headers.append((cleanName, Self.encodeUnstructured(Self.sanitize(value))))
        }
        var out = headers.map { Self.foldHeader("\($0.0): \($0.1)") }.joined(separator: "\r\n")
        out += "\r\n\r\n"
        out += Self.quotedPrintable(body)
        return out
    }

    /// The message with LF line endings, as `sendmail` and maildir files expect.
    public func renderedUnix(timeZone: TimeZone) -> String {
        rendered(timeZone: timeZone).replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// For people (`remind --dry-run`): the main headers decoded, then the body as text.
    public func preview(timeZone: TimeZone) -> String {
        // Appended in place: a dry run previews thousands of messages.
        var out = ""
        out.reserveCapacity(body.utf8.count + 512)
        out += "Date: " + Self.rfc5322Date(date, timeZone: timeZone)
        out += "\nFrom: " + from.description
        out += "\nTo: " + to.map(\.description).joined(separator: ", ")
        if let replyTo { out += "\nReply-To: " + replyTo.description }
        out += "\nSubject: " + Self.sanitize(subject)
        out += "\nMessage-ID: " + messageID
        out += "\n\n" + body
        if !body.hasSuffix("\n") { out += "\n" }
        return out
    }

    // MARK: - Header encoding

    /// Header values are one line of printable text: CR, LF and other controls become spaces.
    public static func sanitize(_ s: String) -> String {
        if isSanitized(s) { return s }
        var out = String.UnicodeScalarView()
        var lastSpace = false
        for scalar in s.unicodeScalars {
            let isControl =
                scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}"
            if isControl || scalar == " " {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.append(scalar)
                lastSpace = false
            }
        }
        return String(out).trimmingCharacters(in: .whitespaces)
    }

    /// A display name: atoms as they are, specials in a quoted string, non-ASCII as RFC 2047
    /// encoded words.
    /// Whether `sanitize` would return `s` unchanged: no control characters, no line or
    /// paragraph separators, no run of spaces, no space at either end. Checked over the
    /// bytes, as most headers are; only the others are rebuilt.
    static func isSanitized(_ s: String) -> Bool {
        if s.isEmpty { return true }
        var previous: UInt8 = 0x20
        var beforePrevious: UInt8 = 0
        for b in s.utf8 {
            if b < 0x20 || b == 0x7F || (b == 0x20 && previous == 0x20) { return false }
            if previous == 0xC2 && (0x80...0x9F).contains(b) { return false }  // C1 controls
            if beforePrevious == 0xE2 && previous == 0x80 && (b == 0xA8 || b == 0xA9) { return false }  // U+2028/9
            beforePrevious = previous
            previous = b
        }
        if previous == 0x20 { return false }
        let isSpace = { (c: Unicode.Scalar) in c.properties.generalCategory == .spaceSeparator }
        return !(s.unicodeScalars.first.map(isSpace) ?? false) && !(s.unicodeScalars.last.map(isSpace) ?? false)
    }

    static func encodePhrase(_ s: String) -> String {
        if !s.unicodeScalars.allSatisfy(\.isASCII) { return encodedWords(s) }
        let specials = CharacterSet(charactersIn: "()<>[]:;@\\,.\"")
        if s.unicodeScalars.contains(where: { specials.contains($0) }) {
            return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return s
    }

    /// Unstructured text (Subject): ASCII as is, otherwise encoded words.
    static func encodeUnstructured(_ s: String) -> String {
        if s.unicodeScalars.allSatisfy(\.isASCII) { return s }
        return encodedWords(s)
    }

    /// `=?UTF-8?B?...?=` words of at most 75 characters, split between characters so that
    /// no UTF-8 sequence is cut (RFC 2047 section 5), separated by folding white space.
    static func encodedWords(_ s: String) -> String {
        var words: [String] = []
        var chunk = [UInt8]()
        // 75 - len("=?UTF-8?B?") - len("?=") = 63 base64 characters = 45 bytes (a multiple of 3).
        let maxBytes = 45
        for ch in s {
            let bytes = Array(String(ch).utf8)
            if chunk.count + bytes.count > maxBytes && !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Folds a header line longer than 78 characters at spaces (where there is one).
    static func foldHeader(_ line: String) -> String {
        if line.contains("\r\n") { return line }  // already folded (encoded words)
        guard line.utf8.count > 78 else { return line }
        var out: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.utf8.count + 1 + word.utf8.count > 78 {
                out.append(current)
                current = String(word)
            } else {
                current += " " + word
            }
        }
        out.append(current)
        return out.joined(separator: "\r\n ")
    }

    /// `Tue, 14 Jan 2025 08:00:00 +0100` (RFC 5322 section 3.3).
    public static func rfc5322Date(_ date: Date, timeZone: TimeZone) -> String {
        rfc5322Formatters.string(from: date, timeZone: timeZone)
    }

    /// One formatter per zone, built on first use: a dry run dates thousands of messages.
    private static let rfc5322Formatters = DateFormatterCache { zone in
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return f
    }

    // MARK: - Body encoding

    /// Quoted-printable (RFC 2045 6.7) with CRLF line breaks: lines of at most 76
    /// characters, soft line breaks, `=` and non-ASCII bytes as `=XX`, trailing white space
    /// encoded, and a leading `.` or `From ` encoded so that no transport alters it.
    public static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines: [String] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var encoded: [String] = []
            for (i, b) in bytes.enumerated() {
                let isLast = i == bytes.count - 1
                let token: String
                if b == 0x3D || b >= 0x7F || (b < 0x20 && b != 0x09) {
                    token = String(format: "=%02X", b)
                } else if (b == 0x20 || b == 0x09) && isLast {
                    token = String(format: "=%02X", b)
                } else if i == 0 && b == 0x2E {
                    token = "=2E"
                } else if i == 0 && b == 0x46 && line.hasPrefix("From ") {
                    token = "=46"
                } else {
                    token = String(UnicodeScalar(b))
                }
                encoded.append(token)
            }
            var current = ""
            for token in encoded {
                if current.count + token.count > 75 {
                    lines.append(current + "=")
                    current = ""
                }
                current += token
            }
            lines.append(current)
        }
        // A body ends with a line break.
        if lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// Formatters by time zone, built once each and used under a lock (DateFormatter is a
/// reference type with state).
final class DateFormatterCache: @unchecked Sendable {
    private let lock = NSLock()
    private var formatters: [String: DateFormatter] = [:]
    private let make: @Sendable (TimeZone) -> DateFormatter

    init(_ make: @escaping @Sendable (TimeZone) -> DateFormatter) { self.make = make }

    private var last: (date: Date, zone: String, text: String)?

    func string(from date: Date, timeZone: TimeZone) -> String {
        lock.lock()
        defer { lock.unlock() }
        // A run dates all its messages alike.
        if let last, last.date == date, last.zone == timeZone.identifier { return last.text }
        let f = formatters[timeZone.identifier] ?? make(timeZone)
        formatters[timeZone.identifier] = f
        let text = f.string(from: date)
        last = (date, timeZone.identifier, text)
        return text
    }
}
