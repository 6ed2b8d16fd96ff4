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
        // A hand-in is hashed as it is streamed in 1 MiB pieces (4 here, the last one short).
        var hasher = SHA256()
        var size = 0
        try UserFile.stream(url.path) { chunk in
            hasher.update(chunk)
            size += chunk.count
        }
        let hex = hasher.finalizeHex()
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

final class UserFileTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("userfile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func reason(_ body: () throws -> Void) -> String {
        do {
            try body()
        } catch SeminarError.cannotOpen(_, let reason) {
            return reason
        } catch {
            return "unexpected \(error)"
        }
        return "no error"
    }

    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testEachKindOfNonFileIsNamed() {
        let fifo = dir + "/pipe.csv"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // A FIFO with no writer would block a plain open(2): the reader must not wait.
        XCTAssertEqual(reason { _ = try UserFile.read(fifo) }, "it is a named pipe (FIFO), not a regular file")
        XCTAssertEqual(reason { _ = try UserFile.read("/dev/null") }, "it is a device, not a regular file")
        XCTAssertEqual(reason { _ = try UserFile.read(dir) }, "it is a directory, not a file")
        XCTAssertEqual(reason { _ = try UserFile.read(dir + "/none.csv") }, "no such file")
        XCTAssertEqual(reason { _ = try UserFile.read(dir + "/none/x.csv") }, "no such file")
    }

    func testAFileThatCannotBeReadIsPermissionDenied() throws {
        guard geteuid() != 0 else { throw XCTSkip("root reads every file") }
        let path = dir + "/secret.csv"
        try Data("a".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0)
        XCTAssertEqual(reason { _ = try UserFile.read(path) }, "permission denied")
    }

    func testProcfsFilesAreReadToTheirEnd() throws {
        // stat says 0 bytes; the content is there all the same.
        let data = try UserFile.read("/proc/self/status")
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("Name:"))
    }

    func testTheEndsOfAProcfsFileAreReadThroughNotSoughtTo() throws {
        // Seeking to the end of /proc/self/status fails (EINVAL): `submit --file` said
        // "cannot be read (Invalid argument)" instead of judging the content.
        let (head, tail, size) = try UserFile.ends(of: "/proc/self/status", count: 16)
        XCTAssertEqual(String(decoding: head, as: UTF8.self).prefix(5), "Name:")
        XCTAssertEqual(tail.count, 16)
        XCTAssertEqual(tail.last, UInt8(ascii: "\n"))
        XCTAssertGreaterThan(size, 100)
    }

    func testANewFileIsOwnerOnlyWhateverTheUmask() throws {
        let old = umask(0o022)
        defer { umask(old) }
        let path = dir + "/grades.csv"
        try UserFile.write(Data("x".utf8), to: path)
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "x")
    }

    func testWritingThroughASymlinkReplacesItsTargetAndKeepsTheLink() throws {
        let target = dir + "/real.csv"
        let link = dir + "/link.csv"
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        chmod(target, 0o640)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.csv")
        try UserFile.write(Data("new".utf8), to: link)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "real.csv")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "new")
        XCTAssertEqual(try mode(target), 0o640, "the target keeps its own mode, not the link's 0777")
        // A dangling link: the file is created where it points, owner-only.
        let dangling = dir + "/dangling.csv"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "made.csv")
        try UserFile.write(Data("y".utf8), to: dangling)
        XCTAssertEqual(try mode(dir + "/made.csv"), 0o600)
    }

    func testAFileWrittenInPlaceKeepsItsMode() throws {
        let list = dir + "/list.csv"
        try Data("a".utf8).write(to: URL(fileURLWithPath: list))
        chmod(list, 0o644)
        try UserFile.write(Data("b".utf8), to: list)
        XCTAssertEqual(try mode(list), 0o644)
    }

    func testWriteProblemsAreSaidInWords() {
        XCTAssertEqual(
            reason { try UserFile.write(Data(), to: dir + "/missing/x.csv") },
            "cannot write it (the folder \(dir)/missing does not exist)")
        XCTAssertEqual(
            reason { try UserFile.write(Data(), to: dir) }, "cannot write it (it is a directory: give a file name)")
        let fifo = dir + "/out.pipe"
        mkfifo(fifo, 0o600)
        XCTAssertEqual(
            reason { try UserFile.write(Data(), to: fifo) },
            "cannot write it (it is a named pipe (FIFO), not a regular file)")
        XCTAssertEqual(try? String(contentsOfFile: dir + "/x", encoding: .utf8), nil, "nothing else is written")
    }

    func testCreateNewRefusesAnExistingPath() throws {
        let path = dir + "/db"
        try UserFile.createNew(path)
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertThrowsError(try UserFile.createNew(path)) { error in
            guard case SeminarError.conflict = error else { return XCTFail("\(error)") }
        }
    }
}
