// swift-tools-version:6.0
// Peer Portal: a static-site generator, its theme and content, and the intake service.
import PackageDescription

let package = Package(
    name: "PeerPortal",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "portal", targets: ["PortalCLI"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // Intake service (branch `intake`).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        // System libraries, found with pkg-config; never vendored.
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // The build pipeline, one concern per module.
        .target(name: "PortalDiagnostics"),
        // INTAKE-BRANCH: targets below have no sources in this branch yet; the lead restores them.
        // .target(
        //     name: "PortalConfig",
        //     dependencies: ["PortalDiagnostics", .product(name: "Yams", package: "Yams")]),
        // .target(
        //     name: "PortalContent",
        //     dependencies: [
        //         "PortalDiagnostics", "PortalConfig", .product(name: "Yams", package: "Yams"),
        //     ]),
        // .target(name: "PortalMarkdown", dependencies: ["CCmarkGFM", "PortalDiagnostics"]),
        // .target(name: "PortalHTML", dependencies: ["CLibXML2"]),
        // .target(
        //     name: "PortalTheme",
        //     dependencies: [
        //         "PortalDiagnostics", "PortalConfig", .product(name: "Yams", package: "Yams"),
        //         .product(name: "Mustache", package: "swift-mustache"),
        //     ]),
        // .target(
        //     name: "PortalSite",
        //     dependencies: [
        //         "PortalDiagnostics", "PortalConfig", "PortalContent", "PortalMarkdown",
        //         "PortalTheme",
        //     ]),

        // Request form and intake service.
        .target(
            name: "PortalForms",
            dependencies: ["PortalDiagnostics", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "PortalIntake",
            dependencies: [
                "PortalForms", "PortalDiagnostics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "PortalCLI",
            dependencies: [
                // INTAKE-BRANCH: "PortalSite", "PortalConfig" restored by the lead.
                "PortalDiagnostics", "PortalForms", "PortalIntake",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .testTarget(
            name: "PortalFormsTests", dependencies: ["PortalForms", "PortalDiagnostics"]),
        .testTarget(
            name: "PortalIntakeTests",
            dependencies: [
                "PortalIntake", "PortalForms",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // INTAKE-BRANCH: restored by the lead.
        // .testTarget(
        //     name: "PortalTests",
        //     dependencies: [
        //         "PortalSite", "PortalContent", "PortalMarkdown", "PortalHTML", "PortalTheme",
        //         "PortalConfig", "PortalDiagnostics",
        //     ]),
    ],
    swiftLanguageModes: [.v6]
)
