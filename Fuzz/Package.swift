// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for the parsers, kept out of the main package so that its builds and tests
// never carry the sanitizers. `make fuzz` builds this package with
// `--sanitize=fuzzer --sanitize=address` and runs every target (docs/security.md).
let targets = [
    "csv", "text", "xlsx", "form-long", "form-wide", "roster", "papers", "grades", "signin", "registration", "moodle",
]

let package = Package(
    name: "seminar-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "seminar", path: ".."),
        // To build .xlsx packages around a fuzzed part (the version the main package uses).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // What every target shares: the fixtures' roster and catalog, the invariant checks.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "SeminarCore", package: "seminar"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        )
    ]
        + targets.map { name in
            // One executable per entry point; its main.swift holds only LLVMFuzzerTestOneInput.
            .executableTarget(
                name: "fuzz-\(name)",
                dependencies: ["FuzzSupport", .product(name: "SeminarCore", package: "seminar")],
                path: "Targets/\(name)"
            )
        },
    swiftLanguageModes: [.v6]
)
