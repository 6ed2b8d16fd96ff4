import Foundation
import GRDB
import SeminarCore
import XCTest

@testable import SeminarApp
@testable import SeminarStore

/// Kept hand-ins: in 1 MiB chunks, once per content, checked on the way out.
final class FileStoreTests: XCTestCase {
    var db: AppDatabase!
    let time = SeminarTime(identifier: "Europe/Berlin")!
    func at(_ s: String) -> Date { time.parse(s)!.date }

    override func setUpWithError() throws {
        db = try AppDatabase.inMemory()
        try db.initialize(title: "TADL", term: "Winter 2024/25", timezone: "Europe/Berlin")
        for (id, name) in [("1", "Ana"), ("2", "Ben")] {
            try RosterEdit.add(StudentInput(id: id, name: name, email: "\(name.lowercased())@example.org"), in: db)
        }
    }

    /// A producer that hands `data` over in pieces of `piece` bytes (pieces never line up
    /// with the chunks).
    func producer(_ data: Data, piece: Int = 100_003) -> FileProducer {
        { consume in
            var at = 0
            while at < data.count {
                try consume(data.subdata(in: at..<min(data.count, at + piece)))
                at += piece
            }
        }
    }

    func bytes(_ n: Int, seed: UInt8) -> Data { Data((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ seed }) }

    func submit(_ student: String, _ data: Data, at time: String) throws {
        let file = KeptFile(name: "r.pdf", pdfVersion: "1.7", contents: producer(data))
        _ = try db.submit(student: student, kind: .report, at: at(time), keeping: file)
    }

    func read(_ sha256: String) throws -> Data? {
        var out = Data()
        return try db.readFile(sha256: sha256) { out.append($0) } ? out : nil
    }

    func count(_ sql: String) throws -> Int { try db.read { try Int.fetchOne($0, sql: sql) ?? -1 } }

    func testAFileIsKeptInChunksAndComesBackWhole() throws {
        let data = bytes(2_500_000, seed: 7)
        try submit("1", data, at: "2025-01-10T10:00")
        let v = try XCTUnwrap(try db.submissionVersions(student: "1", kind: .report).last)
        XCTAssertEqual(v.record.fileSize, data.count)
        XCTAssertTrue(v.kept)
        XCTAssertEqual(try count("SELECT COUNT(*) FROM stored_file_chunk"), 3)
        XCTAssertEqual(try count("SELECT MAX(length(data)) FROM stored_file_chunk"), 1 << 20)
        XCTAssertEqual(try read(try XCTUnwrap(v.record.sha256)), data)
    }

    func testTheSameBytesAreKeptOnceAndGoWithTheirLastSubmission() throws {
        let data = bytes(300_000, seed: 1)
        try submit("1", data, at: "2025-01-10T10:00")
        try submit("2", data, at: "2025-01-11T10:00")
        try submit("1", data, at: "2025-01-12T10:00")
        XCTAssertEqual(try count("SELECT COUNT(*) FROM stored_file"), 1)
        XCTAssertEqual(try count("SELECT COUNT(*) FROM stored_file_chunk"), 1)
        XCTAssertEqual(try db.removeSubmissions(student: "1", kind: .report), 2)
        XCTAssertEqual(try count("SELECT COUNT(*) FROM stored_file"), 1, "Ben's submission still names it")
        _ = try db.removeStudent("2")
        XCTAssertEqual(try count("SELECT COUNT(*) FROM stored_file"), 0)
        XCTAssertEqual(try count("SELECT COUNT(*) FROM stored_file_chunk"), 0)
    }

    func testAnEmptyFileIsKept() throws {
        try submit("1", Data(), at: "2025-01-10T10:00")
        let v = try XCTUnwrap(try db.submissionVersions(student: "1", kind: .report).last)
        XCTAssertEqual(try read(try XCTUnwrap(v.record.sha256)), Data())
        XCTAssertEqual(v.record.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testDamagedBytesAreRefusedOnTheWayOut() throws {
        let data = bytes(1_500_000, seed: 3)
        try submit("1", data, at: "2025-01-10T10:00")
        let sha = try XCTUnwrap(try db.submissionVersions(student: "1", kind: .report).last?.record.sha256)
        try db.write {
            try $0.execute(sql: "UPDATE stored_file_chunk SET data = X'00' || substr(data, 2) WHERE seq = 1")
        }
        XCTAssertThrowsError(try read(sha)) { error in
            XCTAssertTrue("\(error)".contains("no longer match their SHA-256"), "\(error)")
        }
        try db.write { try $0.execute(sql: "DELETE FROM stored_file_chunk WHERE seq = 1") }
        XCTAssertThrowsError(try read(sha))
    }

    func testAProducerThatFailsLeavesNothing() throws {
        struct Broken: Error {}
        let file = KeptFile(
            name: "r.pdf", pdfVersion: nil,
            contents: { consume in
                try consume(self.bytes(2_000_000, seed: 9))
                throw Broken()
            })
        XCTAssertThrowsError(try db.submit(student: "1", kind: .report, at: at("2025-01-10T10:00"), keeping: file))
        XCTAssertEqual(try count("SELECT COUNT(*) FROM stored_file"), 0)
        XCTAssertEqual(try count("SELECT COUNT(*) FROM stored_file_chunk"), 0)
        XCTAssertEqual(try count("SELECT COUNT(*) FROM submission"), 0)
    }

    func testSeveralPDFsTheNamedOneElseTheLargest() {
        let files = [("Appendix A - Report proofs.pdf", 9_000), ("Bericht Müller.pdf", 5_000), ("scan.pdf", 1_000)]
        XCTAssertEqual(MoodleHandInImport.choose(files.map { ($0.0, $0.1) }, kind: .report).index, 1)
        let unnamed = [("a.pdf", 10), ("b.pdf", 30), ("c.pdf", 20)]
        let pick = MoodleHandInImport.choose(unnamed.map { ($0.0, $0.1) }, kind: .report)
        XCTAssertEqual(pick.index, 1)
        XCTAssertEqual(pick.why, "the largest")
        let slides = [("report.pdf", 50), ("Folien.pdf", 10)]
        XCTAssertEqual(MoodleHandInImport.choose(slides.map { ($0.0, $0.1) }, kind: .slides).index, 1)
    }
}
