import Foundation
import SQLKit
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("Buyer privacy in the store: export, erasure, retention, audit")
struct PrivacyStoreTests {
    /// Strings only the erased buyer's data contains; none may survive anywhere in the database.
    static let secrets = ["MARKER-42", "tt-buyer-889", "0912 345 678", "Nguyễn Marker Lan", "lan.marker@example.com"]

    /// A TikTok Shop US account (small talk does not count as a response there) with one buyer to
    /// erase and one to keep. The buyer to erase wrote twice; an agent answered with small talk,
    /// then properly, and left a note; a raw push names the buyer.
    struct Scene: Sendable {
        var fixture: Fixture
        var channel: ChannelAccount
        var erased: Buyer.ID
        var kept: Buyer.ID
        var erasedConversation: Conversation.ID

        static func make(_ store: SQLStore) async throws -> Scene {
            let fixture = try await Fixture.make(store)
            let channel = try await store.createChannelAccount(
                workspace: fixture.workspace.id, platform: .tiktokShop, name: "TT US", market: "US", timeZone: "UTC",
                credentials: ChannelCredentials(["app_key": "k", "app_secret": "s", "shop_id": "1", "access_token": "t"]), now: .fixture(0)
            )
            func incoming(_ id: String, buyer: String, name: String, thread: String, at seconds: TimeInterval, text: String) -> IncomingMessage {
                IncomingMessage(
                    channelAccountID: channel.id, conversationExternalID: thread, conversationKind: .direct,
                    buyer: BuyerProfile(platformUserID: buyer, displayName: name, language: "vi"), platformMessageID: id, text: text,
                    platformAt: .fixture(seconds)
                )
            }
            let first = try await store.ingest(
                [
                    incoming(
                        "p1", buyer: "tt-buyer-889", name: "Nguyễn Marker Lan", thread: "conv-tt-buyer-889", at: 0,
                        text: "MARKER-42 giao tới 12 đường Lê Lợi, gọi 0912 345 678 hoặc lan.marker@example.com"),
                    incoming("k1", buyer: "kept-buyer-1", name: "Kept Buyer", thread: "conv-kept", at: 10, text: "KEEP-ME còn size M không?"),
                ], receivedAt: .fixture(20)
            ).map { try $0.get() }
            let conversation = first[0].conversationID
            _ = try await store.recordReply(to: conversation, text: "hi", clientID: nil, by: fixture.owner, now: .fixture(60))
            _ = try await store.recordReply(
                to: conversation, text: "MARKER-42 đã gửi, mã vận đơn SPX123", clientID: nil, by: fixture.owner, now: .fixture(7200))
            _ = try await store.recordNote(on: conversation, text: "VIP MARKER-42 lan.marker@example.com", by: fixture.owner, now: .fixture(7300))
            _ = try await store.ingest(
                [
                    incoming(
                        "p2", buyer: "tt-buyer-889", name: "Nguyễn Marker Lan", thread: "conv-tt-buyer-889", at: 90_000, text: "MARKER-42 cảm ơn")
                ], receivedAt: .fixture(90_010))
            _ = try await store.recordReply(to: conversation, text: "ok", clientID: nil, by: fixture.owner, now: .fixture(90_100))
            try await store.engine.transaction { db in
                try await db.raw(
                    """
                    INSERT INTO webhook_events (id, workspace_id, channel_account_id, kind, body_hash, body, received_at)
                    VALUES ('we-1', \(bind: fixture.workspace.id.rawValue), \(bind: channel.id.rawValue), 'ORDER_STATUS', 'h1',
                        '{"buyer_user_id":"tt-buyer-889","address":"12 Lê Lợi"}', \(bind: Date.fixture(30).storeMillis)),
                    ('we-2', \(bind: fixture.workspace.id.rawValue), \(bind: channel.id.rawValue), 'ORDER_STATUS', 'h2',
                        '{"buyer_user_id":"kept-buyer-1"}', \(bind: Date.fixture(30).storeMillis))
                    """
                ).run()
            }
            // An order of each buyer, with an address.
            for (index, (buyer, address)) in [("tt-buyer-889", "MARKER-42 Lê Lợi, Quận 1"), ("kept-buyer-1", "KEEP-ME street")].enumerated() {
                var order = ChannelOrder(
                    channelAccountID: channel.id, orderID: "57646141303878575\(index)", platformStatus: "AWAITING_SHIPMENT",
                    lines: [ChannelOrder.Line(sku: "NOT-IN-CATALOG", quantity: 1)])
                order.buyerPlatformUserID = buyer
                order.shippingAddress = address
                try await store.applyChannelOrder(order, platform: .tiktokShop, workspace: fixture.workspace.id, now: .fixture(40))
            }
            let conversations = try await store.listConversations(for: fixture.owner, query: ConversationQuery())
            let kept = try #require(conversations.items.first { $0.externalID == "conv-kept" }).buyerID
            let erased = try await store.conversation(conversation, for: fixture.owner).buyerID
            return Scene(fixture: fixture, channel: channel, erased: erased, kept: kept, erasedConversation: conversation)
        }

