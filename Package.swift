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
        // The intake service: HTTP server, SQLite, logging.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        // The team's inbox: bcrypt for passwords and TOTP for sign-in codes, from Hummingbird's own project.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
        // Already under Hummingbird; `portal serve` uses it to end its event streams on Ctrl-C.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        // Already resolved under Hummingbird's dependencies; the checker's cache names pages by SHA-256.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        // Child processes (the intake's sendmail, the tests' cmark-gfm and portal runs): it closes every
        // other descriptor in the child, where Foundation's Process lets a concurrent spawn inherit a pipe.
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
    ],
    targets: [
        // System libraries, found with pkg-config; never vendored.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),

        // The build pipeline, one concern per module.
        .target(name: "PortalDiagnostics"),
        .target(name: "PortalSupport"),
        .target(
            name: "PortalYAML",
            dependencies: ["PortalDiagnostics", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "PortalConfig", dependencies: ["PortalDiagnostics", "PortalYAML"]),
        .target(
            name: "PortalContent",
            dependencies: [
                "PortalDiagnostics", "PortalConfig", "PortalYAML", "PortalSupport", "PortalMarkdown",
            ]
        ),
        .target(name: "PortalMarkdown", dependencies: ["CCmarkGFM", "PortalSupport"]),
        .target(name: "PortalReadability"),
        .target(name: "PortalReferrals", dependencies: ["PortalDiagnostics", "PortalYAML"]),
        .target(name: "PortalHTML", dependencies: ["CLibXML2", "PortalSupport"]),
        // Watches the site's folders (inotify) for `portal serve`'s live preview.
        .target(name: "PortalWatch"),
        // Reads back any folder of built HTML; knows nothing of the site model.
        .target(
            name: "PortalCheck",
            dependencies: [
                "PortalHTML", "PortalDiagnostics", "PortalSupport", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PortalTheme",
            dependencies: [
                "PortalDiagnostics", "PortalConfig", "PortalYAML", "PortalSupport",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "PortalSite",
            dependencies: [
                "PortalDiagnostics", "PortalConfig", "PortalContent", "PortalMarkdown",
                "PortalTheme", "PortalSupport", "PortalYAML", "PortalReferrals",
                "PortalReadability", "PortalForms", "PortalCheck",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // The request form (one definition for the page, the schema and the service) and the
        // intake service that stores requests.
        .target(
            name: "PortalForms",
            dependencies: ["PortalDiagnostics", "PortalSupport", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "PortalIntake",
            dependencies: [
                "PortalForms", "PortalDiagnostics", "PortalSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),

        // `portal serve`: the live site over HTTP, live reload, the intake service inside.
        .target(
            name: "PortalServe",
            dependencies: [
                "PortalSite", "PortalConfig", "PortalDiagnostics", "PortalForms", "PortalIntake", "PortalWatch",
                "PortalSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "PortalCLI",
            dependencies: [
                "PortalSite", "PortalDiagnostics", "PortalConfig", "PortalYAML", "PortalForms",
                "PortalIntake", "PortalCheck", "PortalServe", "PortalSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(
            name: "PortalTests",
            dependencies: [
                "PortalSite", "PortalContent", "PortalMarkdown", "PortalHTML", "PortalTheme",
                "PortalConfig", "PortalDiagnostics", "PortalReferrals", "PortalYAML",
                "PortalReadability", "PortalCheck", "PortalSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .testTarget(name: "PortalWatchTests", dependencies: ["PortalWatch"]),
        .testTarget(
            name: "PortalFormsTests",
            dependencies: ["PortalForms", "PortalDiagnostics"]
        ),
        .testTarget(
            name: "PortalIntakeTests",
            dependencies: [
                "PortalIntake", "PortalForms",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
