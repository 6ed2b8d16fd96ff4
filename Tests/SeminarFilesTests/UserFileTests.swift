import Foundation
import SeminarCore
import XCTest

@testable import SeminarFiles

final class HandInFileTests: XCTestCase {
    func testFileAgreesWithSha256sum() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString).bin")
        var bytes = [UInt8]()
        var x: UInt32 = 12345
        for _ in 0..<(3 * 1_048_576 + 17) {
            x = x &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: x >> 16))
        }
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let (hex, size) = try SHA256.file(atPath: url.path)
        XCTAssertEqual(size, bytes.count)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [url.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        let reference = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(
            separator: " "
        ).first.map(String.init)
        XCTAssertEqual(hex, reference)
    }

    func testPDFCheckRefusesWhatIsNotARegularFile() throws {
        // A directory used to leak "NSCocoaErrorDomain error 256"; a device or FIFO never ended.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pdfcheck-\(UUID().uuidString).pdf")
            .path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for path in [dir, "/dev/zero"] {
            XCTAssertThrowsError(try PDFCheck.check(path: path), path) { error in
                guard case SeminarError.cannotOpen(_, let reason) = error else { return XCTFail("\(error)") }
                XCTAssertFalse(reason.contains("NSCocoaErrorDomain"), reason)
                XCTAssertTrue(reason.contains("not a regular file") || reason.contains("directory"), reason)
            }
        }
    }
}
