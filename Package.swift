// swift-tools-version:6.2
import PackageDescription

/// One set of settings for every target: Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "relay",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "relay-backend", targets: ["relay-backend"]),
        .executable(name: "relay-agent", targets: ["relay-agent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
    ],
    targets: [
        // MARK: C libraries (Debian -dev packages via pkg-config)
        .systemLibrary(
            name: "CTurboJPEG", path: "Shared/CTurboJPEG", pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CHeif", path: "Shared/CHeif", pkgConfig: "libheif", providers: [.apt(["libheif-dev"])]),
        .systemLibrary(name: "CExif", path: "Shared/CExif", pkgConfig: "libexif", providers: [.apt(["libexif-dev"])]),
        .systemLibrary(name: "CFFTW", path: "Shared/CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CSystemd", path: "Agent/CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),

        // MARK: Shared
        .target(
            name: "RelayMedia",
            dependencies: ["CTurboJPEG", "CHeif", "CExif"],
            path: "Shared/RelayMedia",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RelayIO",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            path: "Shared/RelayIO",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RelaySync",
            dependencies: ["CFFTW", "RelayIO"],
            path: "Shared/RelaySync",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RelayAPI",
            path: "Shared/RelayAPI",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RelayConcurrency",
            path: "Shared/RelayConcurrency",
            swiftSettings: swiftSettings
        ),

        .target(
            name: "RelayClient",
            dependencies: [
                "RelayAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Shared/RelayClient",
            swiftSettings: swiftSettings
        ),

        // MARK: Backend
        .target(
            name: "BackendCore",
            dependencies: [
                "RelayAPI",
                "RelayConcurrency",
                "RelayIO",
                "RelayMedia",
                "RelaySync",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            path: "Backend/BackendCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BackendStore",
            dependencies: [
                "BackendCore",
                "RelaySync",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            path: "Backend/BackendStore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BackendApp",
            dependencies: [
                "BackendCore",
                "BackendStore",
                "RelayAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Backend/BackendApp",
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/web")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "relay-backend",
            dependencies: [
                "BackendApp",
                "RelaySync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Backend/relay-backend",
            swiftSettings: swiftSettings
        ),

        // MARK: Agent
        .target(
            name: "AgentCore",
            dependencies: [
                "CSystemd",
                "RelayAPI",
                "RelayClient",
                "RelayMedia",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Agent/AgentCore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AgentStore",
            dependencies: ["AgentCore", "RelayConcurrency", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Agent/AgentStore",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AgentRuntime",
            dependencies: [
                "AgentCore",
                "AgentStore",
                "RelayAPI",
                "RelayClient",
                "RelayConcurrency",
                "RelayIO",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ],
            path: "Agent/AgentRuntime",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "relay-agent",
            dependencies: [
                "AgentCore",
                "AgentStore",
                "AgentRuntime",
                "RelayClient",
                "RelayMedia",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Agent/relay-agent",
            swiftSettings: swiftSettings
        ),

        // MARK: Benchmarks
        .executableTarget(
            name: "relay-bench",
            dependencies: [
                "BackendCore", "BackendStore", .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            path: "Benchmarks/RelayBench",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "relay-sync-bench",
            dependencies: ["RelaySync", "RelaySyncCorpus"],
            path: "Benchmarks/SyncBench",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "relay-upload-bench",
            dependencies: ["AgentCore", "AgentRuntime", "BackendCore", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/UploadBench",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "relay-thumb-bench",
            dependencies: ["RelayMedia"],
            path: "Benchmarks/ThumbBench",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "AgentCoreTests",
            dependencies: ["AgentCore", "RelayMedia", "TestFixtures"],
            path: "Tests/AgentCoreTests",
            swiftSettings: swiftSettings
        ),
        // The daemon's step logic against a scripted backend: no network, no backend linked.
        .testTarget(
            name: "AgentRuntimeTests",
            dependencies: [
                "AgentRuntime", "AgentCore", "AgentStore", "RelayAPI", "RelayClient", "TestFixtures",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/AgentRuntimeTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AgentStoreTests",
            dependencies: ["AgentStore", "AgentCore", "TestFixtures"],
            path: "Tests/AgentStoreTests",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RelaySyncCorpus",
            dependencies: ["RelaySync"],
            path: "Tests/RelaySyncCorpus",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RelaySyncTests",
            dependencies: ["RelaySync", "RelaySyncCorpus"],
            path: "Tests/RelaySyncTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RelayMediaTests",
            dependencies: ["RelayMedia"],
            path: "Tests/RelayMediaTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RelayConcurrencyTests",
            dependencies: ["RelayConcurrency"],
            path: "Tests/RelayConcurrencyTests",
            swiftSettings: swiftSettings
        ),
        // Temp folders, service addresses and test photos: all an agent unit test needs, no backend.
        .target(
            name: "TestFixtures",
            dependencies: ["RelayMedia"],
            path: "Tests/TestFixtures",
            swiftSettings: swiftSettings
        ),
        // Everything a backend or end-to-end test needs on top of TestFixtures: apps, databases, tokens.
        .target(
            name: "TestSupport",
            dependencies: [
                "TestFixtures",
                "BackendCore",
                "BackendStore",
                "BackendApp",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                "RelayMedia",
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RelayAPITests",
            dependencies: ["RelayAPI"],
            path: "Tests/RelayAPITests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BackendCoreTests",
            dependencies: ["BackendCore", "TestSupport"],
            path: "Tests/BackendCoreTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BackendStoreTests",
            dependencies: ["BackendStore", "TestSupport"],
            path: "Tests/BackendStoreTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BackendAppTests",
            dependencies: [
                "BackendApp",
                "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Tests/BackendAppTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "BackendApp",
                "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                "RelayMedia",
                "RelayClient",
                "AgentCore",
                "RelaySyncCorpus",
            ],
            path: "Tests/EndToEndTests",
            swiftSettings: swiftSettings
        ),
    ]
)
