import Foundation
import SQLKit
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("Workspace isolation and access")
struct WorkspaceIsolationTests {
    @Test("reads and writes across workspaces are refused", arguments: TestEngine.available)
    func crossWorkspaceRefused(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let mine = try await Fixture.make(store, name: "Mine")
            let theirs = try await Fixture.make(store, name: "Theirs")
            let outcome = try await store.ingest([theirs.message("m1", at: 0)], receivedAt: .fixture(1))[0].get()
            let now = Date.fixture(100)

            await #expect(throws: StoreError.notFound("conversation \(outcome.conversationID)")) {
                try await store.conversation(outcome.conversationID, for: mine.owner)
            }
            await #expect(throws: StoreError.self) { try await store.messages(in: outcome.conversationID, for: mine.owner) }
            await #expect(throws: StoreError.self) {
                try await store.recordReply(to: outcome.conversationID, text: "hi", clientID: nil, by: mine.owner, now: now)
            }
            await #expect(throws: StoreError.self) { try await store.recordNote(on: outcome.conversationID, text: "n", by: mine.owner, now: now) }
            await #expect(throws: StoreError.self) { try await store.setTags(outcome.conversationID, to: ["vip"], by: mine.owner, now: now) }
            await #expect(throws: StoreError.self) {
                try await store.setStatus(outcome.conversationID, to: .resolved, snoozedUntil: nil, by: mine.owner, now: now)
            }
            await #expect(throws: StoreError.self) { try await store.assign(outcome.conversationID, to: mine.owner.id, by: mine.owner, now: now) }
            await #expect(throws: StoreError.self) { try await store.channelAccount(theirs.channel.id, workspace: mine.workspace.id) }
            await #expect(throws: StoreError.self) {
                try await store.updateChannelAccount(theirs.channel.id, workspace: mine.workspace.id, update: .init(name: "mine now"))
            }
            await #expect(throws: StoreError.self) {
                try await store.archiveChannelAccount(theirs.channel.id, workspace: mine.workspace.id, now: now)
            }
            await #expect(throws: StoreError.self) { try await store.agent(theirs.owner.id, workspace: mine.workspace.id) }
            let theirBuyer = try await store.conversation(outcome.conversationID, for: theirs.owner).buyerID
            await #expect(throws: StoreError.self) { try await store.buyer(theirBuyer, workspace: mine.workspace.id) }

            #expect(try await store.listConversations(for: mine.owner, query: ConversationQuery()).items.isEmpty)
            #expect(try await store.listChannelAccounts(workspace: mine.workspace.id).map(\.id) == [mine.channel.id])
            #expect(try await store.listBuyers(workspace: mine.workspace.id, text: nil, cursor: nil, limit: 50).items.isEmpty)
            #expect(try await store.listAgents(workspace: mine.workspace.id).map(\.id) == [mine.owner.id])
            // Nothing of theirs changed.
            #expect(try await store.conversation(outcome.conversationID, for: theirs.owner).state.messageCount == 1)
        }
    }

    @Test("an agent sees only the channel accounts they were given", arguments: TestEngine.available)
    func channelAccess(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let other = try await store.createChannelAccount(
                workspace: fixture.workspace.id, platform: .line, name: "LINE", market: "TH", timeZone: nil,
                credentials: ChannelCredentials(["channel_secret": "a", "channel_access_token": "b"]), now: .fixture(0)
            )
            let agent = try await store.createAgent(
                workspace: fixture.workspace.id, email: "agent@example.com", name: "Agent", role: .agent,
                channelAccess: .only([fixture.channel.id]), passwordHash: "x", now: .fixture(0)
            )
            var lineMessage = fixture.message("l1", at: 0)
            lineMessage.channelAccountID = other.id
            let results = try await store.ingest([fixture.message("c1", at: 0), lineMessage], receivedAt: .fixture(1)).map { try $0.get() }
            let visible = try await store.listConversations(for: agent, query: ConversationQuery()).items.map(\.id)
            #expect(visible == [results[0].conversationID])
            await #expect(throws: StoreError.self) { try await store.conversation(results[1].conversationID, for: agent) }
            await #expect(throws: StoreError.self) {
                try await store.assign(results[1].conversationID, to: agent.id, by: fixture.owner, now: .fixture(2))
            }
        }
    }

    @Test("e-mail addresses are unique and compared without case", arguments: TestEngine.available)
    func uniqueEmail(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            _ = try await store.createAgent(
                workspace: fixture.workspace.id, email: "Sam@Example.com", name: "Sam", role: .agent, channelAccess: .all,
                passwordHash: "x", now: .fixture(0)
            )
            await #expect(throws: StoreError.conflict("an agent with e-mail sam@example.com already exists")) {
                try await store.createAgent(
                    workspace: fixture.workspace.id, email: "sam@example.com ", name: "Sam 2", role: .agent, channelAccess: .all,
                    passwordHash: "x", now: .fixture(0)
                )
            }
            #expect(try await store.agentCredentials(email: "SAM@example.com")?.agent.name == "Sam")
        }
    }

    @Test("channel credentials are encrypted at rest and validated per platform", arguments: TestEngine.available)
    func credentialsEncrypted(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let secret = "very-secret-app-secret"
            let account = try await store.createChannelAccount(
                workspace: fixture.workspace.id, platform: .tiktokShop, name: "TikTok VN", market: "VN", timeZone: nil,
                credentials: ChannelCredentials(["app_key": "k", "app_secret": secret, "shop_id": "1", "access_token": "t"]),
                now: .fixture(0)
            )
            #expect(account.credentialFields == ["access_token", "app_key", "app_secret", "shop_id"])
            let raw = try await store.engine.read { db in
                try await db.raw("SELECT credentials FROM channel_accounts WHERE id = \(bind: account.id.rawValue)").first()!
                    .decode(column: "credentials", as: Data.self)
            }
            #expect(raw.range(of: Data(secret.utf8)) == nil)
            let (_, credentials) = try #require(try await store.channelAccountWithCredentials(account.id))
            #expect(credentials["app_secret"] == secret)
            await #expect(throws: ValidationError.self) {
                try await store.createChannelAccount(
                    workspace: fixture.workspace.id, platform: .shopee, name: "Shopee", market: "MY", timeZone: nil,
                    credentials: ChannelCredentials(["partner_id": "1"]), now: .fixture(0)
                )
            }
            await #expect(throws: ValidationError.self) {
                try await store.createChannelAccount(
                    workspace: fixture.workspace.id, platform: .custom, name: "Site", market: "Vietnam", timeZone: nil,
                    credentials: ChannelCredentials(["signing_secret": "x"]), now: .fixture(0)
                )
            }
        }
    }

    @Test("migrations apply once", arguments: TestEngine.available)
    func migrationsOnce(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let applied = try await store.migrate()
            let version = try await store.schemaVersion()
            #expect(applied.isEmpty)
            #expect(version == Migration.all.last!.version)
        }
    }
}
