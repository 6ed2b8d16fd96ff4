import Foundation
import XCTest

@testable import SeminarCore

/// The ZIP reader behind the submissions import: entries streamed piece by piece from any
/// source, each checked against its size and CRC-32; Unix modes read.
final class ZIPStreamTests: XCTestCase {
    static func file(_ path: String) throws -> Data {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return try Data(contentsOf: url.appendingPathComponent(path))
    }

    /// A source that records the largest piece asked of it, so a test can see that an entry
    /// is never read whole.
    final class CountingSource: ZIPSource {
        let data: Data
        var largestRead = 0
        init(_ data: Data) { self.data = data }
        var count: Int { data.count }
        func bytes(at offset: Int, count: Int) throws -> Data {
            largestRead = max(largestRead, count)
            return data.subdata(in: offset..<offset + count)
        }
    }

    func testEveryEntryOfBothLayoutsStreamsWithItsCRC() throws {
        for name in ["Fixtures/moodle/submissions.zip", "Fixtures/moodle/submissions-flat.zip"] {
            let zip = try ZIPDirectory(source: ZIPData(try Self.file(name)))
            XCTAssertEqual(zip.entries.count, 20, name)
            for entry in zip.entries {
                var n = 0
                try zip.stream(entry) { n += $0.count }
                XCTAssertEqual(n, entry.uncompressedSize, entry.path)
                XCTAssertFalse(entry.isSymlink)
            }
        }
    }

    func testALargeEntryIsReadInPieces() throws {
        // A 3 MB stored entry and a deflated one, written by Python's zipfile.
        let source = CountingSource(try Self.largeZip())
        let zip = try ZIPDirectory(source: source)
        for entry in zip.entries {
            var pieces = 0
            var n = 0
            try zip.stream(entry) { chunk in
                pieces += 1
                n += chunk.count
            }
            XCTAssertEqual(n, 3_000_000, entry.path)
            XCTAssertGreaterThan(pieces, 3, entry.path)
        }
        XCTAssertLessThanOrEqual(source.largestRead, 256 * 1024)
    }

    func testAChangedByteFailsTheCRCCheck() throws {
        var data = try Self.largeZip()
        let zip = try ZIPDirectory(source: ZIPData(data))
        let stored = try XCTUnwrap(zip.entries.first { $0.method == 0 })
        data[stored.dataStart + 1_000_000] ^= 0x01
        let damaged = try ZIPDirectory(source: ZIPData(data))
        XCTAssertThrowsError(try damaged.stream(damaged.entries.first { $0.method == 0 }!) { _ in }) { error in
            XCTAssertTrue((error as? ZIPDirectory.Damaged)?.reason.contains("CRC-32") == true, "\(error)")
        }
        // Without the check (an .xlsx part) the bytes come out as they are.
        XCTAssertNoThrow(try damaged.stream(damaged.entries.first { $0.method == 0 }!, checkCRC: false) { _ in })
    }

    func testASymbolicLinkIsSeen() throws {
        let zip = try ZIPDirectory(source: ZIPData(try Self.file("Tests/Fixtures/moodle/symlink.zip")))
        XCTAssertTrue(zip.entries.contains { $0.isSymlink })
    }

    /// Two 3,000,000-byte entries (stored, deflated) of pseudo-random bytes, written by
    /// Python's zipfile: an independent writer.
    static func largeZip() throws -> Data {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("large-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: out) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c",
            """
            import random, sys, zipfile
            r = random.Random(1)
            data = bytes(r.getrandbits(8) for _ in range(3_000_000))
            with zipfile.ZipFile(sys.argv[1], 'w') as z:
                z.writestr(zipfile.ZipInfo('stored.pdf'), data, compress_type=zipfile.ZIP_STORED)
                z.writestr(zipfile.ZipInfo('deflated.pdf'), data, compress_type=zipfile.ZIP_DEFLATED)
            """, out.path,
        ]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        return try Data(contentsOf: out)
    }
}
