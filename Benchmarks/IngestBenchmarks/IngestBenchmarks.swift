// Durable ingest throughput through `IngestPipeline` on SQLite, and the raw SQLite insert rate on the
// same machine with the same pragmas, for comparison. Run with
//
//     swift package --disable-sandbox benchmark --target IngestBenchmarks
//
// Results and how to read them: BENCHMARKS.md.

import Benchmark
import Crypto
import Foundation
import Logging
import SQLiteKit
import ShopDeskCore
import ShopDeskStore
import Synchronization

// MARK: - Parameters

/// Messages submitted per measured iteration of the ingest benchmark.
let ingestMessagesPerIteration = 20_000
/// Concurrent callers of `IngestPipeline.submit` (stand-ins for webhook requests in flight).
let ingestCallers = 64
/// Each caller submits batches of 1...this many messages.
let ingestMaxBatch = 10
/// Share of messages that open a new conversation; the rest are follow-ups in the caller's earlier ones.
let ingestNewConversationShare = 0.2
/// Share of follow-ups that are the seller's side seen through the platform (an echo of a reply).
let ingestSellerEchoShare = 0.1

/// Rows per transaction and transactions per measured iteration of the raw SQLite benchmark.
let rawRowsPerTransaction = 2_000
let rawTransactionsPerIteration = 20

/// Per-item rates reported as custom metrics. package-benchmark's built-in `.throughput` counts
/// iterations per second as an integer and its `scalingFactor` only comes in powers of 1000, so an
/// iteration of 20,000 messages (several seconds) would show as "0" or "1"; the exact per-message and
/// per-row rates are measured here per iteration instead.
enum IngestMetrics {
    static let messagesPerSecond = BenchmarkMetric.custom("durable messages/s", polarity: .prefersLarger, useScalingFactor: false)
    static let messagesPerCommit = BenchmarkMetric.custom("messages per commit (avg)", polarity: .prefersLarger, useScalingFactor: false)
    static let commits = BenchmarkMetric.custom("commits", polarity: .prefersSmaller, useScalingFactor: false)
    static let rowsPerSecond = BenchmarkMetric.custom("rows/s", polarity: .prefersLarger, useScalingFactor: false)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Ingest pipeline durable throughput (SQLite WAL, synchronous=FULL)",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, IngestMetrics.messagesPerSecond, IngestMetrics.messagesPerCommit, IngestMetrics.commits],
            units: [
                IngestMetrics.messagesPerSecond: .count, IngestMetrics.messagesPerCommit: .count, IngestMetrics.commits: .count,
            ],
            warmupIterations: 1,
            maxDuration: .seconds(30),
            maxIterations: 5
        )
    ) { benchmark in
        try await ingestIteration(benchmark)
    }

    Benchmark(
        "Raw SQLite batched insert (SQLiteNIO, WAL, synchronous=FULL, 2000 rows/tx)",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, IngestMetrics.rowsPerSecond],
            units: [IngestMetrics.rowsPerSecond: .count],
            warmupIterations: 1,
            maxDuration: .seconds(20),
            maxIterations: 5
        )
    ) { benchmark in
        try await rawInsertIteration(benchmark, rowsPerStatement: 1)
    }

    // The same rows and transactions with 100 rows per INSERT statement: how far SQLite and the disk
    // flush go once the per-statement cost (a thread-pool hop and an SQL compile) is amortised.
    Benchmark(
        "Raw SQLite multi-row insert (SQLiteNIO, WAL, synchronous=FULL, 2000 rows/tx, 100 rows/statement)",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, IngestMetrics.rowsPerSecond],
            units: [IngestMetrics.rowsPerSecond: .count],
            warmupIterations: 1,
            maxDuration: .seconds(10),
            maxIterations: 5
        )
    ) { benchmark in
        try await rawInsertIteration(benchmark, rowsPerStatement: 100)
    }
}

// MARK: - Ingest pipeline

