import Foundation

/// The text encodings campus systems and spreadsheets write.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"
    case latin1 = "latin-1"
    case utf16 = "utf-16"

    /// Accepts the spellings people type: `utf8`, `cp1252`, `iso-8859-1`...
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "win-1252", "windows1252", "ansi": self = .windows1252
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1": self = .latin1
        case "utf-16", "utf16", "utf-16le", "utf-16be", "utf16le", "utf16be", "ucs-2", "unicode": self = .utf16
        default: return nil
        }
    }

    var foundation: String.Encoding {
        switch self {
        case .utf8: return .utf8
        case .windows1252: return .windowsCP1252
        case .latin1: return .isoLatin1
        case .utf16: return .utf16
        }
    }
}

/// A decoded text file and the encoding it was read in.
public struct DecodedText: Sendable {
    public var text: String
    public var encoding: TextEncoding
    public var hadByteOrderMark: Bool
}

public enum TextDecoding {
    /// Decodes bytes as text. Without an explicit encoding: a BOM decides; otherwise strict
    /// UTF-8, then Windows-1252 (what older campus systems write), then ISO Latin-1. Binary
    /// data (NUL bytes in what is not UTF-16) is refused rather than stored as mojibake.
    public static func decode(_ data: Data, file: String, encoding: TextEncoding? = nil) throws(InputError)
        -> DecodedText
    {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            if let text = String(data: data, encoding: .utf16) {
                return DecodedText(
                    text: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text,
                    encoding: .utf16, hadByteOrderMark: true)
            }
        }
        // UTF-16 without a byte-order mark: ASCII text has a NUL in every other byte.
        if encoding == nil || encoding == .utf16, let order = bomlessUTF16(bytes) {
            if let text = String(data: data, encoding: order) {
                return DecodedText(text: text, encoding: .utf16, hadByteOrderMark: false)
            }
        }
        let hasUTF8BOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if encoding == .utf16 {
            throw InputError(
                file: file, message: "the file is not valid utf-16",
                hint: "try another --encoding, or leave it out to detect the encoding")
        }
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = position(of: nul, in: bytes)
            throw InputError(
                file: file, line: line, column: column,
                message: "the file contains binary data (a NUL byte), not text",
                hint: "export the list as CSV text")
        }
        let body = hasUTF8BOM ? Data(bytes.dropFirst(3)) : data
        if let encoding {
            guard let text = String(data: body, encoding: encoding.foundation) else {
                throw InputError(
                    file: file, message: "the file is not valid \(encoding.rawValue)",
                    hint: "try another --encoding, or leave it out to detect the encoding")
            }
            return DecodedText(text: text, encoding: encoding, hadByteOrderMark: hasUTF8BOM)
        }
        if let text = String(validating: body, as: UTF8.self) {
            return DecodedText(text: text, encoding: .utf8, hadByteOrderMark: hasUTF8BOM)
        }
        if hasUTF8BOM {
            throw InputError(
                file: file, line: firstInvalidUTF8Line(Array(body)),
                message: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8",
                hint: "the file is damaged or mixes encodings; export it again")
        }
        if let text = String(data: body, encoding: .windowsCP1252) {
            return DecodedText(text: text, encoding: .windows1252, hadByteOrderMark: false)
        }
        let text = String(decoding: body.map { UInt16($0) }, as: UTF16.self)
        return DecodedText(text: text, encoding: .latin1, hadByteOrderMark: false)
    }

    /// Encodes text back into an encoding, for files that must keep theirs.
    public static func encode(_ text: String, as encoding: TextEncoding) -> Data? {
        text.data(using: encoding.foundation, allowLossyConversion: false)
    }

    /// Little- or big-endian UTF-16 without a BOM, told by where the NUL bytes are in the first
    /// few hundred bytes: text (even non-English) is mostly characters below U+0100, whose
    /// high byte is 0, and never contains U+0000 itself.
    static func bomlessUTF16(_ bytes: [UInt8]) -> String.Encoding? {
        let sample = bytes.prefix(512)
        guard sample.count >= 4, sample.count % 2 == 0 || bytes.count > 512 else { return nil }
        var zeroEven = 0
        var zeroOdd = 0
        let pairs = sample.count / 2
        for i in 0..<pairs {
            if sample[2 * i] == 0 { zeroEven += 1 }
            if sample[2 * i + 1] == 0 { zeroOdd += 1 }
        }
        if zeroEven == 0 && zeroOdd * 10 >= pairs * 7 { return .utf16LittleEndian }
        if zeroOdd == 0 && zeroEven * 10 >= pairs * 7 { return .utf16BigEndian }
        return nil
    }

    static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// The line (1-based) of the first line that is not valid UTF-8.
    static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        for chunk in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(validating: chunk, as: UTF8.self) == nil { return line }
            line += 1
        }
        return line
    }
}
