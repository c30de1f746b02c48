import Foundation
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

/// The store keeps live deadlines by the platform's rules as well as the workspace's (issue 15, parts 1 and 2).
@Suite("Live deadlines in the store")
struct LiveDeadlineStoreTests {
    static let hour: TimeInterval = 3600
    static let dayPolicy = ServiceLevelPolicy(firstResponse: 24 * hour, nextResponse: 24 * hour)

    /// The fixture's workspace with a marketplace account in Thailand (Bangkok time) under a 24-hour policy.
    static func marketplace(_ store: SQLStore, _ platform: Platform) async throws -> Fixture {
        var fixture = try await Fixture.make(store)
        let credentials: [String: String] =
            platform == .tiktokShop
            ? ["app_key": "tts-key", "app_secret": "tts-secret-\(UUID().uuidString)", "shop_id": "7495540735365777507", "access_token": "t"]
            : ["app_key": "laz-key", "app_secret": "laz-secret-\(UUID().uuidString)", "access_token": "t"]
        fixture.channel = try await store.createChannelAccount(
            workspace: fixture.workspace.id, platform: platform, name: "\(platform.rawValue) TH", market: "TH", timeZone: nil,
            credentials: ChannelCredentials(credentials), now: .fixture(0)
        )
        try await store.setServiceLevelPolicy(Self.dayPolicy, for: fixture.channel.id, workspace: fixture.workspace.id, now: .fixture(0))
        return fixture
    }

    @Test("a TikTok Shop message under a 24-hour policy gets the platform's 12 hours, and says which rule", arguments: TestEngine.available)
    func tiktokShopOnIngest(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Self.marketplace(store, .tiktokShop)
            let outcome = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get()
            let state = try await store.conversation(outcome.conversationID, for: fixture.owner).state
            #expect(state.nextDeadline == .fixture(12 * Self.hour))
            #expect(state.deadlineRule?.description == "tiktok-shop/TH@2025-08-15 response_rate_12h")
            let queued = try await store.conversationDeadlines([outcome.conversationID])
            #expect(queued.map(\.deadline) == [.fixture(12 * Self.hour)])
        }
    }

    @Test("public holidays and a market change recompute open deadlines", arguments: TestEngine.available)
    func rulesChangeRecomputes(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Self.marketplace(store, .lazada)
            let id = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get().conversationID
            // 1_760_000_000 is Thursday 9 October 2025, 15:53 in Bangkok: Lazada's cycle ends at 19:00 that day.
            let cycleEnd = try #require(ISO8601DateFormatter().date(from: "2025-10-09T12:00:00Z"))
            #expect(try await store.conversation(id, for: fixture.owner).state.nextDeadline == cycleEnd)

            let moved = try await store.setPublicHolidays([try #require(SLADate("2025-10-09"))], market: "TH", workspace: fixture.workspace.id)
            #expect(moved == [id])
            var state = try await store.conversation(id, for: fixture.owner).state
            #expect(state.nextDeadline == .fixture(24 * Self.hour))
            #expect(state.deadlineRule == .workspacePolicy)

            try await store.setPublicHolidays([], market: "TH", workspace: fixture.workspace.id)
            #expect(try await store.conversation(id, for: fixture.owner).state.nextDeadline == cycleEnd)
            // In Vietnam (UTC+7 too, no holidays set) the cycle is the same; the rule set named is Vietnam's.
            _ = try await store.updateChannelAccount(fixture.channel.id, workspace: fixture.workspace.id, update: ChannelAccountUpdate(market: "VN"))
            state = try await store.conversation(id, for: fixture.owner).state
            #expect(state.deadlineRule?.description == "lazada/VN@2020-06-25 chat_response_rate")
        }
    }

    @Test("a snoozed conversation keeps its platform deadline, and is woken once, open, with its full deadline", arguments: TestEngine.available)
    func snoozeAndWake(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Self.marketplace(store, .tiktokShop)
            try await store.setServiceLevelPolicy(.default, for: fixture.channel.id, workspace: fixture.workspace.id, now: .fixture(0))
            let id = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get().conversationID
            #expect(try await store.conversation(id, for: fixture.owner).state.nextDeadline == .fixture(Self.hour))

            let snoozed = try await store.setStatus(id, to: .snoozed, snoozedUntil: .fixture(3 * Self.hour), by: fixture.owner, now: .fixture(60))
            #expect(snoozed.state.nextDeadline == .fixture(12 * Self.hour))
            #expect(try await store.nextSnoozeWake() == .fixture(3 * Self.hour))
            var queue = ConversationQuery()
            queue.hidesSnoozed = true
            #expect(try await store.listConversations(for: fixture.owner, query: queue).items.isEmpty)
            #expect(try await store.listConversations(for: fixture.owner, query: ConversationQuery()).items.map(\.id) == [id])
            #expect(try await store.wakeSnoozed(now: .fixture(3 * Self.hour - 1)).isEmpty)

            let woken = try await store.wakeSnoozed(now: .fixture(3 * Self.hour))
            #expect(woken.map(\.id) == [id])
            let state = try await store.conversation(id, for: fixture.owner).state
            #expect(state.status == .open)
            #expect(state.snoozedUntil == nil)
            #expect(state.nextDeadline == .fixture(Self.hour))
            #expect(state.deadlineRule == .workspacePolicy)
            #expect(try await store.listConversations(for: fixture.owner, query: queue).items.map(\.id) == [id])
            #expect(try await store.wakeSnoozed(now: .fixture(4 * Self.hour)).isEmpty)
            #expect(try await store.nextSnoozeWake() == nil)
        }
    }
}