/// One measured run: a fresh database, 64 callers submitting `ingestMessagesPerIteration` messages.
func ingestIteration(_ benchmark: Benchmark) async throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let logger = benchmarkLogger()

    let store = try await SQLStore.open(
        .sqlite(path: directory + "/shopdesk.sqlite"), secrets: SecretBox(key: SymmetricKey(size: .bits256)), logger: logger
    )
    do {
        try await store.migrate()
        let now = Date()
        let workspace = try await store.createWorkspace(name: "Benchmark shop", now: now)
        let channel = try await store.createChannelAccount(
            workspace: workspace.id, platform: .custom, name: "Benchmark storefront", market: "VN", timeZone: nil,
            credentials: ChannelCredentials(["signing_secret": "benchmark-signing-secret"]), now: now
        )
        let workload = makeIngestWorkload(channel: channel.id, start: now)

        let commits = Mutex((batches: 0, messages: 0))
        let pipeline = IngestPipeline(store: store, logger: logger) { report in
            commits.withLock {
                $0.batches += 1
                $0.messages += report.messageCount
            }
        }

        let (stored, elapsed) = try await withThrowingTaskGroup(of: Void.self) { services in
            services.addTask { await store.run() }
            services.addTask { try await pipeline.run() }
            defer { services.cancelAll() }

            benchmark.startMeasurement()
            let started = ContinuousClock.now
            let stored = try await withThrowingTaskGroup(of: Int.self) { callers in
                for batches in workload {
                    callers.addTask {
                        var stored = 0
                        for batch in batches {
                            for result in try await pipeline.submit(batch) {
                                if case .success(let outcome) = result, !outcome.duplicate { stored += 1 }
                            }
                        }
                        return stored
                    }
                }
                return try await callers.reduce(0, +)
            }
            let elapsed = ContinuousClock.now - started
            benchmark.stopMeasurement()
            return (stored, elapsed)
        }

        guard stored == ingestMessagesPerIteration else {
            benchmark.error("stored \(stored) of \(ingestMessagesPerIteration) messages")
            await store.close()
            return
        }
        let (batches, committed) = commits.withLock { ($0.batches, $0.messages) }
        benchmark.measurement(IngestMetrics.messagesPerSecond, perSecond(stored, elapsed))
        benchmark.measurement(IngestMetrics.commits, batches)
        benchmark.measurement(IngestMetrics.messagesPerCommit, batches == 0 ? 0 : committed / batches)
    } catch {
        await store.close()
        throw error
    }
    await store.close()
}

/// The messages each caller submits, batch by batch: ~20% open a new conversation (new buyer), the
/// rest follow up in one of that caller's earlier conversations; every platform message id is unique.
func makeIngestWorkload(channel: ChannelAccount.ID, start: Date) -> [[[IncomingMessage]]] {
    var random = SplitMix64(seed: 0x5EED_1A6E)
    let perCaller = ingestMessagesPerIteration / ingestCallers
    let extra = ingestMessagesPerIteration % ingestCallers
    var sequence = 0
    var workload: [[[IncomingMessage]]] = []
    for caller in 0..<ingestCallers {
        var remaining = perCaller + (caller < extra ? 1 : 0)
        var conversations: [(externalID: String, buyer: BuyerProfile, subject: String)] = []
        var batches: [[IncomingMessage]] = []
        while remaining > 0 {
            let size = min(remaining, Int(random.next() % UInt64(ingestMaxBatch)) + 1)
            var batch: [IncomingMessage] = []
            for _ in 0..<size {
                sequence += 1
                let opensConversation = conversations.isEmpty || random.nextDouble() < ingestNewConversationShare
                if opensConversation {
                    let number = conversations.count
                    conversations.append(
                        (
                            externalID: "thread-\(caller)-\(number)",
                            buyer: BuyerProfile(
                                platformUserID: "buyer-\(caller)-\(number)", displayName: "Buyer \(caller)-\(number)", language: "vi"),
                            subject: "Order question \(caller)-\(number)"
                        ))
                }
                let conversation =
                    opensConversation
                    ? conversations[conversations.count - 1]
                    : conversations[Int(random.next() % UInt64(conversations.count))]
                let fromSeller = !opensConversation && random.nextDouble() < ingestSellerEchoShare
                batch.append(
                    IncomingMessage(
                        channelAccountID: channel, conversationExternalID: conversation.externalID, conversationKind: .direct,
                        subject: conversation.subject, buyer: conversation.buyer, platformMessageID: "msg-\(sequence)",
                        senderKind: fromSeller ? .agent : .buyer, contentType: .text,
                        text: sampleTexts[Int(random.next() % UInt64(sampleTexts.count))] + " #\(sequence)",
                        platformAt: start.addingTimeInterval(Double(sequence) / 1000)
                    ))
            }
            remaining -= size
            batches.append(batch)
        }
        workload.append(batches)
    }
    return workload
}

