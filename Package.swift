// swift-tools-version: 6.0
import PackageDescription

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
    ],
    targets: [
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "FerryDiagnostics"),
        .target(name: "FerryModel"),
        .target(name: "FerryConfig", dependencies: ["CLibYAML", "FerryDiagnostics", "FerryModel"]),
        .target(
            name: "FerryCLI",
            dependencies: [
                "FerryConfig", "FerryDiagnostics", "FerryModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
    ],
    swiftLanguageModes: [.v6]
)
