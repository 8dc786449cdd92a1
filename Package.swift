// swift-tools-version: 6.0
import PackageDescription

/// The modules on the data path drop the run-time exclusivity checks in release builds: they were a sixth of the
/// instructions of an HTTP request (docs/PERFORMANCE.md). Debug builds, which the tests use, keep them, so an
/// overlapping access still traps there. FerryBalancing is also optimised across modules, so that the runtime gets
/// specialised copies of its generic scheduler instead of looking up generic metadata per request.
let dataPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked", "-cross-module-optimization"], .when(configuration: .release))
]

let package = Package(
    name: "Ferry",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        .library(name: "FerryConfig", targets: ["FerryConfig"]),
        .library(name: "FerryModel", targets: ["FerryModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "FerryDiagnostics"),
        .target(name: "FerryModel"),
        .target(name: "FerryConfig", dependencies: ["CLibYAML", "FerryDiagnostics", "FerryModel"]),
        .target(name: "FerryBalancing", dependencies: ["FerryModel"], swiftSettings: dataPathSettings),
        .target(
            name: "FerryRuntime",
            dependencies: [
                "FerryBalancing", "FerryModel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: dataPathSettings
        ),
        .target(
            name: "FerryCLI",
            dependencies: [
                "FerryConfig", "FerryDiagnostics", "FerryModel", "FerryRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "ferry", dependencies: ["FerryCLI"]),
        .testTarget(name: "FerryDiagnosticsTests", dependencies: ["FerryDiagnostics"]),
        .testTarget(
            name: "FerryConfigTests",
            dependencies: ["FerryConfig", "FerryDiagnostics", "FerryModel"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "FerryCLITests", dependencies: ["FerryCLI", "FerryConfig"]),
        .testTarget(name: "FerryBalancingTests", dependencies: ["FerryBalancing", "FerryModel"]),
        .testTarget(
            name: "FerryRuntimeTests",
            dependencies: [
                "FerryRuntime", "FerryConfig", "FerryModel", "FerryBalancing", "FerryDiagnostics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // NIOHTTP1's decoder is the oracle of the differential tests of our HTTP/1.1 parser.
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Scripts"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
