import Foundation
import XCTest

/// Runs the built `seminar` binary in a temporary directory, as a user would.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root (for Fixtures/) and the binary `swift build` made.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static let binary: URL = {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("seminar"),
            packageRoot.appendingPathComponent(".build/debug/seminar"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            fatalError("the seminar binary was not built (run swift build)")
        }
        return found
    }()

    static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    let directory: URL
    var environment: [String: String]
    /// A command the binary runs under (`setpriv --reuid=65534 …` to be another user).
    var wrapper: [String] = []

    /// A fresh temporary directory; `seminar.db` there is the default database.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("seminar-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SEMINAR_DB")
        env["NO_COLOR"] = "1"
        env["TZ"] = "UTC"
        environment = env
    }

    var db: String { directory.appendingPathComponent("seminar.db").path }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
        let process = Process()
        if let command = wrapper.first {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = wrapper.dropFirst() + [CLI.binary.path] + arguments
        } else {
            process.executableURL = CLI.binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        process.environment = environment
        // Files, not pipes: a large output cannot block the process, and nothing is shared between threads.
        let outURL = directory.appendingPathComponent(".stdout-\(UUID().uuidString)")
        let errURL = directory.appendingPathComponent(".stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        let outData = try Data(contentsOf: outURL)
        let errData = try Data(contentsOf: errURL)
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs and fails the test unless the command succeeds.
    @discardableResult
    func ok(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let r = try run(arguments)
        XCTAssertEqual(
            r.status, 0, "seminar \(arguments.joined(separator: " ")) failed: \(r.stderr)", file: file, line: line)
        return r
    }

    /// A seminar with the Fixtures' roster and catalog.
    func initFixtureSeminar() throws {
        try ok(["init", "--title", "Theoretical Advances in Deep Learning", "--term", "Winter 2024/25"])
        try ok(["student", "import", CLI.fixture("roster.csv")])
        try ok(["paper", "import", CLI.fixture("papers.csv")])
    }

    /// A seminar with the Fixtures' roster and catalog, every student given a paper (the n-th
    /// student the n-th paper); the students' ids.
    @discardableResult func initFixtureSeminarWithPapers() throws -> [String] {
        try initFixtureSeminar()
        let students = try json(["student", "list", "--format", "json"]).compactMap { $0["id"] as? String }
        let papers = try json(["paper", "list", "--format", "json"]).compactMap { $0["id"] as? String }
        for (s, p) in zip(students, papers) { try ok(["assignment", "set", s, p]) }
        return students
    }

    /// Every row of every table, for "the database is unchanged" checks.
    func dump() throws -> String { try CLI.sqlite(db, ".dump") }

    /// What another program prints (`/usr/bin/sha256sum`, `/usr/bin/env python3 -c …`): the
    /// independent reader a test checks the tool's output with. Fails the test unless it exits 0.
    @discardableResult
    static func tool(_ path: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line)
        throws -> String
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "\(path) \(arguments)", file: file, line: line)
        return String(decoding: data, as: UTF8.self)
    }

    /// What the sqlite3 shell prints for `sql` (a statement or a dot command) on `path`: a
    /// database as any other program sees it, or changed behind the tool's back.
    @discardableResult
    static func sqlite(_ path: String, _ sql: String) throws -> String {
        try tool("/usr/bin/sqlite3", [path, sql])
    }

    func json(_ arguments: [String]) throws -> [[String: Any]] {
        let r = try ok(arguments)
        return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? []
    }
}
