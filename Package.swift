// swift-tools-version: 6.1
// One target per folder under Sources/; see ../shared/DESIGN.md for the layering rules.
import PackageDescription

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
    .product(name: "NIOFoundationCompat", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]

let package = Package(
    name: "ipfs-cluster-console",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ipfs-cluster-console", targets: ["ipfs-cluster-console"]),
        .executable(name: "console-bench", targets: ["console-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Trait needed for HTTPClientResponse.Body.trailers (IPFS Cluster reports stream errors in X-Stream-Error).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0", traits: ["UnstableHTTPAPIsSupport"]),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // SHA-256 for the simulator's UnixFS CIDs (Foundation has none on Linux).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // ncursesw with a shim for what Swift cannot import (macros, C globals).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // zlib for the recordings' compressed chunks (zlib1g-dev; Foundation on Linux links it already).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // __builtin_prefetch for the pin table's hash slots (header only).
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),

        // What every layer needs once: RFC 3339 / civil dates, the text sanitiser with its policies
        // (terminal, log line, plain, report) and credential redaction. Pure Swift + Foundation.
        .target(name: "ConsoleBase"),

        // Cell buffer, layout, widgets, themes, input; curses only in its CursesScreen.
        .target(name: "TerminalUI", dependencies: ["CNcursesw", "ConsoleBase"]),

        // IPFS Cluster REST client: wire types, NDJSON streams, trailers, auth.
        .target(name: "ClusterAPI", dependencies: [
            "ConsoleBase",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ] + nio),

        // Readers for AWS CLI ECS exports, file watching, task <-> peer correlation.
        .target(name: "ECSState", dependencies: ["ConsoleBase"]),

        // File followers, log parsers, ring buffer.
        .target(name: "LogTail", dependencies: ["ConsoleBase"]),

        // State, events, pure update, action services, pin table, config.
        .target(name: "ConsoleCore", dependencies: [
            "ConsoleBase", "ClusterAPI", "ECSState", "LogTail", "CZlib", "CPrefetch",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Collections", package: "swift-collections"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),

        // Screens and key maps, as functions of core state drawn with TerminalUI.
        .target(name: "ConsoleUI", dependencies: ["ConsoleBase", "ConsoleCore", "TerminalUI", "ClusterAPI", "ECSState", "LogTail"]),

        // A simulated IPFS Cluster served over real HTTP on loopback (raw SwiftNIO: it must be able to
        // send what higher-level servers refuse to, e.g. a 405 without Content-Type or a cut stream).
        .target(name: "ClusterSimulator", dependencies: ["ConsoleBase"] + nio + [
            .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Scenarios")]),

        .executableTarget(name: "ipfs-cluster-console", dependencies: [
            "ConsoleUI", "ConsoleCore", "ConsoleBase", "ClusterAPI", "ClusterSimulator", "TerminalUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "console-bench", dependencies: [
            "ConsoleCore", "ConsoleUI", "ConsoleBase", "ClusterAPI", "ClusterSimulator", "TerminalUI", "LogTail", "ECSState",
        ]),

        .testTarget(name: "ConsoleBaseTests", dependencies: ["ConsoleBase"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "ClusterAPITests", dependencies: [
            "ClusterAPI", "ClusterSimulator",
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ] + nio,
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ClusterSimulatorTests", dependencies: ["ClusterSimulator", "ClusterAPI"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ECSStateTests", dependencies: ["ECSState"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LogTailTests", dependencies: ["LogTail"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ConsoleCoreTests", dependencies: ["ConsoleCore", "ClusterSimulator", "ClusterAPI", "ECSState", "LogTail"]),
        .testTarget(name: "ConsoleUITests", dependencies: ["ConsoleUI", "TerminalUI", "ConsoleCore", "ClusterAPI", "ClusterSimulator", "LogTail", "ECSState"]),
        .testTarget(name: "ConsoleBenchTests", dependencies: ["console-bench", "TerminalUI"]),
        // Drives the built binary in tmux; needs `swift build` of the executable first.
        .testTarget(name: "EndToEndTests", dependencies: ["ClusterAPI"]),
    ]
)
