// swift-tools-version: 6.1
import PackageDescription

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
    ],
    targets: [
        // Value types and pure functions: parsing, matching, grading, scheduling, mail composition.
        .target(
            name: "SeminarCore",
            dependencies: [
                "CCurlShim",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // libcurl's SMTP client behind a non-variadic C function (Swift cannot call curl_easy_setopt).
        .target(
            name: "CCurlShim",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        // The only target that imports GRDB: records, the migrator, transactions.
        .target(
            name: "SeminarStore",
            dependencies: ["SeminarCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Argument parsing and printing only.
        .executableTarget(
            name: "seminar",
            dependencies: [
                "SeminarCore", "SeminarStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SeminarCoreTests", dependencies: ["SeminarCore"]),
        .testTarget(
            name: "SeminarStoreTests",
            dependencies: ["SeminarStore", "SeminarCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CLITests", dependencies: ["SeminarCore"]),
    ],
    swiftLanguageModes: [.v6]
)
