import Crypto
import Foundation
import Logging
import SQLKit
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

/// The engines every store test runs on: SQLite always, PostgreSQL when `SHOPDESK_TEST_POSTGRES_URL`
/// names a server (`.ci/run` starts one).
enum TestEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static let postgresURL = ProcessInfo.processInfo.environment["SHOPDESK_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    static var available: [TestEngine] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    var testDescription: String { self.rawValue }
}

@Suite("PostgreSQL availability")
struct PostgresAvailability {
    @Test(
        "the store suite also runs on PostgreSQL",
        .enabled(if: TestEngine.postgresURL != nil, "SHOPDESK_TEST_POSTGRES_URL is unset: PostgreSQL store tests are skipped (.ci/run sets it)")
    )
    func postgresIsReachable() async throws {
        let version = try await withTestStore(.postgres) { store in try await store.schemaVersion() }
        #expect(version == Migration.all.map(\.version).max())
    }
}

let testLogger: Logger = {
    var logger = Logger(label: "shopdesk-test")
    logger.logLevel = .warning
    return logger
}()

/// A fresh, migrated store: a new SQLite file, or a new schema in the test PostgreSQL database.
/// Everything is removed afterwards.
func withTestStore<R: Sendable>(
    _ engine: TestEngine, _ body: @Sendable (SQLStore) async throws -> R
) async throws -> R {
    let secrets = SecretBox(key: SymmetricKey(size: .bits256))
    switch engine {
    case .sqlite:
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shopdesk-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let location = DatabaseLocation.sqlite(path: directory.appendingPathComponent("test.sqlite").path)
        return try await SQLStore.withStore(location, secrets: secrets, logger: testLogger) { store in
            try await store.migrate()
            return try await body(store)
        }
    case .postgres:
        guard let url = TestEngine.postgresURL else { throw TestSkip() }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await runPostgresAdmin(url: url, "CREATE SCHEMA \(schema)")
        do {
            let result = try await SQLStore.withStore(.postgres(url: url), secrets: secrets, searchPath: schema, logger: testLogger) { store in
                try await store.migrate()
                return try await body(store)
            }
            try await runPostgresAdmin(url: url, "DROP SCHEMA \(schema) CASCADE")
            return result
        } catch {
            try? await runPostgresAdmin(url: url, "DROP SCHEMA \(schema) CASCADE")
            throw error
        }
    }
}

struct TestSkip: Error {}

private func runPostgresAdmin(url: String, _ sql: String) async throws {
    let secrets = SecretBox(key: SymmetricKey(size: .bits256))
    try await SQLStore.withStore(.postgres(url: url), secrets: secrets, logger: testLogger) { store in
        try await store.engine.transaction { db in
            try await db.raw(SQLQueryString(sql)).run()
        }
    }
}

/// A workspace with an owner and one channel account, the usual starting point.
struct Fixture: Sendable {
    var workspace: Workspace
    var owner: Agent
    var channel: ChannelAccount

    static func make(_ store: SQLStore, platform: Platform = .custom, name: String = "Shop") async throws -> Fixture {
        let now = Date(timeIntervalSince1970: 1_760_000_000)
        let workspace = try await store.createWorkspace(name: name, now: now)
        let owner = try await store.createAgent(
            workspace: workspace.id, email: "owner-\(UUID().uuidString)@example.com", name: "Owner", role: .owner,
            channelAccess: .all, passwordHash: "x", now: now
        )
        let channel = try await store.createChannelAccount(
            workspace: workspace.id, platform: platform, name: "\(name) site", market: "VN", timeZone: nil,
            credentials: ChannelCredentials(["signing_secret": "s3cret-\(UUID().uuidString)"]), now: now
        )
        return Fixture(workspace: workspace, owner: owner, channel: channel)
    }

    func message(
        _ id: String, thread: String = "t1", buyer: String = "b1", at seconds: TimeInterval, text: String = "hello",
        sender: Message.SenderKind = .buyer
    ) -> IncomingMessage {
        IncomingMessage(
            channelAccountID: self.channel.id, conversationExternalID: thread, conversationKind: .direct,
            buyer: BuyerProfile(platformUserID: buyer, displayName: "Buyer \(buyer)", language: "vi"), platformMessageID: id,
            senderKind: sender, text: text, platformAt: Date(timeIntervalSince1970: 1_760_000_000 + seconds)
        )
    }
}

extension Date {
    static func fixture(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: 1_760_000_000 + seconds) }
}
