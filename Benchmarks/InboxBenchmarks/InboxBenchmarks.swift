// The inbox query on a large workspace: one page of 50 conversations, nearest deadline first (the
// inbox's default order), the same page filtered by platform, and text searches for Thai and Chinese
// words, over 1,000,000 conversations and 10,000,000 messages on SQLite (WAL, synchronous=FULL). Run with
//
//     swift package --disable-sandbox benchmark --target InboxBenchmarks
//
// The database is seeded once with `SQLStore.seed` (what `shopdesk seed` runs) into
// `.build/benchmark-data/inbox-1m-v2` (v2: the mixed-language texts of `SeedTexts` and a search
// index) and reused by later runs; delete that directory to seed afresh. Results: BENCHMARKS.md.

import Benchmark
import Foundation
import Logging
import ShopDeskCore
import ShopDeskStore

let seededConversations = 1_000_000
let seededMessagesPerConversation = 10
let pagesPerIteration = 100

enum InboxMetrics {
    static let pageMicroseconds = BenchmarkMetric.custom("µs per page (mean)", polarity: .prefersSmaller, useScalingFactor: false)
    static let slowestPageMicroseconds = BenchmarkMetric.custom(
        "µs per page (slowest of the iteration)", polarity: .prefersSmaller, useScalingFactor: false)
}

/// The seeded store, opened once for every benchmark of the run.
actor InboxFixture {
    static let shared = InboxFixture()
    private var opened: (store: SQLStore, owner: Agent, task: Task<Void, Never>)?

    func open() async throws -> (SQLStore, Agent) {
        if let opened { return (opened.store, opened.owner) }
        var logger = Logger(label: "inbox-benchmark")
        logger.logLevel = .warning
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(".build/benchmark-data/inbox-1m-v2")
        // A database whose seeding did not finish (no marker) is started again from nothing.
        let marker = directory.appendingPathComponent("seeded")
        if !FileManager.default.fileExists(atPath: marker.path) {
            try? FileManager.default.removeItem(at: directory)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let secrets = try SecretBox.load(environmentKey: nil, dataDirectory: directory.path)
        let store = try await SQLStore.open(.sqlite(path: directory.appendingPathComponent("shopdesk.sqlite").path), secrets: secrets, logger: logger)
        let task = Task { await store.run() }
        try await store.migrate()
        let owner: Agent
        if let workspace = try await store.firstWorkspace(), let existing = try await store.listAgents(workspace: workspace.id).first {
            owner = existing
        } else {
            let now = Date()
            let workspace = try await store.createWorkspace(name: "Benchmark", now: now)
            owner = try await store.createAgent(
                workspace: workspace.id, email: "bench@example.com", name: "Bench", role: .owner, channelAccess: .all, passwordHash: "x", now: now
            )
            var channels: [ChannelAccount] = []
            for (platform, market, fields) in [
                (
                    Platform.shopee, "MY",
                    [
                        "partner_id": "1", "partner_key": "k", "shop_id": "2", "access_token": "t",
                        "callback_url": "https://desk.example/webhooks/shopee",
                    ]
                ),
                (.facebook, "PH", ["app_secret": "s", "verify_token": "v", "page_access_token": "t", "page_id": "p"]),
                (.line, "TH", ["channel_secret": "s", "channel_access_token": "t"]),
                (.custom, "VN", ["signing_secret": "s"]),
            ] {
                channels.append(
                    try await store.createChannelAccount(
                        workspace: workspace.id, platform: platform, name: "\(platform.rawValue) \(market)", market: market, timeZone: nil,
                        credentials: ChannelCredentials(fields), now: now
                    ))
            }
            FileHandle.standardError.write(Data("seeding \(seededConversations) conversations (once)…\n".utf8))
            try await store.seed(
                SeedPlan(
                    workspace: workspace.id, channels: channels, agent: owner.id, conversations: seededConversations,
                    messagesPerConversation: seededMessagesPerConversation, now: now,
                    buyerTexts: SeedTexts.buyerTexts, replies: SeedTexts.replies, names: SeedTexts.names
                ),
                progress: { written in
                    if written % 100_000 == 0 { FileHandle.standardError.write(Data("  \(written)\n".utf8)) }
                }
            )
            // A few conversations with words found nowhere else: the rare end of the search benchmarks.
            let custom = channels.first { $0.platform == .custom }!
            _ = try await store.ingest(
                (0..<20).map { index in
                    IncomingMessage(
                        channelAccountID: custom.id, conversationExternalID: "rare-\(index)", conversationKind: .direct,
                        buyer: BuyerProfile(platformUserID: "rare-\(index)", displayName: "Rare \(index)", language: "th"),
                        platformMessageID: "rare-\(index)", text: index % 2 == 0 ? "มังคุดมาถึงแล้วค่ะ" : "榴莲到了吗？", platformAt: now
                    )
                }, receivedAt: now)
            FileManager.default.createFile(atPath: marker.path, contents: Data())
        }
        self.opened = (store, owner, task)
        return (store, owner)
    }
}

func pages(_ benchmark: Benchmark, query: ConversationQuery) async throws {
    let (store, owner) = try await InboxFixture.shared.open()
    let clock = ContinuousClock()
    var total: Duration = .zero
    var slowest: Duration = .zero
    benchmark.startMeasurement()
    for _ in 0..<pagesPerIteration {
        let started = clock.now
        blackHole(try await store.listConversations(for: owner, query: query))
        let took = clock.now - started
        total += took
        slowest = max(slowest, took)
    }
    benchmark.stopMeasurement()
    func micros(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000)
    }
    benchmark.measurement(InboxMetrics.pageMicroseconds, micros(total) / pagesPerIteration)
    benchmark.measurement(InboxMetrics.slowestPageMicroseconds, micros(slowest))
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, InboxMetrics.pageMicroseconds, InboxMetrics.slowestPageMicroseconds],
        units: [InboxMetrics.pageMicroseconds: .count, InboxMetrics.slowestPageMicroseconds: .count],
        warmupIterations: 2,
        maxDuration: .seconds(20),
        maxIterations: 30
    )
    Benchmark("Inbox page of 50, nearest deadline first (1,000,000 conversations, 10,000,000 messages)", configuration: configuration) { benchmark in
        try await pages(benchmark, query: ConversationQuery())
    }
    Benchmark("Inbox page of 50, one platform, open only (1,000,000 conversations)", configuration: configuration) { benchmark in
        var query = ConversationQuery()
        query.platform = .line
        query.status = .open
        try await pages(benchmark, query: query)
    }
    // Words of `SeedTexts`: each in about one conversation in five (hundreds of thousands of messages),
    // and words in ten conversations only.
    for (name, word) in [
        ("Thai word in 1 conversation of 5", "ทุเรียน"), ("Chinese word in 1 conversation of 5", "手机壳"),
        ("two-character Chinese word", "耳机"), ("Thai word in 10 conversations", "มังคุด"), ("Chinese word in 10 conversations", "榴莲"),
    ] {
        Benchmark("Search, \(name) (\(word)), page of 50 (1,000,000 conversations)", configuration: configuration) { benchmark in
            var query = ConversationQuery()
            query.text = word
            try await pages(benchmark, query: query)
        }
    }
}