        /// Every metric of the account's rule set, as the dashboard computes it.
        func rates(_ store: SQLStore) async throws -> [RateSummary] {
            let asOf = Date.fixture(3 * 86_400)
            let ruleSet = try #require(RuleSetCatalog.standard.resolve(platform: .tiktokShop, market: "US", asOf: asOf))
            let timelines = try await store.timelines(
                channel: self.channel.id, workspace: self.fixture.workspace.id, since: ruleSet.lookbackStart(asOf: asOf), until: asOf
            )
            let context = SLAContext(timeZone: TimeZone(identifier: "UTC")!)
            return ruleSet.metrics.map {
                RateEvaluator.evaluate(ruleSet: ruleSet, metric: $0, timelines: timelines, context: context, asOf: asOf).summary
            }
        }
    }

    /// Every text value in every table of the database.
    static func allText(_ store: SQLStore) async throws -> [String] {
        let kind = store.engineKind
        return try await store.engine.read { db in
            let tables =
                kind == .postgres
                ? try await db.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()").all()
                : try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
            var values: [String] = []
            for table in try tables.map({ try $0.string("name") }) {
                for row in try await db.raw(SQLQueryString("SELECT * FROM \(unsafeRaw: table)")).all() {
                    for column in row.allColumns {
                        if let text = try? row.decode(column: column, as: String.self) { values.append(text) }
                    }
                }
            }
            return values
        }
    }

    @Test(
        "after erasure the buyer's text and ids are gone from every table and from search; the rates are unchanged", arguments: TestEngine.available)
    func erasure(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let scene = try await Scene.make(store)
            let owner = scene.fixture.owner
            let before = try await scene.rates(store)
            let allBefore = try await Self.allText(store)
            for secret in Self.secrets {
                #expect(allBefore.contains { $0.contains(secret) }, "the scan should see \(secret) before erasure")
            }
            let messagesBefore = try await store.messages(in: scene.erasedConversation, for: owner)

            let report = try await store.eraseBuyer(scene.erased, workspace: scene.fixture.workspace.id, by: .init(owner), now: .fixture(100_000))
            #expect(
                report
                    == ErasureReport(
                        buyerID: scene.erased, identities: 1, conversations: 1, messages: 6, webhookEvents: 1, cancelledReplies: 3, orders: 1
                    ))

            let allAfter = try await Self.allText(store)
            for secret in Self.secrets {
                #expect(!allAfter.contains { $0.contains(secret) }, "\(secret) survived erasure")
            }
            #expect(allAfter.contains { $0.contains("KEEP-ME") })
            #expect(allAfter.contains { $0.contains("kept-buyer-1") })

            var search = ConversationQuery()
            search.text = "MARKER-42"
            #expect(try await store.listConversations(for: owner, query: search).items.isEmpty)
            search.text = "KEEP-ME"
            #expect(try await store.listConversations(for: owner, query: search).items.count == 1)
            #expect(try await store.listBuyers(workspace: scene.fixture.workspace.id, text: "Marker", cursor: nil, limit: 50).items.isEmpty)

            // Times, directions and senders stay: the same messages in the same order, without content.
            let messagesAfter = try await store.messages(in: scene.erasedConversation, for: owner)
            #expect(messagesAfter.map(\.id) == messagesBefore.map(\.id))
            #expect(messagesAfter.map(\.platformAt) == messagesBefore.map(\.platformAt))
            #expect(messagesAfter.allSatisfy { $0.text == nil && $0.attachments.isEmpty })
            #expect(try await scene.rates(store) == before)

