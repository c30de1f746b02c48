// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "shopdesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "shopdesk", targets: ["shopdesk"]),
        .library(name: "ShopDeskCore", targets: ["ShopDeskCore"]),
        .library(name: "ShopDeskStore", targets: ["ShopDeskStore"]),
        .library(name: "ShopDeskServer", targets: ["ShopDeskServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        // Benchmarks only (`swift package --disable-sandbox benchmark`); the MallocInterposer trait avoids jemalloc.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Pure domain: values, rules and calculations. No I/O, no clock reads, no framework.
        // The compliance guard's rule data (JSON per market) is bundled with it.
        .target(
            name: "ShopDeskCore",
            resources: [.copy("Compliance/Rules")],
            swiftSettings: swiftSettings
        ),
        // What the commands read and print besides their flags: the offline commands' formats (`sla evaluate`,
        // `check-message`) without the process around them, and the progress bar.
        .target(
            name: "ShopDeskCommandLine",
            dependencies: ["ShopDeskCore"],
            swiftSettings: swiftSettings
        ),
        // Persistence: one SQL implementation over SQLKit on SQLite (default) and PostgreSQL.
        .target(
            name: "ShopDeskStore",
            dependencies: [
                "ShopDeskCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Platform adapters: signing, webhook verification, payload decoding, outbound clients.
        .target(
            name: "ShopDeskChannels",
            dependencies: [
                "ShopDeskCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Hummingbird application: HTTP API (generated from openapi.yaml), webhooks, services.
        .target(
            name: "ShopDeskServer",
            dependencies: [
                "ShopDeskCore",
                "ShopDeskStore",
                "ShopDeskChannels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("openapi.yaml")],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // A stand-in for every platform (signed webhooks out, send APIs in).
        .target(
            name: "ShopDeskSimulator",
            dependencies: [
                "ShopDeskCore",
                "ShopDeskChannels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Scenarios")],
            swiftSettings: swiftSettings
        ),
        // The engine of `shopdesk loadtest`: a server process under signed webhook load, measured from outside.
        .target(
            name: "ShopDeskLoadTest",
            dependencies: [
                "ShopDeskCore",
                "ShopDeskStore",
                "ShopDeskChannels",
                "ShopDeskSimulator",
                "ShopDeskCommandLine",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "shopdesk",
            dependencies: [
                "ShopDeskServer",
                "ShopDeskSimulator",
                "ShopDeskChannels",
                "ShopDeskStore",
                "ShopDeskCore",
                "ShopDeskCommandLine",
                "ShopDeskLoadTest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShopDeskCoreTests",
            dependencies: ["ShopDeskCore"],
            resources: [.copy("Compliance/Corpus")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShopDeskCommandLineTests",
            dependencies: ["ShopDeskCommandLine"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShopDeskChannelsTests",
            dependencies: ["ShopDeskChannels"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShopDeskStoreTests",
            dependencies: ["ShopDeskStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShopDeskLoadTestTests",
            dependencies: ["ShopDeskLoadTest"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShopDeskServerTests",
            dependencies: [
                "ShopDeskServer",
                "ShopDeskSimulator",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShopDeskSimulatorTests",
            dependencies: [
                "ShopDeskSimulator",
                "ShopDeskChannels",
                "ShopDeskCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Durable ingest throughput and raw SQLite insert rate (see BENCHMARKS.md).
        .executableTarget(
            name: "IngestBenchmarks",
            dependencies: [
                "ShopDeskStore",
                "ShopDeskCore",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/IngestBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The inbox query on 1,000,000 seeded conversations (see BENCHMARKS.md).
        .executableTarget(
            name: "InboxBenchmarks",
            dependencies: [
                "ShopDeskStore",
                "ShopDeskCore",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/InboxBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The compliance guard's check time per message (see BENCHMARKS.md).
        .executableTarget(
            name: "ComplianceBenchmarks",
            dependencies: ["ShopDeskCore", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/ComplianceBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Response-rate evaluation over 1M conversations (see BENCHMARKS.md).
        .executableTarget(
            name: "SLABenchmarks",
            dependencies: [
                "ShopDeskCore",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SLABenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
