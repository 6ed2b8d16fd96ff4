// swift-tools-version: 6.1
import PackageDescription

// The targets follow the side effects: a pure core, adapters for files and mail, one storage
// layer, the use cases that tie them together, and thin commands (docs/design.md).
let package = Package(
    name: "seminar",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "seminar", targets: ["seminar"]),
        .library(name: "SeminarCore", targets: ["SeminarCore"]),
        .library(name: "SeminarStore", targets: ["SeminarStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Tests only: property-based checks through Swift Testing.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Value types and pure functions: parsing, matching, grading, scheduling, mail
        // composition. No files, processes, sockets or C modules.
        .target(
            name: "SeminarCore",
            dependencies: [
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The user's files: reading inputs, hashing hand-ins, writing exports safely.
        .target(name: "SeminarFiles", dependencies: ["SeminarCore"]),
        // Mail leaving the machine: sendmail, a Maildir, SMTP through libcurl.
        .target(name: "SeminarMail", dependencies: ["SeminarCore", "CCurlShim"]),
        // libcurl's SMTP client behind a non-variadic C function (Swift cannot call curl_easy_setopt).
        .target(
            name: "CCurlShim",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        // The only target that imports GRDB: records, the migrator, transactions.
        .target(
            name: "SeminarStore",
            dependencies: ["SeminarCore", "SeminarFiles", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The use cases: imports, assignment, the reminder run, status, grade export.
        .target(
            name: "SeminarApp",
            dependencies: ["SeminarCore", "SeminarFiles", "SeminarMail", "SeminarStore"]
        ),
        // Argument parsing and printing only.
        .executableTarget(
            name: "seminar",
            dependencies: [
                "SeminarApp", "SeminarCore", "SeminarFiles", "SeminarMail", "SeminarStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SeminarCoreTests",
            dependencies: ["SeminarCore", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "SeminarFilesTests", dependencies: ["SeminarFiles", "SeminarCore"]),
        .testTarget(name: "SeminarMailTests", dependencies: ["SeminarMail", "SeminarCore"]),
        .testTarget(
            name: "SeminarStoreTests",
            dependencies: [
                "SeminarStore", "SeminarApp", "SeminarCore", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "CLITests", dependencies: ["SeminarCore"]),
    ],
    swiftLanguageModes: [.v6]
)