            // Erasing again finds nothing new; the audit log has both.
            let again = try await store.eraseBuyer(scene.erased, workspace: scene.fixture.workspace.id, by: .init(owner), now: .fixture(100_001))
            #expect(again.messages == 0)
            let audit = try await store.auditLog(workspace: scene.fixture.workspace.id, action: .buyerErased, cursor: nil, limit: 10)
            #expect(audit.items.count == 2)
            #expect(audit.items.allSatisfy { $0.subjectID == scene.erased.rawValue && $0.actor == .agent(owner.id, name: owner.name) })
        }
    }

    @Test("a redelivered push of an erased buyer's message is still a duplicate; a new one starts a new buyer", arguments: TestEngine.available)
    func erasureThenRedelivery(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let scene = try await Scene.make(store)
            _ = try await store.eraseBuyer(scene.erased, workspace: scene.fixture.workspace.id, by: .commandLine, now: .fixture(100_000))
            let redelivered = IncomingMessage(
                channelAccountID: scene.channel.id, conversationExternalID: "conv-tt-buyer-889", conversationKind: .direct,
                buyer: BuyerProfile(platformUserID: "tt-buyer-889", displayName: "Nguyễn Marker Lan"), platformMessageID: "p1",
                text: "MARKER-42 again", platformAt: .fixture(0)
            )
            let outcome = try await store.ingest([redelivered], receivedAt: .fixture(100_100))[0].get()
            #expect(outcome.duplicate)
            var fresh = redelivered
            fresh.platformMessageID = "p3"
            let new = try await store.ingest([fresh], receivedAt: .fixture(100_200))[0].get()
            #expect(!new.duplicate)
            #expect(try await store.conversation(new.conversationID, for: scene.fixture.owner).buyerID != scene.erased)
        }
    }

    @Test("export holds the buyer, identities, conversations, messages and notes, and is audited", arguments: TestEngine.available)
    func export(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let scene = try await Scene.make(store)
            let workspace = scene.fixture.workspace.id
            let export = try await store.exportBuyer(scene.erased, workspace: workspace, by: .commandLine, now: .fixture(100_000))
            #expect(export.format == "shopdesk.buyer-export.v1")
            #expect(export.buyer.displayName == "Nguyễn Marker Lan")
            #expect(export.identities.map(\.platformUserId) == ["tt-buyer-889"])
            #expect(export.identities.first?.channelAccountName == "TT US")
            #expect(export.conversations.count == 1)
            let messages = try #require(export.conversations.first?.messages)
            #expect(messages.map(\.direction) == [.inbound, .outbound, .outbound, .note, .inbound, .outbound])
            #expect(messages.first?.text?.contains("0912 345 678") == true)
            let json = String(decoding: try export.jsonData(), as: UTF8.self)
            #expect(json.contains("\"platform_user_id\" : \"tt-buyer-889\""))
            #expect(!json.contains("KEEP-ME"))
            let audit = try await store.auditLog(workspace: workspace, action: .buyerExported, cursor: nil, limit: 10)
            #expect(audit.items.map(\.actor) == [.commandLine])

            _ = try await store.eraseBuyer(scene.erased, workspace: workspace, by: .commandLine, now: .fixture(100_001))
            let afterErasure = try await store.exportBuyer(scene.erased, workspace: workspace, by: .commandLine, now: .fixture(100_002))
            #expect(afterErasure.buyer.erasedAt == .fixture(100_001))
            #expect(afterErasure.buyer.displayName == nil)
            #expect(afterErasure.conversations.flatMap(\.messages).allSatisfy { $0.text == nil && $0.redacted == "erasure" })
            await #expect(throws: StoreError.notFound("buyer \(scene.kept)")) {
                try await store.exportBuyer(
                    scene.kept, workspace: Fixture.make(store, name: "Other").workspace.id, by: .commandLine, now: .fixture(0))
            }
        }
    }

    @Test(
        "retention purges text stored before the cutoff in batches, keeps newer text and the rates, and resumes where it stopped",
        arguments: TestEngine.available)
    func retention(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let scene = try await Scene.make(store)
            let workspace = scene.fixture.workspace.id
            let before = try await scene.rates(store)
            try await Task.sleep(for: .milliseconds(5))
            let cutoff = Date()
            try await Task.sleep(for: .milliseconds(5))
            let late = try await store.ingest(
                [scene.fixture.message("late-1", thread: "late", buyer: "late-buyer", at: 200_000, text: "LATE-TEXT")], receivedAt: Date())

            let report = try await store.purgeExpiredContent(workspace: workspace, before: cutoff, batchSize: 2)
            #expect(report == RetentionReport(messages: 7, webhookEvents: 2, orders: 2))
            let allText = try await Self.allText(store)
            #expect(!allText.contains { $0.contains("MARKER-42") || $0.contains("KEEP-ME") })
            #expect(allText.contains { $0.contains("LATE-TEXT") })
            let lateConversation = try await store.conversation(try late[0].get().conversationID, for: scene.fixture.owner)
            #expect(lateConversation.state.lastMessagePreview == "LATE-TEXT")
            let purgedConversation = try await store.conversation(scene.erasedConversation, for: scene.fixture.owner)
            #expect(purgedConversation.state.lastMessagePreview == nil)
            #expect(try await scene.rates(store) == before)
            #expect(try await store.purgeExpiredContent(workspace: workspace, before: cutoff) == RetentionReport(messages: 0, webhookEvents: 0))
        }
    }

    @Test("the retention period is 1 to 3650 days or none, and changing it is audited", arguments: TestEngine.available)
    func retentionSetting(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            #expect(try await store.retentionDays(workspace: workspace) == nil)
            try await store.setRetentionDays(30, workspace: workspace, by: .init(fixture.owner), now: .fixture(1))
            #expect(try await store.retentionDays(workspace: workspace) == 30)
            #expect(try await store.retentionPolicies().map(\.days) == [30])
            for bad in [0, 3651, -1] {
                await #expect(throws: StoreError.self) {
                    try await store.setRetentionDays(bad, workspace: workspace, by: .init(fixture.owner), now: .fixture(2))
                }
            }
            try await store.setRetentionDays(nil, workspace: workspace, by: .init(fixture.owner), now: .fixture(3))
            #expect(try await store.retentionPolicies().isEmpty)
            let page = try await store.auditLog(workspace: workspace, action: nil, cursor: nil, limit: 1)
            #expect(page.items.map(\.detail) == ["message text kept until deleted"])
            let next = try await store.auditLog(workspace: workspace, action: nil, cursor: try #require(page.nextCursor), limit: 10)
            #expect(next.items.map(\.detail) == ["message text kept 30 days"])
        }
    }
}
