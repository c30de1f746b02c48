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
            let outcomes = try await store.ingest(
                [
                    fixture.message("b2", at: 50, text: "and the red one?"), fixture.message("b1", at: 0, text: "hi, in stock?"),
                    fixture.message("x1", thread: "t2", buyer: "b2", at: 10), fixture.message("a1", at: 20, text: "auto", sender: .autoReply),
                ], receivedAt: .fixture(60)
            ).map { try $0.get() }
            _ = try await store.recordNote(on: outcomes[0].conversationID, text: "note", by: fixture.owner, now: .fixture(70))
            _ = try await store.recordReply(to: outcomes[0].conversationID, text: "yes", clientID: nil, by: fixture.owner, now: .fixture(80))
            try await store.markSellerInitiated(outcomes[2].conversationID, workspace: fixture.workspace.id)
            let buyer = try await store.conversation(outcomes[2].conversationID, for: fixture.owner).buyerID
            try await store.setBuyerBlocked(true, buyer: buyer, channel: fixture.channel.id, workspace: fixture.workspace.id, now: .fixture(90))

            let timelines = try await store.timelines(
                channel: fixture.channel.id, workspace: fixture.workspace.id, since: .fixture(0), until: .fixture(1000))
            let first = try #require(timelines.first { $0.conversation == outcomes[0].conversationID })
            #expect(
                first.events.map(\.kind) == [
                    .buyerMessage(text: "hi, in stock?"), .sellerMessage(.autoReply, text: "auto"), .buyerMessage(text: "and the red one?"),
                    .sellerMessage(.agent, text: "yes"),
                ])
            #expect(first.events.map(\.at) == [Date.fixture(0), .fixture(20), .fixture(50), .fixture(80)].map(SLATime.milliseconds))
            #expect(!first.events.contains { $0.kind == .sellerInitiated })
            let second = try #require(timelines.first { $0.conversation == outcomes[2].conversationID })
            #expect(second.events.contains { $0.kind == .sellerInitiated })
            #expect(second.events.contains { $0.kind == .buyerBlocked && $0.at == SLATime.milliseconds(.fixture(90)) })
            let early = try await store.timelines(
                channel: fixture.channel.id, workspace: fixture.workspace.id, since: .fixture(0), until: .fixture(30))
            #expect(early.first { $0.conversation == outcomes[0].conversationID }?.events.count == 2)
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
            #expect(periods == [SLAContext.Period(start: .fixture(0), end: .fixture(100))])

            let day = { (text: String) in SLADate(text)! }
            try await store.setPublicHolidays([day("2025-09-02"), day("2025-01-01"), day("2025-09-02")], market: "VN", workspace: workspace)
            #expect(try await store.publicHolidays(market: "VN", workspace: workspace) == [day("2025-01-01"), day("2025-09-02")])
            try await store.setPublicHolidays([day("2025-04-30")], market: "VN", workspace: workspace)
            #expect(try await store.publicHolidays(market: "VN", workspace: workspace) == [day("2025-04-30")])
            // A date that is not YYYY-MM-DD cannot reach the store; the API refuses it (ServiceLevelAPITests).
            #expect(SLADate("30/04/2025") == nil)
            await #expect(throws: ValidationError.self) {
                try await store.setPublicHolidays([day("2025-04-30")], market: "Vietnam", workspace: workspace)
            }
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