let sampleTexts = [
    "Hi, is this item still in stock?",
    "Shop ơi, còn size M màu đen không ạ?",
    "When will my order ship? I paid yesterday.",
    "Can I change the delivery address to District 7?",
    "Thanks, received the parcel today, everything is fine.",
    "The colour looks different from the photos, can I return it?",
    "Do you have a voucher for a second purchase?",
]

// MARK: - Raw SQLite

/// One measured run: a fresh database with the store's pragmas, `rawTransactionsPerIteration`
/// transactions of `rawRowsPerTransaction` rows each, inserted `rowsPerStatement` rows per INSERT
/// statement, on one SQLiteNIO connection.
func rawInsertIteration(_ benchmark: Benchmark, rowsPerStatement: Int) async throws {
    precondition(rawRowsPerTransaction % rowsPerStatement == 0)
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let logger = benchmarkLogger()

    let connection = try await SQLiteConnection.open(storage: .file(path: directory + "/raw.sqlite"), logger: logger)
    do {
        let db = connection.sql()
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON"] {
            try await db.raw(SQLQueryString(pragma)).run()
        }
        try await db.raw(
            """
            CREATE TABLE raw_messages (
                id TEXT PRIMARY KEY,
                conversation_id TEXT NOT NULL,
                sender_kind TEXT NOT NULL,
                body TEXT,
                platform_at INTEGER NOT NULL,
                received_at INTEGER NOT NULL
            )
            """
        ).run()

        let ids = IDGenerator()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let rows: [(id: String, conversation: String, body: String)] = (0..<(rawRowsPerTransaction * rawTransactionsPerIteration)).map { index in
            let id: Message.ID = ids.make()
            return (id.rawValue, "thread-\(index % 997)", sampleTexts[index % sampleTexts.count] + " #\(index)")
        }

        benchmark.startMeasurement()
        let started = ContinuousClock.now
        for transaction in 0..<rawTransactionsPerIteration {
            try await db.raw("BEGIN IMMEDIATE").run()
            for first in stride(from: transaction * rawRowsPerTransaction, to: (transaction + 1) * rawRowsPerTransaction, by: rowsPerStatement) {
                var sql = SQLQueryString("INSERT INTO raw_messages (id, conversation_id, sender_kind, body, platform_at, received_at) VALUES ")
                for index in first..<(first + rowsPerStatement) {
                    let row = rows[index]
                    sql += SQLQueryString(
                        """
                        \(unsafeRaw: index > first ? ", " : "")(\(bind: row.id), \(bind: row.conversation), 'buyer', \(bind: row.body), \(bind: now + Int64(index)), \(bind: now))
                        """)
                }
                try await db.raw(sql).run()
            }
            try await db.raw("COMMIT").run()
        }
        let elapsed = ContinuousClock.now - started
        benchmark.stopMeasurement()

        let count = try await db.raw("SELECT COUNT(*) AS n FROM raw_messages").first()?.decode(column: "n", as: Int.self) ?? 0
        if count != rows.count {
            benchmark.error("inserted \(count) of \(rows.count) rows")
        } else {
            benchmark.measurement(IngestMetrics.rowsPerSecond, perSecond(count, elapsed))
        }
    } catch {
        try? await connection.close()
        throw error
    }
    try await connection.close()
}

// MARK: - Helpers

func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("shopdesk-bench-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func benchmarkLogger() -> Logger {
    var logger = Logger(label: "shopdesk.benchmark")
    logger.logLevel = .error
    return logger
}

func perSecond(_ count: Int, _ elapsed: Duration) -> Int {
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return seconds > 0 ? Int((Double(count) / seconds).rounded()) : 0
}
