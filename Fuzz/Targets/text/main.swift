import Foundation
import FuzzSupport
import SeminarCore

// The text decoder: any bytes are decoded or refused, never a crash. Text read as UTF-8,
// Windows-1252 or Latin-1 is the file's bytes exactly: encoding it again gives them back.
// (One exception, below: a second byte-order mark.)
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = input(start, count)
    let bytes = [UInt8](data)
    for encoding in [nil] + TextEncoding.allCases.map(Optional.some) {
        guard let decoded = try? TextDecoding.decode(data, file: "fuzz.csv", encoding: encoding) else { continue }
        if encoding != nil && decoded.encoding != encoding && decoded.encoding != .utf16 {
            finding("asked for \(encoding!.rawValue), decoded as \(decoded.encoding.rawValue)")
        }
        let body = decoded.hadByteOrderMark && decoded.encoding != .utf16 ? Array(bytes.dropFirst(3)) : bytes
        switch decoded.encoding {
        case .utf8:
            // Foundation, asked for UTF-8 (`--encoding utf-8`), drops a second byte-order mark at
            // the start; the CSV reader drops a leading one anyway, so the table is the same.
            let text = Array(decoded.text.utf8)
            let secondMark = encoding == .utf8 && body == [0xEF, 0xBB, 0xBF] + text
            if text != body && !secondMark {
                finding("UTF-8 text (asked: \(encoding?.rawValue ?? "none")) is not the file's bytes")
            }
        case .windows1252, .latin1:
            guard let again = TextDecoding.encode(decoded.text, as: decoded.encoding), [UInt8](again) == body else {
                finding("\(decoded.encoding.rawValue) text does not encode back to the file's bytes")
            }
        case .utf16:
            break
        }
    }
    return 0
}
