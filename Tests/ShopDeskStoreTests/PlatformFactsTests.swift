import Foundation
import Testing
@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("Platform facts for response rates")
struct PlatformFactsTests {
    @Test("timelines carry each conversation's messages in platform order, without notes", arguments: TestEngine.available)
    func timelines(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let outcomes = try await store.ingest([
                fixture.message("b2", at: 50, text: "and the red one?"), fixture.message("b1", at: 0, text: "hi, in stock?"),
                fixture.message("x1", thread: "t2", buyer: "b2", at: 10), fixture.message("a1", at: 20, text: "auto", sender: .autoReply),
            ], receivedAt: .fixture(60)).map { try $0.get() }
            _ = try await store.recordNote(on: outcomes[0].conversationID, text: "note", by: fixture.owner, now: .fixture(70))
            _ = try await store.recordReply(to: outcomes[0].conversationID, text: "yes", clientID: nil, by: fixture.owner, now: .fixture(80))
            try await store.markSellerInitiated(outcomes[2].conversationID, workspace: fixture.workspace.id)
            let buyer = try await store.conversation(outcomes[2].conversationID, for: fixture.owner).buyerID
            try await store.setBuyerBlocked(true, buyer: buyer, channel: fixture.channel.id, workspace: fixture.workspace.id, now: .fixture(90))

            let timelines = try await store.timelines(channel: fixture.channel.id, workspace: fixture.workspace.id, since: .fixture(0), until: .fixture(1000))
            let first = try #require(timelines.first { $0.conversationID == outcomes[0].conversationID })
            #expect(first.entries.map(\.senderKind) == [.buyer, .autoReply, .buyer, .agent])
            #expect(first.entries.map(\.at) == [.fixture(0), .fixture(20), .fixture(50), .fixture(80)])
            #expect(!first.sellerInitiated)
            let second = try #require(timelines.first { $0.conversationID == outcomes[2].conversationID })
            #expect(second.sellerInitiated)
            #expect(second.buyerBlockedAt == .fixture(90))
            let early = try await store.timelines(channel: fixture.channel.id, workspace: fixture.workspace.id, since: .fixture(0), until: .fixture(30))
            #expect(early.first { $0.conversationID == outcomes[0].conversationID }?.entries.count == 2)
        }
    }

    @Test("holiday mode periods open and close; public holidays are replaced per market", arguments: TestEngine.available)
    func holidays(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await store.setHolidayMode(true, channel: fixture.channel.id, workspace: workspace, now: .fixture(0))
            try await store.setHolidayMode(true, channel: fixture.channel.id, workspace: workspace, now: .fixture(10))
            try await store.setHolidayMode(false, channel: fixture.channel.id, workspace: workspace, now: .fixture(100))
            try await store.setHolidayMode(false, channel: fixture.channel.id, workspace: workspace, now: .fixture(200))
            let periods = try await store.holidayModePeriods(channel: fixture.channel.id, workspace: workspace)
            #expect(periods == [HolidayModePeriod(start: .fixture(0), end: .fixture(100))])

            try await store.setPublicHolidays(["2025-09-02", "2025-01-01", "2025-09-02"], market: "VN", workspace: workspace)
            #expect(try await store.publicHolidays(market: "VN", workspace: workspace) == ["2025-01-01", "2025-09-02"])
            try await store.setPublicHolidays(["2025-04-30"], market: "VN", workspace: workspace)
            #expect(try await store.publicHolidays(market: "VN", workspace: workspace) == ["2025-04-30"])
            await #expect(throws: StoreError.self) { try await store.setPublicHolidays(["30/04/2025"], market: "VN", workspace: workspace) }
            let other = try await Fixture.make(store, name: "Other")
            await #expect(throws: StoreError.self) {
                try await store.setHolidayMode(true, channel: fixture.channel.id, workspace: other.workspace.id, now: .fixture(0))
            }
            #expect(try await store.publicHolidays(market: "VN", workspace: other.workspace.id).isEmpty)
        }
    }

    @Test("first responses are reported with the agent who gave them", arguments: TestEngine.available)
    func firstResponses(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let outcome = try await store.ingest([fixture.message("b1", at: 0)], receivedAt: .fixture(1))[0].get()
            _ = try await store.recordReply(to: outcome.conversationID, text: "hello, yes", clientID: nil, by: fixture.owner, now: .fixture(300))
            let records = try await store.firstResponses(for: fixture.owner, from: .fixture(0), to: .fixture(1000))
            #expect(records.count == 1)
            #expect(records.first?.agentID == fixture.owner.id)
            #expect(records.first.map { $0.firstResponseAt.timeIntervalSince($0.firstInboundAt) } == 300)
            #expect(try await store.firstResponses(for: fixture.owner, from: .fixture(301), to: .fixture(1000)).isEmpty)
        }
    }
}
